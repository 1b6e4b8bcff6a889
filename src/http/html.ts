/**
 * HTML for people: a tagged template that escapes every interpolated value unless it is already
 * markup built by this template, and the page layout. A literal from the data can never become
 * markup or script.
 *
 * @example
 *   html`<p>${'<script>alert(1)</script>'}</p>`.value  // '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'
 */

/** Markup produced by `html` (safe to insert as is). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

type Part = SafeHtml | string | number | boolean | null | undefined | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof SafeHtml) return part.value;
  if (Array.isArray(part)) return part.map((p: Part) => render(p)).join('');
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

/** The stylesheet of every page, its one `<style>` element (the Content Security Policy names its hash). */
export const PAGE_STYLE = `
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem}
code,pre,textarea{font-family:ui-monospace,monospace;font-size:.9rem}
pre{background:#f4f4f4;padding:.6rem;overflow-x:auto}
table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left;vertical-align:top}
td.n{text-align:right}textarea{width:100%;box-sizing:border-box}
.muted{color:#555}fieldset{border:1px solid #ddd;margin:.5rem 0}.facets{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:.5rem}.part{border-left:3px solid #ddd;padding-left:.5rem;margin:.2rem 0}th[scope=row]{font-weight:600;white-space:nowrap}footer{margin-top:3rem;font-size:.85rem;color:#555}
.nuts-map{margin:1rem 0}.nuts-map>svg{display:block;width:100%;height:auto;border:1px solid #ccc}
.nuts-map g path{vector-effect:non-scaling-stroke;stroke-linejoin:round}.nuts-map .countries path{stroke:#8c8c8c;stroke-width:.75}
.nuts-map .regions path{stroke:#1b1b1b;stroke-width:.75}.nuts-map a:hover path,.nuts-map a:focus path{stroke:#000;stroke-width:3}
.nuts-map .outline path{fill:none;stroke:#d95f0e;stroke-width:3}.nuts-map figcaption p{margin:.3rem 0}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;align-items:center}.legend-item{display:inline-flex;align-items:center;gap:.3rem}.attribution{font-size:.85rem;color:#555}
.region-summary{border:2px solid #d95f0e;padding:0 .8rem;margin:.5rem 0}.region-profile{font-weight:600}
label.nuts1{margin-left:1rem}label.nuts2{margin-left:2rem}label.nuts3{margin-left:3rem}
.region-facts{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem}.region-facts dt{font-weight:600}.region-facts dd{margin:0}
.learn-results li,.region-practices li,.region-covering li,.region-near li,.region-matches li{margin:.4rem 0}.reasons{font-size:.9rem;color:#333}
.tag{font-size:.8rem;border:1px solid #555;border-radius:.2rem;padding:0 .3rem;color:#1b1b1b}details summary{cursor:pointer}
input[type=search]{max-width:100%;box-sizing:border-box}
dl.facts{display:grid;grid-template-columns:minmax(7rem,13rem) minmax(0,1fr);gap:.3rem .8rem;margin:.5rem 0}dl.facts dt{font-weight:600}dl.facts dd{margin:0;overflow-wrap:anywhere}dl.facts ul,ol.related,ul.results{margin:0;padding-left:1.2rem}dl.facts p{margin:0 0 .4rem}
.ours{color:#8a4b00;font-weight:700;cursor:help}.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}.source{font-size:.9rem;color:#444;border-top:1px dotted #bbb;padding-top:.3rem}
.ours-legend,.note[role=note]{background:#f6f3ea;border-left:4px solid #8a4b00;padding:.4rem .6rem}ol.fundings>li{border-left:3px solid #ddd;padding-left:.5rem;margin:.5rem 0}a{overflow-wrap:anywhere}code.iri{overflow-wrap:anywhere}.pages{white-space:nowrap}
@media (max-width:40rem){body{margin:1rem auto}dl.facts{grid-template-columns:minmax(0,1fr)}dl.facts dd{margin-bottom:.4rem}}
.skip{position:absolute;left:-999rem;top:.5rem}.skip:focus{left:1rem;background:#fff;padding:.3rem .6rem;z-index:10}
:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}
pre{white-space:pre-wrap;overflow-wrap:anywhere}
.explorer input[type=search]{width:100%}@media (min-width:64rem){body:has(.explorer-layout){max-width:78rem}.explorer-layout{display:grid;grid-template-columns:19rem minmax(0,1fr);gap:2rem;align-items:start}.explorer-layout .facets{display:block}.explorer-main{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.15fr);grid-template-rows:auto auto 1fr;grid-template-areas:"count map" "list map" "dl map";column-gap:1.5rem;align-items:start}#results{grid-area:count}#result-list{grid-area:list}#downloads{grid-area:dl}#map{grid-area:map}}`;

export interface PageOptions {
  readonly title: string;
  readonly body: SafeHtml;
  readonly lang?: string;
  /** Alternate machine-readable forms of this page: [href, media type]. */
  readonly alternates?: ReadonlyArray<readonly [string, string]>;
  readonly footer?: SafeHtml;
  /**
   * Scripts of our own origin (`/assets/…`), loaded as modules: what enhances a page that works
   * without them. Never inline: the Content Security Policy allows scripts from 'self' only.
   */
  readonly scripts?: readonly string[];
}

/** A complete, valid HTML5 document. */
export function page(options: PageOptions): string {
  const alternates = (options.alternates ?? []).map(
    ([href, type]) => html`<link rel="alternate" type="${type}" href="${href}">\n`,
  );
  const scripts = (options.scripts ?? []).map((src) => html`<script type="module" src="${src}"></script>\n`);
  return html`<!DOCTYPE html>
<html lang="${options.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
${alternates}${scripts}<style>${new SafeHtml(PAGE_STYLE)}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<main id="main">
${options.body}
</main>
<footer>${options.footer ?? ''}</footer>
</body>
</html>
`.value;
}
