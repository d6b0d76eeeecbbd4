//! Roles: one checkbox per catalog role, grouped by scope, plus custom roles newer than the catalog.
//! Warnings and the least-privilege hint are the core's.

use yew::prelude::*;

use super::disclosure::Disclosure;
use super::error_view::{ErrorView, FieldErrors};
use super::field::{described_by, of_field, FieldIds, FormField, Problems};
use crate::core::environment::ApiFlavor;
use crate::core::error::KeymintError;
use crate::core::request::{Field, FieldError};
use crate::core::roles::{self, RoleInfo, RoleScope};
use crate::state::FormEdit;
use crate::web::browser::event_value;

#[derive(Properties, PartialEq)]
pub struct RolesPickerProps {
    /// Catalog roles ticked, in the order they were ticked.
    pub selected: Vec<String>,
    pub custom_roles: Vec<String>,
    pub custom_input: AttrValue,
    /// The core's validation errors for roles and custom roles (only those the user should see now).
    pub errors: Vec<FieldError>,
    /// A failed create that Atlas blamed on the roles: shown with them.
    #[prop_or_default]
    pub failure: Option<KeymintError>,
    #[prop_or_default]
    pub locked: bool,
    /// Whose role catalog to offer: Atlas's or Ops Manager's.
    #[prop_or(ApiFlavor::AtlasV2)]
    pub flavor: ApiFlavor,
    /// The user ticked a role or edited the custom roles.
    pub on_form: Callback<FormEdit>,
}

#[function_component]
pub fn RolesPicker(props: &RolesPickerProps) -> Html {
    let chosen: Vec<String> = props
        .selected
        .iter()
        .chain(props.custom_roles.iter())
        .cloned()
        .collect();
    let warnings = roles::warnings_for(props.flavor, &chosen);
    let hint = roles::least_privilege_hint_for(props.flavor, &chosen);
    let catalog = roles::catalog(props.flavor);
    // Ticked organization roles are never hidden behind the fold.
    let org_ticked = catalog
        .iter()
        .any(|r| r.scope == RoleScope::Organization && props.selected.iter().any(|s| s == r.name));
    let role_errors = of_field(&props.errors, Field::Roles);
    let custom_errors = of_field(&props.errors, Field::CustomRole);

    let custom_ids = FieldIds::new("custom-role")
        .problems("custom-role-errors")
        .hint("custom-role-hint");
    let custom_invalid = !custom_errors.is_empty();

    let checkbox = |role: &'static RoleInfo| {
        let id = format!("role-{}", role.name);
        let meaning_id = format!("role-{}-meaning", role.name);
        let onchange = props
            .on_form
            .reform(move |_: Event| FormEdit::ToggleRole(role.name.to_string()));
        html! {
            <li class="role">
                <input type="checkbox" id={id.clone()} checked={props.selected.iter().any(|r| r == role.name)}
                    {onchange} disabled={props.locked} aria-describedby={meaning_id.clone()} />
                <label for={id}><code>{ role.name }</code></label>
                <p id={meaning_id} class="role-meaning">{ role.meaning }</p>
            </li>
        }
    };

    let on_custom_input = props
        .on_form
        .reform(|e: InputEvent| FormEdit::SetCustomRoleInput(event_value(&e)));
    let on_custom_key = {
        let on_form = props.on_form.clone();
        // Enter adds the role (there is no form submit to catch it).
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                on_form.emit(FormEdit::AddCustomRole);
            }
        })
    };
    let on_add = props
        .on_form
        .reform(|_: MouseEvent| FormEdit::AddCustomRole);

    html! {
        <div class="roles" role="group" aria-labelledby="roles-title"
            aria-describedby={described_by([(!role_errors.is_empty()).then_some("roles-errors")])}>
            <h3 id="roles-title">{ "Roles" }</h3>
            <p class="hint" id="roles-hint">
                { "Pick the fewest roles that do the job: a leaked key can do everything its roles allow. Atlas adds ORG_MEMBER by itself." }
            </p>
            <FieldErrors id="roles-errors" errors={role_errors} />
            { for props.failure.iter().filter(|e| matches!(e.field(), Some(Field::Roles | Field::CustomRole))).map(|e| html! { <ErrorView error={e.clone()} /> }) }
            <fieldset>
                <legend>{ "Project roles" }</legend>
                <ul class="role-list">{ for catalog.iter().filter(|r| r.scope == RoleScope::Project).map(checkbox) }</ul>
            </fieldset>
            <Disclosure class="org-roles" open_when={org_ticked}
                summary={html! { "Organization roles: why a project key normally does without them" }}>
                <p class="hint" id="org-roles-why">
                    { "A project API key acts in this project. Organization roles reach every project and setting of the organization, so a leaked key with one does far more harm; Atlas adds ORG_MEMBER by itself and usually refuses the others here (CANNOT_ADD_ORG_ROLE). Grant organization roles on the organization's API key page instead." }
                </p>
                <fieldset aria-describedby="org-roles-why">
                    <legend>{ "Organization roles" }</legend>
                    <ul class="role-list">{ for catalog.iter().filter(|r| r.scope == RoleScope::Organization).map(checkbox) }</ul>
                </fieldset>
            </Disclosure>
            if let Some(hint) = hint {
                <p class="hint least-privilege">{ hint }</p>
            }
            { for warnings.iter().map(|w| html! { <p class="warning" role="alert">{ w.message() }</p> }) }
            <FormField ids={custom_ids.clone()} label="Custom role" problems={Problems::from(custom_errors)}
                hint={html! { <p id="custom-role-hint" class="hint">{ "For a role newer than this list: its API name, e.g. GROUP_STREAM_PROCESSING_OWNER." }</p> }}
                after={html! {
                if !props.custom_roles.is_empty() {
                    <ul class="custom-roles" aria-label="Custom roles">
                        { for props.custom_roles.iter().map(|role| {
                            let name = role.clone();
                            let on_remove = props.on_form.reform(move |_: MouseEvent| FormEdit::RemoveCustomRole(name.clone()));
                            html! {
                                <li>
                                    <code>{ role.clone() }</code>
                                    <button type="button" class="secondary small" onclick={on_remove}
                                        disabled={props.locked} aria-label={format!("Remove {role}")}>{ "Remove" }</button>
                                </li>
                            }
                        }) }
                    </ul>
                }
                }}>
                <div class="with-button">
                    <input id={custom_ids.control} type="text" spellcheck="false" autocomplete="off" autocapitalize="characters"
                        placeholder="GROUP_NEW_ROLE" value={props.custom_input.clone()}
                        oninput={on_custom_input} onkeydown={on_custom_key} disabled={props.locked}
                        aria-invalid={custom_ids.invalid(custom_invalid)}
                        aria-describedby={custom_ids.described_by(custom_invalid)} />
                    <button type="button" class="secondary" onclick={on_add} disabled={props.locked}>{ "Add custom role" }</button>
                </div>
            </FormField>
        </div>
    }
}
