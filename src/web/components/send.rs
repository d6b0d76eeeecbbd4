//! The Create button: disabled with the core's reasons until the request can be sent, and busy while
//! it is in flight (one create per click).

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CreateButtonProps {
    /// Why the request cannot be sent yet, in form order (the core's words). Empty: ready.
    pub blockers: Vec<String>,
    /// The state's verdict: nothing in flight and nothing blocks the request.
    pub can_send: bool,
    pub sending: bool,
    /// The equivalent curl command (no secrets), once the request is valid.
    #[prop_or_default]
    pub curl: Option<AttrValue>,
    pub on_create: Callback<()>,
}

#[function_component]
pub fn CreateButton(props: &CreateButtonProps) -> Html {
    let disabled = !props.can_send;
    let onclick = {
        let on_create = props.on_create.clone();
        Callback::from(move |_: MouseEvent| {
            if !disabled {
                on_create.emit(());
            }
        })
    };
    let count = props.blockers.len();
    html! {
        <div class="create">
            <button type="button" class="primary" {onclick} {disabled} aria-busy={props.sending.then_some("true")}
                aria-describedby={(count > 0).then_some("create-blockers")}>
                { "Create API key" }
            </button>
            if props.sending {
                <p class="progress" role="status">
                    <span class="spinner" aria-hidden="true"></span>
                    { "Creating the key: Digest challenge, then one signed request…" }
                </p>
            } else if count > 0 {
                <div id="create-blockers" class="blockers">
                    <p>{ if count == 1 { "Fix 1 problem first:".to_string() } else { format!("Fix {count} problems first:") } }</p>
                    <ul>{ for props.blockers.iter().map(|b| html! { <li>{ b.clone() }</li> }) }</ul>
                </div>
            }
            if let Some(curl) = &props.curl {
                <details class="curl">
                    <summary>{ "The same request with curl" }</summary>
                    <pre>{ curl.clone() }</pre>
                </details>
            }
        </div>
    }
}
