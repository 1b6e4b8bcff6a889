/**
 * The OpenAPI document against the server that serves it: the document is a valid OpenAPI 3.1
 * description, and every answer of every /api route — each question with its examples and its
 * defaults, in each format, search, facets, the document itself, and their errors — has a status
 * the document declares for that route, a media type it declares for that status, and a body
 * valid against the schema it gives (ajv, JSON Schema 2020-12 as OpenAPI 3.1 has it). An answer
 * the document does not declare fails.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNamedQueries, type NamedQuery } from '../../src/api/named-query.js';
import { ROOT } from '../helpers/project.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// ajv-formats is CommonJS: its plugin is the module, or its default under some loaders.
const addFormats = ((addFormatsPlugin as unknown as { default?: unknown }).default ?? addFormatsPlugin) as unknown as (ajv: Ajv2020) => void;

interface Operation { responses: Record<string, { content?: Record<string, { schema: unknown }>; headers?: Record<string, { schema: unknown }> }> }
type Document = { paths: Record<string, { get: Operation }> } & Record<string, unknown>;

let server: TestServer;
let doc: Document;
let queries: NamedQuery[];
let ajv: Ajv2020;
/** Paths of the document some request was checked against. */
const covered = new Set<string>();

beforeAll(async () => {
  server = await startTestServer();
  doc = (await (await fetch(new URL('/api/openapi.json', server.url))).json()) as Document;
  queries = (await loadNamedQueries(join(ROOT, 'queries'))).queries;
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('iri', /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]*$/i);
  // The whole document as one schema, so that `#/components/schemas/…` references resolve.
  ajv.addSchema({ ...doc, $id: 'urn:segraph:openapi' });
}, 120_000);
afterAll(async () => server?.close());

const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
const validators = new Map<string, ValidateFunction>();

/** The document's path for a request path: itself, else the template it matches. */
function pathOf(path: string): string | undefined {
  if (doc.paths[path]) return path;
  return Object.keys(doc.paths).find((template) => template.includes('{')
    && new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path));
}

/**
 * Checks an answer against the document: the path, the status and the media type must be
 * declared, and the body (JSON parsed, else text) valid against the schema declared for them.
 * Returns what is wrong, [] when nothing is.
 */
function problems(path: string, status: number, contentType: string | null, text: string, headers?: Headers): string[] {
  const template = pathOf(path);
  if (!template) return [`${path} is not in the document`];
  const responses = doc.paths[template]!.get.responses;
  const declared = responses[String(status)];
  if (!declared) return [`${template}: status ${status} is not declared (declared: ${Object.keys(responses).join(', ')})`];
  covered.add(template);
  if (!declared.content) return text === '' ? [] : [`${template} ${status}: a body, where none is declared`];
  const type = (contentType ?? '').split(';')[0]!.trim();
  if (!declared.content[type]) return [`${template} ${status}: ${type} is not declared (declared: ${Object.keys(declared.content).join(', ')})`];
  const out: string[] = [];
  const check = (where: string, value: unknown) => {
    const ref = `urn:segraph:openapi#/${where}`;
    let validate = validators.get(ref);
    if (!validate) validators.set(ref, (validate = ajv.compile({ $ref: ref })));
    if (!validate(value)) out.push(...(validate.errors ?? []).map((e) => `${template} ${status} ${type}: ${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`));
  };
  let body: unknown = text;
  if (/json$/.test(type)) {
    try {
      body = JSON.parse(text);
    } catch {
      return [`${template} ${status}: ${type} body is not JSON`];
    }
  }
  check(pointer('paths', template, 'get', 'responses', String(status), 'content', type, 'schema'), body);
  for (const [name, header] of Object.entries(declared.headers ?? {})) {
    const value = headers?.get(name);
    if (value === null || value === undefined) continue;
    const schema = header.schema as { type?: string };
    check(pointer('paths', template, 'get', 'responses', String(status), 'headers', name, 'schema'), schema.type === 'integer' ? Number(value) : value);
  }
  return out;
}

/** GETs `path` and checks the answer against the document; returns the response's status and text. */
async function conforms(path: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string; res: Response }> {
  const res = await fetch(new URL(path, server.url), { headers });
  const text = await res.text();
  const url = new URL(path, server.url);
  expect(problems(url.pathname, res.status, res.headers.get('content-type'), text, res.headers), `GET ${path}`).toEqual([]);
  return { status: res.status, text, res };
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc['openapi']).toBe('3.1.0');
  });

  it('states every field an error carries, and every error code', async () => {
    const { ERROR_CODES } = await import('../../src/http/errors.js');
    const error = (doc['components'] as { schemas: { Error: { properties: { error: { properties: Record<string, { enum?: string[] }>; additionalProperties: boolean } } } } }).schemas.Error.properties.error;
    expect(error.properties['code']!.enum!.sort()).toEqual(Object.keys(ERROR_CODES).sort());
    expect(error.additionalProperties).toBe(false);
    expect(Object.keys(error.properties)).toEqual(expect.arrayContaining(['status', 'code', 'message', 'parameter', 'value', 'allowed', 'minimum', 'maximum', 'available', 'allow', 'limit']));
  });

  it('fails an answer it does not declare: an unknown status, media type or field, or a missing one', () => {
    const list = '/api/queries';
    expect(problems(list, 418, 'application/json', '{}')).toEqual([expect.stringMatching(/status 418 is not declared/)]);
    expect(problems(list, 200, 'text/html', '<p>')).toEqual([expect.stringMatching(/text\/html is not declared/)]);
    expect(problems(list, 200, 'application/json', '{"queries":[],"extra":1}')).not.toEqual([]);
    expect(problems(list, 200, 'application/json', '{"queries":[{"name":"x"}]}')).not.toEqual([]);
    expect(problems('/api/elsewhere', 200, 'application/json', '{}')).toEqual(['/api/elsewhere is not in the document']);
    const error = { error: { status: 400, code: 'invalid_parameter', message: 'm', parameter: 'p' } };
    expect(problems('/api/search', 400, 'application/json', JSON.stringify(error))).toEqual([]);
    expect(problems('/api/search', 400, 'application/json', JSON.stringify({ error: { ...error.error, reason: 'x' } }))).not.toEqual([]);
    expect(problems('/api/search', 400, 'application/json', JSON.stringify({ error: { ...error.error, code: 'not_found' } }))).not.toEqual([]);
    // A 400 of the search is one of its own codes, not any 400 of the server.
    expect(problems('/api/search', 400, 'application/json', JSON.stringify({ error: { ...error.error, code: 'invalid_encoding' } }))).toEqual([]);
    expect(problems('/api/search', 400, 'application/json', JSON.stringify({ error: { ...error.error, code: 'malformed_query' } }))).not.toEqual([]);
  });
});

