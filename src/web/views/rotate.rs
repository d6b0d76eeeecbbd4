//! "Rotate a key", inside Project keys: the key picked there ("Rotate key {publicKey}"), the new
//! key's description, then the rotation one press per step, with what was done so far and, on a
//! failure, exactly what it left behind (the core's words). The new key is shown once, in the
//! reveal every create has, with the rotation's next steps below it.

use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::caller::ViewCaller;
use crate::core::access_list::{self, parse_access_list_answer};
use crate::core::answer::read_no_content;
use crate::core::calls::PageRequest;
use crate::core::environment::Environment;
use crate::core::error::KeymintError;
use crate::core::rotation::{NextCall, Rotation, RotationStep};
use crate::core::settle;
use crate::core::target::HttpRequest;
use crate::state::rotation::{RotationContext, RotationEvent, RotationUi};
use crate::state::Reveal;
use crate::web::browser::{event_value, now_iso};
use crate::web::components::field::{FieldIds, FormField};
use crate::web::components::reveal::RevealPanel;

/// A press of the rotation that starts a call (or the confirmation that starts the old key's removal).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RotationPress {
    /// The next step: read the old access list, create, copy, remove; or "Check Atlas" after a
    /// step whose answer was lost.
    Next,
    /// "I have replaced it everywhere": confirms, then removes the old key.
    ConfirmReplaced,
    /// "Look for the key in Atlas" after the new key's create lost its answer.
    LookForNewKey,
}

