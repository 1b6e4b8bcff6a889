/**
 * `npm run screenshots`: PNGs of the explorer's main views at a desktop (1280×800) and a phone
 * (375×812) width, in docs/screenshots/, for the README. Starts `segraph serve` on the seed graph
 * (from dist/, so run after the build, as the npm script does), opens Debian's Chromium through
 * playwright-core (SEGRAPH_CHROMIUM names another binary), and refuses every request to another
 * origin. A view that does not answer 200 is skipped with a warning (pages still being built).
 * Each picture is what the window shows first (the top of the page, one screen high).
 */
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const VIEWS = [
  { name: 'home', path: '/' },
  { name: 'practices', path: '/practices' },
  { name: 'practices-esf-rural', path: '/practices?fund=esf&typology=predominantly-rural' },
  { name: 'practice', path: '/doc/practice/cus-drobin' },
  { name: 'region', path: '/regions/PL92' },
  { name: 'learn', path: '/learn?region=PL923' },
  { name: 'sparql', path: '/sparql' },
];

export const WIDTHS = [
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 375, height: 812 } },
];

const root = process.cwd();
const out = join(root, 'docs', 'screenshots');
const chromiumPath = process.env.SEGRAPH_CHROMIUM ?? '/usr/bin/chromium';

/** Starts the server on a free port; resolves with its base URL and a stop function. */
function serve() {
  const child = spawn(process.execPath, [join(root, 'dist', 'cli', 'bin.js'), 'serve', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`server not ready after 120 s:\n${output}`)); }, 120_000);
    const onData = (chunk) => {
      output += chunk.toString('utf8');
      const m = /SPARQL endpoint\s+(\S+)/.exec(output);
      if (!m) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve({ base: m[1].replace(/sparql$/, ''), stop: async () => { child.kill('SIGTERM'); await exited; } });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => { output += chunk.toString('utf8'); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}) before it was ready:\n${output}`)); });
  });
}

async function main() {
  await mkdir(out, { recursive: true });
  const server = await serve();
  const browser = await chromium.launch({ executablePath: chromiumPath, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
  const written = [];
  const refused = [];
  try {
    for (const view of VIEWS) {
      const url = new URL(view.path.slice(1), server.base).href;
      const status = (await fetch(url, { headers: { accept: 'text/html' } })).status;
      if (status !== 200) {
        process.stderr.write(`screenshots: skipping ${view.name} (${view.path}): HTTP ${status}\n`);
        continue;
      }
      for (const width of WIDTHS) {
        const context = await browser.newContext({ viewport: width.viewport, locale: 'en-GB', deviceScaleFactor: 1 });
        await context.route('**/*', (route) => {
          if (new URL(route.request().url()).origin === new URL(server.base).origin) return route.continue();
          refused.push(route.request().url());
          return route.abort();
        });
        const page = await context.newPage();
        await page.goto(url, { waitUntil: 'networkidle' });
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        const file = join(out, `${view.name}-${width.name}.png`);
        await page.screenshot({
          path: file, fullPage: true,
          clip: { x: 0, y: 0, width: width.viewport.width, height: Math.min(height, width.viewport.height) },
        });
        written.push(file.slice(root.length + 1));
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  for (const file of written) process.stdout.write(`${file}\n`);
  if (refused.length > 0) {
    process.stderr.write(`screenshots: refused requests to other origins:\n${refused.join('\n')}\n`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  process.stderr.write(`screenshots: ${error.stack ?? error}\n`);
  process.exitCode = 1;
});
