//! Validation of what the user types into the form.

use keymint::core::request::{
    description_chars, CreateApiKeyRequest, Field, FieldError, FieldErrorKind, ProjectId,
    RequestDraft, DESC_MAX_CHARS,
};

const PID: &str = "b0123456789abcdef012345b";

fn draft(desc: &str, pid: &str, roles: &[&str]) -> RequestDraft {
    RequestDraft {
        desc: desc.to_string(),
        project_id: pid.to_string(),
        roles: roles.iter().map(|r| r.to_string()).collect(),
        custom_roles: vec![],
        ..RequestDraft::default()
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
        vec![FieldErrorKind::DescriptionTooLong {
            chars: 251,
            stamp_chars: 0
        }]
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
        vec![FieldErrorKind::DescriptionTooLong {
            chars: 251,
            stamp_chars: 0
        }]
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
    // What the problem list under Create reads: each problem and its fix, one after the other.
    assert_eq!(
        err.to_string(),
        "Description is empty. Say what the key is for, e.g. \"CI deploys for billing-service\". \
         Project ID contains 'X', which is not a hexadecimal digit (0-9, a-f). Copy the project ID \
         again from Atlas (Project Settings); it is 24 characters of 0-9 and a-f. \
         Roles: no role is selected; a key needs at least one. \
         Tick at least one project role; GROUP_READ_ONLY is the narrowest."
    );
}

#[test]
fn every_form_problem_names_its_field_and_its_fix_in_words() {
    let words = [
        (
            FieldErrorKind::DescriptionTooLong { chars: 253, stamp_chars: 0 },
            "Description is 253 characters long; Atlas accepts at most 250.",
            "Shorten it by 3 characters.",
        ),
        (
            FieldErrorKind::UnknownRole {
                role: "GROUP_NEW".into(),
            },
            "Roles: GROUP_NEW is not a role Keymint knows.",
            "Untick GROUP_NEW, or add it through \"Custom role\" if it is a role newer than Keymint's catalog.",
        ),
        (
            FieldErrorKind::CustomRoleMalformed {
                role: "read only".into(),
            },
            "Custom role: \"read only\" does not look like an Atlas role name.",
            "Use the API name: upper-case letters, digits and underscores, e.g. GROUP_READ_ONLY.",
        ),
        (
            FieldErrorKind::ProjectIdMissing,
            "Project ID is empty.",
            "Paste the 24-character project ID from the Atlas project settings page or the project URL.",
        ),
        (
            FieldErrorKind::ProjectIdUppercase {
                lowercase: PID.into(),
            },
            "Project ID has upper-case letters; the Atlas API only accepts lower-case hex.",
            "Use the lower-case form: b0123456789abcdef012345b.",
        ),
        (
            FieldErrorKind::ProjectIdLength { len: 23 },
            "Project ID is 23 characters long; it must be exactly 24.",
            "Copy the project ID again from Atlas (Project Settings); it is 24 characters of 0-9 and a-f.",
        ),
    ];
    for (kind, message, fix) in words {
        let e = FieldError {
            field: Field::Description,
            kind,
        };
        assert_eq!((e.message().as_str(), e.fix().as_str()), (message, fix));
        assert_eq!(e.to_string(), format!("{message} {fix}"));
    }
    // A pasted role name of any length is quoted short.
    let long = FieldError {
        field: Field::CustomRole,
        kind: FieldErrorKind::CustomRoleMalformed {
            role: "x".repeat(100),
        },
    };
    let quoted = long.message();
    assert!(
        quoted.contains(&"x".repeat(40)) && !quoted.contains(&"x".repeat(41)),
        "{quoted}"
    );
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

#[test]
fn the_problem_heading_counts_the_problems_in_words() {
    use keymint::core::error::KeymintError;
    let one = CreateApiKeyRequest::validate(&draft("", PID, &["GROUP_READ_ONLY"])).unwrap_err();
    assert_eq!(KeymintError::from(one).title(), "The form has 1 problem");
    let three = CreateApiKeyRequest::validate(&draft("", "", &[])).unwrap_err();
    let e = KeymintError::from(three);
    assert_eq!(e.title(), "The form has 3 problems");
    assert_eq!(e.next_step(), "Fix the fields marked above.");
}
