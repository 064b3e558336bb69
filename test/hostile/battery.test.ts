/**
 * The request battery (battery-cases.ts) against the vault example in every adapter, one server
 * each for the whole file: no case crashes a server, every error reply is in the vault's format
 * with a request id, no reply leaks internals, and the four adapters give the same answer.
 * With HOSTILE_TABLE=<path>, writes the table of answers by adapter there (Markdown).
 */
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vaultCatalog } from '../../examples/vault/catalog.js';
import { parseErrorBody } from '../../src/index.js';
import { isSafeRequestId } from '../../src/server/request-id.js';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../src/server/settings.js';
import {
  type RunningVault,
  startVault,
  VAULT_FRAMEWORKS,
  type VaultFramework,
} from '../helpers/vault.js';
import { BATTERY, type BatteryCase } from './battery-cases.js';

/** A reply read off the socket; status 0 when the server closed without one. */
type Reply = { status: number; headers: Record<string, string>; body: string };

/** How long a case may take to be answered (the vault answers at once, but for stalls). */
const REPLY_TIMEOUT_MS = 3000;

/** How long a stalled case may take: the default body timeout (10 s) and a margin. */
const STALL_TIMEOUT_MS = DEFAULT_REQUEST_TIMEOUT_MS + 5000;

/**
 * Write a raw request and read one final response (1xx skipped, HEAD bodiless, chunked
 * decoded). A close or reset before a full response resolves status 0.
 */
function send(
  port: number,
  request: BatteryCase['request'],
  head: boolean,
  timeoutMs = REPLY_TIMEOUT_MS,
): Promise<Reply> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let done = false;
    const finish = (reply: Reply) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(reply);
    };
    const timer = setTimeout(() => finish({ status: -1, headers: {}, body: '' }), timeoutMs);
    const parse = (): Reply | undefined => {
      for (;;) {
        const end = received.indexOf('\r\n\r\n');
        if (end === -1) return undefined;
        const [statusLine = '', ...lines] = received
          .subarray(0, end)
          .toString('latin1')
          .split('\r\n');
        const status = Number(statusLine.split(' ')[1]);
        const headers: Record<string, string> = {};
        for (const line of lines) {
          const colon = line.indexOf(':');
          const name = line.slice(0, colon).trim().toLowerCase();
          const value = line.slice(colon + 1).trim();
          headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
        }
        const rest = received.subarray(end + 4);
        if (status >= 100 && status < 200) {
          received = rest;
          continue;
        }
        if (head || status === 204 || status === 304) return { status, headers, body: '' };
        if (headers['transfer-encoding'] === 'chunked') {
          const body = dechunk(rest);
          return body === undefined ? undefined : { status, headers, body };
        }
        const length = Number(headers['content-length'] ?? '0');
        if (rest.length < length) return undefined;
        return { status, headers, body: rest.subarray(0, length).toString('utf8') };
      }
    };
    socket.on('data', (data: Buffer) => {
      received = Buffer.concat([received, data]);
      const reply = parse();
      if (reply !== undefined) finish(reply);
    });
    const gone = () => finish(parse() ?? { status: 0, headers: {}, body: '' });
    socket.on('close', gone);
    socket.on('error', gone);
    socket.on('connect', () => {
      for (const part of Array.isArray(request) ? request : [request]) {
        socket.write(part as string | Buffer);
      }
    });
  });
}

