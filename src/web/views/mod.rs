//! Views that load when opened: each is its own wasm module (src/bin/), built by Trunk beside the
//! page and fetched with SRI the first time the user opens it. The page hands a view its settings
//! and the caller's secret in memory ([`crate::core::views`]); the view mounts into the element the
//! page gives it and is unmounted when closed.

pub mod assign;
pub mod caller;
pub mod project_keys;
pub mod rotate;

use std::cell::RefCell;
use std::rc::Rc;

use yew::AppHandle;

use crate::core::ids::ProjectId;
use crate::core::views::ViewSettings;
use caller::ViewCaller;
use project_keys::{ProjectKeysProps, ProjectKeysView};

thread_local! {
    /// The view mounted by this module, if any.
    static MOUNTED: RefCell<Option<AppHandle<ProjectKeysView>>> = const { RefCell::new(None) };
}

/// Mounts Project keys into `root` for the caller `settings` describes, signing with `secret`.
/// `false` (nothing mounted) when the settings cannot be used: a proxy or project ID that does not
/// parse, which the page checked before.
pub fn mount_project_keys(root: web_sys::Element, settings: ViewSettings, secret: &str) -> bool {
    let (Some(caller), Ok(project_id)) = (
        ViewCaller::new(&settings, secret),
        ProjectId::parse(&settings.project_id),
    ) else {
        return false;
    };
    unmount();
    let props = ProjectKeysProps {
        settings,
        caller: Rc::new(caller),
        project_id,
    };
    let handle = yew::Renderer::<ProjectKeysView>::with_root_and_props(root, props).render();
    MOUNTED.with(|m| *m.borrow_mut() = Some(handle));
    true
}

/// Unmounts the view: its state, the caller's secret and any token it holds go (the token is
/// revoked on the way out).
pub fn unmount() {
    if let Some(handle) = MOUNTED.with(|m| m.borrow_mut().take()) {
        handle.destroy();
    }
}
