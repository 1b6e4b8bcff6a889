/**
 * Reading one row's cells: each reader checks its cell (required, code, date, number, page, id…)
 * and records a problem naming the row, the column letter and the header, so that one run reports
 * every wrong cell of every sheet.
 */
import { resolveCode, type Known } from './known.js';
import type { CodeListName, SheetSpec } from './columns.js';
import type { Row, SheetProblem, Table } from './tables.js';

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const NUMBER = /^-?\d+(?:\.\d+)?$/;
const LINES = /^\d+(?:-\d+)?(?:\s*,\s*\d+(?:-\d+)?)*$/;
const LANGUAGE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** A date as the data writes it: its lexical form and XSD type, and the first and last day it covers. */
export interface DateValue {
  readonly lexical: string;
  readonly type: 'gYear' | 'gYearMonth' | 'date';
  readonly first: string;
  readonly last: string;
}

export interface Citation {
  readonly source: string;
  readonly pageStart: number;
  readonly pageEnd: number;
  readonly lines?: string;
  /** Further citations of the same fact (cells holding `;`-separated pages and lines). */
  readonly more?: readonly Citation[];
}

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

export function parseDate(text: string): DateValue | undefined {
  let m = /^(\d{4})$/.exec(text);
  if (m) return { lexical: text, type: 'gYear', first: `${text}-01-01`, last: `${text}-12-31` };
  m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  if (m) return { lexical: text, type: 'gYearMonth', first: `${text}-01`, last: `${text}-${String(daysIn(Number(m[1]), Number(m[2]))).padStart(2, '0')}` };
  m = /^(\d{4})-(0[1-9]|1[0-2])-(\d{2})$/.exec(text);
  if (m && Number(m[3]) >= 1 && Number(m[3]) <= daysIn(Number(m[1]), Number(m[2]))) return { lexical: text, type: 'date', first: text, last: text };
  return undefined;
}

const yes = new Set(['yes', 'y', 'true', 'ja', 'oui', 'sí', 'si', 'x']);
const no = new Set(['no', 'n', 'false', 'nein', 'non']);

/** The cells of one row, read and checked. */
export class RowReader {
  constructor(
    readonly table: Table,
    readonly row: Row,
    readonly spec: SheetSpec,
    readonly known: Known,
    private readonly problems: SheetProblem[],
  ) {}

  /** The spreadsheet row number. */
  get rowNumber(): number {
    return this.row.row;
  }

  private header(key: string): string {
    return this.spec.columns.find((c) => c.key === key)!.header;
  }

  /** Records a problem at the cell of column `key` (or at the row if the column is absent). */
  problem(key: string, message: string): void {
    const column = this.row.cells.get(key)?.column ?? this.table.columns.get(key);
    const problem: SheetProblem = {
      file: this.table.file, sheet: this.table.sheet, row: this.row.row,
      ...(column !== undefined ? { column } : {}),
      message: `${message} (column "${this.header(key)}")`,
    };
    // A cell read twice (a source document cited by two facts of the row) is reported once.
    const same = (p: SheetProblem) => p.file === problem.file && p.sheet === problem.sheet && p.row === problem.row && p.column === problem.column && p.message === problem.message;
    if (!this.problems.some(same)) this.problems.push(problem);
  }

  has(key: string): boolean {
    return this.row.cells.has(key);
  }

  text(key: string): string | undefined {
    return this.row.cells.get(key)?.value;
  }

  required(key: string, what: string): string | undefined {
    const value = this.text(key);
    if (value === undefined) this.problem(key, `missing ${what}`);
    return value;
  }

  /** The `;`-separated values of a cell. */
  list(key: string): string[] {
    return (this.text(key) ?? '').split(';').map((v) => v.trim()).filter((v) => v !== '');
  }

  slug(key: string, what: string, required = true): string | undefined {
    const value = required ? this.required(key, what) : this.text(key);
    if (value === undefined) return undefined;
    if (!SLUG.test(value)) {
      this.problem(key, `${what} "${value}" is not an id: lowercase letters and digits, words joined by -`);
      return undefined;
    }
    return value;
  }

