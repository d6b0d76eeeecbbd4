#!/usr/bin/env python3
"""Trunk post_build hook (Trunk.toml): makes dist/ fit for its Content-Security-Policy and for compressed delivery.

1. No inline script: Trunk writes its module loader inline into index.html. It is moved to
   loader-<hash>.js beside it and loaded with `<script type="module" src=… integrity=…>`, so the policy
   needs no 'unsafe-inline' and no hash that changes with each build. The loader fetches the wasm with the
   same SRI hash as Trunk's preload link, so a wasm that was altered on its way is refused, not run.
2. The on-demand module (keymint-ondemand, built by Trunk as a "worker" so nothing loads it): named in a
   `<meta name="keymint-ondemand">` with its wasm's SRI hash, for the page to import() when a feature
   needs it (src/web/loader.rs). Nothing preloads it.
3. The one inline style (www/base.css, inlined by Trunk so the header is painted in its final look before
   any file arrives) is allowed by its sha256 in index.html's policy; the build fails when the shipped
   nginx policy (deploy/nginx/keymint-headers.conf) does not allow the same.
4. Release builds only: a .gz and a .br sibling of every file whose name carries a content hash (the wasm,
   JS, CSS, the icon), for nginx's gzip_static / brotli_static. index.html and config.json get none: a
   deployment may edit them in place, and a stale sibling would then be served instead.
5. Release builds only: SHA256SUMS, the sha256 of every file of dist/ (`sha256sum -c` reads it).

Run by Trunk with TRUNK_STAGING_DIR, TRUNK_PROFILE and TRUNK_PUBLIC_URL set; fails loudly (and so fails
the build) when the page would otherwise ship an inline script.
"""

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# Trunk's hashed names: <stem>-<hex hash>[_bg].<ext>; the same pattern as keymint-locations.conf.
HASHED = re.compile(r"^[^/]+-[0-9a-f]{8,16}(_bg)?\.(js|wasm|css|svg)$")
STYLE = re.compile(r"<style>(.*?)</style>", re.S | re.I)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
WASM_ARG = re.compile(r"""module_or_path:\s*(['"])([^'"]+\.wasm)\1""")


def fail(message: str) -> None:
    print(f"post-build: {message}", file=sys.stderr)
    sys.exit(1)


