//! The role catalog, warnings and least-privilege hints.

use keymint::core::environment::ApiFlavor;
use keymint::core::roles::{self, RoleScope, RoleWarning, CATALOG};

#[test]
fn catalog_has_the_18_roles_of_the_last_spec_enum() {
    let enum_2026_02_17 = [
        "ORG_MEMBER",
        "ORG_READ_ONLY",
        "ORG_STREAM_PROCESSING_ADMIN",
        "ORG_BILLING_ADMIN",
        "ORG_BILLING_READ_ONLY",
        "ORG_GROUP_CREATOR",
        "ORG_OWNER",
        "GROUP_OWNER",
        "GROUP_READ_ONLY",
        "GROUP_DATA_ACCESS_ADMIN",
        "GROUP_DATA_ACCESS_READ_ONLY",
        "GROUP_DATA_ACCESS_READ_WRITE",
        "GROUP_CLUSTER_MANAGER",
        "GROUP_SEARCH_INDEX_EDITOR",
        "GROUP_STREAM_PROCESSING_OWNER",
        "GROUP_BACKUP_MANAGER",
        "GROUP_OBSERVABILITY_VIEWER",
        "GROUP_DATABASE_ACCESS_ADMIN",
    ];
    assert_eq!(CATALOG.len(), 18);
    for name in enum_2026_02_17 {
        let info = roles::lookup(name).unwrap_or_else(|| panic!("{name} missing"));
        let expected = if name.starts_with("GROUP_") {
            RoleScope::Project
        } else {
            RoleScope::Organization
        };
        assert_eq!(info.scope, expected, "{name}");
        assert!(!info.meaning.is_empty() && info.rank >= 1);
    }
    assert_eq!(roles::project_roles().count(), 11);
    assert_eq!(roles::org_roles().count(), 7);
}

#[test]
fn owner_outranks_read_only() {
    let rank = |n| roles::lookup(n).unwrap().rank;
    assert!(rank("GROUP_OWNER") > rank("GROUP_DATA_ACCESS_READ_WRITE"));
    assert!(rank("GROUP_DATA_ACCESS_READ_WRITE") > rank("GROUP_READ_ONLY"));
}

#[test]
fn org_roles_on_a_project_key_warn_with_the_docs_history() {
    let w = roles::warnings(&["ORG_OWNER".to_string()]);
    assert_eq!(
        w,
        vec![RoleWarning::OrgRoleOnProjectKey {
            role: "ORG_OWNER".into()
        }]
    );
    let m = w[0].message();
    assert!(
        m.contains("GROUP_*") && m.contains("ORG_MEMBER") && m.contains("by mistake"),
        "{m}"
    );
}

#[test]
fn group_owner_and_custom_roles_warn_and_narrow_roles_do_not() {
    assert_eq!(
        roles::warnings(&["GROUP_OWNER".into()]),
        vec![RoleWarning::OwnerGrantsEverything]
    );
    assert_eq!(roles::warnings(&["GROUP_READ_ONLY".into()]), vec![]);
    assert_eq!(
        roles::warnings(&["GROUP_NEW".into()]),
        vec![RoleWarning::CustomRole {
            role: "GROUP_NEW".into()
        }]
    );
}

#[test]
fn least_privilege_hints() {
    let h = roles::least_privilege_hint(&["GROUP_OWNER".into(), "GROUP_READ_ONLY".into()]).unwrap();
    assert!(
        h.contains("GROUP_OWNER already includes GROUP_READ_ONLY"),
        "{h}"
    );
    assert!(roles::least_privilege_hint(&["GROUP_OWNER".into()])
        .unwrap()
        .contains("GROUP_READ_ONLY"));
    assert_eq!(
        roles::least_privilege_hint(&["GROUP_READ_ONLY".into()]),
        None
    );
}

