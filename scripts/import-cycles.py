#!/usr/bin/env python3
"""Lists import cycles among the modules of src/ (from `use crate::...` / `use super::...` lines and
inline `crate::a::b` paths), and every import that goes up a floor (core < state < web: each floor
uses only the ones below it). Prints each one found; exits 1 if there is any."""
import pathlib
import re
import sys

src = pathlib.Path(__file__).resolve().parent.parent / "src"


def module_of(path):
    rel = path.relative_to(src).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return "::".join(parts)


modules = {module_of(p): p for p in src.rglob("*.rs")}
edges = {m: set() for m in modules}


def resolve(base, path):
    """The longest known module that `path` (a list of segments below `base`) names."""
    segs = base + path
    for n in range(len(segs), 0, -1):
        name = "::".join(segs[:n])
        if name in modules:
            return name
    return None


for mod, path in modules.items():
    text = path.read_text()
    # Test modules are not part of the module graph.
    text = re.split(r"#\[cfg\(test\)\]", text)[0]
    # Comments (doc links included) are not imports.
    text = re.sub(r"//.*", "", text)
    for m in re.finditer(r"\b(crate|super)((?:::\w+)+)", text):
        root, rest = m.group(1), [s for s in m.group(2).split("::") if s]
        base = [] if root == "crate" else mod.split("::")[:-1]
        # A `use super::{a, b}` group: take every name in the braces.
        tail = text[m.end():m.end() + 400]
        names = [rest]
        if tail.startswith("::{"):
            inner = tail[3:tail.find("}")]
            names = [rest + [n.strip().split("::")[0]] for n in inner.split(",") if n.strip()]
        for segs in names:
            target = resolve([s for s in base if s], segs)
            if target and target != mod and not mod.startswith(target + "::") and target != "":
                edges[mod].add(target)

cycles = set()


def visit(node, stack, on_stack):
    for nxt in sorted(edges[node]):
        if nxt in on_stack:
            cyc = stack[stack.index(nxt):]
            i = cyc.index(min(cyc))
            cycles.add(tuple(cyc[i:] + cyc[:i]))
        elif len(stack) < 12:
            visit(nxt, stack + [nxt], on_stack | {nxt})


for m in sorted(edges):
    visit(m, [m], {m})
for c in sorted(cycles):
    print(" -> ".join(c + (c[0],)))

FLOORS = {"core": 0, "state": 1, "web": 2}


def floor(module):
    return FLOORS.get(module.split("::")[0])


upward = sorted(
    (m, t)
    for m, targets in edges.items()
    for t in targets
    if floor(m) is not None and floor(t) is not None and floor(t) > floor(m)
)
for m, t in upward:
    print(f"{m} uses {t}: a floor may use only the floors below it (core < state < web)")
print(
    f"{len(modules)} modules, {sum(len(e) for e in edges.values())} imports, {len(cycles)} cycles,"
    f" {len(upward)} imports up a floor"
)
sys.exit(1 if cycles or upward else 0)
