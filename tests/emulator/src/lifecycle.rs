//! What a key's owner does after the create: list the project's keys, unassign a key from the project,
//! delete it from the organization, read and add to its access list, and (when asked) the per-key
//! access-list enforcement Atlas applies to every call a key signs.

use crate::api::{
    api_error, can_manage, is_hex24, not_allowed, ok, query_flag, reply, Flavor, Reply,
};
use crate::guesses;
use crate::state::{Caller, Seed, Store};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::net::IpAddr;

/// When access lists are enforced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AccessMode {
    /// Never (the default): any address may call.
    #[default]
    Off,
    /// A key with a non-empty access list may only call from an address on it.
    WhenListed,
    /// The organization requires access lists: every key may only call from an address on its list
    /// (an empty list allows nothing).
    OrgRequires,
}

/// One access-list entry of a key.
#[derive(Debug, Clone)]
pub struct AccessEntry {
    /// Always set, `address/prefix` (an address alone is stored with its full-length prefix).
    pub cidr_block: String,
    /// Set when the entry is a single address.
    pub ip_address: Option<String>,
    pub created: String,
    pub count: u64,
    pub last_used: Option<String>,
    pub last_used_address: Option<String>,
}

/// Enforcement settings, and the access lists of the seeded keys (created keys carry their own).
#[derive(Debug, Clone, Default)]
pub struct AccessControl {
    pub mode: AccessMode,
    startup_mode: AccessMode,
    /// The address the emulator says it saw, instead of the TCP peer's (pinned by a test).
    pub seen: Option<IpAddr>,
    startup_seen: Option<IpAddr>,
    /// Seeded keys' lists, by public key.
    pub seeded: HashMap<String, Vec<AccessEntry>>,
    seeded_at_start: HashMap<String, Vec<AccessEntry>>,
}

impl AccessControl {
    pub fn from_seed(seed: &Seed) -> Self {
        let mut seeded = HashMap::new();
        for k in &seed.api_keys {
            let entries: Vec<AccessEntry> = k
                .access_list
                .iter()
                .filter_map(|e| parse_text_entry(e).ok())
                .map(|(cidr, ip)| new_entry(cidr, ip))
                .collect();
            seeded.insert(k.public_key.clone(), entries);
        }
        AccessControl {
            seeded_at_start: seeded.clone(),
            seeded,
            ..AccessControl::default()
        }
    }

    /// The startup setting (the `--enforce-access-lists`, `--require-access-lists`, `--seen-address`
    /// flags), kept for `reset`.
    pub fn set_startup(&mut self, mode: AccessMode, seen: Option<IpAddr>) {
        self.mode = mode;
        self.startup_mode = mode;
        self.seen = seen;
        self.startup_seen = seen;
    }

    /// Back to the startup settings and seeded lists.
    pub fn reset(&mut self) {
        self.mode = self.startup_mode;
        self.seen = self.startup_seen;
        self.seeded = self.seeded_at_start.clone();
    }
}

/// Now, as Atlas writes dates: `2026-08-10T03:02:57Z`.
pub fn now_iso() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

fn new_entry(cidr_block: String, ip_address: Option<String>) -> AccessEntry {
    AccessEntry {
        cidr_block,
        ip_address,
        created: now_iso(),
        count: 0,
        last_used: None,
        last_used_address: None,
    }
}

/// An IPv4-mapped IPv6 address is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

fn full_prefix(ip: IpAddr) -> u8 {
    if ip.is_ipv4() {
        32
    } else {
        128
    }
}

/// `address` -> (`address/32` or `/128`, Some(address)); `address/prefix` -> (normalised, address
/// when the prefix is full-length).
fn parse_cidr(text: &str) -> Result<(String, Option<String>), String> {
    let (addr, prefix) = text
        .split_once('/')
        .ok_or_else(|| format!("{text} is not in CIDR notation (address/prefix)"))?;
    let ip: IpAddr = addr
        .parse()
        .map_err(|_| format!("{addr} is not an IPv4 or IPv6 address"))?;
    let ip = canonical(ip);
    let p: u8 = prefix
        .parse()
        .map_err(|_| format!("{prefix} is not a prefix length"))?;
    if p > full_prefix(ip) {
        return Err(format!(
            "prefix /{p} is longer than the address allows (/{})",
            full_prefix(ip)
        ));
    }
    let single = (p == full_prefix(ip)).then(|| ip.to_string());
    Ok((format!("{ip}/{p}"), single))
}

