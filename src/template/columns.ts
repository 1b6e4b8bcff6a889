/**
 * The spreadsheet template's sheets and columns, declared once: the exporter writes them, the
 * importer reads them, the XLSX drop-downs and the README's table come from them.
 *
 * One row of Practices per practice; one row of Organisations per practice × organisation × role;
 * one row of Fundings per funding line; one row of Results per result, staff figure, budget or
 * part of one; one row of Places per new place. Cells holding several values separate them
 * with `;`. Each fact group carries its own source document, page(s) and transcript lines.
 */

/** The lists of allowed values a column may take (a code or its exact English label). */
export type CodeListName =
  | 'country' | 'nuts' | 'fund' | 'programme' | 'theme' | 'targetGroup' | 'status' | 'unit' | 'fundingType'
  | 'organisationKind' | 'geographicScope' | 'valueQualifier' | 'resultKind' | 'sdg' | 'source' | 'initiative'
  | 'yesNo' | 'role' | 'rowKind' | 'placeKind' | 'organisation' | 'place';

export interface Column {
  /** The key the importer and exporter use. */
  readonly key: string;
  /** The header cell, as a policy officer reads it. */
  readonly header: string;
  readonly required?: boolean;
  /** Several values, separated by `;`. */
  readonly multiple?: boolean;
  /** The codes the values must come from. */
  readonly codes?: CodeListName;
  /** Column width in the XLSX, in characters. */
  readonly width?: number;
  /** What goes in it (the README's table and the header cell's note). */
  readonly help: string;
}

export type SheetName = 'Practices' | 'Organisations' | 'Fundings' | 'Results' | 'Places';

export interface SheetSpec {
  readonly name: SheetName;
  /** The CSV file of the sheet. */
  readonly file: string;
  readonly columns: readonly Column[];
  readonly help: string;
}

const TEXT = 60;
const SOURCE = (what: string): Column[] => [
  { key: 'source', header: 'Source document', codes: 'source', width: 28, help: `the source document that states ${what} (an id of data/sources/)` },
  { key: 'page', header: 'Page', width: 8, help: 'the printed page, or first-last (7-9)' },
  { key: 'lines', header: 'Lines', width: 12, help: 'transcript lines, e.g. 162-231 or 175, 180 (optional)' },
];

