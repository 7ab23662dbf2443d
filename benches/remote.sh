#!/usr/bin/env bash
# Scale on a real SPARQL server: pushes a synthetic corpus of K documents (examples/synthetic.rs,
# about 8,000 quads each) to a throw-away Virtuoso on loopback, then times `connect 赣州 粤港澳大湾区`
# over the server, in memory (--data) and, when built with the rocksdb feature, on a store.
#
#   benches/remote.sh [K]          # K = 125 gives about 10^6 quads
#
# Needs virtuoso-opensource-7-bin (virtuoso-t, isql-vt) and a release build:
#   cargo build --release --examples [--features rocksdb]
# Prints a markdown table of wall times (/usr/bin/time, one run each: a guide, not a statistic).
set -euo pipefail
cd "$(dirname "$0")/.."
K="${1:-125}"
BIN="${CARGO_TARGET_DIR:-target}/release"
PK="$BIN/policykg"
work="$(mktemp -d)"
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
sql=$(port); http=$(port)
cat > "$work/virtuoso.ini" <<INI
[Database]
DatabaseFile = $work/virtuoso.db
ErrorLogFile = $work/virtuoso.log
LockFile = $work/virtuoso.lck
TransactionFile = $work/virtuoso.trx
xa_persistent_file = $work/virtuoso.pxa
[TempDatabase]
DatabaseFile = $work/virtuoso-temp.db
TransactionFile = $work/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:$sql
DisableUnixSocket = 1
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
DirsAllowed = ., $work
[HTTPServer]
ServerPort = 127.0.0.1:$http
ServerRoot = $work
ServerThreads = 5
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 600
INI
(cd "$work" && virtuoso-t +configfile "$work/virtuoso.ini" +foreground > "$work/server.log" 2>&1) &
server=$!
endpoint="http://127.0.0.1:$http/sparql"
for _ in $(seq 300); do
  curl -sf "$endpoint?query=ASK%7B%7D" >/dev/null 2>&1 && break
  sleep 0.2
done
isql-vt "$sql" dba dba exec='grant SPARQL_UPDATE to "SPARQL";' >/dev/null

"$BIN/examples/synthetic" "$K" > "$work/corpus.nq" 2> "$work/synthetic.txt"
quads=$(wc -l < "$work/corpus.nq")

timed() { /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out" 2> "$work/err" || { cat "$work/err" >&2; exit 1; }; read -r s kb < "$work/time"; echo "$s s, $((kb / 1024)) MB"; }

echo "| what ($K documents, $quads quads) | time, peak RSS |"
echo "| --- | --- |"
echo "| push to Virtuoso, Graph Store PUT per graph | $(timed "$PK" push --data "$work/corpus.nq" --endpoint "$endpoint" --graph-store "http://127.0.0.1:$http/sparql-graph-crud") |"
echo "| connect over the endpoint | $(timed "$PK" connect 赣州 粤港澳大湾区 --endpoint "$endpoint") |"
head -1 "$work/out" >&2
echo "| connect in memory (--data, load included) | $(timed "$PK" connect 赣州 粤港澳大湾区 --data "$work/corpus.nq") |"
head -1 "$work/out" >&2
if "$PK" load --help >/dev/null 2>&1 && "$PK" load --store "$work/store" "$work/corpus.nq" 2>/dev/null; then
  echo "| connect on a RocksDB store (loaded once) | $(timed "$PK" connect 赣州 粤港澳大湾区 --store "$work/store") |"
  head -1 "$work/out" >&2
fi
