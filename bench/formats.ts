/**
 * Render and parse cost of every wire format, side by side with the limit (JSON.stringify of the
 * same body built by hand) and with what people use today (http-errors plus a hand-written body,
 * @hapi/boom's payload). Run: npm run bench:formats
 */
import Boom from '@hapi/boom';
import createHttpError from 'http-errors';
import {
  FORMAT_NAMES,
  type FormatName,
  formats,
  parseErrorBody,
  renderError,
} from '../src/index.js';
import { formatsCatalog, formatsContext } from './bench-catalog.js';
import { consume, fmt, measure } from './harness.js';
import { benchRow } from './json-rows.js';
import { localizedRender } from './localized-render.js';

const catalog = formatsCatalog;
const { requestId, timestamp } = formatsContext;
const ctx = formatsContext;
const T = 'type.googleapis.com/google.rpc.';

/** The same body as errata renders, built by hand: the floor for each format. */
const handBuilt: Record<FormatName, (name: string) => unknown> = {
  problem: (name) => ({
    type: 'https://api.example.com/errors/secret_not_found',
    title: 'Secret not found',
    status: 404,
    detail: `Secret '${name}' not found`,
    code: 'secret_not_found',
    request_id: requestId,
    name,
  }),
  envelope: (name) => ({
    error: {
      code: 'secret_not_found',
      message: `Secret '${name}' not found`,
      details: { name },
      request_id: requestId,
    },
  }),
  message: (name) => ({ message: `Secret '${name}' not found` }),
  success: (name) => ({
    success: false,
    error: { code: 'secret_not_found', message: `Secret '${name}' not found` },
    meta: { requestId, timestamp },
  }),
  laravel: (name) => ({ message: `Secret '${name}' not found` }),
  google: (name) => ({
    error: {
      code: 404,
      message: `Secret '${name}' not found`,
      status: 'NOT_FOUND',
      details: [
        {
          '@type': `${T}ErrorInfo`,
          reason: 'SECRET_NOT_FOUND',
          domain: 'errata',
          metadata: { name },
        },
        { '@type': `${T}RequestInfo`, requestId, servingData: '' },
      ],
    },
  }),
  jsonapi: (name) => ({
    errors: [
      {
        status: '404',
        code: 'secret_not_found',
        title: 'Secret not found',
        detail: `Secret '${name}' not found`,
        meta: { name },
      },
    ],
    meta: { request_id: requestId },
  }),
  stripe: (name) => ({
    error: {
      type: 'invalid_request_error',
      code: 'secret_not_found',
      message: `Secret '${name}' not found`,
    },
  }),
};

// Check first that the hand-built bodies are byte-identical to errata's, or the ratio means nothing.
for (const name of FORMAT_NAMES) {
  const ours = renderError(catalog.error('secret_not_found', { name: 'db' }), {
    ...ctx,
    format: name,
  }).body;
  const theirs = JSON.stringify(handBuilt[name]('db'));
  if (ours !== theirs)
    throw new Error(`bench: hand-built ${name} body differs:\n${ours}\n${theirs}`);
}

const names = ['db', 'api-key', 'stripe.live', 'redis_url'];
let i = 0;
const next = () => names[i++ & 3] as string;

