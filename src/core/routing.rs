//! Routing is trust: where the caller's credentials go (environment, base URL, proxy) changes only
//! when the user types it or the administrator's `config.json` says so.
//!
//! - [`Route`] is the pair that decides where a request goes: the [`Environment`] (with a custom base
//!   URL) and the proxy setting.
//! - [`RoutingPolicy`] is the administrator's lock from `config.json`: `lockRouting` fixes the route
//!   to config.json's own, `allowedProxies` / `allowedBaseUrls` list what else may be used.
//! - [`propose`] decides what to do with a route that comes from anywhere but the user's typing
//!   (a profile, a `?profile=` link, a CLI `config.toml`, stored settings): keep it (same route),
//!   hold it as a [`PendingRoute`] for the user to confirm, or refuse it under the lock.
//! - [`merge_imported_profiles`] adds imported profiles without ever replacing a saved one.

use super::environment::{split_url, Environment};
use super::profile::Profile;
use super::text::clip;

/// Where requests go: the service and the proxy in front of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The service (a custom one carries its base URL).
    pub environment: Environment,
    /// The proxy setting as typed ("" is none).
    pub proxy: String,
}

impl Route {
    /// Two routes are the same when the service's base URL, its API flavor and the proxy are.
    pub fn same_as(&self, other: &Route) -> bool {
        self.environment.flavor() == other.environment.flavor()
            && same_base_url(self.environment.base_url(), other.environment.base_url())
            && self.proxy.trim() == other.proxy.trim()
    }

    /// Where the browser's requests actually go: the proxy's host (or same-origin path), or the
    /// service's host without a proxy.
    pub fn first_hop(&self) -> String {
        let proxy = self.proxy.trim();
        if proxy.is_empty() || proxy.eq_ignore_ascii_case("none") {
            return host_of(self.environment.base_url());
        }
        if proxy.starts_with('/') || proxy.starts_with("./") {
            let path = proxy.replace("{path}", "").replace("{url}", "");
            return clip(path.trim_end_matches('/'), 80);
        }
        host_of(&proxy.replace("{path}", "").replace("{url}", ""))
    }

    /// The service's host (what the proxy forwards to).
    pub fn service_host(&self) -> String {
        host_of(self.environment.base_url())
    }

    /// The one phrase naming this route next to another: the first hop when only the proxy
    /// differs, the service when only it differs, both otherwise.
    fn phrase_against(&self, other: &Route) -> String {
        let hop_differs = self.first_hop() != other.first_hop();
        let service_differs = self.service_host() != other.service_host()
            || self.environment.flavor() != other.environment.flavor();
        let direct = self.proxy.trim().is_empty() || self.proxy.trim().eq_ignore_ascii_case("none");
        match (hop_differs, service_differs) {
            _ if direct => self.service_host(),
            (true, false) => self.first_hop(),
            (false, true) => format!("{} (through {})", self.service_host(), self.first_hop()),
            _ => format!("{} through {}", self.service_host(), self.first_hop()),
        }
    }
}

fn same_base_url(a: &str, b: &str) -> bool {
    a.trim()
        .trim_end_matches('/')
        .eq_ignore_ascii_case(b.trim().trim_end_matches('/'))
}

/// Host and port of an absolute URL (never its user name or password), or the text itself
/// (clipped) when it is not one.
fn host_of(url: &str) -> String {
    let url = url.trim();
    if split_url(url).is_none() {
        return if url.is_empty() {
            "(none)".to_string()
        } else {
            clip(url, 80)
        };
    }
    let rest = url.split_once("://").map_or("", |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, hp)| hp);
    clip(&hostport.to_ascii_lowercase(), 80)
}

/// Where a route that the user did not type comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteSource {
    /// A saved profile chosen in the Profile selector.
    Profile(String),
    /// A saved profile a `?profile=` link named.
    LinkedProfile(String),
    /// A profile of an imported Atlas CLI `config.toml`.
    CliProfile(String),
    /// The settings this browser stored on an earlier visit.
    StoredSettings,
}

