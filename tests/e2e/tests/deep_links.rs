//! Deep links prefill the form; a hostile link can neither change the proxy nor plant a secret.

use keymint_e2e::*;

#[tokio::test]
async fn a_deep_link_prefills_the_form_and_copy_link_reproduces_it() {
    let s = Scenario::new("deeplink")
        .with_cors_anywhere()
        .static_site()
        .await;
    let b = &s.page;
    s.open_link(&format!(
        "?projectId={}&desc=Standard%20read-only%20key%20%26%20more&role=GROUP_READ_ONLY&role=GROUP_DATA_ACCESS_READ_ONLY",
        s.project
    ))
    .await;
    b.until("the description to be prefilled", || async {
        b.value_of("Description").await == "Standard read-only key & more"
    })
    .await;
    assert_eq!(b.value_of("Project ID").await, s.project.as_str());
    for role in ["GROUP_READ_ONLY", "GROUP_DATA_ACCESS_READ_ONLY"] {
        assert!(b.is_ticked(role).await, "{role}");
    }
    assert!(!b.is_ticked("GROUP_OWNER").await);

    b.click("Copy link for this form").await;
    b.status_containing("prefills this form").await;
    let copied = b.clipboard().await;
    assert!(
        copied.contains("desc=Standard%20read-only%20key%20%26%20more")
            && copied.contains("role=GROUP_DATA_ACCESS_READ_ONLY"),
        "{copied}"
    );

    b.set_proxy_url(s.cors_anywhere_url()).await;
    let (public, private) = s.emu.owner();
    b.sign_in(&SignIn::ApiKey {
        public: &public,
        private: &private,
    })
    .await;
    let reveal = b.create_and_reveal().await;
    assert!(reveal.contains("GROUP_DATA_ACCESS_READ_ONLY"));
    let key = s.the_key_shown_in(&reveal);
    assert_eq!(
        keymint_e2e::without_expiry(&key["desc"]),
        "Standard read-only key & more",
        "the description as typed, with the default expiry stamped after it"
    );
    b.assert_nothing_secret_kept(&[&private, key["privateKey"].as_str().unwrap()])
        .await;
    s.close().await;
}

#[tokio::test]
async fn a_hostile_link_is_refused_and_its_secret_removed() {
    let s = Scenario::new("hostile")
        .proxy_in_config("http://127.0.0.1:9/")
        .static_site()
        .await;
    let b = &s.page;
    s.open_link(
        "?desc=innocent&proxy=https%3A%2F%2Fevil.example.com%2F&baseUrl=https%3A%2F%2Fevil.example.com&privateKey=PLANTED-SECRET-1234",
    )
    .await;
    let alert = b.alert_containing("refused").await;
    assert!(alert.contains("proxy"), "{alert}");
    b.alert_containing("removed it from the address bar").await;
    // The proxy and base URL are the deployment's, not the link's.
    assert_eq!(b.value_of("Proxy URL").await, "http://127.0.0.1:9/");
    assert_eq!(b.value_of("Base URL").await, s.emu.url.as_str());
    assert_eq!(b.value_of("Description").await, "innocent");
    // The secret is in neither storage nor the URL.
    b.assert_nothing_secret_kept(&["PLANTED-SECRET"]).await;
    let stored = b
        .eval("return JSON.stringify(Object.assign({}, localStorage))")
        .await;
    assert!(
        !stored
            .as_str()
            .unwrap_or_default()
            .contains("evil.example.com"),
        "{stored}"
    );
    let private = b.value_of("Private key").await;
    assert!(private.is_empty(), "a link never fills a secret");
    s.close().await;
}
