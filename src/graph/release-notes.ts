/**
 * The change log of a release: what differs between the previous release's canonical N-Quads and
 * this one's, by resource. A resource is a document: a hash IRI (`…/practice/people-made#funding-2021`,
 * a citation or reified statement node) belongs to the IRI before its `#`; a blank node to the
 * resource that points to it. Quads of graph/inferred are counted, not listed. The same model
 * gives NOTES.md (here) and the release's HTML page (src/http/release-pages.ts).
 */
import N3 from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { GRAPHS } from '../vocab/graphs.js';
import { DEFAULT_BASE, XSD } from '../vocab/namespace.js';
import { PREFIXES } from './prefixes.js';
import { changeSentence, type ReleaseChanges, type ReleaseRecord } from './release-record.js';

/** Prefixes of the notes: ours, and `sgid:` for things minted under the default base. */
export const NOTES_PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ['sgid', `${DEFAULT_BASE}id/`],
  ...Object.entries(PREFIXES).sort(([, a], [, b]) => b.length - a.length),
];

/** `sgid:practice/people-made`, `sg:title`, `<http://other/x>`: readable, Turtle-like. */
export function termText(term: Term): string {
  if (term.termType === 'NamedNode') {
    for (const [prefix, ns] of NOTES_PREFIXES) {
      const local = term.value.slice(ns.length);
      if (term.value.startsWith(ns) && /^[\w\-./#]+$/.test(local)) return `${prefix}:${local}`;
    }
    return `<${term.value}>`;
  }
  if (term.termType === 'BlankNode') return `_:${term.value}`;
  if (term.termType === 'Literal') {
    const text = JSON.stringify(term.value);
    if (term.language) return `${text}@${term.language}`;
    return term.datatype.value === XSD.string ? text : `${text}^^${termText(term.datatype)}`;
  }
  return term.value;
}

export interface TripleLine {
  readonly sign: '+' | '-';
  /** The graph, as `termText` writes it. */
  readonly graph: string;
  /** `s p o .` */
  readonly text: string;
}

export interface ResourceNotes {
  readonly resource: string;
  readonly kind: 'added' | 'removed' | 'changed';
  /** The asserted quads added and removed, by graph, then as text. */
  readonly lines: readonly TripleLine[];
  readonly inferredAdded: number;
  readonly inferredRemoved: number;
}

export interface GraphDiff {
  /** N-Quads lines added and removed (every graph), sorted. */
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** Null when there is no previous release. */
  readonly changes: ReleaseChanges | null;
  readonly resources?: { added: string[]; removed: string[]; changed: string[] };
  readonly notes: readonly ResourceNotes[];
}

/** Blank node labels kept as written: the same node in the whole graph and in the lines added. */
const parse = (lines: readonly string[]): Quad[] => new N3.Parser({ format: 'application/n-quads', blankNodePrefix: '' }).parse(lines.join('\n'));
const inferred = (q: Quad) => q.graph.value === GRAPHS.inferred;

/** The resource each quad is about: its subject's document, a blank node's referrer's. */
function documents(quads: readonly Quad[]): (q: Quad) => string {
  const parent = new Map<string, Term>();
  for (const q of quads) if (q.object.termType === 'BlankNode' && q.subject.termType !== 'BlankNode') parent.set(q.object.value, q.subject);
  const doc = (t: Term): string => {
    if (t.termType === 'BlankNode') {
      const p = parent.get(t.value);
      return p ? doc(p) : `_:${t.value}`;
    }
    return t.value.split('#')[0]!;
  };
  return (q) => doc(q.subject);
}

/** The resources with asserted quads in `quads`. */
function resourcesOf(quads: readonly Quad[]): Set<string> {
  const of = documents(quads);
  return new Set(quads.filter((q) => !inferred(q)).map(of));
}

type Group = { lines: TripleLine[]; inferredAdded: number; inferredRemoved: number };

/**
 * The quads added (`+`) and removed (`-`) by resource: asserted ones as lines — by graph, subject
 * and predicate, the removed before the added — inferred ones counted.
 */
function group(parts: ReadonlyArray<readonly [readonly Quad[], '+' | '-', (q: Quad) => string]>): Map<string, Group> {
  const byResource = new Map<string, Group & { keys: Map<TripleLine, string> }>();
  for (const [quads, sign, of] of parts) {
    for (const q of quads) {
      const resource = of(q);
      let e = byResource.get(resource);
      if (!e) byResource.set(resource, (e = { lines: [], inferredAdded: 0, inferredRemoved: 0, keys: new Map() }));
      if (!inferred(q)) {
        const [s, p, o, g] = [termText(q.subject), termText(q.predicate), termText(q.object), termText(q.graph)];
        const line = { sign, graph: g, text: `${s} ${p} ${o} .` };
        e.lines.push(line);
        e.keys.set(line, `${g}\u0000${s}\u0000${p}\u0000${sign === '-' ? 0 : 1}\u0000${o}`);
      } else if (sign === '+') e.inferredAdded++;
      else e.inferredRemoved++;
    }
  }
  const out = new Map<string, Group>();
  for (const [resource, { keys, ...e }] of byResource) {
    const key = (l: TripleLine) => keys.get(l)!;
    out.set(resource, { ...e, lines: e.lines.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)) });
  }
  return out;
}

