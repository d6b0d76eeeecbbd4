//! Routing only with consent: a profile file and a `?profile=` link that would change the proxy send
//! nothing anywhere new until the user confirms; under config.json's `lockRouting` the change is
//! refused with a clear message.

use keymint_e2e::*;
use serde_json::json;

/// A profiles file (as "Export profiles" writes it) whose one profile routes through `proxy`.
fn profiles_file(name: &str, emu: &Emulator, proxy: &str) -> std::path::PathBuf {
    let (public, _) = emu.owner();
    let file = scratch(name).join("profiles.json");
    let profiles = json!([{
        "name": "elsewhere",
        "environment": {"kind": "atlas"},
        "proxy": proxy,
        "projectId": emu.project(),
        "auth": "apiKey",
        "loginId": public,
    }]);
    std::fs::write(&file, profiles.to_string()).expect("write the profiles file");
    file
}

#[tokio::test]
async fn a_linked_profile_that_changes_the_proxy_waits_for_confirmation() {
    let s = Scenario::new("consent").shipped_nginx().await;
    let emu = &s.emu;
    let elsewhere = Tripwire::start();
    let file = profiles_file("consent-file", emu, &elsewhere.url);
    let b = &s.page;
    s.open().await;
    b.import_profiles(&file, "elsewhere").await;

    s.open_link("?profile=elsewhere&desc=linked").await;
    let pending = b
        .region("Confirm the new route")
        .await
        .text()
        .await
        .expect("the pending change");
    let new_host = elsewhere
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/');
    assert!(
        pending.contains(&format!(
            "would send your requests to {new_host} instead of /keymint/atlas"
        )),
        "{pending}"
    );
    // The profile's other settings apply; its route does not, until confirmed.
    b.until("the profile's project to apply", || async {
        b.value_of("Project ID").await == emu.project()
    })
    .await;
    assert_eq!(b.value_of("Proxy URL").await, "/keymint/atlas{path}");

    // Test connection and Create keep the current route: the key is made through the shipped
    // proxy, and the other destination sees nothing.
    b.open_settings().await;
    b.click("Test connection").await;
    b.until("the connection test to finish", || async {
        let status = b.text_of("//*[@id='connection-status']").await;
        !status.is_empty() && !status.contains("Testing")
    })
    .await;
    let (_, private) = emu.owner();
    b.type_into("Private key", &private).await;
    b.tick("GROUP_READ_ONLY").await;
    let reveal = b.create_and_reveal().await;
    s.the_key_shown_in(&reveal);
    assert_eq!(elsewhere.hits(), 0, "nothing was sent to the new route");
    b.click("Copy private key").await;
    b.status_containing("Copied").await;
    b.click("Done").await;

    // Confirmed: from now on requests go there.
    b.click("Use the new route").await;
    b.until("the new proxy to be in use", || async {
        b.value_of("Proxy URL").await == elsewhere.url
    })
    .await;
    // Test connection now goes to the new route. The shipped policy (`connect-src 'self'`) keeps
    // the browser from reaching a proxy on another origin, so the page reports that route as
    // blocked or unreachable, naming it.
    b.open_settings().await;
    b.click("Test connection").await;
    let port = elsewhere
        .url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap_or_default()
        .to_string();
    b.until("the new route to be tried", || async {
        b.text_of("//*[@id='connection-status']")
            .await
            .contains(&port)
    })
    .await;
    s.close().await;
}

#[tokio::test]
async fn lock_routing_refuses_a_profile_that_changes_the_proxy() {
    let s = Scenario::new("locked")
        .shipped_config(
            json!({"environment": "atlas", "proxy": "/keymint/atlas{path}", "lockRouting": true}),
        )
        .shipped_nginx()
        .await;
    let emu = &s.emu;
    let elsewhere = Tripwire::start();
    let file = profiles_file("locked-file", emu, &elsewhere.url);
    let b = &s.page;
    s.open().await;
    // The administrator fixed the route: the controls say so and cannot be used.
    assert!(!b.labelled("Proxy URL").await.is_enabled().await.unwrap());
    assert!(!b.labelled("Environment").await.is_enabled().await.unwrap());
    b.text_of("//*[@id='route-fixed-note']").await;

    b.import_profiles(&file, "elsewhere").await;
    b.open_settings().await;
    b.select("Profile", "elsewhere").await;
    let alert = b.alert_containing("Refused").await;
    assert!(
        alert.contains("lockRouting") && alert.contains("instead of /keymint/atlas"),
        "{alert}"
    );
    assert_eq!(b.value_of("Proxy URL").await, "/keymint/atlas{path}");
    let (_, private) = emu.owner();
    b.type_into("Description", "locked route").await;
    b.type_into("Private key", &private).await;
    b.tick("GROUP_READ_ONLY").await;
    let reveal = b.create_and_reveal().await;
    s.the_key_shown_in(&reveal);
    assert_eq!(elsewhere.hits(), 0, "nothing was sent to the refused route");
    s.close().await;
}
