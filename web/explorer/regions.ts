/**
 * The regions of a page that the server renders again for a new state: each element marked
 * `data-swap` (with an id) is replaced by the element of the same id in the new page, and each
 * `data-live` element (a live region, which must stay in place for screen readers to announce a
 * change) gets the new text. One renderer, the server's: the new page is the same public URL a
 * person would load, fetched from our origin, parsed by DOMParser and imported node by node — no
 * markup is ever built from strings here.
 *
 * A newer load aborts the one in flight (AbortController), so a slow answer never overwrites a
 * newer one. After a swap, `explorer:swapped` is dispatched on the document, naming the ids, for
 * any other script of the page whose region was replaced.
 */

/** What had the focus inside a region about to be replaced, to give it back to its replacement. */
interface Focused { readonly region: string; readonly selector: string }

function focusedIn(doc: Document): Focused | undefined {
  const active = doc.activeElement;
  const region = active?.closest<HTMLElement>('[data-swap][id]');
  if (!active || !region) return undefined;
  if (active.id) return { region: region.id, selector: `#${CSS.escape(active.id)}` };
  if (active instanceof HTMLInputElement && active.name) {
    return { region: region.id, selector: `input[name="${CSS.escape(active.name)}"][value="${CSS.escape(active.value)}"]` };
  }
  return undefined;
}

/** Hides what only a page without script needs (the Apply button). */
export function hideNoScript(root: ParentNode): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-nojs]')) element.hidden = true;
}

export class Regions {
  private inFlight: AbortController | undefined;

  constructor(private readonly doc: Document) {}

  /**
   * Loads the page at `url` and swaps its regions in. Resolves true when they were swapped, false
   * when a newer load took over. When the server answers with an error (a filter value that no
   * longer exists), or cannot be reached, the browser goes to the URL itself and shows the
   * server's page for it.
   */
  async load(url: URL): Promise<boolean> {
    this.inFlight?.abort();
    const controller = new AbortController();
    this.inFlight = controller;
    this.busy(true);
    try {
      const response = await fetch(url, { headers: { accept: 'text/html' }, signal: controller.signal, credentials: 'same-origin' });
      const text = await response.text();
      if (controller.signal.aborted) return false;
      if (!response.ok || !(response.headers.get('content-type') ?? '').startsWith('text/html')) {
        window.location.assign(url.href);
        return false;
      }
      this.swap(new DOMParser().parseFromString(text, 'text/html'));
      return true;
    } catch (error) {
      if (controller.signal.aborted) return false;
      console.warn('explorer: loading the page failed; going there instead', error);
      window.location.assign(url.href);
      return false;
    } finally {
      if (this.inFlight === controller) {
        this.inFlight = undefined;
        this.busy(false);
      }
    }
  }

  private busy(on: boolean): void {
    for (const region of this.doc.querySelectorAll<HTMLElement>('[data-swap][id]')) {
      if (on) region.setAttribute('aria-busy', 'true');
      else region.removeAttribute('aria-busy');
    }
  }

  /** Swaps in the regions of `next`, a page parsed from the server's answer. */
  swap(next: Document): void {
    const focused = focusedIn(this.doc);
    const swapped: string[] = [];
    for (const region of [...this.doc.querySelectorAll<HTMLElement>('[data-swap][id]')]) {
      const replacement = next.getElementById(region.id);
      if (replacement?.hasAttribute('data-swap')) {
        const imported = this.doc.importNode(replacement, true);
        hideNoScript(imported);
        region.replaceWith(imported);
      } else {
        // The new page has no such region (nothing to show there): keep the place, empty.
        region.replaceChildren();
        region.hidden = true;
      }
      swapped.push(region.id);
    }
    for (const live of this.doc.querySelectorAll<HTMLElement>('[data-live][id]')) {
      const text = next.getElementById(live.id)?.textContent;
      if (text != null && live.textContent !== text) live.textContent = text;
    }
    if (next.title) this.doc.title = next.title;
    if (focused) this.doc.getElementById(focused.region)?.querySelector<HTMLElement>(focused.selector)?.focus();
    this.doc.dispatchEvent(new CustomEvent('explorer:swapped', { detail: { ids: swapped } }));
  }
}
