/**
 * Request parameters as the domain sees them, whoever reads the request:
 *
 * - ParameterError, the one error for a bad parameter: a value we cannot use, or a parameter the
 *   operation does not take. Raised by the question API's binding (bind.ts), the facets
 *   (facets.ts), the search (src/search/search.ts) and the HTTP layer's reading of requests
 *   (src/http/api-request.ts); the HTTP error handler answers it `400 invalid_parameter` with
 *   `parameter` and whichever of `value`, `allowed`, `minimum`, `maximum` it carries.
 * - listValues, the one way a list is given: the name repeated, comma-separated, or both.
 */

import { EU_COUNTRY } from '../vocab/namespace.js';
import type { ErrorDetailFields } from './schemas.js';

/** What the client needs to correct the value. */
export interface ParameterDetails {
  /** The value given, as given. */
  readonly value?: string | undefined;
  /** The values the parameter takes, when there is a list of them. */
  readonly allowed?: readonly string[] | undefined;
  /** The range of a number. */
  readonly minimum?: number | undefined;
  readonly maximum?: number | undefined;
}

/**
 * @example
 *   throw new ParameterError('type', "unknown type 'event'", { value: 'event', allowed: ['practice', 'theme'] });
 *   // message: "type: unknown type 'event'."
 */
export class ParameterError extends Error {
  readonly code = 'invalid_parameter';

  constructor(readonly parameter: string, reason: string, readonly details: ParameterDetails = {}) {
    super(`${parameter}: ${reason}${/[.?!]$/.test(reason) ? '' : '.'}`);
    this.name = 'ParameterError';
  }

  /** The value given (kept as a property: tests and callers read it). */
  get value(): string | undefined {
    return this.details.value;
  }

  get allowed(): readonly string[] | undefined {
    return this.details.allowed;
  }

  /** The fields of the error body: `parameter`, then the details that are known. */
  fields(): ErrorDetailFields {
    const fields: Record<string, unknown> = { parameter: this.parameter };
    for (const [k, v] of Object.entries(this.details)) if (v !== undefined) fields[k] = v;
    return fields as ErrorDetailFields & ParameterDetails;
  }
}

/**
 * The values of a list parameter given as one or more strings (the name repeated), each of which
 * may be comma-separated; values are trimmed and empty ones dropped.
 *
 * @example
 *   listValues(['POL,rou', ' BEL ', '']) // ['POL', 'rou', 'BEL']
 *   listValues(undefined)               // []
 */
export function listValues(raw: string | readonly string[] | undefined): string[] {
  if (raw === undefined) return [];
  return (typeof raw === 'string' ? [raw] : raw).flatMap((r) => r.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

/**
 * A `country` parameter as its EU authority IRI, from the IRI or the 3-letter code
 * (case-insensitive).
 *
 * @example
 *   countryIri('pol') === EU_COUNTRY('POL') // true
 *   countryIri('Poland')                    // throws ParameterError('country', …)
 */
export function countryIri(value: string): string {
  const code = value.startsWith(EU_COUNTRY.iri) ? value.slice(EU_COUNTRY.iri.length) : value;
  if (!/^[A-Za-z]{3}$/.test(code)) {
    throw new ParameterError('country', `'${value}' is not a country: give an EU authority country IRI (${EU_COUNTRY('POL')}) or its 3-letter code (POL).`, { value });
  }
  return EU_COUNTRY(code.toUpperCase());
}
