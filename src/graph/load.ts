/**
 * Loads the ontology, shapes and data files into quads, each in its named graph, and
 * collects every problem (syntax, triples outside a graph, graphs not ours to author)
 * instead of stopping at the first.
 */
import { readFile } from 'node:fs/promises';
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { AUTHORED_GRAPHS, GRAPHS } from '../vocab/graphs.js';
import type { Location, Problem } from './problem.js';
import { parseRdf } from './parse.js';
import { findSources, type SourceFile } from './sources.js';

const { namedNode, quad } = N3.DataFactory;

export interface LoadedGraph {
  /** Every quad, in its named graph (ontology → graph:ontology, shapes → graph:shapes). */
  readonly quads: Quad[];
  readonly files: readonly SourceFile[];
  readonly problems: readonly Problem[];
  /** Where a subject is first described in the data files, for messages. */
  locate(iri: string): Location | undefined;
}

interface FileText {
  readonly file: SourceFile;
  readonly lines: string[];
  readonly prefixes: Record<string, string>;
}

/**
 * Loads every source file under `root`.
 *
 * @example
 *   const graph = await loadGraph(process.cwd());
 *   graph.problems.forEach((p) => console.error(formatProblem(p)));
 */
export async function loadGraph(root: string): Promise<LoadedGraph> {
  const files = await findSources(root);
  const quads: Quad[] = [];
  const problems: Problem[] = [];
  const texts: FileText[] = [];
  const firstFile = new Map<string, number>();

  for (const [index, file] of files.entries()) {
    const text = await readFile(file.absolutePath, 'utf8');
    const parsed = parseRdf(file.path, text, {
      format: file.kind === 'data' ? 'trig' : 'turtle',
      blankNodePrefix: `f${index}_`,
    });
    if (parsed.problem) problems.push(parsed.problem);
    texts.push({ file, lines: text.split('\n'), prefixes: parsed.prefixes });
    const fileIndex = texts.length - 1;

    if (file.kind !== 'data') {
      const graph = namedNode(file.kind === 'shapes' ? GRAPHS.shapes : GRAPHS.ontology);
      for (const q of parsed.quads) quads.push(quad(q.subject, q.predicate, q.object, graph));
      continue;
    }
    let outside = 0;
    const unknownGraphs = new Set<string>();
    for (const q of parsed.quads) {
      if (q.graph.termType === 'DefaultGraph') {
        outside++;
        continue;
      }
      if (!AUTHORED_GRAPHS.has(q.graph.value)) {
        unknownGraphs.add(q.graph.value);
        continue;
      }
      quads.push(q);
      if (q.subject.termType === 'NamedNode' && !firstFile.has(q.subject.value)) firstFile.set(q.subject.value, fileIndex);
    }
    if (outside > 0) {
      problems.push({
        code: 'default-graph',
        severity: 'error',
        message: `${outside} triple(s) outside a GRAPH block: every fact must sit in the named graph of whoever states it (docs/authoring.md)`,
        location: { file: file.path },
      });
    }
    for (const graph of unknownGraphs) {
      problems.push({
        code: 'unknown-graph',
        severity: 'error',
        message: `GRAPH <${graph}> is not an authored graph; use one of: ${[...AUTHORED_GRAPHS].join(', ')}`,
        location: { file: file.path, ...lineOf(texts[fileIndex]!, graph) },
      });
    }
  }

  return {
    quads,
    files,
    problems,
    locate(iri: string) {
      const index = firstFile.get(iri) ?? firstFile.get(iri.split('#')[0]!);
      if (index === undefined) return undefined;
      const text = texts[index]!;
      return { file: text.file.path, ...lineOf(text, iri) };
    },
  };
}

/** The first line where `iri` is written, in full or with one of the file's prefixes. */
function lineOf(text: FileText, iri: string): { line?: number } {
  const forms = [`<${iri}>`];
  for (const [prefix, ns] of Object.entries(text.prefixes)) {
    if (iri.startsWith(ns) && iri.length > ns.length) forms.push(`${prefix}:${iri.slice(ns.length)}`);
  }
  const matches = (line: string, form: string) => {
    const at = line.indexOf(form);
    if (at < 0) return false;
    const after = line[at + form.length];
    return after === undefined || /[\s;,.)\]]/.test(after);
  };
  // Prefer a line that starts with the subject (where it is described), else any mention.
  for (const pass of [true, false]) {
    for (const [i, line] of text.lines.entries()) {
      const trimmed = line.trimStart();
      if (forms.some((form) => (pass ? trimmed.startsWith(form) && matches(trimmed, form) : matches(line, form)))) {
        return { line: i + 1 };
      }
    }
  }
  return {};
}
