/**
 * Every route of the JSON API, defined once: its query parameters and, per status, its answers
 * and their schemas per media type. src/http/api-request.ts reads requests by `query`
 * (readQuery), openapi.ts turns the routes into the OpenAPI 3.1 document, and
 * test/api/openapi-conformance.test.ts checks live answers against that document.
 *
 * A named question's route is made from its `queries/*.rq` header (ParameterSpec) at start-up;
 * for the document, with the values its IRI parameters may take (read from the graph).
 */
import { Type, type TObject, type TSchema } from '@sinclair/typebox';
import { DIMENSIONS } from './facets.js';
import { SEARCH_TYPES } from '../graph/search-index.js';
import { SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT } from '../search/search.js';
import { shortValue } from './bind.js';
import type { NamedQuery, ParameterSpec } from './named-query.js';
import { domainChecked, Labelled, Lang, Limit, List, Offset, OneOf, Ref, shared } from './schemas.js';
import { questionAnswer, facetsAnswer, jsonLdAnswer, openApiAnswer, queryList, searchAnswer, sparqlJsonAnswer } from './answers.js';

export interface RouteResponse {
  readonly description: string;
  readonly headers?: Readonly<Record<string, TSchema>>;
  /** Media type → the schema of the body; none for an answer without a body (304). */
  readonly content?: Readonly<Record<string, TSchema>>;
  /** An error: the body is the Error schema, its code one of these (each of this status). */
  readonly errorCodes?: readonly string[];
}

export interface Route {
  /** The path, as OpenAPI writes it. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly tags?: readonly string[];
  /** Path parameters (`{name}` in the path). */
  readonly pathParameters?: TObject;
  /** The query parameters; with `additionalProperties: false` the route refuses any other. */
  readonly query: TObject;
  readonly responses: Readonly<Record<number, RouteResponse>>;
}

/** Result forms of a named question: the name for `format=`, its media types (the first is sent). */
export const QUESTION_FORMATS = [
  { name: 'json', types: ['application/json'] },
  { name: 'srj', types: ['application/sparql-results+json'] },
  { name: 'csv', types: ['text/csv'] },
  { name: 'jsonld', types: ['application/ld+json'] },
] as const;

/** Rows per page of a question: by default, and at most (and never more than the engine's maxRows). */
export const QUESTION_DEFAULT_LIMIT = 100;
export const QUESTION_MAX_LIMIT = 1000;

const notModified: RouteResponse = { description: 'Not modified (If-None-Match).' };
const error = (description: string, ...errorCodes: string[]): RouteResponse => ({ description, errorCodes });
const badEncoding = error('A percent-encoded part of the URL is not UTF-8.', 'invalid_encoding');
const badParameter = (description: string) => error(description, 'invalid_parameter', 'invalid_encoding');
const notFound = (description: string) => error(description, 'not_found');
/** The answers of a route that runs queries on the engine, when it cannot. */
const engineErrors = {
  429: error('This client has as many queries waiting as one client may; retry after Retry-After.', 'too_many_requests'),
  503: error('A query ran past its deadline, the server is busy or stopping, a query worker died, or none is running.', 'query_timeout', 'busy', 'engine_failure', 'engine_unavailable', 'shutting_down'),
};
const linkHeader = Type.String({ description: 'Other pages (first, prev, next, last) and, for a question, the SPARQL it runs.' });

export const queriesRoute = (): Route => ({
  path: '/api/queries',
  operationId: 'listQueries',
  summary: 'The questions this API answers',
  description: 'Each named query with its title, description, parameters (and their allowed values) and result columns.',
  query: Type.Object({}),
  responses: {
    200: { description: 'The list of named queries.', content: { 'application/json': queryList } },
    304: notModified, 400: badEncoding, ...engineErrors,
  },
});

