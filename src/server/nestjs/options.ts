import type { IncomingMessage } from 'node:http';
import type { Catalog } from '../../catalog-types.js';
import type { ErrataOptions } from '../settings.js';

/**
 * Options of `ErrataModule.forRoot()`: errata's server options, plus whether to attach to the
 * node server. An option given as `undefined` takes its default, exactly like one left out.
 * @example const options: ErrataNestOptions = { catalog, format: 'problem', attach: true };
 */
export type ErrataNestOptions = ErrataOptions & {
  /**
   * Whether the module attaches errata to the application's node:http server when it
   * initialises (`attachServer`): requests Node's parser refuses, a missing Host, `OPTIONS *`,
   * dot segments, two Content-Types, stalled headers or bodies and CONNECT are answered in the
   * app's format, and every request gets its id before Nest sees it. On Fastify, Fastify's own
   * `clientError` answer is replaced. Turn it off when the server is shared with something
   * that must see such requests; the interceptor and filter then set request ids.
   * @default true
   * @example attach: false
   */
  attach?: boolean | undefined;
};

/**
 * What `@Inject(ERRATA)` gives: the module's catalog and the request id of a request.
 * @example constructor(@Inject(ERRATA) private readonly errata: ErrataNest) {}
 */
export type ErrataNest = {
  /** The catalog the module answers with. */
  readonly catalog: Catalog;
  /**
   * The request id of a request (Express's `req`, Fastify's `request` or a raw one), resolved
   * now when nothing did yet.
   * @example logger.info({ requestId: errata.requestIdOf(req) }, 'created');
   */
  requestIdOf(request: IncomingMessage | { raw: IncomingMessage }): string;
};
