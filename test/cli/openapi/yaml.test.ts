import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { toYaml } from '../../../src/cli/openapi/yaml.js';

describe('toYaml', () => {
  it('writes YAML that reads back exactly, whatever the keys and strings', () => {
    const value = {
      '@type': 'a',
      on: 'yes',
      '404': [1, -2.5, 1e21, true, null],
      'a: b': 'line\nbreak\t"quoted" \\ #not a comment',
      unicode: 'é ✓ \u2028 \u0085 \u007f',
      empty: { list: [], map: {}, text: '' },
      nested: [[1, [2]], [{ x: { y: [] } }], { '': 'blank key' }],
      $ref: '#/components/schemas/Error',
    };
    const yaml = toYaml(value);
    expect(parseYaml(yaml)).toEqual(value);
    expect(yaml).toContain('\n$ref: "#/components/schemas/Error"\n');
    expect(yaml).toContain('\n"on": "yes"\n');
    // DEL, C1 controls and the line separator are escaped: a YAML stream holds printable
    // characters only, and readers take U+2028 for a line break.
    expect(yaml).toContain('"é ✓ \\u2028 \\x85 \\x7f"');
    expect(yaml).not.toMatch(/[\u007f-\u009f\u2028]/);
  });

  it('escapes line separators, the BOM and C1 controls, and quotes keys holding them', () => {
    const value = { 'a\u2028b': 'x\u2029y\ufeff\u007f\u0085', 'two words': '-0' };
    const yaml = toYaml(value);
    expect(yaml).toBe('"a\\u2028b": "x\\u2029y\\ufeff\\x7f\\x85"\n"two words": "-0"\n');
    expect(yaml).not.toMatch(/[\u007f-\u009f\u2028\u2029\ufeff]/);
    expect(parseYaml(yaml)).toEqual(value);
  });

  it('writes one line per scalar and each object in full, however often it occurs', () => {
    const shared = { type: 'string' };
    const long = 'A long description that an emitter folding at 80 columns would wrap. '.repeat(2);
    const yaml = toYaml({ a: shared, b: shared, long, text: 'two\nlines' });
    expect(yaml).toBe(
      `a:\n  type: "string"\nb:\n  type: "string"\nlong: "${long}"\ntext: "two\\nlines"\n`,
    );
  });
});
