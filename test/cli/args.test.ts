/**
 * The command line's parser: each command accepts exactly the options declared for it in
 * src/cli/args.ts, a usage error exits 2 with a one-line reason and a pointer to --help, --help
 * prints usage generated from the declarations, and the README's option tables agree with them.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS, flagSynopsis, SERVE_FLAGS, type CommandName, type Flag } from '../../src/cli/args.js';
import { main } from '../../src/cli/main.js';
import { serveOptions } from '../../src/cli/serve-command.js';
import { ROOT } from '../helpers/project.js';

const NAMES = Object.keys(COMMANDS) as CommandName[];
const flagsOf = (command: CommandName): Record<string, Flag> => COMMANDS[command].flags;
const operandsOf = (command: CommandName) => (COMMANDS[command] as { readonly operands?: { readonly name: string } }).operands;
const ENV_NAMES = Object.values(SERVE_FLAGS).flatMap((f: Flag) => (f.env ? [f.env] : []));

/** Runs the CLI in this process; only usage errors and --help are run here, so nothing starts. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (line) => (out += line + '\n'), err: (line) => (err += line + '\n') });
  return { code, out, err };
}

/** A usage error: exit 2, the reason on one line, the pointer to --help on the next, nothing else. */
function expectUsageError(result: { code: number; out: string; err: string }, command: string | undefined, reason: RegExp): void {
  expect(result.code, result.err).toBe(2);
  expect(result.out).toBe('');
  const lines = result.err.trimEnd().split('\n');
  expect(lines, result.err).toHaveLength(2);
  expect(lines[0]).toMatch(new RegExp(`^${command ?? 'segraph'}: `));
  expect(lines[0]).toMatch(reason);
  expect(lines[1]).toBe(`run 'segraph ${command ? `${command} ` : ''}--help' for usage`);
}

/** A value each string option of `command` would take, so that only the option under test is wrong. */
const goodValue = (name: string): string => (name === 'load' ? 'x.ttl' : name === 'base' || name === 'public-url' ? 'https://example.org/' : '1');

