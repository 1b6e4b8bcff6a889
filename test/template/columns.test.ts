/**
 * The template's declared sheets and columns (src/template/columns.ts) are the ones the README's
 * "Spreadsheet template" table gives, required and several-valued columns marked alike; and the
 * header row of an exported workbook is the declared one, with its drop-downs and Codes sheet.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnLetter, SHEETS } from '../../src/template/columns.js';
import { exportTemplate } from '../../src/template/template.js';
import { copyProject, ROOT, type ProjectCopy } from '../helpers/project.js';

let project: ProjectCopy;
beforeAll(async () => {
  project = await copyProject();
});
afterAll(() => project.remove());

describe('the spreadsheet template', () => {
  it('the README table lists each sheet with exactly its columns, in order', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('\n### Spreadsheet template\n');
    expect(start).toBeGreaterThan(0);
    const lines = readme.slice(start).split('\n');
    for (const sheet of SHEETS) {
      const row = lines.find((l) => l.startsWith(`| ${sheet.name} (\`${sheet.file}\`) |`));
      expect(row, sheet.name).toBeDefined();
      const cells = row!.slice(1, -1).split(' | ').map((c) => c.trim());
      const documented = cells[2]!.split(' · ');
      expect(documented).toEqual(sheet.columns.map((c) => `${c.required ? `**${c.header}**` : c.header}${c.multiple ? ' ‡' : ''}`));
    }
  });

  it('column letters run A…Z, AA…', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('an exported workbook: the declared header rows, frozen, with notes, a Codes sheet and drop-downs', async () => {
    const out = join(project.root, 'template.xlsx');
    await exportTemplate({ root: project.root, format: 'xlsx', out });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([...SHEETS.map((s) => s.name), 'Codes']);
    for (const sheet of SHEETS) {
      const ws = workbook.getWorksheet(sheet.name)!;
      expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(sheet.columns.map((c) => c.header));
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.getRow(1).font?.bold).toBe(true);
    }
    const codes = workbook.getWorksheet('Codes')!;
    const rows = (codes.getSheetValues() as unknown[][]).slice(2).map((r) => [r[1], r[2], r[3]]);
    expect(rows).toContainEqual(['country', 'BEL', 'Belgium']);
    expect(rows).toContainEqual(['fundingType', 'grant', 'grant or subsidy']);
    expect(rows).toContainEqual(['nuts', 'BE241', expect.any(String)]);
    expect(rows.filter((r) => r[0] === 'sdg')).toHaveLength(17);
    // The Status column of Practices has a drop-down over the statuses of the Codes sheet.
    const status = SHEETS[0]!.columns.findIndex((c) => c.key === 'status');
    const validation = workbook.getWorksheet('Practices')!.getCell(`${columnLetter(status)}5`).dataValidation;
    const first = rows.findIndex((r) => r[0] === 'status') + 2;
    const last = first + rows.filter((r) => r[0] === 'status').length - 1;
    expect(validation).toMatchObject({ type: 'list', formulae: [`Codes!$B$${first}:$B$${last}`] });
  });
});
