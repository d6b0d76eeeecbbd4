//! Keymint: `atlas projects apiKeys create` as a static web page, in three floors; each uses only the
//! ones below it.
//!
//! - [`core`] decides: requests, validation, Digest and OAuth, answers, errors. Plain Rust.
//! - [`state`] reduces: the page's one state and the rules of its flow (route consent, the routing
//!   lock, token binding, phase guards). Plain Rust.
//! - `web` touches the browser: the Yew app, components, hooks, transport, storage, the on-demand
//!   loader. wasm32 only.
//!
//! `core` and `state` compile and are tested on the host (`cargo test`); if either imported yew,
//! web-sys or gloo, the host build would fail. That is the boundary, enforced by the compiler.

pub mod core;
pub mod state;

#[cfg(target_arch = "wasm32")]
pub mod web;