// Variables set in the environment that runs the tests must not decide these cases.
let saved: Record<string, string | undefined>;
beforeEach(() => {
  saved = Object.fromEntries(ENV_NAMES.map((name) => [name, process.env[name]]));
  for (const name of ENV_NAMES) delete process.env[name];
});
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('segraph command line: one option set per command', () => {
  it.each(NAMES)('%s rejects every option of the other commands (exit 2)', async (command) => {
    const foreign = NAMES.flatMap((other) => Object.entries(flagsOf(other)))
      .filter(([name]) => !Object.hasOwn(flagsOf(command), name));
    if (command !== 'serve') expect(foreign.length).toBeGreaterThan(0);
    for (const [name, flag] of foreign) {
      const args = flag.type === 'string' ? [`--${name}`, goodValue(name)] : [`--${name}`];
      expectUsageError(await cli(command, ...args), command, new RegExp(`^${command}: --${name} is an option of [a-z ,]+, not of ${command}$`));
    }
  });

  it('segraph validate --port 3 is refused, naming the command the option belongs to', async () => {
    const result = await cli('validate', '--port', '3');
    expect(result.err).toBe("validate: --port is an option of serve, not of validate\nrun 'segraph validate --help' for usage\n");
    expectUsageError(await cli('validate', '--build-dir', 'b'), 'validate', /--build-dir is an option of build, query, serve, publish and release, not of validate/);
  });

  it.each(NAMES)('%s rejects an unknown option, long or short (exit 2)', async (command) => {
    expectUsageError(await cli(command, '--frobnicate'), command, /unknown option '--frobnicate'$/);
    expectUsageError(await cli(command, '--frobnicate=3'), command, /unknown option '--frobnicate'$/);
    expectUsageError(await cli(command, '-x'), command, /unknown option '-x'$/);
  });

  it.each(NAMES.filter((c) => !('operands' in COMMANDS[c])))('%s takes no positional argument (exit 2)', async (command) => {
    expectUsageError(await cli(command, 'extra'), command, /unexpected argument 'extra': .* takes options only/);
    expectUsageError(await cli(command, '--root', '.', 'extra'), command, /unexpected argument 'extra'/);
    expectUsageError(await cli(command, '--', '--root'), command, /unexpected '--'/);
  });

  it('release takes exactly one VERSION (exit 2 without it or with two); build takes --date and --notes only with --release', async () => {
    expectUsageError(await cli('release'), 'release', /^release: which version\? segraph release VERSION/);
    expectUsageError(await cli('release', '--notes', 'x'), 'release', /which version\?/);
    expectUsageError(await cli('release', '1.0.0', '2.0.0'), 'release', /^release: unexpected argument '2\.0\.0': release takes one VERSION and options$/);
    expectUsageError(await cli('release', '1.0.0', '--', '--root'), 'release', /unexpected '--'/);
    expectUsageError(await cli('build', '--date', '2026-01-01'), 'build', /^build: --date and --notes go with --release VERSION$/);
    const help = await cli('release', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^usage: segraph release VERSION \[options\]/);
  });

  it.each(NAMES)('%s: a string option needs a non-empty value, a boolean one takes none (exit 2)', async (command) => {
    for (const [name, flag] of Object.entries(flagsOf(command))) {
      if (flag.type === 'string') {
        const synopsis = flagSynopsis(name, flag).replace(/[[\]]/g, '\\$&');
        expectUsageError(await cli(command, `--${name}`), command, new RegExp(`^${command}: --${name} needs a value: ${synopsis}$`));
        expectUsageError(await cli(command, `--${name}=`), command, new RegExp(`--${name} needs a value`));
        // The next option is not taken for the value.
        expectUsageError(await cli(command, `--${name}`, '--help'), command, new RegExp(`--${name} needs a value`));
      } else {
        expectUsageError(await cli(command, `--${name}=yes`), command, new RegExp(`^${command}: --${name} takes no value \\(got 'yes'\\)$`));
      }
    }
  });

  it('import takes FILE operands (at least one), export needs --template and --out', async () => {
    expectUsageError(await cli('import'), 'import', /^import: import needs at least one FILE/);
    expectUsageError(await cli('import', '--dry-run'), 'import', /needs at least one FILE/);
    expectUsageError(await cli('export', '--out', 'x.xlsx'), 'export', /^export: export needs --template/);
    expectUsageError(await cli('export', '--template'), 'export', /^export: export --template needs --out PATH/);
    expectUsageError(await cli('export', '--template', '--format', 'ods', '--out', 'x'), 'export', /^export: --format: 'ods' is not xlsx or csv$/);
    const { out } = await cli('import', '--help');
    expect(out).toMatch(/^usage: segraph import FILE… \[options\]/);
  });

  it('an unknown command, a missing command, or an option before the command: exit 2', async () => {
    expectUsageError(await cli('frobnicate'), undefined, /^segraph: unknown command 'frobnicate'$/);
    expectUsageError(await cli('--root', '.', 'validate'), undefined, /^segraph: '--root' before the command/);
    expectUsageError(await cli('--port', '3'), undefined, /'--port' before the command/);
    expectUsageError(await cli('--help', '--help'), undefined, /'--help' before the command/);
    expectUsageError(await cli('--help', 'frobnicate'), undefined, /unknown command 'frobnicate'/);
    const none = await cli();
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/^usage: segraph <command> \[options\]/);
  });
});

