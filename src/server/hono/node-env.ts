/**
 * What errata/hono reads of @hono/node-server's `env` (the raw node:http request and response),
 * No Node built-ins: only shapes are checked.
 */

/** The part of node:http's response used: @hono/node-server passes it as `env.outgoing`. */
export type Outgoing = { setHeader(name: string, value: string): unknown };

/** @hono/node-server's `env`, as errata uses it: the raw request's headers, the response. */
export type NodeServerEnv = { headers: Record<string, unknown>; outgoing: Outgoing };

/**
 * @hono/node-server's `env` (`c.env`, or fetch's second argument), or undefined on any other
 * runtime or when it does not look like node-server's.
 * @example const raw = nodeServerEnv(c.env)?.headers['x-request-id'];
 */
export function nodeServerEnv(env: unknown): NodeServerEnv | undefined {
  if (typeof env !== 'object' || env === null) return undefined;
  const { incoming, outgoing } = env as { incoming?: { headers?: unknown }; outgoing?: unknown };
  const headers = incoming?.headers;
  if (typeof headers !== 'object' || headers === null) return undefined;
  if (typeof (outgoing as Outgoing | undefined)?.setHeader !== 'function') return undefined;
  return { headers: headers as Record<string, unknown>, outgoing: outgoing as Outgoing };
}
