/**
 * The SECON Best Practices Report's transcript (../shared/seeds/002_…, read at run time, never
 * copied here): its lines, the report page each line is on, and whether a figure is printed in
 * some lines.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './project.js';

export const TRANSCRIPT = join(ROOT, '..', 'shared', 'seeds', '002_09b90cc0abf9f7c6.txt');

export interface Transcript {
  /** Line n (1-based) of the transcript; undefined past its end. */
  line(n: number): string | undefined;
  /**
   * The report page of line n: 1 + the page breaks above it. A page break is a run of five or
   * more blank lines; a run of ten or more also holds a page without text (the one run of 15,
   * before "Poland, Mazowieckie Region", is the end of p. 30 and the image-only p. 31). This is
   * the rule that gives every heading of the table of contents its printed page (tested).
   */
  page(n: number): number;
  readonly lineCount: number;
}

export function pagesOf(text: string): Transcript {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const pages: number[] = [];
  let page = 1;
  let blanks = 0;
  for (const line of lines) {
    if (/^\s*$/.test(line)) blanks++;
    else {
      if (blanks >= 5) page++;
      if (blanks >= 10) page++;
      blanks = 0;
    }
    pages.push(page);
  }
  return {
    line: (n) => lines[n - 1],
    page(n) {
      const p = pages[n - 1];
      if (p === undefined) throw new RangeError(`line ${n} is past the transcript's ${lines.length} lines`);
      return p;
    },
    lineCount: lines.length,
  };
}

/**
 * The table of contents (the lines after "Contents" up to the first page break), each entry with
 * its printed page and the line of the transcript where its heading is (the first later line
 * starting with the entry's first 20 characters); entries whose heading is not found are left out.
 */
export function tableOfContents(text: string): Array<{ title: string; page: number; line: number }> {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === 'Contents');
  if (start < 0) return [];
  const out: Array<{ title: string; page: number; line: number }> = [];
  let blanks = 0;
  let i = start + 1;
  for (; i < lines.length && blanks < 5; i++) {
    if (!/\S/.test(lines[i]!)) {
      blanks++;
      continue;
    }
    blanks = 0;
    const m = /^(.*?)[\s.]*(\d+)\s*$/.exec(lines[i]!);
    if (!m) continue;
    const prefix = m[1]!.trim().slice(0, 20);
    const at = lines.findIndex((l, n) => n >= i + 5 && l.trim().startsWith(prefix));
    if (at >= 0) out.push({ title: m[1]!.trim(), page: Number(m[2]), line: at + 1 });
  }
  return out;
}

export const readTranscriptText = (): string => readFileSync(TRANSCRIPT, 'utf8');
export const readTranscript = (): Transcript => pagesOf(readTranscriptText());

/** The lines of an `sg:sourceLine`: "12", "12-40", "5, 9, 78-118". Throws on anything else. */
export function sourceLines(spec: string): number[] {
  const out: number[] = [];
  for (const part of spec.split(',').map((s) => s.trim())) {
    const m = /^(\d+)(?:\s*[-–]\s*(\d+))?$/.exec(part);
    if (!m) throw new SyntaxError(`sourceLine "${spec}": "${part}" is not a line or a range a-b`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) throw new RangeError(`sourceLine "${spec}": range ${part} runs backwards`);
    for (let n = from; n <= to; n++) out.push(n);
  }
  return out;
}

const UNITS = new Map<string, number>(Object.entries({
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
}));
const TENS = new Map<string, number>(Object.entries({ twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 }));
const SCALES = new Map<string, number>(Object.entries({
  thousand: 1e3, k: 1e3, tys: 1e3, million: 1e6, millions: 1e6, mln: 1e6, mio: 1e6, m: 1e6, billion: 1e9, bn: 1e9, mld: 1e9,
}));

/** Readings of a digit group: "59,500.00", "59.500", "59 500", "1.219.800,00", "12,2" each as the numbers it can mean. */
function readings(token: string): number[] {
  const t = token.replace(/[\s\u00a0\u202f']/g, ' ');
  const out = new Set<number>();
  const tryNumber = (s: string) => {
    if (/^\d+(\.\d+)?$/.test(s)) out.add(Number(s));
  };
  const spaced = t.replace(/ /g, '');
  // "," thousands and "." decimal (59,500.00), "." thousands and "," decimal (59.500,00).
  tryNumber(spaced.replace(/,(?=\d{3}(\D|$))/g, ''));
  tryNumber(spaced.replace(/\.(?=\d{3}(\D|$))/g, '').replace(',', '.'));
  // A lone separator as a decimal mark either way (12.2, 12,2).
  tryNumber(spaced.replace(',', '.'));
  return [...out];
}

/** Every number the text can be read as printing, with "million"/"thousand" and number words. */
export function numbersIn(text: string): number[] {
  const found: number[] = [];
  // Words the PDF extraction glued together ("administrationTwo runs") are taken apart at the case change.
  const lower = text.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().replace(/(\d)\s*-\s*(\d)/g, '$1 - $2');
  // Digit groups: thousands separated by "," "." space or apostrophe, an optional decimal part;
  // and each plain digit run on its own ("5 100 people" may be 5 and 100 as well as 5100).
  const grouped = /(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f.,']\d{3})+(?:[.,]\d+)?(?!\d)|(?<![\d.,])\d+(?:[.,]\d+)?(?!\d)/g;
  const plain = /\d+(?:[.,]\d+)?/g;
  for (const re of [grouped, plain]) {
    for (const m of lower.matchAll(re)) {
      const after = lower.slice(m.index + m[0].length).match(/^\s*([a-z]+)\.?/);
      const scale = after ? SCALES.get(after[1]!) : undefined;
      for (const n of readings(m[0])) {
        found.push(n);
        if (scale) found.push(n * scale);
      }
    }
  }
  // Number words: "two", "twenty-five", "three hundred", "two million".
  const words = lower.match(/[a-z]+/g) ?? [];
  for (let i = 0; i < words.length; i++) {
    let value: number | undefined;
    let j = i;
    const w = words[j]!;
    if (UNITS.has(w)) value = UNITS.get(w);
    else if (TENS.has(w)) {
      value = TENS.get(w)!;
      const next = UNITS.get(words[j + 1] ?? '');
      if (next !== undefined && next > 0 && next < 10) {
        value += next;
        j++;
      }
    } else if (w === 'a' && (words[j + 1] === 'hundred' || words[j + 1] === 'thousand')) value = 1;
    else if (w === 'dozen') value = 12;
    if (value === undefined) continue;
    found.push(value);
    if (words[j + 1] === 'hundred') {
      value *= 100;
      found.push(value);
      j++;
    }
    const scale = SCALES.get(words[j + 1] ?? '');
    if (scale && words[j + 1] !== 'm' && words[j + 1] !== 'k') found.push(value * scale);
  }
  return found;
}

const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** Whether `value` is printed in `text` in some form (59500 as "59,500.00", "59 500", "€59,500"; 1200000 as "1.2 million"). */
export function printsNumber(text: string, value: number): boolean {
  return numbersIn(text).some((n) => same(n, value));
}
