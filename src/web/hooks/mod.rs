//! The page's own hooks.

mod window_listener;

pub use window_listener::use_window_listener;
