//! Every recorded Atlas answer parses byte for byte; every error code is put in words.

use crate::common;

use keymint::core::answer::{self, Received};
use keymint::core::error::{KeymintError, RequestSummary};
use keymint::core::ids::OrgId;
use keymint::core::request::Field;
use keymint::core::response::{explain, known_codes, ApiError, ApiKeyUserDetails};

fn summary() -> RequestSummary {
    RequestSummary {
        method: "POST".into(),
        url: "https://cloud.mongodb.com/api/atlas/v2/groups/b0123456789abcdef012345b/apiKeys"
            .into(),
        via: "/atlas/api/atlas/v2/groups/b0123456789abcdef012345b/apiKeys".into(),
    }
}

fn parse_create_response(received: Received<'_>) -> Result<ApiKeyUserDetails, KeymintError> {
    answer::parse_create_response(received, &summary())
}

fn parse_signed_create_response(received: Received<'_>) -> Result<ApiKeyUserDetails, KeymintError> {
    answer::parse_signed_create_response(received, &summary())
}

fn parse(name: &str) -> Result<ApiKeyUserDetails, KeymintError> {
    let r = common::recorded(name);
    assert_eq!(
        r.header("Content-Length")
            .map(|l| l.parse::<usize>().unwrap()),
        Some(r.body.len()),
        "{name} body copied byte for byte"
    );
    parse_create_response(
        Received::new(r.status, &r.body)
            .with_content_type(r.header("Content-Type"))
            .with_error_code(r.header("X-Error-Code")),
    )
}

#[test]
fn recorded_create_200_gives_the_key_with_org_member() {
    let key = parse("create_200").unwrap();
    assert_eq!(key.id.as_str(), "6a793fbd2c88faeba59bd3b1");
    assert_eq!(key.desc, "e2e-test");
    assert_eq!(key.public_key, "flezioeg");
    assert_eq!(key.private_key, "754c8808-0ba8-4153-8eea-85daa09d408a");
    assert_eq!(key.role_names(), ["ORG_MEMBER", "GROUP_READ_ONLY"]);
    assert_eq!(
        key.roles[0].org_id.as_deref(),
        Some("a0123456789abcdef012345a")
    );
    assert_eq!(
        key.roles[1].group_id.as_deref(),
        Some("b0123456789abcdef012345b")
    );
    assert_eq!(
        key.org_id().as_ref().map(OrgId::as_str),
        Some("a0123456789abcdef012345a")
    );
    assert_eq!(key.links[0].rel, "self");
    // Serialising gives back Atlas's bytes: same fields, same order.
    assert_eq!(
        serde_json::to_string(&key).unwrap(),
        common::recorded("create_200").body
    );
}

#[test]
fn debug_output_never_shows_the_private_key() {
    let key = parse("create_200").unwrap();
    let dbg = format!("{key:?}");
    assert!(!dbg.contains("754c8808"), "{dbg}");
    assert!(dbg.contains("flezioeg"));
}

#[test]
fn recorded_digest_401_means_wrong_keys() {
    let err = parse("digest_401").unwrap_err();
    let KeymintError::Atlas {
        status, api_error, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*status, 401);
    assert_eq!(api_error.error_code, "UNEXPECTED_ERROR");
    assert_eq!(
        api_error.detail.as_deref(),
        Some("You are not authorized for this resource.")
    );
    assert_eq!(err.title(), "Wrong public or private key");
}

#[test]
fn recorded_group_not_found_points_at_the_project_id() {
    let err = parse("group_not_found_404").unwrap_err();
    let KeymintError::Atlas { api_error, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api_error.error_code, "GROUP_NOT_FOUND");
    assert_eq!(
        api_error.parameters,
        vec![serde_json::json!("111111111111111111111111")]
    );
    assert_eq!(api_error.reason.as_deref(), Some("Not Found"));
    assert_eq!(err.field(), Some(Field::ProjectId));
    assert_eq!(err.title(), "Project not found");
    assert!(err
        .message()
        .contains("No group with ID 111111111111111111111111 exists."));
}

#[test]
fn other_recorded_answers_are_not_mistaken_for_a_created_key() {
    // A list, an access-list entry and a 204 are not a create answer: typed errors, no panic.
    for name in ["list_200", "accesslist_200", "delete_204"] {
        let r = common::recorded(name);
        let got = parse_create_response(
            Received::new(r.status, &r.body).with_content_type(r.header("Content-Type")),
        );
        assert!(
            matches!(got, Err(KeymintError::UnexpectedResponse { .. })),
            "{name}: {got:?}"
        );
    }
}

#[test]
fn list_body_parses_as_keys_with_masked_private_keys() {
    #[derive(serde::Deserialize)]
    struct Page {
        results: Vec<ApiKeyUserDetails>,
        #[serde(rename = "totalCount")]
        total_count: u32,
    }
    let page: Page = serde_json::from_str(&common::recorded("list_200").body).unwrap();
    assert_eq!(page.total_count, 3);
    assert!(page
        .results
        .iter()
        .all(|k| k.private_key.starts_with("********-****-****-")));
}

