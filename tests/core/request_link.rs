//! Request links: the recipient is checked as age checks it (bech32, `age1`, 32 bytes); the request
//! round-trips through "Copy request link"; a link never carries a secret or routing, is bounded, and
//! a link longer than the limit is refused whole.

use keymint::core::deeplink::DeepLinkNotice;
use keymint::core::expiry::ExpiryChoice;
use keymint::core::request_link::{
    build_link, is_request, parse_fragment, AgeRecipient, KeyRequest, RecipientProblem,
    RequestFields, RequestLinkError, MAX_ENTRIES, MAX_LINK_CHARS,
};

/// The recipient in age's own README (`age-keygen` output).
const README_RECIPIENT: &str = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
const PROJECT: &str = "5f1a2b3c4d5e6f7a8b9c0d1e";

fn recipient() -> AgeRecipient {
    AgeRecipient::parse(README_RECIPIENT).expect("a valid recipient")
}

fn read(fragment: &str) -> KeyRequest {
    parse_fragment(fragment)
        .expect("a request link")
        .expect("a usable request")
}

#[test]
fn a_recipient_is_checked_as_age_checks_it() {
    let r = recipient();
    assert_eq!(r.as_str(), README_RECIPIENT);
    assert_eq!(r.short(), "age1ql3z…mcac8p");
    assert_eq!(
        AgeRecipient::parse(&format!("  {README_RECIPIENT}\n")).unwrap(),
        r,
        "surrounding blanks are not part of it"
    );
    // One character changed, one lost, one case flipped: each caught.
    let changed = README_RECIPIENT.replacen("ql3z", "ql3y", 1);
    assert_eq!(
        AgeRecipient::parse(&changed),
        Err(RecipientProblem::BadChecksum)
    );
    let cut = &README_RECIPIENT[..README_RECIPIENT.len() - 1];
    assert_eq!(AgeRecipient::parse(cut), Err(RecipientProblem::BadChecksum));
    assert_eq!(
        AgeRecipient::parse(&README_RECIPIENT.to_uppercase()),
        Err(RecipientProblem::NotAgeRecipient)
    );
    for (text, problem) in [
        ("", RecipientProblem::Missing),
        ("   ", RecipientProblem::Missing),
        ("ssh-ed25519 AAAAC3Nza", RecipientProblem::NotAgeRecipient),
        ("age1", RecipientProblem::NotAgeRecipient),
        ("age1bbbbbb", RecipientProblem::NotAgeRecipient),
        (
            "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX",
            RecipientProblem::IsIdentity,
        ),
    ] {
        assert_eq!(AgeRecipient::parse(text), Err(problem), "{text:?}");
        assert!(!problem.message().is_empty());
    }
    // Valid bech32 strings under "age" that are too short for a key: 20 groups of data, and none.
    for short in ["age1qqqqqqqqqqqqqqqqqqqqlvjtmt", "age19l388n"] {
        assert_eq!(
            AgeRecipient::parse(short),
            Err(RecipientProblem::WrongLength),
            "{short}"
        );
    }
}

#[test]
fn copy_request_link_round_trips_through_the_fragment() {
    let fields = RequestFields {
        project_id: PROJECT.into(),
        desc: "ci deploy & more: 100% #1".into(),
        roles: vec!["GROUP_READ_ONLY".into(), "GROUP_CLUSTER_MANAGER".into()],
        entries: vec!["203.0.113.10".into(), " ".into(), "198.51.100.0/24".into()],
        expiry: Some(ExpiryChoice::Days(30)),
    };
    let link = build_link(
        "https://tools.example.com/keymint/?projectId=x#old",
        &recipient(),
        &fields,
    );
    let (base, fragment) = link.split_once('#').unwrap();
    assert_eq!(
        base, "https://tools.example.com/keymint/",
        "no query, nothing of the old fragment"
    );
    assert!(fragment.starts_with("request=1&to=age1"), "{fragment}");
    assert!(is_request(fragment) && is_request(&format!("#{fragment}")));
    let request = read(&format!("#{fragment}"));
    assert_eq!(request.recipient, recipient());
    assert_eq!(request.prefill.project_id.as_deref(), Some(PROJECT));
    assert_eq!(
        request.prefill.desc.as_deref(),
        Some("ci deploy & more: 100% #1")
    );
    assert_eq!(request.prefill.roles, fields.roles);
    assert_eq!(request.entries, ["203.0.113.10", "198.51.100.0/24"]);
    assert_eq!(request.expiry, Some(ExpiryChoice::Days(30)));
    assert_eq!(request.prefill.notices, []);

    for (expiry, written) in [
        (ExpiryChoice::Never, "expires=never"),
        (ExpiryChoice::On("2027-03-03".into()), "expires=2027-03-03"),
    ] {
        let fields = RequestFields {
            expiry: Some(expiry.clone()),
            ..RequestFields::default()
        };
        let link = build_link("https://k/", &recipient(), &fields);
        assert!(link.ends_with(written), "{link}");
        assert_eq!(read(link.split_once('#').unwrap().1).expiry, Some(expiry));
    }
}

