//! When the answer to a create goes wrong, through the shipped nginx config: the page says what is
//! known (the key may exist, or does exist without its private key), never sends the create again by
//! itself, and a create the user asks for again still works.

use keymint_e2e::*;

#[tokio::test]
async fn lost_or_unreadable_answers_are_explained_and_never_resent() {
    let emu = Emulator::start(&[]);
    let nginx = Nginx::shipped("nginx-reliability", "atlas", &emu);
    let b = Browser::start("reliability").await;
    b.open(&nginx.page()).await;
    let private = fill_form_as_owner(&b, &emu, "flaky network", &["GROUP_READ_ONLY"]).await;

    // 1. Atlas creates the key, then the connection drops: nginx answers 502. The key may exist.
    emu.inject_faults(r#"{"dropAfterCreate":1}"#);
    b.click("Create API key").await;
    b.region("Check Atlas before trying again").await;
    let alert = b.alert_containing("may have been created").await;
    assert!(alert.contains("502"), "{alert}");
    assert!(
        alert.contains("atlas projects apiKeys list"),
        "says how to check: {alert}"
    );
    let keys = emu.created_keys();
    assert_eq!(keys.len(), 1, "the key exists at Atlas");
    let lost = keys[0]["privateKey"].as_str().unwrap().to_string();
    assert!(!b.client.source().await.unwrap().contains(&lost));
    b.click("I have checked: back to the form").await;
    b.button("Create API key").await;
    assert_eq!(
        emu.created_keys().len(),
        1,
        "nothing was sent again by the page"
    );

    // 2. Atlas answers 200 but the body is mangled: the key exists, its private key is lost.
    emu.inject_faults(r#"{"malformedBody":1}"#);
    b.click("Create API key").await;
    let alert = b.alert_containing("could not be read").await;
    assert!(alert.contains("was created"), "{alert}");
    assert_eq!(emu.created_keys().len(), 2, "one key per press, no more");
    b.click("I have checked: back to the form").await;

    // 3. Rate limited: nothing was created, Atlas's message says to wait; pressing again works.
    emu.inject_faults(r#"{"rateLimit":1}"#);
    b.click("Create API key").await;
    let alert = b.alert_containing("Too many requests").await;
    assert!(alert.contains("Retry-After"), "{alert}");
    assert_eq!(emu.created_keys().len(), 2);
    let reveal = create_and_reveal(&b).await;
    let keys = emu.created_keys();
    assert_eq!(keys.len(), 3);
    assert!(reveal.contains(keys[2]["privateKey"].as_str().unwrap()));

    b.assert_nothing_secret_kept(&[&private, &lost, keys[2]["privateKey"].as_str().unwrap()])
        .await;
    b.close().await;
}

#[tokio::test]
async fn a_dropped_answer_through_cors_anywhere_is_an_unknown_outcome_too() {
    let emu = Emulator::start(&[]);
    let site_dir = dist_copy("reliability-cors", config("custom", &emu.url, ""));
    let site = StaticServer::start(&site_dir);
    let proxy = CorsAnywhere::start(&site.origin);
    let b = Browser::start("reliability-cors").await;
    b.open(&format!("{}/", site.origin)).await;
    b.type_into("Proxy URL", &proxy.url).await;
    let private = fill_form_as_owner(&b, &emu, "flaky cors-anywhere", &["GROUP_READ_ONLY"]).await;
    // cors-anywhere turns the dropped upstream connection into its own 404 "proxy error".
    emu.inject_faults(r#"{"dropAfterCreate":1}"#);
    b.click("Create API key").await;
    b.region("Check Atlas before trying again").await;
    let alert = b.alert_containing("may have been created").await;
    assert!(alert.contains("proxy error"), "{alert}");
    assert_eq!(emu.created_keys().len(), 1);
    b.click("I have checked: back to the form").await;
    b.button("Create API key").await;
    assert_eq!(emu.created_keys().len(), 1, "nothing was sent again");
    b.assert_nothing_secret_kept(&[
        &private,
        emu.created_keys()[0]["privateKey"].as_str().unwrap(),
    ])
    .await;
    b.close().await;
}