fn ticked(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

#[test]
fn the_hint_names_the_broadest_ticked_role_whatever_the_order() {
    let picked = ticked(&[
        "GROUP_READ_ONLY",
        "GROUP_CLUSTER_MANAGER",
        "GROUP_SEARCH_INDEX_EDITOR",
    ]);
    assert_eq!(
        roles::broadest(ApiFlavor::AtlasV2, &picked).map(|r| r.name),
        Some("GROUP_CLUSTER_MANAGER")
    );
    let h = roles::least_privilege_hint(&picked).unwrap();
    assert!(
        h.starts_with("The broadest role ticked is GROUP_CLUSTER_MANAGER: create, scale"),
        "{h}"
    );
    assert!(!h.contains("GROUP_SEARCH_INDEX_EDITOR"), "{h}");
    // Organization Owner reaches past Project Owner; Organization Member (added anyway) reaches least.
    let owner_both = ticked(&["GROUP_OWNER", "ORG_OWNER"]);
    assert_eq!(
        roles::broadest(ApiFlavor::AtlasV2, &owner_both).map(|r| r.name),
        Some("ORG_OWNER")
    );
    let member = ticked(&["ORG_MEMBER", "GROUP_DATA_ACCESS_READ_ONLY"]);
    assert_eq!(
        roles::broadest(ApiFlavor::AtlasV2, &member).map(|r| r.name),
        Some("GROUP_DATA_ACCESS_READ_ONLY")
    );
    // Even against the narrowest project role, ticked second (the first ticked wins a tie).
    let member_first = ticked(&["ORG_MEMBER", "GROUP_READ_ONLY"]);
    assert_eq!(
        roles::broadest(ApiFlavor::AtlasV2, &member_first).map(|r| r.name),
        Some("GROUP_READ_ONLY")
    );
    // Custom roles cannot be ranked; Ops Manager's catalog ranks its own roles.
    assert_eq!(
        roles::broadest(ApiFlavor::AtlasV2, &ticked(&["GROUP_NEW_ROLE"])),
        None
    );
    let om = ticked(&["GROUP_MONITORING_ADMIN", "GROUP_AUTOMATION_ADMIN"]);
    assert!(
        roles::least_privilege_hint_for(ApiFlavor::OpsManagerV1, &om)
            .unwrap()
            .contains("is GROUP_AUTOMATION_ADMIN")
    );
}

#[test]
fn custom_role_names_must_look_like_atlas_roles() {
    assert!(roles::is_valid_custom_role("GROUP_NEW_ROLE_2027"));
    for bad in [
        "",
        "GR",
        "group_read",
        "GROUP READ",
        "_GROUP",
        "GROUP-READ",
        "ÉGROUP",
        &"A".repeat(65),
    ] {
        assert!(!roles::is_valid_custom_role(bad), "{bad:?}");
    }
}

#[test]
fn ops_manager_has_its_own_project_roles() {
    use keymint::core::environment::ApiFlavor;
    use keymint::core::request::{CreateApiKeyRequest, RequestDraft};
    assert!(roles::lookup_in(ApiFlavor::OpsManagerV1, "GROUP_AUTOMATION_ADMIN").is_some());
    assert!(roles::lookup_in(ApiFlavor::OpsManagerV1, "GROUP_CLUSTER_MANAGER").is_none());
    assert!(roles::lookup("GROUP_AUTOMATION_ADMIN").is_none());
    let draft = |role: &str| RequestDraft {
        desc: "x".into(),
        project_id: "b0123456789abcdef012345b".into(),
        roles: vec![role.into()],
        custom_roles: vec![],
        ..RequestDraft::default()
    };
    assert!(CreateApiKeyRequest::validate_for(
        &draft("GROUP_MONITORING_ADMIN"),
        ApiFlavor::OpsManagerV1
    )
    .is_ok());
    assert!(CreateApiKeyRequest::validate_for(
        &draft("GROUP_CLUSTER_MANAGER"),
        ApiFlavor::OpsManagerV1
    )
    .is_err());
    assert!(CreateApiKeyRequest::validate(&draft("GROUP_MONITORING_ADMIN")).is_err());
    assert_eq!(
        roles::warnings_for(ApiFlavor::OpsManagerV1, &["GROUP_USER_ADMIN".into()]),
        vec![]
    );
}

#[test]
fn only_project_owner_alone_is_nudged_toward_a_read_only_role() {
    let nudge = "If the key only reads, GROUP_READ_ONLY or GROUP_DATA_ACCESS_READ_ONLY is enough.";
    let hint = |names: &[&str]| roles::least_privilege_hint(&ticked(names)).unwrap_or_default();
    assert!(
        hint(&["GROUP_OWNER"]).ends_with(nudge),
        "{}",
        hint(&["GROUP_OWNER"])
    );
    assert!(!hint(&["GROUP_CLUSTER_MANAGER"]).contains(nudge));
    assert!(!hint(&["GROUP_OWNER", "ORG_OWNER"]).contains(nudge));
}