fn parse_ip(text: &str) -> Result<(String, Option<String>), String> {
    let ip: IpAddr = text
        .parse()
        .map_err(|_| format!("{text} is not an IPv4 or IPv6 address"))?;
    let ip = canonical(ip);
    Ok((format!("{ip}/{}", full_prefix(ip)), Some(ip.to_string())))
}

/// A seed or control entry: an address or a CIDR block.
fn parse_text_entry(text: &str) -> Result<(String, Option<String>), String> {
    if text.contains('/') {
        parse_cidr(text)
    } else {
        parse_ip(text)
    }
}

/// Whether `ip` is inside `cidr` (`address/prefix`, as stored).
fn contains(cidr: &str, ip: IpAddr) -> bool {
    let Some((net, prefix)) = cidr.split_once('/') else {
        return false;
    };
    let (Ok(net), Ok(prefix)) = (net.parse::<IpAddr>(), prefix.parse::<u32>()) else {
        return false;
    };
    match (net, canonical(ip)) {
        (IpAddr::V4(n), IpAddr::V4(a)) => {
            let mask = if prefix == 0 {
                0
            } else {
                u32::MAX << (32 - prefix.min(32))
            };
            u32::from(n) & mask == u32::from(a) & mask
        }
        (IpAddr::V6(n), IpAddr::V6(a)) => {
            let mask = if prefix == 0 {
                0
            } else {
                u128::MAX << (128 - prefix.min(128))
            };
            u128::from(n) & mask == u128::from(a) & mask
        }
        _ => false,
    }
}

/// The access list of the key that signed, if it is an API key the emulator knows.
fn list_of_caller<'a>(store: &'a mut Store, public: &str) -> Option<&'a mut Vec<AccessEntry>> {
    if store.access.seeded.contains_key(public) {
        return store.access.seeded.get_mut(public);
    }
    store
        .keys
        .iter_mut()
        .find(|k| k.public_key == public && k.in_org)
        .map(|k| &mut k.access_list)
}

/// Atlas's per-key access-list check on a call signed by an API key: `Some(403)` when the address it
/// sees is not allowed. A call from a listed address counts on the entry it matched.
pub fn enforce(
    store: &mut Store,
    flavor: Flavor,
    caller: &Caller,
    peer: Option<IpAddr>,
) -> Option<Reply> {
    // Service accounts have their own access lists in Atlas; the emulator does not model them.
    let Caller::ApiKey(public) = caller else {
        return None;
    };
    let mode = store.access.mode;
    let seen = store.access.seen.or(peer).map(canonical);
    let list = list_of_caller(store, public)?;
    let hit = seen.and_then(|ip| list.iter_mut().find(|e| contains(&e.cidr_block, ip)));
    let allowed = match (mode, hit) {
        (_, Some(entry)) => {
            entry.count += 1;
            entry.last_used = Some(now_iso());
            entry.last_used_address = seen.map(|ip| ip.to_string());
            true
        }
        (AccessMode::Off, None) => true,
        (AccessMode::WhenListed, None) => list.is_empty(),
        (AccessMode::OrgRequires, None) => false,
    };
    if allowed {
        return None;
    }
    let address = seen.map(|ip| ip.to_string()).unwrap_or_default();
    let (s, c) = guesses::NOT_ON_ACCESS_LIST;
    Some(api_error(
        flavor,
        s,
        c,
        format!("IP address {address} is not allowed to access this resource."),
        vec![json!(address)],
    ))
}

/// The organization roles of a caller.
fn org_roles_of(store: &Store, caller: &Caller) -> Vec<String> {
    match caller {
        Caller::ApiKey(public) => store
            .seed
            .api_keys
            .iter()
            .find(|k| &k.public_key == public)
            .map(|k| k.org_roles.clone())
            .unwrap_or_else(|| vec!["ORG_MEMBER".into()]),
        Caller::ServiceAccount(id) => store
            .seed
            .service_accounts
            .iter()
            .find(|s| &s.client_id == id)
            .map(|s| s.org_roles.clone())
            .unwrap_or_default(),
    }
}

