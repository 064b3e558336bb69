/** The catalog and render context bench:formats and parse-steps render their bodies with. */
import { z } from 'zod';
import { defineCatalog } from '../src/index.js';

const errors = {
  secret_not_found: {
    status: 404,
    title: 'Secret not found',
    details: z.object({ name: z.string() }),
    message: (d: { name: string }) => `Secret '${d.name}' not found`,
  },
};

/** One error with typed details, as the formats bench renders it. */
export const formatsCatalog = defineCatalog({
  typeBase: 'https://api.example.com/errors/',
  errors,
});

/** The render context: a fixed request id and timestamp, so bodies are the same every run. */
export const formatsContext = {
  requestId: 'req_8f14e45fceea167a',
  timestamp: '2026-11-22T10:30:00.000Z',
  domain: 'errata',
};

/** The same catalog with German translations: what the localized render rows render. */
export const translatedFormatsCatalog = defineCatalog({
  typeBase: 'https://api.example.com/errors/',
  errors,
  translations: {
    de: {
      errors: {
        secret_not_found: {
          title: 'Geheimnis nicht gefunden',
          message: "Geheimnis ''{name}'' nicht gefunden",
        },
      },
    },
  },
});
