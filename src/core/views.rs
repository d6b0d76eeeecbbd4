//! What the page hands a view that loads on demand (its own wasm module, mounted into its own
//! element): the settings it works with, which hold no secret and travel as a JS value, and apart
//! from them the one secret (the private key or client secret), in memory as a string argument.
//! Nothing of either goes through storage or the URL.

use serde::{Deserialize, Serialize};

use super::credentials::{AuthKind, Credentials};
use super::environment::Environment;

/// A view's settings: where requests go, who signs, which project. No secret, by type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ViewSettings {
    pub environment: Environment,
    /// The proxy setting, as the page uses it.
    pub proxy: String,
    pub timeout_seconds: u32,
    pub auth: AuthKind,
    /// The public key or the client ID.
    pub login_id: String,
    pub project_id: String,
    /// The "Organization ID" setting, when known (else the view reads it from the project's keys).
    #[serde(default)]
    pub org_id: String,
    /// Set when Project keys opens for a create whose answer was lost ("Look for the key in
    /// Atlas"): the description that create sent, stamp included. The view lists the project at
    /// once and shows only the keys so described, until "Show all keys".
    #[serde(default)]
    pub lost_desc: Option<String>,
    /// config.json's `maxKeyLifetimeDays`: a rotation's new key gets the expiry a new form does.
    #[serde(default)]
    pub max_key_days: Option<u32>,
}

impl ViewSettings {
    /// The settings of the page's caller, for a view about `project_id`.
    pub fn of(
        environment: &Environment,
        proxy: &str,
        timeout_seconds: u32,
        credentials: &Credentials,
        project_id: &str,
        org_id: &str,
    ) -> Self {
        ViewSettings {
            environment: environment.clone(),
            proxy: proxy.to_string(),
            timeout_seconds,
            auth: credentials.kind,
            login_id: credentials.login_id().to_string(),
            project_id: project_id.trim().to_string(),
            org_id: org_id.trim().to_string(),
            lost_desc: None,
            max_key_days: None,
        }
    }

    /// The same settings under the deployment's expiry policy (`maxKeyLifetimeDays`).
    pub fn with_max_key_days(mut self, max_key_days: Option<u32>) -> Self {
        self.max_key_days = max_key_days;
        self
    }

    /// The same caller, for Project keys opened to find what a create whose answer was lost may
    /// have made: the project it was sent to, and the description it sent.
    pub fn for_lost_create(mut self, project_id: &str, desc: &str) -> Self {
        self.project_id = project_id.to_string();
        self.lost_desc = Some(desc.to_string());
        self
    }

    /// Who signs and through what: the part of the settings that, when it changes, closes an open
    /// view (a view never signs as someone the page no longer is). The project, the organization
    /// and what the view looks for are the view's own once it is open: typing another project ID
    /// in the form leaves a rotation under way in the view alone.
    pub fn caller(&self) -> (&Environment, &str, u32, AuthKind, &str) {
        (
            &self.environment,
            &self.proxy,
            self.timeout_seconds,
            self.auth,
            &self.login_id,
        )
    }

    /// The caller's credentials, with the secret the page handed over beside these settings.
    pub fn credentials(&self, secret: &str) -> Credentials {
        let mut credentials = Credentials {
            kind: self.auth,
            ..Credentials::default()
        };
        match self.auth {
            AuthKind::ApiKey => {
                credentials.public_key = self.login_id.clone();
                credentials.private_key = secret.to_string();
            }
            AuthKind::ServiceAccount => {
                credentials.client_id = self.login_id.clone();
                credentials.client_secret = secret.to_string();
            }
        }
        credentials
    }
}

/// The secret of `credentials` that a view needs beside its settings.
pub fn secret_of(credentials: &Credentials) -> &str {
    match credentials.kind {
        AuthKind::ApiKey => &credentials.private_key,
        AuthKind::ServiceAccount => &credentials.client_secret,
    }
}

/// The views of sealed keys, one module (`keymint-sealed`): neither needs the caller's credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SealedView {
    /// "Request a key": the requester's identity and request link.
    RequestKey,
    /// "Open a sealed key": the requester opens what the admin sent.
    OpenSealed,
}

impl SealedView {
    /// The view's name on the page (its button and its heading).
    pub fn name(self) -> &'static str {
        match self {
            SealedView::RequestKey => "Request a key",
            SealedView::OpenSealed => "Open a sealed key",
        }
    }
}

/// What the page hands a sealed-keys view: no secret and no route, only what a request is checked
/// against (the API's roles, the deployment's expiry policy, today) and the page's address for the
/// request link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SealedViewSettings {
    pub view: SealedView,
    pub environment: Environment,
    pub max_key_days: Option<u32>,
    /// The page's address, without query or fragment.
    pub page_url: String,
}
