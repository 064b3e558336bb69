import { z } from 'zod';
import { icu } from '../../src/i18n/index.js';
import { defineCatalog, idempotencyRoles } from '../../src/index.js';
import fr from './locales/fr.json' with { type: 'json' };

/** The vault's error vocabulary: stable codes clients branch on. */
export const vaultCatalog = defineCatalog({
  typeBase: 'https://vault.example.com/errors/',
  docsUrl: 'https://vault.example.com/docs/errors',
  domain: 'vault.example.com',
  errors: {
    invalid_path: {
      status: 400,
      title: 'Invalid secret name',
      category: 'validation',
      description:
        'Secret names are 1 to 128 characters: lower-case letters, digits, `_`, `.` and `-`, starting with a letter or digit. Rename the secret and retry.',
      details: z.object({ name: z.string(), pattern: z.string() }),
      message: (d) => `'${d.name}' is not a valid secret name; names must match ${d.pattern}.`,
    },
    secret_not_found: {
      status: 404,
      title: 'Secret not found',
      category: 'not_found',
      description:
        'No secret exists under this name (it was never written or has been deleted). Check the name, or write the secret first.',
      details: z.object({ name: z.string() }),
      message: (d) => `No secret is stored under '${d.name}'.`,
    },
    version_conflict: {
      status: 409,
      title: 'Version conflict',
      category: 'conflict',
      description:
        'The secret changed since you read it: the version in `If-Match` is no longer the current one. Read the secret again, reapply your change, and send the new `ETag`.',
      details: z.object({
        name: z.string(),
        expected: z.string(),
        current_version: z.number().int(),
      }),
      message: (d) =>
        `Secret '${d.name}' is at version ${d.current_version}, not ${d.expected}; read it again before writing.`,
    },
    secret_expired: {
      status: 410,
      title: 'Secret expired',
      category: 'conflict',
      description:
        'The secret outlived its `ttl_seconds` and can no longer be read. Write a new value to revive the name.',
      details: z.object({ name: z.string(), expired_at: z.string() }),
      message: (d) => `Secret '${d.name}' expired at ${d.expired_at}.`,
    },
    maintenance_mode: {
      status: 503,
      title: 'Maintenance in progress',
      category: 'availability',
      description:
        'The vault is in scheduled maintenance and refuses secret operations. Retry after the number of seconds in `Retry-After`.',
      message: 'The vault is under maintenance; retry later.',
      retryAfter: 30,
      retryable: true,
    },
    storage_error: {
      status: 500,
      title: 'Storage error',
      category: 'server',
      description:
        'The secret store failed. Nothing about the cause is exposed; quote the request id when reporting it.',
    },
  },
  // errata's Idempotency-Key entries: writes may carry a key (`IDEMPOTENCY=optional|required`).
  roles: { ...idempotencyRoles },
  // English is the catalog's own language. German is kept here, where TypeScript checks every
  // placeholder against the code's details; French is a translator's JSON file (ICU plurals).
  locale: 'en',
  messageFormat: icu,
  translations: {
    de: {
      errors: {
        invalid_path: {
          source: 'cdd7de0cba29',
          title: 'Ungültiger Name',
          message:
            "''{name}'' ist kein gültiger Name für ein Geheimnis; Namen müssen {pattern} entsprechen.",
        },
        secret_not_found: {
          source: 'f3d43cfa048b',
          title: 'Geheimnis nicht gefunden',
          message: "Unter ''{name}'' ist kein Geheimnis gespeichert.",
        },
        version_conflict: {
          source: 'abd715b92490',
          title: 'Versionskonflikt',
          message: (d) =>
            `Das Geheimnis '${d.name}' hat Version ${d.current_version}, nicht ${d.expected}; lies es vor dem Schreiben erneut.`,
        },
        secret_expired: {
          source: 'c84995692f81',
          title: 'Geheimnis abgelaufen',
          message: "Das Geheimnis ''{name}'' ist am {expired_at} abgelaufen.",
        },
        maintenance_mode: {
          source: '4a21e630400b',
          title: 'Wartung läuft',
          message:
            'Der Tresor wird gewartet; versuche es in {retryAfter, plural, one {# Sekunde} other {# Sekunden}} erneut.',
        },
        storage_error: {
          source: '87de7e5988a7',
          title: 'Speicherfehler',
          message: 'Speicherfehler.',
        },
        invalid_request: {
          source: 'd4386cf96ecd',
          title: 'Ungültige Anfrage',
          message: 'Die Anfrage konnte nicht gelesen werden.',
        },
        not_found: {
          source: 'f14754a40985',
          title: 'Nicht gefunden',
          message: 'Die angefragte Ressource gibt es nicht.',
        },
        method_not_allowed: {
          source: '1280adc25831',
          title: 'Methode nicht erlaubt',
          message: 'Diese Methode ist für diese Ressource nicht erlaubt.',
        },
        not_acceptable: {
          source: '98186f6559b8',
          title: 'Nicht annehmbar',
          message: 'Es gibt keine annehmbare Darstellung.',
        },
        payload_too_large: {
          source: 'b20e1331e129',
          title: 'Anfrage zu groß',
          message: 'Der Inhalt der Anfrage ist zu groß.',
        },
        unsupported_media_type: {
          source: '8b4d0a243bfe',
          title: 'Medientyp nicht unterstützt',
          message: 'Der Inhaltstyp der Anfrage wird nicht unterstützt.',
        },
        validation_error: {
          source: '5bb8de553f5d',
          title: 'Prüfung fehlgeschlagen',
          message: 'Die Anfrage enthält ungültige Felder.',
        },
        rate_limited: {
          source: '94c2e4e959a6',
          title: 'Zu viele Anfragen',
          message:
            'Zu viele Anfragen; versuche es in {retryAfter, plural, one {# Sekunde} other {# Sekunden}} erneut.',
        },
        quota_exceeded: {
          source: '858c0e5a0a2b',
          title: 'Kontingent erschöpft',
          message: 'Das Kontingent für diesen Zeitraum ist aufgebraucht.',
        },
        internal_error: {
          source: '320b714e77d3',
          title: 'Interner Fehler',
          message: 'Ein interner Fehler ist aufgetreten.',
        },
        service_unavailable: {
          source: 'f987f44d6ae0',
          title: 'Dienst nicht verfügbar',
          message: 'Der Dienst ist vorübergehend nicht verfügbar.',
        },
        upstream_timeout: {
          source: 'e13e0b34446c',
          title: 'Zeitüberschreitung im Vorsystem',
          message: 'Ein vorgelagerter Dienst hat nicht rechtzeitig geantwortet.',
        },
        idempotency_key_missing: {
          source: '36cd0daf1fc9',
          title: 'Idempotency-Key fehlt',
          message: 'Diese Anfrage braucht einen Idempotency-Key-Header.',
        },
        idempotency_key_reused: {
          source: '0e1ee60220dd',
          title: 'Idempotency-Key wiederverwendet',
          message: 'Dieser Idempotency-Key wurde für eine andere Anfrage verwendet.',
        },
        idempotency_in_flight: {
          source: 'b7617c2d3e30',
          title: 'Anfrage läuft',
          message: 'Eine Anfrage mit diesem Idempotency-Key läuft noch.',
        },
      },
      fields: {
        too_small: 'Wert zu klein ({path}).',
        too_big: 'Wert zu groß ({path}).',
        invalid_type: 'Falscher Typ ({path}).',
      },
    },
    fr,
  },
});

export type VaultCatalog = typeof vaultCatalog;
