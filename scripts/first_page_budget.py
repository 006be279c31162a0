#!/usr/bin/env python3
"""What the first page loads, against its budget (issue 14: at most 300 KB gzip).

  first_page_budget.py DIST [--max BYTES]

Counts index.html, config.json (read at start) and every file index.html links (stylesheets,
module preloads, the wasm preload, the icon), each at `gzip -9`, and prints them with the total.
Exits 1 when the total is over BYTES (default 300000), when index.html links no app wasm, or
when it links the other pages' wasm (split_*/chunk_*: those are fetched on first use).
scripts/test runs it on the release build; scripts/bench/bundle prints the finer breakdown.
"""

import gzip
import os
import re
import sys


def main(argv):
    if len(argv) not in (1, 3) or (len(argv) == 3 and argv[1] != "--max"):
        sys.exit("usage: first_page_budget.py DIST [--max BYTES]")
    dist = argv[0]
    budget = int(argv[2]) if len(argv) == 3 else 300_000
    html = open(os.path.join(dist, "index.html"), encoding="utf-8").read()
    linked = re.findall(r'<(?:link|script)\b[^>]*\b(?:href|src)="\./([^"?#]+)"', html)
    files = ["index.html", "config.json"] + sorted(set(linked))
    problems = []
    if not any(f.endswith("_bg.wasm") for f in linked):
        problems.append("index.html links no app wasm")
    deferred = [f for f in linked if re.match(r"(split|chunk)_", f)]
    if deferred:
        problems.append(f"index.html links the other pages' wasm: {', '.join(deferred)}")
    total = 0
    for f in files:
        data = open(os.path.join(dist, f), "rb").read()
        size = len(gzip.compress(data, compresslevel=9, mtime=0))
        total += size
        print(f"  {f:<52} {len(data):>11,} {size:>9,}")
    verdict = "within" if total <= budget else "OVER"
    print(f"  first page, gzip -9: {total:,} bytes, {verdict} the budget of {budget:,}")
    if total > budget:
        problems.append(f"the first page loads {total:,} bytes gzip, over {budget:,}")
    for p in problems:
        print(f"first_page_budget: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
