/**
 * The one domain error for a bad request parameter: a value we cannot use, or a parameter the
 * operation does not take. Raised by the question API's binding (bind.ts), the facets
 * (facets.ts), the search (src/search/search.ts) and the HTTP layer's reading of requests
 * (src/http/api-request.ts); the HTTP error handler answers it `400 invalid_parameter` with
 * `parameter` and whichever of `value`, `allowed`, `minimum`, `maximum` it carries.
 */

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
  fields(): Record<string, unknown> {
    const fields: Record<string, unknown> = { parameter: this.parameter };
    for (const [k, v] of Object.entries(this.details)) if (v !== undefined) fields[k] = v;
    return fields;
  }
}
