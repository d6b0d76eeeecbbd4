//! What keeps Create disabled, in the order the form shows it.

use keymint::core::credentials::Credentials;
use keymint::core::environment::Environment;
use keymint::core::readiness::{blockers, Blocker};
use keymint::core::request::{CreateApiKeyRequest, RequestDraft};

fn api_key(public_key: &str, private_key: &str) -> Credentials {
    Credentials {
        public_key: public_key.into(),
        private_key: private_key.into(),
        ..Credentials::default()
    }
}

#[test]
fn an_empty_form_lists_credentials_and_request_problems_in_form_order() {
    let draft = RequestDraft {
        desc: String::new(),
        project_id: String::new(),
        roles: Vec::new(),
        custom_roles: Vec::new(),
        ..RequestDraft::default()
    };
    let errors = CreateApiKeyRequest::validate(&draft).err();
    let found = blockers(
        &Environment::Atlas,
        "/atlas{path}",
        &api_key("", ""),
        errors.as_ref(),
    );
    assert_eq!(found[0], Blocker::PublicKeyMissing);
    assert_eq!(found[1], Blocker::PrivateKeyMissing);
    assert!(
        found.len() >= 5,
        "description, project and roles are missing too: {found:?}"
    );
    assert_eq!(
        found[0].message(),
        "Public key: enter the public key of the API key you sign in with."
    );
    assert_eq!(
        found[1].message(),
        "Private key: enter the private key of the API key you sign in with."
    );
    assert!(found.iter().all(|b| !b.message().is_empty()));
}

#[test]
fn a_bad_custom_base_url_blocks_first() {
    let env = Environment::Custom {
        base_url: "http://om.example.com".into(),
        flavor: keymint::core::environment::ApiFlavor::OpsManagerV1,
    };
    let found = blockers(&env, "/atlas{path}", &api_key("pub", "priv"), None);
    assert!(
        matches!(found.as_slice(), [Blocker::BaseUrl(why)] if why.contains("https")),
        "{found:?}"
    );
    assert!(
        found[0].message().starts_with("Base URL: plain http://"),
        "{}",
        found[0].message()
    );
}

#[test]
fn a_ready_request_has_no_blockers() {
    let draft = RequestDraft {
        desc: "ci".into(),
        project_id: "b0123456789abcdef012345b".into(),
        roles: vec!["GROUP_READ_ONLY".into()],
        custom_roles: Vec::new(),
        ..RequestDraft::default()
    };
    let errors = CreateApiKeyRequest::validate(&draft).err();
    assert_eq!(
        blockers(
            &Environment::Atlas,
            "/atlas{path}",
            &api_key("pub", "priv"),
            errors.as_ref()
        ),
        vec![]
    );
}
