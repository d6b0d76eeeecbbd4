//! Never two keys from one press: what every kind of answer to a create means, before and after the
//! signed POST left. Only a 401 (or an answer to the unsigned POST) proves nothing was created.

use crate::common;

use keymint::core::answer::{
    first_answer, judge, judge_bearer, sent_error, signed_answer, unsent_error, Answer,
    FetchFailure, FirstAnswer, NonceOrigin, Sent, SignedAnswer,
};
use keymint::core::error::{KeymintError, RequestSummary};
use keymint::core::oauth::OAuthError;
use keymint::core::response::ApiKeyUserDetails;

const TIMEOUT: u32 = 30;
const HTML_502: &str = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
const HTML_504: &str =
    "<html><head><title>504 Gateway Time-out</title></head><body>nginx</body></html>";

fn summary() -> RequestSummary {
    RequestSummary {
        method: "POST".into(),
        url: "https://cloud.mongodb.com/api/atlas/v2/groups/b0123456789abcdef012345b/apiKeys".into(),
        via: "http://127.0.0.1:8080/https://cloud.mongodb.com/api/atlas/v2/groups/b0123456789abcdef012345b/apiKeys".into(),
    }
}

fn answer(status: u16, content_type: Option<&str>, body: &str) -> Answer {
    Answer {
        status,
        content_type: content_type.map(str::to_string),
        x_error_code: None,
        www_authenticate: None,
        body: Ok(body.to_string()),
    }
}

fn recorded(name: &str) -> Answer {
    let r = common::recorded(name);
    Answer {
        status: r.status,
        content_type: r.header("Content-Type").map(str::to_string),
        x_error_code: r.header("X-Error-Code").map(str::to_string),
        www_authenticate: r.header("WWW-Authenticate").map(str::to_string),
        body: Ok(r.body.clone()),
    }
}

fn signed(a: Answer) -> Result<ApiKeyUserDetails, KeymintError> {
    judge(a, Sent::Signed, &summary())
}

fn atlas_error(status: u16, code: &str) -> String {
    format!(
        r#"{{"detail":"detail for {code}","error":{status},"errorCode":"{code}","parameters":[],"reason":"Reason"}}"#
    )
}

/// The error, after asserting that it leaves Create disabled until the user has checked Atlas.
fn unknown(got: Result<ApiKeyUserDetails, KeymintError>) -> KeymintError {
    match got {
        Err(e) if e.outcome_unknown() => {
            assert!(
                e.title().contains("may have been created") || e.title().contains("was created")
            );
            e
        }
        other => panic!("expected an unknown outcome, got {other:?}"),
    }
}

/// The error, after asserting that it says nothing was created (Create may be pressed again).
fn nothing_created(got: Result<ApiKeyUserDetails, KeymintError>) -> KeymintError {
    match got {
        Err(e) if !e.outcome_unknown() => e,
        other => panic!("expected a failure that created nothing, got {other:?}"),
    }
}

#[test]
fn the_recorded_200_after_signing_is_the_key() {
    let key = signed(recorded("create_200")).unwrap();
    assert_eq!(key.public_key, "flezioeg");
}

#[test]
fn a_timeout_before_anything_signed_left_created_nothing() {
    let e = unsent_error(FetchFailure::TimedOut { seconds: TIMEOUT }, &summary());
    assert!(!e.outcome_unknown());
    assert!(e.title().contains("nothing was created"), "{}", e.title());
    assert!(e.message().contains("30 seconds"), "{}", e.message());
}

#[test]
fn a_timeout_after_the_signed_post_left_is_an_unknown_outcome() {
    let e = sent_error(FetchFailure::TimedOut { seconds: TIMEOUT }, &summary());
    assert!(e.outcome_unknown());
    assert!(
        e.message().contains("no answer within 30 s"),
        "{}",
        e.message()
    );
    assert!(
        e.next_step().contains("Do not press Create again"),
        "{}",
        e.next_step()
    );
}

