/**
 * Typed RDF namespaces: the only place in `src/` where IRI strings are written.
 *
 * A vocabulary's namespace is closed: it lists the terms we use, and a term is named as a typed
 * property (`SG.Practice`), so a typo is a type error and test/vocab/namespace.test.ts checks that
 * every listed term exists (in ontology/segraph.ttl, a shipped `@vocabulary/*` package,
 * catalog/eu-vocabulary-entries.ttl or vocabularies/supplement.ttl). Only open-ended namespaces
 * (things we mint, EU authority tables, NUTS, UN SDG, IANA media types) can also be called with a
 * local name.
 *
 * @example
 *   SG.Practice           // 'https://w3id.org/segraph/ontology#Practice'
 *   ID('practice/doeners-be') // 'https://w3id.org/segraph/id/practice/doeners-be' (open)
 */

/** A closed namespace: its declared terms as properties, its IRI, and the list of its terms. */
export type Namespace<T extends string> = { readonly [K in T]: string } & {
  readonly iri: string;
  readonly terms: readonly T[];
};

/** An open-ended namespace: call it with a local name, or read a declared term as a property. */
export type OpenNamespace<T extends string> = ((local: string) => string) & Namespace<T>;

function define<N extends object>(target: N, iri: string, terms: readonly string[]): void {
  for (const term of terms) Object.defineProperty(target, term, { value: iri + term, enumerable: true });
  Object.defineProperty(target, 'iri', { value: iri });
  Object.defineProperty(target, 'terms', { value: Object.freeze([...terms]) });
}

/** A vocabulary's namespace with the terms we use (typos in code become type errors). */
export function namespace<T extends string>(iri: string, terms: readonly T[]): Namespace<T> {
  const ns = {} as Namespace<T>;
  define(ns, iri, terms);
  return Object.freeze(ns);
}

/** An open-ended namespace (any local name names something), with the terms we name often. */
export function openNamespace<T extends string = never>(iri: string, terms: readonly T[] = []): OpenNamespace<T> {
  const fn = ((local: string) => iri + local) as OpenNamespace<T>;
  define(fn, iri, terms);
  return fn;
}

export const RDF = namespace('http://www.w3.org/1999/02/22-rdf-syntax-ns#', [
  'type', 'langString', 'Property', 'Statement', 'subject', 'predicate', 'object',
] as const);
export const RDFS = namespace('http://www.w3.org/2000/01/rdf-schema#', [
  'label', 'comment', 'subClassOf', 'subPropertyOf', 'domain', 'range', 'Class', 'Resource', 'isDefinedBy',
] as const);
export const OWL = namespace('http://www.w3.org/2002/07/owl#', [
  'Class', 'ObjectProperty', 'DatatypeProperty', 'AnnotationProperty', 'TransitiveProperty', 'Ontology',
  'inverseOf', 'sameAs', 'equivalentClass', 'equivalentProperty', 'versionInfo',
] as const);
export const XSD = namespace('http://www.w3.org/2001/XMLSchema#', [
  'string', 'integer', 'decimal', 'double', 'date', 'gYear', 'gYearMonth', 'dateTime', 'boolean', 'duration',
  'float', 'hexBinary', 'int', 'long', 'negativeInteger', 'nonNegativeInteger', 'nonPositiveInteger',
  'positiveInteger', 'short', 'unsignedInt',
] as const);
export const SKOS = namespace('http://www.w3.org/2004/02/skos/core#', [
  'Concept', 'ConceptScheme', 'prefLabel', 'altLabel', 'notation', 'broader', 'broaderTransitive',
  'inScheme', 'definition', 'hiddenLabel', 'broadMatch', 'closeMatch', 'exactMatch', 'narrowMatch',
  'relatedMatch',
] as const);
export const SH = namespace('http://www.w3.org/ns/shacl#', [
  'NodeShape', 'PropertyShape', 'path', 'targetClass', 'Violation', 'Warning', 'Info',
] as const);
export const DCT = namespace('http://purl.org/dc/terms/', [
  'source', 'title', 'description', 'license', 'modified', 'publisher', 'hasVersion', 'identifier',
  'abstract', 'issued', 'Frequency', 'LicenseDocument', 'LinguisticSystem', 'Location', 'MediaType',
  'MediaTypeOrExtent', 'PeriodOfTime', 'RightsStatement', 'Standard', 'accessRights', 'accrualPeriodicity',
  'conformsTo', 'format', 'isPartOf', 'language', 'rights', 'spatial', 'temporal', 'type',
  'alternative', 'date', 'isVersionOf', 'hasPart',
] as const);
export const SCHEMA = namespace('http://schema.org/', [
  'funding', 'funder', 'value', 'currency', 'startDate', 'description', 'Grant', 'MonetaryAmount',
  'QuantitativeValue', 'amount', 'endDate', 'fundedItem', 'location', 'pageEnd', 'pageStart', 'unitCode',
  'unitText', 'minValue', 'maxValue', 'validFrom', 'url', 'containedInPlace', 'numberOfPages',
] as const);
export const ORG = namespace('http://www.w3.org/ns/org#', ['Organization', 'classification'] as const);
export const PROV = namespace('http://www.w3.org/ns/prov#', [
  'wasDerivedFrom', 'Entity', 'Activity', 'wasAssociatedWith',
] as const);
export const FOAF = namespace('http://xmlns.com/foaf/0.1/', [
  'homepage', 'page', 'name', 'Agent', 'Document', 'primaryTopic',
] as const);
/** SPARQL 1.1 Service Description. */
export const SD = namespace('http://www.w3.org/ns/sparql-service-description#', [
  'Service', 'Dataset', 'Graph', 'NamedGraph', 'endpoint', 'supportedLanguage', 'SPARQL11Query', 'resultFormat',
  'feature', 'UnionDefaultGraph', 'defaultDataset', 'defaultGraph', 'namedGraph', 'name', 'graph',
  'defaultEntailmentRegime', 'EmptyGraphs',
] as const);
/** VoID, the Vocabulary of Interlinked Datasets. */
export const VOID = namespace('http://rdfs.org/ns/void#', [
  'Dataset', 'DatasetDescription', 'triples', 'entities', 'classes', 'properties', 'distinctSubjects',
  'distinctObjects', 'classPartition', 'propertyPartition', 'class', 'property', 'sparqlEndpoint',
  'vocabulary', 'exampleResource', 'uriSpace', 'subset', 'rootResource', 'feature', 'Linkset', 'dataDump',
  'linkPredicate', 'objectsTarget', 'subjectsTarget',
] as const);
/** W3C unique identifiers for file formats (https://www.w3.org/ns/formats/). */
export const FORMATS = openNamespace('http://www.w3.org/ns/formats/', [] as const);
/** The XML namespace of the SPARQL Query Results XML Format. */
export const SPARQL_RESULTS_XML_NS = 'http://www.w3.org/2005/sparql-results#';
/** W3C entailment regimes. */
export const ENTAILMENT = namespace('http://www.w3.org/ns/entailment/', ['Simple'] as const);

