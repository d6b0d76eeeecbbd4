//! The runtime config.json and the settings that persist.

use keymint::core::config::{RuntimeConfig, Settings};
use keymint::core::environment::{ApiFlavor, Environment};

#[test]
fn shipped_config_json_parses() {
    let text =
        std::fs::read_to_string(format!("{}/www/config.json", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let cfg = RuntimeConfig::from_json(&text).unwrap();
    assert_eq!(cfg.environment, Environment::Atlas);
    assert_eq!(cfg.proxy, "/atlas{path}");
}

#[test]
fn custom_environment_and_unknown_fields() {
    let cfg = RuntimeConfig::from_json(
        r#"{"environment":"custom","customBaseUrl":"http://127.0.0.1:9","customApi":"atlasV2","proxy":"","extra":1}"#,
    )
    .unwrap();
    assert_eq!(
        cfg.environment,
        Environment::Custom {
            base_url: "http://127.0.0.1:9".into(),
            flavor: ApiFlavor::AtlasV2
        }
    );
    assert_eq!(cfg.request_timeout_seconds, 30);
}

#[test]
fn bad_values_name_their_field() {
    assert!(RuntimeConfig::from_json(r#"{"environment":"mars"}"#)
        .unwrap_err()
        .contains("environment"));
    assert!(RuntimeConfig::from_json(r#"{"requestTimeoutSeconds":0}"#)
        .unwrap_err()
        .contains("requestTimeoutSeconds"));
    assert!(RuntimeConfig::from_json(r#"{"requestTimeoutSeconds":"30"}"#).is_err());
    assert!(RuntimeConfig::from_json("<html>")
        .unwrap_err()
        .contains("not valid JSON"));
}

#[test]
fn settings_round_trip_and_hold_no_secret_fields() {
    let s = Settings {
        environment: Environment::AtlasGov,
        custom_base_url: String::new(),
        proxy: "/atlas{path}".into(),
        project_id: "b0123456789abcdef012345b".into(),
        org_id: String::new(),
    };
    let json = serde_json::to_string(&s).unwrap();
    assert_eq!(serde_json::from_str::<Settings>(&json).unwrap(), s);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "customBaseUrl",
            "environment",
            "orgId",
            "projectId",
            "proxy"
        ]
    );
}

#[test]
fn default_access_list_entries_are_checked() {
    let cfg =
        RuntimeConfig::from_json(r#"{"defaultAccessList":["203.0.113.10"," 198.51.100.0/24 "]}"#)
            .unwrap();
    assert_eq!(cfg.default_access_list, ["203.0.113.10", "198.51.100.0/24"]);
    assert!(RuntimeConfig::from_json("{}")
        .unwrap()
        .default_access_list
        .is_empty());
    let err =
        RuntimeConfig::from_json(r#"{"defaultAccessList":["203.0.113.10","proxy.example.com"]}"#)
            .unwrap_err();
    assert!(
        err.starts_with("config.json: defaultAccessList: Line 2: \"proxy.example.com\""),
        "the entry is named by its place in the list: {err}"
    );
    let err = RuntimeConfig::from_json(r#"{"defaultAccessList":["10.1.2.3/24"]}"#).unwrap_err();
    assert!(err.contains("10.1.2.0/24"), "{err}");
    assert!(err.contains("Line 1: "), "{err}");
}

#[test]
fn every_wrong_value_in_config_json_is_named_with_what_is_expected() {
    let err = |json: &str| RuntimeConfig::from_json(json).unwrap_err();
    assert_eq!(
        err(r#"{"environment":"mars"}"#),
        "config.json: environment \"mars\" is not \"atlas\", \"atlasGov\" or \"custom\""
    );
    assert_eq!(
        err(r#"{"customApi":"v3"}"#),
        "config.json: customApi \"v3\" is not \"atlasV2\" or \"opsManagerV1\""
    );
    for bad in ["0", "601", "1.5", "\"30\"", "-1"] {
        assert_eq!(
            err(&format!(r#"{{"requestTimeoutSeconds":{bad}}}"#)),
            format!("config.json: requestTimeoutSeconds must be a whole number of seconds from 1 to 600, not {bad}")
        );
    }
    assert_eq!(
        err(r#"{"lockRouting":"yes"}"#),
        "config.json: lockRouting must be true or false, not \"yes\""
    );
    assert_eq!(
        err(r#"{"allowedProxies":"/keymint/atlas{path}"}"#),
        "config.json: allowedProxies must be a list of strings, e.g. [\"/keymint/atlas{path}\"]"
    );
    assert_eq!(
        err(r#"{"allowedBaseUrls":[1]}"#),
        "config.json: every entry of allowedBaseUrls must be a string"
    );
    assert!(err("<html>").starts_with("config.json is not valid JSON: "));
}

#[test]
fn the_edges_of_each_value_are_accepted() {
    let cfg = RuntimeConfig::from_json(
        r#"{"requestTimeoutSeconds":600,"lockRouting":true,"allowedProxies":[" /a{path} "],"allowedBaseUrls":[],"customApi":"atlasV2","environment":"custom","customBaseUrl":"https://om.example.com"}"#,
    )
    .unwrap();
    assert_eq!(cfg.request_timeout_seconds, 600);
    assert!(cfg.routing.locked);
    assert_eq!(
        cfg.routing.allowed_proxies,
        Some(vec!["/a{path}".to_string()])
    );
    assert_eq!(cfg.routing.allowed_base_urls, Some(vec![]));
    assert_eq!(
        cfg.environment,
        Environment::Custom {
            base_url: "https://om.example.com".into(),
            flavor: ApiFlavor::AtlasV2
        }
    );
    assert_eq!(
        RuntimeConfig::from_json(r#"{"requestTimeoutSeconds":1}"#)
            .unwrap()
            .request_timeout_seconds,
        1
    );
}
