//! A route change the user did not type (a profile, a `?profile=` link, a CLI config.toml): named
//! with its old and new host, and applied only when the user presses "Use the new route". Also what
//! the administrator's lock refused, and imports saved under another name. The core words it all.

use yew::prelude::*;

use crate::core::routing::{PendingRoute, RefusedRoute, RenamedImport};
use crate::state::FormEdit;

#[derive(Properties, PartialEq)]
pub struct RouteConsentProps {
    pub pending: Option<PendingRoute>,
    pub refused: Option<RefusedRoute>,
    #[prop_or_default]
    pub renamed: Vec<RenamedImport>,
    /// True while sending or revealing: the route cannot change then.
    #[prop_or_default]
    pub locked: bool,
    /// The user's answer to a pending route: `UsePendingRoute` or `KeepCurrentRoute`.
    pub on_route: Callback<FormEdit>,
}

#[function_component]
pub fn RouteConsent(props: &RouteConsentProps) -> Html {
    let on_use = props
        .on_route
        .reform(|_: MouseEvent| FormEdit::UsePendingRoute);
    let on_keep = props
        .on_route
        .reform(|_: MouseEvent| FormEdit::KeepCurrentRoute);
    html! {
        <>
            if let Some(refused) = &props.refused {
                <p class="warning" role="alert">{ refused.message() }</p>
            }
            { for props.renamed.iter().map(|r| html! { <p class="notice" role="status">{ r.message() }</p> }) }
            if let Some(pending) = &props.pending {
                <section class="panel route-change" role="region" aria-labelledby="route-change-title">
                    <h2 id="route-change-title">{ "Confirm the new route" }</h2>
                    <p role="alert">{ pending.message() }</p>
                    <div class="actions">
                        <button type="button" onclick={on_use} disabled={props.locked}>{ "Use the new route" }</button>
                        <button type="button" class="secondary" onclick={on_keep} disabled={props.locked}>{ "Keep the current route" }</button>
                    </div>
                </section>
            }
        </>
    }
}
