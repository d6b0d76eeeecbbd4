//! "Project keys": the project's keys at a glance, in a view of its own (the keymint-keys module,
//! loaded when opened). Each key: description, public key, roles, created, expiry, what its access
//! list says of its use, and the flags that say whether it should still exist.

use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::assign::{assign_section, picked, AssignActions};
use super::caller::ViewCaller;
use super::rotate::{self, RotateKey, RotationPress};
use crate::core::access_list::{self, parse_access_list_answer};
use crate::core::calls::PageRequest;
use crate::core::error::KeymintError;
use crate::core::expiry::Day;
use crate::core::ids::ProjectId;
use crate::core::key_list::{unrecoverable_note, ListedKey};
use crate::core::key_report::{
    cleanup_plan, cleanup_question, CleanupStep, KeyReport, SortBy, Usage,
};
use crate::core::rotation::{default_description, Removal};
use crate::core::views::ViewSettings;
use crate::state::project_keys::{KeyFate, ProjectKeys, ProjectKeysEvent};
use crate::state::rotation::RotationEvent;
use crate::state::Progress;
use crate::web::browser::{confirm, event_value, today};
use crate::web::components::error_view::ErrorView;

/// yew's wrapper of the plain reducer.
#[derive(PartialEq)]
struct ViewState(ProjectKeys);

impl Reducible for ViewState {
    type Action = ProjectKeysEvent;

    fn reduce(self: Rc<Self>, event: ProjectKeysEvent) -> Rc<Self> {
        match self.0.reduce(event) {
            Some(next) => Rc::new(ViewState(next)),
            None => self,
        }
    }
}

/// What the page handed over. The secret is compared by identity only (never printed).
#[derive(Properties)]
pub struct ProjectKeysProps {
    pub settings: ViewSettings,
    pub caller: Rc<ViewCaller>,
    pub project_id: ProjectId,
}

impl PartialEq for ProjectKeysProps {
    fn eq(&self, other: &Self) -> bool {
        self.settings == other.settings && Rc::ptr_eq(&self.caller, &other.caller)
    }
}

/// Lists the project's keys, then reads each key's access list, one at a time.
fn list(caller: Rc<ViewCaller>, project_id: ProjectId, d: UseReducerDispatcher<ViewState>) {
    d.dispatch(ProjectKeysEvent::ListStarted);
    spawn_local(async move {
        let listed = caller.all_keys(&project_id).await;
        let keys = listed.as_ref().map(|l| l.keys.clone()).unwrap_or_default();
        d.dispatch(ProjectKeysEvent::Listed(listed));
        for key in keys {
            let usage = match key.org_id() {
                None => Usage::Unreadable(
                    "Atlas's list does not say which organization the key belongs to.".to_string(),
                ),
                Some(org_id) => {
                    let request = access_list::list_request(
                        &caller.environment,
                        &org_id,
                        &key.id,
                        PageRequest::FIRST_500,
                    );
                    match caller.call(&request, parse_access_list_answer).await {
                        Ok(page) => Usage::of(&page),
                        Err(e) => Usage::Unreadable(format!("{} {}", e.title(), e.next_step())),
                    }
                }
            };
            d.dispatch(ProjectKeysEvent::Usage { id: key.id, usage });
        }
    });
}

/// Removes each key as its step says, one call at a time, each reported as it ends.
fn remove_all(
    caller: Rc<ViewCaller>,
    project_id: ProjectId,
    steps: Vec<CleanupStep>,
    d: UseReducerDispatcher<ViewState>,
) {
    for step in &steps {
        d.dispatch(ProjectKeysEvent::Removing(step.key.id.clone()));
    }
    spawn_local(async move {
        for CleanupStep { key, removal } in steps {
            let event = match caller.remove(&key, &project_id, &removal).await {
                Some(Ok(())) => ProjectKeysEvent::Removed {
                    id: key.id,
                    removal,
                },
                Some(Err(error)) => ProjectKeysEvent::RemoveFailed { id: key.id, error },
                None => continue,
            };
            d.dispatch(event);
        }
    });
}

