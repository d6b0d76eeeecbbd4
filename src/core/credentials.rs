//! The caller's own login, as typed: an API key (HTTP Digest) or a service account (OAuth client
//! credentials). Memory only: never stored, never logged (`Debug` is redacted). What a profile may
//! keep of it is [`AuthKind`] and [`Credentials::login_id`], never a secret.

use std::fmt;

use super::target::CurlAuth;
use serde::{Deserialize, Serialize};

/// How the caller signs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum AuthKind {
    /// An API key (Digest).
    #[default]
    ApiKey,
    /// A service account (OAuth client credentials).
    ServiceAccount,
}

/// The caller's login. Both kinds' fields are kept, so switching back and forth loses nothing.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Credentials {
    pub kind: AuthKind,
    pub public_key: String,
    pub private_key: String,
    pub client_id: String,
    pub client_secret: String,
}

impl Credentials {
    /// The login's non-secret name: the public key or the client ID.
    pub fn login_id(&self) -> &str {
        match self.kind {
            AuthKind::ApiKey => &self.public_key,
            AuthKind::ServiceAccount => &self.client_id,
        }
    }

    /// How the curl preview signs (never a secret).
    pub fn curl_auth(&self) -> CurlAuth<'_> {
        match self.kind {
            AuthKind::ApiKey => CurlAuth::Digest {
                public_key: &self.public_key,
            },
            AuthKind::ServiceAccount => CurlAuth::Bearer,
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("kind", &self.kind)
            .field("public_key", &self.public_key)
            .field("private_key", &"<redacted>")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .finish()
    }
}
