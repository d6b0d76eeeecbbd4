//! Connection settings: which Atlas, through which proxy, and "Test connection".

use yew::prelude::*;

use super::field::{FieldIds, FormField, Problems};
use crate::core::environment::{ApiFlavor, Environment};
use crate::core::probe::ProbeReport;
use crate::state::{EnvironmentChoice, Progress, SettingsEdit};
use crate::web::browser::event_value;

#[derive(Properties, PartialEq)]
pub struct ConnectionSettingsProps {
    pub environment: Environment,
    pub custom_base_url: AttrValue,
    pub custom_flavor: ApiFlavor,
    pub proxy: AttrValue,
    /// The core's objection to the custom base URL, if any.
    #[prop_or_default]
    pub base_url_problem: Option<AttrValue>,
    /// The core's objection to the proxy URL, if any.
    #[prop_or_default]
    pub proxy_problem: Option<AttrValue>,
    pub connection: Progress<ProbeReport>,
    #[prop_or_default]
    pub locked: bool,
    /// The administrator fixed environment, base URL and proxy (config.json `lockRouting`).
    #[prop_or_default]
    pub fixed_by_admin: bool,
    /// The user changed a connection setting.
    pub on_settings: Callback<SettingsEdit>,
    pub on_test: Callback<()>,
}

const FLAVORS: [(ApiFlavor, &str, &str); 2] = [
    (ApiFlavor::AtlasV2, "v2", "Atlas Administration API v2"),
    (
        ApiFlavor::OpsManagerV1,
        "v1",
        "Ops Manager or Cloud Manager v1.0",
    ),
];

#[function_component]
pub fn ConnectionSettings(props: &ConnectionSettingsProps) -> Html {
    let choice = EnvironmentChoice::of(&props.environment);
    let on_settings = props.on_settings.clone();
    let on_environment = on_settings.reform(|e: Event| {
        let choice =
            EnvironmentChoice::from_value(&event_value(&e)).unwrap_or(EnvironmentChoice::Atlas);
        SettingsEdit::SelectEnvironment(choice)
    });
    let on_base_url =
        on_settings.reform(|e: InputEvent| SettingsEdit::SetCustomBaseUrl(event_value(&e)));
    let on_flavor = on_settings.reform(|e: Event| {
        let value = event_value(&e);
        let flavor = FLAVORS
            .iter()
            .find(|(_, v, _)| *v == value)
            .map_or(ApiFlavor::OpsManagerV1, |(f, _, _)| *f);
        SettingsEdit::SetCustomFlavor(flavor)
    });
    let on_proxy = on_settings.reform(|e: InputEvent| SettingsEdit::SetProxy(event_value(&e)));
    let on_test = props.on_test.reform(|_: MouseEvent| ());
    let testing = props.connection.is_running();

    let base_url_ids = FieldIds::new("base-url").problems("base-url-error");
    let base_url_invalid = props.base_url_problem.is_some();
    let proxy_ids = FieldIds::new("proxy-url")
        .problems("proxy-error")
        .hint("proxy-help");
    let proxy_invalid = props.proxy_problem.is_some();

    // Sending locks every control; the administrator's lock keeps the route's controls disabled.
    let route_locked = props.locked || props.fixed_by_admin;
    let environment_option = |c: EnvironmentChoice, label: &'static str| {
        html! { <option value={c.value()} selected={c == choice}>{ label }</option> }
    };

    html! {
        <section class="panel" aria-labelledby="connection-title">
            <h2 id="connection-title">{ "Connection" }</h2>
            if props.fixed_by_admin {
                <p class="notice" id="route-fixed-note">{ "The administrator of this page fixed the environment, base URL and proxy; they cannot be changed here." }</p>
            }
            <FormField ids={FieldIds::new("environment")} label="Environment"
                hint={html! { <p class="hint" id="environment-hint">{ props.environment.label() }{ ": " }<code>{ props.environment.base_url() }</code></p> }}>
                <select id="environment" onchange={on_environment} disabled={route_locked}>
                    { environment_option(EnvironmentChoice::Atlas, "Atlas") }
                    { environment_option(EnvironmentChoice::AtlasGov, "Atlas for Government") }
                    { environment_option(EnvironmentChoice::Custom, "Custom base URL") }
                </select>
            </FormField>
            if choice == EnvironmentChoice::Custom {
                <FormField ids={base_url_ids.clone()} label="Base URL"
                    problems={Problems::from(props.base_url_problem.clone())}>
                    <input id={base_url_ids.control} type="url" inputmode="url" autocomplete="url" spellcheck="false"
                        placeholder="https://opsmanager.example.com"
                        value={props.custom_base_url.clone()} oninput={on_base_url} disabled={route_locked}
                        aria-invalid={base_url_ids.invalid(base_url_invalid)}
                        aria-describedby={base_url_ids.described_by(base_url_invalid)} />
                </FormField>
                <FormField ids={FieldIds::new("api-flavor")} label="API">
                    <select id="api-flavor" onchange={on_flavor} disabled={route_locked}>
                        { for FLAVORS.iter().map(|(flavor, value, label)| html! {
                            <option value={*value} selected={*flavor == props.custom_flavor}>{ *label }</option>
                        }) }
                    </select>
                </FormField>
            }
            <FormField ids={proxy_ids.clone()} label="Proxy URL"
                problems={Problems::from(props.proxy_problem.clone())}
                hint={html! {
                <div id="proxy-help" class="hint">
                    <p>{ "Atlas does not answer browsers from other sites, so requests go through a proxy. Three forms:" }</p>
                    <ul>
                        <li>{ "a path template on this site, e.g. " }<code>{ "/atlas{path}" }</code>
                            { " ({path} becomes the Atlas path and query; trunk serve, nginx);" }</li>
                        <li>{ "a prefix, e.g. " }<code>{ "https://cors.example.com/" }</code>
                            { " (the full Atlas URL is appended, as cors-anywhere expects), or a template with " }
                            <code>{ "{url}" }</code>{ " (the URL-encoded Atlas URL);" }</li>
                        <li>{ "empty: call Atlas directly (only where the target allows this page's origin)." }</li>
                    </ul>
                </div>
                }}>
                <input id={proxy_ids.control} type="text" inputmode="url" spellcheck="false" autocomplete="off"
                    placeholder="/atlas{path}"
                    value={props.proxy.clone()} oninput={on_proxy} disabled={route_locked}
                    aria-invalid={proxy_ids.invalid(proxy_invalid)}
                    aria-describedby={proxy_ids.described_by(proxy_invalid)} />
            </FormField>
            <div class="actions">
                <button type="button" onclick={on_test} disabled={testing || props.proxy_problem.is_some()}
                    aria-describedby="connection-status">{ "Test connection" }</button>
            </div>
            <div id="connection-status" role="status" class="connection-status">
                { connection_report(&props.connection) }
            </div>
        </section>
    }
}

fn connection_report(check: &Progress<ProbeReport>) -> Html {
    match check {
        // The probe reports every failure as a report: it never ends in Failed.
        Progress::Idle | Progress::Failed(_) => html! {},
        Progress::Running => html! { <p>{ "Testing the connection…" }</p> },
        Progress::Done(report) => {
            let class = if report.reached_atlas() {
                "report report--ok"
            } else {
                "report report--problem"
            };
            html! {
                <div class={class}>
                    <p><strong>{ report.title() }</strong></p>
                    <p>{ report.detail() }</p>
                </div>
            }
        }
    }
}
