//! A `<details>` disclosure that opens by itself when its content needs the user (`open_when`), and
//! otherwise stays as the user left it: it never folds under someone working in it.

use web_sys::Element;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DisclosureProps {
    /// The always-visible line (the `<summary>`).
    pub summary: Html,
    /// Opens the disclosure when this becomes true; it stays open after it turns false again.
    #[prop_or_default]
    pub open_when: bool,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    pub children: Html,
}

#[function_component]
pub fn Disclosure(props: &DisclosureProps) -> Html {
    // None: the user has not toggled it since it last had to open.
    let chosen = use_state(|| None::<bool>);
    {
        let chosen = chosen.clone();
        use_effect_with(props.open_when, move |needed| {
            if *needed {
                chosen.set(Some(true));
            }
        });
    }
    let open = chosen.unwrap_or(props.open_when);
    let ontoggle = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            if let Some(details) = e.target_dyn_into::<Element>() {
                let now_open = details.has_attribute("open");
                if *chosen != Some(now_open) {
                    chosen.set(Some(now_open));
                }
            }
        })
    };
    html! {
        <details id={props.id.clone()} class={props.class.clone()} {open} {ontoggle}>
            <summary>{ props.summary.clone() }</summary>
            { props.children.clone() }
        </details>
    }
}
