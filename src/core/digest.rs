//! HTTP Digest authentication, client side (RFC 7616), as Atlas uses it.
//!
//! Atlas challenges with `Digest realm="MMS Public API", domain="", nonce="…", algorithm=MD5,
//! qop="auth", stale=false` (SHA-256 on Atlas for Government). The hashes come from the RustCrypto
//! `md-5` and `sha2` crates; the challenge parser and the response computation are a few dozen lines
//! here, because the `digest_auth` crate wants an `http` request type, draws its cnonce from `rand`
//! with no wasm story of its own, and would hide the one thing that matters most here: the `uri` is
//! the Atlas path and query, never the proxy URL.

use super::text::clip;
use md5::Md5;
use sha2::{Digest as _, Sha256};

/// The hash the challenge asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestAlgorithm {
    /// `MD5` (Atlas).
    Md5,
    /// `SHA-256` (Atlas for Government).
    Sha256,
    /// `MD5-sess`.
    Md5Sess,
    /// `SHA-256-sess`.
    Sha256Sess,
}

impl DigestAlgorithm {
    /// The token as written in headers.
    pub fn as_str(self) -> &'static str {
        match self {
            DigestAlgorithm::Md5 => "MD5",
            DigestAlgorithm::Sha256 => "SHA-256",
            DigestAlgorithm::Md5Sess => "MD5-sess",
            DigestAlgorithm::Sha256Sess => "SHA-256-sess",
        }
    }

    fn parse(s: &str) -> Result<Self, DigestError> {
        match s.to_ascii_uppercase().as_str() {
            "MD5" => Ok(DigestAlgorithm::Md5),
            "SHA-256" => Ok(DigestAlgorithm::Sha256),
            "MD5-SESS" => Ok(DigestAlgorithm::Md5Sess),
            "SHA-256-SESS" => Ok(DigestAlgorithm::Sha256Sess),
            _ => Err(DigestError::UnsupportedAlgorithm(clip(s, 40))),
        }
    }

    fn hash(self, data: &str) -> String {
        match self {
            DigestAlgorithm::Md5 | DigestAlgorithm::Md5Sess => hex(&Md5::digest(data.as_bytes())),
            DigestAlgorithm::Sha256 | DigestAlgorithm::Sha256Sess => {
                hex(&Sha256::digest(data.as_bytes()))
            }
        }
    }

    fn is_sess(self) -> bool {
        matches!(self, DigestAlgorithm::Md5Sess | DigestAlgorithm::Sha256Sess)
    }
}

impl std::fmt::Display for DigestAlgorithm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Why a challenge cannot be answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DigestError {
    /// The header is not a Digest challenge (e.g. Basic, or a proxy's own login).
    NotDigest,
    /// A parameter the client needs is absent.
    MissingParam(&'static str),
    /// An algorithm other than MD5 / SHA-256 (and their -sess forms).
    UnsupportedAlgorithm(String),
    /// A qop other than `auth`.
    UnsupportedQop(String),
    /// The browser gave no random bytes for the cnonce.
    Random,
}

impl std::fmt::Display for DigestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DigestError::NotDigest => f.write_str("the 401 answer is not an HTTP Digest challenge"),
            DigestError::MissingParam(p) => write!(f, "the Digest challenge has no {p}"),
            DigestError::UnsupportedAlgorithm(a) => write!(
                f,
                "the Digest challenge asks for algorithm {a}, which Keymint does not support"
            ),
            DigestError::UnsupportedQop(q) => write!(
                f,
                "the Digest challenge offers qop \"{q}\"; Keymint supports \"auth\""
            ),
            DigestError::Random => {
                f.write_str("the browser could not provide random numbers for the Digest cnonce")
            }
        }
    }
}

impl std::error::Error for DigestError {}

/// A parsed `WWW-Authenticate: Digest …` challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestChallenge {
    /// `realm`, e.g. `MMS Public API`.
    pub realm: String,
    /// The server nonce.
    pub nonce: String,
    /// Echoed back if present.
    pub opaque: Option<String>,
    /// MD5 when absent.
    pub algorithm: DigestAlgorithm,
    /// The qop options offered (Atlas: `auth`).
    pub qop: Vec<String>,
    /// True when the nonce expired but the credentials were right: sign again with the new nonce.
    pub stale: bool,
    /// `domain` (Atlas sends an empty one).
    pub domain: Option<String>,
}

