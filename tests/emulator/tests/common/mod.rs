//! Starts the emulator binary on a free port and speaks raw HTTP/1.1 to it, so headers and bodies are
//! seen exactly as sent. Starting, raw HTTP and the control endpoint come from `atlas-emulator-control`
//! (shared with the end-to-end tests); the Digest signer below is this crate's own test-side one.
#![allow(dead_code, unused_imports)]

pub use atlas_emulator_control::http::{request, try_request, Resp};
pub use atlas_emulator_control::Emulator;
use md5::{Digest as _, Md5};
use sha2::Sha256;

/// The emulator built with these tests, started on a free port.
pub fn start(args: &[&str]) -> Emulator {
    Emulator::start(
        std::path::Path::new(env!("CARGO_BIN_EXE_atlas-emulator")),
        args,
    )
}

/// Requests to one emulator, plain or signed.
pub trait Http {
    fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Resp;

    /// The Digest dance done by hand: unsigned request, challenge, signed request.
    fn signed(
        &self,
        method: &str,
        path: &str,
        creds: &(String, String),
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Resp {
        let first = self.request(method, path, headers, body);
        assert_eq!(first.status, 401);
        let auth = sign(
            first.header("www-authenticate").unwrap(),
            method,
            path,
            &creds.0,
            &creds.1,
            1,
        );
        let mut h = headers.to_vec();
        h.push(("Authorization", &auth));
        self.request(method, path, &h, body)
    }
}

impl Http for Emulator {
    fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Resp {
        request(&self.addr, method, path, headers, body)
    }
}

fn hex_hash(sha256: bool, s: &str) -> String {
    let b: Vec<u8> = if sha256 {
        Sha256::digest(s.as_bytes()).to_vec()
    } else {
        Md5::digest(s.as_bytes()).to_vec()
    };
    b.iter().map(|x| format!("{x:02x}")).collect()
}

pub fn challenge_param(challenge: &str, name: &str) -> String {
    let i = challenge.find(&format!("{name}=")).unwrap() + name.len() + 1;
    let rest = &challenge[i..];
    match rest.strip_prefix('"') {
        Some(q) => q[..q.find('"').unwrap()].to_string(),
        None => rest.split(',').next().unwrap().trim().to_string(),
    }
}

/// A test-side Digest signer (RFC 7616, qop=auth).
pub fn sign(challenge: &str, method: &str, uri: &str, user: &str, pass: &str, nc: u32) -> String {
    let sha256 = challenge_param(challenge, "algorithm") == "SHA-256";
    let (realm, nonce) = (
        challenge_param(challenge, "realm"),
        challenge_param(challenge, "nonce"),
    );
    let ha1 = hex_hash(sha256, &format!("{user}:{realm}:{pass}"));
    let ha2 = hex_hash(sha256, &format!("{method}:{uri}"));
    let nc = format!("{nc:08x}");
    let cnonce = "0a4f113b";
    let resp = hex_hash(sha256, &format!("{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}"));
    let alg = if sha256 { "SHA-256" } else { "MD5" };
    format!("Digest username=\"{user}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", algorithm={alg}, qop=auth, nc={nc}, cnonce=\"{cnonce}\", response=\"{resp}\"")
}

pub const MEDIA: &str = "application/vnd.atlas.2023-01-01+json";

pub fn v2_headers() -> Vec<(&'static str, &'static str)> {
    vec![("Accept", MEDIA), ("Content-Type", MEDIA)]
}

/// The recorded Atlas exchange `name` from tests/fixtures/recorded (status, headers, body).
pub fn recorded(name: &str) -> Resp {
    let path = format!(
        "{}/../fixtures/recorded/{name}.http",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let (head, body) = text.split_once("\n\n").unwrap();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Resp {
        status,
        headers,
        body: body.strip_suffix('\n').unwrap_or(body).to_string(),
    }
}
