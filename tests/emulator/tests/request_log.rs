//! The request log (`GET /__emulator/requests`): what reached the emulator, so a test can prove that a
//! proxy kept a request away from it. It never holds a secret, and a reset clears it.

mod common;

use common::{start, v2_headers, Emulator, Http};
use serde_json::json;

const BODY: &str = r#"{"desc":"logged","roles":["GROUP_READ_ONLY"]}"#;

fn log(emu: &Emulator) -> serde_json::Value {
    emu.request("GET", "/__emulator/requests", &[], None).json()
}

#[test]
fn every_api_request_is_logged_without_its_secrets() {
    let emu = start(&[]);
    assert_eq!(log(&emu), json!([]), "nothing received yet");

    let path = format!("/api/atlas/v2/groups/{}/apiKeys", emu.project());
    let owner = emu.owner();
    let created = emu.signed("POST", &path, &owner, &v2_headers(), Some(BODY));
    assert_eq!(created.status, 200);
    let new_private = created.json()["privateKey"].as_str().unwrap().to_string();
    emu.request("GET", "/api/private/unauth/anything?x=1", &[], None);
    emu.created_keys(); // a control call: not an API request, not logged

    let entries = log(&emu);
    assert_eq!(
        entries,
        json!([
            {"method": "POST", "path": path, "signed": false, "status": 401},
            {"method": "POST", "path": path, "signed": true, "status": 200},
            {"method": "GET", "path": "/api/private/unauth/anything", "signed": false, "status": 404},
        ])
    );
    let text = entries.to_string();
    for secret in [owner.1.as_str(), new_private.as_str(), "Digest"] {
        assert!(!text.contains(secret), "{secret} is not in the log: {text}");
    }

    assert_eq!(
        emu.request("POST", "/__emulator/reset", &[], Some(""))
            .status,
        204
    );
    assert_eq!(log(&emu), json!([]), "a reset clears the log");
}

#[test]
fn a_dropped_answer_is_logged_without_a_status() {
    let emu = start(&[]);
    let path = format!("/api/atlas/v2/groups/{}/apiKeys", emu.project());
    let faults = emu.request(
        "POST",
        "/__emulator/faults",
        &[],
        Some(r#"{"dropAfterCreate":1}"#),
    );
    assert_eq!(faults.status, 204);
    let first = emu.request("POST", &path, &v2_headers(), Some(BODY));
    let auth = common::sign(
        first.header("www-authenticate").unwrap(),
        "POST",
        &path,
        &emu.owner().0,
        &emu.owner().1,
        1,
    );
    let mut h = v2_headers();
    h.push(("Authorization", &auth));
    assert!(common::try_request(&emu.addr, "POST", &path, &h, Some(BODY)).is_err());
    assert_eq!(
        log(&emu)[1],
        json!({"method": "POST", "path": path, "signed": true, "status": null})
    );
}