impl RouteSource {
    /// The subject of a sentence: "Profile “x”", "The link's profile “x”", …
    pub fn subject(&self) -> String {
        match self {
            RouteSource::Profile(name) => format!("Profile \u{201c}{}\u{201d}", clip(name, 60)),
            RouteSource::LinkedProfile(name) => {
                format!("The link's profile \u{201c}{}\u{201d}", clip(name, 60))
            }
            RouteSource::CliProfile(name) => {
                format!("The CLI profile \u{201c}{}\u{201d}", clip(name, 60))
            }
            RouteSource::StoredSettings => "Your saved connection settings".to_string(),
        }
    }
}

/// The administrator's lock on routing, from `config.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoutingPolicy {
    /// `lockRouting`: only config.json's own route; the controls are disabled.
    pub locked: bool,
    /// `allowedProxies`: the proxy settings that may be used besides config.json's (`None`: any).
    pub allowed_proxies: Option<Vec<String>>,
    /// `allowedBaseUrls`: the service base URLs that may be used besides config.json's (`None`: any).
    pub allowed_base_urls: Option<Vec<String>>,
}

/// Why the administrator's lock refuses a route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteRefusal {
    /// `lockRouting`: only the configured route.
    Locked,
    /// The proxy is not on `allowedProxies`.
    ProxyNotAllowed { proxy: String, allowed: Vec<String> },
    /// The service's base URL is not on `allowedBaseUrls`.
    BaseUrlNotAllowed {
        base_url: String,
        allowed: Vec<String>,
    },
}

impl RouteRefusal {
    /// Why, in one sentence.
    pub fn message(&self) -> String {
        match self {
            RouteRefusal::Locked => "The administrator of this page fixed the environment, base URL and proxy (lockRouting in config.json).".to_string(),
            RouteRefusal::ProxyNotAllowed { proxy, allowed } => format!(
                "The administrator of this page does not allow the proxy \u{201c}{}\u{201d}; allowed: {}.",
                clip(proxy, 80),
                list(allowed)
            ),
            RouteRefusal::BaseUrlNotAllowed { base_url, allowed } => format!(
                "The administrator of this page does not allow the base URL \u{201c}{}\u{201d}; allowed: {}.",
                clip(base_url, 80),
                list(allowed)
            ),
        }
    }
}

fn list(values: &[String]) -> String {
    if values.is_empty() {
        "only the configured one".to_string()
    } else {
        values
            .iter()
            .map(|v| clip(v, 80))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl RoutingPolicy {
    /// Whether `route` may be used; `configured` is config.json's own route, always allowed.
    pub fn check(&self, route: &Route, configured: &Route) -> Result<(), RouteRefusal> {
        if route.same_as(configured) {
            return Ok(());
        }
        if self.locked {
            return Err(RouteRefusal::Locked);
        }
        if let Some(allowed) = &self.allowed_base_urls {
            let base = route.environment.base_url();
            let ok = same_base_url(base, configured.environment.base_url())
                || allowed.iter().any(|a| same_base_url(a, base));
            if !ok {
                return Err(RouteRefusal::BaseUrlNotAllowed {
                    base_url: base.to_string(),
                    allowed: allowed.clone(),
                });
            }
        }
        if let Some(allowed) = &self.allowed_proxies {
            let proxy = route.proxy.trim();
            let ok = proxy == configured.proxy.trim() || allowed.iter().any(|a| a.trim() == proxy);
            if !ok {
                return Err(RouteRefusal::ProxyNotAllowed {
                    proxy: proxy.to_string(),
                    allowed: allowed.clone(),
                });
            }
        }
        Ok(())
    }

    /// True when the user's own controls for environment, base URL and proxy are disabled.
    pub fn locks_controls(&self) -> bool {
        self.locked
    }
}

/// A route change waiting for the user's confirmation; until then requests keep the current route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingRoute {
    pub source: RouteSource,
    pub from: Route,
    pub to: Route,
}

impl PendingRoute {
    /// "Profile “x” would send your requests to proxy.evil.example instead of /keymint/atlas."
    pub fn message(&self) -> String {
        format!(
            "{} would send your requests to {} instead of {}. Nothing is sent there unless you choose to use the new route.",
            self.source.subject(),
            self.to.phrase_against(&self.from),
            self.from.phrase_against(&self.to)
        )
    }
}

/// A route the administrator's lock refused, and from where it came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedRoute {
    pub source: RouteSource,
    pub from: Route,
    pub to: Route,
    pub why: RouteRefusal,
}

