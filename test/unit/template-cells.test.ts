/**
 * The spreadsheet template's pure parts: dates as the data writes them, the short names of
 * citations, and long literals written as Turtle long strings that parse back to the same text.
 */
import N3 from 'n3';
import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/template/cells.js';
import { citeName } from '../../src/template/import.js';
import { longStrings } from '../../src/template/template.js';

describe('template cells', () => {
  it('dates: YYYY, YYYY-MM, YYYY-MM-DD with their first and last days; anything else is not a date', () => {
    expect(parseDate('2021')).toEqual({ lexical: '2021', type: 'gYear', first: '2021-01-01', last: '2021-12-31' });
    expect(parseDate('2024-02')).toEqual({ lexical: '2024-02', type: 'gYearMonth', first: '2024-02-01', last: '2024-02-29' });
    expect(parseDate('2023-02')?.last).toBe('2023-02-28');
    expect(parseDate('2024-02-29')?.type).toBe('date');
    for (const bad of ['2023-02-29', '2021-13', '2021-00', '21', '2021-5', '2021/05', '05.2021', '2021-05-01T00:00', ' 2021']) expect(parseDate(bad), bad).toBeUndefined();
  });

  it('citation names: the document id without its first word, as initials (secon-best-practices-report → bpr)', () => {
    expect(citeName('secon-best-practices-report')).toBe('bpr');
    expect(citeName('secon-newsletter-2')).toBe('n2');
    expect(citeName('eser-presentation')).toBe('ep');
  });

  it('long literals become long strings that parse back to the same text', () => {
    const { namedNode, literal, quad } = N3.DataFactory;
    const values = ['one\n\ntwo "quoted" \\n not a break', 'no break "x"', 'ends in a quote\n"', 'backslash at the end\n\\', '\n'];
    const writer = new N3.Writer({ format: 'application/trig' });
    values.forEach((v, i) => writer.addQuad(quad(namedNode('http://e/s'), namedNode(`http://e/p${i}`), literal(v, 'en'), namedNode('http://e/g'))));
    let text = '';
    writer.end((error, result) => {
      text = result;
    });
    const long = longStrings(text);
    expect(long).toContain('"""one\n\ntwo \\"quoted\\" \\\\n not a break"""@en');
    expect(long).toContain('"no break \\"x\\""@en');
    const back = new N3.Parser({ format: 'application/trig' }).parse(long);
    expect(back.map((q) => q.object.value)).toEqual(values);
  });
});
