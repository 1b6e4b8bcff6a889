// The explorer's script (web/explorer/main.ts and what it imports), bundled and minified by
// esbuild into one ES module, `explorer.<hash>.js`, named after its content so that it can be
// cached for a year (src/http/assets.ts). Returns its manifest entry, `explorer.js` → that name;
// pages find it with assetPath('explorer.js', root). Type-checking is `npm run typecheck:web`.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';

export async function build(out) {
  const result = await esbuild({
    entryPoints: [fileURLToPath(new URL('./explorer/main.ts', import.meta.url))],
    bundle: true,
    minify: true,
    format: 'esm',
    // Every browser with module scripts, AbortController and CSS.escape reads ES2020.
    target: 'es2020',
    write: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const code = result.outputFiles[0].contents;
  const name = `explorer.${createHash('sha256').update(code).digest('hex').slice(0, 12)}.js`;
  writeFileSync(join(out, name), code);
  return { 'explorer.js': name };
}
