/**
 * The load-benchmark section of docs/benchmarks.md: `npm run bench:load` writes it between two
 * markers, and `npm run bench`, which regenerates the rest of the page, keeps it.
 */
export const LOAD_START = '<!-- load:start -->';
export const LOAD_END = '<!-- load:end -->';

/** The marked section of `text`, markers included; undefined when there is none. */
export function loadSectionOf(text: string): string | undefined {
  const start = text.indexOf(LOAD_START);
  const end = text.indexOf(LOAD_END, start + LOAD_START.length);
  return start >= 0 && end >= 0 ? text.slice(start, end + LOAD_END.length) : undefined;
}

/**
 * `text` with the content between the markers replaced by `body` (the markers appended at the
 * end when absent); everything outside the markers is kept as it is.
 */
export function withLoadSection(text: string, body: string): string {
  const section = `${LOAD_START}\n${body.trim()}\n${LOAD_END}`;
  const old = loadSectionOf(text);
  if (old !== undefined) return text.replace(old, () => section);
  return `${text.replace(/\s*$/, '')}\n\n${section}\n`;
}