/** The default base under which segraph mints IRIs (see the architecture brief, "Stable contracts"). */
export const DEFAULT_BASE = 'https://w3id.org/segraph/';

/** The segraph ontology namespace. */
export const SG = namespace(`${DEFAULT_BASE}ontology#`, [
  'Initiative', 'Practice', 'Place', 'Municipality', 'Region', 'Country', 'NutsRegion', 'Funding', 'Fund',
  'Programme', 'Result', 'SourceDocument', 'Citation', 'citation', 'document', 'fund', 'programme',
  'nutsRegion', 'urbanRuralType', 'location', 'country', 'implementedBy', 'TargetGroup', 'Theme',
  'resultsDescription', 'transferPotential', 'resourcesDescription', 'beneficiariesDescription',
  'challenges', 'innovation', 'budget', 'geographicScope', 'leadPartner', 'partOfProgramme', 'partner',
  'result', 'sdg', 'staff', 'stakeholder', 'status', 'targetGroup', 'theme',
  'valueInEUR', 'exchangeRate', 'rate', 'sourceCurrency', 'sharePercent', 'fundingType', 'temporalNote', 'video',
  'asOf', 'resultKind', 'uncertainty', 'valueQualifier', 'perPeriod', 'monitoredBy', 'transferredTo', 'nutsLevel',
  'sourceLine', 'reserve', 'degreeOfUrbanisation', 'DegreeOfUrbanisation', 'lauCode', 'identifiedPractice', 'FundingType',
  'OrganisationKind', 'Unit', 'Status', 'ResultKind', 'GeographicScope', 'ValueQualifier',
] as const);

/** Things we mint: `{base}id/{type}/{slug}`. */
export const ID = openNamespace(`${DEFAULT_BASE}id/`, [] as const);

/** Our ontology document IRI (the owl:Ontology). */
export const ONTOLOGY_IRI = `${DEFAULT_BASE}ontology`;

/**
 * What segraph mints under a base IRI (DEFAULT_BASE unless `serve --base` says otherwise): things,
 * named graphs, the dataset and its publisher, and the DCAT-AP catalogue that describes them.
 *
 * @example
 *   mintedUnder('https://w3id.org/segraph/').dataset // 'https://w3id.org/segraph/id/dataset/segraph'
 */
export function mintedUnder(base: string) {
  return {
    /** Things: `{base}id/{type}/{slug}`. */
    id: `${base}id/`,
    /** Named graphs: `{base}graph/{name}`. */
    graph: `${base}graph/`,
    /** The dataset as a whole (VoID, DCAT-AP). */
    dataset: `${base}id/dataset/segraph`,
    /** Who publishes the dataset and the catalogue: the segraph project (DCAT-AP dct:publisher). */
    publisher: `${base}id/agent/segraph`,
    /** The DCAT-AP catalogue, and the document describing it (its parts are `{catalog}#…`). */
    catalog: `${base}catalog`,
  } as const;
}

/** The dataset as a whole (VoID, and DCAT-AP), under the default base. */
export const DATASET_IRI = mintedUnder(DEFAULT_BASE).dataset;

