/**
 * The OpenAPI 3.1 description of the JSON API, generated from its route schemas (routes.ts):
 * each route's query parameters from its `query` schema, its answers from its responses (errors
 * by the Error schema, their codes those of the status), and the shared schemas.
 */
import type { TSchema } from '@sinclair/typebox';
import type { NamedQuery } from './named-query.js';
import {
  COMPONENT_SCHEMAS, facetsRoute, openApiRoute, queriesRoute, questionRoute, searchRoute, unknownQuestionRoute,
  type Route, type RouteResponse,
} from './routes.js';
import { errorSchema, SHARED } from './schemas.js';

export interface OpenApiInput {
  readonly queries: readonly NamedQuery[];
  /** Query name → parameter name → allowed IRI → label. */
  readonly allowed: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, string>>>;
  readonly serverUrl: string;
  readonly version: string;
  readonly maxLimit: number;
  /** The error codes (src/http/errors.ts's ERROR_CODES), each with its status. */
  readonly errorCodes: Readonly<Record<string, { readonly status: number }>>;
}

/** Every route of the API, in the document's order. */
export function apiRoutes(input: Pick<OpenApiInput, 'queries' | 'allowed' | 'maxLimit'>): Route[] {
  return [
    queriesRoute(),
    ...input.queries.map((q) => questionRoute(q, input.maxLimit, input.allowed.get(q.name))),
    unknownQuestionRoute(input.queries.map((q) => q.name)),
    facetsRoute(),
    searchRoute(),
    openApiRoute(),
  ];
}

/** A schema as plain JSON: without TypeBox's symbol keys, and without what a parameter states itself. */
const plain = (schema: TSchema): Record<string, unknown> => JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;

function parameterOf(name: string, schema: TSchema, required: boolean, where: 'query' | 'path'): Record<string, unknown> {
  const { description, ...rest } = plain(schema);
  return {
    name, in: where, required,
    ...(description !== undefined ? { description } : {}),
    schema: rest,
    ...(rest['type'] === 'array' ? { style: 'form', explode: false } : {}),
    ...(name === 'explain' ? { allowEmptyValue: true } : {}),
  };
}

export function openApiDocument(input: OpenApiInput): Record<string, unknown> {
  const sharedParameters: Record<string, unknown> = {};
  // An error of this status: the Error schema, its status this one and its code one of the route's.
  const errorOf = (status: number, codes: readonly string[]) => {
    for (const code of codes) {
      if (input.errorCodes[code]?.status !== status) throw new Error(`error code ${code} is not a ${status} (ERROR_CODES)`);
    }
    return {
      allOf: [{ $ref: '#/components/schemas/Error' }, {
        type: 'object',
        properties: { error: { type: 'object', properties: { status: { const: status }, code: { enum: [...codes] } } } },
      }],
    };
  };
  const response = (status: number, r: RouteResponse) => {
    const content = r.errorCodes
      ? { 'application/json': { schema: errorOf(status, r.errorCodes) } }
      : r.content ? Object.fromEntries(Object.entries(r.content).map(([type, schema]) => [type, { schema: plain(schema) }])) : undefined;
    return {
      description: r.description,
      ...(r.headers ? { headers: Object.fromEntries(Object.entries(r.headers).map(([h, schema]) => [h, { schema: plain(schema) }])) } : {}),
      ...(content ? { content: plain(content as never) } : {}),
    };
  };
  const paths: Record<string, unknown> = {};
  for (const route of apiRoutes(input)) {
    const parameters: unknown[] = [];
    for (const [name, schema] of Object.entries(route.pathParameters?.properties ?? {})) parameters.push(parameterOf(name, schema, true, 'path'));
    const required = new Set(route.query.required ?? []);
    for (const [name, schema] of Object.entries(route.query.properties)) {
      const component = (schema as { [SHARED]?: string })[SHARED];
      const parameter = parameterOf(name, schema, required.has(name), 'query');
      if (component === undefined) {
        parameters.push(parameter);
        continue;
      }
      sharedParameters[component] ??= parameter;
      parameters.push(JSON.stringify(sharedParameters[component]) === JSON.stringify(parameter) ? { $ref: `#/components/parameters/${component}` } : parameter);
    }
    paths[route.path] = {
      get: {
        operationId: route.operationId, summary: route.summary, description: route.description,
        ...(route.tags ? { tags: [...route.tags] } : {}),
        ...(parameters.length > 0 ? { parameters } : {}),
        responses: Object.fromEntries(Object.entries(route.responses).map(([status, r]) => [status, response(Number(status), r)])),
      },
    };
  }
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
      schemas: {
        Error: { ...plain(errorSchema(input.errorCodes)), description: 'Every error: its status, its code (the README\'s error table) and message, and the details that help correct the request.' },
        ...Object.fromEntries(Object.entries(COMPONENT_SCHEMAS).map(([name, schema]) => [name, plain(schema)])),
      },
      parameters: sharedParameters,
    },
  };
}
