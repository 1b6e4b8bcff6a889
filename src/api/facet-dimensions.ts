/**
 * The facet dimensions of the practices: their names (the parameters of /api/facets and
 * /practices), titles, and the namespace their values may be given in by local name.
 */
import { ID, EU_COUNTRY, NUTS_CODE, UN_SDG } from '../vocab/namespace.js';

/** A facet dimension; its graph pattern (from ?practice to ?value) is in queries/internal/facets.rq. */
export interface FacetDimension {
  readonly name: string;
  readonly title: string;
  /** Values may be given by their local name in this namespace. */
  readonly namespace: string;
}

export const DIMENSIONS: readonly FacetDimension[] = [
  { name: 'country', title: 'Country', namespace: EU_COUNTRY.iri },
  { name: 'region', title: 'Region (NUTS 2021)', namespace: NUTS_CODE.iri },
  { name: 'fund', title: 'EU fund (directly or through a programme)', namespace: ID('fund/') },
  { name: 'programme', title: 'Programme', namespace: ID('programme/') },
  { name: 'sdg', title: 'Sustainable Development Goal', namespace: UN_SDG.iri },
  { name: 'theme', title: 'Theme', namespace: ID('theme/') },
  { name: 'typology', title: 'Urban–rural type of the NUTS 3 region', namespace: ID('urban-rural-type/') },
  { name: 'degurba', title: 'Degree of urbanisation of the municipality (DEGURBA)', namespace: ID('degree-of-urbanisation/') },
  { name: 'targetGroup', title: 'Target group', namespace: ID('target-group/') },
  { name: 'organisationKind', title: 'Kind of implementing organisation', namespace: ID('organisation-kind/') },
];

export const shortOf = (dimension: FacetDimension, iri: string) => (iri.startsWith(dimension.namespace) ? iri.slice(dimension.namespace.length) : iri);
