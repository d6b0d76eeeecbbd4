//! Every export parses back with the tool's own format rules and carries the right values.

use keymint::core::environment::{ApiFlavor, Environment};
use keymint::core::export::{self, ExportContext};
use keymint::core::ids::ProjectId;
use keymint::core::output::OutputFormat;
use keymint::core::response::ApiKeyUserDetails;
use keymint::core::target::CurlAuth;
use std::process::Command;

fn key(desc: &str) -> ApiKeyUserDetails {
    let mut k = crate::common::parity_key();
    k.desc = desc.to_string();
    k
}

const PID: &str = "b0123456789abcdef012345b";

/// [`PID`] as the exports take it, for as long as a context borrows it.
fn project() -> &'static ProjectId {
    static PROJECT: std::sync::OnceLock<ProjectId> = std::sync::OnceLock::new();
    PROJECT.get_or_init(|| ProjectId::parse(PID).unwrap())
}
const CREATED: &str = "2026-11-28T12:00:00Z";

fn ctx<'a>(k: &'a ApiKeyUserDetails, env: &'a Environment) -> ExportContext<'a> {
    ExportContext {
        key: k,
        project_id: project(),
        environment: env,
        created: CREATED,
    }
}

#[test]
fn json_file_is_the_response_plus_where_and_when() {
    let k = key("ci");
    let f = export::json_file(&ctx(&k, &Environment::Atlas));
    assert_eq!(f.file_name, "keymint-flezioeg.json");
    let v: serde_json::Value = serde_json::from_str(&f.content).unwrap();
    assert_eq!(v["privateKey"], k.private_key);
    assert_eq!(v["roles"][1]["roleName"], "GROUP_READ_ONLY");
    assert_eq!(
        (
            v["projectId"].as_str(),
            v["environment"].as_str(),
            v["created"].as_str()
        ),
        (Some(PID), Some("Atlas"), Some(CREATED))
    );
}

