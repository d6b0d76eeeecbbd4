//! Deep links: `?projectId=…&desc=…&role=GROUP_READ_ONLY&role=…&profile=…` prefills the form, so a
//! platform team can hand out a link for a standard key.
//!
//! A link is untrusted input. It can never carry a secret (such parameters are ignored, with a notice,
//! and stripped from the address bar) and can never change where requests go: a link that tries to set
//! the proxy, base URL or environment is refused with a warning, because a crafted link must not route
//! someone's credentials through another party's proxy. Values are bounded: at most
//! [`MAX_VALUE_CHARS`] characters each and [`MAX_ROLES`] roles; the rest is dropped with a notice.

use super::request::RequestDraft;
use super::roles;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// The longest value a link may set.
pub const MAX_VALUE_CHARS: usize = 300;
/// The most roles a link may tick.
pub const MAX_ROLES: usize = 32;

/// Something the page must tell the user about a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeepLinkNotice {
    /// A secret-looking parameter: ignored (its value is never shown).
    SecretIgnored { param: String },
    /// A parameter that would change where requests go: refused.
    RoutingRefused { param: String },
    /// A parameter Keymint does not know.
    Unknown { param: String },
    /// A value cut to the limit, or values beyond the role limit dropped.
    Truncated { param: String },
    /// A role name that is neither in the catalog nor shaped like a role.
    BadRole { role: String },
    /// The link opens a view once the user has signed in (`view=project-keys`).
    OpensView { view: LinkedView },
    /// A request link (`#request=…`) that could not be used at all, and why (never quoting it).
    RequestRefused { reason: String },
}

/// A view a link may open (never with credentials or routing: the user signs in first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkedView {
    /// `view=project-keys`: Project keys, for the link's project.
    ProjectKeys,
}

impl LinkedView {
    /// Its name on the page.
    pub fn name(self) -> &'static str {
        match self {
            LinkedView::ProjectKeys => "Project keys",
        }
    }

    /// Its value in a link.
    pub fn value(self) -> &'static str {
        match self {
            LinkedView::ProjectKeys => "project-keys",
        }
    }
}

impl DeepLinkNotice {
    /// True for what must be shown as a warning (role="alert").
    pub fn is_warning(&self) -> bool {
        matches!(
            self,
            DeepLinkNotice::RoutingRefused { .. }
                | DeepLinkNotice::SecretIgnored { .. }
                | DeepLinkNotice::RequestRefused { .. }
        )
    }

    /// The text for the page.
    pub fn message(&self) -> String {
        match self {
            DeepLinkNotice::SecretIgnored { param } => format!(
                "The link contained a secret (\"{param}\"); Keymint ignored it and removed it from the address bar. \
                 Links must never carry keys or secrets: type them into the form yourself."
            ),
            DeepLinkNotice::RoutingRefused { param } => format!(
                "This link tried to set \"{param}\" (where your credentials are sent). Keymint refused it: a link may \
                 only prefill the description, project ID and roles. Check who sent you this link."
            ),
            DeepLinkNotice::Unknown { param } => format!("The link parameter \"{param}\" is not one Keymint uses; it was ignored."),
            DeepLinkNotice::Truncated { param } => format!("The link's \"{param}\" was longer than Keymint accepts and was cut."),
            DeepLinkNotice::BadRole { role } => format!("The link asked for role \"{role}\", which is not a role name; it was ignored."),
            DeepLinkNotice::RequestRefused { reason } => reason.clone(),
            DeepLinkNotice::OpensView { view } => format!(
                "This link is for {} of its project: sign in with your own key or service account, then press \"{}\".",
                view.name(),
                view.name()
            ),
        }
    }
}

/// What a link prefills, and what the page must say about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeepLink {
    /// `projectId`.
    pub project_id: Option<String>,
    /// `desc`.
    pub desc: Option<String>,
    /// Catalog roles (`role`, repeated), in order.
    pub roles: Vec<String>,
    /// Roles outside the catalog that look like role names (prefilled as custom roles).
    pub custom_roles: Vec<String>,
    /// `profile`.
    pub profile: Option<String>,
    /// `view`: a view to open once the user has signed in.
    pub view: Option<LinkedView>,
    /// Notices, in parameter order.
    pub notices: Vec<DeepLinkNotice>,
}

