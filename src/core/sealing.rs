//! A new key sealed to the person who asked for it, with age (age-encryption.org/v1, X25519): the
//! identity the requester makes (the file `age -d -i` reads), the sealed file the admin's page writes
//! (armored; its plaintext is the JSON of the plain download), and the opening of that file, here or
//! by `age -d`. Only the engines module calls this, so the age crate is never in the first load.
//!
//! Identities and plaintexts are secrets: no error quotes them, and age zeroes its key material when
//! dropped.

use std::str::FromStr;

use age::secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::environment::Environment;
use super::export::{self, ExportContext};
use super::ids::ProjectId;
use super::request_link::AgeRecipient;
use super::response::ApiKeyUserDetails;

/// A sealed file or identity larger than this is not read (a sealed key is about 1 KB).
pub const MAX_INPUT_BYTES: usize = 64 * 1024;

/// Text that is a secret (an identity file, a key's JSON) on its way between the page and the engines
/// module: its `Debug` shows nothing of it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SecretText(pub String);

impl Drop for SecretText {
    /// Zeroes the text when it goes (a clone is its own copy, zeroed when it goes too).
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl std::fmt::Debug for SecretText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretText({} bytes)", self.0.len())
    }
}

/// A new identity: the file to keep (`# created`, `# public key`, `AGE-SECRET-KEY-1…`, as
/// `age-keygen` writes it) and the recipient to put in the request link, in age's own encoding (the
/// page checks it with [`AgeRecipient::parse`] like any recipient it is given).
pub struct NewIdentity {
    pub file: SecretText,
    pub recipient: String,
}

/// A new X25519 identity from the platform's randomness (the browser's `crypto.getRandomValues`).
/// `created` is the time to write in the file's comment (RFC 3339; the core has no clock).
pub fn new_identity(created: &str) -> NewIdentity {
    let identity = age::x25519::Identity::generate();
    let recipient = identity.to_public().to_string();
    let secret = identity.to_string();
    let file = format!(
        "# created: {created}\n# public key: {recipient}\n{}\n",
        secret.expose_secret()
    );
    NewIdentity {
        file: SecretText(file),
        recipient,
    }
}

/// Why a key could not be sealed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SealError {
    /// The recipient passed Keymint's check but not age's (should not happen).
    Recipient,
    Failed,
}

impl SealError {
    pub fn message(&self) -> &'static str {
        match self {
            SealError::Recipient => "age does not accept this recipient. Ask the requester for a new request link.",
            SealError::Failed => "The key could not be sealed. Copy nothing in plain form: create the sealed file again, or delete the key and create a new one.",
        }
    }
}

/// Seals `plaintext` to `recipient`: an armored age file (`-----BEGIN AGE ENCRYPTED FILE-----`).
pub fn seal(recipient: &AgeRecipient, plaintext: &[u8]) -> Result<String, SealError> {
    let to =
        age::x25519::Recipient::from_str(recipient.as_str()).map_err(|_| SealError::Recipient)?;
    age::encrypt_and_armor(&to, plaintext).map_err(|_| SealError::Failed)
}

/// The sealed file's name for the key with `public_key`: `keymint-<publicKey>.age`.
pub fn sealed_file_name(public_key: &str) -> String {
    let safe: String = public_key
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(32)
        .collect();
    format!("keymint-{safe}.age")
}

/// "Download sealed key": `keymint-<publicKey>.age`, the plain download's JSON sealed to `recipient`.
pub fn sealed_key_file(
    ctx: &ExportContext,
    recipient: &AgeRecipient,
) -> Result<export::ExportFile, SealError> {
    let plain = export::json_file(ctx);
    let content = seal(recipient, plain.content.as_bytes())?;
    Ok(export::ExportFile {
        file_name: sealed_file_name(&ctx.key.public_key),
        mime: "application/octet-stream",
        content,
    })
}

