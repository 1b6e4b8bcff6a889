"""
Queries the endpoint with SPARQLWrapper 1.8.5 as its users do, and reports what they get.

stdin: {"endpoint": URL, "cases": [{"id", "query", "format", "method", "accept"?, "onlyConneg"?}]}
  format: a SPARQLWrapper return format (json, xml, csv, tsv, turtle, n3, rdf+xml, json-ld)
  method: GET, POST (a form) or POSTDIRECTLY (the query as the body)
  accept: an Accept header to send instead of SPARQLWrapper's own
stdout: {"answers": {id: {"contentType", and "vars"+"rows" | "boolean" | "graph", or "error"}},
        "expectedGraphs": {name: the canonical lines of each Turtle graph given as "expectedGraphs"}}

What the user gets from QueryResult.convert() is read as a user would: the JSON dict, the DOM of
SPARQL XML (namespace-aware), CSV with Python's csv module, TSV and RDF with rdflib's parsers.
"""
import csv
import io
import warnings

import rdflib
from rdflib.plugins.sparql.results.tsvresults import TSVResultParser
from SPARQLWrapper import SPARQLWrapper, POST, POSTDIRECTLY, GET, URLENCODED

from interop_common import ask_cases, canonical, literal, run, term

SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"

# SPARQLWrapper warns when it sends Accept: */* (CONSTRUCT with returnFormat json); that is expected.
warnings.simplefilter("ignore", RuntimeWarning)


def from_json(results):
    if "boolean" in results:
        return {"boolean": results["boolean"]}
    rows = []
    for b in results["results"]["bindings"]:
        row = {}
        for var, value in b.items():
            kind = value["type"]
            if kind == "uri":
                row[var] = "<" + value["value"] + ">"
            elif kind == "bnode":
                row[var] = "_:"
            elif kind in ("literal", "typed-literal"):
                row[var] = literal(value["value"], value.get("xml:lang"), value.get("datatype"))
            else:
                raise ValueError(f"unknown binding type {kind!r}")
        rows.append(row)
    return {"vars": results["head"]["vars"], "rows": rows}


def text_of(element):
    return "".join(n.data for n in element.childNodes if n.nodeType in (n.TEXT_NODE, n.CDATA_SECTION_NODE))


def from_xml(doc):
    root = doc.documentElement
    if root.namespaceURI != SPARQL_RESULTS_NS or root.localName != "sparql":
        raise ValueError(f"root element is {{{root.namespaceURI}}}{root.localName}, not {{{SPARQL_RESULTS_NS}}}sparql")
    booleans = root.getElementsByTagNameNS(SPARQL_RESULTS_NS, "boolean")
    if booleans:
        return {"boolean": {"true": True, "false": False}[text_of(booleans[0]).strip()]}
    variables = [v.getAttribute("name") for v in root.getElementsByTagNameNS(SPARQL_RESULTS_NS, "variable")]
    rows = []
    for result in root.getElementsByTagNameNS(SPARQL_RESULTS_NS, "result"):
        row = {}
        for binding in result.getElementsByTagNameNS(SPARQL_RESULTS_NS, "binding"):
            value = [n for n in binding.childNodes if n.nodeType == n.ELEMENT_NODE][0]
            if value.namespaceURI != SPARQL_RESULTS_NS:
                raise ValueError(f"binding value in namespace {value.namespaceURI}")
            if value.localName == "uri":
                row[binding.getAttribute("name")] = "<" + text_of(value) + ">"
            elif value.localName == "bnode":
                row[binding.getAttribute("name")] = "_:"
            elif value.localName == "literal":
                lang = value.getAttributeNS("http://www.w3.org/XML/1998/namespace", "lang")
                row[binding.getAttribute("name")] = literal(text_of(value), lang or None, value.getAttribute("datatype") or None)
            else:
                raise ValueError(f"unknown binding element {value.localName!r}")
        rows.append(row)
    return {"vars": variables, "rows": rows}


def from_csv(data):
    """CSV has plain strings only: an IRI, a literal's lexical form, "" for unbound; "_:" for a blank node."""
    table = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    header, body = table[0], table[1:]
    return {"vars": header, "rows": [{v: "_:" if cell.startswith("_:") else cell for v, cell in zip(header, line)} for line in body]}


def from_tsv(data):
    result = TSVResultParser().parse(io.BytesIO(data))
    rows = [{str(var): term(value) for var, value in b.items() if value is not None} for b in result.bindings]
    return {"vars": [str(v) for v in result.vars], "rows": rows}


def graph_from(data, content_type):
    graph = rdflib.Graph()
    graph.parse(data=data, format={"text/turtle": "turtle", "application/n-triples": "nt"}[content_type])
    return graph


def ask(endpoint, case):
    sparql = SPARQLWrapper(endpoint)
    sparql.setQuery(case["query"])
    sparql.setReturnFormat(case["format"])
    if case["method"] == "GET":
        sparql.setMethod(GET)
    else:
        sparql.setMethod(POST)
        sparql.setRequestMethod(POSTDIRECTLY if case["method"] == "POSTDIRECTLY" else URLENCODED)
    if case.get("onlyConneg"):
        sparql.setOnlyConneg(True)
    if case.get("accept"):
        sparql.addCustomHttpHeader("Accept", case["accept"])
    result = sparql.query()
    content_type = result.response.headers.get("Content-Type", "").split(";")[0].strip()
    converted = result.convert()
    out = {"contentType": content_type}
    if isinstance(converted, dict):
        out.update(from_json(converted))
    elif isinstance(converted, rdflib.Graph):  # RDF/XML and JSON-LD: SPARQLWrapper parsed it with rdflib
        out["graph"] = canonical(converted)
    elif hasattr(converted, "documentElement"):  # SPARQL XML: a DOM
        out.update(from_xml(converted))
    elif content_type == "text/csv":
        out.update(from_csv(converted))
    elif content_type == "text/tab-separated-values":
        out.update(from_tsv(converted))
    else:  # Turtle, N-Triples: SPARQLWrapper gives the bytes
        out["graph"] = canonical(graph_from(converted, content_type))
    return out


run(lambda: ask_cases(ask))
