//! What each fuzz target feeds, and to which parser of outside data. Shared by the cargo-fuzz binaries
//! (fuzz/fuzz_targets/*.rs) and by the replay of the committed corpus in plain `cargo test`
//! (tests/fuzz_corpus.rs), so both always run the same code. Each target is one call into a public
//! core function (plus a look at what it returns: messages, a re-export); none may panic.
//!
//! Inputs are bytes; text parsers get them only when they are UTF-8 (the browser hands the page
//! strings). Answers from a server are framed as text, so seeds stay readable:
//! line 1 the HTTP status, line 2 the `X-Error-Code` header (empty: none), the rest the body.
#![allow(dead_code)]

use keymint::core::access_list;
use keymint::core::answer::{self, Answer, Received};
use keymint::core::calls;
use keymint::core::config::RuntimeConfig;
use keymint::core::deeplink;
use keymint::core::digest::{DigestChallenge, DigestSession};
use keymint::core::environment::{self, Environment};
use keymint::core::error::RequestSummary;
use keymint::core::expiry;
use keymint::core::ids::ProjectId;
use keymint::core::key_list::{self, KeyListing};
use keymint::core::oauth;
use keymint::core::output::{self, OutputFormat};
use keymint::core::profile;
use keymint::core::proxy::ProxyRoute;
use keymint::core::request_link::{self, RequestFields};
use keymint::core::response::{self, ApiKeyUserDetails};
use keymint::core::sealing;
use keymint::core::target::HttpRequest;
use std::hint::black_box;
use std::sync::OnceLock;

/// A fuzz target: any bytes in, no panic.
pub type Target = fn(&[u8]);

/// Every target by name; the name is also its corpus directory, fuzz/corpus/<name>/.
pub const TARGETS: &[(&str, Target)] = &[
    ("digest_challenge", digest_challenge),
    ("create_response", create_response),
    ("token_response", token_response),
    ("atlas_cli_config", atlas_cli_config),
    ("profiles_json", profiles_json),
    ("deep_link", deep_link),
    ("proxy_url", proxy_url),
    ("base_url", base_url),
    ("runtime_config", runtime_config),
    ("go_template", go_template),
    ("gtmpl_parse", gtmpl_parse),
    ("json_path", json_path),
    ("key_list", key_list),
    ("access_list", access_list),
    ("request_link", request_link),
    ("sealed_key", sealed_key),
];

/// Looks at a result, so the work that produced it is not optimized away.
fn seen<T>(value: T) {
    black_box(value);
}

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// An HTTP answer, as JSON (`Content-Type: application/json`); see the module comment.
fn answer(data: &[u8]) -> Option<Received<'_>> {
    let s = text(data)?;
    let mut parts = s.splitn(3, '\n');
    let status = parts.next()?.trim().parse().unwrap_or(200);
    let code = parts.next().filter(|c| !c.is_empty());
    Some(
        Received::new(status, parts.next().unwrap_or(""))
            .with_content_type("application/json")
            .with_error_code(code),
    )
}

/// The key the output formats render: the one the Go parity test renders too.
fn sample_key() -> &'static ApiKeyUserDetails {
    static KEY: OnceLock<ApiKeyUserDetails> = OnceLock::new();
    KEY.get_or_init(|| {
        serde_json::from_str(include_str!("../tests/go-parity/key.json"))
            .expect("tests/go-parity/key.json is a key")
    })
}

/// A create call as the page sends it (what proxy routes and Digest answers are computed for).
fn sample_request() -> HttpRequest {
    HttpRequest {
        method: "POST".into(),
        base_url: Environment::Atlas.base_url().into(),
        path_and_query: "/api/atlas/v2/groups/b0123456789abcdef012345b/apiKeys".into(),
        headers: Vec::new(),
        body: Some("{}".into()),
    }
}

/// The `WWW-Authenticate` value of a 401, and the `Authorization` answer computed from it.
pub fn digest_challenge(data: &[u8]) {
    let Some(s) = text(data) else { return };
    match DigestChallenge::parse(s) {
        Ok(challenge) => {
            let req = sample_request();
            let mut session = DigestSession::new(challenge);
            let _ = session.authorize_with_cnonce(
                &req.method,
                &req.path_and_query,
                "flezioeg",
                "754c8808-0ba8-4153-8eea-85daa09d408a",
                "0a4f113b",
            );
        }
        Err(e) => seen(e.to_string()),
    }
}

