/**
 * The `segraph` command line: `segraph <command> [options]`. Each command's options are declared
 * in args.ts, and each command lives in its own file, thin over src/graph, loaded only when it runs
 * (a usage error or --help loads none of them: the server's modules take about half a second).
 */
import { resolve } from 'node:path';
import { commandUsage, helpPointer, isCommand, parseCommand, usage, UsageProblem, type CommandName } from './args.js';
import { processIo, type Io } from './output.js';

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (!(error instanceof UsageProblem)) throw error;
    io.err(`${error.command ?? 'segraph'}: ${error.message}`); // `serve: …`, as the commands' own messages
    io.err(helpPointer(error.command));
    return 2;
  }
}

async function run(argv: readonly string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.err(usage());
    return 2;
  }
  if (first === '-h' || first === '--help') {
    if (rest.length === 0) {
      io.out(usage());
      return 0;
    }
    // `segraph --help serve` reads as `segraph serve --help`.
    return runCommand(commandOf(rest[0]!), [...rest.slice(1), first], io);
  }
  return runCommand(commandOf(first), rest, io);
}

/** The first argument: the command. */
function commandOf(arg: string): CommandName {
  if (arg.startsWith('-')) throw new UsageProblem(`'${arg}' before the command: options follow it, as in segraph <command> [options]`);
  if (!isCommand(arg)) throw new UsageProblem(`unknown command '${arg}'`);
  return arg;
}

async function runCommand(command: CommandName, args: readonly string[], io: Io): Promise<number> {
  switch (command) {
    case 'validate': {
      const v = parseCommand(command, args);
      if (v.help) return help(command, io);
      const { validateCommand } = await import('./validate.js');
      return validateCommand({ root: rootOf(v.root) }, io);
    }
    case 'build': {
      const v = parseCommand(command, args);
      if (v.help) return help(command, io);
      const { buildCommand } = await import('./build.js');
      if (v.release === undefined && (v.date !== undefined || v.notes !== undefined)) throw new UsageProblem('--date and --notes go with --release VERSION', command);
      const options = { root: rootOf(v.root), buildDir: buildDirOf(v.root, v['build-dir']) };
      const code = await buildCommand(options, io);
      if (code !== 0 || v.release === undefined) return code;
      const { releaseCommand } = await import('./release.js');
      return releaseCommand({ ...options, releasesDir: releasesDirOf(v.root, v['releases-dir']), version: v.release, date: v.date, notes: v.notes }, io);
    }
    case 'release': {
      const v = parseCommand(command, args);
      if (v.help) return help(command, io);
      const [version] = v.positionals;
      if (version === undefined) throw new UsageProblem('which version? segraph release VERSION, e.g. segraph release 1.1.0', command);
      const { releaseCommand } = await import('./release.js');
      return releaseCommand({
        root: rootOf(v.root), buildDir: buildDirOf(v.root, v['build-dir']), releasesDir: releasesDirOf(v.root, v['releases-dir']),
        version, date: v.date, notes: v.notes,
      }, io);
    }
    case 'query': {
      const v = parseCommand(command, args);
      if (v.help) return help(command, io);
      const { queryCommand, readStdin } = await import('./query.js');
      return queryCommand({ root: rootOf(v.root), buildDir: buildDirOf(v.root, v['build-dir']), values: v, stdin: readStdin }, io);
    }
    case 'serve': {
      const v = parseCommand(command, args);
      if (v.help) return help(command, io);
      const { serveCommand } = await import('./serve-command.js');
      return serveCommand({ root: rootOf(v.root), buildDir: buildDirOf(v.root, v['build-dir']), releasesDir: releasesDirOf(v.root, v['releases-dir']), values: v }, io);
    }
    case 'publish': {
      const v = parseCommand(command, args);
      if (v.help) return help(command, io);
      const { publishCommand } = await import('./publish.js');
      return publishCommand({ buildDir: buildDirOf(v.root, v['build-dir']), values: v }, io);
    }
    case 'import': {
      const v = parseCommand(command, args);
      if (v.help) return help(command, io);
      const files = v.positionals;
      if (files.length === 0) throw new UsageProblem('import needs at least one FILE (.xlsx or .csv)', command);
      const { importCommand } = await import('./import.js');
      const root = rootOf(v.root);
      return importCommand({ root, dataDir: resolve(v['data-dir'] ?? resolve(root, 'data')), files: files.map((f) => resolve(f)), replace: v.replace === true, dryRun: v['dry-run'] === true }, io);
    }
    case 'export': {
      const v = parseCommand(command, args);
      if (v.help) return help(command, io);
      if (!v.template) throw new UsageProblem('export needs --template (the spreadsheet template is the only export so far)', command);
      const format = v.format ?? 'xlsx';
      if (format !== 'xlsx' && format !== 'csv') throw new UsageProblem(`--format: '${format}' is not xlsx or csv`, command);
      if (!v.out) throw new UsageProblem(`export --template needs --out PATH (the ${format === 'xlsx' ? 'workbook' : 'directory for the CSV files'})`, command);
      const { exportCommand } = await import('./export.js');
      return exportCommand({ root: rootOf(v.root), format, out: resolve(v.out) }, io);
    }
  }
}

function help(command: CommandName, io: Io): number {
  io.out(commandUsage(command));
  return 0;
}

/** `--root DIR`, default the current directory. */
const rootOf = (root: string | undefined): string => resolve(root ?? process.cwd());

/** `--releases-dir DIR`, default ROOT/releases. */
const releasesDirOf = (root: string | undefined, dir: string | undefined): string => resolve(dir ?? resolve(rootOf(root), 'releases'));

/** `--build-dir DIR`, default ROOT/build. */
const buildDirOf = (root: string | undefined, dir: string | undefined): string => resolve(dir ?? resolve(rootOf(root), 'build'));
