"""Turns benches/compare/results.csv into the markdown table README shows.

    python3 table.py results.csv MACHINE DATE > results.md

One row per task and corpus size: each engine's median wall time (seconds, whole process: start, load,
answer, exit) and peak resident memory, and how many times longer the other engines take than policykg.
"""

import csv
import sys
from collections import OrderedDict


def main():
    path, machine, date = sys.argv[1:4]
    rows = OrderedDict()
    engines = []
    for r in csv.DictReader(open(path, encoding="utf-8")):
        key = (r["task"], int(r["quads"]))
        rows.setdefault(key, {})[r["engine"]] = (float(r["median_s"]), int(r["peak_rss_mb"]))
        if r["engine"] not in engines:
            engines.append(r["engine"])
    print(f"Measured on {date}, {machine}; medians of whole-process wall time, peak RSS of one run.")
    print("A ratio is the engine's time over policykg's (above 1: policykg is faster).\n")
    print("| task | quads | " + " | ".join(engines) + " |")
    print("| --- | ---: | " + " | ".join("---:" for _ in engines) + " |")
    for (task, quads), by in rows.items():
        base = by.get("policykg")
        cells = []
        for e in engines:
            if e not in by:
                cells.append("")
                continue
            t, rss = by[e]
            cell = f"{t * 1000:.0f} ms" if t < 1 else f"{t:.2f} s"
            cell += f", {rss} MB"
            if base and e != "policykg":
                cell += f" ({t / base[0]:.2f}×)"
            cells.append(cell)
        print(f"| {task} | {quads:,} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
