//! Sealed keys, checked against the reference tool (Debian's `age` and `age-keygen`, installed by
//! scripts/setup.sh) both ways: a file Keymint seals opens with `age -d -i`, and holds the JSON of the
//! plain download; a file `age -r … -a` seals opens here; an identity from `age-keygen` opens what
//! Keymint seals; an identity Keymint makes works with `age -d`. Each way of failing has its own words,
//! and none quotes an identity or a key.

use std::io::Write;
use std::process::{Command, Stdio};

use keymint::core::environment::{ApiFlavor, Environment};
use keymint::core::export::{self, ExportContext};
use keymint::core::ids::ProjectId;
use keymint::core::request_link::AgeRecipient;
use keymint::core::response::ApiKeyUserDetails;
use keymint::core::sealing::{
    new_identity, open, read_opened, seal, sealed_key_file, OpenError, MAX_INPUT_BYTES,
};

const PID: &str = "b0123456789abcdef012345b";
const CREATED: &str = "2026-12-05T06:00:00Z";

fn key() -> ApiKeyUserDetails {
    crate::common::parity_key()
}

fn project() -> &'static ProjectId {
    static PROJECT: std::sync::OnceLock<ProjectId> = std::sync::OnceLock::new();
    PROJECT.get_or_init(|| ProjectId::parse(PID).unwrap())
}

fn ctx<'a>(k: &'a ApiKeyUserDetails, env: &'a Environment) -> ExportContext<'a> {
    ExportContext {
        key: k,
        project_id: project(),
        environment: env,
        created: CREATED,
    }
}

