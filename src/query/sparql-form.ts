/**
 * Tells what kind of SPARQL request a text is, by reading past its prologue (BASE/PREFIX
 * declarations and comments) to the first keyword. The engine does the real parsing; this only
 * decides, before a query is run, which result formats apply and whether it is an update (which a
 * read-only endpoint refuses with a clear message rather than a parse error).
 *
 * @example
 *   queryForm('PREFIX ex: <http://example.org/>\n# hi\nselect * { ?s ?p ?o }') // 'select'
 *   queryForm('INSERT DATA { <a> <b> <c> }')                                    // 'update'
 */
export type QueryForm = 'select' | 'ask' | 'construct' | 'describe' | 'update' | 'unknown';

const QUERY_FORMS: Record<string, QueryForm> = {
  SELECT: 'select', ASK: 'ask', CONSTRUCT: 'construct', DESCRIBE: 'describe',
};
const UPDATE_KEYWORDS = new Set([
  'INSERT', 'DELETE', 'LOAD', 'CLEAR', 'CREATE', 'DROP', 'COPY', 'MOVE', 'ADD', 'WITH',
]);

/** The form of a query, or 'update' for SPARQL Update, or 'unknown' when the prologue is malformed. */
export function queryForm(text: string): QueryForm {
  let i = 0;
  const n = text.length;
  const skipSpaceAndComments = () => {
    for (;;) {
      while (i < n && /\s/.test(text[i]!)) i++;
      if (text[i] !== '#') return;
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
    }
  };
  const word = () => {
    const m = /^[A-Za-z]+/.exec(text.slice(i, i + 16));
    return m ? m[0].toUpperCase() : '';
  };
  const skipIri = () => {
    if (text[i] !== '<') return false;
    const end = text.indexOf('>', i);
    if (end < 0) return false;
    i = end + 1;
    return true;
  };
  for (;;) {
    skipSpaceAndComments();
    const keyword = word();
    if (keyword === 'BASE') {
      i += 4;
      skipSpaceAndComments();
      if (!skipIri()) return 'unknown';
    } else if (keyword === 'PREFIX') {
      i += 6;
      skipSpaceAndComments();
      const colon = text.indexOf(':', i);
      if (colon < 0) return 'unknown';
      i = colon + 1;
      skipSpaceAndComments();
      if (!skipIri()) return 'unknown';
    } else {
      return QUERY_FORMS[keyword] ?? (UPDATE_KEYWORDS.has(keyword) ? 'update' : 'unknown');
    }
  }
}

/**
 * Whether a query names its own dataset (FROM or FROM NAMED). Such a query is run on that
 * dataset; one without gets the union of all graphs as its default graph. Only the top level
 * before the WHERE clause can hold a dataset clause, so the scan skips the prologue, strings,
 * IRIs, comments and a CONSTRUCT template, and stops at the first top-level `{` or WHERE.
 *
 * @example
 *   hasDatasetClause('SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }') // true
 *   hasDatasetClause('SELECT ("FROM" AS ?x) WHERE { ?s ?p ?o }')                // false
 */
export function hasDatasetClause(text: string): boolean {
  const n = text.length;
  let i = 0;
  let depth = 0;
  let form = '';
  let templateDone = false;
  while (i < n) {
    const c = text[i]!;
    if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '<' && /^<[^\s<>"{}|^`\\]*>/.test(text.slice(i, i + 4096))) {
      i = text.indexOf('>', i) + 1;
    } else if (c === '"' || c === "'") {
      const quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      i += quote.length;
      while (i < n && !text.startsWith(quote, i)) i += text[i] === '\\' ? 2 : 1;
      i += quote.length;
    } else if (c === '?' || c === '$') {
      i++;
      while (i < n && /[\w\u00B7\u00C0-\uFFFF]/.test(text[i]!)) i++;
    } else if (c === '{') {
      // Only the template of CONSTRUCT { … } may come before the dataset clause.
      if (depth === 0 && (form !== 'CONSTRUCT' || templateDone)) return false;
      depth++;
      i++;
    } else if (c === '}') {
      depth--;
      if (depth === 0) templateDone = true;
      i++;
    } else if (depth === 0 && /[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_][\w.:-]*/.exec(text.slice(i, i + 256))![0];
      const upper = word.toUpperCase();
      if (upper === 'WHERE') return false;
      if (upper === 'FROM' && form) return true;
      if (!form && QUERY_FORMS[upper]) form = upper;
      i += word.length;
    } else {
      i++;
    }
  }
  return false;
}
