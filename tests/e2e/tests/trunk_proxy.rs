//! The README's demo: `trunk serve` with its same-origin proxy in front of the emulator. The whole flow
//! a person goes through, driven by accessible names.

use keymint_e2e::*;
use std::process::Command;

struct TrunkServe {
    _proc: Proc,
    url: String,
}

fn trunk_serve(emulator: &Emulator) -> TrunkServe {
    let port = free_port();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let path = format!(
        "{}:{}",
        tools_dir().join(".bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let p = Proc::listening(
        "trunk serve",
        port,
        Command::new("trunk")
            .current_dir(&repo)
            .env("PATH", path)
            .env("TRUNK_SKIP_VERSION_CHECK", "true")
            .args([
                "serve",
                "--release",
                "--no-autoreload",
                "--address",
                "127.0.0.1",
                "--port",
                &port.to_string(),
            ])
            .arg(format!("--proxy-backend={}/", emulator.url))
            .arg("--proxy-rewrite=/atlas/")
            .arg("--dist")
            .arg(scratch("trunk-dist")),
    );
    TrunkServe {
        _proc: p,
        url: format!("http://127.0.0.1:{port}/"),
    }
}

#[tokio::test]
async fn create_reveal_copy_download_and_leave_through_trunks_proxy() {
    let emu = Emulator::start(&[]);
    let site = trunk_serve(&emu);
    let b = Browser::start("trunk").await;
    b.open(&site.url).await;
    let private = fill_form_as_owner(&b, &emu, "billing-service CI", &["GROUP_READ_ONLY"]).await;
    let reveal = create_and_reveal(&b).await;

    // The exact pair the emulator made, and nothing created twice.
    let keys = emu.created_keys();
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
    let cli = b.text_of("//pre[@id='reveal-cli-text']").await;
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

    // Copy buttons put the keys on the clipboard.
    b.click("Copy public key").await;
    b.status_containing("Copied").await;
    assert_eq!(b.clipboard().await, new_public);
    b.click("Copy private key").await;
    assert_eq!(b.clipboard().await, new_private);

    // Download: a JSON file made in the browser.
    b.click("Download").await;
    let saved: serde_json::Value = serde_json::from_str(&b.downloaded(".json").await).unwrap();
    assert_eq!(saved["publicKey"], new_public);
    assert_eq!(saved["privateKey"], new_private);
    assert_eq!(saved["id"], new_id);
    assert_eq!(saved["projectId"], emu.project());
    assert_eq!(saved["desc"], "billing-service CI");
    assert!(saved["created"]
        .as_str()
        .is_some_and(|c| c.starts_with("20")));

    // The other exports, each read back with the rules of the tool that consumes it.
    for (button, ending) in [
        ("Download .env", ".env"),
        ("Download Atlas CLI profile", "config.toml"),
        ("Download Kubernetes Secret", ".yaml"),
    ] {
        b.click(button).await;
        let text = b.downloaded(ending).await;
        assert!(
            text.contains(new_private) && text.contains(new_public),
            "{ending}: {text}"
        );
        match ending {
            ".env" => {
                assert!(text.contains(&format!("MONGODB_ATLAS_PRIVATE_API_KEY='{new_private}'")))
            }
            "config.toml" => assert!(
                text.contains("[keymint-billing-service-ci]")
                    && text.contains(&format!("project_id = \"{}\"", emu.project()))
            ),
            _ => assert!(text.contains("atlas.mongodb.com/type: \"credentials\"")),
        }
    }

    // Output formats, rendered in Rust as the CLI's -o would.
    b.select("Output format", "json-path").await;
    b.type_into("JSONPath expression", "$.publicKey").await;
    b.until("the json-path output", || async {
        b.text_of("//pre[@id='reveal-cli-text']").await.trim() == format!("\"{new_public}\"")
    })
    .await;
    b.select("Output format", "go-template").await;
    b.type_into("Go template", "{{range .Roles}}{{.RoleName}} {{end}}")
        .await;
    b.until("the template output", || async {
        b.text_of("//pre[@id='reveal-cli-text']").await.trim() == "ORG_MEMBER GROUP_READ_ONLY"
    })
    .await;
    // The equivalent CLI command carries the same -o, quoted for the shell.
    let cmd = b.text_of("//pre[@aria-label='Atlas CLI command']").await;
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
    let html = b.client.source().await.unwrap();
    assert!(
        !html.contains(new_private),
        "the new private key is wiped from the DOM"
    );
    b.assert_nothing_secret_kept(&[new_private, &private]).await;
    assert_eq!(emu.created_keys().len(), 1, "still exactly one key");
    b.close().await;
}

#[tokio::test]
async fn validation_wrong_key_and_unknown_project_through_trunks_proxy() {
    let emu = Emulator::start(&[]);
    let site = trunk_serve(&emu);
    let b = Browser::start("trunk-errors").await;
    b.open(&site.url).await;
    let (public, private) = emu.owner();

    // Invalid form: Create is disabled and says why; nothing is sent.
    b.type_into("Project ID", &emu.project().to_uppercase())
        .await;
    assert!(!b.is_enabled("Create API key").await);
    let why = b.text_of("//*[@id='create-blockers']").await;
    assert!(
        why.contains("Description") && why.contains("lower-case"),
        "{why}"
    );
    b.click("Use lowercase").await;
    let pid = b.value_of("Project ID").await;
    assert_eq!(pid, emu.project());

    // A wrong private key: Atlas's 401, explained.
    fill_form(
        &b,
        "wrong key",
        "",
        &["GROUP_READ_ONLY"],
        &public,
        "00000000-0000-0000-0000-000000000000",
    )
    .await;
    b.click("Create API key").await;
    b.alert_containing("Wrong public or private key").await;

    // An unknown project: GROUP_NOT_FOUND's message, next to the project ID.
    b.type_into("Private key", &private).await;
    b.type_into("Project ID", "0123456789abcdef01234567").await;
    b.click("Create API key").await;
    let alert = b.alert_containing("Project not found").await;
    assert!(
        alert.contains("GROUP_NOT_FOUND") || alert.contains("No group with ID"),
        "{alert}"
    );

    assert!(emu.created_keys().is_empty());
    b.assert_nothing_secret_kept(&[&private]).await;
    b.close().await;
}
