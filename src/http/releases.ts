/**
 * /releases/: the releases of the graph (releases/<VERSION>/ in the project, read once at start;
 * src/graph/release.ts). GET /releases/ lists them, GET /releases/<VERSION>/ shows one's notes —
 * each an HTML page for browsers and, negotiated like every RDF document, their DCAT description
 * (./catalog-releases.ts). GET or HEAD /releases/<VERSION>/<file> sends one of the files its
 * release.json lists, with its media type, length and a strong ETag from its SHA-256; anything
 * else — another file, `..`, an unknown version — is a 404 before the file system is touched.
 * It reads files only: the same over either engine.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { Router, type Request, type Response } from 'express';
import { readReleases, type ReleaseFile } from '../graph/release.js';
import { notesFromFiles, type ResourceNotes } from '../graph/release-notes.js';
import { DCAT, DCT, mintedUnder, RDF } from '../vocab/namespace.js';
import type { SnapshotInfo } from './catalog.js';
import { Graph } from './catalog-graph.js';
import { addReleases, releaseIri, servedRelease } from './catalog-releases.js';
import type { DatasetInfo } from './describe.js';
import { HttpError, methodNotAllowed } from './errors.js';
import { releasePage, releasesListPage, type ServedRelease } from './release-pages.js';
import { sendRdf } from './respond.js';
import { sitePath, type SiteConfig } from './site-config.js';

export type { ServedRelease } from './release-pages.js';

/**
 * The releases in `dir`, oldest first; none when there is no such directory. Only their records
 * are read at start: a release's notes (its added and removed quads, grouped by resource) are read
 * when its page is first asked for, then kept.
 */
export async function loadServedReleases(dir: string): Promise<ServedRelease[]> {
  const releases = await readReleases(dir);
  const text = async (dir: string, file: string, listed: readonly ReleaseFile[]) =>
    (listed.some((f) => f.file === file) ? readFile(join(dir, file), 'utf8') : '');
  return releases.map((r) => {
    let notes: Promise<readonly ResourceNotes[]> | undefined;
    return {
      ...r,
      notes: () => (notes ??= Promise.all([text(r.dir, 'added.nq', r.record.files), text(r.dir, 'removed.nq', r.record.files)])
        .then(([added, removed]) => notesFromFiles(r.record, added, removed))),
    };
  });
}

export interface ReleasesDeps {
  readonly releases: readonly ServedRelease[];
  readonly site: SiteConfig;
  readonly dataset: DatasetInfo;
  /** The served snapshot: which release (if any) is being served. */
  readonly snapshot?: SnapshotInfo;
}

/** The Content-Type a release file is served with. */
export function contentTypeOfReleaseFile(file: ReleaseFile): string {
  if (file.compression) return 'application/gzip';
  return file.mediaType.startsWith('text/') ? `${file.mediaType}; charset=utf-8` : file.mediaType;
}

/** The statements about `iri` and what hangs from it (its blank nodes, IRIs under it), and the typing of their values. */
function describing(quads: readonly Quad[], iri: string): Quad[] {
  const subjects = new Set([iri]);
  for (let grown = true; grown;) {
    grown = false;
    for (const q of quads) {
      const o = q.object;
      if (subjects.has(q.subject.value) && !subjects.has(o.value) && (o.termType === 'BlankNode' || o.value.startsWith(`${iri}/`))) {
        subjects.add(o.value);
        grown = true;
      }
    }
  }
  const values = new Set(quads.filter((q) => subjects.has(q.subject.value)).map((q) => q.object.value));
  return quads.filter((q) => subjects.has(q.subject.value) || (q.object.value === iri && q.predicate.value === DCAT.hasVersion)
    || (values.has(q.subject.value) && q.predicate.value === RDF.type && !subjects.has(q.subject.value)));
}

