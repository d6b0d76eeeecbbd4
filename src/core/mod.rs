//! The browser-free core: everything Keymint decides, computes or parses lives here.
//! No module below may use yew, web-sys, gloo or js-sys (they are not even dependencies on the host).
//!
//! The flow, one module per step:
//! form input -> [`request`] (validated `CreateApiKeyRequest`, using [`roles`]) ->
//! [`target`] (method, path, headers, body for an environment) -> [`proxy`] (the URL the browser fetches) ->
//! [`digest`] / [`oauth`] (authentication) -> [`response`] (success or a typed, explained error) ->
//! [`output`] / [`export`] (what the reveal shows and downloads).

pub mod access_list;
pub mod calls;
pub mod config;
pub mod deeplink;
pub mod digest;
pub mod error;
pub mod export;
pub mod key_list;
pub mod oauth;
pub mod output;
pub mod probe;
pub mod profile;
pub mod proxy;
pub mod readiness;
pub mod request;
pub mod response;
pub mod roles;
pub mod rotation;
pub mod target;
