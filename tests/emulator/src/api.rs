//! The endpoints Keymint touches, answering with Atlas's status codes, media types and bodies.

use crate::auth::{random_token, BearerToken, DigestVerdict, UNAUTHORIZED_BODY};
use crate::guesses;
use crate::state::{Caller, Counts, Faults, LoggedRequest, Store};
use axum::body::{to_bytes, Body};
use axum::http::{header, HeaderValue, Method, Request, Response, StatusCode};
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{Mutex, Notify};

pub const V2_MEDIA: &str = "application/vnd.atlas.2023-01-01+json";

/// Shared by every connection.
pub struct App {
    pub store: Mutex<Store>,
    pub cors: bool,
}

/// Put in each request by the server loop: notifying it drops the connection without an answer.
#[derive(Clone)]
pub struct DropConnection(pub Arc<Notify>);

/// Put in each request by the server loop: the TCP peer's address (a proxy's, when one forwards).
#[derive(Clone, Copy)]
pub struct PeerAddr(pub std::net::IpAddr);

pub(crate) struct Reply {
    status: u16,
    content_type: &'static str,
    headers: Vec<(&'static str, String)>,
    body: String,
}

pub(crate) fn reply(status: u16, content_type: &'static str, body: String) -> Reply {
    Reply {
        status,
        content_type,
        headers: vec![],
        body,
    }
}

fn reason(status: u16) -> &'static str {
    StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error")
}

/// Atlas's ApiError, compact, keys in Atlas's (alphabetical) order.
pub(crate) fn api_error(
    flavor: Flavor,
    status: u16,
    code: &str,
    detail: String,
    parameters: Vec<Value>,
) -> Reply {
    let body = json!({"detail": detail, "error": status, "errorCode": code, "parameters": parameters, "reason": reason(status)});
    let mut r = reply(status, flavor.error_type(), body.to_string());
    r.headers.push(("X-Error-Code", code.to_string()));
    r
}

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Flavor {
    V2,
    OpsManager,
}

impl Flavor {
    pub(crate) fn prefix(self) -> &'static str {
        match self {
            Flavor::V2 => "/api/atlas/v2",
            Flavor::OpsManager => "/api/public/v1.0",
        }
    }
    pub(crate) fn ok_type(self) -> &'static str {
        match self {
            Flavor::V2 => "application/vnd.atlas.2023-01-01+json;charset=utf-8",
            Flavor::OpsManager => "application/json",
        }
    }
    fn error_type(self) -> &'static str {
        "application/json"
    }
}

