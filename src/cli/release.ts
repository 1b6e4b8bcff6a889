/**
 * `segraph release VERSION` (and `segraph build --release VERSION`): records the current snapshot
 * — built first if the sources changed since — as a release in releases/VERSION/ (src/graph/release.ts).
 */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { buildProject, isUpToDate } from '../graph/build.js';
import { ProblemsError } from '../graph/problem.js';
import { changeSentence, createRelease, ReleaseRefused } from '../graph/release.js';
import { readCurrentSnapshot } from '../graph/snapshot.js';
import { printProblems, type Io } from './output.js';

export interface ReleaseArgs {
  readonly root: string;
  readonly buildDir: string;
  readonly releasesDir: string;
  readonly version: string;
  readonly date?: string | undefined;
  readonly notes?: string | undefined;
}

/** Exit 0 released; 1 refused (one line saying why) or the build failed. */
export async function releaseCommand(args: ReleaseArgs, io: Io): Promise<number> {
  let current = await readCurrentSnapshot(args.buildDir).catch(() => undefined);
  if (!current || !(await isUpToDate(args.root, current.manifest))) {
    io.err(current ? 'release: the sources changed since the last build; building…' : 'release: no build yet; building…');
    try {
      current = await buildProject(args);
    } catch (error) {
      if (!(error instanceof ProblemsError)) throw error;
      printProblems(io, error.problems);
      io.err(`release: failed: ${error.message}`);
      return 1;
    }
  }
  const { manifest, paths } = current;
  try {
    const release = await createRelease({
      releasesDir: args.releasesDir, version: args.version,
      source: { ...manifest, nquads: await readFile(paths.nquads, 'utf8') },
      ...(args.date !== undefined ? { date: args.date } : {}),
      ...(args.notes !== undefined ? { notes: args.notes } : {}),
    });
    const gz = release.record.files.find((f) => f.file === 'graph.nq.gz')!;
    io.out(`release: ${args.version} (${release.record.date}): graph version ${manifest.version}, ${manifest.quads} quads, graph.nq.gz ${gz.bytes} bytes`);
    io.out(`  ${changeSentence(release.record)}`);
    io.out(`  written to ${relative(process.cwd(), release.dir) || release.dir}/ — commit it with the data`);
    return 0;
  } catch (error) {
    if (error instanceof ReleaseRefused) {
      io.err(`release: refused: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
