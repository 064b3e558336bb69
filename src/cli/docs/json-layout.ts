// How a JSON body is written on the page. Pretty is the page's default; compact is the one-line
// style many API references print short bodies in (`{ "message": "…" }`), spaced so that it
// reads like prose rather than like minified JSON.
import type { ReferenceJson } from '../../reference-types.js';

/**
 * A JSON value as the page shows it: indented by two (`pretty`) or on one line with a space
 * inside braces and after every `:` and `,` (`compact`).
 * @example jsonText({ code: 'X', field: 'title' }, 'compact') // '{ "code": "X", "field": "title" }'
 */
export function jsonText(value: unknown, layout: ReferenceJson = 'pretty'): string {
  if (layout === 'compact') return compact(value);
  return JSON.stringify(value, null, 2) ?? 'null';
}

function compact(value: unknown): string {
  if (Array.isArray(value)) {
    return value.length === 0 ? '[]' : `[${value.map(compact).join(', ')}]`;
  }
  if (value !== null && typeof value === 'object') {
    // As JSON.stringify: members whose value JSON cannot hold are left out.
    const members = Object.entries(value)
      .filter(([, v]) => JSON.stringify(v) !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}: ${compact(v)}`);
    return members.length === 0 ? '{}' : `{ ${members.join(', ')} }`;
  }
  return JSON.stringify(value) ?? 'null';
}
