import type { JsonValue } from './json-schema.js';

/** Keys YAML reads as they are written; anything else is quoted. */
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$./+-]*$/;
/** Plain words YAML 1.1 readers take for booleans or null. */
const WORDS = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null']);

/**
 * JSON data as block-style YAML: strings always double-quoted (a JSON string is a valid YAML
 * double-quoted scalar once YAML's non-printable characters are escaped), so no value is ever
 * misread as a number, boolean or date. Deterministic: keys keep their order.
 * @example toYaml({ openapi: '3.1.0', paths: {} }) // 'openapi: "3.1.0"\npaths: {}\n'
 */
export function toYaml(value: JsonValue): string {
  // Every node starts with the newline or space that follows its key; the document has no key.
  return `${node(value, '').slice(1)}\n`;
}

function node(value: JsonValue, indent: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []';
    return value.map((item) => `\n${indent}-${inline(node(item, `${indent}  `), indent)}`).join('');
  }
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value);
    if (keys.length === 0) return ' {}';
    return keys
      .map((k) => `\n${indent}${key(k)}:${node(value[k] as JsonValue, `${indent}  `)}`)
      .join('');
  }
  return ` ${scalar(value)}`;
}

/** A sequence item's node starts on the dash's line: `- key: value`, `- - item`. */
function inline(text: string, indent: string): string {
  const lead = `\n${indent}  `;
  return text.startsWith(lead) ? ` ${text.slice(lead.length)}` : text;
}

function key(name: string): string {
  return PLAIN_KEY.test(name) && !WORDS.has(name.toLowerCase()) ? name : quote(name);
}

function scalar(value: string | number | boolean | null): string {
  return typeof value === 'string' ? quote(value) : JSON.stringify(value);
}

function quote(text: string): string {
  // JSON escapes C0 controls; YAML also wants DEL, C1 controls, line/paragraph separators and BOM escaped.
  return JSON.stringify(text).replace(
    /[\x7f-\x9f\u2028\u2029\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
