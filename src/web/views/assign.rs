//! "Assign an existing key", in Project keys: pick one of the organization's keys that the project
//! does not hold, tick its project roles, press "Assign to project" (one POST; the CLI's equivalent
//! is shown). The core checks the assignment before it is sent.

use yew::prelude::*;

use crate::core::environment::ApiFlavor;
use crate::core::ids::ApiKeyId;
use crate::core::roles;
use crate::state::project_keys::ProjectKeys;
use crate::state::Progress;
use crate::web::components::error_view::ErrorView;

/// What the section's controls do.
pub struct AssignActions {
    pub on_list: Callback<MouseEvent>,
    pub on_pick: Callback<Event>,
    pub on_role: Callback<String>,
    pub on_assign: Callback<MouseEvent>,
    /// "Check Atlas" after an assignment whose answer was lost: reads the project's keys.
    pub on_check: Callback<MouseEvent>,
}

pub fn assign_section(view: &ProjectKeys, flavor: ApiFlavor, actions: &AssignActions) -> Html {
    let a = &view.assign;
    let busy = a.outcome.is_running() || a.org_keys.is_running();
    let keys = view.assignable();
    let planned = view.assignment(flavor);
    let picker = match &a.org_keys {
        Progress::Idle => html! {},
        Progress::Running => html! { <p role="status">{ "Listing the organization's keys…" }</p> },
        Progress::Failed(e) => html! { <ErrorView error={e.clone()} /> },
        Progress::Done(_) if keys.is_empty() => html! {
            <p role="status">{ "Every key of the organization is already in this project." }</p>
        },
        Progress::Done(_) => html! {
            <>
                <label for="assign-key">{ "Key" }</label>
                <select id="assign-key" onchange={actions.on_pick.clone()} disabled={busy}>
                    <option value="" selected={a.picked.is_none()}>{ "Pick a key" }</option>
                    { for keys.iter().map(|k| html! {
                        <option value={k.id.to_string()} selected={a.picked.as_ref() == Some(&k.id)}>
                            { format!("{} — {}", k.public_key, k.desc) }
                        </option>
                    }) }
                </select>
                <fieldset class="assign-roles">
                    <legend>{ "Project roles" }</legend>
                    { for roles::catalog(flavor).iter().filter(|r| r.name.starts_with("GROUP_")).map(|r| {
                        let name = r.name.to_string();
                        let id = format!("assign-role-{}", r.name);
                        let on_role = actions.on_role.reform(move |_: Event| name.clone());
                        html! {
                            <div class="role">
                                <input type="checkbox" id={id.clone()} checked={a.roles.iter().any(|x| x == r.name)}
                                    onchange={on_role} disabled={busy} />
                                <label for={id}>{ r.name }</label>
                            </div>
                        }
                    }) }
                </fieldset>
            </>
        },
    };
    let problem = match &planned {
        Some(Err(p))
            if !a.roles.is_empty()
                || matches!(
                    p,
                    crate::core::assign::AssignProblem::AlreadyInProject { .. }
                ) =>
        {
            html! { <p class="field-error">{ format!("{} {}", p.message(), p.fix()) }</p> }
        }
        _ => html! {},
    };
    let cli = match &planned {
        Some(Ok(assignment)) => html! {
            <pre id="assign-cli" aria-label="Atlas CLI assign command">{ assignment.cli_command() }</pre>
        },
        _ => html! {},
    };
    let outcome = match &a.outcome {
        Progress::Idle => html! {},
        Progress::Running => html! { <p role="status">{ "Assigning…" }</p> },
        Progress::Done(done) => html! {
            <p role="status" id="assign-done">{ format!(
                "Assigned key {} to this project with {}. List the keys again to see it.",
                done.key.public_key,
                done.roles.join(", ")
            ) }</p>
        },
        Progress::Failed(e) => html! {
            <>
                <ErrorView error={e.clone()} />
                if e.change_unknown() {
                    <div class="actions"><button type="button" onclick={actions.on_check.clone()}>{ "Check Atlas" }</button></div>
                }
            </>
        },
    };
    html! {
        <section class="assign" aria-labelledby="assign-title">
            <h3 id="assign-title">{ "Assign an existing key" }</h3>
            <p class="hint">{ "Gives one of the organization's keys roles on this project too; its private key is not shown again (whoever holds it can use it here)." }</p>
            <div class="actions">
                <button type="button" class="secondary" onclick={actions.on_list.clone()} disabled={busy}>
                    { "List organization keys" }
                </button>
            </div>
            { picker }
            { problem }
            { cli }
            <div class="actions">
                <button type="button" onclick={actions.on_assign.clone()} disabled={!view.may_assign(flavor)}>{ "Assign to project" }</button>
            </div>
            { outcome }
        </section>
    }
}

/// The key an option of "Key" stands for.
pub fn picked(value: &str) -> Option<ApiKeyId> {
    ApiKeyId::parse(value).ok()
}
