/**
 * The template's sheets as files: an XLSX workbook (exceljs) or one CSV file per sheet
 * (csv-parse, csv-stringify; UTF-8). Reading gives each sheet's rows as text cells keyed by
 * column, with their spreadsheet row numbers and column letters for messages; writing gives a
 * readable workbook (bold frozen header, widths, notes, a Codes sheet and drop-downs).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { readWorkbook } from './workbook.js';
import { columnLetter, SHEETS, type CodeListName, type Column, type SheetName, type SheetSpec } from './columns.js';

/** A cell read from a sheet: its text and where it is. */
export interface Cell {
  readonly value: string;
  /** 0-based column index (its letter: columnLetter). */
  readonly column: number;
}

export interface Row {
  /** The spreadsheet row number (the header is row 1). */
  readonly row: number;
  readonly cells: ReadonlyMap<string, Cell>;
}

export interface Table {
  /** The file as messages name it (its base name). */
  readonly file: string;
  readonly sheet: SheetName;
  /** The column index of each column key present. */
  readonly columns: ReadonlyMap<string, number>;
  readonly rows: readonly Row[];
}

/** A problem in a sheet: `file:sheet:row:column: message`. */
export interface SheetProblem {
  readonly file: string;
  readonly sheet?: string;
  readonly row?: number;
  readonly column?: number;
  readonly message: string;
}

export const formatSheetProblem = (p: SheetProblem): string =>
  [p.file, p.sheet, p.row, p.column === undefined ? undefined : columnLetter(p.column)].filter((x) => x !== undefined).join(':') + `: ${p.message}`;

/** A sheet's rows to write: one record per row, keyed by column key. */
export type SheetRows = ReadonlyMap<SheetName, ReadonlyArray<Readonly<Record<string, string>>>>;

/** A code list for the Codes sheet and the drop-downs. */
export interface CodeEntry {
  readonly code: string;
  readonly label: string;
}

const headerKey = (text: string): string => text.trim().replace(/\s+/g, ' ').toLowerCase();

/** Matches a header row against the sheet's columns; unknown and missing columns are problems. */
function mapHeader(file: string, spec: SheetSpec, headers: readonly string[], problems: SheetProblem[]): Map<string, number> {
  const byHeader = new Map(spec.columns.map((c) => [headerKey(c.header), c]));
  const columns = new Map<string, number>();
  headers.forEach((text, index) => {
    if (text.trim() === '') return;
    const column = byHeader.get(headerKey(text));
    if (!column) problems.push({ file, sheet: spec.name, row: 1, column: index, message: `unknown column "${text.trim()}": the ${spec.name} sheet's columns are ${spec.columns.map((c) => `"${c.header}"`).join(', ')}` });
    else if (columns.has(column.key)) problems.push({ file, sheet: spec.name, row: 1, column: index, message: `column "${column.header}" appears twice` });
    else columns.set(column.key, index);
  });
  for (const column of spec.columns) {
    if (column.required && !columns.has(column.key)) problems.push({ file, sheet: spec.name, row: 1, message: `missing required column "${column.header}"` });
  }
  return columns;
}

function toRows(columns: ReadonlyMap<string, number>, records: ReadonlyArray<{ row: number; values: readonly string[] }>): Row[] {
  const rows: Row[] = [];
  for (const { row, values } of records) {
    const cells = new Map<string, Cell>();
    for (const [key, index] of columns) {
      const value = (values[index] ?? '').trim();
      if (value !== '') cells.set(key, { value, column: index });
    }
    if (cells.size > 0) rows.push({ row, cells });
  }
  return rows;
}

/** The text of an exceljs cell value: numbers as written, dates as YYYY-MM-DD, rich text and links as their text. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('hyperlink' in value) return cellText((value as ExcelJS.CellHyperlinkValue).text);
    if ('error' in value) return String((value as ExcelJS.CellErrorValue).error);
  }
  return String(value as unknown as string);
}

const specByName = (name: string): SheetSpec | undefined => SHEETS.find((s) => s.name.toLowerCase() === name.trim().toLowerCase());

/** Which sheet a CSV file holds: by its name (fundings.csv, my-fundings.csv), else by its header. */
function csvSheet(file: string, headers: readonly string[]): SheetSpec | undefined {
  const name = basename(file, extname(file)).toLowerCase();
  const byName = SHEETS.find((s) => name === basename(s.file, '.csv') || name.includes(s.name.toLowerCase()));
  if (byName) return byName;
  const keys = new Set(headers.map(headerKey));
  let best: SheetSpec | undefined;
  let score = 0;
  for (const spec of SHEETS) {
    const matches = spec.columns.filter((c) => keys.has(headerKey(c.header))).length;
    if (matches > score) [best, score] = [spec, matches];
  }
  return score >= 2 ? best : undefined;
}

/**
 * Reads XLSX workbooks and CSV files into the template's tables. Sheets other than the template's
 * (Codes, Read me) are ignored; a CSV file whose sheet cannot be told is a problem.
 */