/** A chunked body decoded, or undefined while incomplete. */
function dechunk(bytes: Buffer): string | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = bytes.indexOf('\r\n', at);
    if (eol === -1) return undefined;
    const size = Number.parseInt(bytes.subarray(at, eol).toString('latin1'), 16);
    if (size === 0) return Buffer.concat(parts).toString('utf8');
    if (bytes.length < eol + 2 + size + 2) return undefined;
    parts.push(bytes.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

/** Whether the case's request line is a HEAD (its reply has no body). */
function isHead(c: BatteryCase): boolean {
  const first = Array.isArray(c.request) ? c.request[0] : c.request;
  return String(first).startsWith('HEAD ');
}

/** Headers whose presence or value is part of the answer every adapter must agree on. */
const RELEVANT =
  /^(allow|retry-after|content-type|content-language|vary|ratelimit.*|x-ratelimit.*)$/;

/** Of those, the headers whose value is compared (not only their presence). */
const COMPARED = new Set(['allow', 'content-type', 'content-language', 'vary']);

/**
 * The codes a reply may carry: the vault's catalog, and those errata answers before any route
 * runs that no role of the vault's catalog stands for (431, 417, 408).
 */
const CODES = new Set<string>([
  ...vaultCatalog.codes,
  'request_header_fields_too_large',
  'expectation_failed',
  'request_timeout',
]);

/** Internals a reply must never show: stack frames, file paths, driver messages. */
const INTERNALS = [/\n\s*at /, /\bat [^\s]+ \(/, /\/work\//, /node:internal/, /\w*Error: /];

/** What an adapter answered, reduced to what must be the same everywhere. */
type Answer = { status: number; code: string; signature: string };

/**
 * Cases where the adapters answer differently for a reason that cannot be fixed at the right
 * depth: case name → adapter → why. Every entry is checked to still differ.
 */
const ALLOWED_DIFFERENCES: Readonly<Record<string, Partial<Record<VaultFramework, string>>>> = {};

const answers = new Map<string, Map<VaultFramework, Answer>>();

function record(c: BatteryCase, framework: VaultFramework, answer: Answer): void {
  let row = answers.get(c.name);
  if (row === undefined) {
    row = new Map();
    answers.set(c.name, row);
  }
  row.set(framework, answer);
}

/** Check one reply, and reduce it to its answer. */
function check(c: BatteryCase, framework: VaultFramework, reply: Reply): Answer {
  const where = `${framework} ${c.name}: ${reply.status} ${reply.body.slice(0, 300)}`;
  expect(reply.status, where).toBeGreaterThan(0);
  if (c.stalls === true) expect(reply.status, where).toBe(408);
  const text = `${JSON.stringify(reply.headers)}\n${reply.body}`;
  for (const internal of INTERNALS) expect(text, where).not.toMatch(internal);
  const id = reply.headers['x-request-id'];
  expect(isSafeRequestId(id), where).toBe(true);
  if (c.echoes !== undefined) expect(id, where).toBe(c.echoes);
  else expect(id, where).toMatch(/^req_[A-Za-z0-9_-]{22}$/);
  if (c.language !== undefined) {
    expect(reply.headers['content-language'], where).toBe(c.language);
    expect(reply.headers.vary, where).toBe('Accept-Language');
  }
  let code = '-';
  if (reply.status >= 400 && !isHead(c)) {
    const format = c.format ?? 'envelope';
    const contentType = format === 'problem' ? 'application/problem+json' : 'application/json';
    expect(reply.headers['content-type'], where).toBe(contentType);
    const error = parseErrorBody({
      status: reply.status,
      headers: reply.headers,
      body: reply.body,
    });
    expect(error.format, where).toBe(format);
    expect(error.requestId, where).toBe(id);
    expect(CODES.has(error.code), where).toBe(true);
    code = error.code;
  }
  const relevant = Object.keys(reply.headers)
    .filter((name) => RELEVANT.test(name))
    .sort()
    // A success body's charset parameter is the framework's, not errata's: compare the type.
    .map((name) => (COMPARED.has(name) ? `${name}=${reply.headers[name]?.split(';')[0]}` : name));
  return { status: reply.status, code, signature: [reply.status, code, ...relevant].join(' ') };
}

describe('the request battery', () => {
  const vaults = new Map<VaultFramework, RunningVault>();
  /** Stalled cases, sent to every adapter at once before anything else: framework → name → reply. */
  const stalled = new Map<VaultFramework, Map<string, Promise<Reply>>>();

  beforeAll(async () => {
    for (const framework of VAULT_FRAMEWORKS) {
      const vault = await startVault(framework);
      vaults.set(framework, vault);
      const replies = new Map<string, Promise<Reply>>();
      for (const c of BATTERY.filter((c) => c.stalls === true)) {
        replies.set(c.name, send(vault.port, c.request, false, STALL_TIMEOUT_MS));
      }
      stalled.set(framework, replies);
    }
  });
  afterAll(async () => {
    for (const vault of vaults.values()) await vault.close();
    const path = process.env.HOSTILE_TABLE;
    if (path !== undefined && path !== '') writeFileSync(path, table());
  });

  it(`has at least 80 cases with unique names (${BATTERY.length})`, () => {
    expect(BATTERY.length).toBeGreaterThanOrEqual(80);
    expect(new Set(BATTERY.map((c) => c.name)).size).toBe(BATTERY.length);
  });

  describe.each(VAULT_FRAMEWORKS)('%s', (framework) => {
    it('answers every case in the vault format, leaks nothing and keeps serving', async () => {
      const vault = vaults.get(framework) as RunningVault;
      const failures: string[] = [];
      for (const c of BATTERY) {
        try {
          const reply =
            c.stalls === true
              ? await stalled.get(framework)?.get(c.name)
              : await send(vault.port, c.request, isHead(c));
          if (reply === undefined) throw new Error(`${c.name}: the stalled request was not sent`);
          record(c, framework, check(c, framework, reply));
        } catch (error) {
          failures.push((error as Error).message);
          record(c, framework, { status: NaN, code: 'failed', signature: 'failed' });
        }
        const health = await send(vault.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', false);
        if (health.status !== 200)
          failures.push(`${framework} ${c.name}: /healthz then answered ${health.status}`);
      }
      expect(failures).toEqual([]);
    });
  });

  it('gives the same answer in every adapter', () => {
    const differences: string[] = [];
    for (const c of BATTERY) {
      const row = answers.get(c.name);
      const node = row?.get('node')?.signature;
      const allowed = ALLOWED_DIFFERENCES[c.name] ?? {};
      for (const framework of VAULT_FRAMEWORKS) {
        const signature = row?.get(framework)?.signature;
        const differs = signature !== node;
        if (allowed[framework] !== undefined) {
          if (!differs) differences.push(`${c.name} (${framework}): allowed to differ but agrees`);
        } else if (differs) {
          differences.push(`${c.name}: ${framework} [${signature}] ≠ node [${node}]`);
        }
      }
    }
    expect(differences).toEqual([]);
  });
});

/** The Markdown table of answers: a row per case, a column per adapter. */
function table(): string {
  const head = `| case | ${VAULT_FRAMEWORKS.join(' | ')} |\n|---|${VAULT_FRAMEWORKS.map(() => '---').join('|')}|\n`;
  let category = '';
  let rows = '';
  for (const c of BATTERY) {
    if (c.category !== category) {
      category = c.category;
      rows += `| **${category}** |${VAULT_FRAMEWORKS.map(() => ' ').join('|')}|\n`;
    }
    const row = answers.get(c.name);
    const cells = VAULT_FRAMEWORKS.map((f) => {
      const a = row?.get(f);
      return a === undefined ? '?' : `${a.status} ${a.code}`;
    });
    rows += `| ${c.name.replaceAll('|', '\\|')} | ${cells.join(' | ')} |\n`;
  }
  return head + rows;
}