#[test]
fn a_dropped_connection_before_signing_is_unreachable_and_after_signing_unknown() {
    let before = unsent_error(FetchFailure::Network("Failed to fetch".into()), &summary());
    assert!(matches!(before, KeymintError::ProxyUnreachable { .. }));
    assert!(!before.outcome_unknown());
    let after = sent_error(FetchFailure::Network("Failed to fetch".into()), &summary());
    assert!(after.outcome_unknown());
    assert!(
        after.message().contains("Failed to fetch"),
        "{}",
        after.message()
    );
    assert!(
        after.message().contains("127.0.0.1:8080"),
        "names the route: {}",
        after.message()
    );
}

#[test]
fn a_200_whose_body_was_lost_or_unreadable_means_the_key_exists_without_its_private_key() {
    let mut lost = answer(200, Some("application/json"), "");
    lost.body = Err(FetchFailure::Network("network error".into()));
    let e = unknown(signed(lost.clone()));
    assert!(e.message().contains("network error"), "{}", e.message());
    // The same holds for a lost body even when the request was the unsigned one: a 2xx is a success.
    unknown(judge(lost, Sent::Unsigned, &summary()));

    let e = unknown(signed(answer(
        200,
        Some("application/json"),
        "{\"desc\":\"ci\",\"id\":",
    )));
    assert!(matches!(e, KeymintError::CreatedButUnreadable { .. }));
    assert!(
        e.next_step().contains("Delete the key"),
        "{}",
        e.next_step()
    );
    // A 200 with JSON that is not a key (no private key) is the same.
    unknown(signed(answer(
        200,
        Some("application/json"),
        "{\"id\":\"x\",\"publicKey\":\"p\"}",
    )));
}

#[test]
fn a_non_atlas_body_after_signing_is_an_unknown_outcome_but_before_signing_a_plain_failure() {
    for (status, body) in [
        (
            404,
            "Not found because of proxy error: Error: socket hang up",
        ),
        (403, "<html>Forbidden by the corporate proxy</html>"),
        (201, "{}"),
    ] {
        let e = unknown(signed(answer(status, Some("text/html"), body)));
        assert!(
            e.message().contains(&format!("HTTP {status}")),
            "{}",
            e.message()
        );
        let before = nothing_created(judge(
            answer(status, Some("text/html"), body),
            Sent::Unsigned,
            &summary(),
        ));
        assert!(
            matches!(before, KeymintError::UnexpectedResponse { .. }),
            "{before:?}"
        );
    }
}

#[test]
fn a_gateway_502_or_504_after_signing_is_an_unknown_outcome() {
    for (status, body) in [(502, HTML_502), (504, HTML_504), (502, ""), (504, "")] {
        let e = unknown(signed(answer(status, Some("text/html"), body)));
        assert!(
            e.message().contains(&format!("HTTP {status}")),
            "{}",
            e.message()
        );
    }
}

#[test]
fn a_401_to_the_signed_post_created_nothing_and_only_a_stale_nonce_earns_a_second_signature() {
    let challenge = common::recorded("digest_401");
    let header = challenge.header("WWW-Authenticate").unwrap().to_string();
    let mut stale = answer(
        401,
        Some("application/json"),
        &atlas_error(401, "UNEXPECTED_ERROR"),
    );
    stale.www_authenticate = Some(header.replace("stale=false", "stale=true"));
    let first_try = |a: Answer| signed_answer(a, NonceOrigin::ThisPress, &summary());
    assert!(matches!(first_try(stale.clone()), SignedAnswer::SignAgain(c) if c.stale));

    let mut wrong_key = stale.clone();
    wrong_key.www_authenticate = Some(header);
    assert!(
        matches!(first_try(wrong_key.clone()), SignedAnswer::Done { .. }),
        "not stale: no second POST"
    );
    let e = nothing_created(signed(wrong_key));
    assert_eq!(e.title(), "Wrong public or private key");

    // Only a 401 earns a new signature, whatever the header says.
    let mut other = stale.clone();
    other.status = 403;
    assert!(matches!(first_try(other), SignedAnswer::Done { .. }));
}

