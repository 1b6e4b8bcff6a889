/**
 * The few SPARQL 1.1 requests `segraph publish` makes of a store: queries (the query endpoint),
 * updates (the authenticated update endpoint) and Graph Store Protocol POSTs (adding N-Triples to
 * a graph), each failure turned into an error a maintainer can act on.
 */
import { DigestClient, DigestRefusedError, type Credentials } from './digest-auth.js';
import type { SparqlText } from '../query/sparql.js';

/** Anything that stopped a publish; the message says what happened and what to do. */
export class PublishError extends Error {}
/** The store did not answer (connection refused, DNS, timeout). */
export class StoreUnreachableError extends PublishError {}
/** The store refused the credentials. */
export class AuthenticationError extends PublishError {}
/** The store answered a request with an error. */
export class StoreRequestError extends PublishError {}

export interface StoreEndpoints {
  /** The query endpoint as users know it, e.g. http://host:8890/sparql */
  readonly query: string;
  /** Authenticated SPARQL Update, e.g. http://host:8890/sparql-auth */
  readonly update: string;
  /** Authenticated Graph Store Protocol, e.g. http://host:8890/sparql-graph-crud-auth */
  readonly graphStore: string;
}

/**
 * The update and Graph Store endpoints of a store known by its query endpoint: Virtuoso's
 * `/sparql` has `/sparql-auth` and `/sparql-graph-crud-auth` beside it (Digest authentication).
 * Another store's must be given.
 */
export function storeEndpoints(to: string, update?: string, graphStore?: string): StoreEndpoints {
  let url: URL;
  try {
    url = new URL(to);
  } catch {
    throw new PublishError(`--to: '${to}' is not a URL (e.g. http://127.0.0.1:8890/sparql)`);
  }
  const virtuoso = /\/sparql\/?$/.test(url.pathname);
  const beside = (path: string) => new URL(url.pathname.replace(/\/sparql\/?$/, path), url).href;
  if (!virtuoso && (!update || !graphStore)) {
    throw new PublishError(`--to ${to}: not a Virtuoso endpoint (…/sparql), so give --update-endpoint and --graph-store`);
  }
  return { query: url.href, update: update ?? beside('/sparql-auth'), graphStore: graphStore ?? beside('/sparql-graph-crud-auth') };
}

export type Row = Record<string, string>;

export class StoreClient {
  private readonly digest: DigestClient;

  constructor(readonly endpoints: StoreEndpoints, credentials: Credentials, private readonly signal?: AbortSignal) {
    this.digest = new DigestClient(credentials);
  }

  /** A SELECT's rows, each variable's value as a string (unbound ones absent). */
  async select(query: SparqlText): Promise<Row[]> {
    const res = await this.send(this.endpoints.query, 'query', () => fetch(this.endpoints.query, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/sparql-results+json' },
      body: new URLSearchParams({ query: query.toString() }).toString(),
      ...(this.signal ? { signal: this.signal } : {}),
    }));
    const json = (await res.json()) as { results: { bindings: Array<Record<string, { value: string }>> } };
    return json.results.bindings.map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.value])));
  }

  /** One SPARQL Update request (which may hold several operations, `;`-separated). */
  async update(update: SparqlText): Promise<void> {
    const res = await this.send(this.endpoints.update, 'update', () => this.digest.fetch(this.endpoints.update, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: '*/*' },
      body: new URLSearchParams({ update: update.toString() }).toString(),
      ...(this.signal ? { signal: this.signal } : {}),
    }));
    await res.arrayBuffer();
  }

  /** Adds N-Triples to `graph` (Graph Store Protocol POST: adds, never replaces). */
  async addTriples(graph: string, ntriples: string): Promise<void> {
    const url = `${this.endpoints.graphStore}?graph=${encodeURIComponent(graph)}`;
    const res = await this.send(url, 'Graph Store POST', () => this.digest.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/n-triples' },
      body: ntriples,
      ...(this.signal ? { signal: this.signal } : {}),
    }));
    await res.arrayBuffer();
  }

  private async send(url: string, what: string, request: () => Promise<Response>): Promise<Response> {
    let res: Response;
    try {
      res = await request();
    } catch (error) {
      if (error instanceof DigestRefusedError) throw new AuthenticationError(error.message);
      if ((error as Error).name === 'AbortError') throw error;
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new StoreUnreachableError(`store unreachable: ${what} to ${url} failed: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
    }
    if (res.status === 401 || res.status === 403) {
      throw new AuthenticationError(`${url}: ${what} refused (HTTP ${res.status}): check SEGRAPH_STORE_USER and SEGRAPH_STORE_PASSWORD, and that the user may write (Virtuoso: the SPARQL_UPDATE role)`);
    }
    if (!res.ok) {
      const text = (await res.text().catch(() => '')).trim();
      throw new StoreRequestError(`${url}: ${what} failed with HTTP ${res.status}: ${text.slice(0, 1000)}`);
    }
    return res;
  }
}
