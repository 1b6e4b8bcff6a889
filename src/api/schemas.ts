/**
 * The building blocks of the JSON API's route schemas (src/api/routes.ts), as TypeBox schemas —
 * JSON Schema 2020-12 objects, which is what OpenAPI 3.1 takes. One definition serves three
 * purposes: src/http/api-request.ts reads a route's query parameters by its schema, the OpenAPI
 * document (openapi.ts) is generated from it, and the tests validate live answers against it.
 *
 * Two marks, kept as symbol keys (which JSON.stringify and ajv do not see):
 * - DOMAIN: a parameter whose values the domain checks and turns into terms itself (a named
 *   question's parameters, bind.ts: IRIs against the graph, integers exactly as BigInts; the
 *   facet filters against the graph): the reader reads it as it is given, shape only.
 * - SHARED: a parameter the document states once, under `components/parameters/<name>`.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { MAX_OFFSET } from './bind.js';

export const DOMAIN: unique symbol = Symbol('segraph.domain');
export const SHARED: unique symbol = Symbol('segraph.shared');

/** Marks a parameter schema as checked by the domain (see above). */
export function domainChecked<T extends TSchema>(schema: T): T {
  return Object.assign(schema, { [DOMAIN]: true });
}

/** Marks a parameter schema as stated once in the document, as components/parameters/`name`. */
export function shared<T extends TSchema>(name: string, schema: T): T {
  return Object.assign(schema, { [SHARED]: name });
}

/** A string that is one of `values`. */
export const OneOf = (values: readonly string[], options: Record<string, unknown> = {}) =>
  Type.Unsafe<string>({ type: 'string', enum: [...values], ...options });

/**
 * A list parameter: the name repeated, comma-separated, or both (listValues). In the document
 * a form-style array (`style: form, explode: false`).
 */
export const List = <T extends TSchema>(items: T, options: Record<string, unknown> = {}) => Type.Array(items, options);

/** `limit`: results per page, 1…max. */
export const Limit = (max: number, dflt: number, description = 'Rows per page.') =>
  Type.Integer({ description, minimum: 1, maximum: max, default: Math.min(dflt, max) });

/** `offset`: results to skip, 0…MAX_OFFSET (bind.ts says why). */
export const Offset = (description = 'Rows to skip.') => Type.Integer({ description, minimum: 0, maximum: MAX_OFFSET, default: 0 });

/** The paging parameters, alone (api-request.ts's pageOf). */
export const Page = (max: number, dflt = Math.min(100, max)) => Type.Object({ limit: Limit(max, dflt), offset: Offset() });

/** `lang`: the reader's languages, before Accept-Language. */
export const Lang = () => shared('lang', List(Type.String(), { description: 'Language(s) for labels, before Accept-Language (e.g. de,en).' }));

/** An IRI with its label in the reader's language and, for our IRIs, the path of its document. */
export const Labelled = Type.Object({
  id: Type.String({ format: 'iri' }),
  label: Type.Optional(Type.String({ description: 'In the language asked for (lang, Accept-Language), else English, else any.' })),
  document: Type.Optional(Type.String({ description: 'This server\'s document about the IRI (segraph IRIs only).' })),
}, { additionalProperties: false });

/**
 * The fields an error body may carry beside `status`, `code` and `message`: HttpError's details
 * (src/http/errors.ts types them by this schema, so no error can carry a field not stated here)
 * and ParameterError's.
 */
export const ErrorDetails = Type.Object({
  parameter: Type.Optional(Type.String({ description: 'The parameter at fault.' })),
  value: Type.Optional(Type.String({ description: 'The value given, as given.' })),
  allowed: Type.Optional(Type.Array(Type.String(), { description: 'The values the parameter may take.' })),
  minimum: Type.Optional(Type.Number({ description: 'The least value a number parameter may take.' })),
  maximum: Type.Optional(Type.Number({ description: 'The greatest value a number parameter may take.' })),
  available: Type.Optional(Type.Array(Type.String(), { description: 'What can be had instead: media types (406), question names (404).' })),
  allow: Type.Optional(Type.Array(Type.String(), { description: 'The methods allowed (405), as in the Allow header.' })),
  limit: Type.Optional(Type.Union([Type.Integer(), Type.String()], { description: 'The limit passed: bytes (413, 414, 431), queued queries (429), or the query-shape limit (query_too_complex).' })),
  max: Type.Optional(Type.Integer({ description: 'query_too_complex: the value of the limit; selection_too_large: the most practices a download holds.' })),
  found: Type.Optional(Type.Integer({ description: 'query_too_complex: the query\'s measure; selection_too_large: the practices of the selection.' })),
  deadlineMs: Type.Optional(Type.Integer({ description: 'query_timeout: the deadline, in milliseconds.' })),
  iri: Type.Optional(Type.String({ description: 'not_found: the IRI nothing is known about.' })),
  graph: Type.Optional(Type.String({ description: 'unknown_graph: the graph name.' })),
  size: Type.Optional(Type.Integer({ description: 'range_not_satisfiable: the size of the file, in bytes.' })),
  line: Type.Optional(Type.Integer({ description: 'malformed_query: the line of the syntax error.' })),
  column: Type.Optional(Type.Integer({ description: 'malformed_query: the column of the syntax error.' })),
}, { additionalProperties: false });

/** An error's details as code gives them (lists read-only; an undefined field is left out of the body). */
export type ErrorDetailFields = {
  readonly [K in keyof Static<typeof ErrorDetails>]?: (NonNullable<Static<typeof ErrorDetails>[K]> extends Array<infer E> ? readonly E[] : Static<typeof ErrorDetails>[K]) | undefined;
};

/**
 * The error body, `{ "error": { status, code, message, ...details } }`, for the given codes
 * (code → its status: src/http/errors.ts's ERROR_CODES).
 */
export function errorSchema(codes: Readonly<Record<string, { readonly status: number }>>): TSchema {
  const statuses = [...new Set(Object.values(codes).map((c) => c.status))].sort();
  return Type.Object({
    error: Type.Object({
      status: Type.Integer({ enum: statuses }),
      code: OneOf(Object.keys(codes)),
      message: Type.String(),
      ...ErrorDetails.properties,
    }, { additionalProperties: false }),
  }, { additionalProperties: false });
}

/** A reference to a schema of the document's components. */
export const Ref = (name: string) => Type.Unsafe<unknown>({ $ref: `#/components/schemas/${name}` });
