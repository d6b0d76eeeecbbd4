//! The role catalog: every role the API has accepted for a project API key, what each means, and the
//! warnings and least-privilege hints the form shows.
//!
//! The current spec has no enum for these fields; the catalog is the last enum the spec carried
//! (2026-02-17). Roles newer than the catalog go through the explicit custom-role path. Ops Manager and
//! Cloud Manager have their own project roles ([`OPS_MANAGER_CATALOG`]).

use super::environment::ApiFlavor;

/// Whether a role applies to the project the key is created in, or to its whole organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleScope {
    /// A `GROUP_*` role: what a project API key is meant to carry.
    Project,
    /// An `ORG_*` role: applies to the whole organization.
    Organization,
}

/// One catalog role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleInfo {
    /// The API name, e.g. `GROUP_READ_ONLY`.
    pub name: &'static str,
    /// Project or organization.
    pub scope: RoleScope,
    /// One line a person understands.
    pub meaning: &'static str,
    /// Privilege rank within its scope: 1 grants least.
    pub rank: u8,
}

const fn project(name: &'static str, meaning: &'static str, rank: u8) -> RoleInfo {
    RoleInfo {
        name,
        scope: RoleScope::Project,
        meaning,
        rank,
    }
}

const fn org(name: &'static str, meaning: &'static str, rank: u8) -> RoleInfo {
    RoleInfo {
        name,
        scope: RoleScope::Organization,
        meaning,
        rank,
    }
}

/// Every role the create endpoint accepted (11 project roles, then 7 organization roles).
pub const CATALOG: &[RoleInfo] = &[
    project("GROUP_READ_ONLY", "Project Read Only: view the project's clusters, settings and metrics; no changes.", 1),
    project("GROUP_OBSERVABILITY_VIEWER", "Project Observability Viewer: view monitoring, metrics and logs only.", 1),
    project("GROUP_DATA_ACCESS_READ_ONLY", "Project Data Access Read Only: read project settings and read data in every cluster.", 2),
    project("GROUP_SEARCH_INDEX_EDITOR", "Project Search Index Editor: create, change and delete Atlas Search indexes.", 2),
    project("GROUP_BACKUP_MANAGER", "Project Backup Manager: manage backups, snapshots and restores.", 3),
    project("GROUP_DATA_ACCESS_READ_WRITE", "Project Data Access Read/Write: read and write data in every cluster, manage indexes.", 3),
    project("GROUP_DATABASE_ACCESS_ADMIN", "Project Database Access Admin: manage database users and custom database roles.", 4),
    project("GROUP_STREAM_PROCESSING_OWNER", "Project Stream Processing Owner: manage stream processing instances and connections.", 4),
    project("GROUP_CLUSTER_MANAGER", "Project Cluster Manager: create, scale, pause and delete clusters.", 4),
    project("GROUP_DATA_ACCESS_ADMIN", "Project Data Access Admin: read and write data, manage database users and indexes.", 5),
    project("GROUP_OWNER", "Project Owner: full control of the project, including its users and API keys.", 6),
    org("ORG_MEMBER", "Organization Member: read access to the organization; Atlas adds it to every project key itself.", 1),
    org("ORG_READ_ONLY", "Organization Read Only: view every project and setting in the organization.", 2),
    org("ORG_BILLING_READ_ONLY", "Organization Billing Viewer: view the organization's billing.", 2),
    org("ORG_BILLING_ADMIN", "Organization Billing Admin: manage the organization's billing and invoices.", 3),
    org("ORG_STREAM_PROCESSING_ADMIN", "Organization Stream Processing Admin: manage stream processing in every project.", 3),
    org("ORG_GROUP_CREATOR", "Organization Project Creator: create new projects in the organization.", 3),
    org("ORG_OWNER", "Organization Owner: full control of the whole organization.", 5),
];

