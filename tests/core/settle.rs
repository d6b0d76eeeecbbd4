//! Never two of anything from one press, after the create too: a change (an access-list POST, a
//! DELETE) whose answer is lost or is a 5xx may have been made, so the page reads Atlas to settle it
//! and never sends it again; only a 401 proves nothing happened. A read that fails may simply be made
//! again.

use keymint::core::access_list::{parse_access_list_answer, parse_entries};
use keymint::core::answer::{
    call_answer, call_unanswered, parse_create_response, Answer, FetchFailure, Received,
};
use keymint::core::environment::{ApiFlavor, Environment};
use keymint::core::error::{KeymintError, RequestSummary};
use keymint::core::ids::{ApiKeyId, ProjectId};
use keymint::core::key_list::parse_key_page;
use keymint::core::rotation::{
    default_description, plan_rotation, NextCall, Rotation, RotationStep,
};
use keymint::core::settle::{entries_added, key_removed};

const P: &str = "b0123456789abcdef012345b";
const ORG: &str = "a0123456789abcdef012345a";
const OLD: &str = "6a793fbd2c88faeba59bd3b1";

fn summary(method: &str) -> RequestSummary {
    let url = format!("https://cloud.mongodb.com/api/atlas/v2/orgs/{ORG}/apiKeys/{OLD}");
    RequestSummary {
        method: method.into(),
        via: format!("http://127.0.0.1:8080/{url}"),
        url,
    }
}

fn answer(status: u16, body: Result<&str, FetchFailure>) -> Answer {
    Answer {
        status,
        content_type: Some("application/json".into()),
        x_error_code: None,
        www_authenticate: None,
        body: body.map(str::to_string),
    }
}

#[test]
fn a_change_whose_answer_is_lost_may_have_been_made_and_a_read_simply_failed() {
    for method in ["POST", "DELETE", "PATCH"] {
        for failure in [
            FetchFailure::Network("Failed to fetch".into()),
            FetchFailure::TimedOut { seconds: 30 },
        ] {
            let e = call_unanswered(failure, &summary(method));
            assert!(e.change_unknown(), "{method}: {e:?}");
            assert!(!e.outcome_unknown(), "no key was created by {method}");
            assert!(
                e.message().contains(&format!("{method} https://")),
                "{}",
                e.message()
            );
            assert!(
                e.message().contains("does not send it again"),
                "{}",
                e.message()
            );
            assert!(e.next_step().contains("Check Atlas"), "{}", e.next_step());
        }
    }
    let timed_out = call_unanswered(FetchFailure::TimedOut { seconds: 17 }, &summary("DELETE"));
    assert!(
        timed_out.message().contains("no answer within 17 s"),
        "{}",
        timed_out.message()
    );

    let read = call_unanswered(FetchFailure::TimedOut { seconds: 30 }, &summary("GET"));
    assert!(!read.change_unknown());
    assert!(
        matches!(read, KeymintError::Timeout { seconds: 30, .. }),
        "{read:?}"
    );
    let unreachable = call_unanswered(FetchFailure::Network("x".into()), &summary("GET"));
    assert!(matches!(unreachable, KeymintError::ProxyUnreachable { .. }));
}

