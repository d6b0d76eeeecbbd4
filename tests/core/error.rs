//! The words of every failure a person reads on the page: heading, what happened (with the request it
//! concerns) and the next step; and which failures leave Create disabled.

use keymint::core::answer::{sent_error, FetchFailure};
use keymint::core::digest::DigestError;
use keymint::core::error::{file_unreadable, KeymintError, RequestSummary};
use keymint::core::proxy::ProxyError;

const CREATE: &str =
    "https://cloud.mongodb.com/api/atlas/v2/groups/b0123456789abcdef012345b/apiKeys";

fn via_proxy() -> RequestSummary {
    RequestSummary {
        method: "POST".into(),
        url: CREATE.into(),
        via: format!(
            "/keymint/atlas{}",
            &CREATE["https://cloud.mongodb.com".len()..]
        ),
    }
}

fn direct() -> RequestSummary {
    RequestSummary {
        method: "POST".into(),
        url: CREATE.into(),
        via: CREATE.into(),
    }
}

const CHECK_ATLAS: &str = "Do not press Create again yet. List the project's API keys (Atlas: Project > Access Manager > API Keys, or `atlas projects apiKeys list --projectId <id>`). If a key with this description exists, delete it (its private key is lost) and create a new one.";

#[test]
fn the_request_is_named_with_the_url_fetched_only_when_it_differs() {
    let e = KeymintError::Timeout {
        seconds: 30,
        summary: via_proxy(),
    };
    assert_eq!(
        e.message(),
        format!(
            "POST {CREATE} (via /keymint/atlas/api/atlas/v2/groups/b0123456789abcdef012345b/apiKeys) got no answer within 30 seconds."
        )
    );
    for same in [
        direct(),
        RequestSummary {
            via: String::new(),
            ..direct()
        },
    ] {
        let e = KeymintError::Timeout {
            seconds: 30,
            summary: same,
        };
        assert_eq!(
            e.message(),
            format!("POST {CREATE} got no answer within 30 seconds.")
        );
    }
}

#[test]
fn failures_before_anything_was_signed_say_so_and_allow_another_try() {
    let cases: [(KeymintError, &str, &str, &str); 5] = [
        (
            KeymintError::Proxy(ProxyError::TemplatePlaceholders { found: 2 }),
            "Proxy URL not usable",
            "",
            "Correct the Proxy URL in Connection settings.",
        ),
        (
            KeymintError::ProxyUnreachable { summary: direct(), detail: "TypeError: Failed to fetch".into() },
            "Could not reach Atlas through the proxy (blocked or unreachable)",
            "The browser blocked or could not complete POST https://cloud.mongodb.com/api/atlas/v2/groups/b0123456789abcdef012345b/apiKeys: TypeError: Failed to fetch. Either nothing answers at the proxy address, or the proxy answered without the CORS headers this page needs (the browser does not say which).",
            "Press \"Test connection\": it tells an unreachable proxy from one that drops CORS headers. Check the Proxy URL; a cross-origin proxy must allow this page's origin.",
        ),
        (
            KeymintError::ChallengeHidden { summary: direct() },
            "The proxy hides Atlas's login challenge",
            "POST https://cloud.mongodb.com/api/atlas/v2/groups/b0123456789abcdef012345b/apiKeys got HTTP 401, but the WWW-Authenticate header with the Digest challenge was not readable.",
            "Configure the proxy to expose the header: Access-Control-Expose-Headers: WWW-Authenticate on every answer, 401 included (nginx: add_header … always). cors-anywhere does this by itself.",
        ),
        (
            KeymintError::Digest(DigestError::NotDigest),
            "Cannot answer the authentication challenge",
            "the 401 answer is not an HTTP Digest challenge.",
            "Check that the Proxy URL points at Atlas and not at a proxy that asks for its own login.",
        ),
        (
            KeymintError::Timeout { seconds: 30, summary: direct() },
            "No answer in time; nothing was created",
            "POST https://cloud.mongodb.com/api/atlas/v2/groups/b0123456789abcdef012345b/apiKeys got no answer within 30 seconds.",
            "Try again; if it persists, press \"Test connection\".",
        ),
    ];
    for (e, title, message, next_step) in cases {
        assert_eq!(e.title(), title);
        if !message.is_empty() {
            assert_eq!(e.message(), message);
        }
        assert_eq!(e.next_step(), next_step);
        assert!(!e.outcome_unknown(), "{title}");
        assert_eq!(e.field(), None);
        assert_eq!(e.to_string(), format!("{title}: {}", e.message()));
    }
}

