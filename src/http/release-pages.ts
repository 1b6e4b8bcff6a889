/**
 * The HTML of /releases/ (the list, newest first) and /releases/<VERSION>/ (a release's notes:
 * the resources added, removed and changed, with their triples), from the same model as the
 * release's NOTES.md (src/graph/release-notes.ts). Every value is escaped by `html`.
 */
import { changeSentence, type Release, type ReleaseFile } from '../graph/release.js';
import { inferredNote, resourceBlock, termText, usedPrefixes, type ResourceNotes } from '../graph/release-notes.js';
import N3 from 'n3';
import { html, page } from './html.js';

/** A release as served: its record read at start, its notes (resources added, changed, removed) when first asked for. */
export interface ServedRelease extends Release {
  readonly notes: () => Promise<readonly ResourceNotes[]>;
}

const sizeOf = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(0)} KiB` : `${bytes} B`;
const compact = (iri: string) => termText(N3.DataFactory.namedNode(iri));

const fileLinks = (root: string, release: Release) =>
  release.record.files.map((f: ReleaseFile, i) => html`${i > 0 ? ' · ' : ''}<a href="${root}releases/${release.record.version}/${f.file}">${f.file}</a> <span class="muted">(${sizeOf(f.bytes)})</span>`);

/** GET /releases/ as HTML. */
export function releasesListPage(releases: readonly Release[], root: string, served: string | undefined): string {
  const newest = [...releases].reverse();
  const rows = newest.map((r) => html`<tr><td><a href="${root}releases/${r.record.version}/">${r.record.version}</a>${r.record.version === served ? html` <span class="tag">served</span>` : ''}</td><td>${r.record.date}</td><td>${changeSentence(r.record)}${r.record.notes ? html`<br><span class="muted">${r.record.notes}</span>` : ''}</td><td>${fileLinks(root, r)}</td></tr>\n`);
  const body = html`<h1>Releases</h1>
<p>Named, dated versions of the graph, each with what changed since the one before. The graph served now is ${served ? html`release <a href="${root}releases/${served}/">${served}</a>` : 'not a release (it changed since the last one)'}. Each release is a version of the dataset in the <a href="${root}catalog">catalogue</a>; this list is RDF too (ask for Turtle, JSON-LD, N-Triples or RDF/XML).</p>
${releases.length > 0 ? html`<table>\n<thead><tr><th>version</th><th>date</th><th>changes</th><th>files</th></tr></thead>\n<tbody>${rows}</tbody></table>` : html`<p>No release yet: <code>segraph release VERSION</code> makes one.</p>`}`;
  return page({ title: 'Releases — segraph', body, alternates: [[`${root}releases/`, 'text/turtle']], footer: html`segraph · ${String(releases.length)} releases` });
}

function resourceSection(r: ResourceNotes, i: number) {
  const note = inferredNote(r);
  return html`<h3 id="${r.kind}-${String(i + 1)}"><code class="iri">${compact(r.resource)}</code></h3>
<pre>${resourceBlock(r)}</pre>
${note ? html`<p class="muted">${note}</p>\n` : ''}`;
}

const HEADINGS = { added: 'Resources added', changed: 'Resources changed', removed: 'Resources removed' } as const;

/** GET /releases/<VERSION>/ as HTML. */
export function releasePage(release: ServedRelease, notes: readonly ResourceNotes[], root: string): string {
  const { record } = release;
  const sections = (['added', 'changed', 'removed'] as const).map((kind) => {
    const group = notes.filter((r) => r.kind === kind);
    return group.length === 0 ? '' : html`<h2>${HEADINGS[kind]} (${String(group.length)})</h2>\n${group.map(resourceSection)}`;
  });
  const firstRelease = html`<h2>Graphs</h2>
<table><thead><tr><th>graph</th><th>quads</th></tr></thead><tbody>${Object.entries(record.graph.graphs).sort().map(([g, n]) => html`<tr><td>${compact(g)}</td><td class="n">${n.toLocaleString('en')}</td></tr>`)}</tbody></table>
<h2>Classes</h2>
<table><thead><tr><th>class</th><th>instances</th></tr></thead><tbody>${Object.entries(record.graph.classes).sort().map(([c, n]) => html`<tr><td>${compact(c)}</td><td class="n">${n.toLocaleString('en')}</td></tr>`)}</tbody></table>`;
  const prefixes = usedPrefixes(notes);
  const body = html`<h1>Release ${record.version}</h1>
<p>Released ${record.date}. Graph version <code>${record.graph.version}</code>, ${record.graph.quads.toLocaleString('en')} quads${record.previous ? html`; previous release <a href="${root}releases/${record.previous}/">${record.previous}</a>` : ''}. <a href="${root}releases/">All releases</a>.</p>
${record.notes ? html`<p>${record.notes}</p>\n` : ''}<p>${changeSentence(record)}</p>
<p>Files: ${fileLinks(root, release)}.</p>
${record.changes ? html`<p class="muted">Each resource's triples, <code>+</code> added and <code>-</code> removed, by named graph; inferred triples (graph:inferred) are counted only. Prefixes: ${prefixes.map(([p, ns], i) => html`${i > 0 ? ', ' : ''}<code>${p}:</code> ${ns}`)}.</p>\n${sections}` : firstRelease}`;
  return page({
    title: `Release ${record.version} — segraph`, body,
    alternates: [[`${root}releases/${record.version}/`, 'text/turtle'], [`${root}releases/${record.version}/NOTES.md`, 'text/markdown']],
    footer: html`segraph · release ${record.version}`,
  });
}
