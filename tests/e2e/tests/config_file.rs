//! The deployment's config.json, when its host misbehaves: the page does not wait for it forever.

use keymint_e2e::processes::{config, dist_copy, StaticServer};
use keymint_e2e::*;

/// A host that accepts the request for config.json and never answers: after the page's deadline it
/// says so and goes on with its built-in defaults, and the form is there to use meanwhile.
#[tokio::test]
async fn a_config_json_that_never_arrives_is_given_up_and_said() {
    let site_dir = dist_copy("stalled-config", config("atlas", "", ""));
    let site = StaticServer::start_stalling(&site_dir, "config.json");
    let b = KeymintPage::start("stalled-config").await;
    b.open(&format!("{}/", site.origin)).await;
    let notice = b
        .find(
            "//p[@role='status' and contains(., 'config.json could not be read')]",
            "the notice that config.json was given up",
        )
        .await
        .text()
        .await
        .expect("notice text");
    assert!(notice.contains("timed out"), "{notice}");
    assert!(notice.contains("using built-in defaults"), "{notice}");
    let summary = b
        .find("//details[@id='settings']/summary", "the Settings summary")
        .await
        .text()
        .await
        .expect("summary text");
    assert!(
        !summary.contains("reading config.json"),
        "Settings no longer waits: {summary}"
    );
    b.close().await;
}
