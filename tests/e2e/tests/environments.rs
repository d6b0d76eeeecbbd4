//! Atlas for Government (SHA-256 Digest) and Ops Manager (v1.0 path, application/json), each against the
//! emulator in the matching mode.

use keymint_e2e::*;

#[tokio::test]
async fn atlas_for_government_signs_with_sha256() {
    let s = Scenario::new("gov")
        .emulator_args(&["--gov"])
        .environment("atlasGov")
        .shipped_nginx()
        .await;
    s.open().await;
    // config.json defines the connection, so Settings starts folded.
    s.page.open_settings().await;
    let status = s.page.test_connection("Atlas reached").await;
    assert!(status.contains("SHA-256"), "{status}");
    let (reveal, private) = s
        .create_as_owner(&s.request("gov key", &["GROUP_READ_ONLY"]))
        .await;
    let key = s.the_key_shown_in(&reveal);
    s.page
        .assert_nothing_secret_kept(&[&private, key["privateKey"].as_str().unwrap()])
        .await;
    s.close().await;
}

#[tokio::test]
async fn ops_manager_uses_the_v1_path_through_cors_anywhere() {
    let s = Scenario::new("om")
        .ops_manager()
        .with_cors_anywhere()
        .static_site()
        .await;
    let b = &s.page;
    s.open_through_cors_anywhere().await;
    // Ops Manager's own project roles are offered, Atlas-only ones are not.
    b.labelled("GROUP_AUTOMATION_ADMIN").await;
    let html = b.source().await;
    assert!(
        !html.contains("GROUP_CLUSTER_MANAGER"),
        "an Atlas-only role offered for Ops Manager"
    );
    let (reveal, private) = s
        .create_as_owner(&s.request("ops manager key", &["GROUP_MONITORING_ADMIN"]))
        .await;
    let key = s.the_key_shown_in(&reveal);
    assert!(
        reveal.contains("GROUP_MONITORING_ADMIN"),
        "{reveal} / {:?}",
        key["roles"]
    );
    b.assert_nothing_secret_kept(&[&private, key["privateKey"].as_str().unwrap()])
        .await;
    let curl = b.curl_command().await;
    assert!(
        curl.contains("/api/public/v1.0/groups/")
            && curl.contains("Content-Type: application/json"),
        "{curl}"
    );
    s.close().await;
}
