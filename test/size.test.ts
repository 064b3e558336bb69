import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api-error.js';
import type { Catalog } from '../src/catalog-types.js';
import { parseError } from '../src/client/index.js';
import {
  createClient as createLiteClient,
  Client as LiteClient,
  parseError as parseLite,
} from '../src/client/lite.js';
import { BUILTIN_FORMAT_NAMES } from '../src/formats/builtin-names.js';
import { formats } from '../src/formats/index.js';

// How much errata's client costs a browser app: each entry bundled the way an app's bundler would
// (esbuild: browser, ESM, minified, tree-shaken), sizes in bytes after gzip. The build is
// deterministic for one esbuild version, so these are size budgets, not timing assertions.
//
// Target (issue 13, "Small enough for browsers"): createClient + parseErrorBody at most 10 KB
// min+gzip. Not reached: the universal recogniser (src/parse/**, some 30 vendors' shapes and the
// generic reader) is about 13.7 KB gz on its own, and the client (retries, budget, timeouts,
// redirects, bounded reads) about 6 KB. The budgets below are what the split into parse-only
// format modules reached, with a little room; lower them when a change makes the bundle smaller.
// Issue 14 raised both by about 0.7 KB for a parser 2.5x faster (key-gated shapes, ApiErrors
// without Error's constructor, a cheaper depth count): 23.9 -> 24.7 KB and 15.0 -> 15.7 KB.
// Issue 17 raised both by about 0.8 KB for localized errors (Content-Language and AIP-193
// LocalizedMessage read into `locale`, `createClient({ locale })`): 24.9 -> 25.7 KB, 15.8 -> 16.5 KB.
const FULL_GZ = 25_900; // 25.7 KB when set
const LITE_GZ = 16_700; // 16.5 KB when set

const root = fileURLToPath(new URL('..', import.meta.url));

/** The minified bundle of `contents` (resolved from the repository root) and its inputs. */
async function bundle(contents: string) {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    platform: 'browser',
    metafile: true,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0]?.contents ?? new Uint8Array();
  const inputs = Object.values(result.metafile.outputs).flatMap((o) => Object.keys(o.inputs));
  return { min: output.length, gz: gzipSync(output).length, inputs };
}

/** Modules of the render side: renderers, `.with()` options, member machinery, guides. */
const RENDER_SIDE =
  /^src\/formats\/(?:guides|members|options|define|index|problem|envelope|message|success|laravel|google|jsonapi|stripe)\.ts$/;

describe('bundle size', () => {
  it('keeps createClient + parseErrorBody within its budget', async () => {
    const { gz } = await bundle(
      "export { createClient } from './src/client/index.ts'; export { parseErrorBody } from './src/parse/index.ts';",
    );
    expect(gz).toBeLessThanOrEqual(FULL_GZ);
  });

  it('keeps errata/client/lite within its budget, without the universal shapes or any renderer', async () => {
    const { gz, inputs } = await bundle("export { createClient } from './src/client/lite.ts';");
    expect(gz).toBeLessThanOrEqual(LITE_GZ);
    expect(inputs.filter((file) => RENDER_SIDE.test(file))).toEqual([]);
    // Only errata's own formats: no other vendor's shape, no generic recogniser, no HTML or XML.
    expect(
      inputs.filter((file) => /^src\/parse\/(?:generic\/|html|xml|aws|graphql)/.test(file)),
    ).toEqual([]);
  });

  it('builds no format object at load time in a parser bundle', async () => {
    // The parse-only modules stand alone: `formats.<name>` and its render side are left out.
    const { inputs } = await bundle(
      "export { ERRATA_SHAPES, JSON_SHAPES } from './src/parse/shapes.ts';",
    );
    expect(inputs.filter((file) => RENDER_SIDE.test(file))).toEqual([]);
  });
});

// The lite entry's parser against the full one, on real Responses: what it reads, it reads alike.
describe('errata/client/lite reads errata bodies as errata/client does', () => {
  const error = new ApiError({
    status: 422,
    code: 'validation_failed',
    message: 'Invalid order',
    details: { limit: 3 },
    fields: [{ path: ['items', 0, 'qty'], message: 'must be positive', code: 'too_small' }],
    requestId: 'req_1',
    docUrl: 'https://docs.example.com/errors/validation_failed',
  });

  for (const name of BUILTIN_FORMAT_NAMES) {
    it(`parses a ${name} body like the full recogniser`, async () => {
      const { status, headers, body } = formats[name].render(error, { requestId: 'req_1' });
      const lite = await parseLite(new Response(body, { status, headers }));
      const full = await parseError(new Response(body, { status, headers }));
      expect(lite.format).toBe(name);
      expect(lite.toJSON()).toEqual(full.toJSON());
      expect(lite.message).toBe(full.message);
      expect(lite.fields).toEqual(full.fields);
    });
  }

  it("reads a configured format from the catalog's `format`, like the full one", async () => {
    const envelope = formats.envelope.with({ members: { code: 'kind', request_id: 'requestId' } });
    const { status, headers, body } = envelope.render(error);
    const catalog = { format: envelope, normalize: (e: ApiError) => e } as unknown as Catalog;
    const lite = await parseLite(new Response(body, { status, headers }), { catalog });
    expect(lite.code).toBe('validation_failed');
    expect(lite.requestId).toBe('req_1');
  });

  it("falls back to the status for another vendor's body, keeping the headers' request id", async () => {
    const body = JSON.stringify({ errors: [{ message: 'Bad credentials' }] });
    const response = new Response(body, {
      status: 401,
      headers: { 'content-type': 'application/json', 'x-request-id': 'req_9' },
    });
    const lite = await parseLite(response);
    expect(lite).toMatchObject({ status: 401, code: 'unauthorized', format: 'unknown' });
    expect(lite.requestId).toBe('req_9');
  });

  it('makes a Client of its own, with the same API', () => {
    const client = createLiteClient({ baseUrl: 'https://api.example.com' });
    expect(client).toBeInstanceOf(LiteClient);
    expect(typeof client.get).toBe('function');
    expect(client.is(error, 'validation_failed')).toBe(true);
  });
});
