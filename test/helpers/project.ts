/**
 * Test helpers: a throw-away copy of the project's ontology and data, to break on purpose.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = resolve(import.meta.dirname, '..', '..');

export interface ProjectCopy {
  readonly root: string;
  read(path: string): Promise<string>;
  write(path: string, text: string): Promise<void>;
  /** Replaces the first occurrence of `search` in `path`; fails the test if it is absent. */
  edit(path: string, search: string | RegExp, replacement: string): Promise<void>;
  remove(): Promise<void>;
}

/** Copies ontology/, data/ and queries/ into a fresh temporary directory. */
export async function copyProject(): Promise<ProjectCopy> {
  const root = await mkdtemp(join(tmpdir(), 'segraph-test-'));
  await cp(join(ROOT, 'ontology'), join(root, 'ontology'), { recursive: true });
  await cp(join(ROOT, 'data'), join(root, 'data'), { recursive: true });
  await cp(join(ROOT, 'queries'), join(root, 'queries'), { recursive: true });
  const read = (path: string) => readFile(join(root, path), 'utf8');
  const write = (path: string, text: string) => writeFile(join(root, path), text);
  return {
    root,
    read,
    write,
    async edit(path, search, replacement) {
      const text = await read(path);
      const changed = text.replace(search, replacement);
      if (changed === text) throw new Error(`test fixture: ${String(search)} not found in ${path}`);
      await write(path, changed);
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** The 1-based line number of the first line of `text` containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`test fixture: '${needle}' not found`);
  return index + 1;
}

const run = promisify(execFile);

/** Runs the built command line (`dist/cli/bin.js`, built by `pretest`) with `args`: its exit code and output. */
export async function segraph(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(ROOT, 'dist/cli/bin.js'), ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
