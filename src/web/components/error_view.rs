//! How a `KeymintError` or a field's validation errors look. The words come from the core.

use yew::prelude::*;

use crate::core::error::KeymintError;
use crate::core::request::FieldError;

#[derive(Properties, PartialEq)]
pub struct ErrorViewProps {
    pub error: KeymintError,
    #[prop_or_default]
    pub id: Option<AttrValue>,
}

/// Where a failure came from, so connection trouble does not look like Atlas refusing the request.
fn origin(error: &KeymintError) -> (&'static str, &'static str) {
    match error {
        KeymintError::Atlas { .. } => ("error--atlas", "Atlas answered"),
        KeymintError::OutcomeUnknown { .. } | KeymintError::ServerErrorAfterSending { .. } => {
            ("error--unknown", "Outcome unknown")
        }
        KeymintError::CreatedButUnreadable { .. } => {
            ("error--unknown", "Created, answer unreadable")
        }
        KeymintError::Validation(_) => ("error--input", "Check the form"),
        KeymintError::Digest(_) => ("error--connection", "Authentication exchange"),
        _ => ("error--connection", "Browser, proxy or network"),
    }
}

/// One error: title, what happened, what to do next. Announced at once (role="alert").
#[function_component]
pub fn ErrorView(props: &ErrorViewProps) -> Html {
    let (class, source) = origin(&props.error);
    html! {
        <div id={props.id.clone()} class={classes!("error", class)} role="alert">
            <p class="error-source">{ source }</p>
            <p class="error-title"><strong>{ props.error.title() }</strong></p>
            <p class="error-message">{ props.error.message() }</p>
            <p class="error-next"><strong>{ "Next step: " }</strong>{ props.error.next_step() }</p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct FieldErrorsProps {
    pub id: AttrValue,
    pub errors: Vec<FieldError>,
}

/// The validation errors of one field, referenced by the field's `aria-describedby`.
#[function_component]
pub fn FieldErrors(props: &FieldErrorsProps) -> Html {
    if props.errors.is_empty() {
        return html! {};
    }
    html! {
        <ul id={props.id.clone()} class="field-errors">
            { for props.errors.iter().map(|e| html! {
                <li>{ e.message() }{ " " }<span class="fix">{ e.fix() }</span></li>
            }) }
        </ul>
    }
}
