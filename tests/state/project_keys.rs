//! Project keys as state: the list (again and again), each key's use kept only for the list shown,
//! the order chosen, the reason use is unreadable said once; and what the page requires before it
//! hands the view its caller.

use keymint::core::answer::Received;
use keymint::core::error::RequestSummary;
use keymint::core::ids::{ApiKeyId, ProjectId};
use keymint::core::key_list::{parse_key_page, ListedKey};
use keymint::core::key_report::{SortBy, Usage};
use keymint::core::readiness::Blocker;
use keymint::core::request::FieldErrorKind;
use keymint::state::project_keys::{ListedKeys, ProjectKeys, ProjectKeysEvent};
use keymint::state::{FormEdit, Progress, SettingsEdit};

use crate::{apply, configured, fill, today, PROJECT};

fn keys() -> Vec<ListedKey> {
    let body = format!(
        r#"{{"results":[
        {{"desc":"a [expires 2027-01-01]","id":"6a793fbd2c88faeba59bd3b1","privateKey":"********-****-****-85daa09d408a","publicKey":"keyaaaaa","roles":[{{"groupId":"{PROJECT}","roleName":"GROUP_READ_ONLY"}}]}},
        {{"desc":"b [expires 2026-12-05]","id":"6a793fbd2c88faeba59bd3b2","privateKey":"********-****-****-85daa09d408a","publicKey":"keybbbbb","roles":[{{"groupId":"{PROJECT}","roleName":"GROUP_READ_ONLY"}}]}}
        ]}}"#
    );
    let summary = RequestSummary {
        method: "GET".into(),
        url: String::new(),
        via: String::new(),
    };
    parse_key_page(Received::new(200, &body), &summary)
        .unwrap()
        .keys
}

fn listed() -> ProjectKeys {
    let view = ProjectKeys::new(ProjectId::parse(PROJECT).unwrap(), today());
    let view = view.reduce(ProjectKeysEvent::ListStarted).unwrap();
    view.reduce(ProjectKeysEvent::Listed(Ok(ListedKeys {
        keys: keys(),
        complete: true,
    })))
    .unwrap()
}

