//! The end-to-end harness: the real release page in a real browser (Chromium, Firefox ESR or WebKitGTK),
//! against the Atlas emulator, through real proxies, every process on a free 127.0.0.1 port and stopped
//! by PID.
//!
//! - [`processes`]: the emulator, static host, cors-anywhere, nginx, `trunk serve` (start/stop by PID);
//! - [`browser`]: a browser [`Engine`] through its WebDriver server, driven by accessible names (knows
//!   nothing of Keymint);
//! - [`pages`]: Keymint's page as page objects ([`KeymintPage`], [`Request`], [`SignIn`]);
//! - [`scenario`]: emulator + host (+ proxy) + page, the setup every test starts from;
//! - the emulator's control endpoint comes from `atlas-emulator-control` ([`Control`]), shared with the
//!   emulator's own tests.

pub mod accessibility;
pub mod browser;
pub mod pages;
pub mod processes;
pub mod scenario;

pub use atlas_emulator_control::Control;
pub use browser::{Browser, Engine, PATIENCE};
pub use pages::{KeymintPage, Request, SignIn};
pub use processes::{free_port, scratch, Emulator, Nginx, Tripwire};
pub use scenario::Scenario;

/// One test per engine for a flow written once as `async fn flow(engine: Engine)`:
/// `in_engines!(flow: chromium, firefox, webkit);` makes the tests `flow::chromium`, `flow::firefox` and
/// `flow::webkit` (so `cargo test -p keymint-e2e firefox` runs the Firefox ones).
#[macro_export]
macro_rules! in_engines {
    ($flow:ident: $($engine:ident),+ $(,)?) => {
        mod $flow {
            $(
                #[tokio::test]
                async fn $engine() {
                    super::$flow($crate::in_engines!(@ $engine)).await
                }
            )+
        }
    };
    (@ chromium) => { $crate::Engine::Chromium };
    (@ firefox) => { $crate::Engine::Firefox };
    (@ webkit) => { $crate::Engine::WebKit };
}

/// A description Atlas stores, without the `[expires YYYY-MM-DD]` Keymint ends it with (the
/// description as typed); panics when it carries no such stamp, since every key made through the
/// form gets one unless "Never" is picked.
pub fn without_expiry(desc: &serde_json::Value) -> String {
    let desc = desc.as_str().unwrap_or_default();
    let (typed, stamp) = desc
        .rsplit_once(" [expires ")
        .unwrap_or_else(|| panic!("no expiry stamp in {desc:?}"));
    assert!(
        stamp.len() == 11 && stamp.ends_with(']'),
        "a stamp ends the description: {desc:?}"
    );
    typed.to_string()
}
