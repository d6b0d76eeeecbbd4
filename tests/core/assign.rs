//! "Assign an existing key": refused before sending when the key is already in the project or the
//! roles are not project roles; one POST with `[{"roles": [...]}]`; the CLI's equivalent; a lost
//! answer settled by the project's list; the organization's keys listed page by page.

use keymint::core::answer::Received;
use keymint::core::assign::{plan_assignment, AssignProblem};
use keymint::core::environment::{ApiFlavor, Environment};
use keymint::core::error::{KeymintError, RequestSummary};
use keymint::core::ids::{OrgId, ProjectId};
use keymint::core::key_list::{parse_key_page, KeyListing, ListedKey, ListingStep};

const P: &str = "b0123456789abcdef012345b";
const OTHER: &str = "c0123456789abcdef012345c";
const ORG: &str = "a0123456789abcdef012345a";

fn summary() -> RequestSummary {
    RequestSummary {
        method: "POST".into(),
        url: format!(
            "https://cloud.mongodb.com/api/atlas/v2/groups/{P}/apiKeys/6a793fbd2c88faeba59bd3b1"
        ),
        via: String::new(),
    }
}

fn key_in(group: &str) -> ListedKey {
    let body = format!(
        r#"{{"results":[{{"desc":"ci","id":"6a793fbd2c88faeba59bd3b1","privateKey":"********-****-****-85daa09d408a","publicKey":"abcdefgh","roles":[{{"groupId":"{group}","roleName":"GROUP_READ_ONLY"}},{{"orgId":"{ORG}","roleName":"ORG_MEMBER"}}]}}]}}"#
    );
    parse_key_page(Received::new(200, &body), &summary())
        .unwrap()
        .keys
        .remove(0)
}

fn project() -> ProjectId {
    ProjectId::parse(P).unwrap()
}

fn roles(names: &[&str]) -> Vec<String> {
    names.iter().map(|r| r.to_string()).collect()
}

#[test]
fn an_assignment_is_checked_before_anything_is_sent() {
    let here = key_in(P);
    assert_eq!(
        plan_assignment(
            &here,
            &project(),
            &roles(&["GROUP_READ_ONLY"]),
            ApiFlavor::AtlasV2
        ),
        Err(AssignProblem::AlreadyInProject {
            public_key: "abcdefgh".into()
        })
    );
    let elsewhere = key_in(OTHER);
    assert_eq!(
        plan_assignment(&elsewhere, &project(), &[], ApiFlavor::AtlasV2),
        Err(AssignProblem::NoRoles)
    );
    for bad in ["ORG_OWNER", "GROUP_NOPE", "ORG_MEMBER"] {
        let e = plan_assignment(&elsewhere, &project(), &roles(&[bad]), ApiFlavor::AtlasV2)
            .unwrap_err();
        assert_eq!(e, AssignProblem::NotAProjectRole { role: bad.into() });
        assert!(e.message().contains(bad), "{}", e.message());
    }
    // Ops Manager's own project roles are checked against its catalog.
    assert!(plan_assignment(
        &elsewhere,
        &project(),
        &roles(&["GROUP_AUTOMATION_ADMIN"]),
        ApiFlavor::OpsManagerV1
    )
    .is_ok());

    let a = plan_assignment(
        &elsewhere,
        &project(),
        &roles(&[
            "GROUP_READ_ONLY",
            "GROUP_CLUSTER_MANAGER",
            "GROUP_READ_ONLY",
        ]),
        ApiFlavor::AtlasV2,
    )
    .unwrap();
    assert_eq!(a.roles, ["GROUP_READ_ONLY", "GROUP_CLUSTER_MANAGER"]);
    let r = a.request(&Environment::Atlas);
    assert_eq!(r.method, "POST");
    assert_eq!(
        r.path_and_query,
        format!("/api/atlas/v2/groups/{P}/apiKeys/6a793fbd2c88faeba59bd3b1")
    );
    assert_eq!(
        r.body.as_deref(),
        Some(r#"[{"roles":["GROUP_READ_ONLY","GROUP_CLUSTER_MANAGER"]}]"#)
    );
    assert_eq!(
        r.header("Accept"),
        Some("application/vnd.atlas.2023-01-01+json")
    );
    assert_eq!(
        a.cli_command(),
        format!("atlas projects apiKeys assign 6a793fbd2c88faeba59bd3b1 --role GROUP_READ_ONLY --role GROUP_CLUSTER_MANAGER --projectId {P}")
    );
    let om = a.request(&Environment::Custom {
        base_url: "https://om.example.com".into(),
        flavor: ApiFlavor::OpsManagerV1,
    });
    assert_eq!(
        om.path_and_query,
        format!("/api/public/v1.0/groups/{P}/apiKeys/6a793fbd2c88faeba59bd3b1")
    );
}

#[test]
fn a_lost_assignment_is_settled_by_the_projects_list() {
    let a = plan_assignment(
        &key_in(OTHER),
        &project(),
        &roles(&["GROUP_READ_ONLY"]),
        ApiFlavor::AtlasV2,
    )
    .unwrap();
    assert_eq!(a.settled_by(&summary(), &[key_in(P)], true), Ok(()));
    let not_made = a.settled_by(&summary(), &[], true).unwrap_err();
    assert!(
        matches!(not_made, KeymintError::ChangeNotMade { .. }),
        "{not_made:?}"
    );
    assert!(
        not_made.message().contains("does not list key abcdefgh"),
        "{}",
        not_made.message()
    );
    assert!(a
        .settled_by(&summary(), &[key_in(OTHER)], false)
        .unwrap_err()
        .change_unknown());
}

#[test]
fn the_organizations_keys_are_listed_page_by_page() {
    let org = OrgId::parse(ORG).unwrap();
    let listing = KeyListing::of_org(&org);
    let ListingStep::Fetch(first) = listing.next(&Environment::Atlas) else {
        panic!("a first page");
    };
    assert_eq!(first.method, "GET");
    assert!(
        first
            .path_and_query
            .starts_with(&format!("/api/atlas/v2/orgs/{ORG}/apiKeys?")),
        "{}",
        first.path_and_query
    );
    assert!(first.path_and_query.contains("pageNum=1"));
}
