//! Every call Project keys makes (list the project's and the organization's keys, read a key's access
//! list, remove a key from the project, assign an organization key, delete it) answers alike on Atlas
//! (Digest MD5, `/api/atlas/v2`), Atlas for Government (Digest SHA-256) and Ops Manager's
//! `/api/public/v1.0` paths with `application/json`. Answers no recording confirms are in `guesses.rs`.

mod common;

use common::{challenge_param, start, Emulator, Http, Resp, MEDIA};
use serde_json::{json, Value};

struct Flavor {
    args: &'static [&'static str],
    prefix: &'static str,
    media: &'static str,
    algorithm: &'static str,
    /// A project role the flavor grants, and one only the other flavor knows.
    role: &'static str,
    foreign: &'static str,
}

const ATLAS: Flavor = Flavor {
    args: &[],
    prefix: "/api/atlas/v2",
    media: MEDIA,
    algorithm: "MD5",
    role: "GROUP_DATA_ACCESS_READ_ONLY",
    foreign: "GROUP_MONITORING_ADMIN",
};
const GOV: Flavor = Flavor {
    args: &["--gov"],
    prefix: "/api/atlas/v2",
    media: MEDIA,
    algorithm: "SHA-256",
    role: "GROUP_CLUSTER_MANAGER",
    foreign: "GROUP_MONITORING_ADMIN",
};
const OPS_MANAGER: Flavor = Flavor {
    args: &[],
    prefix: "/api/public/v1.0",
    media: "application/json",
    algorithm: "MD5",
    // Ops Manager's own project roles.
    role: "GROUP_MONITORING_ADMIN",
    foreign: "GROUP_CLUSTER_MANAGER",
};

struct Run<'a> {
    emu: &'a Emulator,
    f: &'a Flavor,
}

impl Run<'_> {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Resp {
        let path = format!("{}{path}", self.f.prefix);
        let body = body.map(|b| b.to_string());
        let mut headers = vec![("Accept", self.f.media)];
        if body.is_some() {
            headers.push(("Content-Type", self.f.media));
        }
        let unsigned = self.emu.request(method, &path, &headers, body.as_deref());
        assert_eq!(unsigned.status, 401, "{method} {path}");
        let challenge = unsigned.header("www-authenticate").unwrap();
        assert_eq!(
            challenge_param(challenge, "algorithm"),
            self.f.algorithm,
            "{challenge}"
        );
        self.emu
            .signed(method, &path, &self.emu.owner(), &headers, body.as_deref())
    }

    fn ok(&self, method: &str, path: &str, body: Option<Value>, status: u16) -> Resp {
        let r = self.call(method, path, body);
        assert_eq!(r.status, status, "{method} {path}: {}", r.body);
        if status == 200 {
            assert!(
                r.header("content-type").unwrap().starts_with(self.f.media),
                "{:?}",
                r.header("content-type")
            );
        }
        r
    }

    fn project_keys(&self) -> Vec<Value> {
        let path = format!(
            "/groups/{}/apiKeys?includeCount=true&itemsPerPage=500&pageNum=1",
            self.emu.project()
        );
        let body = self.ok("GET", &path, None, 200).json();
        for link in body["links"].as_array().unwrap() {
            let href = link["href"].as_str().unwrap();
            assert!(href.contains(self.f.prefix), "{href}");
        }
        body["results"].as_array().unwrap().clone()
    }

    fn org_keys(&self) -> Vec<Value> {
        let path = format!("/orgs/{}/apiKeys?includeCount=true", self.emu.org_id());
        self.ok("GET", &path, None, 200).json()["results"]
            .as_array()
            .unwrap()
            .clone()
    }
}

fn ids(keys: &[Value]) -> Vec<String> {
    keys.iter()
        .map(|k| k["id"].as_str().unwrap().to_string())
        .collect()
}

fn project_roles(key: &Value, project: &str) -> Vec<String> {
    key["roles"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["groupId"] == project)
        .map(|r| r["roleName"].as_str().unwrap().to_string())
        .collect()
}

fn every_later_call(f: &Flavor) {
    let emu = start(f.args);
    let run = Run { emu: &emu, f };
    let project = emu.project();
    let create = |desc: &str| {
        let path = format!("/groups/{project}/apiKeys");
        let body = json!({"desc": desc, "roles": ["GROUP_READ_ONLY"]});
        run.ok("POST", &path, Some(body), 200).json()
    };
    let (a, b) = (create("kept for a while"), create("moved around"));
    let (a_id, b_id) = (a["id"].as_str().unwrap(), b["id"].as_str().unwrap());

    let listed = run.project_keys();
    assert!(ids(&listed).contains(&a_id.to_string()));
    assert!(ids(&listed).contains(&b_id.to_string()));
    let org = run.org_keys();
    assert!(ids(&org).contains(&a_id.to_string()));
    let private = a["privateKey"].as_str().unwrap();
    assert!(!serde_json::to_string(&org).unwrap().contains(private));

    let acl = format!("/orgs/{}/apiKeys/{a_id}/accessList", emu.org_id());
    let entries = run.ok("GET", &acl, None, 200).json();
    assert_eq!(entries["totalCount"], 0);

    // Remove from project: gone from the project, still in the organization.
    run.ok(
        "DELETE",
        &format!("/groups/{project}/apiKeys/{b_id}"),
        None,
        204,
    );
    assert!(!ids(&run.project_keys()).contains(&b_id.to_string()));
    assert!(ids(&run.org_keys()).contains(&b_id.to_string()));

    // A role of the other flavor is refused, and nothing is assigned.
    let assign = format!("/groups/{project}/apiKeys/{b_id}");
    let foreign = run.call("POST", &assign, Some(json!([{"roles": [f.foreign]}])));
    assert_eq!(foreign.status, 400, "{}", foreign.body);
    assert!(!ids(&run.project_keys()).contains(&b_id.to_string()));

    // Assign it back with another role: 204, then listed with exactly that role.
    let roles = json!([{"roles": [f.role]}]);
    run.ok("POST", &assign, Some(roles.clone()), 204);
    let back = run
        .project_keys()
        .into_iter()
        .find(|k| k["id"] == b_id)
        .expect("assigned key listed");
    assert_eq!(project_roles(&back, &project), [f.role]);
    // Once is enough: the same assignment again is refused (a guess: guesses.rs ALREADY_IN_GROUP).
    let again = run.call("POST", &assign, Some(roles));
    assert_eq!(again.status, 409, "{}", again.body);
    assert_eq!(again.json()["errorCode"], "API_KEY_ALREADY_IN_GROUP");

    // Delete the key: it leaves the organization and the project.
    run.ok(
        "DELETE",
        &format!("/orgs/{}/apiKeys/{a_id}", emu.org_id()),
        None,
        204,
    );
    assert!(!ids(&run.org_keys()).contains(&a_id.to_string()));
    assert!(!ids(&run.project_keys()).contains(&a_id.to_string()));

    // Every call went to this flavor's paths.
    for r in emu.control().requests() {
        let path = r["path"].as_str().unwrap();
        if path.starts_with("/api/") {
            assert!(path.starts_with(f.prefix), "{path}");
        }
    }
}

#[test]
fn project_keys_calls_on_atlas() {
    every_later_call(&ATLAS);
}

#[test]
fn project_keys_calls_on_atlas_for_government_with_sha256_digest() {
    every_later_call(&GOV);
}

#[test]
fn project_keys_calls_on_ops_manager_paths() {
    every_later_call(&OPS_MANAGER);
}
