/**
 * Starts `segraph serve` as a child process, times it from spawn to its ready line
 * (`SPARQL endpoint  http://…/sparql`), reads its memory from /proc, and stops it.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { procMemory, type ProcMemory } from './machine.js';

const READY = /SPARQL endpoint\s+(\S+)/;
/** Printed once every worker has loaded (the server answers from the first one on). */
const ALL_READY = /all \d+ query workers? ready/;

export interface RunningServer {
  /** The SPARQL endpoint URL. */
  readonly endpoint: string;
  readonly pid: number;
  /** Milliseconds from spawn to the ready line. */
  readonly startupMs: number;
  /**
   * Milliseconds from spawn to the line saying every worker has loaded; undefined if it does not
   * come within `timeoutMs` (or the server never prints one).
   */
  allReady(timeoutMs: number): Promise<number | undefined>;
  /** Everything the server printed so far. */
  output(): string;
  memory(): ProcMemory | undefined;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface ServerOptions {
  /** The project root (holds dist/cli/bin.js). */
  readonly root: string;
  /** Arguments after `serve`; `--port 0` is added unless a port is given. */
  readonly args: readonly string[];
  /** Run this script with `args` instead of `segraph serve` (the transport-floor server). */
  readonly script?: string;
  readonly readyTimeoutMs: number;
}

/**
 * @example
 *   const server = await startServer({ root, args: ['--workers', '1'], readyTimeoutMs: 60_000 });
 *   await fetch(server.endpoint, …); await server.stop();
 */
export function startServer(options: ServerOptions): Promise<RunningServer> {
  const args = options.script ? [options.script, ...options.args] : [join(options.root, 'dist', 'cli', 'bin.js'), 'serve', ...options.args];
  if (!options.script && !options.args.includes('--port')) args.push('--port', '0');
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: options.root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise<RunningServer>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server not ready after ${options.readyTimeoutMs / 1000} s:\n${output}`));
    }, options.readyTimeoutMs);
    let allReadyMs: number | undefined;
    const noteAllReady = () => {
      if (allReadyMs === undefined && ALL_READY.test(output)) allReadyMs = performance.now() - started;
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      noteAllReady();
      const match = READY.exec(output);
      if (!match || child.pid === undefined) return;
      const startupMs = performance.now() - started;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stdout.on('data', (more: Buffer) => {
        output += more.toString('utf8');
        noteAllReady();
      });
      const pid = child.pid;
      resolve({
        endpoint: match[1]!,
        pid,
        startupMs,
        output: () => output,
        async allReady(timeoutMs) {
          const until = performance.now() + timeoutMs;
          while (allReadyMs === undefined && performance.now() < until && child.exitCode === null) {
            await new Promise((r) => setTimeout(r, 50));
          }
          return allReadyMs;
        },
        memory: () => procMemory(pid),
        async stop(graceMs = 5_000) {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
          await exited;
          clearTimeout(kill);
        },
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited before it was ready (${signal ?? `exit code ${code}`}):\n${output}`));
    });
    child.once('error', reject);
  });
}
