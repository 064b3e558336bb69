import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

/** How long a closing connection keeps reading (and dropping) a body nobody wanted, in ms. */
export const LINGER_MS = 2000;

const lingering = new WeakSet<Socket>();

/**
 * Close gently when an answer goes out before the request body was read (a 413, a 404 to an
 * upload): Node closes a `Connection: close` socket at once, and bytes the client is still
 * sending then make the kernel reset the connection, which can destroy the answer before the
 * client reads it. Instead the socket half-closes and keeps reading and dropping the body for
 * `LINGER_MS` (RFC 9112 §9.6, "lingering close"). Nothing happens for a body already read.
 * @example if (!req.complete) lingerOnClose(req); send(res, rendered);
 */
export function lingerOnClose(req: IncomingMessage): void {
  const socket = req.socket as (Socket & { destroySoon?: () => void }) | null;
  if (req.complete || socket === null || socket.destroyed || lingering.has(socket)) return;
  if (typeof socket.destroySoon !== 'function') return;
  lingering.add(socket);
  // Node's HTTP server calls destroySoon() after the last response of a closing connection.
  socket.destroySoon = function lingeringClose(this: Socket) {
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    timer.unref();
    this.once('close', () => clearTimeout(timer));
    // The client saw the answer and the FIN: once it stops sending, the socket can go.
    this.once('end', () => this.destroy());
    req.resume();
    if (this.writable) this.end();
  };
}
