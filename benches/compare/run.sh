#!/usr/bin/env bash
# policykg side by side with pyoxigraph and rdflib on the same work, from one document to 10^6 quads.
#
#   benches/compare/run.sh            # everything: about 15 minutes on 2 cores
#   benches/compare/run.sh --quick    # fewer runs, no 10^6 corpus for rdflib
#
# Needs python3 (pyoxigraph and rdflib are installed into a throw-away venv outside the clone),
# hyperfine (Debian package), GNU time (/usr/bin/time), rsvg-convert (librsvg2-bin) for the PNG, and
# libclang for the rocksdb feature (POLICYKG_BENCH_ROCKSDB=0 skips the RocksDB rows). Writes benches/compare/results.md (medians and
# ratios, with the machine named), results.csv (the scaling rows) and scaling.svg/.png (the plot).
set -euo pipefail
cd "$(dirname "$0")/../.."
quick=0
[[ "${1:-}" == "--quick" ]] && quick=1
runs=$((quick ? 5 : 15))

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/policykg/target}"
bin="$CARGO_TARGET_DIR/release"
# POLICYKG_BENCH_ROCKSDB=0 skips the RocksDB rows (and the 20-minute first build of RocksDB).
rocksdb="${POLICYKG_BENCH_ROCKSDB:-1}"
features=()
((rocksdb)) && features=(--features rocksdb)
echo "building (release${features:+, rocksdb})…" >&2
cargo build --release --quiet "${features[@]}" --bin policykg --example synthetic --example compare-plot
pk="$bin/policykg"

venv="${POLICYKG_BENCH_VENV:-$HOME/.cache/policykg/bench-venv}"
if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet pyoxigraph rdflib
fi
py="$venv/bin/python"
engines="benches/compare/engines.py"
export POLICYKG_PREFIXES="$("$pk" prefixes)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$pk" export --format nq > "$work/builtin.nq" 2>/dev/null
query="examples/queries/01-measures-per-pillar.rq"
count='SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }'
declare -A size=([4]=1 [5]=12 [6]=125)   # 10^e quads ≈ K synthetic documents
exponents=(4 5 6)
[[ -n "${POLICYKG_BENCH_MAX_EXP:-}" ]] && exponents=($(seq 4 "$POLICYKG_BENCH_MAX_EXP"))
for e in "${exponents[@]}"; do
  "$bin/examples/synthetic" "${size[$e]}" > "$work/corpus-$e.nq" 2>/dev/null
done

csv="benches/compare/results.csv"
echo "task,engine,quads,median_s,peak_rss_mb" > "$csv"

# time NAME ENGINE QUADS RUNS COMMAND…: hyperfine's median of RUNS runs and one run's peak RSS.
time_it() {
  local name="$1" engine="$2" quads="$3" n="$4"
  shift 4
  hyperfine --shell=none --warmup 1 --runs "$n" --export-json "$work/h.json" -- "$(printf '%q ' "$@")" >/dev/null 2>&1 \
    || { echo "  failed: $*" >&2; return; }
  local median rss
  median=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$work/h.json")
  # GNU time writes its line last on stderr, after the program's own.
  rss=$( (/usr/bin/time -f 'RSS %M' "$@" >/dev/null) 2>&1 | sed -n 's/^RSS //p' | tail -1)
  printf '%s,%s,%s,%s,%s\n' "$name" "$engine" "$quads" "$median" "$((rss / 1024))" >> "$csv"
  printf '  %-24s %-12s %9s quads  %8.3f s  %6s MB\n' "$name" "$engine" "$quads" "$median" "$((rss / 1024))" >&2
}

quads_of() { wc -l < "$1" | tr -d ' '; }
nb=$(quads_of "$work/builtin.nq")

# The engines must do the same work: the same rows for the query, the same number of quads loaded.
same() {
  local what="$1" expected="$2" got
  shift 2
  got=$("$@" 2>/dev/null | tail -1)
  [[ "$got" == "$expected" ]] || { echo "not the same work: $what gives $got, policykg $expected" >&2; exit 1; }
}
rows=$("$pk" query -f "$query" --format tsv | tail -n +2 | wc -l)
same "pyoxigraph query" "$rows" "$py" "$engines" pyoxigraph query "$work/builtin.nq" "$query"
same "rdflib query" "$rows" "$py" "$engines" rdflib query "$work/builtin.nq" "$query"
n4=$("$pk" query "$count" --format tsv --data "$work/corpus-4.nq" | tail -1)
same "pyoxigraph count" "$n4" "$py" "$engines" pyoxigraph count "$work/corpus-4.nq"
same "rdflib count" "$n4" "$py" "$engines" rdflib count "$work/corpus-4.nq"

