//! The core's native tests, one module per `src/core/` concern, in one test binary (one link instead of
//! one per file: `cargo test` and cargo-mutants rebuild it once per change).
#![allow(clippy::result_large_err)] // helpers returning the core's error as is

#[path = "../common/mod.rs"]
mod common;

mod access_list;
mod answer;
mod assign;
mod config;
mod connection;
mod crash;
mod credentials;
mod deeplink;
mod digest;
mod error;
mod expiry;
mod export;
mod ids;
mod key_list;
mod key_report;
mod oauth;
mod ondemand;
mod one_signed_post;
mod output;
mod probe;
mod profile;
mod readiness;
mod request;
mod request_link;
mod response;
mod roles;
mod rotation;
mod routing;
mod sealing;
mod settle;
mod target_proxy;
mod text;
