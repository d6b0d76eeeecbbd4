//! Starts the emulator binary on a free port and speaks raw HTTP/1.1 to it, so headers and bodies are
//! seen exactly as sent.
#![allow(dead_code)]

use md5::{Digest as _, Md5};
use serde_json::Value;
use sha2::Sha256;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

pub struct Emulator {
    child: Child,
    pub info: Value,
    pub url: String,
    pub addr: String,
}

impl Emulator {
    pub fn start(args: &[&str]) -> Emulator {
        let mut child = Command::new(env!("CARGO_BIN_EXE_atlas-emulator"))
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the emulator");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let info: Value = serde_json::from_str(&line).expect("one JSON line on start");
        let url = info["url"].as_str().unwrap().to_string();
        let addr = url.trim_start_matches("http://").to_string();
        Emulator {
            child,
            info,
            url,
            addr,
        }
    }

    pub fn owner(&self) -> (String, String) {
        let k = &self.info["apiKeys"][0];
        (
            k["publicKey"].as_str().unwrap().into(),
            k["privateKey"].as_str().unwrap().into(),
        )
    }

    pub fn read_only(&self) -> (String, String) {
        let k = &self.info["apiKeys"][1];
        (
            k["publicKey"].as_str().unwrap().into(),
            k["privateKey"].as_str().unwrap().into(),
        )
    }

    pub fn project(&self) -> String {
        self.info["projectId"].as_str().unwrap().into()
    }

    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Resp {
        request(&self.addr, method, path, headers, body)
    }

    /// The Digest dance done by hand: unsigned request, challenge, signed request.
    pub fn signed(
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

    pub fn created_keys(&self) -> Vec<Value> {
        let r = self.request("GET", "/__emulator/keys", &[], None);
        serde_json::from_str::<Value>(&r.body)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// One HTTP/1.1 request on a fresh connection; `Err` when the server closed without answering.
pub fn try_request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> std::io::Result<Resp> {
    let mut s = TcpStream::connect(addr)?;
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(b) = body {
        req.push_str(&format!("Content-Length: {}\r\n", b.len()));
    }
    req.push_str("\r\n");
    req.push_str(body.unwrap_or(""));
    s.write_all(req.as_bytes())?;
    let mut raw = String::new();
    s.read_to_string(&mut raw)?;
    let (head, body) = raw
        .split_once("\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no response"))?;
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status"))?;
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Ok(Resp {
        status,
        headers,
        body: body.to_string(),
    })
}

pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Resp {
    try_request(addr, method, path, headers, body).expect("an HTTP answer")
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
