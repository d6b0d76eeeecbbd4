//! Where requests go in one line, and when the Settings area opens by itself.

use keymint::core::connection::{needs_attention, summary, ConnectionSource};
use keymint::core::environment::{ApiFlavor, Environment};
use keymint::core::probe::{classify, unreachable};

#[test]
fn the_summary_names_the_service_and_the_proxy_without_placeholders() {
    assert_eq!(
        summary(&Environment::Atlas, "/keymint/atlas{path}"),
        "Atlas via /keymint/atlas"
    );
    assert_eq!(
        summary(&Environment::AtlasGov, "https://cors.example.com/"),
        "Atlas for Government via https://cors.example.com/"
    );
    let om = Environment::Custom {
        base_url: "https://om.example.com:8443".into(),
        flavor: ApiFlavor::OpsManagerV1,
    };
    assert_eq!(
        summary(&om, ""),
        "Ops Manager / Cloud Manager at https://om.example.com:8443, directly (no proxy)"
    );
    assert!(summary(&Environment::Atlas, "ftp://x").contains("needs fixing"));
}

#[test]
fn a_configured_working_connection_keeps_settings_folded() {
    for source in [
        ConnectionSource::ConfigFile,
        ConnectionSource::Stored,
        ConnectionSource::Profile,
    ] {
        assert!(!needs_attention(
            source,
            &Environment::Atlas,
            "/keymint/atlas{path}",
            None
        ));
    }
    let reached = classify(
        "/atlas/api/atlas/v2",
        401,
        Some(r#"Digest realm="MMS Public API", nonce="n", qop="auth", algorithm=MD5"#),
    );
    assert!(reached.reached_atlas());
    assert!(!needs_attention(
        ConnectionSource::ConfigFile,
        &Environment::Atlas,
        "/atlas{path}",
        Some(&reached)
    ));
    // Undecided until config.json was read.
    assert!(!needs_attention(
        ConnectionSource::Pending,
        &Environment::Atlas,
        "",
        None
    ));
}

#[test]
fn settings_open_when_something_is_missing_or_wrong() {
    let env = Environment::Atlas;
    // Nobody chose the connection: the built-in defaults.
    assert!(needs_attention(
        ConnectionSource::BuiltIn,
        &env,
        "/atlas{path}",
        None
    ));
    // No proxy: Atlas sends no CORS headers, so this cannot work.
    assert!(needs_attention(
        ConnectionSource::ConfigFile,
        &env,
        "",
        None
    ));
    // An unusable proxy, or a custom base URL that is not one.
    assert!(needs_attention(
        ConnectionSource::ConfigFile,
        &env,
        "http://proxy.example.com/",
        None
    ));
    let bad_base = Environment::Custom {
        base_url: "om.example.com".into(),
        flavor: ApiFlavor::OpsManagerV1,
    };
    assert!(needs_attention(
        ConnectionSource::Profile,
        &bad_base,
        "/om{path}",
        None
    ));
    // A connection test that did not reach Atlas.
    let failed = unreachable("http://127.0.0.1:9/", false);
    assert!(needs_attention(
        ConnectionSource::Stored,
        &env,
        "/atlas{path}",
        Some(&failed)
    ));
}