/// Splits `name=value, name="quoted, value"` pairs; values may be quoted with `\` escapes.
/// Every round reads at least one character, so `s.len() + 1` rounds always reach the end: the bound
/// keeps a wrong turn in here from ever becoming an endless loop.
fn parse_params(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    for _ in 0..=s.len() {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ',') {
            chars.next();
        }
        let mut name = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c == ',' {
                break;
            }
            name.push(c);
            chars.next();
        }
        let name = name.trim().to_ascii_lowercase();
        if name.is_empty() && chars.peek().is_none() {
            break;
        }
        let mut value = String::new();
        if chars.peek() == Some(&'=') {
            chars.next();
            while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
                chars.next();
            }
            if chars.peek() == Some(&'"') {
                chars.next();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            if let Some(n) = chars.next() {
                                value.push(n);
                            }
                        }
                        '"' => break,
                        _ => value.push(c),
                    }
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if c == ',' {
                        break;
                    }
                    value.push(c);
                    chars.next();
                }
                value = value.trim().to_string();
            }
        }
        if !name.is_empty() {
            out.push((name, value));
        }
        if chars.peek().is_none() {
            break;
        }
    }
    out
}

impl DigestChallenge {
    /// Parses a `WWW-Authenticate` value. Only the Digest challenge is read when several are listed.
    pub fn parse(www_authenticate: &str) -> Result<Self, DigestError> {
        let s = www_authenticate.trim();
        let start = find_scheme(s, "digest").ok_or(DigestError::NotDigest)?;
        let params = parse_params(&s[start + "digest".len()..]);
        let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        let realm = get("realm").ok_or(DigestError::MissingParam("realm"))?;
        let nonce = get("nonce")
            .filter(|n| !n.is_empty())
            .ok_or(DigestError::MissingParam("nonce"))?;
        let algorithm = match get("algorithm") {
            Some(a) => DigestAlgorithm::parse(&a)?,
            None => DigestAlgorithm::Md5,
        };
        let qop: Vec<String> = get("qop")
            .map(|q| {
                q.split(',')
                    .map(|t| t.trim().to_ascii_lowercase())
                    .filter(|t| !t.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        if !qop.is_empty() && !qop.iter().any(|q| q == "auth") {
            return Err(DigestError::UnsupportedQop(qop.join(",")));
        }
        Ok(DigestChallenge {
            realm,
            nonce,
            opaque: get("opaque"),
            algorithm,
            qop,
            stale: get("stale").is_some_and(|v| v.eq_ignore_ascii_case("true")),
            domain: get("domain"),
        })
    }
}

/// Where the `Digest` scheme token starts: case-insensitive, as a whole word, and never inside a
/// quoted parameter value (`Basic realm="a digest realm"` offers no Digest). One pass over the bytes,
/// so the scan ends whatever the header holds.
fn find_scheme(s: &str, scheme: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut in_quotes = false;
    let mut escaped = false;
    for (at, &b) in bytes.iter().enumerate() {
        if in_quotes {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_quotes = false,
                _ => {}
            }
            continue;
        }
        if b == b'"' {
            in_quotes = true;
            continue;
        }
        let starts_word = at == 0 || matches!(bytes[at - 1], b' ' | b'\t' | b',');
        let word = bytes.get(at..at + scheme.len());
        let ends_word = matches!(bytes.get(at + scheme.len()), None | Some(b' ' | b'\t'));
        if starts_word
            && ends_word
            && word.is_some_and(|w| w.eq_ignore_ascii_case(scheme.as_bytes()))
        {
            return Some(at);
        }
    }
    None
}

/// Signs requests against one nonce, counting `nc` up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestSession {
    challenge: DigestChallenge,
    nc: u32,
}

fn quote(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

impl DigestSession {
    /// A session for a fresh challenge.
    pub fn new(challenge: DigestChallenge) -> Self {
        DigestSession { challenge, nc: 0 }
    }

    /// The `Authorization` value for one request, with a fresh random cnonce.
    /// `uri` is the service's path and query (the Digest `uri`), never the proxy URL.
    pub fn authorize(
        &mut self,
        method: &str,
        uri: &str,
        username: &str,
        password: &str,
    ) -> Result<String, DigestError> {
        let mut bytes = [0u8; 16];
        getrandom::getrandom(&mut bytes).map_err(|_| DigestError::Random)?;
        Ok(self.authorize_with_cnonce(method, uri, username, password, &hex(&bytes)))
    }

    /// As [`DigestSession::authorize`], with a given cnonce (for test vectors).
    pub fn authorize_with_cnonce(
        &mut self,
        method: &str,
        uri: &str,
        username: &str,
        password: &str,
        cnonce: &str,
    ) -> String {
        self.nc = self.nc.saturating_add(1);
        let ch = &self.challenge;
        let alg = ch.algorithm;
        let nc = format!("{:08x}", self.nc);
        let mut ha1 = alg.hash(&format!("{username}:{}:{password}", ch.realm));
        if alg.is_sess() {
            ha1 = alg.hash(&format!("{ha1}:{}:{cnonce}", ch.nonce));
        }
        let ha2 = alg.hash(&format!("{method}:{uri}"));
        let use_qop = !ch.qop.is_empty();
        let response = if use_qop {
            alg.hash(&format!("{ha1}:{}:{nc}:{cnonce}:auth:{ha2}", ch.nonce))
        } else {
            alg.hash(&format!("{ha1}:{}:{ha2}", ch.nonce))
        };
        let mut header = format!(
            "Digest username=\"{}\", realm=\"{}\", nonce=\"{}\", uri=\"{}\", algorithm={}, response=\"{response}\"",
            quote(username),
            quote(&ch.realm),
            quote(&ch.nonce),
            quote(uri),
            alg.as_str()
        );
        if use_qop {
            header.push_str(&format!(
                ", qop=auth, nc={nc}, cnonce=\"{}\"",
                quote(cnonce)
            ));
        }
        if let Some(opaque) = &ch.opaque {
            header.push_str(&format!(", opaque=\"{}\"", quote(opaque)));
        }
        header
    }
}

impl DigestSession {
    /// How many requests this session has signed (the last `nc` sent).
    pub fn signed_count(&self) -> u32 {
        self.nc
    }
}

/// Where a kept Digest session may be used: one service (base URL) reached through one proxy. A
/// nonce means nothing to another server, so a changed environment, base URL or proxy never reuses it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DigestScope(String);

impl DigestScope {
    /// The scope of requests to `base_url` fetched through `proxy` (as typed or configured).
    pub fn new(base_url: &str, proxy: &str) -> Self {
        DigestScope(format!("{} via {}", base_url.trim(), proxy.trim()))
    }
}

/// The Digest session kept between presses for this tab, in memory only, so a press sends one
/// signed POST instead of an unsigned POST for the challenge and then the signed one. A nonce, nc,
/// realm, algorithm and opaque are not secrets; the credentials are never part of it.
///
/// A challenge is obtained ahead of time (Test connection, or a request that creates nothing once
/// the form can be signed) and each create leaves the session it ended with for the next one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DigestKeeper {
    kept: Option<(DigestScope, DigestSession)>,
    fetching: Option<DigestScope>,
}

impl DigestKeeper {
    /// The kept session for `scope`, if there is one (a session for another scope is never used).
    pub fn session_for(&self, scope: &DigestScope) -> Option<DigestSession> {
        self.kept
            .as_ref()
            .filter(|(s, _)| s == scope)
            .map(|(_, session)| session.clone())
    }

