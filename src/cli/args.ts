/**
 * The options of each `segraph` command, declared once: `util.parseArgs` parses a command's
 * arguments against its own declarations, `--help` prints them, and test/cli/args.test.ts checks
 * the README's option table against them. A command accepts exactly its own options.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_CACHE_BYTES, DEFAULT_LIMITS } from '../http/config.js';

const QUERY_LIMITS = DEFAULT_LIMITS.query;
import { DEFAULT_BASE } from '../vocab/namespace.js';

export interface Flag {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** May be given more than once (the values are collected). */
  readonly multiple?: boolean;
  /** What the value is, in usage: `DIR`, `N`, `SECONDS`… (string options only). */
  readonly value?: string;
  /** The environment variable that sets it when the flag is not given (a flag wins over it). */
  readonly env?: string;
  /** The default, as usage and the README show it. */
  readonly default?: string;
  readonly help: string;
}

export type Flags = Readonly<Record<string, Flag>>;

export interface Command {
  readonly summary: string;
  readonly flags: Flags;
  /**
   * The arguments it takes besides options (`segraph release VERSION`, `segraph import FILE…`): their
   * name in usage, what they are, and whether several may be given; a command without takes none.
   */
  readonly operands?: { readonly name: string; readonly help: string; readonly many?: boolean };
}

/** The values parseArgs gives for `F`, each absent when its flag was not given. */
export type Values<F extends Flags> = {
  readonly [K in keyof F]?: (F[K]['type'] extends 'boolean' ? boolean : F[K] extends { multiple: true } ? string[] : string) | undefined;
};

const HELP = { help: { type: 'boolean', short: 'h', help: 'show this help and exit' } } as const satisfies Flags;

const ROOT = {
  root: { type: 'string', value: 'DIR', default: 'the current directory', help: 'the project directory, holding ontology/ and data/' },
} as const satisfies Flags;

const BUILD_DIR = {
  'build-dir': { type: 'string', value: 'DIR', default: 'ROOT/build', help: 'where snapshots are written' },
} as const satisfies Flags;

const RELEASES_DIR = {
  'releases-dir': { type: 'string', value: 'DIR', default: 'ROOT/releases', help: 'where releases are kept (committed with the data)' },
} as const satisfies Flags;

/** What a release records besides its version: `segraph release` and `segraph build --release`. */
const RELEASE_META = {
  date: { type: 'string', value: 'YYYY-MM-DD', default: 'today (UTC)', help: 'the release date' },
  notes: { type: 'string', value: 'TEXT', help: 'what the release is, written at the top of its notes and in the catalogue' },
} as const satisfies Flags;

