//! Reading the project's key list, fetching every page, finding a lost create's key, the new key's org.

use keymint::core::answer::{parse_create_response, Received};
use keymint::core::calls::{read_key_test, KeyTestOutcome};
use keymint::core::environment::Environment;
use keymint::core::error::RequestSummary;
use keymint::core::ids::{OrgId, ProjectId};
use keymint::core::key_list::{
    matching_keys, parse_key_page, KeyListing, KeyPage, ListedKey, ListingStep, ITEMS_PER_PAGE,
    MAX_PAGES,
};

/// Which request an answer belongs to, as the transport would record it.
fn summary() -> RequestSummary {
    RequestSummary {
        method: "GET".into(),
        url: "https://cloud.mongodb.com/api/atlas/v2".into(),
        via: "https://cloud.mongodb.com/api/atlas/v2".into(),
    }
}

fn recorded_body(name: &str) -> String {
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/recorded/{name}.http",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    text.split_once("\n\n").unwrap().1.trim_end().to_string()
}

/// The project the tests list.
fn project() -> ProjectId {
    ProjectId::parse("b0123456789abcdef012345b").unwrap()
}

fn page(body: &str) -> KeyPage {
    parse_key_page(Received::new(200, body), &summary()).unwrap()
}

#[test]
fn the_recorded_list_reads_with_masked_keys_and_roles() {
    let p = page(&recorded_body("list_200"));
    assert_eq!(p.total_count, Some(3));
    assert_eq!(p.keys.len(), 3);
    assert_eq!(p.keys[0].public_key, "flezioeg");
    assert_eq!(
        p.keys[0].masked_private_key,
        "********-****-****-85daa09d408a"
    );
    assert_eq!(
        p.keys[0].project_roles(&project()),
        ["GROUP_DATA_ACCESS_READ_ONLY"]
    );
    assert_eq!(
        p.keys[0].org_id().as_ref().map(OrgId::as_str),
        Some("a0123456789abcdef012345a")
    );
    assert_eq!(p.keys[2].org_roles_beyond_member(), ["ORG_READ_ONLY"]);
    assert!(!p.has_next_link);
}

#[test]
fn an_unmasked_private_key_in_a_list_is_masked_and_never_printed() {
    let body = r#"{"links":[],"results":[{"desc":"d","id":"6a793fbd2c88faeba59bd3b1","privateKey":"754c8808-0ba8-4153-8eea-85daa09d408a","publicKey":"flezioeg","roles":[]}],"totalCount":1}"#;
    let p = page(body);
    assert_eq!(
        p.keys[0].masked_private_key,
        "********-****-****-85daa09d408a"
    );
    assert!(!format!("{:?}", p).contains("754c8808"));
}

