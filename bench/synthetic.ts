/**
 * A deterministic synthetic graph shaped like segraph's data: practices with their places,
 * organisations (with kinds), fundings through programmes (with `sg:partOfProgramme` and the
 * funds that finance them), amounts, results, target groups, themes and SDGs; NUTS 3 regions
 * with their urban–rural type; and the triples the build's inference rules would add
 * (ontology/rules: funding chain, NUTS regions of initiatives, inverses, sources), in the same
 * named graphs as a real snapshot. The same seed and size always give byte-identical N-Quads.
 *
 * @example
 *   const { text, counts } = syntheticNQuads({ seed: 1, practices: 100 });
 *   writeSynthetic(join(tmpdir(), 'g.nq'), { seed: 1, practices: practicesForTriples(1_000_000) });
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { createRng, type Rng } from './prng.js';
import { decimal, gYear, integer, iri, plain, quadWriter, text } from './nquads.js';
import {
  COUNTRIES, COUNTRY, DCT, FOAF, FUNDING_TYPES, FUNDS, GRAPHS, IDS, NUTS, ORG, ORGANISATION_KINDS, PERIODS, RDF,
  SCHEMA, SDG, SDGO, SG, SKOS, STATUSES, SYNTHETIC_SOURCE_GRAPH, TARGET_GROUPS, THEMES, UNITS, URBAN_RURAL,
  VALUE_QUALIFIERS,
} from './vocab.js';

export interface SyntheticOptions {
  readonly seed: number;
  /** Number of practices; everything else scales with it (see practicesForTriples). */
  readonly practices: number;
}

export interface SyntheticCounts {
  readonly quads: number;
  readonly practices: number;
  readonly organisations: number;
  readonly places: number;
  readonly nuts3: number;
  readonly programmes: number;
}

/** Average quads per practice, organisations, places and reference data included (measured). */
const QUADS_PER_PRACTICE = 67.4;

/** The practice count that gives about `triples` quads. */
export const practicesForTriples = (triples: number) => Math.max(30, Math.round(triples / QUADS_PER_PRACTICE));

/** The index of the practice whose triples the "one subject" query asks for. */
export const SAMPLE_PRACTICE = 42;
export const practiceIri = (i: number) => IDS.practice(`s${String(i).padStart(5, '0')}`);

const WORDS = ['community', 'green', 'social', 'rural', 'inclusive', 'local', 'shared', 'open', 'fair', 'circular',
  'youth', 'senior', 'craft', 'food', 'care', 'digital', 'mountain', 'coastal', 'river', 'village'] as const;
const NOUNS = ['kitchen', 'workshop', 'network', 'cooperative', 'school', 'market', 'garden', 'hub', 'centre', 'lab'] as const;

interface Programme { readonly iri: string; readonly chain: readonly string[]; readonly funds: readonly string[] }