/** `segraph serve`'s own options; each with an environment variable but --load and --no-seed. */
export const SERVE_FLAGS = {
  host: { type: 'string', value: 'HOST', env: 'HOST', default: '127.0.0.1', help: 'address to listen on' },
  port: { type: 'string', value: 'N', env: 'PORT', default: '3000', help: 'port to listen on; 0 picks a free one' },
  load: {
    type: 'string', multiple: true, value: 'FILE[=IRI]',
    help: 'also serve an RDF file (.ttl .nt .nq .trig .rdf .owl .xml .jsonld .json), into the named graph IRI if given, else into the default graph; repeatable',
  },
  'no-seed': { type: 'boolean', help: 'serve only the --load files, not the seed graph' },
  engine: {
    type: 'string', value: 'NAME', env: 'SEGRAPH_ENGINE', default: 'embedded',
    help: 'embedded: Oxigraph in worker threads over the local build; sparql: the version published in the SPARQL store at --endpoint (segraph publish --to URL)',
  },
  endpoint: { type: 'string', value: 'URL', env: 'SEGRAPH_ENDPOINT', help: 'the SPARQL 1.1 endpoint of the store, with --engine sparql (e.g. http://127.0.0.1:8890/sparql)' },
  workers: { type: 'string', value: 'N', env: 'SEGRAPH_WORKERS', default: '2', help: 'query worker threads kept running' },
  'max-workers': {
    type: 'string', value: 'N', env: 'SEGRAPH_MAX_WORKERS', default: 'auto',
    help: 'workers at most, the extra ones started while long queries hold the others; auto: as many as half the free memory holds, at most 4 × --workers and 16',
  },
  'client-concurrency': { type: 'string', value: 'N', env: 'SEGRAPH_CLIENT_CONCURRENCY', default: '--workers', help: 'queries one client (address) runs at once' },
  'client-queue': { type: 'string', value: 'N', env: 'SEGRAPH_CLIENT_QUEUE', default: '16', help: 'queries one client may have waiting; more get 429' },
  'long-query': {
    type: 'string', value: 'SECONDS', env: 'SEGRAPH_LONG_QUERY', default: '1',
    help: 'a query running longer is long: its client runs one query at a time for a minute, within workers − 1',
  },
  grace: { type: 'string', value: 'SECONDS', env: 'SEGRAPH_GRACE', default: '10', help: 'on SIGTERM/SIGINT, time for requests in flight to finish' },
  deadline: { type: 'string', value: 'SECONDS', env: 'SEGRAPH_DEADLINE', default: String(DEFAULT_LIMITS.deadlineMs / 1000), help: 'a query running longer (queueing included) is stopped: 503' },
  'max-rows': { type: 'string', value: 'N', env: 'SEGRAPH_MAX_ROWS', default: String(DEFAULT_LIMITS.maxRows), help: 'result rows returned at most; more are cut and flagged' },
  'max-body': { type: 'string', value: 'SIZE', env: 'SEGRAPH_MAX_BODY', default: '1mb', help: 'largest request body, e.g. 1mb, 64kb or 65536 (bytes)' },
  'max-header-size': { type: 'string', value: 'SIZE', env: 'SEGRAPH_MAX_HEADER_SIZE', default: '16kb', help: 'largest request line and header fields together; at least 1kb' },
  'max-query-depth': {
    type: 'string', value: 'N', env: 'SEGRAPH_MAX_QUERY_DEPTH', default: String(QUERY_LIMITS.maxDepth),
    help: 'brackets a query may nest; past a query limit, 400 query_too_complex',
  },
  'max-query-sequence': {
    type: 'string', value: 'N', env: 'SEGRAPH_MAX_QUERY_SEQUENCE', default: String(QUERY_LIMITS.maxSequence),
    help: 'elements in one group, expression, list or path of a query',
  },
  'max-query-eval-depth': {
    type: 'string', value: 'N', env: 'SEGRAPH_MAX_QUERY_EVAL_DEPTH', default: String(QUERY_LIMITS.maxEvalDepth),
    help: "a query's estimated evaluation depth",
  },
  'cache-size': {
    type: 'string', value: 'SIZE', env: 'SEGRAPH_CACHE_SIZE', default: `${DEFAULT_CACHE_BYTES / 1024 / 1024}mb`,
    help: 'memory for kept answers: half for query results, 3/8 for compressed answers, 1/8 for JSON-LD documents; 0 turns caching off',
  },
  'trust-proxy': { type: 'boolean', env: 'SEGRAPH_TRUST_PROXY', help: 'take scheme and host from X-Forwarded-* headers' },
  'cors-origin': {
    type: 'string', value: 'LIST', env: 'SEGRAPH_CORS_ORIGIN', default: '*',
    help: 'browser origins that may read the answers: * (any), none, or a comma list of origins like https://app.example.org',
  },
  base: {
    type: 'string', value: 'IRI', env: 'SEGRAPH_BASE', default: DEFAULT_BASE,
    help: 'the base IRI the data mints under; the catalogue names everything under it, and /id/… here is {base}id/…',
  },
  'public-url': {
    type: 'string', value: 'URL', env: 'SEGRAPH_PUBLIC_URL', default: 'http://HOST:PORT/',
    help: "where clients reach this server, for the catalogue's download and endpoint URLs; set it behind a proxy (http://localhost:PORT/ for a wildcard --host)",
  },
} as const satisfies Flags;

