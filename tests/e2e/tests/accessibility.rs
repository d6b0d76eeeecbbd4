//! WCAG 2.2 A/AA and best practices, checked by axe-core in every state a person meets (the empty
//! form, the form with errors, Settings open, the reveal), in light and dark; a key created with the
//! keyboard alone; and a print of the reveal that holds no key. axe and the keyboard run in all three
//! engines; dark and print, which need DevTools emulation, in Chromium.

use fantoccini::key::Key;
use keymint_e2e::*;

in_engines!(axe_finds_no_violation_in_any_state_light_or_dark: chromium, firefox, webkit);
async fn axe_finds_no_violation_in_any_state_light_or_dark(engine: Engine) {
    let s = Scenario::new("a11y").engine(engine).shipped_nginx().await;
    s.open().await;
    let b = &s.page;
    // config.json defines the connection: Settings is folded, saying where requests go.
    b.text_of("//details[@id='settings']/summary[contains(., 'Atlas via /keymint/atlas')]")
        .await;
    b.assert_accessible("the empty form").await;

    // Errors next to their fields, and the list of problems under the disabled Create button.
    b.type_into("Description", &"too long ".repeat(30)).await;
    b.type_into("Project ID", "not-a-project").await;
    b.tick("GROUP_READ_ONLY").await;
    b.tick("GROUP_READ_ONLY").await;
    b.text_of("//*[@id='description-errors']").await;
    b.text_of("//*[@id='project-id-errors']").await;
    b.text_of("//*[@id='roles-errors']").await;
    b.assert_accessible("the form with errors").await;

    b.open_settings().await;
    b.tick("Service account").await;
    b.assert_accessible("Settings open, service account").await;
    b.tick("API key").await;

    let (reveal, private) = s
        .create_as_owner(&s.request("accessible key", &["GROUP_READ_ONLY"]))
        .await;
    let key = s.the_key_shown_in(&reveal);
    b.status_containing("New API key created").await;
    b.assert_accessible("the reveal").await;
    let new_private = key["privateKey"].as_str().unwrap_or_default();

    // Printing the reveal prints a notice, never the key or the caller's secret. (Print media is
    // emulated through DevTools, which only Chromium's driver offers.)
    if engine != Engine::Chromium {
        s.close().await;
        return;
    }
    let printed = b.printed_text().await;
    assert!(
        printed.contains("is not printed"),
        "the print notice: {printed}"
    );
    assert!(
        !new_private.is_empty() && !printed.contains(new_private) && !printed.contains(&private),
        "a secret in the print: {printed}"
    );
    s.close().await;
}

in_engines!(a_key_is_created_with_the_keyboard_alone: chromium, firefox, webkit);
async fn a_key_is_created_with_the_keyboard_alone(engine: Engine) {
    let s = Scenario::new("keyboard")
        .engine(engine)
        .shipped_nginx()
        .await;
    s.open().await;
    let b = &s.page;
    let (public, private) = s.emu.owner();

    // From the top of the page, Description is the first field Tab reaches (only the folded
    // Settings summary comes before it).
    let before = b.tab_to("Description").await;
    assert_eq!(before, ["summary"], "what Tab reaches before Description");
    b.type_keys("made by keyboard").await;
    b.tab_to("Project ID").await;
    b.type_keys(&s.project).await;
    b.tab_to("GROUP_READ_ONLY").await;
    b.press(&[Key::Space.into()]).await;
    b.tab_to("Public key").await;
    b.type_keys(&public).await;
    b.tab_to("Private key").await;
    b.type_keys(&private).await;
    b.until("Create to be enabled", || async {
        b.is_enabled("Create API key").await
    })
    .await;
    // Tab goes on from the private key to Create.
    let mut presses = 0;
    while b
        .eval("return document.activeElement.textContent.trim()")
        .await
        != serde_json::json!("Create API key")
    {
        b.press(&[Key::Tab.into()]).await;
        presses += 1;
        assert!(presses < 10, "Tab never reached Create API key");
    }
    b.press(&[Key::Enter.into()]).await;
    let reveal = b.reveal_text().await;
    let key = s.the_key_shown_in(&reveal);
    assert_eq!(
        keymint_e2e::without_expiry(&key["desc"]),
        "made by keyboard",
        "the description as typed, with the default expiry stamped after it"
    );
    // Focus lands on the reveal, so the keyboard continues from there.
    assert_eq!(b.focused().await, "h2#reveal-title");
    s.close().await;
}
