//! Service-account tokens: the request Atlas expects, parsing, expiry and the cache.

use base64::Engine;
use keymint::core::environment::Environment;
use keymint::core::oauth::{self, ClientId, ClientSecret, OAuthError, TokenBinding, TokenCache};
use keymint::core::proxy::ProxyRoute;

const ID: &str = "mdb_sa_id_d0123456789abcdef012345d";
const SECRET: &str = "mdb_sa_sk_abc123";

#[test]
fn client_id_and_secret_are_checked() {
    assert!(ClientId::parse(ID).is_ok());
    for bad in [
        "",
        "mdb_sa_id_",
        "mdb_sa_id_D0123456789ABCDEF012345D",
        "mdb_sa_id_d0123456789abcdef012345",
        "abc",
    ] {
        assert_eq!(ClientId::parse(bad), Err(OAuthError::BadClientId), "{bad}");
    }
    assert!(ClientSecret::parse(SECRET).is_ok());
    assert_eq!(
        ClientSecret::parse("mdb_sa_sk_"),
        Err(OAuthError::BadClientSecret)
    );
    assert_eq!(
        ClientSecret::parse("secret"),
        Err(OAuthError::BadClientSecret)
    );
    assert!(!format!("{:?}", ClientSecret::parse(SECRET).unwrap()).contains("abc123"));
}

