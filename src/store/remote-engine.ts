/**
 * The scale tier's engine: a remote SPARQL 1.1 store over HTTP (Virtuoso 7, as data.europa.eu and
 * DBpedia run it) where `segraph publish` laid out the data (src/store/layout.ts). It implements
 * the same `Engine` as the embedded Oxigraph pool, so nothing above src/query knows which runs.
 *
 * What it keeps of segraph's own rules, whatever the store does:
 * - **Read-only.** Only a text sparqljs parses as a query is sent (src/store/rewrite.ts).
 * - **The dataset.** The store always gets an explicit, complete dataset as protocol parameters;
 *   only the published version's graphs are visible, the default graph is its union graph.
 * - **Formats.** The store is asked only what every store answers (measured on Virtuoso 7.2:
 *   SPARQL JSON results for SELECT/ASK, N-Triples for CONSTRUCT/DESCRIBE; N-Quads is 406); the
 *   JSON is normalised to SPARQL 1.1 (Virtuoso writes `typed-literal`, `xsd:boolean` as "1",
 *   blank nodes as `nodeID://…`) and every other format is written here, as the workers write it.
 * - **Limits.** The deadline aborts the HTTP request (DeadlineError); the row cap goes into a
 *   SELECT's LIMIT (the cap + 1, to tell a cut result) and cuts graph results while they are
 *   read, and no answer is read past `maxResponseBytes`, so a huge result cannot exhaust memory.
 * - **Fairness.** At most `concurrency` requests to the store at once (one more for each that
 *   runs long, as the pool adds workers); the others wait in the pool's FairQueue
 *   (fair-queue.ts), per client and lane, with its long-query rule.
 * - **Failures.** A store that cannot be reached makes the engine `unavailable`: queries get
 *   EngineUnavailableError at once (not after their deadline) and a cheap ASK probes the store
 *   every `probeMs` until it answers again.
 */
import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { LRUCache } from 'lru-cache';
import type { Quad } from '@rdfjs/types';
import type { Manifest } from '../graph/snapshot.js';
import { CONTROL, CONTROL_GRAPH, NO_GRAPH, STORE_SUBJECT, StoreLayout } from './layout.js';
import { QueryRewriter, type StoreQuery } from './rewrite.js';
import { normaliseResults, storeMessage, triplesFromStore } from './store-answers.js';
import { LINK_TARGETS } from '../vocab/linksets.js';
import { currentClient } from '../query/client-context.js';
import { cacheUse, requestKey, type Engine, type EngineHealth, type EngineLimits, type QueryOutcome, type QueryRequest, type StoreHealth } from '../query/engine.js';
import { BusyError, ClientLimitError, DeadlineError, EngineUnavailableError, ShutdownError } from '../query/errors.js';
import { FairQueue, type Queued } from '../query/fair-queue.js';
import type { FairnessOptions } from '../query/pool-options.js';
import type { DatasetStats, VocabularyStats } from '../query/protocol.js';
import { capRows, toCsv, toTsv, toXml, type JsonResults } from '../query/results.js';
import { serializeGraph } from '../query/serialize.js';
import { iri, sparql } from '../query/sparql.js';
import { linksetQuery, staticQuery } from '../query/static-query.js';

/** The store cannot be reached at start (connection refused, DNS, an answer that is not SPARQL). */
export class StoreUnreachableError extends Error {
  constructor(readonly endpoint: string, readonly detail: string) {
    super(`cannot reach the SPARQL store at ${endpoint}: ${detail}`);
  }
}

/** The store answers, but no version is published in it (or the published one is not complete). */
export class NothingPublishedError extends Error {
  constructor(readonly endpoint: string, detail = 'no version is published in it') {
    super(`the SPARQL store at ${endpoint} has nothing to serve: ${detail}; run \`segraph publish --to ${endpoint}\` first`);
  }
}

export interface RemoteEngineOptions {
  /** The store's SPARQL endpoint, e.g. http://127.0.0.1:8890/sparql */
  readonly endpoint: string;
  readonly limits: EngineLimits;
  /** Bytes of results kept in the cache (default 64 MiB; 0 disables it). */
  readonly cacheBytes?: number;
  /** Requests to the store at once (default 4). */
  readonly concurrency?: number;
  /** The pool's fairness rules, applied to the requests waiting for the store. */
  readonly fairness?: Pick<FairnessOptions, 'perClient' | 'perClientQueue' | 'longMs' | 'heavyForMs' | 'reserve'>;
  /** Requests waiting, all clients together, beyond which queries get BusyError (default 256). */
  readonly maxQueue?: number;
  /** Bytes of one answer read at most (default 256 MiB): past it a graph result is cut, a solution result refused. */
  readonly maxResponseBytes?: number;
  /** While the store cannot be reached, how often to try it (default 1000 ms). */
  readonly probeMs?: number;
  readonly log?: (message: string) => void;
}