fn normalized(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

fn is_secret(name: &str) -> bool {
    let n = normalized(name);
    const NAMES: [&str; 5] = [
        "apikey",
        "authorization",
        "digest",
        "publickey",
        "publicapikey",
    ];
    const WORDS: [&str; 4] = ["secret", "password", "token", "private"];
    NAMES.contains(&n.as_str()) || WORDS.iter().any(|w| n.contains(w))
}

fn is_routing(name: &str) -> bool {
    let n = normalized(name);
    const NAMES: [&str; 7] = [
        "environment",
        "env",
        "host",
        "service",
        "target",
        "api",
        "customapi",
    ];
    const WORDS: [&str; 2] = ["proxy", "url"];
    NAMES.contains(&n.as_str()) || WORDS.iter().any(|w| n.contains(w))
}

fn decode(raw: &str) -> String {
    let spaced = raw.replace('+', " ");
    // Invalid UTF-8 in escapes becomes U+FFFD rather than an error: the value is only prefilled text.
    percent_decode_str(&spaced)
        .decode_utf8_lossy()
        .chars()
        .filter(|c| !c.is_control())
        .collect()
}

/// A link's value as the page reads it: percent-decoded, `+` as a space, control characters dropped.
pub fn decode_value(raw: &str) -> String {
    decode(raw)
}

fn bounded(value: String, param: &str, notices: &mut Vec<DeepLinkNotice>) -> String {
    if value.chars().count() > MAX_VALUE_CHARS {
        notices.push(DeepLinkNotice::Truncated {
            param: param.to_string(),
        });
        value.chars().take(MAX_VALUE_CHARS).collect()
    } else {
        value
    }
}

/// Reads a query string (with or without the leading `?`).
pub fn parse_query(query: &str) -> DeepLink {
    let mut link = DeepLink::default();
    let query = query.strip_prefix('?').unwrap_or(query);
    let mut role_limit_noted = false;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let name: String = decode(raw_name).chars().take(64).collect();
        if is_secret(&name) {
            link.notices
                .push(DeepLinkNotice::SecretIgnored { param: name });
            continue;
        }
        if is_routing(&name) {
            link.notices
                .push(DeepLinkNotice::RoutingRefused { param: name });
            continue;
        }
        let value = decode(raw_value);
        match name.as_str() {
            "projectId" => {
                link.project_id = Some(bounded(value.trim().to_string(), &name, &mut link.notices))
            }
            "desc" => link.desc = Some(bounded(value, &name, &mut link.notices)),
            "profile" => link.profile = Some(bounded(value, &name, &mut link.notices)),
            "view" if value == LinkedView::ProjectKeys.value() => {
                link.view = Some(LinkedView::ProjectKeys);
                link.notices.push(DeepLinkNotice::OpensView {
                    view: LinkedView::ProjectKeys,
                });
            }
            "role" => {
                if link.roles.len() + link.custom_roles.len() >= MAX_ROLES {
                    if !role_limit_noted {
                        link.notices.push(DeepLinkNotice::Truncated {
                            param: "role".into(),
                        });
                        role_limit_noted = true;
                    }
                    continue;
                }
                let role = value.trim().to_string();
                if roles::lookup(&role).is_some() {
                    if !link.roles.contains(&role) {
                        link.roles.push(role);
                    }
                } else if roles::is_valid_custom_role(&role) {
                    if !link.custom_roles.contains(&role) {
                        link.custom_roles.push(role);
                    }
                } else {
                    link.notices.push(DeepLinkNotice::BadRole {
                        role: role.chars().take(64).collect(),
                    });
                }
            }
            _ => link.notices.push(DeepLinkNotice::Unknown { param: name }),
        }
    }
    link
}

/// The query without any secret parameter, when the link had one (to replace the address bar's URL).
pub fn strip_secrets(query: &str) -> Option<String> {
    let query = query.strip_prefix('?').unwrap_or(query);
    let pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    let kept: Vec<&str> = pairs
        .iter()
        .copied()
        .filter(|p| !is_secret(&decode(p.split('=').next().unwrap_or(""))))
        .collect();
    (kept.len() != pairs.len()).then(|| kept.join("&"))
}

/// Characters escaped in a query value (everything but unreserved ones).
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// "Copy link for this form": the page URL (no query) plus the form's non-secret fields.
pub fn build_link(page_url: &str, draft: &RequestDraft, profile: Option<&str>) -> String {
    let base = page_url.split(['?', '#']).next().unwrap_or(page_url);
    let enc = |v: &str| utf8_percent_encode(v, QUERY_VALUE).to_string();
    let mut parts = Vec::new();
    if !draft.project_id.trim().is_empty() {
        parts.push(format!("projectId={}", enc(draft.project_id.trim())));
    }
    if !draft.desc.is_empty() {
        parts.push(format!("desc={}", enc(&draft.desc)));
    }
    for r in draft.roles.iter().chain(&draft.custom_roles) {
        parts.push(format!("role={}", enc(r)));
    }
    if let Some(p) = profile.filter(|p| !p.is_empty()) {
        parts.push(format!("profile={}", enc(p)));
    }
    if parts.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", parts.join("&"))
    }
}