#[test]
fn the_token_request_is_basic_auth_and_a_client_credentials_form() {
    let r = oauth::token_request(
        &Environment::AtlasGov,
        &ClientId::parse(ID).unwrap(),
        &ClientSecret::parse(SECRET).unwrap(),
    );
    assert_eq!(r.url(), "https://cloud.mongodbgov.com/api/oauth/token");
    assert_eq!(r.method, "POST");
    assert_eq!(r.body.as_deref(), Some("grant_type=client_credentials"));
    assert_eq!(
        r.header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    let basic = r
        .header("Authorization")
        .unwrap()
        .strip_prefix("Basic ")
        .unwrap();
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(basic)
        .unwrap();
    assert_eq!(
        String::from_utf8(decoded).unwrap(),
        format!("{ID}:{SECRET}")
    );
}

#[test]
fn token_answers_are_parsed_with_expiry() {
    let t = oauth::parse_token_response(
        200,
        r#"{"access_token":"tok+/=","token_type":"Bearer","expires_in":3600}"#,
        1000.0,
    )
    .unwrap();
    assert_eq!(t.bearer_header(), "Bearer tok+/=");
    assert!(t.is_usable(1000.0) && t.is_usable(4000.0) && !t.is_usable(4541.0));
    assert!(!format!("{t:?}").contains("tok+/="));
    assert_eq!(
        oauth::parse_token_response(401, r#"{"error":"invalid_client"}"#, 0.0),
        Err(OAuthError::InvalidClient { status: 401 })
    );
    assert!(matches!(
        oauth::parse_token_response(200, "<html>", 0.0),
        Err(OAuthError::Malformed { .. })
    ));
    assert!(matches!(
        oauth::parse_token_response(
            200,
            r#"{"access_token":"t","token_type":"mac","expires_in":1}"#,
            0.0
        ),
        Err(OAuthError::WrongTokenType(_))
    ));
    assert!(matches!(
        oauth::parse_token_response(
            200,
            r#"{"access_token":"t","token_type":"bearer","expires_in":-5}"#,
            0.0
        ),
        Err(OAuthError::Malformed { .. })
    ));
    assert!(matches!(
        oauth::parse_token_response(502, "bad gateway", 0.0),
        Err(OAuthError::Malformed { status: 502, .. })
    ));
}

fn binding(proxy: &str, id: &str) -> TokenBinding {
    TokenBinding {
        environment: Environment::Atlas,
        route: ProxyRoute::parse(proxy).unwrap(),
        client_id: id.to_string(),
    }
}

fn a_token() -> oauth::AccessToken {
    oauth::parse_token_response(
        200,
        r#"{"access_token":"a","token_type":"Bearer","expires_in":3600}"#,
        0.0,
    )
    .unwrap()
}

#[test]
fn the_cache_reuses_until_expiry_and_forgets_on_invalidate() {
    let here = binding("/keymint/atlas{path}", ID);
    let mut cache = TokenCache::default();
    assert!(cache.get(0.0, &here).is_none());
    cache.store(a_token(), here.clone());
    assert!(cache.get(100.0, &here).is_some());
    assert!(cache.get(3590.0, &here).is_none(), "too close to expiry");
    let (revoked, from) = cache.invalidate().unwrap();
    assert_eq!(from, here);
    assert!(cache.get(100.0, &here).is_none());
    let r = oauth::revoke_request(
        &Environment::Atlas,
        &ClientId::parse(ID).unwrap(),
        &ClientSecret::parse(SECRET).unwrap(),
        &revoked,
    );
    assert_eq!(r.url(), "https://cloud.mongodb.com/api/oauth/revoke");
    assert_eq!(
        r.body.as_deref(),
        Some("token=a&token_type_hint=access_token")
    );
}

#[test]
fn a_token_is_used_only_for_the_environment_route_and_client_id_it_came_from() {
    let here = binding("/keymint/atlas{path}", ID);
    let mut cache = TokenCache::default();
    cache.store(a_token(), here.clone());
    let elsewhere = [
        binding("https://proxy.evil.example/", ID),
        binding("/keymint/atlas{path}", "mdb_sa_id_0123456789abcdef01234567"),
        TokenBinding {
            environment: Environment::AtlasGov,
            ..here.clone()
        },
    ];
    for other in &elsewhere {
        assert!(cache.get(100.0, other).is_none(), "{other:?}");
    }
    // Unchanged: kept. Changed (or unusable): released with the binding it came from, for revocation
    // through that route.
    assert!(cache.release_unless_bound(Some(&here)).is_none());
    assert!(cache.get(100.0, &here).is_some());
    let (_, from) = cache.release_unless_bound(Some(&elsewhere[0])).unwrap();
    assert_eq!(from, here, "revoked where it came from");
    assert!(cache.get(100.0, &here).is_none());
    cache.store(a_token(), here.clone());
    assert!(cache.release_unless_bound(None).is_some());
    assert!(cache.release_unless_bound(None).is_none());
}

#[test]
fn an_access_list_refusal_explains_the_proxy_address() {
    assert!(OAuthError::TokenRejected.next_step().contains("proxy"));
}

#[test]
fn every_service_account_error_reads_as_a_heading_a_sentence_and_a_next_step() {
    let address = Some("203.0.113.9".to_string());
    let words: [(OAuthError, &str, &str, &str); 9] = [
        (
            OAuthError::BadClientId,
            "Service account details not valid",
            "Client ID must be mdb_sa_id_ followed by 24 lower-case hexadecimal characters.",
            "Copy both from Atlas: Organization > Access Manager > Service Accounts.",
        ),
        (
            OAuthError::BadClientSecret,
            "Service account details not valid",
            "Client secret must start with mdb_sa_sk_.",
            "Copy both from Atlas: Organization > Access Manager > Service Accounts.",
        ),
        (
            OAuthError::InvalidClient { status: 401 },
            "Wrong client ID or secret",
            "The token endpoint refused this client ID and secret (HTTP 401).",
            "Check the client ID and secret; a secret can be expired or revoked — create a new one in Atlas if so.",
        ),
        (
            OAuthError::Malformed { status: 502, snippet: "an empty answer".into() },
            "Unexpected answer from the token endpoint",
            "HTTP 502: an empty answer",
            "Check that the Proxy URL forwards /api/oauth/token to Atlas.",
        ),
        (
            OAuthError::WrongTokenType("mac".into()),
            "Unexpected answer from the token endpoint",
            "The token endpoint issued a \"mac\" token; Atlas uses Bearer tokens.",
            "Check that the Proxy URL forwards /api/oauth/token to Atlas.",
        ),
        (
            OAuthError::TokenRejected,
            "The access token was refused",
            "Atlas did not accept the service account's access token (expired, revoked, or the call came from an address not on the service account's access list).",
            "Press Create API key again to get a fresh token. If it is refused again: tokens can be requested from anywhere, but API calls must come from an address on the service account's access list, and that address is the proxy's.",
        ),
        (
            OAuthError::TokenRefused { status: 400, error: "unsupported_grant_type".into(), description: Some("grant_type is missing".into()) },
            "The token endpoint refused the request",
            "HTTP 400, error \"unsupported_grant_type\": grant_type is missing",
            "The form body did not reach Atlas intact: check that the Proxy URL forwards POST bodies and the Content-Type header to /api/oauth/token unchanged.",
        ),
        (
            OAuthError::TokenRefused { status: 400, error: "unauthorized_client".into(), description: None },
            "The token endpoint refused the request",
            "HTTP 400, error \"unauthorized_client\".",
            "Check the service account in Atlas (Organization > Access Manager > Service Accounts) and that the Proxy URL forwards /api/oauth/token unchanged.",
        ),
        (
            OAuthError::IpNotOnAccessList { address },
            "Proxy address not on the service account's access list",
            "The access token is valid, but Atlas refused the call because it came from the address 203.0.113.9, which is not on the service account's API access list. Tokens can be requested from anywhere; API calls must come from an allowed address.",
            "Atlas sees the proxy's address, not your browser's: add the proxy's public IP address to the service account's API access list (Organization > Access Manager > Service Accounts > your account > API Access List), or ask the team that runs this page which address to add.",
        ),
    ];
    for (error, title, message, next_step) in words {
        assert_eq!(error.title(), title);
        assert_eq!(error.message(), message);
        assert_eq!(error.next_step(), next_step);
        assert_eq!(error.to_string(), format!("{title}: {message}"));
    }
    // invalid_request gets the intact-body hint too; an address Atlas did not name is "an address".
    let invalid_request = OAuthError::TokenRefused {
        status: 400,
        error: "invalid_request".into(),
        description: None,
    };
    assert!(invalid_request
        .next_step()
        .starts_with("The form body did not reach Atlas intact"));
    assert!(OAuthError::IpNotOnAccessList { address: None }
        .message()
        .contains("it came from an address, which"));
}

#[test]
fn a_token_stops_being_used_exactly_one_margin_before_it_expires() {
    // Issued at 1000 for an hour: expires at 4600, used until 60 s before.
    let t = oauth::parse_token_response(
        200,
        r#"{"access_token":"a","token_type":"Bearer","expires_in":3600}"#,
        1000.0,
    )
    .unwrap();
    assert!(t.is_usable(4539.5));
    assert!(!t.is_usable(4540.0), "at the margin itself it is not used");
}

#[test]
fn only_a_bearer_token_a_browser_can_send_in_a_header_is_accepted() {
    let parse = |token: &str| {
        oauth::parse_token_response(
            200,
            &format!(r#"{{"access_token":"{token}","token_type":"Bearer","expires_in":3600}}"#),
            0.0,
        )
    };
    assert_eq!(
        parse("aZ09-._~+/==").unwrap().bearer_header(),
        "Bearer aZ09-._~+/=="
    );
    for unusable in ["two words", "line\\nbreak", "", "==", "é"] {
        assert!(
            matches!(parse(unusable), Err(OAuthError::Malformed { .. })),
            "{unusable:?}"
        );
    }
}

#[test]
fn debug_output_of_a_secret_or_a_token_never_shows_it() {
    // What a panic message or a log line would print.
    let secret = ClientSecret::parse(SECRET).unwrap();
    assert_eq!(format!("{secret:?}"), "ClientSecret(<redacted>)");
    let token = a_token();
    assert_eq!(
        format!("{token:?}"),
        "AccessToken(<redacted>, expires_at 3600)"
    );
}

#[test]
fn refusals_of_the_credentials_and_other_refusals_are_told_apart() {
    let refused = |status: u16, body: &str| oauth::parse_token_response(status, body, 0.0);
    // The credentials: an invalid_client code whatever the status, any error code with a 401, a bare 400 or 401.
    for (status, body) in [
        (400, r#"{"error":"invalid_client"}"#),
        (401, r#"{"error":"invalid_grant"}"#),
        (400, "{}"),
        (401, "{}"),
    ] {
        assert_eq!(
            refused(status, body),
            Err(OAuthError::InvalidClient { status }),
            "{status} {body}"
        );
    }
    // Anything else the endpoint names is its own refusal, with its words when it gave some.
    assert_eq!(
        refused(
            400,
            r#"{"error":"invalid_scope","error_description":"no such scope"}"#
        ),
        Err(OAuthError::TokenRefused {
            status: 400,
            error: "invalid_scope".into(),
            description: Some("no such scope".into()),
        })
    );
    assert_eq!(
        refused(400, r#"{"error":"invalid_scope","error_description":""}"#),
        Err(OAuthError::TokenRefused {
            status: 400,
            error: "invalid_scope".into(),
            description: None,
        })
    );
}

#[test]
fn a_short_lived_token_is_used_for_the_first_half_of_its_life() {
    let token = |expires_in: &str| {
        oauth::parse_token_response(
            200,
            &format!(r#"{{"access_token":"a","token_type":"Bearer","expires_in":{expires_in}}}"#),
            0.0,
        )
    };
    let one_minute = token("60").unwrap();
    assert!(one_minute.is_usable(29.0) && !one_minute.is_usable(30.0));
    assert!(
        matches!(token("0"), Err(OAuthError::Malformed { .. })),
        "a token issued already expired"
    );
}

#[test]
fn sign_out_finds_the_token_held_with_the_route_it_came_from_until_it_expires() {
    let here = binding("/keymint/atlas{path}", ID);
    let mut cache = TokenCache::default();
    assert!(cache.held(0.0).is_none());
    cache.store(a_token(), here.clone());
    let (token, bound) = cache.held(100.0).expect("held");
    assert_eq!((token.bearer_header().as_str(), bound), ("Bearer a", &here));
    assert!(
        cache.held(3600.0).is_none(),
        "an expired token needs no revoking"
    );
}
