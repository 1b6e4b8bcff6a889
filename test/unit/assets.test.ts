/**
 * assetPath (src/http/assets.ts): a built asset's URL by its logical name, from the manifest
 * `npm run build:web` writes; nothing when the assets were not built, so a page goes without.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetPath } from '../../src/http/assets.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'segraph-assets-'));
  await writeFile(join(dir, 'manifest.json'), JSON.stringify({ 'explorer.js': 'explorer.0123456789ab.js', 'odd.js': '../elsewhere.js' }));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('assetPath', () => {
  it('gives the hashed file of a logical name under the site path', () => {
    expect(assetPath('explorer.js', '/', dir)).toBe('/assets/explorer.0123456789ab.js');
    expect(assetPath('explorer.js', '/segraph/', dir)).toBe('/segraph/assets/explorer.0123456789ab.js');
  });

  it('gives nothing for a name the manifest lacks, a path out of the directory, or assets never built', () => {
    expect(assetPath('map.js', '/', dir)).toBeUndefined();
    expect(assetPath('odd.js', '/', dir)).toBeUndefined();
    expect(assetPath('explorer.js', '/', join(dir, 'not-built'))).toBeUndefined();
  });
});
