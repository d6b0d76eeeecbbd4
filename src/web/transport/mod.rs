//! The browser's side of the network (gloo-net), and nothing more: it sends what the core built
//! (`core::target` + `core::proxy`), signs with `core::digest`, and hands every answer back to the core
//! (`core::answer`, `core::probe`), which reads it and decides what follows, a second signature
//! included. Every fetch: `credentials: 'omit'` (a same-origin 401 Digest challenge would otherwise
//! open the browser's own login box), `mode: 'cors'`, and an AbortController deadline of
//! `requestTimeoutSeconds`. This file sequences the Atlas calls (the create, the challenge ahead of
//! it, tokens, the probe, the calls after a create) with one Digest signing loop for all of them;
//! `fetch.rs` makes one fetch.

mod fetch;

pub use fetch::fetch_beside_page;
use fetch::{answers_opaquely, build_request, send};

use std::ops::ControlFlow;

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use web_sys::RequestInit;

use crate::core::answer::{
    self, Answer, FetchFailure, FirstAnswer, KeepNext, NonceOrigin, Received, SignedAnswer,
};
use crate::core::credentials::Credentials;
use crate::core::digest::{DigestChallenge, DigestError, DigestSession};
use crate::core::environment::Environment;
use crate::core::error::{KeymintError, RequestSummary};
use crate::core::oauth::{self, AccessToken, ClientId, ClientSecret};
use crate::core::probe::{self, ProbeReport};
use crate::core::proxy::ProxyRoute;
use crate::core::request::{CreateApiKeyRequest, ProjectId};
use crate::core::response::ApiKeyUserDetails;
use crate::core::target::{self, HttpRequest};

/// Creates the key with HTTP Digest; returns the outcome and the session to keep for the next press.
///
/// With a `kept` session (its challenge obtained ahead of the press), the press is one signed POST.
/// Without one, the challenge comes from the POST itself, as the Atlas CLI's Digest transport does:
/// a POST without credentials is answered 401 before Atlas looks at the body, so it creates nothing.
/// A 401 to the signed POST is judged by the core ([`answer::signed_answer`]): at most one more
/// signed POST, and only when it proves nothing was created.
pub async fn create_api_key(
    env: &Environment,
    route: &ProxyRoute,
    request: &CreateApiKeyRequest,
    login: &Credentials,
    kept: Option<DigestSession>,
    timeout_seconds: u32,
) -> (
    Result<ApiKeyUserDetails, KeymintError>,
    Option<DigestSession>,
) {
    let target = target::create_api_key(env, request);
    let (via, summary) = routed(&target, route);

    let (session, origin) = match kept {
        Some(session) => (session, NonceOrigin::Kept),
        None => {
            let first = match send(&target, &via, None, timeout_seconds).await {
                Ok(first) => first,
                Err(failure) => return (Err(answer::unsent_error(failure, &summary)), None),
            };
            match answer::first_answer(first, &summary) {
                FirstAnswer::Sign(challenge) => {
                    (DigestSession::new(challenge), NonceOrigin::ThisPress)
                }
                FirstAnswer::Done(result) => return (result, None),
            }
        }
    };
    let signed = sign_until_judged(
        &target,
        &via,
        &login.public_key,
        &login.private_key,
        session,
        origin,
        timeout_seconds,
        |reply, origin| match answer::signed_answer(reply, origin, &summary) {
            SignedAnswer::SignAgain(challenge) => ControlFlow::Continue(challenge),
            SignedAnswer::Done { result, keep } => ControlFlow::Break((result, keep)),
        },
    )
    .await;
    match signed {
        Ok(((result, keep), session)) => {
            let next = match keep {
                KeepNext::Session => Some(session),
                KeepNext::Challenge(challenge) => Some(DigestSession::new(challenge)),
                KeepNext::Nothing => None,
            };
            (result, next)
        }
        Err(Unanswered::Unsigned(e)) => (Err(KeymintError::Digest(e)), None),
        Err(Unanswered::Lost(failure)) => (Err(answer::sent_error(failure, &summary)), None),
    }
}

/// Why a signed request left no answer to judge: it could not be signed, or its answer was lost.
enum Unanswered {
    Unsigned(DigestError),
    Lost(FetchFailure),
}

