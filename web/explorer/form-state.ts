/**
 * The explorer's state is its URL: the search text `q` and the ticked facet values, with the
 * names of /api/facets (`?q=rural&fund=esf&typology=predominantly-rural`). These read the state
 * from the form and put a state back into it.
 */

/** The query string of what the form holds now: `q` when it has a word, then each ticked box. */
export function stateOf(form: HTMLFormElement): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form)) {
    if (typeof value !== 'string') continue;
    if (name === 'q') {
      const text = value.trim();
      if (text) params.set('q', text);
    } else params.append(name, value);
  }
  return params;
}

/** The page's URL for a state: the form's action with the state as its query. */
export function urlOf(form: HTMLFormElement, state: URLSearchParams): URL {
  const url = new URL(form.action);
  url.search = state.toString();
  return url;
}

/**
 * Puts the state of `url` into the form at once (the text, and which boxes are ticked), so going
 * back shows the earlier state before the server's answer arrives to swap the facets in.
 */
export function showState(form: HTMLFormElement, url: URL): void {
  const params = url.searchParams;
  for (const input of form.querySelectorAll<HTMLInputElement>('input[name]')) {
    if (input.type === 'checkbox') input.checked = params.getAll(input.name).includes(input.value);
    else if (input.type === 'search' || input.type === 'text') input.value = params.get(input.name) ?? '';
  }
}