/** `segraph query`'s own options; --load, --no-seed and --deadline as serve has them. */
export const QUERY_FLAGS = {
  query: { type: 'string', value: 'SPARQL', help: 'the query; without it or --file, it is read from standard input' },
  file: { type: 'string', value: 'FILE', help: 'read the query from FILE (e.g. queries/internal/graph-sizes.rq)' },
  format: {
    type: 'string', value: 'NAME', default: 'json, or ttl for CONSTRUCT and DESCRIBE',
    help: 'the answer format, by the names /sparql takes in format=: json xml csv tsv for SELECT and ASK; ttl nt jsonld rdf trig nq for CONSTRUCT and DESCRIBE',
  },
  load: SERVE_FLAGS.load,
  'no-seed': SERVE_FLAGS['no-seed'],
  deadline: SERVE_FLAGS.deadline,
} as const satisfies Flags;

/** `segraph publish`'s own options; the store's credentials come from the environment only (SEGRAPH_STORE_USER, SEGRAPH_STORE_PASSWORD). */
export const PUBLISH_FLAGS = {
  to: { type: 'string', value: 'URL', help: "the store's SPARQL query endpoint, e.g. http://127.0.0.1:8890/sparql (Virtuoso); credentials from SEGRAPH_STORE_USER and SEGRAPH_STORE_PASSWORD (default dba/dba)" },
  'update-endpoint': { type: 'string', value: 'URL', default: 'URL with /sparql-auth for Virtuoso', help: 'the authenticated SPARQL Update endpoint (HTTP Digest)' },
  'graph-store': { type: 'string', value: 'URL', default: 'URL with /sparql-graph-crud-auth for Virtuoso', help: 'the authenticated Graph Store Protocol endpoint (HTTP Digest), for the http loader' },
  keep: { type: 'string', value: 'N', default: '2', help: 'versions kept in the store after the switch, the new one included' },
  loader: {
    type: 'string', value: 'NAME', default: 'auto',
    help: "bulk (Virtuoso's bulk loader through isql-vt, from a directory the server reads), http (Graph Store POSTs in pieces) or auto (bulk when the store is on this machine and it can, else http)",
  },
  'isql-port': { type: 'string', value: 'N', default: '1111', help: "Virtuoso's SQL port, for the bulk loader (host from --to)" },
  'bulk-dir': { type: 'string', value: 'DIR', default: "one of the server's DirsAllowed", help: 'where to write the files the bulk loader reads: writable here, readable by the server' },
} as const satisfies Flags;

/** `segraph import`'s own options. */
export const IMPORT_FLAGS = {
  'data-dir': { type: 'string', value: 'DIR', default: 'ROOT/data', help: 'where the TriG files are written (practices/, organisations/, places/)' },
  replace: { type: 'boolean', help: 'overwrite data files that exist (without it, an existing file is a problem, named)' },
  'dry-run': { type: 'boolean', help: 'check the sheets only; write nothing' },
} as const satisfies Flags;

/** `segraph export`'s own options. */
export const EXPORT_FLAGS = {
  template: { type: 'boolean', help: "write the practices into the spreadsheet template (the only export so far: required)" },
  format: { type: 'string', value: 'NAME', default: 'xlsx', help: 'xlsx (one workbook) or csv (one file per sheet in the --out directory)' },
  out: { type: 'string', value: 'PATH', help: 'the workbook to write (xlsx) or the directory for the CSV files (csv)' },
} as const satisfies Flags;

