/**
 * The spreadsheet template as tools we did not write read and write it (issue 15): Debian's
 * openpyxl (the XLSX library of Python, as other spreadsheet tools read the file) and Python's csv
 * module read `segraph export --template`; a workbook openpyxl saved — its own XML, shared strings
 * and styles, as a policy officer's spreadsheet program would save it — is read back by `segraph
 * import`. The facts compared are the report's (People Made: Belgium, from 2021, €59,500 in 2021).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHEETS } from '../../src/template/columns.js';
import { copyProject, segraph, type ProjectCopy } from '../helpers/project.js';
import { requireOpenpyxl, runPython } from './debian-tools.js';

interface Read {
  sheets: string[];
  header: string[];
  frozen: string | null;
  validations: number;
  xlsxRow: Record<string, string | null> | null;
  xlsxPractices: number;
  csvPractices: number;
  csvRow: Record<string, string> | null;
  csvFundings: Array<Record<string, string>>;
}

const NEW_NAME = 'People Made (saved by openpyxl)';
let project: ProjectCopy;
let read: Read;
let rewritten: string;

beforeAll(async () => {
  await requireOpenpyxl();
  project = await copyProject();
  const xlsx = join(project.root, 'template.xlsx');
  const csvDir = join(project.root, 'template-csv');
  rewritten = join(project.root, 'rewritten.xlsx');
  for (const args of [['--out', xlsx], ['--format', 'csv', '--out', csvDir]]) {
    const exported = await segraph('export', '--template', '--root', project.root, ...args);
    expect(exported.code, exported.stderr).toBe(0);
  }
  read = await runPython<Read>('spreadsheet_check.py', { xlsx, csvDir, practice: 'people-made', rewritten, newName: NEW_NAME });
});
afterAll(async () => {
  await project?.remove();
});

describe('the spreadsheet template, read and written by openpyxl and Python\'s csv', () => {
  it('openpyxl reads the workbook: every sheet, the Practices header frozen, drop-downs, the report\'s facts', () => {
    expect(read.sheets).toEqual(expect.arrayContaining([...SHEETS.map((s) => s.name), 'Codes']));
    expect(read.header).toEqual(SHEETS.find((s) => s.name === 'Practices')!.columns.map((c) => c.header));
    expect(read.frozen).toMatch(/^[A-Z]+2$/);
    expect(read.validations).toBeGreaterThan(0);
    expect(read.xlsxPractices).toBe(18);
    expect(read.xlsxRow).toMatchObject({ 'Name (English)': 'People Made', Country: 'BEL', Start: '2021' });
  });

  it('Python\'s csv module reads the CSV files: the same practice, and its 2021 funding of €59,500', () => {
    expect(read.csvPractices).toBe(18);
    expect(read.csvRow).toMatchObject({ 'Name (English)': 'People Made', Country: 'BEL', Start: '2021' });
    const funding = read.csvFundings.find((f) => f['Funding id'] === 'funding-2021');
    expect(Number(funding?.['Amount'])).toBe(59500);
    expect(funding?.['Currency']).toBe('EUR');
  });

  it('segraph import reads the workbook openpyxl saved, with the cell it changed', async () => {
    const imported = await segraph('import', '--replace', '--root', project.root, rewritten);
    expect(imported.code, imported.stderr).toBe(0);
    expect(await project.read('data/practices/people-made.trig')).toContain(`skos:prefLabel "${NEW_NAME}"@en`);
    const validated = await segraph('validate', '--root', project.root);
    expect(validated.code, validated.stderr).toBe(0);
  });
});
