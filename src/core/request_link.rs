//! Request links: the person who needs a key asks for it with a link that holds their age recipient
//! (`age1…`, the public half of an identity made in their browser) and what they ask for. The admin
//! who opens it gets the form prefilled and the new key sealed to that recipient.
//!
//! The request travels in the URL's fragment, `#request=1&to=age1…&projectId=…&desc=…&role=…&entry=…
//! &expires=…`, which browsers never send to a server, so no proxy or log sees it. A link is untrusted
//! input, read by the deep link's rules ([`super::deeplink`]): it can never carry a secret (such
//! parameters are ignored, with a notice) or change where requests go (refused, with a warning), and
//! each value is bounded. A link longer than [`MAX_LINK_CHARS`] is refused whole. The recipient is
//! checked here (bech32 with the `age` prefix, 32 bytes), without the age crate, which loads on demand.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::deeplink::{self, DeepLink, DeepLinkNotice};
use super::expiry::{Day, ExpiryChoice, MAX_DAYS};

/// The longest fragment read; a longer one is refused whole.
pub const MAX_LINK_CHARS: usize = 4096;
/// The most access-list entries a request may ask for.
pub const MAX_ENTRIES: usize = 32;
/// The request format this page writes and reads (`request=1`).
pub const VERSION: &str = "1";

/// An age X25519 recipient (`age1…`), its checksum verified. Not a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgeRecipient(String);

/// Why a recipient is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecipientProblem {
    Missing,
    /// Not `age1` followed by bech32 characters.
    NotAgeRecipient,
    /// The right shape with a wrong checksum: a character was changed or lost.
    BadChecksum,
    /// A valid bech32 string of the wrong length for an X25519 key.
    WrongLength,
    /// An identity (`AGE-SECRET-KEY-1…`): the secret half, which must never be shared.
    IsIdentity,
}

impl RecipientProblem {
    pub fn message(self) -> &'static str {
        match self {
            RecipientProblem::Missing => "The request names no recipient to seal the key to.",
            RecipientProblem::NotAgeRecipient => "The recipient is not an age recipient: it should start with age1.",
            RecipientProblem::BadChecksum => "The recipient's checksum does not match: a character was changed or cut off.",
            RecipientProblem::WrongLength => "The recipient is not an X25519 age recipient (wrong length).",
            RecipientProblem::IsIdentity => "That is an age identity (AGE-SECRET-KEY-1…), the secret half. Share only the recipient (age1…), and make a new identity: this one is no longer secret.",
        }
    }
}

const CHARSET: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

fn polymod(values: &[u8]) -> u32 {
    const GEN: [u32; 5] = [
        0x3b6a_57b2,
        0x2650_8e6d,
        0x1ea1_19fa,
        0x3d42_33dd,
        0x2a14_62b3,
    ];
    let mut chk: u32 = 1;
    for v in values {
        let top = chk >> 25;
        chk = ((chk & 0x01ff_ffff) << 5) ^ u32::from(*v);
        for (i, g) in GEN.iter().enumerate() {
            if (top >> i) & 1 == 1 {
                chk ^= g;
            }
        }
    }
    chk
}

