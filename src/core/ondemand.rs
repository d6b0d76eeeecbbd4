//! The on-demand module: the heavy, rarely used engines (Go templates, JSONPath, the Atlas CLI
//! `config.toml` reader, age for sealed keys) live in a second wasm module, `keymint-ondemand`, that the page fetches only
//! when a feature needs one. A default create never loads it.
//!
//! Both modules share this file: the page sends a [`Call`] and the second module answers it with
//! [`reply`], as JS values (serde-wasm-bindgen). What can go wrong on the way is an [`OnDemandError`],
//! never a dead page: the module runs in its own wasm instance, so a fault in an engine that parses
//! what users type stops that instance only, and the page loads a fresh one for the next call.

use serde::{Deserialize, Serialize};

use super::output::{self, OutputError, OutputFormat};
use super::profile::{self, ImportedProfile, ProfileImportError};
use super::request_link::AgeRecipient;
use super::response::ApiKeyUserDetails;
use super::sealing::{self, OpenError, SealError, SecretText};
use super::text::clip;

/// What the page asks of the on-demand module.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Call {
    /// Render the new key in a format (a JSONPath expression or a Go template).
    Render {
        format: OutputFormat,
        key: ApiKeyUserDetails,
    },
    /// Read an Atlas CLI `config.toml` into its profiles.
    ImportCliConfig { text: String },
    /// Make an age identity ("Request a key"); `created` is written in its file's comment.
    NewIdentity { created: String },
    /// Seal `plaintext` (a key's JSON) to the age `recipient`.
    Seal {
        recipient: String,
        plaintext: SecretText,
    },
    /// Open a sealed key (armored or binary) with an identity file.
    Open {
        identity: SecretText,
        sealed: Vec<u8>,
    },
}

/// The on-demand module's answer to a [`Call`], of the same kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// The rendered text, or why the format could not be rendered.
    Rendered(Result<String, OutputError>),
    /// The profiles of the file, or why it could not be read.
    Imported(Result<Vec<ImportedProfile>, ProfileImportError>),
    /// The identity file to keep and the recipient for the request link.
    NewIdentity { file: SecretText, recipient: String },
    /// The armored sealed file, or why not.
    Sealed(Result<String, SealError>),
    /// The plaintext, or why the file could not be opened.
    Opened(Result<SecretText, OpenError>),
}

/// Runs a call: what the on-demand module does with each message (and all it does).
pub fn reply(call: Call) -> Reply {
    match call {
        Call::Render { format, key } => Reply::Rendered(output::render(&format, &key)),
        Call::ImportCliConfig { text } => Reply::Imported(profile::import_atlas_cli_config(&text)),
        Call::NewIdentity { created } => {
            let made = sealing::new_identity(&created);
            Reply::NewIdentity {
                file: made.file,
                recipient: made.recipient,
            }
        }
        Call::Seal {
            recipient,
            plaintext,
        } => Reply::Sealed(
            AgeRecipient::parse(&recipient)
                .map_err(|_| SealError::Recipient)
                .and_then(|r| sealing::seal(&r, plaintext.0.as_bytes())),
        ),
        Call::Open { identity, sealed } => {
            Reply::Opened(sealing::open(&identity.0, &sealed).and_then(|plain| {
                String::from_utf8(plain)
                    .map(SecretText)
                    .map_err(|_| OpenError::NotAKeymintKey)
            }))
        }
    }
}

/// Why the on-demand module gave no answer. Nothing the user typed is quoted: `detail` is the
/// browser's words about the fetch (a URL and a reason), clipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnDemandError {
    /// This build of the page does not name the module (index.html lacks its `<meta>`).
    NotInThisBuild,
    /// The module could not be fetched or started: offline, blocked, or altered on its way (its
    /// integrity did not match).
    Unavailable { detail: String },
    /// The module stopped while working on this input. The page is unaffected; the next call
    /// starts a fresh instance.
    Stopped,
    /// The module answered something this page does not understand: it is from another build.
    Mismatched,
}

impl OnDemandError {
    /// A sentence for the page.
    pub fn message(&self) -> String {
        match self {
            OnDemandError::NotInThisBuild => {
                "This build of Keymint does not include the engines for templates, JSONPath and CLI files."
                    .to_string()
            }
            OnDemandError::Unavailable { detail } => format!(
                "The engine for this feature could not be loaded ({}).",
                clip(detail, 200)
            ),
            OnDemandError::Stopped => {
                "The engine stopped while working on this input; the rest of the page is unaffected."
                    .to_string()
            }
            OnDemandError::Mismatched => {
                "The engine loaded is from another version of this page.".to_string()
            }
        }
    }

    /// What to do about it.
    pub fn next_step(&self) -> &'static str {
        match self {
            OnDemandError::NotInThisBuild => {
                "Rebuild the page with trunk build --release, which builds keymint-ondemand beside it."
            }
            OnDemandError::Unavailable { .. } => {
                "Check the network and that keymint-ondemand-*.js and *.wasm are served beside index.html, then try again."
            }
            OnDemandError::Stopped => "Change the input and try again; a fresh engine is started.",
            OnDemandError::Mismatched => "Reload the page to get matching files.",
        }
    }
}

impl std::fmt::Display for OnDemandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.message(), self.next_step())
    }
}

impl std::error::Error for OnDemandError {}
