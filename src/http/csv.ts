/**
 * CSV as RFC 4180 writes it (https://www.rfc-editor.org/rfc/rfc4180#section-2): records end in
 * CRLF, a field holding a comma, a double quote, CR or LF is quoted, and a double quote inside it
 * is doubled. The text is UTF-8 (the media type says `charset=utf-8`; no byte-order mark, which
 * would become part of the first column's name in most parsers).
 *
 * Cells are guarded against CSV formula injection as OWASP advises
 * (https://owasp.org/www-community/attacks/CSV_Injection): a spreadsheet runs a cell that begins
 * with `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a formula, so such a cell
 * gets a leading apostrophe, which spreadsheets read as "text" and do not show.
 *
 * @example
 *   toCsv([['name', 'note'], ['Dârjiu', 'says "hi", twice'], ['=HYPERLINK("x")', '-2']])
 *   // 'name,note\r\nDârjiu,"says ""hi"", twice"\r\n"\'=HYPERLINK(""x"")",\'-2\r\n'
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** A cell's text, with an apostrophe before a formula's first character. */
export function defusedCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One field as RFC 4180 writes it (quoted when it must be), defused first. */
export function csvField(text: string): string {
  const value = defusedCell(text);
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Records (the header first) as CSV text, every record ending in CRLF. */
export function toCsv(records: ReadonlyArray<readonly string[]>): string {
  return records.map((r) => `${r.map(csvField).join(',')}\r\n`).join('');
}
