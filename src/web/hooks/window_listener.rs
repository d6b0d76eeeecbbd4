//! `use_window_listener`: a listener on `window` that lives as long as its dependencies stay equal.

use web_sys::Event;
use yew::prelude::*;

use crate::web::browser::WindowListener;

/// Listens for `event` on `window` while `listen(&deps)` gives a handler; re-evaluated whenever
/// `deps` change, and removed when they do or the component goes away.
#[hook]
pub fn use_window_listener<D, L, H>(event: &'static str, deps: D, listen: L)
where
    D: PartialEq + 'static,
    L: FnOnce(&D) -> Option<H> + 'static,
    H: FnMut(Event) + 'static,
{
    use_effect_with(deps, move |deps| {
        let guard = listen(deps).and_then(|handler| WindowListener::add(event, handler));
        move || drop(guard)
    });
}
