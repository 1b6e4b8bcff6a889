/**
 * Finds the files that make up the graph: the ontology (Turtle) and the authored data (TriG).
 */
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface SourceFile {
  /** Path relative to the project root, with forward slashes (used in messages). */
  readonly path: string;
  readonly absolutePath: string;
  readonly kind: 'ontology' | 'shapes' | 'data';
}

async function walk(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: string[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(full)));
    else files.push(full);
  }
  return files;
}

/**
 * Lists the graph's source files under `root`, sorted so builds are deterministic.
 *
 * @example
 *   const files = await findSources(process.cwd());
 *   // [{ path: 'data/practices/doeners-be.trig', kind: 'data', ... }, ...]
 */
export async function findSources(root: string): Promise<SourceFile[]> {
  const toSource = (absolutePath: string, kind: SourceFile['kind']): SourceFile => ({
    absolutePath,
    kind,
    path: relative(root, absolutePath).split(sep).join('/'),
  });
  const ontology = (await walk(join(root, 'ontology')))
    .filter((file) => file.endsWith('.ttl'))
    .map((file) => toSource(file, file.endsWith('shapes.ttl') ? 'shapes' : 'ontology'));
  const data = (await walk(join(root, 'data')))
    .filter((file) => file.endsWith('.trig'))
    .map((file) => toSource(file, 'data'));
  return [...ontology, ...data].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