export const COMMANDS = {
  validate: {
    summary: 'parse every ontology and data file, run the SHACL shapes, the known-terms check and the named queries\' checks',
    flags: { ...ROOT, ...HELP },
  },
  build: {
    summary: 'validate, materialise inferences and write a versioned snapshot to the build directory',
    flags: {
      ...ROOT, ...BUILD_DIR,
      release: { type: 'string', value: 'VERSION', help: 'then record the snapshot as release VERSION, as segraph release does' },
      ...RELEASES_DIR, ...RELEASE_META, ...HELP,
    },
  },
  query: {
    summary: 'run one SPARQL query over the current snapshot (built first if the sources changed) and write the whole answer to standard output',
    flags: { ...ROOT, ...BUILD_DIR, ...QUERY_FLAGS, ...HELP },
  },
  serve: {
    summary: 'build if the sources changed, then serve the graph over HTTP (SPARQL endpoint at /sparql) until SIGINT or SIGTERM',
    flags: { ...ROOT, ...BUILD_DIR, ...RELEASES_DIR, ...SERVE_FLAGS, ...HELP },
  },
  publish: {
    summary: "load the current snapshot into a SPARQL store beside the versions there, check its counts, switch to it atomically and remove old versions (`segraph build` first)",
    flags: { ...ROOT, ...BUILD_DIR, ...PUBLISH_FLAGS, ...HELP },
  },
  release: {
    summary: 'record the current snapshot (built first if the sources changed) as release VERSION in releases/VERSION/: the graph, what changed since the previous release, and its notes',
    flags: { ...ROOT, ...BUILD_DIR, ...RELEASES_DIR, ...RELEASE_META, ...HELP },
    operands: { name: 'VERSION', help: 'the release version, e.g. 1.1.0 (semantic versioning recommended)' },
  },
  import: {
    summary: 'check filled-in spreadsheet templates (XLSX workbooks, CSV files) cell by cell, reporting every problem as file:sheet:row:column, and write them as TriG data files',
    flags: { ...ROOT, ...IMPORT_FLAGS, ...HELP },
    operands: { name: 'FILE…', help: 'filled-in templates: XLSX workbooks and/or CSV files (practices.csv, organisations.csv, fundings.csv, results.csv…)', many: true },
  },
  export: {
    summary: "write the authored data's practices into the spreadsheet template (--template), as an XLSX workbook or CSV files",
    flags: { ...ROOT, ...EXPORT_FLAGS, ...HELP },
  },
} as const satisfies Record<string, Command>;

export type CommandName = keyof typeof COMMANDS;

export const isCommand = (name: string): name is CommandName => Object.hasOwn(COMMANDS, name);

/** A command line that does not say something segraph can do: exit 2, with the reason. */
export class UsageProblem extends Error {
  /** `command`: the command whose usage `--help` would show; absent for the command line as a whole. */
  constructor(message: string, readonly command?: CommandName) {
    super(message);
  }
}

/** `--port N`, `--no-seed`, `-h, --help`. */
export const flagSynopsis = (name: string, flag: Flag): string =>
  `${flag.short ? `-${flag.short}, ` : ''}--${name}${flag.value ? ` ${flag.value}` : ''}`;

/** The commands that declare `--name`. */
const commandsWith = (name: string): CommandName[] =>
  (Object.keys(COMMANDS) as CommandName[]).filter((c) => Object.hasOwn(COMMANDS[c].flags, name));

/**
 * Parses `args` (what follows the command name) against the command's declared options, strictly:
 * no option of another command, no unknown option, no positional argument, a non-empty value for
 * each string option and none for a boolean one. Throws a UsageProblem naming the first wrong one.
 */