#[test]
fn an_atlas_error_after_signing_is_atlas_answer_and_created_nothing() {
    for (status, code) in [
        (400, "INVALID_ATTRIBUTE"),
        (404, "GROUP_NOT_FOUND"),
        (429, "RATE_LIMITED"),
        (403, "USER_UNAUTHORIZED"),
    ] {
        let e = nothing_created(signed(answer(
            status,
            Some("application/json"),
            &atlas_error(status, code),
        )));
        assert!(matches!(e, KeymintError::Atlas { .. }), "{code}: {e:?}");
        assert!(e.message().contains(code), "{}", e.message());
        assert!(
            e.message().contains("cloud.mongodb.com"),
            "names the request: {}",
            e.message()
        );
    }
    // The body lost, Atlas's code kept in its header.
    let mut header_only = answer(404, None, "");
    header_only.x_error_code = Some("GROUP_NOT_FOUND".into());
    assert_eq!(
        nothing_created(signed(header_only)).title(),
        "Project not found"
    );
}

#[test]
fn the_unsigned_post_asks_for_a_signature_only_with_a_readable_challenge() {
    let r = recorded("digest_401");
    assert!(matches!(
        first_answer(r.clone(), &summary()),
        FirstAnswer::Sign(_)
    ));

    let mut hidden = r;
    hidden.www_authenticate = None;
    let FirstAnswer::Done(Err(e)) = first_answer(hidden, &summary()) else {
        panic!("a hidden challenge is final")
    };
    assert!(matches!(e, KeymintError::ChallengeHidden { .. }));
    assert!(e.next_step().contains("Access-Control-Expose-Headers"));

    // A proxy's 502 to the unsigned POST: nothing was sent to Atlas with credentials.
    let FirstAnswer::Done(got) = first_answer(answer(502, Some("text/html"), HTML_502), &summary())
    else {
        panic!("no challenge")
    };
    let e = nothing_created(got);
    assert!(matches!(
        e,
        KeymintError::UnexpectedResponse { status: 502, .. }
    ));
}

#[test]
fn a_bearer_401_is_a_refused_token_and_created_nothing() {
    let e = nothing_created(judge_bearer(
        answer(
            401,
            Some("application/json"),
            &atlas_error(401, "UNAUTHORIZED"),
        ),
        &summary(),
    ));
    assert_eq!(e, KeymintError::OAuth(OAuthError::TokenRejected));
}

#[test]
fn a_bearer_create_from_an_address_off_the_access_list_says_so_and_names_the_address() {
    let body = r#"{"detail":"IP address 203.0.113.7 is not allowed to access this resource.","error":403,"errorCode":"IP_ADDRESS_NOT_ON_ACCESS_LIST","parameters":["203.0.113.7"],"reason":"Forbidden"}"#;
    let e = nothing_created(judge_bearer(
        answer(403, Some("application/json"), body),
        &summary(),
    ));
    assert_eq!(
        e,
        KeymintError::OAuth(OAuthError::IpNotOnAccessList {
            address: Some("203.0.113.7".into())
        })
    );
    assert!(e.message().contains("203.0.113.7"), "{}", e.message());
    assert!(
        e.next_step().contains("Service Accounts"),
        "{}",
        e.next_step()
    );

    // The body lost, the code kept in the header; the address is then unknown.
    let mut header_only = answer(403, None, "");
    header_only.x_error_code = Some("IP_ADDRESS_NOT_ON_WHITELIST".into());
    let e = nothing_created(judge_bearer(header_only, &summary()));
    assert_eq!(
        e,
        KeymintError::OAuth(OAuthError::IpNotOnAccessList { address: None })
    );

    // Anything that is not an address is not quoted.
    let odd = r#"{"detail":"IP address <script> is not allowed","error":403,"errorCode":"IP_ADDRESS_NOT_ON_ACCESS_LIST","parameters":[],"reason":"Forbidden"}"#;
    let e = judge_bearer(answer(403, Some("application/json"), odd), &summary()).unwrap_err();
    assert_eq!(
        e,
        KeymintError::OAuth(OAuthError::IpNotOnAccessList { address: None })
    );

    // Another 403 stays Atlas's error.
    let e = judge_bearer(
        answer(
            403,
            Some("application/json"),
            &atlas_error(403, "USER_UNAUTHORIZED"),
        ),
        &summary(),
    )
    .unwrap_err();
    assert!(
        matches!(e, KeymintError::Atlas { status: 403, .. }),
        "{e:?}"
    );
}