describe('segraph serve: bad values exit 2 with the reason', () => {
  it.each([
    [['--port', 'abc'], /^serve: --port: 'abc' is not a valid value$/],
    [['--port', '65536'], /^serve: --port: '65536' is not a valid value$/],
    [['--port=-1'], /^serve: --port: '-1' is not a valid value$/],
    [['--workers', '0'], /^serve: --workers: '0' is not a valid value$/],
    [['--workers', '2', '--max-workers', '1'], /^serve: --max-workers: '1' is not a valid value$/],
    [['--client-queue=-1'], /--client-queue: '-1' is not a valid value/],
    [['--client-concurrency', '0'], /--client-concurrency: '0' is not a valid value/],
    [['--long-query', '0'], /--long-query: '0' is not a valid value/],
    [['--grace', 'later'], /--grace: 'later' is not a valid value/],
    [['--deadline', 'soon'], /--deadline: 'soon' is not a valid value/],
    [['--max-rows', '1.5'], /--max-rows: '1.5' is not a valid value/],
    [['--max-body', 'lots'], /--max-body: 'lots' is not a size/],
    [['--max-header-size', '100'], /--max-header-size: '100' is not a size from 1kb up/],
    [['--max-query-depth', '0'], /--max-query-depth: '0' is not a valid value/],
    [['--cors-origin', 'example.org'], /--cors-origin: 'example\.org' is not an origin/],
    [['--base', 'https://w3id.org/segraph'], /--base: 'https:\/\/w3id\.org\/segraph' does not end in \//],
    [['--public-url', 'ftp://example.org/'], /--public-url: 'ftp:\/\/example\.org\/' is not an http or https IRI/],
    [['--load', 'data.pdf'], /--load data\.pdf: cannot tell the format/],
    [['--no-seed'], /--no-seed needs at least one --load FILE/],
  ])('serve %j', async (args, reason) => {
    expectUsageError(await cli('serve', ...args), 'serve', reason);
  });

  it('a bad value from the environment is a usage error too, named by its variable; a flag wins over its variable', async () => {
    process.env['PORT'] = 'abc';
    expectUsageError(await cli('serve'), 'serve', /^serve: PORT \(--port\): 'abc' is not a valid value$/);
    expect(serveOptions({ root: '.', buildDir: 'build', values: { port: '0' } }).port).toBe(0);
    process.env['SEGRAPH_CORS_ORIGIN'] = 'example.org';
    expectUsageError(await cli('serve', '--port', '0'), 'serve', /^serve: SEGRAPH_CORS_ORIGIN \(--cors-origin\): 'example\.org' is not an origin/);
  });
});

describe('segraph --help', () => {
  it('lists the commands with their summaries, on stdout, exit 0', async () => {
    for (const argv of [['--help'], ['-h']]) {
      const { code, out, err } = await cli(...argv);
      expect(code).toBe(0);
      expect(err).toBe('');
      expect(out).toMatch(/^usage: segraph <command> \[options\]/);
      for (const command of NAMES) expect(out).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    }
  });

  it.each(NAMES)('segraph %s --help lists exactly its options, with their variables and defaults', async (command) => {
    for (const argv of [[command, '--help'], [command, '-h'], ['--help', command], [command, '--root', '.', '--help']]) {
      const { code, out, err } = await cli(...argv);
      expect(code).toBe(0);
      expect(err).toBe('');
      expect(out).toMatch(new RegExp(`^usage: segraph ${command}${operandsOf(command) ? ` ${operandsOf(command)!.name}` : ''} \\[options\\]`));
      const listed = [...out.matchAll(/^ {2}(?:-\w, )?--([a-z-]+)/gm)].map((m) => m[1]);
      expect(listed.sort()).toEqual(Object.keys(flagsOf(command)).sort());
      const text = out.replace(/\s+/g, ' ');
      for (const [name, flag] of Object.entries(flagsOf(command))) {
        expect(out).toContain(`  ${flagSynopsis(name, flag)}`);
        if (flag.env) expect(text).toContain(`[${flag.env}`);
        if (flag.default !== undefined) expect(text).toContain(`(default ${flag.default})`);
      }
    }
  });

  it('the declared defaults of serve are the ones it uses', () => {
    const o = serveOptions({ root: '.', buildDir: 'build', values: {} });
    const d = (name: keyof typeof SERVE_FLAGS): string | undefined => (SERVE_FLAGS[name] as Flag).default;
    expect([o.host, String(o.port), String(o.workers), String(o.maxWorkers), String(o.clientQueue), String(o.longQueryMs! / 1000), String(o.graceMs! / 1000), String(o.limits.deadlineMs / 1000), String(o.limits.maxRows)])
      .toEqual([d('host'), d('port'), d('workers'), d('max-workers'), d('client-queue'), d('long-query'), d('grace'), d('deadline'), d('max-rows')]);
    expect(o.clientConcurrency).toBeUndefined(); // the pool's default: --workers
    expect(d('client-concurrency')).toBe('--workers');
    expect(o.limits.maxBodyBytes).toBe(1024 * 1024);
    expect(d('max-body')).toBe('1mb');
    expect(o.limits.maxHeaderBytes).toBe(16 * 1024);
    expect(d('max-header-size')).toBe('16kb');
    expect(o.cacheBytes).toBe(128 * 1024 * 1024);
    expect(d('cache-size')).toBe('128mb');
    expect([o.limits.query.maxDepth, o.limits.query.maxSequence, o.limits.query.maxEvalDepth].map(String))
      .toEqual([d('max-query-depth'), d('max-query-sequence'), d('max-query-eval-depth')]);
    expect(o.corsOrigin).toBe(d('cors-origin'));
    expect(o.base).toBe(d('base'));
    expect(o.publicUrl).toBeUndefined(); // derived from where it listens
  });
});

/** The rows of the Markdown table whose header row starts with `header`, as cells. */
function table(markdown: string, header: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.startsWith(header));
  expect(start, `a table headed ${header}`).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split('|').map((cell) => cell.trim()));
  }
  return rows;
}

