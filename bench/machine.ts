/**
 * What the numbers were measured on: CPU, cores, memory, Node and library versions; and the
 * memory of a process as Linux reports it (`/proc/<pid>/status`).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, availableParallelism } from 'node:os';
import { join } from 'node:path';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly ramGb: number;
  readonly node: string;
  readonly platform: string;
  readonly versions: Record<string, string>;
  readonly commit: string;
  readonly date: string;
  readonly loadAverage: readonly number[];
}

const packageVersion = (root: string, name: string) => {
  try {
    return (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
};

function gitCommit(root: string): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).trim();
    return dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    return 'unknown';
  }
}

export function describeMachine(root: string): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    ramGb: totalmem() / 1024 ** 3,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    versions: Object.fromEntries(['oxigraph', '@comunica/query-sparql', 'n3', 'express'].map((name) => [name, packageVersion(root, name)])),
    commit: gitCommit(root),
    date: new Date().toISOString(),
    loadAverage: loadavg(),
  };
}

export interface ProcMemory {
  /** Resident set size now, MB. */
  readonly rssMb: number;
  /** Peak resident set size (VmHWM), MB. */
  readonly peakMb: number;
}

/** RSS and peak RSS of a process (`self` for this one); undefined off Linux or once it has exited. */
export function procMemory(pid: number | 'self'): ProcMemory | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}