/** Writes the graph statement by statement to `write`; returns what it wrote. */
export function generateSynthetic({ seed, practices }: SyntheticOptions, write: (line: string) => void): SyntheticCounts {
  const rng = createRng(seed);
  const w = quadWriter(write);
  const q = w.quad;
  const [R, S, C, I] = [GRAPHS.reference, SYNTHETIC_SOURCE_GRAPH, GRAPHS.curation, GRAPHS.inferred];
  const name = (r: Rng) => `${r.pick(WORDS)} ${r.pick(WORDS)} ${r.pick(NOUNS)}`;
  const label = (s: string, value: string) => q(s, SKOS.prefLabel, text(value, 'en'), R);

  // Reference data: concept schemes, SDGs, funds, countries.
  const concepts: Array<[readonly string[], (slug: string) => string, string]> = [
    [TARGET_GROUPS, IDS.targetGroup, SG('TargetGroup')], [THEMES, IDS.theme, SG('Theme')],
    [ORGANISATION_KINDS, IDS.organisationKind, SG('OrganisationKind')], [URBAN_RURAL, IDS.urbanRuralType, SG('UrbanRuralType')],
  ];
  for (const [slugs, ns, cls] of concepts) {
    for (const slug of slugs) { q(ns(slug), RDF.type, iri(cls), R); label(ns(slug), slug.replace(/-/g, ' ')); }
  }
  for (let n = 1; n <= 17; n++) { q(SDG(String(n)), RDF.type, iri(SDGO.Goal), R); label(SDG(String(n)), `Goal ${n}`); }
  for (const fund of FUNDS) { q(IDS.fund(fund), RDF.type, iri(SG.Fund), R); label(IDS.fund(fund), fund.toUpperCase()); }
  for (const [iso3] of COUNTRIES) { q(COUNTRY(iso3), RDF.type, iri(SG.Country), R); label(COUNTRY(iso3), iso3); }

  // NUTS 2 and 3 regions (four NUTS 3 per NUTS 2), each NUTS 3 with its type and a region place.
  const nuts3Count = Math.min(1200, Math.max(COUNTRIES.length, Math.round(practices / 10)));
  const regions: Array<{ country: number; nuts: string; place: string }> = [];
  const regionOf = new Map<string, (typeof regions)[number]>(); // place → its NUTS 3 region
  for (let i = 0; i < nuts3Count; i++) {
    const country = i % COUNTRIES.length;
    const [iso3, prefix] = COUNTRIES[country]!;
    const k = Math.floor(i / COUNTRIES.length);
    const code2 = prefix + Math.floor(k / 4).toString(36).toUpperCase().padStart(2, '0');
    const code3 = code2 + (k % 4).toString(36).toUpperCase();
    const regionFacts = (code: string, level: number) => {
      q(NUTS(code), RDF.type, iri(SG.NutsRegion), R);
      q(NUTS(code), SKOS.notation, plain(code), R);
      q(NUTS(code), SG('nutsLevel'), integer(level), R);
      q(NUTS(code), SG.country, iri(COUNTRY(iso3)), R);
    };
    if (k % 4 === 0) regionFacts(code2, 2);
    regionFacts(code3, 3);
    q(NUTS(code3), SKOS.broader, iri(NUTS(code2)), R);
    q(NUTS(code3), SG.urbanRuralType, iri(IDS.urbanRuralType(rng.weighted(URBAN_RURAL, [25, 40, 35]))), R);
    const place = IDS.place(`r-${code3.toLowerCase()}`);
    q(place, RDF.type, iri(SG.Region), S);
    q(place, SKOS.prefLabel, text(`${name(rng)} region`, 'en'), S);
    q(place, SG.country, iri(COUNTRY(iso3)), S);
    q(place, SG.nutsRegion, iri(NUTS(code3)), C);
    regions.push({ country, nuts: NUTS(code3), place });
    regionOf.set(place, regions[regions.length - 1]!);
  }

  // Programmes: per country a human-capital, a regional and a rural OP plus a recovery plan, each
  // with schemes `sg:partOfProgramme` it (some stating a fund, some nested once more); EU-wide ones.
  const programmes: Programme[][] = COUNTRIES.map(() => []);
  const euProgrammes: Programme[] = [];
  const programme = (slug: string, period: string, stated: readonly string[], parent: Programme | undefined, iso3?: string) => {
    const p = IDS.programme(slug);
    q(p, RDF.type, iri(SG.Programme), R);
    label(p, slug);
    q(p, SG('period'), iri(IDS.period(period)), R);
    if (iso3) q(p, SG.country, iri(COUNTRY(iso3)), R);
    for (const fund of stated) q(p, SG.fund, iri(IDS.fund(fund)), R);
    const chain = [p, ...(parent?.chain ?? [])];
    if (parent) q(p, SG('partOfProgramme'), iri(parent.iri), R);
    for (const ancestor of chain.slice(2)) q(p, SG('partOfProgramme'), iri(ancestor), I); // transitive closure
    return { iri: p, chain, funds: stated.length > 0 ? stated : (parent?.funds ?? []) };
  };
  COUNTRIES.forEach(([iso3], c) => {
    const period = rng.pick(PERIODS);
    const ops = [
      programme(`s-${iso3.toLowerCase()}-op-human-capital`, period, [period === '2021-2027' ? 'esf-plus' : 'esf'], undefined, iso3),
      programme(`s-${iso3.toLowerCase()}-op-regional`, period, rng.chance(0.5) ? ['erdf', 'esf'] : ['erdf', 'cohesion-fund'], undefined, iso3),
      programme(`s-${iso3.toLowerCase()}-rdp`, period, ['eafrd'], undefined, iso3),
      programme(`s-${iso3.toLowerCase()}-recovery-plan`, '2021-2027', ['rrf'], undefined, iso3),
    ];
    programmes[c]!.push(...ops);
    for (const op of ops.slice(0, 3)) {
      for (let s = rng.between(0, 3); s > 0; s--) {
        const stated = rng.chance(0.5) ? [rng.pick(op.funds)] : [];
        const scheme = programme(`${op.iri.split('/').pop()}-scheme-${s}`, period, stated, op);
        programmes[c]!.push(scheme);
        if (rng.chance(0.3)) programmes[c]!.push(programme(`${op.iri.split('/').pop()}-scheme-${s}-call`, period, [], scheme));
      }
    }
  });
  euProgrammes.push(programme('s-eu-easi', '2021-2027', ['esf-plus'], undefined), programme('s-eu-interreg', '2021-2027', ['erdf'], undefined),
    programme('s-eu-cosme', '2014-2020', [], undefined));

  // Municipalities, each in a NUTS 3 region (the first ones cover every country).
  const placeCount = Math.max(COUNTRIES.length, Math.round(practices * 0.6));
  const placesOf: string[][] = COUNTRIES.map(() => []);
  for (let i = 0; i < placeCount; i++) {
    const region = regions[i < COUNTRIES.length ? i : rng.int(regions.length)]!;
    const place = IDS.place(`s${i}`);
    q(place, RDF.type, iri(SG.Municipality), S);
    q(place, SKOS.prefLabel, text(`${name(rng)} town`, 'en'), S);
    q(place, SG.country, iri(COUNTRY(COUNTRIES[region.country]![0])), S);
    q(place, SCHEMA('containedInPlace'), iri(region.place), S);
    q(place, SG.nutsRegion, iri(region.nuts), C);
    placesOf[region.country]!.push(place);
    regionOf.set(place, region);
  }

  // Organisations, with a kind, a country and a seat.
  const orgsOf: string[][] = COUNTRIES.map(() => []);
  const allOrgs: string[] = [];
  for (let i = 0; i < practices; i++) {
    const c = rng.int(COUNTRIES.length);
    const o = IDS.organisation(`s${i}`);
    q(o, RDF.type, iri(ORG.Organization), S);
    q(o, SKOS.prefLabel, text(`${name(rng)} ${rng.pick(['association', 'cooperative', 'foundation', 'council'])}`, 'en'), S);
    q(o, ORG.classification, iri(IDS.organisationKind(rng.weighted(ORGANISATION_KINDS, [12, 6, 2, 6, 8, 8, 4, 8, 12, 12, 8, 6, 4]))), S);
    q(o, SG.country, iri(COUNTRY(COUNTRIES[c]![0])), S);
    q(o, SCHEMA('location'), iri(rng.pick(placesOf[c]!)), S);
    if (rng.chance(0.6)) q(o, FOAF.homepage, iri(`https://example.org/organisation/s${i}`), S);
    orgsOf[c]!.push(o);
    allOrgs.push(o);
  }
  const orgNear = (c: number, local: number) => (rng.chance(local) && orgsOf[c]!.length > 0 ? rng.pick(orgsOf[c]!) : rng.pick(allOrgs));

  const source = IDS.source('synthetic-report');
  q(source, RDF.type, iri(SG.SourceDocument), R);
  for (let i = 0; i < practices; i++) {
    const c = rng.int(COUNTRIES.length);
    const [iso3, , currency, lang] = COUNTRIES[c]!;
    const p = practiceIri(i);
    const places = rng.sample(placesOf[c]!, rng.between(1, 2));
    if (rng.chance(0.2)) places.push(regionOf.get(places[0]!)!.place);
    q(p, RDF.type, iri(SG.Practice), S);
    const title = name(rng);
    q(p, SKOS.prefLabel, text(title, 'en'), S);
    if (rng.chance(0.4)) q(p, SKOS.prefLabel, text(`${title} (${iso3})`, lang), S);
    q(p, DCT('abstract'), text(`A ${title} for ${rng.pick(TARGET_GROUPS).replace(/-/g, ' ')} in ${iso3}, started by local partners.`, 'en'), S);
    q(p, SCHEMA.startDate, gYear(rng.between(2005, 2023)), S);
    q(p, SG('status'), iri(IDS.status(rng.pick(STATUSES))), S);
    q(p, SG.country, iri(COUNTRY(iso3)), S);
    for (const place of places) q(p, SG.location, iri(place), S);
    const implementer = orgNear(c, 0.9);
    q(p, SG.implementedBy, iri(implementer), S);
    q(implementer, SG('implements'), iri(p), I);
    const partners = new Set<string>();
    for (let k = rng.between(0, 3); k > 0; k--) partners.add(orgNear(c, 0.6));
    for (const partner of partners) {
      q(p, SG('partner'), iri(partner), S);
      q(partner, SG('partnerIn'), iri(p), I);
    }
    for (const tg of rng.sample(TARGET_GROUPS, rng.between(1, 3))) q(p, SG('targetGroup'), iri(IDS.targetGroup(tg)), S);
    for (const th of rng.sample(THEMES, rng.between(1, 3))) q(p, SG('theme'), iri(IDS.theme(th)), S);
    for (const n of new Set(rng.sample([1, 1, 3, 4, 5, 8, 8, 8, 10, 11, 12, 13, 17], rng.between(1, 3)))) q(p, SG('sdg'), iri(SDG(String(n))), C);
    if (rng.chance(0.5)) q(p, FOAF.homepage, iri(`https://example.org/practice/s${i}`), S);
    const cite = `${p}#cite`;
    q(p, SG.citation, iri(cite), S);
    q(cite, RDF.type, iri(SG.Citation), S);
    q(cite, SG.document, iri(source), S);
    const page = rng.between(1, 400);
    q(cite, SCHEMA('pageStart'), integer(page), S);
    q(cite, SCHEMA('pageEnd'), integer(page + rng.between(0, 3)), S);
    q(p, DCT.source, iri(source), I);
    q(p, RDF.type, iri(SG.Initiative), I);
    for (const nuts of new Set(places.map((place) => regionOf.get(place)!.nuts))) {
      q(p, SG.nutsRegion, iri(nuts), I);
    }

    const viaProgrammes = new Set<string>();
    const viaFunds = new Set<string>();
    for (let k = 1, n = rng.between(1, 3); k <= n; k++) {
      const f = `${p}#funding-${k}`;
      q(p, SCHEMA.funding, iri(f), S);
      q(f, RDF.type, iri(SG.Funding), S);
      q(f, SG('fundingType'), iri(IDS.fundingType(rng.weighted(FUNDING_TYPES, [6, 1, 1, 1, 1]))), S);
      if (rng.chance(0.7)) {
        const prog = rng.chance(0.85) ? rng.pick(programmes[c]!) : rng.pick(euProgrammes);
        q(f, SG.programme, iri(prog.iri), S);
        for (const larger of prog.chain.slice(1)) q(f, SG.programme, iri(larger), I);
        for (const fund of prog.funds) q(f, SG.fund, iri(IDS.fund(fund)), I);
        prog.chain.forEach((x) => viaProgrammes.add(x));
        prog.funds.forEach((x) => viaFunds.add(x));
      }
      if (rng.chance(0.3)) q(f, SCHEMA.funder, iri(orgNear(c, 0.8)), S);
      if (rng.chance(0.4)) q(f, SG('sharePercent'), decimal(rng.between(10, 100)), S);
      if (rng.chance(0.8)) {
        const a = `${f}-amount`;
        const local = currency !== 'EUR' && rng.chance(0.5);
        const eur = rng.between(1_000, 2_000_000);
        q(f, SCHEMA('amount'), iri(a), S);
        q(a, RDF.type, iri(SCHEMA('MonetaryAmount')), S);
        q(a, SCHEMA.value, decimal(local ? eur * 4 : eur), S);
        q(a, SCHEMA.currency, plain(local ? currency : 'EUR'), S);
        if (local) q(a, SG('valueInEUR'), decimal(eur), C);
      }
    }
    for (const x of viaProgrammes) q(p, SG.programme, iri(x), I);
    for (const x of viaFunds) q(p, SG.fund, iri(IDS.fund(x)), I);

    for (let k = 1, n = rng.between(1, 3); k <= n; k++) {
      const r = `${p}#result-${k}`;
      q(p, SG('result'), iri(r), S);
      q(r, RDF.type, iri(SG.Result), S);
      q(r, SCHEMA.value, integer(rng.between(1, 5000)), S);
      q(r, SCHEMA('unitCode'), iri(IDS.unit(rng.pick(UNITS))), S);
      if (rng.chance(0.25)) q(r, SG('valueQualifier'), iri(IDS.valueQualifier(rng.pick(VALUE_QUALIFIERS))), S);
    }
  }
  const programmeCount = programmes.reduce((n, list) => n + list.length, euProgrammes.length);
  return { quads: w.count, practices, organisations: practices, places: placeCount, nuts3: nuts3Count, programmes: programmeCount };
}

