//! The one place where what a component reports becomes an [`Action`]: each component takes the
//! typed callback of its own concern (a settings edit, a form edit, a rotation event, ...), so it can
//! neither build nor send an action of another concern.

use yew::prelude::*;

use crate::state::{
    Action, FormEdit, LifecycleEvent, NewKeyAccessEvent, ProfilesEvent, SettingsEdit,
};

/// The reducer's dispatch, as one typed callback per concern.
#[derive(Clone, PartialEq)]
pub(super) struct Events {
    pub settings: Callback<SettingsEdit>,
    pub form: Callback<FormEdit>,
    pub profiles: Callback<ProfilesEvent>,
    pub new_key_access: Callback<NewKeyAccessEvent>,
}

impl Events {
    pub(super) fn new(dispatch: &Callback<Action>) -> Self {
        let lifecycle = |d: &Callback<Action>| d.reform(|e: LifecycleEvent| Action::Lifecycle(e));
        Events {
            settings: dispatch.reform(Action::from),
            form: dispatch.reform(Action::from),
            profiles: dispatch.reform(Action::from),
            new_key_access: lifecycle(dispatch).reform(LifecycleEvent::from),
        }
    }
}
