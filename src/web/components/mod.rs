//! The page's pieces. Each takes plain props and reports user intent through callbacks; none of them
//! builds a URL, a header or an error message: texts come from the core.

pub mod access_list;
pub mod auth;
pub mod copy_link;
pub mod disclosure;
pub mod error_view;
pub mod expiry;
pub mod field;
pub mod output_view;
pub mod profile_import;
pub mod profiles;
pub mod request_form;
pub mod reveal;
pub mod roles;
pub mod route_consent;
pub mod sealed;
pub mod send;
pub mod settings;
pub mod views_menu;
