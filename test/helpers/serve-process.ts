/**
 * `segraph serve …` as a user runs it: a child process, resolved once it prints its endpoint, or
 * with its exit code if it stops first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './project.js';

const BIN = join(ROOT, 'dist', 'cli', 'bin.js');

export interface Running { readonly child: ChildProcess; readonly stdout: string; readonly stderr: string; readonly endpoint: string; readonly exit: Promise<number | null> }
export interface Exited { readonly code: number | null; readonly stdout: string; readonly stderr: string }

/** Starts `segraph serve --port 0 …args` with `env` added to this process's environment. */
export function serve(args: readonly string[], env: Record<string, string> = {}): Promise<Running | Exited> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return new Promise((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      // The banner is written in one go; wait for its last line.
      const m = /SPARQL endpoint\s+(\S+)[\s\S]*Base IRI/.exec(stdout);
      if (m) resolve({ child, get stdout() { return stdout; }, get stderr() { return stderr; }, endpoint: m[1]!, exit });
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    void exit.then((code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts it and fails if it exits instead. */
export async function running(args: readonly string[], env?: Record<string, string>): Promise<Running> {
  const r = await serve(args, env);
  if (!('endpoint' in r)) throw new Error(`serve exited ${r.code}: ${r.stderr}`);
  return r;
}

/** Stops it with SIGTERM and waits for it to exit. */
export async function stop(server: Running): Promise<number | null> {
  server.child.kill('SIGTERM');
  return server.exit;
}
