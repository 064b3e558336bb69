import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import { type RunningServer, startServer } from '../helpers/server.js';

/** One request as the server saw it. */
export type Hit = { method: string; url: string; headers: IncomingHttpHeaders; body: string };

/** How the server answers one request. */
export type Step = (req: IncomingMessage, res: ServerResponse) => void;

/** A server answering its n-th request with the n-th step (the last step repeats). */
export type ScriptedServer = RunningServer & { hits: Hit[] };

/**
 * Start a server on 127.0.0.1:0 that plays `steps` in order and records every request it got.
 * @example const server = await scripted([status(503), status(503), json(200, { ok: true })]);
 */
export async function scripted(steps: readonly Step[]): Promise<ScriptedServer> {
  const hits: Hit[] = [];
  const server = await startServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const step = steps[Math.min(hits.length, steps.length) - 1];
      step?.(req, res);
    });
  });
  return Object.assign(server, { hits });
}

/** An errata envelope error with this status (and code), plus headers. */
export function status(
  code: number,
  headers: Record<string, string> = {},
  errorCode?: string,
): Step {
  return (_req, res) => {
    const body = JSON.stringify({
      error: { code: errorCode ?? `status_${code}`, message: `status ${code}` },
    });
    res.writeHead(code, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };
}

/** A JSON answer. */
export function json(code: number, body: unknown, headers: Record<string, string> = {}): Step {
  return (_req, res) => {
    res.writeHead(code, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
}

/** Cut the connection after the request arrived: the client sent it and hears nothing back. */
export const destroy: Step = (req) => {
  req.socket.destroy();
};

/** Never answer. */
export const hang: Step = () => {};

/** A port nothing listens on: taken from the OS, then released. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
