/**
 * The query editor of `/sparql` for people: YASGUI (npm `@zazuko/yasgui`), served from our own
 * origin. `npm run build:web` (web/build-yasgui.mjs) puts its script and stylesheet, our bootstrap
 * (web/yasgui/boot.js) and our style rules under `dist-web/yasgui/` with content-hashed names, and
 * writes their names in `manifest.json`; this module reads that once and writes the elements the
 * endpoint page needs: stylesheets, the editor's configuration as a JSON data block (never run:
 * a `<script type="application/json">` is data, so the Content Security Policy's script-src does
 * not apply to it), and the two scripts (`defer`, in order). Without the built assets, or without
 * JavaScript, the page keeps its plain query form.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NamedQuery } from '../api/named-query.js';
import { PREFIXES } from '../graph/prefixes.js';
import { WEB_ASSETS_DIR } from './assets.js';
import { html, SafeHtml } from './html.js';
import { editorPolicy } from './security.js';

/** What build-yasgui.mjs writes: file names under dist-web/, by role. */
export interface EditorManifest {
  readonly package: string;
  readonly version: string;
  /** CSP hashes (`'sha256-…'`) of the style texts YASGUI's script adds. */
  readonly styleHashes: readonly string[];
  readonly files: { readonly 'yasgui.js': string; readonly 'yasgui.css': string; readonly 'boot.js': string; readonly 'editor.css': string };
}

export interface EditorAssets {
  readonly manifest: EditorManifest;
  /** The Content Security Policy of the page that loads it (security.ts). */
  readonly policy: string;
  /** Changes whenever any of the files does (their names carry their hashes): part of the page's ETag. */
  readonly id: string;
}

/** The built editor, or undefined when `npm run build:web` has not run (the page keeps its form only). */
export function editorAssets(dir = WEB_ASSETS_DIR): EditorAssets | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, 'yasgui', 'manifest.json'), 'utf8');
  } catch {
    return undefined;
  }
  const manifest = JSON.parse(text) as EditorManifest;
  if (!manifest.styleHashes.every((h) => /^'sha256-[A-Za-z0-9+/]+=*'$/.test(h))) throw new Error(`${join(dir, 'yasgui', 'manifest.json')}: a style hash is not a CSP hash source`);
  return { manifest, policy: editorPolicy(manifest.styleHashes), id: createHash('sha256').update(text).digest('hex').slice(0, 16) };
}

/**
 * The prefixes the editor starts with: those of src/graph/prefixes.ts whose terms the published
 * graph uses (the others name the catalogue's and the service description's vocabularies, which
 * live in their own documents, not in the queried graph); test/http/sparql-editor.test.ts asks the
 * seed graph for each.
 */
export const EDITOR_PREFIXES: readonly string[] = ['sg', 'rdf', 'rdfs', 'owl', 'xsd', 'skos', 'dct', 'schema', 'org', 'prov', 'foaf', 'graph'];

/** One entry of the editor's "Example questions": its SPARQL inline, or where to get it. */
export type EditorExample = { readonly title: string; readonly query: string } | { readonly title: string; readonly href: string };

/** What the bootstrap reads (web/yasgui/boot.js). */
export interface EditorConfig {
  /** The endpoint, as a path under the site's path (the browser resolves it against the page). */
  readonly endpoint: string;
  readonly prefixes: Readonly<Record<string, string>>;
  /** The query the first tab starts with. */
  readonly query: string;
  readonly examples: readonly EditorExample[];
}

/** The query text with our PREFIX lines first; its own PREFIX lines for the same IRIs are left out. */
export function withOurPrefixes(query: string, prefixes: Readonly<Record<string, string>>): string {
  const ours = Object.entries(prefixes).map(([p, ns]) => `PREFIX ${p}: <${ns}>`);
  const body = query.split('\n').filter((line) => !ours.includes(line.trim())).join('\n');
  return `${ours.join('\n')}\n\n${body.trimStart()}`;
}

export function editorConfig(
  root: string,
  start: { readonly title: string; readonly query: string },
  examples: ReadonlyArray<{ readonly title: string; readonly query: string }>,
  questions: readonly NamedQuery[],
): EditorConfig {
  const prefixes = Object.fromEntries(EDITOR_PREFIXES.map((p) => [p, PREFIXES[p]!]));
  return {
    endpoint: `${root}sparql`,
    prefixes,
    query: withOurPrefixes(start.query, prefixes),
    examples: [
      ...examples,
      // The API's questions, with the parameters of their first example (else their defaults), as
      // `/api/queries/{name}?explain` serves them: the SPARQL that runs, parameters bound.
      ...questions.map((q) => ({
        title: q.title,
        href: `${root}api/queries/${q.name}?${new URLSearchParams({ ...(q.examples[0] ?? {}), explain: '' }).toString()}`,
      })),
    ],
  };
}

/**
 * JSON as the content of a `<script type="application/json">` element. The HTML parser ends that
 * element at the first `</script`, and `<!--` changes how it reads on: every `<`, `>` and `&` is
 * written as a JSON escape (`\u003c`…), so the text can hold neither, whatever a query contains;
 * U+2028 and U+2029 too, for older JavaScript parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The elements that turn the page's form into the editor: styles, configuration, scripts. */
export function editorElements(assets: EditorAssets, root: string, config: EditorConfig): SafeHtml {
  const url = (role: keyof EditorManifest['files']) => `${root}assets/${assets.manifest.files[role]}`;
  return html`<link rel="stylesheet" href="${url('yasgui.css')}">
<link rel="stylesheet" href="${url('editor.css')}">
<script type="application/json" id="sparql-editor-config">${new SafeHtml(jsonForScript(config))}</script>
<script src="${url('yasgui.js')}" defer></script>
<script src="${url('boot.js')}" defer></script>
`;
}