export async function readTables(files: readonly string[]): Promise<{ tables: Table[]; problems: SheetProblem[] }> {
  const tables: Table[] = [];
  const problems: SheetProblem[] = [];
  for (const path of files) {
    const file = basename(path);
    const ext = extname(path).toLowerCase();
    if (ext === '.xlsx') {
      let workbook: ExcelJS.Workbook;
      try {
        workbook = await readWorkbook(path);
      } catch (error) {
        problems.push({ file, message: `cannot read the workbook: ${(error as Error).message}` });
        continue;
      }
      let found = 0;
      workbook.eachSheet((worksheet) => {
        const spec = specByName(worksheet.name);
        if (!spec) return;
        found++;
        const records: Array<{ row: number; values: string[] }> = [];
        let headers: string[] = [];
        worksheet.eachRow({ includeEmpty: false }, (row, number) => {
          const values: string[] = [];
          row.eachCell({ includeEmpty: true }, (cell, col) => {
            values[col - 1] = cellText(cell.value);
          });
          for (let i = 0; i < values.length; i++) values[i] ??= '';
          if (number === 1) headers = values;
          else records.push({ row: number, values });
        });
        const columns = mapHeader(file, spec, headers, problems);
        tables.push({ file, sheet: spec.name, columns, rows: toRows(columns, records) });
      });
      if (found === 0) problems.push({ file, message: `no template sheet in the workbook (expected ${SHEETS.map((s) => s.name).join(', ')})` });
    } else if (ext === '.csv') {
      let records: string[][];
      try {
        const text = await readFile(path, 'utf8');
        // Spreadsheets in many European locales save CSV with `;` between cells: told by the
        // header row, whose headers hold neither `,` nor `;`.
        const header = text.slice(0, text.search(/\r?\n|$/));
        const delimiter = (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ';' : ',';
        records = parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: false }) as string[][];
      } catch (error) {
        problems.push({ file, message: `cannot read the CSV file: ${(error as Error).message}` });
        continue;
      }
      const headers = records[0] ?? [];
      const spec = csvSheet(file, headers);
      if (!spec) {
        problems.push({ file, message: `cannot tell which sheet this is: name it ${SHEETS.map((s) => s.file).join(', ')} or give it the template's header row` });
        continue;
      }
      const columns = mapHeader(file, spec, headers, problems);
      tables.push({ file, sheet: spec.name, columns, rows: toRows(columns, records.slice(1).map((values, i) => ({ row: i + 2, values }))) });
    } else {
      problems.push({ file, message: 'not a template file: give .xlsx workbooks or .csv files' });
    }
  }
  return { tables, problems };
}

/** Writes the sheets as CSV files (practices.csv, organisations.csv, …) into `dir`. */
export async function writeCsv(dir: string, rows: SheetRows): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const spec of SHEETS) {
    const records = rows.get(spec.name) ?? [];
    const text = stringify([spec.columns.map((c) => c.header), ...records.map((r) => spec.columns.map((c) => r[c.key] ?? ''))]);
    const path = join(dir, spec.file);
    await writeFile(path, text, 'utf8');
    written.push(path);
  }
  return written;
}

const LIST_ROWS = 1000;

/**
 * Writes the sheets as one XLSX workbook: per sheet a bold header row with the column's help as
 * its note, frozen header and first column, column widths, and drop-downs from the Codes sheet
 * for single-valued coded columns; cells are written as text so values keep their exact form.
 */
export async function writeXlsx(path: string, rows: SheetRows, codes: ReadonlyMap<CodeListName, readonly CodeEntry[]>): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'segraph';
  const sheets = SHEETS.map((spec) => [spec, workbook.addWorksheet(spec.name, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] })] as const);
  const codeSheet = workbook.addWorksheet('Codes', { views: [{ state: 'frozen', ySplit: 1 }] });
  codeSheet.columns = [
    { header: 'List', key: 'list', width: 20 },
    { header: 'Code', key: 'code', width: 40 },
    { header: 'English label', key: 'label', width: 60 },
  ];
  codeSheet.getRow(1).font = { bold: true };
  const ranges = new Map<CodeListName, string>();
  for (const [list, entries] of codes) {
    if (entries.length === 0) continue;
    const first = codeSheet.rowCount + 1;
    for (const entry of entries) codeSheet.addRow({ list, code: entry.code, label: entry.label });
    ranges.set(list, `Codes!$B$${first}:$B$${codeSheet.rowCount}`);
  }
  for (const [spec, sheet] of sheets) {
    sheet.columns = spec.columns.map((c: Column) => ({ header: c.header, key: c.key, width: c.width ?? 16 }));
    const header = sheet.getRow(1);
    header.font = { bold: true };
    header.alignment = { vertical: 'top', wrapText: true };
    spec.columns.forEach((c, i) => {
      header.getCell(i + 1).note = `${c.help}${c.required ? ' (required)' : ''}${c.multiple ? '; several values separated by ;' : ''}`;
    });
    for (const record of rows.get(spec.name) ?? []) {
      const row = sheet.addRow(spec.columns.map((c) => record[c.key] ?? ''));
      row.alignment = { vertical: 'top' };
      row.eachCell((cell) => {
        cell.numFmt = '@';
      });
    }
    spec.columns.forEach((c, i) => {
      const range = c.codes ? ranges.get(c.codes) : undefined;
      if (!range || c.multiple) return;
      const letter = columnLetter(i);
      // exceljs has worksheet.dataValidations (a range keeps one rule) but does not declare it.
      (sheet as ExcelJS.Worksheet & { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } }).dataValidations.add(`${letter}2:${letter}${LIST_ROWS}`, {
        type: 'list', allowBlank: true, formulae: [range], showErrorMessage: true, errorStyle: 'warning',
        errorTitle: c.header, error: `Pick a code from the Codes sheet (${c.codes!})`,
      });
    });
  }
  await workbook.xlsx.writeFile(path);
}