impl AgeRecipient {
    /// Checks `text` (trimmed): `age1`, bech32 (BIP 173) with a valid checksum, 32 bytes of key.
    pub fn parse(text: &str) -> Result<AgeRecipient, RecipientProblem> {
        let text = text.trim();
        if text.is_empty() {
            return Err(RecipientProblem::Missing);
        }
        if text.to_ascii_uppercase().starts_with("AGE-SECRET-KEY-1") {
            return Err(RecipientProblem::IsIdentity);
        }
        let Some(data) = text.strip_prefix("age1") else {
            return Err(RecipientProblem::NotAgeRecipient);
        };
        let values: Option<Vec<u8>> = data
            .bytes()
            .map(|c| CHARSET.iter().position(|&x| x == c).map(|p| p as u8))
            .collect();
        let Some(values) = values else {
            return Err(RecipientProblem::NotAgeRecipient);
        };
        if values.len() < 6 {
            return Err(RecipientProblem::NotAgeRecipient);
        }
        // The human-readable part "age", expanded as BIP 173 says, then the data.
        let mut check = vec![3, 3, 3, 0, 1, 7, 5];
        check.extend_from_slice(&values);
        if polymod(&check) != 1 {
            return Err(RecipientProblem::BadChecksum);
        }
        // 32 bytes are 52 five-bit groups (with 4 bits of padding), then 6 of checksum.
        if values.len() != 52 + 6 || values[51] & 0x0f != 0 {
            return Err(RecipientProblem::WrongLength);
        }
        Ok(AgeRecipient(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Shortened for a notice (`age1abcd…wxyz`); the whole value is shown on demand.
    pub fn short(&self) -> String {
        let s = &self.0;
        format!("{}…{}", &s[..8], &s[s.len() - 6..])
    }
}

impl std::fmt::Display for AgeRecipient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a request link asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRequest {
    /// Who the new key is sealed to.
    pub recipient: AgeRecipient,
    /// What prefills the form: project, description, roles (a profile or a view is never taken from
    /// a request), and the notices the page shows.
    pub prefill: DeepLink,
    /// Access-list entries, as typed by the requester (checked by the access-list code when used).
    pub entries: Vec<String>,
    /// "Expires", when the request says.
    pub expiry: Option<ExpiryChoice>,
}

/// Why a fragment is not a request the page can use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestLinkError {
    /// Longer than [`MAX_LINK_CHARS`]: nothing of it is read.
    TooLong {
        chars: usize,
    },
    /// `request=` with a version this page does not read.
    UnknownVersion,
    Recipient(RecipientProblem),
}

impl RequestLinkError {
    pub fn message(&self) -> String {
        match self {
            RequestLinkError::TooLong { chars } => format!(
                "This request link is {chars} characters long, more than the {MAX_LINK_CHARS} Keymint reads: nothing of it was used. Ask for a new link."
            ),
            RequestLinkError::UnknownVersion => {
                "This request link was made by another version of Keymint: nothing of it was used. Ask for a new link.".to_string()
            }
            RequestLinkError::Recipient(p) => format!(
                "{} Nothing of the request was used: ask for a new link.",
                p.message()
            ),
        }
    }
}

/// Whether `fragment` (with or without `#`) is a request link at all.
pub fn is_request(fragment: &str) -> bool {
    fragment
        .strip_prefix('#')
        .unwrap_or(fragment)
        .starts_with("request=")
}

/// Reads a request link's fragment. `None` when it is not a request link (any other fragment).
pub fn parse_fragment(fragment: &str) -> Option<Result<KeyRequest, RequestLinkError>> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if !is_request(fragment) {
        return None;
    }
    let chars = fragment.chars().count();
    if chars > MAX_LINK_CHARS {
        return Some(Err(RequestLinkError::TooLong { chars }));
    }
    let mut version = None;
    let mut recipient = None;
    let mut entries = Vec::new();
    let mut expiry = None;
    let mut entries_cut = false;
    let mut rest = Vec::new();
    let mut notices = Vec::new();
    for pair in fragment.split('&').filter(|p| !p.is_empty()) {
        let (name, raw) = pair.split_once('=').unwrap_or((pair, ""));
        let value = deeplink::decode_value(raw);
        match name {
            "request" => version = Some(value),
            "to" => recipient = Some(value),
            "entry" => {
                let value = value.trim();
                if value.is_empty() {
                    continue;
                }
                if entries.len() >= MAX_ENTRIES || value.chars().count() > 64 {
                    entries_cut = true;
                    continue;
                }
                entries.push(value.to_string());
            }
            "expires" => match expiry_of(&value) {
                Some(choice) => expiry = Some(choice),
                None => notices.push(DeepLinkNotice::Unknown {
                    param: "expires".into(),
                }),
            },
            // A requester knows nothing of the admin's profiles, and a request opens no view.
            "profile" | "view" => notices.push(DeepLinkNotice::Unknown {
                param: name.chars().take(64).collect(),
            }),
            _ => rest.push(pair),
        }
    }
    if version.as_deref() != Some(VERSION) {
        return Some(Err(RequestLinkError::UnknownVersion));
    }
    let recipient = match AgeRecipient::parse(recipient.as_deref().unwrap_or("")) {
        Ok(r) => r,
        Err(p) => return Some(Err(RequestLinkError::Recipient(p))),
    };
    let mut prefill = deeplink::parse_query(&rest.join("&"));
    if entries_cut {
        prefill.notices.push(DeepLinkNotice::Truncated {
            param: "entry".into(),
        });
    }
    prefill.notices.extend(notices);
    Some(Ok(KeyRequest {
        recipient,
        prefill,
        entries,
        expiry,
    }))
}

/// `30` (days), `never`, or a date `YYYY-MM-DD`.
fn expiry_of(value: &str) -> Option<ExpiryChoice> {
    let value = value.trim();
    match value {
        "never" => Some(ExpiryChoice::Never),
        _ => match value.parse::<u32>() {
            Ok(days) => (1..=MAX_DAYS)
                .contains(&days)
                .then_some(ExpiryChoice::Days(days)),
            Err(_) => Day::parse(value).map(|_| ExpiryChoice::On(value.to_string())),
        },
    }
}

/// Characters escaped in a value (everything but unreserved ones).
const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// What "Request a key" asks for, as the requester filled it in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestFields {
    pub project_id: String,
    pub desc: String,
    pub roles: Vec<String>,
    pub entries: Vec<String>,
    pub expiry: Option<ExpiryChoice>,
}

/// "Copy request link": the page's URL (no query, no fragment) and the request in the fragment.
pub fn build_link(page_url: &str, recipient: &AgeRecipient, fields: &RequestFields) -> String {
    let base = page_url.split(['?', '#']).next().unwrap_or(page_url);
    let enc = |v: &str| utf8_percent_encode(v, VALUE).to_string();
    let mut parts = vec![
        format!("request={VERSION}"),
        format!("to={}", recipient.as_str()),
    ];
    if !fields.project_id.trim().is_empty() {
        parts.push(format!("projectId={}", enc(fields.project_id.trim())));
    }
    if !fields.desc.is_empty() {
        parts.push(format!("desc={}", enc(&fields.desc)));
    }
    for r in &fields.roles {
        parts.push(format!("role={}", enc(r)));
    }
    for e in fields.entries.iter().filter(|e| !e.trim().is_empty()) {
        parts.push(format!("entry={}", enc(e.trim())));
    }
    match &fields.expiry {
        Some(ExpiryChoice::Days(days)) => parts.push(format!("expires={days}")),
        Some(ExpiryChoice::On(day)) => parts.push(format!("expires={}", enc(day))),
        Some(ExpiryChoice::Never) => parts.push("expires=never".to_string()),
        None => {}
    }
    format!("{base}#{}", parts.join("&"))
}