/// The one Digest signing loop, for the create and for the calls after it: signs `target` with
/// `session` (its nonce from `origin`) and sends it, then hands the answer to `judge` (the core's rule
/// for that request) with where the nonce that signed it came from. `judge` decides: `Continue` with
/// a fresh challenge signs the request once more with it (a [`NonceOrigin::Renewed`] nonce), `Break`
/// ends with what the core made of the answer, and the session that signed last (a create may keep it
/// for the next press). Nothing is decided here, and the core's rules never ask for a third signature.
#[allow(clippy::too_many_arguments)]
async fn sign_until_judged<R>(
    target: &HttpRequest,
    via: &str,
    public_key: &str,
    private_key: &str,
    mut session: DigestSession,
    mut origin: NonceOrigin,
    timeout_seconds: u32,
    mut judge: impl FnMut(Answer, NonceOrigin) -> ControlFlow<R, DigestChallenge>,
) -> Result<(R, DigestSession), Unanswered> {
    loop {
        let authorization = session
            .authorize(
                &target.method,
                // The Digest uri is what Atlas sees in its request line, never the proxy URL.
                &target.path_and_query,
                public_key,
                private_key,
            )
            .map_err(Unanswered::Unsigned)?;
        let reply = send(target, via, Some(&authorization), timeout_seconds)
            .await
            .map_err(Unanswered::Lost)?;
        match judge(reply, origin) {
            ControlFlow::Continue(challenge) => {
                session = DigestSession::new(challenge);
                origin = NonceOrigin::Renewed;
            }
            ControlFlow::Break(judged) => return Ok((judged, session)),
        }
    }
}

/// Obtains Atlas's Digest challenge ahead of a create, with the request [`target::challenge`] builds
/// (it creates nothing). `None` when no readable challenge came back: the press then asks for one
/// itself, and reports what goes wrong.
pub async fn fetch_challenge(
    env: &Environment,
    route: &ProxyRoute,
    project_id: &ProjectId,
    timeout_seconds: u32,
) -> Option<DigestChallenge> {
    let target = target::challenge(env, project_id);
    let via = route.fetch_url(&target);
    let reply = send(&target, &via, None, timeout_seconds).await.ok()?;
    answer::challenge_in(&reply)
}

/// Who signs a call after the create: the caller (Digest or a service account's token) for the
/// access list, the key list and the deletes; the new key itself (Digest) for "Test the new key".
/// Memory only. No `Debug`: it holds a private key or a token.
#[derive(Clone)]
pub enum Signer {
    Digest {
        public_key: String,
        private_key: String,
    },
    Bearer(AccessToken),
}

