/**
 * The CSV writer (src/http/csv.ts): RFC 4180 as a real parser (csv-parse) reads it back, and
 * cells a spreadsheet would run as formulas defused with an apostrophe (OWASP's advice).
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvField, defusedCell, toCsv } from '../../src/http/csv.js';

describe('toCsv', () => {
  it('quotes what must be quoted, doubles quotes, ends every record in CRLF; csv-parse reads the same values back', () => {
    const records = [
      ['name', 'note', 'empty'],
      ['Dârjiu', 'says "hi", twice', ''],
      ['Centrum Usług Środowiskowych', 'two\nlines\r\nand a CR\r', 'plain'],
    ];
    const text = toCsv(records);
    expect(text).toBe('name,note,empty\r\nDârjiu,"says ""hi"", twice",\r\nCentrum Usług Środowiskowych,"two\nlines\r\nand a CR\r",plain\r\n');
    expect(parse(text)).toEqual(records);
  });

  it.each([
    ['=1+2', "'=1+2"], ['+1', "'+1"], ['-2024', "'-2024"], ['@SUM(A1)', "'@SUM(A1)"], ['\t=1', "'\t=1"], ['\r=1', "'\r=1"],
    ['=HYPERLINK("https://evil.example/","x")', '\'=HYPERLINK("https://evil.example/","x")'],
    ['a=1', 'a=1'], ['2024-05', '2024-05'], ['', ''], [' =1', ' =1'],
  ])('defuses %j as %j', (cell, defused) => {
    expect(defusedCell(cell)).toBe(defused);
    expect(parse(`${csvField(cell)}\r\n`, { relax_column_count: true })[0]?.[0] ?? '').toBe(defused);
  });
});