/// The project roles Ops Manager / Cloud Manager accept for a project API key (their v1.0 API docs),
/// and the organization roles they know.
pub const OPS_MANAGER_CATALOG: &[RoleInfo] = &[
    project(
        "GROUP_READ_ONLY",
        "Project Read Only: view the project's deployments, activity and settings; no changes.",
        1,
    ),
    project(
        "GROUP_DATA_ACCESS_READ_ONLY",
        "Project Data Access Read Only: read data in the project's deployments.",
        2,
    ),
    project(
        "GROUP_MONITORING_ADMIN",
        "Project Monitoring Admin: manage monitoring and alerts.",
        3,
    ),
    project(
        "GROUP_BACKUP_ADMIN",
        "Project Backup Admin: manage backups, snapshots and restores.",
        3,
    ),
    project(
        "GROUP_DATA_ACCESS_READ_WRITE",
        "Project Data Access Read/Write: read and write data in the project's deployments.",
        3,
    ),
    project(
        "GROUP_AUTOMATION_ADMIN",
        "Project Automation Admin: manage deployments through automation.",
        4,
    ),
    project(
        "GROUP_USER_ADMIN",
        "Project User Admin: manage the project's users and their roles.",
        4,
    ),
    project(
        "GROUP_DATA_ACCESS_ADMIN",
        "Project Data Access Admin: read and write data and manage database users.",
        5,
    ),
    project(
        "GROUP_OWNER",
        "Project Owner: full control of the project, including its users and API keys.",
        6,
    ),
    org(
        "ORG_MEMBER",
        "Organization Member: read access to the organization; added to every project key.",
        1,
    ),
    org(
        "ORG_READ_ONLY",
        "Organization Read Only: view every project and setting in the organization.",
        2,
    ),
    org(
        "ORG_GROUP_CREATOR",
        "Organization Project Creator: create new projects in the organization.",
        3,
    ),
    org(
        "ORG_OWNER",
        "Organization Owner: full control of the whole organization.",
        5,
    ),
];

/// The role catalog of an API: Atlas's, or Ops Manager's.
pub fn catalog(flavor: ApiFlavor) -> &'static [RoleInfo] {
    match flavor {
        ApiFlavor::AtlasV2 => CATALOG,
        ApiFlavor::OpsManagerV1 => OPS_MANAGER_CATALOG,
    }
}

/// The Atlas catalog entry for an API role name, if the catalog knows it.
pub fn lookup(name: &str) -> Option<&'static RoleInfo> {
    lookup_in(ApiFlavor::AtlasV2, name)
}

/// The entry for a role name in one API's catalog.
pub fn lookup_in(flavor: ApiFlavor, name: &str) -> Option<&'static RoleInfo> {
    catalog(flavor).iter().find(|r| r.name == name)
}

/// Atlas project (`GROUP_*`) roles, least privilege first.
pub fn project_roles() -> impl Iterator<Item = &'static RoleInfo> {
    CATALOG.iter().filter(|r| r.scope == RoleScope::Project)
}

/// Atlas organization (`ORG_*`) roles, least privilege first.
pub fn org_roles() -> impl Iterator<Item = &'static RoleInfo> {
    CATALOG
        .iter()
        .filter(|r| r.scope == RoleScope::Organization)
}

/// Something about the chosen roles the user should know before sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleWarning {
    /// An `ORG_*` role asked for on a project key.
    OrgRoleOnProjectKey { role: String },
    /// `GROUP_OWNER` hands over the whole project, its users and keys included.
    OwnerGrantsEverything,
    /// A role outside the catalog, entered through the custom-role path.
    CustomRole { role: String },
}

impl RoleWarning {
    /// The text the page shows.
    pub fn message(&self) -> String {
        match self {
            RoleWarning::OrgRoleOnProjectKey { role } => format!(
                "{role} is an organization role. Project API keys take project (GROUP_*) roles; older CLI docs \
                 listed ORG_* roles for this command by mistake. Atlas adds ORG_MEMBER to the key by itself, and \
                 is likely to reject other organization roles here (CANNOT_ADD_ORG_ROLE). Grant organization \
                 roles on the organization's API key page instead."
            ),
            RoleWarning::OwnerGrantsEverything => "GROUP_OWNER gives the key full control of the project, \
                 including its users, API keys and every cluster. Pick narrower roles unless the key must \
                 administer the project."
                .to_string(),
            RoleWarning::CustomRole { role } => format!(
                "{role} is not in Keymint's role catalog. Atlas decides whether it exists; check the spelling \
                 against the Atlas user-roles documentation."
            ),
        }
    }
}

/// Warnings for a role list on Atlas, in list order.
pub fn warnings(roles: &[String]) -> Vec<RoleWarning> {
    warnings_for(ApiFlavor::AtlasV2, roles)
}

/// Warnings for a role list against one API's catalog, in list order.
pub fn warnings_for(flavor: ApiFlavor, roles: &[String]) -> Vec<RoleWarning> {
    roles
        .iter()
        .filter_map(|role| match lookup_in(flavor, role) {
            Some(info) if info.name == "GROUP_OWNER" => Some(RoleWarning::OwnerGrantsEverything),
            Some(info) if info.scope == RoleScope::Organization => {
                Some(RoleWarning::OrgRoleOnProjectKey { role: role.clone() })
            }
            Some(_) => None,
            None => Some(RoleWarning::CustomRole { role: role.clone() }),
        })
        .collect()
}

