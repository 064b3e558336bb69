import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

/**
 * One request of a probe. Header values go on the wire byte for byte (UTF-8), CR, LF and control
 * characters included: fetch and node:http refuse to send them, and a hostile client does.
 */
export type RawRequest = {
  method: string;
  /** Request target: path and query, as sent. */
  target: string;
  headers: readonly (readonly [name: string, value: string])[];
  /** Body bytes; `Content-Length` is set from its length. */
  body?: Buffer | undefined;
};

/** A response as read off the socket. */
export type RawResponse = {
  status: number;
  /** Lower-case names; a header sent several times is joined with `, `. */
  headers: Record<string, string>;
  /** The body decoded as UTF-8 (chunked transfer coding removed), at most MAX_BODY bytes. */
  body: string;
};

/** What came back: a response, nothing in time, or a broken connection. */
export type Outcome =
  | { kind: 'response'; response: RawResponse }
  | { kind: 'timeout' }
  | { kind: 'error'; message: string };

/** Bytes of a response body kept; past this the response counts as complete. */
const MAX_BODY = 4 * 1024 * 1024;
/** Bytes of request body written per write, so an early answer stops the upload soon. */
const WRITE_CHUNK = 64 * 1024;

/**
 * Send one request over a fresh connection (`Connection: close`) and read one response. Never
 * rejects: a server that does not answer within `timeoutMs` is a `timeout`, a reset before a
 * whole response an `error`. A server that answers before reading the whole body (a 413) is
 * heard: writing stops and later write errors are ignored.
 * @example const outcome = await sendRaw(new URL('http://127.0.0.1:3000'), { method: 'GET', target: '/x', headers: [] }, 10_000);
 */
export function sendRaw(base: URL, request: RawRequest, timeoutMs: number): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    const secure = base.protocol === 'https:';
    const port = Number(base.port || (secure ? 443 : 80));
    const host = base.hostname.replace(/^\[|\]$/g, '');
    const socket: Socket = secure
      ? connectTls({ host, port, servername: isIp(host) ? '' : host })
      : connectTcp({ host, port });
    const reader = new ResponseReader(request.method === 'HEAD');
    let settled = false;
    const settle = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    let connected = false;
    // A server that never accepts the connection is unreachable, not hanging.
    const timer = setTimeout(
      () =>
        settle(
          connected
            ? { kind: 'timeout' }
            : { kind: 'error', message: `could not connect within ${timeoutMs} ms (ETIMEDOUT)` },
        ),
      timeoutMs,
    );
    socket.on(secure ? 'secureConnect' : 'connect', () => {
      connected = true;
      void writeRequest(socket, request, () => settled || reader.done() !== undefined);
    });
    socket.on('data', (chunk: Buffer) => {
      const response = reader.push(chunk);
      if (response !== undefined) settle({ kind: 'response', response });
    });
    const onGone = (error?: Error) => {
      const response = reader.end();
      if (response !== undefined) settle({ kind: 'response', response });
      else settle({ kind: 'error', message: goneMessage(reader.started(), error) });
    };
    socket.on('end', () => onGone());
    socket.on('close', () => onGone());
    socket.on('error', (error) => onGone(error));
  });
}

function goneMessage(started: boolean, error: Error | undefined): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const why = code ?? error?.message ?? 'closed';
  return started
    ? `the connection ended in the middle of the response (${why})`
    : `the connection ended without a response (${why})`;
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

