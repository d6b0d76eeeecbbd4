//! The message that replaces the page after a panic.

use keymint::core::crash::crash_notice;

#[test]
fn the_panic_message_says_what_happened_that_nothing_was_stored_and_what_to_check() {
    let before = crash_notice(false).paragraphs.join(" ");
    assert!(before.contains("Nothing was stored"), "{before}");
    assert!(before.contains("check the project's API keys"), "{before}");
    assert!(!before.contains("already been shown"), "{before}");
    let after = crash_notice(true).paragraphs.join(" ");
    assert!(
        after.contains("A new API key had already been shown"),
        "{after}"
    );
    assert!(after.contains("delete it"), "{after}");
    assert_eq!(crash_notice(true).title, "Keymint stopped");
}
