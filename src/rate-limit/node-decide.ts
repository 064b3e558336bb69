/**
 * The rate-limit step of the adapters on node:http requests (errata/node, Express, Koa, NestJS):
 * decide, put the headers on the response, raise a refusal. Shapes only, no Node import.
 */
import type { HeaderSource } from './keys.js';
import type { Decide } from './middleware.js';

/** What is read of a node:http request: its peer and its headers. */
export type NodeRequestLike = {
  readonly socket?: { readonly remoteAddress?: string | undefined } | null | undefined;
  readonly headers: HeaderSource;
};

/** What is written on a node:http response. */
export type NodeResponseLike = {
  readonly headersSent: boolean;
  setHeader(name: string, value: string): unknown;
};

/**
 * Decide `request` (the framework's own: `by` and `key` read it) for the node:http pair under it,
 * put the decision's headers on the response (success and error alike) unless it has started,
 * and reject with the refusal; resolves when the request may go on.
 * @example await decideOnNode(decide, ctx, ctx.req, ctx.res); await next();
 */
export async function decideOnNode<R>(
  decide: Decide<R>,
  request: R,
  req: NodeRequestLike,
  res: NodeResponseLike,
): Promise<void> {
  const decision = await decide(request, () => ({
    remoteAddress: req.socket?.remoteAddress,
    headers: req.headers,
  }));
  if (decision === undefined) return;
  if (!res.headersSent) {
    for (const name of Object.keys(decision.headers)) {
      res.setHeader(name, decision.headers[name] as string);
    }
  }
  if (!decision.allowed) throw decision.error;
}
