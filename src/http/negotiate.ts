/**
 * Content negotiation (RFC 9110 §12.5.1) over the `Accept` header, by `negotiator` (the library
 * express itself uses): q-values win, then specificity, then the order the client listed; a
 * missing Accept or `*\/*` gets the first offer, our default.
 */
import Negotiator from 'negotiator';
import { contentTypeOf, formatByName, type ResultFormat } from '../query/formats.js';
import { ParameterError } from '../api/parameters.js';
import { HttpError } from './errors.js';

/** The best of `offers` for this Accept header, or undefined when none is acceptable. */
export function negotiate(accept: string | undefined, offers: readonly string[]): string | undefined {
  if (!accept || accept.trim() === '') return offers[0];
  return new Negotiator({ headers: { accept } }).mediaType([...offers]);
}

export interface Chosen {
  readonly format: ResultFormat;
  /** The media type served (the client's own spelling when it asked for an alias such as application/json). */
  readonly mediaType: string;
  readonly contentType: string;
}

/**
 * Picks a format among `formats` from a `format=` parameter (which wins) or the Accept header.
 * Throws 400 for a format name we do not know, 406 for one that exists but not for this result.
 */
export function chooseFormat(
  formats: readonly ResultFormat[],
  accept: string | undefined,
  formatParam: string | undefined,
  allNames: readonly ResultFormat[] = formats,
): Chosen {
  const available = formats.map((f) => f.mediaTypes[0]!);
  if (formatParam !== undefined) {
    const format = formatByName(formats, formatParam);
    if (!format) {
      const known = formatByName(allNames, formatParam);
      if (known) {
        throw new HttpError('not_acceptable', `format=${formatParam} does not apply to this result.`, { available });
      }
      throw new ParameterError('format', `unknown format '${formatParam}'`, { value: formatParam, allowed: formats.flatMap((f) => f.names) });
    }
    return { format, mediaType: format.mediaTypes[0]!, contentType: contentTypeOf(format) };
  }
  const offers = formats.flatMap((f) => f.mediaTypes);
  const mediaType = negotiate(accept, offers);
  const format = mediaType ? formats.find((f) => f.mediaTypes.includes(mediaType)) : undefined;
  if (!format || !mediaType) {
    throw new HttpError('not_acceptable', `Cannot produce any of: ${accept}.`, { available });
  }
  return { format, mediaType, contentType: contentTypeOf(format, mediaType) };
}
