//! The page's door to Project keys, a view that loads when opened.

use yew::prelude::*;

use crate::core::ondemand::OnDemandError;

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
