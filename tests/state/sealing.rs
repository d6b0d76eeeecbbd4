//! A request link on the page: it prefills the form as a deep link does (never credentials or
//! routing), and every key created for it is sealed to the requester: the reveal never holds the
//! private key for showing, only copying the sealed file secures it. "Seal for a recipient" turns an
//! ordinary reveal sealed, only before anything plain left the page.

use keymint::core::deeplink::DeepLinkNotice;
use keymint::core::expiry::ExpiryChoice;
use keymint::core::request_link::{parse_fragment, AgeRecipient, RequestLinkError};
use keymint::state::{Action, AppState, Copied, FlowEvent, Phase, Reveal, SessionEvent};

use crate::{apply, configured, created_key, fill, project, PROJECT};

const RECIPIENT: &str = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";

fn request_link(extra: &str) -> Action {
    let fragment = format!(
        "#request=1&to={RECIPIENT}&projectId={PROJECT}&desc=ci%20deploy&role=GROUP_READ_ONLY&entry=203.0.113.10&expires=30{extra}"
    );
    SessionEvent::ApplyRequestLink(parse_fragment(&fragment).expect("a request link")).into()
}

fn created() -> Action {
    FlowEvent::Created {
        key: created_key(),
        project_id: project(),
        created_at: "2026-12-04T10:00:00Z".into(),
    }
    .into()
}

fn reveal(state: &AppState) -> &Reveal {
    match &state.phase {
        Phase::Revealed(r) => r,
        other => panic!("not revealed: {other:?}"),
    }
}

/// Signed in, opened with a request link, Create pressed and answered.
fn sealed_reveal() -> AppState {
    let state = apply(configured("{}"), fill());
    let state = apply(state, [request_link(""), FlowEvent::Send.into(), created()]);
    assert!(reveal(&state).sealed.is_some());
    state
}

#[test]
fn a_request_link_prefills_the_form_and_names_the_recipient() {
    let state = apply(
        configured("{}"),
        [request_link(
            "&privateKey=754c8808&proxy=https%3A%2F%2Fevil.example",
        )],
    );
    assert_eq!(state.draft.project_id, PROJECT);
    assert_eq!(state.draft.desc, "ci deploy");
    assert_eq!(state.draft.roles, ["GROUP_READ_ONLY"]);
    assert_eq!(state.draft.expiry, ExpiryChoice::Days(30));
    assert_eq!(
        state.sealed_for,
        Some(AgeRecipient::parse(RECIPIENT).unwrap())
    );
    assert_eq!(state.requested_entries, ["203.0.113.10"]);
    // The same refusals as a deep link: no secret, no routing.
    assert!(state.link_notices.contains(&DeepLinkNotice::SecretIgnored {
        param: "privateKey".into()
    }));
    assert!(state
        .link_notices
        .contains(&DeepLinkNotice::RoutingRefused {
            param: "proxy".into()
        }));
    assert_eq!(
        state.proxy,
        configured("{}").proxy,
        "where requests go is untouched"
    );
    assert!(state.credentials.private_key.is_empty());
}

#[test]
fn an_unusable_request_link_prefills_nothing_and_says_why() {
    let state = apply(
        configured("{}"),
        [SessionEvent::ApplyRequestLink(Err(RequestLinkError::UnknownVersion)).into()],
    );
    assert_eq!(state.sealed_for, None);
    assert!(state.draft.desc.is_empty());
    let notice = state.link_notices.last().expect("a notice");
    assert!(notice.is_warning());
    assert!(
        notice.message().contains("nothing of it was used"),
        "{}",
        notice.message()
    );
}

#[test]
fn the_key_made_for_a_request_is_sealed_and_only_the_sealed_file_secures_it() {
    let state = sealed_reveal();
    let r = reveal(&state);
    let sealing = r.sealed.as_ref().unwrap();
    assert_eq!(sealing.recipient.as_str(), RECIPIENT);
    assert_eq!(sealing.armored, None, "being sealed");
    assert_eq!(
        r.follow_up.entries_text, "203.0.113.10",
        "the entries the request asked for"
    );

    // Copying the private key is not offered; were it reported, it would not count as saved.
    let copied = apply(
        state.clone(),
        [FlowEvent::Copied(Copied::PrivateKey).into()],
    );
    assert!(!reveal(&copied).secured);
    let armored = "-----BEGIN AGE ENCRYPTED FILE-----\n…\n-----END AGE ENCRYPTED FILE-----\n";
    let sealed = apply(state, [FlowEvent::Sealed(Ok(armored.into())).into()]);
    assert_eq!(
        reveal(&sealed).sealed.as_ref().unwrap().armored,
        Some(Ok(armored.to_string()))
    );
    assert!(
        sealed
            .reduce(FlowEvent::Sealed(Ok("again".into())).into())
            .is_none(),
        "sealed once"
    );
    let saved = apply(
        sealed.clone(),
        [FlowEvent::Copied(Copied::SealedKey).into()],
    );
    assert!(reveal(&saved).secured);
    let downloaded = apply(sealed, [FlowEvent::Downloaded.into()]);
    assert!(reveal(&downloaded).secured);
}

#[test]
fn a_new_key_is_no_longer_sealed_but_done_keeps_the_request() {
    let state = sealed_reveal();
    let done = apply(
        state.clone(),
        [FlowEvent::BackToForm { fresh_form: false }.into()],
    );
    assert!(
        done.sealed_for.is_some(),
        "the form still serves the request"
    );
    let fresh = apply(state, [FlowEvent::BackToForm { fresh_form: true }.into()]);
    assert_eq!(fresh.sealed_for, None);
    assert!(fresh.requested_entries.is_empty());
    let again = apply(fresh, fill());
    let again = apply(again, [FlowEvent::Send.into(), created()]);
    assert!(reveal(&again).sealed.is_none());
}

#[test]
fn seal_for_a_recipient_only_before_anything_plain_left_the_page() {
    let plain = apply(configured("{}"), fill());
    let plain = apply(plain, [FlowEvent::Send.into(), created()]);
    assert!(reveal(&plain).sealed.is_none());
    let to = || FlowEvent::SealFor(AgeRecipient::parse(RECIPIENT).unwrap()).into();
    let sealed = plain.reduce(to()).expect("nothing plain yet");
    assert_eq!(
        reveal(&sealed).sealed.as_ref().unwrap().recipient.as_str(),
        RECIPIENT
    );
    assert!(sealed.reduce(to()).is_none(), "once");
    for out in [FlowEvent::Downloaded, FlowEvent::Copied(Copied::PrivateKey)] {
        let gone = apply(plain.clone(), [out.into()]);
        assert!(
            gone.reduce(to()).is_none(),
            "the private key already left in plain form"
        );
    }
    // Copying the public key is not the private key leaving.
    let public = apply(plain, [FlowEvent::Copied(Copied::PublicKey).into()]);
    assert!(public.reduce(to()).is_some());
}