pub(crate) fn is_hex24(s: &str) -> bool {
    s.len() == 24
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

pub(crate) fn query_flag(query: &str, name: &str) -> Option<String> {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The entry point for every request.
pub async fn handle(app: Arc<App>, req: Request<Body>) -> Response<Body> {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let path_and_query = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| path.clone());
    let query = req.uri().query().unwrap_or("").to_string();
    let headers = req.headers().clone();
    let dropper = req.extensions().get::<DropConnection>().cloned();
    let peer = req.extensions().get::<PeerAddr>().map(|p| p.0);
    let body = to_bytes(req.into_body(), 1 << 20).await.unwrap_or_default();
    let body = String::from_utf8_lossy(&body).to_string();

    let hdr = |n: header::HeaderName| {
        headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };

    let is_control = path.starts_with("/__emulator/");
    let log = |status: Option<u16>| LoggedRequest {
        method: method.to_string(),
        path: path.clone(),
        signed: headers.contains_key(header::AUTHORIZATION),
        status,
    };

    let r = if app.cors && method == Method::OPTIONS {
        reply(204, "text/plain", String::new())
    } else if let Some(control) = path.strip_prefix("/__emulator/") {
        control_endpoint(&app, &method, control, &body).await
    } else if path == "/api/oauth/token" && method == Method::POST {
        token(&app, hdr(header::AUTHORIZATION), &body).await
    } else if path == "/api/oauth/revoke" && method == Method::POST {
        revoke(&app, &body).await
    } else if let Some((flavor, rest)) = path
        .strip_prefix("/api/atlas/v2")
        .map(|r| (Flavor::V2, r))
        .or_else(|| {
            path.strip_prefix("/api/public/v1.0")
                .map(|r| (Flavor::OpsManager, r))
        })
    {
        let outcome = api(
            &app,
            flavor,
            &method,
            rest,
            &path_and_query,
            &query,
            hdr(header::AUTHORIZATION),
            hdr(header::ACCEPT),
            &body,
            peer,
        )
        .await;
        match outcome {
            Outcome::Reply(r) => r,
            Outcome::Drop => {
                eprintln!("{method} {path} -> made, connection dropped before the answer");
                app.store.lock().await.requests.push(log(None));
                if let Some(d) = dropper {
                    d.0.notify_one();
                }
                // The connection is being torn down; this answer is never written.
                std::future::pending::<()>().await;
                unreachable!()
            }
        }
    } else {
        reply(404, "application/json", json!({"detail": "Cannot find resource.", "error": 404, "errorCode": "RESOURCE_NOT_FOUND", "parameters": [], "reason": "Not Found"}).to_string())
    };

    eprintln!("{method} {path} {}", r.status);
    if !is_control {
        app.store.lock().await.requests.push(log(Some(r.status)));
    }
    let mut resp = Response::builder()
        .status(r.status)
        .header(header::CONTENT_TYPE, r.content_type);
    for (k, v) in &r.headers {
        resp = resp.header(*k, v);
    }
    if app.cors {
        resp = resp
            .header(
                "Access-Control-Allow-Origin",
                headers
                    .get(header::ORIGIN)
                    .cloned()
                    .unwrap_or(HeaderValue::from_static("*")),
            )
            .header(
                "Access-Control-Allow-Methods",
                "GET, POST, PATCH, DELETE, OPTIONS",
            )
            .header(
                "Access-Control-Allow-Headers",
                "Authorization, Content-Type, Accept",
            )
            .header(
                "Access-Control-Expose-Headers",
                "WWW-Authenticate, X-Error-Code, Retry-After",
            );
    }
    resp.body(Body::from(r.body))
        .unwrap_or_else(|_| Response::new(Body::empty()))
}

enum Outcome {
    Reply(Reply),
    Drop,
}

fn challenge(store: &mut Store, stale: bool) -> Reply {
    let nonce = store.nonces.issue();
    let alg = if store.gov { "SHA-256" } else { "MD5" };
    let mut r = reply(401, "application/json", UNAUTHORIZED_BODY.to_string());
    r.headers.push((
        "WWW-Authenticate",
        format!("Digest realm=\"MMS Public API\", domain=\"\", nonce=\"{nonce}\", algorithm={alg}, qop=\"auth\", stale={stale}"),
    ));
    r
}

#[allow(clippy::too_many_arguments)]
async fn api(
    app: &App,
    flavor: Flavor,
    method: &Method,
    rest: &str,
    path_and_query: &str,
    query: &str,
    authorization: Option<String>,
    accept: Option<String>,
    body: &str,
    peer: Option<std::net::IpAddr>,
) -> Outcome {
    let latency = app.store.lock().await.faults.latency_ms;
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    let mut store = app.store.lock().await;
    store.counts.count(method, authorization.is_some());

    // Authentication first, as Atlas does: nothing else is said to an unauthenticated caller.
    let caller = match authorization.as_deref() {
        Some(a) if a.starts_with("Bearer ") => {
            let token = a.trim_start_matches("Bearer ").trim();
            match store.tokens.get(token) {
                Some(t) if !t.revoked && Instant::now() < t.expires => {
                    Caller::ServiceAccount(t.client_id.clone())
                }
                _ => return Outcome::Reply(challenge(&mut store, false)),
            }
        }
        Some(a) => {
            let sha256 = store.gov;
            let s = &mut *store;
            let (seed, keys) = (&s.seed, &s.keys);
            let v = s
                .nonces
                .verify(a, method.as_str(), path_and_query, sha256, |u| {
                    crate::state::private_key_of(seed, keys, u)
                });
            match v {
                DigestVerdict::Valid(public) => Caller::ApiKey(public),
                DigestVerdict::Stale => return Outcome::Reply(challenge(&mut store, true)),
                DigestVerdict::Replayed => {
                    return Outcome::Reply(challenge(&mut store, guesses::STALE_ON_REPLAYED_NC))
                }
                DigestVerdict::Reused => {
                    return Outcome::Reply(challenge(&mut store, guesses::STALE_ON_REFUSED_REUSE))
                }
                DigestVerdict::Invalid => return Outcome::Reply(challenge(&mut store, false)),
            }
        }
        None => return Outcome::Reply(challenge(&mut store, false)),
    };

    if let Some(refused) = crate::lifecycle::enforce(&mut store, flavor, &caller, peer) {
        return Outcome::Reply(refused);
    }
    if method == Method::GET && store.faults.fail_reads > 0 {
        store.faults.fail_reads -= 1;
        return Outcome::Reply(reply(
            503,
            "text/html",
            "<html><body><h1>503 Service Unavailable</h1></body></html>".into(),
        ));
    }

    if flavor == Flavor::V2 {
        if let Some(a) = accept.as_deref() {
            if a.contains("application/vnd.atlas.") && !a.contains(V2_MEDIA) {
                let (s, c) = guesses::BAD_VERSION;
                return Outcome::Reply(api_error(
                    flavor,
                    s,
                    c,
                    format!("Invalid API version requested in Accept header: {a}."),
                    vec![json!(a)],
                ));
            }
        }
    }

    let segs: Vec<&str> = rest
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let reply = match (method.as_str(), segs.as_slice()) {
        ("GET", ["groups"]) => {
            let p = &store.seed.project_id;
            ok(
                flavor,
                query,
                json!({"links": [], "results": [{"id": p, "name": "keymint-demo", "orgId": store.seed.org_id}], "totalCount": 1}),
            )
        }
        (_, ["groups", g, ..]) if !is_hex24(g) => {
            let (s, c) = guesses::BAD_GROUP_ID;
            api_error(
                flavor,
                s,
                c,
                format!(
                    "One or more path parameter in the request URI {path_and_query} is malformed."
                ),
                vec![json!(g)],
            )
        }
        (_, ["groups", g, ..]) if !store.project_exists(g) => api_error(
            flavor,
            404,
            "GROUP_NOT_FOUND",
            format!("No group with ID {g} exists."),
            vec![json!(g)],
        ),
        ("GET", ["groups", g]) => {
            if store.roles_of(&caller, g).is_empty() {
                not_allowed(flavor)
            } else {
                let g = g.to_string();
                let org = store.seed.org_id.clone();
                ok(
                    flavor,
                    query,
                    json!({"clusterCount": 0, "created": "2026-08-10T03:00:00Z", "id": g, "links": [{"href": format!("{}{}/groups/{g}", store.base_url, flavor.prefix()), "rel": "self"}], "name": "keymint-demo", "orgId": org}),
                )
            }
        }
        ("POST", ["groups", g, "apiKeys"]) => {
            let g = g.to_string();
            return create(&mut store, flavor, &caller, &g, query, body);
        }
        ("GET", ["groups", g, "apiKeys"]) => {
            if store.roles_of(&caller, g).is_empty() {
                not_allowed(flavor)
            } else {
                crate::lifecycle::list_project_keys(&store, flavor, g, query)
            }
        }
        ("POST", ["groups", g, "apiKeys", id]) => {
            crate::lifecycle::assign(&mut store, flavor, &caller, (g, id, path_and_query), body)
        }
        ("GET", ["orgs", o, "apiKeys"]) => {
            crate::lifecycle::list_org_keys(&store, flavor, o, path_and_query, query)
        }
        ("DELETE", ["groups", g, "apiKeys", id]) => {
            crate::lifecycle::unassign(&mut store, flavor, &caller, g, id, path_and_query)
        }
        ("DELETE", ["orgs", o, "apiKeys", id]) => {
            crate::lifecycle::delete_org_key(&mut store, flavor, &caller, o, id, path_and_query)
        }
        (m @ ("GET" | "POST"), ["orgs", o, "apiKeys", id, "accessList"]) => {
            crate::lifecycle::access_list(
                &mut store,
                flavor,
                &caller,
                m,
                o,
                id,
                path_and_query,
                query,
                body,
            )
        }
        _ => api_error(
            flavor,
            404,
            "RESOURCE_NOT_FOUND",
            format!("Cannot find resource {}.", path_and_query),
            vec![json!(path_and_query)],
        ),
    };
    let changed = matches!(method.as_str(), "POST" | "DELETE" | "PATCH")
        && (200..300).contains(&reply.status);
    if changed && store.faults.drop_after_change > 0 {
        store.faults.drop_after_change -= 1;
        return Outcome::Drop;
    }
    Outcome::Reply(reply)
}

pub(crate) fn not_allowed(flavor: Flavor) -> Reply {
    let (s, c) = guesses::NOT_ALLOWED;
    api_error(
        flavor,
        s,
        c,
        "Current user is not authorized to perform this action.".into(),
        vec![],
    )
}

pub(crate) fn can_manage(store: &Store, caller: &Caller, project: &str) -> bool {
    store.roles_of(caller, project).iter().any(|r| {
        matches!(
            r.as_str(),
            "GROUP_OWNER" | "GROUP_USER_ADMIN" | "GROUP_ACCESS_MANAGER"
        )
    })
}

/// A success body, honouring `pretty` and `envelope`.
fn ok_status(flavor: Flavor, query: &str, status: u16, body: Value) -> Reply {
    let envelope = query_flag(query, "envelope").as_deref() == Some("true");
    let pretty = query_flag(query, "pretty").as_deref() == Some("true");
    let body = if envelope {
        json!({"content": body, "status": status})
    } else {
        body
    };
    let text = if pretty {
        serde_json::to_string_pretty(&body).unwrap_or_default()
    } else {
        body.to_string()
    };
    // With envelope=true the status is in the body and the HTTP status is 200, for clients that cannot read it.
    let mut r = reply(if envelope { 200 } else { status }, flavor.ok_type(), text);
    r.headers.push(("Ratelimit-Limit", "1200".into()));
    r.headers.push(("Ratelimit-Remaining", "1199".into()));
    r
}

pub(crate) fn ok(flavor: Flavor, query: &str, body: Value) -> Reply {
    ok_status(flavor, query, 200, body)
}

fn create(
    store: &mut Store,
    flavor: Flavor,
    caller: &Caller,
    group: &str,
    query: &str,
    body: &str,
) -> Outcome {
    if !can_manage(store, caller, group) {
        return Outcome::Reply(not_allowed(flavor));
    }
    let f: &mut Faults = &mut store.faults;
    if f.rate_limit > 0 {
        f.rate_limit -= 1;
        let mut r = api_error(flavor, 429, "RATE_LIMITED", format!("Resource /api/atlas/v2/groups/{group}/apiKeys is limited to 100 requests every 1 minutes."), vec![]);
        r.headers.push(("Retry-After", "60".into()));
        return Outcome::Reply(r);
    }
    if f.fail500 > 0 {
        f.fail500 -= 1;
        return Outcome::Reply(api_error(
            flavor,
            500,
            "UNEXPECTED_ERROR",
            "Unexpected error.".into(),
            vec![],
        ));
    }
    let Ok(v) = serde_json::from_str::<Value>(body) else {
        let (s, c) = guesses::MALFORMED;
        return Outcome::Reply(api_error(
            flavor,
            s,
            c,
            "Received JSON is malformed.".into(),
            vec![],
        ));
    };
    let desc = v.get("desc").and_then(Value::as_str).unwrap_or("");
    if desc.trim().is_empty() {
        let (s, c) = guesses::BLANK_DESC;
        return Outcome::Reply(api_error(
            flavor,
            s,
            c,
            "All API keys require a non-empty description.".into(),
            vec![],
        ));
    }
    if desc.chars().count() > 250 {
        let (s, c) = guesses::LONG_DESC;
        return Outcome::Reply(api_error(
            flavor,
            s,
            c,
            "API key descriptions are required and must be less than 250 characters.".into(),
            vec![json!(250)],
        ));
    }
    let roles: Vec<String> = v
        .get("roles")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|r| r.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if roles.is_empty() {
        let (s, c) = guesses::NO_ROLES;
        return Outcome::Reply(api_error(
            flavor,
            s,
            c,
            "API keys must have at least one role.".into(),
            vec![],
        ));
    }
    if let Some(refused) = refused_project_roles(flavor, &roles) {
        return Outcome::Reply(refused);
    }
    let org_keys = store.keys.iter().filter(|k| k.in_org).count() + store.seed.api_keys.len();
    if org_keys >= store.seed.max_api_keys_per_org {
        let (s, c) = guesses::KEY_LIMIT;
        let (max, org) = (store.seed.max_api_keys_per_org, store.seed.org_id.clone());
        return Outcome::Reply(api_error(flavor, s, c, format!("Maximum number of API keys per org ({max}) in {org} exceeded while trying to add API keys."), vec![json!(max), json!(org)]));
    }
    let mut roles_dedup: Vec<String> = Vec::new();
    for r in roles.into_iter().filter(|r| r != "ORG_MEMBER") {
        if !roles_dedup.contains(&r) {
            roles_dedup.push(r);
        }
    }
    let key = store.create_key(desc, group, &roles_dedup);
    if store.faults.drop_after_create > 0 {
        store.faults.drop_after_create -= 1;
        return Outcome::Drop;
    }
    if store.faults.malformed_body > 0 {
        store.faults.malformed_body -= 1;
        return Outcome::Reply(reply(200, flavor.ok_type(), "{\"desc\":\"truncat".into()));
    }
    let body = store.key_json(&key, flavor.prefix(), true);
    Outcome::Reply(ok(flavor, query, body))
}

/// The roles of a create or an assignment, checked as Atlas checks them: ORG_MEMBER is ignored,
/// another organization role is refused, and every other role must be a project role of this API.
pub(crate) fn refused_project_roles(flavor: Flavor, roles: &[String]) -> Option<Reply> {
    for r in roles {
        if r.starts_with("ORG_") && KNOWN_ORG.contains(&r.as_str()) {
            if r == "ORG_MEMBER" {
                continue;
            }
            let (s, c) = guesses::ORG_ROLE_ON_PROJECT;
            return Some(api_error(
                flavor,
                s,
                c,
                "Adding an organization-level role in a group is not supported.".into(),
                vec![json!(r)],
            ));
        }
        let known = if flavor == Flavor::OpsManager {
            KNOWN_OM_GROUP
        } else {
            KNOWN_GROUP
        };
        if !known.contains(&r.as_str()) {
            let (s, c) = guesses::UNKNOWN_ROLE;
            return Some(api_error(
                flavor,
                s,
                c,
                format!("An invalid enumeration value {r} was specified."),
                vec![json!(r)],
            ));
        }
    }
    None
}

const KNOWN_GROUP: &[&str] = &[
    "GROUP_OWNER",
    "GROUP_READ_ONLY",
    "GROUP_DATA_ACCESS_ADMIN",
    "GROUP_DATA_ACCESS_READ_ONLY",
    "GROUP_DATA_ACCESS_READ_WRITE",
    "GROUP_CLUSTER_MANAGER",
    "GROUP_SEARCH_INDEX_EDITOR",
    "GROUP_STREAM_PROCESSING_OWNER",
    "GROUP_BACKUP_MANAGER",
    "GROUP_OBSERVABILITY_VIEWER",
    "GROUP_DATABASE_ACCESS_ADMIN",
];
/// Ops Manager's project roles (its v1.0 API docs).
const KNOWN_OM_GROUP: &[&str] = &[
    "GROUP_AUTOMATION_ADMIN",
    "GROUP_BACKUP_ADMIN",
    "GROUP_DATA_ACCESS_ADMIN",
    "GROUP_DATA_ACCESS_READ_ONLY",
    "GROUP_DATA_ACCESS_READ_WRITE",
    "GROUP_MONITORING_ADMIN",
    "GROUP_OWNER",
    "GROUP_READ_ONLY",
    "GROUP_USER_ADMIN",
];
const KNOWN_ORG: &[&str] = &[
    "ORG_MEMBER",
    "ORG_READ_ONLY",
    "ORG_STREAM_PROCESSING_ADMIN",
    "ORG_BILLING_ADMIN",
    "ORG_BILLING_READ_ONLY",
    "ORG_GROUP_CREATOR",
    "ORG_OWNER",
];

fn form_value(body: &str, name: &str) -> Option<String> {
    body.split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| {
            v.replace("%3D", "=")
                .replace("%2B", "+")
                .replace("%2F", "/")
        })
}

