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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::request::{CreateApiKeyRequest, RequestDraft};

    fn api_key(public_key: &str, private_key: &str) -> Credentials {
        Credentials {
            public_key: public_key.into(),
            private_key: private_key.into(),
            ..Credentials::default()
        }
    }

    #[test]
    fn an_empty_form_lists_credentials_and_request_problems_in_form_order() {
        let draft = RequestDraft {
            desc: String::new(),
            project_id: String::new(),
            roles: Vec::new(),
            custom_roles: Vec::new(),
        };
        let errors = CreateApiKeyRequest::validate(&draft).err();
        let found = blockers(
            &Environment::Atlas,
            "/atlas{path}",
            &api_key("", ""),
            errors.as_ref(),
        );
        assert_eq!(found[0], Blocker::PublicKeyMissing);
        assert_eq!(found[1], Blocker::PrivateKeyMissing);
        assert!(
            found.len() >= 5,
            "description, project and roles are missing too: {found:?}"
        );
        assert!(found.iter().all(|b| !b.message().is_empty()));
    }

    #[test]
    fn a_bad_custom_base_url_blocks_first() {
        let env = Environment::Custom {
            base_url: "http://om.example.com".into(),
            flavor: crate::core::environment::ApiFlavor::OpsManagerV1,
        };
        let found = blockers(&env, "/atlas{path}", &api_key("pub", "priv"), None);
        assert!(
            matches!(found.as_slice(), [Blocker::BaseUrl(why)] if why.contains("https")),
            "{found:?}"
        );
    }

    #[test]
    fn a_ready_request_has_no_blockers() {
        let draft = RequestDraft {
            desc: "ci".into(),
            project_id: "b0123456789abcdef012345b".into(),
            roles: vec!["GROUP_READ_ONLY".into()],
            custom_roles: Vec::new(),
        };
        let errors = CreateApiKeyRequest::validate(&draft).err();
        assert_eq!(
            blockers(
                &Environment::Atlas,
                "/atlas{path}",
                &api_key("pub", "priv"),
                errors.as_ref()
            ),
            vec![]
        );
    }
}
