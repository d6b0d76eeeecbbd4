#!/usr/bin/env python3
"""Summarizes a cargo-mutants run (its outcomes.json) per file, and writes the table and every surviving
mutant into the figures file between the `mutants` markers (added at the end when missing).

    scripts/mutants-report.py target/mutants/mutants.out docs/figures.md

Caught: a test failed. Missed: every test passed with the change in place. Timeout: the tests did not end
in time (counted apart: only a loop with a bound turns a timeout into a quick failure). Unviable: the
change does not compile. The share is caught / (caught + missed + timeout).
"""

import json
import sys
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

BEGIN = "<!-- mutants:begin (written by scripts/mutants.sh) -->"
END = "<!-- mutants:end -->"
KINDS = {
    "CaughtMutant": "caught",
    "MissedMutant": "missed",
    "Timeout": "timeout",
    "Unviable": "unviable",
}


def mutant_line(scenario):
    """`file:line:column: what was changed in which function`, as cargo-mutants names it."""
    return scenario["Mutant"]["name"]


def main(outdir, figures):
    data = json.loads((Path(outdir) / "outcomes.json").read_text())
    per_file = defaultdict(lambda: defaultdict(int))
    survivors = []
    for o in data["outcomes"]:
        scenario = o["scenario"]
        if not isinstance(scenario, dict) or "Mutant" not in scenario:
            continue  # the unmutated baseline
        kind = KINDS.get(o["summary"], o["summary"])
        per_file[scenario["Mutant"]["file"]][kind] += 1
        if kind in ("missed", "timeout"):
            survivors.append(f"- {kind}: `{mutant_line(scenario)}`")

    rows = []
    total = defaultdict(int)
    for f in sorted(per_file):
        c = per_file[f]
        for k in ("caught", "missed", "timeout", "unviable"):
            total[k] += c[k]
        rows.append((f, c))
    rows.append(("**all**", total))

    def share(c):
        viable = c["caught"] + c["missed"] + c["timeout"]
        return f'{100 * c["caught"] / viable:.1f}%' if viable else "-"

    lines = [
        BEGIN,
        "## Mutation testing of the core",
        "",
        f"`scripts/mutants.sh` (cargo-mutants over `src/core/`), last run written "
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC. Caught share = caught / (caught + missed + "
        f"timeout); unviable mutants do not compile.",
        "",
        "| file | caught | missed | timeout | unviable | caught share |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for f, c in rows:
        lines.append(
            f'| {f} | {c["caught"]} | {c["missed"]} | {c["timeout"]} | {c["unviable"]} | {share(c)} |'
        )
    lines += ["", "Surviving mutants:" if survivors else "No mutant survived.", ""]
    lines += survivors
    lines.append(END)
    block = "\n".join(lines)
    print(block)

    path = Path(figures)
    text = path.read_text() if path.exists() else ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
