import { type CreateNodeOptions, type SchemaOptions, stringify, type ToStringOptions } from 'yaml';
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

/** DEL and the C1 controls: yaml double-quotes strings holding them, but writes them raw. */
const UNESCAPED = /[\u007f-\u009f]/g;

/**
 * JSON data as block-style YAML (the `yaml` package), deterministic: keys keep their order.
 * @example toYaml({ openapi: '3.1.0', paths: {} }) // 'openapi: "3.1.0"\npaths: {}\n'
 */
export function toYaml(value: JsonValue): string {
  // YAML allows no unescaped non-printable character (js-yaml refuses the whole document), and
  // each one yaml leaves raw stands inside a double-quoted scalar, where `\xNN` is an escape.
  return stringify(value, OPTIONS).replace(
    UNESCAPED,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}
