/**
 * Virtuoso's SQL through `isql-vt` (Debian's name for Virtuoso's isql): what the bulk loader
 * (`ld_dir`, `rdf_loader_run`) is driven by. The script goes to isql on standard input. isql exits
 * 0 after some failed statements, so its output is read for `*** Error` too.
 *
 * Values come back by marker: `SELECT 'segraph:' || x;` prints a line `segraph:…`, which
 * `isqlValues` picks out of isql's tables and banners.
 */
import { spawn } from 'node:child_process';
import type { Credentials } from './digest-auth.js';

export interface IsqlTarget {
  readonly host: string;
  readonly port: number;
  readonly credentials: Credentials;
  /** The binary (default `isql-vt` from PATH). */
  readonly binary?: string;
}

/** isql could not run, could not connect, or a statement failed. */
export class IsqlError extends Error {
  constructor(message: string, readonly output: string) {
    super(message);
  }
}

/** The prefix `isqlValues` looks for. */
export const MARK = 'segraph:';

/** A string as a SQL string literal. */
export const sqlString = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/**
 * Runs `script` (statements ending in `;`), resolving to isql's standard output. Rejects with an
 * IsqlError naming the first `*** Error` line when any statement failed. `signal` kills isql.
 */
export function runIsql(target: IsqlTarget, script: string, signal?: AbortSignal): Promise<string> {
  // isql takes the password as an argument; it is visible to local users in `ps` for the session's length.
  const args = [`${target.host}:${target.port}`, target.credentials.user, target.credentials.password, 'VERBOSE=OFF', 'BANNER=OFF', 'PROMPT=OFF', 'ECHO=OFF'];
  return new Promise((resolve, reject) => {
    const child = spawn(target.binary ?? 'isql-vt', args, { stdio: ['pipe', 'pipe', 'pipe'], ...(signal ? { signal } : {}) });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', (error) => reject(new IsqlError(`isql-vt could not run: ${error.message}`, err)));
    child.on('close', (code, sig) => {
      const all = `${out}\n${err}`;
      const error = /\*\*\* Error[^\n]*/.exec(all);
      if (error) reject(new IsqlError(error[0].replace(/^\*\*\* /, ''), all));
      else if (code !== 0) reject(new IsqlError(`isql-vt exited with ${sig ?? code}${err.trim() ? `: ${err.trim().slice(0, 500)}` : ''}`, all));
      else resolve(out);
    });
    child.stdin.on('error', () => undefined); // isql gone early: its exit says why
    child.stdin.end(`${script}\nEXIT;\n`);
  });
}

/** The values printed by `SELECT 'segraph:' || …` statements, in order, the marker removed. */
export const isqlValues = (output: string): string[] =>
  output.split('\n').filter((line) => line.startsWith(MARK)).map((line) => line.slice(MARK.length).trimEnd());
