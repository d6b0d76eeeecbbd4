// Put at the top of the page's loader by scripts/post-build.py: the loader is the page's own script file
// (the Content-Security-Policy allows no inline script), and import() cannot be written in Rust. This is
// the one function src/web/loader.rs takes from JavaScript: it loads the on-demand module (Go templates,
// JSONPath, the CLI config.toml reader) the first time a feature needs it.
//
// The URLs are made absolute against the document. The wasm is fetched with the integrity the build
// wrote, so an altered file is refused, not run. `instance` > 0 asks for a fresh module record, hence a
// fresh wasm instance, after one stopped (wasm-bindgen's init runs once per record). import() is allowed
// by `script-src 'self'` and is not a Trusted Types sink.
globalThis.keymintLoadOnDemand = (js, wasm, integrity, instance) => {
  const url = new URL(js, document.baseURI);
  if (instance > 0) url.searchParams.set("instance", String(instance));
  return import(url.href).then(async (module) => {
    const response = fetch(new URL(wasm, document.baseURI).href, { integrity, credentials: "same-origin" });
    await module.default({ module_or_path: response });
    return module;
  });
};