const ORDER = { added: 0, changed: 1, removed: 2 } as const;
const byKindThenResource = (a: ResourceNotes, b: ResourceNotes) => ORDER[a.kind] - ORDER[b.kind] || (a.resource < b.resource ? -1 : 1);

/**
 * The difference between two canonical N-Quads graphs (as lines); `before` undefined for a first
 * release, which lists nothing (its notes count classes and graphs instead).
 */
export function diffGraphs(before: readonly string[] | undefined, now: readonly string[]): GraphDiff {
  if (!before) return { added: [...now], removed: [], changes: null, notes: [] };
  const [old, current] = [new Set(before), new Set(now)];
  const added = now.filter((l) => !old.has(l)).sort();
  const removed = before.filter((l) => !current.has(l)).sort();
  const [beforeQuads, nowQuads] = [parse(before), parse(now)];
  const [had, has] = [resourcesOf(beforeQuads), resourcesOf(nowQuads)];
  const [ofBefore, ofNow] = [documents(beforeQuads), documents(nowQuads)];
  const [addedQuads, removedQuads] = [parse(added), parse(removed)];
  const byResource = group([[addedQuads, '+', ofNow], [removedQuads, '-', ofBefore]]);
  const notes: ResourceNotes[] = [];
  for (const [resource, e] of byResource) {
    if (e.lines.length === 0) continue; // only inferences changed: counted, not listed
    const kind = !had.has(resource) ? 'added' : !has.has(resource) ? 'removed' : 'changed';
    notes.push({ resource, kind, ...e });
  }
  notes.sort(byKindThenResource);
  const of = (kind: ResourceNotes['kind']) => notes.filter((r) => r.kind === kind).map((r) => r.resource);
  const resources = { added: of('added'), removed: of('removed'), changed: of('changed') };
  const count = (quads: Quad[], want: boolean) => quads.filter((q) => inferred(q) === want).length;
  return {
    added, removed, resources, notes,
    changes: {
      resourcesAdded: resources.added.length, resourcesRemoved: resources.removed.length, resourcesChanged: resources.changed.length,
      triplesAdded: count(addedQuads, false), triplesRemoved: count(removedQuads, false),
      inferredAdded: count(addedQuads, true), inferredRemoved: count(removedQuads, true),
    },
  };
}

/** The notes of a release read back from its files (added.nq, removed.nq) and release.json. */
export function notesFromFiles(record: ReleaseRecord, addedNQuads: string, removedNQuads: string): readonly ResourceNotes[] {
  if (!record.resources) return [];
  const kinds = new Map<string, ResourceNotes['kind']>([
    ...record.resources.added.map((r) => [r, 'added'] as const), ...record.resources.changed.map((r) => [r, 'changed'] as const),
    ...record.resources.removed.map((r) => [r, 'removed'] as const),
  ]);
  const split = (text: string) => text.split('\n').filter((l) => l.length > 0);
  const [addedQuads, removedQuads] = [parse(split(addedNQuads)), parse(split(removedNQuads))];
  // A blank node's document can be told only from the lines at hand (the data has none).
  const byResource = group([[addedQuads, '+', documents(addedQuads)], [removedQuads, '-', documents(removedQuads)]]);
  return [...kinds].map(([resource, kind]) => ({ resource, kind, ...(byResource.get(resource) ?? { lines: [], inferredAdded: 0, inferredRemoved: 0 }) }))
    .sort(byKindThenResource);
}