#[test]
fn the_list_is_shown_sorted_and_each_keys_use_joins_it() {
    let view = listed();
    let publics = |v: &ProjectKeys| {
        v.reports()
            .iter()
            .map(|r| r.key.public_key.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        publics(&view),
        ["keybbbbb", "keyaaaaa"],
        "soonest expiry first"
    );
    assert!(view.reports().iter().all(|r| r.usage == Usage::Pending));

    let id_a = ApiKeyId::parse("6a793fbd2c88faeba59bd3b1").unwrap();
    let view = view
        .reduce(ProjectKeysEvent::Usage {
            id: id_a.clone(),
            usage: Usage::Unreadable("Not allowed.".into()),
        })
        .unwrap();
    let view = view
        .reduce(ProjectKeysEvent::Usage {
            id: ApiKeyId::parse("6a793fbd2c88faeba59bd3b2").unwrap(),
            usage: Usage::Unreadable("Not allowed.".into()),
        })
        .unwrap();
    assert_eq!(view.unreadable_use(), Some(("Not allowed.".to_string(), 2)));
    // A use for a key not in the list (a late answer to an earlier list) changes nothing.
    assert!(view
        .reduce(ProjectKeysEvent::Usage {
            id: ApiKeyId::parse("000000000000000000000000").unwrap(),
            usage: Usage::Pending,
        })
        .is_none());
    let by_use = view
        .reduce(ProjectKeysEvent::Sort(SortBy::LastUse))
        .unwrap();
    assert_eq!(by_use.sort, SortBy::LastUse);
    assert!(by_use
        .reduce(ProjectKeysEvent::Sort(SortBy::LastUse))
        .is_none());

    // Listing again forgets what was read; a second press while listing does nothing.
    let again = by_use.reduce(ProjectKeysEvent::ListStarted).unwrap();
    assert!(again.usage.is_empty());
    assert!(again.reports().is_empty());
    assert!(again.reduce(ProjectKeysEvent::ListStarted).is_none());
    assert!(again
        .reduce(ProjectKeysEvent::Usage {
            id: id_a,
            usage: Usage::Pending,
        })
        .is_none());
    // An answer with no list asked for is dropped.
    assert!(listed()
        .reduce(ProjectKeysEvent::Listed(Ok(ListedKeys {
            keys: Vec::new(),
            complete: true,
        })))
        .is_none());
}

#[test]
fn the_view_is_handed_the_caller_only_when_it_could_sign_for_a_project() {
    let state = configured("{}");
    let blockers = state.view_blockers();
    assert!(
        blockers.contains(&Blocker::PublicKeyMissing),
        "{blockers:?}"
    );
    assert!(blockers.iter().any(|b| matches!(
        b,
        Blocker::Request(e) if e.kind == FieldErrorKind::ProjectIdMissing
    )));
    // Sign-in and project are enough: no description or role needed to look at the keys.
    let signed_in = apply(
        state,
        [
            SettingsEdit::SetProjectId(PROJECT.into()).into(),
            SettingsEdit::SetPublicKey("abcdefgh".into()).into(),
            FormEdit::SetPrivateKey("00000000-1111-2222-3333-444444444444".into()).into(),
        ],
    );
    assert!(!signed_in.can_send(), "the create still needs its request");
    assert_eq!(signed_in.view_blockers(), []);
    let settings = signed_in.view_settings();
    assert_eq!(settings.project_id, PROJECT);
    assert_eq!(settings.login_id, "abcdefgh");
    assert_eq!(settings.proxy, signed_in.proxy);
    let json = serde_json::to_string(&settings).unwrap();
    assert!(
        !json.contains("00000000-1111"),
        "no secret in the settings: {json}"
    );
    assert_eq!(
        settings.credentials("00000000-1111-2222-3333-444444444444"),
        signed_in.credentials,
        "the secret handed beside them makes the caller whole"
    );
    let full = apply(configured("{}"), fill());
    assert_eq!(full.view_blockers(), []);
    assert!(matches!(listed().listing, Progress::Done(_)));
}

#[test]
fn a_removal_is_pressed_once_and_a_lost_answer_waits_for_atlas_to_be_read() {
    use keymint::core::answer::{call_unanswered, FetchFailure};
    use keymint::core::rotation::Removal;
    use keymint::state::project_keys::KeyFate;
    let view = listed();
    let a = ApiKeyId::parse("6a793fbd2c88faeba59bd3b1").unwrap();
    assert!(view.may_remove(&a));
    let removing = view.reduce(ProjectKeysEvent::Removing(a.clone())).unwrap();
    assert!(!removing.may_remove(&a), "one DELETE per press");
    assert!(removing
        .reduce(ProjectKeysEvent::Removing(a.clone()))
        .is_none());
    assert!(
        removing.reduce(ProjectKeysEvent::ListStarted).is_none(),
        "no new list while a removal is on its way"
    );
    let done = removing
        .reduce(ProjectKeysEvent::Removed {
            id: a.clone(),
            removal: Removal::DeleteFromOrg,
        })
        .unwrap();
    assert_eq!(
        done.fate_of(&a),
        Some(&KeyFate::Removed(Removal::DeleteFromOrg))
    );
    assert!(!done.may_remove(&a));
    // A late answer for a key not being removed changes nothing.
    assert!(done
        .reduce(ProjectKeysEvent::RemoveFailed {
            id: a.clone(),
            error: crate::refused(),
        })
        .is_none());

    let lost = call_unanswered(
        FetchFailure::TimedOut { seconds: 30 },
        &RequestSummary {
            method: "DELETE".into(),
            url: String::new(),
            via: String::new(),
        },
    );
    let unknown = removing
        .reduce(ProjectKeysEvent::RemoveFailed {
            id: a.clone(),
            error: lost,
        })
        .unwrap();
    assert!(!unknown.may_remove(&a), "Atlas is read first");
    // "Check Atlas" reads (the view marks it as working) ...
    assert!(unknown
        .reduce(ProjectKeysEvent::Removing(a.clone()))
        .is_some());
    // ... and a refusal proves nothing was removed: it may be pressed again.
    let refused = removing
        .reduce(ProjectKeysEvent::RemoveFailed {
            id: a.clone(),
            error: crate::refused(),
        })
        .unwrap();
    assert!(refused.may_remove(&a));
    // Listing again settles everything: fates go with the old list.
    let again = unknown.reduce(ProjectKeysEvent::ListStarted).unwrap();
    assert_eq!(again.fate_of(&a), None);
    assert!(
        !again.may_remove(&a),
        "nothing to remove before the new list arrives"
    );
}

#[test]
fn an_assignment_offers_only_keys_the_project_lacks_and_is_sent_once() {
    use keymint::core::answer::{call_unanswered, FetchFailure};
    use keymint::core::assign::AssignProblem;
    use keymint::core::environment::ApiFlavor;
    let view = listed();
    let other = r#"{"results":[{"desc":"spare","id":"6a793fbd2c88faeba59bd3c9","privateKey":"********-****-****-85daa09d408a","publicKey":"spareone","roles":[{"orgId":"a0123456789abcdef012345a","roleName":"ORG_MEMBER"}]}]}"#;
    let summary = RequestSummary {
        method: "GET".into(),
        url: String::new(),
        via: String::new(),
    };
    let mut org = keys();
    org.extend(
        parse_key_page(Received::new(200, other), &summary)
            .unwrap()
            .keys,
    );
    let view = view.reduce(ProjectKeysEvent::OrgKeysStarted).unwrap();
    assert!(view.reduce(ProjectKeysEvent::OrgKeysStarted).is_none());
    let view = view
        .reduce(ProjectKeysEvent::OrgKeysListed(Ok(ListedKeys {
            keys: org,
            complete: true,
        })))
        .unwrap();
    let offered: Vec<String> = view
        .assignable()
        .iter()
        .map(|k| k.public_key.clone())
        .collect();
    assert_eq!(
        offered,
        ["spareone"],
        "the project's own keys are not offered"
    );
    assert_eq!(view.assignment(ApiFlavor::AtlasV2), None, "nothing picked");

    let spare = ApiKeyId::parse("6a793fbd2c88faeba59bd3c9").unwrap();
    let picked = view.reduce(ProjectKeysEvent::Pick(Some(spare))).unwrap();
    assert_eq!(
        picked.assignment(ApiFlavor::AtlasV2),
        Some(Err(AssignProblem::NoRoles))
    );
    assert!(!picked.may_assign(ApiFlavor::AtlasV2));
    let ready = picked
        .reduce(ProjectKeysEvent::ToggleRole("GROUP_READ_ONLY".into()))
        .unwrap();
    assert!(ready.may_assign(ApiFlavor::AtlasV2));
    let unticked = ready
        .reduce(ProjectKeysEvent::ToggleRole("GROUP_READ_ONLY".into()))
        .unwrap();
    assert!(unticked.assign.roles.is_empty());

    let sending = ready.reduce(ProjectKeysEvent::AssignStarted).unwrap();
    assert!(!sending.may_assign(ApiFlavor::AtlasV2));
    assert!(
        sending.reduce(ProjectKeysEvent::AssignStarted).is_none(),
        "one POST per press"
    );
    assert!(sending
        .reduce(ProjectKeysEvent::ToggleRole("GROUP_OWNER".into()))
        .is_none());
    let lost = call_unanswered(
        FetchFailure::Network("reset".into()),
        &RequestSummary {
            method: "POST".into(),
            url: String::new(),
            via: String::new(),
        },
    );
    let unknown = sending
        .reduce(ProjectKeysEvent::Assigned(Err(lost)))
        .unwrap();
    assert!(
        !unknown.may_assign(ApiFlavor::AtlasV2),
        "Atlas is read first"
    );
    let assignment = ready.assignment(ApiFlavor::AtlasV2).unwrap().unwrap();
    let done = unknown
        .reduce(ProjectKeysEvent::AssignStarted)
        .unwrap()
        .reduce(ProjectKeysEvent::Assigned(Ok(assignment)))
        .unwrap();
    assert!(!done.may_assign(ApiFlavor::AtlasV2), "made: not twice");
}

/// Three keys: two described as the lost create was (the older first), one not.
fn lost_search(desc: &str, complete: bool) -> ProjectKeys {
    let body = format!(
        r#"{{"results":[
        {{"desc":"ci deploy","id":"6a793fbd2c88faeba59bd3b1","privateKey":"********-****-****-85daa09d408a","publicKey":"olderkey","roles":[{{"groupId":"{PROJECT}","roleName":"GROUP_READ_ONLY"}}]}},
        {{"desc":"ci deploy","id":"6b793fbd2c88faeba59bd3b2","privateKey":"********-****-****-85daa09d408a","publicKey":"newerkey","roles":[{{"groupId":"{PROJECT}","roleName":"GROUP_READ_ONLY"}}]}},
        {{"desc":"ci deploy 2","id":"6c793fbd2c88faeba59bd3b3","privateKey":"********-****-****-85daa09d408a","publicKey":"otherkey","roles":[{{"groupId":"{PROJECT}","roleName":"GROUP_READ_ONLY"}}]}}
        ]}}"#
    );
    let summary = RequestSummary {
        method: "GET".into(),
        url: String::new(),
        via: String::new(),
    };
    let keys = parse_key_page(Received::new(200, &body), &summary)
        .unwrap()
        .keys;
    let view = ProjectKeys::new(ProjectId::parse(PROJECT).unwrap(), today())
        .looking_for(Some(desc.to_string()));
    assert_eq!(
        view.lost_key_summary(),
        None,
        "nothing said before the list"
    );
    let view = view.reduce(ProjectKeysEvent::ListStarted).unwrap();
    view.reduce(ProjectKeysEvent::Listed(Ok(ListedKeys { keys, complete })))
        .unwrap()
}