#[test]
fn success_is_200_only() {
    let body = common::recorded("create_200").body;
    assert!(matches!(
        parse_create_response(Received::new(201, &body).with_content_type("application/json")),
        Err(KeymintError::UnexpectedResponse { status: 201, .. })
    ));
}

#[test]
fn html_and_empty_bodies_are_unexpected_responses_with_a_snippet() {
    let html = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    let err =
        parse_create_response(Received::new(502, html).with_content_type("text/html")).unwrap_err();
    let KeymintError::UnexpectedResponse { snippet, .. } = &err else {
        panic!()
    };
    assert!(snippet.contains("502 Bad Gateway"));
    assert!(err.next_step().contains("proxy"));
    assert!(parse_create_response(Received::new(200, "")).is_err());
    assert!(parse_create_response(Received::new(200, "{\"id\":1}")).is_err());
    assert!(parse_create_response(Received::new(500, "\u{0}\u{ffff}{[")).is_err());
    let long = "x".repeat(100_000);
    let KeymintError::UnexpectedResponse { snippet, .. } =
        parse_create_response(Received::new(500, &long)).unwrap_err()
    else {
        panic!()
    };
    assert!(snippet.chars().count() <= 201);
}

#[test]
fn x_error_code_header_survives_a_lost_body() {
    let err = parse_create_response(Received::new(404, "").with_error_code("GROUP_NOT_FOUND"))
        .unwrap_err();
    assert_eq!(err.title(), "Project not found");
}

fn api_error(code: &str, status: u16) -> ApiError {
    ApiError {
        error: status,
        error_code: code.to_string(),
        detail: Some(format!("detail for {code}")),
        reason: None,
        parameters: vec![],
        bad_request_detail: None,
    }
}