/// Roles whose privileges another chosen role already includes.
const IMPLIED_BY: &[(&str, &[&str])] = &[
    (
        "GROUP_OWNER",
        &[
            "GROUP_READ_ONLY",
            "GROUP_OBSERVABILITY_VIEWER",
            "GROUP_DATA_ACCESS_READ_ONLY",
            "GROUP_DATA_ACCESS_READ_WRITE",
            "GROUP_DATA_ACCESS_ADMIN",
            "GROUP_CLUSTER_MANAGER",
            "GROUP_SEARCH_INDEX_EDITOR",
            "GROUP_BACKUP_MANAGER",
            "GROUP_DATABASE_ACCESS_ADMIN",
            "GROUP_STREAM_PROCESSING_OWNER",
        ],
    ),
    (
        "GROUP_DATA_ACCESS_ADMIN",
        &[
            "GROUP_DATA_ACCESS_READ_WRITE",
            "GROUP_DATA_ACCESS_READ_ONLY",
            "GROUP_READ_ONLY",
        ],
    ),
    (
        "GROUP_DATA_ACCESS_READ_WRITE",
        &["GROUP_DATA_ACCESS_READ_ONLY", "GROUP_READ_ONLY"],
    ),
    ("GROUP_DATA_ACCESS_READ_ONLY", &["GROUP_READ_ONLY"]),
    ("GROUP_CLUSTER_MANAGER", &["GROUP_READ_ONLY"]),
    (
        "ORG_OWNER",
        &[
            "ORG_READ_ONLY",
            "ORG_MEMBER",
            "ORG_BILLING_ADMIN",
            "ORG_BILLING_READ_ONLY",
            "ORG_GROUP_CREATOR",
        ],
    ),
    ("ORG_BILLING_ADMIN", &["ORG_BILLING_READ_ONLY"]),
];

/// How far a role reaches, comparable across scopes: a project role's rank; an organization role's
/// rank, except Organization Owner, which controls every project and so reaches past Project Owner,
/// and Organization Member, which Atlas adds to every project key anyway.
fn breadth(role: &RoleInfo) -> u8 {
    match (role.scope, role.name) {
        (RoleScope::Organization, "ORG_OWNER") => 7,
        (RoleScope::Organization, "ORG_MEMBER") => 0,
        _ => role.rank,
    }
}

/// The broadest catalog role among `roles` (custom roles cannot be ranked); the first ticked wins a tie.
pub fn broadest(flavor: ApiFlavor, roles: &[String]) -> Option<&'static RoleInfo> {
    roles.iter().filter_map(|r| lookup_in(flavor, r)).fold(
        None,
        |best: Option<&'static RoleInfo>, role| match best {
            Some(b) if breadth(b) >= breadth(role) => Some(b),
            _ => Some(role),
        },
    )
}

/// The least-privilege hint on Atlas; see [`least_privilege_hint_for`].
pub fn least_privilege_hint(roles: &[String]) -> Option<String> {
    least_privilege_hint_for(ApiFlavor::AtlasV2, roles)
}

/// The least-privilege hint: which ticked role is the broadest (what a leaked key could do), a ticked
/// role another ticked role already includes, and a nudge when Project Owner alone was picked. None
/// when nothing narrower exists (only read-only roles ticked) or no catalog role is ticked.
pub fn least_privilege_hint_for(flavor: ApiFlavor, roles: &[String]) -> Option<String> {
    let top = broadest(flavor, roles).filter(|r| breadth(r) > 1)?;
    let mut hint = format!(
        "The broadest role ticked is {}: {} A leaked key could do all of that.",
        top.name,
        top.meaning
            .split_once(": ")
            .map_or(top.meaning, |(_, what)| what)
    );
    let redundancy = IMPLIED_BY.iter().find_map(|(broad, implied)| {
        if !roles.iter().any(|r| r == broad) {
            return None;
        }
        let redundant: Vec<&str> = roles
            .iter()
            .map(String::as_str)
            .filter(|r| implied.contains(r))
            .collect();
        (!redundant.is_empty()).then(|| {
            format!(
                " {broad} already includes {}; you can untick {}.",
                redundant.join(", "),
                if redundant.len() == 1 { "it" } else { "them" }
            )
        })
    });
    if let Some(redundancy) = redundancy {
        hint.push_str(&redundancy);
    } else if roles.len() == 1 && top.name == "GROUP_OWNER" {
        hint.push_str(
            " If the key only reads, GROUP_READ_ONLY or GROUP_DATA_ACCESS_READ_ONLY is enough.",
        );
    }
    Some(hint)
}

/// A custom role name looks like an Atlas role: upper-case letters, digits and underscores, 3 to 64 long.
pub fn is_valid_custom_role(s: &str) -> bool {
    let len = s.chars().count();
    (3..=64).contains(&len)
        && s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}
