//! One form field: its label, the control, the problems found with it, a hint, and the aria wiring
//! that ties them together. Every labelled control of the page is one of these.

use yew::prelude::*;

use super::error_view::FieldErrors;
use crate::core::request::{Field, FieldError};

/// The ids that tie a control to what describes it. The control sets `id`, `aria-invalid` and
/// `aria-describedby` from these; [`FormField`] renders the problems and the hint under them.
#[derive(Clone, PartialEq, Default)]
pub struct FieldIds {
    /// The control's id (the label's `for`).
    pub control: &'static str,
    /// The id of the problems' element, when the field can have problems.
    pub problems: Option<&'static str>,
    /// The id of the hint's element, when the field has one.
    pub hint: Option<&'static str>,
}

impl FieldIds {
    pub fn new(control: &'static str) -> Self {
        FieldIds {
            control,
            ..FieldIds::default()
        }
    }

    pub fn problems(mut self, id: &'static str) -> Self {
        self.problems = Some(id);
        self
    }

    pub fn hint(mut self, id: &'static str) -> Self {
        self.hint = Some(id);
        self
    }

    /// `aria-invalid` of the control.
    pub fn invalid(&self, has_problem: bool) -> Option<&'static str> {
        has_problem.then_some("true")
    }

    /// `aria-describedby` of the control: the problems (when there are any), then the hint.
    pub fn described_by(&self, has_problem: bool) -> Option<String> {
        described_by([self.problems.filter(|_| has_problem), self.hint])
    }
}

/// What is wrong with a field: the request's validation errors, or one sentence from the core.
#[derive(Clone, PartialEq, Default)]
pub enum Problems {
    #[default]
    None,
    Errors(Vec<FieldError>),
    Text(AttrValue),
    /// Several sentences from the core, one per problem (e.g. one per bad line).
    Lines(Vec<AttrValue>),
}

impl Problems {
    pub fn any(&self) -> bool {
        match self {
            Problems::None => false,
            Problems::Errors(errors) => !errors.is_empty(),
            Problems::Text(_) => true,
            Problems::Lines(lines) => !lines.is_empty(),
        }
    }
}

impl From<Option<AttrValue>> for Problems {
    fn from(text: Option<AttrValue>) -> Self {
        text.map_or(Problems::None, Problems::Text)
    }
}

impl From<Vec<FieldError>> for Problems {
    fn from(errors: Vec<FieldError>) -> Self {
        Problems::Errors(errors)
    }
}

#[derive(Properties, PartialEq)]
pub struct FormFieldProps {
    pub ids: FieldIds,
    pub label: AttrValue,
    #[prop_or_default]
    pub problems: Problems,
    /// The hint, with the id named in `ids.hint`.
    #[prop_or_default]
    pub hint: Html,
    /// Anything shown after the hint (a failure Atlas blamed on this field, a list of entries).
    #[prop_or_default]
    pub after: Html,
    #[prop_or_default]
    pub class: Classes,
    /// The control (with what sits next to it).
    pub children: Html,
}

#[function_component]
pub fn FormField(props: &FormFieldProps) -> Html {
    let problems_id = AttrValue::from(props.ids.problems.unwrap_or_default());
    let problems = match &props.problems {
        Problems::None => html! {},
        Problems::Errors(errors) => {
            html! { <FieldErrors id={problems_id} errors={errors.clone()} /> }
        }
        Problems::Text(text) => {
            html! { <p id={problems_id} class="field-error">{ text.clone() }</p> }
        }
        Problems::Lines(lines) => html! {
            <ul id={problems_id} class="field-errors">
                { for lines.iter().map(|l| html! { <li>{ l.clone() }</li> }) }
            </ul>
        },
    };
    html! {
        <div class={classes!("field", props.class.clone())}>
            <label for={props.ids.control}>{ props.label.clone() }</label>
            { props.children.clone() }
            { problems }
            { props.hint.clone() }
            { props.after.clone() }
        </div>
    }
}

/// `aria-describedby` from the ids that apply (absent ones skipped).
pub(crate) fn described_by<'a>(ids: impl IntoIterator<Item = Option<&'a str>>) -> Option<String> {
    let joined = ids.into_iter().flatten().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// The problems among `errors` that concern `field`.
pub(crate) fn of_field(errors: &[FieldError], field: Field) -> Vec<FieldError> {
    errors
        .iter()
        .filter(|e| e.field == field)
        .cloned()
        .collect()
}