/** The section of the README under `## title`. */
const section = (readme: string, title: string): string => {
  const start = readme.indexOf(`\n## ${title}\n`);
  expect(start, title).toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
};

const codes = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

describe('the README documents the options as declared', () => {
  it('the "Command line" option table lists exactly the options of each command, with their variables and defaults', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const rows = table(section(readme, 'Command line'), '| option | commands | environment | default |');
    const documented = new Set<string>();
    for (const [option = '', commands = '', environment = '', defaults = ''] of rows) {
      const synopses = codes(option);
      const long = synopses.find((s) => s.startsWith('--'))!;
      const name = /^--([a-z-]+)/.exec(long)![1]!;
      for (const command of commands.split(', ')) {
        expect(NAMES, `${long}: command ${command}`).toContain(command);
        const flag = flagsOf(command as CommandName)[name];
        expect(flag, `README: segraph ${command} ${long}`).toBeDefined();
        expect(synopses.join(', '), `${command} ${long}`).toBe(flagSynopsis(name, flag!));
        expect(environment, `${long}: environment`).toBe(flag!.env ? `\`${flag!.env}${flag!.type === 'boolean' ? '=1' : ''}\`` : '');
        const shown = defaults.replace(/`/g, '');
        if (flag!.default === undefined) expect(shown, `${long}: default`).toBe('');
        else expect(shown.startsWith(flag!.default), `${long}: default '${shown}', declared '${flag!.default}'`).toBe(true);
        documented.add(`${command} --${name}`);
      }
    }
    const declared = NAMES.flatMap((command) => Object.keys(flagsOf(command)).map((name) => `${command} --${name}`));
    expect([...documented].sort()).toEqual(declared.sort());
  });

  it('each command\'s --help lists every option the README documents for it', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const rows = table(section(readme, 'Command line'), '| option | commands | environment | default |');
    for (const command of NAMES) {
      const { out } = await cli(command, '--help');
      for (const [option = '', commands = ''] of rows) {
        if (commands.split(', ').includes(command)) expect(out, `${command} --help`).toContain(`  ${codes(option).join(', ')}`);
      }
    }
  });

  it('the Limits table names each flag with its declared variable', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const rows = table(readme, '| limit | flag | environment | default | past it |');
    let checked = 0;
    for (const [, flags = '', environment = ''] of rows) {
      const names = codes(flags).map((s) => /^--([a-z-]+)/.exec(s)?.[1]).filter((n) => n !== undefined);
      const envs = codes(environment);
      if (names.length === 0) continue; // a fixed limit
      expect(envs.length, flags).toBe(names.length);
      names.forEach((name, i) => {
        const flag = (SERVE_FLAGS as Record<string, Flag>)[name];
        expect(flag, `--${name} in the Limits table`).toBeDefined();
        expect(envs[i], `--${name}`).toBe(flag!.env);
        checked++;
      });
    }
    expect(checked).toBeGreaterThanOrEqual(17);
  });
});
