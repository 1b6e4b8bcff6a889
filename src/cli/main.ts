/**
 * The `segraph` command line. Each command lives in its own file and is thin over src/graph.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCommand } from './build.js';
import { processIo, type Io } from './output.js';
import { validateCommand } from './validate.js';

const USAGE = `usage: segraph <command> [options]

commands:
  validate    parse every ontology and data file, run the SHACL shapes and the known-terms check
  build       validate, materialise inferences and write a versioned snapshot to build/

options:
  --root DIR        project directory holding ontology/ and data/ (default: current directory)
  --build-dir DIR   where snapshots are written (default: ROOT/build)
  -h, --help        show this help`;

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        root: { type: 'string' },
        'build-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.err(`segraph: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    (values.help ? io.out : io.err)(USAGE);
    return values.help ? 0 : 2;
  }
  if (rest.length > 0) {
    io.err(`segraph ${command}: unexpected argument '${rest[0]}'\n\n${USAGE}`);
    return 2;
  }
  const root = resolve(values.root ?? process.cwd());
  const buildDir = resolve(values['build-dir'] ?? resolve(root, 'build'));
  switch (command) {
    case 'validate':
      return validateCommand({ root }, io);
    case 'build':
      return buildCommand({ root, buildDir }, io);
    default:
      io.err(`segraph: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}
