/**
 * The schemas of the JSON API's answers (routes.ts puts them under their routes and media
 * types). Objects state every field they may have (`additionalProperties: false`), so an answer
 * with a field the document does not describe fails the conformance test.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { DIMENSIONS } from './facets.js';
import { SEARCH_TYPES } from '../graph/search-index.js';
import type { NamedQuery } from './named-query.js';
import { OneOf, Ref } from './schemas.js';

const closed = { additionalProperties: false } as const;
const Count = Type.Integer({ minimum: 0 });

/** The parameters of a question as the list describes them. */
const QueryParameter = Type.Object({
  name: Type.String(),
  type: OneOf(['iri', 'string', 'date', 'integer', 'decimal', 'boolean']),
  description: Type.String(),
  required: Type.Boolean(),
  multiple: Type.Boolean(),
  default: Type.Optional(Type.String({ description: 'Comma-separated when several.' })),
  class: Type.Optional(Type.String({ format: 'iri' })),
  scheme: Type.Optional(Type.String({ format: 'iri' })),
  namespace: Type.Optional(Type.String({ format: 'iri' })),
  values: Type.Optional(Type.Union([
    Type.Array(Type.String(), { description: 'A string parameter: its values.' }),
    Type.Array(Type.Object({ value: Type.String(), iri: Type.String({ format: 'iri' }), label: Type.String() }, closed), { description: 'An IRI parameter: the values in the graph.' }),
  ])),
}, closed);

export const queryList = Type.Object({
  queries: Type.Array(Type.Object({
    name: Type.String(), title: Type.String(), description: Type.String(),
    href: Type.String(), example: Type.Optional(Type.String()), sparql: Type.String(),
    parameters: Type.Array(QueryParameter),
    result: Type.Object({
      subject: Type.Optional(Type.String()),
      columns: Type.Array(Type.Object({
        name: Type.String(), description: Type.String(),
        type: Type.Optional(OneOf(['iri', 'iri-list', 'literal'])),
        property: Type.Optional(Type.String()),
      }, closed)),
    }, closed),
  }, closed)),
}, closed);

/** A row of a question's plain JSON answer: a property per column (a `fooLabel` column becomes foo's label). */
function rowSchema(query: NamedQuery): TSchema {
  const columns = new Map(query.columns.map((c) => [c.name, c]));
  const properties: Record<string, TSchema> = {};
  for (const c of query.columns) {
    if (c.name.endsWith('Label') && columns.get(c.name.slice(0, -'Label'.length))?.type === 'iri') continue;
    const options = { description: c.description };
    properties[c.name] = Type.Optional(c.type === 'iri' ? Type.Unsafe({ ...Ref('Labelled'), ...options })
      : c.type === 'iri-list' ? Type.Array(Ref('Labelled'), options)
      : Type.Union([Type.String(), Type.Number(), Type.Boolean(), Ref('Labelled')], options));
  }
  return Type.Object(properties, closed);
}

/** A question's answer in plain JSON. */
export function questionAnswer(query: NamedQuery): TSchema {
  const parameters: Record<string, TSchema> = {};
  for (const p of query.parameters) parameters[p.name] = Type.Optional(p.multiple ? Type.Array(Type.String()) : Type.String());
  return Type.Object({
    query: Type.Literal(query.name), title: Type.String(),
    parameters: Type.Object(parameters, { ...closed, description: 'The values bound (IRIs by their short name where they have one).' }),
    total: Count, limit: Type.Integer({ minimum: 1 }), offset: Count,
    sparql: Type.String({ description: 'The same query on the SPARQL endpoint.' }),
    results: Type.Array(rowSchema(query)),
  }, closed);
}

/** SPARQL 1.1 Query Results JSON (the answer of `format=srj`). */
export const sparqlJsonAnswer = Type.Object({
  head: Type.Object({ vars: Type.Array(Type.String()) }),
  results: Type.Object({
    bindings: Type.Array(Type.Record(Type.String(), Type.Object({
      type: OneOf(['uri', 'literal', 'bnode', 'typed-literal']), value: Type.String(),
      'xml:lang': Type.Optional(Type.String()), datatype: Type.Optional(Type.String()),
    }, closed))),
  }),
});

/** A question's rows as JSON-LD: each a node of the default graph, with our context inlined. */
export const jsonLdAnswer = Type.Object({
  '@context': Type.Array(Type.Record(Type.String(), Type.Unknown()), { minItems: 1 }),
  '@graph': Type.Array(Type.Record(Type.String(), Type.Unknown())),
}, closed);

const FacetValue = Type.Object({
  value: Type.String({ description: 'Its name in the dimension\'s namespace, or the IRI.' }),
  id: Type.String({ format: 'iri' }),
  label: Type.Optional(Type.String()),
  document: Type.Optional(Type.String()),
  count: Count,
  selected: Type.Boolean(),
}, closed);

export const facetsAnswer = Type.Object({
  q: Type.Optional(Type.String()),
  filters: Type.Object(Object.fromEntries(DIMENSIONS.map((d) => [d.name, Type.Optional(Type.Array(Type.String()))])), closed),
  total: Count,
  limit: Type.Integer({ minimum: 1 }),
  offset: Count,
  practices: Type.Array(Ref('Labelled'), { description: 'The page: at most `limit` practices from `offset`, in IRI order.' }),
  facets: Type.Object(Object.fromEntries(DIMENSIONS.map((d) => [d.name, Type.Object({ title: Type.String(), values: Type.Array(FacetValue) }, closed)])), closed),
}, closed);

export const searchAnswer = Type.Object({
  q: Type.String(),
  filters: Type.Object({ type: Type.Array(OneOf(SEARCH_TYPES)), country: Type.Array(Type.String({ format: 'iri' })) }, closed),
  match: OneOf(['all', 'any'], { description: 'all: every word matched; any: nothing matched every word, so resources matching any word.' }),
  total: Count, limit: Type.Integer({ minimum: 1 }), offset: Count,
  results: Type.Array(Type.Object({
    iri: Type.String({ format: 'iri' }),
    type: OneOf(SEARCH_TYPES),
    label: Type.String(),
    names: Type.Array(Type.Object({ value: Type.String(), language: Type.Union([Type.String(), Type.Null()]) }, closed)),
    countries: Type.Array(Type.String({ format: 'iri' })),
    nutsRegions: Type.Optional(Type.Array(Type.String({ format: 'iri' }))),
    score: Type.Number(),
    document: Type.Union([Type.String(), Type.Null()], { description: 'This server\'s document about it (segraph IRIs only).' }),
  }, closed)),
}, closed);

/** The OpenAPI document itself (the OpenAPI 3.1 schema validates it in full; this is its outline). */
export const openApiAnswer = Type.Object({
  openapi: Type.Literal('3.1.0'),
  info: Type.Object({ title: Type.String(), version: Type.String() }),
  servers: Type.Array(Type.Object({ url: Type.String() })),
  paths: Type.Record(Type.String(), Type.Object({})),
  components: Type.Object({ schemas: Type.Object({}), parameters: Type.Object({}) }),
});