/** The whole graph as one string (for tests and small sizes). */
export function syntheticNQuads(options: SyntheticOptions): { text: string; counts: SyntheticCounts } {
  const lines: string[] = [];
  const counts = generateSynthetic(options, (line) => lines.push(line));
  return { text: lines.join(''), counts };
}

/** What writeSynthetic wrote: the counts, the size, the SHA-256 of the bytes and the quads per named graph. */
export type WrittenSynthetic = SyntheticCounts & {
  readonly bytes: number;
  readonly sha256: string;
  /** Quads per named graph (what a snapshot's manifest says; `segraph publish` needs it). */
  readonly graphs: Record<string, number>;
};

/** Writes the graph to `path` as N-Quads; returns what it wrote. */
export function writeSynthetic(path: string, options: SyntheticOptions): WrittenSynthetic {
  const fd = openSync(path, 'w');
  const hash = createHash('sha256');
  const graphs: Record<string, number> = {};
  let buffer: string[] = [];
  let bytes = 0;
  const flush = () => {
    const chunk = Buffer.from(buffer.join(''), 'utf8');
    writeSync(fd, chunk);
    hash.update(chunk);
    bytes += chunk.length;
    buffer = [];
  };
  try {
    const counts = generateSynthetic(options, (line) => {
      // Every line ends `<graph> .\n` (nquads.ts).
      const graph = line.slice(line.lastIndexOf('<') + 1, line.lastIndexOf('>'));
      graphs[graph] = (graphs[graph] ?? 0) + 1;
      buffer.push(line);
      if (buffer.length >= 20_000) flush();
    });
    flush();
    return { ...counts, bytes, sha256: hash.digest('hex'), graphs };
  } finally {
    closeSync(fd);
  }
}
