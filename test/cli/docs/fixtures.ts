import { resolve } from 'node:path';

/** The errata source the fixture modules import (jiti loads TypeScript). */
const ERRATA = resolve('src/index.ts');

/**
 * A catalog module exercising what the vault does not: since, deprecated (with and without a
 * replacement), SCREAMING and dotted codes, a per-code type and header, hostile text, and a
 * `#`-typeBase so that problem `type` URIs point at the page's anchors.
 */
export const EDGE_CATALOG = `
import { defineCatalog } from ${JSON.stringify(ERRATA)};

export const edge = defineCatalog({
  typeBase: 'https://api.example.com/docs/errors#',
  docsUrl: 'https://api.example.com/docs/errors',
  errors: {
    TOKEN_EXPIRED: {
      status: 401,
      title: 'Token expired',
      category: 'authentication',
      description: 'The bearer token is past its \`exp\`. Get a new one.',
      since: '2024-06-01',
      headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
    },
    'auth.legacy_key': {
      status: 401,
      title: 'Legacy key',
      category: 'authentication',
      deprecated: 'TOKEN_EXPIRED',
      docUrl: 'https://status.example.com/legacy-keys',
    },
    old_thing: { status: 410, title: 'Old thing', category: 'gone', deprecated: true },
    hostile: {
      status: 400,
      title: 'Hostile <b>title</b>',
      category: 'x <script>alert(1)</script>',
      description: 'Pipes | and <script>alert(2)</script> and [a link](javascript:alert(3)) and [ok](#token_expired).',
    },
  },
});

export const other = defineCatalog({ errors: { only_other: { status: 418, title: 'Teapot' } } });
`;
