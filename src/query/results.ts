/**
 * SPARQL query results: the SPARQL 1.1 JSON structure the engine produces, row capping, and its
 * conversion to the XML, CSV and TSV result formats.
 * Specs: https://www.w3.org/TR/sparql11-results-json/, …-results-xml/, …-results-csv-tsv/.
 */
import { SPARQL_RESULTS_XML_NS, XSD } from '../vocab/namespace.js';

export interface JsonTerm {
  readonly type: 'uri' | 'bnode' | 'literal' | 'triple';
  readonly value: string | { subject: JsonTerm; predicate: JsonTerm; object: JsonTerm };
  readonly 'xml:lang'?: string;
  readonly datatype?: string;
}
export interface JsonResults {
  readonly head: { readonly vars?: readonly string[]; readonly link?: readonly string[] };
  readonly results?: { readonly bindings: ReadonlyArray<Readonly<Record<string, JsonTerm>>> };
  readonly boolean?: boolean;
}


/** Keeps at most `maxRows` solutions; says whether any were dropped. */
export function capRows(results: JsonResults, maxRows: number): { results: JsonResults; rows: number; truncated: boolean } {
  const bindings = results.results?.bindings;
  if (!bindings) return { results, rows: 0, truncated: false };
  if (bindings.length <= maxRows) return { results, rows: bindings.length, truncated: false };
  return { results: { ...results, results: { bindings: bindings.slice(0, maxRows) } }, rows: maxRows, truncated: true };
}

/**
 * Escapes text for XML content and attribute values. CR, and tab and LF (which attribute
 * normalisation would turn into spaces), are written as character references so a parser gives
 * back exactly the literal.
 */
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;' };
const xmlEscape = (s: string) => s.replace(/[&<>"\r]/g, (c) => XML_ESCAPES[c]!);
const xmlAttribute = (s: string) => xmlEscape(s).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');

function xmlTerm(t: JsonTerm): string {
  if (t.type === 'triple' && typeof t.value === 'object') {
    const v = t.value;
    return `<triple><subject>${xmlTerm(v.subject)}</subject><predicate>${xmlTerm(v.predicate)}</predicate><object>${xmlTerm(v.object)}</object></triple>`;
  }
  const value = xmlEscape(String(t.value));
  if (t.type === 'uri') return `<uri>${value}</uri>`;
  if (t.type === 'bnode') return `<bnode>${value}</bnode>`;
  if (t['xml:lang']) return `<literal xml:lang="${xmlAttribute(t['xml:lang'])}">${value}</literal>`;
  if (t.datatype) return `<literal datatype="${xmlAttribute(t.datatype)}">${value}</literal>`;
  return `<literal>${value}</literal>`;
}

/** SPARQL Query Results XML Format. */
export function toXml(results: JsonResults): string {
  const vars = results.head.vars ?? [];
  let out = `<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="${SPARQL_RESULTS_XML_NS}">\n<head>`;
  for (const v of vars) out += `<variable name="${xmlAttribute(v)}"/>`;
  for (const l of results.head.link ?? []) out += `<link href="${xmlAttribute(l)}"/>`;
  out += '</head>\n';
  if (results.boolean !== undefined) return `${out}<boolean>${results.boolean}</boolean>\n</sparql>\n`;
  out += '<results>\n';
  for (const row of results.results?.bindings ?? []) {
    out += '<result>';
    for (const v of vars) {
      const term = row[v];
      if (term) out += `<binding name="${xmlAttribute(v)}">${xmlTerm(term)}</binding>`;
    }
    out += '</result>\n';
  }
  return `${out}</results>\n</sparql>\n`;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvTerm(t: JsonTerm): string {
  if (t.type === 'bnode') return `_:${String(t.value)}`;
  if (t.type === 'triple') return tsvTerm(t);
  return String(t.value);
}

/** SPARQL 1.1 CSV: header of variable names, values without types or language tags, CRLF lines. */
export function toCsv(results: JsonResults): string {
  if (results.boolean !== undefined) return `_askResult\r\n${results.boolean}\r\n`;
  const vars = results.head.vars ?? [];
  let out = vars.map(csvField).join(',') + '\r\n';
  for (const row of results.results?.bindings ?? []) {
    out += vars.map((v) => (row[v] ? csvField(csvTerm(row[v])) : '')).join(',') + '\r\n';
  }
  return out;
}

const tsvString = (s: string) =>
  s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');

function tsvTerm(t: JsonTerm): string {
  if (t.type === 'triple' && typeof t.value === 'object') {
    const v = t.value;
    return `<<( ${tsvTerm(v.subject)} ${tsvTerm(v.predicate)} ${tsvTerm(v.object)} )>>`;
  }
  const value = String(t.value);
  if (t.type === 'uri') return `<${value}>`;
  if (t.type === 'bnode') return `_:${value}`;
  if (t['xml:lang']) return `"${tsvString(value)}"@${t['xml:lang']}`;
  const dt = t.datatype;
  if (dt === XSD.integer && /^[+-]?\d+$/.test(value)) return value;
  if (dt === XSD.decimal && /^[+-]?\d*\.\d+$/.test(value)) return value;
  if (dt === XSD.double && /^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(value)) return value;
  if (dt === XSD.boolean && (value === 'true' || value === 'false')) return value;
  if (!dt || dt === XSD.string) return `"${tsvString(value)}"`;
  return `"${tsvString(value)}"^^<${dt}>`;
}

/** SPARQL 1.1 TSV: `?var` header, terms in Turtle syntax, LF lines. */
export function toTsv(results: JsonResults): string {
  if (results.boolean !== undefined) return `?_askResult\n${results.boolean}\n`;
  const vars = results.head.vars ?? [];
  let out = vars.map((v) => `?${v}`).join('\t') + '\n';
  for (const row of results.results?.bindings ?? []) {
    out += vars.map((v) => (row[v] ? tsvTerm(row[v]) : '')).join('\t') + '\n';
  }
  return out;
}