/// "Check Atlas" on a key whose removal's answer was lost: lists the project's keys, sends nothing.
fn check(
    caller: Rc<ViewCaller>,
    project_id: ProjectId,
    key: ListedKey,
    lost: KeymintError,
    d: UseReducerDispatcher<ViewState>,
) {
    d.dispatch(ProjectKeysEvent::Removing(key.id.clone()));
    spawn_local(async move {
        let removal = Removal::of(&key, &project_id);
        d.dispatch(
            match caller.removal_after(&project_id, &key.id, lost).await {
                Ok(()) => ProjectKeysEvent::Removed {
                    id: key.id,
                    removal,
                },
                Err(error) => ProjectKeysEvent::RemoveFailed { id: key.id, error },
            },
        );
    });
}

/// What a key's item may do: remove it, and how; check a removal whose answer was lost; rotate it.
#[derive(Clone)]
struct KeyActions {
    on_remove: Callback<(ListedKey, Removal)>,
    on_check: Callback<(ListedKey, KeymintError)>,
    on_rotate: Callback<ListedKey>,
}

#[function_component]
pub fn ProjectKeysView(props: &ProjectKeysProps) -> Html {
    let state = {
        let project_id = props.project_id.clone();
        let lost_desc = props.settings.lost_desc.clone();
        let (flavor, max_key_days) = (
            props.settings.environment.flavor(),
            props.settings.max_key_days,
        );
        use_reducer(move || {
            let (y, m, d) = today();
            let today = Day::from_ymd(y, m, d).unwrap_or_else(|| Day::from_unix_seconds(0));
            ViewState(
                ProjectKeys::new(project_id, today)
                    .looking_for(lost_desc)
                    .with_policy(flavor, max_key_days),
            )
        })
    };
    {
        let (caller, project_id, d) = (
            props.caller.clone(),
            props.project_id.clone(),
            state.dispatcher(),
        );
        use_effect_with((), move |_| list(caller, project_id, d));
    }
    let view = &state.0;
    let on_again = {
        let (caller, project_id, d) = (
            props.caller.clone(),
            props.project_id.clone(),
            state.dispatcher(),
        );
        Callback::from(move |_: MouseEvent| list(caller.clone(), project_id.clone(), d.clone()))
    };
    let flavor = props.settings.environment.flavor();
    let assign_actions = {
        let org_id = crate::core::ids::OrgId::parse(&props.settings.org_id)
            .ok()
            .or_else(|| match &view.listing {
                Progress::Done(listed) => listed.keys.iter().find_map(ListedKey::org_id),
                _ => None,
            });
        let on_list = {
            let (caller, d) = (props.caller.clone(), state.dispatcher());
            Callback::from(move |_: MouseEvent| {
                let Some(org_id) = org_id.clone() else {
                    return;
                };
                let (caller, d) = (caller.clone(), d.clone());
                d.dispatch(ProjectKeysEvent::OrgKeysStarted);
                spawn_local(async move {
                    d.dispatch(ProjectKeysEvent::OrgKeysListed(
                        caller.org_keys(&org_id).await,
                    ));
                });
            })
        };
        let on_pick = {
            let d = state.dispatcher();
            Callback::from(move |e: Event| {
                d.dispatch(ProjectKeysEvent::Pick(picked(&event_value(&e))))
            })
        };
        let on_role = {
            let d = state.dispatcher();
            Callback::from(move |role: String| d.dispatch(ProjectKeysEvent::ToggleRole(role)))
        };
        let send = |check: bool| {
            let (caller, d, state) = (props.caller.clone(), state.dispatcher(), state.clone());
            Callback::from(move |_: MouseEvent| {
                let view = &state.0;
                let Some(Ok(assignment)) = view.assignment(flavor) else {
                    return;
                };
                let lost = match &view.assign.outcome {
                    Progress::Failed(e) if e.change_unknown() => Some(e.clone()),
                    _ => None,
                };
                // "Check Atlas" only reads; "Assign to project" sends once, and only when allowed.
                if check != lost.is_some() || (!check && !view.may_assign(flavor)) {
                    return;
                }
                let (caller, d) = (caller.clone(), d.clone());
                d.dispatch(ProjectKeysEvent::AssignStarted);
                spawn_local(async move {
                    let result = match lost {
                        Some(lost) => caller.assignment_after(&assignment, lost).await,
                        None => caller.assign(&assignment).await,
                    };
                    d.dispatch(ProjectKeysEvent::Assigned(result.map(|()| assignment)));
                });
            })
        };
        AssignActions {
            on_list,
            on_pick,
            on_role,
            on_assign: send(false),
            on_check: send(true),
        }
    };
    let on_sort = {
        let d = state.dispatcher();
        Callback::from(move |e: Event| {
            if let Some(by) = SortBy::from_value(&event_value(&e)) {
                d.dispatch(ProjectKeysEvent::Sort(by));
            }
        })
    };
    let reports = view.reports();
    let actions = {
        let (caller, project_id, d) = (
            props.caller.clone(),
            props.project_id.clone(),
            state.dispatcher(),
        );
        let on_remove = {
            let (caller, project_id, d) = (caller.clone(), project_id.clone(), d.clone());
            Callback::from(move |(key, removal): (ListedKey, Removal)| {
                let step = CleanupStep { key, removal };
                let question = match &step.removal {
                    Removal::DeleteFromOrg => {
                        format!("{} Anything still using it stops working.", step.describe())
                    }
                    Removal::UnassignFromProject { .. } => step.describe(),
                };
                if confirm(&question) {
                    remove_all(caller.clone(), project_id.clone(), vec![step], d.clone());
                }
            })
        };
        let on_check = Callback::from(move |(key, lost)| {
            check(caller.clone(), project_id.clone(), key, lost, d.clone())
        });
        let on_rotate = {
            let d = state.dispatcher();
            Callback::from(move |key: ListedKey| {
                let (y, m, day) = today();
                let default_desc = default_description(&key.desc, y, m, day);
                d.dispatch(ProjectKeysEvent::Rotation(RotationEvent::Pick {
                    key,
                    default_desc,
                }));
            })
        };
        KeyActions {
            on_remove,
            on_check,
            on_rotate,
        }
    };
    let cleanup: Vec<CleanupStep> = cleanup_plan(&reports, &props.project_id)
        .into_iter()
        .filter(|step| view.may_remove(&step.key.id))
        .collect();
    let on_cleanup = {
        let (caller, project_id, d) = (
            props.caller.clone(),
            props.project_id.clone(),
            state.dispatcher(),
        );
        let steps = cleanup.clone();
        Callback::from(move |_: MouseEvent| {
            if !steps.is_empty() && confirm(&cleanup_question(&steps)) {
                remove_all(caller.clone(), project_id.clone(), steps.clone(), d.clone());
            }
        })
    };
    let rotation = {
        let d = state.dispatcher();
        let on_event =
            Callback::from(move |e: RotationEvent| d.dispatch(ProjectKeysEvent::Rotation(e)));
        let look = {
            let (caller, project_id, d) = (
                props.caller.clone(),
                props.project_id.clone(),
                state.dispatcher(),
            );
            Callback::from(move |desc: String| {
                d.dispatch(ProjectKeysEvent::LookFor(desc));
                list(caller.clone(), project_id.clone(), d.clone());
            })
        };
        let on_press = {
            let (caller, state, on_event) = (props.caller.clone(), state.clone(), on_event.clone());
            Callback::from(move |press: RotationPress| {
                let view = &state.0;
                rotate::run(
                    press,
                    &view.rotation,
                    &view.rotation_context(),
                    caller.clone(),
                    on_event.clone(),
                    look.clone(),
                )
            })
        };
        html! {
            <RotateKey rotation={view.rotation.clone()} environment={props.settings.environment.clone()}
                on_event={on_event} on_press={on_press} />
        }
    };
    let lost_search = view.lost_desc.is_some();
    let on_show_all = {
        let d = state.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(ProjectKeysEvent::ShowAllKeys))
    };
    let body = match &view.listing {
        Progress::Idle | Progress::Running => {
            html! { <p role="status">{ "Listing the project's keys…" }</p> }
        }
        Progress::Failed(e) => html! { <ErrorView error={e.clone()} /> },
        Progress::Done(listed) => html! {
            <>
                <p role="status" id="project-keys-summary">{ view.lost_key_summary().unwrap_or_else(|| match reports.len() {
                    0 => "The project has no API keys.".to_string(),
                    1 => "1 key is assigned to the project.".to_string(),
                    n => format!("{n} keys are assigned to the project."),
                }) }</p>
                if !listed.complete {
                    <p class="warning">{ "The project has more keys than Keymint reads: check the rest in the Atlas console." }</p>
                }
                if let Some((why, n)) = view.unreadable_use() {
                    <p class="notice" id="project-keys-unreadable">{ format!(
                        "Use is not shown for {n} key{}: {why}", if n == 1 { "" } else { "s" }
                    ) }</p>
                }
                <div class="actions">
                    if lost_search {
                        <button type="button" class="secondary" onclick={on_show_all}>{ "Show all keys" }</button>
                    } else {
                        <button type="button" onclick={on_cleanup} disabled={cleanup.is_empty()}>{ "Clean up expired keys" }</button>
                    }
                </div>
                <ul class="plain key-reports">
                    { for reports.iter().map(|r| key_item(r, view, &props.project_id, &actions)) }
                </ul>
            </>
        },
    };
    html! {
        <section class="panel" role="region" aria-labelledby="project-keys-title">
            <h2 id="project-keys-title">{ "Project keys" }</h2>
            <p class="hint">{ format!("The API keys of project {}, signed as {}. Atlas keeps no expiry and no last-use date of its own: the expiry is the one Keymint wrote into a description, and use is what each key's access list records.", props.project_id, props.settings.login_id) }</p>
            <div class="actions">
                <label for="keys-sort">{ "Sort by" }</label>
                <select id="keys-sort" onchange={on_sort}>
                    <option value={SortBy::Expiry.value()} selected={view.sort == SortBy::Expiry}>{ "Expiry" }</option>
                    <option value={SortBy::LastUse.value()} selected={view.sort == SortBy::LastUse}>{ "Last use" }</option>
                </select>
                <button type="button" class="secondary" onclick={on_again} disabled={view.listing.is_running()}>{ "List the keys again" }</button>
            </div>
            { rotation }
            { body }
            if !lost_search {
                { assign_section(view, flavor, &assign_actions) }
            }
        </section>
    }
}

