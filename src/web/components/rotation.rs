//! "Rotate a key": list the project's keys, pick one, and run the rotation one press per step,
//! with what was done so far and, on a failure, exactly what it left behind (the core's words).

use yew::prelude::*;

use super::error_view::ErrorView;
use super::field::{FieldIds, FormField};
use crate::core::environment::Environment;
use crate::core::key_list::ListedKey;
use crate::core::rotation::{default_description, NextCall, RotationStep};
use crate::state::{LifecyclePress, Progress, RotationEvent, RotationUi};
use crate::web::browser::{event_value, today};

#[derive(Properties, PartialEq)]
pub struct RotateKeyProps {
    pub rotation: RotationUi,
    pub environment: Environment,
    /// A create is in flight or a key is shown: no key list or rotation create now.
    #[prop_or_default]
    pub locked: bool,
    /// The user picked a key, edited the new description, planned or closed the rotation.
    pub on_event: Callback<RotationEvent>,
    pub on_press: Callback<LifecyclePress>,
}

/// The label of the button that runs `step`.
fn step_button(step: RotationStep) -> &'static str {
    match step {
        RotationStep::ReadOldAccessList => "Read the access list of the old key",
        RotationStep::CreateNewKey => "Create the new key",
        RotationStep::CopyAccessList => "Copy the access list to the new key",
        RotationStep::ConfirmReplaced => "I have replaced it everywhere",
        RotationStep::RemoveOldKey => "Remove the old key",
    }
}

