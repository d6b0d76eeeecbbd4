//! Named profiles: saved in this browser without secrets, switched with a selector, exported and imported
//! as JSON, and chosen by a deep link.

use keymint_e2e::*;

#[tokio::test]
async fn save_switch_export_import_and_link_to_a_profile() {
    let emu = Emulator::start(&[]);
    let site_dir = dist_copy("profiles", config("custom", &emu.url, ""));
    let site = StaticServer::start(&site_dir);
    let proxy = CorsAnywhere::start(&site.origin);
    let b = Browser::start("profiles").await;
    b.open(&format!("{}/", site.origin)).await;
    let (public, private) = emu.owner();

    b.type_into("Proxy URL", &proxy.url).await;
    b.type_into("Project ID", &emu.project()).await;
    b.type_into("Public key", &public).await;
    b.type_into("Private key", &private).await;
    b.type_into("Profile name", "team-a").await;
    b.click("Save profile").await;

    // Another setting, then back to the profile.
    b.type_into("Project ID", "0123456789abcdef01234567").await;
    b.type_into("Proxy URL", "").await;
    b.select("Profile", "team-a").await;
    // Its proxy is a route change: applied only once confirmed.
    b.region("Confirm the new route").await;
    assert_eq!(b.value_of("Proxy URL").await, "");
    b.click("Use the new route").await;
    b.until("the profile to apply", || async {
        b.value_of("Project ID").await == emu.project()
    })
    .await;
    assert_eq!(b.value_of("Proxy URL").await, proxy.url.clone());

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
    b.close().await;
    let file = scratch("profiles-export").join("profiles.json");
    std::fs::write(&file, &exported).unwrap();
    let b = Browser::start("profiles-2").await;
    b.open(&format!("{}/", site.origin)).await;
    b.pick_file("Import profiles", &file).await;
    b.until("the imported profile to be listed", || async {
        b.client
            .source()
            .await
            .map(|h| h.contains("<option value=\"team-a\""))
            .unwrap_or(false)
    })
    .await;
    b.open(&format!("{}/?profile=team-a&desc=linked", site.origin))
        .await;
    b.until("the linked profile to apply", || async {
        b.value_of("Project ID").await == emu.project()
    })
    .await;
    assert_eq!(b.value_of("Description").await, "linked");
    assert_eq!(b.value_of("Public key").await, public);
    assert_eq!(b.value_of("Private key").await, "");
    b.close().await;
}