#[test]
fn a_bearer_create_is_judged_like_a_signed_one_otherwise() {
    let key = judge_bearer(recorded("create_200"), &summary()).unwrap();
    assert_eq!(key.public_key, "flezioeg");
    unknown(judge_bearer(
        answer(502, Some("text/html"), HTML_502),
        &summary(),
    ));
    unknown(judge_bearer(answer(200, None, "not json"), &summary()));
}

#[test]
fn every_5xx_after_signing_is_an_unknown_outcome_atlas_shaped_or_not() {
    for status in [500, 501, 502, 503, 504, 505, 507, 520, 599] {
        let atlas = atlas_error(status, "UNEXPECTED_ERROR");
        let mut header_only = answer(status, None, "");
        header_only.x_error_code = Some("UNEXPECTED_ERROR".into());
        for (what, a) in [
            (
                "Atlas's error body",
                answer(status, Some("application/json"), &atlas),
            ),
            ("Atlas's code in the header only", header_only),
            (
                "a proxy's page",
                answer(status, Some("text/html"), HTML_502),
            ),
            ("an empty body", answer(status, None, "")),
            (
                "a JSON body that is not Atlas's",
                answer(
                    status,
                    Some("application/json"),
                    "{\"message\":\"upstream failed\"}",
                ),
            ),
        ] {
            let e = unknown(signed(a.clone()));
            assert!(
                e.message().contains(&format!("HTTP {status}")),
                "{status} {what}: {}",
                e.message()
            );
            assert!(
                e.next_step().contains("Do not press Create again"),
                "{status} {what}"
            );
            // The same with a Bearer token.
            unknown(judge_bearer(a.clone(), &summary()));
            // The unsigned challenge POST created nothing, whatever its status.
            nothing_created(judge(a, Sent::Unsigned, &summary()));
        }
    }
    // Atlas's words still reach the user.
    let e = signed(answer(
        503,
        Some("application/json"),
        &atlas_error(503, "UNEXPECTED_ERROR"),
    ))
    .unwrap_err();
    assert!(e.message().contains("UNEXPECTED_ERROR"), "{}", e.message());
    // A 4xx in Atlas's shape is still Atlas refusing the request: nothing was created.
    nothing_created(signed(answer(
        499,
        Some("application/json"),
        &atlas_error(499, "SOMETHING"),
    )));
}

const PRIVATE_KEY: &str = "754c8808-0ba8-4153-8eea-85daa09d408a";
const TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXRva2Vu.c2lnbmF0dXJl";
const CLIENT_SECRET: &str = "mdb_sa_sk_SuperSecretValue123";

/// Every text the error shows, at once.
fn shown(e: &KeymintError) -> String {
    format!("{} {} {} {e:?}", e.title(), e.message(), e.next_step())
}

fn assert_no_secret(e: &KeymintError) {
    let text = shown(e);
    for secret in [
        PRIVATE_KEY,
        "754c8808",
        TOKEN,
        "c2VjcmV0",
        CLIENT_SECRET,
        "SuperSecret",
    ] {
        assert!(!text.contains(secret), "{secret} quoted in: {text}");
    }
}

