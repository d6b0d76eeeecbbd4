//! The Digest client against RFC 7616's own vectors and Atlas's recorded challenge.

use crate::common;

use keymint::core::digest::{DigestAlgorithm, DigestChallenge, DigestError, DigestSession};

const RFC_NONCE: &str = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
const RFC_OPAQUE: &str = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
const RFC_CNONCE: &str = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

fn rfc_challenge(algorithm: &str) -> String {
    format!(
        "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm={algorithm}, \
         nonce=\"{RFC_NONCE}\", opaque=\"{RFC_OPAQUE}\""
    )
}

fn param<'a>(header: &'a str, name: &str) -> &'a str {
    let start = header
        .find(&format!("{name}="))
        .unwrap_or_else(|| panic!("{name} in {header}"))
        + name.len()
        + 1;
    let rest = &header[start..];
    if let Some(q) = rest.strip_prefix('"') {
        &q[..q.find('"').unwrap()]
    } else {
        &rest[..rest.find(',').unwrap_or(rest.len())]
    }
}

#[test]
fn rfc7616_md5_vector() {
    let ch = DigestChallenge::parse(&rfc_challenge("MD5")).unwrap();
    let mut s = DigestSession::new(ch);
    let h = s.authorize_with_cnonce(
        "GET",
        "/dir/index.html",
        "Mufasa",
        "Circle of Life",
        RFC_CNONCE,
    );
    assert_eq!(param(&h, "response"), "8ca523f5e9506fed4657c9700eebdbec");
    assert_eq!(param(&h, "nc"), "00000001");
    assert_eq!(param(&h, "qop"), "auth");
    assert_eq!(param(&h, "opaque"), RFC_OPAQUE);
    assert_eq!(param(&h, "uri"), "/dir/index.html");
}

#[test]
fn rfc7616_sha256_vector() {
    let ch = DigestChallenge::parse(&rfc_challenge("SHA-256")).unwrap();
    assert_eq!(ch.algorithm, DigestAlgorithm::Sha256);
    let mut s = DigestSession::new(ch);
    let h = s.authorize_with_cnonce(
        "GET",
        "/dir/index.html",
        "Mufasa",
        "Circle of Life",
        RFC_CNONCE,
    );
    assert_eq!(
        param(&h, "response"),
        "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"
    );
    assert_eq!(param(&h, "algorithm"), "SHA-256");
}

#[test]
fn recorded_atlas_challenge_parses_exactly() {
    let rec = common::recorded("digest_401");
    let header = rec.header("Www-Authenticate").unwrap();
    let ch = DigestChallenge::parse(header).unwrap();
    assert_eq!(ch.realm, "MMS Public API");
    assert_eq!(ch.nonce, "669gyxpgL6MGDuSZvQ80Spv3k+Jc99ed");
    assert_eq!(ch.algorithm, DigestAlgorithm::Md5);
    assert_eq!(ch.qop, vec!["auth".to_string()]);
    assert!(!ch.stale);
    assert_eq!(ch.domain.as_deref(), Some(""));
    assert_eq!(ch.opaque, None);
}

#[test]
fn stale_true_and_sha256_as_atlas_for_government_sends_it() {
    let ch = DigestChallenge::parse(
        r#"Digest realm="MMS Public API", domain="", nonce="abc", algorithm=SHA-256, qop="auth", stale=true"#,
    )
    .unwrap();
    assert!(ch.stale);
    assert_eq!(ch.algorithm, DigestAlgorithm::Sha256);
}

#[test]
fn nc_counts_up_and_cnonce_is_fresh_per_request() {
    let rec = common::recorded("digest_401");
    let ch = DigestChallenge::parse(rec.header("Www-Authenticate").unwrap()).unwrap();
    let mut s = DigestSession::new(ch);
    let a = s
        .authorize(
            "POST",
            "/api/atlas/v2/groups/b0123456789abcdef012345b/apiKeys",
            "pub",
            "priv",
        )
        .unwrap();
    let b = s
        .authorize(
            "POST",
            "/api/atlas/v2/groups/b0123456789abcdef012345b/apiKeys",
            "pub",
            "priv",
        )
        .unwrap();
    assert_eq!(param(&a, "nc"), "00000001");
    assert_eq!(param(&b, "nc"), "00000002");
    assert_ne!(param(&a, "cnonce"), param(&b, "cnonce"));
    assert_ne!(param(&a, "response"), param(&b, "response"));
}

#[test]
fn the_uri_signed_is_the_one_given_and_changes_the_response() {
    let ch = DigestChallenge::parse(&rfc_challenge("MD5")).unwrap();
    let atlas_path = "/api/atlas/v2/groups/b0123456789abcdef012345b/apiKeys";
    let a = DigestSession::new(ch.clone()).authorize_with_cnonce("POST", atlas_path, "u", "p", "c");
    let b = DigestSession::new(ch).authorize_with_cnonce(
        "POST",
        &format!("/atlas{atlas_path}"),
        "u",
        "p",
        "c",
    );
    assert_eq!(param(&a, "uri"), atlas_path);
    assert_ne!(param(&a, "response"), param(&b, "response"));
}

#[test]
fn not_digest_and_broken_challenges_are_errors_not_panics() {
    assert_eq!(
        DigestChallenge::parse(r#"Basic realm="proxy""#),
        Err(DigestError::NotDigest)
    );
    assert_eq!(DigestChallenge::parse(""), Err(DigestError::NotDigest));
    assert_eq!(
        DigestChallenge::parse(r#"Digest realm="x""#),
        Err(DigestError::MissingParam("nonce"))
    );
    assert!(matches!(
        DigestChallenge::parse(r#"Digest realm="x", nonce="n", algorithm=SHA-512-256"#),
        Err(DigestError::UnsupportedAlgorithm(_))
    ));
    assert!(matches!(
        DigestChallenge::parse(r#"Digest realm="x", nonce="n", qop="auth-int""#),
        Err(DigestError::UnsupportedQop(_))
    ));
    for odd in [
        "Digest",
        "Digest ,,,",
        "Digest realm=\"unterminated",
        "Digest =,=,=",
        "digest realm=x, nonce=\"\\\"",
        "Digest \u{0}\u{1}=\u{7f}",
    ] {
        let _ = DigestChallenge::parse(odd);
    }
}

#[test]
fn digest_is_found_among_several_challenges() {
    let ch = DigestChallenge::parse(
        r#"Basic realm="a", Digest realm="MMS Public API", nonce="n1", qop="auth""#,
    )
    .unwrap();
    assert_eq!(ch.nonce, "n1");
    assert_eq!(ch.realm, "MMS Public API");
}