/// The answer to the signed create: a key, an Atlas error (explained), or anything else.
pub fn create_response(data: &[u8]) {
    let Some(received) = answer(data) else {
        return;
    };
    let summary = RequestSummary::of(&sample_request(), "/atlas");
    match answer::parse_signed_create_response(received, &summary) {
        Ok(key) => seen((key.org_id(), key.role_names())),
        Err(e) => {
            if let keymint::core::error::KeymintError::Atlas { api_error, .. } = &e {
                seen(response::explain(api_error));
            }
            seen((e.title(), e.message(), e.next_step(), e.outcome_unknown()));
        }
    }
}

/// The OAuth token endpoint's answer, and an API answer to a Bearer call.
pub fn token_response(data: &[u8]) {
    let Some(received) = answer(data) else {
        return;
    };
    match oauth::parse_token_response(received.status, received.body, 1_780_000_000.0) {
        Ok(token) => seen((token.is_usable(1_780_000_000.0), token.bearer_header())),
        Err(e) => seen((e.title(), e.message(), e.next_step())),
    }
    let bearer = Answer {
        status: received.status,
        content_type: received.content_type.map(str::to_string),
        x_error_code: received.x_error_code.map(str::to_string),
        www_authenticate: None,
        body: Ok(received.body.to_string()),
    };
    let summary = RequestSummary::of(&sample_request(), "/atlas");
    if let Err(e) = answer::judge_bearer(bearer, &summary) {
        seen((e.title(), e.message(), e.next_step()));
    }
}

/// An Atlas CLI `config.toml` picked for import.
pub fn atlas_cli_config(data: &[u8]) {
    let Some(s) = text(data) else { return };
    match profile::import_atlas_cli_config(s) {
        Ok(profiles) => seen(profile::profiles_to_json(
            &profiles.into_iter().map(|p| p.profile).collect::<Vec<_>>(),
        )),
        Err(e) => seen(e.message()),
    }
}

/// A profiles JSON file picked for import; what it imports must export and import again unchanged.
pub fn profiles_json(data: &[u8]) {
    let Some(s) = text(data) else { return };
    match profile::profiles_from_json(s) {
        Ok(profiles) => {
            let again = profile::profiles_from_json(&profile::profiles_to_json(&profiles));
            assert_eq!(again.ok(), Some(profiles), "export of an import reads back");
        }
        Err(e) => seen(e.message()),
    }
}

/// The page's query string (a shared link), and the address-bar rewrite without its secrets.
pub fn deep_link(data: &[u8]) {
    let Some(s) = text(data) else { return };
    let link = deeplink::parse_query(s);
    for notice in &link.notices {
        seen((notice.is_warning(), notice.message()));
    }
    seen(deeplink::strip_secrets(s));
}

/// A request link's fragment (`#request=1&to=age1…&…`), then the link "Copy request link" would make
/// of what it asked for, read back: the same recipient, project, description, roles, entries, expiry.
pub fn request_link(data: &[u8]) {
    let Some(s) = text(data) else { return };
    let Some(read) = request_link::parse_fragment(s) else {
        return;
    };
    let request = match read {
        Ok(request) => request,
        Err(e) => return seen(e.message()),
    };
    for notice in &request.prefill.notices {
        seen((notice.is_warning(), notice.message()));
    }
    seen(request.recipient.short());
    let fields = RequestFields {
        project_id: request.prefill.project_id.clone().unwrap_or_default(),
        desc: request.prefill.desc.clone().unwrap_or_default(),
        roles: request.prefill.roles.clone(),
        entries: request.entries.clone(),
        expiry: request.expiry.clone(),
    };
    let link = request_link::build_link("https://keymint.example/", &request.recipient, &fields);
    let (_, fragment) = link.split_once('#').expect("a fragment");
    if fragment.chars().count() > request_link::MAX_LINK_CHARS {
        return;
    }
    let again = request_link::parse_fragment(fragment)
        .expect("still a request")
        .expect("still usable");
    assert_eq!(again.recipient, request.recipient);
    assert_eq!(
        again.prefill.project_id.as_deref().unwrap_or(""),
        fields.project_id.trim()
    );
    assert_eq!(again.prefill.desc.unwrap_or_default(), fields.desc);
    assert_eq!(again.prefill.roles, fields.roles);
    assert_eq!(again.entries, fields.entries);
    assert_eq!(again.expiry, fields.expiry);
}

/// The fuzzers' own identity (made by age-keygen for this file; it guards nothing).
const FUZZ_IDENTITY: &str =
    "# public key: age1ucv08c78ax6sk8rrqcwcdtkajvvy2l5zduvmvxeg40h7xzj4q99q47drcg
AGE-SECRET-KEY-1WUYSPAVE0PE8DM2QV0V3UV0AM3WHGPM9ME8JQ0TXR8WDNJ8390DSA5GK2T
";

