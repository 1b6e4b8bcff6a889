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
