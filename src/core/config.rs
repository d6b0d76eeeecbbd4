//! Settings: the runtime `config.json` beside index.html (one build serves every deployment) and the
//! user's own non-secret settings that persist in localStorage.

use super::access_list::{self, EntryError};
use super::environment::{ApiFlavor, Environment};
use super::routing::{Route, RoutingPolicy};
use super::text::clip;
use serde::{Deserialize, Serialize};

/// The deployment's defaults, read from `config.json` at startup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeConfig {
    /// Which service.
    pub environment: Environment,
    /// The base URL shown for the custom environment.
    pub custom_base_url: String,
    /// The "Proxy URL" setting.
    pub proxy: String,
    /// How long one request may take.
    pub request_timeout_seconds: u32,
    /// The administrator's lock on where requests may go.
    pub routing: RoutingPolicy,
    /// Entries that prefill a new key's "Access list entries" (e.g. the proxy's egress address),
    /// each a valid address or CIDR block.
    pub default_access_list: Vec<String>,
    /// The organization's cap on a key's lifetime, in days (`maxKeyLifetimeDays`): an expiry is
    /// then required and at most this far away.
    pub max_key_lifetime_days: Option<u32>,
}

impl Default for RuntimeConfig {
    fn default() -> Self {
        RuntimeConfig {
            environment: Environment::Atlas,
            custom_base_url: String::new(),
            proxy: "/atlas{path}".to_string(),
            request_timeout_seconds: 30,
            routing: RoutingPolicy::default(),
            default_access_list: Vec::new(),
            max_key_lifetime_days: None,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawConfig {
    environment: Option<String>,
    custom_base_url: Option<String>,
    custom_api: Option<String>,
    proxy: Option<String>,
    request_timeout_seconds: Option<serde_json::Value>,
    lock_routing: Option<serde_json::Value>,
    allowed_proxies: Option<serde_json::Value>,
    allowed_base_urls: Option<serde_json::Value>,
    default_access_list: Option<Vec<String>>,
    max_key_lifetime_days: Option<serde_json::Value>,
}

/// A list of strings, or an error naming the field.
fn string_list(field: &str, value: serde_json::Value) -> Result<Vec<String>, String> {
    let items = value.as_array().ok_or_else(|| {
        format!("config.json: {field} must be a list of strings, e.g. [\"/keymint/atlas{{path}}\"]")
    })?;
    items
        .iter()
        .map(|v| {
            v.as_str()
                .map(|s| s.trim().to_string())
                .ok_or_else(|| format!("config.json: every entry of {field} must be a string"))
        })
        .collect()
}

impl RuntimeConfig {
    /// Reads `config.json`; missing fields keep their defaults, unknown fields are ignored, a wrong value
    /// is an error naming the field.
    pub fn from_json(s: &str) -> Result<Self, String> {
        let raw: RawConfig =
            serde_json::from_str(s).map_err(|e| format!("config.json is not valid JSON: {e}"))?;
        let mut cfg = RuntimeConfig::default();
        if let Some(url) = raw.custom_base_url {
            cfg.custom_base_url = url;
        }
        let flavor = match raw.custom_api.as_deref() {
            None | Some("opsManagerV1") => ApiFlavor::OpsManagerV1,
            Some("atlasV2") => ApiFlavor::AtlasV2,
            Some(other) => {
                return Err(format!(
                    "config.json: customApi \"{other}\" is not \"atlasV2\" or \"opsManagerV1\""
                ))
            }
        };
        cfg.environment = match raw.environment.as_deref() {
            None | Some("atlas") => Environment::Atlas,
            Some("atlasGov") => Environment::AtlasGov,
            Some("custom") => Environment::Custom {
                base_url: cfg.custom_base_url.clone(),
                flavor,
            },
            Some(other) => {
                return Err(format!(
                "config.json: environment \"{other}\" is not \"atlas\", \"atlasGov\" or \"custom\""
            ))
            }
        };
        if let Some(proxy) = raw.proxy {
            cfg.proxy = proxy;
        }
        if let Some(v) = raw.request_timeout_seconds {
            cfg.request_timeout_seconds = v
                .as_u64()
                .filter(|n| (1..=600).contains(n))
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(|| format!("config.json: requestTimeoutSeconds must be a whole number of seconds from 1 to 600, not {v}"))?;
        }
        if let Some(v) = raw.lock_routing {
            cfg.routing.locked = v.as_bool().ok_or_else(|| {
                format!("config.json: lockRouting must be true or false, not {v}")
            })?;
        }
        if let Some(v) = raw.allowed_proxies {
            cfg.routing.allowed_proxies = Some(string_list("allowedProxies", v)?);
        }
        if let Some(v) = raw.allowed_base_urls {
            cfg.routing.allowed_base_urls = Some(string_list("allowedBaseUrls", v)?);
        }
        for entry in raw.default_access_list.unwrap_or_default() {
            if let Err(kind) = access_list::parse_entry(&entry) {
                let why = EntryError {
                    line: cfg.default_access_list.len() + 1,
                    text: clip(&entry, 60),
                    kind,
                };
                return Err(format!("config.json: defaultAccessList: {}", why.message()));
            }
            cfg.default_access_list.push(entry.trim().to_string());
        }
        if let Some(v) = raw.max_key_lifetime_days {
            cfg.max_key_lifetime_days = Some(
                v.as_u64()
                    .filter(|n| (1..=u64::from(super::expiry::MAX_DAYS)).contains(n))
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| format!("config.json: maxKeyLifetimeDays must be a whole number of days from 1 to 3650, not {v}"))?,
            );
        }
        Ok(cfg)
    }

    /// The route config.json names: always allowed, and the only one under `lockRouting`.
    pub fn route(&self) -> Route {
        Route {
            environment: self.environment.clone(),
            proxy: self.proxy.clone(),
        }
    }
}

/// What persists in localStorage: non-secret settings only, by construction (no field can hold a key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// Which service.
    pub environment: Environment,
    /// The custom base URL as typed.
    #[serde(default)]
    pub custom_base_url: String,
    /// The proxy setting.
    #[serde(default)]
    pub proxy: String,
    /// The last project ID.
    #[serde(default)]
    pub project_id: String,
    /// The organization ID, if known.
    #[serde(default)]
    pub org_id: String,
}