fn is_org_owner(store: &Store, caller: &Caller) -> bool {
    org_roles_of(store, caller).iter().any(|r| r == "ORG_OWNER")
}

fn path_param_error(flavor: Flavor, path_and_query: &str, value: &str) -> Reply {
    let (s, c) = guesses::BAD_GROUP_ID;
    api_error(
        flavor,
        s,
        c,
        format!("One or more path parameter in the request URI {path_and_query} is malformed."),
        vec![json!(value)],
    )
}

fn key_not_found(flavor: Flavor, id: &str) -> Reply {
    let (s, c) = guesses::KEY_NOT_FOUND;
    api_error(
        flavor,
        s,
        c,
        format!("No API key with ID {id} exists."),
        vec![json!(id)],
    )
}

/// The checks every `/orgs/{orgId}/apiKeys/{id}...` call shares: well-formed IDs, the known org.
fn org_key_checks(store: &Store, flavor: Flavor, org: &str, id: &str, pq: &str) -> Option<Reply> {
    if !is_hex24(org) {
        return Some(path_param_error(flavor, pq, org));
    }
    if org != store.seed.org_id {
        let (s, c) = guesses::OTHER_ORG;
        return Some(api_error(
            flavor,
            s,
            c,
            format!("No organization with ID {org} exists."),
            vec![json!(org)],
        ));
    }
    if !is_hex24(id) {
        return Some(path_param_error(flavor, pq, id));
    }
    None
}

/// Reads `pageNum`, `itemsPerPage`, `includeCount` as the spec bounds them.
fn paging(flavor: Flavor, query: &str) -> Result<(usize, usize, bool), Reply> {
    let bad = |name: &str, v: &str| {
        let (s, c) = guesses::BAD_PAGING;
        api_error(
            flavor,
            s,
            c,
            format!(
                "The request content produced the validation error: {name} {v} is out of range."
            ),
            vec![json!(name), json!(v)],
        )
    };
    let per_page = match query_flag(query, "itemsPerPage") {
        None => 100,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=500).contains(&n) => n,
            _ => return Err(bad("itemsPerPage", &v)),
        },
    };
    let page = match query_flag(query, "pageNum") {
        None => 1,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if n >= 1 => n,
            _ => return Err(bad("pageNum", &v)),
        },
    };
    let include_count = query_flag(query, "includeCount").as_deref() != Some("false");
    Ok((page, per_page, include_count))
}

/// A paginated body (`links`, `results`, `totalCount`) of one page of `all`, as Atlas writes it.
fn page_body(
    base_url_path: &str,
    all: &[Value],
    (page, per_page, include_count): (usize, usize, bool),
) -> Value {
    let results: Vec<Value> = all
        .iter()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .cloned()
        .collect();
    let href = |n: usize| {
        format!("{base_url_path}?includeCount={include_count}&pageNum={n}&itemsPerPage={per_page}")
    };
    let mut links = Vec::new();
    if page > 1 {
        links.push(json!({"href": href(page - 1), "rel": "previous"}));
    }
    links.push(json!({"href": href(page), "rel": "self"}));
    if page.saturating_mul(per_page) < all.len() {
        links.push(json!({"href": href(page + 1), "rel": "next"}));
    }
    let mut body = json!({"links": links, "results": results});
    if include_count {
        body["totalCount"] = json!(all.len());
    }
    body
}

/// `GET /groups/{groupId}/apiKeys`: the project's keys, newest first, private keys masked.
pub fn list_project_keys(store: &Store, flavor: Flavor, group: &str, query: &str) -> Reply {
    let paging = match paging(flavor, query) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let all: Vec<Value> = store
        .keys
        .iter()
        .rev()
        .filter(|k| k.in_org && k.group_roles.contains_key(group))
        .map(|k| store.key_json(k, flavor.prefix(), false))
        .collect();
    let base = format!(
        "{}{}/groups/{group}/apiKeys",
        store.base_url,
        flavor.prefix()
    );
    ok(flavor, query, page_body(&base, &all, paging))
}

