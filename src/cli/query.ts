/**
 * `segraph query`: runs one SPARQL query over the current snapshot (built first if its sources
 * changed, as `serve` does) and any --load files, on the same engine the server uses, and writes
 * the whole answer to standard output in the format asked for. For maintainers and scripts: no
 * server, no row cap; the deadline and the query-shape limits still hold.
 */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { DEFAULT_LIMITS } from '../http/config.js';
import { EmbeddedEngine, type QueryRequest } from '../query/engine.js';
import { DeadlineError, LoadError } from '../query/errors.js';
import { formatByName, formatsFor } from '../query/formats.js';
import type { SourceSpec } from '../query/protocol.js';
import { checkQueryShape, QueryTooComplexError } from '../query/query-shape.js';
import { queryForm } from '../query/sparql-form.js';
import { helpPointer, type QUERY_FLAGS, type Values } from './args.js';
import { DEFAULT_BASE } from '../vocab/namespace.js';
import type { Io } from './output.js';
import { combinedVersion, ConfigError, parseLoad, seedSnapshot, UsageError } from './serve.js';

export interface QueryArgs {
  readonly root: string;
  readonly buildDir: string;
  readonly values: Values<typeof QUERY_FLAGS>;
  /** The query when neither --query nor --file gives it (standard input); undefined when there is none. */
  readonly stdin: () => Promise<string | undefined>;
}

/** Standard input as text, or undefined when it is a terminal (nobody is piping a query in). */
export async function readStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function queryText(args: QueryArgs): Promise<string> {
  const { query, file } = args.values;
  if (query !== undefined && file !== undefined) throw new ConfigError('give the query by --query or by --file, not both');
  const text = query ?? (file !== undefined
    ? await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`--file ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
    })
    : await args.stdin());
  if (text === undefined || text.trim() === '') throw new ConfigError('no query: give --query TEXT, --file FILE, or the query on standard input');
  return text;
}

/** Runs the query; resolves to the exit code (0 answered, 1 the query or the data failed, 2 usage). */
export async function queryCommand(args: QueryArgs, io: Io): Promise<number> {
  const v = args.values;
  let engine: EmbeddedEngine | undefined;
  try {
    const text = await queryText(args);
    const form = queryForm(text);
    if (form === 'update') throw new ConfigError('SPARQL Update is not run: the graph changes only through its sources and segraph build');
    const formats = formatsFor(form);
    const format = v.format === undefined ? formats[0]! : formatByName(formats, v.format);
    if (!format) {
      throw new ConfigError(`--format: '${v.format}' is not a format of ${form === 'construct' || form === 'describe' ? 'a graph' : 'solutions'}; use ${formats.map((f) => f.names[0]).join(', ')}`);
    }
    const deadlineText = v.deadline ?? process.env['SEGRAPH_DEADLINE'];
    const seconds = deadlineText === undefined || deadlineText === '' ? DEFAULT_LIMITS.deadlineMs / 1000 : Number(deadlineText);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new ConfigError(`--deadline: '${deadlineText}' is not a valid value`);
    checkQueryShape(text, DEFAULT_LIMITS.query);

    const loads = (v.load ?? []).map((arg) => parseLoad(arg, process.cwd()));
    const seed = v['no-seed'] ? undefined : await seedSnapshot(args, io);
    if (!seed && loads.length === 0) throw new ConfigError('--no-seed needs at least one --load FILE');
    const sources: SourceSpec[] = [...(seed ? [{ path: seed.path, format: 'application/n-quads', trusted: true }] : []), ...loads];
    engine = await EmbeddedEngine.start({
      sources, version: await combinedVersion(seed, loads), workers: 1, maxWorkers: 1, cacheBytes: 0,
      limits: { deadlineMs: Math.round(seconds * 1000), maxRows: DEFAULT_LIMITS.maxRows },
    });
    const request: QueryRequest = { query: text, form, baseIri: DEFAULT_BASE, format: format.id, complete: true };
    const outcome = await engine.execute(request);
    if (!outcome.ok) {
      io.err(`query: ${outcome.kind === 'syntax' ? 'malformed query' : 'the query failed'}: ${outcome.message}`);
      return 1;
    }
    io.out(outcome.body.replace(/\r?\n$/, ''));
    io.err(`query: ${outcome.rows.toLocaleString('en')} ${form === 'construct' || form === 'describe' ? (outcome.rows === 1 ? 'triple' : 'triples') : (outcome.rows === 1 ? 'result' : 'results')} in ${outcome.ms.toFixed(1)} ms (graph ${engine.version})`);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`query: ${error.message}`);
      io.err(helpPointer('query'));
      return 2;
    }
    if (error instanceof QueryTooComplexError || error instanceof DeadlineError || error instanceof UsageError) {
      io.err(`query: ${error.message}`);
      return 1;
    }
    if (error instanceof LoadError) {
      io.err(`query: cannot load ${relative(process.cwd(), error.path)}: ${error.detail}`);
      return 1;
    }
    throw error;
  } finally {
    await engine?.close();
  }
}
