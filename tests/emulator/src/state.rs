//! What the emulator knows: organizations, projects, caller credentials, created keys, faults.

use crate::auth::{random_hex, BearerToken, Nonces};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::Duration;

/// Seeded state: the default below, or a JSON file given with --seed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Seed {
    pub org_id: String,
    pub project_id: String,
    pub other_project_id: String,
    pub api_keys: Vec<SeedApiKey>,
    pub service_accounts: Vec<SeedServiceAccount>,
    /// Atlas's per-organization limit of API keys (small values test MAX_API_KEYS_PER_ORG_EXCEEDED).
    #[serde(default = "default_max_keys")]
    pub max_api_keys_per_org: usize,
}

fn default_max_keys() -> usize {
    500
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedApiKey {
    pub name: String,
    pub public_key: String,
    pub private_key: String,
    /// Roles on the seeded project.
    pub roles: Vec<String>,
    /// Roles on the organization (ORG_OWNER may manage keys and access lists there).
    #[serde(default = "default_org_roles")]
    pub org_roles: Vec<String>,
    /// The key's access list (addresses or CIDR blocks), enforced only when access lists are.
    #[serde(default)]
    pub access_list: Vec<String>,
}

fn default_org_roles() -> Vec<String> {
    vec!["ORG_MEMBER".into()]
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedServiceAccount {
    pub name: String,
    pub client_id: String,
    pub client_secret: String,
    pub roles: Vec<String>,
    /// Roles on the organization.
    #[serde(default = "default_org_roles")]
    pub org_roles: Vec<String>,
}

impl Default for Seed {
    fn default() -> Self {
        Seed {
            org_id: "a0123456789abcdef012345a".into(),
            project_id: "b0123456789abcdef012345b".into(),
            other_project_id: "c0123456789abcdef012345c".into(),
            api_keys: vec![
                SeedApiKey {
                    name: "owner".into(),
                    public_key: "kmowner1".into(),
                    private_key: "5c8f3a2e-9b1d-4e7a-8c6f-2d4b9e1a7f30".into(),
                    roles: vec!["GROUP_OWNER".into()],
                    org_roles: vec!["ORG_OWNER".into()],
                    access_list: vec![],
                },
                SeedApiKey {
                    name: "readOnly".into(),
                    public_key: "kmreadon".into(),
                    private_key: "0e6d2b7c-4a9f-4c31-b8e5-7f1a3d9c2b64".into(),
                    roles: vec!["GROUP_READ_ONLY".into()],
                    org_roles: default_org_roles(),
                    access_list: vec![],
                },
            ],
            service_accounts: vec![SeedServiceAccount {
                name: "owner".into(),
                client_id: "mdb_sa_id_d0123456789abcdef012345d".into(),
                client_secret: "mdb_sa_sk_k3ym1nt-demo-secret-7f1a3d9c2b64".into(),
                roles: vec!["GROUP_OWNER".into()],
                org_roles: vec!["ORG_OWNER".into()],
            }],
            max_api_keys_per_org: default_max_keys(),
        }
    }
}

/// Faults for the next authenticated create calls (each a count of calls).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Faults {
    pub latency_ms: u64,
    pub fail500: u32,
    pub drop_after_create: u32,
    pub malformed_body: u32,
    pub rate_limit: u32,
    /// The next signed changes other than the create (an access-list POST, a DELETE) are made,
    /// then their connection is dropped before the answer: the change exists, its answer is lost.
    pub drop_after_change: u32,
    /// The next signed reads (GET) are answered 503 by the gateway, as a read during an outage.
    pub fail_reads: u32,
}

/// API requests received (control endpoints excluded), by method and whether they carried an
/// `Authorization` header (Digest or Bearer): lets a test count the round trips a create takes.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub signed_posts: u64,
    pub unsigned_posts: u64,
    pub signed_gets: u64,
    pub unsigned_gets: u64,
}

impl Counts {
    pub fn count(&mut self, method: &axum::http::Method, signed: bool) {
        let counter = match (method.as_str(), signed) {
            ("POST", true) => &mut self.signed_posts,
            ("POST", false) => &mut self.unsigned_posts,
            ("GET", true) => &mut self.signed_gets,
            ("GET", false) => &mut self.unsigned_gets,
            _ => return,
        };
        *counter += 1;
    }
}

/// A key the emulator created, with what it answered.
#[derive(Debug, Clone)]
pub struct CreatedKey {
    pub id: String,
    pub desc: String,
    pub public_key: String,
    pub private_key: String,
    pub group_roles: HashMap<String, Vec<String>>,
    pub in_org: bool,
    pub access_list: Vec<crate::lifecycle::AccessEntry>,
}

/// One API request as received, for tests that must prove what reached "Atlas": method, path (no query),
/// whether it carried an `Authorization` header, and the status answered (`None`: the connection was
/// dropped unanswered). Never a header value, a body or a query.
#[derive(Debug, Clone, Serialize)]
pub struct LoggedRequest {
    pub method: String,
    pub path: String,
    pub signed: bool,
    pub status: Option<u16>,
}

