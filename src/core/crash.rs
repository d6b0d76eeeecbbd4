//! What the page says when Keymint itself fails (a panic): what happened, that nothing was stored,
//! what to check in Atlas, and whether a new key had already been shown. The panic's own text is
//! never part of it: it could quote anything the page held.

/// The message that replaces the page after a panic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrashNotice {
    pub title: &'static str,
    pub paragraphs: Vec<&'static str>,
}

/// The notice for a panic; `key_revealed` is true when a new key had been shown in this tab.
pub fn crash_notice(key_revealed: bool) -> CrashNotice {
    let mut paragraphs = vec![
        "Keymint stopped because of an error in the page itself. This is a bug in Keymint, not something you did.",
        "Nothing was stored: no key, secret or token was written to this browser's storage, cookies or address bar, and the page's memory is gone with it.",
    ];
    if key_revealed {
        paragraphs.push(
            "A new API key had already been shown on this page. If you did not copy or download its private key, it is lost: \
             in Atlas, open the organization's API keys, find the key by its description and delete it, then create a new one.",
        );
    } else {
        paragraphs.push(
            "If you had pressed Create, a key may have been created: in Atlas, check the project's API keys (Access Manager) \
             for one with your description before creating another, and delete any you cannot use.",
        );
    }
    paragraphs.push("Reload the page to start again.");
    CrashNotice {
        title: "Keymint stopped",
        paragraphs,
    }
}
