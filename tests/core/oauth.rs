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
