//! Validation of what the user types into the form.

use keymint::core::request::{
    description_chars, CreateApiKeyRequest, Field, FieldErrorKind, ProjectId, RequestDraft,
    DESC_MAX_CHARS,
};

const PID: &str = "b0123456789abcdef012345b";

fn draft(desc: &str, pid: &str, roles: &[&str]) -> RequestDraft {
    RequestDraft {
        desc: desc.to_string(),
        project_id: pid.to_string(),
        roles: roles.iter().map(|r| r.to_string()).collect(),
        custom_roles: vec![],
    }
}

fn kinds(d: &RequestDraft) -> Vec<FieldErrorKind> {
    CreateApiKeyRequest::validate(d)
        .unwrap_err()
        .0
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

#[test]
fn description_length_edges_count_characters() {
    assert_eq!(
        kinds(&draft("", PID, &["GROUP_READ_ONLY"])),
        vec![FieldErrorKind::DescriptionBlank]
    );
    assert!(CreateApiKeyRequest::validate(&draft("x", PID, &["GROUP_READ_ONLY"])).is_ok());
    let max = "a".repeat(DESC_MAX_CHARS);
    assert!(CreateApiKeyRequest::validate(&draft(&max, PID, &["GROUP_READ_ONLY"])).is_ok());
    let over = "a".repeat(DESC_MAX_CHARS + 1);
    assert_eq!(
        kinds(&draft(&over, PID, &["GROUP_READ_ONLY"])),
        vec![FieldErrorKind::DescriptionTooLong { chars: 251 }]
    );
}

#[test]
fn multibyte_descriptions_are_measured_in_characters_not_bytes() {
    let emoji = "🔑".repeat(250); // 1000 bytes, 250 characters
    assert_eq!(emoji.len(), 1000);
    let ok = CreateApiKeyRequest::validate(&draft(&emoji, PID, &["GROUP_READ_ONLY"])).unwrap();
    assert_eq!(ok.desc().chars().count(), 250);
    let accents = "é".repeat(251);
    assert_eq!(
        kinds(&draft(&accents, PID, &["GROUP_READ_ONLY"])),
        vec![FieldErrorKind::DescriptionTooLong { chars: 251 }]
    );
    assert_eq!(description_chars("  ünïcode  "), 7);
}

#[test]
fn blank_description_is_an_error_and_sent_text_is_trimmed() {
    assert_eq!(
        kinds(&draft(" \t\n ", PID, &["GROUP_READ_ONLY"])),
        vec![FieldErrorKind::DescriptionBlank]
    );
    let ok =
        CreateApiKeyRequest::validate(&draft("  CI deploys  ", PID, &["GROUP_READ_ONLY"])).unwrap();
    assert_eq!(ok.desc(), "CI deploys");
    // 250 characters plus surrounding spaces still fits: the spaces are not sent.
    let padded = format!("  {}  ", "a".repeat(250));
    assert!(CreateApiKeyRequest::validate(&draft(&padded, PID, &["GROUP_READ_ONLY"])).is_ok());
}

#[test]
fn duplicate_roles_are_removed_keeping_order() {
    let d = draft(
        "x",
        PID,
        &[
            "GROUP_READ_ONLY",
            "GROUP_DATA_ACCESS_READ_ONLY",
            "GROUP_READ_ONLY",
        ],
    );
    let ok = CreateApiKeyRequest::validate(&d).unwrap();
    assert_eq!(
        ok.roles(),
        ["GROUP_READ_ONLY", "GROUP_DATA_ACCESS_READ_ONLY"]
    );
    assert_eq!(
        ok.body_json(),
        r#"{"desc":"x","roles":["GROUP_READ_ONLY","GROUP_DATA_ACCESS_READ_ONLY"]}"#
    );
}

#[test]
fn no_roles_is_an_error_naming_the_roles_field() {
    let err = CreateApiKeyRequest::validate(&draft("x", PID, &[])).unwrap_err();
    assert_eq!(err.0.len(), 1);
    assert_eq!(err.0[0].field, Field::Roles);
    assert!(err.0[0].fix().contains("GROUP_READ_ONLY"));
}

#[test]
fn unknown_roles_need_the_custom_path() {
    assert_eq!(
        kinds(&draft("x", PID, &["GROUP_FOO"])),
        vec![FieldErrorKind::UnknownRole {
            role: "GROUP_FOO".into()
        }]
    );
    let mut d = draft("x", PID, &["GROUP_READ_ONLY"]);
    d.custom_roles = vec!["GROUP_NEW_ROLE_2027".into(), "GROUP_READ_ONLY".into()];
    let ok = CreateApiKeyRequest::validate(&d).unwrap();
    assert_eq!(ok.roles(), ["GROUP_READ_ONLY", "GROUP_NEW_ROLE_2027"]);
    d.custom_roles = vec!["group read".into()];
    let err = CreateApiKeyRequest::validate(&d).unwrap_err();
    assert_eq!(err.0[0].field, Field::CustomRole);
}

#[test]
fn project_id_rules() {
    assert!(ProjectId::parse(PID).is_ok());
    assert_eq!(
        ProjectId::parse(&format!("  {PID}\n")).unwrap().as_str(),
        PID,
        "pasted white space is ignored"
    );
    let upper = PID.to_uppercase();
    let e = ProjectId::parse(&upper).unwrap_err();
    assert_eq!(
        e.kind,
        FieldErrorKind::ProjectIdUppercase {
            lowercase: PID.to_string()
        }
    );
    assert!(e.message().contains("lower-case"));
    assert!(e.fix().contains(PID), "the fix offers the lowercase value");
    assert_eq!(
        ProjectId::parse("b0123").unwrap_err().kind,
        FieldErrorKind::ProjectIdLength { len: 5 }
    );
    assert_eq!(
        ProjectId::parse(&format!("{PID}0")).unwrap_err().kind,
        FieldErrorKind::ProjectIdLength { len: 25 }
    );
    assert_eq!(
        ProjectId::parse("g0123456789abcdef012345b")
            .unwrap_err()
            .kind,
        FieldErrorKind::ProjectIdNotHex { bad: 'g' }
    );
    assert_eq!(
        ProjectId::parse("").unwrap_err().kind,
        FieldErrorKind::ProjectIdMissing
    );
    assert_eq!(
        ProjectId::parse("b0123456789abcdef0123é5b")
            .unwrap_err()
            .kind,
        FieldErrorKind::ProjectIdNotHex { bad: 'é' }
    );
}

#[test]
fn every_violation_is_reported_at_once_in_form_order() {
    let err = CreateApiKeyRequest::validate(&draft("", "XYZ", &[])).unwrap_err();
    let fields: Vec<Field> = err.0.iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        vec![Field::Description, Field::ProjectId, Field::Roles]
    );
    assert_eq!(err.for_field(Field::ProjectId).count(), 1);
    for e in &err.0 {
        assert!(!e.message().is_empty() && !e.fix().is_empty());
        assert!(
            e.message().starts_with(e.field.label()),
            "{} names its field",
            e.message()
        );
    }
}

#[test]
fn body_json_escapes_what_it_must() {
    let ok =
        CreateApiKeyRequest::validate(&draft("quote \" and \\ and ünï", PID, &["GROUP_OWNER"]))
            .unwrap();
    let v: serde_json::Value = serde_json::from_str(&ok.body_json()).unwrap();
    assert_eq!(v["desc"], "quote \" and \\ and ünï");
    assert_eq!(v["roles"][0], "GROUP_OWNER");
}
