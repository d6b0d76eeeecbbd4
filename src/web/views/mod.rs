//! Views that load when opened: each is its own wasm module (src/bin/), built by Trunk beside the
//! page and fetched with SRI the first time the user opens it. The page hands a view its settings
//! and the caller's secret in memory ([`crate::core::views`]); the view mounts into the element the
//! page gives it and is unmounted when closed.

pub mod assign;
pub mod caller;
pub mod open_sealed;
pub mod project_keys;
pub mod request_key;
pub mod rotate;

use std::cell::RefCell;
use std::rc::Rc;

use yew::AppHandle;

use crate::core::ids::ProjectId;
use crate::core::views::{SealedView, SealedViewSettings, ViewSettings};
use caller::ViewCaller;
use project_keys::{ProjectKeysProps, ProjectKeysView};
use yew::prelude::*;

thread_local! {
    /// The view mounted by this module, if any.
    static MOUNTED: RefCell<Option<AppHandle<ProjectKeysView>>> = const { RefCell::new(None) };
    /// The sealed-keys view mounted by the keymint-sealed module, if any.
    static SEALED: RefCell<Option<AppHandle<SealedRoot>>> = const { RefCell::new(None) };
}

#[derive(Properties, PartialEq)]
pub struct SealedRootProps {
    pub settings: SealedViewSettings,
}

/// The sealed-keys module's one view: "Request a key" or "Open a sealed key".
#[function_component]
pub fn SealedRoot(props: &SealedRootProps) -> Html {
    match props.settings.view {
        SealedView::RequestKey => {
            html! { <request_key::RequestKeyView settings={props.settings.clone()} /> }
        }
        SealedView::OpenSealed => html! { <open_sealed::OpenSealedView /> },
    }
}

/// Mounts the sealed-keys view `settings` names into `root` (the one before it goes).
pub fn mount_sealed(root: web_sys::Element, settings: SealedViewSettings) -> bool {
    unmount_sealed();
    let handle =
        yew::Renderer::<SealedRoot>::with_root_and_props(root, SealedRootProps { settings })
            .render();
    SEALED.with(|m| *m.borrow_mut() = Some(handle));
    true
}

/// Unmounts the sealed-keys view: an identity or an opened key it held goes with it.
pub fn unmount_sealed() {
    if let Some(handle) = SEALED.with(|m| m.borrow_mut().take()) {
        handle.destroy();
    }
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
