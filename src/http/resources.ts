/**
 * Linked data: every IRI we mint works. `/id/{type}/{slug}` and `/graph/{name}` answer
 * 303 See Other to their document, `/doc/…`, which is negotiated (Turtle by default; JSON-LD,
 * N-Triples, RDF/XML, TriG, N-Quads; HTML for browsers; `?format=` overrides) with Vary, ETag,
 * 304, HEAD and Link headers to the alternates. The server answers for its base IRI (the site
 * configuration's, src/http/site-config.ts) on its own origin: with the default base,
 * `/id/practice/x` on any host is `https://w3id.org/segraph/id/practice/x`.
 */
import { Router, type Request, type Response } from 'express';
import type { LRUCache } from 'lru-cache';
import N3 from 'n3';
import { formatOf, languagesOf } from './api-request.js';
import { contextDocument } from '../graph/jsonld.js';
import { framePractice, frameResource } from '../graph/jsonld-frame.js';
import { type Engine } from '../query/engine.js';
import { GRAPH_FORMATS } from '../query/formats.js';
import { documentQuery, existsQuery, UnsafeIriError } from '../query/describe-resource.js';
import { GRAPHS } from '../vocab/graphs.js';
import { mintedUnder, RDF, SG } from '../vocab/namespace.js';
import type { EncodedBodies } from './encode.js';
import { HttpError, methodNotAllowed } from './errors.js';
import { chooseFormat } from './negotiate.js';
import { etagOf, notModified, wantsHtml } from './respond.js';
import { ontologyPage } from './ontology-page.js';
import { resourcePage } from './resource-page.js';
import { practicePage } from './practice-page.js';
import { PracticeReader } from '../api/practice.js';
import type { Facets } from '../api/facets.js';
import { sitePath, type SiteConfig } from './site-config.js';

/**
 * The path of the document of an IRI we publish under the site's base (things and named graphs),
 * or undefined: `{path of the public URL}doc/…` (sitePath).
 *
 * @example
 *   documentPath('https://w3id.org/segraph/id/practice/x#budget', site) // '/doc/practice/x'
 *   // behind a proxy at https://data.example.org/segraph/:            '/segraph/doc/practice/x'
 */
export function documentPath(iri: string, site: SiteConfig): string | undefined {
  const { id, graph } = mintedUnder(site.base);
  const root = sitePath(site);
  const subject = iri.includes('#') ? iri.slice(0, iri.indexOf('#')) : iri;
  if (subject.startsWith(id) && subject.length > id.length) return `${root}doc/${subject.slice(id.length)}`;
  if (subject.startsWith(graph) && subject.length > graph.length) return `${root}doc/graph/${subject.slice(graph.length)}`;
  return undefined;
}

/** The IRI a `/doc/…` path is about (the inverse of documentPath). */
function iriOfDocument(rest: string, base: string): string {
  const { id, graph } = mintedUnder(base);
  return rest.startsWith('graph/') ? `${graph}${rest.slice('graph/'.length)}` : `${id}${rest}`;
}

const restOf = (req: Request): string => {
  const path = (req.params as { path?: string[] }).path ?? [];
  return path.join('/');
};

const ALTERNATES: ReadonlyArray<readonly [format: string, type: string, name: string]> = [
  ['ttl', 'text/turtle', 'Turtle'], ['jsonld', 'application/ld+json', 'JSON-LD'],
  ['nt', 'application/n-triples', 'N-Triples'], ['rdf', 'application/rdf+xml', 'RDF/XML'], ['html', 'text/html', 'HTML'],
];

/** Graphs holding what we added: our curation, and what our rules derived. */
const OUR_GRAPHS = new Set<string>([GRAPHS.curation, GRAPHS.inferred]);
/** Graphs describing the vocabulary, not stating facts. */
const BACKGROUND_GRAPHS = new Set<string>([GRAPHS.reference, GRAPHS.ontology, GRAPHS.provenance, GRAPHS.shapes]);

/** Whether a fact is only ours: stated in one of our graphs and in no source's graph. */
function oursOf(quads: readonly N3.Quad[]): (s: string, p: string, o: N3.Term) => boolean {
  const graphs = new Map<string, string[]>();
  for (const q of quads) {
    const key = `${q.subject.value} ${q.predicate.value} ${q.object.termType} ${q.object.value} ${q.object.termType === 'Literal' ? (q.object as N3.Literal).language : ''}`;
    graphs.set(key, [...(graphs.get(key) ?? []), q.graph.value]);
  }
  return (s, p, o) => {
    const stated = graphs.get(`${s} ${p} ${o.termType} ${o.value} ${o.termType === 'Literal' ? (o as N3.Literal).language : ''}`) ?? [];
    return stated.some((g) => OUR_GRAPHS.has(g)) && !stated.some((g) => !OUR_GRAPHS.has(g) && !BACKGROUND_GRAPHS.has(g));
  };
}

