import type { Format } from '../../formats/types.js';
import { builtinName } from '../shared/wire-format.js';
import { membersOf, resolvedNames, settingsOf } from '../shared/wire-members.js';
import type { CodeInfo } from './details.js';
import type { WireSpec } from './union.js';
import { customSpec } from './wire-custom.js';
import { envelopeSpec, jsonapiSpec } from './wire-envelope.js';
import { googleSpec } from './wire-google.js';
import { laravelSpec, messageSpec, stripeSpec, successSpec } from './wire-plain.js';
import { problemSpec } from './wire-problem.js';

/**
 * How a format's error body is described in OpenAPI: a built-in format (configured or not) by its
 * precise shape under its options, a custom one (`defineFormat`) by its own `schema`.
 * @example wireSpecFor(formats.envelope.with({ members: { request_id: 'requestId' } }), codes)
 */
export function wireSpecFor(format: Format, codes: readonly CodeInfo[]): WireSpec {
  const name = builtinName(format);
  if (name === undefined) return customSpec(format);
  const names = resolvedNames(name, format);
  const settings = settingsOf(name, names);
  switch (name) {
    case 'problem':
      return problemSpec(membersOf(name, names), settings.type ?? 'uri', codes);
    case 'envelope':
      return envelopeSpec(membersOf(name, names));
    case 'message':
      return messageSpec(membersOf(name, names));
    case 'success':
      return successSpec(membersOf(name, names), settings.precision ?? 'milliseconds');
    case 'laravel':
      return laravelSpec(membersOf(name, names));
    case 'google':
      return googleSpec(membersOf(name, names));
    case 'jsonapi':
      return jsonapiSpec(membersOf(name, names));
    case 'stripe':
      return stripeSpec(membersOf(name, names));
  }
}
