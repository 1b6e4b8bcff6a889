/**
 * Dumps of the whole dataset, written into a snapshot's `dumps/` directory at build time: the
 * union of the named graphs as Turtle (with our prefixes), N-Triples, JSON-LD (compacted with
 * our context, inlined) and RDF/XML, and the dataset with its named graphs as N-Quads and TriG —
 * each also gzipped. Every
 * file is recorded (name, media type, bytes, SHA-256) so the server can serve exactly those files
 * and the DCAT-AP catalogue can give their size and checksum.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { RDF, XSD } from '../vocab/namespace.js';
import { compactJsonLd } from './jsonld.js';
import { PREFIXES } from './prefixes.js';
import { tripleKey } from './store.js';
import { writeTurtle } from './turtle.js';

export type DumpFormatId = 'turtle' | 'ntriples' | 'nquads' | 'trig' | 'jsonld' | 'rdfxml';

export interface DumpFormat {
  readonly id: DumpFormatId;
  /** The file name in `dumps/` (stable across versions, so download URLs are too). */
  readonly file: string;
  readonly mediaType: string;
  /** 'dataset': quads in their named graphs; 'union': the triples of all graphs, de-duplicated. */
  readonly content: 'dataset' | 'union';
  readonly label: string;
}

export const DUMP_FORMATS: readonly DumpFormat[] = [
  { id: 'turtle', file: 'segraph.ttl', mediaType: 'text/turtle', content: 'union', label: 'Turtle' },
  { id: 'ntriples', file: 'segraph.nt', mediaType: 'application/n-triples', content: 'union', label: 'N-Triples' },
  { id: 'nquads', file: 'segraph.nq', mediaType: 'application/n-quads', content: 'dataset', label: 'N-Quads' },
  { id: 'trig', file: 'segraph.trig', mediaType: 'application/trig', content: 'dataset', label: 'TriG' },
  { id: 'jsonld', file: 'segraph.jsonld', mediaType: 'application/ld+json', content: 'union', label: 'JSON-LD' },
  { id: 'rdfxml', file: 'segraph.rdf', mediaType: 'application/rdf+xml', content: 'union', label: 'RDF/XML' },
];

/** One file in `dumps/`, as the manifest records it. */
export interface DumpFile {
  readonly file: string;
  readonly format: DumpFormatId;
  /** The media type of the RDF (for a .gz file: of the RDF inside it). */
  readonly mediaType: string;
  readonly content: 'dataset' | 'union';
  /** Set for a compressed file. */
  readonly compression?: 'gzip';
  readonly bytes: number;
  readonly sha256: string;
}

export const DUMPS_DIR = 'dumps';
export const GZIP_MEDIA_TYPE = 'application/gzip';

const gzipAsync = promisify(gzip);

/** The Content-Type a dump file is served with. */
export function contentTypeOfDump(dump: DumpFile): string {
  if (dump.compression) return GZIP_MEDIA_TYPE;
  return dump.mediaType.startsWith('text/') ? `${dump.mediaType}; charset=utf-8` : dump.mediaType;
}

/** The triples of all graphs, without duplicates, in the default graph. */
export function unionTriples(quads: readonly Quad[]): Quad[] {
  const seen = new Set<string>();
  const out: Quad[] = [];
  for (const q of quads) {
    const key = tripleKey(q.subject, q.predicate, q.object);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(N3.DataFactory.quad(q.subject, q.predicate, q.object));
  }
  return out;
}

function writeNTriples(triples: readonly Quad[]): string {
  const writer = new N3.Writer({ format: 'application/n-triples' });
  let out = '';
  for (const q of triples) out += writer.quadToString(q.subject, q.predicate, q.object);
  return out;
}

