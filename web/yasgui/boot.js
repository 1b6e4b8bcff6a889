// Mounts YASGUI on the /sparql page, in place of the page's plain query form (which is what a
// browser without JavaScript keeps). Loaded after the YASGUI script (both `defer`), it reads its
// configuration from the page's <script type="application/json" id="sparql-editor-config"> block
// (written by src/http/sparql-editor.ts; data, never run) and sets YASGUI up so that nothing
// leaves our origin:
// - every query goes to our endpoint, whatever a stored tab, a shared link or a typed URL says;
// - the property and class autocompleters, which ask lov.linkeddata.es, complete from the
//   properties and classes our graph uses instead (asked of our endpoint); prefixes come from
//   YASGUI's bundled list (prefix.cc is never asked) and ours;
// - no URL shortener (createShortLink stays unset); YASR has only its table, response, boolean and
//   error views (no chart plugin loading from a CDN).
/* global window, document, fetch, URL, URLSearchParams */

const MAX_GET_URL = 8000; // longer queries are POSTed (the server refuses request heads over 16 KiB)

function readConfig() {
  const block = document.getElementById('sparql-editor-config');
  return block ? JSON.parse(block.textContent) : undefined;
}

/**
 * A non-bulk autocompleter over the IRIs our graph uses as properties or classes: asked of our own
 * endpoint once, when a completion is first wanted (the engine caches the answer), then filtered here.
 */
function fromOurGraph(endpoint, query) {
  let iris;
  const load = () => {
    iris ??= fetch(`${endpoint}?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/sparql-results+json' } })
      .then((response) => {
        if (!response.ok) throw new Error(`${response.status}`);
        return response.json();
      })
      .then((json) => json.results.bindings.map((row) => row.x.value))
      .catch(() => {
        iris = undefined; // ask again next time
        return [];
      });
    return iris;
  };
  return (_yasqe, token) => {
    const typed = (token && (token.autocompletionString || token.string)) || '';
    return load().then((all) => all.filter((iri) => iri.startsWith(typed)).slice(0, 100));
  };
}

function prefixLines(prefixes) {
  return Object.entries(prefixes).map(([p, ns]) => `${p}: <${ns}>`);
}

function mount() {
  const config = readConfig();
  const host = document.getElementById('sparql-editor');
  const { Yasgui, Yasqe } = window;
  if (!config || !host || !Yasgui || !Yasqe) return;
  const endpoint = new URL(config.endpoint, document.baseURI).href;

  // Outside services off, before any editor exists.
  Yasqe.Autocompleters.property.get = fromOurGraph(endpoint, 'SELECT DISTINCT ?x WHERE { ?s ?x ?o } ORDER BY ?x');
  Yasqe.Autocompleters.class.get = fromOurGraph(endpoint, 'SELECT DISTINCT ?x WHERE { ?s a ?x } ORDER BY ?x');
  const bundled = Yasqe.Autocompleters.prefixes.get;
  Yasqe.Autocompleters.prefixes.get = (yasqe) => {
    const ours = prefixLines(config.prefixes);
    return Promise.resolve(bundled.call(Yasqe.Autocompleters.prefixes, { config: { prefixCcApi: null } }))
      .then((theirs) => [...ours, ...theirs.filter((line) => !ours.includes(line))]);
  };

  const requestConfig = {
    endpoint,
    // GET (cacheable: the endpoint answers with ETags) unless the URL would be too long.
    method: (yasgui) => {
      const query = yasgui.getTab()?.getQuery?.() ?? '';
      return endpoint.length + encodeURIComponent(query).length + 7 > MAX_GET_URL ? 'POST' : 'GET';
    },
    acceptHeaderSelect: 'application/sparql-results+json',
    acceptHeaderGraph: 'text/turtle',
    headers: {},
    args: [],
    namedGraphs: [],
    defaultGraphs: [],
  };
  const ourRequest = (tabConfig) => ({ ...tabConfig, requestConfig: { ...tabConfig.requestConfig, endpoint, headers: {}, args: [] } });

  keepOnlyTheQuery();
  const editor = document.createElement('div');
  editor.className = 'sparql-editor';
  const picker = examplePicker(config, (title, query) => {
    yasgui.addTab(true, { name: title, yasqe: { value: query } });
  });
  const form = [...host.childNodes];
  host.replaceChildren(picker, editor);

  let yasgui;
  try {
    yasgui = new Yasgui(editor, {
      // Stored tabs (localStorage, this origin only) are kept per endpoint.
      persistenceId: `segraph_${endpoint}`,
      requestConfig,
      copyEndpointOnNewTab: false,
      // A link `/sparql#query=…` (the results page's "edit this query", YASGUI's own share links)
      // opens the query in a tab and runs it — against our endpoint, whatever else the link says.
      populateFromUrl: ourRequest,
      endpointCatalogueOptions: { getData: () => [{ endpoint }], keys: [] },
      yasqe: {
        value: config.query,
        autocompleters: ['prefixes', 'variables', 'property', 'class'],
        prefixCcApi: null,
        createShortLink: undefined,
        resizeable: true,
        // On a phone, the PREFIX lines start folded (one line) so that the query itself shows.
        collapsePrefixesOnLoad: window.matchMedia('(max-width: 40rem)').matches,
        editorHeight: '18rem',
      },
      yasr: { prefixes: config.prefixes, pluginOrder: ['table', 'response'], defaultPlugin: 'table' },
    });
  } catch (error) {
    host.replaceChildren(...form); // the plain form still works
    throw error;
  }
  // Tabs stored before (or edited in another version) keep our endpoint.
  for (const id of yasgui.persistentConfig.getTabs()) {
    const tab = yasgui.getTab(id);
    if (tab && tab.getEndpoint() !== endpoint) tab.setEndpoint(endpoint);
  }
  accessible(editor);
  window.segraphYasgui = yasgui; // for the browser tests and the curious
  host.dataset.ready = 'true';
}

