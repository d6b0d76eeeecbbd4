//! Opening and closing the views that load when opened (Project keys): the page hands the view its
//! settings and the caller's secret in memory, and closes it when the caller changes (another
//! environment, proxy, key or service account, signing out), so a view never signs as someone the
//! page no longer is.

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::core::deeplink::LinkedView;
use crate::core::ondemand::OnDemandError;
use crate::core::views::{secret_of, SealedView, SealedViewSettings};
use crate::state::{Action, AppState, SessionEvent};
use crate::web::components::views_menu::ViewStatus;
use crate::web::loader;

/// The element views mount into (index.html's `#views`).
fn views_root() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id("views")
}

/// Project keys: where it stands, and the callbacks that open and close it.
#[hook]
pub(super) fn use_project_keys(
    state: &UseReducerHandle<AppState>,
) -> (ViewStatus, Callback<()>, Callback<()>) {
    let status = use_state(|| ViewStatus::Closed);
    let settings = state.view_settings();
    let secret = secret_of(&state.credentials).to_string();
    {
        // Another caller (or none): the open view goes. Another project typed in the form does
        // not close it: the view says which project it shows, and a rotation in it stays.
        let status = status.clone();
        let caller = settings.caller();
        let caller = (
            caller.0.clone(),
            caller.1.to_string(),
            caller.2,
            caller.3,
            caller.4.to_string(),
        );
        use_effect_with((caller, secret.clone()), move |_| {
            if !matches!(*status, ViewStatus::Closed) {
                loader::close_project_keys();
                status.set(ViewStatus::Closed);
            }
        });
    }
    let on_open_now = {
        let status = status.clone();
        let state = state.clone();
        Callback::from(move |()| {
            if !state.view_blockers().is_empty() || matches!(*status, ViewStatus::Opening) {
                return;
            }
            let Some(root) = views_root() else {
                status.set(ViewStatus::Failed(OnDemandError::NotInThisBuild));
                return;
            };
            let (settings, secret) = (
                state.view_settings(),
                secret_of(&state.credentials).to_string(),
            );
            status.set(ViewStatus::Opening);
            let status = status.clone();
            spawn_local(async move {
                match loader::open_project_keys(&root, &settings, &secret).await {
                    Ok(()) => {
                        status.set(ViewStatus::Open);
                        root.scroll_into_view();
                    }
                    Err(e) => status.set(ViewStatus::Failed(e)),
                }
            });
        })
    };
    // A link that asked for Project keys has had its answer once the user opens it; nothing opens
    // by itself (not while the secret is being typed).
    let on_open = {
        let d = state.dispatcher();
        let linked = state.linked_view == Some(LinkedView::ProjectKeys);
        Callback::from(move |()| {
            if linked {
                d.dispatch(Action::Session(SessionEvent::LinkedViewOpened));
            }
            on_open_now.emit(());
        })
    };
    let on_close = {
        let status = status.clone();
        Callback::from(move |()| {
            loader::close_project_keys();
            status.set(ViewStatus::Closed);
        })
    };
    ((*status).clone(), on_open, on_close)
}

/// The element the sealed-keys views mount into (index.html's `#sealed-views`).
fn sealed_root() -> Option<web_sys::Element> {
    web_sys::window()?
        .document()?
        .get_element_by_id("sealed-views")
}

/// The page's address without query or fragment: the base of a request link.
fn page_url() -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    href.split(['?', '#'])
        .next()
        .unwrap_or_default()
        .to_string()
}

/// "Request a key" and "Open a sealed key": which is open, where it stands, and the callbacks that
/// open one (the other goes) and close it. Neither is handed a secret or a route.
#[hook]
pub(super) fn use_sealed_views(
    state: &UseReducerHandle<AppState>,
) -> (
    Option<SealedView>,
    ViewStatus,
    Callback<SealedView>,
    Callback<()>,
) {
    let open = use_state(|| None::<SealedView>);
    let status = use_state(|| ViewStatus::Closed);
    let on_open = {
        let (open, status, state) = (open.clone(), status.clone(), state.clone());
        Callback::from(move |view: SealedView| {
            if matches!(*status, ViewStatus::Opening) {
                return;
            }
            let Some(root) = sealed_root() else {
                status.set(ViewStatus::Failed(OnDemandError::NotInThisBuild));
                return;
            };
            let settings = SealedViewSettings {
                view,
                environment: state.environment.clone(),
                max_key_days: state.expiry_rules.max_days,
                page_url: page_url(),
            };
            open.set(Some(view));
            status.set(ViewStatus::Opening);
            let status = status.clone();
            spawn_local(async move {
                match loader::open_sealed_view(&root, &settings).await {
                    Ok(()) => {
                        status.set(ViewStatus::Open);
                        root.scroll_into_view();
                    }
                    Err(e) => status.set(ViewStatus::Failed(e)),
                }
            });
        })
    };
    let on_close = {
        let (open, status) = (open.clone(), status.clone());
        Callback::from(move |()| {
            loader::close_sealed_view();
            open.set(None);
            status.set(ViewStatus::Closed);
        })
    };
    (*open, (*status).clone(), on_open, on_close)
}
