//! Nonce expiry, nc replay, service-account tokens, CORS, and injected faults.

mod common;

use common::{sign, start, try_request, v2_headers, Emulator, Http};
use serde_json::json;

const BODY: &str = r#"{"desc":"x","roles":["GROUP_READ_ONLY"]}"#;

fn path(emu: &Emulator) -> String {
    format!("/api/atlas/v2/groups/{}/apiKeys", emu.project())
}

#[test]
fn an_expired_nonce_with_right_credentials_gets_stale_true() {
    // A nonce lifetime of 0 s: every nonce has expired by the time it is used.
    let emu = start(&["--nonce-ttl-secs", "0"]);
    let first = emu.request("POST", &path(&emu), &v2_headers(), Some(BODY));
    let (u, p) = emu.owner();
    let auth = sign(
        first.header("www-authenticate").unwrap(),
        "POST",
        &path(&emu),
        &u,
        &p,
        1,
    );
    let mut h = v2_headers();
    h.push(("Authorization", &auth));
    let r = emu.request("POST", &path(&emu), &h, Some(BODY));
    assert_eq!(r.status, 401);
    assert!(r
        .header("www-authenticate")
        .unwrap()
        .ends_with("stale=true"));
    // Wrong credentials never get stale=true.
    let wrong = sign(
        first.header("www-authenticate").unwrap(),
        "POST",
        &path(&emu),
        &u,
        "wrong",
        1,
    );
    let mut h = v2_headers();
    h.push(("Authorization", &wrong));
    assert!(emu
        .request("POST", &path(&emu), &h, Some(BODY))
        .header("www-authenticate")
        .unwrap()
        .ends_with("stale=false"));
}

#[test]
fn nc_must_increase_per_nonce() {
    let emu = start(&[]);
    let first = emu.request("POST", &path(&emu), &v2_headers(), Some(BODY));
    let ch = first.header("www-authenticate").unwrap().to_string();
    let (u, p) = emu.owner();
    let send = |nc: u32| {
        let auth = sign(&ch, "POST", &path(&emu), &u, &p, nc);
        let mut h = v2_headers();
        h.push(("Authorization", &auth));
        emu.request("POST", &path(&emu), &h, Some(BODY)).status
    };
    assert_eq!(send(1), 200);
    assert_eq!(send(1), 401, "a replayed nc is refused");
    assert_eq!(send(2), 200);
}

#[test]
fn service_account_token_create_revoke_and_expiry() {
    let emu = start(&[]);
    let sa = &emu.info["serviceAccounts"][0];
    let basic = format!(
        "Basic {}",
        base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            format!(
                "{}:{}",
                sa["clientId"].as_str().unwrap(),
                sa["clientSecret"].as_str().unwrap()
            )
        )
    );
    let form = [
        ("Authorization", basic.as_str()),
        ("Content-Type", "application/x-www-form-urlencoded"),
    ];
    let t = emu.request(
        "POST",
        "/api/oauth/token",
        &form,
        Some("grant_type=client_credentials"),
    );
    assert_eq!(t.status, 200);
    let tok = t.json();
    assert_eq!(tok["token_type"], "Bearer");
    assert_eq!(tok["expires_in"], 3600);
    let bearer = format!("Bearer {}", tok["access_token"].as_str().unwrap());
    let mut h = v2_headers();
    h.push(("Authorization", &bearer));
    assert_eq!(emu.request("POST", &path(&emu), &h, Some(BODY)).status, 200);
    let revoke = format!(
        "token={}&token_type_hint=access_token",
        tok["access_token"].as_str().unwrap()
    );
    assert_eq!(
        emu.request("POST", "/api/oauth/revoke", &form, Some(&revoke))
            .status,
        200
    );
    assert_eq!(emu.request("POST", &path(&emu), &h, Some(BODY)).status, 401);
    let bad = emu.request(
        "POST",
        "/api/oauth/token",
        &[("Authorization", "Basic Zm9vOmJhcg==")],
        Some("grant_type=client_credentials"),
    );
    assert_eq!(
        (bad.status, bad.json()["error"].clone()),
        (401, json!("invalid_client"))
    );

    let short = start(&["--token-ttl-secs", "0"]);
    let t = short
        .request(
            "POST",
            "/api/oauth/token",
            &form,
            Some("grant_type=client_credentials"),
        )
        .json();
    let bearer = format!("Bearer {}", t["access_token"].as_str().unwrap());
    let mut h = v2_headers();
    h.push(("Authorization", &bearer));
    assert_eq!(
        short.request("POST", &path(&short), &h, Some(BODY)).status,
        401,
        "an expired token is refused"
    );
}

#[test]
fn no_cors_headers_unless_asked_for() {
    let emu = start(&[]);
    let r = emu.request(
        "POST",
        &path(&emu),
        &[("Origin", "http://127.0.0.1:1")],
        Some(BODY),
    );
    assert!(r
        .headers
        .iter()
        .all(|(k, _)| !k.to_ascii_lowercase().starts_with("access-control-")));
    let cors = start(&["--cors"]);
    let r = cors.request(
        "POST",
        &path(&cors),
        &[("Origin", "http://127.0.0.1:1")],
        Some(BODY),
    );
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://127.0.0.1:1")
    );
    assert!(r
        .header("access-control-expose-headers")
        .unwrap()
        .contains("WWW-Authenticate"));
}

#[test]
fn a_dropped_connection_after_create_leaves_the_key_behind() {
    let emu = start(&[]);
    emu.control().inject_faults(r#"{"dropAfterCreate":1}"#);
    let first = emu.request("POST", &path(&emu), &v2_headers(), Some(BODY));
    let (u, p) = emu.owner();
    let auth = sign(
        first.header("www-authenticate").unwrap(),
        "POST",
        &path(&emu),
        &u,
        &p,
        1,
    );
    let mut h = v2_headers();
    h.push(("Authorization", &auth));
    let lost = try_request(&emu.addr, "POST", &path(&emu), &h, Some(BODY));
    assert!(lost.is_err(), "no answer came back");
    assert_eq!(emu.created_keys().len(), 1, "but the key exists");
}

#[test]
fn malformed_body_and_rate_limit_faults() {
    let emu = start(&[]);
    emu.control()
        .inject_faults(r#"{"malformedBody":1,"rateLimit":1}"#);
    let limited = emu.signed("POST", &path(&emu), &emu.owner(), &v2_headers(), Some(BODY));
    assert_eq!(limited.status, 429);
    assert_eq!(limited.header("retry-after"), Some("60"));
    assert_eq!(limited.json()["errorCode"], "RATE_LIMITED");
    let broken = emu.signed("POST", &path(&emu), &emu.owner(), &v2_headers(), Some(BODY));
    assert_eq!(broken.status, 200);
    assert!(serde_json::from_str::<serde_json::Value>(&broken.body).is_err());
}
