import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDocs } from '../scripts/format-docs.js';
import { FORMAT_NAMES, formats } from '../src/index.js';

describe('docs/formats.md', () => {
  it('is generated from the current formats (run `npm run docs:formats` when this fails)', () => {
    expect(readFileSync(new URL('../docs/formats.md', import.meta.url), 'utf8')).toBe(formatDocs());
  });

  it('says for every format what it cannot carry', () => {
    const page = formatDocs();
    for (const name of FORMAT_NAMES) {
      expect(formats[name].drops.length).toBeGreaterThan(0);
      for (const drop of formats[name].drops) expect(page).toContain(`- ${drop}`);
    }
  });
});