export interface ResourcesOptions {
  /**
   * The base IRI the data mints under (`/id/…` and `/graph/…` here are `{base}id/…` and
   * `{base}graph/…`), and where clients reach this server (the base IRI of the queries the routes
   * run; links start with its path).
   */
  readonly site: SiteConfig;
  /**
   * IRIs the graph does not hold but a document of ours describes, by the document's path under
   * the public URL — the dataset and its publisher are described by the DCAT-AP catalogue
   * (`catalog`), so their IRIs answer 303 there.
   */
  readonly describedBy?: ReadonlyMap<string, string>;
  /** The compressed bodies kept (shared by every surface). */
  readonly compressed: EncodedBodies;
  /** Framed JSON-LD documents kept, by ETag (none: a budget of 0 bytes). */
  readonly framed: LRUCache<string, string> | undefined;
  /** The app's facet index (related practices on practice pages); absent: the reader makes its own. */
  readonly facets?: Facets;
}

type DocumentFormat = 'ntriples' | (typeof GRAPH_FORMATS)[number]['id'];

/** Runs the document query of `iri` (what its /doc/… page shows); undefined when nothing is known about the IRI. */
async function documentOf(engine: Engine, iri: string, format: DocumentFormat, baseIri: string) {
  let query: string;
  try {
    query = documentQuery(iri);
  } catch (error) {
    if (error instanceof UnsafeIriError) return undefined;
    throw error;
  }
  const outcome = await engine.execute({ query, form: 'construct', baseIri, format });
  if (!outcome.ok) throw new Error(`document query failed: ${outcome.message}`);
  return outcome.rows > 0 ? outcome : undefined;
}

/**
 * The JSON-LD of the document of `iri` (what `/doc/…?format=jsonld` sends): compacted with our
 * published context, a practice framed into one nested object, any other resource framed with
 * what it links to. Kept in `framed` by the document's ETag; undefined when nothing is known.
 */
export async function jsonLdDocument(engine: Engine, iri: string, options: { readonly baseIri: string; readonly framed?: LRUCache<string, string> | undefined }): Promise<string | undefined> {
  const etag = etagOf(engine.version, 'doc', iri, 'jsonld');
  let body = options.framed?.get(etag);
  if (body === undefined) {
    const found = await documentOf(engine, iri, 'ntriples', options.baseIri);
    if (!found) return undefined;
    const triples = new N3.Parser({ format: 'application/n-triples' }).parse(found.body);
    const isPractice = triples.some((t) => t.subject.value === iri && t.predicate.value === RDF.type && t.object.value === SG.Practice);
    body = JSON.stringify(await (isPractice ? framePractice(triples, iri) : frameResource(triples, iri)), null, 1);
    options.framed?.set(etag, body);
  }
  return body;
}