async fn token(app: &App, authorization: Option<String>, body: &str) -> Reply {
    let mut store = app.store.lock().await;
    let client = authorization.as_deref().and_then(crate::auth::parse_basic);
    let valid = client.as_ref().is_some_and(|(id, secret)| {
        store
            .seed
            .service_accounts
            .iter()
            .any(|s| &s.client_id == id && &s.client_secret == secret)
    });
    if form_value(body, "grant_type").as_deref() != Some("client_credentials") {
        return reply(
            400,
            "application/json",
            json!({"error": "unsupported_grant_type"}).to_string(),
        );
    }
    let Some((id, _)) = client.filter(|_| valid) else {
        return reply(401, "application/json", json!({"error": guesses::OAUTH_BAD_CLIENT, "error_description": "Invalid client credentials."}).to_string());
    };
    let token = random_token(32);
    let ttl = store.token_ttl;
    store.tokens.insert(
        token.clone(),
        BearerToken {
            client_id: id,
            expires: Instant::now() + ttl,
            revoked: false,
        },
    );
    reply(
        200,
        "application/json",
        json!({"access_token": token, "expires_in": ttl.as_secs(), "token_type": "Bearer"})
            .to_string(),
    )
}

async fn revoke(app: &App, body: &str) -> Reply {
    let mut store = app.store.lock().await;
    if let Some(t) = form_value(body, "token").and_then(|t| store.tokens.get_mut(&t)) {
        t.revoked = true;
    }
    reply(200, "application/json", String::new())
}

