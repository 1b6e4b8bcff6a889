"""
Queries the endpoint through rdflib's SPARQLStore (rdflib.plugins.stores.sparqlstore, rdflib
6.1.1): a Graph whose store is our endpoint, queried with Graph.query() as rdflib users do.

stdin: {"endpoint": URL, "cases": [{"id", "query", "format", "method"}]}
  format: the store's returnFormat (xml, json, csv, tsv); CONSTRUCT answers come as RDF/XML
  method: GET, POST (the query as the body) or POST_FORM
stdout: {"answers": {id: {"vars"+"rows" | "boolean" | "graph", or "error"}},
        "expectedGraphs": {name: the canonical lines of each Turtle graph given as "expectedGraphs"}}
"""

from rdflib import BNode, Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from interop_common import ask_cases, canonical, run, term


def plain(t):
    """CSV carries strings only (and rdflib makes IRIs of what starts with http)."""
    return "" if t is None else "_:" if isinstance(t, BNode) else str(t)


def ask(endpoint, case):
    graph = Graph(store=SPARQLStore(endpoint, returnFormat=case["format"], method=case["method"]))
    result = graph.query(case["query"])
    if result.type == "ASK":
        return {"boolean": result.askAnswer}
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return {"graph": canonical(result.graph)}
    show = plain if case["format"] == "csv" else term
    rows = [{str(v): show(row[v]) for v in result.vars if case["format"] == "csv" or row[v] is not None} for row in result]
    return {"vars": [str(v) for v in result.vars], "rows": rows}


run(lambda: ask_cases(ask))
