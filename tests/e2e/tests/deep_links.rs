//! Deep links prefill the form; a hostile link can neither change the proxy nor plant a secret.

use keymint_e2e::*;

#[tokio::test]
async fn a_deep_link_prefills_the_form_and_copy_link_reproduces_it() {
    let emu = Emulator::start(&[]);
    let site_dir = dist_copy("deeplink", config("custom", &emu.url, ""));
    let site = StaticServer::start(&site_dir);
    let proxy = CorsAnywhere::start(&site.origin);
    let b = Browser::start("deeplink").await;
    let link = format!(
        "{}/?projectId={}&desc=Standard%20read-only%20key%20%26%20more&role=GROUP_READ_ONLY&role=GROUP_DATA_ACCESS_READ_ONLY",
        site.origin,
        emu.project()
    );
    b.open(&link).await;
    b.until("the description to be prefilled", || async {
        b.value_of("Description").await == "Standard read-only key & more"
    })
    .await;
    assert_eq!(b.value_of("Project ID").await, emu.project().as_str());
    for role in ["GROUP_READ_ONLY", "GROUP_DATA_ACCESS_READ_ONLY"] {
        assert_eq!(
            b.labelled(role)
                .await
                .prop("checked")
                .await
                .unwrap()
                .as_deref(),
            Some("true"),
            "{role}"
        );
    }
    assert_eq!(
        b.labelled("GROUP_OWNER")
            .await
            .prop("checked")
            .await
            .unwrap()
            .as_deref(),
        Some("false")
    );

    b.click("Copy link for this form").await;
    b.status_containing("prefills this form").await;
    let copied = b.clipboard().await;
    assert!(
        copied.contains("desc=Standard%20read-only%20key%20%26%20more")
            && copied.contains("role=GROUP_DATA_ACCESS_READ_ONLY"),
        "{copied}"
    );

    b.type_into("Proxy URL", &proxy.url).await;
    let (public, private) = emu.owner();
    b.type_into("Public key", &public).await;
    b.type_into("Private key", &private).await;
    let reveal = create_and_reveal(&b).await;
    assert!(reveal.contains("GROUP_DATA_ACCESS_READ_ONLY"));
    let key = emu.the_key_shown_in(&reveal);
    assert_eq!(key["desc"], "Standard read-only key & more");
    b.assert_nothing_secret_kept(&[&private, key["privateKey"].as_str().unwrap()])
        .await;
    b.close().await;
}

#[tokio::test]
async fn a_hostile_link_is_refused_and_its_secret_removed() {
    let emu = Emulator::start(&[]);
    let site_dir = dist_copy("hostile", config("custom", &emu.url, "http://127.0.0.1:9/"));
    let site = StaticServer::start(&site_dir);
    let b = Browser::start("hostile").await;
    b.open(&format!(
        "{}/?desc=innocent&proxy=https%3A%2F%2Fevil.example.com%2F&baseUrl=https%3A%2F%2Fevil.example.com&privateKey=PLANTED-SECRET-1234",
        site.origin
    ))
    .await;
    let alert = b.alert_containing("refused").await;
    assert!(alert.contains("proxy"), "{alert}");
    b.alert_containing("removed it from the address bar").await;
    // The proxy and base URL are the deployment's, not the link's.
    assert_eq!(b.value_of("Proxy URL").await, "http://127.0.0.1:9/");
    assert_eq!(b.value_of("Base URL").await, emu.url.as_str());
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
    b.close().await;
}
