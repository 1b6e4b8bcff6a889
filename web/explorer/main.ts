/**
 * The explorer's /practices page, enhanced (the page works without this script: the form submits
 * and the server renders the new state). With it:
 *
 * - typing in the search box updates the list after a pause of DEBOUNCE_MS, the focus staying in
 *   the box, the URL following with history.replaceState;
 * - ticking a facet applies it at once (the Apply button is hidden), with history.pushState, so
 *   back and forward (popstate) go through the states, each restored from its URL;
 * - "Clear all" and submitting the form do the same without a page load.
 *
 * The state is the URL (./form-state.ts); the page for a state is the server's, swapped in region
 * by region (./regions.ts).
 */
import { showState, stateOf, urlOf } from './form-state.js';
import { hideNoScript, Regions } from './regions.js';

/** Milliseconds without a keystroke before a search runs. */
const DEBOUNCE_MS = 150;

function start(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-explorer]');
  if (!form) return;
  const regions = new Regions(document);
  hideNoScript(document);
  let typing: number | undefined;

  /** Shows the form's state: the URL first (a new history entry, or the current one replaced), then the page. */
  const apply = (history: 'push' | 'replace') => {
    window.clearTimeout(typing);
    typing = undefined;
    const url = urlOf(form, stateOf(form));
    if (url.href === window.location.href) return; // the page shows it already (or is loading it)
    if (history === 'push') window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
    void regions.load(url);
  };

  form.addEventListener('input', (event) => {
    if (!(event.target instanceof HTMLInputElement) || event.target.type !== 'search') return;
    window.clearTimeout(typing);
    typing = window.setTimeout(() => apply('replace'), DEBOUNCE_MS);
  });
  form.addEventListener('change', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.type === 'checkbox') apply('push');
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply('push');
  });
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>('a[data-explorer-link]') : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    const url = new URL(link.href);
    showState(form, url);
    apply('push');
  });
  window.addEventListener('popstate', () => {
    window.clearTimeout(typing);
    const url = new URL(window.location.href);
    showState(form, url);
    void regions.load(url);
  });
}

start();
