#!/usr/bin/env python3
"""Summarizes cargo-mutants runs (their outcomes.json) per file, and writes the table and every surviving
mutant into the figures file between the `mutants` markers (added at the end when missing).

    scripts/mutants-report.py [--list NAMES] OUTDIR [OLDER_OUTDIR ...] FIGURES

With one OUTDIR: that run. With older ones too (an `--iterate` run re-tests only what was not caught or
has changed, so its own outcomes are not the whole picture): each mutant's outcome is the one from the
newest run that tested it, and with --list (the current `cargo mutants --list`) only mutants of the
current code count.

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


def main(outdirs, figures, names=None):
    latest = {}
    for outdir in reversed(outdirs):  # oldest first: newer outcomes overwrite older ones
        data = json.loads((Path(outdir) / "outcomes.json").read_text())
        for o in data["outcomes"]:
            scenario = o["scenario"]
            if not isinstance(scenario, dict) or "Mutant" not in scenario:
                continue  # the unmutated baseline
            latest[mutant_line(scenario)] = (scenario["Mutant"]["file"], KINDS.get(o["summary"], o["summary"]))
    if names is not None:
        missing = [n for n in names if n not in latest]
        if missing:
            sys.exit(f"{len(missing)} current mutants were never tested, e.g. {missing[0]}")
        latest = {n: latest[n] for n in names}
    per_file = defaultdict(lambda: defaultdict(int))
    survivors = []
    for name, (file, kind) in sorted(latest.items()):
        per_file[file][kind] += 1
        if kind in ("missed", "timeout"):
            survivors.append(f"- {kind}: `{name}`")

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
        f"`scripts/mutants.sh` (cargo-mutants over `src/core/`), written "
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC from {len(outdirs)} run(s): each mutant's outcome is "
        f"from the newest run that tested it. Caught share = caught / (caught + missed + timeout); unviable "
        f"mutants do not compile.",
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
    args = sys.argv[1:]
    names = None
    if args[:1] == ["--list"]:
        names = [l for l in Path(args[1]).read_text().splitlines() if l.strip()]
        args = args[2:]
    if len(args) < 2:
        sys.exit(__doc__)
    main(args[:-1], args[-1], names)