export function resourcesRouter(engine: Engine, options: ResourcesOptions): Router {
  const router = Router();
  const { site } = options;
  const { base, publicUrl } = site;
  const root = sitePath(site);
  const describedBy = options.describedBy ?? new Map<string, string>();
  const { id: ID, graph: GRAPH } = mintedUnder(base);
  const encoded = options.compressed;
  /** Framed JSON-LD documents by ETag: framing costs milliseconds, a repeat should not. */
  const { framed } = options;
  /** A practice's page for people reads its facts with their graphs, and its related practices. */
  const practices = new PracticeReader(engine, publicUrl, options.facets);

  router.route('/ontology/context.jsonld').get(async (req: Request, res: Response) => {
    if (notModified(req, res, etagOf(engine.version, 'context'))) return;
    res.setHeader('Content-Type', 'application/ld+json');
    await encoded.send(req, res, `${res.getHeader('ETag')}`, JSON.stringify(await contextDocument(), null, 1));
  }).all(methodNotAllowed(['GET', 'HEAD']));

  const document = (iri: string, format: DocumentFormat, baseIri: string) => documentOf(engine, iri, format, baseIri);

  /** A cheap ASK, so a redirect does not build a document the client will ask for in another format. */
  async function exists(iri: string, baseIri: string): Promise<boolean> {
    let query: string;
    try {
      query = existsQuery(iri);
    } catch (error) {
      if (error instanceof UnsafeIriError) return false;
      throw error;
    }
    const outcome = await engine.execute({ query, form: 'ask', baseIri, format: 'json' });
    if (!outcome.ok) throw new Error(`existence query failed: ${outcome.message}`);
    return (JSON.parse(outcome.body) as { boolean: boolean }).boolean;
  }

  const notFound = (iri: string) => new HttpError('not_found', `Nothing is known about <${iri}>.`, { iri });

  /** /id/… and /graph/…: 303 to the document when the IRI is known. */
  const redirect = (namespace: string) => async (req: Request, res: Response) => {
    const iri = `${namespace}${restOf(req)}`;
    res.vary('Accept');
    const search = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    const elsewhere = describedBy.get(iri);
    if (elsewhere) {
      res.set('Cache-Control', 'public, max-age=3600');
      res.redirect(303, `${root}${elsewhere}${search}`);
      return;
    }
    if (!(await exists(iri, publicUrl))) throw notFound(iri);
    res.set('Cache-Control', 'public, max-age=3600');
    res.redirect(303, `${documentPath(iri, site)}${search}`);
  };

  router.route('/id/*path').get(redirect(ID)).all(methodNotAllowed(['GET', 'HEAD']));
  router.route('/graph/*path').get(redirect(GRAPH)).all(methodNotAllowed(['GET', 'HEAD']));

  router.route('/doc/*path').get(async (req: Request, res: Response) => {
    const rest = restOf(req);
    const iri = iriOfDocument(rest, base);
    const elsewhere = describedBy.get(iri);
    if (elsewhere) {
      res.redirect(303, `${root}${elsewhere}${req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : ''}`);
      return;
    }
    const here = `${root}doc/${rest}`;
    const formatParam = formatOf(req);
    res.vary('Accept');
    res.vary('Accept-Language');
    res.set('Link', ALTERNATES.map(([f, type]) => `<${here}?format=${f}>; rel="alternate"; type="${type}"`).join(', ')
      + `, <${iri}>; rel="describes"`);
    if (wantsHtml(req.get('accept'), formatParam)) {
      const languages = languagesOf(req);
      if (notModified(req, res, etagOf(engine.version, 'doc', iri, 'html', languages.join(',')))) return;
      const alternates = ALTERNATES.filter(([f]) => f !== 'html').map(([f, type, name]) => [`${here}?format=${f}`, type, name] as const);
      if (await practices.isPractice(iri)) {
        const body = practicePage({
          facts: await practices.read(iri), languages, version: engine.version, root, alternates,
          localHref: (target) => documentPath(target, site),
        });
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        await encoded.send(req, res, `${res.getHeader('ETag')}`, body);
        return;
      }
      const found = await document(iri, 'ntriples', publicUrl);
      if (!found) throw notFound(iri);
      const triples = new N3.Parser({ format: 'application/n-triples' }).parse(found.body);
      const ours = oursOf(await practices.statements(iri));
      const body = resourcePage({
        iri, triples, languages, version: engine.version, ours,
        localHref: (target) => documentPath(target, site),
        root,
        alternates,
      });
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      await encoded.send(req, res, `${res.getHeader('ETag')}`, body);
      return;
    }
    const chosen = chooseFormat(GRAPH_FORMATS, req.get('accept'), formatParam);
    const etag = etagOf(engine.version, 'doc', iri, chosen.format.id);
    if (notModified(req, res, etag)) return;
    if (chosen.format.id === 'jsonld') {
      const body = await jsonLdDocument(engine, iri, { baseIri: publicUrl, framed });
      if (body === undefined) throw notFound(iri);
      res.setHeader('Content-Type', chosen.contentType);
      await encoded.send(req, res, etag, body);
      return;
    }
    const found = await document(iri, chosen.format.id, publicUrl);
    if (!found) throw notFound(iri);
    res.setHeader('Content-Type', chosen.contentType);
    if (found.truncated) res.set({ 'Segraph-Result-Truncated': 'true', 'Segraph-Result-Limit': String(engine.limits.maxRows) });
    await encoded.send(req, res, `${res.getHeader('ETag')}`, found.body);
  }).all(methodNotAllowed(['GET', 'HEAD']));

  router.route('/ontology').get(async (req: Request, res: Response) => {
    const formatParam = formatOf(req);
    const html = wantsHtml(req.get('accept'), formatParam);
    const chosen = html ? undefined : chooseFormat(GRAPH_FORMATS, req.get('accept'), formatParam);
    res.vary('Accept');
    res.set('Link', ALTERNATES.map(([f, type]) => `<${root}ontology?format=${f}>; rel="alternate"; type="${type}"`).join(', '));
    if (notModified(req, res, etagOf(engine.version, 'ontology', chosen?.format.id ?? 'html'))) return;
    const outcome = await engine.execute({
      query: 'CONSTRUCT WHERE { ?s ?p ?o }', form: 'construct', baseIri: publicUrl,
      format: chosen?.format.id ?? 'ntriples', dataset: { defaultGraphs: [GRAPHS.ontology], namedGraphs: [] },
    });
    if (!outcome.ok || outcome.rows === 0) throw new HttpError('not_found', 'The ontology is not loaded in this dataset.');
    if (chosen) {
      res.setHeader('Content-Type', chosen.contentType);
      await encoded.send(req, res, `${res.getHeader('ETag')}`, outcome.body);
      return;
    }
    const triples = new N3.Parser({ format: 'application/n-triples' }).parse(outcome.body);
    const alternates = ALTERNATES.filter(([f]) => f !== 'html').map(([f, type]) => [`${root}ontology?format=${f}`, type] as const);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    await encoded.send(req, res, `${res.getHeader('ETag')}`, ontologyPage(triples, engine.version, alternates));
  }).all(methodNotAllowed(['GET', 'HEAD']));

  return router;
}
