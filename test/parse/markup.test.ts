import { describe, expect, it } from 'vitest';
import { fromJsonPath } from '../../src/formats/shared.js';
import { collapse, decodeEntities, elementText, stripTags } from '../../src/parse/markup.js';
import { clip } from '../../src/parse/util.js';

describe('markup helpers', () => {
  it('decodes common named and numeric entities, drops control code points, keeps unknown ones', () => {
    expect(decodeEntities('a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &#x41; &nbsp;')).toBe(
      'a & b <c> "d" \'e\' A  ',
    );
    expect(decodeEntities('x&#0;y&#x1b;z&#xD800;')).toBe('xyz');
    expect(decodeEntities('&bogus; &#99999999;')).toBe('&bogus; &#99999999;');
  });

  it('strips tags linearly, stopping at an unterminated one', () => {
    expect(stripTags('<b>bold</b> and <i>it')).toBe(' bold  and  it');
    expect(stripTags('before <unterminated after')).toBe('before ');
  });

  it('collapses whitespace and control characters', () => {
    expect(collapse('  a\r\n\t b\u0007c  ')).toBe('a b c');
  });

  it('elementText is case-insensitive for HTML and exact for XML', () => {
    const page = '<HTML><TITLE lang="en">ERROR: The request could not be satisfied</TITLE></HTML>';
    expect(elementText(page, page.toLowerCase(), 'title')).toBe(
      'ERROR: The request could not be satisfied',
    );
    const xml = '<Error><CodeX>no</CodeX><Code>Yes</Code></Error>';
    expect(elementText(xml, xml, 'Code')).toBe('Yes');
    expect(elementText(xml, xml, 'Missing')).toBeUndefined();
  });

  it('clip and fromJsonPath', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abc', 4)).toBe('abc');
    expect(fromJsonPath('$.items[0].qty')).toEqual(['items', 0, 'qty']);
    expect(fromJsonPath('$[2].name')).toEqual([2, 'name']);
    expect(fromJsonPath('$')).toEqual([]);
    expect(fromJsonPath('Customer.Name')).toEqual(['Customer', 'Name']);
  });
});
