//! A key's expiry: the date Keymint stamps into the description (Atlas keys have no expiry field),
//! resolved from "Expires" against today and the organization's policy, counted in the 250
//! characters, read back from any description, and offered as a calendar reminder.

use keymint::core::config::RuntimeConfig;
use keymint::core::environment::{ApiFlavor, Environment};
use keymint::core::expiry::{read_stamp, stamp, Day, ExpiryChoice, ExpiryProblem, ExpiryRules};
use keymint::core::export::{calendar_reminder, ExportContext};
use keymint::core::ids::ProjectId;
use keymint::core::request::{
    CreateApiKeyRequest, Field, FieldErrorKind, RequestDraft, DESC_MAX_CHARS,
};
use keymint::core::response::ApiKeyUserDetails;

fn day(text: &str) -> Day {
    Day::parse(text).unwrap_or_else(|| panic!("{text} is a day"))
}

fn rules(today: &str, max_days: Option<u32>) -> ExpiryRules {
    ExpiryRules {
        today: Some(day(today)),
        max_days,
    }
}

#[test]
fn days_are_counted_across_months_leap_years_and_centuries() {
    assert_eq!(day("2026-12-04").plus_days(90).to_string(), "2027-03-04");
    assert_eq!(day("2028-02-28").plus_days(1).to_string(), "2028-02-29");
    assert_eq!(day("2100-02-28").plus_days(1).to_string(), "2100-03-01");
    assert_eq!(day("2000-02-28").plus_days(1).to_string(), "2000-02-29");
    assert_eq!(day("2026-12-31").plus_days(1).to_string(), "2027-01-01");
    assert_eq!(day("2026-12-04").days_until(day("2027-12-04")), 365);
    assert_eq!(day("2027-12-04").days_until(day("2026-12-04")), -365);
    assert_eq!(Day::from_unix_seconds(0).to_string(), "1970-01-01");
    // An ObjectId's time: 0x6a793fbd = 1786331069 s, 2026-08-10 UTC.
    assert_eq!(
        Day::from_unix_seconds(0x6a79_3fbd).to_string(),
        "2026-08-10"
    );
    assert_eq!(Day::from_unix_seconds(-1).to_string(), "1969-12-31");
    for text in ["1970-01-01", "2026-12-04", "2400-02-29", "9999-12-31"] {
        assert_eq!(day(text).to_string(), text, "round trip");
    }
}

#[test]
fn only_real_dates_in_yyyy_mm_dd_are_read() {
    for bad in [
        "",
        "2026-2-04",
        "2026-02-30",
        "2027-02-29",
        "2026-13-01",
        "2026-00-10",
        "2026-01-00",
        "26-12-04",
        "2026/12/04",
        "2026-12-04 ",
        "+026-12-04",
        "1969-12-31",
        "２０２６-12-04",
        "2026-1２-04",
    ] {
        assert_eq!(Day::parse(bad), None, "{bad:?}");
    }
    assert_eq!(Day::from_ymd(2026, 2, 29), None);
    assert_eq!(
        Day::from_ymd(2024, 2, 29).map(|d| d.to_string()).as_deref(),
        Some("2024-02-29")
    );
}

#[test]
fn the_stamp_is_read_back_only_at_the_end_of_a_description() {
    let d = day("2027-03-04");
    assert_eq!(stamp(d), "[expires 2027-03-04]");
    assert_eq!(read_stamp("ci deploy [expires 2027-03-04]"), Some(d));
    assert_eq!(read_stamp("[expires 2027-03-04]"), Some(d));
    assert_eq!(
        read_stamp("ci deploy [expires 2027-03-04]  "),
        Some(d),
        "trailing space"
    );
    assert_eq!(
        read_stamp("old [expires 2020-01-01] new [expires 2027-03-04]"),
        Some(d),
        "the last one counts"
    );
    for none in [
        "ci deploy",
        "ci deploy [expires 2027-03-04] (rotated 2027-01-01)",
        "ci deploy [expires 2027-02-30]",
        "ci deploy [expires 2027-03-04",
        "ci deploy [Expires 2027-03-04]",
        "ci deploy [expires  2027-03-04]",
        "ci deploy [expires 2027-03-04]]",
        "]",
        "",
    ] {
        assert_eq!(read_stamp(none), None, "{none:?}");
    }
}

