/**
 * A runaway query against the seed-graph server: a simple query is timed before, and while a
 * deliberately explosive query runs to its deadline on another worker. The server must cut the
 * runaway (503 query_timeout) and the simple query must keep its latency.
 */
import { queryOverHttp, uncached } from './http.js';
import { startServer } from './server.js';
import { summarize, type Summary } from './stats.js';
import { SG } from './vocab.js';

/** Every triple against every triple against every triple: far past any deadline on 10 k triples. */
export const EXPLOSIVE = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';
const SIMPLE = `SELECT ?p ?o WHERE { ?s a <${SG.Practice}> ; ?p ?o } LIMIT 20\n`;

export interface RunawayResult {
  readonly deadlineMs: number;
  readonly before: Summary;
  readonly during: Summary;
  /** Simple queries answered while the runaway ran. */
  readonly duringCount: number;
  readonly runawayStatus: number;
  readonly runawayCode: string | undefined;
  /** From sending the runaway to its answer. */
  readonly runawayMs: number;
  /** A simple query right after the cut: the pool has replaced the worker. */
  readonly afterStatus: number;
}

export async function runawayPhase(root: string, deadlineSeconds = 3): Promise<RunawayResult> {
  const server = await startServer({ root, args: ['--deadline', String(deadlineSeconds)], readyTimeoutMs: 120_000 });
  try {
    await server.allReady(60_000);
    let run = 0;
    const simple = async () => (await queryOverHttp(server.endpoint, uncached(SIMPLE, run++))).ms;
    for (let i = 0; i < 10; i++) await simple();
    const before: number[] = [];
    for (let i = 0; i < 50; i++) before.push(await simple());
    const started = performance.now();
    let done = false;
    const runaway = queryOverHttp(server.endpoint, uncached(EXPLOSIVE, run++)).then((answer) => {
      done = true;
      return { answer, ms: performance.now() - started };
    });
    await new Promise((r) => setTimeout(r, 100));
    const during: number[] = [];
    while (!done && during.length < 500) during.push(await simple());
    const { answer, ms } = await runaway;
    const code = /"code":\s*"([^"]+)"/.exec(answer.body)?.[1];
    const after = await queryOverHttp(server.endpoint, uncached(SIMPLE, run++));
    return {
      deadlineMs: deadlineSeconds * 1000, before: summarize(before), during: summarize(during), duringCount: during.length,
      runawayStatus: answer.status, runawayCode: code, runawayMs: ms, afterStatus: after.status,
    };
  } finally {
    await server.stop();
  }
}