impl RefusedRoute {
    /// What was refused, why, and that the rest still applies.
    pub fn message(&self) -> String {
        format!(
            "Refused: {} would send your requests to {} instead of {}. {} Your requests keep going to {}.",
            self.source.subject().to_lowercase_first(),
            self.to.phrase_against(&self.from),
            self.from.phrase_against(&self.to),
            self.why.message(),
            self.from.phrase_against(&self.to)
        )
    }
}

trait LowercaseFirst {
    fn to_lowercase_first(&self) -> String;
}

impl LowercaseFirst for String {
    fn to_lowercase_first(&self) -> String {
        let mut chars = self.chars();
        match chars.next() {
            Some(first) => first.to_lowercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}

/// What to do with a route the user did not type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteDecision {
    /// Same route as now: nothing to decide.
    Unchanged,
    /// A different route the lock allows: the user confirms or discards it.
    Pending(PendingRoute),
    /// A different route the lock refuses.
    Refused(RefusedRoute),
}

/// Decides about `proposed`, which came from `source` while requests go to `current`.
pub fn propose(
    current: &Route,
    proposed: Route,
    source: RouteSource,
    policy: &RoutingPolicy,
    configured: &Route,
) -> RouteDecision {
    if proposed.same_as(current) {
        return RouteDecision::Unchanged;
    }
    match policy.check(&proposed, configured) {
        Ok(()) => RouteDecision::Pending(PendingRoute {
            source,
            from: current.clone(),
            to: proposed,
        }),
        Err(why) => RouteDecision::Refused(RefusedRoute {
            source,
            from: current.clone(),
            to: proposed,
            why,
        }),
    }
}

/// The route of a profile applied on top of `current`: an empty proxy in a profile keeps the
/// current one.
pub fn route_of_profile(profile: &Profile, current: &Route) -> Route {
    Route {
        environment: profile.environment.clone(),
        proxy: if profile.proxy.trim().is_empty() {
            current.proxy.clone()
        } else {
            profile.proxy.clone()
        },
    }
}

/// A profile imported under another name because one of its name was already saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenamedImport {
    pub original: String,
    pub saved_as: String,
}

impl RenamedImport {
    /// What the page says.
    pub fn message(&self) -> String {
        format!(
            "A profile named \u{201c}{}\u{201d} is already saved and was kept; the imported one was saved as \u{201c}{}\u{201d}.",
            clip(&self.original, 60),
            clip(&self.saved_as, 80)
        )
    }
}

/// Adds `imported` to `saved` without replacing any saved profile: an identical one is skipped, a
/// different one of the same name is saved as "name (imported)", "name (imported 2)", ….
pub fn merge_imported_profiles(
    saved: &mut Vec<Profile>,
    imported: Vec<Profile>,
) -> Vec<RenamedImport> {
    let mut renamed = Vec::new();
    for mut profile in imported {
        match saved.iter().find(|p| p.name == profile.name) {
            None => saved.push(profile),
            Some(existing) if *existing == profile => {}
            Some(_) => {
                let original = profile.name.clone();
                // `saved` holds the original name, which is no candidate, so at most saved.len() - 1
                // candidates are taken and one of the first saved.len() is free: the search is
                // bounded whatever the comparison below does.
                let saved_as = (1..=saved.len())
                    .map(|n| match n {
                        1 => format!("{original} (imported)"),
                        n => format!("{original} (imported {n})"),
                    })
                    .find(|candidate| {
                        saved.iter().all(|p| {
                            p.name != *candidate || {
                                let mut same = profile.clone();
                                same.name = candidate.clone();
                                *p == same
                            }
                        })
                    })
                    .unwrap_or_default();
                profile.name = saved_as.clone();
                if !saved.contains(&profile) {
                    saved.push(profile);
                }
                renamed.push(RenamedImport { original, saved_as });
            }
        }
    }
    renamed
}