echo "built-in graph ($nb quads)" >&2
time_it "query built-in" policykg "$nb" "$runs" "$pk" query -f "$query"
time_it "query built-in" "policykg --data" "$nb" "$runs" "$pk" query -f "$query" --data "$work/builtin.nq"
time_it "query built-in" pyoxigraph "$nb" "$runs" "$py" "$engines" pyoxigraph query "$work/builtin.nq" "$query"
time_it "query built-in" rdflib "$nb" "$((quick ? 3 : 5))" "$py" "$engines" rdflib query "$work/builtin.nq" "$query"
time_it "connect built-in" policykg "$nb" "$runs" "$pk" connect 赣州 粤港澳大湾区

for e in "${exponents[@]}"; do
  f="$work/corpus-$e.nq"
  n=$(quads_of "$f")
  r=$((e == 6 ? 3 : runs))
  echo "synthetic corpus ($n quads)" >&2
  time_it "load + count" policykg "$n" "$r" "$pk" query "$count" --data "$f"
  time_it "load + count" pyoxigraph "$n" "$r" "$py" "$engines" pyoxigraph count "$f"
  if ((e < 6 || !quick)); then
    time_it "load + count" rdflib "$n" "$((e == 4 ? 3 : 1))" "$py" "$engines" rdflib count "$f"
  fi
  time_it "connect in memory" policykg "$n" "$r" "$pk" connect 赣州 粤港澳大湾区 --data "$f"
  if ((rocksdb)); then
    rm -rf "$work/store"
    "$pk" load --store "$work/store" "$f" >/dev/null 2>&1
    time_it "connect on RocksDB" policykg "$n" "$r" "$pk" connect 赣州 粤港澳大湾区 --store "$work/store"
  fi
done

machine="$(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
if "$bin/examples/compare-plot" "$csv" benches/compare/scaling.svg && command -v rsvg-convert >/dev/null; then
  rsvg-convert -w 1200 benches/compare/scaling.svg -o benches/compare/scaling.png
fi
python3 benches/compare/table.py "$csv" "$machine" "$(date -u +%F)" > benches/compare/results.md

# Instruction counts of the in-process stages (callgrind counts instructions, not seconds, so they do
# not drift with the machine's load): the whole run, and the stages that take most of it.
if command -v valgrind >/dev/null; then
  {
    echo
    echo "Instructions (valgrind --tool=callgrind, inclusive, millions):"
    echo
    echo "| run | total | built-in graph from data/ | into the store | SPARQL evaluation and writing | name lookup | measures around both sides |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    for run in "query built-in:query -f $query" "connect built-in:connect 赣州 粤港澳大湾区"; do
      name="${run%%:*}"
      read -r -a args <<< "${run#*:}"
      valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$pk" "${args[@]}" >/dev/null 2>&1
      callgrind_annotate --inclusive=yes --threshold=100 "$work/cg.out" 2>/dev/null | python3 -c '
import re, sys
name = sys.argv[1]
stages = ["PROGRAM TOTALS", "policykg::kg::builtin_quads", "oxigraph::store::Store::extend",
          "policykg::cli::commands::query::evaluate", "policykg::analysis::lookup::Resolver::new",
          "policykg::analysis::graph::Builder::add_measures_around"]
found = {}
for line in sys.stdin:
    m = re.match(r"\s*([\d,]+) \(.*?\)\s+(.*)", line)
    if not m:
        continue
    count, what = int(m.group(1).replace(",", "")), m.group(2)
    for s in stages:
        if s in what and s not in found:
            found[s] = count
cells = [f"{found[s] / 1e6:.0f}" if s in found else "" for s in stages]
print(f"| {name} | " + " | ".join(cells) + " |")
' "$name"
    done
  } >> benches/compare/results.md
fi
cat benches/compare/results.md