/// Sends one call other than the create, signed by `signer`, and hands the answer to `read` (the
/// core's reader for that call). With Digest the call is first sent unsigned for Atlas's challenge
/// (a 401 before Atlas acts), then signed once; an expired nonce earns one more signed try
/// ([`answer::sign_again_for_call`] decides). What a signed answer means before its reader reads it
/// is the core's ([`answer::call_answer`]): a change whose answer was lost may have been made.
/// Nothing here is ever sent again on its own.
pub async fn signed_call<T>(
    target: &HttpRequest,
    route: &ProxyRoute,
    signer: &Signer,
    timeout_seconds: u32,
    read: impl FnOnce(Received<'_>, &RequestSummary) -> Result<T, KeymintError>,
) -> Result<T, KeymintError> {
    let (via, summary) = routed(target, route);
    let signed_lost = |failure| answer::call_unanswered(failure, &summary);
    let reply = match signer {
        Signer::Bearer(token) => send(target, &via, Some(&token.bearer_header()), timeout_seconds)
            .await
            .map_err(signed_lost)?,
        Signer::Digest {
            public_key,
            private_key,
        } => {
            let first = send(target, &via, None, timeout_seconds)
                .await
                .map_err(|failure| answer::unsent_error(failure, &summary))?;
            let Some(challenge) = answer::challenge_of(&first, &summary)? else {
                // Not a 401: the unsigned call was answered as it is, and Atlas acted on nothing.
                let received = first
                    .received()
                    .map_err(|failure| answer::unsent_error(failure, &summary))?;
                return read(received, &summary);
            };
            let signed = sign_until_judged(
                target,
                &via,
                public_key,
                private_key,
                DigestSession::new(challenge),
                NonceOrigin::ThisPress,
                timeout_seconds,
                |reply, origin| match answer::sign_again_for_call(&reply, origin) {
                    Some(fresh) => ControlFlow::Continue(fresh),
                    None => ControlFlow::Break(reply),
                },
            )
            .await;
            match signed {
                Ok((reply, _)) => reply,
                Err(Unanswered::Unsigned(e)) => return Err(KeymintError::Digest(e)),
                Err(Unanswered::Lost(failure)) => return Err(signed_lost(failure)),
            }
        }
    };
    read(answer::call_answer(&reply, &summary)?, &summary)
}

/// The URL the browser fetches for `target`, and the summary errors keep of it (no secrets).
fn routed(target: &HttpRequest, route: &ProxyRoute) -> (String, RequestSummary) {
    let via = route.fetch_url(target);
    let summary = RequestSummary::of(target, &via);
    (via, summary)
}

/// Gets a service-account token through the proxy. Nothing is created by this call, so any failure
/// is reported and the create is simply not sent.
pub async fn fetch_token(
    env: &Environment,
    route: &ProxyRoute,
    id: &ClientId,
    secret: &ClientSecret,
    now: f64,
    timeout_seconds: u32,
) -> Result<AccessToken, KeymintError> {
    let target = oauth::token_request(env, id, secret);
    let (via, summary) = routed(&target, route);
    let answer = send(&target, &via, None, timeout_seconds)
        .await
        .map_err(|failure| answer::unsent_error(failure, &summary))?;
    let body = answer.body.unwrap_or_default();
    oauth::parse_token_response(answer.status, &body, now).map_err(KeymintError::OAuth)
}

/// Revokes a service-account token (sign-out). Best effort, so its answer is not read: a token that
/// cannot be revoked still expires within the hour, and it is already gone from this page's memory.
pub async fn revoke_token(
    env: &Environment,
    route: &ProxyRoute,
    id: &ClientId,
    secret: &ClientSecret,
    token: &AccessToken,
    timeout_seconds: u32,
) {
    let target = oauth::revoke_request(env, id, secret, token);
    let via = route.fetch_url(&target);
    let _ = send(&target, &via, None, timeout_seconds).await;
}

/// Creates the key with a service account's Bearer token: one POST, never repeated. The core reads a
/// 401 as a refused token (nothing was created); the caller drops it so the next try gets a new one.
pub async fn create_api_key_with_token(
    env: &Environment,
    route: &ProxyRoute,
    request: &CreateApiKeyRequest,
    token: &AccessToken,
    timeout_seconds: u32,
) -> Result<ApiKeyUserDetails, KeymintError> {
    let target = target::create_api_key(env, request);
    let (via, summary) = routed(&target, route);
    let reply = send(&target, &via, Some(&token.bearer_header()), timeout_seconds)
        .await
        .map_err(|failure| answer::sent_error(failure, &summary))?;
    answer::judge_bearer(reply, &summary)
}

/// "Test connection": one unauthenticated GET through the proxy; the core reads what came back.
/// Also returns Atlas's challenge when it came, so the next create can be signed at once.
pub async fn probe_connection(
    env: &Environment,
    route: &ProxyRoute,
    timeout_seconds: u32,
) -> (ProbeReport, Option<DigestChallenge>) {
    let target = target::probe(env);
    let via = route.fetch_url(&target);
    match send(&target, &via, None, timeout_seconds).await {
        Ok(answer) => (
            probe::classify(&via, answer.status, answer.www_authenticate.as_deref()),
            answer::challenge_in(&answer),
        ),
        Err(FetchFailure::TimedOut { seconds }) => {
            (probe::ProbeReport::TimedOut { via, seconds }, None)
        }
        Err(FetchFailure::Network(_)) => {
            // A CORS fetch cannot tell "nothing listens" from "it answered without CORS headers";
            // a no-cors fetch can: it resolves (opaque) whenever anything answers at all.
            let answers_without_cors = answers_opaquely(&via, timeout_seconds).await;
            (probe::unreachable(&via, answers_without_cors), None)
        }
    }
}

/// Revokes a token while the page goes away: `keepalive` lets the request outlive the page, and
/// nothing waits for the answer (the token expires within the hour anyway).
pub fn revoke_token_on_exit(
    env: &Environment,
    route: &ProxyRoute,
    id: &ClientId,
    secret: &ClientSecret,
    token: &AccessToken,
) {
    let target = oauth::revoke_request(env, id, secret, token);
    let via = route.fetch_url(&target);
    let (Some(window), Ok(request)) = (web_sys::window(), build_request(&target, &via, None, None))
    else {
        return;
    };
    // Neither gloo-net nor web-sys has a setter for `keepalive`; it is a plain RequestInit field,
    // laid over the built request.
    let keepalive = RequestInit::new();
    let _ = Reflect::set(&keepalive, &JsValue::from_str("keepalive"), &JsValue::TRUE);
    let raw: web_sys::Request = request.into();
    if let Ok(request) = web_sys::Request::new_with_request_and_init(&raw, &keepalive) {
        let _ = window.fetch_with_request(&request);
    }
}
