//! The request itself: description and project. Roles have their own piece (`roles.rs`).

use yew::prelude::*;

use super::error_view::ErrorView;
use super::field::{of_field, FieldIds, FormField, Problems};
use crate::core::error::KeymintError;
use crate::core::request::{self, Field, FieldError, FieldErrorKind, DESC_MAX_CHARS};
use crate::state::{FormEdit, SettingsEdit};
use crate::web::browser::event_value;

#[derive(Properties, PartialEq)]
pub struct RequestFieldsProps {
    pub description: AttrValue,
    /// The description as it will be sent (with the expiry's stamp): the counter counts it.
    pub sent_description: AttrValue,
    pub project_id: AttrValue,
    /// The core's validation errors for these fields (only those the user should see now).
    pub errors: Vec<FieldError>,
    /// A failed create that Atlas blamed on one of these fields: shown next to it.
    #[prop_or_default]
    pub failure: Option<KeymintError>,
    #[prop_or_default]
    pub locked: bool,
    /// The user changed the project ID.
    pub on_settings: Callback<SettingsEdit>,
    /// The user changed the description or took the lower-case project ID.
    pub on_form: Callback<FormEdit>,
}

#[function_component]
pub fn RequestFields(props: &RequestFieldsProps) -> Html {
    let desc_errors: Vec<FieldError> = of_field(&props.errors, Field::Description);
    let project_errors: Vec<FieldError> = of_field(&props.errors, Field::ProjectId);
    let lowercase_fix = project_errors
        .iter()
        .any(|e| matches!(e.kind, FieldErrorKind::ProjectIdUppercase { .. }));
    let chars = request::description_chars(&props.sent_description);
    let stamped = props.sent_description.trim() != props.description.trim();
    let failure_at = |field: Field| {
        props
            .failure
            .as_ref()
            .filter(|e| e.field() == Some(field))
            .map(|e| html! { <ErrorView error={e.clone()} /> })
            .unwrap_or_default()
    };

    let on_desc = props
        .on_form
        .reform(|e: InputEvent| FormEdit::SetDescription(event_value(&e)));
    let on_project = props
        .on_settings
        .reform(|e: InputEvent| SettingsEdit::SetProjectId(event_value(&e)));
    let on_lowercase = props
        .on_form
        .reform(|_: MouseEvent| FormEdit::UseLowercaseProjectId);

    let desc_ids = FieldIds::new("description")
        .problems("description-errors")
        .hint("description-count");
    let desc_invalid = !desc_errors.is_empty();
    let project_ids = FieldIds::new("project-id")
        .problems("project-id-errors")
        .hint("project-id-hint");
    let project_invalid = !project_errors.is_empty();

    html! {
        <>
            <FormField ids={desc_ids.clone()} label="Description" problems={Problems::from(desc_errors)}
                hint={html! {
                    <p id="description-count" class={classes!("count", (chars > DESC_MAX_CHARS).then_some("count--over"))}>
                        { format!("{chars} / {DESC_MAX_CHARS}") }
                        if stamped { { " (with the expiry date)" } }
                    </p>
                }}
                after={failure_at(Field::Description)}>
                <textarea id={desc_ids.control} rows="2" autocomplete="off" value={props.description.clone()} oninput={on_desc}
                    disabled={props.locked}
                    aria-invalid={desc_ids.invalid(desc_invalid)}
                    aria-describedby={desc_ids.described_by(desc_invalid)} />
            </FormField>
            <FormField ids={project_ids.clone()} label="Project ID" problems={Problems::from(project_errors)}
                hint={html! { <p id="project-id-hint" class="hint">{ "In the Atlas UI: Project Settings, or the URL after /v2/." }</p> }}
                after={failure_at(Field::ProjectId)}>
                <div class="with-button">
                    <input id={project_ids.control} type="text" spellcheck="false" autocomplete="off" autocapitalize="off"
                        placeholder="24 lowercase hex characters"
                        value={props.project_id.clone()} oninput={on_project} disabled={props.locked}
                        aria-invalid={project_ids.invalid(project_invalid)}
                        aria-describedby={project_ids.described_by(project_invalid)} />
                    if lowercase_fix {
                        <button type="button" class="secondary" onclick={on_lowercase} disabled={props.locked}>
                            { "Use lowercase" }
                        </button>
                    }
                </div>
            </FormField>
        </>
    }
}
