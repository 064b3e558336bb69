import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';

/** A server listening on 127.0.0.1 and a port the OS picked. */
export type RunningServer = {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  port: number;
  server: Server;
  /** Stop listening and drop every open connection. */
  close(): Promise<void>;
};

/** Something that serves requests and installs itself on a server: an errata/node app. */
export type AttachableApp = {
  handler: RequestListener;
  attach<S extends Server>(server: S): S;
};

/**
 * Start a node:http server on 127.0.0.1:0: around a listener, an errata/node app (attached, so
 * its clientError handler answers requests Node's parser refuses) or a ready server.
 * @example const { url, close } = await startServer(app);
 */
export async function startServer(
  listener: RequestListener | AttachableApp | Server,
): Promise<RunningServer> {
  const server =
    typeof listener === 'function'
      ? createServer(listener)
      : 'attach' in listener
        ? listener.attach(createServer(listener.handler))
        : listener;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What `startFastify` needs of a Fastify instance (types only: fastify is a peer). */
export type ListenableFastify = {
  readonly server: Server;
  listen(options: { port: number; host: string }): Promise<string>;
  close(): PromiseLike<undefined> | Promise<void>;
};

/**
 * Listen a Fastify instance on 127.0.0.1:0 (it makes its own server, so `startServer` cannot);
 * `close` drops open connections first, like `startServer`'s.
 * @example const { url, close } = await startFastify(app);
 */
export async function startFastify(app: ListenableFastify): Promise<RunningServer> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server: app.server,
    close: async () => {
      app.server.closeAllConnections();
      await app.close();
    },
  };
}

/** A response read off a raw socket. */
export type RawResponse = {
  status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: string;
  /** Whether the server closed the connection after the response. */
  closedByServer: boolean;
};

/**
 * Send bytes over a raw TCP socket (for what fetch refuses to send: odd header bytes, lying
 * `Content-Length`, bodies that never end) and read one response. The socket is not ended
 * after writing, so the server cannot mistake the end of input for the end of the body.
 * Resolves once a whole response (headers and `Content-Length` bytes) arrived.
 */
export function rawRequest(port: number, data: string | Buffer | readonly (string | Buffer)[]) {
  return new Promise<RawResponse>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let parsed: Omit<RawResponse, 'closedByServer'> | undefined;
    let settled = false;
    const finish = (closedByServer: boolean) => {
      if (settled || parsed === undefined) return;
      settled = true;
      resolve({ ...parsed, closedByServer });
    };
    const tryParse = () => {
      const text = received.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end === -1) return;
      const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
      }
      const length = Number(headers['content-length'] ?? '0');
      const bodyBytes = received.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1'));
      if (bodyBytes.length < length) return;
      parsed = {
        status: Number(statusLine.split(' ')[1]),
        headers,
        body: bodyBytes.subarray(0, length).toString('utf8'),
      };
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (parsed === undefined) tryParse();
      // Wait for the close only when the server said it will close.
      if (parsed !== undefined && parsed.headers.connection !== 'close') {
        finish(false);
        socket.destroy();
      }
    });
    const onGone = () => {
      if (parsed === undefined) tryParse();
      if (parsed !== undefined) finish(true);
      else if (!settled) {
        settled = true;
        reject(new Error(`connection closed without a full response: ${received.toString()}`));
      }
    };
    socket.on('end', onGone);
    socket.on('close', onGone);
    socket.on('error', (error) => {
      if (parsed !== undefined) finish(true);
      else if (!settled) {
        settled = true;
        reject(error);
      }
    });
    socket.on('connect', () => {
      for (const part of Array.isArray(data) ? data : [data]) socket.write(part as string | Buffer);
    });
  });
}
