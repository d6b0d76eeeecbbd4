//! "Test connection": what an answer to the unsigned probe says about the route to Atlas.

use keymint::core::probe::{classify, unreachable, ProbeReport};

const ATLAS_CHALLENGE: &str = r#"Digest realm="MMS Public API", domain="", nonce="669gyxpgL6MGDuSZvQ80Spv3k+Jc99ed", algorithm=MD5, qop="auth", stale=false"#;

#[test]
fn a_readable_digest_challenge_means_atlas_was_reached_with_its_algorithm() {
    let report = classify("/atlas/api/atlas/v2/groups", 401, Some(ATLAS_CHALLENGE));
    assert!(report.reached_atlas());
    assert!(report.title().contains("MD5"), "{}", report.title());
    assert!(report.detail().contains("MMS Public API"));
}

#[test]
fn a_401_without_a_readable_challenge_is_a_hidden_header() {
    let report = classify("https://cors.example/x", 401, None);
    assert_eq!(
        report,
        ProbeReport::ChallengeHidden {
            via: "https://cors.example/x".into()
        }
    );
    assert!(report.title().contains("WWW-Authenticate"));
    assert!(report.detail().contains("Access-Control-Expose-Headers"));
}

#[test]
fn other_answers_and_failures_name_the_url_asked() {
    let not_atlas = classify("/atlas/x", 404, None);
    assert!(!not_atlas.reached_atlas());
    assert!(not_atlas.title().contains("404") && not_atlas.detail().contains("/atlas/x"));
    let basic = classify("/atlas/x", 401, Some("Basic realm=\"proxy\""));
    assert!(matches!(basic, ProbeReport::NotDigest { .. }));
    assert!(matches!(
        unreachable("http://127.0.0.1:9/", true),
        ProbeReport::CorsBlocked { .. }
    ));
    let down = unreachable("http://127.0.0.1:9/", false);
    assert!(matches!(down, ProbeReport::ProxyUnreachable { .. }));
    assert!(down.detail().contains("http://127.0.0.1:9/"));
}