    /// Keeps `session` for `scope`, replacing whatever was kept.
    pub fn keep(&mut self, scope: DigestScope, session: DigestSession) {
        self.kept = Some((scope, session));
    }

    /// Drops the kept session (its answer was lost, so its state is unknown).
    pub fn forget(&mut self) {
        self.kept = None;
    }

    /// True when a challenge should be fetched for `scope`: none is kept for it and none is on its way.
    pub fn wants_challenge(&self, scope: &DigestScope) -> bool {
        self.session_for(scope).is_none() && self.fetching.as_ref() != Some(scope)
    }

    /// True while a challenge for `scope` is on its way (a press waits for it instead of asking again).
    pub fn is_fetching(&self, scope: &DigestScope) -> bool {
        self.fetching.as_ref() == Some(scope)
    }

    /// A challenge request for `scope` left.
    pub fn fetch_started(&mut self, scope: DigestScope) {
        self.fetching = Some(scope);
    }

    /// The challenge request for `scope` ended: keeps its challenge unless a session for the scope
    /// was kept meanwhile (a create's own session is newer).
    pub fn fetch_ended(&mut self, scope: DigestScope, challenge: Option<DigestChallenge>) {
        if self.fetching.as_ref() == Some(&scope) {
            self.fetching = None;
        }
        if let Some(challenge) = challenge {
            self.keep_challenge(scope, challenge);
        }
    }

    /// Keeps a challenge that arrived outside a create (Test connection, a pre-request) as a new
    /// session, unless a session for the same scope is already kept.
    pub fn keep_challenge(&mut self, scope: DigestScope, challenge: DigestChallenge) {
        if self.session_for(&scope).is_none() {
            self.keep(scope, DigestSession::new(challenge));
        }
    }
}
