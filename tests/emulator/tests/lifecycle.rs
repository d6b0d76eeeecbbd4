//! After the create: listing the project's keys, unassigning and deleting a key, its access list, and
//! access-list enforcement, against the contract (reference sections 7-9) and the recordings.

mod common;

use common::{recorded, start, v2_headers, Emulator, Http, Resp, MEDIA};
use serde_json::{json, Value};

fn create(emu: &Emulator, desc: &str) -> Value {
    let r = emu.signed(
        "POST",
        &format!("/api/atlas/v2/groups/{}/apiKeys", emu.project()),
        &emu.owner(),
        &v2_headers(),
        Some(&json!({"desc": desc, "roles": ["GROUP_READ_ONLY"]}).to_string()),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
}

fn creds(key: &Value) -> (String, String) {
    (
        key["publicKey"].as_str().unwrap().into(),
        key["privateKey"].as_str().unwrap().into(),
    )
}

fn org(emu: &Emulator) -> String {
    emu.info["orgId"].as_str().unwrap().into()
}

fn get(emu: &Emulator, path: &str, who: &(String, String)) -> Resp {
    emu.signed("GET", path, who, &[("Accept", MEDIA)], None)
}

fn delete(emu: &Emulator, path: &str, who: &(String, String)) -> Resp {
    emu.signed("DELETE", path, who, &[("Accept", MEDIA)], None)
}

fn acl_path(emu: &Emulator, id: &str) -> String {
    format!("/api/atlas/v2/orgs/{}/apiKeys/{id}/accessList", org(emu))
}

fn add_acl(emu: &Emulator, id: &str, who: &(String, String), body: &str) -> Resp {
    emu.signed("POST", &acl_path(emu, id), who, &v2_headers(), Some(body))
}

fn control(emu: &Emulator, body: Value) -> Value {
    let r = emu.request(
        "POST",
        "/__emulator/accessLists",
        &[],
        Some(&body.to_string()),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
}

fn error_code(r: &Resp) -> (u16, String) {
    (
        r.status,
        r.json()["errorCode"].as_str().unwrap().to_string(),
    )
}

fn held(emu: &Emulator, id: &str) -> Value {
    emu.created_keys()
        .into_iter()
        .find(|k| k["id"] == id)
        .expect("the key")
}

#[test]
fn list_pages_through_the_project_keys_newest_first_with_masked_private_keys() {
    let emu = start(&[]);
    let keys: Vec<Value> = (0..5).map(|i| create(&emu, &format!("k{i}"))).collect();
    let base = format!("/api/atlas/v2/groups/{}/apiKeys", emu.project());
    let mut seen = Vec::new();
    for page in 1..=3 {
        let r = get(
            &emu,
            &format!("{base}?itemsPerPage=2&pageNum={page}"),
            &emu.owner(),
        );
        assert_eq!(r.status, 200);
        assert_eq!(
            r.header("content-type"),
            recorded("list_200").header("Content-Type")
        );
        let body = r.json();
        assert_eq!(body["totalCount"], 5);
        let rels: Vec<&str> = body["links"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["rel"].as_str().unwrap())
            .collect();
        let expected: &[&str] = match page {
            1 => &["self", "next"],
            2 => &["previous", "self", "next"],
            _ => &["previous", "self"],
        };
        assert_eq!(rels, expected, "page {page}");
        for k in body["results"].as_array().unwrap() {
            let masked = k["privateKey"].as_str().unwrap();
            assert!(masked.starts_with("********-****-****-"), "{masked}");
            assert_eq!(masked.len(), "********-****-****-85daa09d408a".len());
            assert_eq!(k["roles"][0]["roleName"], "GROUP_READ_ONLY");
            assert_eq!(k["roles"][1]["roleName"], "ORG_MEMBER");
            seen.push(k["desc"].as_str().unwrap().to_string());
        }
    }
    assert_eq!(
        seen,
        ["k4", "k3", "k2", "k1", "k0"],
        "newest first, each once"
    );
    let last = &keys[4];
    let listed = get(&emu, &base, &emu.owner()).json();
    let private = last["privateKey"].as_str().unwrap();
    assert_eq!(
        listed["results"][0]["privateKey"],
        format!("********-****-****-{}", &private[24..])
    );
    assert!(
        !listed.to_string().contains(private),
        "no private key in a list"
    );
    let no_count = get(&emu, &format!("{base}?includeCount=false"), &emu.owner()).json();
    assert!(no_count.get("totalCount").is_none());
    for bad in ["itemsPerPage=0", "itemsPerPage=501", "pageNum=0"] {
        let r = get(&emu, &format!("{base}?{bad}"), &emu.owner());
        assert_eq!(error_code(&r), (400, "VALIDATION_ERROR".into()), "{bad}");
    }
}

#[test]
fn list_refuses_callers_without_a_role_on_the_project_and_unknown_projects() {
    let emu = start(&[]);
    let key = create(&emu, "elsewhere");
    let other = emu.info["otherProjectId"].as_str().unwrap();
    let r = get(
        &emu,
        &format!("/api/atlas/v2/groups/{other}/apiKeys"),
        &creds(&key),
    );
    assert_eq!(error_code(&r), (401, "USER_UNAUTHORIZED".into()));
    let r = get(
        &emu,
        "/api/atlas/v2/groups/111111111111111111111111/apiKeys",
        &emu.owner(),
    );
    assert_eq!(error_code(&r), (404, "GROUP_NOT_FOUND".into()));
}

#[test]
fn unassign_answers_204_and_the_key_leaves_the_project_but_stays_in_the_org() {
    let emu = start(&[]);
    let key = create(&emu, "to unassign");
    let id = key["id"].as_str().unwrap();
    let path = format!("/api/atlas/v2/groups/{}/apiKeys/{id}", emu.project());
    let ro = delete(&emu, &path, &emu.read_only());
    assert_eq!(error_code(&ro), (401, "USER_UNAUTHORIZED".into()));
    let r = delete(&emu, &path, &emu.owner());
    assert_eq!(r.status, 204);
    assert_eq!(r.body, "");
    assert_eq!(
        r.header("content-type"),
        recorded("delete_204").header("Content-Type")
    );
    let listed = get(
        &emu,
        &format!("/api/atlas/v2/groups/{}/apiKeys", emu.project()),
        &emu.owner(),
    );
    assert_eq!(listed.json()["totalCount"], 0);
    assert_eq!(held(&emu, id)["inOrg"], true);
    let again = delete(&emu, &path, &emu.owner());
    assert_eq!(error_code(&again), (400, "API_KEY_NOT_FOUND".into()));
    let bad = delete(
        &emu,
        &format!("/api/atlas/v2/groups/{}/apiKeys/abcdwxyz", emu.project()),
        &emu.owner(),
    );
    assert_eq!(error_code(&bad), (400, "PATH_PARAM_PARSE_ERROR".into()));
}

#[test]
fn org_delete_answers_204_removes_the_key_everywhere_and_it_stops_working() {
    let emu = start(&[]);
    let key = create(&emu, "to delete");
    let id = key["id"].as_str().unwrap();
    let path = format!("/api/atlas/v2/orgs/{}/apiKeys/{id}", org(&emu));
    let ro = delete(&emu, &path, &emu.read_only());
    assert_eq!(error_code(&ro), (401, "USER_UNAUTHORIZED".into()));
    assert_eq!(
        held(&emu, id)["inOrg"],
        true,
        "a refused delete deletes nothing"
    );
    let r = delete(&emu, &path, &emu.owner());
    assert_eq!(r.status, 204);
    assert_eq!(r.body, "");
    assert_eq!(
        r.header("content-type"),
        Some(format!("{MEDIA};charset=utf-8").as_str())
    );
    assert_eq!(held(&emu, id)["inOrg"], false);
    let listed = get(
        &emu,
        &format!("/api/atlas/v2/groups/{}/apiKeys", emu.project()),
        &emu.owner(),
    );
    assert_eq!(listed.json()["totalCount"], 0);
    let first = emu.request(
        "GET",
        &format!("/api/atlas/v2/groups/{}", emu.project()),
        &[("Accept", MEDIA)],
        None,
    );
    let auth = common::sign(
        first.header("www-authenticate").unwrap(),
        "GET",
        &format!("/api/atlas/v2/groups/{}", emu.project()),
        &creds(&key).0,
        &creds(&key).1,
        1,
    );
    let with_deleted = emu.request(
        "GET",
        &format!("/api/atlas/v2/groups/{}", emu.project()),
        &[("Accept", MEDIA), ("Authorization", &auth)],
        None,
    );
    assert_eq!(with_deleted.status, 401, "a deleted key no longer signs");
    let again = delete(&emu, &path, &emu.owner());
    assert_eq!(error_code(&again), (400, "API_KEY_NOT_FOUND".into()));
    let other_org = delete(
        &emu,
        &format!("/api/atlas/v2/orgs/ffffffffffffffffffffffff/apiKeys/{id}"),
        &emu.owner(),
    );
    assert_eq!(error_code(&other_org), (404, "ORG_NOT_FOUND".into()));
    let bad_org = delete(
        &emu,
        &format!("/api/atlas/v2/orgs/not-an-org/apiKeys/{id}"),
        &emu.owner(),
    );
    assert_eq!(error_code(&bad_org), (400, "PATH_PARAM_PARSE_ERROR".into()));
}

#[test]
fn access_list_create_answers_200_with_the_paginated_entries_as_recorded() {
    let emu = start(&[]);
    let key = create(&emu, "acl");
    let id = key["id"].as_str().unwrap();
    let r = add_acl(
        &emu,
        id,
        &emu.owner(),
        r#"[{"ipAddress":"192.168.0.229"},{"cidrBlock":"10.1.0.0/16"},{"ipAddress":"2001:DB8:0:0::7"}]"#,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let rec = recorded("accesslist_200");
    assert_eq!(r.header("content-type"), rec.header("Content-Type"));
    let body = r.json();
    let recorded: Value = serde_json::from_str(&rec.body).unwrap();
    assert_eq!(
        body["results"][0]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        recorded["results"][0]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        "an address entry has the recorded fields"
    );
    assert_eq!(body["totalCount"], 3);
    assert_eq!(body["results"][0]["cidrBlock"], "192.168.0.229/32");
    assert_eq!(body["results"][0]["ipAddress"], "192.168.0.229");
    assert_eq!(body["results"][0]["count"], 0);
    assert_eq!(body["results"][1]["cidrBlock"], "10.1.0.0/16");
    assert!(body["results"][1].get("ipAddress").is_none());
    assert_eq!(body["results"][2]["cidrBlock"], "2001:db8::7/128");
    assert_eq!(body["results"][2]["ipAddress"], "2001:db8::7");
    let created = body["results"][0]["created"].as_str().unwrap();
    assert!(created.len() == 20 && created.ends_with('Z'), "{created}");
    assert!(body["links"][0]["href"]
        .as_str()
        .unwrap()
        .ends_with(&format!(
            "/apiKeys/{id}/accessList?includeCount=true&pageNum=1&itemsPerPage=100"
        )));
    assert_eq!(
        held(&emu, id)["accessList"],
        json!(["192.168.0.229/32", "10.1.0.0/16", "2001:db8::7/128"])
    );
    let listed = get(
        &emu,
        &format!("{}?itemsPerPage=2", acl_path(&emu, id)),
        &emu.owner(),
    );
    assert_eq!(listed.status, 200);
    assert_eq!(listed.json()["results"].as_array().unwrap().len(), 2);
    assert_eq!(listed.json()["totalCount"], 3);
}

#[test]
fn access_list_duplicates_and_invalid_entries_add_nothing() {
    let emu = start(&[]);
    let key = create(&emu, "acl errors");
    let id = key["id"].as_str().unwrap();
    assert_eq!(
        add_acl(&emu, id, &emu.owner(), r#"[{"ipAddress":"203.0.113.10"}]"#).status,
        200
    );
    let dup = add_acl(
        &emu,
        id,
        &emu.owner(),
        r#"[{"ipAddress":"198.51.100.1"},{"cidrBlock":"203.0.113.10/32"}]"#,
    );
    assert_eq!(
        error_code(&dup),
        (409, "ADDRESS_ALREADY_IN_ACCESS_LIST".into())
    );
    assert_eq!(
        dup.header("x-error-code"),
        Some("ADDRESS_ALREADY_IN_ACCESS_LIST")
    );
    for bad in [
        r#"[{"ipAddress":"198.51.100.1"},{"ipAddress":"300.1.2.3"}]"#,
        r#"[{"cidrBlock":"10.0.0.0/33"}]"#,
        r#"[{"cidrBlock":"2001:db8::/129"}]"#,
        r#"[{"cidrBlock":"10.0.0.0"}]"#,
        r#"[{"ipAddress":"1.2.3.4","cidrBlock":"1.2.3.4/32"}]"#,
        r#"[{}]"#,
        r#"[{"ipAddress":"example.com"}]"#,
    ] {
        let r = add_acl(&emu, id, &emu.owner(), bad);
        assert_eq!(error_code(&r), (400, "VALIDATION_ERROR".into()), "{bad}");
    }
    let malformed = add_acl(&emu, id, &emu.owner(), r#"{"ipAddress":"1.2.3.4"}"#);
    assert_eq!(error_code(&malformed), (400, "MALFORMED_JSON".into()));
    assert_eq!(
        held(&emu, id)["accessList"],
        json!(["203.0.113.10/32"]),
        "nothing of a refused request was added"
    );
}

#[test]
fn access_lists_need_org_rights_or_the_key_itself() {
    let emu = start(&[]);
    let key = create(&emu, "acl rights");
    let id = key["id"].as_str().unwrap();
    let denied = add_acl(&emu, id, &emu.read_only(), r#"[{"ipAddress":"1.2.3.4"}]"#);
    assert_eq!(
        error_code(&denied),
        (401, "API_KEY_ACCESS_LIST_ACCESS_DENIED".into())
    );
    assert_eq!(
        denied.json()["detail"],
        "API key access lists are only accessible by the API key or by a user administrator."
    );
    let read = get(&emu, &acl_path(&emu, id), &emu.read_only());
    assert_eq!(read.status, 401);
    let own = get(&emu, &acl_path(&emu, id), &creds(&key));
    assert_eq!(own.status, 200, "a key reads its own access list");
    let unknown = add_acl(
        &emu,
        "aaaaaaaaaaaaaaaaaaaaaaaa",
        &emu.owner(),
        r#"[{"ipAddress":"1.2.3.4"}]"#,
    );
    assert_eq!(error_code(&unknown), (400, "API_KEY_NOT_FOUND".into()));
    let public_key_as_id = add_acl(
        &emu,
        "abcdwxyz",
        &emu.owner(),
        r#"[{"ipAddress":"1.2.3.4"}]"#,
    );
    assert_eq!(
        error_code(&public_key_as_id),
        (400, "PATH_PARAM_PARSE_ERROR".into())
    );
    let wrong_org = emu.signed(
        "POST",
        &format!("/api/atlas/v2/orgs/ffffffffffffffffffffffff/apiKeys/{id}/accessList"),
        &emu.owner(),
        &v2_headers(),
        Some(r#"[{"ipAddress":"1.2.3.4"}]"#),
    );
    assert_eq!(error_code(&wrong_org), (404, "ORG_NOT_FOUND".into()));
    assert_eq!(held(&emu, id)["accessList"], json!([]));
}

#[test]
fn a_listed_key_calling_from_elsewhere_is_refused_with_the_address_atlas_saw() {
    let emu = start(&["--enforce-access-lists"]);
    let key = create(&emu, "enforced");
    let id = key["id"].as_str().unwrap();
    let project = format!("/api/atlas/v2/groups/{}", emu.project());
    assert_eq!(
        get(&emu, &project, &creds(&key)).status,
        200,
        "an empty list allows any address"
    );
    add_acl(&emu, id, &emu.owner(), r#"[{"ipAddress":"203.0.113.5"}]"#);
    let refused = get(&emu, &project, &creds(&key));
    assert_eq!(
        error_code(&refused),
        (403, "IP_ADDRESS_NOT_ON_ACCESS_LIST".into())
    );
    assert_eq!(
        refused.json()["detail"],
        "IP address 127.0.0.1 is not allowed to access this resource.",
        "the TCP peer's address"
    );
    assert_eq!(refused.json()["parameters"], json!(["127.0.0.1"]));
    assert_eq!(
        get(&emu, &project, &emu.owner()).status,
        200,
        "keys without a list are not affected"
    );
    add_acl(&emu, id, &emu.owner(), r#"[{"cidrBlock":"127.0.0.0/8"}]"#);
    assert_eq!(get(&emu, &project, &creds(&key)).status, 200);
    let entries = get(&emu, &acl_path(&emu, id), &emu.owner()).json();
    assert_eq!(entries["results"][1]["count"], 1);
    assert_eq!(entries["results"][1]["lastUsedAddress"], "127.0.0.1");

    control(&emu, json!({"seenAddress": "198.51.100.7"}));
    let proxied = get(&emu, &project, &creds(&key));
    assert_eq!(proxied.status, 403);
    assert_eq!(proxied.json()["parameters"], json!(["198.51.100.7"]));
    control(&emu, json!({"mode": "off"}));
    assert_eq!(get(&emu, &project, &creds(&key)).status, 200);
}

#[test]
fn when_the_org_requires_access_lists_every_key_needs_the_address_listed() {
    let emu = start(&[]);
    let key = create(&emu, "required");
    let project = format!("/api/atlas/v2/groups/{}", emu.project());
    let (owner_public, _) = emu.owner();
    control(&emu, json!({"mode": "orgRequires"}));
    let r = get(&emu, &project, &emu.owner());
    assert_eq!(
        error_code(&r),
        (403, "IP_ADDRESS_NOT_ON_ACCESS_LIST".into())
    );
    let blocked_create = emu.signed(
        "POST",
        &format!("/api/atlas/v2/groups/{}/apiKeys", emu.project()),
        &emu.owner(),
        &v2_headers(),
        Some(r#"{"desc":"blocked","roles":["GROUP_READ_ONLY"]}"#),
    );
    assert_eq!(blocked_create.status, 403);
    assert_eq!(emu.created_keys().len(), 1, "a refused create makes no key");
    let state = control(
        &emu,
        json!({"seeded": {owner_public.clone(): ["127.0.0.1"]}}),
    );
    assert_eq!(state["seeded"][&owner_public], json!(["127.0.0.1/32"]));
    assert_eq!(get(&emu, &project, &emu.owner()).status, 200);
    assert_eq!(get(&emu, &project, &creds(&key)).status, 403);
    let id = key["id"].as_str().unwrap();
    add_acl(&emu, id, &emu.owner(), r#"[{"ipAddress":"127.0.0.1"}]"#);
    assert_eq!(get(&emu, &project, &creds(&key)).status, 200);
    emu.request("POST", "/__emulator/reset", &[], None);
    let after = emu
        .request("GET", "/__emulator/accessLists", &[], None)
        .json();
    assert_eq!(after["mode"], "off");
    assert_eq!(after["seeded"][&owner_public], json!([]));
}

#[test]
fn the_drop_after_create_fault_still_leaves_one_key_to_find() {
    let emu = start(&[]);
    emu.request(
        "POST",
        "/__emulator/faults",
        &[],
        Some(r#"{"dropAfterCreate":1}"#),
    );
    let path = format!("/api/atlas/v2/groups/{}/apiKeys", emu.project());
    let first = emu.request("POST", &path, &v2_headers(), Some("{}"));
    let (u, p) = emu.owner();
    let auth = common::sign(
        first.header("www-authenticate").unwrap(),
        "POST",
        &path,
        &u,
        &p,
        1,
    );
    let mut h = v2_headers();
    h.push(("Authorization", &auth));
    let lost = common::try_request(
        &emu.addr,
        "POST",
        &path,
        &h,
        Some(r#"{"desc":"lost answer","roles":["GROUP_READ_ONLY"]}"#),
    );
    assert!(lost.is_err(), "no answer");
    let listed = get(&emu, &path, &emu.owner()).json();
    assert_eq!(listed["totalCount"], 1);
    assert_eq!(listed["results"][0]["desc"], "lost answer");
}
