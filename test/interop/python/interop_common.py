"""
Shared by the Python interoperability checks (run by test/interop/*.test.ts with Debian's
/usr/bin/python3, rdflib 6.1.1 and SPARQLWrapper 1.8.5).

- `offline()` stops the script from reaching anything but the loopback server under test: a
  client that tries to fetch, say, a remote JSON-LD context fails with a clear message instead of
  touching the network (tests never do).
- `term()` writes an RDF term the same way whichever format it came from, so that the test can
  compare answers: <iri>, "lexical"@lang, "lexical"^^<datatype>, "lexical" (xsd:string), and
  `_:` for every blank node (labels mean nothing across answers).
- `canonical()` gives a graph as sorted N-Triples lines with canonical blank node labels
  (rdflib.compare): two graphs have the same lines exactly when they are isomorphic.
"""
import json
import socket
import sys
import traceback

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class NetworkAccess(Exception):
    pass


def offline():
    real_getaddrinfo = socket.getaddrinfo

    def loopback_only(host, *args, **kwargs):
        if host not in LOOPBACK:
            raise NetworkAccess(f"the client tried to reach {host} (tests never touch the network)")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.getaddrinfo = loopback_only


def literal(lexical, lang=None, datatype=None):
    if lang:
        return json.dumps(lexical, ensure_ascii=False) + "@" + lang.lower()
    if datatype and datatype != XSD_STRING:
        return json.dumps(lexical, ensure_ascii=False) + "^^<" + datatype + ">"
    return json.dumps(lexical, ensure_ascii=False)


def term(t):
    """An rdflib term (or None for unbound) in the form the tests compare."""
    if t is None:
        return None
    if isinstance(t, URIRef):
        return "<" + str(t) + ">"
    if isinstance(t, BNode):
        return "_:"
    if isinstance(t, Literal):
        return literal(str(t), t.language, str(t.datatype) if t.datatype else None)
    raise TypeError(f"not an RDF term: {t!r}")


def canonical(graph):
    """Sorted N-Triples lines of `graph` (any rdflib graph), blank nodes labelled canonically."""
    return sorted(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in to_canonical_graph(graph))


def expected_graphs(job):
    """The graphs a job gives as Turtle ("expectedGraphs": {name: text}), in canonical form to compare with."""
    return {name: canonical(Graph().parse(data=text, format="turtle")) for name, text in job.get("expectedGraphs", {}).items()}


def error_text(e):
    """The exception as the user reads it, on one line (at most 600 characters)."""
    text = " ".join("".join(traceback.format_exception_only(type(e), e)).split())
    return text[:600] if text else type(e).__name__


def ask_cases(ask):
    """The job on stdin ({"endpoint", "cases", "expectedGraphs"}) answered case by case with
    ask(endpoint, case); a case that raises is reported with its error, not fatal."""
    job = json.load(sys.stdin)
    answers = {}
    for case in job["cases"]:
        try:
            answers[case["id"]] = ask(job["endpoint"], case)
        except Exception as e:
            answers[case["id"]] = {"error": error_text(e)}
    return {"answers": answers, "expectedGraphs": expected_graphs(job)}


def run(main):
    """Runs main() and prints its result as JSON; exits 2 with the reason if main itself fails."""
    offline()
    try:
        result = main()
    except Exception as e:  # a failure of the check script, not of a case it reports
        traceback.print_exc()
        print(f"interop check failed: {error_text(e)}", file=sys.stderr)
        sys.exit(2)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
