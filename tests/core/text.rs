//! How outside text is quoted in a message: one line, bounded, and never a secret.

use keymint::core::text::{clip, redact, REDACTED};

const PRIVATE_KEY: &str = "754c8808-0ba8-4153-8eea-85daa09d408a";

#[test]
fn a_quote_is_one_line_with_runs_of_space_and_control_characters_made_one_space() {
    assert_eq!(
        clip("  Bad\r\n\tgateway \u{7}\u{0} here  ", 100),
        "Bad gateway here"
    );
    assert_eq!(clip("", 10), "");
    assert_eq!(clip(" \n\t ", 10), "");
}

#[test]
fn a_long_quote_is_cut_at_the_character_count_and_marked_only_when_cut() {
    // Exactly at the limit: whole, no mark.
    assert_eq!(clip("abcde", 5), "abcde");
    assert_eq!(clip("ab cd", 5), "ab cd");
    // One over: cut and marked.
    assert_eq!(clip("abcdef", 5), "abcde…");
    // Characters, not bytes: five accented letters fit in five.
    assert_eq!(clip("ééééé", 5), "ééééé");
    assert_eq!(clip("éééééé", 5), "ééééé…");
    // A cut right after a word does not leave a space before the mark.
    assert_eq!(clip("abcd efgh", 5), "abcd…");
    assert_eq!(clip("abc", 0), "…");
}

#[test]
fn secret_fields_are_redacted_in_json_in_form_bodies_and_in_any_spelling() {
    for (text, want) in [
        (
            format!(r#"{{"desc":"ci","privateKey":"{PRIVATE_KEY}","publicKey":"abcdefgh"}}"#),
            format!(r#"{{"desc":"ci","privateKey":"{REDACTED}","publicKey":"abcdefgh"}}"#),
        ),
        (
            "grant_type=client_credentials&client_secret=s3cr3t&scope=x".to_string(),
            format!("grant_type=client_credentials&client_secret={REDACTED}&scope=x"),
        ),
        (
            r#"{"access_token" : "eyJhbGciOi.J9.x", "token_type":"Bearer"}"#.to_string(),
            format!(r#"{{"access_token" : "{REDACTED}", "token_type":"Bearer"}}"#),
        ),
        (
            "PRIVATEKEY='abc' refresh_token: xyz;".to_string(),
            format!("PRIVATEKEY='{REDACTED}' refresh_token: {REDACTED};"),
        ),
        (
            r#"{"clientSecret":"a\"b\\","x":1}"#.to_string(),
            format!(r#"{{"clientSecret":"{REDACTED}","x":1}}"#),
        ),
        (
            r#"{"private_key":"never closed"#.to_string(),
            format!(r#"{{"private_key":"{REDACTED}"#),
        ),
    ] {
        assert_eq!(redact(&text), want, "{text}");
    }
}

#[test]
fn words_that_only_contain_a_secret_field_name_are_left_as_they_are() {
    for text in [
        "myprivateKey: shown",
        "my_privateKey: shown",
        "my-privateKey: shown",
        "privateKey_hint: shown",
        "privateKeyHint: shown",
        "privateKey shown",
        r#"{"privateKey": ""}"#,
    ] {
        assert_eq!(redact(text), text);
    }
}

#[test]
fn uuid_shaped_values_and_client_secrets_are_redacted_wherever_they_stand() {
    assert_eq!(
        redact(&format!("key {PRIVATE_KEY}, and mdb_sa_sk_AbC-123_x end")),
        format!("key {REDACTED}, and {REDACTED} end")
    );
    assert_eq!(
        redact(&format!("{PRIVATE_KEY}{PRIVATE_KEY}")),
        format!("{PRIVATE_KEY}{PRIVATE_KEY}"),
        "two UUIDs run together are one longer word, not a UUID"
    );
    assert_eq!(redact(&format!("[{PRIVATE_KEY}]")), format!("[{REDACTED}]"));
    assert_eq!(
        redact(&PRIVATE_KEY.to_uppercase()),
        REDACTED,
        "upper-case hex"
    );
    // Not quite a UUID: a group too short, a non-hex digit, a missing dash.
    for almost in [
        "754c8808-0ba8-4153-8eea-85daa09d408",
        "754c8808-0ba8-4153-8eea-85daa09d408g",
        "754c88080ba8-4153-8eea-85daa09d408a",
    ] {
        assert_eq!(redact(almost), almost);
    }
}

#[test]
fn a_clipped_quote_is_redacted_before_it_is_cut() {
    // Cutting first could leave the start of a key that no longer looks like one.
    let quoted = clip(&format!("failed: {PRIVATE_KEY}"), 20);
    assert_eq!(quoted, format!("failed: {REDACTED}"));
}
