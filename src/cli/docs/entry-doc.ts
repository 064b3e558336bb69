// The entries layout: one sub-section per code, `CODE (status)`, then the parts the page asks
// for (Message, Causes, Resolution, example bodies rendered through the format).
import { codeAnchor } from '../../catalog.js';
import type { Catalog, CatalogEntry, ExampleDefinition } from '../../catalog-types.js';
import type { Format } from '../../formats/types.js';
import type { ReferenceCodesSection } from '../../reference-types.js';
import type { PageState } from './page-state.js';
import { occurrenceError, sampleBlock } from './sample.js';
import type { Block } from './types.js';

type Part = 'message' | 'description' | 'causes' | 'resolution' | 'examples';

const PARTS: readonly Part[] = ['message', 'description', 'causes', 'resolution', 'examples'];

const LABELS: Readonly<Record<Part, string>> = {
  message: 'Message',
  description: 'Description',
  causes: 'Causes',
  resolution: 'Resolution',
  examples: 'Examples',
};

/**
 * One code as a sub-section; parts the code has nothing for are left out.
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
  const label = (part: Part) => `${spec.labels?.[part] ?? LABELS[part]}:`;
  const blocks: Block[] = [];
  for (const part of spec.parts ?? PARTS) {
    switch (part) {
      case 'message':
        blocks.push({
          kind: 'paragraph',
          strong: label(part),
          text: typeof entry.message === 'string' ? entry.message : entry.title,
        });
        break;
      case 'description':
        if (entry.description === '') break;
        blocks.push(
          spec.labels?.description === undefined
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
          blocks.push(...exampleBlocks(catalog, format, entry, example, spec.pointer, false));
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
      blocks,
    },
  };
}

/**
 * One of a code's examples rendered through the format: its title (when it has one, or always
 * with `titled`), then the body.
 */
export function exampleBlocks(
  catalog: Catalog,
  format: Format,
  entry: CatalogEntry,
  example: ExampleDefinition,
  pointer: string | undefined,
  titled: boolean,
  show?: 'body' | 'response',
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
      strong: example.title ?? entry.title,
      text: `(\`${entry.status}\`):`,
    });
  } else if (example.title !== undefined) {
    blocks.push({ kind: 'paragraph', text: `${example.title}:` });
  }
  blocks.push(sampleBlock(catalog, format, error, { pointer, show }));
  return blocks;
}