/// Why a sealed key could not be opened: each says what to do, and none quotes what was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum OpenError {
    /// No `AGE-SECRET-KEY-1…` line in what was given as the identity.
    NotAnIdentity,
    /// The sealed file is not an age file (or not armored text nor binary age).
    NotAge,
    /// An age file, but not sealed to this identity.
    WrongIdentity,
    /// An age file sealed to this identity, but cut short or changed.
    Damaged,
    /// Opened, but what is inside is not a key Keymint sealed.
    NotAKeymintKey,
    /// Larger than [`MAX_INPUT_BYTES`].
    TooLarge,
}

impl OpenError {
    pub fn message(&self) -> &'static str {
        match self {
            OpenError::NotAnIdentity => "That is not an age identity: the identity file holds a line starting AGE-SECRET-KEY-1. Give the file \"Request a key\" made (or age-keygen).",
            OpenError::NotAge => "That is not a sealed key: a sealed key starts with -----BEGIN AGE ENCRYPTED FILE-----. Give the keymint-….age file you were sent.",
            OpenError::WrongIdentity => "This sealed key was not sealed to this identity. Give the identity made with the request this key answers.",
            OpenError::Damaged => "This sealed key is damaged (cut short or changed on the way): ask for it to be sent again.",
            OpenError::NotAKeymintKey => "This age file opened, but it does not hold a key Keymint sealed.",
            OpenError::TooLarge => "That file is far larger than a sealed key or an identity: check you picked the right one.",
        }
    }
}

/// The identities in an identity file (comments and blank lines skipped).
fn identities(text: &str) -> Result<Vec<age::x25519::Identity>, OpenError> {
    let found: Vec<age::x25519::Identity> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| age::x25519::Identity::from_str(l).ok())
        .collect();
    if found.is_empty() {
        return Err(OpenError::NotAnIdentity);
    }
    Ok(found)
}

/// Opens `sealed` (armored or binary) with the identity file `identity`: the plaintext.
pub fn open(identity: &str, sealed: &[u8]) -> Result<Vec<u8>, OpenError> {
    if identity.len() > MAX_INPUT_BYTES || sealed.len() > MAX_INPUT_BYTES {
        return Err(OpenError::TooLarge);
    }
    let ids = identities(identity)?;
    let decryptor = age::Decryptor::new_buffered(age::armor::ArmoredReader::new(sealed))
        .map_err(|_| OpenError::NotAge)?;
    let mut reader = decryptor
        .decrypt(ids.iter().map(|i| i as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => OpenError::WrongIdentity,
            _ => OpenError::Damaged,
        })?;
    let mut plain = Vec::new();
    std::io::Read::read_to_end(&mut reader, &mut plain).map_err(|_| OpenError::Damaged)?;
    Ok(plain)
}

/// A key opened from a sealed file: what the reveal shows and exports.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenedKey {
    pub key: ApiKeyUserDetails,
    pub project_id: ProjectId,
    pub environment: Environment,
    /// When it was created, as the sealed file says.
    pub created: String,
}

/// Reads the plaintext of a sealed key: the JSON of the plain download (`keymint-<publicKey>.json`).
pub fn read_opened(plain: &[u8]) -> Result<OpenedKey, OpenError> {
    let value: Value = serde_json::from_slice(plain).map_err(|_| OpenError::NotAKeymintKey)?;
    let key: ApiKeyUserDetails =
        serde_json::from_value(value.clone()).map_err(|_| OpenError::NotAKeymintKey)?;
    if key.public_key.is_empty() || key.private_key.is_empty() || key.private_key.contains('*') {
        return Err(OpenError::NotAKeymintKey);
    }
    let text = |name: &str| value.get(name).and_then(Value::as_str).unwrap_or("");
    let project_id = ProjectId::parse(text("projectId")).map_err(|_| OpenError::NotAKeymintKey)?;
    let environment = Environment::from_export(text("environment"), text("baseUrl"))
        .ok_or(OpenError::NotAKeymintKey)?;
    Ok(OpenedKey {
        key,
        project_id,
        environment,
        created: text("created").chars().take(64).collect(),
    })
}
