//! The README's demo: `trunk serve` with its same-origin proxy in front of the emulator. The whole flow
//! a person goes through, driven by accessible names.

use keymint_e2e::*;
#[tokio::test]
async fn create_reveal_copy_download_and_leave_through_trunks_proxy() {
    let s = Scenario::new("trunk").trunk_serve().await;
    let b = &s.page;
    s.open().await;
    let private = s
        .fill_form_as_owner(&s.request("billing-service CI", &["GROUP_READ_ONLY"]))
        .await;
    let reveal = b.create_and_reveal().await;

    // The exact pair the emulator made, and nothing created twice.
    let keys = s.emu.created_keys();
    assert_eq!(keys.len(), 1, "exactly one create");
    let (new_id, new_public, new_private) = (
        keys[0]["id"].as_str().unwrap(),
        keys[0]["publicKey"].as_str().unwrap(),
        keys[0]["privateKey"].as_str().unwrap(),
    );
    assert!(
        reveal.contains(new_public) && reveal.contains(new_private) && reveal.contains(new_id),
        "{reveal}"
    );
    assert!(reveal.contains("ORG_MEMBER") && reveal.contains("GROUP_READ_ONLY"));
    let cli = b.cli_output().await;
    assert_eq!(cli.trim_end(), format!("API Key '{new_id}' created.\nPublic API Key {new_public}\nPrivate API Key {new_private}"));
    b.alert_containing("only once").await;
    // An artifact for people reviewing the page (not an assertion): the reveal as the user sees it.
    if let Ok(png) = b.client.screenshot().await {
        let _ = std::fs::write(std::env::temp_dir().join("keymint-reveal.png"), png);
    }

    // Leaving before the private key is saved asks first; dismissing stays on the reveal.
    b.click("Done").await;
    let prompt = b
        .client
        .get_alert_text()
        .await
        .expect("a confirmation before leaving");
    assert!(prompt.to_lowercase().contains("private key"), "{prompt}");
    b.client.dismiss_alert().await.expect("dismiss");
    b.region("New API key").await;

    // Copy buttons put the keys on the clipboard; every download holds the pair.
    b.assert_copies_and_exports(&keys[0], &s.project, "billing-service CI")
        .await;
    // The downloaded profile's section is named after the description.
    assert!(b
        .downloaded("config.toml")
        .await
        .contains("[keymint-billing-service-ci]"));

    // Output formats, rendered in Rust as the CLI's -o would.
    b.select("Output format", "json-path").await;
    b.type_into("JSONPath expression", "$.publicKey").await;
    b.until("the json-path output", || async {
        b.cli_output().await.trim() == format!("\"{new_public}\"")
    })
    .await;
    b.select("Output format", "go-template").await;
    b.type_into("Go template", "{{range .Roles}}{{.RoleName}} {{end}}")
        .await;
    b.until("the template output", || async {
        b.cli_output().await.trim() == "ORG_MEMBER GROUP_READ_ONLY"
    })
    .await;
    // The equivalent CLI command carries the same -o, quoted for the shell.
    let cmd = b.atlas_cli_command().await;
    assert!(
        cmd.ends_with("-o 'go-template={{range .Roles}}{{.RoleName}} {{end}}'"),
        "{cmd}"
    );
    b.type_into("Go template", "{{.Nope").await;
    b.alert_containing("template").await;
    b.select("Output format", "Default text").await;

    // Saved: Done leaves without asking, and the key is gone from the page.
    b.click("Done").await;
    b.button("Create API key").await;
    let html = b.source().await;
    assert!(
        !html.contains(new_private),
        "the new private key is wiped from the DOM"
    );
    b.assert_nothing_secret_kept(&[new_private, &private]).await;
    assert_eq!(s.emu.created_keys().len(), 1, "still exactly one key");
    s.close().await;
}

#[tokio::test]
async fn validation_wrong_key_and_unknown_project_through_trunks_proxy() {
    let s = Scenario::new("trunk-errors").trunk_serve().await;
    let b = &s.page;
    s.open().await;
    let (public, private) = s.emu.owner();

    // Invalid form: Create is disabled and says why; nothing is sent.
    b.type_into("Project ID", &s.project.to_uppercase()).await;
    assert!(!b.is_enabled("Create API key").await);
    let why = b.create_blockers().await;
    assert!(
        why.contains("Description") && why.contains("lower-case"),
        "{why}"
    );
    b.click("Use lowercase").await;
    let pid = b.value_of("Project ID").await;
    assert_eq!(pid, s.project);

    // A wrong private key: Atlas's 401, explained.
    b.fill_form(
        &Request {
            description: "wrong key",
            project_id: "",
            roles: &["GROUP_READ_ONLY"],
        },
        &SignIn::ApiKey {
            public: &public,
            private: "00000000-0000-0000-0000-000000000000",
        },
    )
    .await;
    b.create().await;
    b.alert_containing("Wrong public or private key").await;

    // An unknown project: GROUP_NOT_FOUND's message, next to the project ID.
    b.type_into("Private key", &private).await;
    b.type_into("Project ID", "0123456789abcdef01234567").await;
    b.create().await;
    let alert = b.alert_containing("Project not found").await;
    assert!(
        alert.contains("GROUP_NOT_FOUND") || alert.contains("No group with ID"),
        "{alert}"
    );

    assert!(s.emu.created_keys().is_empty());
    b.assert_nothing_secret_kept(&[&private]).await;
    s.close().await;
}