type CachedResult = Extract<QueryOutcome, { ok: true }>;
type Failure = Extract<QueryOutcome, { ok: false }>;

interface Waiting extends Queued {
  readonly start: () => void;
  readonly fail: (error: Error) => void;
  long: boolean;
}

/** How a request to the store ended, before it is turned into an outcome. */
type Answer = { readonly status: number; readonly type: string; readonly text: string; readonly cut: boolean; readonly maxRowsHeader: boolean };

const JSON_RESULTS = 'application/sparql-results+json';
const NTRIPLES = 'application/n-triples';
/** Why a request was aborted. */
const DEADLINE = Symbol('deadline');
const SHUTDOWN = Symbol('shutdown');

/** Why fetch failed, in a few words (undici hides the system error in `cause`). */
function causeOf(error: unknown): string {
  const own = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const cause = own.cause ?? (own.code ? own : undefined);
  if (cause?.code) return `${cause.code}${cause.message && !cause.message.includes(cause.code) ? ` (${cause.message})` : ''}`;
  return cause?.message ?? (error instanceof Error ? error.message : String(error));
}

export class RemoteEngine implements Engine {
  private readonly cache: LRUCache<string, CachedResult> | undefined;
  private readonly rewriter: QueryRewriter;
  private readonly waiting: FairQueue<Waiting>;
  private readonly inFlight = new Set<AbortController>();
  private readonly running = new Set<Waiting>();
  private readonly concurrency: number;
  private readonly maxQueue: number;
  private readonly perClientQueue: number;
  private readonly longMs: number;
  private readonly maxResponseBytes: number;
  private readonly probeMs: number;
  private readonly log: (message: string) => void;
  /** Why the store cannot be reached, while it cannot. */
  private unavailable: string | undefined;
  private unavailableSince: string | undefined;
  private probe: NodeJS.Timeout | undefined;
  private closed = false;
  /** The store's endpoint, and the kept-alive connections to it (at most twice the concurrency: long queries add one each). */
  private readonly url: URL;
  private readonly agent: Agent;
  /** Time to read the control graph at start. */
  readonly loadMs: number;

  private constructor(
    private readonly options: RemoteEngineOptions,
    readonly version: string,
    readonly stats: DatasetStats,
    readonly layout: StoreLayout,
    readonly manifest: Manifest,
    private readonly product: string,
    loadMs: number,
  ) {
    this.loadMs = loadMs;
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.url = new URL(options.endpoint);
    const agentOptions = { keepAlive: true, maxSockets: 2 * this.concurrency + 2 };
    this.agent = this.url.protocol === 'https:' ? new HttpsAgent(agentOptions) : new Agent(agentOptions);
    const f = options.fairness ?? {};
    this.perClientQueue = f.perClientQueue ?? 16;
    this.longMs = f.longMs ?? 1000;
    this.maxQueue = options.maxQueue ?? 256;
    this.maxResponseBytes = options.maxResponseBytes ?? 256 * 1024 * 1024;
    this.probeMs = options.probeMs ?? 1000;
    this.log = options.log ?? ((m) => process.stderr.write(`${m}\n`));
    this.waiting = new FairQueue<Waiting>({
      perClient: f.perClient ?? this.concurrency, perClientQueue: this.perClientQueue, heavyForMs: f.heavyForMs ?? 60_000,
      heavyCapacity: Math.max(1, this.concurrency - (f.reserve ?? 1)),
    });
    this.rewriter = new QueryRewriter(layout);
    const cacheBytes = options.cacheBytes ?? 64 * 1024 * 1024;
    this.cache = cacheBytes > 0
      ? new LRUCache<string, CachedResult>({ maxSize: cacheBytes, sizeCalculation: (v) => Math.max(1, v.body.length * 2) })
      : undefined;
  }

  get limits(): EngineLimits {
    return this.options.limits;
  }

  get endpoint(): string {
    return this.options.endpoint;
  }

