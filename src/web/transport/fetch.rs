//! One fetch, and nothing more: the request every call sends (`credentials: 'omit'`, CORS mode, the
//! core's method, headers and body), its AbortController deadline, the `no-cors` probe, and the
//! browser's words when a fetch fails. `mod.rs` sequences these into Atlas calls.

use gloo_net::http::{Method, Request, RequestBuilder};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, AbortSignal, RequestCredentials, RequestMode};

use crate::core::answer::{Answer, FetchFailure};
use crate::core::target::HttpRequest;
use crate::web::browser::browser_reason;

/// The request every call sends, built with gloo-net: `credentials: 'omit'` (so a same-origin 401
/// never makes Chrome show its own login box), CORS mode, the core's method, headers and body.
pub(super) fn build_request(
    target: &HttpRequest,
    via: &str,
    authorization: Option<&str>,
    signal: Option<&AbortSignal>,
) -> Result<Request, FetchFailure> {
    let method = Method::from_bytes(target.method.as_bytes())
        .map_err(|e| FetchFailure::Network(e.to_string()))?;
    let mut builder = RequestBuilder::new(via)
        .method(method)
        .credentials(RequestCredentials::Omit)
        .mode(RequestMode::Cors)
        .abort_signal(signal);
    for (name, value) in &target.headers {
        builder = builder.header(name, value);
    }
    if let Some(authorization) = authorization {
        builder = builder.header("Authorization", authorization);
    }
    match &target.body {
        Some(body) => builder.body(body.as_str()),
        None => builder.build(),
    }
    .map_err(gloo_failure)
}

/// One fetch of `target` at `via`, with the deadline covering headers and body.
pub(super) async fn send(
    target: &HttpRequest,
    via: &str,
    authorization: Option<&str>,
    timeout_seconds: u32,
) -> Result<Answer, FetchFailure> {
    let deadline = Deadline::start(timeout_seconds)?;
    let signal = deadline.controller.signal();
    let response = build_request(target, via, authorization, Some(&signal))?
        .send()
        .await
        .map_err(|e| deadline.classify(e))?;
    let headers = response.headers();
    let body = response.text().await.map_err(|e| deadline.classify(e));
    Ok(Answer {
        status: response.status(),
        content_type: headers.get("content-type"),
        x_error_code: headers.get("x-error-code"),
        www_authenticate: headers.get("www-authenticate"),
        body,
    })
}

/// True when a `mode: 'no-cors'` GET to `via` resolves: something answers, just not with CORS headers.
pub(super) async fn answers_opaquely(via: &str, timeout_seconds: u32) -> bool {
    let Ok(deadline) = Deadline::start(timeout_seconds) else {
        return false;
    };
    RequestBuilder::new(via)
        .method(Method::GET)
        .credentials(RequestCredentials::Omit)
        .mode(RequestMode::NoCors)
        .abort_signal(Some(&deadline.controller.signal()))
        .send()
        .await
        .is_ok()
}

/// The browser's own words for a failed fetch (e.g. "Failed to fetch"): never contains secrets.
pub(super) fn gloo_failure(error: gloo_net::Error) -> FetchFailure {
    FetchFailure::Network(match error {
        gloo_net::Error::JsError(js) => js.message,
        other => other.to_string(),
    })
}

fn network(error: JsValue) -> FetchFailure {
    FetchFailure::Network(browser_reason(&error))
}

/// An AbortController that fires after the configured timeout, cancelled when dropped.
struct Deadline {
    seconds: u32,
    controller: AbortController,
    timer: i32,
    _on_timeout: Closure<dyn FnMut()>,
}

impl Deadline {
    fn start(seconds: u32) -> Result<Self, FetchFailure> {
        let controller = AbortController::new().map_err(network)?;
        let to_abort = controller.clone();
        let on_timeout = Closure::<dyn FnMut()>::new(move || to_abort.abort());
        let window = web_sys::window().ok_or_else(|| FetchFailure::Network("no window".into()))?;
        let millis = i32::try_from(u64::from(seconds) * 1000).unwrap_or(i32::MAX);
        let timer = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                on_timeout.as_ref().unchecked_ref(),
                millis,
            )
            .map_err(network)?;
        Ok(Deadline {
            seconds,
            controller,
            timer,
            _on_timeout: on_timeout,
        })
    }

    fn classify(&self, error: gloo_net::Error) -> FetchFailure {
        if self.controller.signal().aborted() {
            FetchFailure::TimedOut {
                seconds: self.seconds,
            }
        } else {
            gloo_failure(error)
        }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            window.clear_timeout_with_handle(self.timer);
        }
    }
}

/// Fetches a file that sits beside index.html (e.g. config.json), relative to the document, so the
/// page works under any sub-path. `Ok(None)` when the server has no such file; given up after
/// `timeout_seconds` (a static host that never answers must not leave the page waiting).
pub async fn fetch_beside_page(name: &str, timeout_seconds: u32) -> Result<Option<String>, String> {
    let describe = |failure: FetchFailure| match failure {
        FetchFailure::Network(detail) => detail,
        FetchFailure::TimedOut { .. } => "timed out".to_string(),
    };
    let deadline = Deadline::start(timeout_seconds).map_err(describe)?;
    let response = RequestBuilder::new(name)
        .method(Method::GET)
        .credentials(RequestCredentials::Omit)
        .abort_signal(Some(&deadline.controller.signal()))
        .send()
        .await
        .map_err(|e| describe(deadline.classify(e)))?;
    if response.status() == 404 {
        return Ok(None);
    }
    if !response.ok() {
        return Err(format!("{name}: HTTP {}", response.status()));
    }
    response
        .text()
        .await
        .map(Some)
        .map_err(|e| describe(deadline.classify(e)))
}
