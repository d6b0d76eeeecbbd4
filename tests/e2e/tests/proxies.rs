//! The page through the other real proxies: cors-anywhere (cross-origin), nginx as the production
//! reference (same origin, under a sub-path), and a misconfigured proxy that hides the Digest challenge.

use keymint_e2e::*;

#[tokio::test]
async fn cross_origin_through_cors_anywhere_with_the_proxy_typed_in() {
    let emu = Emulator::start(&[]);
    // The page starts with no proxy: the user types it into "Proxy URL", as a person would.
    let site_dir = dist_copy("cors-anywhere", config("custom", &emu.url, ""));
    let site = StaticServer::start(&site_dir);
    let proxy = CorsAnywhere::start(&site.origin);
    let b = Browser::start("cors-anywhere").await;
    b.open(&format!("{}/", site.origin)).await;
    b.type_into("Proxy URL", &proxy.url).await;
    b.click("Test connection").await;
    b.text_of("//*[@id='connection-status'][contains(., 'Atlas reached')]")
        .await;

    let (reveal, private) = create_as_owner(
        &b,
        &emu,
        "through cors-anywhere",
        &["GROUP_DATA_ACCESS_READ_ONLY"],
    )
    .await;
    let key = emu.the_key_shown_in(&reveal);
    assert!(reveal.contains("GROUP_DATA_ACCESS_READ_ONLY"));
    let persisted = b.persisted().await;
    assert!(
        persisted.contains(&proxy.url),
        "the proxy setting persists: {persisted}"
    );
    b.assert_nothing_secret_kept(&[&private, key["privateKey"].as_str().unwrap()])
        .await;
    b.close().await;
}

#[tokio::test]
async fn same_origin_under_a_sub_path_through_the_shipped_nginx_config() {
    let emu = Emulator::start(&[]);
    let nginx = Nginx::shipped("nginx", "atlas", &emu);
    let b = Browser::start("nginx").await;
    b.open(&nginx.page()).await;
    let (reveal, private) = create_as_owner(&b, &emu, "through nginx", &["GROUP_READ_ONLY"]).await;
    let key = emu.the_key_shown_in(&reveal);
    b.assert_nothing_secret_kept(&[&private, key["privateKey"].as_str().unwrap()])
        .await;
    b.close().await;
}

#[tokio::test]
async fn a_proxy_that_hides_www_authenticate_is_diagnosed() {
    let emu = Emulator::start(&[]);
    let site_dir = dist_copy("hidden-challenge", config("custom", &emu.url, ""));
    let site = StaticServer::start(&site_dir);
    let template = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../proxies/nginx-hides-challenge.conf"),
    )
    .unwrap();
    let bad = Nginx::start("nginx-bad", &template.replace("@UPSTREAM@", &emu.url));
    let b = Browser::start("hidden-challenge").await;
    b.open(&format!("{}/", site.origin)).await;
    // A {path} template: the misconfigured proxy is bound to the emulator.
    b.type_into("Proxy URL", &format!("{}{{path}}", bad.origin))
        .await;
    b.click("Test connection").await;
    let status = b
        .text_of("//*[@id='connection-status'][contains(., 'WWW-Authenticate')]")
        .await;
    assert!(status.contains("hides"), "{status}");

    let private = fill_form_as_owner(&b, &emu, "hidden", &["GROUP_READ_ONLY"]).await;
    b.click("Create API key").await;
    let alert = b.alert_containing("hides Atlas's login challenge").await;
    assert!(alert.contains("Access-Control-Expose-Headers"), "{alert}");
    assert!(emu.created_keys().is_empty());
    b.assert_nothing_secret_kept(&[&private]).await;
    b.close().await;
}

#[tokio::test]
async fn test_connection_tells_an_unreachable_proxy_from_one_without_cors() {
    let emu = Emulator::start(&[]);
    // No proxy: the page calls the emulator directly, which (like Atlas) sends no CORS headers.
    let site_dir = dist_copy("no-cors", config("custom", &emu.url, ""));
    let site = StaticServer::start(&site_dir);
    let b = Browser::start("no-cors").await;
    b.open(&format!("{}/", site.origin)).await;

    b.click("Test connection").await;
    let status = b
        .text_of("//*[@id='connection-status'][contains(., 'CORS')]")
        .await;
    assert!(status.contains("drops the CORS headers"), "{status}");

    // A create is blocked by the browser: said as such, not as "network error", and nothing is created.
    let private = fill_form_as_owner(&b, &emu, "no cors", &["GROUP_READ_ONLY"]).await;
    b.click("Create API key").await;
    let alert = b.alert_containing("blocked or unreachable").await;
    assert!(alert.contains("CORS"), "{alert}");
    assert!(!alert.to_lowercase().contains("network error"), "{alert}");
    assert!(emu.created_keys().is_empty());

    // A proxy address where nothing listens.
    let nothing = format!("http://127.0.0.1:{}/", free_port());
    b.type_into("Proxy URL", &nothing).await;
    b.click("Test connection").await;
    let status = b
        .text_of("//*[@id='connection-status'][contains(., 'unreachable')]")
        .await;
    assert!(status.contains("nothing answered"), "{status}");
    b.assert_nothing_secret_kept(&[&private]).await;
    b.close().await;
}