/** Head and body, the body in chunks with backpressure, stopping once `stop()` says so. */
async function writeRequest(socket: Socket, request: RawRequest, stop: () => boolean) {
  const lines = [`${request.method} ${request.target} HTTP/1.1`];
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  if (request.body !== undefined) lines.push(`Content-Length: ${request.body.length}`);
  // With a body the connection stays keep-alive: a server that answers early (404, 413) and
  // closes while the client is still uploading makes the kernel reset the connection, and the
  // reset can destroy the answer before it is read. Keep-alive lets the server drain the body.
  if (request.body === undefined) lines.push('Connection: close');
  lines.push('', '');
  socket.write(Buffer.from(lines.join('\r\n'), 'utf8'));
  const body = request.body;
  if (body === undefined) return;
  for (let offset = 0; offset < body.length && !stop(); offset += WRITE_CHUNK) {
    if (socket.destroyed || !socket.writable) return;
    const more = socket.write(body.subarray(offset, offset + WRITE_CHUNK));
    if (!more) {
      await new Promise<void>((resolve) => {
        const done = () => {
          socket.off('drain', done);
          socket.off('close', done);
          resolve();
        };
        socket.on('drain', done);
        socket.on('close', done);
      });
    }
  }
}

/** Incremental HTTP/1.1 response parser: Content-Length, chunked, or read-until-close bodies. */
class ResponseReader {
  #buffer = Buffer.alloc(0);
  #head: { status: number; headers: Record<string, string>; bodyStart: number } | undefined;
  #result: RawResponse | undefined;
  readonly #noBody: boolean;

  constructor(noBody: boolean) {
    this.#noBody = noBody;
  }

  started(): boolean {
    return this.#buffer.length > 0;
  }

  done(): RawResponse | undefined {
    return this.#result;
  }

  push(chunk: Buffer): RawResponse | undefined {
    if (this.#result !== undefined) return this.#result;
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    return this.#parse(false);
  }

  /** The connection ended: a read-until-close body is complete now, anything else is cut. */
  end(): RawResponse | undefined {
    return this.#result ?? this.#parse(true);
  }

  #parse(closed: boolean): RawResponse | undefined {
    while (this.#head === undefined) {
      const end = this.#buffer.indexOf('\r\n\r\n');
      if (end === -1) return undefined;
      const [statusLine = '', ...lines] = this.#buffer
        .subarray(0, end)
        .toString('latin1')
        .split('\r\n');
      const status = Number(/^HTTP\/\d(?:\.\d)? (\d{3})/.exec(statusLine)?.[1] ?? Number.NaN);
      if (!Number.isInteger(status)) return undefined;
      // An interim 1xx (100 Continue) is followed by the real response.
      if (status < 200) {
        this.#buffer = this.#buffer.subarray(end + 4);
        continue;
      }
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon <= 0) continue;
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
      }
      this.#head = { status, headers, bodyStart: end + 4 };
    }
    const { status, headers, bodyStart } = this.#head;
    const rest = this.#buffer.subarray(bodyStart);
    const finish = (body: Buffer) => {
      this.#result = { status, headers, body: body.toString('utf8') };
      return this.#result;
    };
    if (this.#noBody || status === 204 || status === 304) return finish(Buffer.alloc(0));
    if (/\bchunked\b/i.test(headers['transfer-encoding'] ?? '')) {
      const decoded = dechunk(rest);
      // A chunked body cut by the close stays incomplete: the caller reports it.
      return decoded === undefined ? undefined : finish(decoded);
    }
    const length = headers['content-length'];
    if (length !== undefined && /^\d+$/.test(length)) {
      const wanted = Math.min(Number(length), MAX_BODY);
      if (rest.length >= wanted) return finish(rest.subarray(0, wanted));
      return undefined;
    }
    if (closed || rest.length >= MAX_BODY) return finish(rest.subarray(0, MAX_BODY));
    return undefined;
  }
}

/** The body of a complete chunked message, or undefined while the last chunk is missing. */
function dechunk(data: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let offset = 0;
  let total = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', offset);
    if (lineEnd === -1) return undefined;
    const size = Number.parseInt(data.subarray(offset, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size < 0) return Buffer.concat(parts);
    if (size === 0) return Buffer.concat(parts);
    const start = lineEnd + 2;
    if (data.length < start + size + 2) {
      // Past the cap the body is as complete as it will be looked at.
      return total + data.length - start >= MAX_BODY
        ? Buffer.concat([...parts, data.subarray(start)])
        : undefined;
    }
    parts.push(data.subarray(start, start + size));
    total += size;
    offset = start + size + 2;
  }
}
