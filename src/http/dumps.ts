/**
 * /dumps/: the dumps of the snapshot being served (written by `segraph build`, listed in its
 * manifest). GET /dumps/ lists them (an HTML page for browsers, JSON otherwise); GET or HEAD
 * /dumps/<file> sends one with its media type, length, a strong ETag from its SHA-256 and
 * `Content-Disposition: attachment`. Only the files the manifest names are served: a request for
 * anything else — including `..%2Fgraph.nq` — is 404 before the file system is touched.
 */
import { join } from 'node:path';
import { Router, type Request, type Response } from 'express';
import { contentTypeOfDump, DUMP_FORMATS, DUMPS_DIR, type DumpFile } from '../graph/dumps.js';
import type { SnapshotInfo } from './catalog.js';
import { HttpError, methodNotAllowed } from './errors.js';
import { html, page } from './html.js';
import { negotiate } from './negotiate.js';
import { etagOf, notModified } from './respond.js';
import { sitePath, type SiteConfig } from './site-config.js';

export interface DumpsDeps {
  readonly snapshot?: SnapshotInfo;
  /** Where clients reach us: links start with its path (sitePath). */
  readonly site: SiteConfig;
}

const NO_DUMPS = 'This server has no dumps: it serves RDF loaded at start-up (--no-seed), not a built snapshot.';
const OLD_SNAPSHOT = 'This server has no dumps: its snapshot was built before segraph wrote dumps; run segraph build.';

const sizeOf = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(0)} KiB` : `${bytes} B`;

function describe(dump: DumpFile): string {
  const label = DUMP_FORMATS.find((f) => f.id === dump.format)?.label ?? dump.format;
  const content = dump.content === 'dataset' ? 'with its named graphs' : 'the union of the graphs';
  return `${label}, ${content}${dump.compression ? ', gzipped' : ''}`;
}

function listingPage(dumps: readonly DumpFile[], version: string | undefined, none: string, root: string): string {
  const rows = dumps.map((d) => html`<tr><td><a href="${root}dumps/${d.file}" download>${d.file}</a></td><td>${describe(d)}</td><td class="n">${sizeOf(d.bytes)}</td><td><code class="muted">${d.sha256}</code></td></tr>\n`);
  const body = html`<h1>Dumps</h1>