#[test]
fn odd_list_answers_are_errors_or_skipped_entries_never_panics() {
    let s = summary();
    for (status, body) in [
        (200, "{"),
        (200, "[]"),
        (200, "{}"),
        (502, "<html/>"),
        (200, ""),
    ] {
        assert!(
            parse_key_page(Received::new(status, body), &s).is_err(),
            "{status} {body}"
        );
    }
    let p = page(
        r#"{"results":[{"desc":"no id"},{"id":"6a793fbd2c88faeba59bd3b1","privateKey":"********-****-****-85daa09d408a","publicKey":"abcdwxyz"}]}"#,
    );
    assert_eq!((p.keys.len(), p.unreadable), (1, 1));
    let err = parse_key_page(Received::new(401, r#"{"detail":"Current user is not authorized to perform this action.","error":401,"errorCode":"USER_UNAUTHORIZED","parameters":[],"reason":"Unauthorized"}"#).with_content_type("application/json"), &s)
    .unwrap_err();
    assert_eq!(err.title(), "Your key lacks the role to do this");
}

fn key(id: &str, desc: &str) -> ListedKey {
    page(&format!(
        r#"{{"results":[{{"desc":"{desc}","id":"{id}","privateKey":"********-****-****-000000000000","publicKey":"abcdwxyz","roles":[]}}]}}"#
    ))
    .keys
    .remove(0)
}

#[test]
fn matching_keeps_the_exact_description_newest_first_by_object_id_time() {
    let keys = vec![
        key("6564c343515f29099463b160", "deploy bot"), // 2023-11
        key("6a793fbd2c88faeba59bd3b1", "deploy bot"), // 2026-07
        key("690252c6941df06efcbbbe29", "deploy bot"), // 2025-10
        key("6a793fbd2c88faeba59bd3b2", "deploy bot 2"),
        key("6a793fbd2c88faeba59bd3b3", "Deploy bot"),
    ];
    let found = matching_keys(&keys, "  deploy bot ");
    let ids: Vec<&str> = found.iter().map(|k| k.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "6a793fbd2c88faeba59bd3b1",
            "690252c6941df06efcbbbe29",
            "6564c343515f29099463b160"
        ]
    );
    assert_eq!(found[0].created_unix(), Some(0x6a793fbd));
    assert!(matching_keys(&keys, "nothing like it").is_empty());
}

fn full_page(start: usize, n: usize, total: usize) -> KeyPage {
    let results: Vec<String> = (start..start + n)
        .map(|i| format!(r#"{{"desc":"k","id":"{i:024x}","privateKey":"********-****-****-000000000000","publicKey":"abcdwxyz","roles":[]}}"#))
        .collect();
    page(&format!(
        r#"{{"links":[],"results":[{}],"totalCount":{total}}}"#,
        results.join(",")
    ))
}

#[test]
fn every_page_is_fetched_until_a_short_page_then_it_stops() {
    let env = Environment::Atlas;
    let mut listing = KeyListing::new(&project());
    let per = ITEMS_PER_PAGE as usize;
    match listing.next(&env) {
        ListingStep::Fetch(r) => assert_eq!(
            r.path_and_query,
            "/api/atlas/v2/groups/b0123456789abcdef012345b/apiKeys?includeCount=true&itemsPerPage=500&pageNum=1"
        ),
        other => panic!("{other:?}"),
    }
    listing.accept(full_page(0, per, per + 3));
    match listing.next(&env) {
        ListingStep::Fetch(r) => assert!(r.path_and_query.ends_with("pageNum=2")),
        other => panic!("{other:?}"),
    }
    listing.accept(full_page(per, 3, per + 3));
    assert_eq!(listing.next(&env), ListingStep::Done);
    assert!(listing.is_complete());
    assert_eq!(listing.keys().len(), per + 3);
}

#[test]
fn a_list_that_never_ends_is_cut_at_the_page_bound() {
    let env = Environment::Atlas;
    let mut listing = KeyListing::new(&project());
    let per = ITEMS_PER_PAGE as usize;
    for p in 0..MAX_PAGES as usize {
        assert!(matches!(listing.next(&env), ListingStep::Fetch(_)));
        listing.accept(full_page(p * per, per, 1_000_000));
    }
    assert_eq!(listing.next(&env), ListingStep::Truncated);
    assert!(!listing.is_complete());
}

#[test]
fn an_exactly_full_last_page_ends_on_the_count() {
    let env = Environment::Atlas;
    let mut listing = KeyListing::new(&project());
    listing.accept(full_page(
        0,
        ITEMS_PER_PAGE as usize,
        ITEMS_PER_PAGE as u64 as usize,
    ));
    assert_eq!(listing.next(&env), ListingStep::Done);
}

#[test]
fn the_new_keys_org_comes_from_its_org_member_role() {
    let created =
        parse_create_response(Received::new(200, &recorded_body("create_200")), &summary())
            .unwrap();
    assert_eq!(
        created.org_id().as_ref().map(OrgId::as_str),
        Some("a0123456789abcdef012345a")
    );
    let no_role = parse_create_response(Received::new(200, r#"{"desc":"x","id":"6a793fbd2c88faeba59bd3b1","links":[{"href":"https://cloud.mongodb.com/api/atlas/v2/orgs/c0123456789abcdef012345c/apiKeys/6a793fbd2c88faeba59bd3b1","rel":"self"}],"privateKey":"p","publicKey":"abcdwxyz","roles":[{"groupId":"b0123456789abcdef012345b","roleName":"GROUP_READ_ONLY"}]}"#), &summary())
    .unwrap();
    assert_eq!(
        no_role.org_id().as_ref().map(OrgId::as_str),
        Some("c0123456789abcdef012345c")
    );
}

#[test]
fn testing_the_new_key_names_the_address_atlas_saw() {
    let s = summary();
    let works = read_key_test(
        Received::new(
            200,
            r#"{"clusterCount":0,"id":"b0123456789abcdef012345b","name":"keymint-demo","orgId":"a0123456789abcdef012345a"}"#,
        ),
        &s,
    );
    assert!(matches!(&works, KeyTestOutcome::Works(p) if p.name == "keymint-demo"));
    assert_eq!(
        works.message(),
        "The new key works: Atlas answered a read of project keymint-demo with it."
    );
    let unnamed = read_key_test(
        Received::new(200, r#"{"id":"b0123456789abcdef012345b","name":""}"#),
        &s,
    );
    assert_eq!(
        unnamed.message(),
        "The new key works: Atlas answered a read of project b0123456789abcdef012345b with it.",
        "a project without a name is named by its ID"
    );
    let refused = read_key_test(Received::new(403, r#"{"detail":"IP address 198.51.100.7 is not allowed to access this resource.","error":403,"errorCode":"IP_ADDRESS_NOT_ON_ACCESS_LIST","parameters":["198.51.100.7"],"reason":"Forbidden"}"#).with_content_type("application/json"), &s);
    assert_eq!(
        refused,
        KeyTestOutcome::AddressNotAllowed {
            address: Some("198.51.100.7".into())
        }
    );
    assert!(refused.message().contains("Add 198.51.100.7"));
    let from_detail = read_key_test(
        Received::new(
            403,
            r#"{"detail":"IP address `203.0.113.9` is not allowed to access this resource.","error":403,"errorCode":"IP_ADDRESS_NOT_ON_ACCESS_LIST","reason":"Forbidden"}"#,
        ),
        &s,
    );
    assert_eq!(
        from_detail,
        KeyTestOutcome::AddressNotAllowed {
            address: Some("203.0.113.9".into())
        }
    );
    // The detail's address out of any quotes, and without the sentence's stop.
    for detail in [
        "IP address '203.0.113.9' is not allowed.",
        "IP address \\\"203.0.113.9\\\" is not allowed.",
        "Not allowed: IP address 203.0.113.9.",
        "IP address 203.0.113.9, not on the list",
    ] {
        let body = format!(
            r#"{{"detail":"{detail}","error":403,"errorCode":"IP_ADDRESS_NOT_ON_ACCESS_LIST","reason":"Forbidden"}}"#
        );
        assert_eq!(
            read_key_test(Received::new(403, &body), &s),
            KeyTestOutcome::AddressNotAllowed {
                address: Some("203.0.113.9".into())
            },
            "{detail}"
        );
    }
    // Another 403 is not about the access list.
    assert!(matches!(
        read_key_test(
            Received::new(
                403,
                r#"{"detail":"No.","error":403,"errorCode":"USER_CANNOT_ACCESS_ORG","reason":"Forbidden"}"#
            ),
            &s
        ),
        KeyTestOutcome::Failed(_)
    ));
    let header_only = read_key_test(
        Received::new(403, "").with_error_code("IP_ADDRESS_NOT_ON_ACCESS_LIST"),
        &s,
    );
    assert_eq!(
        header_only,
        KeyTestOutcome::AddressNotAllowed { address: None }
    );
    assert!(matches!(
        read_key_test(Received::new(401, "nope"), &s),
        KeyTestOutcome::Failed(_)
    ));
}

fn key_with_roles(roles: &str, links: &str) -> ListedKey {
    page(&format!(
        r#"{{"results":[{{"desc":"d","id":"6a793fbd2c88faeba59bd3b1","links":{links},"privateKey":"********-****-****-000000000000","publicKey":"abcdwxyz","roles":{roles}}}]}}"#
    ))
    .keys
    .remove(0)
}

#[test]
fn a_key_on_several_projects_names_each_other_project_once() {
    let k = key_with_roles(
        r#"[{"groupId":"b0123456789abcdef012345b","roleName":"GROUP_READ_ONLY"},
            {"groupId":"d0123456789abcdef012345d","roleName":"GROUP_OWNER"},
            {"groupId":"d0123456789abcdef012345d","roleName":"GROUP_READ_ONLY"},
            {"groupId":"e0123456789abcdef012345e","roleName":"GROUP_READ_ONLY"},
            {"orgId":"a0123456789abcdef012345a","roleName":"ORG_MEMBER"}]"#,
        "[]",
    );
    assert_eq!(
        k.other_projects(&project()),
        ["d0123456789abcdef012345d", "e0123456789abcdef012345e"]
    );
}

#[test]
fn the_org_is_the_org_member_roles_and_only_a_lower_case_24_hex_id_counts() {
    let member_first = key_with_roles(
        r#"[{"orgId":"f0123456789abcdef012345f","roleName":"ORG_READ_ONLY"},
            {"orgId":"a0123456789abcdef012345a","roleName":"ORG_MEMBER"}]"#,
        "[]",
    );
    assert_eq!(
        member_first.org_id().as_ref().map(OrgId::as_str),
        Some("a0123456789abcdef012345a")
    );
    let self_link = r#"[{"href":"https://cloud.mongodb.com/api/atlas/v2/orgs/c0123456789abcdef012345c/apiKeys/6a793fbd2c88faeba59bd3b1","rel":"self"}]"#;
    for not_an_id in [
        "A0123456789ABCDEF012345A",
        "a0123",
        "a0123456789abcdef012345a0",
        "g0123456789abcdef012345g",
    ] {
        let body = format!(
            r#"{{"desc":"x","id":"6a793fbd2c88faeba59bd3b1","links":{self_link},"privateKey":"p","publicKey":"abcdwxyz","roles":[{{"orgId":"{not_an_id}","roleName":"ORG_MEMBER"}}]}}"#
        );
        let created = parse_create_response(Received::new(200, &body), &summary()).unwrap();
        assert_eq!(
            created.org_id().as_ref().map(OrgId::as_str),
            Some("c0123456789abcdef012345c"),
            "{not_an_id} is not an organization ID: the self link's is used"
        );
        assert_eq!(
            key_with_roles(
                &format!(r#"[{{"orgId":"{not_an_id}","roleName":"ORG_MEMBER"}}]"#),
                "[]"
            )
            .org_id(),
            None
        );
    }
}

#[test]
fn a_short_page_ends_the_list_even_without_a_count() {
    let env = Environment::Atlas;
    let mut listing = KeyListing::new(&project());
    listing.accept(page(
        r#"{"links":[],"results":[{"desc":"k","id":"6a793fbd2c88faeba59bd3b1","privateKey":"********-****-****-000000000000","publicKey":"abcdwxyz","roles":[]}]}"#,
    ));
    assert_eq!(listing.next(&env), ListingStep::Done);
    assert!(listing.is_complete());
}

#[test]
fn unreadable_entries_count_toward_atlas_total() {
    let env = Environment::Atlas;
    let per = ITEMS_PER_PAGE as usize;
    let mut results: Vec<String> = (0..per - 1)
        .map(|i| format!(r#"{{"desc":"k","id":"{i:024x}","privateKey":"********-****-****-000000000000","publicKey":"abcdwxyz","roles":[]}}"#))
        .collect();
    results.push(r#"{"desc":"not a key"}"#.to_string());
    let full = page(&format!(
        r#"{{"links":[],"results":[{}],"totalCount":{per}}}"#,
        results.join(",")
    ));
    assert_eq!((full.keys.len(), full.unreadable), (per - 1, 1));
    let mut listing = KeyListing::new(&project());
    listing.accept(full);
    assert_eq!(
        listing.next(&env),
        ListingStep::Done,
        "all {per} entries were seen"
    );
}

#[test]
fn a_key_whose_private_key_was_lost_says_it_cannot_be_recovered() {
    use keymint::core::key_list::unrecoverable_note;
    let k = key("6a793fbd2c88faeba59bd3b1", "deploy bot");
    assert_eq!(
        unrecoverable_note(&k),
        "Key abcdwxyz (********-****-****-000000000000) exists in Atlas, but its private key was only in \
         the lost answer and cannot be recovered: nobody holds it. Delete it, or keep it if you know it is \
         not this attempt's."
    );
}
