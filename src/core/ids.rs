//! The IDs that go into a request's path, each its own type: a project (group), an organization, an
//! API key. Atlas writes all three as MongoDB ObjectIds, 24 lower-case hex characters; a value becomes
//! one of these types only by passing that check, so a request path never carries text that is not an
//! ID, and two IDs side by side (`/orgs/{orgId}/apiKeys/{id}`) cannot be passed in each other's place.
//!
//! [`ProjectId`] comes from the form and is checked with the form's own words (see
//! [`super::request`]); it is re-exported here so the three are found together. [`OrgId`] and
//! [`ApiKeyId`] come from Atlas's answers, where a malformed one is a fault of the answer: it is
//! refused with an [`IdError`], never a panic.

use serde::{Deserialize, Serialize};

pub use super::request::ProjectId;

/// How many characters an Atlas ID has.
const ID_LEN: usize = 24;

/// Why a text is not an ID as Atlas writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdError {
    /// A character that is not a hex digit (white space included: Atlas writes none).
    NotHex { bad: char },
    /// Not 24 characters long.
    Length { len: usize },
    /// Upper-case hex: Atlas writes lower case only, so this text was not written by Atlas.
    Uppercase,
}

impl std::fmt::Display for IdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IdError::NotHex { bad } => {
                write!(
                    f,
                    "an ID contains {bad:?}, which is not a hexadecimal digit"
                )
            }
            IdError::Length { len } => {
                write!(f, "an ID is {len} characters long instead of {ID_LEN}")
            }
            IdError::Uppercase => f.write_str("an ID has upper-case letters"),
        }
    }
}

impl std::error::Error for IdError {}

/// Checks `s` is exactly 24 lower-case hex characters, reporting the first problem in the order the
/// form reports a project ID's (a stray character, then the length, then the case).
fn check(s: &str) -> Result<(), IdError> {
    if let Some(bad) = s.chars().find(|c| !c.is_ascii_hexdigit()) {
        return Err(IdError::NotHex { bad });
    }
    if s.len() != ID_LEN {
        return Err(IdError::Length { len: s.len() });
    }
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(IdError::Uppercase);
    }
    Ok(())
}

/// An ID Atlas writes (24 lower-case hex characters) as a type of its own: `parse` checks it, and
/// `as_str` and `Display` give it back as sent in a path and shown.
macro_rules! atlas_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        pub struct $name(String);

        impl $name {
            /// Checks an ID as Atlas writes it; nothing is trimmed, since Atlas adds nothing.
            pub fn parse(input: &str) -> Result<Self, IdError> {
                check(input).map(|()| $name(input.to_string()))
            }

            /// The ID as sent in a path and shown.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

atlas_id!(
    /// An organization's ID, as Atlas names it in a key's roles or links. It goes into the path of a
    /// key's access list and of its deletion (`/orgs/{orgId}/…`).
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    OrgId
);

atlas_id!(
    /// An API key's ID (not its public key), as Atlas answers it for a created or listed key. It
    /// goes into the path of the key's access list, its unassignment and its deletion
    /// (`…/apiKeys/{id}`).
    ///
    /// Read from Atlas's JSON through [`ApiKeyId::parse`], so an answer with a malformed key ID is an
    /// answer Keymint could not read, like any other that is not what was asked for; written back as
    /// the plain string (the exported key record, `-o json`).
    #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(try_from = "String", into = "String")]
    ApiKeyId
);

/// What serde reads a key ID through: the same check as [`ApiKeyId::parse`].
impl TryFrom<String> for ApiKeyId {
    type Error = IdError;

    fn try_from(value: String) -> Result<Self, IdError> {
        check(&value).map(|()| ApiKeyId(value))
    }
}

/// What serde writes a key ID as: the string Atlas sent.
impl From<ApiKeyId> for String {
    fn from(id: ApiKeyId) -> String {
        id.0
    }
}
