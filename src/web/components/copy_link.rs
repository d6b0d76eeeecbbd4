//! "Copy link for this form": a link that prefills description, project ID and roles for someone else.
//! The core builds it from the form's non-secret fields only.

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::core::deeplink::build_link;
use crate::core::request::RequestDraft;
use crate::web::browser::{page_href, write_clipboard};

#[derive(Properties, PartialEq)]
pub struct CopyLinkProps {
    pub draft: RequestDraft,
}

#[function_component]
pub fn CopyLinkButton(props: &CopyLinkProps) -> Html {
    let status = use_state(String::new);
    let onclick = {
        let status = status.clone();
        let draft = props.draft.clone();
        Callback::from(move |_: MouseEvent| {
            let link = build_link(&page_href(), &draft, None);
            let status = status.clone();
            spawn_local(async move {
                status.set(if write_clipboard(&link).await {
                    format!("Copied a link that prefills this form (no keys in it): {link}")
                } else {
                    format!("Copying is not allowed here; this link prefills the form: {link}")
                });
            });
        })
    };
    html! {
        <div class="copy-link">
            <button type="button" class="secondary" {onclick}>{ "Copy link for this form" }</button>
            <p id="copy-link-status" class="feedback" role="status">{ (*status).clone() }</p>
        </div>
    }
}
