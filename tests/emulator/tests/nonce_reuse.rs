//! A kept Digest nonce, as Python Requests and the page use it: the challenge obtained by a request
//! that creates nothing, then signed requests with nc counting up until the nonce expires; a replayed
//! nc is refused; the no-reuse mode (flag or control endpoint) refuses any second use; the counts of
//! signed and unsigned requests.

mod common;

use common::{challenge_param, sign, start, v2_headers, Emulator, Http};
use serde_json::Value;

const BODY: &str = r#"{"desc":"kept nonce","roles":["GROUP_READ_ONLY"]}"#;

fn create_path(emu: &Emulator) -> String {
    format!("/api/atlas/v2/groups/{}/apiKeys", emu.project())
}

/// The challenge from an unsigned GET of the project: a 401 that creates nothing.
fn challenge_ahead(emu: &Emulator) -> String {
    let r = emu.request(
        "GET",
        &format!("/api/atlas/v2/groups/{}", emu.project()),
        &[("Accept", common::MEDIA)],
        None,
    );
    assert_eq!(r.status, 401, "{}", r.body);
    r.header("www-authenticate")
        .expect("the Digest challenge")
        .to_string()
}

/// A create signed with `challenge` and `nc` by the owner; returns the answer.
fn create_with(emu: &Emulator, challenge: &str, nc: u32) -> common::Resp {
    let (u, p) = emu.owner();
    let auth = sign(challenge, "POST", &create_path(emu), &u, &p, nc);
    let mut h = v2_headers();
    h.push(("Authorization", &auth));
    emu.request("POST", &create_path(emu), &h, Some(BODY))
}

fn counts(emu: &Emulator) -> Value {
    emu.request("GET", "/__emulator/counts", &[], None).json()
}

fn set_reuse(emu: &Emulator, allowed: bool) {
    let r = emu.request(
        "POST",
        "/__emulator/nonce-reuse",
        &[],
        Some(&format!(r#"{{"allowed":{allowed}}}"#)),
    );
    assert_eq!(r.status, 204, "{}", r.body);
}

#[test]
fn a_nonce_obtained_ahead_signs_creates_with_an_increasing_nc() {
    let emu = start(&[]);
    let challenge = challenge_ahead(&emu);
    assert!(emu.created_keys().is_empty(), "the GET created nothing");
    for nc in 1..=3 {
        assert_eq!(create_with(&emu, &challenge, nc).status, 200, "nc {nc}");
    }
    assert_eq!(emu.created_keys().len(), 3);
    let c = counts(&emu);
    assert_eq!(
        (c["signedPosts"].as_u64(), c["unsignedPosts"].as_u64()),
        (Some(3), Some(0)),
        "one signed POST per create, nothing unsigned: {c}"
    );
    assert_eq!(c["unsignedGets"], 1, "{c}");
}

#[test]
fn a_repeated_or_lower_nc_is_refused_with_a_fresh_challenge_and_creates_nothing() {
    let emu = start(&[]);
    let challenge = challenge_ahead(&emu);
    assert_eq!(create_with(&emu, &challenge, 2).status, 200);
    for nc in [2, 1] {
        let r = create_with(&emu, &challenge, nc);
        assert_eq!(r.status, 401, "nc {nc} again");
        let fresh = r.header("www-authenticate").unwrap();
        assert_ne!(
            challenge_param(fresh, "nonce"),
            challenge_param(&challenge, "nonce")
        );
        assert!(fresh.ends_with("stale=false"), "{fresh}");
    }
    assert_eq!(emu.created_keys().len(), 1);
    assert_eq!(create_with(&emu, &challenge, 3).status, 200, "nc 3 is new");
}

#[test]
fn a_nonce_reused_after_it_expired_gets_stale_true() {
    let emu = start(&["--nonce-ttl-secs", "1"]);
    let challenge = challenge_ahead(&emu);
    assert_eq!(create_with(&emu, &challenge, 1).status, 200);
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let r = create_with(&emu, &challenge, 2);
    assert_eq!(r.status, 401);
    assert!(r
        .header("www-authenticate")
        .unwrap()
        .ends_with("stale=true"));
    assert_eq!(emu.created_keys().len(), 1);
}

#[test]
fn the_no_reuse_mode_refuses_a_second_use_of_any_nonce() {
    for by_flag in [true, false] {
        let emu = if by_flag {
            start(&["--no-nonce-reuse"])
        } else {
            let emu = start(&[]);
            set_reuse(&emu, false);
            emu
        };
        let challenge = challenge_ahead(&emu);
        assert_eq!(create_with(&emu, &challenge, 1).status, 200);
        let refused = create_with(&emu, &challenge, 2);
        assert_eq!(refused.status, 401, "a second use is refused");
        assert_eq!(emu.created_keys().len(), 1, "and creates nothing");
        let fresh = refused.header("www-authenticate").unwrap().to_string();
        assert!(fresh.ends_with("stale=false"), "{fresh}");
        assert_eq!(
            create_with(&emu, &fresh, 1).status,
            200,
            "the fresh nonce works"
        );
        assert_eq!(emu.created_keys().len(), 2);
        if !by_flag {
            set_reuse(&emu, true);
            assert_eq!(create_with(&emu, &fresh, 2).status, 200, "reuse again");
        }
    }
}

#[test]
fn the_control_endpoint_refuses_a_malformed_mode() {
    let emu = start(&[]);
    let r = emu.request("POST", "/__emulator/nonce-reuse", &[], Some("off"));
    assert_eq!(r.status, 400);
}