#[test]
fn a_choice_resolves_to_a_future_day_within_the_policy() {
    let free = rules("2026-12-04", None);
    assert_eq!(
        free.resolve(&ExpiryChoice::Days(30)),
        Ok(Some(day("2027-01-03")))
    );
    assert_eq!(free.resolve(&ExpiryChoice::Never), Ok(None));
    assert_eq!(
        free.resolve(&ExpiryChoice::On(" 2027-06-30 ".into())),
        Ok(Some(day("2027-06-30")))
    );
    assert_eq!(
        free.resolve(&ExpiryChoice::On("2026-12-04".into())),
        Err(ExpiryProblem::NotInFuture {
            day: day("2026-12-04")
        })
    );
    assert_eq!(
        free.resolve(&ExpiryChoice::On(String::new())),
        Err(ExpiryProblem::NotADate {
            text: String::new()
        })
    );
    assert_eq!(
        ExpiryRules::default().resolve(&ExpiryChoice::Days(30)),
        Err(ExpiryProblem::NoToday)
    );
    assert_eq!(
        ExpiryRules::default().resolve(&ExpiryChoice::Never),
        Ok(None)
    );

    let capped = rules("2026-12-04", Some(180));
    assert_eq!(
        capped.resolve(&ExpiryChoice::Never),
        Err(ExpiryProblem::Required { max_days: 180 })
    );
    assert_eq!(
        capped.resolve(&ExpiryChoice::Days(180)),
        Ok(Some(day("2027-06-02")))
    );
    let too_late = capped.resolve(&ExpiryChoice::On("2027-06-03".into()));
    assert_eq!(
        too_late,
        Err(ExpiryProblem::BeyondPolicy {
            max_days: 180,
            latest: day("2027-06-02")
        })
    );
    let problem = too_late.unwrap_err();
    assert!(
        problem
            .message()
            .contains("at most 180 days, until 2027-06-02"),
        "{}",
        problem.message()
    );
    assert!(
        problem.fix().contains("2027-06-02 or an earlier date"),
        "{}",
        problem.fix()
    );
}

#[test]
fn the_choices_offered_follow_the_policy() {
    let free = rules("2026-12-04", None);
    assert_eq!(free.day_choices(), [30, 90, 180, 365]);
    assert!(free.allows_never());
    assert_eq!(free.default_choice(), ExpiryChoice::Days(90));

    let capped = rules("2026-12-04", Some(200));
    assert_eq!(capped.day_choices(), [30, 90, 180, 200]);
    assert!(!capped.allows_never());
    assert_eq!(capped.default_choice(), ExpiryChoice::Days(90));

    let short = rules("2026-12-04", Some(14));
    assert_eq!(short.day_choices(), [14]);
    assert_eq!(short.default_choice(), ExpiryChoice::Days(14));
    assert_eq!(
        short.resolve(&short.default_choice()),
        Ok(Some(day("2026-12-18")))
    );

    for choice in [
        ExpiryChoice::Days(14),
        ExpiryChoice::Days(365),
        ExpiryChoice::On(String::new()),
        ExpiryChoice::Never,
    ] {
        assert_eq!(
            ExpiryChoice::from_select_value(&choice.select_value()),
            Some(choice.clone()),
            "the select round-trips {choice:?}"
        );
    }
    for bad in ["", "0", "-5", "3651", "soon"] {
        assert_eq!(ExpiryChoice::from_select_value(bad), None, "{bad:?}");
    }
}

fn draft(desc: &str, expiry: ExpiryChoice) -> RequestDraft {
    RequestDraft {
        desc: desc.into(),
        project_id: "b0123456789abcdef012345b".into(),
        roles: vec!["GROUP_READ_ONLY".into()],
        expiry,
        ..RequestDraft::default()
    }
}

