//! Keymint's page as the tests see it: the form (request, sign-in, connection settings), the create
//! button, and the reveal with its outputs. Every method acts by accessible name or by an element ID the
//! page documents, so a test reads as the steps a person takes. Generic browser steps (type into a
//! labelled field, click a button, wait for an alert) come from [`Browser`], which the page derefs to.

use crate::browser::{Browser, Engine};
use serde_json::Value;
use std::ops::Deref;
use std::path::Path;

/// The request part of the form.
#[derive(Clone, Copy, Debug, Default)]
pub struct Request<'a> {
    pub description: &'a str,
    pub project_id: &'a str,
    /// Project roles to tick, by their label (`GROUP_READ_ONLY`, ...).
    pub roles: &'a [&'a str],
}

/// How the caller signs in.
#[derive(Clone, Copy, Debug)]
pub enum SignIn<'a> {
    /// HTTP Digest with a programmatic API key.
    ApiKey { public: &'a str, private: &'a str },
    /// OAuth client credentials.
    ServiceAccount { client_id: &'a str, secret: &'a str },
}

/// Keymint's page in a browser.
pub struct KeymintPage {
    browser: Browser,
}

impl Deref for KeymintPage {
    type Target = Browser;
    fn deref(&self) -> &Browser {
        &self.browser
    }
}

