//! When the answer to a create goes wrong, through the shipped nginx config: the page says what is
//! known (the key may exist, or does exist without its private key), never sends the create again by
//! itself, and a create the user asks for again still works.

use keymint_e2e::*;

in_engines!(lost_or_unreadable_answers_are_explained_and_never_resent: chromium, firefox, webkit);
async fn lost_or_unreadable_answers_are_explained_and_never_resent(engine: Engine) {
    let s = Scenario::new("reliability")
        .engine(engine)
        .shipped_nginx()
        .await;
    let b = &s.page;
    s.open().await;
    let private = s
        .fill_form_as_owner(&s.request("flaky network", &["GROUP_READ_ONLY"]))
        .await;

    // 1. Atlas creates the key, then the connection drops: nginx answers 502. The key may exist.
    s.control().inject_faults(r#"{"dropAfterCreate":1}"#);
    b.create().await;
    b.region("Check Atlas before trying again").await;
    let alert = b.alert_containing("may have been created").await;
    assert!(alert.contains("502"), "{alert}");
    assert!(
        alert.contains("atlas projects apiKeys list"),
        "says how to check: {alert}"
    );
    let keys = s.emu.created_keys();
    assert_eq!(keys.len(), 1, "the key exists at Atlas");
    let lost = keys[0]["privateKey"].as_str().unwrap().to_string();
    assert!(!b.source().await.contains(&lost));
    b.click("I have checked: back to the form").await;
    b.button("Create API key").await;
    assert_eq!(
        s.emu.created_keys().len(),
        1,
        "nothing was sent again by the page"
    );

    // 2. Atlas answers 200 but the body is mangled: the key exists, its private key is lost.
    s.control().inject_faults(r#"{"malformedBody":1}"#);
    b.create().await;
    let alert = b.alert_containing("could not be read").await;
    assert!(alert.contains("was created"), "{alert}");
    assert_eq!(s.emu.created_keys().len(), 2, "one key per press, no more");
    b.click("I have checked: back to the form").await;

    // 3. Rate limited: nothing was created, Atlas's message says to wait; pressing again works.
    s.control().inject_faults(r#"{"rateLimit":1}"#);
    b.create().await;
    let alert = b.alert_containing("Too many requests").await;
    assert!(alert.contains("Retry-After"), "{alert}");
    assert_eq!(s.emu.created_keys().len(), 2);
    let reveal = b.create_and_reveal().await;
    let keys = s.emu.created_keys();
    assert_eq!(keys.len(), 3);
    assert!(reveal.contains(keys[2]["privateKey"].as_str().unwrap()));

    b.assert_nothing_secret_kept(&[&private, &lost, keys[2]["privateKey"].as_str().unwrap()])
        .await;
    s.close().await;
}

#[tokio::test]
async fn a_dropped_answer_through_cors_anywhere_is_an_unknown_outcome_too() {
    let s = Scenario::new("reliability-cors")
        .with_cors_anywhere()
        .static_site()
        .await;
    let b = &s.page;
    s.open_through_cors_anywhere().await;
    let private = s
        .fill_form_as_owner(&s.request("flaky cors-anywhere", &["GROUP_READ_ONLY"]))
        .await;
    // cors-anywhere turns the dropped upstream connection into its own 404 "proxy error".
    s.control().inject_faults(r#"{"dropAfterCreate":1}"#);
    b.create().await;
    b.region("Check Atlas before trying again").await;
    let alert = b.alert_containing("may have been created").await;
    assert!(alert.contains("proxy error"), "{alert}");
    assert_eq!(s.emu.created_keys().len(), 1);
    b.click("I have checked: back to the form").await;
    b.button("Create API key").await;
    assert_eq!(s.emu.created_keys().len(), 1, "nothing was sent again");
    b.assert_nothing_secret_kept(&[
        &private,
        s.emu.created_keys()[0]["privateKey"].as_str().unwrap(),
    ])
    .await;
    s.close().await;
}
