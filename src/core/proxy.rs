//! Proxy routing: Atlas sends no CORS headers, so the browser reaches it through a proxy. Given the
//! request for Atlas and the configured proxy, this computes the URL the browser fetches.
//!
//! Three forms:
//! - prefix (cors-anywhere style): `https://proxy.example/` + the full Atlas URL;
//! - template: `{url}` is replaced by the percent-encoded full Atlas URL, `{path}` by the Atlas path and
//!   query (for a reverse proxy bound to one upstream, e.g. `/atlas{path}` on the page's own origin);
//! - direct: no proxy (only useful when the service itself sends CORS headers).

use super::environment::{is_loopback, split_url};
use super::target::HttpRequest;
use super::text::clip;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};

/// How the browser reaches the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProxyRoute {
    /// Fetch the service URL itself.
    Direct,
    /// Prepend this to the full service URL.
    Prefix(String),
    /// Substitute `{url}` or `{path}` in this.
    Template(String),
}

/// Why a proxy setting cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProxyError {
    /// Not an absolute http(s) URL nor a same-origin path.
    Malformed { input: String, why: String },
    /// Plain http to a host other than this machine would expose credentials.
    InsecureHttp { host: String },
    /// A template must hold exactly one `{url}` or `{path}`.
    TemplatePlaceholders { found: usize },
}

impl ProxyError {
    /// What is wrong and how to fix it.
    pub fn message(&self) -> String {
        match self {
            ProxyError::Malformed { input, why } => format!(
                "Proxy URL \"{input}\" is not usable: {why}. Use an https:// URL (e.g. https://proxy.example.com/), \
                 a same-origin path such as /atlas{{path}}, or leave it empty for none."
            ),
            ProxyError::InsecureHttp { host } => format!(
                "Proxy URL uses plain http:// to {host}: your Atlas credentials would cross the network \
                 unencrypted. Use https:// (http is allowed only for localhost and 127.0.0.1)."
            ),
            ProxyError::TemplatePlaceholders { found } => format!(
                "Proxy URL has {found} placeholders; a template needs exactly one {{url}} or {{path}}."
            ),
        }
    }
}

impl std::fmt::Display for ProxyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ProxyError {}

fn malformed(input: &str, why: &str) -> ProxyError {
    ProxyError::Malformed {
        input: clip(input, 80),
        why: why.to_string(),
    }
}

/// A path on the page's own origin: `/atlas{path}`, or `./atlas{path}` relative to the page (sub-path hosting).
fn is_relative(s: &str) -> bool {
    (s.starts_with('/') && !s.starts_with("//")) || s.starts_with("./")
}

impl ProxyRoute {
    /// Reads the "Proxy URL" setting. Empty or `none` means direct.
    pub fn parse(input: &str) -> Result<Self, ProxyError> {
        let s = input.trim();
        if s.is_empty() || s.eq_ignore_ascii_case("none") {
            return Ok(ProxyRoute::Direct);
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(malformed(s, "it contains spaces or control characters"));
        }
        let placeholders = s.matches("{url}").count() + s.matches("{path}").count();
        let stray_braces =
            s.matches('{').count() != placeholders || s.matches('}').count() != placeholders;
        if placeholders > 1 {
            return Err(ProxyError::TemplatePlaceholders {
                found: placeholders,
            });
        }
        if stray_braces {
            return Err(malformed(s, "the only placeholders are {url} and {path}"));
        }
        if s.starts_with("//") {
            return Err(malformed(
                s,
                "a protocol-relative URL is ambiguous; write https://",
            ));
        }
        if !is_relative(s) {
            let probe = s.replace("{url}", "").replace("{path}", "");
            let parts = split_url(&probe).ok_or_else(|| {
                malformed(
                    s,
                    "it is not an absolute http(s) URL or a path starting with / or ./",
                )
            })?;
            if parts.has_userinfo {
                return Err(malformed(s, "it carries a user name or password"));
            }
            if parts.scheme == "http" && !is_loopback(&parts.host) {
                return Err(ProxyError::InsecureHttp { host: parts.host });
            }
        }
        Ok(if placeholders == 1 {
            ProxyRoute::Template(s.to_string())
        } else {
            ProxyRoute::Prefix(s.to_string())
        })
    }

    /// The URL the browser fetches for this request.
    pub fn fetch_url(&self, target: &HttpRequest) -> String {
        match self {
            ProxyRoute::Direct => target.url(),
            ProxyRoute::Prefix(prefix) => format!("{prefix}{}", target.url()),
            ProxyRoute::Template(t) => {
                if t.contains("{url}") {
                    t.replace(
                        "{url}",
                        &utf8_percent_encode(&target.url(), NON_ALPHANUMERIC).to_string(),
                    )
                } else {
                    t.replace("{path}", &target.path_and_query)
                }
            }
        }
    }

    /// True when requests stay on the page's own origin (a same-origin reverse proxy).
    pub fn is_same_origin(&self) -> bool {
        match self {
            ProxyRoute::Direct => false,
            ProxyRoute::Prefix(p) | ProxyRoute::Template(p) => is_relative(p),
        }
    }

    /// One sentence for the settings panel.
    pub fn describe(&self) -> String {
        match self {
            ProxyRoute::Direct => "No proxy: the browser calls the service directly (Atlas itself sends no CORS headers, so this fails against Atlas).".to_string(),
            ProxyRoute::Prefix(p) => format!("Prefix proxy: requests go to {p}<full Atlas URL> (cors-anywhere style)."),
            ProxyRoute::Template(t) if t.contains("{url}") => format!("Template proxy: {t}, with {{url}} the encoded Atlas URL."),
            ProxyRoute::Template(t) => format!("Reverse proxy: {t}, with {{path}} the Atlas path; the proxy is bound to one Atlas host."),
        }
    }
}
