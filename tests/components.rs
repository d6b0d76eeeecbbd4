//! Component tests in a real browser: the pieces that need a DOM.
//! Run: `cargo test --target wasm32-unknown-unknown --test components` (CHROMEDRIVER set).
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yew::Callback;

use keymint::core::ids::ProjectId;
use keymint::core::response::{ApiKeyUserDetails, RoleAssignment};
use keymint::core::roles::CATALOG;
use keymint::state::{Copied, Reveal};
use keymint::web::app::App;
use keymint::web::components::reveal::{RevealPanel, RevealPanelProps};
use keymint::web::components::roles::{RolesPicker, RolesPickerProps};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh element to render into, attached to the page so events bubble as in real use.
fn mount_point() -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

fn text(element: &Element) -> String {
    element.text_content().unwrap_or_default()
}

/// The element labelled `name` by a `<label for>`.
fn labelled(root: &Element, name: &str) -> Element {
    let label = all(root, "label")
        .into_iter()
        .find(|l| text(l).trim() == name)
        .unwrap_or_else(|| panic!("no label {name:?}"));
    let id = label.get_attribute("for").expect("label has a for");
    one(root, &format!("[id='{id}']"))
}

fn button(root: &Element, name: &str) -> HtmlElement {
    all(root, "button")
        .into_iter()
        .find(|b| text(b).trim() == name)
        .unwrap_or_else(|| panic!("no button {name:?}"))
        .dyn_into()
        .unwrap()
}

/// Types into an input or textarea the way the browser reports it: value set, then a bubbling `input`.
fn type_into(element: &Element, value: &str) {
    if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        input.set_value(value);
    } else if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
        area.set_value(value);
    }
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict("input", &init).unwrap();
    element.dispatch_event(&event).unwrap();
}

/// App tests start from a first visit: no settings stored by an earlier test.
fn forget_stored_settings() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
}

async fn settle() {
    yew::scheduler::flush().await;
}

/// Waits until the App has mounted its last part, the footer: it mounts a part per task, each after
/// the browser painted the last.
async fn mounted(root: &Element) {
    for _ in 0..50 {
        settle().await;
        if root.query_selector("footer").ok().flatten().is_some() {
            return;
        }
        keymint::web::browser::after_next_paint().await;
    }
    panic!("the App never mounted its footer");
}

fn no_op_roles_props() -> RolesPickerProps {
    RolesPickerProps {
        selected: Vec::new(),
        custom_roles: Vec::new(),
        custom_input: "".into(),
        errors: Vec::new(),
        failure: None,
        locked: false,
        flavor: keymint::core::environment::ApiFlavor::AtlasV2,
        on_form: Callback::noop(),
    }
}

#[wasm_bindgen_test]
async fn roles_picker_has_one_checkbox_per_catalog_role_labelled_by_api_name_and_described_by_meaning(
) {
    let root = mount_point();
    yew::Renderer::<RolesPicker>::with_root_and_props(root.clone(), no_op_roles_props()).render();
    settle().await;

    let boxes = all(&root, "input[type=checkbox]");
    assert_eq!(boxes.len(), 18);
    assert_eq!(boxes.len(), CATALOG.len());
    for role in CATALOG {
        let checkbox = labelled(&root, role.name);
        assert_eq!(checkbox.get_attribute("type").as_deref(), Some("checkbox"));
        let described = checkbox.get_attribute("aria-describedby").unwrap();
        assert_eq!(
            text(&one(&root, &format!("[id='{described}']"))),
            role.meaning
        );
    }
    let legends: Vec<String> = all(&root, "fieldset > legend").iter().map(text).collect();
    assert_eq!(legends, ["Project roles", "Organization roles"]);
    let fieldsets = all(&root, "fieldset");
    assert_eq!(all(&fieldsets[0], "input[type=checkbox]").len(), 11);
    assert_eq!(all(&fieldsets[1], "input[type=checkbox]").len(), 7);
}

