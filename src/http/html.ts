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
.skip{position:absolute;left:-999rem;top:.5rem}.skip:focus{left:1rem;background:#fff;padding:.3rem .6rem;z-index:10}
:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}
pre{white-space:pre-wrap;overflow-wrap:anywhere}`;

export interface PageOptions {
  readonly title: string;
  readonly body: SafeHtml;
  readonly lang?: string;
  /** Alternate machine-readable forms of this page: [href, media type]. */
  readonly alternates?: ReadonlyArray<readonly [string, string]>;
  readonly footer?: SafeHtml;
}

/** A complete, valid HTML5 document. */
export function page(options: PageOptions): string {
  const alternates = (options.alternates ?? []).map(
    ([href, type]) => html`<link rel="alternate" type="${type}" href="${href}">\n`,
  );
  return html`<!DOCTYPE html>
<html lang="${options.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
${alternates}<style>${new SafeHtml(PAGE_STYLE)}</style>
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