const PRACTICES: SheetSpec = {
  name: 'Practices',
  file: 'practices.csv',
  help: 'one row per practice',
  columns: [
    { key: 'id', header: 'Practice id', required: true, width: 30, help: 'lowercase words joined by - (the IRI id/practice/<id>)' },
    { key: 'name', header: 'Name (English)', required: true, width: 32, help: 'the name in English' },
    { key: 'nativeName', header: 'Name (native language)', width: 28, help: 'the name in the local language, if any' },
    { key: 'nativeLang', header: 'Native language', width: 10, help: 'its language code: pl, de, hu…' },
    { key: 'nativeStated', header: 'Native name stated in source?', codes: 'yesNo', width: 12, help: 'yes: the source prints it; no: we add it (graph:curation); default yes' },
    { key: 'otherNames', header: 'Other names', multiple: true, width: 24, help: 'acronyms and other names the source gives; name@pl for another language' },
    { key: 'otherNamesOurs', header: 'Other names (added by us)', multiple: true, width: 24, help: 'names we add (graph:curation); name@bg for a language' },
    { key: 'summary', header: 'Summary', required: true, width: TEXT, help: "the source's short summary" },
    { key: 'description', header: 'Description', required: true, width: TEXT, help: 'the detailed information, verbatim; paragraphs separated by a blank line' },
    { key: 'country', header: 'Country', required: true, codes: 'country', width: 14, help: 'EU authority code (BEL) or English name' },
    { key: 'places', header: 'Places', required: true, multiple: true, width: 30, help: 'municipalities and regions: ids of data/places/ or of the Places sheet' },
    { key: 'scope', header: 'Geographic scope', codes: 'geographicScope', width: 14, help: 'local, regional, national…' },
    { key: 'scopeStated', header: 'Scope stated in source?', codes: 'yesNo', width: 10, help: 'yes: the source states it ("Scope: National"); no: our reading (graph:curation); default no' },
    { key: 'start', header: 'Start', required: true, width: 12, help: 'YYYY, YYYY-MM or YYYY-MM-DD' },
    { key: 'end', header: 'End', width: 12, help: 'YYYY, YYYY-MM or YYYY-MM-DD, not before Start' },
    { key: 'temporalNote', header: 'Timing notes', width: 30, help: "vague or extra timing, in the source's words; one note per line" },
    { key: 'datesSource', header: 'Dates: source document', codes: 'source', width: 28, help: 'the source document that states the dates' },
    { key: 'startPage', header: 'Start: page', width: 8, help: 'the page stating the start' },
    { key: 'startLines', header: 'Start: lines', width: 10, help: 'transcript lines stating the start' },
    { key: 'endPage', header: 'End: page', width: 8, help: 'the page stating the end' },
    { key: 'endLines', header: 'End: lines', width: 10, help: 'transcript lines stating the end' },
    { key: 'status', header: 'Status', required: true, codes: 'status', width: 12, help: 'as of the source date: ongoing, completed…' },
    { key: 'targetGroups', header: 'Target groups', required: true, multiple: true, codes: 'targetGroup', width: 30, help: 'our classification (graph:curation)' },
    { key: 'themes', header: 'Themes', required: true, multiple: true, codes: 'theme', width: 30, help: 'our classification (graph:curation)' },
    { key: 'sdgs', header: 'SDGs', multiple: true, codes: 'sdg', width: 10, help: 'goal numbers 1-17 (ours: graph:curation)' },
    { key: 'website', header: 'Website', multiple: true, width: 30, help: 'the home page' },
    { key: 'links', header: 'Other links', multiple: true, width: 30, help: 'other pages: social media, articles, photos' },
    { key: 'video', header: 'Video', multiple: true, width: 30, help: 'video links' },
    { key: 'resources', header: 'Resources (text)', width: TEXT, help: "the source's text on funding, budget and staff" },
    { key: 'resultsText', header: 'Results (text)', width: TEXT, help: "the source's text on results" },
    { key: 'beneficiaries', header: 'Beneficiaries (text)', width: TEXT, help: "the source's text on stakeholders and beneficiaries" },
    { key: 'challenges', header: 'Challenges (text)', width: TEXT, help: "the source's text on challenges" },
    { key: 'innovation', header: 'Innovation (text)', width: TEXT, help: "the source's text on innovation" },
    { key: 'transfer', header: 'Transfer potential (text)', width: TEXT, help: "the source's text on transfer potential" },
    { key: 'uncertaintySource', header: "Uncertainty: source's facts", width: 30, help: "notes on what is uncertain in what the source states (its graph); one note per line" },
    { key: 'uncertaintyOurs', header: 'Uncertainty: our additions', width: 30, help: 'notes on what we add or assume, e.g. why a currency is assumed (graph:curation); one note per line' },
    { key: 'initiatives', header: 'Identified by', multiple: true, codes: 'initiative', width: 14, help: 'the initiative that identified it (secon…)' },
    { key: 'source', header: 'Source document', required: true, codes: 'source', width: 28, help: 'the source document describing the practice' },
    { key: 'page', header: 'Pages', required: true, width: 8, help: 'its pages in the source: 7-10' },
    { key: 'lines', header: 'Lines', width: 12, help: 'its transcript lines: 162-231' },
  ],
};

const ORGANISATIONS: SheetSpec = {
  name: 'Organisations',
  file: 'organisations.csv',
  help: 'one row per practice × organisation × role; new organisations described in the row (the first row naming them)',
  columns: [
    { key: 'practice', header: 'Practice id', required: true, width: 30, help: 'a practice of the Practices sheet' },
    { key: 'organisation', header: 'Organisation id', required: true, width: 34, help: 'a known organisation (data/organisations/) or a new one described here' },
    { key: 'role', header: 'Role', required: true, codes: 'role', width: 13, help: 'implementer, partner, stakeholder, monitor; funder only describes a new funder' },
    { key: 'roleStated', header: 'Role stated in source?', codes: 'yesNo', width: 10, help: 'no: our reading (graph:curation); default yes' },
    { key: 'name', header: 'Name (English)', width: 30, help: 'new organisations only' },
    { key: 'nativeName', header: 'Name (native language)', width: 28, help: 'new organisations only' },
    { key: 'nativeLang', header: 'Native language', width: 10, help: 'its language code' },
    { key: 'nativeStated', header: 'Native name stated in source?', codes: 'yesNo', width: 12, help: 'default yes' },
    { key: 'country', header: 'Country', codes: 'country', width: 14, help: 'new organisations only (required for them)' },
    { key: 'kind', header: 'Kind', codes: 'organisationKind', width: 22, help: 'new organisations only (required for them)' },
    { key: 'kindStated', header: 'Kind stated in source?', codes: 'yesNo', width: 10, help: 'no: our reading (graph:curation); default yes' },
    { key: 'place', header: 'Place', width: 20, help: 'where it is (a place id); new organisations only' },
    { key: 'homepage', header: 'Website', width: 30, help: 'new organisations only' },
    { key: 'description', header: 'Description', width: TEXT, help: 'what the source says about it; new organisations only' },
    ...SOURCE('the role'),
  ],
};

