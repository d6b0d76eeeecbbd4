//! The end-to-end harness: the real release page in headless Chromium, against the Atlas emulator,
//! through real proxies, every process on a free 127.0.0.1 port and stopped by PID.
//!
//! - [`processes`]: the emulator, static host, cors-anywhere, nginx, `trunk serve` (start/stop by PID);
//! - [`browser`]: Chromium through chromedriver, driven by accessible names (knows nothing of Keymint);
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
pub use browser::{Browser, PATIENCE};
pub use pages::{KeymintPage, Request, SignIn};
pub use processes::{free_port, scratch, Emulator, Nginx, Tripwire};
pub use scenario::Scenario;