/// Runs the reference tool with `stdin`; its stdout. Missing tools fail the test: setup.sh installs them.
fn tool(program: &str, args: &[&str], stdin: &[u8]) -> Vec<u8> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("{program} is not installed (scripts/setup.sh installs it): {e}")
        });
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn scratch(name: &str, content: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("keymint-sealing-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

/// An identity made by `age-keygen`: its file and its recipient.
fn keygen(name: &str) -> (std::path::PathBuf, String) {
    let file = String::from_utf8(tool("age-keygen", &[], b"")).unwrap();
    let recipient = file
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .expect("age-keygen names the public key")
        .to_string();
    (scratch(name, &file), recipient)
}

#[test]
fn a_key_keymint_seals_opens_with_age_and_holds_the_plain_downloads_json() {
    let (identity, recipient) = keygen("keygen.txt");
    let recipient =
        AgeRecipient::parse(&recipient).expect("age-keygen's recipient passes the check");
    let k = key();
    let file = sealed_key_file(&ctx(&k, &Environment::AtlasGov), &recipient).unwrap();
    assert_eq!(file.file_name, "keymint-flezioeg.age");
    assert!(file
        .content
        .starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
    assert!(!file.content.contains(&k.private_key), "sealed, not plain");

    let plain = tool(
        "age",
        &["-d", "-i", identity.to_str().unwrap()],
        file.content.as_bytes(),
    );
    let json = export::json_file(&ctx(&k, &Environment::AtlasGov));
    assert_eq!(String::from_utf8(plain.clone()).unwrap(), json.content);
    // The same file opens here with the same identity, and reads back as the key it sealed.
    let identity_text = std::fs::read_to_string(&identity).unwrap();
    let opened = read_opened(&open(&identity_text, file.content.as_bytes()).unwrap()).unwrap();
    assert_eq!(opened.key, k);
    assert_eq!(opened.project_id.as_str(), PID);
    assert_eq!(opened.environment, Environment::AtlasGov);
    assert_eq!(opened.created, CREATED);
}

#[test]
fn a_file_sealed_by_age_opens_here_with_an_identity_keymint_made() {
    let made = new_identity(CREATED);
    let recipient = AgeRecipient::parse(&made.recipient).expect("age's recipient passes the check");
    let lines: Vec<&str> = made.file.0.lines().collect();
    assert_eq!(lines[0], format!("# created: {CREATED}"));
    assert_eq!(lines[1], format!("# public key: {}", made.recipient));
    assert!(
        lines[2].starts_with("AGE-SECRET-KEY-1"),
        "as age-keygen writes it"
    );
    let k = key();
    let json = export::json_file(&ctx(&k, &Environment::Atlas)).content;
    // `age -r` takes the recipient a request link carries; `age -d -i` reads the identity file.
    let sealed = tool(
        "age",
        &["-r", made.recipient.as_str(), "-a"],
        json.as_bytes(),
    );
    let opened = open(&made.file.0, &sealed).unwrap();
    assert_eq!(String::from_utf8(opened).unwrap(), json);
    let binary = tool("age", &["-r", made.recipient.as_str()], json.as_bytes());
    assert_eq!(
        open(&made.file.0, &binary).unwrap(),
        json.as_bytes(),
        "binary age too"
    );
    let path = scratch("made.txt", &made.file.0);
    let by_age = tool(
        "age",
        &["-d", "-i", path.to_str().unwrap()],
        seal(&recipient, b"hello").unwrap().as_bytes(),
    );
    assert_eq!(by_age, b"hello");
}

#[test]
fn each_way_a_sealed_key_fails_to_open_has_its_own_words_and_quotes_nothing() {
    let mine = new_identity(CREATED);
    let other = new_identity(CREATED);
    let mine_recipient = AgeRecipient::parse(&mine.recipient).unwrap();
    let k = key();
    let env = Environment::Custom {
        base_url: "https://om.example.com:8443".into(),
        flavor: ApiFlavor::OpsManagerV1,
    };
    let sealed = sealed_key_file(&ctx(&k, &env), &mine_recipient)
        .unwrap()
        .content;
    assert_eq!(
        read_opened(&open(&mine.file.0, sealed.as_bytes()).unwrap())
            .unwrap()
            .environment,
        env
    );

    assert_eq!(
        open(&other.file.0, sealed.as_bytes()),
        Err(OpenError::WrongIdentity)
    );
    // A character of the body changed: the MAC fails.
    let mut lines: Vec<String> = sealed.lines().map(str::to_string).collect();
    let body = &mut lines[2];
    let flipped = if body.starts_with('A') { 'B' } else { 'A' };
    body.replace_range(0..1, &flipped.to_string());
    let damaged = lines.join("\n") + "\n";
    assert!(matches!(
        open(&mine.file.0, damaged.as_bytes()),
        Err(OpenError::Damaged | OpenError::NotAge)
    ));
    // Cut short: the end of the armor is missing.
    let cut = &sealed[..sealed.len() / 2];
    assert!(matches!(
        open(&mine.file.0, cut.as_bytes()),
        Err(OpenError::Damaged | OpenError::NotAge)
    ));
    assert_eq!(
        open(&mine.file.0, b"hello, not age"),
        Err(OpenError::NotAge)
    );
    assert_eq!(
        open(mine.recipient.as_str(), sealed.as_bytes()),
        Err(OpenError::NotAnIdentity),
        "a recipient is not an identity"
    );
    assert_eq!(open("", sealed.as_bytes()), Err(OpenError::NotAnIdentity));
    let huge = vec![b'a'; MAX_INPUT_BYTES + 1];
    assert_eq!(open(&mine.file.0, &huge), Err(OpenError::TooLarge));
    // Opened, but not a key: a note, a masked key, a key without its project.
    for plain in [
        "just a note".to_string(),
        r#"{"publicKey":"abcdefgh","privateKey":"********-****-****-85daa09d408a","projectId":"b0123456789abcdef012345b","environment":"Atlas","baseUrl":"https://cloud.mongodb.com"}"#.to_string(),
        serde_json::to_string(&k).unwrap(),
    ] {
        let sealed = seal(&mine_recipient, plain.as_bytes()).unwrap();
        let opened = open(&mine.file.0, sealed.as_bytes()).unwrap();
        assert_eq!(read_opened(&opened), Err(OpenError::NotAKeymintKey), "{plain}");
    }
    // No message quotes the identity, the key or the sealed text.
    let secret_line = mine.file.0.lines().nth(2).unwrap();
    for e in [
        OpenError::NotAnIdentity,
        OpenError::NotAge,
        OpenError::WrongIdentity,
        OpenError::Damaged,
        OpenError::NotAKeymintKey,
        OpenError::TooLarge,
    ] {
        let m = e.message();
        assert!(!m.contains(secret_line) && !m.contains(&k.private_key) && !m.is_empty());
    }
    assert!(
        !format!(
            "{:?}",
            read_opened(&open(&mine.file.0, sealed.as_bytes()).unwrap())
        )
        .contains(&k.private_key),
        "Debug hides the private key"
    );
}