const RDF_NS = RDF.iri;
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;' };
function xmlText(text: string): string {
  // XML 1.0 cannot carry these characters at all, escaped or not.
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(text)) throw new Error(`RDF/XML cannot represent ${JSON.stringify(text)}`);
  return text.replace(/[&<>"\r]/g, (c) => XML_ESCAPES[c]!);
}

/** `iri` as namespace + local name, the local name being the longest NCName that ends it. */
function splitIri(iri: string): [string, string] {
  const m = /[\p{L}_][\p{L}\p{N}_.-]*$/u.exec(iri);
  if (!m || m.index === 0) throw new Error(`RDF/XML cannot use <${iri}> as a property`);
  return [iri.slice(0, m.index), m[0]];
}

const nodeId = (label: string) => `b${label.replace(/[^\p{L}\p{N}_.-]/gu, '_')}`;

/**
 * RDF/XML of `triples` (one rdf:Description per subject, our prefixes for property namespaces).
 * Written here rather than by Oxigraph because Oxigraph's store rewrites typed literals to their
 * canonical form ("4.5420"^^xsd:decimal becomes "4.542"), and a dump must keep every term as is.
 */
export function writeRdfXml(triples: readonly Quad[]): string {
  const prefixOf = new Map(Object.entries(PREFIXES).filter(([p]) => !/^xml/i.test(p)).map(([p, ns]) => [ns, p]));
  const used = new Map<string, string>([[RDF_NS, 'rdf']]);
  const qname = (iri: string) => {
    const [ns, local] = splitIri(iri);
    let prefix = used.get(ns);
    if (!prefix) used.set(ns, (prefix = prefixOf.get(ns) ?? `ns${used.size}`));
    return `${prefix}:${local}`;
  };
  const sorted = [...triples].sort((a, b) => (a.subject.value < b.subject.value ? -1 : a.subject.value > b.subject.value ? 1 : 0));
  const body: string[] = [];
  let subject: string | undefined;
  for (const q of sorted) {
    const s = `${q.subject.termType} ${q.subject.value}`;
    if (s !== subject) {
      if (subject !== undefined) body.push('  </rdf:Description>');
      subject = s;
      const about = q.subject.termType === 'BlankNode' ? `rdf:nodeID="${nodeId(q.subject.value)}"` : `rdf:about="${xmlText(q.subject.value)}"`;
      body.push(`  <rdf:Description ${about}>`);
    }
    const p = qname(q.predicate.value);
    const o = q.object;
    if (o.termType === 'NamedNode') body.push(`    <${p} rdf:resource="${xmlText(o.value)}"/>`);
    else if (o.termType === 'BlankNode') body.push(`    <${p} rdf:nodeID="${nodeId(o.value)}"/>`);
    else if (o.termType === 'Literal') {
      const attr = o.language ? ` xml:lang="${xmlText(o.language)}"` : o.datatype.value === XSD.string ? '' : ` rdf:datatype="${xmlText(o.datatype.value)}"`;
      body.push(`    <${p}${attr}>${xmlText(o.value)}</${p}>`);
    } else throw new Error(`RDF/XML cannot represent a ${o.termType} object`);
  }
  if (subject !== undefined) body.push('  </rdf:Description>');
  const xmlns = [...used].map(([ns, prefix]) => ` xmlns:${prefix}="${xmlText(ns)}"`).join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF${xmlns}>\n${body.join('\n')}\n</rdf:RDF>\n`;
}

/**
 * Serializes the snapshot in every dump format; `nquads` is the snapshot's canonical N-Quads.
 * Every writer keeps each term exactly as it is in the snapshot.
 */
export async function serializeDumps(quads: readonly Quad[], nquads: string): Promise<Map<DumpFormatId, string>> {
  const union = unionTriples(quads);
  // JSON-LD compacted with our context, inlined (as every JSON-LD we write): the file stands alone.
  const jsonld = await compactJsonLd(union, { graphs: 'union' });
  return new Map<DumpFormatId, string>([
    ['turtle', writeTurtle(union, false)],
    ['ntriples', writeNTriples(union)],
    ['nquads', nquads],
    ['trig', writeTurtle(quads, true)],
    ['jsonld', `${JSON.stringify(jsonld, null, 1)}\n`],
    ['rdfxml', writeRdfXml(union)],
  ]);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Writes every dump, plain and gzipped, into `snapshotDir/dumps/` and returns what the manifest
 * records about them. Call it on the snapshot's temporary directory, before it is renamed into place.
 *
 * @example
 *   const dumps = await writeDumps(tmpDir, quads, canonicalNQuads(quads));
 *   dumps[0]; // { file: 'segraph.ttl', format: 'turtle', mediaType: 'text/turtle', bytes: …, sha256: … }
 */
export async function writeDumps(snapshotDir: string, quads: readonly Quad[], nquads: string): Promise<DumpFile[]> {
  const dir = join(snapshotDir, DUMPS_DIR);
  await mkdir(dir, { recursive: true });
  const texts = await serializeDumps(quads, nquads);
  const written = await Promise.all(DUMP_FORMATS.map(async (format): Promise<DumpFile[]> => {
    const plain = Buffer.from(texts.get(format.id)!, 'utf8');
    // Node writes a zero mtime and no file name in the gzip header: same content, same bytes.
    const packed = await gzipAsync(plain, { level: constants.Z_BEST_COMPRESSION });
    await Promise.all([writeFile(join(dir, format.file), plain), writeFile(join(dir, `${format.file}.gz`), packed)]);
    const base = { format: format.id, mediaType: format.mediaType, content: format.content } as const;
    return [
      { file: format.file, ...base, bytes: plain.length, sha256: sha256(plain) },
      { file: `${format.file}.gz`, ...base, compression: 'gzip', bytes: packed.length, sha256: sha256(packed) },
    ];
  }));
  return written.flat();
}
