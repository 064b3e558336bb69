import type { Format, SchemaEntry } from '../../formats/types.js';
import type { JsonSchema } from '../shared/json-schema.js';
import { customSchema } from '../shared/wire-format.js';
import { type CodeInfo, sendsDetails } from './details.js';
import { ref, type WireSpec } from './union.js';

/**
 * What a custom format's `schema` gives for one code: the code, status, title and (when they
 * reach clients and convert) the details' JSON Schema, placed in the document.
 * @example schemaEntry(info) // { code: 'secret_not_found', status: 404, title: 'Secret not found' }
 */
export function schemaEntry(info: CodeInfo): SchemaEntry {
  const { code, status, title } = info.entry;
  return sendsDetails(info) && info.details !== undefined
    ? { code, status, title, details: info.details }
    : { code, status, title };
}

/**
 * A custom format (`defineFormat`) described by its own schemas: `Error` is `schema()`, each
 * code's variant `schema(entry)`, and a status's responses any of its codes' variants.
 * @example customSpec(acme).schemas(ctx).Error
 */
export function customSpec(format: Format): WireSpec {
  // Codes whose variant could be made; `narrow` runs after `schemas` and refers only to them.
  const described = new Set<string>();
  return {
    reserved: [],
    carriesCode: format.guide.carriesCode,
    carriesDetails: true,
    schemas: (ctx) => {
      const body = customSchema(format);
      for (const info of ctx.codes) {
        const own = customSchema(format, schemaEntry(info));
        if (own !== undefined) {
          described.add(info.variantName);
          ctx.variants[info.variantName] = {
            description: `The body of \`${info.entry.code}\` in the \`${format.name}\` format.`,
            ...own,
          };
        }
      }
      const description = `An error in the \`${format.name}\` format (\`${format.contentType}\`): ${format.guide.summary}.`;
      return {
        Error:
          body === undefined
            ? { description: `${description} The format declares no JSON Schema of its body.` }
            : { description, ...body },
      };
    },
    narrow: (_status, codes) => {
      const refs = codes
        .filter((info) => described.has(info.variantName))
        .map((info) => ref(info.variantName));
      if (refs.length === 0) return undefined;
      return refs.length === 1 ? (refs[0] as JsonSchema) : { anyOf: refs };
    },
  };
}
