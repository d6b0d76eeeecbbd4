//! The on-demand module's protocol: the page renders the CLI's text and JSON itself and hands
//! JSONPath, templates and CLI files to the second module, whose answers survive the trip as values.

use keymint::core::ondemand::{reply, Call, OnDemandError, Reply};
use keymint::core::output::{self, render_on_page, OutputError, OutputFormat};
use keymint::core::profile::ProfileImportError;
use keymint::core::response::ApiKeyUserDetails;

fn key() -> ApiKeyUserDetails {
    crate::common::parity_key()
}

/// A message as it crosses between the modules: serialized, then read back on the other side.
fn across<T: serde::Serialize + serde::de::DeserializeOwned>(v: &T) -> T {
    serde_json::from_value(serde_json::to_value(v).unwrap()).unwrap()
}

#[test]
fn the_default_text_and_json_never_need_the_on_demand_module() {
    let k = key();
    for format in [OutputFormat::Default, OutputFormat::Json] {
        assert_eq!(
            render_on_page(&format, &k),
            Some(output::render(&format, &k).unwrap()),
            "{format:?}"
        );
    }
    for format in [
        OutputFormat::JsonPath("$.id".into()),
        OutputFormat::GoTemplate("{{.ID}}".into()),
        OutputFormat::GoTemplateFile {
            name: "t".into(),
            text: "{{.ID}}".into(),
        },
    ] {
        assert_eq!(
            render_on_page(&format, &k),
            None,
            "{format:?} is the engine's"
        );
    }
}

#[test]
fn a_render_call_answers_what_the_page_would_show_with_the_private_key_intact() {
    let k = key();
    let call = Call::Render {
        format: OutputFormat::GoTemplate("{{.PrivateKey}} {{.PublicKey}}".into()),
        key: k.clone(),
    };
    let answered = across(&reply(across(&call)));
    assert_eq!(
        answered,
        Reply::Rendered(Ok(format!("{} {}", k.private_key, k.public_key)))
    );
    let call = Call::Render {
        format: OutputFormat::JsonPath("$.publicKey".into()),
        key: k.clone(),
    };
    assert_eq!(
        reply(across(&call)),
        Reply::Rendered(Ok(format!("\"{}\"\n", k.public_key)))
    );
}

#[test]
fn an_engine_refusal_reaches_the_page_as_the_same_typed_error() {
    let call = Call::Render {
        format: OutputFormat::JsonPath("$[".into()),
        key: key(),
    };
    match across(&reply(call)) {
        Reply::Rendered(Err(OutputError::JsonPathSyntax { message })) => {
            assert!(!message.is_empty())
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_cli_file_is_read_by_the_module_with_its_secrets_kept_apart() {
    let text = "[work]\npublic_api_key = \"abcdefgh\"\nprivate_api_key = \"s3cret\"\nproject_id = \"b0123456789abcdef012345b\"\n";
    match across(&reply(Call::ImportCliConfig { text: text.into() })) {
        Reply::Imported(Ok(profiles)) => {
            assert_eq!(profiles.len(), 1);
            assert_eq!(profiles[0].profile.name, "work");
            assert_eq!(
                profiles[0].secrets.private_api_key.as_deref(),
                Some("s3cret")
            );
            assert!(
                !format!("{profiles:?}").contains("s3cret"),
                "Debug hides the secret"
            );
        }
        other => panic!("{other:?}"),
    }
    match across(&reply(Call::ImportCliConfig {
        text: "a = 1\n[x".into(),
    })) {
        Reply::Imported(Err(ProfileImportError::Toml { line, .. })) => assert_eq!(line, 2),
        other => panic!("{other:?}"),
    }
}

#[test]
fn each_on_demand_failure_says_what_happened_and_what_to_do() {
    let cases = [
        (
            OnDemandError::NotInThisBuild,
            "This build of Keymint does not include the engines for templates, JSONPath and CLI files.",
            "Rebuild the page with trunk build --release, which builds keymint-ondemand beside it.",
        ),
        (
            OnDemandError::Unavailable { detail: "Failed to fetch".into() },
            "The engine for this feature could not be loaded (Failed to fetch).",
            "Check the network and that keymint-ondemand-*.js and *.wasm are served beside index.html, then try again.",
        ),
        (
            OnDemandError::Stopped,
            "The engine stopped while working on this input; the rest of the page is unaffected.",
            "Change the input and try again; a fresh engine is started.",
        ),
        (
            OnDemandError::Mismatched,
            "The engine loaded is from another version of this page.",
            "Reload the page to get matching files.",
        ),
    ];
    for (e, message, next) in cases {
        assert_eq!((e.message().as_str(), e.next_step()), (message, next));
        assert_eq!(e.to_string(), format!("{message} {next}"));
    }
    let long = OnDemandError::Unavailable {
        detail: "x".repeat(500),
    }
    .message();
    assert!(
        long.len() < 300,
        "the browser's words are clipped: {}",
        long.len()
    );
}

#[test]
fn the_engines_module_makes_identities_seals_and_opens_and_never_shows_a_secret() {
    use keymint::core::request_link::AgeRecipient;
    use keymint::core::sealing::{OpenError, SealError, SecretText};
    let Reply::NewIdentity { file, recipient } = reply(Call::NewIdentity {
        created: "2026-12-05T06:00:00Z".into(),
    }) else {
        panic!("not an identity");
    };
    assert!(AgeRecipient::parse(&recipient).is_ok(), "{recipient}");
    assert!(file.0.contains("AGE-SECRET-KEY-1"));
    assert!(
        !format!("{file:?}").contains("AGE-SECRET-KEY"),
        "Debug hides it"
    );

    let plaintext = SecretText(r#"{"privateKey":"754c8808-0ba8-4153-8eea-85daa09d408a"}"#.into());
    let seal = Call::Seal {
        recipient: recipient.clone(),
        plaintext: plaintext.clone(),
    };
    assert!(
        !format!("{seal:?}").contains("754c8808"),
        "Debug hides the key"
    );
    let Reply::Sealed(Ok(armored)) = reply(seal) else {
        panic!("not sealed");
    };
    assert!(!armored.contains("754c8808"));
    assert_eq!(
        reply(Call::Open {
            identity: file.clone(),
            sealed: armored.clone().into_bytes(),
        }),
        Reply::Opened(Ok(plaintext))
    );
    let Reply::NewIdentity { file: other, .. } = reply(Call::NewIdentity {
        created: String::new(),
    }) else {
        panic!("not an identity");
    };
    assert_eq!(
        reply(Call::Open {
            identity: other,
            sealed: armored.into_bytes(),
        }),
        Reply::Opened(Err(OpenError::WrongIdentity))
    );
    assert_eq!(
        reply(Call::Seal {
            recipient: "age1notarecipient".into(),
            plaintext: SecretText("x".into()),
        }),
        Reply::Sealed(Err(SealError::Recipient))
    );
}
