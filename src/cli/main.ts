/**
 * The `segraph` command line. Each command lives in its own file and is thin over src/graph.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_QUERY_SHAPE_LIMITS as QUERY_LIMITS } from '../query/query-shape.js';
import { buildCommand } from './build.js';
import { processIo, type Io } from './output.js';
import { serveCommand } from './serve-command.js';
import { validateCommand } from './validate.js';

const USAGE = `usage: segraph <command> [options]

commands:
  validate    parse every ontology and data file, run the SHACL shapes and the known-terms check
  build       validate, materialise inferences and write a versioned snapshot to build/
  serve       build if the sources changed, then serve the graph over HTTP (SPARQL endpoint at /sparql)

options:
  --root DIR        project directory holding ontology/ and data/ (default: current directory)
  --build-dir DIR   where snapshots are written (default: ROOT/build)
  -h, --help        show this help

serve options (environment variable in brackets):
  --host HOST         address to listen on [HOST] (default 127.0.0.1)
  --port N            port [PORT] (default 3000; 0 picks a free one)
  --load FILE[=IRI]   also serve an RDF file (.ttl .nt .nq .trig .rdf .jsonld), into the named
                      graph IRI if given, else into the default graph; repeatable
  --no-seed           serve only the --load files, not the seed graph
  --workers N         query worker threads kept running [SEGRAPH_WORKERS] (default 2)
  --max-workers N     workers at most, with the extra ones started while long queries hold the
                      others [SEGRAPH_MAX_WORKERS] (default auto: by free memory, up to 4 × --workers)
  --client-concurrency N  queries one client (address) runs at once [SEGRAPH_CLIENT_CONCURRENCY]
                      (default: --workers)
  --client-queue N    queries one client may have waiting; more get 429 [SEGRAPH_CLIENT_QUEUE] (default 16)
  --long-query SECONDS  a query running longer is long: its client runs one at a time for a
                      minute, within workers − 1 [SEGRAPH_LONG_QUERY] (default 1)
  --grace SECONDS     on SIGTERM/SIGINT, time for requests in flight to finish [SEGRAPH_GRACE] (default 10)
  --deadline SECONDS  a query running longer is stopped, 503 [SEGRAPH_DEADLINE] (default 10)
  --max-rows N        result rows returned at most; more are cut and flagged [SEGRAPH_MAX_ROWS] (default 10000)
  --max-body SIZE     largest request body, e.g. 1mb or 65536 [SEGRAPH_MAX_BODY] (default 1mb)
  --max-query-depth N brackets a query may nest; past a limit, 400 [SEGRAPH_MAX_QUERY_DEPTH] (default ${QUERY_LIMITS.maxDepth})
  --max-query-sequence N
                      elements in one group, expression or list of a query [SEGRAPH_MAX_QUERY_SEQUENCE] (default ${QUERY_LIMITS.maxSequence})
  --max-query-eval-depth N
                      a query's estimated evaluation depth [SEGRAPH_MAX_QUERY_EVAL_DEPTH] (default ${QUERY_LIMITS.maxEvalDepth})
  --max-header-size SIZE
                      largest request line and headers together [SEGRAPH_MAX_HEADER_SIZE] (default 16kb)
  --trust-proxy       take scheme and host from X-Forwarded-* headers [SEGRAPH_TRUST_PROXY=1]
  --cors-origin LIST  browser origins that may read the answers: * (any), none, or a comma list
                      of origins like https://app.example.org [SEGRAPH_CORS_ORIGIN] (default *)
  --base IRI          the base IRI the data mints under; the catalogue names everything under it,
                      and /id/… here is {base}id/… [SEGRAPH_BASE] (default https://w3id.org/segraph/)
  --public-url URL    where clients reach this server, for the catalogue's download and endpoint
                      URLs; set it behind a proxy [SEGRAPH_PUBLIC_URL] (default http://localhost:PORT/
                      for a wildcard or loopback --host, else http://HOST:PORT/)`;

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
        host: { type: 'string' },
        port: { type: 'string' },
        load: { type: 'string', multiple: true },
        'no-seed': { type: 'boolean' },
        workers: { type: 'string' },
        deadline: { type: 'string' },
        'max-rows': { type: 'string' },
        'max-body': { type: 'string' },
        'max-header-size': { type: 'string' },
        'max-query-depth': { type: 'string' },
        'max-query-sequence': { type: 'string' },
        'max-query-eval-depth': { type: 'string' },
        'trust-proxy': { type: 'boolean' },
        'max-workers': { type: 'string' },
        'client-queue': { type: 'string' },
        'client-concurrency': { type: 'string' },
        'long-query': { type: 'string' },
        grace: { type: 'string' },
        'cors-origin': { type: 'string' },
        base: { type: 'string' },
        'public-url': { type: 'string' },
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
    case 'serve':
      return serveCommand({ root, buildDir, values }, io);
    default:
      io.err(`segraph: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}
