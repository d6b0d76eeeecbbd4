//! "Open a sealed key": the requester gives their identity ("Identity file", or pasted) and the
//! sealed key ("Sealed key file", or pasted armored text); the engines module opens it in memory and
//! the usual reveal shows the key (one-time warning, copy, every export). A wrong identity, a
//! damaged file, something that is not age, or a plaintext that is not a Keymint key: each its own
//! words, and nothing is shown.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::sealing::{read_opened, SecretText};
use crate::state::{Copied, Reveal};
use crate::web::browser::{event_value, read_picked_file};
use crate::web::components::reveal::RevealPanel;
use crate::web::loader;

/// A text field that a picked file can fill.
fn file_or_text(
    file_label: &'static str,
    text_label: &'static str,
    id: &'static str,
    state: &UseStateHandle<String>,
) -> Html {
    let on_pick = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let state = state.clone();
            read_picked_file(&e, move |_, text| {
                if let Ok(text) = text {
                    state.set(text);
                }
            });
        })
    };
    let on_input = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| state.set(event_value(&e)))
    };
    html! {
        <>
            <label for={format!("{id}-file")}>{ file_label }</label>
            <input id={format!("{id}-file")} type="file" onchange={on_pick} />
            <label for={format!("{id}-text")}>{ text_label }</label>
            <textarea id={format!("{id}-text")} rows="3" spellcheck="false" autocomplete="off"
                value={(**state).clone()} oninput={on_input} />
        </>
    }
}

#[function_component]
pub fn OpenSealedView() -> Html {
    let identity = use_state(String::new);
    let sealed = use_state(String::new);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<String>);
    let opened = use_state(|| None::<Rc<Reveal>>);
    let on_open = {
        let (identity, sealed, busy, problem, opened) = (
            identity.clone(),
            sealed.clone(),
            busy.clone(),
            problem.clone(),
            opened.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            problem.set(None);
            let (busy, problem, opened) = (busy.clone(), problem.clone(), opened.clone());
            let (id, file) = (
                SecretText((*identity).clone()),
                (*sealed).clone().into_bytes(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let result = match loader::open_sealed(id, file).await {
                    Ok(Ok(plain)) => {
                        read_opened(plain.0.as_bytes()).map_err(|e| e.message().to_string())
                    }
                    Ok(Err(e)) => Err(e.message().to_string()),
                    Err(e) => Err(format!("{} {}", e.message(), e.next_step())),
                };
                match result {
                    Ok(key) => opened.set(Some(Rc::new(Reveal::new(
                        key.key,
                        key.project_id,
                        key.created,
                        key.environment,
                        None,
                    )))),
                    Err(why) => problem.set(Some(why)),
                }
                busy.set(false);
            });
        })
    };
    let body = match &*opened {
        Some(reveal) => {
            let secure = {
                let opened = opened.clone();
                move || {
                    if let Some(r) = &*opened {
                        let mut r = (**r).clone();
                        r.secured = true;
                        opened.set(Some(Rc::new(r)));
                    }
                }
            };
            let on_copied = {
                let secure = secure.clone();
                Callback::from(move |what: Copied| {
                    if what == Copied::PrivateKey {
                        secure();
                    }
                })
            };
            let on_downloaded = Callback::from(move |()| secure());
            // Leaving drops the opened key; the sealed file and the identity stay where they were.
            let on_leave = {
                let (opened, sealed) = (opened.clone(), sealed.clone());
                Callback::from(move |_| {
                    opened.set(None);
                    sealed.set(String::new());
                })
            };
            html! {
                <RevealPanel reveal={reveal.clone()} {on_copied} {on_downloaded} {on_leave} offer_new_key={false} />
            }
        }
        None => html! {
            <>
                { file_or_text("Identity file", "Identity (pasted)", "open-identity", &identity) }
                { file_or_text("Sealed key file", "Sealed key (pasted)", "open-sealed", &sealed) }
                if let Some(why) = &*problem {
                    <p class="error" role="alert" id="open-sealed-problem">{ why.clone() }</p>
                }
                <div class="actions">
                    <button type="button" onclick={on_open} disabled={*busy}>{ "Open" }</button>
                </div>
            </>
        },
    };
    html! {
        <section class="panel" role="region" aria-labelledby="open-sealed-title">
            <h2 id="open-sealed-title">{ "Open a sealed key" }</h2>
            <p class="hint">{ "Opens a key an admin sealed to you (keymint-….age) with the identity \"Request a key\" made. Both stay in this page's memory." }</p>
            { body }
        </section>
    }
}
