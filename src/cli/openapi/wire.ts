import type { Format } from '../../formats/types.js';
import { builtinName } from '../shared/wire-format.js';
import { memberNames, settingsOf } from '../shared/wire-members.js';
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
  const { options } = format;
  const settings = settingsOf(name, options);
  switch (name) {
    case 'problem':
      return problemSpec(memberNames(name, options), settings.type ?? 'uri', codes);
    case 'envelope':
      return envelopeSpec(memberNames(name, options));
    case 'message':
      return messageSpec(memberNames(name, options));
    case 'success':
      return successSpec(memberNames(name, options), settings.timestamp ?? 'milliseconds');
    case 'laravel':
      return laravelSpec(memberNames(name, options));
    case 'google':
      return googleSpec(memberNames(name, options));
    case 'jsonapi':
      return jsonapiSpec(memberNames(name, options));
    case 'stripe':
      return stripeSpec(memberNames(name, options));
  }
}
