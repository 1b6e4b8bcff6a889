/**
 * The spreadsheet template's two directions, over the project's files: `importTemplate` checks
 * filled-in sheets and writes TriG data files; `exportTemplate` writes the data's practices
 * into the template (XLSX or CSV). Both read the graph from the authored files (src/graph/load),
 * not from a build: the template is a view of what is authored, graphs included, and the build's
 * inferred triples are not authored.
 */
import { access, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Quad } from '@rdfjs/types';
import { loadGraph, type LoadedGraph } from '../graph/load.js';
import { AUTHORING_PREFIXES } from '../graph/prefixes.js';
import { writeTurtle } from '../graph/turtle.js';
import { GRAPHS } from '../vocab/graphs.js';
import { RDF } from '../vocab/namespace.js';
import { SHEETS, type CodeListName } from './columns.js';
import { exportRows } from './export.js';
import { planImport } from './import.js';
import { knownFrom, NAMESPACES, type Known } from './known.js';
import { readTables, writeCsv, writeXlsx, type CodeEntry, type SheetProblem, type SheetRows, type Table } from './tables.js';

export { formatSheetProblem, type SheetProblem } from './tables.js';

export interface ImportOptions {
  /** The project (ontology/ and data/): what the sheets may name is read from it. */
  readonly root: string;
  /** Where the files are written (default ROOT/data). */
  readonly dataDir: string;
  readonly files: readonly string[];
  readonly replace?: boolean;
  readonly dryRun?: boolean;
}

export interface ImportReport {
  readonly problems: readonly SheetProblem[];
  readonly warnings: readonly SheetProblem[];
  /** Files written (or that would be, with dryRun), relative to the data directory. */
  readonly files: readonly string[];
  readonly written: boolean;
}

const exists = async (path: string): Promise<boolean> => access(path).then(() => true, () => false);

const SHEET_ORDER = new Map(SHEETS.map((s, i) => [s.name as string, i]));

/** Problems in reading order: by file, sheet, row, column. */
export function sortProblems(problems: readonly SheetProblem[]): SheetProblem[] {
  return [...problems].sort((a, b) =>
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)
    || (SHEET_ORDER.get(a.sheet ?? '') ?? -1) - (SHEET_ORDER.get(b.sheet ?? '') ?? -1)
    || (a.row ?? 0) - (b.row ?? 0)
    || (a.column ?? -1) - (b.column ?? -1));
}

/**
 * Reads, checks and (without problems, unless dryRun) writes the sheets in `files`. Nothing is
 * written when any problem is found, an existing file included (unless `replace`).
 */
export async function importTemplate(options: ImportOptions): Promise<ImportReport> {
  const graph = await loadGraph(options.root);
  const { tables, problems } = await readTables(options.files);
  // With --replace, what the files being replaced describe is not "already known".
  const replaced = options.replace ? replacedSubjects(tables, graph, options) : new Set<string>();
  const known = knownFrom(replaced.size === 0 ? graph.quads : graph.quads.filter((q) => !replaced.has(q.subject.value.split('#')[0]!)));
  const plan = planImport(tables, known);
  const all = [...problems, ...plan.problems];
  const files = [...plan.files.keys()].sort();
  for (const file of files) {
    const target = join(options.dataDir, file);
    const shown = relative(options.root, target).split(sep).join('/');
    const subject = plan.files.get(file)!.subject;
    const elsewhere = graph.locate(subject)?.file;
    if (elsewhere && join(options.root, elsewhere) !== target && graph.quads.some((q) => q.subject.value === subject)) {
      all.push({ file: shown, message: `<${subject}> is already described in ${elsewhere}: edit or remove that file` });
    } else if (!options.replace && (await exists(target))) {
      all.push({ file: shown, message: 'exists: give --replace to overwrite it' });
    }
  }
  const report = { problems: sortProblems(all), warnings: sortProblems(plan.warnings), files };
  if (all.length > 0 || options.dryRun) return { ...report, written: false };
  for (const file of files) {
    const { quads, subject, comment } = plan.files.get(file)!;
    const target = join(options.dataDir, file);
    await mkdir(dirname(target), { recursive: true });
    const text = longStrings(writeTurtle(readingOrder(quads, subject), true, { '': `${subject}#`, ...AUTHORING_PREFIXES }, 'given'));
    const header = `# ${comment}\n# Written by segraph import; see docs/authoring.md and the README's "Spreadsheet template".\n\n`;
    await writeFile(target, header + text, 'utf8');
  }
  return { ...report, written: true };
}

