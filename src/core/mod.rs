//! The browser-free core: everything Keymint decides, computes or parses lives here.
//! No module below may use yew, web-sys, gloo or js-sys (they are not even dependencies on the host).
//!
//! The flow, one module per step:
//! form input -> [`request`] (validated `CreateApiKeyRequest`, using [`roles`]) and [`readiness`]
//! (what still blocks Create) -> [`target`] (method, path, headers, body for an [`environment`]) ->
//! [`proxy`] (the URL the browser fetches) -> [`digest`] / [`oauth`] with [`credentials`]
//! (authentication) -> [`answer`] (what the answer means: the key, a failure, or outcome unknown;
//! Atlas's bodies in [`response`], failures typed in [`error`]) -> [`output`] / [`go_template`] /
//! [`export`] (what the reveal shows and downloads). Around it: [`config`], [`connection`] (where
//! requests go, in one line), [`profile`], [`deeplink`], [`routing`] (who may change where requests
//! go), [`probe`] (Test connection), [`text`] (quoting outside text) and [`ids`] (the project,
//! organization and key IDs that go into request paths, each its own type).

pub mod access_list;
pub mod answer;
pub mod assign;
pub mod bounds;
pub mod calls;
pub mod config;
pub mod connection;
pub mod crash;
pub mod credentials;
pub mod deeplink;
pub mod digest;
pub mod environment;
pub mod error;
pub mod expiry;
pub mod export;
pub mod go_template;
pub mod ids;
pub mod key_list;
pub mod key_report;
pub mod oauth;
pub mod ondemand;
pub mod output;
pub mod probe;
pub mod profile;
pub mod proxy;
pub mod readiness;
pub mod request;
pub mod request_link;
pub mod response;
pub mod roles;
pub mod rotation;
pub mod routing;
pub mod sealing;
pub mod settle;
pub mod target;
pub mod text;
pub mod views;
