//! "Expires": a number of days, a date, or "Never" where the deployment allows it. The core resolves
//! the choice and stamps the date into the description (`core::expiry`).

use yew::prelude::*;

use super::field::{of_field, FieldIds, FormField, Problems};
use crate::core::expiry::{stamp, ExpiryChoice, ExpiryRules};
use crate::core::request::{Field, FieldError};
use crate::state::FormEdit;
use crate::web::browser::event_value;

#[derive(Properties, PartialEq)]
pub struct ExpiryFieldProps {
    pub choice: ExpiryChoice,
    pub rules: ExpiryRules,
    /// The core's validation errors (this field's are shown).
    pub errors: Vec<FieldError>,
    #[prop_or_default]
    pub locked: bool,
    pub on_form: Callback<FormEdit>,
}

#[function_component]
pub fn ExpiryField(props: &ExpiryFieldProps) -> Html {
    let errors = of_field(&props.errors, Field::Expiry);
    let invalid = !errors.is_empty();
    let rules = props.rules;
    let on_choice = props.on_form.reform(|e: Event| {
        FormEdit::SetExpiry(
            ExpiryChoice::from_select_value(&event_value(&e)).unwrap_or(ExpiryChoice::Never),
        )
    });
    let on_date = props
        .on_form
        .reform(|e: InputEvent| FormEdit::SetExpiry(ExpiryChoice::On(event_value(&e))));
    let ids = FieldIds::new("expiry")
        .problems("expiry-errors")
        .hint("expiry-hint");
    let selected = props.choice.select_value();
    let option = |value: String, label: String| {
        let is = value == selected;
        html! { <option {value} selected={is}>{ label }</option> }
    };
    let resolved = rules.resolve(&props.choice).ok().flatten();
    let hint = match (resolved, rules.max_days) {
        (Some(day), _) => format!(
            "Atlas keys never expire by themselves: Keymint ends the description with {} for Project keys and cleanup to read.",
            stamp(day)
        ),
        (None, Some(max)) => format!("This organization allows keys to live at most {max} days."),
        (None, None) => "The key works until someone deletes it.".to_string(),
    };
    let (min, max) = match rules.today {
        Some(today) => (
            Some(today.plus_days(1).to_string()),
            rules.max_days.map(|days| today.plus_days(days).to_string()),
        ),
        None => (None, None),
    };
    html! {
        <FormField ids={ids.clone()} label="Expires" problems={Problems::from(errors)}
            hint={html! { <p id="expiry-hint" class="hint">{ hint }</p> }}
            after={match &props.choice {
                ExpiryChoice::On(text) => html! {
                    <input id="expiry-date" type="date" aria-label="Expiry date" value={text.clone()}
                        min={min} max={max} oninput={on_date} disabled={props.locked}
                        aria-invalid={ids.invalid(invalid)} />
                },
                _ => html! {},
            }}>
            <select id={ids.control} onchange={on_choice} disabled={props.locked}
                aria-invalid={ids.invalid(invalid)} aria-describedby={ids.described_by(invalid)}>
                { for rules.day_choices().into_iter().map(|days| option(days.to_string(), format!("{days} days"))) }
                { option("date".to_string(), "On a date".to_string()) }
                if rules.allows_never() {
                    { option("never".to_string(), "Never".to_string()) }
                }
            </select>
        </FormField>
    }
}