/// `GET /orgs/{orgId}/apiKeys`: every key of the organization, newest first, private keys masked
/// (guessed: see `guesses.rs`).
pub fn list_org_keys(store: &Store, flavor: Flavor, org: &str, pq: &str, query: &str) -> Reply {
    if !is_hex24(org) {
        return path_param_error(flavor, pq, org);
    }
    if org != store.seed.org_id {
        let (s, c) = guesses::OTHER_ORG;
        return api_error(
            flavor,
            s,
            c,
            format!("No organization with ID {org} exists."),
            vec![json!(org)],
        );
    }
    let paging = match paging(flavor, query) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let all: Vec<Value> = store
        .keys
        .iter()
        .rev()
        .filter(|k| k.in_org)
        .map(|k| store.key_json(k, flavor.prefix(), false))
        .collect();
    let base = format!("{}{}/orgs/{org}/apiKeys", store.base_url, flavor.prefix());
    ok(flavor, query, page_body(&base, &all, paging))
}

/// `POST /groups/{groupId}/apiKeys/{id}` with `[{"roles": [...]}]`: assigns an organization key to
/// the project with those roles; 204 (guessed answers: see `guesses.rs`).
pub fn assign(
    store: &mut Store,
    flavor: Flavor,
    caller: &Caller,
    (group, id, pq): (&str, &str, &str),
    body: &str,
) -> Reply {
    if !is_hex24(id) {
        return path_param_error(flavor, pq, id);
    }
    if !can_manage(store, caller, group) {
        return not_allowed(flavor);
    }
    let Ok(Value::Array(items)) = serde_json::from_str::<Value>(body) else {
        let (s, c) = guesses::MALFORMED;
        return api_error(flavor, s, c, "Received JSON is malformed.".into(), vec![]);
    };
    let roles: Vec<String> = items
        .iter()
        .filter_map(|item| item.get("roles").and_then(Value::as_array))
        .flatten()
        .filter_map(|r| r.as_str().map(str::to_string))
        .collect();
    if roles.is_empty() {
        let (s, c) = guesses::NO_ROLES;
        return api_error(
            flavor,
            s,
            c,
            "API keys must have at least one role.".into(),
            vec![],
        );
    }
    if let Some(refused) = crate::api::refused_project_roles(flavor, &roles) {
        return refused;
    }
    let Some(key) = store.keys.iter_mut().find(|k| k.id == id && k.in_org) else {
        return key_not_found(flavor, id);
    };
    if key.group_roles.contains_key(group) {
        let (s, c) = guesses::ALREADY_IN_GROUP;
        return api_error(
            flavor,
            s,
            c,
            format!("API key {id} is already assigned to group {group}."),
            vec![json!(id), json!(group)],
        );
    }
    let mut kept: Vec<String> = Vec::new();
    for r in roles.into_iter().filter(|r| r != "ORG_MEMBER") {
        if !kept.contains(&r) {
            kept.push(r);
        }
    }
    key.group_roles.insert(group.to_string(), kept);
    reply(204, flavor.ok_type(), String::new())
}

/// `DELETE /groups/{groupId}/apiKeys/{id}`: unassigns the key from the project (it stays in the org).
pub fn unassign(
    store: &mut Store,
    flavor: Flavor,
    caller: &Caller,
    group: &str,
    id: &str,
    pq: &str,
) -> Reply {
    if !is_hex24(id) {
        return path_param_error(flavor, pq, id);
    }
    if !can_manage(store, caller, group) {
        return not_allowed(flavor);
    }
    match store
        .keys
        .iter_mut()
        .find(|k| k.id == id && k.in_org && k.group_roles.contains_key(group))
    {
        Some(k) => {
            k.group_roles.remove(group);
            reply(204, flavor.ok_type(), String::new())
        }
        None => key_not_found(flavor, id),
    }
}

