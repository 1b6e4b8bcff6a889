/**
 * The DCAT-AP SHACL shapes in ../shared/suites/dcat-ap/ (read at run time, never copied here),
 * loaded the way the EU's validator loads them (../shared/suites/dcat-ap-validator-config/,
 * "base0"/"range0": no background knowledge), and a validator over them. Used by
 * test/conformance/dcat-ap.test.ts and by the MQA score's "DCAT-AP compliance" indicator.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import N3 from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import type { Quad } from '@rdfjs/types';
import { ROOT } from './project.js';

const RELEASES = join(ROOT, '..', 'shared', 'suites', 'dcat-ap', 'releases');
/** A file of the DCAT-AP 3.0.1 SHACL release, e.g. `shapes.ttl`. */
export const V3 = (file: string) => join(RELEASES, '3.0.1', 'html', 'shacl', file);
/** A file of the DCAT-AP 2.1.1 SHACL release, e.g. `shapes.ttl` for `dcat-ap_2.1.1_shacl_shapes.ttl`. */
export const V2 = (file: string) => join(RELEASES, '2.1.1', `dcat-ap_2.1.1_shacl_${file}`);

const SH = 'http://www.w3.org/ns/shacl#';

export interface Finding { severity: 'Violation' | 'Warning' | 'Info'; focus: string; path: string; message: string; component: string; value: string }

export const parseTurtle = async (file: string) => new N3.Parser({ format: 'text/turtle', baseIRI: `file://${file}` }).parse(await readFile(file, 'utf8'));

/** Validates `data` against the shapes in `files` (owl:imports are not followed: no background knowledge). */
export async function validate(files: readonly string[], data: readonly Quad[]): Promise<Finding[]> {
  const shapes = new N3.Store((await Promise.all(files.map(parseTurtle))).flat());
  const validator = new SHACLValidator(shapes, { importGraph: () => new N3.Store() });
  const report = await validator.validate(validator.factory.dataset([...data]));
  return report.results.map((r) => ({
    severity: (r.severity?.value.replace(SH, '') ?? 'Violation') as Finding['severity'],
    focus: r.focusNode?.value ?? '',
    path: r.path?.value ?? '',
    message: r.message.map((m) => m.value).join('; '),
    component: r.sourceConstraintComponent?.value.replace(SH, '') ?? '',
    value: r.value?.value ?? '',
  }));
}

export const show = (f: Finding) => `${f.severity} <${f.focus}> ${f.path ? `<${f.path}> ` : ''}${f.component}${f.value ? ` value ${f.value}` : ''}: ${f.message}`;
export const ofSeverity = (findings: readonly Finding[], severity: Finding['severity']) => findings.filter((f) => f.severity === severity);
