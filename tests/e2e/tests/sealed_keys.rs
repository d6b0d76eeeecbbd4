//! The key in the right hands: a request link opened by the admin prefills the form and says whom
//! the key is sealed for; after Create the page never holds the private key in its text, fields,
//! storage or URL; "Download sealed key" gives a file Debian's `age -d -i` opens to the JSON of the
//! emulator's key, and "Copy sealed key" copies the same file. On an ordinary create, "Seal for a
//! recipient" does the same before anything plain left the page.

use std::process::Command;

use keymint_e2e::*;

/// A new identity from `age-keygen` (the reference tool): its file and its recipient.
fn keygen(name: &str) -> (std::path::PathBuf, String) {
    let out = Command::new("age-keygen")
        .output()
        .expect("age-keygen (scripts/setup.sh installs age)");
    assert!(out.status.success());
    let file = String::from_utf8(out.stdout).unwrap();
    let recipient = file
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .unwrap()
        .to_string();
    let path = scratch(name).join("identity.txt");
    std::fs::write(&path, &file).unwrap();
    (path, recipient)
}

/// `age -d -i identity` on `sealed`: the plaintext.
fn age_open(identity: &std::path::Path, sealed: &str) -> String {
    let path = identity.with_file_name("sealed.age");
    std::fs::write(&path, sealed).unwrap();
    let out = Command::new("age")
        .args(["-d", "-i"])
        .arg(identity)
        .arg(&path)
        .output()
        .expect("age");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Every form field's value on the page, joined.
async fn field_values(b: &KeymintPage) -> String {
    b.eval("return [...document.querySelectorAll('input, textarea, select')].map(e => e.value).join('\\n');")
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The sealed file: downloaded, opened by `age`, holding the emulator's key; copied, the same text.
async fn sealed_file_opens_with_age(
    b: &KeymintPage,
    identity: &std::path::Path,
    key: &serde_json::Value,
    project: &str,
) -> String {
    b.until("the key is sealed", || async {
        b.is_enabled("Download sealed key").await
    })
    .await;
    b.click("Download sealed key").await;
    let public = key["publicKey"].as_str().unwrap();
    let sealed = b.downloaded(&format!("keymint-{public}.age")).await;
    assert!(
        sealed.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"),
        "{sealed}"
    );
    let private = key["privateKey"].as_str().unwrap();
    assert!(!sealed.contains(private));
    let opened: serde_json::Value = serde_json::from_str(&age_open(identity, &sealed)).unwrap();
    assert_eq!(
        opened["privateKey"], key["privateKey"],
        "the emulator's private key"
    );
    assert_eq!(opened["publicKey"], key["publicKey"]);
    assert_eq!(opened["projectId"], project);
    b.click("Copy sealed key").await;
    b.status_containing("Copied the sealed key").await;
    assert_eq!(b.clipboard().await, sealed, "the same file");
    sealed
}

#[tokio::test]
async fn a_request_link_seals_the_new_key_to_the_requester() {
    let s = Scenario::new("sealed-request").shipped_nginx().await;
    let b = &s.page;
    let (identity, recipient) = keygen("sealed-request");
    s.open_link(&format!(
        "#request=1&to={recipient}&projectId={}&desc=deploy%20bot&role=GROUP_READ_ONLY&entry=203.0.113.10&expires=30&privateKey=x",
        s.project
    ))
    .await;
    let notice = b.status_containing("Sealed for").await;
    assert!(notice.contains(&recipient[..8]), "{notice}");
    assert_eq!(b.value_of("Description").await, "deploy bot");
    assert_eq!(b.value_of("Project ID").await, s.project.as_str());
    assert!(b.is_ticked("GROUP_READ_ONLY").await);
    let (public, owner_private) = s.emu.owner();
    b.sign_in(&SignIn::ApiKey {
        public: &public,
        private: &owner_private,
    })
    .await;
    b.create().await;
    let reveal = b.reveal_text().await;
    let key = s.emu.created_keys().into_iter().next().expect("one key");
    let private = key["privateKey"].as_str().unwrap().to_string();
    assert!(reveal.contains(key["publicKey"].as_str().unwrap()));
    assert!(
        !reveal.contains(&private),
        "the private key is never rendered"
    );
    assert!(!b.source().await.contains(&private));
    for plain in [
        "Copy private key",
        "Download .env",
        "Download Kubernetes Secret",
    ] {
        assert!(!reveal.contains(plain), "{plain} is not offered: {reveal}");
    }
    let sealed = sealed_file_opens_with_age(b, &identity, &key, &s.project).await;
    assert_eq!(
        b.value_of("Access list entries").await,
        "203.0.113.10",
        "the entries the request asked for"
    );
    assert!(!field_values(b).await.contains(&private));
    assert!(!b.source().await.contains(&private));
    b.assert_nothing_secret_kept(&[&private, &owner_private])
        .await;
    assert_eq!(s.emu.created_keys().len(), 1, "one create");

    // The identity age-keygen made opens it in the page too ("Open a sealed key").
    b.click("Done").await;
    b.click("Open a sealed key").await;
    b.region("Open a sealed key").await;
    let identity_text = std::fs::read_to_string(&identity).unwrap();
    open_sealed(
        b,
        &scratch("sealed-request-open"),
        "keygen",
        &identity_text,
        &sealed,
    )
    .await;
    assert!(b.reveal_text().await.contains(&private));
    s.close().await;
}

#[tokio::test]
async fn seal_for_a_recipient_before_anything_plain_left() {
    let s = Scenario::new("seal-for").shipped_nginx().await;
    let b = &s.page;
    let (identity, recipient) = keygen("seal-for");
    s.open().await;
    let owner_private = s
        .fill_form_as_owner(&s.request("handed over", &["GROUP_READ_ONLY"]))
        .await;
    b.create().await;
    b.reveal_text().await;
    let key = s.emu.created_keys().into_iter().next().expect("one key");
    let private = key["privateKey"].as_str().unwrap().to_string();
    // One character changed on the way: refused, nothing sealed.
    let last = recipient.chars().last().unwrap();
    let changed = format!(
        "{}{}",
        &recipient[..recipient.len() - 1],
        if last == 'q' { 'p' } else { 'q' }
    );
    b.type_into("Recipient (age1…)", &changed).await;
    b.click("Seal for a recipient").await;
    b.alert_containing("checksum").await;
    assert!(
        b.reveal_text().await.contains(&private),
        "still the plain reveal"
    );
    b.type_into("Recipient (age1…)", &recipient).await;
    b.click("Seal for a recipient").await;
    b.until("the reveal is sealed", || async {
        b.reveal_text().await.contains("Sealed for")
    })
    .await;
    assert!(!b.reveal_text().await.contains(&private), "no longer shown");
    sealed_file_opens_with_age(b, &identity, &key, &s.project).await;
    assert!(!b.source().await.contains(&private));
    b.assert_nothing_secret_kept(&[&private, &owner_private])
        .await;
    s.close().await;
}

/// Writes `content` to a file in the scenario's scratch folder, for a file picker.
fn file_with(dir: &std::path::Path, name: &str, content: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

/// `age` with `args`, reading `input`: its output.
fn age(args: &[&str], input: &str) -> String {
    use std::io::Write;
    let mut child = Command::new("age")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("age");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// Opens `sealed` in "Open a sealed key" with the identity file `identity`.
async fn open_sealed(
    b: &KeymintPage,
    dir: &std::path::Path,
    tag: &str,
    identity: &str,
    sealed: &str,
) {
    b.pick_file(
        "Identity file",
        &file_with(dir, &format!("identity-{tag}.txt"), identity),
    )
    .await;
    b.pick_file(
        "Sealed key file",
        &file_with(dir, &format!("key-{tag}.age"), sealed),
    )
    .await;
    b.until("both files read", || async {
        b.value_of("Sealed key (pasted)").await == sealed
            && b.value_of("Identity (pasted)").await == identity
    })
    .await;
    b.click("Open").await;
}

in_engines!(request_a_key_then_open_the_sealed_key_it_brings_back: chromium, firefox, webkit);

async fn request_a_key_then_open_the_sealed_key_it_brings_back(engine: Engine) {
    let mut s = Scenario::new("request-a-key")
        .engine(engine)
        .shipped_nginx()
        .await;
    let dir = scratch("request-a-key-files");
    // The requester: an identity made in the page, a request link, nothing sent anywhere.
    s.open().await;
    let b = &s.page;
    b.click("Request a key").await;
    b.region("Request a key").await;
    b.until("the identity is made", || async {
        b.is_enabled("Download identity").await
    })
    .await;
    b.click("Download identity").await;
    let identity = b.downloaded("keymint-identity.txt").await;
    assert!(identity.contains("AGE-SECRET-KEY-1"));
    b.click("Copy identity").await;
    b.status_containing("Copied the identity").await;
    assert_eq!(b.clipboard().await, identity);
    b.type_into("Requested description", "deploy bot").await;
    b.type_into("Requested project ID", &s.project).await;
    b.tick("Ask for GROUP_READ_ONLY").await;
    b.type_into("Requested access list", "203.0.113.10").await;
    b.click("Copy request link").await;
    b.status_containing("Copied the request link").await;
    let link = b.clipboard().await;
    let (_, fragment) = link
        .split_once('#')
        .expect("the request is in the fragment");
    assert!(fragment.starts_with("request=1&to=age1"), "{link}");
    assert!(!link.contains("AGE-SECRET-KEY"), "the link holds no secret");
    b.assert_nothing_secret_kept(&[identity.lines().nth(2).unwrap()])
        .await;
    let recipient = fragment
        .split('&')
        .find_map(|p| p.strip_prefix("to="))
        .unwrap()
        .to_string();

    // The admin, in another browser: the link prefills the form, Create seals the key.
    s.new_browser("request-a-key-admin").await;
    let b = &s.page;
    s.open_link(&format!("#{fragment}")).await;
    b.status_containing("Sealed for").await;
    let (public, owner_private) = s.emu.owner();
    b.sign_in(&SignIn::ApiKey {
        public: &public,
        private: &owner_private,
    })
    .await;
    b.create().await;
    b.reveal_text().await;
    b.until("the key is sealed", || async {
        b.is_enabled("Download sealed key").await
    })
    .await;
    let key = s.emu.created_keys().into_iter().next().expect("one key");
    let private = key["privateKey"].as_str().unwrap().to_string();
    b.click("Download sealed key").await;
    let sealed = b
        .downloaded(&format!(
            "keymint-{}.age",
            key["publicKey"].as_str().unwrap()
        ))
        .await;

    // The requester again: "Open a sealed key" with the identity shows the key.
    s.new_browser("request-a-key-back").await;
    let b = &s.page;
    s.open().await;
    b.click("Open a sealed key").await;
    b.region("Open a sealed key").await;
    open_sealed(b, &dir, "mine", &identity, &sealed).await;
    let reveal = b.reveal_text().await;
    assert!(
        reveal.contains(&private),
        "the emulator's private key: {reveal}"
    );
    assert!(reveal.contains("shown only once"));

    // A file `age -r <the link's recipient> -a` sealed opens the same way.
    let plain = age(
        &[
            "-d",
            "-i",
            file_with(&dir, "id.txt", &identity).to_str().unwrap(),
        ],
        &sealed,
    );
    let by_age = age(&["-r", &recipient, "-a"], &plain);
    b.click("Done").await;
    b.accept_confirmation().await;
    open_sealed(b, &dir, "by-age", &identity, &by_age).await;
    assert!(b.reveal_text().await.contains(&private));

    // Another identity: refused with its words, nothing shown.
    let other = String::from_utf8(Command::new("age-keygen").output().unwrap().stdout).unwrap();
    b.click("Done").await;
    b.accept_confirmation().await;
    open_sealed(b, &dir, "other", &other, &sealed).await;
    b.alert_containing("not sealed to this identity").await;
    assert!(!b.source().await.contains(&private));
    b.assert_nothing_secret_kept(&[&private, identity.lines().nth(2).unwrap()])
        .await;
    s.close().await;
}
