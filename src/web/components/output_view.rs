//! How the Atlas CLI would print the new key: the output-format picker (`-o` and its value, or a
//! template file), the rendered text, and the equivalent `atlas` command. The core renders; this
//! only keeps the user's choice.

use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::field::{FieldIds, FormField};
use crate::core::export;
use crate::core::ids::ProjectId;
use crate::core::ondemand::OnDemandError;
use crate::core::output::{self, parse_output_flag, OutputError, OutputFormat};
use crate::core::response::ApiKeyUserDetails;
use crate::web::browser::read_picked_file;
use crate::web::loader;

/// What the on-demand module answered for a format (kept with the format it answers).
type EngineAnswer = (
    OutputFormat,
    Result<Result<String, OutputError>, OnDemandError>,
);

/// The `-o` choices, as `<option value>` and label.
const FORMATS: [(&str, &str); 5] = [
    ("default", "Default text"),
    ("json", "json"),
    ("json-path", "json-path"),
    ("go-template", "go-template"),
    ("go-template-file", "go-template-file"),
];

#[derive(Properties, PartialEq)]
pub struct OutputViewProps {
    pub api_key: ApiKeyUserDetails,
    /// The project the key was created in (the equivalent `atlas` command names it).
    pub project_id: ProjectId,
    /// The profile's `-o` value, shown first (empty: the CLI's default text).
    pub default_output: String,
}

#[function_component]
pub fn OutputView(props: &OutputViewProps) -> Html {
    let key = &props.api_key;
    // The output format, as `-o` would take it; the core renders it and explains a fallback.
    // The profile's default `-o` comes first when it is plain text or JSON; a JSONPath or template
    // from a profile runs only once the user chooses it.
    let profile_format = parse_output_flag(&props.default_output).0;
    let ask_first = !output::runs_without_asking(&profile_format);
    let (initial_name, initial_arg) = if ask_first {
        ("default", String::new())
    } else {
        output::flag_parts(&profile_format)
    };
    let format_name = use_state(|| initial_name.to_string());
    let format_arg = use_state(|| initial_arg);
    let profile_format_chosen = use_state(|| false);
    let template_file = use_state(|| None::<(String, Result<String, String>)>);
    let (format, notice) = match format_name.as_str() {
        "default" => (OutputFormat::Default, None),
        "go-template-file" => match &*template_file {
            Some((name, Ok(text))) => (
                OutputFormat::GoTemplateFile {
                    name: name.clone(),
                    text: text.clone(),
                },
                None,
            ),
            Some((_, Err(why))) => (OutputFormat::Default, Some(why.clone())),
            None => (
                OutputFormat::Default,
                Some("Pick a template file; until then the default text is shown.".to_string()),
            ),
        },
        "json" => parse_output_flag("json"),
        other => parse_output_flag(&format!("{other}={}", *format_arg)),
    };
    // The CLI's text and JSON are rendered here; JSONPath and templates by the on-demand module,
    // fetched the first time one is chosen. An answer for a format no longer chosen is not shown.
    let on_page = output::render_on_page(&format, key);
    let engine_answer = use_state(|| None::<EngineAnswer>);
    {
        let engine_answer = engine_answer.clone();
        let needs_engine = on_page.is_none();
        use_effect_with((format.clone(), key.clone()), move |(format, key)| {
            if needs_engine {
                let (format, key) = (format.clone(), key.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let answer = loader::render(&format, &key).await;
                    engine_answer.set(Some((format, answer)));
                });
            }
        });
    }
    let rendered: Option<Result<String, String>> = match on_page {
        Some(text) => Some(Ok(text)),
        None => match &*engine_answer {
            Some((answered, answer)) if *answered == format => Some(match answer {
                Ok(Ok(text)) => Ok(text.clone()),
                Ok(Err(e)) => Err(e.message()),
                Err(e) => Err(e.to_string()),
            }),
            _ => None,
        },
    };
    let cli_command = export::atlas_cli_command(key, &props.project_id, &format);
    let on_format = {
        let format_name = format_name.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                format_name.set(select.value());
            }
        })
    };
    let on_format_arg = {
        let format_arg = format_arg.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                format_arg.set(area.value());
            }
        })
    };
    let on_template_file = {
        let template_file = template_file.clone();
        Callback::from(move |e: Event| {
            let template_file = template_file.clone();
            read_picked_file(&e, move |name, text| template_file.set(Some((name, text))));
        })
    };
    let on_use_profile_format = {
        let format_name = format_name.clone();
        let format_arg = format_arg.clone();
        let chosen = profile_format_chosen.clone();
        let (name, arg) = output::flag_parts(&profile_format);
        Callback::from(move |_: MouseEvent| {
            format_name.set(name.to_string());
            format_arg.set(arg.clone());
            chosen.set(true);
        })
    };
    let arg_label = match format_name.as_str() {
        "json-path" => Some("JSONPath expression"),
        "go-template" => Some("Go template"),
        _ => None,
    };

    html! {
        <>
        <h3 id="cli-title">{ "As the Atlas CLI prints it" }</h3>
        <FormField ids={FieldIds::new("output-format")} label="Output format">
            <select id="output-format" onchange={on_format}>
                { for FORMATS.iter().map(|(v, l)| html! { <option value={*v} selected={format_name.as_str() == *v}>{ *l }</option> }) }
            </select>
        </FormField>
        if ask_first && !*profile_format_chosen {
            <p class="hint" id="profile-output-hint">
                { format!("Your profile's output format ({}) is not run until you choose it.", output::flag_parts(&profile_format).0) }
            </p>
            <button type="button" class="secondary" onclick={on_use_profile_format}
                aria-describedby="profile-output-hint">{ "Use the profile's output format" }</button>
        }
        if let Some(label) = arg_label {
            <FormField ids={FieldIds::new("output-arg")} {label}>
                <textarea id="output-arg" rows="2" spellcheck="false" autocomplete="off" value={(*format_arg).clone()} oninput={on_format_arg} />
            </FormField>
        }
        if format_name.as_str() == "go-template-file" {
            <FormField ids={FieldIds::new("output-file")} label="Template file">
                <input id="output-file" type="file" onchange={on_template_file} />
            </FormField>
        }
        if let Some(notice) = notice {
            <p class="hint" role="status">{ notice }</p>
        }
        { match &rendered {
            Some(Ok(text)) => html! { <pre id="reveal-cli-text" aria-labelledby="cli-title">{ text.clone() }</pre> },
            Some(Err(message)) => html! { <p id="output-error" class="error" role="alert">{ message.clone() }</p> },
            None => html! { <p id="output-loading" class="hint" role="status">{ "Running the engine for this format…" }</p> },
        } }
        <h3 id="commands-title">{ "The same request elsewhere (private key masked)" }</h3>
        <pre id="reveal-cli-command" aria-label="Atlas CLI command">{ cli_command }</pre>
        </>
    }
}
