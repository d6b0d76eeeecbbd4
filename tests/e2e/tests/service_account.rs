//! A service account (OAuth client credentials) creates a key through Trunk-like same-origin proxying
//! (nginx, the shipped config) and through cors-anywhere, in all three engines; the token and secret
//! never reach storage or the URL.

use keymint_e2e::*;

in_engines!(a_service_account_creates_a_key: chromium, firefox, webkit);
async fn a_service_account_creates_a_key(engine: Engine) {
    let s = Scenario::new("sa").engine(engine).shipped_nginx().await;
    let b = &s.page;
    s.open().await;
    let (id, secret) = s.emu.service_account();
    let secret = secret.as_str();

    b.sign_in(&SignIn::ServiceAccount {
        client_id: &id,
        secret,
    })
    .await;
    b.fill_request(&s.request("from a service account", &["GROUP_READ_ONLY"]))
        .await;
    let reveal = b.create_and_reveal().await;
    let key = s.the_key_shown_in(&reveal);
    b.assert_nothing_secret_kept(&[secret, key["privateKey"].as_str().unwrap()])
        .await;
    let html = b.source().await;
    assert!(!html.contains("access_token"));

    // A second key within the hour reuses the token in memory.
    b.copy_private_key().await;
    b.click("New key").await;
    b.type_into("Description", "second key").await;
    b.tick("GROUP_READ_ONLY").await;
    b.create_and_reveal().await;
    assert_eq!(s.emu.created_keys().len(), 2);
    assert_eq!(s.control().tokens().len(), 1, "one token for both creates");
    b.copy_private_key().await;
    b.click("New key").await;

    // Atlas drops the token early: its 401 created nothing, so the page gets a new token and the
    // third key is created with one press.
    s.control().expire_tokens();
    b.type_into("Description", "third key").await;
    b.tick("GROUP_READ_ONLY").await;
    let reveal = b.create_and_reveal().await;
    let keys = s.emu.created_keys();
    assert_eq!(keys.len(), 3, "one key per press");
    assert!(reveal.contains(keys[2]["privateKey"].as_str().unwrap()));
    assert_eq!(s.control().tokens().len(), 2, "a new token after the 401");
    b.copy_private_key().await;
    b.click("Done").await;

    // Signing out revokes the token in use and clears the secret.
    b.click("Sign out").await;
    b.until("the token to be revoked", || async {
        s.control().tokens().iter().any(|t| t["revoked"] == true)
    })
    .await;
    assert_eq!(b.value_of("Client secret").await, "");
    s.close().await;
}

in_engines!(a_service_account_creates_a_key_through_cors_anywhere: chromium, firefox, webkit);
async fn a_service_account_creates_a_key_through_cors_anywhere(engine: Engine) {
    // Cross-origin: the token request and the create both go through cors-anywhere.
    let s = Scenario::new("sa-cors")
        .engine(engine)
        .with_cors_anywhere()
        .static_site()
        .await;
    let b = &s.page;
    s.open_through_cors_anywhere().await;
    let (id, secret) = s.emu.service_account();
    let request = s.request("service account, cross-origin", &["GROUP_READ_ONLY"]);
    let sign_in = SignIn::ServiceAccount {
        client_id: &id,
        secret: &secret,
    };
    b.fill_form(&request, &sign_in).await;
    let reveal = b.create_and_reveal().await;
    let key = s.the_key_shown_in(&reveal);
    assert_eq!(
        keymint_e2e::without_expiry(&key["desc"]),
        "service account, cross-origin",
        "the description as typed, with the default expiry stamped after it"
    );
    assert_eq!(s.control().tokens().len(), 1, "one token");
    b.assert_nothing_secret_kept(&[&secret, key["privateKey"].as_str().unwrap()])
        .await;
    s.close().await;
}

#[tokio::test]
async fn a_wrong_client_secret_is_explained() {
    let s = Scenario::new("sa-bad").shipped_nginx().await;
    let b = &s.page;
    s.open().await;
    let (id, _) = s.emu.service_account();
    b.sign_in(&SignIn::ServiceAccount {
        client_id: &id,
        secret: "mdb_sa_sk_wrong",
    })
    .await;
    b.fill_request(&s.request("bad secret", &["GROUP_READ_ONLY"]))
        .await;
    b.create().await;
    b.alert_containing("Wrong client ID or secret").await;
    assert!(s.emu.created_keys().is_empty());
    s.close().await;
}

#[tokio::test]
async fn leaving_the_page_revokes_the_token() {
    let s = Scenario::new("sa-exit").shipped_nginx().await;
    let b = &s.page;
    s.open().await;
    let (id, secret) = s.emu.service_account();
    b.sign_in(&SignIn::ServiceAccount {
        client_id: &id,
        secret: &secret,
    })
    .await;
    b.fill_request(&s.request("then leave", &["GROUP_READ_ONLY"]))
        .await;
    b.create_and_reveal().await;
    let curl = b.curl_command().await;
    assert!(
        curl.contains("Authorization: Bearer ********") && !curl.contains("--digest"),
        "{curl}"
    );
    b.click("Download").await;
    b.downloaded(".json").await;
    b.click("Done").await;
    assert_eq!(s.control().tokens().len(), 1);
    assert_eq!(s.control().tokens()[0]["revoked"], false);
    b.goto(&format!("{}config.json", s.url())).await;
    b.until("the token to be revoked as the page went away", || async {
        s.control()
            .tokens()
            .first()
            .is_some_and(|t| t["revoked"] == true)
    })
    .await;
    s.close().await;
}