def sri(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def externalize_scripts(staging: Path, base: str) -> None:
    html_path = staging / "index.html"
    html = html_path.read_text(encoding="utf-8")
    moved = 0

    def replace(match: re.Match) -> str:
        nonlocal moved
        attrs, body = match.group(1), match.group(2)
        if re.search(r"\bsrc\s*=", attrs, re.I):
            return match.group(0)
        if not re.search(r"""\btype\s*=\s*["']?module""", attrs, re.I):
            fail(f"an inline classic script is in index.html; only Trunk's module loader is expected: {body[:80]!r}")
        wasm = WASM_ARG.search(body)
        if wasm is None:
            fail("Trunk's loader no longer passes module_or_path: check scripts/post-build.py against this Trunk")
        wasm_file = staging / wasm.group(2).removeprefix(base).removeprefix("./")
        integrity = sri(wasm_file.read_bytes())
        body = WASM_ARG.sub(
            lambda m: f"module_or_path: fetch({m.group(1)}{m.group(2)}{m.group(1)}, {{ integrity: '{integrity}' }})",
            body,
            count=1,
        )
        # www/ondemand.js first: it defines the function the app calls to load the on-demand module,
        # which must exist before the app starts (import declarations below are hoisted anyway).
        ondemand = (Path(__file__).resolve().parent.parent / "www" / "ondemand.js").read_text(encoding="utf-8")
        code = ondemand + "\n" + body.strip() + "\n"
        data = code.encode()
        name = f"loader-{hashlib.sha256(data).hexdigest()[:16]}.js"
        (staging / name).write_bytes(data)
        moved += 1
        return f'<script type="module" src="{base}{name}" integrity="{sri(data)}"></script>'

    html = SCRIPT.sub(replace, html)
    if moved != 1:
        fail(f"expected exactly one inline module loader in index.html, found {moved}")
    html_path.write_text(html, encoding="utf-8")


def allow_inline_style(staging: Path) -> None:
    """The one inline <style> (www/base.css, so the header is painted in its final look before any file
    arrives) is allowed by its hash: written into index.html's policy, and required in the shipped nginx
    policy, which a deployment copies as it is. A style that changed without the nginx file is a failed
    build, not a page that loses its look behind nginx."""
    html_path = staging / "index.html"
    html = html_path.read_text(encoding="utf-8")
    styles = STYLE.findall(html)
    if len(styles) != 1:
        fail(f"expected exactly one inline <style> in index.html (www/base.css), found {len(styles)}")
    source = "'sha256-" + base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode() + "'"
    wanted = f"style-src 'self' {source};"
    html, replaced = re.subn(r"style-src 'self';", wanted, html, count=1)
    if replaced != 1:
        fail("index.html's Content-Security-Policy has no \"style-src 'self';\" to add the style's hash to")
    html_path.write_text(html, encoding="utf-8")
    shipped = Path(__file__).resolve().parent.parent / "deploy" / "nginx" / "keymint-headers.conf"
    if wanted not in shipped.read_text(encoding="utf-8"):
        fail(f"{shipped.name} must allow the inline style of www/base.css: its policy needs \"{wanted}\"")


# The modules that load on demand: the engines module, and one per view that loads when opened.
ON_DEMAND_MODULES = ("keymint-ondemand", "keymint-keys", "keymint-sealed")


def name_ondemand_module(staging: Path, base: str, name: str) -> None:
    js, wasm = staging / f"{name}.js", staging / f"{name}_bg.wasm"
    if not js.is_file() or not wasm.is_file():
        fail(f"Trunk wrote no {name}.js and {name}_bg.wasm: check index.html's rust link for {name}")
    # Trunk does not hash a "worker": give both files a content hash, like every other asset, so a
    # deployment caches them forever and a new build is never mixed with an old one.
    wasm_bytes = wasm.read_bytes()
    stem = f"{name}-{hashlib.sha256(js.read_bytes() + wasm_bytes).hexdigest()[:16]}"
    js = js.rename(staging / f"{stem}.js")
    wasm = wasm.rename(staging / f"{stem}_bg.wasm")
    html_path = staging / "index.html"
    html = html_path.read_text(encoding="utf-8")
    if re.search(rf"""(href|src)\s*=\s*["'][^"']*{name}""", html):
        fail(f"index.html links {name}: it must load only when it is needed")
    meta = (
        f'<meta name="{name}" content="{base}{js.name}" data-wasm="{base}{wasm.name}" '
        f'data-integrity="{sri(wasm_bytes)}" />'
    )
    if html.count("</head>") != 1:
        fail("index.html has no single </head>")
    html_path.write_text(html.replace("</head>", meta + "\n</head>"), encoding="utf-8")


def compress(staging: Path) -> None:
    for tool in ("gzip", "brotli"):
        if shutil.which(tool) is None:
            fail(f"{tool} is not installed (scripts/setup.sh installs it)")
    for f in sorted(staging.iterdir()):
        if not f.is_file() or not HASHED.match(f.name):
            continue
        subprocess.run(["gzip", "-9", "-n", "-k", "-f", str(f)], check=True)
        subprocess.run(["brotli", "-q", "11", "-k", "-f", str(f)], check=True)


def write_checksums(staging: Path) -> None:
    """SHA256SUMS beside the files, in the form `sha256sum -c` reads: what a hosting team compares with its
    own build of the same commit (README, "Checking a build"), or with what it serves."""
    lines = []
    for f in sorted(staging.iterdir(), key=lambda p: p.name):
        if f.is_file() and f.name != "SHA256SUMS":
            lines.append(f"{hashlib.sha256(f.read_bytes()).hexdigest()}  {f.name}\n")
    (staging / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")


def main() -> None:
    staging = Path(os.environ.get("TRUNK_STAGING_DIR") or fail("run by Trunk: TRUNK_STAGING_DIR is not set"))
    base = os.environ.get("TRUNK_PUBLIC_URL", "./")
    externalize_scripts(staging, base)
    allow_inline_style(staging)
    for name in ON_DEMAND_MODULES:
        name_ondemand_module(staging, base, name)
    if os.environ.get("TRUNK_PROFILE") == "release":
        compress(staging)
        write_checksums(staging)


if __name__ == "__main__":
    main()
