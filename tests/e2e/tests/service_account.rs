//! A service account (OAuth client credentials) creates a key through Trunk-like same-origin proxying
//! (nginx, the shipped config); the token and secret never reach storage or the URL.

use keymint_e2e::*;

#[tokio::test]
async fn a_service_account_creates_a_key() {
    let emu = Emulator::start(&[]);
    let nginx = Nginx::shipped("sa-nginx", "atlas", &emu);
    let b = Browser::start("sa").await;
    b.open(&nginx.page()).await;
    let sa = &emu.info["serviceAccounts"][0];
    let (id, secret) = (
        sa["clientId"].as_str().unwrap(),
        sa["clientSecret"].as_str().unwrap(),
    );

    sign_in_as_service_account(&b, id, secret).await;
    fill_request(
        &b,
        "from a service account",
        &emu.project(),
        &["GROUP_READ_ONLY"],
    )
    .await;
    let reveal = create_and_reveal(&b).await;
    let key = emu.the_key_shown_in(&reveal);
    b.assert_nothing_secret_kept(&[secret, key["privateKey"].as_str().unwrap()])
        .await;
    let html = b.client.source().await.unwrap();
    assert!(!html.contains("access_token"));

    // A second key within the hour reuses the token in memory.
    b.click("Copy private key").await;
    b.status_containing("Copied").await;
    b.click("New key").await;
    b.type_into("Description", "second key").await;
    b.tick("GROUP_READ_ONLY").await;
    create_and_reveal(&b).await;
    assert_eq!(emu.created_keys().len(), 2);
    assert_eq!(emu.tokens().len(), 1, "one token for both creates");
    b.click("Copy private key").await;
    b.status_containing("Copied").await;
    b.click("New key").await;

    // Atlas drops the token early: its 401 created nothing, so the page gets a new token and the
    // third key is created with one press.
    emu.expire_tokens();
    b.type_into("Description", "third key").await;
    b.tick("GROUP_READ_ONLY").await;
    let reveal = create_and_reveal(&b).await;
    let keys = emu.created_keys();
    assert_eq!(keys.len(), 3, "one key per press");
    assert!(reveal.contains(keys[2]["privateKey"].as_str().unwrap()));
    assert_eq!(emu.tokens().len(), 2, "a new token after the 401");
    b.click("Copy private key").await;
    b.status_containing("Copied").await;
    b.click("Done").await;

    // Signing out revokes the token in use and clears the secret.
    b.click("Sign out").await;
    b.until("the token to be revoked", || async {
        emu.tokens().iter().any(|t| t["revoked"] == true)
    })
    .await;
    assert_eq!(b.value_of("Client secret").await, "");
    b.close().await;
}

#[tokio::test]
async fn a_wrong_client_secret_is_explained() {
    let emu = Emulator::start(&[]);
    let nginx = Nginx::shipped("sa-bad-nginx", "atlas", &emu);
    let b = Browser::start("sa-bad").await;
    b.open(&nginx.page()).await;
    let sa = &emu.info["serviceAccounts"][0];
    sign_in_as_service_account(&b, sa["clientId"].as_str().unwrap(), "mdb_sa_sk_wrong").await;
    fill_request(&b, "bad secret", &emu.project(), &["GROUP_READ_ONLY"]).await;
    b.click("Create API key").await;
    b.alert_containing("Wrong client ID or secret").await;
    assert!(emu.created_keys().is_empty());
    b.close().await;
}

#[tokio::test]
async fn leaving_the_page_revokes_the_token() {
    let emu = Emulator::start(&[]);
    let nginx = Nginx::shipped("sa-exit-nginx", "atlas", &emu);
    let b = Browser::start("sa-exit").await;
    b.open(&nginx.page()).await;
    let sa = &emu.info["serviceAccounts"][0];
    sign_in_as_service_account(
        &b,
        sa["clientId"].as_str().unwrap(),
        sa["clientSecret"].as_str().unwrap(),
    )
    .await;
    fill_request(&b, "then leave", &emu.project(), &["GROUP_READ_ONLY"]).await;
    create_and_reveal(&b).await;
    let curl = b.text_of("//pre[@id='reveal-curl-command']").await;
    assert!(
        curl.contains("Authorization: Bearer ********") && !curl.contains("--digest"),
        "{curl}"
    );
    b.click("Download").await;
    b.downloaded(".json").await;
    b.click("Done").await;
    assert_eq!(emu.tokens().len(), 1);
    assert_eq!(emu.tokens()[0]["revoked"], false);
    b.client
        .goto(&format!("{}/keymint/config.json", nginx.origin))
        .await
        .unwrap();
    b.until("the token to be revoked as the page went away", || async {
        emu.tokens().first().is_some_and(|t| t["revoked"] == true)
    })
    .await;
    b.close().await;
}
