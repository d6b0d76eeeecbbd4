//! In the "Check Atlas before trying again" panel: "Look for the key in Atlas" lists the project's
//! keys with this attempt's description, and each can be deleted (after a confirmation) or kept.

use yew::prelude::*;

use super::error_view::ErrorView;
use crate::core::key_list::unrecoverable_note;
use crate::state::{
    FoundKey, FoundKeyFate, FoundKeys, LifecyclePress, LostAttempt, Progress, Recovery,
    RecoveryEvent,
};
use crate::web::browser::confirm;

#[derive(Properties, PartialEq)]
pub struct LostKeySearchProps {
    pub recovery: Recovery,
    /// The user kept a key the search found.
    pub on_fate: Callback<RecoveryEvent>,
    pub on_press: Callback<LifecyclePress>,
}

#[function_component]
pub fn LostKeySearch(props: &LostKeySearchProps) -> Html {
    let Some(LostAttempt { desc, .. }) = &props.recovery.attempt else {
        return html! {};
    };
    let on_look = props
        .on_press
        .reform(|_: MouseEvent| LifecyclePress::LookForLostKey);
    let results = match &props.recovery.search {
        Progress::Idle => html! {},
        Progress::Running => html! { <p role="status">{ "Listing the project's keys…" }</p> },
        Progress::Failed(e) => html! { <ErrorView error={e.clone()} /> },
        Progress::Done(FoundKeys {
            keys: found,
            complete,
        }) => {
            let summary = match found.len() {
                0 => format!("No key described \"{desc}\" is in the project: nothing was created. You may create the key again."),
                1 => format!("Found 1 key described \"{desc}\":"),
                n => format!("Found {n} keys described \"{desc}\", newest first:"),
            };
            html! {
                <>
                    <p role="status" id="lost-key-summary">{ summary }</p>
                    if !complete {
                        <p class="warning">{ "The project has more keys than Keymint reads: check the rest in the Atlas console." }</p>
                    }
                    <ul class="plain found-keys">
                        { for found.iter().map(|FoundKey { key, fate }| {
                            let pk = key.public_key.clone();
                            let on_delete = {
                                let key = key.clone();
                                let on_press = props.on_press.clone();
                                let question = format!("Delete key {pk} from the organization? Anything still using it stops working.");
                                Callback::from(move |_: MouseEvent| {
                                    if confirm(&question) {
                                        on_press.emit(LifecyclePress::DeleteLostKey(key.clone()));
                                    }
                                })
                            };
                            let on_keep = {
                                let id = key.id.clone();
                                props.on_fate.reform(move |_: MouseEvent| RecoveryEvent::Fate { id: id.clone(), fate: FoundKeyFate::Kept })
                            };
                            let busy = matches!(fate, FoundKeyFate::Deleting);
                            html! {
                                <li class="found-key">
                                    <p><code>{ pk.clone() }</code>{ " — roles: " }{ key.roles.iter().map(|r| r.role_name.clone()).collect::<Vec<_>>().join(", ") }
                                        { " — private key " }<code>{ key.masked_private_key.clone() }</code></p>
                                    <p class="hint">{ unrecoverable_note(key) }</p>
                                    { match fate {
                                        FoundKeyFate::Deleted => html! { <p role="status">{ format!("Deleted key {pk} from the organization. You may create the key again.") }</p> },
                                        FoundKeyFate::Kept => html! { <p role="status">{ format!("Kept key {pk}.") }</p> },
                                        FoundKeyFate::DeleteFailed(e) if e.change_unknown() => {
                                            let key = key.clone();
                                            let on_check = props.on_press.reform(move |_: MouseEvent| LifecyclePress::CheckDeletedKey(key.clone()));
                                            html! { <>
                                                <ErrorView error={e.clone()} />
                                                <div class="actions"><button type="button" onclick={on_check}>{ "Check Atlas" }</button></div>
                                            </> }
                                        }
                                        FoundKeyFate::DeleteFailed(e) => html! { <>
                                            <ErrorView error={e.clone()} />
                                            <div class="actions"><button type="button" onclick={on_delete}>{ format!("Delete key {pk}") }</button></div>
                                        </> },
                                        FoundKeyFate::Undecided | FoundKeyFate::Deleting => html! {
                                            <div class="actions">
                                                <button type="button" onclick={on_delete} disabled={busy}>{ format!("Delete key {pk}") }</button>
                                                <button type="button" class="secondary" onclick={on_keep} disabled={busy}>{ format!("Keep key {pk}") }</button>
                                            </div>
                                        },
                                    } }
                                </li>
                            }
                        }) }
                    </ul>
                </>
            }
        }
    };
    html! {
        <div class="lost-key-search">
            <div class="actions">
                <button type="button" onclick={on_look} disabled={props.recovery.search.is_running()}>{ "Look for the key in Atlas" }</button>
            </div>
            { results }
        </div>
    }
}
