/**
 * No `${…}` in a plain string literal. A placeholder in quotes instead of backticks is sent as
 * written: every SPARQL XML answer once said `<sparql xmlns="${SPARQL_RESULTS_XML_NS}">`, and our
 * namespace-blind tests stayed green (ESLint's no-template-curly-in-string, with the TypeScript
 * parser we already have).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/project.js';

async function sourcesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sourcesUnder(path)));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** `file:line: text` of every plain string literal holding `${identifier…}`. */
function placeholdersIn(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) && /\$\{[A-Za-z_$][\w$.]*\}/.test(node.text)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${file}:${line + 1}: ${node.getText()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('string literals', () => {
  it('the check finds a placeholder in quotes, and not one in backticks', () => {
    expect(placeholdersIn('x.ts', "const a = '<sparql xmlns=\"${NS}\">';")).toHaveLength(1);
    expect(placeholdersIn('x.ts', 'const a = `<sparql xmlns="${NS}">`;')).toEqual([]);
  });

  it('no source in src/, bench/ or test/ has `${name}` in a plain string', async () => {
    const found: string[] = [];
    for (const dir of ['src', 'bench', 'test']) {
      for (const path of await sourcesUnder(join(ROOT, dir))) {
        if (path.endsWith('template-strings.test.ts')) continue;
        found.push(...placeholdersIn(relative(ROOT, path), await readFile(path, 'utf8')));
      }
    }
    expect(found).toEqual([]);
  });
});
