//! What the one-time reveal shows and downloads for a created key.

use serde_json::json;

use super::response::ApiKeyUserDetails;

/// The Atlas CLI's default output for `atlas projects apiKeys create`, exactly.
pub fn cli_default_text(key: &ApiKeyUserDetails) -> String {
    format!(
        "API Key '{}' created.\nPublic API Key {}\nPrivate API Key {}",
        key.id, key.public_key, key.private_key
    )
}

/// The downloaded file: the key pair with what identifies it later. `created` is ISO 8601.
pub fn reveal_download_json(key: &ApiKeyUserDetails, project_id: &str, created: &str) -> String {
    let value = json!({
        "id": key.id,
        "desc": key.desc,
        "publicKey": key.public_key,
        "privateKey": key.private_key,
        "roles": key.roles,
        "projectId": project_id,
        "created": created,
    });
    // A json! value of strings and serializable roles always serializes.
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// The download's file name: names the key without containing a secret.
pub fn download_file_name(key: &ApiKeyUserDetails) -> String {
    let id: String = key.id.chars().filter(char::is_ascii_alphanumeric).collect();
    format!("atlas-api-key-{id}.json")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::response::RoleAssignment;

    fn key() -> ApiKeyUserDetails {
        ApiKeyUserDetails {
            id: "6a793fbd2c88faeba59bd3b1".into(),
            desc: "e2e-test".into(),
            public_key: "flezioeg".into(),
            private_key: "754c8808-0ba8-4153-8eea-85daa09d408a".into(),
            roles: vec![RoleAssignment {
                role_name: "ORG_MEMBER".into(),
                group_id: None,
                org_id: Some("a0123456789abcdef012345a".into()),
            }],
            links: Vec::new(),
        }
    }

    #[test]
    fn the_cli_text_is_the_atlas_cli_default_template() {
        assert_eq!(
            cli_default_text(&key()),
            "API Key '6a793fbd2c88faeba59bd3b1' created.\nPublic API Key flezioeg\nPrivate API Key 754c8808-0ba8-4153-8eea-85daa09d408a"
        );
    }

    #[test]
    fn the_download_holds_the_pair_its_roles_project_and_time() {
        let json: serde_json::Value = serde_json::from_str(&reveal_download_json(
            &key(),
            "b0123456789abcdef012345b",
            "2026-11-28T12:00:00.000Z",
        ))
        .unwrap();
        assert_eq!(json["id"], "6a793fbd2c88faeba59bd3b1");
        assert_eq!(json["desc"], "e2e-test");
        assert_eq!(json["publicKey"], "flezioeg");
        assert_eq!(json["privateKey"], "754c8808-0ba8-4153-8eea-85daa09d408a");
        assert_eq!(json["roles"][0]["roleName"], "ORG_MEMBER");
        assert_eq!(json["projectId"], "b0123456789abcdef012345b");
        assert_eq!(json["created"], "2026-11-28T12:00:00.000Z");
        assert_eq!(
            download_file_name(&key()),
            "atlas-api-key-6a793fbd2c88faeba59bd3b1.json"
        );
    }
}
