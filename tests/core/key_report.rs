//! Project keys: each key's creation day (from its ObjectId), expiry (from Keymint's stamp), use (from
//! its access list) and the flags that say whether it should still exist; the two orders offered.

use keymint::core::access_list::parse_access_list_answer;
use keymint::core::answer::Received;
use keymint::core::error::RequestSummary;
use keymint::core::expiry::Day;
use keymint::core::ids::ProjectId;
use keymint::core::key_list::{parse_key_page, ListedKey};
use keymint::core::key_report::{sort, Flag, KeyReport, SortBy, Usage};

const P: &str = "b0123456789abcdef012345b";
const ORG: &str = "a0123456789abcdef012345a";

fn summary() -> RequestSummary {
    RequestSummary {
        method: "GET".into(),
        url: "https://cloud.mongodb.com/api/atlas/v2".into(),
        via: String::new(),
    }
}

fn today() -> Day {
    Day::parse("2026-12-04").unwrap()
}

/// A key of project [`P`] with this id (its first 8 hex digits are its creation time), description
/// and roles JSON.
fn key(id: &str, desc: &str, roles: &str) -> ListedKey {
    let body = format!(
        r#"{{"results":[{{"desc":"{desc}","id":"{id}","privateKey":"********-****-****-85daa09d408a","publicKey":"pk{}","roles":{roles}}}]}}"#,
        &id[18..]
    );
    parse_key_page(Received::new(200, &body), &summary())
        .unwrap()
        .keys
        .remove(0)
}

fn reader(id: &str, desc: &str) -> ListedKey {
    key(
        id,
        desc,
        &format!(
            r#"[{{"groupId":"{P}","roleName":"GROUP_READ_ONLY"}},{{"orgId":"{ORG}","roleName":"ORG_MEMBER"}}]"#
        ),
    )
}

fn usage(body: &str) -> Usage {
    Usage::of(&parse_access_list_answer(Received::new(200, body), &summary()).unwrap())
}

fn report(k: &ListedKey, u: Usage) -> KeyReport {
    KeyReport::new(k, &ProjectId::parse(P).unwrap(), u, today())
}

#[test]
fn a_keys_use_is_the_latest_over_its_entries() {
    let u = usage(
        r#"{"results":[
            {"cidrBlock":"192.0.2.1/32","ipAddress":"192.0.2.1","count":4,"lastUsed":"2026-10-01T08:00:00Z","lastUsedAddress":"192.0.2.1"},
            {"cidrBlock":"198.51.100.0/24","count":10,"lastUsed":"2026-11-20T09:30:00Z","lastUsedAddress":"198.51.100.7"},
            {"cidrBlock":"203.0.113.9/32","ipAddress":"203.0.113.9"}
        ],"totalCount":3}"#,
    );
    assert_eq!(
        u,
        Usage::Read {
            entries: 3,
            last_used: Some("2026-11-20T09:30:00Z".into()),
            last_used_address: Some("198.51.100.7".into()),
            requests: 14,
        }
    );
    assert_eq!(u.last_used_day(), Day::parse("2026-11-20"));
    assert_eq!(
        usage(r#"{"results":[],"totalCount":0}"#).last_used_day(),
        None
    );
    assert_eq!(Usage::Pending.last_used_day(), None);
}

#[test]
fn created_comes_from_the_object_id_and_expiry_from_the_stamp() {
    let r = report(
        &reader("6a793fbd2c88faeba59bd3b1", "ci [expires 2027-03-04]"),
        Usage::Pending,
    );
    assert_eq!(r.created, Day::parse("2026-08-10"));
    assert_eq!(r.expires, Day::parse("2027-03-04"));
    assert_eq!(r.project_roles, ["GROUP_READ_ONLY"]);
    assert!(r.flags.is_empty(), "{:?}", r.flags);
    assert!(!r.is_expired());
}

