//! Which service Keymint talks to: Atlas, Atlas for Government or a custom base URL, the API flavor
//! each speaks, and the checks a base URL must pass. The other modules build on these; this one
//! depends only on [`super::digest`] (the algorithm an environment is known to use) and the text helper.

use super::digest::DigestAlgorithm;
use super::text::clip;
use serde::{Deserialize, Serialize};

/// The versioned media type of the Atlas Administration API v2 for this endpoint.
pub const ATLAS_V2_MEDIA_TYPE: &str = "application/vnd.atlas.2023-01-01+json";
/// Atlas (commercial).
pub const ATLAS_BASE_URL: &str = "https://cloud.mongodb.com";
/// Atlas for Government.
pub const ATLAS_GOV_BASE_URL: &str = "https://cloud.mongodbgov.com";

/// Which API a host speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ApiFlavor {
    /// Atlas Administration API v2 (`/api/atlas/v2`, versioned media type).
    AtlasV2,
    /// Ops Manager / Cloud Manager public API v1.0 (`/api/public/v1.0`, `application/json`).
    OpsManagerV1,
}

/// The service Keymint talks to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Environment {
    /// cloud.mongodb.com, Digest MD5.
    Atlas,
    /// cloud.mongodbgov.com, Digest SHA-256.
    AtlasGov,
    /// A base URL of the user's: Ops/Cloud Manager, or an Atlas-compatible host.
    #[serde(rename_all = "camelCase")]
    Custom { base_url: String, flavor: ApiFlavor },
}

impl Environment {
    /// Scheme and host (and port), no trailing slash.
    pub fn base_url(&self) -> &str {
        match self {
            Environment::Atlas => ATLAS_BASE_URL,
            Environment::AtlasGov => ATLAS_GOV_BASE_URL,
            Environment::Custom { base_url, .. } => base_url.trim_end_matches('/'),
        }
    }

    /// The Digest algorithm this service is known to use (the challenge has the last word).
    pub fn digest_algorithm(&self) -> DigestAlgorithm {
        match self {
            Environment::AtlasGov => DigestAlgorithm::Sha256,
            _ => DigestAlgorithm::Md5,
        }
    }

    /// The API this environment speaks.
    pub fn flavor(&self) -> ApiFlavor {
        match self {
            Environment::Atlas | Environment::AtlasGov => ApiFlavor::AtlasV2,
            Environment::Custom { flavor, .. } => *flavor,
        }
    }

    /// A short name for the page and exports.
    pub fn label(&self) -> &'static str {
        match self {
            Environment::Atlas => "Atlas",
            Environment::AtlasGov => "Atlas for Government",
            Environment::Custom {
                flavor: ApiFlavor::AtlasV2,
                ..
            } => "Custom (Atlas API v2)",
            Environment::Custom {
                flavor: ApiFlavor::OpsManagerV1,
                ..
            } => "Ops Manager / Cloud Manager",
        }
    }

    /// The environment an exported key names (its `environment` label and `baseUrl`), for the
    /// exports of a key opened from a sealed file: it labels files, and never routes a request.
    pub fn from_export(label: &str, base_url: &str) -> Option<Environment> {
        let env = match label {
            "Atlas" => Environment::Atlas,
            "Atlas for Government" => Environment::AtlasGov,
            "Custom (Atlas API v2)" | "Ops Manager / Cloud Manager" => Environment::Custom {
                base_url: validate_base_url(base_url).ok()?,
                flavor: if label.starts_with("Ops") {
                    ApiFlavor::OpsManagerV1
                } else {
                    ApiFlavor::AtlasV2
                },
            },
            _ => return None,
        };
        (env.base_url() == base_url.trim_end_matches('/')).then_some(env)
    }

    /// The Atlas CLI's `service` value for this environment.
    pub fn cli_service(&self) -> &'static str {
        match self {
            Environment::AtlasGov => "cloudgov",
            _ => "cloud",
        }
    }
}

/// Checks a custom base URL: `https://host[:port][/prefix]`, or `http://` for a loopback host only; no
/// query, fragment or credentials. Returns it without a trailing slash.
pub fn validate_base_url(input: &str) -> Result<String, String> {
    let s = input.trim();
    if s.is_empty() {
        return Err("enter the base URL, e.g. https://opsmanager.example.com:8443".to_string());
    }
    let parts = split_url(s).ok_or_else(|| {
        format!(
            "\"{}\" is not an absolute http(s) URL, e.g. https://opsmanager.example.com",
            clip(s, 60)
        )
    })?;
    if parts.has_query_or_fragment {
        return Err("remove the query (?...) or fragment (#...) from the base URL".to_string());
    }
    if parts.has_userinfo {
        return Err(
            "remove the user name or password from the base URL; Keymint signs requests itself"
                .to_string(),
        );
    }
    if parts.scheme == "http" && !is_loopback(&parts.host) {
        return Err(format!(
            "plain http:// would send your credentials unencrypted to {}; use https:// (http is allowed only for localhost)",
            parts.host
        ));
    }
    Ok(s.trim_end_matches('/').to_string())
}

pub(crate) struct UrlParts {
    pub scheme: String,
    pub host: String,
    pub has_userinfo: bool,
    pub has_query_or_fragment: bool,
}

/// Splits `scheme://authority/rest` for the checks Keymint needs; `None` when it is not that shape.
pub(crate) fn split_url(s: &str) -> Option<UrlParts> {
    let (scheme, rest) = s.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let (has_userinfo, hostport) = match authority.rsplit_once('@') {
        Some((_, hp)) => (true, hp),
        None => (false, authority),
    };
    let host = if let Some(v6) = hostport.strip_prefix('[') {
        let close = v6.find(']')?;
        let port = &v6[close + 1..];
        if !port.is_empty() && !valid_port(port.strip_prefix(':')?) {
            return None;
        }
        format!("[{}]", &v6[..close])
    } else {
        let (host, port) = match hostport.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        };
        if let Some(p) = port {
            if !valid_port(p) {
                return None;
            }
        }
        host.to_string()
    };
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':'));
    if !host_ok {
        return None;
    }
    let tail = &rest[end..];
    if tail.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    Some(UrlParts {
        scheme,
        host: host.to_ascii_lowercase(),
        has_userinfo,
        has_query_or_fragment: tail.contains(['?', '#']),
    })
}

fn valid_port(p: &str) -> bool {
    !p.is_empty()
        && p.len() <= 5
        && p.chars().all(|c| c.is_ascii_digit())
        && p.parse::<u32>().is_ok_and(|n| (1..=65535).contains(&n))
}

/// Hosts where plain http stays on this machine.
pub(crate) fn is_loopback(host: &str) -> bool {
    host == "localhost" || host == "[::1]" || host.starts_with("127.")
}