fn shown(view: &ProjectKeys) -> Vec<String> {
    view.reports()
        .iter()
        .map(|r| r.key.public_key.clone())
        .collect()
}

#[test]
fn opened_for_a_lost_create_it_shows_only_the_keys_so_described_until_show_all() {
    let view = lost_search("ci deploy", true);
    assert_eq!(
        shown(&view),
        ["newerkey", "olderkey"],
        "newest first, only those"
    );
    let said = view.lost_key_summary().unwrap();
    assert!(
        said.starts_with("Found 2 keys described \"ci deploy\""),
        "{said}"
    );
    // Each may be deleted or removed like any key of the project.
    let newer = view.reports()[0].key.id.clone();
    assert!(view.may_remove(&newer));
    let deleting = view.reduce(ProjectKeysEvent::Removing(newer)).unwrap();
    assert_eq!(shown(&deleting).len(), 2);

    let all = view.reduce(ProjectKeysEvent::ShowAllKeys).unwrap();
    assert_eq!(all.lost_desc, None);
    assert_eq!(all.lost_key_summary(), None);
    assert_eq!(shown(&all).len(), 3);
    assert!(all.reduce(ProjectKeysEvent::ShowAllKeys).is_none(), "once");
    // An ordinary Project keys has nothing to clear.
    assert!(listed().reduce(ProjectKeysEvent::ShowAllKeys).is_none());
    assert_eq!(listed().lost_key_summary(), None);
}

#[test]
fn the_lost_search_says_when_nothing_was_made_and_when_it_cannot_tell() {
    let one = lost_search("ci deploy 2", true);
    assert_eq!(shown(&one), ["otherkey"]);
    assert!(one
        .lost_key_summary()
        .unwrap()
        .starts_with("Found 1 key described \"ci deploy 2\""));
    let none = lost_search("never made", true);
    assert!(shown(&none).is_empty());
    let said = none.lost_key_summary().unwrap();
    assert!(said.contains("nothing was created"), "{said}");
    // A list cut short proves nothing: the user is sent to the console, not told to create again.
    let partial = lost_search("never made", false).lost_key_summary().unwrap();
    assert!(!partial.contains("nothing was created"), "{partial}");
    assert!(partial.contains("Atlas console"), "{partial}");
}
