/** `--engine` and `--endpoint` (and SEGRAPH_ENGINE, SEGRAPH_ENDPOINT) as serve reads them. */
import { afterEach, describe, expect, it } from 'vitest';
import { serveOptions } from '../../src/cli/serve-command.js';
import { ConfigError } from '../../src/cli/serve.js';

const options = (values: Record<string, string | string[] | boolean> = {}) => serveOptions({ root: '.', buildDir: 'build', values });

describe('serve --engine', () => {
  afterEach(() => {
    delete process.env.SEGRAPH_ENGINE;
    delete process.env.SEGRAPH_ENDPOINT;
  });

  it('is the embedded engine by default', () => {
    expect(options()).toMatchObject({ engine: 'embedded' });
    expect(options()).not.toHaveProperty('endpoint');
  });

  it('takes a store by flag or by environment, the flag winning', () => {
    expect(options({ engine: 'sparql', endpoint: 'http://127.0.0.1:8890/sparql' })).toMatchObject({ engine: 'sparql', endpoint: 'http://127.0.0.1:8890/sparql' });
    process.env.SEGRAPH_ENGINE = 'sparql';
    process.env.SEGRAPH_ENDPOINT = 'https://store.example/sparql';
    expect(options()).toMatchObject({ engine: 'sparql', endpoint: 'https://store.example/sparql' });
    expect(options({ endpoint: 'http://other.example/sparql' })).toMatchObject({ endpoint: 'http://other.example/sparql' });
    expect(options({ engine: 'embedded' })).toMatchObject({ engine: 'embedded' });
  });

  it.each([
    [{ engine: 'sparql' }, /needs --endpoint/],
    [{ engine: 'oracle' }, /'oracle' is not an engine/],
    [{ engine: 'sparql', endpoint: 'ftp://store.example/sparql' }, /not an http\(s\) URL/],
    [{ engine: 'sparql', endpoint: 'http://user:secret@store.example/sparql' }, /not an http\(s\) URL/],
    [{ endpoint: 'http://store.example/sparql' }, /--endpoint needs --engine sparql/],
    [{ engine: 'sparql', endpoint: 'http://store.example/sparql', workers: '3' }, /--workers makes no sense/],
    [{ engine: 'sparql', endpoint: 'http://store.example/sparql', 'max-workers': '3' }, /--max-workers makes no sense/],
    [{ engine: 'sparql', endpoint: 'http://store.example/sparql', load: ['x.ttl'] }, /--load makes no sense/],
    [{ engine: 'sparql', endpoint: 'http://store.example/sparql', 'no-seed': true }, /--no-seed makes no sense/],
  ])('refuses %o', (values, message) => {
    expect(() => options(values)).toThrow(ConfigError);
    expect(() => options(values)).toThrow(message);
  });
});