/**
 * DCAT 3 (https://www.w3.org/TR/vocab-dcat-3/): catalogues, datasets, distributions, data services.
 * `version` is DCAT 3's; the shipped @vocabulary/dcat is DCAT 2, so vocabularies/supplement.ttl cites it.
 */
export const DCAT = namespace('http://www.w3.org/ns/dcat#', [
  'Catalog', 'Dataset', 'Distribution', 'DataService', 'dataset', 'service', 'distribution', 'themeTaxonomy',
  'theme', 'keyword', 'contactPoint', 'landingPage', 'accessURL', 'downloadURL', 'mediaType', 'compressFormat',
  'byteSize', 'endpointURL', 'endpointDescription', 'servesDataset', 'startDate', 'endDate', 'version',
  'hasVersion', 'hasCurrentVersion', 'previousVersion', 'isVersionOf',
] as const);
/** vCard, for DCAT contact points. */
export const VCARD = namespace('http://www.w3.org/2006/vcard/ns#', ['Kind', 'Organization', 'fn', 'hasURL'] as const);
/** ADMS (Asset Description Metadata Schema). */
export const ADMS = namespace('http://www.w3.org/ns/adms#', ['versionNotes'] as const);
/** ADMS publisher types (the table DCAT-AP asks for in an agent's dct:type). */
export const ADMS_PUBLISHER_TYPE = namespace('http://purl.org/adms/publishertype/', ['NonProfitOrganisation'] as const);
/** ADMS licence types (dct:type of a dct:LicenseDocument). */
export const ADMS_LICENCE_TYPE = namespace('http://purl.org/adms/licencetype/', ['Attribution'] as const);
/** DCAT-AP's own namespace. */
export const DCATAP = namespace('http://data.europa.eu/r5r/', ['availability'] as const);
/** SPDX terms, for distribution checksums. */
export const SPDX = namespace('http://spdx.org/rdf/terms#', [
  'Checksum', 'ChecksumAlgorithm', 'checksum', 'algorithm', 'checksumValue', 'checksumAlgorithm_sha256', 'checksumAlgorithm_sha1',
] as const);
/** IANA media types as IRIs (DCAT-AP's dcat:mediaType and dcat:compressFormat). */
export const IANA_MEDIA_TYPE = openNamespace('https://www.iana.org/assignments/media-types/', [] as const);

/** EU Publications Office authority tables (EU Vocabularies); a table's IRI is the base plus its name. */
export const EU_AUTHORITY = openNamespace('http://publications.europa.eu/resource/authority/', [
  'country', 'language', 'licence', 'frequency', 'data-theme', 'file-type', 'planned-availability', 'corporate-body',
  'access-right',
] as const);
export const EU_COUNTRY = openNamespace(`${EU_AUTHORITY.iri}country/`, [] as const);
export const EU_LANGUAGE = namespace(`${EU_AUTHORITY.iri}language/`, ['ENG'] as const);
export const EU_LICENCE = namespace(`${EU_AUTHORITY.iri}licence/`, ['CC_BY_4_0'] as const);
export const EU_FREQUENCY = namespace(`${EU_AUTHORITY.iri}frequency/`, ['IRREG'] as const);
export const EU_DATA_THEME = namespace(`${EU_AUTHORITY.iri}data-theme/`, ['SOCI', 'ECON', 'REGI'] as const);
/** Access rights (DCAT-AP's dct:accessRights of a dataset): PUBLIC, RESTRICTED or NON_PUBLIC. */
export const EU_ACCESS_RIGHT = namespace(`${EU_AUTHORITY.iri}access-right/`, ['PUBLIC'] as const);
export const EU_PLANNED_AVAILABILITY = namespace(`${EU_AUTHORITY.iri}planned-availability/`, ['AVAILABLE'] as const);
export const EU_FILE_TYPE = namespace(`${EU_AUTHORITY.iri}file-type/`, [
  'RDF_TURTLE', 'RDF_N_TRIPLES', 'RDF_N_QUADS', 'RDF_TRIG', 'JSON_LD', 'RDF_XML',
] as const);
/** The UN's SDG identifiers (Goals `…/sdg/8`, targets `…/sdg/8.3`). */
export const UN_SDG = openNamespace('http://metadata.un.org/sdg/', [] as const);
/** The UN's SDG ontology (the class of the Goals). */
export const SDGO = namespace('http://metadata.un.org/sdg/ontology#', ['Goal'] as const);

/** NUTS regions as linked data (http://data.europa.eu/nuts/code/{NUTS_ID}). */
export const NUTS_CODE = openNamespace('http://data.europa.eu/nuts/code/', [] as const);

/** The W3C Recommendation a SPARQL endpoint conforms to (dct:conformsTo of our data service). */
export const SPARQL11_PROTOCOL = 'https://www.w3.org/TR/sparql11-protocol/';

/** Who publishes the dataset and the catalogue: the segraph project (DCAT-AP dct:publisher), under the default base. */
export const PUBLISHER_IRI = mintedUnder(DEFAULT_BASE).publisher;

/** The JSON-LD context document (ontology/context.jsonld), published at this IRI. */
export const CONTEXT_IRI = `${DEFAULT_BASE}ontology/context.jsonld`;
