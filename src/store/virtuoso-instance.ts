/**
 * A throw-away Virtuoso 7 server (Debian's `virtuoso-opensource-7`) in a directory of its own, on
 * loopback ports: what CI, the tests and the benchmark run the scale tier against, and what a
 * maintainer can start to try it (`node scripts/virtuoso.mjs start DIR`). Not used by `serve` or
 * `publish`, which talk to whatever store they are given.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface VirtuosoOptions {
  /** The database directory (created; it holds the database, its log and `load/`, the bulk-load directory). */
  readonly dir: string;
  /** HTTP port of the SPARQL endpoint (0: pick a free one). */
  readonly httpPort?: number;
  /** SQL (isql) port (0: pick a free one). */
  readonly isqlPort?: number;
  /** Pages of 8 kB in the buffer pool (Virtuoso's NumberOfBuffers); default 170,000 (1.3 GB). */
  readonly buffers?: number;
  /** The `virtuoso-t` binary (default: from PATH). */
  readonly binary?: string;
}

export interface VirtuosoInstance {
  /** The SPARQL endpoint, e.g. http://127.0.0.1:8891/sparql */
  readonly endpoint: string;
  readonly httpPort: number;
  readonly isqlPort: number;
  readonly dir: string;
  /** A directory the server may bulk-load from (listed in its DirsAllowed). */
  readonly loadDir: string;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => ok(port));
    });
  });
}

/** The configuration: loopback only, no query time limit of its own (segraph's deadline applies), no row cap below ours. */
export function virtuosoIni(dir: string, httpPort: number, isqlPort: number, buffers: number): string {
  const loadDir = join(dir, 'load');
  return `[Database]
DatabaseFile = ${dir}/virtuoso.db
ErrorLogFile = ${dir}/virtuoso.log
LockFile = ${dir}/virtuoso.lck
TransactionFile = ${dir}/virtuoso.trx
xa_persistent_file = ${dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = ${dir}/virtuoso-temp.db
TransactionFile = ${dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:${isqlPort}
LiteMode = 0
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 20
CheckpointInterval = 60
O_DIRECT = 0
CaseMode = 2
MaxStaticCursorRows = 5000
CheckpointAuditTrail = 0
AllowOSCalls = 0
SchedulerInterval = 10
DirsAllowed = ., ${loadDir}
ThreadCleanupInterval = 0
ThreadThreshold = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize = 100000
SingleCPU = 0
PrefixResultNames = 0
RdfFreeTextRulesSize = 100
IndexTreeMaps = 64
MaxMemPoolSize = 200000000
MaxQueryMem = 2G
VectorSize = 1000
MaxVectorSize = 1000000
AdjustVectorSize = 0
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 10
NumberOfBuffers = ${buffers}
MaxDirtyBuffers = ${Math.round(buffers * 0.75)}

[HTTPServer]
ServerPort = 127.0.0.1:${httpPort}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = 20
DavRoot = DAV
EnabledDavVSP = 0
HTTPProxyEnabled = 0
TempASPXDir = 0
ServerThreads = 20
MaxKeepAlives = 20
KeepAliveTimeout = 10
HTTPThreadSize = 280000
HttpPrintWarningsInOutput = 0
Charset = UTF-8
EnabledGzipContent = 0

[Client]
SQL_PREFETCH_ROWS = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT = 0
SQL_TXN_TIMEOUT = 0

[SPARQL]
ResultSetMaxRows = 100000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 0
MaxSortedTopRows = 100000000
DefaultQuery = SELECT * WHERE { ?s ?p ?o } LIMIT 10
`;
}

/** Starts Virtuoso and resolves once its SPARQL endpoint answers (up to a minute). */
export async function startVirtuoso(options: VirtuosoOptions): Promise<VirtuosoInstance> {
  const dir = resolve(options.dir);
  const loadDir = join(dir, 'load');
  await mkdir(loadDir, { recursive: true });
  const httpPort = options.httpPort || (await freePort());
  const isqlPort = options.isqlPort || (await freePort());
  await writeFile(join(dir, 'virtuoso.ini'), virtuosoIni(dir, httpPort, isqlPort, options.buffers ?? 170_000));
  const child: ChildProcess = spawn(options.binary ?? 'virtuoso-t', ['+foreground', '+configfile', join(dir, 'virtuoso.ini')], {
    cwd: dir, stdio: 'ignore', detached: true,
  });
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `virtuoso-t exited (${signal ?? code}); see ${join(dir, 'virtuoso.log')}`));
  child.once('error', (error) => (exited = `virtuoso-t could not start: ${error.message}`));
  const endpoint = `http://127.0.0.1:${httpPort}/sparql`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(exited);
    try {
      const res = await fetch(`${endpoint}?query=${encodeURIComponent('ASK {}')}`, { headers: { accept: 'application/sparql-results+json' }, signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) {
      child.kill('SIGKILL');
      const log = await readFile(join(dir, 'virtuoso.log'), 'utf8').catch(() => '');
      throw new Error(`Virtuoso did not answer on ${endpoint} within 60 s\n${log.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.unref();
  return {
    endpoint, httpPort, isqlPort, dir, loadDir, pid: child.pid,
    async stop() {
      if (exited) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