#[test]
fn every_documented_code_has_a_specific_message_and_next_step() {
    let reference = std::fs::read_to_string(format!(
        "{}/tests/fixtures/error-codes.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let codes: Vec<&str> = reference
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    assert!(codes.len() >= 45, "{}", codes.len());
    for code in codes {
        let ex = explain(&api_error(code, 400));
        assert!(ex.known, "{code} falls back to the generic text");
        assert!(
            !ex.next_step.is_empty() && !ex.message.is_empty() && !ex.title.contains(code),
            "{code}"
        );
        assert!(
            known_codes().any(|known| known == code),
            "{code} not listed in known_codes()"
        );
    }
}

#[test]
fn access_list_errors_explain_that_the_proxy_address_counts() {
    for code in [
        "IP_ADDRESS_NOT_ON_ACCESS_LIST",
        "IP_ADDRESS_NOT_ON_WHITELIST",
    ] {
        let ex = explain(&api_error(code, 403));
        assert!(
            ex.next_step.contains("proxy") && ex.next_step.contains("access list"),
            "{}",
            ex.next_step
        );
    }
}

#[test]
fn role_and_description_errors_point_at_their_fields() {
    assert_eq!(
        explain(&api_error("CANNOT_ADD_ORG_ROLE", 400)).field,
        Some(Field::Roles)
    );
    assert_eq!(
        explain(&api_error("INVALID_API_KEY_DESC", 400)).field,
        Some(Field::Description)
    );
    assert_eq!(explain(&api_error("USER_UNAUTHORIZED", 401)).field, None);
    assert!(explain(&api_error("USER_UNAUTHORIZED", 401))
        .next_step
        .contains("Project Owner"));
}

#[test]
fn unknown_codes_still_show_code_and_detail() {
    let ex = explain(&api_error("SOMETHING_NEW", 418));
    assert!(!ex.known);
    assert!(ex.title.contains("SOMETHING_NEW") && ex.title.contains("418"));
    assert_eq!(ex.message, "detail for SOMETHING_NEW");
}

#[test]
fn cors_failures_are_not_network_errors_and_unknown_outcomes_say_the_key_may_exist() {
    let summary = RequestSummary {
        method: "POST".into(),
        url: "https://cloud.mongodb.com/api/atlas/v2/groups/x/apiKeys".into(),
        via: "http://127.0.0.1:9/https://cloud.mongodb.com/api/atlas/v2/groups/x/apiKeys".into(),
    };
    let e = KeymintError::ProxyUnreachable {
        summary: summary.clone(),
        detail: "TypeError: Failed to fetch".into(),
    };
    assert!(e.message().contains("CORS") && e.message().contains("127.0.0.1:9"));
    assert!(!e.title().to_lowercase().contains("network error"));
    let u = KeymintError::OutcomeUnknown {
        summary,
        detail: "connection reset".into(),
    };
    assert!(u.outcome_unknown());
    assert!(u.title().contains("may have been created"));
    assert!(u.next_step().contains("atlas projects apiKeys list"));
}

#[test]
fn a_signed_create_answered_200_with_an_unreadable_body_says_the_key_exists_without_its_private_key(
) {
    let got = parse_signed_create_response(
        Received::new(200, "{\"desc\":\"ci\",\"id\":")
            .with_content_type("application/vnd.atlas.2023-01-01+json"),
    );
    let Err(e @ KeymintError::CreatedButUnreadable { .. }) = got else {
        panic!("{got:?}")
    };
    assert!(e.outcome_unknown(), "must not invite a blind retry");
    assert!(e.title().contains("was created"), "{}", e.title());
    assert!(e.message().contains("{\"desc\":\"ci\""), "{}", e.message());
    assert!(
        e.next_step().contains("Delete the key"),
        "{}",
        e.next_step()
    );
}

#[test]
fn a_proxy_answer_after_the_signed_create_means_the_outcome_is_unknown_but_atlas_errors_stay_errors(
) {
    let html = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    for (status, body) in [
        (502, html),
        (504, html),
        // cors-anywhere's answer when the upstream connection fails.
        (
            404,
            "Not found because of proxy error: Error: socket hang up",
        ),
    ] {
        let got = parse_signed_create_response(
            Received::new(status, body).with_content_type("text/html"),
        );
        let Err(e @ KeymintError::OutcomeUnknown { .. }) = got else {
            panic!("{status}: {got:?}")
        };
        assert!(
            e.message().contains(&format!("HTTP {status}")),
            "{}",
            e.message()
        );
    }
    // The same answers to the unsigned challenge POST created nothing: they stay "unexpected".
    assert!(matches!(
        parse_create_response(Received::new(502, html).with_content_type("text/html")),
        Err(KeymintError::UnexpectedResponse { status: 502, .. })
    ));
    // An Atlas error is Atlas's answer, signed or not: nothing was created.
    let body = r#"{"detail":"x","error":400,"errorCode":"INVALID_ATTRIBUTE","parameters":[],"reason":"Bad Request"}"#;
    let got = parse_signed_create_response(
        Received::new(400, body).with_content_type("application/json"),
    );
    assert!(
        matches!(got, Err(KeymintError::Atlas { status: 400, .. })),
        "{got:?}"
    );
    let rate = r#"{"detail":"slow down","error":429,"errorCode":"RATE_LIMITED","parameters":[],"reason":"Too Many Requests"}"#;
    let got = parse_signed_create_response(
        Received::new(429, rate).with_content_type("application/json"),
    );
    assert!(matches!(&got, Err(e) if !e.outcome_unknown()), "{got:?}");
    // A 500 from Atlas itself: Atlas may have created the key before failing, so the outcome is
    // unknown even though the body is Atlas's.
    let internal = r#"{"detail":"Unexpected error.","error":500,"errorCode":"UNEXPECTED_ERROR","parameters":[],"reason":"Internal Server Error"}"#;
    let got = parse_signed_create_response(
        Received::new(500, internal).with_content_type("application/json"),
    );
    assert!(
        matches!(&got, Err(e @ KeymintError::ServerErrorAfterSending { status: 500, .. }) if e.outcome_unknown()),
        "{got:?}"
    );
}

#[test]
fn atlas_detail_is_quoted_only_when_it_adds_to_the_known_message() {
    let err = |detail: &str| ApiError {
        error: 404,
        error_code: "GROUP_NOT_FOUND".into(),
        detail: Some(detail.into()),
        reason: Some("Not Found".into()),
        parameters: vec![],
        bad_request_detail: None,
    };
    let with_detail = explain(&err("No group with ID b0123456789abcdef012345b exists.")).message;
    let (known, said) = with_detail.split_once(" Atlas says: ").expect("quoted");
    assert_eq!(said, "No group with ID b0123456789abcdef012345b exists.");
    assert_eq!(
        explain(&err(known)).message,
        known,
        "the same words are not repeated"
    );
}

#[test]
fn a_keys_organization_is_its_org_member_roles_else_its_self_links() {
    let key = |roles: &str, links: &str| -> ApiKeyUserDetails {
        serde_json::from_str(&format!(
            r#"{{"desc":"d","id":"6a793fbd2c88faeba59bd3b1","links":{links},"privateKey":"p","publicKey":"abcdwxyz","roles":{roles}}}"#
        ))
        .unwrap()
    };
    let links = r#"[{"href":"https://cloud.mongodb.com/api/atlas/v2/groups/b0123456789abcdef012345b","rel":"related"},
                    {"href":"https://cloud.mongodb.com/api/atlas/v2/orgs/c0123456789abcdef012345c/apiKeys/6a793fbd2c88faeba59bd3b1","rel":"self"}]"#;
    assert_eq!(
        key(
            r#"[{"groupId":"b0123456789abcdef012345b","roleName":"GROUP_READ_ONLY"}]"#,
            links
        )
        .org_id()
        .as_ref()
        .map(OrgId::as_str),
        Some("c0123456789abcdef012345c"),
        "the self link, not the first link"
    );
    assert_eq!(
        key(
            r#"[{"orgId":"a0123456789abcdef012345a","roleName":"ORG_MEMBER"}]"#,
            links
        )
        .org_id()
        .as_ref()
        .map(OrgId::as_str),
        Some("a0123456789abcdef012345a")
    );
    assert_eq!(key("[]", "[]").org_id(), None);
}