impl KeymintPage {
    /// Every resource the page has fetched so far, by URL path (the Resource Timing list): what
    /// loaded up front, and what loaded on demand.
    pub async fn fetched_paths(&self) -> Vec<String> {
        let names = self
            .eval("return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname);")
            .await;
        names
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A fresh browser (its own profile and download folder, named `name`), on no page yet.
    pub async fn start(name: &str) -> KeymintPage {
        KeymintPage::start_in(name, Engine::Chromium).await
    }

    /// As [`KeymintPage::start`], in the browser `engine`.
    pub async fn start_in(name: &str, engine: Engine) -> KeymintPage {
        KeymintPage {
            browser: Browser::start_in(name, engine).await,
        }
    }

    /// Opens the page at `url`, waits until the form is usable, then keeps what the page logs.
    pub async fn open(&self, url: &str) {
        self.goto(url).await;
        self.button("Create API key").await;
        self.capture_console().await;
    }

    /// Types the description and project ID and ticks the roles, as a person would.
    pub async fn fill_request(&self, request: &Request<'_>) {
        self.type_into("Description", request.description).await;
        // An empty project ID keeps the one already in the form.
        if !request.project_id.is_empty() {
            self.type_into("Project ID", request.project_id).await;
        }
        for role in request.roles {
            self.tick(role).await;
        }
    }

    /// Signs in: an API key's public and private key, or "Service account" and its client ID and secret.
    pub async fn sign_in(&self, sign_in: &SignIn<'_>) {
        match *sign_in {
            SignIn::ApiKey { public, private } => {
                self.type_into("Public key", public).await;
                self.type_into("Private key", private).await;
            }
            SignIn::ServiceAccount { client_id, secret } => {
                self.tick("Service account").await;
                self.type_into("Client ID", client_id).await;
                self.type_into("Client secret", secret).await;
            }
        }
    }

    /// The whole form: the request, then the sign-in.
    pub async fn fill_form(&self, request: &Request<'_>, sign_in: &SignIn<'_>) {
        self.fill_request(request).await;
        self.sign_in(sign_in).await;
    }

    /// Unfolds the Settings area with a click on its summary, as a person would (it starts folded when
    /// config.json defines the connection); nothing when it is open already.
    pub async fn open_settings(&self) {
        // Its fields appear once config.json was read.
        self.labelled("Proxy URL").await;
        let settings = self
            .find("//details[@id='settings']", "the Settings area")
            .await;
        if settings
            .attr("open")
            .await
            .expect("open attribute")
            .is_none()
        {
            self.find("//details[@id='settings']/summary", "the Settings summary")
                .await
                .click()
                .await
                .expect("open Settings");
        }
        self.until("Settings to be open", || async {
            self.eval("return document.getElementById('settings').open")
                .await
                .as_bool()
                .unwrap_or(false)
        })
        .await;
    }

    /// Types a proxy into the Connection settings' "Proxy URL".
    pub async fn set_proxy_url(&self, proxy: &str) {
        self.type_into("Proxy URL", proxy).await;
    }

    /// Presses "Test connection" and waits until its status says `text`; returns the status.
    pub async fn test_connection(&self, text: &str) -> String {
        self.click("Test connection").await;
        self.text_of(&format!(
            "//*[@id='connection-status'][contains(., \"{text}\")]"
        ))
        .await
    }

    /// Picks a profiles file in "Import profiles" and waits until the profile `name` is listed.
    pub async fn import_profiles(&self, file: &Path, name: &str) {
        self.pick_file("Import profiles", file).await;
        let option = format!("<option value=\"{name}\"");
        self.until(
            &format!("the imported profile {name:?} to be listed"),
            || async { self.source().await.contains(&option) },
        )
        .await;
    }

    /// Presses "Create API key" once.
    pub async fn create(&self) {
        self.click("Create API key").await;
    }

    /// Presses "Create API key" and returns the reveal's text once it shows.
    pub async fn create_and_reveal(&self) -> String {
        self.create().await;
        self.reveal_text().await
    }

    /// The text of the "New API key" region (waits until it shows).
    pub async fn reveal_text(&self) -> String {
        self.region("New API key")
            .await
            .text()
            .await
            .expect("reveal text")
    }

    /// The reveal's output in the chosen `-o` format.
    pub async fn cli_output(&self) -> String {
        self.text_of("//pre[@id='reveal-cli-text']").await
    }

    /// The reveal's equivalent `curl` command (private key masked).
    pub async fn curl_command(&self) -> String {
        self.text_of("//pre[@id='reveal-curl-command']").await
    }

    /// The reveal's equivalent `atlas projects apiKeys create` command.
    pub async fn atlas_cli_command(&self) -> String {
        self.text_of("//pre[@aria-label='Atlas CLI command']").await
    }

    /// Why "Create API key" is disabled.
    pub async fn create_blockers(&self) -> String {
        self.text_of("//*[@id='create-blockers']").await
    }

    /// Copies the new private key (so the reveal may be left without asking) and waits for "Copied".
    pub async fn copy_private_key(&self) {
        self.click("Copy private key").await;
        self.status_containing("Copied").await;
    }

    /// Whether a checkbox a label names is ticked.
    pub async fn is_ticked(&self, label: &str) -> bool {
        let checked = self
            .labelled(label)
            .await
            .prop("checked")
            .await
            .expect("the checked property");
        match checked.as_deref() {
            Some("true") => true,
            Some("false") => false,
            other => panic!("{label} is not a checkbox (checked = {other:?})"),
        }
    }

    /// The reveal's copy buttons and every download, checked against `key` (the emulator's record of
    /// the new key) and what the request said: the clipboard holds exactly each key, and each file
    /// holds the pair in the form the tool that reads it expects.
    pub async fn assert_copies_and_exports(&self, key: &Value, project: &str, description: &str) {
        let text = |field: &str| key[field].as_str().unwrap_or_default().to_string();
        let (new_id, new_public, new_private) = (text("id"), text("publicKey"), text("privateKey"));
        self.click("Copy public key").await;
        self.status_containing("Copied").await;
        assert_eq!(self.clipboard().await, new_public, "Copy public key");
        self.click("Copy private key").await;
        self.status_containing("Copied the private key").await;
        assert_eq!(self.clipboard().await, new_private, "Copy private key");

        // Download: a JSON file made in the browser.
        self.click("Download").await;
        let saved: Value = serde_json::from_str(&self.downloaded(".json").await).expect("JSON");
        assert_eq!(saved["publicKey"], new_public);
        assert_eq!(saved["privateKey"], new_private);
        assert_eq!(saved["id"], new_id);
        assert_eq!(saved["projectId"], project);
        assert_eq!(crate::without_expiry(&saved["desc"]), description);
        assert!(saved["created"]
            .as_str()
            .is_some_and(|c| c.starts_with("20")));

        // The other exports, each read back with the rules of the tool that consumes it.
        for (button, ending) in [
            ("Download .env", ".env"),
            ("Download Atlas CLI profile", "config.toml"),
            ("Download Kubernetes Secret", ".yaml"),
        ] {
            self.click(button).await;
            let text = self.downloaded(ending).await;
            assert!(
                text.contains(&new_private) && text.contains(&new_public),
                "{ending}: {text}"
            );
            match ending {
                ".env" => assert!(
                    text.contains(&format!("MONGODB_ATLAS_PRIVATE_API_KEY='{new_private}'")),
                    "{text}"
                ),
                "config.toml" => assert!(
                    text.contains(&format!("project_id = \"{project}\"")),
                    "{text}"
                ),
                _ => assert!(
                    text.contains("atlas.mongodb.com/type: \"credentials\""),
                    "{text}"
                ),
            }
        }
    }
}