const FUNDINGS: SheetSpec = {
  name: 'Fundings',
  file: 'fundings.csv',
  help: 'one row per funding line',
  columns: [
    { key: 'practice', header: 'Practice id', required: true, width: 30, help: 'a practice of the Practices sheet' },
    { key: 'id', header: 'Funding id', required: true, width: 26, help: 'funding-<who>: unique within the practice' },
    { key: 'funders', header: 'Funders', multiple: true, width: 34, help: 'organisation ids the source names as funders' },
    { key: 'fundersOurs', header: 'Funders (identified by us)', multiple: true, width: 24, help: 'funders we identify (graph:curation)' },
    { key: 'fund', header: 'Fund', codes: 'fund', width: 12, help: 'EU fund (esf-plus, erdf…)' },
    { key: 'fundStated', header: 'Fund stated in source?', codes: 'yesNo', width: 12, help: 'no: we identify it (graph:curation); default yes' },
    { key: 'programme', header: 'Programme', codes: 'programme', width: 26, help: 'programme id (data/programmes/)' },
    { key: 'programmeStated', header: 'Programme stated in source?', codes: 'yesNo', width: 12, help: 'no: we identify it (graph:curation); default yes' },
    { key: 'type', header: 'Funding type', required: true, codes: 'fundingType', width: 18, help: 'grant, loan, own-resources…' },
    { key: 'typeStated', header: 'Funding type stated in source?', codes: 'yesNo', width: 12, help: 'no: our reading (graph:curation); default yes' },
    { key: 'amountId', header: 'Amount id', width: 22, help: 'default <funding id>-amount' },
    { key: 'amount', header: 'Amount', width: 14, help: 'decimal with a point, no thousands separators: 59500.00' },
    { key: 'min', header: 'Amount from', width: 12, help: 'for a range: the lower bound' },
    { key: 'max', header: 'Amount to', width: 12, help: 'for a range: the upper bound' },
    { key: 'currency', header: 'Currency', width: 9, help: 'ISO 4217 code: EUR, PLN… (required with an amount)' },
    { key: 'currencyStated', header: 'Currency stated in source?', codes: 'yesNo', width: 12, help: 'no: we assume it (graph:curation); default yes' },
    { key: 'perPeriod', header: 'Per period', width: 10, help: 'year, month, or a duration (P1Y)' },
    { key: 'qualifier', header: 'Approximate?', codes: 'valueQualifier', width: 14, help: 'approximately, more-than… (empty: exact)' },
    { key: 'eur', header: 'Value in EUR (stated)', width: 14, help: 'a euro equivalent the source gives' },
    { key: 'amountNote', header: 'Amount note', width: 40, help: 'a note on the amount' },
    { key: 'amountPartOf', header: 'Amount part of', width: 14, help: 'the budget (a Results id) this amount is part of, if the source says so' },
    { key: 'share', header: 'Share (%)', width: 9, help: 'share of the total the source gives' },
    { key: 'start', header: 'Start', width: 12, help: 'period covered: YYYY, YYYY-MM or YYYY-MM-DD' },
    { key: 'end', header: 'End', width: 12, help: 'period covered, not before Start' },
    { key: 'uncertaintySource', header: "Uncertainty: source's facts", width: 30, help: "notes on what is uncertain in what the source states (its graph); one note per line" },
    { key: 'uncertaintyOurs', header: 'Uncertainty: our additions', width: 30, help: 'notes on what we add or assume, e.g. why a currency is assumed (graph:curation); one note per line' },
    { key: 'amountUncertaintySource', header: "Amount uncertainty: source's facts", width: 30, help: 'the same, about the amount' },
    { key: 'amountUncertaintyOurs', header: 'Amount uncertainty: our additions', width: 30, help: 'the same, about the amount (graph:curation)' },
    { key: 'sentence', header: "Source's sentence", required: true, width: TEXT, help: 'the sentence stating the funding' },
    ...SOURCE('the funding'),
    { key: 'amountPage', header: 'Amount: page', width: 8, help: 'the page stating the amount, if not the funding\'s (same source document)' },
    { key: 'amountLines', header: 'Amount: lines', width: 10, help: 'the transcript lines stating the amount, if not the funding\'s' },
  ],
};

