// The entries layout: one sub-section per code, `CODE (status)`, then the parts the page asks
// for (Message, Causes, Resolution, example bodies rendered through the format).
import { codeAnchor } from '../../catalog.js';
import type { Catalog, CatalogEntry, ExampleDefinition } from '../../catalog-types.js';
import type { Format } from '../../formats/types.js';
import type { ReferenceCodesSection, ReferencePart } from '../../reference-types.js';
import type { PageLanguage } from './language.js';
import type { PageState } from './page-state.js';
import { occurrenceError, type ShowOptions, sampleBlock } from './sample.js';
import type { Block } from './types.js';

const PARTS: readonly ReferencePart[] = [
  'message',
  'description',
  'causes',
  'resolution',
  'examples',
];

const LABELS: Readonly<Record<ReferencePart, string>> = {
  message: 'Message',
  description: 'Description',
  causes: 'Causes',
  resolution: 'Resolution',
  examples: 'Examples',
};

/**
 * One code as a sub-section; parts the code has nothing for are left out. The section's
 * `byCode` options for the code (labels, JSON layout) win over the section's own.
 * @example entryBlock(catalog, format, catalog.get('NOT_FOUND'), { kind: 'codes', layout: 'entries' }, page)
 */
export function entryBlock(
  catalog: Catalog,
  format: Format,
  entry: CatalogEntry,
  spec: ReferenceCodesSection,
  page: PageState,
): Block {
  const anchor = codeAnchor(entry.code);
  const own = Object.hasOwn(spec.byCode ?? {}, entry.code) ? spec.byCode?.[entry.code] : undefined;
  const labels = { ...spec.labels, ...own?.labels };
  const label = (part: ReferencePart) => `${labels[part] ?? LABELS[part]}:`;
  const language = page.language;
  const show: ShowOptions = {
    pointer: spec.pointer,
    json: own?.json ?? spec.json,
    acceptLanguage: language.acceptLanguage,
  };
  const blocks: Block[] = [];
  for (const part of spec.parts ?? PARTS) {
    switch (part) {
      case 'message':
        blocks.push({
          kind: 'paragraph',
          strong: label(part),
          text: language.message(entry),
        });
        break;
      case 'description':
        if (entry.description === '') break;
        blocks.push(
          labels.description === undefined
            ? { kind: 'paragraph', text: entry.description }
            : { kind: 'paragraph', strong: label(part), text: entry.description },
        );
        break;
      case 'causes':
      case 'resolution': {
        const items = entry[part];
        if (items.length === 0) break;
        blocks.push(
          { kind: 'paragraph', strong: label(part), text: '' },
          { kind: 'list', items: [...items] },
        );
        break;
      }
      case 'examples':
        if (entry.examples.length === 0) break;
        blocks.push({ kind: 'paragraph', strong: label(part), text: '' });
        for (const example of entry.examples) {
          blocks.push(...exampleBlocks(catalog, format, entry, example, false, show, language));
        }
        break;
    }
  }
  return {
    kind: 'entry',
    entry: {
      anchor,
      alias: entry.code === anchor ? undefined : entry.code,
      code: entry.code,
      status: entry.status,
      deprecated: entry.deprecated !== false,
      anchored: page.claim(entry.code),
      note: language.note(entry),
      blocks,
    },
  };
}

/**
 * One of a code's examples rendered through the format: its title (when it has one, or always
 * with `titled`: the code's title in the page's language), then the body as `show` says
 * (pointer, body or response, JSON layout, language).
 * @example exampleBlocks(catalog, format, entry, entry.examples[0], true, { json: 'compact' }, page.language)
 */
export function exampleBlocks(
  catalog: Catalog,
  format: Format,
  entry: CatalogEntry,
  example: ExampleDefinition,
  titled: boolean,
  show: ShowOptions,
  language: PageLanguage,
): Block[] {
  const error = occurrenceError(catalog, {
    code: entry.code,
    message: example.message,
    details: example.details,
    fields: example.fields,
    retryAfter: example.retryAfter,
  });
  const blocks: Block[] = [];
  if (titled) {
    blocks.push({
      kind: 'paragraph',
      strong: example.title ?? language.title(entry),
      text: `(\`${entry.status}\`):`,
    });
  } else if (example.title !== undefined) {
    blocks.push({ kind: 'paragraph', text: `${example.title}:` });
  }
  blocks.push(sampleBlock(catalog, format, error, show));
  return blocks;
}
