//! The page through the other real proxies: cors-anywhere (cross-origin), nginx as the production
//! reference (same origin, under a sub-path), and a misconfigured proxy that hides the Digest challenge.
//! A create through each of the two proxies, its copy buttons and downloads, run in all three engines.

use keymint_e2e::*;

in_engines!(cross_origin_through_cors_anywhere_with_the_proxy_typed_in: chromium, firefox, webkit);
async fn cross_origin_through_cors_anywhere_with_the_proxy_typed_in(engine: Engine) {
    // The page starts with no proxy: the user types it into "Proxy URL", as a person would.
    let s = Scenario::new("cors-anywhere")
        .engine(engine)
        .with_cors_anywhere()
        .static_site()
        .await;
    let b = &s.page;
    s.open_through_cors_anywhere().await;
    b.test_connection("Atlas reached").await;

    let (reveal, private) = s
        .create_as_owner(&s.request("through cors-anywhere", &["GROUP_DATA_ACCESS_READ_ONLY"]))
        .await;
    let key = s.the_key_shown_in(&reveal);
    assert!(reveal.contains("GROUP_DATA_ACCESS_READ_ONLY"));
    let persisted = b.persisted().await;
    assert!(
        persisted.contains(s.cors_anywhere_url()),
        "the proxy setting persists: {persisted}"
    );
    b.assert_nothing_secret_kept(&[&private, key["privateKey"].as_str().unwrap()])
        .await;
    s.close().await;
}

in_engines!(same_origin_under_a_sub_path_through_the_shipped_nginx_config: chromium, firefox, webkit);
async fn same_origin_under_a_sub_path_through_the_shipped_nginx_config(engine: Engine) {
    let s = Scenario::new("nginx").engine(engine).shipped_nginx().await;
    s.open().await;
    let (reveal, private) = s
        .create_as_owner(&s.request("through nginx", &["GROUP_READ_ONLY"]))
        .await;
    let key = s.the_key_shown_in(&reveal);
    s.page
        .assert_copies_and_exports(&key, &s.project, "through nginx")
        .await;
    s.page
        .assert_nothing_secret_kept(&[&private, key["privateKey"].as_str().unwrap()])
        .await;
    s.close().await;
}

#[tokio::test]
async fn a_proxy_that_hides_www_authenticate_is_diagnosed() {
    let s = Scenario::new("hidden-challenge").static_site().await;
    let bad = Nginx::hiding_the_challenge("nginx-bad", &s.emu.url);
    let b = &s.page;
    s.open().await;
    // A {path} template: the misconfigured proxy is bound to the emulator.
    b.set_proxy_url(&format!("{}{{path}}", bad.origin)).await;
    let status = b.test_connection("WWW-Authenticate").await;
    assert!(status.contains("hides"), "{status}");

    let private = s
        .fill_form_as_owner(&s.request("hidden", &["GROUP_READ_ONLY"]))
        .await;
    b.create().await;
    let alert = b.alert_containing("hides Atlas's login challenge").await;
    assert!(alert.contains("Access-Control-Expose-Headers"), "{alert}");
    assert!(s.emu.created_keys().is_empty());
    b.assert_nothing_secret_kept(&[&private]).await;
    s.close().await;
}

#[tokio::test]
async fn test_connection_tells_an_unreachable_proxy_from_one_without_cors() {
    // No proxy: the page calls the emulator directly, which (like Atlas) sends no CORS headers.
    let s = Scenario::new("no-cors").static_site().await;
    let b = &s.page;
    s.open().await;

    let status = b.test_connection("CORS").await;
    assert!(status.contains("drops the CORS headers"), "{status}");

    // A create is blocked by the browser: said as such, not as "network error", and nothing is created.
    let private = s
        .fill_form_as_owner(&s.request("no cors", &["GROUP_READ_ONLY"]))
        .await;
    b.create().await;
    let alert = b.alert_containing("blocked or unreachable").await;
    assert!(alert.contains("CORS"), "{alert}");
    assert!(!alert.to_lowercase().contains("network error"), "{alert}");
    assert!(s.emu.created_keys().is_empty());

    // A proxy address where nothing listens.
    let nothing = format!("http://127.0.0.1:{}/", free_port());
    b.set_proxy_url(&nothing).await;
    let status = b.test_connection("unreachable").await;
    assert!(status.contains("nothing answered"), "{status}");
    b.assert_nothing_secret_kept(&[&private]).await;
    s.close().await;
}