#[test]
fn dotenv_is_read_back_by_a_real_shell() {
    let k = key("ci");
    let f = export::dotenv(&ctx(&k, &Environment::Atlas));
    let dir = std::env::temp_dir().join(format!("km-env-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("k.env"), &f.content).unwrap();
    let out = Command::new("bash")
        .current_dir(&dir)
        .args(["-c", "set -a; . ./k.env; env"])
        .env_clear()
        .output()
        .unwrap();
    let env = String::from_utf8(out.stdout).unwrap();
    for (name, value) in [
        ("MONGODB_ATLAS_PUBLIC_API_KEY", "flezioeg"),
        (
            "MONGODB_ATLAS_PRIVATE_API_KEY",
            "754c8808-0ba8-4153-8eea-85daa09d408a",
        ),
        ("MONGODB_ATLAS_PROJECT_ID", PID),
        ("MONGODB_ATLAS_ORG_ID", "a0123456789abcdef012345a"),
        ("MONGODB_ATLAS_PUBLIC_KEY", "flezioeg"),
        (
            "MONGODB_ATLAS_PRIVATE_KEY",
            "754c8808-0ba8-4153-8eea-85daa09d408a",
        ),
    ] {
        assert!(
            env.lines().any(|l| l == format!("{name}={value}")),
            "{name} in {env}"
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn cli_profile_is_valid_toml_with_the_cli_key_names() {
    let k = key("Billing service: CI/CD \"deploys\"");
    let f = export::cli_profile(&ctx(&k, &Environment::AtlasGov));
    // Plain values are written as they are, for a person to read before pasting.
    assert!(
        f.content
            .contains("\nprivate_api_key = \"754c8808-0ba8-4153-8eea-85daa09d408a\"\n"),
        "{}",
        f.content
    );
    let doc: toml::Table = f.content.parse().unwrap();
    let p = doc["keymint-billing-service-ci-cd-deploys"]
        .as_table()
        .unwrap();
    assert_eq!(p["public_api_key"].as_str(), Some("flezioeg"));
    assert_eq!(
        p["private_api_key"].as_str(),
        Some("754c8808-0ba8-4153-8eea-85daa09d408a")
    );
    assert_eq!(p["org_id"].as_str(), Some("a0123456789abcdef012345a"));
    assert_eq!(p["project_id"].as_str(), Some(PID));
    assert_eq!(p["service"].as_str(), Some("cloudgov"));
    assert!(p.contains_key("output"));
    let om = Environment::Custom {
        base_url: "https://om.example.com:8443".into(),
        flavor: ApiFlavor::OpsManagerV1,
    };
    let doc: toml::Table = export::cli_profile(&ctx(&k, &om)).content.parse().unwrap();
    assert_eq!(
        doc.values().next().unwrap()["ops_manager_url"].as_str(),
        Some("https://om.example.com:8443/")
    );
}

#[test]
fn cli_profile_keeps_quotes_backslashes_and_control_characters_in_values() {
    // Written by hand, not by the toml crate: every awkward character must read back as it was.
    let mut k = key("x");
    k.private_key = "a\"b\\c\u{0}d\u{1f}e\u{7f}f\u{85}g\té\n'".to_string();
    let om = Environment::Custom {
        base_url: "https://om.example.com/a\"b".into(),
        flavor: ApiFlavor::OpsManagerV1,
    };
    let f = export::cli_profile(&ctx(&k, &om));
    let doc: toml::Table = f.content.parse().unwrap();
    let p = doc["keymint-x"].as_table().unwrap();
    assert_eq!(p["private_api_key"].as_str(), Some(k.private_key.as_str()));
    assert_eq!(
        p["ops_manager_url"].as_str(),
        Some("https://om.example.com/a\"b/")
    );
    assert_eq!(p.len(), 7, "the CLI's key names and nothing else: {p:?}");
    assert!(f.content.lines().count() == 8 && f.content.ends_with('\n'));
}

#[test]
fn cli_profile_of_a_key_without_description_is_still_a_table() {
    let k = key("");
    let doc: toml::Table = export::cli_profile(&ctx(&k, &Environment::Atlas))
        .content
        .parse()
        .unwrap();
    assert_eq!(doc.keys().collect::<Vec<_>>(), ["keymint-key"]);
    assert_eq!(doc["keymint-key"]["service"].as_str(), Some("cloud"));
}

#[test]
fn kubernetes_secret_parses_as_yaml_with_the_operator_label() {
    let mut k = key("Team \"Ops\" \\ prod: #1");
    // Control characters in a value are escaped, and read back as they were.
    k.private_key = "a\u{1}b\u{1f}c\u{7f}d\te f".into();
    let f = export::k8s_secret(&ctx(&k, &Environment::Atlas));
    // Only those are escaped: the rest is written as it is, for a person to read.
    assert!(
        f.content
            .contains(r#"privateApiKey: "a\x01b\x1fc\x7fd\x09e f""#),
        "{}",
        f.content
    );
    assert!(
        !f.content.contains('\u{1}') && !f.content.contains('\u{7f}'),
        "{}",
        f.content
    );
    let v: serde_yaml::Value = serde_yaml::from_str(&f.content).unwrap();
    assert_eq!(v["kind"].as_str(), Some("Secret"));
    assert_eq!(
        v["metadata"]["labels"]["atlas.mongodb.com/type"].as_str(),
        Some("credentials")
    );
    let name = v["metadata"]["name"].as_str().unwrap();
    assert!(
        name.len() <= 63
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
        "{name}"
    );
    assert_eq!(
        v["stringData"]["privateApiKey"].as_str(),
        Some(k.private_key.as_str())
    );
    assert_eq!(v["stringData"]["publicApiKey"].as_str(), Some("flezioeg"));
    assert_eq!(
        v["stringData"]["orgId"].as_str(),
        Some("a0123456789abcdef012345a")
    );
}

#[test]
fn the_cli_command_survives_shell_metacharacters() {
    let desc = "it's $HOME; `rm -rf /` \"x\" & | > *";
    let k = key(desc);
    let cmd = export::atlas_cli_command(&k, project(), &OutputFormat::Json);
    assert!(!cmd.contains(&k.private_key));
    let argv = cmd.trim_start_matches("atlas ");
    let out = Command::new("bash")
        .args(["-c", &format!("printf '%s\\n' {argv}")])
        .output()
        .unwrap();
    let args: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    assert_eq!(
        args,
        [
            "projects",
            "apiKeys",
            "create",
            "--desc",
            desc,
            "--role",
            "GROUP_READ_ONLY",
            "--role",
            "GROUP_DATA_ACCESS_READ_ONLY",
            "--projectId",
            PID,
            "-o",
            "json"
        ]
    );
}

#[test]
fn the_curl_command_masks_the_private_key() {
    let k = key("ci");
    let c = export::curl_command(
        &ctx(&k, &Environment::Atlas),
        CurlAuth::Digest {
            public_key: "callerpk",
        },
    )
    .unwrap();
    assert!(c.contains("--user 'callerpk:********'"), "{c}");
    assert!(c.contains(
        "https://cloud.mongodb.com/api/atlas/v2/groups/b0123456789abcdef012345b/apiKeys"
    ));
    assert!(c.contains(r#""roles":["GROUP_READ_ONLY","GROUP_DATA_ACCESS_READ_ONLY"]"#));
    assert!(!c.contains(&k.private_key));
    let bearer = export::curl_command(&ctx(&k, &Environment::Atlas), CurlAuth::Bearer).unwrap();
    assert!(
        bearer.starts_with("curl --header 'Authorization: Bearer ********'")
            && !bearer.contains("--digest"),
        "{bearer}"
    );
}

#[test]
fn slugs_are_dns_safe_for_any_description() {
    assert_eq!(export::slug("Billing  Service!!"), "billing-service");
    assert_eq!(export::slug("🔑🔑"), "key");
    assert!(export::slug(&"x".repeat(300)).len() <= 40);
}

#[test]
fn the_cli_command_carries_the_chosen_output_format_quoted() {
    let k = key("ci");
    let argv = |format: &OutputFormat| -> Vec<String> {
        let cmd = export::atlas_cli_command(&k, project(), format);
        let out = Command::new("bash")
            .args([
                "-c",
                &format!("printf '%s\\n' {}", cmd.trim_start_matches("atlas ")),
            ])
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(String::from)
            .collect()
    };
    let default = argv(&OutputFormat::Default);
    assert_eq!(
        default.last().map(String::as_str),
        Some(PID),
        "no -o for the default text"
    );
    let template = "{{.PublicKey}} {{range .Roles}}'{{.RoleName}}' {{end}}";
    let got = argv(&OutputFormat::GoTemplate(template.into()));
    assert_eq!(
        got[got.len() - 2..],
        ["-o".to_string(), format!("go-template={template}")]
    );
    let got = argv(&OutputFormat::JsonPath("$.privateKey".into()));
    assert_eq!(got[got.len() - 2..], ["-o", "json-path=$.privateKey"]);
    let got = argv(&OutputFormat::GoTemplateFile {
        name: "key file.tmpl".into(),
        text: "{{.Id}}".into(),
    });
    assert_eq!(
        got[got.len() - 2..],
        ["-o", "go-template-file=key file.tmpl"]
    );
}
