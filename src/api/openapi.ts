/**
 * The OpenAPI 3.1 description of the question API, generated from the named queries' headers
 * (and the allowed values of their IRI parameters, read from the graph), with search and facets.
 */
import { DIMENSIONS } from './facets.js';
import { SEARCH_TYPES } from '../search/build-index.js';
import { SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT } from '../search/search.js';
import { MAX_OFFSET, shortValue } from './bind.js';
import type { NamedQuery, ParameterSpec } from './named-query.js';

export interface OpenApiInput {
  readonly queries: readonly NamedQuery[];
  /** Query name → parameter name → allowed IRI → label. */
  readonly allowed: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, string>>>;
  readonly serverUrl: string;
  readonly version: string;
  readonly maxLimit: number;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });

function parameterSchema(spec: ParameterSpec, allowed: ReadonlyMap<string, string> | undefined): Record<string, unknown> {
  let item: Record<string, unknown>;
  switch (spec.type) {
    case 'iri': {
      const values = allowed ? [...allowed.keys()].map((iri) => shortValue(spec, iri)) : undefined;
      item = { type: 'string', ...(values && values.length ? { enum: values } : {}) };
      break;
    }
    case 'string': item = { type: 'string', ...(spec.values ? { enum: [...spec.values] } : {}) }; break;
    case 'date': item = { type: 'string', format: 'date' }; break;
    case 'integer': item = { type: 'integer', ...(spec.minimum !== undefined ? { minimum: spec.minimum } : {}), ...(spec.maximum !== undefined ? { maximum: spec.maximum } : {}) }; break;
    case 'decimal': item = { type: 'number' }; break;
    case 'boolean': item = { type: 'boolean' }; break;
  }
  if (spec.multiple) return { type: 'array', items: item, ...(spec.default ? { default: [...spec.default] } : {}) };
  const dflt = spec.default?.[0];
  if (dflt === undefined) return item;
  return { ...item, default: spec.type === 'boolean' ? dflt === 'true' : spec.type === 'integer' ? Number(dflt) : dflt };
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

function rowSchema(query: NamedQuery): Record<string, unknown> {
  const columns = new Map(query.columns.map((c) => [c.name, c]));
  const properties: Record<string, unknown> = {};
  for (const c of query.columns) {
    if (c.name.endsWith('Label') && columns.get(c.name.slice(0, -'Label'.length))?.type === 'iri') continue;
    const schema = c.type === 'iri' ? ref('Labelled') : c.type === 'iri-list' ? { type: 'array', items: ref('Labelled') } : { type: ['string', 'number', 'boolean'] };
    properties[c.name] = { ...schema, description: c.description };
  }
  return { type: 'object', properties };
}

const operationId = (name: string) => name.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

export function openApiDocument(input: OpenApiInput): Record<string, unknown> {
  const paths: Record<string, unknown> = {
    '/api/queries': {
      get: {
        operationId: 'listQueries',
        summary: 'The questions this API answers',
        description: 'Each named query with its title, description, parameters (and their allowed values) and result columns.',
        responses: { 200: { description: 'The list of named queries.', content: { 'application/json': { schema: ref('QueryList') } } } },
      },
    },
  };
  const schemas: Record<string, unknown> = {
    Error: {
      type: 'object', required: ['error'],
      properties: {
        error: {
          type: 'object', required: ['status', 'code', 'message'],
          properties: {
            status: { type: 'integer' }, code: { type: 'string' }, message: { type: 'string' },
            parameter: { type: 'string', description: 'The parameter at fault.' },
            allowed: { type: 'array', items: {}, description: 'The values the parameter may take.' },
          },
        },
      },
    },
    Labelled: {
      type: 'object', required: ['id'],
      properties: {
        id: { type: 'string', format: 'iri' },
        label: { type: 'string', description: 'In the language asked for (lang, Accept-Language), else English, else any.' },
        document: { type: 'string', description: 'This server\'s document about the IRI (segraph IRIs only).' },
      },
    },
    QueryList: { type: 'object', properties: { queries: { type: 'array', items: { type: 'object' } } } },
  };
  for (const query of input.queries) {
    const allowed = input.allowed.get(query.name);
    const rowName = `${operationId(query.name).replace(/^./, (c) => c.toUpperCase())}Row`;
    schemas[rowName] = rowSchema(query);
    paths[`/api/queries/${query.name}`] = {
      get: {
        operationId: operationId(query.name),
        summary: query.title,
        description: `${query.description}\n\nThe SPARQL that runs is given by \`?explain\`, and linked from every answer.`,
        tags: ['questions'],
        parameters: [
          ...query.parameters.map((p) => ({
            name: p.name, in: 'query', required: p.required,
            description: parameterDescription(p, allowed?.get(p.name)),
            schema: parameterSchema(p, allowed?.get(p.name)),
            ...(p.multiple ? { style: 'form', explode: false } : {}),
          })),
          { $ref: '#/components/parameters/limit' }, { $ref: '#/components/parameters/offset' },
          { $ref: '#/components/parameters/format' }, { $ref: '#/components/parameters/lang' },
          { $ref: '#/components/parameters/explain' },
        ],
        responses: {
          200: {
            description: 'The answer. `Link` has first/prev/next/last pages and the same query on the SPARQL endpoint; `Segraph-Total-Count` the number of rows without paging.',
            headers: { 'Segraph-Total-Count': { schema: { type: 'integer' } }, Link: { schema: { type: 'string' } } },
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    query: { type: 'string' }, title: { type: 'string' }, parameters: { type: 'object' },
                    total: { type: 'integer' }, limit: { type: 'integer' }, offset: { type: 'integer' },
                    sparql: { type: 'string', description: 'The same query on the SPARQL endpoint.' },
                    results: { type: 'array', items: ref(rowName) },
                  },
                },
              },
              'application/sparql-results+json': { schema: { type: 'object' } },
              'text/csv': { schema: { type: 'string' } },
              'application/ld+json': { schema: { type: 'object' } },
              'application/sparql-query': { schema: { type: 'string' } },
            },
          },
          304: { description: 'Not modified (If-None-Match).' },
          400: errorResponse('A parameter is invalid; the error names it and, where it helps, its allowed values.'),
          406: errorResponse('None of the accepted types can be produced.'),
          503: errorResponse('The query ran past its deadline, or the server is busy.'),
        },
      },
    };
  }
  paths['/api/facets'] = {
    get: {
      operationId: 'facets',
      summary: 'Counts of practices per country, fund, programme, SDG, theme, urban–rural type, target group and kind of implementing organisation',
      description: 'For any combination of filters and a search text. Values of one dimension combine with OR, dimensions with AND; a dimension\'s own counts ignore its own filter; a broader concept counts its narrower ones.',
      tags: ['browse'],
      parameters: [
        ...DIMENSIONS.map((d) => ({
          name: d.name, in: 'query', required: false,
          description: `${d.title}: a value's IRI or its name in ${d.namespace}. Several values, comma-separated or repeated, match any of them.`,
          schema: { type: 'array', items: { type: 'string' } }, style: 'form', explode: false,
        })),
        { name: 'q', in: 'query', required: false, description: 'A search text: only practices it finds are counted.', schema: { type: 'string' } },
        { $ref: '#/components/parameters/lang' },
      ],
      responses: {
        200: {
          description: 'The practices that match, and the counts per dimension.',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  q: { type: 'string' }, filters: { type: 'object' }, total: { type: 'integer' },
                  practices: { type: 'array', items: ref('Labelled') },
                  facets: {
                    type: 'object',
                    additionalProperties: {
                      type: 'object',
                      properties: {
                        title: { type: 'string' },
                        values: { type: 'array', items: { type: 'object', properties: { value: { type: 'string' }, id: { type: 'string' }, label: { type: 'string' }, count: { type: 'integer' }, selected: { type: 'boolean' } } } },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        304: { description: 'Not modified (If-None-Match).' },
        400: errorResponse('A filter value no practice has, or an unknown parameter; the error lists the allowed values.'),
      },
    },
  };
  paths['/api/search'] = {
    get: {
      operationId: 'search',
      summary: 'Full-text search over names, summaries and descriptions, in every language of the data',
      description: 'Insensitive to case and diacritics ("Darjiu" finds Dârjiu, "uslug" finds Usług), with prefix matching and a little fuzziness; every word must match, or any word when none matches all. Ranked: names above summaries above descriptions.',
      tags: ['browse'],
      parameters: [
        { name: 'q', in: 'query', required: true, description: 'The search text.', schema: { type: 'string', minLength: 1 } },
        { name: 'type', in: 'query', required: false, description: 'Kinds of resource; several match any.', schema: { type: 'array', items: { type: 'string', enum: [...SEARCH_TYPES] } }, style: 'form', explode: false },
        { name: 'country', in: 'query', required: false, description: 'Countries (EU authority code or IRI); several match any.', schema: { type: 'array', items: { type: 'string' } }, style: 'form', explode: false },
        { name: 'limit', in: 'query', description: 'Results per page.', schema: { type: 'integer', minimum: 1, maximum: SEARCH_MAX_LIMIT, default: SEARCH_DEFAULT_LIMIT } },
        { $ref: '#/components/parameters/offset' },
      ],
      responses: {
        200: {
          description: 'The matches, best first; `Link` has first/prev/next/last pages.',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  q: { type: 'string' }, filters: { type: 'object' }, match: { type: 'string', enum: ['all', 'any'] },
                  total: { type: 'integer' }, limit: { type: 'integer' }, offset: { type: 'integer' },
                  results: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        iri: { type: 'string' }, type: { type: 'string', enum: [...SEARCH_TYPES] }, label: { type: 'string' },
                        names: { type: 'array', items: { type: 'object', properties: { value: { type: 'string' }, language: { type: ['string', 'null'] } } } },
                        countries: { type: 'array', items: { type: 'string' } }, nutsRegions: { type: 'array', items: { type: 'string' } },
                        score: { type: 'number' }, document: { type: ['string', 'null'] },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        304: { description: 'Not modified (If-None-Match).' },
        400: errorResponse('A missing or empty q, an unknown type, a malformed country, or a bad limit/offset; the error names the parameter.'),
        404: errorResponse('This server has no search index (it serves no built seed graph).'),
      },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'segraph question API',
      version: input.version,
      summary: 'Cross-regional questions about social-economy good practices, as a web API.',
      description: 'Each question is a named SPARQL query (`queries/*.rq`) whose parameters are validated and bound as RDF terms. Every answer links to the SPARQL it ran, so anyone can read and rerun it at `/sparql`.',
      license: { name: 'CC BY 4.0 (the data)', identifier: 'CC-BY-4.0' },
    },
    servers: [{ url: input.serverUrl }],
    paths,
    components: {
      schemas,
      parameters: {
        limit: { name: 'limit', in: 'query', description: 'Rows per page.', schema: { type: 'integer', minimum: 1, maximum: input.maxLimit, default: Math.min(100, input.maxLimit) } },
        offset: { name: 'offset', in: 'query', description: 'Rows to skip.', schema: { type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 } },
        format: { name: 'format', in: 'query', description: 'Overrides Accept: json (plain JSON), srj (SPARQL JSON results), csv, jsonld.', schema: { type: 'string', enum: ['json', 'srj', 'csv', 'jsonld'] } },
        lang: { name: 'lang', in: 'query', description: 'Language(s) for labels, before Accept-Language (e.g. de,en).', schema: { type: 'string' } },
        explain: { name: 'explain', in: 'query', description: 'Answer with the SPARQL query that would run (application/sparql-query).', schema: { type: 'string' }, allowEmptyValue: true },
      },
    },
  };
}
