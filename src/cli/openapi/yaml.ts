import {
  type CreateNodeOptions,
  Document,
  isScalar,
  type SchemaOptions,
  type ToStringOptions,
  visit,
} from 'yaml';
import type { JsonValue } from '../shared/json-schema.js';

const OPTIONS: CreateNodeOptions & SchemaOptions & ToStringOptions = {
  // Every string value double-quoted (keys plain where that is unambiguous), so no value is ever
  // read back as a number, boolean, date or null.
  defaultStringType: 'QUOTE_DOUBLE',
  defaultKeyType: 'PLAIN',
  singleQuote: false,
  // Keys are quoted by YAML 1.1's rules too: `on`, `yes`, `y` are booleans to 1.1 readers.
  schema: 'yaml-1.1',
  // An object met twice is written twice, never as an anchor and an alias.
  aliasDuplicateObjects: false,
  // One line per scalar: no folding of long strings, `\n` kept as an escape.
  lineWidth: 0,
  doubleQuotedMinMultiLineLength: Number.POSITIVE_INFINITY,
};

/**
 * DEL, the C1 controls, the line and paragraph separators and the BOM: yaml double-quotes
 * strings holding them, but writes them raw (YAML readers take U+2028 for a line break).
 */
const UNESCAPED = /[\u007f-\u009f\u2028\u2029\ufeff]/g;

/** A key yaml might leave plain though it holds more than visible ASCII: always quoted. */
const ODD_KEY = /[^\x21-\x7e]/;

/**
 * JSON data as block-style YAML (the `yaml` package), deterministic: keys keep their order.
 * @example toYaml({ openapi: '3.1.0', paths: {} }) // 'openapi: "3.1.0"\npaths: {}\n'
 */
export function toYaml(value: JsonValue): string {
  // YAML allows no unescaped non-printable character (js-yaml refuses the whole document), and
  // each one yaml leaves raw stands inside a double-quoted scalar, where `\xNN` is an escape.
  const doc = new Document(value, OPTIONS);
  visit(doc, {
    Pair(_, pair) {
      if (
        isScalar(pair.key) &&
        typeof pair.key.value === 'string' &&
        ODD_KEY.test(pair.key.value)
      ) {
        pair.key.type = 'QUOTE_DOUBLE';
      }
    },
  });
  return doc.toString(OPTIONS).replace(UNESCAPED, (c) => {
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16)}`;
  });
}