/** The JSON Schema of one parameter of a named question, from its header. */
function parameterSchema(spec: ParameterSpec, allowed: ReadonlyMap<string, string> | undefined): TSchema {
  const description = parameterDescription(spec, allowed);
  let item: TSchema;
  switch (spec.type) {
    case 'iri': {
      const values = allowed ? [...allowed.keys()].map((iri) => shortValue(spec, iri)) : [];
      item = values.length > 0 ? OneOf(values) : Type.String();
      break;
    }
    case 'string': item = spec.values ? OneOf(spec.values) : Type.String({ minLength: 1 }); break;
    case 'date': item = Type.String({ format: 'date' }); break;
    case 'integer': item = Type.Integer({ ...(spec.minimum !== undefined ? { minimum: spec.minimum } : {}), ...(spec.maximum !== undefined ? { maximum: spec.maximum } : {}) }); break;
    case 'decimal': item = Type.Number({ ...(spec.minimum !== undefined ? { minimum: spec.minimum } : {}), ...(spec.maximum !== undefined ? { maximum: spec.maximum } : {}) }); break;
    case 'boolean': item = Type.Boolean(); break;
  }
  const dflt = spec.default;
  const typed = (v: string) => (spec.type === 'boolean' ? v === 'true' : spec.type === 'integer' || spec.type === 'decimal' ? Number(v) : v);
  const schema = spec.multiple
    ? List(item, { description, ...(dflt ? { default: dflt.map(typed) } : {}) })
    : Type.Unsafe({ ...item, description, ...(dflt?.[0] !== undefined ? { default: typed(dflt[0]) } : {}) });
  // bind.ts checks the values (IRIs against the graph, integers exactly), not the reader.
  return domainChecked(schema);
}

function parameterDescription(spec: ParameterSpec, allowed: ReadonlyMap<string, string> | undefined): string {
  const parts = [spec.description];
  if (spec.type === 'iri') {
    parts.push(`An IRI${spec.class ? ` of a ${spec.class}` : ''}${spec.scheme ? ` in the scheme ${spec.scheme}` : ''}${spec.namespace ? `, or its name in ${spec.namespace}` : ''}.`);
    if (allowed && allowed.size) parts.push(`Values: ${[...allowed].map(([iri, label]) => `\`${shortValue(spec, iri)}\` (${label})`).join(', ')}.`);
  }
  if (spec.multiple) parts.push('Several values, comma-separated or repeated, match any of them.');
  return parts.filter(Boolean).join(' ');
}

export const operationIdOf = (name: string) => name.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/**
 * The route of a named question. `allowed` (parameter → IRI → label) adds the values of its IRI
 * parameters, for the document; the reader does not need them (bind.ts checks the values).
 */
export function questionRoute(query: NamedQuery, maxLimit: number, allowed?: ReadonlyMap<string, ReadonlyMap<string, string>>): Route {
  const own: Record<string, TSchema> = {};
  for (const p of query.parameters) {
    const schema = parameterSchema(p, allowed?.get(p.name));
    own[p.name] = p.required ? schema : Type.Optional(schema);
  }
  return {
    path: `/api/queries/${query.name}`,
    operationId: operationIdOf(query.name),
    summary: query.title,
    description: `${query.description}\n\nThe SPARQL that runs is given by \`?explain\`, and linked from every answer.`,
    tags: ['questions'],
    query: Type.Object({
      ...own,
      limit: Type.Optional(shared('limit', Limit(maxLimit, QUESTION_DEFAULT_LIMIT))),
      offset: Type.Optional(shared('offset', Offset())),
      format: Type.Optional(shared('format', OneOf(QUESTION_FORMATS.map((f) => f.name), { description: 'Overrides Accept: json (plain JSON), srj (SPARQL JSON results), csv, jsonld.' }))),
      lang: Type.Optional(Lang()),
      explain: Type.Optional(shared('explain', Type.String({ description: 'Answer with the SPARQL query that would run (application/sparql-query).' }))),
    }, { additionalProperties: false }),
    responses: {
      200: {
        description: 'The answer. `Link` has first/prev/next/last pages and the same query on the SPARQL endpoint; `Segraph-Total-Count` the number of rows without paging.',
        headers: { 'Segraph-Total-Count': Type.Integer({ minimum: 0 }), Link: linkHeader },
        content: {
          'application/json': questionAnswer(query),
          'application/sparql-results+json': sparqlJsonAnswer,
          'text/csv': Type.String({ description: 'The SPARQL results as CSV (RFC 4180), a header of the column names first.' }),
          'application/ld+json': jsonLdAnswer,
          'application/sparql-query': Type.String({ description: 'With `explain`: the SPARQL query that runs.' }),
        },
      },
      304: notModified,
      400: badParameter('A parameter is invalid; the error names it and, where it helps, its allowed values.'),
      406: error('None of the accepted types can be produced.', 'not_acceptable'),
      ...engineErrors,
    },
  };
}

