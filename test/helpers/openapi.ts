import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS with `exports.default`; under NodeNext its default import is the module.
const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => void;

/** A media type of an error response: its schema and one example per code. */
export type Media = {
  schema: object;
  examples: Record<string, { summary: string; value: unknown }>;
};

/** An error response of the document. */
export type OpenApiResponse = {
  description: string;
  headers: Record<string, unknown>;
  content: Record<string, Media>;
};

/** The parts of an `errata openapi` document the tests read. */
export type OpenApiDoc = {
  openapi: string;
  info: { title: string };
  components: {
    schemas: Record<string, Record<string, unknown>>;
    responses: Record<string, OpenApiResponse>;
    headers: Record<string, unknown>;
    /** Present when the catalog has the Idempotency-Key roles. */
    parameters?: Record<string, unknown>;
  };
};

/** The id the document is registered under in its validators' Ajv. */
const DOC_ID = 'urn:errata:openapi-document';
const ajvs = new WeakMap<OpenApiDoc, Ajv2020>();

/**
 * A JSON Schema validator for the body of one error response (`Error404`), `#/components/…`
 * references resolved. One Ajv per document, so each component is compiled once for all of its
 * responses.
 * @example expect(responseValidator(doc, 'Error404')(example.value)).toBe(true);
 */
export function responseValidator(doc: OpenApiDoc, response: string): ValidateFunction {
  let ajv = ajvs.get(doc);
  if (ajv === undefined) {
    // strict: false, since OpenAPI adds keywords (discriminator, example) JSON Schema does not know.
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: DOC_ID, components: doc.components });
    ajvs.set(doc, ajv);
  }
  const types = Object.keys(doc.components.responses[response]?.content ?? {});
  if (types.length !== 1) throw new Error(`${response}: expected one media type, got ${types}`);
  const pointer = `/components/responses/${response}/content/${escapePointer(types[0] as string)}/schema`;
  return ajv.compile({ $ref: `${DOC_ID}#${pointer}` });
}

function escapePointer(token: string): string {
  return encodeURIComponent(token.replace(/~/g, '~0').replace(/\//g, '~1'));
}