  /** A code of `list` given as its code or exact English label. */
  codeOf(key: string, list: CodeListName, value: string, what: string): string | undefined {
    const resolved = resolveCode(this.known.lists.get(list)!, value);
    if ('code' in resolved) return resolved.code;
    this.problem(key, resolved.error === 'unknown' ? `unknown ${what} "${value}"` : resolved.error);
    return undefined;
  }

  code(key: string, list: CodeListName, what: string, required = false): string | undefined {
    const value = required ? this.required(key, what) : this.text(key);
    return value === undefined ? undefined : this.codeOf(key, list, value, what);
  }

  codes(key: string, list: CodeListName, what: string, required = false): string[] {
    const values = this.list(key);
    if (values.length === 0 && required) this.problem(key, `missing ${what}`);
    return values.map((v) => this.codeOf(key, list, v, what)).filter((c): c is string => c !== undefined);
  }

  sdgs(key: string): string[] {
    const out: string[] = [];
    for (const value of this.list(key)) {
      const m = /^(?:SDG\s*)?(\d+)$/i.exec(value);
      const n = m ? Number(m[1]) : NaN;
      if (!(n >= 1 && n <= 17)) this.problem(key, `SDG "${value}" is not a goal number 1-17`);
      else out.push(String(n));
    }
    return out;
  }

  yesNo(key: string, fallback = true): boolean {
    const value = this.text(key);
    if (value === undefined) return fallback;
    if (yes.has(value.toLowerCase())) return true;
    if (no.has(value.toLowerCase())) return false;
    this.problem(key, `"${value}" is not yes or no`);
    return fallback;
  }

  date(key: string, what: string, required = false): DateValue | undefined {
    const value = required ? this.required(key, what) : this.text(key);
    if (value === undefined) return undefined;
    const date = parseDate(value);
    if (!date) this.problem(key, `${what} "${value}" is not a date: YYYY, YYYY-MM or YYYY-MM-DD`);
    return date;
  }

  /** Start and end of a period, the end not before the start. */
  period(startKey: string, endKey: string, required = false): { start?: DateValue; end?: DateValue } {
    const start = this.date(startKey, 'start', required);
    const end = this.date(endKey, 'end');
    if (start && end && end.last < start.first) this.problem(endKey, `end "${end.lexical}" is before start "${start.lexical}"`);
    return { ...(start ? { start } : {}), ...(end ? { end } : {}) };
  }

  number(key: string, what: string): string | undefined {
    const value = this.text(key);
    if (value === undefined) return undefined;
    if (!NUMBER.test(value)) {
      this.problem(key, `${what} "${value}" is not a number: digits with a point for decimals, no thousands separators`);
      return undefined;
    }
    return value;
  }

  currency(key: string): string | undefined {
    const value = this.text(key);
    if (value === undefined) return undefined;
    if (!CURRENCIES.has(value)) {
      this.problem(key, `currency "${value}" is not an ISO 4217 code (EUR, PLN, BGN…)`);
      return undefined;
    }
    return value;
  }

  perPeriod(key: string): string | undefined {
    const value = this.text(key);
    if (value === undefined) return undefined;
    const words: Record<string, string> = { year: 'P1Y', 'per year': 'P1Y', yearly: 'P1Y', annual: 'P1Y', month: 'P1M', 'per month': 'P1M', monthly: 'P1M' };
    const word = words[value.toLowerCase()];
    if (word) return word;
    if (/^P(?=\d)(?:\d+Y)?(?:\d+M)?(?:\d+D)?$/.test(value)) return value;
    this.problem(key, `period "${value}" is not year, month or a duration like P1Y`);
    return undefined;
  }

  /**
   * The row's native-language name (Native name, Native language), with whether the source prints
   * it (Native name stated in source?, default yes); a name without its language is a problem.
   */
  nativeName(): { readonly name: string | undefined; readonly lang: string | undefined; readonly stated: boolean } {
    const name = this.text('nativeName');
    const lang = this.language('nativeLang');
    if (name !== undefined && !this.has('nativeLang')) this.problem('nativeLang', 'missing the language of the native name');
    return { name, lang, stated: this.yesNo('nativeStated') };
  }

  language(key: string): string | undefined {
    const value = this.text(key);
    if (value === undefined) return undefined;
    if (!LANGUAGE.test(value)) {
      this.problem(key, `"${value}" is not a language code (pl, de, hu…)`);
      return undefined;
    }
    return value;
  }

