import { describe, expect, it } from 'vitest';
import type { CheckName } from '../../../src/cli/check/findings.js';
import { cli } from '../../helpers/cli.js';
import { type Fault, startBrokenServer } from './fixtures/broken-server.js';

type JsonReport = {
  ok: boolean;
  findings: number;
  probes: {
    probe: string;
    method: string;
    target: string;
    status: number | null;
    findings: { check: CheckName; message: string }[];
  }[];
};

const ROUTE = 'PUT:/v1/things/probe';

/** Run `errata check` on the broken server with one fault: the text report and the JSON one. */
async function check(fault: Fault | undefined, extra: string[] = []) {
  const server = await startBrokenServer(fault);
  try {
    const args = ['check', server.url, '--catalog', 'examples/vault/catalog.ts'];
    args.push('--wire', 'envelope', '--route', ROUTE, ...extra);
    const text = await cli(args);
    const json = await cli([...args, '--json']);
    expect(text.stderr).toBe('');
    expect(json.code).toBe(text.code);
    const report = JSON.parse(json.stdout) as JsonReport;
    /** `probe METHOD target` -> the checks that failed there. */
    const failed = Object.fromEntries(
      report.probes
        .filter((p) => p.findings.length > 0)
        .map((p) => [
          `${p.probe} ${p.method} ${p.target}`,
          [...new Set(p.findings.map((f) => f.check))],
        ]),
    );
    return { code: text.code, stdout: text.stdout, report, failed };
  } finally {
    await server.close();
  }
}

const UNKNOWN = '/errata-check/does-not-exist';
/** Every probe of the battery that asks for an unknown path (the rest hit `/` or the route). */
const ON_UNKNOWN_PATH = [
  `unknown-path GET ${UNKNOWN}`,
  `problem-json GET ${UNKNOWN}`,
  `malformed-json POST ${UNKNOWN}`,
  `wrong-content-type POST ${UNKNOWN}`,
  `oversized-body POST ${UNKNOWN}`,
  ...['long', 'markup', 'tab', 'unicode', 'encoded-crlf', 'duplicate'].map(
    (n) => `request-id-${n} GET ${UNKNOWN}`,
  ),
];

