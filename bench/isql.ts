/**
 * Virtuoso's SQL client (`isql-vt`) as the benchmark uses it on its throw-away Virtuoso: run a
 * script, fail on any `*** Error`, return what it printed.
 */
import { spawn } from 'node:child_process';

/**
 * Runs `sql` (statements ending in `;`) as dba on the Virtuoso listening on `port`.
 *
 * @example
 *   await isql(1111, 'checkpoint;');
 */
export function isql(port: number, sql: string, binary = 'isql-vt'): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [`127.0.0.1:${port}`, 'dba', 'dba', 'VERBOSE=OFF', 'BANNER=OFF', 'PROMPT=OFF'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0 || /\*\*\* Error/.test(output)) reject(new Error(`isql (exit ${code}): ${output.slice(0, 2000)}`));
      else resolve(output);
    });
    child.stdin.end(`${sql}\n`);
  });
}
