//! The request itself: description and project. Roles have their own piece (`roles.rs`).

use yew::prelude::*;

use super::error_view::{ErrorView, FieldErrors};
use super::{described_by, event_value};
use crate::core::error::KeymintError;
use crate::core::request::{self, Field, FieldError, FieldErrorKind, DESC_MAX_CHARS};
use crate::state::{Action, FormEdit, SettingsEdit};

#[derive(Properties, PartialEq)]
pub struct RequestFieldsProps {
    pub description: AttrValue,
    pub project_id: AttrValue,
    /// The core's validation errors for these fields (only those the user should see now).
    pub errors: Vec<FieldError>,
    /// A failed create that Atlas blamed on one of these fields: shown next to it.
    #[prop_or_default]
    pub failure: Option<KeymintError>,
    #[prop_or_default]
    pub locked: bool,
    pub on_action: Callback<Action>,
}

#[function_component]
pub fn RequestFields(props: &RequestFieldsProps) -> Html {
    let desc_errors: Vec<FieldError> = of_field(&props.errors, Field::Description);
    let project_errors: Vec<FieldError> = of_field(&props.errors, Field::ProjectId);
    let lowercase_fix = project_errors
        .iter()
        .any(|e| matches!(e.kind, FieldErrorKind::ProjectIdUppercase { .. }));
    let chars = request::description_chars(&props.description);
    let failure_at = |field: Field| {
        props
            .failure
            .as_ref()
            .filter(|e| e.field() == Some(field))
            .map(|e| html! { <ErrorView error={e.clone()} /> })
            .unwrap_or_default()
    };

    let on_desc = props
        .on_action
        .reform(|e: InputEvent| Action::Form(FormEdit::SetDescription(event_value(&e))));
    let on_project = props
        .on_action
        .reform(|e: InputEvent| Action::Settings(SettingsEdit::SetProjectId(event_value(&e))));
    let on_lowercase = props
        .on_action
        .reform(|_: MouseEvent| Action::Form(FormEdit::UseLowercaseProjectId));

    html! {
        <>
            <div class="field">
                <label for="description">{ "Description" }</label>
                <textarea id="description" rows="2" value={props.description.clone()} oninput={on_desc}
                    disabled={props.locked}
                    aria-invalid={(!desc_errors.is_empty()).then_some("true")}
                    aria-describedby={described_by([
                        (!desc_errors.is_empty()).then_some("description-errors"),
                        Some("description-count"),
                    ])} />
                <p id="description-count" class={classes!("count", (chars > DESC_MAX_CHARS).then_some("count--over"))}>
                    { format!("{chars} / {DESC_MAX_CHARS}") }
                </p>
                <FieldErrors id="description-errors" errors={desc_errors} />
                { failure_at(Field::Description) }
            </div>
            <div class="field">
                <label for="project-id">{ "Project ID" }</label>
                <div class="with-button">
                    <input id="project-id" type="text" spellcheck="false" autocomplete="off" autocapitalize="off"
                        placeholder="24 lowercase hex characters"
                        value={props.project_id.clone()} oninput={on_project} disabled={props.locked}
                        aria-invalid={(!project_errors.is_empty()).then_some("true")}
                        aria-describedby={described_by([
                            (!project_errors.is_empty()).then_some("project-id-errors"),
                            Some("project-id-hint"),
                        ])} />
                    if lowercase_fix {
                        <button type="button" class="secondary" onclick={on_lowercase} disabled={props.locked}>
                            { "Use lowercase" }
                        </button>
                    }
                </div>
                <p id="project-id-hint" class="hint">{ "In the Atlas UI: Project Settings, or the URL after /v2/." }</p>
                <FieldErrors id="project-id-errors" errors={project_errors} />
                { failure_at(Field::ProjectId) }
            </div>
        </>
    }
}

fn of_field(errors: &[FieldError], field: Field) -> Vec<FieldError> {
    errors
        .iter()
        .filter(|e| e.field == field)
        .cloned()
        .collect()
}
