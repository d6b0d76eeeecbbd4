//! The caller's login: what a profile may keep of it (the login's name), and nothing secret in any
//! printout.

use keymint::core::credentials::{AuthKind, Credentials};
use keymint::core::target::CurlAuth;

fn both(kind: AuthKind) -> Credentials {
    Credentials {
        kind,
        public_key: "abcdefgh".into(),
        private_key: "PRIVATE-754c8808".into(),
        client_id: "mdb_sa_id_0123".into(),
        client_secret: "mdb_sa_sk_SECRET".into(),
    }
}

#[test]
fn the_login_kept_in_a_profile_is_the_public_key_or_the_client_id() {
    assert_eq!(both(AuthKind::ApiKey).login_id(), "abcdefgh");
    assert_eq!(both(AuthKind::ServiceAccount).login_id(), "mdb_sa_id_0123");
    assert_eq!(
        both(AuthKind::ApiKey).curl_auth(),
        CurlAuth::Digest {
            public_key: "abcdefgh"
        }
    );
    assert_eq!(both(AuthKind::ServiceAccount).curl_auth(), CurlAuth::Bearer);
}

#[test]
fn a_printout_of_the_login_names_it_and_hides_both_secrets() {
    let shown = format!("{:?}", both(AuthKind::ServiceAccount));
    assert!(
        shown.contains("abcdefgh") && shown.contains("mdb_sa_id_0123"),
        "{shown}"
    );
    assert!(shown.contains("ServiceAccount"), "{shown}");
    assert!(
        !shown.contains("PRIVATE") && !shown.contains("SECRET"),
        "{shown}"
    );
    assert_eq!(shown.matches("<redacted>").count(), 2, "{shown}");
}
