//! Profiles and the Atlas CLI config.toml import: settings come in, secrets stay apart.

use keymint::core::credentials::AuthKind;
use keymint::core::environment::{ApiFlavor, Environment};
use keymint::core::profile::{
    import_atlas_cli_config, profiles_from_json, profiles_to_json, ProfileImportError,
};

const CLI_CONFIG: &str = r#"
[default]
  org_id = "a0123456789abcdef012345a"
  output = "json"
  private_api_key = "754c8808-0ba8-4153-8eea-85daa09d408a"
  project_id = "b0123456789abcdef012345b"
  public_api_key = "flezioeg"
  service = "cloud"

[gov]
  auth_type = "service_account"
  client_id = "mdb_sa_id_d0123456789abcdef012345d"
  client_secret = "mdb_sa_sk_secret"
  access_token = "eyJ..."
  service = "cloudgov"

[onprem]
  ops_manager_url = "https://om.example.com:8443/"
  public_api_key = "abcdefgh"
"#;

#[test]
fn the_cli_key_names_become_profiles_with_secrets_apart() {
    let profiles = import_atlas_cli_config(CLI_CONFIG).unwrap();
    assert_eq!(profiles.len(), 3);
    let d = profiles
        .iter()
        .find(|p| p.profile.name == "default")
        .unwrap();
    assert_eq!(d.profile.environment, Environment::Atlas);
    assert_eq!(d.profile.project_id, "b0123456789abcdef012345b");
    assert_eq!(d.profile.org_id, "a0123456789abcdef012345a");
    assert_eq!(d.profile.login_id, "flezioeg");
    assert_eq!(d.profile.output, "json");
    assert_eq!(
        d.secrets.private_api_key.as_deref(),
        Some("754c8808-0ba8-4153-8eea-85daa09d408a")
    );
    let g = profiles.iter().find(|p| p.profile.name == "gov").unwrap();
    assert_eq!(
        (g.profile.environment.clone(), g.profile.auth),
        (Environment::AtlasGov, AuthKind::ServiceAccount)
    );
    assert_eq!(g.profile.login_id, "mdb_sa_id_d0123456789abcdef012345d");
    assert!(g.secrets.had_tokens && g.secrets.client_secret.is_some());
    let o = profiles
        .iter()
        .find(|p| p.profile.name == "onprem")
        .unwrap();
    assert_eq!(
        o.profile.environment,
        Environment::Custom {
            base_url: "https://om.example.com:8443".into(),
            flavor: ApiFlavor::OpsManagerV1
        }
    );

    // What persists holds no secret, whatever the file had.
    let json = profiles_to_json(
        &profiles
            .iter()
            .map(|p| p.profile.clone())
            .collect::<Vec<_>>(),
    );
    for secret in ["754c8808", "mdb_sa_sk_secret", "eyJ"] {
        assert!(!json.contains(secret), "{secret} leaked into {json}");
    }
    assert!(!format!("{:?}", d.secrets).contains("754c8808"));
    assert_eq!(profiles_from_json(&json).unwrap().len(), 3);
}

#[test]
fn a_malformed_file_says_where() {
    let err =
        import_atlas_cli_config("[default]\nproject_id = \"b01\"\norg_id = oops\n").unwrap_err();
    let ProfileImportError::Toml { line, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*line, 3);
    assert!(err.message().contains("line 3"));
    assert_eq!(
        import_atlas_cli_config("just = 1\n"),
        Err(ProfileImportError::NoProfiles)
    );
    for odd in [
        "[",
        "[a]\nb = \"\u{0}",
        "\u{feff}[x]",
        "[[a]]\n[[a]]",
        &"[a]\n".repeat(1000),
    ] {
        let _ = import_atlas_cli_config(odd);
    }
}

#[test]
fn a_profiles_export_with_a_secret_added_by_hand_drops_it() {
    let json = r#"[{"name":"x","environment":{"kind":"atlas"},"privateKey":"SECRET","projectId":"b0123456789abcdef012345b"}]"#;
    let back = profiles_from_json(json).unwrap();
    assert!(!profiles_to_json(&back).contains("SECRET"));
    assert!(profiles_from_json("not json").is_err());
}