export function parseCommand<C extends CommandName>(command: C, args: readonly string[]): Values<(typeof COMMANDS)[C]['flags']> & { readonly positionals: readonly string[] } {
  const flags: Flags = COMMANDS[command].flags;
  const operands = (COMMANDS[command] as Command).operands;
  const options = Object.fromEntries(Object.entries(flags).map(([name, f]) =>
    [name, { type: f.type, ...(f.short ? { short: f.short } : {}), ...(f.multiple ? { multiple: true } : {}) }]));
  // First the tokens, read leniently, so that each problem is named in our words (parseArgs's own
  // speak of positional arguments, which no command takes, and cannot tell another command's option).
  const { tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  const fail = (reason: string) => { throw new UsageProblem(reason, command); };
  let positionals = 0;
  for (const token of tokens) {
    if (token.kind === 'positional' && (!operands || (!operands.many && ++positionals > 1))) {
      fail(operands ? `unexpected argument '${token.value}': ${command} takes one ${operands.name} and options` : `unexpected argument '${token.value}': ${command} takes options only`);
    }
    if (token.kind === 'option-terminator' && !operands?.many) fail(`unexpected '--': ${command} takes options only`);
    if (token.kind !== 'option') continue;
    const flag = Object.hasOwn(flags, token.name) ? flags[token.name] : undefined;
    if (!flag) {
      const others = commandsWith(token.name);
      fail(others.length > 0 && token.rawName.startsWith('--')
        ? `${token.rawName} is an option of ${others.length > 1 ? `${others.slice(0, -1).join(', ')} and ${others.at(-1)!}` : others[0]!}, not of ${command}`
        : `unknown option '${token.rawName}'`);
    } else if (flag.type === 'boolean') {
      if (token.value !== undefined) fail(`${token.rawName} takes no value (got '${token.value}')`);
    } else if (token.value === undefined || token.value === '' || (!token.inlineValue && token.value.startsWith('-'))) {
      // `--port --workers 3`: a value starting with '-' is taken only as `--port=-…`.
      fail(`${token.rawName} needs a value: ${flagSynopsis(token.name, flag)}`);
    }
  }
  // Then strictly, as the values' one source: anything the checks above let through still fails.
  try {
    const parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: operands !== undefined });
    return { ...(parsed.values as Values<(typeof COMMANDS)[C]['flags']>), positionals: parsed.positionals };
  } catch (error) {
    throw new UsageProblem((error as Error).message, command);
  }
}

/** Wraps `text` into lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

const WIDTH = 100;
const COLUMN = 26;

/** `segraph <command> --help`: the command's options, generated from its declarations. */
export function commandUsage(command: CommandName): string {
  const { summary, flags, operands } = COMMANDS[command] as Command;
  const lines = [`usage: segraph ${command}${operands ? ` ${operands.name}` : ''} [options]`, '', ...wrap(summary, WIDTH), ''];
  if (operands) lines.push(...wrap(`${operands.name}: ${operands.help}`, WIDTH), '');
  const envs = Object.values(flags as Flags).some((f) => f.env);
  lines.push(envs ? 'options (environment variable in brackets; a flag wins over its variable):' : 'options:');
  for (const [name, flag] of Object.entries(flags as Flags)) {
    const synopsis = `  ${flagSynopsis(name, flag)}`;
    const notes = [flag.env ? `[${flag.env}${flag.type === 'boolean' ? '=1' : ''}]` : '', flag.default !== undefined ? `(default ${flag.default})` : ''].filter(Boolean).join(' ');
    const text = wrap(`${flag.help}${notes ? ` ${notes}` : ''}`, WIDTH - COLUMN);
    if (synopsis.length < COLUMN - 1) {
      lines.push(synopsis.padEnd(COLUMN) + text[0]);
      text.shift();
    } else {
      lines.push(synopsis);
    }
    for (const rest of text) lines.push(' '.repeat(COLUMN) + rest);
  }
  return lines.join('\n');
}

/** `segraph --help`: the commands, and where their options are. */
export function usage(): string {
  const names = Object.keys(COMMANDS) as CommandName[];
  const width = Math.max(...names.map((n) => n.length)) + 4;
  return [
    'usage: segraph <command> [options]',
    '',
    'commands:',
    ...names.flatMap((n) => wrap(COMMANDS[n].summary, WIDTH - width - 2).map((line, i) => `  ${(i === 0 ? n : '').padEnd(width)}${line}`)),
    '',
    "segraph <command> --help lists the command's options; a command takes only its own.",
    'exit codes: 0 ok, 1 failed (problems found, cannot load or listen), 2 usage error',
  ].join('\n');
}

/** The second line of a usage error: where to read the usage. */
export const helpPointer = (command?: CommandName): string =>
  `run 'segraph ${command ? `${command} ` : ''}--help' for usage`;
