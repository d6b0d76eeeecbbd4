//! Profiles: named sets of non-secret settings, and the import of an Atlas CLI `config.toml`.
//!
//! A profile has no field that can hold a secret. Secrets found in an imported CLI file
//! (`private_api_key`, `client_secret`, `access_token`, `refresh_token`) are returned apart, in
//! [`ImportedSecrets`], for the page to use in memory only and only after the user confirms.

use super::credentials::AuthKind;
use super::environment::{validate_base_url, ApiFlavor, Environment};
use serde::{Deserialize, Serialize};

/// A named set of non-secret settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    /// The profile's name.
    pub name: String,
    /// Which service.
    pub environment: Environment,
    /// The proxy setting ("" keeps the deployment's).
    #[serde(default)]
    pub proxy: String,
    /// Organization ID, if known.
    #[serde(default)]
    pub org_id: String,
    /// Project ID, if known.
    #[serde(default)]
    pub project_id: String,
    /// Default output format (`-o` value).
    #[serde(default)]
    pub output: String,
    /// How to sign in.
    #[serde(default)]
    pub auth: AuthKind,
    /// The public key or client ID to sign in with (not secret).
    #[serde(default)]
    pub login_id: String,
}

/// Secrets found in an imported file: memory only, Debug redacted. Serialize is for handing them from
/// the on-demand module to the page ([`super::ondemand`]), in memory; nothing stores them.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedSecrets {
    /// `private_api_key`.
    pub private_api_key: Option<String>,
    /// `client_secret`.
    pub client_secret: Option<String>,
    /// `access_token` or `refresh_token` were present (never used: Keymint gets its own token).
    pub had_tokens: bool,
}

impl std::fmt::Debug for ImportedSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportedSecrets")
            .field(
                "private_api_key",
                &self.private_api_key.as_ref().map(|_| "<redacted>"),
            )
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("had_tokens", &self.had_tokens)
            .finish()
    }
}

/// One profile of a CLI file, with its secrets kept apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedProfile {
    /// The settings.
    pub profile: Profile,
    /// The secrets, for this tab only after confirmation.
    pub secrets: ImportedSecrets,
    /// Things the user should know (unknown service, unusable URL, …).
    pub notes: Vec<String>,
}

/// Why a file could not be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProfileImportError {
    /// Not valid TOML: where, and what the parser said.
    Toml {
        line: usize,
        column: usize,
        message: String,
    },
    /// Valid TOML without a single profile table.
    NoProfiles,
    /// A profiles JSON export that does not parse.
    Json(String),
}

impl ProfileImportError {
    /// The text for the page.
    pub fn message(&self) -> String {
        match self {
            ProfileImportError::Toml {
                line,
                column,
                message,
            } => {
                format!("The file is not valid TOML (line {line}, column {column}): {message}")
            }
            ProfileImportError::NoProfiles => {
                "The file has no profile tables ([name] sections) to import.".into()
            }
            ProfileImportError::Json(e) => format!("The profiles file is not valid: {e}"),
        }
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, column)
}

/// Reads an Atlas CLI `config.toml`: each table is a profile.
pub fn import_atlas_cli_config(text: &str) -> Result<Vec<ImportedProfile>, ProfileImportError> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
        ProfileImportError::Toml {
            line,
            column,
            message: e.message().to_string(),
        }
    })?;
    let mut out = Vec::new();
    for (name, value) in &table {
        let Some(t) = value.as_table() else { continue };
        let get = |k: &str| t.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let mut notes = Vec::new();
        let environment = if let Some(url) = get("ops_manager_url")
            .or_else(|| get("base_url"))
            .filter(|u| !u.is_empty())
        {
            match validate_base_url(&url) {
                Ok(base_url) => Environment::Custom {
                    base_url,
                    flavor: ApiFlavor::OpsManagerV1,
                },
                Err(why) => {
                    notes.push(format!("ops_manager_url not used: {why}"));
                    Environment::Atlas
                }
            }
        } else {
            match get("service").as_deref() {
                None | Some("cloud") | Some("") => Environment::Atlas,
                Some("cloudgov") => Environment::AtlasGov,
                Some(other) => {
                    notes.push(format!(
                        "service \"{other}\" is not cloud or cloudgov; using Atlas"
                    ));
                    Environment::Atlas
                }
            }
        };
        let auth = match get("auth_type").as_deref() {
            Some("service_account") => AuthKind::ServiceAccount,
            Some("user_account") => {
                notes.push("auth_type user_account needs a browser login Keymint cannot do; sign in with an API key or service account".into());
                AuthKind::ApiKey
            }
            _ if get("client_id").is_some() && get("public_api_key").is_none() => {
                AuthKind::ServiceAccount
            }
            _ => AuthKind::ApiKey,
        };
        let login_id = match auth {
            AuthKind::ApiKey => get("public_api_key"),
            AuthKind::ServiceAccount => get("client_id"),
        }
        .unwrap_or_default();
        let secrets = ImportedSecrets {
            private_api_key: get("private_api_key").filter(|s| !s.is_empty()),
            client_secret: get("client_secret").filter(|s| !s.is_empty()),
            had_tokens: t.contains_key("access_token") || t.contains_key("refresh_token"),
        };
        out.push(ImportedProfile {
            profile: Profile {
                name: name.clone(),
                environment,
                proxy: String::new(),
                org_id: get("org_id").unwrap_or_default(),
                project_id: get("project_id").unwrap_or_default(),
                output: get("output").unwrap_or_default(),
                auth,
                login_id,
            },
            secrets,
            notes,
        });
    }
    if out.is_empty() {
        return Err(ProfileImportError::NoProfiles);
    }
    Ok(out)
}

/// Profiles as a JSON file (export): settings only.
pub fn profiles_to_json(profiles: &[Profile]) -> String {
    serde_json::to_string_pretty(profiles).unwrap_or_default()
}

/// Reads a profiles JSON export. Unknown fields (a secret someone added by hand) are dropped.
pub fn profiles_from_json(text: &str) -> Result<Vec<Profile>, ProfileImportError> {
    serde_json::from_str(text).map_err(|e| ProfileImportError::Json(e.to_string()))
}