#[test]
fn a_5xx_or_a_lost_body_to_a_change_is_unknown_and_a_401_or_4xx_is_read_as_it_is() {
    for status in [500, 502, 503, 504] {
        let a = answer(status, Ok("<html>Bad Gateway</html>"));
        let e = call_answer(&a, &summary("DELETE")).unwrap_err();
        assert!(e.change_unknown(), "{status}: {e:?}");
        assert!(
            e.message().contains(&format!("HTTP {status}")),
            "{}",
            e.message()
        );
        // The same status to a read is the read's own failure, left to its reader.
        assert_eq!(
            call_answer(&a, &summary("GET")).unwrap().status,
            status,
            "a read's 5xx is read as it is"
        );
    }
    let mut atlas_500 = answer(500, Ok(r#"{"error":500,"errorCode":"UNEXPECTED_ERROR"}"#));
    atlas_500.x_error_code = Some("UNEXPECTED_ERROR".into());
    let e = call_answer(&atlas_500, &summary("POST")).unwrap_err();
    assert!(
        e.message().contains("HTTP 500, UNEXPECTED_ERROR"),
        "{}",
        e.message()
    );

    let body_lost = answer(204, Err(FetchFailure::Network("body stream".into())));
    assert!(call_answer(&body_lost, &summary("DELETE"))
        .unwrap_err()
        .change_unknown());

    for status in [204, 200, 400, 401, 403, 404] {
        let a = answer(status, Ok(""));
        let got = call_answer(&a, &summary("DELETE")).expect("read by the call's reader");
        assert_eq!(
            got,
            Received::new(status, "").with_content_type("application/json")
        );
    }
}

#[test]
fn an_access_list_read_after_a_lost_post_tells_made_from_not_made() {
    let wanted = parse_entries("203.0.113.10\n198.51.100.0/24")
        .unwrap()
        .entries;
    let post = summary("POST");
    let read = |body: &str| {
        parse_access_list_answer(Received::new(200, body), &summary("GET"))
            .unwrap()
            .results
    };
    // Atlas lists a single address as a /32 block with its address: the same entry.
    let all = read(
        r#"{"results":[{"cidrBlock":"203.0.113.10/32","ipAddress":"203.0.113.10"},{"cidrBlock":"198.51.100.0/24"},{"cidrBlock":"192.0.2.1/32","ipAddress":"192.0.2.1"}],"totalCount":3}"#,
    );
    assert_eq!(entries_added(&post, &wanted, &all), Ok(()));

    let some = read(r#"{"results":[{"cidrBlock":"198.51.100.0/24"}],"totalCount":1}"#);
    let e = entries_added(&post, &wanted, &some).unwrap_err();
    assert!(matches!(e, KeymintError::ChangeNotMade { .. }), "{e:?}");
    assert!(
        e.message().contains("does not hold 203.0.113.10."),
        "{}",
        e.message()
    );
    assert!(!e.message().contains("198.51.100.0/24"), "{}", e.message());
    assert!(
        !e.change_unknown(),
        "the read settled it: it may be pressed again"
    );
    assert!(
        e.next_step().contains("press its button once more"),
        "{}",
        e.next_step()
    );

    let none = read(r#"{"results":[],"totalCount":0}"#);
    let e = entries_added(&post, &wanted, &none).unwrap_err();
    assert!(
        e.message().contains("203.0.113.10, 198.51.100.0/24"),
        "{}",
        e.message()
    );
}

#[test]
fn the_projects_keys_read_after_a_lost_delete_tell_gone_from_still_there() {
    let delete = summary("DELETE");
    let old = ApiKeyId::parse(OLD).unwrap();
    let listed = |ids: &[&str]| {
        let results: Vec<String> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| format!(r#"{{"desc":"k","id":"{id}","privateKey":"********-****-****-85daa09d408a","publicKey":"pubkey0{i}","roles":[{{"groupId":"{P}","roleName":"GROUP_READ_ONLY"}}]}}"#))
            .collect();
        let body = format!(r#"{{"results":[{}]}}"#, results.join(","));
        parse_key_page(Received::new(200, &body), &summary("GET"))
            .unwrap()
            .keys
    };
    let other = "6a800000aaaaaaaaaaaaaaaa";
    assert_eq!(key_removed(&delete, &old, &listed(&[other]), true), Ok(()));

    let e = key_removed(&delete, &old, &listed(&[other, OLD]), true).unwrap_err();
    assert!(matches!(e, KeymintError::ChangeNotMade { .. }), "{e:?}");
    assert!(
        e.message().contains("still lists key pubkey01"),
        "{}",
        e.message()
    );

    // A list cut before its end cannot prove the key gone.
    let e = key_removed(&delete, &old, &listed(&[other]), false).unwrap_err();
    assert!(e.change_unknown(), "{e:?}");
}

fn rotation_with_new_key() -> Rotation {
    let old = parse_key_page(
        Received::new(200, &format!(
            r#"{{"results":[{{"desc":"ci deploy","id":"{OLD}","privateKey":"********-****-****-85daa09d408a","publicKey":"oldkeyab","roles":[{{"groupId":"{P}","roleName":"GROUP_READ_ONLY"}},{{"orgId":"{ORG}","roleName":"ORG_MEMBER"}}]}}]}}"#
        )),
        &summary("GET"),
    )
    .unwrap()
    .keys
    .remove(0);
    let plan = plan_rotation(
        &ProjectId::parse(P).unwrap(),
        &old,
        &default_description("ci deploy", 2026, 12, 4),
        ApiFlavor::AtlasV2,
    )
    .unwrap();
    let mut r = Rotation::new(plan);
    r.record_old_entries(
        &parse_access_list_answer(
            Received::new(
                200,
                r#"{"results":[{"cidrBlock":"192.0.2.1/32","ipAddress":"192.0.2.1"}]}"#,
            ),
            &summary("GET"),
        )
        .unwrap(),
    )
    .unwrap();
    let created = parse_create_response(Received::new(200, &format!(
        r#"{{"desc":"ci deploy (rotated 2026-12-04)","id":"6a800000aaaaaaaaaaaaaaaa","links":[],"privateKey":"11111111-2222-3333-4444-555555555555","publicKey":"newkeyab","roles":[{{"orgId":"{ORG}","roleName":"ORG_MEMBER"}},{{"groupId":"{P}","roleName":"GROUP_READ_ONLY"}}]}}"#
    )), &summary("POST"))
    .unwrap();
    r.record_created(&created);
    r
}

#[test]
fn a_rotation_step_whose_answer_was_lost_is_checked_never_sent_again() {
    let env = Environment::Atlas;
    let mut r = rotation_with_new_key();
    assert_eq!(
        r.new_key_id().map(ApiKeyId::as_str),
        Some("6a800000aaaaaaaaaaaaaaaa")
    );
    let lost = call_unanswered(FetchFailure::TimedOut { seconds: 30 }, &summary("POST"));
    let f = r.record_failure(RotationStep::CopyAccessList, &lost);
    assert_eq!(r.next(&env), NextCall::Check(RotationStep::CopyAccessList));
    assert!(f.message.contains("Check Atlas"), "{}", f.message);
    assert!(
        f.message.contains("old key oldkeyab is untouched"),
        "{}",
        f.message
    );
    assert_eq!(f.error, lost, "the failure keeps its facts");

    // The read found the entries missing: the copy was not made and may be sent again.
    let not_made = entries_added(&summary("POST"), r.old_entries().unwrap(), &[]).unwrap_err();
    r.record_failure(RotationStep::CopyAccessList, &not_made);
    assert!(matches!(
        r.next(&env),
        NextCall::Send(RotationStep::CopyAccessList, _)
    ));
    // Lost again, then settled as made by the read.
    r.record_failure(RotationStep::CopyAccessList, &lost);
    r.record_copied();
    assert_eq!(r.next(&env), NextCall::AwaitConfirmation);

    r.confirm();
    let lost_delete = call_unanswered(FetchFailure::Network("reset".into()), &summary("DELETE"));
    let f = r.record_failure(RotationStep::RemoveOldKey, &lost_delete);
    assert_eq!(r.next(&env), NextCall::Check(RotationStep::RemoveOldKey));
    assert!(
        f.message.contains("may or may not still exist"),
        "{}",
        f.message
    );
    assert!(!f.message.contains("still works"), "{}", f.message);
    r.record_removed();
    assert_eq!(r.next(&env), NextCall::Done);
}