/**
 * Literals with line breaks as Turtle long strings (`"""…"""` with real line breaks), as the
 * hand-written files have the descriptions: the writer gives `"…\n\n…"` on one line. Only `\n`
 * escapes change; the other escapes (`\"`, `\\`…) stay, and are valid in long strings too.
 */
export function longStrings(turtle: string): string {
  return turtle.replace(/"((?:[^"\\\n]|\\.)*)"(?=@|\^\^|[\s;,.\]])/g, (literal, body: string) =>
    body.includes('\\n') ? `"""${body.replace(/\\(.)/g, (escape, c: string) => (c === 'n' ? '\n' : escape))}"""` : literal);
}

/** The subjects of the sheets' rows whose data file (the one the import writes) exists already. */
function replacedSubjects(tables: readonly Table[], graph: LoadedGraph, options: ImportOptions): Set<string> {
  const out = new Set<string>();
  const candidates: Array<[string, string]> = [];
  for (const table of tables) {
    for (const row of table.rows) {
      const cell = (key: string) => row.cells.get(key)?.value;
      if (table.sheet === 'Places' && cell('id')) candidates.push([NAMESPACES.place + cell('id')!, `places/${cell('id')!}.trig`]);
      if (table.sheet === 'Organisations' && cell('organisation') && cell('name')) candidates.push([NAMESPACES.organisation + cell('organisation')!, `organisations/${cell('organisation')!}.trig`]);
    }
  }
  for (const [iri, file] of candidates) {
    const where = graph.locate(iri)?.file;
    if (where && join(options.root, where) === join(options.dataDir, file)) out.add(iri);
  }
  return out;
}

/**
 * The order a hand-written file has: the source graphs first, graph:curation last; in each graph
 * the file's subject first, then the other subjects as they were made; each subject's rdf:type first.
 */
function readingOrder(quads: readonly Quad[], subject: string): Quad[] {
  const graphs = [...new Set(quads.map((q) => q.graph.value))].sort((a, b) => Number(a === GRAPHS.curation) - Number(b === GRAPHS.curation));
  const out: Quad[] = [];
  for (const graph of graphs) {
    const inGraph = quads.filter((q) => q.graph.value === graph);
    const subjects = [...new Set(inGraph.map((q) => q.subject.value))].sort((a, b) => Number(b === subject) - Number(a === subject));
    for (const s of subjects) {
      const mine = inGraph.filter((q) => q.subject.value === s);
      out.push(...mine.filter((q) => q.predicate.value === RDF.type), ...mine.filter((q) => q.predicate.value !== RDF.type));
    }
  }
  return out;
}

/** The code lists for the Codes sheet and the drop-downs (organisations and places listed to pick from). */
function codeLists(known: Known): Map<CodeListName, CodeEntry[]> {
  const out = new Map<CodeListName, CodeEntry[]>();
  for (const [name, list] of known.lists) out.set(name, [...list.entries]);
  return out;
}

export interface ExportOptions {
  readonly root: string;
  readonly format: 'xlsx' | 'csv';
  /** The workbook (xlsx) or the directory of CSV files (csv). */
  readonly out: string;
}

/** Writes every practice of the authored data into the template; returns the files written and the counts. */
export async function exportTemplate(options: ExportOptions): Promise<{ files: string[]; rows: SheetRows }> {
  const graph = await loadGraph(options.root);
  const rows = exportRows(graph.quads);
  if (options.format === 'csv') return { files: await writeCsv(options.out, rows), rows };
  await mkdir(dirname(options.out), { recursive: true });
  const lists = codeLists(knownFrom(graph.quads));
  await writeXlsx(options.out, rows, lists);
  return { files: [options.out], rows };
}
