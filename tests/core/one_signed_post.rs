//! One signed POST per press: the Digest session kept between presses, and what a 401 to a POST
//! signed with a kept nonce means. Never two keys: only a 401 earns another signed POST, and only one.

use crate::common;

use keymint::core::answer::{
    challenge_in, signed_answer, Answer, KeepNext, NonceOrigin, SignedAnswer,
};
use keymint::core::digest::{DigestChallenge, DigestKeeper, DigestScope, DigestSession};
use keymint::core::environment::{ApiFlavor, Environment};
use keymint::core::error::{KeymintError, RequestSummary};
use keymint::core::request::ProjectId;
use keymint::core::target;

const UNAUTHORIZED: &str = "{\n  \"error\" : 401,\n  \"reason\" : \"Unauthorized\",\n  \"detail\" : \"You are not authorized for this resource.\",\n  \"errorCode\" : \"UNEXPECTED_ERROR\"\n}";

fn summary() -> RequestSummary {
    RequestSummary {
        method: "POST".into(),
        url: "https://cloud.mongodb.com/api/atlas/v2/groups/b0123456789abcdef012345b/apiKeys"
            .into(),
        via: "/keymint/atlas/api/atlas/v2/groups/b0123456789abcdef012345b/apiKeys".into(),
    }
}

/// Atlas's recorded challenge header, with `stale` as given.
fn recorded_challenge(stale: bool) -> String {
    let header = common::recorded("digest_401")
        .header("WWW-Authenticate")
        .expect("the recorded challenge")
        .to_string();
    if stale {
        header.replace("stale=false", "stale=true")
    } else {
        header
    }
}

fn answer(status: u16, www_authenticate: Option<String>, body: &str) -> Answer {
    Answer {
        status,
        content_type: Some("application/json".into()),
        x_error_code: None,
        www_authenticate,
        body: Ok(body.to_string()),
    }
}

fn a_401(stale: bool) -> Answer {
    answer(401, Some(recorded_challenge(stale)), UNAUTHORIZED)
}

fn judge(a: Answer, origin: NonceOrigin) -> SignedAnswer {
    signed_answer(a, origin, &summary())
}

fn done(s: SignedAnswer) -> (Result<(), KeymintError>, KeepNext) {
    match s {
        SignedAnswer::Done { result, keep } => (result.map(|_| ()), keep),
        SignedAnswer::SignAgain(c) => panic!("expected a final answer, got sign again with {c:?}"),
    }
}

#[test]
fn a_kept_nonce_refused_with_a_fresh_or_stale_challenge_is_signed_once_more() {
    for stale in [false, true] {
        match judge(a_401(stale), NonceOrigin::Kept) {
            SignedAnswer::SignAgain(c) => {
                assert_eq!(c.stale, stale);
                assert_eq!(c.nonce, "669gyxpgL6MGDuSZvQ80Spv3k+Jc99ed");
            }
            other => panic!("a 401 to a kept nonce created nothing: sign again, got {other:?}"),
        }
    }
}

#[test]
fn the_post_signed_again_is_final_whatever_comes_back_never_a_third() {
    for stale in [false, true] {
        let (result, keep) = done(judge(a_401(stale), NonceOrigin::Renewed));
        let e = result.expect_err("a refused signature");
        assert!(!e.outcome_unknown(), "a 401 created nothing: {e:?}");
        // The challenge in that 401 is kept: it signs the next press.
        assert!(matches!(keep, KeepNext::Challenge(c) if c.stale == stale));
    }
    // With the press's own nonce, a 401 without stale=true is a refused key, not a reason to sign again.
    let (result, _) = done(judge(a_401(false), NonceOrigin::ThisPress));
    assert_eq!(result.unwrap_err().title(), "Wrong public or private key");
}

#[test]
fn only_a_401_with_a_readable_challenge_earns_another_signature() {
    // A 401 without a challenge (a role Atlas refuses) is final even for a kept nonce.
    let no_challenge = answer(
        401,
        None,
        r#"{"detail":"Current user is not authorized to perform this action.","error":401,"errorCode":"USER_UNAUTHORIZED","parameters":[],"reason":"Unauthorized"}"#,
    );
    let (result, keep) = done(judge(no_challenge, NonceOrigin::Kept));
    assert!(!result.unwrap_err().outcome_unknown());
    assert_eq!(keep, KeepNext::Nothing);
    // A gateway error after the signed POST: the key may exist, and no second POST is sent.
    let gateway = Answer {
        content_type: Some("text/html".into()),
        ..answer(
            502,
            Some(recorded_challenge(true)),
            "<html>502 Bad Gateway</html>",
        )
    };
    let (result, keep) = done(judge(gateway, NonceOrigin::Kept));
    assert!(result.unwrap_err().outcome_unknown());
    assert_eq!(keep, KeepNext::Nothing, "the nonce's state is unknown");
}

