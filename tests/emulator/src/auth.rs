//! Server-side authentication exactly as Atlas answers it: HTTP Digest (MD5, or SHA-256 in Government
//! mode) with expiring nonces and increasing nc, and OAuth client-credentials Bearer tokens.
//! Written independently of the keymint client's Digest code.

use base64::Engine;
use md5::{Digest as _, Md5};
use sha2::Sha256;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Atlas's 401 body, byte for byte as recorded (pretty-printed by Atlas's own serializer).
pub const UNAUTHORIZED_BODY: &str = "{\n  \"error\" : 401,\n  \"reason\" : \"Unauthorized\",\n  \"detail\" : \"You are not authorized for this resource.\",\n  \"errorCode\" : \"UNEXPECTED_ERROR\"\n}";

pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    // The OS random source does not fail on Linux; a zeroed nonce would still be unique enough for tests.
    let _ = getrandom::getrandom(&mut buf);
    base64::engine::general_purpose::STANDARD.encode(buf)
}

pub fn random_hex(chars: usize) -> String {
    let mut buf = vec![0u8; chars.div_ceil(2)];
    let _ = getrandom::getrandom(&mut buf);
    let s: String = buf.iter().map(|b| format!("{b:02x}")).collect();
    s[..chars].to_string()
}

struct NonceState {
    issued: Instant,
    last_nc: u32,
}

/// Issued nonces and the highest nc seen for each.
pub struct Nonces {
    ttl: Duration,
    issued: HashMap<String, NonceState>,
    /// False: a nonce signs one request only (the `--no-nonce-reuse` mode), so a client that keeps
    /// its nonce between requests must fall back to the fresh challenge.
    pub reuse: bool,
}

pub enum DigestVerdict {
    /// The signature is right: the public key that signed.
    Valid(String),
    /// Right credentials, expired nonce: challenge again with stale=true.
    Stale,
    /// Right credentials, but an nc not above the last one seen for this nonce (a replay).
    Replayed,
    /// Right credentials, but the nonce already signed a request and reuse is off.
    Reused,
    Invalid,
}

fn hash(sha256: bool, s: &str) -> String {
    let bytes: Vec<u8> = if sha256 {
        Sha256::digest(s.as_bytes()).to_vec()
    } else {
        Md5::digest(s.as_bytes()).to_vec()
    };
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Parses `Digest k=v, k="v"` into a map (names lower-cased).
pub fn parse_authorization(header: &str) -> Option<HashMap<String, String>> {
    let rest = header
        .trim()
        .strip_prefix("Digest ")
        .or_else(|| header.trim().strip_prefix("digest "))?;
    let mut out = HashMap::new();
    let chars: Vec<char> = rest.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        while i < chars.len() && (chars[i] == ',' || chars[i].is_whitespace()) {
            i += 1;
        }
        let start = i;
        while i < chars.len() && chars[i] != '=' {
            i += 1;
        }
        if i >= chars.len() {
            break;
        }
        let key: String = chars[start..i]
            .iter()
            .collect::<String>()
            .trim()
            .to_ascii_lowercase();
        i += 1;
        let mut value = String::new();
        if i < chars.len() && chars[i] == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' && i + 1 < chars.len() {
                    i += 1;
                }
                value.push(chars[i]);
                i += 1;
            }
            i += 1;
        } else {
            while i < chars.len() && chars[i] != ',' {
                value.push(chars[i]);
                i += 1;
            }
            value = value.trim().to_string();
        }
        out.insert(key, value);
    }
    Some(out)
}

impl Nonces {
    pub fn new(ttl: Duration) -> Self {
        Nonces {
            ttl,
            issued: HashMap::new(),
            reuse: true,
        }
    }

    pub fn issue(&mut self) -> String {
        let nonce = random_token(24);
        self.issued.insert(
            nonce.clone(),
            NonceState {
                issued: Instant::now(),
                last_nc: 0,
            },
        );
        nonce
    }

    /// Checks a Digest `Authorization` for `method` and the request's real path and query.
    pub fn verify(
        &mut self,
        header: &str,
        method: &str,
        path_and_query: &str,
        sha256: bool,
        password_of: impl Fn(&str) -> Option<String>,
    ) -> DigestVerdict {
        let Some(p) = parse_authorization(header) else {
            return DigestVerdict::Invalid;
        };
        let get = |k: &str| p.get(k).cloned().unwrap_or_default();
        let (username, nonce, uri, response) =
            (get("username"), get("nonce"), get("uri"), get("response"));
        let expected_alg = if sha256 { "SHA-256" } else { "MD5" };
        if !p
            .get("algorithm")
            .is_none_or(|a| a.eq_ignore_ascii_case(expected_alg))
        {
            return DigestVerdict::Invalid;
        }
        if uri != path_and_query || get("realm") != "MMS Public API" || get("qop") != "auth" {
            return DigestVerdict::Invalid;
        }
        let Some(password) = password_of(&username) else {
            return DigestVerdict::Invalid;
        };
        let Ok(nc) = u32::from_str_radix(&get("nc"), 16) else {
            return DigestVerdict::Invalid;
        };
        let cnonce = get("cnonce");
        if cnonce.is_empty() {
            return DigestVerdict::Invalid;
        }
        let ha1 = hash(sha256, &format!("{username}:MMS Public API:{password}"));
        let ha2 = hash(sha256, &format!("{method}:{uri}"));
        let expected = hash(
            sha256,
            &format!("{ha1}:{nonce}:{}:{cnonce}:auth:{ha2}", get("nc")),
        );
        if expected != response {
            return DigestVerdict::Invalid;
        }
        let Some(state) = self.issued.get_mut(&nonce) else {
            return DigestVerdict::Stale;
        };
        if state.issued.elapsed() > self.ttl {
            self.issued.remove(&nonce);
            return DigestVerdict::Stale;
        }
        if nc <= state.last_nc {
            return DigestVerdict::Replayed;
        }
        if !self.reuse && state.last_nc > 0 {
            return DigestVerdict::Reused;
        }
        state.last_nc = nc;
        DigestVerdict::Valid(username)
    }
}

/// Reads `Basic base64(id:secret)`.
pub fn parse_basic(header: &str) -> Option<(String, String)> {
    let b64 = header.trim().strip_prefix("Basic ")?;
    let raw = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((id.to_string(), secret.to_string()))
}

pub struct BearerToken {
    pub client_id: String,
    pub expires: Instant,
    pub revoked: bool,
}