#[test]
fn no_quoted_body_shows_a_private_key_token_or_client_secret() {
    let key_body = format!(
        r#"{{"desc":"ci","id":"6a793fbd2c88faeba59bd3b1","privateKey":"{PRIVATE_KEY}","publicKey":"#
    );
    let token_body = format!(r#"{{"access_token":"{TOKEN}","token_type":"Bearer"}}"#);
    let form_body = format!("grant_type=client_credentials&client_secret={CLIENT_SECRET}&x=1");
    let bare = format!("upstream said {PRIVATE_KEY} and {CLIENT_SECRET}");
    let spaced = format!("{{ \"privateKey\" : \"{PRIVATE_KEY}\" }}");
    for body in [&key_body, &token_body, &form_body, &bare, &spaced] {
        for status in [200, 201, 404, 502] {
            for sent in [Sent::Unsigned, Sent::Signed] {
                let e =
                    judge(answer(status, Some("text/plain"), body), sent, &summary()).unwrap_err();
                assert_no_secret(&e);
            }
        }
        // In Atlas's own error detail.
        let atlas = serde_json::json!({
            "detail": body, "error": 400, "errorCode": "INVALID_ATTRIBUTE", "parameters": [], "reason": "Bad Request"
        })
        .to_string();
        assert_no_secret(&signed(answer(400, Some("application/json"), &atlas)).unwrap_err());
        let unknown_code = atlas.replace("INVALID_ATTRIBUTE", "SOMETHING_NEW");
        assert_no_secret(
            &signed(answer(400, Some("application/json"), &unknown_code)).unwrap_err(),
        );
        // From the token endpoint.
        for status in [200, 400, 500] {
            if let Err(e) = keymint::core::oauth::parse_token_response(status, body, 0.0) {
                assert_no_secret(&KeymintError::OAuth(e));
            }
        }
    }
    // What is not secret is still quoted: the user needs it to tell what answered.
    let e = signed(answer(200, Some("application/json"), &key_body)).unwrap_err();
    assert!(
        e.message().contains("6a793fbd2c88faeba59bd3b1"),
        "{}",
        e.message()
    );
    assert!(e.message().contains("<redacted>"), "{}", e.message());
}

#[test]
fn redaction_never_panics_on_odd_text() {
    use keymint::core::text::{clip, redact};
    for odd in [
        "privateKey",
        "privateKey:",
        "\"privateKey\":\"\\",
        "\"privateKey\":\"\\é unterminated",
        "client_secret=é&",
        "mdb_sa_sk_",
        "754c8808-0ba8-4153-8eea-85daa09d408",
        "754c8808-0ba8-4153-8eea-85daa09d408a-more",
        "ééé754c8808-0ba8-4153-8eea-85daa09d408aééé",
        "",
    ] {
        let _ = clip(odd, 20);
        let _ = redact(odd);
    }
    // A UUID inside a longer word is not a UUID; one between other characters is.
    assert!(redact("x754c8808-0ba8-4153-8eea-85daa09d408a").contains("754c8808"));
    assert_eq!(redact(&format!("é{PRIVATE_KEY}é")), "é<redacted>é");
}

#[test]
fn a_failure_status_whose_body_was_lost_is_still_the_error_its_header_names() {
    // The status says Atlas refused: nothing was created, even though the body never arrived.
    let mut lost = answer(409, Some("application/json"), "");
    lost.x_error_code = Some("DUPLICATE_API_KEY_DESCRIPTION".into());
    lost.body = Err(FetchFailure::Network("network error".into()));
    let e = nothing_created(signed(lost));
    assert!(
        matches!(&e, KeymintError::Atlas { status: 409, api_error, .. }
            if api_error.error_code == "DUPLICATE_API_KEY_DESCRIPTION"),
        "{e:?}"
    );
}

#[test]
fn a_200_with_an_empty_private_or_public_key_is_not_a_usable_key() {
    for body in [
        r#"{"id":"6a793fbd2c88faeba59bd3b1","desc":"ci","publicKey":"flezioeg","privateKey":"","roles":[]}"#,
        r#"{"id":"6a793fbd2c88faeba59bd3b1","desc":"ci","publicKey":"","privateKey":"754c8808-0ba8-4153-8eea-85daa09d408a","roles":[]}"#,
    ] {
        let e = unknown(signed(answer(200, Some("application/json"), body)));
        assert!(
            matches!(e, KeymintError::CreatedButUnreadable { .. }),
            "{e:?}"
        );
        // Before signing (something on the way answered for Atlas) it is a plain failure.
        let e = nothing_created(judge(
            answer(200, Some("application/json"), body),
            Sent::Unsigned,
            &summary(),
        ));
        assert!(
            matches!(e, KeymintError::UnexpectedResponse { .. }),
            "{e:?}"
        );
    }
}

#[test]
fn an_error_code_header_makes_an_atlas_error_only_on_a_failure_status_and_when_not_empty() {
    let html = |status: u16, code: &str| {
        let mut a = answer(status, Some("text/html"), "<html>proxy</html>");
        a.x_error_code = Some(code.into());
        a
    };
    // A 400 whose body a proxy replaced, with Atlas's header: Atlas's error.
    let e = nothing_created(judge(
        html(400, "INVALID_ATTRIBUTE"),
        Sent::Unsigned,
        &summary(),
    ));
    assert!(matches!(e, KeymintError::Atlas { .. }), "{e:?}");
    // An empty header, or a redirect carrying one, is not Atlas speaking.
    for odd in [html(400, ""), html(302, "INVALID_ATTRIBUTE")] {
        let e = nothing_created(judge(odd, Sent::Unsigned, &summary()));
        assert!(
            matches!(e, KeymintError::UnexpectedResponse { .. }),
            "{e:?}"
        );
    }
}

#[test]
fn only_a_401_to_a_lifecycle_call_asks_for_its_signature() {
    use keymint::core::answer::challenge_of;
    let challenge = r#"Digest realm="MMS Public API", domain="", nonce="n1", algorithm=MD5, qop="auth", stale=false"#;
    let mut challenged = answer(401, None, "");
    challenged.www_authenticate = Some(challenge.into());
    let got = challenge_of(&challenged, &summary()).unwrap();
    assert_eq!(got.map(|c| c.nonce), Some("n1".to_string()));
    // A final answer, even one that carries a challenge header, is read as it is.
    let mut listed = answer(200, Some("application/json"), r#"{"results":[]}"#);
    listed.www_authenticate = Some(challenge.into());
    assert_eq!(challenge_of(&listed, &summary()).unwrap(), None);
    // A 401 whose challenge the proxy hid.
    assert!(matches!(
        challenge_of(&answer(401, None, ""), &summary()),
        Err(KeymintError::ChallengeHidden { .. })
    ));
}

/// The address named to the user when a Bearer create's 403 says its caller is not on the access list.
fn refused_address(parameters: &str, detail: &str) -> Option<String> {
    let body = format!(
        r#"{{"detail":{},"error":403,"errorCode":"IP_ADDRESS_NOT_ON_ACCESS_LIST","parameters":{parameters},"reason":"Forbidden"}}"#,
        serde_json::to_string(detail).unwrap()
    );
    match judge_bearer(answer(403, Some("application/json"), &body), &summary()) {
        Err(KeymintError::OAuth(OAuthError::IpNotOnAccessList { address })) => address,
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_refused_address_is_read_from_the_detail_in_any_quotes_and_only_when_it_is_an_address() {
    for detail in [
        "IP address `203.0.113.9` is not allowed to access this resource.",
        "IP address '203.0.113.9' is not allowed to access this resource.",
        "IP address \"203.0.113.9\" is not allowed to access this resource.",
        "IP address 203.0.113.9 is not allowed to access this resource.",
    ] {
        assert_eq!(
            refused_address("[]", detail).as_deref(),
            Some("203.0.113.9"),
            "{detail}"
        );
    }
    // The first parameter wins over the detail; IPv6 and CIDR forms are addresses too.
    assert_eq!(
        refused_address(
            r#"["2001:db8::1"]"#,
            "IP address 203.0.113.9 is not allowed"
        )
        .as_deref(),
        Some("2001:db8::1")
    );
    assert_eq!(
        refused_address(r#"["10.0.0.0/8"]"#, "").as_deref(),
        Some("10.0.0.0/8")
    );
    // Not addresses: words, numbers, a prefix too long for the family, other characters. A first
    // parameter that is not an address gives way to the detail.
    for not_an_address in [
        "abcdef",
        "1",
        &"1".repeat(64),
        "1.2.3.4;drop",
        "10.0.0.0/33",
        "10.0.0.0/+8",
        "::/129",
    ] {
        assert_eq!(
            refused_address(
                &format!("[{}]", serde_json::to_string(not_an_address).unwrap()),
                ""
            ),
            None,
            "{not_an_address}"
        );
    }
    assert_eq!(
        refused_address(r#"["GROUP", 7, "2001:DB8::1/64"]"#, "").as_deref(),
        Some("2001:db8::1/64"),
        "the first parameter that is an address, written the standard way"
    );
    assert_eq!(
        refused_address(r#"["abcdef"]"#, "IP address 203.0.113.9, is not allowed.").as_deref(),
        Some("203.0.113.9")
    );
}

#[test]
fn a_204_may_come_without_a_body_but_another_success_may_not() {
    use keymint::core::answer::{read_json, read_no_content, Received};
    let received = |status: u16, body: &'static str| {
        Received::new(status, body).with_content_type("application/json")
    };
    assert_eq!(read_no_content(received(204, ""), &summary()), Ok(()));
    assert_eq!(read_no_content(received(204, "  \n"), &summary()), Ok(()));
    assert!(matches!(
        read_no_content(received(204, "{}"), &summary()),
        Err(KeymintError::UnexpectedResponse { status: 204, .. })
    ));
    assert!(matches!(
        read_json::<()>(received(200, ""), &summary()),
        Err(KeymintError::UnexpectedResponse { status: 200, .. })
    ));
    // A 204 expected but a 200 came: not the answer asked for.
    assert!(matches!(
        read_no_content(received(200, ""), &summary()),
        Err(KeymintError::UnexpectedResponse { status: 200, .. })
    ));
}

#[test]
fn an_answer_reaches_a_reader_whole_or_not_at_all() {
    use keymint::core::answer::Received;
    let mut whole = answer(404, Some("application/json"), "{}");
    whole.x_error_code = Some("GROUP_NOT_FOUND".into());
    assert_eq!(
        whole.received(),
        Ok(Received::new(404, "{}")
            .with_content_type("application/json")
            .with_error_code("GROUP_NOT_FOUND"))
    );
    let mut lost = whole.clone();
    lost.body = Err(FetchFailure::TimedOut { seconds: TIMEOUT });
    assert_eq!(
        lost.received(),
        Err(FetchFailure::TimedOut { seconds: TIMEOUT })
    );
}

#[test]
fn a_call_after_the_create_is_signed_again_once_and_only_for_a_stale_nonce() {
    use keymint::core::answer::sign_again_for_call;
    use keymint::core::digest::DigestChallenge;
    let header = common::recorded("digest_401")
        .header("WWW-Authenticate")
        .unwrap()
        .to_string();
    let refused = |www_authenticate: &str| {
        let mut a = answer(
            401,
            Some("application/json"),
            &atlas_error(401, "UNEXPECTED_ERROR"),
        );
        a.www_authenticate = Some(www_authenticate.to_string());
        a
    };
    let stale_header = header.replace("stale=false", "stale=true");
    let stale = refused(&stale_header);
    assert_eq!(
        sign_again_for_call(&stale, NonceOrigin::ThisPress),
        Some(DigestChallenge::parse(&stale_header).unwrap()),
        "a stale nonce earns one more signature, with the new challenge"
    );
    assert_eq!(
        sign_again_for_call(&stale, NonceOrigin::Renewed),
        None,
        "a second stale 401: never a third signed request"
    );
    assert_eq!(
        sign_again_for_call(&refused(&header), NonceOrigin::ThisPress),
        None,
        "not stale: Atlas refused the key, and the 401 is read as final"
    );
    let mut listed = answer(200, Some("application/json"), r#"{"results":[]}"#);
    listed.www_authenticate = Some(stale_header.clone());
    assert_eq!(
        sign_again_for_call(&listed, NonceOrigin::ThisPress),
        None,
        "only a 401, whatever the header says"
    );
    assert_eq!(
        sign_again_for_call(&refused("Basic realm=\"proxy\""), NonceOrigin::ThisPress),
        None,
        "a 401 without a readable Digest challenge is final"
    );
}
