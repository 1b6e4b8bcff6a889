/**
 * The sections of docs/benchmarks.md that a benchmark of their own writes between two markers —
 * `npm run bench:load` (load), `npm run bench:default-graph` (default-graph) and
 * `npm run bench:explorer` (explorer) — and that
 * `npm run bench`, which regenerates the rest of the page, keeps.
 */
export const LOAD_START = '<!-- load:start -->';
export const LOAD_END = '<!-- load:end -->';

/** The sections kept by `npm run bench`, in the order they end the page. */
export const KEPT_SECTIONS = ['load', 'default-graph', 'explorer', 'store-transport'] as const;
/**
 * Also `scale`: the scale tier's section, which `npm run bench` writes itself and
 * `npm run bench -- --store-only` replaces alone (leaving the rest of the page as it was).
 */
export type SectionName = (typeof KEPT_SECTIONS)[number] | 'scale';

const markers = (name: SectionName) => [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`] as const;

/** The marked section `name` of `text`, markers included; undefined when there is none. */
export function sectionOf(text: string, name: SectionName): string | undefined {
  const [startMarker, endMarker] = markers(name);
  const start = text.indexOf(startMarker);
  const end = text.indexOf(endMarker, start + startMarker.length);
  return start >= 0 && end >= 0 ? text.slice(start, end + endMarker.length) : undefined;
}

/**
 * `text` with the content between the markers of `name` replaced by `body` (the markers appended
 * at the end when absent); everything outside the markers is kept as it is.
 */
export function withSection(text: string, name: SectionName, body: string): string {
  const [startMarker, endMarker] = markers(name);
  const section = `${startMarker}\n${body.trim()}\n${endMarker}`;
  const old = sectionOf(text, name);
  if (old !== undefined) return text.replace(old, () => section);
  return `${text.replace(/\s*$/, '')}\n\n${section}\n`;
}

/** The load section of `text`, markers included; undefined when there is none. */
export const loadSectionOf = (text: string) => sectionOf(text, 'load');

/** `text` with the load section's content replaced by `body`. */
export const withLoadSection = (text: string, body: string) => withSection(text, 'load', body);