#[test]
fn a_request_never_carries_a_secret_or_routing_and_opens_no_view() {
    let fragment = format!(
        "request=1&to={README_RECIPIENT}&projectId={PROJECT}&privateKey=754c8808-0ba8&clientSecret=mdb_sa_sk_x\
         &proxy=https%3A%2F%2Fevil.example%2F%7Bpath%7D&environment=custom&profile=prod&view=project-keys"
    );
    let request = read(&fragment);
    let notices = &request.prefill.notices;
    assert!(notices.contains(&DeepLinkNotice::SecretIgnored {
        param: "privateKey".into()
    }));
    assert!(notices.contains(&DeepLinkNotice::SecretIgnored {
        param: "clientSecret".into()
    }));
    assert!(notices.contains(&DeepLinkNotice::RoutingRefused {
        param: "proxy".into()
    }));
    assert!(notices.contains(&DeepLinkNotice::RoutingRefused {
        param: "environment".into()
    }));
    assert!(notices.contains(&DeepLinkNotice::Unknown {
        param: "profile".into()
    }));
    assert!(notices.contains(&DeepLinkNotice::Unknown {
        param: "view".into()
    }));
    assert_eq!(request.prefill.profile, None);
    assert_eq!(request.prefill.view, None);
    assert_eq!(request.prefill.project_id.as_deref(), Some(PROJECT));
    let shown = format!("{request:?}");
    assert!(
        !shown.contains("754c8808") && !shown.contains("mdb_sa_sk"),
        "{shown}"
    );
}

#[test]
fn a_request_is_bounded_and_refused_whole_when_too_long_or_unusable() {
    // Other fragments are not requests at all.
    assert_eq!(parse_fragment(""), None);
    assert_eq!(parse_fragment("#reveal"), None);
    assert_eq!(parse_fragment("#projectId=x"), None);

    let too_long = format!(
        "request=1&to={README_RECIPIENT}&desc={}",
        "a".repeat(MAX_LINK_CHARS)
    );
    let chars = too_long.chars().count();
    assert_eq!(
        parse_fragment(&too_long),
        Some(Err(RequestLinkError::TooLong { chars }))
    );
    assert_eq!(
        parse_fragment(&format!("request=2&to={README_RECIPIENT}")),
        Some(Err(RequestLinkError::UnknownVersion))
    );
    assert_eq!(
        parse_fragment("request=1&projectId=x"),
        Some(Err(RequestLinkError::Recipient(RecipientProblem::Missing)))
    );
    let identity = "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX";
    let refused = parse_fragment(&format!("request=1&to={identity}"))
        .unwrap()
        .unwrap_err();
    assert_eq!(
        refused,
        RequestLinkError::Recipient(RecipientProblem::IsIdentity)
    );
    assert!(
        !refused.message().contains(identity),
        "a secret is never quoted"
    );

    // Entries: at most MAX_ENTRIES, each short; the rest dropped with a notice.
    let many: String = (0..MAX_ENTRIES + 3)
        .map(|i| format!("&entry=10.0.0.{i}"))
        .collect();
    let request = read(&format!(
        "request=1&to={README_RECIPIENT}{many}&entry={}",
        "1".repeat(65)
    ));
    assert_eq!(request.entries.len(), MAX_ENTRIES);
    assert!(request
        .prefill
        .notices
        .contains(&DeepLinkNotice::Truncated {
            param: "entry".into()
        }));
    // An expiry the page cannot read is said, not guessed.
    for bad in ["0", "3651", "soon", "2027-02-30"] {
        let request = read(&format!("request=1&to={README_RECIPIENT}&expires={bad}"));
        assert_eq!(request.expiry, None, "{bad}");
        assert!(request.prefill.notices.contains(&DeepLinkNotice::Unknown {
            param: "expires".into()
        }));
    }
}