#[function_component]
pub fn RotateKey(props: &RotateKeyProps) -> Html {
    let r = &props.rotation;
    let body = match &r.rotation {
        None => html! {
            <>
                <div class="actions">
                    <button type="button" class="secondary"
                        onclick={props.on_press.reform(|_: MouseEvent| LifecyclePress::ListKeysToRotate)}
                        disabled={props.locked || r.keys.is_running()}>{ "List the project keys" }</button>
                </div>
                <KeysToRotate keys={r.keys.clone()} on_event={props.on_event.clone()} />
                if let Some(old) = &r.picked {
                    <PickedKey old={old.clone()} new_desc={r.new_desc.clone()}
                        plan_problem={r.plan_problem.clone()} on_event={props.on_event.clone()} />
                }
            </>
        },
        Some(_) => html! {
            <RotationSteps rotation={r.clone()} environment={props.environment.clone()}
                locked={props.locked} on_event={props.on_event.clone()}
                on_press={props.on_press.clone()} />
        },
    };
    html! {
        <section class="panel" role="region" aria-labelledby="rotation-title">
            <h2 id="rotation-title">{ "Rotate a key" }</h2>
            <p class="hint">
                { "A new key with the same roles on this project and the same access list; the old \
                   key is removed only after you confirm the new one is deployed." }
            </p>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct KeysToRotateProps {
    keys: Progress<Vec<ListedKey>>,
    on_event: Callback<RotationEvent>,
}

/// The project's keys with a role on it, each with its "Rotate key" button.
#[function_component]
fn KeysToRotate(props: &KeysToRotateProps) -> Html {
    match &props.keys {
        Progress::Idle => html! {},
        Progress::Running => html! { <p role="status">{ "Listing the project's keys…" }</p> },
        Progress::Failed(e) => html! { <ErrorView error={e.clone()} /> },
        Progress::Done(keys) if keys.is_empty() => {
            html! { <p role="status">{ "No key of this project has a role on it to copy." }</p> }
        }
        Progress::Done(keys) => html! {
            <ul class="plain">
                { for keys.iter().map(|k| {
                    let pick = {
                        let k = k.clone();
                        props.on_event.reform(move |_: MouseEvent| {
                            let (y, m, d) = today();
                            let default_desc = default_description(&k.desc, y, m, d);
                            RotationEvent::Pick { key: k.clone(), default_desc }
                        })
                    };
                    let roles: Vec<String> = k.roles.iter().map(|r| r.role_name.clone()).collect();
                    html! {
                        <li>
                            <code>{ k.public_key.clone() }</code>
                            { format!(" \"{}\" — roles: {}", k.desc, roles.join(", ")) }
                            { " " }
                            <button type="button" class="secondary" onclick={pick}>
                                { format!("Rotate key {}", k.public_key) }
                            </button>
                        </li>
                    }
                }) }
            </ul>
        },
    }
}

#[derive(Properties, PartialEq)]
struct PickedKeyProps {
    old: ListedKey,
    new_desc: String,
    plan_problem: Option<String>,
    on_event: Callback<RotationEvent>,
}

/// The key picked: the new key's description, and "Start rotation".
#[function_component]
fn PickedKey(props: &PickedKeyProps) -> Html {
    let ids = FieldIds::new("rotation-description");
    let on_desc = props
        .on_event
        .reform(|e: InputEvent| RotationEvent::EditDescription(event_value(&e)));
    let on_plan = props.on_event.reform(|_: MouseEvent| RotationEvent::Plan);
    html! {
        <div class="rotation-pick">
            <p>{ format!(
                "Replace key {} with a new key with the same roles on this project and the same \
                 access list.",
                props.old.public_key
            ) }</p>
            <FormField ids={ids.clone()} label="New key description">
                <input id={ids.control} type="text" value={props.new_desc.clone()} oninput={on_desc} />
            </FormField>
            if let Some(problem) = &props.plan_problem {
                <p class="field-error" role="alert">{ problem.clone() }</p>
            }
            <div class="actions"><button type="button" onclick={on_plan}>{ "Start rotation" }</button></div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct RotationStepsProps {
    rotation: RotationUi,
    environment: Environment,
    locked: bool,
    on_event: Callback<RotationEvent>,
    on_press: Callback<LifecyclePress>,
}

/// A rotation under way: the plan, the steps done, a failure's words, and the next step's button.
#[function_component]
fn RotationSteps(props: &RotationStepsProps) -> Html {
    let r = &props.rotation;
    let Some(rotation) = &r.rotation else {
        return html! {};
    };
    let press = |p: LifecyclePress| props.on_press.reform(move |_: MouseEvent| p.clone());
    let plan = rotation.plan();
    let old = &plan.old.public_key;
    let next = match rotation.next(&props.environment) {
        _ if r.busy => html! { <p role="status">{ "Working…" }</p> },
        NextCall::Send(RotationStep::CreateNewKey, _) if props.locked => html! {},
        NextCall::Send(step, _) => html! {
            <div class="actions">
                <button type="button" onclick={press(LifecyclePress::RotationNext)}>{ step_button(step) }</button>
            </div>
        },
        NextCall::Check(_) => html! {
            <div class="actions">
                <button type="button" onclick={press(LifecyclePress::RotationNext)}>{ "Check Atlas" }</button>
            </div>
        },
        NextCall::AwaitConfirmation => html! {
            <>
                <p>{ format!("Deploy the new key wherever key {old} is used. Only then:") }</p>
                <div class="actions">
                    <button type="button" onclick={press(LifecyclePress::ConfirmReplaced)}>
                        { step_button(RotationStep::ConfirmReplaced) }
                    </button>
                </div>
            </>
        },
        NextCall::LookForLostKey => html! {
            <p class="warning">
                { "Nothing more is sent for this rotation: the answer to the create was lost." }
            </p>
        },
        NextCall::Done => html! {
            <>
                <p role="status" id="rotation-done">
                    { format!("Rotation finished: key {old} was replaced. {}", plan.removal.reason()) }
                </p>
                <div class="actions">
                    <button type="button" class="secondary"
                        onclick={props.on_event.reform(|_: MouseEvent| RotationEvent::Close)}>
                        { "Close the rotation" }
                    </button>
                </div>
            </>
        },
    };
    let entries = rotation.old_entries().map(|entries| {
        if entries.is_empty() {
            "The old key has no access list.".to_string()
        } else {
            let texts: Vec<String> = entries.iter().map(|e| e.text()).collect();
            format!("Access list to copy: {}.", texts.join(", "))
        }
    });
    html! {
        <>
            <p>{ format!(
                "Rotating key {old} to a new key described \"{}\" with roles {}.",
                plan.new_key.desc(),
                plan.new_key.roles().join(", ")
            ) }</p>
            <p class="hint">{ plan.removal.reason() }</p>
            if let Some(entries) = entries {
                <p>{ entries }</p>
            }
            if !rotation.skipped_entries().is_empty() {
                <p class="warning">{ format!(
                    "Not copied (not an address or block): {}.",
                    rotation.skipped_entries().join(", ")
                ) }</p>
            }
            <ol class="rotation-done">
                { for rotation.steps_done().iter().map(|s| html! { <li>{ format!("Done: {}", s.label()) }</li> }) }
            </ol>
            if let Some(failure) = &r.failure {
                <p class="error" role="alert" id="rotation-failure">{ failure.message.clone() }</p>
            }
            if let Some(problem) = &r.plan_problem {
                <p class="error" role="alert">{ problem.clone() }</p>
            }
            { next }
        </>
    }
}