const RESULTS: SheetSpec = {
  name: 'Results',
  file: 'results.csv',
  help: 'one row per result, staff figure, budget, or part of one',
  columns: [
    { key: 'practice', header: 'Practice id', required: true, width: 30, help: 'a practice of the Practices sheet' },
    { key: 'id', header: 'Result id', required: true, width: 28, help: 'result-<what>, staff, budget…: unique within the practice' },
    { key: 'kind', header: 'Kind', codes: 'rowKind', width: 9, help: 'result (default), staff, budget, or part (of the row in Part of)' },
    { key: 'partOf', header: 'Part of', width: 18, help: 'for a part: the id of the staff, budget or amount it is part of' },
    { key: 'label', header: 'Label (English)', width: 34, help: 'short label of a result: "jobs created"' },
    { key: 'value', header: 'Value', width: 12, help: 'a number (may be empty for a staff or budget row whose parts give the numbers)' },
    { key: 'min', header: 'Value from', width: 10, help: 'for a range: the lower bound' },
    { key: 'max', header: 'Value to', width: 10, help: 'for a range: the upper bound' },
    { key: 'valueStated', header: 'Value stated in source?', codes: 'yesNo', width: 10, help: 'no: the number is our reading of the words (graph:curation); default yes' },
    { key: 'unit', header: 'Unit', codes: 'unit', width: 18, help: 'person, full-time-equivalent, euro… (not for money amounts)' },
    { key: 'currency', header: 'Currency', width: 9, help: 'for a budget or money part: ISO 4217 code' },
    { key: 'currencyStated', header: 'Currency stated in source?', codes: 'yesNo', width: 12, help: 'default yes' },
    { key: 'qualifier', header: 'Approximate?', codes: 'valueQualifier', width: 14, help: 'approximately, more-than… (empty: exact)' },
    { key: 'perPeriod', header: 'Per period', width: 10, help: 'year, month, or a duration (P1Y)' },
    { key: 'resultKind', header: 'Achieved or target', codes: 'resultKind', width: 12, help: 'results only: achieved or target' },
    { key: 'asOf', header: 'As of', width: 12, help: 'the reference date' },
    { key: 'start', header: 'Start', width: 12, help: 'the period it covers' },
    { key: 'end', header: 'End', width: 12, help: 'the period it covers, not before Start' },
    { key: 'eur', header: 'Value in EUR (stated)', width: 14, help: 'a euro equivalent the source gives' },
    { key: 'uncertaintySource', header: "Uncertainty: source's facts", width: 30, help: "notes on what is uncertain in what the source states (its graph); one note per line" },
    { key: 'uncertaintyOurs', header: 'Uncertainty: our additions', width: 30, help: 'notes on what we add or assume, e.g. why a currency is assumed (graph:curation); one note per line' },
    { key: 'sentence', header: "Source's sentence", width: TEXT, help: 'the words that state it (required for results)' },
    ...SOURCE('the figure'),
  ],
};

const PLACES: SheetSpec = {
  name: 'Places',
  file: 'places.csv',
  help: 'one row per new place (municipality or region) a practice names',
  columns: [
    { key: 'id', header: 'Place id', required: true, width: 26, help: 'lowercase words joined by -' },
    { key: 'name', header: 'Name (English)', required: true, width: 26, help: 'the name in English' },
    { key: 'nativeName', header: 'Name (native language)', width: 26, help: 'the local name' },
    { key: 'nativeLang', header: 'Native language', width: 10, help: 'its language code' },
    { key: 'nativeStated', header: 'Native name stated in source?', codes: 'yesNo', width: 12, help: 'default yes' },
    { key: 'kind', header: 'Kind', required: true, codes: 'placeKind', width: 14, help: 'municipality or region' },
    { key: 'country', header: 'Country', required: true, codes: 'country', width: 14, help: 'EU authority code or English name' },
    { key: 'containedIn', header: 'Part of', width: 26, help: 'the region it lies in (a place id)' },
    { key: 'nuts', header: 'NUTS 3 code', codes: 'nuts', width: 10, help: 'its NUTS 2021 region (ours: graph:curation)' },
    ...SOURCE('the place'),
  ],
};

export const SHEETS: readonly SheetSpec[] = [PRACTICES, ORGANISATIONS, FUNDINGS, RESULTS, PLACES];

export const sheetSpec = (name: SheetName): SheetSpec => SHEETS.find((s) => s.name === name)!;

/** Column number (0-based) → spreadsheet letter: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** The fixed lists (the others come from the graph). */
export const FIXED_CODES: Readonly<Partial<Record<CodeListName, ReadonlyArray<readonly [string, string]>>>> = {
  yesNo: [['yes', 'stated in the source'], ['no', 'added by us (graph:curation)']],
  role: [['implementer', 'implemented by'], ['partner', 'partner'], ['stakeholder', 'stakeholder'], ['monitor', 'monitored by'], ['funder', 'funder (describes a new funder only)']],
  rowKind: [['result', 'a reported result'], ['staff', 'the staff'], ['budget', 'the budget'], ['part', 'a part of a staff, budget or amount row']],
  placeKind: [['municipality', 'municipality, town or city'], ['region', 'region, province, county']],
};