// Each case sends the battery twice (text and JSON); the first also loads the catalog module.
describe('errata check against a broken server', { timeout: 120_000 }, () => {
  it('passes the server without a fault (so each fault below is what fails)', async () => {
    const { code, stdout, report } = await check(undefined);
    expect(stdout).toContain('17 probes, 0 failed, 0 findings.');
    expect(report).toMatchObject({ ok: true, findings: 0 });
    expect(code).toBe(0);
  });

  it('catches a stack trace in a 500 body', async () => {
    const { code, stdout, failed } = await check('stack-trace');
    expect(code).toBe(1);
    expect(failed).toEqual({ 'malformed-json PUT /v1/things/probe': ['server-error', 'leak'] });
    expect(stdout).toMatch(/malformed-json \(PUT \/v1\/things\/probe\): leak: stack trace: at /);
  });

  it('catches an echoed hostile X-Request-ID', async () => {
    const { code, stdout, failed } = await check('echo-request-id');
    expect(code).toBe(1);
    const echoed = ['request-id-unsafe', 'request-id-echoed'];
    expect(failed).toEqual({
      [`request-id-long GET ${UNKNOWN}`]: echoed,
      [`request-id-markup GET ${UNKNOWN}`]: echoed,
      [`request-id-tab GET ${UNKNOWN}`]: echoed,
      [`request-id-unicode GET ${UNKNOWN}`]: echoed,
      [`request-id-duplicate GET ${UNKNOWN}`]: echoed,
    });
    expect(stdout).toContain('request-id-echoed: X-Request-ID echoes the hostile value');
  });

  it('catches errors without X-Request-ID', async () => {
    const { code, stdout, failed } = await check('no-request-id');
    expect(code).toBe(1);
    // The one probe Node's parser refuses is answered by errata's clientError handler.
    const probes = Object.keys(failed);
    expect(probes).toHaveLength(16);
    expect(probes).not.toContain(`request-id-control GET ${UNKNOWN}`);
    expect(Object.values(failed).every((checks) => checks.join() === 'request-id-missing')).toBe(
      true,
    );
    expect(stdout).toContain('request-id-missing: no X-Request-ID');
  });

  it('catches a 429 without Retry-After', async () => {
    const { code, stdout, failed } = await check('no-retry-after');
    expect(code).toBe(1);
    expect(failed).toEqual({
      'wrong-method PATCH /': ['retry-after'],
      'wrong-method PATCH /v1/things/probe': ['retry-after'],
    });
    expect(stdout).toContain('retry-after: a 429 without Retry-After');
  });

  it('catches a code the catalog does not have', async () => {
    const { code, stdout, failed } = await check('uncataloged-code');
    expect(code).toBe(1);
    expect(failed).toEqual(Object.fromEntries(ON_UNKNOWN_PATH.map((p) => [p, ['unknown-code']])));
    expect(stdout).toContain('unknown-code: code "route_missing" is not in the catalog');
  });

  it("catches a status other than the catalog's", async () => {
    const { code, stdout, failed } = await check('wrong-status');
    expect(code).toBe(1);
    expect(failed).toEqual(Object.fromEntries(ON_UNKNOWN_PATH.map((p) => [p, ['code-status']])));
    expect(stdout).toContain('code-status: invalid_request has status 400 in the catalog, not 404');
  });

  it("catches details that break the code's schema", async () => {
    const { code, stdout, failed } = await check('bad-details');
    expect(code).toBe(1);
    // problem-json too: a problem body carries the details as sent, and is held to the schema.
    expect(failed).toEqual(Object.fromEntries(ON_UNKNOWN_PATH.map((p) => [p, ['details']])));
    expect(stdout).toMatch(
      /unknown-path \(GET \S+\): details: secret_not_found details do not match the catalog: name: /,
    );
  });

  it('catches a body not in the wire format', async () => {
    const { code, stdout, failed } = await check('wrong-format');
    expect(code).toBe(1);
    // problem-json fails too: the home-made body ignores Accept.
    expect(failed).toEqual(
      Object.fromEntries(
        ON_UNKNOWN_PATH.map((p) => [
          p,
          p.startsWith('problem-json') ? ['wire-format', 'content-type'] : ['wire-format'],
        ]),
      ),
    );
    expect(stdout).toMatch(
      /unknown-path \(GET \S+\): wire-format: the body is not an errata wire format/,
    );
  });

  it('catches errors of a translated catalog without Content-Language', async () => {
    const { code, stdout, failed } = await check('no-content-language');
    expect(code).toBe(1);
    // Every error the server renders itself; the one Node's parser refuses goes to errata's
    // clientError handler, which says its language.
    const probes = Object.keys(failed);
    expect(probes).toHaveLength(16);
    expect(probes).not.toContain(`request-id-control GET ${UNKNOWN}`);
    expect(Object.values(failed).every((checks) => checks.join() === 'content-language')).toBe(
      true,
    );
    expect(stdout).toContain(
      'content-language: no Content-Language, though the catalog answers in en, de, fr',
    );
  });

  it('catches a hang on an oversized body', async () => {
    // The run waits out the timeout twice (text and JSON): a second, yet far above the few
    // milliseconds the other probes of the battery take here.
    const { code, stdout, failed } = await check('hang-on-large-body', ['--timeout', '1000']);
    expect(code).toBe(1);
    expect(failed).toEqual({ 'oversized-body PUT /v1/things/probe': ['timeout'] });
    expect(stdout).toContain(
      'oversized-body (PUT /v1/things/probe): timeout: no response within 1000 ms',
    );
    expect(stdout).toMatch(/oversized-body +PUT \/v1\/things\/probe +- +- +- +FAIL +timeout\n/);
  });
});