pub struct Store {
    pub seed: Seed,
    pub base_url: String,
    pub gov: bool,
    pub nonces: Nonces,
    pub tokens: HashMap<String, BearerToken>,
    pub token_ttl: Duration,
    pub keys: Vec<CreatedKey>,
    pub faults: Faults,
    /// Every API request received (control endpoints excepted), oldest first.
    pub requests: Vec<LoggedRequest>,
    pub counts: Counts,
    /// Per-key access lists: whether they are enforced, and the address the emulator sees.
    pub access: crate::lifecycle::AccessControl,
}

/// The private key of a public key: seeded callers and keys created here (they work like real keys).
pub fn private_key_of(seed: &Seed, keys: &[CreatedKey], public_key: &str) -> Option<String> {
    seed.api_keys
        .iter()
        .find(|k| k.public_key == public_key)
        .map(|k| k.private_key.clone())
        .or_else(|| {
            keys.iter()
                .find(|k| k.public_key == public_key && k.in_org)
                .map(|k| k.private_key.clone())
        })
}

/// Who signed a request.
pub enum Caller {
    ApiKey(String),
    ServiceAccount(String),
}

impl Store {
    pub fn new(
        seed: Seed,
        base_url: String,
        gov: bool,
        nonce_ttl: Duration,
        token_ttl: Duration,
    ) -> Self {
        let access = crate::lifecycle::AccessControl::from_seed(&seed);
        Store {
            seed,
            base_url,
            gov,
            nonces: Nonces::new(nonce_ttl),
            tokens: HashMap::new(),
            token_ttl,
            keys: Vec::new(),
            faults: Faults::default(),
            requests: Vec::new(),
            counts: Counts::default(),
            access,
        }
    }

    /// The caller's roles on a project.
    pub fn roles_of(&self, caller: &Caller, project: &str) -> Vec<String> {
        match caller {
            Caller::ApiKey(public) => {
                if let Some(k) = self.seed.api_keys.iter().find(|k| &k.public_key == public) {
                    return if project == self.seed.project_id {
                        k.roles.clone()
                    } else {
                        vec![]
                    };
                }
                self.keys
                    .iter()
                    .find(|k| &k.public_key == public)
                    .and_then(|k| k.group_roles.get(project).cloned())
                    .unwrap_or_default()
            }
            Caller::ServiceAccount(id) => self
                .seed
                .service_accounts
                .iter()
                .find(|s| &s.client_id == id)
                .filter(|_| project == self.seed.project_id)
                .map(|s| s.roles.clone())
                .unwrap_or_default(),
        }
    }

    pub fn project_exists(&self, id: &str) -> bool {
        id == self.seed.project_id || id == self.seed.other_project_id
    }

    /// A new key: 8 lower-case letters public, UUID-like private, 24-hex id.
    pub fn create_key(&mut self, desc: &str, project: &str, roles: &[String]) -> CreatedKey {
        let letters: String = random_hex(16)
            .bytes()
            .map(|b| (b'a' + (b % 26)) as char)
            .take(8)
            .collect();
        let h = random_hex(32);
        let key = CreatedKey {
            id: object_id(),
            desc: desc.to_string(),
            public_key: letters,
            private_key: format!(
                "{}-{}-{}-{}-{}",
                &h[..8],
                &h[8..12],
                &h[12..16],
                &h[16..20],
                &h[20..32]
            ),
            group_roles: HashMap::from([(project.to_string(), roles.to_vec())]),
            in_org: true,
            access_list: vec![],
        };
        self.keys.push(key.clone());
        key
    }

    /// The key as the API shows it. As recorded: the create answer lists ORG_MEMBER first, the list
    /// answer lists the project's roles first (`unmasked` = the create answer).
    pub fn key_json(&self, key: &CreatedKey, api_prefix: &str, unmasked: bool) -> Value {
        let org = &self.seed.org_id;
        let mut roles = Vec::new();
        let mut projects: Vec<&String> = key.group_roles.keys().collect();
        projects.sort();
        for p in projects {
            for r in &key.group_roles[p] {
                roles.push(json!({"groupId": p, "roleName": r}));
            }
        }
        let member = json!({"orgId": org, "roleName": "ORG_MEMBER"});
        if unmasked {
            roles.insert(0, member);
        } else {
            roles.push(member);
        }
        let private = if unmasked {
            key.private_key.clone()
        } else {
            format!("********-****-****-{}", &key.private_key[24..])
        };
        json!({
            "desc": key.desc,
            "id": key.id,
            "links": [{"href": format!("{}{api_prefix}/orgs/{org}/apiKeys/{}", self.base_url, key.id), "rel": "self"}],
            "privateKey": private,
            "publicKey": key.public_key,
            "roles": roles,
        })
    }
}

/// A new key's ID as Atlas makes it: a MongoDB ObjectId, whose first 4 bytes are the creation time
/// (Unix seconds, big-endian), then 8 random bytes. Pages read the creation day from it.
pub fn object_id() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0) as u32;
    format!("{seconds:08x}{}", random_hex(16))
}