/// `DELETE /orgs/{orgId}/apiKeys/{id}`: deletes the key; it leaves every project and stops working.
pub fn delete_org_key(
    store: &mut Store,
    flavor: Flavor,
    caller: &Caller,
    org: &str,
    id: &str,
    pq: &str,
) -> Reply {
    if let Some(r) = org_key_checks(store, flavor, org, id, pq) {
        return r;
    }
    if !is_org_owner(store, caller) {
        let (s, c) = guesses::NOT_ORG_OWNER;
        return api_error(
            flavor,
            s,
            c,
            "Current user is not authorized to perform this action.".into(),
            vec![],
        );
    }
    match store.keys.iter_mut().find(|k| k.id == id && k.in_org) {
        Some(k) => {
            k.in_org = false;
            k.group_roles.clear();
            reply(204, flavor.ok_type(), String::new())
        }
        None => key_not_found(flavor, id),
    }
}

fn entry_json(base: &str, e: &AccessEntry) -> Value {
    let tail = e
        .ip_address
        .clone()
        .unwrap_or_else(|| e.cidr_block.replace('/', "%2F"));
    let mut v = json!({
        "cidrBlock": e.cidr_block,
        "count": e.count,
        "created": e.created,
        "links": [{"href": format!("{base}/{tail}"), "rel": "self"}],
    });
    if let Some(ip) = &e.ip_address {
        v["ipAddress"] = json!(ip);
    }
    if let Some(t) = &e.last_used {
        v["lastUsed"] = json!(t);
    }
    if let Some(a) = &e.last_used_address {
        v["lastUsedAddress"] = json!(a);
    }
    v
}

/// `GET` and `POST /orgs/{orgId}/apiKeys/{id}/accessList`. Both answer 200 with the key's entries,
/// paginated. Only the key itself or an organization owner may read or change them.
#[allow(clippy::too_many_arguments)]
pub fn access_list(
    store: &mut Store,
    flavor: Flavor,
    caller: &Caller,
    method: &str,
    org: &str,
    id: &str,
    pq: &str,
    query: &str,
    body: &str,
) -> Reply {
    if let Some(r) = org_key_checks(store, flavor, org, id, pq) {
        return r;
    }
    let paging = match paging(flavor, query) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let is_self = matches!(caller, Caller::ApiKey(p) if store.keys.iter().any(|k| k.id == id && &k.public_key == p));
    if !is_self && !is_org_owner(store, caller) {
        let (s, c) = guesses::ACCESS_LIST_DENIED;
        return api_error(
            flavor,
            s,
            c,
            "API key access lists are only accessible by the API key or by a user administrator."
                .into(),
            vec![],
        );
    }
    let base = format!(
        "{}{}/orgs/{org}/apiKeys/{id}/accessList",
        store.base_url,
        flavor.prefix()
    );
    let Some(key) = store.keys.iter_mut().find(|k| k.id == id && k.in_org) else {
        return key_not_found(flavor, id);
    };
    if method == "POST" {
        let entries = match serde_json::from_str::<Value>(body) {
            Ok(Value::Array(a)) => a,
            _ => {
                let (s, c) = guesses::MALFORMED;
                return api_error(flavor, s, c, "Received JSON is malformed.".into(), vec![]);
            }
        };
        // All or nothing: every entry is checked before any is added.
        let mut fresh: Vec<(String, Option<String>)> = Vec::new();
        for e in &entries {
            let parsed = match (
                e.get("ipAddress").and_then(Value::as_str),
                e.get("cidrBlock").and_then(Value::as_str),
            ) {
                (Some(ip), None) => parse_ip(ip.trim()).map_err(|m| (m, ip.to_string())),
                (None, Some(c)) => parse_cidr(c.trim()).map_err(|m| (m, c.to_string())),
                _ => Err((
                    "each entry needs exactly one of ipAddress or cidrBlock".to_string(),
                    e.to_string(),
                )),
            };
            let (cidr, ip) = match parsed {
                Ok(p) => p,
                Err((why, value)) => {
                    let (s, c) = guesses::INVALID_ENTRY;
                    return api_error(
                        flavor,
                        s,
                        c,
                        format!("The request content produced the validation error: {why}."),
                        vec![json!(value)],
                    );
                }
            };
            let listed = key.access_list.iter().any(|x| x.cidr_block == cidr)
                || fresh.iter().any(|(x, _)| *x == cidr);
            if listed {
                let (s, c) = guesses::DUPLICATE_ENTRY;
                return api_error(
                    flavor,
                    s,
                    c,
                    format!("The address {cidr} is already on the access list."),
                    vec![json!(cidr)],
                );
            }
            fresh.push((cidr, ip));
        }
        key.access_list
            .extend(fresh.into_iter().map(|(c, ip)| new_entry(c, ip)));
    }
    let all: Vec<Value> = key
        .access_list
        .iter()
        .map(|e| entry_json(&base, e))
        .collect();
    ok(flavor, query, page_body(&base, &all, paging))
}

