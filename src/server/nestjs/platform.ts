import type { Server } from 'node:http';
import type { HttpAdapterHost } from '@nestjs/core';
import type { Format } from '../../formats/types.js';
import { attachSettings } from '../attach.js';
import { JSON_SUFFIX, jsonParser } from '../json-parser.js';
import { METHODS } from '../router.js';
import type { Settings } from '../settings.js';
import { expressMethods, fastifyMethods, type MethodsOf } from './allow.js';
import { FRAMEWORK_ANSWER, httpHost } from './framework-errors.js';
import { type ModulesLike, pinnedRoutes, pinOfPath } from './pinned-routes.js';
import { assignRequestId } from './request.js';

// What errata/nestjs does to the platform under Nest, once, when the module initialises (after
// Nest registered its routes, before it starts listening): attach errata to the node server
// (what never reaches Nest, request ids before Nest sees a request), and on Fastify install
// errata's JSON parser. It also answers the filter's questions about the platform's routes.

/** `application/<anything>+json`, the structured-syntax JSON types (RFC 6839). */

/** What errata calls on a Fastify instance, without importing fastify. */
type FastifyLike = {
  hasContentTypeParser(type: string | RegExp): boolean;
  removeContentTypeParser(type: string | RegExp): void;
  addContentTypeParser(
    type: string | RegExp,
    options: { parseAs: 'buffer'; bodyLimit: number },
    parser: ReturnType<typeof jsonParser>,
  ): void;
  supportedMethods?: readonly string[];
  hasDecorator(name: symbol): boolean;
  decorate(name: symbol, value: unknown): void;
};

/** What the platform needs of the filter: its `catch`. */
type Catcher = { catch(exception: unknown, host: ReturnType<typeof httpHost>): void };

/**
 * The platform under one Nest application, as errata's filter and module see it.
 * @example new ErrataPlatform(settings, httpAdapterHost, modules, true) // ErrataModule does this
 */
export class ErrataPlatform {
  readonly #settings: Settings;
  readonly #host: HttpAdapterHost;
  readonly #modules: ModulesLike;
  readonly #attach: boolean;
  #methods: MethodsOf | undefined;
  #pins: ReturnType<typeof pinnedRoutes> | undefined;
  #filter: Catcher | undefined;

  constructor(settings: Settings, host: HttpAdapterHost, modules: ModulesLike, attach: boolean) {
    this.#settings = settings;
    this.#host = host;
    this.#modules = modules;
    this.#attach = attach;
  }

  /** The filter answering Fastify's errors before routing (see errataFrameworkErrors). */
  useFilter(filter: Catcher): void {
    this.#filter = filter;
  }

  /** 'express', 'fastify', or whatever else the adapter calls itself. */
  get type(): string {
    return this.#host.httpAdapter?.getType() ?? 'unknown';
  }

  /** Nest's lifecycle hook: prepare the platform (see the top of this file). */
  onModuleInit(): void {
    const adapter = this.#host.httpAdapter;
    if (adapter === undefined || adapter === null) return;
    const instance = adapter.getInstance() as unknown;
    if (this.type === 'express') refuseNestJsonParser(instance);
    if (this.type === 'fastify') {
      const fastify = instance as FastifyLike;
      this.#installJsonParser(fastify);
      if (!fastify.hasDecorator(FRAMEWORK_ANSWER)) {
        fastify.decorate(FRAMEWORK_ANSWER, (error: unknown, request: unknown, reply: unknown) =>
          this.#filter?.catch(error, httpHost(request, reply)),
        );
      }
    }
    const server = adapter.getHttpServer() as Server | undefined;
    if (!this.#attach || server === undefined || typeof server?.on !== 'function') return;
    // Fastify answers parser errors itself (bare JSON, no request id): errata's answer replaces it.
    if (this.type === 'fastify') server.removeAllListeners('clientError');
    const settings = this.#settings;
    attachSettings(server, settings, (req, res) => {
      assignRequestId(settings, req, res);
    });
  }

  /** The methods whose routes match a request target (`url`) and its path. */
  methodsOf(url: string, path: string): Set<string> {
    if (this.#methods === undefined) {
      const instance = this.#host.httpAdapter?.getInstance() as unknown;
      this.#methods =
        this.type === 'fastify'
          ? fastifyMethods(instance, () =>
              ((instance as FastifyLike).supportedMethods ?? []).filter(
                (m) => !(METHODS as readonly string[]).includes(m),
              ),
            )
          : expressMethods(instance);
    }
    return this.#methods(url, path);
  }

  /** The format a route of one of `methods` matching `path` pins with `@ErrataFormat()`. */
  pinOf(path: string, methods: readonly string[]): Format | undefined {
    this.#pins ??= pinnedRoutes(this.#modules, (key, target) => Reflect.getMetadata(key, target));
    return pinOfPath(this.#pins, path, methods);
  }

  #installJsonParser(fastify: FastifyLike): void {
    const { catalog, bodyLimit } = this.#settings;
    const parser = jsonParser(catalog);
    for (const type of ['application/json', JSON_SUFFIX]) {
      if (fastify.hasContentTypeParser(type)) fastify.removeContentTypeParser(type);
      fastify.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit }, parser);
    }
  }
}

/**
 * Nest's Express body parser reads JSON bodies before any route (body-parser, 100 KB, its own
 * messages): errata reads them itself, within `bodyLimit`, after the route's guards. Refused at
 * start-up rather than left to answer differently.
 */
function refuseNestJsonParser(app: unknown): void {
  const stack = (app as { router?: { stack?: unknown } } | null)?.router?.stack;
  if (!Array.isArray(stack)) return;
  const parsing = stack.some(
    (layer) => (layer as { handle?: { name?: unknown } } | null)?.handle?.name === 'jsonParser',
  );
  if (parsing) {
    throw new TypeError(
      "errata: Nest's JSON body parser is on: create the app with NestFactory.create(AppModule, { bodyParser: false }); errata/nestjs parses JSON bodies itself (bodyLimit, 400/413/415 in the catalog's format).",
    );
  }
}