#[test]
fn a_cli_profile_the_page_cannot_use_as_is_says_why_in_a_note() {
    let profiles = import_atlas_cli_config(
        r#"
[plain-http]
  ops_manager_url = "http://om.example.com"
  public_api_key = "abcdefgh"
[other-cloud]
  service = "cloudx"
[browser-login]
  auth_type = "user_account"
[just-a-client]
  client_id = "mdb_sa_id_d0123456789abcdef012345d"
[both]
  client_id = "mdb_sa_id_d0123456789abcdef012345d"
  public_api_key = "abcdefgh"
[empty-secrets]
  public_api_key = "abcdefgh"
  private_api_key = ""
  refresh_token = "r"
"#,
    )
    .unwrap();
    let by_name = |n: &str| profiles.iter().find(|p| p.profile.name == n).unwrap();
    let http = by_name("plain-http");
    assert_eq!(http.profile.environment, Environment::Atlas);
    assert_eq!(
        http.notes,
        vec!["ops_manager_url not used: plain http:// would send your credentials unencrypted to om.example.com; use https:// (http is allowed only for localhost)"]
    );
    assert_eq!(
        by_name("other-cloud").notes,
        vec!["service \"cloudx\" is not cloud or cloudgov; using Atlas"]
    );
    let browser = by_name("browser-login");
    assert_eq!(browser.profile.auth, AuthKind::ApiKey);
    assert_eq!(
        browser.notes,
        vec!["auth_type user_account needs a browser login Keymint cannot do; sign in with an API key or service account"]
    );
    // A client ID alone means a service account; beside a public key, the API key wins.
    let client = by_name("just-a-client");
    assert_eq!(client.profile.auth, AuthKind::ServiceAccount);
    assert_eq!(
        client.profile.login_id,
        "mdb_sa_id_d0123456789abcdef012345d"
    );
    let both = by_name("both");
    assert_eq!(
        (both.profile.auth, both.profile.login_id.as_str()),
        (AuthKind::ApiKey, "abcdefgh")
    );
    // An empty secret is no secret; a refresh token alone is still a token the user is told about.
    let empty = by_name("empty-secrets");
    assert_eq!(empty.secrets.private_api_key, None);
    assert!(empty.secrets.had_tokens);
    assert!(!by_name("both").secrets.had_tokens);
}

#[test]
fn import_errors_read_as_the_page_shows_them() {
    let err = import_atlas_cli_config("[default]\n  org_id = oops\n").unwrap_err();
    let ProfileImportError::Toml { line, column, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (*line, *column),
        (2, 12),
        "the column counts characters from 1"
    );
    assert!(
        err.message()
            .starts_with("The file is not valid TOML (line 2, column 12): "),
        "{}",
        err.message()
    );
    assert_eq!(
        ProfileImportError::NoProfiles.message(),
        "The file has no profile tables ([name] sections) to import."
    );
    assert_eq!(
        ProfileImportError::Json("expected value at line 1 column 1".into()).message(),
        "The profiles file is not valid: expected value at line 1 column 1"
    );
}

#[test]
fn a_cli_profile_marked_service_account_signs_in_as_one_even_with_an_api_key_beside_it() {
    let text = "[both]\nauth_type = \"service_account\"\nclient_id = \"mdb_sa_id_0123\"\nclient_secret = \"mdb_sa_sk_SECRET\"\npublic_api_key = \"abcdefgh\"\nprivate_api_key = \"PRIVATE\"\n";
    let p = &import_atlas_cli_config(text).unwrap()[0];
    assert_eq!(p.profile.auth, AuthKind::ServiceAccount);
    assert_eq!(p.profile.login_id, "mdb_sa_id_0123");
    let shown = format!("{:?}", p.secrets);
    assert_eq!(
        shown,
        r#"ImportedSecrets { private_api_key: Some("<redacted>"), client_secret: Some("<redacted>"), had_tokens: false }"#
    );
}