/// "Open a sealed key": a sealed file (armored or binary) opened with an identity; what opens read
/// as a key. The same bytes as an identity file, and as an opened plaintext, too.
pub fn sealed_key(data: &[u8]) {
    match sealing::open(FUZZ_IDENTITY, data) {
        Ok(plain) => seen(sealing::read_opened(&plain).map(|k| k.project_id.to_string())),
        Err(e) => seen(e.message()),
    }
    if let Some(s) = text(data) {
        seen(
            sealing::open(
                s,
                b"-----BEGIN AGE ENCRYPTED FILE-----\n-----END AGE ENCRYPTED FILE-----\n",
            )
            .map_err(|e| e.message()),
        );
    }
    match sealing::read_opened(data) {
        Ok(k) => seen((k.environment.label(), k.created)),
        Err(e) => seen(e.message()),
    }
}

/// The "Proxy URL" setting, and the URL the browser would fetch through it.
pub fn proxy_url(data: &[u8]) {
    let Some(s) = text(data) else { return };
    match ProxyRoute::parse(s) {
        Ok(route) => seen((
            route.fetch_url(&sample_request()),
            route.describe(),
            route.is_same_origin(),
        )),
        Err(e) => seen(e.message()),
    }
}

/// A custom base URL (Ops Manager, or an Atlas-compatible host).
pub fn base_url(data: &[u8]) {
    let Some(s) = text(data) else { return };
    seen(environment::validate_base_url(s));
}

/// The administrator's `config.json`.
pub fn runtime_config(data: &[u8]) {
    let Some(s) = text(data) else { return };
    seen(RuntimeConfig::from_json(s));
}

/// A Go template (`-o go-template=…`, or a profile's default output), rendered against a key.
pub fn go_template(data: &[u8]) {
    let Some(s) = text(data) else { return };
    seen(
        output::render(&OutputFormat::GoTemplate(s.into()), sample_key()).map_err(|e| e.message()),
    );
}

/// Our copy of gtmpl's lexer and parser on their own, without the core's checks in front of them.
pub fn gtmpl_parse(data: &[u8]) {
    let Some(s) = text(data) else { return };
    seen(
        gtmpl::Template::default()
            .parse(s)
            .map_err(|e| e.to_string()),
    );
}

/// A JSONPath expression (`-o json-path=…`), queried against a key.
pub fn json_path(data: &[u8]) {
    let Some(s) = text(data) else { return };
    seen(output::render(&OutputFormat::JsonPath(s.into()), sample_key()).map_err(|e| e.message()));
}

/// A page of `GET /groups/{groupId}/apiKeys` (looking for a key after a lost answer), read into the
/// listing that follows its pages; and the same answer read as the new key's "Test the new key" call.
pub fn key_list(data: &[u8]) {
    let Some(received) = answer(data) else {
        return;
    };
    let summary = RequestSummary::of(&sample_request(), "/atlas");
    let Ok(project) = ProjectId::parse("b0123456789abcdef012345b") else {
        return;
    };
    match key_list::parse_key_page(received, &summary) {
        Ok(page) => {
            let mut listing = KeyListing::new(&project);
            listing.accept(page);
            for key in listing.keys() {
                seen((
                    key.created_unix(),
                    key.project_roles(&project),
                    key.other_projects(&project),
                    key.org_roles_beyond_member(),
                    key.org_id(),
                    key_list::unrecoverable_note(key),
                    // The expiry Keymint stamped into a description, read back from Atlas's text.
                    expiry::read_stamp(&key.desc).map(|day| day.to_string()),
                ));
            }
            seen(key_list::matching_keys(listing.keys(), "Keymint fuzz"));
            seen(listing.next(&Environment::Atlas));
        }
        Err(e) => seen((e.title(), e.message(), e.next_step(), e.outcome_unknown())),
    }
    seen(calls::read_key_test(received, &summary));
}

/// An access list as Atlas answers it (to the list and to the add), and the same text typed into the
/// "Access list entries" field.
pub fn access_list(data: &[u8]) {
    let Some(received) = answer(data) else {
        return;
    };
    let summary = RequestSummary::of(&sample_request(), "/atlas");
    match access_list::parse_access_list_answer(received, &summary) {
        Ok(page) => {
            for held in &page.results {
                seen((held.text(), held.to_entry().map(|e| e.cidr_block())));
            }
        }
        Err(e) => seen((e.title(), e.message(), e.next_step())),
    }
    match access_list::parse_entries(received.body) {
        Ok(entries) => seen(entries),
        Err(errors) => {
            for e in errors {
                seen((e.message(), e.next_step()));
            }
        }
    }
}
