//! The rotation plan: which calls in which order, and what a failure at each step leaves behind.

use keymint::core::access_list::parse_access_list_answer;
use keymint::core::answer::{parse_create_response, Received};
use keymint::core::environment::{ApiFlavor, Environment};
use keymint::core::error::{KeymintError, RequestSummary};
use keymint::core::ids::ProjectId;
use keymint::core::key_list::{parse_key_page, ListedKey};
use keymint::core::response::ApiError;
use keymint::core::rotation::{
    default_description, plan_rotation, NextCall, Removal, Rotation, RotationError, RotationStep,
};

/// Which request an answer belongs to, as the transport would record it.
fn summary() -> RequestSummary {
    RequestSummary {
        method: "GET".into(),
        url: "https://cloud.mongodb.com/api/atlas/v2".into(),
        via: "https://cloud.mongodb.com/api/atlas/v2".into(),
    }
}

const P: &str = "b0123456789abcdef012345b";
const ORG: &str = "a0123456789abcdef012345a";

/// [`P`] as the plan takes it.
fn project() -> ProjectId {
    ProjectId::parse(P).unwrap()
}

fn old_key(roles: &str) -> ListedKey {
    let body = format!(
        r#"{{"results":[{{"desc":"ci deploy","id":"6a793fbd2c88faeba59bd3b1","privateKey":"********-****-****-85daa09d408a","publicKey":"oldkeyab","roles":{roles}}}]}}"#
    );
    parse_key_page(Received::new(200, &body), &summary())
        .unwrap()
        .keys
        .remove(0)
}

fn only_here() -> ListedKey {
    old_key(&format!(
        r#"[{{"groupId":"{P}","roleName":"GROUP_READ_ONLY"}},{{"groupId":"{P}","roleName":"GROUP_CLUSTER_MANAGER"}},{{"orgId":"{ORG}","roleName":"ORG_MEMBER"}}]"#
    ))
}

fn entries_page(body: &str) -> keymint::core::access_list::AccessListPage {
    parse_access_list_answer(Received::new(200, body), &summary()).unwrap()
}

fn created() -> keymint::core::response::ApiKeyUserDetails {
    parse_create_response(Received::new(200, &format!(
            r#"{{"desc":"ci deploy (rotated 2026-08-10)","id":"6a800000aaaaaaaaaaaaaaaa","links":[],"privateKey":"11111111-2222-3333-4444-555555555555","publicKey":"newkeyab","roles":[{{"orgId":"{ORG}","roleName":"ORG_MEMBER"}},{{"groupId":"{P}","roleName":"GROUP_READ_ONLY"}},{{"groupId":"{P}","roleName":"GROUP_CLUSTER_MANAGER"}}]}}"#
        )), &summary())
    .unwrap()
}

fn atlas_error(status: u16, code: &str) -> KeymintError {
    KeymintError::Atlas {
        status,
        api_error: Box::new(ApiError {
            error: status,
            error_code: code.into(),
            detail: None,
            reason: None,
            parameters: vec![],
            bad_request_detail: None,
        }),
        summary: summary(),
    }
}

fn sent(next: NextCall) -> (RotationStep, String, String, Option<String>) {
    match next {
        NextCall::Send(step, r) => (step, r.method, r.path_and_query, r.body),
        other => panic!("expected a call, got {other:?}"),
    }
}

fn rotation() -> Rotation {
    Rotation::new(
        plan_rotation(
            &project(),
            &only_here(),
            &default_description("ci deploy", 2026, 8, 10),
            ApiFlavor::AtlasV2,
        )
        .unwrap(),
    )
}

#[test]
fn the_default_description_adds_the_date_and_stays_within_250_characters() {
    assert_eq!(
        default_description("ci deploy", 2026, 8, 3),
        "ci deploy (rotated 2026-08-03)"
    );
    let long = default_description(&"é".repeat(250), 2026, 12, 31);
    assert_eq!(long.chars().count(), 250);
    assert!(long.ends_with(" (rotated 2026-12-31)"));
}

