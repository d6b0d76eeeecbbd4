//! In the reveal: the new key's access list ("Access list entries", "Add to access list", the
//! equivalent Atlas CLI commands, the entries Atlas holds) and "Test the new key". Entries are
//! checked by the core as they are typed; the calls are the app's.

use yew::prelude::*;

use super::error_view::ErrorView;
use super::field::{FieldIds, FormField, Problems};
use crate::core::access_list::{cli_commands, parse_entries};
use crate::core::calls::KeyTestOutcome;
use crate::state::{LifecyclePress, NewKeyAccessEvent, Progress, Reveal};
use crate::web::browser::event_value;

#[derive(Properties, PartialEq)]
pub struct NewKeyFollowUpProps {
    pub reveal: std::rc::Rc<Reveal>,
    /// The user edited the access-list entries.
    pub on_event: Callback<NewKeyAccessEvent>,
    pub on_press: Callback<LifecyclePress>,
}

#[function_component]
pub fn NewKeyFollowUp(props: &NewKeyFollowUpProps) -> Html {
    let reveal = &props.reveal;
    let f = &reveal.follow_up;
    let org_id = reveal.key.org_id();
    let parsed = parse_entries(&f.entries_text);
    let problems = match &parsed {
        Err(errors) => Problems::Lines(
            errors
                .iter()
                .map(|e| AttrValue::from(format!("{} {}", e.message(), e.next_step())))
                .collect(),
        ),
        Ok(_) => Problems::None,
    };
    let invalid = problems.any();
    let entries = parsed
        .as_ref()
        .map(|p| p.entries.clone())
        .unwrap_or_default();
    let duplicates = parsed
        .as_ref()
        .map(|p| p.duplicate_lines.clone())
        .unwrap_or_default();
    let commands = org_id
        .as_ref()
        .zip(reveal.key.key_id())
        .map(|(org, key)| cli_commands(org, &key, &entries))
        .unwrap_or_default();
    let adding = !f.may_add_entries();
    let unsettled = matches!(&f.access_list, Progress::Failed(e) if e.change_unknown());
    let can_add = org_id.is_some()
        && reveal.key.key_id().is_some()
        && !invalid
        && !entries.is_empty()
        && !adding;

    let on_edit = props
        .on_event
        .reform(|e: InputEvent| NewKeyAccessEvent::Edit(event_value(&e)));
    let on_add = {
        let text = f.entries_text.clone();
        props
            .on_press
            .reform(move |_: MouseEvent| LifecyclePress::AddToAccessList(text.clone()))
    };
    let on_check = props
        .on_press
        .reform(|_: MouseEvent| LifecyclePress::CheckAccessList);
    let on_test = props
        .on_press
        .reform(|_: MouseEvent| LifecyclePress::TestNewKey);
    let ids = FieldIds::new("access-list-entries")
        .problems("access-list-entries-errors")
        .hint("access-list-entries-hint");

    let held = match &f.access_list {
        Progress::Idle => html! {},
        Progress::Running => html! { <p role="status">{ "Adding to the access list…" }</p> },
        Progress::Done(held) => html! {
            <div role="status" id="access-list-held">
                <p>{ format!("Atlas holds {} access-list entr{} for key {}:", held.len(), if held.len() == 1 { "y" } else { "ies" }, reveal.key.public_key) }</p>
                <ul class="plain">
                    { for held.iter().map(|e| html! { <li><code>{ e.text() }</code></li> }) }
                </ul>
            </div>
        },
        Progress::Failed(e) => html! { <ErrorView id="access-list-error" error={e.clone()} /> },
    };
    let test = match &f.key_test {
        Progress::Idle => html! {},
        Progress::Running => html! { <p role="status">{ "Testing the new key…" }</p> },
        Progress::Done(outcome) => {
            let offer = match outcome {
                KeyTestOutcome::AddressNotAllowed { address: Some(a) } if org_id.is_some() => {
                    let a = a.clone();
                    let label = format!("Add {a} to the access list");
                    let on_offer = props
                        .on_press
                        .reform(move |_: MouseEvent| LifecyclePress::AddToAccessList(a.clone()));
                    html! { <button type="button" onclick={on_offer} disabled={adding}>{ label }</button> }
                }
                _ => html! {},
            };
            let role = if matches!(outcome, KeyTestOutcome::Works(_)) {
                "status"
            } else {
                "alert"
            };
            html! {
                <>
                    <p id="key-test-result" role={role}>{ outcome.message() }</p>
                    { offer }
                </>
            }
        }
        Progress::Failed(e) => html! { <ErrorView error={e.clone()} /> },
    };

    html! {
        <>
            <section class="panel" role="region" aria-labelledby="access-list-title">
                <h3 id="access-list-title">{ "Access list" }</h3>
                <p class="hint">{ "Optional. Most organizations require an access list for API access, and a new key has none: add the addresses it will call Atlas from (for a key used through this page's proxy, the proxy's public address)." }</p>
                <FormField ids={ids.clone()} label="Access list entries" {problems}
                    hint={html! { <p id="access-list-entries-hint" class="hint">{ "One IPv4 or IPv6 address or CIDR block per line, e.g. 203.0.113.10 or 198.51.100.0/24." }</p> }}
                    after={if duplicates.is_empty() { html! {} } else { html! {
                        <p class="hint">{ format!("Repeated entries (line {}) are sent once.", duplicates.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")) }</p>
                    } }}>
                    <textarea id={ids.control} rows="3" spellcheck="false" value={f.entries_text.clone()} oninput={on_edit}
                        aria-invalid={ids.invalid(invalid)} aria-describedby={ids.described_by(invalid)} />
                </FormField>
                if org_id.is_none() {
                    <p class="warning">{ "Atlas's answer did not say which organization the new key belongs to, so its access list cannot be edited here: use the Atlas console." }</p>
                }
                <div class="actions">
                    <button type="button" onclick={on_add} disabled={!can_add}>{ "Add to access list" }</button>
                    if unsettled {
                        <button type="button" onclick={on_check}>{ "Check Atlas" }</button>
                    }
                </div>
                if !commands.is_empty() {
                    <pre id="access-list-cli" aria-label="Atlas CLI access-list command">{ commands.join("\n") }</pre>
                }
                { held }
            </section>
            <section class="panel" role="region" aria-labelledby="key-test-title">
                <h3 id="key-test-title">{ "Does the new key work?" }</h3>
                <p class="hint">{ "Signs a harmless read of the project with the new key, through the same proxy." }</p>
                <div class="actions">
                    <button type="button" onclick={on_test} disabled={f.key_test.is_running()}>{ "Test the new key" }</button>
                </div>
                { test }
            </section>
        </>
    }
}
