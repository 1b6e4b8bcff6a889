"""
Reads the server's linked data with rdflib 6.1.1 as a harvester or a script would.

stdin: {"base": "http://127.0.0.1:PORT/", "resources": [path, ...], "practices": [slug, ...],
        "parts": ["documents", "dumps"] (optional, default both: what to read, so that the two can be
        read by two interpreters at once)}
stdout (the keys of the parts asked for; "documents" gives documents, practices, void and
serviceDescription, "dumps" the rest):
  "documents": {path: {form: {"triples", "isomorphic" (if not, a few
      triples "missing" from it and "extra" in it)} | {"error"}}} — each path read with
      Graph().parse(URL, format=…), which sends rdflib's own Accept header for that format
      ("turtle", "nt", "application/rdf+xml", "json-ld", "n3"), with no format (rdflib's default
      Accept, the format taken from the Content-Type), and as TriG and N-Quads (?format=trig|nq,
      read into a Dataset, its triples merged). "isomorphic": rdflib's canonical digest equal to
      the Turtle form's, which is what rdflib.compare.isomorphic compares (the Turtle form's
      digest computed once per document rather than once per comparison).
  "practices": {slug: {"types", "names"}} from the Turtle form of /id/practice/<slug>
  "void", "serviceDescription": the triple counts they state per named graph (and in all)
  "catalogDumps": every dcat:Distribution of /catalog (download URL, media type, compression,
      byte size, SHA-256)
  "listedDumps": the download URLs that /dumps/ lists
  "dumps": {url: {"bytes", "sha256", "triples" or "quads" and "graphs", "sameAsUnion"} | {"error"}} —
      every download URL of the catalogue fetched (gunzipped when dcat:compressFormat says gzip)
      and parsed; "sameAsUnion": its triples are exactly those of the N-Quads dump, merged (if not, a few
      differences: "missing" from it, "extra" in it).
"""
import gzip
import hashlib
import json
import sys
from urllib.parse import urljoin
from urllib.request import Request, urlopen

from rdflib import Dataset, Graph, URIRef
from rdflib.compare import to_isomorphic

from interop_common import canonical, error_text, run, term

DCAT = "http://www.w3.org/ns/dcat#"
IANA = "https://www.iana.org/assignments/media-types/"
RDFLIB_FORMAT = {
    "text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
    "application/ld+json": "json-ld", "application/trig": "trig", "application/n-quads": "nquads",
}
DATASET_FORMATS = {"trig", "nquads"}


def with_format(url, name):
    return url + ("&" if "?" in url else "?") + "format=" + name


def dataset_from(source=None, **kwargs):
    dataset = Dataset()
    dataset.parse(source, **kwargs)  # (Dataset.parse returns the graph it parsed into, not the dataset)
    return dataset


def merged(dataset):
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def differences(reference, graph, most=4):
    """A few triples of the reference that `graph` lacks, and of `graph` that the reference lacks."""
    expected, got = set(canonical(reference)), set(canonical(graph))
    return {"missing": sorted(expected - got)[:most], "extra": sorted(got - expected)[:most]}


def digest(graph):
    """rdflib's canonical hash of the graph: rdflib.compare.isomorphic(a, b) is digest(a) == digest(b)."""
    return to_isomorphic(graph).graph_digest()


def read_forms(url):
    """The document at `url` in every form rdflib can ask for, each compared with the Turtle form."""
    forms = {}
    turtle = Graph().parse(url, format="turtle")
    turtle_digest = digest(turtle)
    forms["turtle"] = {"triples": len(turtle), "isomorphic": True}
    readers = {
        "nt": lambda: Graph().parse(url, format="nt"),
        "rdfxml": lambda: Graph().parse(url, format="application/rdf+xml"),
        "jsonld": lambda: Graph().parse(url, format="json-ld"),
        "n3": lambda: Graph().parse(url, format="n3"),
        "default": lambda: Graph().parse(url),
        "trig": lambda: merged(dataset_from(with_format(url, "trig"), format="trig")),
        "nquads": lambda: merged(dataset_from(with_format(url, "nq"), format="nquads")),
    }
    for name, read in readers.items():
        try:
            graph = read()
            forms[name] = {"triples": len(graph), "isomorphic": digest(graph) == turtle_digest}
            if not forms[name]["isomorphic"]:
                forms[name].update(differences(turtle, graph))
        except Exception as e:
            forms[name] = {"error": error_text(e)}
    return forms, turtle


def select(graph, query):
    return [{str(k): term(v) for k, v in row.asdict().items()} for row in graph.query(query)]