#[test]
fn each_flag_says_why_a_key_may_not_need_to_exist() {
    let id = "6a793fbd2c88faeba59bd3b1";
    let used_recently =
        r#"{"results":[{"cidrBlock":"192.0.2.1/32","count":1,"lastUsed":"2026-12-01T00:00:00Z"}]}"#;

    let expired = report(&reader(id, "x [expires 2026-12-03]"), usage(used_recently));
    assert_eq!(
        expired.flags,
        [Flag::Expired {
            on: Day::parse("2026-12-03").unwrap()
        }]
    );
    assert!(expired.is_expired());
    assert_eq!(expired.flags[0].label(), "expired on 2026-12-03");
    // The expiry day itself is the last day it is meant to work: not expired yet, but soon.
    let last_day = report(&reader(id, "x [expires 2026-12-04]"), usage(used_recently));
    assert_eq!(last_day.flags, [Flag::ExpiresSoon { on: today() }]);
    let in_6 = report(&reader(id, "x [expires 2026-12-10]"), usage(used_recently));
    assert_eq!(in_6.flags.len(), 1);
    let in_7 = report(&reader(id, "x [expires 2026-12-11]"), usage(used_recently));
    assert!(
        in_7.flags.is_empty(),
        "7 days away is not within the week: {:?}",
        in_7.flags
    );

    let open = report(&reader(id, "x"), usage(r#"{"results":[]}"#));
    assert_eq!(open.flags, [Flag::NoAccessList]);
    assert_eq!(open.flags[0].label(), "no access list");

    let never = report(
        &reader(id, "x"),
        usage(r#"{"results":[{"cidrBlock":"192.0.2.1/32"}]}"#),
    );
    assert_eq!(never.flags, [Flag::NeverUsed]);

    let stale = report(
        &reader(id, "x"),
        usage(
            r#"{"results":[{"cidrBlock":"192.0.2.1/32","count":3,"lastUsed":"2026-09-04T10:00:00Z"}]}"#,
        ),
    );
    assert_eq!(
        stale.flags,
        [Flag::NotUsedSince {
            day: Day::parse("2026-09-04").unwrap()
        }]
    );
    let just_in = report(
        &reader(id, "x"),
        usage(
            r#"{"results":[{"cidrBlock":"192.0.2.1/32","count":3,"lastUsed":"2026-09-05T10:00:00Z"}]}"#,
        ),
    );
    assert!(
        just_in.flags.is_empty(),
        "90 days ago exactly: {:?}",
        just_in.flags
    );

    let powerful = report(
        &key(
            id,
            "x",
            &format!(
                r#"[{{"groupId":"{P}","roleName":"GROUP_OWNER"}},{{"orgId":"{ORG}","roleName":"ORG_MEMBER"}},{{"orgId":"{ORG}","roleName":"ORG_OWNER"}}]"#
            ),
        ),
        Usage::Unreadable("not allowed".into()),
    );
    assert_eq!(
        powerful.flags,
        [Flag::ProjectOwner, Flag::OrgRoles(vec!["ORG_OWNER".into()])]
    );
    assert_eq!(powerful.flags[1].label(), "organization roles: ORG_OWNER");
    assert_eq!(
        report(&reader(id, "x"), Usage::Unreadable("no".into())).flags,
        [],
        "nothing is said of use Keymint could not read"
    );
}

#[test]
fn keys_sort_by_soonest_expiry_or_longest_unused() {
    let a = report(
        &reader("6a793fbd2c88faeba59bd3b1", "a [expires 2027-05-01]"),
        usage(r#"{"results":[{"cidrBlock":"192.0.2.1/32","lastUsed":"2026-12-01T00:00:00Z"}]}"#),
    );
    let b = report(
        &reader("6a793fbd2c88faeba59bd3b2", "b"),
        usage(r#"{"results":[{"cidrBlock":"192.0.2.1/32"}]}"#),
    );
    let c = report(
        &reader("6a793fbd2c88faeba59bd3b3", "c [expires 2027-01-01]"),
        Usage::Unreadable("no".into()),
    );
    let d = report(
        &reader("6a793fbd2c88faeba59bd3b4", "d [expires 2026-12-01]"),
        usage(r#"{"results":[{"cidrBlock":"192.0.2.1/32","lastUsed":"2026-06-01T00:00:00Z"}]}"#),
    );
    let order = |by: SortBy| {
        let mut all = vec![a.clone(), b.clone(), c.clone(), d.clone()];
        sort(&mut all, by);
        all.iter()
            .map(|r| r.key.desc.chars().next().unwrap())
            .collect::<String>()
    };
    assert_eq!(order(SortBy::Expiry), "dcab", "soonest first, none last");
    assert_eq!(
        order(SortBy::LastUse),
        "bdac",
        "never used, oldest use, unknown last"
    );
    for by in [SortBy::Expiry, SortBy::LastUse] {
        assert_eq!(SortBy::from_value(by.value()), Some(by));
    }
    assert_eq!(SortBy::from_value("name"), None);
}

#[test]
fn cleanup_deletes_an_expired_key_only_here_and_removes_one_used_elsewhere_from_this_project() {
    use keymint::core::key_report::{cleanup_plan, cleanup_question};
    use keymint::core::rotation::Removal;
    let project = ProjectId::parse(P).unwrap();
    let only_here = reader("6a793fbd2c88faeba59bd3b1", "a [expires 2026-01-01]");
    let shared = key(
        "6a793fbd2c88faeba59bd3b2",
        "b [expires 2026-02-01]",
        &format!(
            r#"[{{"groupId":"{P}","roleName":"GROUP_READ_ONLY"}},{{"groupId":"c0123456789abcdef012345c","roleName":"GROUP_READ_ONLY"}},{{"orgId":"{ORG}","roleName":"ORG_MEMBER"}}]"#
        ),
    );
    let current = reader("6a793fbd2c88faeba59bd3b3", "c [expires 2027-02-01]");
    let reports: Vec<KeyReport> = [&only_here, &shared, &current]
        .iter()
        .map(|k| report(k, Usage::Pending))
        .collect();
    let steps = cleanup_plan(&reports, &project);
    assert_eq!(steps.len(), 2, "only the expired ones");
    assert_eq!(steps[0].removal, Removal::DeleteFromOrg);
    assert_eq!(
        steps[0].describe(),
        "Delete key pk9bd3b1 (\"a [expires 2026-01-01]\") from the organization."
    );
    assert!(matches!(
        steps[1].removal,
        Removal::UnassignFromProject { .. }
    ));
    assert_eq!(
        steps[1].describe(),
        "Remove key pk9bd3b2 (\"b [expires 2026-02-01]\") from this project: it keeps working in project c0123456789abcdef012345c."
    );
    let question = cleanup_question(&steps);
    assert!(question.starts_with("Clean up 2 expired keys? Anything still using them stops working.\n- Delete key pk9bd3b1"), "{question}");
    assert_eq!(question.lines().count(), 3);

    // The calls: a deletion from the organization, an unassignment from this project.
    let env = keymint::core::environment::Environment::Atlas;
    let delete = steps[0]
        .removal
        .request(&env, &steps[0].key, &project)
        .unwrap();
    assert_eq!(
        (delete.method.as_str(), delete.path_and_query.as_str()),
        (
            "DELETE",
            format!("/api/atlas/v2/orgs/{ORG}/apiKeys/6a793fbd2c88faeba59bd3b1").as_str()
        )
    );
    let unassign = steps[1]
        .removal
        .request(&env, &steps[1].key, &project)
        .unwrap();
    assert_eq!(
        unassign.path_and_query,
        format!("/api/atlas/v2/groups/{P}/apiKeys/6a793fbd2c88faeba59bd3b2")
    );
    let orphan = Removal::UnassignFromProject {
        other_projects: vec![],
        org_roles: vec![],
    };
    let step = keymint::core::key_report::CleanupStep {
        key: current.clone(),
        removal: orphan,
    };
    assert!(
        step.describe()
            .ends_with("from this project: it stays in the organization, in no project."),
        "{}",
        step.describe()
    );
}
