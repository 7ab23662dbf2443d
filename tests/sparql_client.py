"""A stock SPARQL client against `policykg serve`: SPARQLWrapper must get, for each example query in
examples/queries/, the rows `policykg query -f FILE --format json` prints (in order when the query
has ORDER BY, as a multiset otherwise).

usage: python3 sparql_client.py ENDPOINT POLICYKG_BINARY QUERIES_DIR
"""
import json
import pathlib
import re
import subprocess
import sys

from SPARQLWrapper import JSON, POST, SPARQLWrapper


def rows(results):
    return [json.dumps(b, sort_keys=True, ensure_ascii=False) for b in results["results"]["bindings"]]


def main():
    endpoint, binary, folder = sys.argv[1:4]
    failures = 0
    files = sorted(pathlib.Path(folder).glob("*.rq"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        client = SPARQLWrapper(endpoint)
        client.setMethod(POST)
        client.setQuery(text)
        client.setReturnFormat(JSON)
        served = client.query().convert()
        cli = json.loads(subprocess.run([binary, "query", "-f", str(path), "--format", "json"],
                                        capture_output=True, check=False).stdout)
        got, want = rows(served), rows(cli)
        if not re.search(r"ORDER\s+BY", text, re.IGNORECASE):
            got, want = sorted(got), sorted(want)
        same = served["head"] == cli["head"] and got == want
        failures += not same
        print(f"{'ok  ' if same else 'FAIL'} {path.name}: {len(got)} rows served, {len(want)} from policykg query")
    print(f"{len(files)} queries, {failures} different")
    sys.exit(1 if failures or not files else 0)


main()