#[wasm_bindgen_test]
async fn ticking_org_owner_warns_in_an_alert() {
    let root = mount_point();
    let props = RolesPickerProps {
        selected: vec!["ORG_OWNER".to_string()],
        ..no_op_roles_props()
    };
    yew::Renderer::<RolesPicker>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let alerts = all(&root, "[role=alert]");
    assert!(
        alerts.iter().any(|a| text(a).contains("ORG_OWNER")),
        "an alert names the organization role"
    );
}

#[wasm_bindgen_test]
async fn create_is_disabled_with_reasons_for_an_empty_form_and_enabled_for_a_valid_one() {
    forget_stored_settings();
    let root = mount_point();
    yew::Renderer::<App>::with_root(root.clone()).render();
    mounted(&root).await;

    let create = button(&root, "Create API key");
    assert!(create.has_attribute("disabled"));
    let reasons = one(&root, "#create-blockers");
    assert_eq!(
        create.get_attribute("aria-describedby").as_deref(),
        Some("create-blockers")
    );
    let why = text(&reasons);
    assert!(why.contains("Public key"), "{why}");
    assert!(why.contains("Private key"), "{why}");
    assert!(why.contains("Fix "), "{why}");

    type_into(&labelled(&root, "Public key"), "abcdefgh");
    type_into(
        &labelled(&root, "Private key"),
        "00000000-0000-0000-0000-000000000000",
    );
    type_into(&labelled(&root, "Description"), "ci deploys");
    type_into(&labelled(&root, "Project ID"), "b0123456789abcdef012345b");
    settle().await;
    assert!(
        button(&root, "Create API key").has_attribute("disabled"),
        "no role yet"
    );

    labelled(&root, "GROUP_READ_ONLY")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    settle().await;
    let create = button(&root, "Create API key");
    assert!(!create.has_attribute("disabled"));
    assert!(root.query_selector("#create-blockers").unwrap().is_none());
    // "ci deploys" and the default expiry's " [expires YYYY-MM-DD]": the counter counts what is sent.
    assert_eq!(
        text(&one(&root, "#description-count")).trim(),
        "31 / 250 (with the expiry date)"
    );
}

