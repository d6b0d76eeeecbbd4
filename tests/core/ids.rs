//! The IDs that go into request paths: what each accepts, what it refuses, and what an answer from
//! Atlas carrying a malformed one does: a listed key is skipped, a created key is still shown but
//! nothing is sent to it; never a panic.

use keymint::core::answer::{parse_create_response, parse_signed_create_response, Received};
use keymint::core::calls::{self, PageRequest};
use keymint::core::environment::Environment;
use keymint::core::error::RequestSummary;
use keymint::core::ids::{ApiKeyId, IdError, OrgId, ProjectId};
use keymint::core::key_list::parse_key_page;

const ORG: &str = "a0123456789abcdef012345a";
const PROJECT: &str = "b0123456789abcdef012345b";
const KEY: &str = "6a793fbd2c88faeba59bd3b1";
const PRIVATE_KEY: &str = "754c8808-0ba8-4153-8eea-85daa09d408a";

/// Which request an answer belongs to, as the transport would record it.
fn summary() -> RequestSummary {
    RequestSummary {
        method: "GET".into(),
        url: "https://cloud.mongodb.com/api/atlas/v2".into(),
        via: "https://cloud.mongodb.com/api/atlas/v2".into(),
    }
}

/// A created or listed key as Atlas writes it, with `id` as its ID.
fn key_json(id: &str) -> String {
    format!(
        r#"{{"desc":"ci","id":"{id}","links":[],"privateKey":"{PRIVATE_KEY}","publicKey":"flezioeg","roles":[{{"orgId":"{ORG}","roleName":"ORG_MEMBER"}}]}}"#
    )
}

/// Texts that are not IDs as Atlas writes them, and why each is refused.
fn not_ids() -> Vec<(String, IdError)> {
    vec![
        (ORG.to_uppercase(), IdError::Uppercase),
        ("A0123456789abcdef012345a".into(), IdError::Uppercase),
        (ORG[..23].into(), IdError::Length { len: 23 }),
        (format!("{ORG}0"), IdError::Length { len: 25 }),
        (String::new(), IdError::Length { len: 0 }),
        (
            "g0123456789abcdef012345a".into(),
            IdError::NotHex { bad: 'g' },
        ),
        (format!(" {}", &ORG[1..]), IdError::NotHex { bad: ' ' }),
        (format!("{ORG}\n"), IdError::NotHex { bad: '\n' }),
        (
            "a0123456789abcdef01234é".into(),
            IdError::NotHex { bad: 'é' },
        ),
        (
            "../../orgs/x/apiKeys/y/z".into(),
            IdError::NotHex { bad: '.' },
        ),
    ]
}

#[test]
fn an_id_as_atlas_writes_it_parses_and_reads_back_unchanged() {
    let org = OrgId::parse(ORG).unwrap();
    let key = ApiKeyId::parse(KEY).unwrap();
    let project = ProjectId::parse(PROJECT).unwrap();
    assert_eq!((org.as_str(), org.to_string()), (ORG, ORG.to_string()));
    assert_eq!((key.as_str(), key.to_string()), (KEY, KEY.to_string()));
    assert_eq!(
        (project.as_str(), project.to_string()),
        (PROJECT, PROJECT.to_string())
    );
    assert_eq!(
        ApiKeyId::parse("000000000000000000000000")
            .unwrap()
            .as_str(),
        "000000000000000000000000"
    );
}

#[test]
fn upper_case_a_wrong_length_or_a_character_that_is_not_hex_is_refused() {
    for (text, why) in not_ids() {
        assert_eq!(OrgId::parse(&text), Err(why.clone()), "{text:?}");
        assert_eq!(ApiKeyId::parse(&text), Err(why.clone()), "{text:?}");
        assert!(!why.to_string().is_empty());
    }
    // The form's project ID keeps its own rule: white space from a paste is trimmed, and each
    // problem is told in the form's words.
    assert_eq!(
        ProjectId::parse(&format!("  {PROJECT}\n"))
            .unwrap()
            .as_str(),
        PROJECT
    );
    assert!(ProjectId::parse(&PROJECT.to_uppercase()).is_err());
}

