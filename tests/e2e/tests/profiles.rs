//! Named profiles: saved in this browser without secrets, switched with a selector, exported and imported
//! as JSON, and chosen by a deep link.

use keymint_e2e::*;

#[tokio::test]
async fn save_switch_export_import_and_link_to_a_profile() {
    let mut s = Scenario::new("profiles")
        .with_cors_anywhere()
        .static_site()
        .await;
    s.open().await;
    let proxy = s.cors_anywhere_url().to_string();
    let (public, private) = s.emu.owner();
    let b = &s.page;

    b.set_proxy_url(&proxy).await;
    b.type_into("Project ID", &s.project).await;
    b.sign_in(&SignIn::ApiKey {
        public: &public,
        private: &private,
    })
    .await;
    b.type_into("Profile name", "team-a").await;
    b.click("Save profile").await;

    // Another setting, then back to the profile.
    b.type_into("Project ID", "0123456789abcdef01234567").await;
    b.set_proxy_url("").await;
    b.select("Profile", "team-a").await;
    // Its proxy is a route change: applied only once confirmed.
    b.region("Confirm the new route").await;
    assert_eq!(b.value_of("Proxy URL").await, "");
    b.click("Use the new route").await;
    b.until("the profile to apply", || async {
        b.value_of("Project ID").await == s.project
    })
    .await;
    assert_eq!(b.value_of("Proxy URL").await, proxy.clone());

    // Export: settings only.
    b.click("Export profiles").await;
    let exported = b.downloaded("keymint-profiles.json").await;
    assert!(
        exported.contains("team-a") && exported.contains(&public) && !exported.contains(&private),
        "{exported}"
    );
    let stored = b
        .eval("return JSON.stringify(Object.assign({}, localStorage))")
        .await;
    assert!(!stored.as_str().unwrap_or_default().contains(&private));

    // A fresh browser: import the exported file, then a deep link picks the profile.
    s.new_browser("profiles-2").await;
    let file = scratch("profiles-export").join("profiles.json");
    std::fs::write(&file, &exported).unwrap();
    let b = &s.page;
    s.open().await;
    b.pick_file("Import profiles", &file).await;
    b.until("the imported profile to be listed", || async {
        b.client
            .source()
            .await
            .map(|h| h.contains("<option value=\"team-a\""))
            .unwrap_or(false)
    })
    .await;
    s.open_link("?profile=team-a&desc=linked").await;
    b.until("the linked profile to apply", || async {
        b.value_of("Project ID").await == s.project
    })
    .await;
    assert_eq!(b.value_of("Description").await, "linked");
    assert_eq!(b.value_of("Public key").await, public);
    assert_eq!(b.value_of("Private key").await, "");
    s.close().await;
}