/** Any other name under /api/queries/: not a question. */
export const unknownQuestionRoute = (names: readonly string[]): Route => ({
  path: '/api/queries/{name}',
  operationId: 'unknownQuery',
  summary: 'A name that is not one of the questions',
  description: 'The questions are the paths above; any other name is answered 404, with the names that are (`available`).',
  pathParameters: Type.Object({ name: Type.String({ description: `Not one of ${names.join(', ')}.` }) }),
  query: Type.Object({}),
  responses: { 400: badEncoding, 404: notFound('There is no question of that name.') },
});

/** Practices per page of /api/facets and /practices: by default, and at most. */
export const FACETS_DEFAULT_LIMIT = 50;
export const FACETS_MAX_LIMIT = 1000;

export const facetsRoute = (): Route => ({
  path: '/api/facets',
  operationId: 'facets',
  summary: 'Counts of practices per country, NUTS region, fund, programme, SDG, theme, urban–rural type, target group and kind of implementing organisation',
  description: 'For any combination of filters and a search text. Values of one dimension combine with OR, dimensions with AND; a dimension\'s own counts ignore its own filter; a broader concept counts its narrower ones, and a NUTS region the practices of the regions within it (region=PL92 matches a practice in PL923).',
  tags: ['browse'],
  query: Type.Object({
    ...Object.fromEntries(DIMENSIONS.map((d) => [d.name, Type.Optional(domainChecked(List(Type.String(), {
      description: `${d.title}: a value's IRI or its name in ${d.namespace}. Several values, comma-separated or repeated, match any of them.`,
    })))])),
    q: Type.Optional(Type.String({ description: 'A search text: only practices it finds are counted.' })),
    limit: Type.Optional(shared('limit', Limit(FACETS_MAX_LIMIT, FACETS_DEFAULT_LIMIT, 'Practices per page (the counts are over all of them).'))),
    offset: Type.Optional(shared('offset', Offset())),
    lang: Type.Optional(Lang()),
  }, { additionalProperties: false }),
  responses: {
    200: { description: 'A page of the practices that match (in IRI order; `total` counts them all; `Link` has first/prev/next/last pages), and the counts per dimension.', headers: { Link: linkHeader }, content: { 'application/json': facetsAnswer } },
    304: notModified,
    400: badParameter('A filter value no practice has, or an unknown parameter; the error lists the allowed values.'),
    404: notFound('A search text, and this server has no search index (it serves no built seed graph).'),
    ...engineErrors,
  },
});

export const searchRoute = (): Route => ({
  path: '/api/search',
  operationId: 'search',
  summary: 'Full-text search over names, summaries and descriptions, in every language of the data',
  description: 'Insensitive to case and diacritics ("Darjiu" finds Dârjiu, "uslug" finds Usług), with prefix matching and a little fuzziness; every word must match, or any word when none matches all. Ranked: names above summaries above descriptions.',
  tags: ['browse'],
  query: Type.Object({
    // search.ts checks the text: it must have a word to search for.
    q: Type.String({ description: 'The search text (at least one word).', examples: ['social cooperative'] }),
    type: Type.Optional(List(OneOf(SEARCH_TYPES), { description: 'Kinds of resource; several match any.' })),
    // countryIri (src/api/parameters.ts) checks the codes.
    country: Type.Optional(domainChecked(List(Type.String(), { description: 'Countries (EU authority code or IRI); several match any.' }))),
    limit: Type.Optional(Limit(SEARCH_MAX_LIMIT, SEARCH_DEFAULT_LIMIT, 'Results per page.')),
    offset: Type.Optional(shared('offset', Offset())),
  }),
  responses: {
    200: { description: 'The matches, best first; `Link` has first/prev/next/last pages.', headers: { Link: linkHeader }, content: { 'application/json': searchAnswer } },
    304: notModified,
    400: badParameter('A missing or empty q, an unknown type, a malformed country, or a bad limit/offset; the error names the parameter.'),
    404: notFound('This server has no search index (it serves no built seed graph).'),
  },
});

export const openApiRoute = (): Route => ({
  path: '/api/openapi.json',
  operationId: 'openApi',
  summary: 'This description of the API',
  description: 'OpenAPI 3.1, generated from the same route schemas the server reads requests by.',
  query: Type.Object({}),
  responses: {
    200: { description: 'The OpenAPI document.', content: { 'application/vnd.oai.openapi+json': openApiAnswer, 'application/json': openApiAnswer } },
    304: notModified, 400: badEncoding, ...engineErrors,
  },
});

/** The shared schemas the routes refer to (`#/components/schemas/…`). */
export const COMPONENT_SCHEMAS: Readonly<Record<string, TSchema>> = { Labelled };
export { Ref };