fn key_item(
    report: &KeyReport,
    view: &ProjectKeys,
    project_id: &ProjectId,
    actions: &KeyActions,
) -> Html {
    let key = &report.key;
    let public = &key.public_key;
    let removal = Removal::of(key, project_id);
    let remove = |how: Removal| {
        let key = key.clone();
        actions
            .on_remove
            .reform(move |_: MouseEvent| (key.clone(), how.clone()))
    };
    let fate = match view.fate_of(&key.id) {
        None => html! {},
        Some(KeyFate::Removing) => html! { <p role="status">{ "Working…" }</p> },
        Some(KeyFate::Removed(Removal::DeleteFromOrg)) => html! {
            <p role="status">{ if view.lost_desc.is_some() {
                format!("Deleted key {public} from the organization. You may create the key again.")
            } else {
                format!("Deleted key {public} from the organization.")
            } }</p>
        },
        Some(KeyFate::Removed(Removal::UnassignFromProject { .. })) => html! {
            <p role="status">{ format!("Removed key {public} from this project.") }</p>
        },
        Some(KeyFate::Failed(e)) => {
            let on_check = {
                let (key, lost) = (key.clone(), e.clone());
                actions
                    .on_check
                    .reform(move |_: MouseEvent| (key.clone(), lost.clone()))
            };
            html! {
                <>
                    <ErrorView error={e.clone()} />
                    if e.change_unknown() {
                        <div class="actions"><button type="button" onclick={on_check}>{ "Check Atlas" }</button></div>
                    }
                </>
            }
        }
    };
    let unassign = Removal::UnassignFromProject {
        other_projects: key.other_projects(project_id),
        org_roles: key.org_roles_beyond_member(),
    };
    let rotate = {
        let key = key.clone();
        actions.on_rotate.reform(move |_: MouseEvent| key.clone())
    };
    let may_rotate = view.rotation.rotation.is_none() && view.may_remove(&key.id);
    let buttons = if view.may_remove(&key.id) {
        html! {
            <div class="actions">
                if may_rotate {
                    <button type="button" class="secondary" onclick={rotate}>{ format!("Rotate key {public}") }</button>
                }
                if removal == Removal::DeleteFromOrg && key.org_id().is_some() {
                    <button type="button" onclick={remove(Removal::DeleteFromOrg)}>{ format!("Delete key {public}") }</button>
                }
                <button type="button" class="secondary" onclick={remove(unassign)}>{ "Remove from project" }</button>
            </div>
        }
    } else {
        html! {}
    };
    let elsewhere = match &removal {
        Removal::UnassignFromProject {
            other_projects,
            org_roles,
        } => html! {
            <p class="hint">{ if other_projects.is_empty() {
                format!("Not offered for deletion: it holds organization roles ({}).", org_roles.join(", "))
            } else {
                format!("Not offered for deletion: projects {} still hold it.", other_projects.join(", "))
            } }</p>
        },
        Removal::DeleteFromOrg => html! {},
    };
    let usage = match &report.usage {
        Usage::Pending => "reading its access list…".to_string(),
        Usage::Unreadable(_) => "not readable".to_string(),
        Usage::Read {
            entries,
            last_used,
            last_used_address,
            requests,
        } => {
            let last = match (last_used, last_used_address) {
                (Some(at), Some(from)) => format!("last used {at} from {from}"),
                (Some(at), None) => format!("last used {at}"),
                _ => "no use recorded".to_string(),
            };
            format!(
                "{entries} access-list entr{}, {requests} request{}, {last}",
                if *entries == 1 { "y" } else { "ies" },
                if *requests == 1 { "" } else { "s" }
            )
        }
    };
    html! {
        <li class="key-report" id={format!("key-{}", key.public_key)} aria-label={format!("Key {}", key.public_key)}>
            <p><strong>{ key.desc.clone() }</strong></p>
            <p>{ "Public key " }<code>{ key.public_key.clone() }</code>{ " — roles: " }{ report.project_roles.join(", ") }</p>
            <p>
                { format!("Created {}", report.created.map_or("on an unknown day".to_string(), |d| d.to_string())) }
                { format!(" · {}", report.expires.map_or("no expiry".to_string(), |d| format!("expires {d}"))) }
                { format!(" · {usage}") }
            </p>
            if !report.flags.is_empty() {
                <ul class="flags" aria-label={format!("Flags of key {}", key.public_key)}>
                    { for report.flags.iter().map(|f| html! { <li>{ f.label() }</li> }) }
                </ul>
            }
            if view.lost_desc.is_some() {
                <p class="hint">{ unrecoverable_note(key) }</p>
            }
            { elsewhere }
            { buttons }
            { fate }
        </li>
    }
}