#[test]
fn a_key_id_is_read_from_and_written_to_json_as_a_plain_string() {
    let id: ApiKeyId = serde_json::from_str(&format!("\"{KEY}\"")).unwrap();
    assert_eq!(id.as_str(), KEY);
    assert_eq!(serde_json::to_string(&id).unwrap(), format!("\"{KEY}\""));
    for (text, _) in not_ids() {
        let json = serde_json::to_string(&text).unwrap();
        assert!(serde_json::from_str::<ApiKeyId>(&json).is_err(), "{text:?}");
    }
    assert!(serde_json::from_str::<ApiKeyId>("7").is_err());
    assert!(serde_json::from_str::<ApiKeyId>("null").is_err());
}

#[test]
fn a_key_list_entry_with_a_malformed_key_id_is_not_read_as_a_key() {
    for (text, _) in not_ids() {
        let body = format!(
            r#"{{"links":[],"results":[{},{}],"totalCount":2}}"#,
            key_json(&text.replace('\n', "\\n")),
            key_json(KEY)
        );
        let page = parse_key_page(Received::new(200, &body), &summary())
            .unwrap_or_else(|e| panic!("{text:?}: the page is Atlas's shape: {e:?}"));
        assert_eq!(
            (page.keys.len(), page.unreadable, page.len),
            (1, 1, 2),
            "{text:?}: the entry is skipped and counted, the rest is read"
        );
        assert_eq!(page.keys[0].id.as_str(), KEY);
    }
}

#[test]
fn a_created_key_with_an_unexpected_id_is_still_shown_but_nothing_is_sent_to_it() {
    for (text, _) in not_ids() {
        let body = key_json(&text.replace('\n', "\\n"));
        // The pair is shown once: an ID Atlas never writes does not hide it.
        let key = parse_signed_create_response(Received::new(200, &body), &summary())
            .expect("the key pair is read whatever its ID looks like");
        assert_eq!(key.private_key, PRIVATE_KEY);
        // But no call goes to a key whose ID the calls cannot take.
        assert_eq!(key.key_id(), None, "{text:?}");
    }
    let key = parse_create_response(Received::new(200, &key_json(KEY)), &summary()).unwrap();
    assert_eq!(key.key_id(), Some(ApiKeyId::parse(KEY).unwrap()));
}

#[test]
fn each_call_puts_each_id_in_its_own_place() {
    let env = Environment::Atlas;
    let project = ProjectId::parse(PROJECT).unwrap();
    let org = OrgId::parse(ORG).unwrap();
    let key = ApiKeyId::parse(KEY).unwrap();
    let page = PageRequest {
        page_num: 2,
        items_per_page: 100,
    };
    let paths = [
        calls::list_project_keys(&env, &project, page),
        calls::unassign_from_project(&env, &project, &key),
        calls::delete_from_org(&env, &org, &key),
        calls::list_access_list(&env, &org, &key, page),
        calls::add_to_access_list(&env, &org, &key, "[]".into()),
        calls::get_project(&env, &project),
    ]
    .map(|r| format!("{} {}", r.method, r.path_and_query));
    assert_eq!(
        paths,
        [
            format!("GET /api/atlas/v2/groups/{PROJECT}/apiKeys?includeCount=true&itemsPerPage=100&pageNum=2"),
            format!("DELETE /api/atlas/v2/groups/{PROJECT}/apiKeys/{KEY}"),
            format!("DELETE /api/atlas/v2/orgs/{ORG}/apiKeys/{KEY}"),
            format!("GET /api/atlas/v2/orgs/{ORG}/apiKeys/{KEY}/accessList?includeCount=true&itemsPerPage=100&pageNum=2"),
            format!("POST /api/atlas/v2/orgs/{ORG}/apiKeys/{KEY}/accessList"),
            format!("GET /api/atlas/v2/groups/{PROJECT}"),
        ]
    );
}