describe('every answer of the API is one the document declares', () => {
  it('/api/queries and /api/openapi.json', async () => {
    await conforms('/api/queries');
    await conforms('/api/openapi.json');
    await conforms('/api/openapi.json', { accept: 'application/json' });
    const { res } = await conforms('/api/queries');
    await conforms('/api/queries', { 'if-none-match': res.headers.get('etag')! });
    await conforms('/api/queries?x=%FF');
  });

  it('each question, with its defaults and each of its examples, in every format', async () => {
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) {
      const path = `/api/queries/${q.name}`;
      expect(doc.paths[path], path).toBeDefined();
      // Without parameters: the defaults, or a 400 naming a required parameter.
      const needs = q.parameters.some((p) => p.required && !p.default);
      expect((await conforms(path)).status, path).toBe(needs ? 400 : 200);
      const sets = q.examples.map((e) => new URLSearchParams(e).toString());
      expect(sets.length, `${q.name} has an example`).toBeGreaterThan(0);
      for (const set of sets) expect((await conforms(`${path}?${set}`)).status, `${path}?${set}`).toBe(200);
      const example = sets.at(-1)!;
      for (const extra of ['format=srj', 'format=csv', 'format=jsonld', 'explain', 'lang=pl&limit=1&offset=1']) {
        expect((await conforms(`${path}?${example}&${extra}`)).status, `${path}?${example}&${extra}`).toBe(200);
      }
      await conforms(path, { accept: 'application/ld+json' });
      await conforms(path, { accept: 'text/csv' });
    }
  });

  it('question errors: an unknown value, an unknown parameter, a bad limit or format, no acceptable type, an unknown question', async () => {
    const q = '/api/queries/practices-by-fund-and-typology';
    for (const [query, status] of [['fund=nope', 400], ['typology=rural', 400], ['successors=maybe', 400], ['fnd=esf', 400], ['limit=0', 400],
      ['limit=abc', 400], ['offset=-1', 400], ['offset=4294967296', 400], ['format=xlsx', 400], ['fund=esf&fund=erdf', 400], ['country=%FF', 400]] as const) {
      expect((await conforms(`${q}?${query}`)).status, query).toBe(status);
    }
    expect((await conforms('/api/queries/cross-sector-partnerships?minSectors=x')).status).toBe(400);
    expect((await conforms(q, { accept: 'image/png' })).status).toBe(406);
    expect((await conforms('/api/queries/no-such-question')).status).toBe(404);
    const { res } = await conforms(`${q}?fund=esf`);
    expect((await conforms(`${q}?fund=esf`, { 'if-none-match': res.headers.get('etag')! })).status).toBe(304);
  });

  it('/api/search, its answers and its errors', async () => {
    for (const query of ['q=social', 'q=Darjiu', 'q=social&type=practice,place&country=POL', 'q=uslug&limit=1&offset=1', 'q=zzzqqqxxx', 'q=social+nonsenseword']) {
      expect((await conforms(`/api/search?${query}`)).status, query).toBe(200);
    }
    for (const query of ['', 'q=', 'q=--', 'q=a&q=b', 'q=social&type=event', 'q=social&country=Poland', 'q=social&limit=101', 'q=social&offset=x']) {
      expect((await conforms(`/api/search?${query}`)).status, query).toBe(400);
    }
  });

  it('/api/facets, its answers and its errors', async () => {
    for (const query of ['', 'country=POL', 'fund=esf&country=POL,ROU', 'q=social', 'lang=pl&theme=social-inclusion', 'typology=predominantly-rural']) {
      const { status, text } = await conforms(`/api/facets?${query}`);
      expect(status, `${query}: ${text.slice(0, 200)}`).toBe(200);
    }
    for (const query of ['country=XXX', 'colour=blue', 'q=%FF']) {
      expect((await conforms(`/api/facets?${query}`)).status, query).toBe(400);
    }
  });

  it('covered every path of the document', () => {
    expect([...covered].sort()).toEqual(Object.keys(doc.paths).sort());
  });
});
