//! Rotating a key, as data: which calls in which order, one press each, and what a failure at each
//! step leaves behind.
//!
//! The order: (1) read the old key's access list (a harmless read first, so a failure there changes
//! nothing), (2) create the new key with the old key's roles on this project (sent once, like any
//! create), (3) add the old key's entries to the new key's access list (skipped when there are none),
//! (4) wait until the user says the new key is deployed, (5) remove the old key: delete it from the
//! organization when this project is its only assignment, otherwise unassign it from this project.

//!
//! `plan.rs` decides everything before the first call (roles, entries, how the old key goes);
//! `run.rs` walks the steps, one answer at a time.

mod plan;
mod run;

pub use plan::*;
pub use run::*;