#[derive(Properties, PartialEq)]
pub struct RotateKeyProps {
    pub rotation: RotationUi,
    pub environment: Environment,
    /// The user edited the new description, planned, handled the reveal or closed the rotation.
    pub on_event: Callback<RotationEvent>,
    pub on_press: Callback<RotationPress>,
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
    let Some(old) = &r.picked else {
        return html! {};
    };
    let steps = html! {
        <RotationSteps rotation={r.clone()} environment={props.environment.clone()}
            on_event={props.on_event.clone()} on_press={props.on_press.clone()} />
    };
    let body = match (&r.rotation, &r.revealed) {
        (None, _) => html! {
            <PickedKey old={old.public_key.clone()} new_desc={r.new_desc.clone()}
                plan_problem={r.plan_problem.clone()} on_event={props.on_event.clone()} />
        },
        (Some(_), None) => steps,
        (Some(_), Some(reveal)) => {
            let on_copied = props.on_event.reform(RotationEvent::RevealCopied);
            let on_downloaded = props.on_event.reform(|()| RotationEvent::RevealDownloaded);
            let on_leave = props.on_event.reform(|_| RotationEvent::RevealDone);
            html! {
                <RevealPanel reveal={Rc::new((**reveal).clone())} {on_copied} {on_downloaded} {on_leave} offer_new_key={false}>
                    { steps }
                </RevealPanel>
            }
        }
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
struct PickedKeyProps {
    /// The old key's public key.
    old: String,
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
                props.old
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
    on_event: Callback<RotationEvent>,
    on_press: Callback<RotationPress>,
}

/// A rotation under way: the plan, the steps done, a failure's words, and the next step's button.
#[function_component]
fn RotationSteps(props: &RotationStepsProps) -> Html {
    let r = &props.rotation;
    let Some(rotation) = &r.rotation else {
        return html! {};
    };
    let press = |p: RotationPress| props.on_press.reform(move |_: MouseEvent| p);
    let plan = rotation.plan();
    let old = &plan.old.public_key;
    let next = match rotation.next(&props.environment) {
        _ if r.busy => html! { <p role="status">{ "Working…" }</p> },
        NextCall::Send(step, _) => html! {
            <div class="actions">
                <button type="button" onclick={press(RotationPress::Next)}>{ step_button(step) }</button>
            </div>
        },
        NextCall::Check(_) => html! {
            <div class="actions">
                <button type="button" onclick={press(RotationPress::Next)}>{ "Check Atlas" }</button>
            </div>
        },
        NextCall::AwaitConfirmation => html! {
            <>
                <p>{ format!("Deploy the new key wherever key {old} is used. Only then:") }</p>
                <div class="actions">
                    <button type="button" onclick={press(RotationPress::ConfirmReplaced)}>
                        { step_button(RotationStep::ConfirmReplaced) }
                    </button>
                </div>
            </>
        },
        NextCall::LookForLostKey => html! {
            <>
                <p class="warning">
                    { "Nothing more is sent for this rotation: the answer to the create was lost. The new key may exist without anyone holding its private key." }
                </p>
                <div class="actions">
                    <button type="button" onclick={press(RotationPress::LookForNewKey)}>{ "Look for the key in Atlas" }</button>
                </div>
            </>
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

/// Runs one press of the rotation: at most one call (or, for a step whose answer was lost, the read
/// that settles it), reported through `emit`. What may be sent is the state's decision
/// ([`RotationUi::next_step`]), never guessed here. `look` opens the search for the new key when
/// its create's answer was lost.
pub fn run(
    press: RotationPress,
    r: &RotationUi,
    ctx: &RotationContext,
    caller: Rc<ViewCaller>,
    emit: Callback<RotationEvent>,
    look: Callback<String>,
) {
    let Some(rotation) = r.rotation.clone() else {
        return;
    };
    match press {
        RotationPress::LookForNewKey => {
            if r.next_step(&caller.environment) == Some(NextCall::LookForLostKey) {
                look.emit(rotation.plan().new_key.desc().to_string());
            }
        }
        RotationPress::Next => match r.next_step(&caller.environment) {
            Some(NextCall::Send(step, request)) => send(step, request, rotation, caller, emit),
            Some(NextCall::Check(step)) => {
                if let Some(failure) = r.failure.clone() {
                    check(step, failure.error, rotation, caller, emit);
                }
            }
            _ => {}
        },
        RotationPress::ConfirmReplaced => {
            // The state decides whether the confirmation counts and what it leads to.
            let Some(next) = r.reduce(RotationEvent::Confirmed, ctx) else {
                return;
            };
            emit.emit(RotationEvent::Confirmed);
            if let Some(NextCall::Send(step @ RotationStep::RemoveOldKey, request)) =
                next.next_step(&caller.environment)
            {
                send(step, request, rotation, caller, emit);
            }
        }
    }
}

/// One step's call. The create is one POST judged as any create's; a lost answer to the copy or
/// the removal is settled by reading Atlas, never by sending again.
fn send(
    step: RotationStep,
    request: HttpRequest,
    rotation: Rotation,
    caller: Rc<ViewCaller>,
    emit: Callback<RotationEvent>,
) {
    emit.emit(RotationEvent::StepStarted);
    spawn_local(async move {
        let plan = rotation.plan();
        let event = match step {
            RotationStep::CreateNewKey => caller.create(&plan.new_key).await.map(|key| {
                RotationEvent::Created(Box::new(Reveal::new(
                    key,
                    plan.project_id.clone(),
                    now_iso(),
                    caller.environment.clone(),
                    caller.public_key(),
                )))
            }),
            RotationStep::ReadOldAccessList => caller
                .call(&request, parse_access_list_answer)
                .await
                .map(RotationEvent::OldEntries),
            RotationStep::CopyAccessList => match caller
                .call(&request, parse_access_list_answer)
                .await
            {
                Err(lost) if lost.change_unknown() => copy_after(&caller, &rotation, lost).await,
                result => result.map(|_| ()),
            }
            .map(|()| RotationEvent::Copied),
            RotationStep::RemoveOldKey => match caller.call(&request, read_no_content).await {
                Err(lost) if lost.change_unknown() => {
                    caller
                        .removal_after(&plan.project_id, &plan.old.id, lost)
                        .await
                }
                result => result,
            }
            .map(|()| RotationEvent::Removed),
            RotationStep::ConfirmReplaced => return,
        };
        emit.emit(event.unwrap_or_else(|e| RotationEvent::StepFailed(step, e)));
    });
}

/// "Check Atlas" on a step whose answer was lost (`lost`): reads Atlas to settle it, sends nothing.
fn check(
    step: RotationStep,
    lost: KeymintError,
    rotation: Rotation,
    caller: Rc<ViewCaller>,
    emit: Callback<RotationEvent>,
) {
    if !lost.change_unknown() {
        return;
    }
    emit.emit(RotationEvent::StepStarted);
    spawn_local(async move {
        let plan = rotation.plan();
        let event = match step {
            RotationStep::CopyAccessList => copy_after(&caller, &rotation, lost)
                .await
                .map(|()| RotationEvent::Copied),
            RotationStep::RemoveOldKey => caller
                .removal_after(&plan.project_id, &plan.old.id, lost)
                .await
                .map(|()| RotationEvent::Removed),
            _ => return,
        };
        emit.emit(event.unwrap_or_else(|e| RotationEvent::StepFailed(step, e)));
    });
}

/// Settles the copy of the old key's entries to the new key, whose answer was lost (`lost`), by
/// reading the new key's access list: what it proves, or `lost` itself when it cannot be read.
async fn copy_after(
    caller: &ViewCaller,
    rotation: &Rotation,
    lost: KeymintError,
) -> Result<(), KeymintError> {
    let (Some(new_key), Some(wanted)) = (rotation.new_key_id(), rotation.old_entries()) else {
        return Err(lost);
    };
    let KeymintError::ChangeUnknown { summary, .. } = &lost else {
        return Err(lost);
    };
    let request = access_list::list_request(
        &caller.environment,
        &rotation.plan().org_id,
        new_key,
        PageRequest::FIRST_500,
    );
    let Ok(page) = caller.call(&request, parse_access_list_answer).await else {
        return Err(lost);
    };
    settle::entries_added(summary, wanted, &page.results).map(|_| ())
}
