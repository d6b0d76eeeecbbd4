//! The heavy engines (Go templates, JSONPath, the CLI config.toml reader) are a second wasm module
//! that the page fetches only when a feature needs it: a default create never loads it, choosing
//! `go-template` does (once), and a module altered on its way is refused, with the rest of the page
//! still working. Served by the shipped nginx config, so its Content-Security-Policy (no inline
//! script, Trusted Types) is the one in force.

use keymint_e2e::processes::{config, dist_copy, StaticServer};
use keymint_e2e::*;

fn on_demand(paths: &[String]) -> Vec<&String> {
    paths
        .iter()
        .filter(|p| p.contains("keymint-ondemand"))
        .collect()
}

in_engines!(a_default_create_never_fetches_the_on_demand_module_and_go_template_fetches_it_once: chromium, firefox, webkit);
async fn a_default_create_never_fetches_the_on_demand_module_and_go_template_fetches_it_once(
    engine: Engine,
) {
    let s = Scenario::new("on-demand")
        .engine(engine)
        .shipped_nginx()
        .await;
    s.open().await;
    let b = &s.page;
    s.fill_form_as_owner(&s.request("on demand", &["GROUP_READ_ONLY"]))
        .await;
    let reveal = b.create_and_reveal().await;
    let key = s.the_key_shown_in(&reveal);
    assert!(
        b.cli_output().await.contains("created"),
        "the CLI's default text"
    );
    b.select("Output format", "json").await;
    b.until("the json output", || async {
        b.cli_output().await.contains("\"publicKey\"")
    })
    .await;
    let before = b.fetched_paths().await;
    assert!(
        before.iter().any(|p| p.ends_with("_bg.wasm")),
        "the page's own wasm is in the list: {before:?}"
    );
    assert_eq!(
        on_demand(&before),
        Vec::<&String>::new(),
        "not before a feature needs it"
    );

    b.select("Output format", "go-template").await;
    b.type_into("Go template", "{{.PublicKey}} {{len .Roles}}")
        .await;
    let public = key["publicKey"].as_str().unwrap_or_default().to_string();
    b.until("the template output", || async {
        b.cli_output().await.trim() == format!("{public} 2")
    })
    .await;
    b.select("Output format", "json-path").await;
    b.type_into("JSONPath expression", "$.roles[*].roleName")
        .await;
    b.until("the json-path output", || async {
        b.cli_output().await.trim() == r#"["ORG_MEMBER","GROUP_READ_ONLY"]"#
    })
    .await;
    let after = b.fetched_paths().await;
    let loaded = on_demand(&after);
    assert_eq!(
        loaded.len(),
        2,
        "its JS and its wasm, once each: {loaded:?}"
    );
    assert!(
        loaded.iter().any(|p| p.ends_with(".js")) && loaded.iter().any(|p| p.ends_with("_bg.wasm"))
    );
    s.close().await;
}

#[tokio::test]
async fn an_altered_on_demand_module_is_refused_and_the_page_goes_on() {
    let site_dir = dist_copy("on-demand-altered", config("atlas", "", ""));
    let wasm = std::fs::read_dir(&site_dir)
        .expect("site")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            name.starts_with("keymint-ondemand-") && name.ends_with("_bg.wasm")
        })
        .expect("the build wrote the on-demand wasm");
    let mut bytes = std::fs::read(&wasm).expect("wasm");
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&wasm, bytes).expect("altered wasm");
    let site = StaticServer::start(&site_dir);
    let file = scratch("on-demand-altered-file").join("config.toml");
    std::fs::write(
        &file,
        "[demo]\n  project_id = \"b0123456789abcdef012345b\"\n",
    )
    .unwrap();

    let b = KeymintPage::start("on-demand-altered").await;
    b.open(&format!("{}/", site.origin)).await;
    b.open_settings().await;
    b.pick_file("Import Atlas CLI config.toml", &file).await;
    let alert = b.alert_containing("could not be loaded").await;
    assert!(alert.contains("served beside index.html"), "{alert}");
    // The page itself still answers.
    b.type_into("Description", "still here").await;
    assert_eq!(b.value_of("Description").await, "still here");
    b.close().await;
}