  /**
   * Reads the control graph: which version is published, its manifest and its union graph's
   * size. Rejects with StoreUnreachableError or NothingPublishedError (both say what to do).
   */
  static async start(options: RemoteEngineOptions): Promise<RemoteEngine> {
    const started = performance.now();
    const { endpoint } = options;
    const query = sparql`SELECT ?version ?state ?manifest ?triples WHERE {
      ${iri(STORE_SUBJECT)} ${iri(CONTROL.published)} ?version .
      OPTIONAL { ?node ${iri(CONTROL.version)} ?version .
        OPTIONAL { ?node ${iri(CONTROL.state)} ?state } OPTIONAL { ?node ${iri(CONTROL.manifest)} ?manifest }
        OPTIONAL { ?node ${iri(CONTROL.unionTriples)} ?triples } }
    }`.toString();
    let res: Response;
    let text: string;
    try {
      res = await fetch(endpoint, {
        method: 'POST',
        headers: { accept: JSON_RESULTS, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams([['query', query], ['default-graph-uri', CONTROL_GRAPH], ['named-graph-uri', NO_GRAPH]]),
        signal: AbortSignal.timeout(Math.max(options.limits.deadlineMs, 10_000)),
      });
      text = await res.text();
    } catch (error) {
      throw new StoreUnreachableError(endpoint, causeOf(error));
    }
    if (!res.ok) throw new StoreUnreachableError(endpoint, `HTTP ${res.status}: ${storeMessage(text).slice(0, 300)}`);
    let rows: Array<Record<string, { value: string }>>;
    try {
      rows = (JSON.parse(text) as { results: { bindings: Array<Record<string, { value: string }>> } }).results.bindings;
    } catch {
      throw new StoreUnreachableError(endpoint, 'its answer is not SPARQL JSON results; is this a SPARQL endpoint?');
    }
    if (rows.length === 0) throw new NothingPublishedError(endpoint);
    if (rows.length > 1) throw new NothingPublishedError(endpoint, `its control graph names ${rows.length} published versions`);
    const row = rows[0]!;
    const version = row.version!.value;
    if (!row.manifest) throw new NothingPublishedError(endpoint, `the published version ${version} has no manifest in the control graph`);
    if (row.state?.value !== 'complete') throw new NothingPublishedError(endpoint, `the published version ${version} is not loaded completely (state ${row.state?.value ?? 'unknown'})`);
    const manifest = JSON.parse(row.manifest.value) as Manifest;
    const graphs = Object.entries(manifest.graphs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const stats: DatasetStats = {
      quads: manifest.quads,
      defaultGraphQuads: 0,
      defaultGraphTriples: Number(row.triples?.value ?? manifest.quads),
      graphs: graphs.map(([g, quads]) => ({ iri: g, quads })),
    };
    const layout = new StoreLayout(version, graphs.map(([g]) => g));
    const product = (res.headers.get('server') ?? '').match(/^Virtuoso\/(\S+)/)?.[1];
    return new RemoteEngine(options, version, stats, layout, manifest, product ? `Virtuoso ${product}` : 'SPARQL store', performance.now() - started);
  }

  get description(): string {
    return `${this.product} at ${this.options.endpoint} (SPARQL 1.1 over HTTP, up to ${this.concurrency} quer${this.concurrency === 1 ? 'y' : 'ies'} at once)`;
  }

  private get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.probeMs / 1000));
  }

  health(): EngineHealth {
    const resultCache = cacheUse(this.cache, this.options.cacheBytes ?? 64 * 1024 * 1024);
    const store: StoreHealth = {
      endpoint: this.options.endpoint, concurrency: this.concurrency, running: this.running.size, queued: this.waiting.size,
      ...(this.unavailableSince ? { unavailableSince: this.unavailableSince } : {}),
      ...(this.unavailable !== undefined ? { lastFailure: this.unavailable } : {}),
    };
    if (this.unavailable !== undefined) return { status: 'unavailable', ready: false, retryAfterSeconds: this.retryAfterSeconds, resultCache, store };
    return { status: 'ready', ready: true, resultCache, store };
  }

  private vocabulary: Promise<VocabularyStats> | undefined;

  /** The same statistics as the embedded workers compute (worker.ts), over the union graph, once. */
  vocabularyStats(): Promise<VocabularyStats> {
    this.vocabulary ??= this.computeVocabulary();
    this.vocabulary.catch(() => {
      this.vocabulary = undefined; // try again on the next request
    });
    return this.vocabulary;
  }

  private async computeVocabulary(): Promise<VocabularyStats> {
    const deadlineMs = Math.max(this.limits.deadlineMs, 120_000);
    const rows = async (query: string) => {
      const outcome = await this.run({ query, form: 'select', baseIri: 'urn:segraph:', format: 'json', complete: true }, deadlineMs);
      if (!outcome.ok) throw new Error(`statistics query failed: ${outcome.message}`);
      return (JSON.parse(outcome.body) as JsonResults).results!.bindings.map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, String(v.value)])));
    };
    const pairs = async (query: string) => (await rows(query))
      .map((r): [string, number] => [r.x!, Number(r.n)])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const count = async (query: string) => Number((await rows(query))[0]?.n ?? 0);
    const namespaces = LINK_TARGETS.map((t) => t.namespace);
    const linksets = namespaces.length
      ? (await rows(linksetQuery(namespaces)))
        .map((r) => ({ namespace: r.ns!, predicate: r.p!, triples: Number(r.n) }))
        .sort((a, b) => (a.namespace + a.predicate < b.namespace + b.predicate ? -1 : 1))
      : [];
    return {
      linksets,
      classes: (await pairs(staticQuery('class-partitions'))).map(([iri, entities]) => ({ iri, entities })),
      properties: (await pairs(staticQuery('property-partitions'))).map(([iri, triples]) => ({ iri, triples })),
      distinctSubjects: await count(staticQuery('distinct-subjects')),
      distinctObjects: await count(staticQuery('distinct-objects')),
    };
  }

  async execute(request: QueryRequest, key = requestKey(this.version, request)): Promise<QueryOutcome> {
    const hit = this.cache?.get(key);
    if (hit) return { ...hit, cached: true, ms: 0 };
    const outcome = await this.run(request, this.limits.deadlineMs);
    if (outcome.ok) this.cache?.set(key, outcome);
    return outcome;
  }

  /** A request through the queue to the store, within `deadlineMs` (queueing included). */
  private async run(request: QueryRequest, deadlineMs: number): Promise<QueryOutcome> {
    const started = performance.now();
    const maxRows = request.complete ? Number.POSITIVE_INFINITY : this.limits.maxRows;
    const selectCap = request.complete ? undefined : this.limits.maxRows + 1;
    const rewritten = this.rewriter.rewrite(request.query, request.baseIri, request.dataset, selectCap);
    if (!rewritten.ok) return { ok: false, kind: rewritten.kind, message: rewritten.message };
    const graph = request.form === 'construct' || request.form === 'describe';
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(DEADLINE), deadlineMs);
    let slot: Waiting | undefined;
    try {
      slot = await this.admit(request, controller.signal, deadlineMs);
      const answer = await this.send(rewritten, graph ? NTRIPLES : JSON_RESULTS, controller, graph ? maxRows : undefined);
      if (answer.status !== 200) return this.failure(answer);
      const outcome = graph
        ? await this.graphOutcome(answer, request, maxRows)
        : this.solutionOutcome(answer, request, maxRows);
      return outcome.ok ? { ...outcome, ms: performance.now() - started } : outcome;
    } catch (error) {
      if (controller.signal.reason === DEADLINE) throw new DeadlineError(deadlineMs, slot === undefined);
      if (controller.signal.reason === SHUTDOWN) throw new ShutdownError();
      throw error;
    } finally {
      clearTimeout(timer);
      if (slot) this.release(slot);
    }
  }

  /** Waits for a free slot (fairly, see fair-queue.ts); rejects if refused, aborted or closed. */
  private admit(request: QueryRequest, signal: AbortSignal, deadlineMs: number): Promise<Waiting> {
    if (this.closed) return Promise.reject(new ShutdownError());
    if (this.unavailable !== undefined) return Promise.reject(new EngineUnavailableError('the SPARQL store cannot be reached', this.retryAfterSeconds));
    if (this.waiting.size >= this.maxQueue) return Promise.reject(new BusyError('Every connection to the SPARQL store is busy and the queue is full; try again shortly.'));
    const client = request.client ?? currentClient() ?? '';
    if (!this.waiting.admits(client)) return Promise.reject(new ClientLimitError(this.perClientQueue, Math.max(1, Math.ceil(deadlineMs / 1000))));
    return new Promise<Waiting>((resolve, reject) => {
      const waiting: Waiting = {
        client, lane: request.clientQuery ? 'client' : 'server', long: false,
        start: () => {
          signal.removeEventListener('abort', onAbort);
          resolve(waiting);
        },
        fail: reject,
      };
      const onAbort = () => {
        if (this.waiting.remove(waiting)) reject(new Error('aborted while waiting'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiting);
      this.dispatch();
    });
  }

  /**
   * Starts waiting requests while there is room: `concurrency` at once, plus one more for each
   * long one running (up to twice `concurrency`), as the pool starts extra workers while long
   * jobs hold the others — so that a few slow clients' queries cannot hold every connection.
   * Heavy clients stay within the FairQueue's limits (one at a time, `concurrency − reserve` together).
   */
  private dispatch(): void {
    const long = () => [...this.running].filter((w) => w.long).length;
    while (this.running.size < this.concurrency + Math.min(this.concurrency, long()) && this.waiting.size > 0) {
      const next = this.waiting.next(() => [...this.running].filter((w) => w.long || this.waiting.isHeavy(w)).length);
      if (!next) return;
      this.running.add(next);
      const longTimer = setTimeout(() => {
        next.long = true;
        this.waiting.markHeavy(next);
        this.dispatch(); // room for one more
      }, this.longMs);
      longTimer.unref();
      (next as Waiting & { longTimer?: NodeJS.Timeout }).longTimer = longTimer;
      next.start();
    }
  }

  private release(slot: Waiting): void {
    clearTimeout((slot as Waiting & { longTimer?: NodeJS.Timeout }).longTimer);
    if (!this.running.delete(slot)) return;
    this.waiting.done(slot, slot.long);
    this.dispatch();
  }

  /**
   * POSTs the query (form-encoded: long queries fit) with its dataset, and reads the answer up
   * to `maxResponseBytes` — for N-Triples only up to `maxLines` lines (the row cap + 1). Through
   * node:http with a keep-alive agent rather than fetch: about a millisecond less per query
   * (fetch's WHATWG streams), which is most of what segraph adds to the store's own time.
   */
  private async send(q: StoreQuery, accept: string, controller: AbortController, maxLines?: number): Promise<Answer> {
    const form = new URLSearchParams([['query', q.query]]);
    for (const g of q.defaultGraphs) form.append('default-graph-uri', g);
    for (const g of q.namedGraphs) form.append('named-graph-uri', g);
    const body = Buffer.from(form.toString());
    this.inFlight.add(controller);
    try {
      let res: IncomingMessage;
      try {
        res = await new Promise<IncomingMessage>((resolve, reject) => {
          const req = (this.url.protocol === 'https:' ? httpsRequest : httpRequest)(this.url, {
            method: 'POST', agent: this.agent, signal: controller.signal,
            headers: { accept, 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length },
          }, resolve);
          req.on('error', reject);
          req.end(body);
        });
      } catch (error) {
        throw this.lost(error, controller);
      }
      const type = String(res.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const maxRowsHeader = res.headers['x-sparql-maxrows'] !== undefined;
      const status = res.statusCode ?? 0;
      try {
        const { text, cut } = await this.read(res, status === 200 && accept === NTRIPLES ? maxLines : undefined);
        return { status, type, text, cut, maxRowsHeader };
      } catch (error) {
        throw this.lost(error, controller);
      }
    } finally {
      this.inFlight.delete(controller);
    }
  }

  /** The body as text, cut at `maxResponseBytes` or after `maxLines` complete lines (then the connection is dropped). */
  private async read(res: IncomingMessage, maxLines = Number.POSITIVE_INFINITY): Promise<{ text: string; cut: boolean }> {
    const decoder = new TextDecoder();
    let text = '';
    let bytes = 0;
    let lines = 0;
    for await (const value of res as AsyncIterable<Buffer>) {
      bytes += value.byteLength;
      const piece = decoder.decode(value, { stream: true });
      if (Number.isFinite(maxLines)) {
        for (let at = piece.indexOf('\n'); at >= 0; at = piece.indexOf('\n', at + 1)) {
          if (++lines > maxLines) {
            res.destroy();
            return { text: text + piece.slice(0, at + 1), cut: true };
          }
        }
      }
      text += piece;
      if (bytes > this.maxResponseBytes) {
        res.destroy();
        return { text: text.slice(0, text.lastIndexOf('\n') + 1), cut: true };
      }
    }
    return { text: text + decoder.decode(), cut: false };
  }

  /**
   * A failed fetch: our own abort passes through (the caller tells deadline from shutdown);
   * anything else means the store cannot be reached: unavailable until a probe succeeds.
   */
  private lost(error: unknown, controller: AbortController): Error {
    if (controller.signal.aborted) return error instanceof Error ? error : new Error(String(error));
    const cause = causeOf(error);
    this.markUnavailable(cause);
    return new EngineUnavailableError('the SPARQL store cannot be reached', this.retryAfterSeconds);
  }

  private markUnavailable(cause: string): void {
    if (this.closed || this.unavailable !== undefined) return;
    this.unavailable = cause;
    this.unavailableSince = new Date().toISOString();
    this.log(`engine: the SPARQL store at ${this.options.endpoint} cannot be reached (${cause}); answering 503 engine_unavailable and trying it every ${this.probeMs} ms`);
    for (const w of this.waiting.drain()) w.fail(new EngineUnavailableError('the SPARQL store cannot be reached', this.retryAfterSeconds));
    this.probe = setInterval(() => void this.tryStore(), this.probeMs);
    this.probe.unref();
  }

  private probing = false;

  /** The probe: a cheap ASK; the store answering it makes the engine ready again. */
  private async tryStore(): Promise<void> {
    if (this.probing || this.closed) return;
    this.probing = true;
    try {
      const body = new URLSearchParams([['query', 'ASK {}'], ['default-graph-uri', NO_GRAPH], ['named-graph-uri', NO_GRAPH]]);
      const res = await fetch(this.options.endpoint, {
        method: 'POST', body, headers: { accept: JSON_RESULTS, 'content-type': 'application/x-www-form-urlencoded' },
        signal: AbortSignal.timeout(Math.max(this.probeMs, 2000)),
      });
      await res.text();
      if (res.ok && this.unavailable !== undefined) {
        this.log(`engine: the SPARQL store at ${this.options.endpoint} answers again`);
        this.unavailable = undefined;
        this.unavailableSince = undefined;
        clearInterval(this.probe);
        this.probe = undefined;
      }
    } catch {
      // still down; the next probe tries again
    } finally {
      this.probing = false;
    }
  }

  /**
   * The store refused the query: 400 is the query's syntax, 500 its evaluation; a gateway's
   * 502–504 is the store being away. Anything else (401, 403, 406, …) is not about the query but
   * about how segraph talks to the store: a fault for the operator (500 internal_error, logged).
   */
  private failure(answer: Answer): Failure {
    const message = storeMessage(answer.text);
    if (answer.status === 400) return { ok: false, kind: 'syntax', message };
    if (answer.status === 500) return { ok: false, kind: 'evaluation', message };
    if (answer.status >= 502 && answer.status <= 504) {
      this.markUnavailable(`HTTP ${answer.status}`);
      throw new EngineUnavailableError('the SPARQL store cannot be reached', this.retryAfterSeconds);
    }
    throw new Error(`the SPARQL store answered HTTP ${answer.status}: ${message.slice(0, 300)}`);
  }

  private solutionOutcome(answer: Answer, request: QueryRequest, maxRows: number): QueryOutcome {
    if (answer.cut) return { ok: false, kind: 'evaluation', message: `The answer is larger than ${this.maxResponseBytes} bytes; ask for fewer or smaller rows.` };
    const parsed = normaliseResults(JSON.parse(answer.text) as Parameters<typeof normaliseResults>[0], this.layout);
    const capped = capRows(parsed, maxRows);
    const truncated = capped.truncated || answer.maxRowsHeader;
    let body: string;
    switch (request.format) {
      case 'xml': body = toXml(capped.results); break;
      case 'csv': body = toCsv(capped.results); break;
      case 'tsv': body = toTsv(capped.results); break;
      default: body = JSON.stringify(capped.results);
    }
    return { ok: true, body, rows: capped.rows, truncated, cached: false, ms: 0 };
  }

  private async graphOutcome(answer: Answer, request: QueryRequest, maxRows: number): Promise<QueryOutcome> {
    let quads: Quad[] = triplesFromStore(answer.text, this.layout);
    let truncated = answer.cut || answer.maxRowsHeader;
    if (quads.length > maxRows) {
      quads = quads.slice(0, maxRows);
      truncated = true;
    }
    const body = await serializeGraph(quads, request.format);
    return { ok: true, body, rows: quads.length, truncated, cached: false, ms: 0 };
  }

  /** Stops: requests waiting or in flight get ShutdownError. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.probe);
    for (const w of this.waiting.drain()) w.fail(new ShutdownError());
    for (const c of this.inFlight) c.abort(SHUTDOWN);
    this.agent.destroy();
  }
}