console.log(
  `# bench:formats — node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`,
);
console.log(
  '## Render a 404 with details and a request id (ns per response; ratio = errata / hand-built)\n',
);
console.log(
  'The error exists already (it was thrown); rendering builds the body and headers from it.\n',
);
console.log(
  '| format | hand-built JSON.stringify | errata format.render | ratio | renderError (lookup + render) | ratio |',
);
console.log('|---|---:|---:|---:|---:|---:|');
const prebuilt = names.map((name) => catalog.error('secret_not_found', { name }));
let j = 0;
const nextError = () => prebuilt[j++ & 3] as (typeof prebuilt)[number];
const renderRatios: number[] = [];
for (const name of FORMAT_NAMES) {
  const format = formats[name];
  const build = handBuilt[name];
  const options = { ...ctx, format: name }; // built once, as an app does
  const r = measure({
    hand: () => JSON.stringify(build(next())),
    direct: () => format.render(nextError(), ctx),
    errata: () => renderError(nextError(), options),
  });
  const hand = r.hand as number;
  renderRatios.push((r.direct as number) / hand);
  // Issue 14: format.render within 1.2x of the hand-built body.
  benchRow(
    {
      bench: 'formats',
      case: `render ${name}`,
      errata: r.direct as number,
      peer: hand,
      unit: 'ns',
      target: 1 / 1.2,
    },
    true,
  );
  console.log(
    `| ${name} | ${fmt(hand, 0)} | ${fmt(r.direct as number, 0)} | ${fmt((r.direct as number) / hand)}x | ${fmt(r.errata as number, 0)} | ${fmt((r.errata as number) / hand)}x |`,
  );
}
console.log(
  `\nWorst render ratio (format.render): ${fmt(Math.max(...renderRatios))}x (target ≤ 1.2x).\n`,
);

localizedRender();

console.log('## Create and render, against what people use today (ns per error, envelope body)\n');
const peers = measure({
  'errata catalog.error + renderError': () =>
    renderError(catalog.error('secret_not_found', { name: next() }), { ...ctx, format: 'envelope' })
      .body,
  'http-errors + hand-written body': () => {
    const name = next();
    const e = createHttpError(404, `Secret '${name}' not found`);
    return JSON.stringify({
      error: {
        code: 'secret_not_found',
        message: e.message,
        details: { name },
        request_id: requestId,
      },
    });
  },
  '@hapi/boom + JSON.stringify(output.payload)': () =>
    JSON.stringify(Boom.notFound(`Secret '${next()}' not found`).output.payload),
});
const base = peers['errata catalog.error + renderError'] as number;
for (const [k, v] of Object.entries(peers)) {
  if (k === 'errata catalog.error + renderError') continue;
  benchRow(
    {
      bench: 'formats',
      case: `create and render vs ${k}`,
      errata: base,
      peer: v,
      unit: 'ns',
      target: 1,
    },
    true,
  );
}
console.log('| path | ns | ratio to errata |');
console.log('|---|---:|---:|');
for (const [k, v] of Object.entries(peers))
  console.log(`| ${k} | ${fmt(v, 0)} | ${fmt(v / base)}x |`);
console.log('');

console.log('## Parse and detect (ns per body, including JSON.parse; floor = JSON.parse alone)\n');
console.log('| format | JSON.parse alone | parseErrorBody | detected as |');
console.log('|---|---:|---:|---|');
let worst = 0;
const overs: number[] = [];
for (const name of FORMAT_NAMES) {
  const rendered = renderError(catalog.error('secret_not_found', { name: 'db' }), {
    ...ctx,
    format: name,
  });
  const input = { status: rendered.status, headers: rendered.headers, body: rendered.body };
  const detected = parseErrorBody(input).format;
  const r = measure({ floor: () => JSON.parse(input.body), errata: () => parseErrorBody(input) });
  worst = Math.max(worst, r.errata as number);
  const over = (r.errata as number) - (r.floor as number);
  overs.push(over);
  // Issue 14: what parsing adds to JSON.parse at most 500 ns. Ratio: the budget over the cost.
  benchRow({
    bench: 'formats',
    case: `parse ${name}`,
    errata: over,
    peer: r.floor as number,
    unit: 'ns over JSON.parse',
    ratio: 500 / over,
    target: 1,
  });
  console.log(
    `| ${name} | ${fmt(r.floor as number, 0)} | ${fmt(r.errata as number, 0)} | ${detected} |`,
  );
}
console.log(
  `\nSlowest parse: ${fmt(worst / 1000, 3)} µs; most added to JSON.parse: ${fmt(Math.max(...overs) / 1000, 3)} µs (target ≤ 0.5 µs).`,
);
consume(undefined);
