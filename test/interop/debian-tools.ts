/**
 * The Debian clients the interoperability tests drive: Python (Debian's /usr/bin/python3 with
 * rdflib and SPARQLWrapper), Raptor's `rapper` and libxml2's `xmllint`. `.ci/run` installs them.
 * A missing tool fails the test with the package to install: these tests never skip.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** Debian's interpreter, which has python3-rdflib and python3-sparqlwrapper (not pyenv's). */
export const PYTHON = process.env['SEGRAPH_PYTHON'] ?? '/usr/bin/python3';
export const PYTHON_DIR = join(import.meta.dirname, 'python');

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `command` with `input` on its standard input; resolves with its exit code and output (never rejects on a non-zero exit). */
export function run(command: string, args: readonly string[], input: string | Buffer = '', options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, [...args], { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8', ...options }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(error.code === 'ENOENT' ? new Error(`${command}: not found`) : error);
        return;
      }
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
    child.stdin?.on('error', () => {}); // a tool that exits before reading all its input
    child.stdin?.end(input);
  });
}

async function requireTool(what: string, check: () => Promise<Run>, packages: string): Promise<string> {
  let result: Run;
  try {
    result = await check();
  } catch (e) {
    throw new Error(`${what} is not installed here (${(e as Error).message}): install the Debian package(s) ${packages}, as .ci/run does`);
  }
  if (result.code !== 0) {
    throw new Error(`${what} does not work here (exit ${result.code}: ${result.stderr.trim().split('\n').pop()}): install the Debian package(s) ${packages}, as .ci/run does`);
  }
  return (result.stdout + result.stderr).trim();
}

/** Fails unless Debian's Python has rdflib and SPARQLWrapper; returns their versions. */
export function requirePython(): Promise<string> {
  return requireTool(
    `${PYTHON} with rdflib and SPARQLWrapper`,
    () => run(PYTHON, ['-c', 'import rdflib, SPARQLWrapper; print("rdflib", rdflib.__version__, "SPARQLWrapper", SPARQLWrapper.__version__)']),
    'python3-rdflib python3-sparqlwrapper (or set SEGRAPH_PYTHON to a Python that has them)',
  );
}

/** Fails unless Debian's Python has openpyxl (the spreadsheet library of Python); returns its version. */
export function requireOpenpyxl(): Promise<string> {
  return requireTool(`${PYTHON} with openpyxl`, () => run(PYTHON, ['-c', 'import openpyxl; print("openpyxl", openpyxl.__version__)']), 'python3-openpyxl');
}

export const requireRapper = () => requireTool('rapper (Raptor)', () => run('rapper', ['--version']), 'raptor2-utils');
export const requireXmllint = () => requireTool('xmllint (libxml2)', () => run('xmllint', ['--version']), 'libxml2-utils');

/**
 * Runs test/interop/python/<script> with `job` as JSON on its standard input and returns the JSON
 * it prints. A script that fails (exit code not 0) fails the test with its standard error.
 */
export async function runPython<T>(script: string, job: unknown): Promise<T> {
  const result = await run(PYTHON, [script], JSON.stringify(job), {
    cwd: PYTHON_DIR,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' },
  });
  if (result.code !== 0) throw new Error(`python ${script} exited ${result.code}:\n${result.stderr}`);
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`python ${script} printed no JSON:\n${result.stdout.slice(0, 2000)}\n${result.stderr}`);
  }
}
