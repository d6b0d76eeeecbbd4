//! The page's doors to the views that load when opened: Project keys, and the sealed-keys views.

use yew::prelude::*;

use crate::core::ondemand::OnDemandError;
use crate::core::views::SealedView;

/// Where Project keys stands.
#[derive(Clone, PartialEq)]
pub enum ViewStatus {
    Closed,
    Opening,
    Open,
    Failed(OnDemandError),
}

#[derive(Properties, PartialEq)]
pub struct ProjectKeysDoorProps {
    pub status: ViewStatus,
    /// What must be filled in first (empty: it can open).
    pub blockers: Vec<AttrValue>,
    pub on_open: Callback<()>,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn ProjectKeysDoor(props: &ProjectKeysDoorProps) -> Html {
    let open = props.on_open.reform(|_: MouseEvent| ());
    let close = props.on_close.reform(|_: MouseEvent| ());
    let ready = props.blockers.is_empty();
    html! {
        <section class="panel" role="region" aria-labelledby="keys-door-title">
            <h2 id="keys-door-title">{ "The project's keys" }</h2>
            <p class="hint">{ "Every API key of this project with its roles, creation day, expiry, last use and what to look at, signed as you sign the create. It loads when opened." }</p>
            <div class="actions">
                if matches!(props.status, ViewStatus::Open) {
                    <button type="button" class="secondary" onclick={close}>{ "Close Project keys" }</button>
                } else {
                    <button type="button" onclick={open} disabled={!ready || matches!(props.status, ViewStatus::Opening)}
                        aria-describedby={(!ready).then_some("keys-door-blockers")}>{ "Project keys" }</button>
                }
            </div>
            if !ready {
                <ul id="keys-door-blockers" class="hint">
                    { for props.blockers.iter().map(|b| html! { <li>{ b.clone() }</li> }) }
                </ul>
            }
            { match &props.status {
                ViewStatus::Opening => html! { <p role="status">{ "Loading Project keys…" }</p> },
                ViewStatus::Failed(e) => html! {
                    <p class="warning" role="alert">{ format!("Project keys could not be opened: {} {}", e.message(), e.next_step()) }</p>
                },
                _ => html! {},
            } }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct SealedKeysDoorProps {
    /// The sealed-keys view open (or opening), if any, and where it stands.
    pub open: Option<SealedView>,
    pub status: ViewStatus,
    pub on_open: Callback<SealedView>,
    pub on_close: Callback<()>,
}

/// The page's door to the sealed-keys views: no sign-in needed.
#[function_component]
pub fn SealedKeysDoor(props: &SealedKeysDoorProps) -> Html {
    let button = |view: SealedView| {
        if props.open == Some(view) && matches!(props.status, ViewStatus::Open) {
            let close = props.on_close.reform(|_: MouseEvent| ());
            html! { <button type="button" class="secondary" onclick={close}>{ format!("Close {}", view.name()) }</button> }
        } else {
            let open = props.on_open.reform(move |_: MouseEvent| view);
            let busy = matches!(props.status, ViewStatus::Opening);
            html! { <button type="button" class="secondary" onclick={open} disabled={busy}>{ view.name() }</button> }
        }
    };
    html! {
        <section class="panel" role="region" aria-labelledby="sealed-door-title">
            <h2 id="sealed-door-title">{ "Keys handed over sealed" }</h2>
            <p class="hint">{ "Need a key from your Atlas admins? Request it with a link: the key they create is sealed to you (age) and reaches only you. They load when opened." }</p>
            <div class="actions">
                { button(SealedView::RequestKey) }
                { button(SealedView::OpenSealed) }
            </div>
            { match &props.status {
                ViewStatus::Opening => html! { <p role="status">{ "Loading…" }</p> },
                ViewStatus::Failed(e) => html! {
                    <p class="warning" role="alert">{ format!("The view could not be opened: {} {}", e.message(), e.next_step()) }</p>
                },
                _ => html! {},
            } }
        </section>
    }
}
