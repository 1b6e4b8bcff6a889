/**
 * The outside datasets our data links to, for VoID linksets: the namespace their IRIs share,
 * and the IRI that stands for the dataset itself.
 */
export interface LinkTarget {
  readonly title: string;
  readonly namespace: string;
  readonly dataset: string;
}

export const LINK_TARGETS: readonly LinkTarget[] = [
  { title: 'NUTS 2021 (Eurostat, EU Vocabularies)', namespace: 'http://data.europa.eu/nuts/code/', dataset: 'http://data.europa.eu/nuts' },
  { title: 'EU Vocabularies: countries and territories', namespace: 'http://publications.europa.eu/resource/authority/country/', dataset: 'http://publications.europa.eu/resource/authority/country' },
  { title: 'EU Vocabularies: other authority tables', namespace: 'http://publications.europa.eu/resource/authority/', dataset: 'http://publications.europa.eu/resource/authority' },
  { title: 'UN SDG metadata (Goals and targets)', namespace: 'http://metadata.un.org/sdg/', dataset: 'http://metadata.un.org/sdg' },
  { title: 'Wikidata', namespace: 'http://www.wikidata.org/entity/', dataset: 'http://www.wikidata.org/' },
];
