//! Creating a key with a profile imported from an Atlas CLI config.toml; its secret is used only after
//! the user confirms, and is never stored.

use keymint_e2e::*;

#[tokio::test]
async fn create_with_an_imported_cli_profile() {
    let s = Scenario::new("profile").shipped_nginx().await;
    let (public, private) = s.emu.owner();
    let file = scratch("profile-file").join("config.toml");
    std::fs::write(
        &file,
        format!(
            "[demo]\n  org_id = \"{}\"\n  project_id = \"{}\"\n  public_api_key = \"{public}\"\n  private_api_key = \"{private}\"\n  service = \"cloud\"\n  output = \"json\"\n",
            s.emu.org_id(),
            s.project
        ),
    )
    .unwrap();

    let b = &s.page;
    s.open().await;
    b.open_settings().await;
    b.pick_file("Import Atlas CLI config.toml", &file).await;
    b.click("Use profile demo").await;
    b.status_containing("Profile demo applied").await;
    assert_eq!(b.value_of("Project ID").await, s.project.as_str());
    assert_eq!(b.value_of("Public key").await, public.as_str());
    assert_eq!(b.value_of("Private key").await, "", "not before confirming");
    b.click("Use the secret from this file in this tab").await;
    b.type_into("Description", "from a CLI profile").await;
    b.tick("GROUP_READ_ONLY").await;
    let reveal = b.create_and_reveal().await;
    let key = s.the_key_shown_in(&reveal);
    // The profile's `output = "json"` is the reveal's first output format.
    let shown = b.cli_output().await;
    let json: serde_json::Value =
        serde_json::from_str(&shown).expect("the output is the key as JSON");
    assert_eq!(json["publicKey"], key["publicKey"]);
    b.assert_nothing_secret_kept(&[&private, key["privateKey"].as_str().unwrap()])
        .await;
    s.close().await;
}

#[tokio::test]
async fn a_malformed_config_toml_says_which_line() {
    let s = Scenario::new("profile-bad").shipped_nginx().await;
    let file = scratch("profile-bad-file").join("config.toml");
    std::fs::write(&file, "[demo]\nproject_id = \"x\"\norg_id = oops\n").unwrap();
    s.open().await;
    s.page.open_settings().await;
    s.page
        .pick_file("Import Atlas CLI config.toml", &file)
        .await;
    let alert = s.page.alert_containing("not valid TOML").await;
    assert!(alert.contains("line 3"), "{alert}");
    s.close().await;
}
