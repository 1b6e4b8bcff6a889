/**
 * The named graphs of the dataset: each says who states the facts in it
 * (docs/authoring.md, "Files and graphs").
 */
import { DEFAULT_BASE } from './namespace.js';

/** The namespace of our named graphs. */
export const GRAPH_BASE = `${DEFAULT_BASE}graph/`;

const G = (name: string) => `${GRAPH_BASE}${name}`;

export const GRAPHS = {
  seconReport: G('secon-report'),
  seconNewsletter2: G('secon-newsletter-2'),
  eserPresentation: G('eser-presentation'),
  eserImpactAcademy: G('eser-impact-academy'),
  webinar2020: G('webinar-2020'),
  reference: G('reference'),
  curation: G('curation'),
  provenance: G('provenance'),
  ontology: G('ontology'),
  shapes: G('shapes'),
  inferred: G('inferred'),
} as const;

/** Graphs an authored data file may write into; `ontology` and `inferred` are written by the build. */
export const AUTHORED_GRAPHS: ReadonlySet<string> = new Set([
  GRAPHS.seconReport, GRAPHS.seconNewsletter2, GRAPHS.eserPresentation, GRAPHS.eserImpactAcademy,
  GRAPHS.webinar2020, GRAPHS.reference, GRAPHS.curation, GRAPHS.provenance,
]);
