#!/usr/bin/env python3
"""Prints the page module's code by crate, as a Markdown table: a figure, not a test.

Input: `twiggy top -n 1000000 -f csv` of the page's wasm built with symbol names (scripts/bench.sh builds it
with CARGO_PROFILE_RELEASE_STRIP=none and runs wasm-bindgen on it, before wasm-opt). Each function is
counted under the crate its name starts with; Keymint's own code is split by module. Yew's generic code
instantiated for a Keymint component (a component's `view`) is named after Yew, so it counts under yew.
The string data (error messages, hints, role descriptions) is one data segment.
"""

import csv
import re
import sys
from collections import Counter

TOP = 15


def crate_of(name: str) -> str:
    if name.startswith("data segment"):
        return "string and constant data"
    if name.startswith("import "):
        return "imports (wasm-bindgen)"
    bare = re.sub(r"^(mut |const |dyn )", "", name.lstrip("<&*[("))
    # `<T as alloc::string::ToString>::to_string`: a generic self type, so the trait's crate.
    generic = re.match(r"[A-Z][A-Za-z0-9_]* as ([a-z_][a-z0-9_]*)", bare)
    if generic:
        bare = generic.group(1)
    m = re.match(r"[A-Za-z_][A-Za-z0-9_]*", bare)
    if m is None:
        return "other"
    crate = m.group(0)
    if crate == "keymint":
        sub = re.match(r"keymint::([a-z_]+)", bare)
        return f"keymint::{sub.group(1)}" if sub else "keymint"
    if crate in ("core", "alloc", "std", "dlmalloc"):
        return "Rust std (core, alloc, dlmalloc)"
    return crate


def main() -> None:
    rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
    sizes: Counter = Counter()
    for row in rows:
        name, size = row["Name"], int(row["ShallowSize"])
        # Debug info and the names section exist only because this build keeps symbol names.
        if "section" in name or name.startswith("Σ") or name.startswith("..."):
            continue
        sizes[crate_of(name)] += size
    total = sum(sizes.values())
    print("| crate or module | bytes | share |")
    print("|---|---:|---:|")
    for crate, size in sizes.most_common(TOP):
        print(f"| {crate} | {size} | {100 * size / total:.1f}% |")
    rest = total - sum(s for _, s in sizes.most_common(TOP))
    print(f"| everything else | {rest} | {100 * rest / total:.1f}% |")
    print(f"| **all** | {total} | 100% |")


if __name__ == "__main__":
    main()