/// The control settings a test may change: `{"mode": "off" | "whenListed" | "orgRequires",
/// "seenAddress": "203.0.113.7" | null, "seeded": {"<publicKey>": ["<address or CIDR>", ...]}}`,
/// each optional.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AccessSettings {
    mode: Option<AccessMode>,
    #[serde(default, with = "double_option")]
    seen_address: Option<Option<String>>,
    seeded: Option<HashMap<String, Vec<String>>>,
}

mod double_option {
    use serde::{Deserialize, Deserializer};
    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<String>>, D::Error> {
        Option::<String>::deserialize(d).map(Some)
    }
}

fn access_state(store: &Store) -> Value {
    let seeded: serde_json::Map<String, Value> = store
        .access
        .seeded
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                json!(v.iter().map(|e| e.cidr_block.clone()).collect::<Vec<_>>()),
            )
        })
        .collect();
    json!({
        "mode": store.access.mode,
        "seenAddress": store.access.seen.map(|ip| ip.to_string()),
        "seeded": seeded,
    })
}

/// `/__emulator/accessLists`: GET the settings, POST to change them.
pub fn control(store: &mut Store, method: &str, body: &str) -> Reply {
    if method == "POST" {
        let s: AccessSettings = match serde_json::from_str(body) {
            Ok(s) => s,
            Err(e) => return reply(400, "text/plain", e.to_string()),
        };
        let seen = match s.seen_address {
            None => store.access.seen,
            Some(None) => None,
            Some(Some(text)) => match text.parse::<IpAddr>() {
                Ok(ip) => Some(canonical(ip)),
                Err(_) => return reply(400, "text/plain", format!("{text} is not an address")),
            },
        };
        let mut seeded = store.access.seeded.clone();
        for (public, entries) in s.seeded.unwrap_or_default() {
            if !seeded.contains_key(&public) {
                return reply(400, "text/plain", format!("no seeded key {public}"));
            }
            let mut list = Vec::new();
            for e in entries {
                match parse_text_entry(&e) {
                    Ok((c, ip)) => list.push(new_entry(c, ip)),
                    Err(why) => return reply(400, "text/plain", why),
                }
            }
            seeded.insert(public, list);
        }
        if let Some(m) = s.mode {
            store.access.mode = m;
        }
        store.access.seen = seen;
        store.access.seeded = seeded;
    } else if method != "GET" {
        return reply(405, "text/plain", "GET or POST".into());
    }
    reply(200, "application/json", access_state(store).to_string())
}

/// A created key's access list for `/__emulator/keys` (CIDR blocks).
pub fn cidrs(entries: &[AccessEntry]) -> Value {
    json!(entries
        .iter()
        .map(|e| e.cidr_block.clone())
        .collect::<Vec<_>>())
}

/// Parses a `--seen-address` value.
pub fn parse_address(text: &str) -> Option<IpAddr> {
    text.parse().ok().map(canonical)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidr_membership() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert!(contains("10.0.0.0/8", ip("10.200.1.1")));
        assert!(!contains("10.0.0.0/8", ip("11.0.0.1")));
        assert!(contains("0.0.0.0/0", ip("203.0.113.9")));
        assert!(contains("127.0.0.1/32", ip("::ffff:127.0.0.1")));
        assert!(contains("2001:db8::/32", ip("2001:db8:1::5")));
        assert!(!contains("2001:db8::/32", ip("10.0.0.1")));
    }

    #[test]
    fn dates_look_like_atlas() {
        let d = now_iso();
        assert_eq!(d.len(), 20, "{d}");
        assert!(d.starts_with("20") && d.ends_with('Z') && d.as_bytes()[10] == b'T');
    }
}