const HEADINGS = { added: 'Resources added', changed: 'Resources changed', removed: 'Resources removed' } as const;

/** A fenced block that no run of backticks in `body` can close early. */
function fenced(body: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}\n${body}\n${fence}`;
}

/** The lines of one resource, grouped under `# graph` comments. */
export function resourceBlock(notes: ResourceNotes): string {
  const out: string[] = [];
  let graph: string | undefined;
  for (const line of notes.lines) {
    if (line.graph !== graph) out.push(`# in ${(graph = line.graph)}`);
    out.push(`${line.sign} ${line.text}`);
  }
  return out.join('\n');
}

export const inferredNote = (r: Pick<ResourceNotes, 'inferredAdded' | 'inferredRemoved'>): string | undefined =>
  r.inferredAdded + r.inferredRemoved > 0 ? `Inferred (graph:inferred): ${r.inferredAdded} added, ${r.inferredRemoved} removed.` : undefined;

/** The prefixes the lines of `notes` use, by name. */
export function usedPrefixes(notes: readonly ResourceNotes[]): Array<readonly [string, string]> {
  const text = notes.flatMap((r) => [r.resource, ...r.lines.map((l) => `${l.graph} ${l.text}`)]).join(' ');
  return NOTES_PREFIXES.filter(([p]) => new RegExp(`(^|[\\s^])${p}:`).test(text) || p === 'sgid').sort(([a], [b]) => (a < b ? -1 : 1));
}

const compact = (iri: string) => termText(N3.DataFactory.namedNode(iri));

/** NOTES.md of a release. */
export function notesMarkdown(record: ReleaseRecord, diff: Pick<GraphDiff, 'notes'>): string {
  const out: string[] = [`# segraph ${record.version}`, ''];
  out.push(`Released ${record.date}. Graph version \`${record.graph.version}\`: ${record.graph.quads.toLocaleString('en')} quads`
    + `${record.previous ? `; previous release ${record.previous}` : ''}.`, '');
  if (record.notes) out.push(record.notes, '');
  out.push(changeSentence(record), '');
  if (!record.changes) {
    out.push('## Graphs', '', '| graph | quads |', '|---|---|');
    for (const [g, count] of Object.entries(record.graph.graphs).sort()) out.push(`| ${compact(g)} | ${count.toLocaleString('en')} |`);
    out.push('', '## Classes', '', '| class | instances |', '|---|---|');
    for (const [c, count] of Object.entries(record.graph.classes).sort()) out.push(`| ${compact(c)} | ${count.toLocaleString('en')} |`);
    return `${out.join('\n')}\n`;
  }
  out.push(`Each resource's triples, \`+\` added and \`-\` removed, by named graph; inferred triples (graph:inferred) are counted only.`, '');
  out.push('## Prefixes', '', fenced(usedPrefixes(diff.notes).map(([p, ns]) => `@prefix ${p}: <${ns}> .`).join('\n')), '');
  for (const kind of ['added', 'changed', 'removed'] as const) {
    const group = diff.notes.filter((r) => r.kind === kind);
    if (group.length === 0) continue;
    out.push(`## ${HEADINGS[kind]} (${group.length})`, '');
    for (const r of group) {
      out.push(`### ${compact(r.resource)}`, '', fenced(resourceBlock(r)), '');
      const note = inferredNote(r);
      if (note) out.push(note, '');
    }
  }
  const c = record.changes;
  if (c.inferredAdded + c.inferredRemoved > 0) out.push(`Inferred triples in all: ${c.inferredAdded} added, ${c.inferredRemoved} removed.`, '');
  return `${out.join('\n').trimEnd()}\n`;
}
