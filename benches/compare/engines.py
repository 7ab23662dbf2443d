"""The same work as policykg, done by pyoxigraph or rdflib, for benches/compare/run.sh.

    python engines.py ENGINE query FILE.nq QUERY.rq    # load N-Quads, run a SELECT, print the row count
    python engines.py ENGINE count FILE.nq             # load N-Quads, print the number of quads

ENGINE is pyoxigraph or rdflib. Both take the default graph as the union of all graphs, as policykg does, so a
query written for policykg's built-in graph gives the same rows. The prefixes policykg predeclares are declared
here in the query text (the PREFIX lines come from `policykg prefixes`, passed in the environment).
"""

import os
import sys


def prefixes():
    lines = []
    for line in os.environ.get("POLICYKG_PREFIXES", "").splitlines():
        if ":" in line:
            name, iri = line.split(None, 1)
            lines.append(f"PREFIX {name} <{iri.strip()}>")
    return "\n".join(lines) + "\n"


def run_pyoxigraph(task, path, query):
    import pyoxigraph

    store = pyoxigraph.Store()
    with open(path, "rb") as f:
        store.bulk_load(f, pyoxigraph.RdfFormat.N_QUADS)
    if task == "count":
        return len(store)
    return sum(1 for _ in store.query(query, use_default_graph_as_union=True))


def run_rdflib(task, path, query):
    import rdflib

    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(path, format="nquads")
    if task == "count":
        return len(dataset)
    return sum(1 for _ in dataset.query(query))


def main():
    engine, task, path = sys.argv[1:4]
    query = None
    if task == "query":
        with open(sys.argv[4], encoding="utf-8") as f:
            query = prefixes() + f.read()
    run = {"pyoxigraph": run_pyoxigraph, "rdflib": run_rdflib}[engine]
    print(run(task, path, query))


if __name__ == "__main__":
    main()