/**
 * A link `/sparql#query=…` may say more for YASGUI (endpoint, headers, request arguments, view
 * settings as JSON, which YASGUI parses and throws on when malformed): only the query, and a
 * view we have, are kept; the rest is dropped from the address before YASGUI reads it.
 */
function keepOnlyTheQuery() {
  if (!window.location.hash) return;
  const given = new URLSearchParams(window.location.hash.slice(1));
  const kept = new URLSearchParams();
  if (given.has('query')) kept.set('query', given.get('query'));
  if (['table', 'response'].includes(given.get('outputFormat'))) kept.set('outputFormat', given.get('outputFormat'));
  const hash = kept.has('query') ? `#${kept}` : '';
  if (hash !== window.location.hash) window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${hash}`);
}

/**
 * What YASGUI leaves out for people using a keyboard or a screen reader (axe-core finds these;
 * test/browser/yasgui.test.ts checks it finds no serious ones): names for the query editor's text
 * box and the table's page-size list, a keyboard stop for the editor's scrolling area, and the
 * "add a tab" button moved out of the tab list (a tab list may hold tabs only). YASGUI draws
 * these parts again as tabs open and results arrive, so they are mended whenever they appear.
 */
function accessible(root) {
  const mend = () => {
    for (const box of root.querySelectorAll('.CodeMirror textarea:not([aria-label])')) box.setAttribute('aria-label', 'SPARQL query');
    for (const scroll of root.querySelectorAll('.CodeMirror-scroll[tabindex="-1"]')) {
      scroll.setAttribute('tabindex', '0');
      scroll.setAttribute('aria-label', 'SPARQL query, scrollable');
    }
    for (const select of root.querySelectorAll('select.tableSizer:not([aria-label])')) select.setAttribute('aria-label', 'Rows per page');
    const list = root.querySelector('.tabsList');
    const add = list && list.querySelector('button.addTab');
    if (add) {
      let bar = list.parentElement;
      if (!bar.classList.contains('tabsBar')) {
        bar = document.createElement('div');
        bar.className = 'tabsBar';
        list.before(bar);
        bar.append(list);
      }
      bar.append(add); // its empty wrapper stays in the list, where YASGUI inserts new tabs before it
    }
  };
  mend();
  new window.MutationObserver(mend).observe(root, { childList: true, subtree: true });
}

/** "Example questions": a labelled list and a button that opens the chosen one in a new tab. */
function examplePicker(config, open) {
  const form = document.createElement('form');
  form.className = 'examples';
  const label = document.createElement('label');
  label.htmlFor = 'sparql-example';
  label.textContent = 'Example questions';
  const select = document.createElement('select');
  select.id = 'sparql-example';
  config.examples.forEach((example, i) => {
    const option = document.createElement('option');
    option.value = String(i);
    option.textContent = example.title;
    select.append(option);
  });
  const button = document.createElement('button');
  button.type = 'submit';
  button.textContent = 'Open in a new tab';
  const status = document.createElement('span');
  status.setAttribute('role', 'status');
  form.append(label, ' ', select, ' ', button, ' ', status);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const example = config.examples[Number(select.value)];
    if (!example) return;
    if (example.query !== undefined) {
      open(example.title, example.query);
      return;
    }
    // A question of the API: its SPARQL as /api/queries/{name}?explain serves it, parameters bound.
    status.textContent = 'Loading…';
    fetch(example.href, { headers: { accept: 'application/sparql-query' } })
      .then((response) => {
        if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
        return response.text();
      })
      .then((text) => {
        status.textContent = '';
        open(example.title, text.trimEnd());
      })
      .catch((error) => {
        status.textContent = `Could not load this question: ${error.message}`;
      });
  });
  return form;
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
else mount();