<p>${dumps.length > 0 ? html`The whole dataset, graph version <code>${version}</code>, in every RDF format, plain and gzipped. The triple formats hold the union of the named graphs; N-Quads and TriG keep each triple in its graph.` : none}</p>
${dumps.length > 0 ? html`<table>\n<thead><tr><th>file</th><th>content</th><th>size</th><th>SHA-256</th></tr></thead>\n<tbody>${rows}</tbody></table>` : ''}
<p>Their DCAT-AP description (byte sizes, checksums, licence): <a href="${root}catalog">catalog</a>. To query instead: <a href="${root}sparql">the SPARQL endpoint</a>.</p>`;
  return page({ title: 'Dumps — segraph', body, alternates: [[`${root}catalog`, 'text/turtle']], footer: html`segraph${version ? ` · graph ${version}` : ''}` });
}

/**
 * What to do with a request's `Range` header (RFC 9110 §14.2) for a file of `size` bytes:
 * - `ignore`: none, not in bytes, or not valid (a malformed header is ignored, never an error);
 * - `unsatisfiable`: valid, but no range starts inside the file (416);
 * - a single range `bytes=first-last` to serve (206). Several satisfiable ranges are served as
 *   the whole file (a server may ignore Range; we send no multipart/byteranges).
 */
export function rangeOf(header: string | undefined, size: number): 'ignore' | 'unsatisfiable' | { first: number; last: number } {
  if (header === undefined) return 'ignore';
  const m = /^\s*bytes\s*=(.*)$/i.exec(header);
  if (!m) return 'ignore';
  const specs = m[1]!.split(',').map((s) => s.trim()).filter((s) => s !== ''); // empty list elements are allowed (RFC 9110 §5.6.1)
  if (specs.length === 0) return 'ignore';
  const satisfiable: Array<{ first: number; last: number }> = [];
  for (const spec of specs) {
    const int = /^(\d+)-(\d*)$/.exec(spec);
    const suffix = /^-(\d+)$/.exec(spec);
    if (int) {
      const first = Number(int[1]);
      const last = int[2] === '' ? Infinity : Number(int[2]);
      if (last < first) return 'ignore';
      if (first < size) satisfiable.push({ first, last: Math.min(last, size - 1) });
    } else if (suffix) {
      const length = Number(suffix[1]);
      if (length > 0) {
        if (size === 0) return 'ignore'; // the whole (empty) file
        satisfiable.push({ first: Math.max(0, size - length), last: size - 1 });
      }
    } else {
      return 'ignore';
    }
  }
  if (satisfiable.length === 0) return 'unsatisfiable';
  return satisfiable.length === 1 ? satisfiable[0]! : 'ignore';
}

/** The /dumps/ routes. */
export function dumpsRouter(deps: DumpsDeps): Router {
  const router = Router();
  const snapshot = deps.snapshot;
  const dumps = snapshot?.manifest.dumps ?? [];
  const version = snapshot?.manifest.version;
  const byName = new Map(dumps.map((d) => [d.file, d]));
  const none = snapshot ? OLD_SNAPSHOT : NO_DUMPS;
  const root = sitePath(deps.site);
  const catalogLink = `<${root}catalog>; rel="describedby"; type="text/turtle"`;

  router.route('/dumps/')
    .get((req: Request, res: Response) => {
      const type = negotiate(req.get('accept'), ['application/json', 'text/html']) ?? 'application/json';
      res.set('Link', catalogLink);
      if (notModified(req, res, etagOf(version ?? 'none', 'dumps', type))) return;
      if (type === 'text/html') {
        res.type('text/html; charset=utf-8').send(listingPage(dumps, version, none, root));
        return;
      }
      res.type('application/json').send(JSON.stringify({
        version: version ?? null,
        ...(snapshot ? { builtAt: snapshot.manifest.builtAt } : {}),
        ...(dumps.length === 0 ? { message: none } : {}),
        catalog: `${root}catalog`,
        dumps: dumps.map((d) => ({
          file: d.file, url: `${root}dumps/${d.file}`, format: d.format, mediaType: d.mediaType, contentType: contentTypeOfDump(d),
          content: d.content, ...(d.compression ? { compression: d.compression } : {}), bytes: d.bytes, sha256: d.sha256,
        })),
      }, null, 2) + '\n');
    })
    .all(methodNotAllowed(['GET', 'HEAD']));

  router.route('/dumps/:file')
    .get((req: Request, res: Response, next) => {
      const name = String(req.params['file'] ?? '');
      const dump = byName.get(name);
      if (!snapshot || !dump) {
        throw new HttpError('not_found', dumps.length > 0 ? `No dump named '${name}'; GET /dumps/ lists them.` : none);
      }
      // Range is read here, by RFC 9110, and `send` is given only a single satisfiable range.
      const ifRange = req.get('if-range');
      const range = ifRange !== undefined && ifRange.trim() !== `"${dump.sha256}"` ? 'ignore' : rangeOf(req.get('range'), dump.bytes);
      if (range === 'unsatisfiable') {
        throw new HttpError('range_not_satisfiable', `No range in '${req.get('range')}' lies within the ${dump.bytes} bytes of ${dump.file}.`,
          { size: dump.bytes }, { 'Content-Range': `bytes */${dump.bytes}`, 'Accept-Ranges': 'bytes' });
      }
      if (range === 'ignore') delete req.headers['range'];
      else req.headers['range'] = `bytes=${range.first}-${range.last}`;
      res.setHeader('Content-Type', contentTypeOfDump(dump));
      res.set({
        ETag: `"${dump.sha256}"`,
        // The bytes are the file's: no compression on the way (the .gz files are there for that).
        'Cache-Control': 'public, no-cache, no-transform',
        'Content-Disposition': `attachment; filename="${dump.file.replace(/^segraph/, `segraph-${version}`)}"`,
        Link: catalogLink,
      });
      if (req.fresh) {
        res.status(304).end();
        return;
      }
      res.sendFile(join(snapshot.dir, DUMPS_DIR, dump.file), { etag: false, lastModified: false }, (error) => {
        if (error && !res.headersSent) next(error);
      });
    })
    .all(methodNotAllowed(['GET', 'HEAD']));
  return router;
}