#[test]
fn a_full_rotation_reads_creates_copies_waits_then_deletes_from_the_org() {
    let env = Environment::Atlas;
    let mut r = rotation();
    assert_eq!(r.plan().removal, Removal::DeleteFromOrg);
    let (step, m, path, _) = sent(r.next(&env));
    assert_eq!((step, m.as_str()), (RotationStep::ReadOldAccessList, "GET"));
    assert_eq!(path, format!("/api/atlas/v2/orgs/{ORG}/apiKeys/6a793fbd2c88faeba59bd3b1/accessList?includeCount=true&itemsPerPage=500&pageNum=1"));
    r.record_old_entries(&entries_page(r#"{"results":[{"cidrBlock":"192.168.0.229/32","ipAddress":"192.168.0.229","count":3},{"cidrBlock":"10.1.0.0/16","count":0}],"totalCount":2}"#)).unwrap();

    let (step, m, path, body) = sent(r.next(&env));
    assert_eq!((step, m.as_str()), (RotationStep::CreateNewKey, "POST"));
    assert_eq!(path, format!("/api/atlas/v2/groups/{P}/apiKeys"));
    assert_eq!(
        body.as_deref(),
        Some(
            r#"{"desc":"ci deploy (rotated 2026-08-10)","roles":["GROUP_READ_ONLY","GROUP_CLUSTER_MANAGER"]}"#
        )
    );
    r.record_created(&created());
    assert!(
        !format!("{r:?}").contains("11111111-2222"),
        "the new private key is not kept"
    );

    let (step, _, path, body) = sent(r.next(&env));
    assert_eq!(step, RotationStep::CopyAccessList);
    assert_eq!(
        path,
        format!("/api/atlas/v2/orgs/{ORG}/apiKeys/6a800000aaaaaaaaaaaaaaaa/accessList")
    );
    assert_eq!(
        body.as_deref(),
        Some(r#"[{"ipAddress":"192.168.0.229"},{"cidrBlock":"10.1.0.0/16"}]"#)
    );
    r.record_copied();

    assert_eq!(
        r.next(&env),
        NextCall::AwaitConfirmation,
        "the old key stays until confirmed"
    );
    r.confirm();
    let (step, m, path, body) = sent(r.next(&env));
    assert_eq!(
        (step, m.as_str(), body),
        (RotationStep::RemoveOldKey, "DELETE", None)
    );
    assert_eq!(
        path,
        format!("/api/atlas/v2/orgs/{ORG}/apiKeys/6a793fbd2c88faeba59bd3b1")
    );
    r.record_removed();
    assert_eq!(r.next(&env), NextCall::Done);
    assert_eq!(r.steps_done().len(), 5);
}

#[test]
fn a_key_used_elsewhere_is_only_unassigned_and_the_reason_says_where() {
    let env = Environment::Atlas;
    let shared = old_key(&format!(
        r#"[{{"groupId":"{P}","roleName":"GROUP_READ_ONLY"}},{{"groupId":"c0123456789abcdef012345c","roleName":"GROUP_OWNER"}},{{"orgId":"{ORG}","roleName":"ORG_MEMBER"}}]"#
    ));
    let plan = plan_rotation(&project(), &shared, "new", ApiFlavor::AtlasV2).unwrap();
    assert!(plan.removal.reason().contains("c0123456789abcdef012345c"));
    assert_eq!(
        plan.new_key.roles(),
        ["GROUP_READ_ONLY"],
        "only this project's roles are copied"
    );
    let mut r = Rotation::new(plan);
    r.record_old_entries(&entries_page(r#"{"results":[],"totalCount":0}"#))
        .unwrap();
    r.record_created(&created());
    assert_eq!(
        r.next(&env),
        NextCall::AwaitConfirmation,
        "an empty access list is not copied"
    );
    r.confirm();
    let (_, m, path, _) = sent(r.next(&env));
    assert_eq!(
        (m.as_str(), path),
        (
            "DELETE",
            format!("/api/atlas/v2/groups/{P}/apiKeys/6a793fbd2c88faeba59bd3b1")
        )
    );
    let org_reader = old_key(&format!(
        r#"[{{"groupId":"{P}","roleName":"GROUP_READ_ONLY"}},{{"orgId":"{ORG}","roleName":"ORG_READ_ONLY"}}]"#
    ));
    assert!(matches!(
        plan_rotation(&project(), &org_reader, "new", ApiFlavor::AtlasV2)
            .unwrap()
            .removal,
        Removal::UnassignFromProject { .. }
    ));
}

#[test]
fn keys_that_cannot_be_rotated_say_why() {
    let elsewhere = old_key(&format!(
        r#"[{{"groupId":"c0123456789abcdef012345c","roleName":"GROUP_OWNER"}},{{"orgId":"{ORG}","roleName":"ORG_MEMBER"}}]"#
    ));
    assert!(matches!(
        plan_rotation(&project(), &elsewhere, "x", ApiFlavor::AtlasV2),
        Err(RotationError::NoRolesOnProject { .. })
    ));
    let no_org = old_key(&format!(
        r#"[{{"groupId":"{P}","roleName":"GROUP_OWNER"}}]"#
    ));
    assert!(matches!(
        plan_rotation(&project(), &no_org, "x", ApiFlavor::AtlasV2),
        Err(RotationError::NoOrganization { .. })
    ));
    let e = plan_rotation(&project(), &only_here(), "   ", ApiFlavor::AtlasV2).unwrap_err();
    assert!(matches!(e, RotationError::InvalidRequest(_)));
    assert!(!e.next_step().is_empty());
}

#[test]
fn a_failed_read_changes_nothing() {
    let mut r = rotation();
    let f = r.record_failure(
        RotationStep::ReadOldAccessList,
        &atlas_error(401, "API_KEY_ACCESS_LIST_ACCESS_DENIED"),
    );
    assert!(f.done.is_empty());
    // The same step again is safe: it is the next call.
    assert_eq!(
        sent(r.next(&Environment::Atlas)).0,
        RotationStep::ReadOldAccessList
    );
    assert!(
        f.message.starts_with("Nothing was done yet."),
        "{}",
        f.message
    );
    assert!(f
        .message
        .contains("no new key was created and the old key oldkeyab is untouched"));
    assert_eq!(
        sent(r.next(&Environment::Atlas)).0,
        RotationStep::ReadOldAccessList
    );
    let partial = entries_page(r#"{"results":[{"cidrBlock":"10.1.0.0/16"}],"totalCount":2}"#);
    assert!(
        r.record_old_entries(&partial).is_err(),
        "an incomplete list is not copied"
    );
}

#[test]
fn a_lost_create_answer_stops_the_rotation_and_sends_nothing_more() {
    let mut r = rotation();
    r.record_old_entries(&entries_page(r#"{"results":[],"totalCount":0}"#))
        .unwrap();
    let lost = KeymintError::OutcomeUnknown {
        summary: summary(),
        detail: "HTTP 504".into(),
    };
    let f = r.record_failure(RotationStep::CreateNewKey, &lost);
    // Never the create again: the next thing is to look for the key.
    assert_eq!(r.next(&Environment::Atlas), NextCall::LookForLostKey);
    assert_eq!(f.done, [RotationStep::ReadOldAccessList]);
    assert!(f.message.contains("may exist"), "{}", f.message);
    assert!(f.message.contains("ci deploy (rotated 2026-08-10)"));
    assert_eq!(
        r.next(&Environment::Atlas),
        NextCall::LookForLostKey,
        "never a second create"
    );
}

#[test]
fn a_refused_create_may_be_pressed_again() {
    let mut r = rotation();
    r.record_old_entries(&entries_page(r#"{"results":[]}"#))
        .unwrap();
    let f = r.record_failure(
        RotationStep::CreateNewKey,
        &atlas_error(400, "MAX_API_KEYS_PER_ORG_EXCEEDED"),
    );
    assert!(f.message.contains("no new key was created"));
    assert_eq!(
        sent(r.next(&Environment::Atlas)).0,
        RotationStep::CreateNewKey
    );
}

#[test]
fn a_failed_copy_says_the_new_key_exists_with_an_incomplete_list_and_the_old_key_is_kept() {
    let mut r = rotation();
    r.record_old_entries(&entries_page(
        r#"{"results":[{"cidrBlock":"192.168.0.229/32","ipAddress":"192.168.0.229"}]}"#,
    ))
    .unwrap();
    r.record_created(&created());
    let f = r.record_failure(
        RotationStep::CopyAccessList,
        &atlas_error(401, "API_KEY_ACCESS_LIST_ACCESS_DENIED"),
    );
    assert_eq!(
        f.done,
        [RotationStep::ReadOldAccessList, RotationStep::CreateNewKey]
    );
    assert!(f.message.contains("The new key newkeyab"), "{}", f.message);
    assert!(f.message.contains("192.168.0.229"));
    assert!(f.message.contains("old key oldkeyab is untouched"));
    r.confirm();
    assert_eq!(
        sent(r.next(&Environment::Atlas)).0,
        RotationStep::CopyAccessList,
        "no removal before the copy"
    );
}

#[test]
fn a_failed_removal_says_the_old_key_still_works_unless_atlas_no_longer_has_it() {
    let mut r = rotation();
    r.record_old_entries(&entries_page(r#"{"results":[]}"#))
        .unwrap();
    r.record_created(&created());
    r.confirm();
    let f = r.record_failure(
        RotationStep::RemoveOldKey,
        &atlas_error(401, "USER_UNAUTHORIZED"),
    );
    assert_eq!(
        sent(r.next(&Environment::Atlas)).0,
        RotationStep::RemoveOldKey
    );
    assert!(
        f.message.contains("it still exists and still works"),
        "{}",
        f.message
    );
    assert_eq!(f.done.last(), Some(&RotationStep::ConfirmReplaced));
    let gone = r.record_failure(
        RotationStep::RemoveOldKey,
        &atlas_error(400, "API_KEY_NOT_FOUND"),
    );
    assert!(gone.message.contains("already removed"), "{}", gone.message);
    assert_eq!(r.next(&Environment::Atlas), NextCall::Done);
}

#[test]
fn the_reason_to_only_unassign_names_every_other_use_in_words() {
    let reason = |roles: &str| {
        plan_rotation(&project(), &old_key(roles), "new", ApiFlavor::AtlasV2)
            .unwrap()
            .removal
            .reason()
    };
    let here = format!(r#"{{"groupId":"{P}","roleName":"GROUP_READ_ONLY"}}"#);
    assert_eq!(
        reason(&format!(r#"[{here},{{"groupId":"c0123456789abcdef012345c","roleName":"GROUP_OWNER"}},{{"orgId":"{ORG}","roleName":"ORG_MEMBER"}}]"#)),
        "The old key is also assigned to other projects (c0123456789abcdef012345c), so it is only unassigned from this project; it keeps working there."
    );
    assert_eq!(
        reason(&format!(r#"[{here},{{"orgId":"{ORG}","roleName":"ORG_READ_ONLY"}}]"#)),
        "The old key is also given organization roles (ORG_READ_ONLY), so it is only unassigned from this project; it keeps working there."
    );
    assert_eq!(
        reason(&format!(r#"[{here},{{"groupId":"c0123456789abcdef012345c","roleName":"GROUP_OWNER"}},{{"orgId":"{ORG}","roleName":"ORG_READ_ONLY"}}]"#)),
        "The old key is also assigned to other projects (c0123456789abcdef012345c) and given organization roles (ORG_READ_ONLY), so it is only unassigned from this project; it keeps working there."
    );
}

#[test]
fn each_reason_a_key_cannot_be_rotated_reads_as_the_page_shows_it() {
    let e = RotationError::NoRolesOnProject {
        public_key: "oldkeyab".into(),
    };
    assert_eq!(
        (e.message(), e.next_step()),
        (
            "Key oldkeyab has no role on this project, so there is nothing to copy.".to_string(),
            "Pick a key listed with roles on this project.".to_string()
        )
    );
    let e = RotationError::NoOrganization {
        public_key: "oldkeyab".into(),
    };
    assert_eq!(
        (e.message(), e.next_step()),
        (
            "Atlas did not say which organization key oldkeyab belongs to.".to_string(),
            "List the project's keys again; if it persists, rotate this key in the Atlas console."
                .to_string()
        )
    );
    let e = plan_rotation(&project(), &only_here(), "   ", ApiFlavor::AtlasV2).unwrap_err();
    assert!(
        e.message().starts_with("The new key cannot be requested: "),
        "{}",
        e.message()
    );
}

/// The steps done so far, as the page lists them.
fn done_labels(r: &Rotation) -> Vec<&'static str> {
    r.steps_done()
        .into_iter()
        .map(RotationStep::label)
        .collect()
}

#[test]
fn the_rotation_keeps_the_old_entries_and_the_new_key_and_names_each_step_done() {
    let mut r = rotation();
    assert_eq!(r.old_entries(), None);
    assert!(r.steps_done().is_empty());
    r.record_old_entries(&entries_page(
        r#"{"results":[{"cidrBlock":"192.168.0.229/32","ipAddress":"192.168.0.229","count":3}],"totalCount":1}"#,
    ))
    .unwrap();
    let kept: Vec<String> = r.old_entries().unwrap().iter().map(|e| e.text()).collect();
    assert_eq!(kept, ["192.168.0.229"]);
    r.record_created(&created());
    // The access list is copied to the key just created.
    let (step, _, url, _) = sent(r.next(&Environment::Atlas));
    assert_eq!(step, RotationStep::CopyAccessList);
    assert!(
        url.contains("/apiKeys/6a800000aaaaaaaaaaaaaaaa/accessList"),
        "{url}"
    );
    let labels = done_labels(&r);
    assert_eq!(
        labels,
        ["read the old key's access list", "created the new key"]
    );
    r.record_copied();
    r.confirm();
    r.record_removed();
    let labels = done_labels(&r);
    assert_eq!(
        labels,
        [
            "read the old key's access list",
            "created the new key",
            "copied the access list to the new key",
            "confirmed the new key is deployed",
            "removed the old key"
        ]
    );
}

#[test]
fn entries_atlas_lists_that_are_not_addresses_are_named_and_not_copied() {
    let env = Environment::Atlas;
    let mut r = rotation();
    r.record_old_entries(&entries_page(
        r#"{"results":[{"cidrBlock":"10.1.0.0/16"},{"cidrBlock":"10.1.0.0/16"},{"cidrBlock":"not-an-address"}],"totalCount":3}"#,
    ))
    .unwrap();
    assert_eq!(r.skipped_entries(), ["not-an-address"]);
    let kept: Vec<String> = r.old_entries().unwrap().iter().map(|e| e.text()).collect();
    assert_eq!(kept, ["10.1.0.0/16"], "a repeat is copied once");
    r.record_created(&created());
    let (_, _, _, body) = sent(r.next(&env));
    assert_eq!(body.as_deref(), Some(r#"[{"cidrBlock":"10.1.0.0/16"}]"#));
    // Read again, all good: nothing is named any more.
    let mut r = rotation();
    r.record_old_entries(&entries_page(
        r#"{"results":[{"cidrBlock":"10.1.0.0/16"}],"totalCount":1}"#,
    ))
    .unwrap();
    assert!(r.skipped_entries().is_empty());
}

#[test]
fn a_confirmation_before_the_new_key_exists_or_its_list_is_copied_is_ignored() {
    let env = Environment::Atlas;
    let mut r = rotation();
    r.record_old_entries(&entries_page(r#"{"results":[],"totalCount":0}"#))
        .unwrap();
    r.confirm();
    assert_eq!(
        sent(r.next(&env)).0,
        RotationStep::CreateNewKey,
        "no new key yet"
    );
    let mut r = rotation();
    r.record_old_entries(&entries_page(
        r#"{"results":[{"cidrBlock":"10.1.0.0/16"}],"totalCount":1}"#,
    ))
    .unwrap();
    r.record_created(&created());
    r.confirm();
    assert_eq!(
        sent(r.next(&env)).0,
        RotationStep::CopyAccessList,
        "the list is not copied yet"
    );
    r.record_copied();
    assert_eq!(r.next(&env), NextCall::AwaitConfirmation);
}

#[test]
fn a_rotated_key_loses_the_old_stamp_and_gets_the_deployments_default_expiry() {
    use keymint::core::expiry::{Day, ExpiryRules};
    use keymint::core::rotation::plan_rotation_with;
    assert_eq!(
        default_description("ci deploy [expires 2027-01-01]", 2026, 12, 4),
        "ci deploy (rotated 2026-12-04)"
    );
    let rules = ExpiryRules {
        today: Day::from_ymd(2026, 12, 4),
        max_days: Some(30),
    };
    let plan = plan_rotation_with(
        &project(),
        &only_here(),
        "ci deploy (rotated 2026-12-04)",
        ApiFlavor::AtlasV2,
        &rules,
    )
    .unwrap();
    assert_eq!(
        plan.new_key.desc(),
        "ci deploy (rotated 2026-12-04) [expires 2027-01-03]"
    );
    // Without the page's rules (no date, no cap), no expiry is made up.
    let plain = plan_rotation(&project(), &only_here(), "x", ApiFlavor::AtlasV2).unwrap();
    assert_eq!(plain.new_key.desc(), "x");
}