/** The /releases/ routes. */
export function releasesRouter(deps: ReleasesDeps): Router {
  const router = Router();
  const { releases, site } = deps;
  const root = sitePath(site);
  const minted = mintedUnder(site.base);
  const datasetIri = deps.dataset.iri ?? minted.dataset;
  const served = servedRelease(deps.snapshot?.manifest, releases)?.record.version;
  const byVersion = new Map(releases.map((r) => [r.record.version, r]));
  // What every answer depends on: the releases and which one is served.
  const version = createHash('sha256').update(JSON.stringify([served, releases.map((r) => [r.record.version, r.record.files])])).digest('hex').slice(0, 16);
  let quads: Quad[] | undefined;
  const all = () => {
    if (quads) return quads;
    const g = new Graph();
    const ds = N3.DataFactory.namedNode(datasetIri);
    g.add(ds, RDF.type, DCAT.Dataset).text(ds, DCT.title, deps.dataset.title);
    addReleases(g, {
      datasetIri, title: deps.dataset.title, publicUrl: site.publicUrl, releases,
      publisher: N3.DataFactory.namedNode(minted.publisher), contact: N3.DataFactory.namedNode(`${minted.catalog}#contact-point`),
      rights: N3.DataFactory.namedNode(`${minted.catalog}#rights`), spatial: [], profile: 'dcat-ap-3.0.1',
      ...(deps.snapshot ? { manifest: deps.snapshot.manifest } : {}),
    });
    return (quads = g.store.getQuads(null, null, null, null));
  };
  const releaseOf = (req: Request) => {
    const name = String(req.params['version'] ?? '');
    const release = byVersion.get(name);
    if (!release) throw new HttpError('not_found', releases.length > 0 ? `No release '${name}'; GET ${root}releases/ lists them.` : 'This server has no releases.');
    return release;
  };

  router.route('/releases/')
    .get(async (req: Request, res: Response) => {
      await sendRdf(req, res, { version, etagParts: ['releases'], quads: all, html: () => releasesListPage(releases, root, served) });
    })
    .all(methodNotAllowed(['GET', 'HEAD']));

  router.route('/releases/:version/')
    .get(async (req: Request, res: Response) => {
      const release = releaseOf(req);
      const iri = releaseIri(datasetIri, release.record.version);
      const notes = await release.notes();
      await sendRdf(req, res, {
        version, etagParts: ['release', release.record.version], quads: () => describing(all(), iri), html: () => releasePage(release, notes, root),
      });
    })
    .all(methodNotAllowed(['GET', 'HEAD']));

  router.route('/releases/:version/:file')
    .get((req: Request, res: Response, next) => {
      const release = releaseOf(req);
      const name = String(req.params['file'] ?? '');
      const file = release.record.files.find((f) => f.file === name);
      if (!file) throw new HttpError('not_found', `Release ${release.record.version} has no file '${name}'; it has ${release.record.files.map((f) => f.file).join(', ')}.`);
      res.setHeader('Content-Type', contentTypeOfReleaseFile(file));
      res.set({
        ETag: `"${file.sha256}"`,
        'Cache-Control': 'public, no-cache, no-transform',
        ...(file.compression ? { 'Content-Disposition': `attachment; filename="segraph-${release.record.version}-${file.file}"` } : {}),
        Link: `<${root}releases/${release.record.version}/>; rel="describedby"; type="text/turtle"`,
      });
      // If-None-Match by strong comparison (not req.fresh, which a request's Cache-Control: no-cache defeats).
      const tags = req.get('if-none-match')?.split(',').map((t) => t.trim());
      if (tags?.some((t) => t === '*' || t === `"${file.sha256}"`)) {
        res.status(304).end();
        return;
      }
      res.sendFile(join(release.dir, file.file), { etag: false, lastModified: false }, (error) => {
        if (error && !res.headersSent) next(error);
      });
    })
    .all(methodNotAllowed(['GET', 'HEAD']));
  return router;
}