async fn control_endpoint(app: &App, method: &Method, what: &str, body: &str) -> Reply {
    let mut store = app.store.lock().await;
    match (method.as_str(), what) {
        ("POST", "faults") => match serde_json::from_str::<Faults>(body) {
            Ok(f) => {
                store.faults = f;
                reply(204, "application/json", String::new())
            }
            Err(e) => reply(400, "text/plain", e.to_string()),
        },
        ("POST", "reset") => {
            store.keys.clear();
            store.access.reset();
            store.faults = Faults::default();
            store.tokens.clear();
            store.requests.clear();
            store.counts = Counts::default();
            reply(204, "application/json", String::new())
        }
        // Every token issued so far stops working now, as when Atlas expires or revokes it while the
        // client still counts on it.
        ("POST", "tokens/expire") => {
            let now = Instant::now();
            for t in store.tokens.values_mut() {
                t.expires = now;
            }
            reply(204, "application/json", String::new())
        }
        // Tokens issued so far, without their values: lets tests see reuse and revocation.
        ("GET", "tokens") => {
            let all: Vec<Value> = store
                .tokens
                .values()
                .map(|t| json!({"clientId": t.client_id, "revoked": t.revoked}))
                .collect();
            reply(200, "application/json", Value::Array(all).to_string())
        }
        // Every API request received since the start or the last reset (see `LoggedRequest`).
        ("GET", "requests") => reply(
            200,
            "application/json",
            serde_json::to_string(&store.requests).unwrap_or_else(|_| "[]".into()),
        ),
        // API requests received so far, by method and whether they carried credentials.
        ("GET", "counts") => reply(
            200,
            "application/json",
            serde_json::to_string(&store.counts).unwrap_or_default(),
        ),
        // `{"allowed": false}`: from now on a nonce signs one request only (the no-reuse mode).
        ("POST", "nonce-reuse") => match serde_json::from_str::<Value>(body)
            .ok()
            .and_then(|v| v.get("allowed").and_then(Value::as_bool))
        {
            Some(allowed) => {
                store.nonces.reuse = allowed;
                reply(204, "application/json", String::new())
            }
            None => reply(
                400,
                "text/plain",
                "expected {\"allowed\": true|false}".into(),
            ),
        },
        ("GET", "keys") => {
            let all: Vec<Value> = store
                .keys
                .iter()
                .map(|k| {
                    let mut v = store.key_json(k, "/api/atlas/v2", true);
                    v["groupIds"] = json!(k.group_roles.keys().collect::<Vec<_>>());
                    v["accessList"] = crate::lifecycle::cidrs(&k.access_list);
                    v["inOrg"] = json!(k.in_org);
                    v
                })
                .collect();
            reply(200, "application/json", Value::Array(all).to_string())
        }
        (m, "accessLists") => crate::lifecycle::control(&mut store, m, body),
        _ => reply(404, "text/plain", "unknown control endpoint".into()),
    }
}
