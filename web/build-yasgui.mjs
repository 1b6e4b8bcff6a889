// The query editor of /sparql: YASGUI (npm @zazuko/yasgui), served from our own origin.
//
// Copies the package's built script and stylesheet (its CSS references no font or image: checked
// below, so a new version that does fails the build instead of loading them from elsewhere) and
// bundles our bootstrap (web/yasgui/boot.js, with esbuild) and our few style rules
// (web/yasgui/editor.css) into dist-web/yasgui/, each name carrying the hash of its content so
// that /assets/ can cache it for a year. manifest.json says which file is which and the package
// version, and the hash of the one style element YASGUI's script writes; the server reads it to
// write the page's <script src> and <link> elements and its Content Security Policy.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
const require = createRequire(import.meta.url);

const hashed = (name, ext, content) => `${name}.${createHash('sha256').update(content).digest('hex').slice(0, 12)}.${ext}`;

export async function build(outDir) {
  const packageJson = require.resolve('@zazuko/yasgui/package.json');
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8'));
  const packageBuild = join(dirname(packageJson), 'build');
  const dir = join(outDir, 'yasgui');
  mkdirSync(dir, { recursive: true });

  // The map file is not shipped: drop the comment that would make a browser's developer tools ask for it.
  const script = readFileSync(join(packageBuild, 'yasgui.min.js'), 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  const style = readFileSync(join(packageBuild, 'yasgui.min.css'), 'utf8');
  if (/url\(|@import/.test(style)) throw new Error('yasgui.min.css now references other files (url() or @import): copy them too, from the package');

  // The one <style> element YASGUI's script adds (the table's column resizer, a fixed text): the
  // editor page's Content Security Policy allows exactly that text, by its hash.
  const resizer = /createStyle\(\w+,`( \.grip-resizable\{[^`\\$]*)`\)/.exec(script);
  if (!resizer) throw new Error('yasgui.min.js: the column resizer\'s style text was not found; check what <style> the new version adds');
  const styleHashes = [`'sha256-${createHash('sha256').update(resizer[1]).digest('base64')}'`];

  const boot = await esbuild({
    entryPoints: [join(here, 'yasgui', 'boot.js')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    write: false,
    legalComments: 'none',
  });
  const ours = readFileSync(join(here, 'yasgui', 'editor.css'), 'utf8');

  const files = {
    'yasgui.js': [hashed('yasgui', 'js', script), script],
    'yasgui.css': [hashed('yasgui', 'css', style), style],
    'boot.js': [hashed('boot', 'js', boot.outputFiles[0].text), boot.outputFiles[0].text],
    'editor.css': [hashed('editor', 'css', ours), ours],
  };
  for (const [name, content] of Object.values(files)) writeFileSync(join(dir, name), content);
  const manifest = {
    package: '@zazuko/yasgui',
    version,
    license: 'MIT',
    styleHashes,
    files: Object.fromEntries(Object.entries(files).map(([role, [name]]) => [role, `yasgui/${name}`])),
  };
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
}