def graph_counts(graph):
    """What a VoID or service description says: triples per named graph (sd:name) and in all."""
    rows = select(graph, """
        PREFIX void: <http://rdfs.org/ns/void#>
        PREFIX sd: <http://www.w3.org/ns/sparql-service-description#>
        SELECT ?name ?triples WHERE {
          { ?d sd:name ?name ; void:triples ?triples } UNION { ?named sd:name ?name ; sd:graph/void:triples ?triples }
        }""")
    return {r["name"][1:-1]: int(json.loads(r["triples"].split("^^")[0])) for r in rows}


def catalog_dumps(catalog):
    rows = select(catalog, f"""
        PREFIX dcat: <{DCAT}>
        PREFIX spdx: <http://spdx.org/rdf/terms#>
        SELECT ?url ?mediaType ?compression ?bytes ?sha256 WHERE {{
          ?distribution a dcat:Distribution ; dcat:downloadURL ?url ; dcat:mediaType ?mediaType .
          OPTIONAL {{ ?distribution dcat:compressFormat ?compression }}
          OPTIONAL {{ ?distribution dcat:byteSize ?bytes }}
          OPTIONAL {{ ?distribution spdx:checksum/spdx:checksumValue ?sha256 }}
        }} ORDER BY ?url""")
    dumps = []
    for r in rows:
        lexical = lambda key: json.loads(r[key].split("^^")[0]) if r.get(key) else None
        dumps.append({
            "url": r["url"][1:-1],
            "mediaType": r["mediaType"][1:-1].removeprefix(IANA),
            "compression": r["compression"][1:-1].removeprefix(IANA) if r.get("compression") else None,
            "bytes": int(lexical("bytes")) if r.get("bytes") else None,
            "sha256": lexical("sha256"),
        })
    return dumps


def fetch(url):
    with urlopen(Request(url)) as response:
        return response.read()


def read_dump(dump):
    body = fetch(dump["url"])
    out = {"bytes": len(body), "sha256": hashlib.sha256(body).hexdigest()}
    data = gzip.decompress(body) if dump["compression"] == "application/gzip" else body
    fmt = RDFLIB_FORMAT[dump["mediaType"]]
    if fmt in DATASET_FORMATS:
        dataset = dataset_from(data=data, format=fmt, publicID=dump["url"])
        graphs = {str(g.identifier): len(g) for g in dataset.contexts() if len(g) > 0}
        out.update(quads=sum(graphs.values()), graphs=graphs)
        return out, merged(dataset)
    graph = Graph().parse(data=data, format=fmt, publicID=dump["url"])
    out["triples"] = len(graph)
    return out, graph


def read_documents(job):
    base = job["base"]
    result = {"documents": {}, "practices": {}}
    turtles = {}
    for path in job["resources"] + [f"id/practice/{slug}" for slug in job["practices"]]:
        forms, turtle = read_forms(urljoin(base, path))
        result["documents"][path] = forms
        turtles[path] = turtle
    for slug in job["practices"]:
        practice = URIRef(f"https://w3id.org/segraph/id/practice/{slug}")
        graph = turtles[f"id/practice/{slug}"]
        result["practices"][slug] = {
            "types": sorted(term(o) for o in graph.objects(practice, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"))),
            "names": sorted(term(o) for o in graph.objects(practice, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))),
        }

    result["void"] = graph_counts(Graph().parse(urljoin(base, ".well-known/void"), format="turtle"))
    result["serviceDescription"] = graph_counts(Graph().parse(urljoin(base, "sparql"), format="turtle"))
    return result


def read_dumps(job):
    base = job["base"]
    result = {}
    catalog = Graph().parse(urljoin(base, "catalog"), format="turtle")
    result["catalogDumps"] = catalog_dumps(catalog)
    listing = json.loads(fetch(urljoin(base, "dumps/")))
    result["listedDumps"] = sorted(urljoin(base, d["url"]) for d in listing["dumps"])

    result["dumps"] = {}
    graphs = {}
    for dump in result["catalogDumps"]:
        try:
            result["dumps"][dump["url"]], graphs[dump["url"]] = read_dump(dump)
        except Exception as e:
            result["dumps"][dump["url"]] = {"error": error_text(e)}
    union = next((graphs[d["url"]] for d in result["catalogDumps"]
                  if d["mediaType"] == "application/n-quads" and not d["compression"] and d["url"] in graphs), None)
    for url, graph in graphs.items():
        result["dumps"][url]["sameAsUnion"] = union is not None and set(graph) == set(union)
        if union is not None and not result["dumps"][url]["sameAsUnion"]:
            result["dumps"][url].update(differences(union, graph))
    return result


def main():
    job = json.load(sys.stdin)
    parts = {"documents": read_documents, "dumps": read_dumps}
    result = {}
    for part in job.get("parts", list(parts)):
        result.update(parts[part](job))
    return result


run(main)
