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

/// The hex of a hash, as Digest writes it.
fn md5_hex(s: &str) -> String {
    use md5::{Digest, Md5};
    Md5::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn sha256_hex(s: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn md5_sess_and_sha256_sess_sign_with_the_session_key_of_nonce_and_cnonce() {
    // RFC 7616 3.4.2: for a -sess algorithm, HA1 = H(H(user:realm:password):nonce:cnonce).
    let (user, pass, uri, cnonce) = ("flezioeg", "secret", "/api/atlas/v2/groups", "c0ffee");
    for (token, h, shown) in [
        ("MD5-sess", md5_hex as fn(&str) -> String, "MD5-sess"),
        ("md5-SESS", md5_hex, "MD5-sess"),
        ("SHA-256-sess", sha256_hex, "SHA-256-sess"),
    ] {
        let ch = DigestChallenge::parse(&format!(
            r#"Digest realm="r", nonce="n1", qop="auth", algorithm={token}"#
        ))
        .unwrap();
        assert_eq!(ch.algorithm.as_str(), shown);
        let header = DigestSession::new(ch).authorize_with_cnonce("POST", uri, user, pass, cnonce);
        let ha1 = h(&format!("{}:n1:{cnonce}", h(&format!("{user}:r:{pass}"))));
        let ha2 = h(&format!("POST:{uri}"));
        let want = h(&format!("{ha1}:n1:00000001:{cnonce}:auth:{ha2}"));
        assert_eq!(param(&header, "response"), want, "{token}");
        assert!(header.contains(&format!("algorithm={shown},")), "{header}");
    }
    // The plain algorithm with the same inputs gives another answer: the session key matters.
    let plain = DigestChallenge::parse(r#"Digest realm="r", nonce="n1", qop="auth""#).unwrap();
    let sess =
        DigestChallenge::parse(r#"Digest realm="r", nonce="n1", qop="auth", algorithm=MD5-sess"#)
            .unwrap();
    let a = DigestSession::new(plain).authorize_with_cnonce("POST", uri, user, pass, cnonce);
    let b = DigestSession::new(sess).authorize_with_cnonce("POST", uri, user, pass, cnonce);
    assert_ne!(param(&a, "response"), param(&b, "response"));
}

#[test]
fn escaped_quotes_in_realm_and_nonce_are_read_unescaped_and_sent_back_escaped() {
    let ch = DigestChallenge::parse(
        r#"Digest realm="MMS \"Public\" API", nonce="a\\b\"c", qop="auth", opaque="o\"1""#,
    )
    .unwrap();
    assert_eq!(ch.realm, r#"MMS "Public" API"#);
    assert_eq!(ch.nonce, r#"a\b"c"#);
    assert_eq!(ch.opaque.as_deref(), Some(r#"o"1"#));
    let header = DigestSession::new(ch).authorize_with_cnonce("POST", "/p", "u", "pw", "cn");
    assert!(header.contains(r#"realm="MMS \"Public\" API""#), "{header}");
    assert!(header.contains(r#"nonce="a\\b\"c""#), "{header}");
    assert!(header.contains(r#"opaque="o\"1""#), "{header}");
    // The hashes use the values themselves, not their escaped form.
    let ha1 = md5_hex(r#"u:MMS "Public" API:pw"#);
    let want = md5_hex(&format!(
        r#"{ha1}:a\b"c:00000001:cn:auth:{}"#,
        md5_hex("POST:/p")
    ));
    let response_at = header.find("response=\"").unwrap() + "response=\"".len();
    assert_eq!(&header[response_at..response_at + 32], want);
}

#[test]
fn a_digest_word_inside_another_scheme_s_quoted_value_is_not_a_digest_challenge() {
    // A corporate gateway's Basic realm that mentions "digest" is not what Atlas offered.
    let ch = DigestChallenge::parse(
        r#"Basic realm="corporate digest gateway", Digest realm="MMS Public API", nonce="n1", qop="auth""#,
    )
    .unwrap();
    assert_eq!(
        (ch.realm.as_str(), ch.nonce.as_str()),
        ("MMS Public API", "n1")
    );
    for not_digest in [
        r#"Basic realm="a digest realm""#,
        r#"Basic realm="a \" digest realm""#,
        r#"XDigest realm="r", nonce="n""#,
        r#"Digestive realm="r", nonce="n""#,
        r#"Bearer error="digest""#,
    ] {
        assert_eq!(
            DigestChallenge::parse(not_digest),
            Err(DigestError::NotDigest),
            "{not_digest}"
        );
    }
    // Upper case, after a comma without a space, or followed by a tab: still the Digest scheme.
    for digest in [
        "Bearer realm=\"atlas\",DIGEST realm=\"r\", nonce=\"n\"",
        "Digest\trealm=\"r\", nonce=\"n\"",
    ] {
        assert_eq!(
            DigestChallenge::parse(digest).unwrap().nonce,
            "n",
            "{digest}"
        );
    }
}

#[test]
fn stray_commas_spaces_and_valueless_parameters_do_not_hide_the_ones_that_follow() {
    let ch = DigestChallenge::parse(
        "Digest realm=\"r\",, =\"nameless\", nonce = \"n\" ,userhash, qop=\"auth\",algorithm=SHA-256,stale=TRUE",
    )
    .unwrap();
    assert_eq!(ch.nonce, "n");
    assert_eq!(ch.qop, vec!["auth".to_string()]);
    assert_eq!(ch.algorithm, DigestAlgorithm::Sha256);
    assert!(ch.stale);
    let header = DigestSession::new(ch).authorize_with_cnonce("POST", "/p", "u", "pw", "cn");
    assert!(
        header.contains(", qop=auth, nc=00000001, cnonce=\"cn\""),
        "{header}"
    );
}

#[test]
fn every_digest_error_says_what_the_challenge_lacked_in_words() {
    let words = [
        (
            DigestError::NotDigest,
            "the 401 answer is not an HTTP Digest challenge",
        ),
        (
            DigestError::MissingParam("nonce"),
            "the Digest challenge has no nonce",
        ),
        (
            DigestError::UnsupportedAlgorithm("SHA-512-256".into()),
            "the Digest challenge asks for algorithm SHA-512-256, which Keymint does not support",
        ),
        (
            DigestError::UnsupportedQop("auth-int".into()),
            "the Digest challenge offers qop \"auth-int\"; Keymint supports \"auth\"",
        ),
        (
            DigestError::Random,
            "the browser could not provide random numbers for the Digest cnonce",
        ),
    ];
    for (error, text) in words {
        assert_eq!(error.to_string(), text);
    }
}
