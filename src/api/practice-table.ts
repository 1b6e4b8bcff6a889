/**
 * The practices as a table for people (the explorer's CSV download): one row per practice, its
 * name in the reader's language and the values of each column labelled the same way, several
 * values of a column in one cell. The cells come from queries/internal/practice-table.rq, asked
 * for the practices wanted (in VALUES, a bounded number at a time), and labels from QueryApi.
 *
 * @example
 *   const rows = await new PracticeTable(engine, api, 'http://127.0.0.1:3000/').rows([ID('practice/cus-drobin')], ['pl']);
 *   rows[0].name         // 'Centrum Usług Środowiskowych'
 *   rows[0].lists.nutsRegions  // ['PL923 Płocki']
 */
import N3 from 'n3';
import sparqljs from 'sparqljs';
import type { Pattern, SelectQuery } from 'sparqljs';
import type { Engine } from '../query/engine.js';
import { staticQuery } from '../query/static-query.js';
import type { QueryApi } from './query-api.js';

/** The columns with several values, as the query names them, in the order of the table. */
export const LIST_COLUMNS = ['country', 'nutsRegions', 'urbanRuralType', 'degreeOfUrbanisation', 'funds', 'programmes', 'themes', 'targetGroups', 'sdgs'] as const;
export type ListColumn = (typeof LIST_COLUMNS)[number];

export interface PracticeRow {
  readonly iri: string;
  /** In the reader's language, else English, else any (QueryApi.labels). */
  readonly name: string;
  /** Lexical forms (`2021-04`), undefined when the data gives none. */
  readonly start?: string;
  readonly end?: string;
  /** Labels, each column's values in order (codes first where the column has them). */
  readonly lists: Readonly<Record<ListColumn, readonly string[]>>;
}

const TABLE_QUERY = new sparqljs.Parser().parse(staticQuery('practice-table')) as SelectQuery;
/** Practices per query: the rows of one stay far below any row cap. */
const CHUNK = 100;

interface Cell { readonly column: string; readonly value: string; readonly isIri: boolean; readonly code?: string }

/** How a labelled value is shown: a NUTS region with its code (`RO124 Harghita`), an SDG with its number. */
function shown(cell: Cell, label: string): { text: string; order: string } {
  if (cell.column === 'nutsRegions' && cell.code) return { text: `${cell.code} ${label}`, order: cell.code };
  if (cell.column === 'sdgs' && cell.code && /^\d+$/.test(cell.code)) {
    const n = Number(cell.code);
    return { text: `SDG ${n}: ${label}`, order: String(n).padStart(3, '0') };
  }
  return { text: label, order: label.toLowerCase() };
}

export class PracticeTable {
  constructor(private readonly engine: Engine, private readonly api: QueryApi, private readonly baseIri: string) {}

  /** The rows of `practices`, in that order, labelled for `languages`. */
  async rows(practices: readonly string[], languages: readonly string[]): Promise<PracticeRow[]> {
    const cells = new Map<string, Cell[]>(practices.map((p) => [p, []]));
    for (let i = 0; i < practices.length; i += CHUNK) {
      for (const row of await this.select(practices.slice(i, i + CHUNK))) {
        const value = row['value']!;
        cells.get(row['practice']!.value)?.push({
          column: row['column']!.value, value: value.value, isIri: value.type === 'uri', ...(row['code'] ? { code: row['code'].value } : {}),
        });
      }
    }
    const iris = new Set<string>(practices);
    for (const list of cells.values()) for (const c of list) if (c.isIri) iris.add(c.value);
    const labels = await this.api.labels(iris, languages);
    return practices.map((iri) => {
      const lists = Object.fromEntries(LIST_COLUMNS.map((c) => [c, [] as Array<{ text: string; order: string }>])) as Record<ListColumn, Array<{ text: string; order: string }>>;
      let start: string | undefined;
      let end: string | undefined;
      for (const cell of cells.get(iri) ?? []) {
        if (cell.column === 'start') start = start === undefined || cell.value < start ? cell.value : start;
        else if (cell.column === 'end') end = end === undefined || cell.value > end ? cell.value : end;
        else if (cell.column in lists) lists[cell.column as ListColumn].push(shown(cell, cell.isIri ? labels.get(cell.value) ?? cell.value : cell.value));
      }
      const sorted = Object.fromEntries(LIST_COLUMNS.map((c) => [c, [...new Set(
        lists[c].sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0)).map((v) => v.text),
      )]])) as Record<ListColumn, string[]>;
      return { iri, name: labels.get(iri) ?? iri, ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}), lists: sorted };
    });
  }

  private async select(practices: readonly string[]): Promise<Array<Record<string, { type: string; value: string }>>> {
    const ast = structuredClone(TABLE_QUERY);
    ast.where = [{ type: 'values', values: practices.map((p) => ({ '?practice': N3.DataFactory.namedNode(p) as never })) }, ...(ast.where ?? [])] as Pattern[];
    const outcome = await this.engine.execute({
      query: new sparqljs.Generator().stringify(ast), form: 'select', baseIri: this.baseIri, format: 'json', complete: true,
    });
    if (!outcome.ok) throw new Error(`practice table query failed: ${outcome.message}`);
    return (JSON.parse(outcome.body) as { results: { bindings: Array<Record<string, { type: string; value: string }>> } }).results.bindings;
  }
}