#[wasm_bindgen_test]
async fn an_uppercase_project_id_offers_a_lowercase_fix_that_applies_it() {
    forget_stored_settings();
    let root = mount_point();
    yew::Renderer::<App>::with_root(root.clone()).render();
    mounted(&root).await;
    let project = labelled(&root, "Project ID");
    type_into(&project, "B0123456789ABCDEF012345B");
    settle().await;
    assert_eq!(
        project.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    button(&root, "Use lowercase").click();
    settle().await;
    let project: HtmlInputElement = labelled(&root, "Project ID").dyn_into().unwrap();
    assert_eq!(project.value(), "b0123456789abcdef012345b");
    assert!(project.get_attribute("aria-invalid").is_none());
}

#[wasm_bindgen_test]
async fn the_private_key_field_is_a_password_field_with_a_show_hide_toggle() {
    forget_stored_settings();
    let root = mount_point();
    yew::Renderer::<App>::with_root(root.clone()).render();
    mounted(&root).await;
    let field = labelled(&root, "Private key");
    assert_eq!(field.get_attribute("type").as_deref(), Some("password"));
    // A password manager may fill the caller's own key pair (never the new key: it is not in a field).
    assert_eq!(
        field.get_attribute("autocomplete").as_deref(),
        Some("current-password")
    );
    assert_eq!(
        labelled(&root, "Public key")
            .get_attribute("autocomplete")
            .as_deref(),
        Some("username")
    );
    button(&root, "Show private key").click();
    settle().await;
    assert_eq!(
        labelled(&root, "Private key")
            .get_attribute("type")
            .as_deref(),
        Some("text")
    );
    button(&root, "Hide private key").click();
    settle().await;
    assert_eq!(
        labelled(&root, "Private key")
            .get_attribute("type")
            .as_deref(),
        Some("password")
    );
}

fn created_key() -> ApiKeyUserDetails {
    ApiKeyUserDetails {
        id: "6a793fbd2c88faeba59bd3b1".to_string(),
        desc: "e2e-test".into(),
        public_key: "flezioeg".into(),
        private_key: "754c8808-0ba8-4153-8eea-85daa09d408a".into(),
        roles: vec![
            RoleAssignment {
                role_name: "ORG_MEMBER".into(),
                group_id: None,
                org_id: Some("a0123456789abcdef012345a".into()),
            },
            RoleAssignment {
                role_name: "GROUP_READ_ONLY".into(),
                group_id: Some("b0123456789abcdef012345b".into()),
                org_id: None,
            },
        ],
        links: Vec::new(),
    }
}

fn reveal_props(secured: bool, left: Rc<RefCell<Vec<bool>>>) -> RevealPanelProps {
    RevealPanelProps {
        reveal: Rc::new(Reveal {
            key: created_key(),
            project_id: ProjectId::parse("b0123456789abcdef012345b").unwrap(),
            created_at: "2026-11-28T12:00:00.000Z".into(),
            secured,
            environment: keymint::core::environment::Environment::Atlas,
            caller_public_key: Some("kmowner1".into()),
            default_output: String::new(),
            follow_up: Default::default(),
            sealed: None,
        }),
        on_copied: Callback::from(|_: Copied| ()),
        on_downloaded: Callback::noop(),
        on_leave: Callback::from(move |fresh| left.borrow_mut().push(fresh)),
        children: yew::Html::default(),
        offer_new_key: true,
        on_seal: None,
    }
}

/// Replaces `window.confirm` with one that answers `answer` and counts its calls in `window.confirmCalls`.
fn stub_confirm(answer: bool) {
    let window = web_sys::window().unwrap();
    Reflect::set(&window, &"confirmCalls".into(), &JsValue::from(0)).unwrap();
    let stub = Function::new_no_args(&format!("window.confirmCalls += 1; return {answer};"));
    Reflect::set(&window, &"confirm".into(), &stub).unwrap();
}

fn confirm_calls() -> f64 {
    Reflect::get(&web_sys::window().unwrap(), &"confirmCalls".into())
        .unwrap()
        .as_f64()
        .unwrap()
}

#[wasm_bindgen_test]
async fn the_reveal_shows_the_cli_text_the_once_only_warning_and_every_role() {
    let root = mount_point();
    let left = Rc::new(RefCell::new(Vec::new()));
    yew::Renderer::<RevealPanel>::with_root_and_props(root.clone(), reveal_props(false, left))
        .render();
    settle().await;

    let region = one(&root, "section[role=region]");
    let title_id = region.get_attribute("aria-labelledby").unwrap();
    assert_eq!(
        text(&one(&root, &format!("[id='{title_id}']"))),
        "New API key"
    );
    assert_eq!(
        text(&one(&region, "#reveal-cli-text")),
        "API Key '6a793fbd2c88faeba59bd3b1' created.\nPublic API Key flezioeg\nPrivate API Key 754c8808-0ba8-4153-8eea-85daa09d408a\n"
    );
    let warning = all(&region, "[role=alert]")
        .iter()
        .map(text)
        .collect::<String>();
    assert!(warning.contains("only once"), "{warning}");
    let roles = text(&one(&region, "#reveal-roles"));
    assert!(
        roles.contains("ORG_MEMBER") && roles.contains("GROUP_READ_ONLY"),
        "{roles}"
    );
    for name in [
        "Copy public key",
        "Copy private key",
        "Download",
        "Done",
        "New key",
    ] {
        button(&root, name);
    }
}

/// A key sealed to a requester: its private key is nowhere in the reveal, only the sealed file's
/// buttons, usable once the file is made.
#[wasm_bindgen_test]
async fn a_sealed_reveal_never_renders_the_private_key() {
    use keymint::core::request_link::AgeRecipient;
    use keymint::state::Sealing;
    let recipient =
        AgeRecipient::parse("age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p")
            .unwrap();
    for armored in [
        None,
        Some(Ok("-----BEGIN AGE ENCRYPTED FILE-----\n".to_string())),
    ] {
        let root = mount_point();
        let mut props = reveal_props(false, Rc::new(RefCell::new(Vec::new())));
        let mut reveal = (*props.reveal).clone();
        reveal.sealed = Some(Sealing {
            recipient: recipient.clone(),
            armored: armored.clone(),
        });
        props.reveal = Rc::new(reveal);
        let private = props.reveal.key.private_key.clone();
        yew::Renderer::<RevealPanel>::with_root_and_props(root.clone(), props).render();
        settle().await;
        let html = root.inner_html();
        assert!(!html.contains(&private), "the private key is not rendered");
        assert!(html.contains("Sealed for"));
        let names: Vec<String> = all(&root, "button")
            .iter()
            .map(|b| text(b).trim().to_string())
            .collect();
        for plain in [
            "Copy private key",
            "Download",
            "Download .env",
            "Download Atlas CLI profile",
        ] {
            assert!(!names.iter().any(|n| n == plain), "{plain}: {names:?}");
        }
        let download = button(&root, "Download sealed key");
        assert_eq!(download.has_attribute("disabled"), armored.is_none());
        button(&root, "Copy sealed key");
    }
}

/// A rotation's new key is shown in Project keys: Done, but no "New key" (there is no form there).
#[wasm_bindgen_test]
async fn a_rotations_reveal_offers_done_but_no_new_form() {
    let root = mount_point();
    let left = Rc::new(RefCell::new(Vec::new()));
    let props = RevealPanelProps {
        offer_new_key: false,
        ..reveal_props(true, left.clone())
    };
    yew::Renderer::<RevealPanel>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let names: Vec<String> = all(&root, "button")
        .iter()
        .map(|b| text(b).trim().to_string())
        .collect();
    assert!(!names.iter().any(|n| n == "New key"), "{names:?}");
    button(&root, "Done").click();
    settle().await;
    assert_eq!(*left.borrow(), [false]);
}

#[wasm_bindgen_test]
async fn leaving_an_unsaved_reveal_asks_first_and_stays_when_refused() {
    let root = mount_point();
    let left = Rc::new(RefCell::new(Vec::new()));
    yew::Renderer::<RevealPanel>::with_root_and_props(
        root.clone(),
        reveal_props(false, left.clone()),
    )
    .render();
    settle().await;

    stub_confirm(false);
    button(&root, "Done").click();
    button(&root, "New key").click();
    assert_eq!(confirm_calls(), 2.0);
    assert!(left.borrow().is_empty(), "refusing keeps the key on screen");

    stub_confirm(true);
    button(&root, "New key").click();
    assert_eq!(*left.borrow(), vec![true]);
}

#[wasm_bindgen_test]
async fn leaving_a_saved_reveal_does_not_ask() {
    let root = mount_point();
    let left = Rc::new(RefCell::new(Vec::new()));
    yew::Renderer::<RevealPanel>::with_root_and_props(
        root.clone(),
        reveal_props(true, left.clone()),
    )
    .render();
    settle().await;
    stub_confirm(false);
    button(&root, "Done").click();
    assert_eq!(confirm_calls(), 0.0);
    assert_eq!(*left.borrow(), vec![false]);
}

#[wasm_bindgen_test]
async fn the_panic_message_says_nothing_was_stored_and_whether_a_key_was_shown() {
    use keymint::core::crash::crash_notice;
    use keymint::web::browser::render_crash_notice;
    let before = mount_point();
    render_crash_notice(&before, &crash_notice(false)).unwrap();
    let alert = one(&before, "[role='alert']");
    let said = text(&alert);
    assert!(said.contains("Keymint stopped"), "{said}");
    assert!(said.contains("Nothing was stored"), "{said}");
    assert!(!said.contains("already been shown"), "{said}");
    let after = mount_point();
    render_crash_notice(&after, &crash_notice(true)).unwrap();
    let said = text(&one(&after, "[role='alert']"));
    assert!(
        said.contains("A new API key had already been shown"),
        "{said}"
    );
}
