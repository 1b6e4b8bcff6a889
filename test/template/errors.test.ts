/**
 * `segraph import` on a deliberately broken template (a workbook with three sheets and two CSV
 * files): every problem of every sheet in one run, as `file:sheet:row:column: message`, exit 1,
 * and nothing written.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { readTables } from '../../src/template/tables.js';
import { copyProject, type ProjectCopy } from '../helpers/project.js';

type Sheet = readonly (readonly string[])[];

const PRACTICES: Sheet = [
  ['Practice id', 'Name (English)', 'Summary', 'Description', 'Country', 'Places', 'Start', 'End', 'Status', 'Target groups', 'Themes', 'SDGs', 'Source document', 'Pages', 'Start: page'],
  ['good-practice', 'Good practice', 'A summary.', 'A description.', 'BEL', 'leuven', '2021', '', 'ongoing', 'social enterprises', 'work-integration', '8; 10', 'secon-best-practices-report', '5-6', '5'],
  ['good-practice', 'Same id again', 'A summary.', 'A description.', 'BEL', 'leuven', '2021', '', 'ongoing', 'social-enterprises', 'work-integration', '', 'secon-best-practices-report', '5', ''],
  ['Bad Id', '', 'A summary.', 'A description.', 'Atlantis', 'nowhere', '2021-13', '', 'done', 'social-enterprises', 'work-integration', '8; 18', 'secon-best-practices-report', '0', ''],
  ['late-practice', 'Late practice', 'A summary.', 'A description.', 'Belgium', 'leuven', '2020', '2019', 'ongoing', 'social-enterprises', 'happiness', '', 'secon-best-practices-report', '60', ''],
];

const ORGANISATIONS: Sheet = [
  ['Practice id', 'Organisation id', 'Role', 'Name (English)', 'Country', 'Kind', 'Source document', 'Page'],
  ['good-practice', 'province-of-flemish-brabant', 'implementer', '', '', '', 'secon-best-practices-report', '5'],
  ['good-practice', 'no-such-org', 'partner', '', '', '', '', ''],
  ['good-practice', 'new-org', 'partner', 'New organisation', 'BEL', 'martian', '', ''],
  ['unknown-practice', 'oostrem', 'sponsor', '', '', '', '', ''],
];

const FUNDINGS: Sheet = [
  ['Practice id', 'Funding id', 'Funders', 'Fund', 'Funding type', 'Amount', 'Currency', 'Start', 'End', "Source's sentence", 'Source document', 'Page'],
  ['good-practice', 'funding-a', 'province-of-flemish-brabant', 'esf-plus', 'grant', '1000.00', 'EUR', '2021', '2022', 'The province pays.', '', '5'],
  ['good-practice', 'funding-a', '', 'erdf-99', 'grant', '12,5OO', '', '', '', 'Again.', '', '5'],
  ['good-practice', 'funding-b', 'nobody', '', 'gift', '500', '', '2022-02-30', '', '', '', '5'],
  ['good-practice', 'funding-c', '', '', 'grant', '100', 'EURO', '', '', 'Some.', 'no-such-doc', '5'],
  ['good-practice', 'funding-d', '', '', 'grant', '', '', '', '', 'Cited nowhere.', '', ''],
];

const RESULTS: Sheet = [
  ['Practice id', 'Result id', 'Kind', 'Label (English)', 'Value', 'Unit', 'Achieved or target', 'As of', "Source's sentence", 'Source document', 'Page'],
  ['good-practice', 'result-jobs', 'result', 'jobs created', '12', 'person', 'achieved', '2023', '12 jobs were created.', '', '6'],
  ['good-practice', 'result-x', 'result', '', 'many', 'bananas', 'hoped', '2023-1', '', '', '0'],
  ['good-practice', 'staff', 'staff', '', '', 'person', '', '', 'Some staff.', '', '6'],
];

const PLACES: Sheet = [
  ['Place id', 'Name (English)', 'Kind', 'Country', 'Part of', 'NUTS 3 code', 'Source document', 'Page'],
  ['new-town', 'New Town', 'municipality', 'BEL', 'province-of-flemish-brabant', 'BE241', 'secon-best-practices-report', '5'],
  ['other-town', 'Other Town', 'village', 'BEL', 'atlantis', 'BE999', 'secon-best-practices-report', '5'],
];

let project: ProjectCopy;
let files: string[];

beforeAll(async () => {
  project = await copyProject();
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of [['Practices', PRACTICES], ['Organisations', ORGANISATIONS], ['Fundings', FUNDINGS]] as const) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow([...row]);
  }
  const xlsx = join(project.root, 'broken.xlsx');
  await workbook.xlsx.writeFile(xlsx);
  const results = join(project.root, 'results.csv');
  const places = join(project.root, 'new-places.csv');
  await writeFile(results, stringify(RESULTS.map((r) => [...r])));
  await writeFile(places, stringify(PLACES.map((r) => [...r])));
  files = [xlsx, results, places];
});
afterAll(() => project.remove());

async function cli(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const listing = async (dir: string): Promise<string[]> => (await readdir(dir, { recursive: true })).sort();

describe('segraph import: a broken template', () => {
  it('reports every problem of every sheet as file:sheet:row:column: message, exits 1 and writes nothing', async () => {
    const before = await listing(join(project.root, 'data'));
    const { code, out, err } = await cli('import', '--root', project.root, ...files);
    expect(code).toBe(1);
    expect(out).toEqual([]);
    const problems = err.filter((l) => !l.includes(': warning: ') && !l.startsWith('import: '));
    expect(problems).toEqual([
      'broken.xlsx:Practices:3:A: practice id "good-practice" is used twice (also on row 2) (column "Practice id")',
      'broken.xlsx:Practices:4:A: practice id "Bad Id" is not an id: lowercase letters and digits, words joined by - (column "Practice id")',
      'broken.xlsx:Practices:4:B: missing name (column "Name (English)")',
      'broken.xlsx:Practices:4:E: unknown country "Atlantis" (column "Country")',
      'broken.xlsx:Practices:4:F: unknown place "nowhere": use an id of data/places/ or add it to the Places sheet (column "Places")',
      'broken.xlsx:Practices:4:G: start "2021-13" is not a date: YYYY, YYYY-MM or YYYY-MM-DD (column "Start")',
      'broken.xlsx:Practices:4:I: unknown status "done" (column "Status")',
      'broken.xlsx:Practices:4:L: SDG "18" is not a goal number 1-17 (column "SDGs")',
      'broken.xlsx:Practices:4:N: page "0" is not a page number from 1 (or first-last) (column "Pages")',
      'broken.xlsx:Practices:5:A: practice "late-practice" has no implementer: add an Organisations row with role implementer (column "Practice id")',
      'broken.xlsx:Practices:5:H: end "2019" is before start "2020" (column "End")',
      'broken.xlsx:Practices:5:K: unknown theme "happiness" (column "Themes")',
      'broken.xlsx:Practices:5:N: page 60 is past the end of secon-best-practices-report (51 pages) (column "Pages")',
      'broken.xlsx:Organisations:3:B: unknown organisation "no-such-org": use an id of data/organisations/ or describe the new organisation (Name (English), Country, Kind) (column "Organisation id")',
      'broken.xlsx:Organisations:4:F: unknown organisation kind "martian" (column "Kind")',
      'broken.xlsx:Organisations:4:H: missing page (column "Page")',
      'broken.xlsx:Organisations:5:A: practice "unknown-practice" is not in the Practices sheet (column "Practice id")',
      'broken.xlsx:Organisations:5:C: unknown role "sponsor" (column "Role")',
      'broken.xlsx:Fundings:3:B: id "funding-a" is already used in row 2 of practice good-practice (column "Funding id")',
      'broken.xlsx:Fundings:3:D: unknown fund "erdf-99" (column "Fund")',
      'broken.xlsx:Fundings:3:F: amount "12,5OO" is not a number: digits with a point for decimals, no thousands separators (column "Amount")',
      'broken.xlsx:Fundings:3:G: an amount needs its currency (column "Currency")',
      'broken.xlsx:Fundings:4:C: unknown organisation "nobody": use an id of data/organisations/ or describe it in the Organisations sheet (role funder) (column "Funders")',
      'broken.xlsx:Fundings:4:E: unknown funding type "gift" (column "Funding type")',
      'broken.xlsx:Fundings:4:G: an amount needs its currency (column "Currency")',
      'broken.xlsx:Fundings:4:H: start "2022-02-30" is not a date: YYYY, YYYY-MM or YYYY-MM-DD (column "Start")',
      'broken.xlsx:Fundings:4:J: missing source\'s sentence (column "Source\'s sentence")',
      'broken.xlsx:Fundings:5:G: currency "EURO" is not an ISO 4217 code (EUR, PLN, BGN…) (column "Currency")',
      'broken.xlsx:Fundings:5:K: unknown source document "no-such-doc" (column "Source document")',
      'broken.xlsx:Fundings:6:L: missing page: a funding needs the page of the source that states it (docs/authoring.md, Fact-level provenance) (column "Page")',
      'new-places.csv:Places:3:C: unknown kind of place "village" (column "Kind")',
      'new-places.csv:Places:3:E: unknown place "atlantis" (column "Part of")',
      'new-places.csv:Places:3:F: unknown NUTS code "BE999" (column "NUTS 3 code")',
      'results.csv:Results:3:D: missing label of the result (column "Label (English)")',
      'results.csv:Results:3:E: value "many" is not a number: digits with a point for decimals, no thousands separators (column "Value")',
      'results.csv:Results:3:F: unknown unit "bananas" (column "Unit")',
      'results.csv:Results:3:G: unknown achieved or target "hoped" (column "Achieved or target")',
      'results.csv:Results:3:H: as of "2023-1" is not a date: YYYY, YYYY-MM or YYYY-MM-DD (column "As of")',
      'results.csv:Results:3:I: missing source\'s sentence (column "Source\'s sentence")',
      'results.csv:Results:3:K: page "0" is not a page number from 1 (or first-last) (column "Page")',
    ]);
    // A staff row without a number is a warning: its sentence may be all the source says.
    expect(err).toContain('results.csv:Results:4: warning: no value (Value, or Value from / Value to) and no row is part of it: the figure is its sentence only');
    expect(err.at(-1)).toMatch(/^import: failed, nothing written: 3 file\(s\), 40 problem\(s\), \d+ warning\(s\) in \d+ ms$/);
    expect(await listing(join(project.root, 'data'))).toEqual(before);
  });

  it('--dry-run on a correct template (one CSV file with `;` between cells) writes nothing either, and says what it would write', async () => {
    const good = join(project.root, 'good');
    const { stringify: csv } = await import('csv-stringify/sync');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(good, { recursive: true });
    // Saved as many European spreadsheets save CSV: `;` between cells (so "8; 10" is quoted).
    const semicolons = csv([PRACTICES[0]!.slice(), PRACTICES[1]!.slice()], { delimiter: ';' });
    expect(semicolons).toContain(';"8; 10";');
    await writeFile(join(good, 'practices.csv'), semicolons);
    await writeFile(join(good, 'organisations.csv'), csv([ORGANISATIONS[0]!.slice(), ORGANISATIONS[1]!.slice()]));
    const before = await listing(join(project.root, 'data'));
    const { code, out } = await cli('import', '--dry-run', '--root', project.root, join(good, 'practices.csv'), join(good, 'organisations.csv'));
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/^import: ok \(dry run, nothing written\): would write practices\/good-practice\.trig; 2 file\(s\), 0 problem\(s\)/);
    const { tables } = await readTables([join(good, 'practices.csv')]);
    expect(tables[0]!.rows[0]!.cells.get('sdgs')?.value).toBe('8; 10');
    expect(await listing(join(project.root, 'data'))).toEqual(before);
  });
});
