//! Whether the page may send: everything that keeps "Create API key" disabled, in form order,
//! in words the page shows as-is.

use super::credentials::{AuthKind, Credentials};
use super::environment::{validate_base_url, Environment};
use super::oauth::{ClientId, ClientSecret, OAuthError};
use super::proxy::{ProxyError, ProxyRoute};
use super::request::{FieldError, ValidationErrors};
use super::routing::RouteRefusal;

/// One reason the request cannot be sent yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocker {
    /// The custom base URL is unusable; the text says why.
    BaseUrl(String),
    Proxy(ProxyError),
    /// The administrator's lock does not allow this environment, base URL or proxy.
    RouteNotAllowed(RouteRefusal),
    PublicKeyMissing,
    PrivateKeyMissing,
    /// The service account's client ID or secret is missing or malformed.
    ServiceAccount(OAuthError),
    Request(FieldError),
}

impl Blocker {
    /// What to fix, as one sentence.
    pub fn message(&self) -> String {
        match self {
            Blocker::BaseUrl(why) => format!("Base URL: {why}"),
            Blocker::Proxy(error) => error.message(),
            Blocker::RouteNotAllowed(why) => why.message(),
            Blocker::PublicKeyMissing => {
                "Public key: enter the public key of the API key you sign in with.".to_string()
            }
            Blocker::PrivateKeyMissing => {
                "Private key: enter the private key of the API key you sign in with.".to_string()
            }
            Blocker::ServiceAccount(error) => error.message(),
            Blocker::Request(error) => format!("{} {}", error.message(), error.fix()),
        }
    }
}

/// Everything that keeps the request from being sent, in the order the form shows the fields.
pub fn blockers(
    environment: &Environment,
    proxy: &str,
    credentials: &Credentials,
    validation: Option<&ValidationErrors>,
) -> Vec<Blocker> {
    let mut found = Vec::new();
    if let Environment::Custom { base_url, .. } = environment {
        if let Err(why) = validate_base_url(base_url) {
            found.push(Blocker::BaseUrl(why));
        }
    }
    if let Err(error) = ProxyRoute::parse(proxy) {
        found.push(Blocker::Proxy(error));
    }
    match credentials.kind {
        AuthKind::ApiKey => {
            if credentials.public_key.trim().is_empty() {
                found.push(Blocker::PublicKeyMissing);
            }
            if credentials.private_key.trim().is_empty() {
                found.push(Blocker::PrivateKeyMissing);
            }
        }
        AuthKind::ServiceAccount => {
            if let Err(e) = ClientId::parse(&credentials.client_id) {
                found.push(Blocker::ServiceAccount(e));
            }
            if let Err(e) = ClientSecret::parse(&credentials.client_secret) {
                found.push(Blocker::ServiceAccount(e));
            }
        }
    }
    if let Some(errors) = validation {
        found.extend(errors.0.iter().cloned().map(Blocker::Request));
    }
    found
}