  urls(key: string): string[] {
    const out: string[] = [];
    for (const value of this.list(key)) {
      let ok = false;
      try {
        ok = ['http:', 'https:'].includes(new URL(value).protocol);
      } catch {
        ok = false;
      }
      if (ok) out.push(value);
      else this.problem(key, `"${value}" is not a web address (http:// or https://)`);
    }
    return out;
  }

  /** A name, optionally ending in @xx for its language (default en). */
  names(key: string): Array<{ text: string; language: string }> {
    return this.list(key).map((value) => {
      const m = /^(.*\S)\s*@([a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)$/.exec(value);
      return m ? { text: m[1]!, language: m[2]! } : { text: value, language: 'en' };
    });
  }

  /**
   * The citation of the row's fact group: a source document (or `fallback`, the practice's),
   * page or pages within the document, and optional transcript lines. Empty cells: none. A fact
   * cited twice gives its pages (and lines, and documents if they differ) separated by `;`.
   */
  citation(sourceKey: string, pageKey: string, linesKey: string, fallback: string | undefined, required = false): Citation | undefined {
    const sourceText = this.text(sourceKey);
    const pageText = this.text(pageKey);
    const linesText = this.text(linesKey);
    if (sourceText === undefined && pageText === undefined && linesText === undefined) {
      if (required) this.problem(fallback === undefined ? sourceKey : pageKey, fallback === undefined ? 'missing source document' : 'missing page');
      return undefined;
    }
    const split = (text: string | undefined) => (text === undefined ? [] : text.split(';').map((t) => t.trim()));
    const pages = split(pageText);
    const lines = split(linesText);
    const sources = split(sourceText);
    const count = Math.max(pages.length, 1);
    if (lines.length > 0 && lines.length !== count) this.problem(linesKey, `${lines.length} line ranges for ${count} page(s): give one per page, separated by ;`);
    if (sources.length > 1 && sources.length !== count) this.problem(sourceKey, `${sources.length} source documents for ${count} page(s): give one, or one per page`);
    const out: Citation[] = [];
    for (let i = 0; i < count; i++) {
      const one = this.oneCitation(sources[sources.length > 1 ? i : 0], pages[i], lines[i] === '' ? undefined : lines[i], sourceKey, pageKey, linesKey, fallback);
      if (one) out.push(one);
    }
    if (out.length !== count) return undefined;
    return { ...out[0]!, ...(out.length > 1 ? { more: out.slice(1) } : {}) };
  }

  private oneCitation(sourceText: string | undefined, pageText: string | undefined, lines: string | undefined,
    sourceKey: string, pageKey: string, linesKey: string, fallback: string | undefined): Citation | undefined {
    const source = sourceText === undefined ? fallback : this.codeOf(sourceKey, 'source', sourceText, 'source document');
    if (sourceText === undefined && fallback === undefined) this.problem(sourceKey, 'missing source document');
    if (sourceText !== undefined && source !== undefined && !this.known.sourceGraph.has(source)) {
      this.problem(sourceKey, `source document "${source}" has no named graph (graph:provenance prov:wasDerivedFrom)`);
    }
    let pages: { start: number; end: number } | undefined;
    if (pageText === undefined || pageText === '') this.problem(pageKey, 'missing page');
    else {
      const m = /^(\d+)(?:\s*[-–]\s*(\d+))?$/.exec(pageText);
      const start = m ? Number(m[1]) : NaN;
      const end = m ? Number(m[2] ?? m[1]) : NaN;
      const count = source ? this.known.sourcePages.get(source) : undefined;
      if (!m || start < 1 || end < 1) this.problem(pageKey, `page "${pageText}" is not a page number from 1 (or first-last)`);
      else if (end < start) this.problem(pageKey, `pages "${pageText}" end before they start`);
      else if (count !== undefined && end > count) this.problem(pageKey, `page ${end} is past the end of ${source} (${count} pages)`);
      else pages = { start, end };
    }
    if (lines !== undefined && !LINES.test(lines)) this.problem(linesKey, `lines "${lines}" are not line numbers like 162-231 or 175, 180`);
    if (!source || !pages || (lines !== undefined && !LINES.test(lines))) return undefined;
    return { source, pageStart: pages.start, pageEnd: pages.end, ...(lines !== undefined ? { lines } : {}) };
  }
}
