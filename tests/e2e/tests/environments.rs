//! Atlas for Government (SHA-256 Digest) and Ops Manager (v1.0 path, application/json), each against the
//! emulator in the matching mode.

use keymint_e2e::*;

#[tokio::test]
async fn atlas_for_government_signs_with_sha256() {
    let emu = Emulator::start(&["--gov"]);
    let nginx = Nginx::shipped("gov-nginx", "atlasGov", &emu);
    let b = Browser::start("gov").await;
    b.open(&nginx.page()).await;
    // config.json defines the connection, so Settings starts folded.
    b.open_settings().await;
    b.click("Test connection").await;
    let status = b
        .text_of("//*[@id='connection-status'][contains(., 'Atlas reached')]")
        .await;
    assert!(status.contains("SHA-256"), "{status}");
    let (reveal, private) = create_as_owner(&b, &emu, "gov key", &["GROUP_READ_ONLY"]).await;
    let key = emu.the_key_shown_in(&reveal);
    b.assert_nothing_secret_kept(&[&private, key["privateKey"].as_str().unwrap()])
        .await;
    b.close().await;
}

#[tokio::test]
async fn ops_manager_uses_the_v1_path_through_cors_anywhere() {
    let emu = Emulator::start(&[]);
    let mut cfg = config("custom", &emu.url, "");
    cfg["customApi"] = "opsManagerV1".into();
    let site_dir = dist_copy("om", cfg);
    let site = StaticServer::start(&site_dir);
    let proxy = CorsAnywhere::start(&site.origin);
    let b = Browser::start("om").await;
    b.open(&format!("{}/", site.origin)).await;
    b.type_into("Proxy URL", &proxy.url).await;
    // Ops Manager's own project roles are offered, Atlas-only ones are not.
    b.labelled("GROUP_AUTOMATION_ADMIN").await;
    let html = b.client.source().await.unwrap();
    assert!(
        !html.contains("GROUP_CLUSTER_MANAGER"),
        "an Atlas-only role offered for Ops Manager"
    );
    let (reveal, private) =
        create_as_owner(&b, &emu, "ops manager key", &["GROUP_MONITORING_ADMIN"]).await;
    let key = emu.the_key_shown_in(&reveal);
    assert!(
        reveal.contains("GROUP_MONITORING_ADMIN"),
        "{reveal} / {:?}",
        key["roles"]
    );
    b.assert_nothing_secret_kept(&[&private, key["privateKey"].as_str().unwrap()])
        .await;
    let curl = b.text_of("//pre[@id='reveal-curl-command']").await;
    assert!(
        curl.contains("/api/public/v1.0/groups/")
            && curl.contains("Content-Type: application/json"),
        "{curl}"
    );
    b.close().await;
}