#[test]
fn failures_after_the_signed_create_left_say_the_key_may_exist_and_keep_create_disabled() {
    let cases: [(KeymintError, &str, &str, &str); 4] = [
        (
            // The signed create timed out: what the transport builds for it.
            sent_error(FetchFailure::TimedOut { seconds: 30 }, &direct()),
            "The answer was lost: the key may have been created",
            "The signed create POST https://cloud.mongodb.com/api/atlas/v2/groups/b0123456789abcdef012345b/apiKeys was sent, but its answer was lost (no answer within 30 s). Atlas may have created the key; its private key cannot be shown again.",
            CHECK_ATLAS,
        ),
        (
            KeymintError::OutcomeUnknown { summary: direct(), detail: "connection reset".into() },
            "The answer was lost: the key may have been created",
            "The signed create POST https://cloud.mongodb.com/api/atlas/v2/groups/b0123456789abcdef012345b/apiKeys was sent, but its answer was lost (connection reset). Atlas may have created the key; its private key cannot be shown again.",
            CHECK_ATLAS,
        ),
        (
            KeymintError::CreatedButUnreadable { summary: direct(), snippet: "{\"id\":".into() },
            "The key was created, but its private key could not be read",
            "POST https://cloud.mongodb.com/api/atlas/v2/groups/b0123456789abcdef012345b/apiKeys answered 200 OK, so Atlas created the key, but the answer is not the key's JSON: {\"id\":",
            "Its private key cannot be retrieved. Delete the key with this description (Atlas: Project > Access Manager > API Keys, or `atlas projects apiKeys list --projectId <id>` and `atlas organizations apiKeys delete <id>`), check that the proxy passes Atlas's answers through unchanged, then create a new one.",
        ),
        (
            KeymintError::UnexpectedResponse { status: 201, content_type: None, snippet: "created".into(), summary: direct() },
            "Unexpected answer (HTTP 201)",
            "POST https://cloud.mongodb.com/api/atlas/v2/groups/b0123456789abcdef012345b/apiKeys answered HTTP 201 (no content type) with something that is neither a key nor an Atlas error: created",
            "The proxy may be returning its own error page: check its logs and that it forwards to the Atlas API. Before trying again, check in Atlas whether a key was created.",
        ),
    ];
    for (i, (e, title, message, next_step)) in cases.into_iter().enumerate() {
        assert_eq!(e.title(), title);
        assert_eq!(e.message(), message);
        assert_eq!(e.next_step(), next_step);
        // The last one is an answer to a request that created nothing (judged before signing).
        assert_eq!(e.outcome_unknown(), i < 3, "{title}");
    }
}

#[test]
fn a_file_that_cannot_be_read_is_named_with_what_to_do() {
    assert_eq!(
        file_unreadable("config.toml"),
        "config.toml could not be read; pick it again or check its permissions"
    );
}

#[test]
fn a_form_problem_is_shown_at_its_field_and_a_connection_problem_at_none() {
    use keymint::core::request::{CreateApiKeyRequest, Field, RequestDraft};
    let draft = RequestDraft {
        desc: "ok".into(),
        project_id: "not-a-project".into(),
        roles: vec!["GROUP_READ_ONLY".into()],
        custom_roles: vec![],
        ..RequestDraft::default()
    };
    let errors = CreateApiKeyRequest::validate(&draft).unwrap_err();
    assert_eq!(
        KeymintError::Validation(errors).field(),
        Some(Field::ProjectId)
    );
    let no_roles = RequestDraft {
        roles: vec![],
        project_id: "b0123456789abcdef012345b".into(),
        ..draft
    };
    let errors = CreateApiKeyRequest::validate(&no_roles).unwrap_err();
    assert_eq!(KeymintError::Validation(errors).field(), Some(Field::Roles));
    assert_eq!(
        KeymintError::ChallengeHidden { summary: direct() }.field(),
        None
    );
}
