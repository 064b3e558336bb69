import type { IncomingMessage, ServerResponse } from 'node:http';
import { negotiateFormat } from '../../formats/index.js';
import type { Format, FormatName } from '../../formats/types.js';
import type { StandardSchemaV1 } from '../../standard-schema.js';
import { readJson } from '../body.js';
import type { Settings } from '../settings.js';
import { validate } from '../validate.js';
import type { Context, Resolved } from './handler.js';

/**
 * What a handler gets, as a class: its methods live on the prototype, so a request allocates one
 * object instead of an object and a closure per method.
 */
export class RequestContext implements Context {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  readonly path: string;
  readonly params: Record<string, string>;
  readonly requestId: string;
  readonly #search: string;
  readonly #settings: Settings;
  readonly #limit: number;
  readonly #routeFormat: FormatName | Format | undefined;
  #query: URLSearchParams | undefined;
  #format: Format | undefined;
  #body: Promise<unknown> | undefined;

  constructor(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    target: { path: string; search: string },
    found: Resolved,
    requestId: string,
    settings: Settings,
    routeFormat: FormatName | Format | undefined,
  ) {
    this.req = req;
    this.res = res;
    this.method = method;
    this.path = target.path;
    this.params = found.params;
    this.requestId = requestId;
    this.#search = target.search;
    this.#settings = settings;
    this.#limit = found.options.bodyLimit ?? settings.bodyLimit;
    this.#routeFormat = routeFormat;
  }

  /** The query string, parsed on first access: most handlers never read it. */
  get query(): URLSearchParams {
    this.#query ??= new URLSearchParams(this.#search);
    return this.#query;
  }

  /** The format errors of this request render in, negotiated on first access. */
  get format(): Format {
    this.#format ??= negotiateFormat({
      route: this.#routeFormat,
      app: this.#settings.format,
      accept: this.#settings.negotiate ? this.req.headers.accept : undefined,
    });
    return this.#format;
  }

  json(): Promise<unknown>;
  json<S extends StandardSchemaV1>(schema: S): Promise<StandardSchemaV1.InferOutput<S>>;
  json(schema?: StandardSchemaV1): Promise<unknown> {
    const catalog = this.#settings.catalog;
    this.#body ??= readJson(this.req, { limit: this.#limit, catalog });
    return schema === undefined ? this.#body : this.#body.then((v) => validate(schema, v, catalog));
  }

  validate<S extends StandardSchemaV1>(
    schema: S,
    value: unknown,
  ): Promise<StandardSchemaV1.InferOutput<S>> {
    return validate(schema, value, this.#settings.catalog);
  }
}