#[test]
fn what_atlas_answered_as_itself_keeps_the_session_for_the_next_press() {
    let key = common::recorded("create_200");
    let (result, keep) = done(judge(answer(200, None, &key.body), NonceOrigin::Kept));
    assert!(result.is_ok());
    assert_eq!(keep, KeepNext::Session);
    let bad_role = answer(
        400,
        None,
        r#"{"detail":"x","error":400,"errorCode":"INVALID_ENUM_VALUE","parameters":[],"reason":"Bad Request"}"#,
    );
    let (result, keep) = done(judge(bad_role, NonceOrigin::Kept));
    assert!(!result.unwrap_err().outcome_unknown());
    assert_eq!(keep, KeepNext::Session, "Atlas read the signature");
}

#[test]
fn a_challenge_is_read_only_from_a_401() {
    assert!(challenge_in(&a_401(false)).is_some());
    let mut ok = a_401(false);
    ok.status = 200;
    assert!(challenge_in(&ok).is_none());
    assert!(challenge_in(&answer(401, Some("Basic realm=\"proxy\"".into()), "")).is_none());
}

#[test]
fn a_kept_session_counts_nc_up_across_presses() {
    let challenge = DigestChallenge::parse(&recorded_challenge(false)).unwrap();
    let scope = DigestScope::new("https://cloud.mongodb.com", "/keymint/atlas{path}");
    let mut keeper = DigestKeeper::default();
    keeper.keep_challenge(scope.clone(), challenge);
    let uri = "/api/atlas/v2/groups/b0123456789abcdef012345b/apiKeys";
    let mut first = keeper.session_for(&scope).expect("kept");
    let header = first.authorize_with_cnonce("POST", uri, "u", "p", "c1");
    assert!(header.contains("nc=00000001"), "{header}");
    keeper.keep(scope.clone(), first);
    let mut second = keeper.session_for(&scope).expect("still kept");
    let header = second.authorize_with_cnonce("POST", uri, "u", "p", "c2");
    assert!(header.contains("nc=00000002"), "{header}");
    assert_eq!(second.signed_count(), 2);
}

#[test]
fn a_session_is_never_used_for_another_service_or_proxy() {
    let challenge = DigestChallenge::parse(&recorded_challenge(false)).unwrap();
    let here = DigestScope::new("https://cloud.mongodb.com", "/keymint/atlas{path}");
    let mut keeper = DigestKeeper::default();
    keeper.keep_challenge(here.clone(), challenge.clone());
    for other in [
        DigestScope::new("https://cloud.mongodbgov.com", "/keymint/atlas{path}"),
        DigestScope::new("https://cloud.mongodb.com", "https://cors.example.com/"),
    ] {
        assert!(keeper.session_for(&other).is_none());
        assert!(keeper.wants_challenge(&other));
    }
    assert!(!keeper.wants_challenge(&here));
    keeper.forget();
    assert!(keeper.session_for(&here).is_none());
}

#[test]
fn a_challenge_on_its_way_is_asked_for_once_and_never_replaces_a_newer_session() {
    let scope = DigestScope::new("https://cloud.mongodb.com", "");
    let mut keeper = DigestKeeper::default();
    keeper.fetch_started(scope.clone());
    assert!(keeper.is_fetching(&scope) && !keeper.wants_challenge(&scope));
    // A create kept its own session meanwhile: the late challenge does not replace it.
    let mut own = DigestSession::new(DigestChallenge::parse(&recorded_challenge(false)).unwrap());
    own.authorize_with_cnonce("POST", "/x", "u", "p", "c");
    keeper.keep(scope.clone(), own.clone());
    let late = DigestChallenge::parse(&recorded_challenge(true)).unwrap();
    keeper.fetch_ended(scope.clone(), Some(late));
    assert!(!keeper.is_fetching(&scope));
    assert_eq!(keeper.session_for(&scope), Some(own));
    // A failed pre-request leaves nothing on its way, so the press asks for the challenge itself.
    let mut empty = DigestKeeper::default();
    empty.fetch_started(scope.clone());
    empty.fetch_ended(scope.clone(), None);
    assert!(empty.wants_challenge(&scope) && empty.session_for(&scope).is_none());
}

#[test]
fn the_request_ahead_of_a_press_is_an_unsigned_get_of_the_project() {
    let project = ProjectId::parse("b0123456789abcdef012345b").unwrap();
    let atlas = target::challenge(&Environment::Atlas, &project);
    assert_eq!(atlas.method, "GET");
    assert_eq!(
        atlas.url(),
        "https://cloud.mongodb.com/api/atlas/v2/groups/b0123456789abcdef012345b"
    );
    assert!(atlas.body.is_none() && atlas.header("Authorization").is_none());
    let ops = Environment::Custom {
        base_url: "https://opsmanager.example.com".into(),
        flavor: ApiFlavor::OpsManagerV1,
    };
    assert_eq!(
        target::challenge(&ops, &project).path_and_query,
        "/api/public/v1.0/groups/b0123456789abcdef012345b"
    );
}