#[test]
fn the_description_sent_carries_the_stamp_and_the_limit_counts_it() {
    let r = rules("2026-12-04", None);
    let req = CreateApiKeyRequest::validate_with(
        &draft("  ci deploy  ", ExpiryChoice::Days(90)),
        ApiFlavor::AtlasV2,
        &r,
    )
    .unwrap();
    assert_eq!(req.desc(), "ci deploy [expires 2027-03-04]");
    assert_eq!(req.expires(), Some(day("2027-03-04")));
    assert!(req
        .body_json()
        .contains(r#""desc":"ci deploy [expires 2027-03-04]""#));
    assert_eq!(
        read_stamp(req.desc()),
        req.expires(),
        "what is sent is read back"
    );
    assert_eq!(
        draft("  ci deploy  ", ExpiryChoice::Days(90)).sent_description(&r),
        req.desc()
    );

    // 229 characters and the 21 of " [expires 2027-03-04]" are 250: accepted; one more is not.
    let fits = "x".repeat(DESC_MAX_CHARS - 21);
    let req = CreateApiKeyRequest::validate_with(
        &draft(&fits, ExpiryChoice::Days(90)),
        ApiFlavor::AtlasV2,
        &r,
    )
    .unwrap();
    assert_eq!(req.desc().chars().count(), DESC_MAX_CHARS);
    let over = format!("{fits}x");
    let errors = CreateApiKeyRequest::validate_with(
        &draft(&over, ExpiryChoice::Days(90)),
        ApiFlavor::AtlasV2,
        &r,
    )
    .unwrap_err();
    assert_eq!(
        errors.0[0].kind,
        FieldErrorKind::DescriptionTooLong {
            chars: 251,
            stamp_chars: 21
        }
    );
    assert!(
        errors.0[0]
            .message()
            .contains("with its 21-character expiry stamp"),
        "{}",
        errors.0[0].message()
    );
    // Without an expiry the same text fits.
    assert!(CreateApiKeyRequest::validate_with(
        &draft(&over, ExpiryChoice::Never),
        ApiFlavor::AtlasV2,
        &r
    )
    .is_ok());

    // A policy problem is the Expires field's, with the others, in form order.
    let capped = rules("2026-12-04", Some(30));
    let errors = CreateApiKeyRequest::validate_with(
        &draft("", ExpiryChoice::Never),
        ApiFlavor::AtlasV2,
        &capped,
    )
    .unwrap_err();
    let fields: Vec<Field> = errors.0.iter().map(|e| e.field).collect();
    assert_eq!(fields, [Field::Description, Field::Expiry]);
    assert_eq!(
        errors.0[1].kind,
        FieldErrorKind::Expiry(ExpiryProblem::Required { max_days: 30 })
    );
}

#[test]
fn config_json_caps_key_lifetimes() {
    let cfg = RuntimeConfig::from_json(r#"{"maxKeyLifetimeDays": 180}"#).unwrap();
    assert_eq!(cfg.max_key_lifetime_days, Some(180));
    assert_eq!(
        RuntimeConfig::from_json("{}")
            .unwrap()
            .max_key_lifetime_days,
        None
    );
    let uncapped = RuntimeConfig::from_json(r#"{"maxKeyLifetimeDays": null}"#).unwrap();
    assert_eq!(
        uncapped.max_key_lifetime_days, None,
        "null: no cap, as when absent"
    );
    for bad in ["0", "3651", "-1", "90.5", "\"90\""] {
        let e =
            RuntimeConfig::from_json(&format!(r#"{{"maxKeyLifetimeDays": {bad}}}"#)).unwrap_err();
        assert!(
            e.contains("maxKeyLifetimeDays must be a whole number of days from 1 to 3650"),
            "{bad}: {e}"
        );
    }
}

fn created(desc: &str) -> ApiKeyUserDetails {
    serde_json::from_str(&format!(
        r#"{{"desc":"{desc}","id":"6a800000aaaaaaaaaaaaaaaa","links":[],"privateKey":"11111111-2222-3333-4444-555555555555","publicKey":"newkeyab","roles":[{{"groupId":"b0123456789abcdef012345b","roleName":"GROUP_READ_ONLY"}}]}}"#
    ))
    .unwrap()
}

#[test]
fn the_calendar_reminder_names_the_key_and_its_day_and_holds_no_secret() {
    let key = created("ci deploy, billing; prod [expires 2027-03-04]");
    let project = ProjectId::parse("b0123456789abcdef012345b").unwrap();
    let ctx = ExportContext {
        key: &key,
        project_id: &project,
        environment: &Environment::Atlas,
        created: "2026-12-04T10:11:12.345Z",
    };
    let file = calendar_reminder(&ctx).expect("a key with an expiry");
    assert_eq!(file.file_name, "keymint-newkeyab-expires.ics");
    assert_eq!(file.mime, "text/calendar");
    let ics = &file.content;
    assert!(
        !ics.contains("11111111-2222-3333-4444-555555555555"),
        "no private key"
    );
    assert!(ics.contains("\r\nDTSTART;VALUE=DATE:20270304\r\n"), "{ics}");
    assert!(ics.contains("\r\nDTEND;VALUE=DATE:20270305\r\n"), "{ics}");
    assert!(ics.contains("\r\nDTSTAMP:20261204T101112Z\r\n"), "{ics}");
    assert!(ics.contains("TRIGGER:-P7D"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "folded: {line:?}");
        assert!(!line.contains('\n'), "CRLF only: {line:?}");
    }
    // Unfolded, the description names the key, the project and escapes commas and semicolons.
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded.contains("SUMMARY:Atlas API key newkeyab expires\r\n"),
        "{unfolded}"
    );
    assert!(unfolded.contains("(ci deploy\\, billing\\; prod [expires 2027-03-04]) of project b0123456789abcdef012345b"), "{unfolded}");

    assert_eq!(
        calendar_reminder(&ExportContext {
            key: &created("no expiry"),
            ..ctx
        }),
        None
    );
}

#[test]
fn exports_name_the_key_by_its_description_without_the_stamp() {
    use keymint::core::expiry::unstamped;
    use keymint::core::export::{cli_profile, k8s_secret};
    assert_eq!(unstamped("billing CI [expires 2027-03-04]"), "billing CI");
    assert_eq!(unstamped("  billing CI  "), "billing CI");
    assert_eq!(
        unstamped("billing CI [expires soon]"),
        "billing CI [expires soon]"
    );
    let key = created("billing-service CI [expires 2027-03-04]");
    let project = ProjectId::parse("b0123456789abcdef012345b").unwrap();
    let ctx = ExportContext {
        key: &key,
        project_id: &project,
        environment: &Environment::Atlas,
        created: "2026-12-04T10:11:12.345Z",
    };
    assert!(cli_profile(&ctx)
        .content
        .starts_with("[keymint-billing-service-ci]\n"));
    assert_eq!(
        k8s_secret(&ctx).file_name,
        "atlas-credentials-billing-service-ci.yaml"
    );
}
