/**
 * The terms the benchmark needs beyond `src/vocab`: the only bench file that writes IRI
 * strings or slugs. The synthetic graph reuses the seed graph's slugs (funds, urban–rural
 * types, target groups, organisation kinds…), so one query text runs on both graphs.
 */
import * as V from '../src/vocab/namespace.js';
import { DEFAULT_BASE, ID, openNamespace, type Namespace } from '../src/vocab/namespace.js';
import { GRAPHS, GRAPH_BASE } from '../src/vocab/graphs.js';

export { GRAPHS };

/**
 * The benchmark's synthetic graph names terms of these vocabularies by local name (`SG('budget')`),
 * so here they are open: src/ names only the terms each namespace declares.
 */
const open = <T extends string>(ns: Namespace<T>) => openNamespace(ns.iri, ns.terms);
export const DCT = open(V.DCT);
export const FOAF = open(V.FOAF);
export const ORG = open(V.ORG);
export const PROV = open(V.PROV);
export const RDF = open(V.RDF);
export const SCHEMA = open(V.SCHEMA);
export const SG = open(V.SG);
export const SKOS = open(V.SKOS);
export const XSD = open(V.XSD);

const id = (type: string) => openNamespace(ID(`${type}/`));

/** Things we mint, by type (`{base}id/{type}/{slug}`). */
export const IDS = {
  practice: id('practice'),
  organisation: id('organisation'),
  place: id('place'),
  programme: id('programme'),
  fund: id('fund'),
  source: id('source'),
  period: id('period'),
  targetGroup: id('target-group'),
  theme: id('theme'),
  organisationKind: id('organisation-kind'),
  urbanRuralType: id('urban-rural-type'),
  status: id('status'),
  fundingType: id('funding-type'),
  unit: id('unit'),
  valueQualifier: id('value-qualifier'),
} as const;

export const NUTS = V.NUTS_CODE;
export const COUNTRY = V.EU_COUNTRY;
export const SDG = V.UN_SDG;
export const SDGO = V.SDGO;

/** The named graph that plays the part of a source document's graph in the synthetic data. */
export const SYNTHETIC_SOURCE_GRAPH = `${GRAPH_BASE}synthetic-source`;
/** The named graph the benchmark loads a file into when the server wants one. */
export const BENCH_GRAPH = `${GRAPH_BASE}bench`;

/** The 27 EU member states: ISO 3166 alpha-3 (EU authority table) and the NUTS prefix. */
export const COUNTRIES: ReadonlyArray<readonly [iso3: string, nuts: string, currency: string, lang: string]> = [
  ['AUT', 'AT', 'EUR', 'de'], ['BEL', 'BE', 'EUR', 'nl'], ['BGR', 'BG', 'BGN', 'bg'], ['HRV', 'HR', 'EUR', 'hr'],
  ['CYP', 'CY', 'EUR', 'el'], ['CZE', 'CZ', 'CZK', 'cs'], ['DNK', 'DK', 'DKK', 'da'], ['EST', 'EE', 'EUR', 'et'],
  ['FIN', 'FI', 'EUR', 'fi'], ['FRA', 'FR', 'EUR', 'fr'], ['DEU', 'DE', 'EUR', 'de'], ['GRC', 'EL', 'EUR', 'el'],
  ['HUN', 'HU', 'HUF', 'hu'], ['IRL', 'IE', 'EUR', 'ga'], ['ITA', 'IT', 'EUR', 'it'], ['LVA', 'LV', 'EUR', 'lv'],
  ['LTU', 'LT', 'EUR', 'lt'], ['LUX', 'LU', 'EUR', 'fr'], ['MLT', 'MT', 'EUR', 'mt'], ['NLD', 'NL', 'EUR', 'nl'],
  ['POL', 'PL', 'PLN', 'pl'], ['PRT', 'PT', 'EUR', 'pt'], ['ROU', 'RO', 'RON', 'ro'], ['SVK', 'SK', 'EUR', 'sk'],
  ['SVN', 'SI', 'EUR', 'sl'], ['ESP', 'ES', 'EUR', 'es'], ['SWE', 'SE', 'SEK', 'sv'],
];

/** Slugs of the seed graph's concept schemes and reference data (data/schemes, data/programmes). */
export const FUNDS = ['esf', 'esf-plus', 'erdf', 'cohesion-fund', 'yei', 'eafrd', 'rrf', 'ipa-ii'] as const;
export const URBAN_RURAL = ['predominantly-urban', 'intermediate', 'predominantly-rural'] as const;
export const TARGET_GROUPS = [
  'people-with-disabilities', 'young-people', 'older-people', 'unemployed-people', 'long-term-unemployed',
  'people-at-risk-of-social-exclusion', 'migrants-and-refugees', 'homeless-people', 'women', 'rural-residents',
  'local-communities', 'social-enterprises', 'small-producers', 'children', 'local-governments',
] as const;
export const ORGANISATION_KINDS = [
  'local-authority', 'regional-authority', 'national-authority', 'public-body', 'cooperative', 'social-cooperative',
  'agricultural-cooperative', 'social-enterprise', 'ngo', 'association', 'foundation', 'company', 'network',
] as const;
export const THEMES = [
  'work-integration', 'employment', 'social-inclusion', 'social-entrepreneurship', 'training-and-education',
  'circular-economy', 'sustainable-agriculture', 'local-food', 'community-development', 'rural-development',
  'care-services', 'elderly-care', 'tourism', 'digitalisation', 'social-innovation',
] as const;
export const STATUSES = ['ongoing', 'completed', 'recurring', 'permanent'] as const;
export const FUNDING_TYPES = ['grant', 'national-co-financing', 'own-resources', 'public-contract', 'earned-income'] as const;
export const UNITS = ['person', 'project', 'organisation', 'member', 'course', 'event', 'euro', 'hour'] as const;
export const VALUE_QUALIFIERS = ['approximately', 'more-than', 'at-least', 'up-to'] as const;
export const PERIODS = ['2007-2013', '2014-2020', '2021-2027'] as const;

/** PREFIX declarations for the benchmark queries. */
export const PREFIXES = `PREFIX sg: <${SG.iri}>
PREFIX skos: <${SKOS.iri}>
PREFIX schema: <${SCHEMA.iri}>
PREFIX org: <${ORG.iri}>
PREFIX xsd: <${XSD.iri}>
PREFIX practice: <${IDS.practice.iri}>
PREFIX fund: <${IDS.fund.iri}>
PREFIX urt: <${IDS.urbanRuralType.iri}>
PREFIX tg: <${IDS.targetGroup.iri}>
PREFIX okind: <${IDS.organisationKind.iri}>
`;

export { DEFAULT_BASE };
