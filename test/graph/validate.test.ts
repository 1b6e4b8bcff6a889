import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/graph/problem.js';
import { validateProject } from '../../src/graph/validate.js';
import { copyProject, lineOf, ROOT, type ProjectCopy } from '../helpers/project.js';

const PRACTICE = 'data/practices/doeners-be.trig';
const PRACTICE_IRI = 'https://w3id.org/segraph/id/practice/doeners-be';

describe('segraph validate', () => {
  it('accepts the seed graph with no errors', async () => {
    const report = await validateProject(ROOT);
    const errors = report.problems.filter((p) => p.severity === 'error').map(formatProblem);
    expect(errors).toEqual([]);
    expect(report.graph.files.filter((f) => f.path.startsWith('data/practices/'))).toHaveLength(18);
  });

  describe('on a broken copy', () => {
    let project: ProjectCopy;
    beforeEach(async () => {
      project = await copyProject();
    });
    afterEach(async () => {
      await project.remove();
    });

    it('names the file, line and column of a broken Turtle line', async () => {
      const text = await project.read(PRACTICE);
      const line = lineOf(text, 'sg:geographicScope scope:regional ;');
      await project.edit(PRACTICE, 'sg:geographicScope scope:regional ;', 'sg:geographicScope scope:regional scope:national ;');
      const report = await validateProject(project.root);
      const syntax = report.problems.filter((p) => p.code === 'syntax');
      expect(syntax).toHaveLength(1);
      expect(syntax[0]!.location).toMatchObject({ file: PRACTICE, line });
      expect(syntax[0]!.location?.column).toBeGreaterThan(0);
      expect(report.errors).toBeGreaterThan(0);
    });

    it('names the practice and the property when a required property is missing', async () => {
      await project.edit(PRACTICE, /\n\s*dct:abstract "[^"]*"@en ;/, '');
      const report = await validateProject(project.root);
      const missing = report.problems.filter((p) => p.code === 'shacl' && p.focus === PRACTICE_IRI);
      expect(missing).toHaveLength(1);
      expect(missing[0]!.message).toContain(`<${PRACTICE_IRI}> dct:abstract`);
      expect(missing[0]!.location?.file).toBe(PRACTICE);
      expect(formatProblem(missing[0]!)).toMatch(/^data\/practices\/doeners-be\.trig:\d+: /);
    });

    it('reports every problem at once, not just the first', async () => {
      await project.edit(PRACTICE, /\n\s*dct:abstract "[^"]*"@en ;/, '');
      await project.edit(PRACTICE, 'sg:status status:ongoing ;', '');
      const report = await validateProject(project.root);
      const messages = report.problems.filter((p) => p.focus === PRACTICE_IRI).map((p) => p.message);
      expect(messages.some((m) => m.includes('dct:abstract'))).toBe(true);
      expect(messages.some((m) => m.includes('sg:status'))).toBe(true);
    });

    it('flags a predicate no vocabulary defines', async () => {
      await project.edit(PRACTICE, 'schema:funder orgn:flemish-government ;', 'schema:fundr orgn:flemish-government ;');
      const report = await validateProject(project.root);
      const unknown = report.problems.filter((p) => p.code === 'unknown-term');
      expect(unknown.map((p) => p.message)).toEqual([expect.stringContaining('unknown predicate <http://schema.org/fundr>')]);
      expect(unknown[0]!.location?.file).toBe(PRACTICE);
    });

    it('flags a class our ontology does not define', async () => {
      await project.edit(PRACTICE, 'practice:doeners-be a sg:Practice ;', 'practice:doeners-be a sg:Practise ;');
      const report = await validateProject(project.root);
      expect(report.problems.some((p) => p.code === 'unknown-term' && p.message.includes('unknown class <https://w3id.org/segraph/ontology#Practise>'))).toBe(true);
    });

    it('flags a link to one of our IRIs that no file describes', async () => {
      await project.edit(PRACTICE, 'sg:location place:province-of-flemish-brabant ;', 'sg:location place:province-of-flemish-brabnat ;');
      const report = await validateProject(project.root);
      const dangling = report.problems.filter((p) => p.code === 'dangling-reference');
      expect(dangling).toHaveLength(1);
      expect(dangling[0]!.message).toBe(
        `<${PRACTICE_IRI}> refers to <https://w3id.org/segraph/id/place/province-of-flemish-brabnat>, which no data file describes`,
      );
      expect(dangling[0]!.location?.file).toBe(PRACTICE);
    });

    it('rejects money counted in a currency unit: a result is a count with a unit or an amount with a currency', async () => {
      const ALTUM = 'data/practices/altum-social-entrepreneurship-grants.trig';
      const focus = 'https://w3id.org/segraph/id/practice/altum-social-entrepreneurship-grants#result-total-grant-amount';
      const problems = async () => (await validateProject(project.root)).problems.filter((p) => p.code === 'shacl' && p.focus === focus);
      expect(await problems()).toEqual([]);
      await project.edit(ALTUM, 'schema:currency "EUR" ;\n    sg:resultKind', 'schema:currency "EUR" ;\n    schema:unitCode unit:euro ;\n    sg:resultKind');
      expect((await problems()).map((p) => p.message)).toEqual([expect.stringContaining('shapes#CountOrMoney')]);
      await project.edit(ALTUM, ':result-total-grant-amount a sg:Result, schema:MonetaryAmount ;', ':result-total-grant-amount a sg:Result ;');
      expect(await problems()).toEqual([]);
      await project.edit(ALTUM, 'schema:unitCode unit:euro ;\n', '');
      expect((await problems()).map((p) => p.message)).toEqual([expect.stringContaining('shapes#CountOrMoney')]);
    });

    it('refuses a funding or a result without a citation of its own', async () => {
      const ALTUM = 'data/practices/altum-social-entrepreneurship-grants.trig';
      const base = 'https://w3id.org/segraph/id/practice/altum-social-entrepreneurship-grants';
      const uncited = async () => (await validateProject(project.root)).problems
        .filter((p) => p.code === 'shacl' && p.message.includes('sg:citation of its own') && p.focus?.startsWith(base))
        .map((p) => [p.focus, p.severity]);
      expect(await uncited()).toEqual([]);
      await project.edit(ALTUM, ':funding-esf sg:citation :cite-funding .\n', '');
      await project.edit(ALTUM, ':result-legal-entities sg:citation :cite-legal-entities .\n', '');
      expect((await uncited()).sort()).toEqual([[`${base}#funding-esf`, 'error'], [`${base}#result-legal-entities`, 'error']]);
    });

    it('rejects facts outside a named graph', async () => {
      await project.write('data/practices/stray.trig', '@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n');
      const report = await validateProject(project.root);
      expect(report.problems).toContainEqual(expect.objectContaining({ code: 'default-graph', location: { file: 'data/practices/stray.trig' } }));
    });

    it('rejects a graph that is not ours to author', async () => {
      await project.write('data/practices/stray.trig', '@prefix ex: <http://example.org/> .\nGRAPH <https://w3id.org/segraph/graph/inferred> { ex:a ex:b ex:c . }\n');
      const report = await validateProject(project.root);
      expect(report.problems).toContainEqual(expect.objectContaining({ code: 'unknown-graph' }));
    });
  });
});
