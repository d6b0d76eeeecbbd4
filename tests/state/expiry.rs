//! "Expires" as state: today comes from the browser, the organization's cap from config.json; the
//! default follows the cap until the user picks; the request sent carries the stamp; a new form starts
//! from the default again.

use keymint::core::config::RuntimeConfig;
use keymint::core::connection::ConnectionSource;
use keymint::core::expiry::{ExpiryChoice, ExpiryProblem};
use keymint::core::request::{Field, FieldErrorKind};
use keymint::state::{AppState, FlowEvent, FormEdit, SessionEvent};

use crate::{apply, configured, created_key, fill, project, today};

fn sent_desc(state: &AppState) -> String {
    state
        .validated
        .as_ref()
        .map(|r| r.desc().to_string())
        .unwrap_or_else(|e| panic!("not valid: {e}"))
}

#[test]
fn a_new_form_expires_in_90_days_counted_from_the_browsers_today() {
    let state = apply(configured("{}"), fill());
    assert_eq!(state.draft.expiry, ExpiryChoice::Days(90));
    assert_eq!(sent_desc(&state), "ci deploy [expires 2027-03-04]");
    assert_eq!(
        state.draft.sent_description(&state.expiry_rules),
        "ci deploy [expires 2027-03-04]",
        "the counter counts what is sent"
    );

    let never = apply(
        state.clone(),
        [FormEdit::SetExpiry(ExpiryChoice::Never).into()],
    );
    assert_eq!(sent_desc(&never), "ci deploy");
    let on = apply(
        state.clone(),
        [FormEdit::SetExpiry(ExpiryChoice::On("2027-01-31".into())).into()],
    );
    assert_eq!(sent_desc(&on), "ci deploy [expires 2027-01-31]");

    // The same day again changes nothing; a new day re-counts.
    assert!(state.reduce(SessionEvent::Today(today()).into()).is_none());
    let tomorrow = apply(state, [SessionEvent::Today(today().plus_days(1)).into()]);
    assert_eq!(sent_desc(&tomorrow), "ci deploy [expires 2027-03-05]");
}

#[test]
fn before_the_page_knows_the_date_a_counted_expiry_cannot_be_sent_and_says_why_only_then() {
    let state = apply(AppState::default(), fill());
    assert!(!state.can_send());
    let errors = state.validated.clone().unwrap_err();
    assert_eq!(
        errors
            .for_field(Field::Expiry)
            .next()
            .map(|e| e.kind.clone()),
        Some(FieldErrorKind::Expiry(ExpiryProblem::NoToday))
    );
    assert!(
        state
            .visible_errors()
            .iter()
            .all(|e| e.field != Field::Expiry),
        "not shown before the date arrives (it arrives at mount)"
    );
}

#[test]
fn the_organizations_cap_sets_the_default_and_refuses_never_until_the_user_picks_within_it() {
    let state = apply(configured(r#"{"maxKeyLifetimeDays": 30}"#), fill());
    assert_eq!(state.expiry_rules.max_days, Some(30));
    assert_eq!(state.draft.expiry, ExpiryChoice::Days(30));
    assert!(state.can_send());
    assert_eq!(sent_desc(&state), "ci deploy [expires 2027-01-03]");

    let never = apply(
        state.clone(),
        [FormEdit::SetExpiry(ExpiryChoice::Never).into()],
    );
    assert!(!never.can_send());
    assert!(never
        .visible_errors()
        .iter()
        .any(|e| e.kind == FieldErrorKind::Expiry(ExpiryProblem::Required { max_days: 30 })));

    // config.json arriving after the user picked keeps the pick, and the cap still holds.
    let picked = apply(
        apply(AppState::default(), [SessionEvent::Today(today()).into()]),
        [FormEdit::SetExpiry(ExpiryChoice::Days(365)).into()],
    );
    let capped = apply(
        picked,
        [SessionEvent::Configure {
            config: RuntimeConfig::from_json(r#"{"maxKeyLifetimeDays": 180}"#).unwrap(),
            stored: None,
            problem: None,
            source: ConnectionSource::ConfigFile,
        }
        .into()],
    );
    assert_eq!(capped.draft.expiry, ExpiryChoice::Days(365));
    let errors = capped.validated.unwrap_err();
    assert!(matches!(
        errors.for_field(Field::Expiry).next().map(|e| &e.kind),
        Some(FieldErrorKind::Expiry(ExpiryProblem::BeyondPolicy {
            max_days: 180,
            ..
        }))
    ));
}

#[test]
fn a_fresh_form_starts_from_the_default_expiry_again() {
    let state = apply(
        configured(r#"{"maxKeyLifetimeDays": 180}"#),
        fill().into_iter().chain([
            FormEdit::SetExpiry(ExpiryChoice::Days(30)).into(),
            FlowEvent::Send.into(),
            FlowEvent::Created {
                key: created_key(),
                project_id: project(),
                created_at: "2026-12-04T10:00:00Z".into(),
            }
            .into(),
            FlowEvent::BackToForm { fresh_form: true }.into(),
        ]),
    );
    assert_eq!(state.draft.expiry, ExpiryChoice::Days(90));
    assert!(!state.touched.expiry);
    let kept = apply(
        configured("{}"),
        fill().into_iter().chain([
            FormEdit::SetExpiry(ExpiryChoice::Days(30)).into(),
            FlowEvent::Send.into(),
            FlowEvent::Created {
                key: created_key(),
                project_id: project(),
                created_at: "2026-12-04T10:00:00Z".into(),
            }
            .into(),
            FlowEvent::BackToForm { fresh_form: false }.into(),
        ]),
    );
    assert_eq!(
        kept.draft.expiry,
        ExpiryChoice::Days(30),
        "Done keeps the form"
    );
}
