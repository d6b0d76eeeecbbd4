//! Where requests go, said in one line, and whether the Settings area must open: it stays folded when
//! config.json, a saved profile or the user's own stored settings already define a connection that
//! can work, and opens when something is missing or wrong.

use super::environment::{validate_base_url, Environment};
use super::probe::ProbeReport;
use super::proxy::ProxyRoute;

/// What defined the connection settings the page uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConnectionSource {
    /// config.json has not been read yet.
    #[default]
    Pending,
    /// No usable config.json: the built-in defaults, which nobody chose for this deployment.
    BuiltIn,
    /// The deployment's config.json.
    ConfigFile,
    /// Settings the user changed earlier in this browser.
    Stored,
    /// A profile the user chose or imported.
    Profile,
}

/// One line naming where requests go, e.g. "Atlas via /keymint/atlas".
pub fn summary(environment: &Environment, proxy: &str) -> String {
    let service = match environment {
        Environment::Custom { .. } => {
            format!("{} at {}", environment.label(), environment.base_url())
        }
        _ => environment.label().to_string(),
    };
    match ProxyRoute::parse(proxy) {
        Ok(ProxyRoute::Direct) => format!("{service}, directly (no proxy)"),
        Ok(ProxyRoute::Prefix(p)) => format!("{service} via {p}"),
        Ok(ProxyRoute::Template(t)) => {
            format!(
                "{service} via {}",
                t.replace("{path}", "").replace("{url}", "")
            )
        }
        Err(_) => format!("{service}: the proxy setting needs fixing"),
    }
}

/// True when the Settings area must be open: no configuration chose the connection, or the one in
/// use cannot work (no proxy, which Atlas's missing CORS headers rule out; an unusable proxy or base
/// URL; a connection test that did not reach Atlas). False while config.json is still being read.
pub fn needs_attention(
    source: ConnectionSource,
    environment: &Environment,
    proxy: &str,
    last_test: Option<&ProbeReport>,
) -> bool {
    let base_url_ok = match environment {
        Environment::Custom { base_url, .. } => validate_base_url(base_url).is_ok(),
        _ => true,
    };
    match source {
        ConnectionSource::Pending => false,
        ConnectionSource::BuiltIn => true,
        ConnectionSource::ConfigFile | ConnectionSource::Stored | ConnectionSource::Profile => {
            !matches!(
                ProxyRoute::parse(proxy),
                Ok(ProxyRoute::Prefix(_) | ProxyRoute::Template(_))
            ) || !base_url_ok
                || last_test.is_some_and(|report| !report.reached_atlas())
        }
    }
}
