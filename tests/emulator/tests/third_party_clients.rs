//! Clients nobody here wrote authenticate against the emulator: curl --digest and Python requests.

mod common;

use common::{start, Emulator};
use std::process::Command;

#[test]
fn curl_digest_gets_the_challenge_then_creates_a_key() {
    let emu = start(&[]);
    let (public, private) = emu.owner();
    let url = format!("{}/api/atlas/v2/groups/{}/apiKeys", emu.url, emu.project());
    let out = Command::new("curl")
        .args([
            "-sS",
            "-v",
            "--digest",
            "-u",
            &format!("{public}:{private}"),
        ])
        .args([
            "-H",
            "Accept: application/vnd.atlas.2023-01-01+json",
            "-H",
            "Content-Type: application/vnd.atlas.2023-01-01+json",
        ])
        .args([
            "-X",
            "POST",
            &url,
            "--data",
            r#"{"desc":"from curl","roles":["GROUP_READ_ONLY"]}"#,
        ])
        .output()
        .expect("curl is installed");
    let trace = String::from_utf8_lossy(&out.stderr);
    let first_401 = trace
        .find("< HTTP/1.1 401")
        .expect("curl saw the 401 challenge first");
    let then_200 = trace.find("< HTTP/1.1 200").expect("then a 200");
    assert!(first_401 < then_200);
    assert!(trace.contains("Digest realm=\"MMS Public API\""));
    let body: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(body["desc"], "from curl");
    assert_eq!(body["privateKey"].as_str().unwrap().len(), 36);
    let keys = emu.created_keys();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0]["publicKey"], body["publicKey"]);
}

fn python_create(emu: &Emulator) -> serde_json::Value {
    let (public, private) = emu.owner();
    let script = format!("{}/digest_client.py", env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("python3")
        .arg(script)
        .args([&emu.url, &public, &private, &emu.project()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn python_requests_http_digest_auth_creates_a_key() {
    let emu = start(&[]);
    let r = python_create(&emu);
    assert_eq!(r["statuses"], serde_json::json!([401, 200]));
    assert!(r["challenge"].as_str().unwrap().contains("algorithm=MD5"));
    assert_eq!(r["body"]["roles"][0]["roleName"], "ORG_MEMBER");
    assert_eq!(emu.created_keys().len(), 1);
}

/// curl 7.88 cannot answer SHA-256 Digest challenges; Python requests can.
#[test]
fn python_requests_answers_the_government_sha256_challenge() {
    let emu = start(&["--gov"]);
    let r = python_create(&emu);
    assert_eq!(r["statuses"], serde_json::json!([401, 200]));
    assert!(r["challenge"]
        .as_str()
        .unwrap()
        .contains("algorithm=SHA-256"));
}
