/**
 * GET /catalog: the catalogue (built by ./catalog.ts from what ./catalog-facts.ts reads of the
 * data), in the DCAT-AP version `?profile=` names, negotiated like the other RDF documents.
 */
import { Router, type Request, type Response } from 'express';
import { ParameterError } from '../api/parameters.js';
import type { Engine } from '../query/engine.js';
import { mintedUnder } from '../vocab/namespace.js';
import { single } from './api-request.js';
import { CATALOG_PROFILES, catalogQuads, vocabularyEntries, type CatalogProfile, type SnapshotInfo } from './catalog.js';
import { catalogFacts, type CatalogFacts } from './catalog-facts.js';
import { modifiedOf } from './catalog-releases.js';
import type { Release } from '../graph/release.js';
import type { DatasetInfo } from './describe.js';
import { methodNotAllowed } from './errors.js';
import { sendRdf } from './respond.js';
import type { SiteConfig } from './site-config.js';

export interface CatalogDeps {
  readonly engine: Engine;
  readonly site: SiteConfig;
  readonly dataset: DatasetInfo;
  readonly snapshot?: SnapshotInfo;
  /** The releases, versions of the dataset (when a snapshot of the seed is served). */
  readonly releases?: readonly Release[];
}

/** `?profile=` (default DCAT-AP 3.0.1); anything else is a 400 listing the profiles. */
function profileOf(req: Request): CatalogProfile {
  const name = single(req, 'profile') ?? 'dcat-ap-3.0.1';
  if (!Object.hasOwn(CATALOG_PROFILES, name)) {
    throw new ParameterError('profile', `unknown profile '${name}'`, { value: name, allowed: Object.keys(CATALOG_PROFILES) });
  }
  return name as CatalogProfile;
}

/** GET /catalog. */
export function catalogRouter(deps: CatalogDeps): Router {
  const router = Router();
  const { engine, site } = deps;
  const endpoint = `${site.publicUrl}sparql`;
  const minted = mintedUnder(site.base);
  const datasetIri = deps.dataset.iri ?? (deps.snapshot ? minted.dataset : `${minted.catalog}#dataset`);
  let facts: Promise<CatalogFacts> | undefined;
  const factsFor = (baseIri: string) => {
    if (!facts) {
      facts = catalogFacts(engine, baseIri, datasetIri);
      facts.catch(() => {
        facts = undefined; // try again on the next request
      });
    }
    return facts;
  };
  const manifest = deps.snapshot?.manifest;
  const releases = manifest ? deps.releases ?? [] : [];
  // The catalogue changes when the data does (its dct:modified) or a release is made, not on a rebuild.
  const changed = [modifiedOf(manifest, releases)?.value ?? '', ...releases.map((r) => `${r.record.version} ${r.record.date} ${r.record.graph.sha256}`)].join('\n');
  router.route('/catalog')
    .get(async (req: Request, res: Response) => {
      const profile = profileOf(req);
      const [known, vocabulary] = await Promise.all([factsFor(endpoint), vocabularyEntries()]);
      res.append('Link', `<${CATALOG_PROFILES[profile]}>; rel="profile"`);
      await sendRdf(req, res, {
        version: engine.version,
        etagParts: ['catalog', changed, profile],
        quads: () => catalogQuads({
          site, dataset: deps.dataset, datasetIri, version: engine.version, facts: known, entries: vocabulary, profile, releases,
          ...(manifest ? { manifest } : {}),
        }),
      });
    })
    .all(methodNotAllowed(['GET', 'HEAD']));
  return router;
}
