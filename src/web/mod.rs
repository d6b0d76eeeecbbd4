//! The floor that touches the browser (wasm32 only): it renders [`crate::state`], runs what the
//! state asks for (fetches, storage, clipboard, downloads) and turns the browser's events into the
//! state's actions.

pub mod app;
pub mod browser;
pub mod components;
pub mod hooks;
pub mod loader;
pub mod storage;
pub mod transport;
pub mod views;
