//! Deep links prefill the form, never carry secrets and never change where requests go.

use keymint::core::deeplink::{
    build_link, parse_query, strip_secrets, DeepLinkNotice, MAX_ROLES, MAX_VALUE_CHARS,
};
use keymint::core::request::RequestDraft;

#[test]
fn a_standard_link_prefills_the_form() {
    let l = parse_query("?projectId=b0123456789abcdef012345b&desc=CI+deploys%20%F0%9F%94%91&role=GROUP_READ_ONLY&role=GROUP_DATA_ACCESS_READ_ONLY&profile=prod");
    assert_eq!(l.project_id.as_deref(), Some("b0123456789abcdef012345b"));
    assert_eq!(l.desc.as_deref(), Some("CI deploys 🔑"));
    assert_eq!(l.roles, ["GROUP_READ_ONLY", "GROUP_DATA_ACCESS_READ_ONLY"]);
    assert_eq!(l.profile.as_deref(), Some("prod"));
    assert!(l.notices.is_empty());
}

#[test]
fn secrets_are_ignored_and_never_echoed() {
    let l = parse_query("desc=x&privateKey=754c8808-SECRET&client_secret=mdb_sa_sk_SECRET&Private_Api_Key=SECRET&token=SECRET");
    assert_eq!(l.desc.as_deref(), Some("x"));
    assert_eq!(l.notices.len(), 4);
    for n in &l.notices {
        assert!(matches!(n, DeepLinkNotice::SecretIgnored { .. }) && n.is_warning());
        assert!(!n.message().contains("SECRET"), "{}", n.message());
    }
    assert_eq!(
        strip_secrets("desc=x&privateKey=abc&role=GROUP_OWNER").as_deref(),
        Some("desc=x&role=GROUP_OWNER")
    );
    assert_eq!(strip_secrets("desc=x"), None);
}

#[test]
fn any_parameter_named_like_a_credential_is_ignored_with_a_warning() {
    for name in [
        "apiKey",
        "Authorization",
        "digest",
        "publicKey",
        "public_api_key",
        "db_password2",
        "refreshToken",
        "mySecretThing",
        "privateThing",
    ] {
        let l = parse_query(&format!("{name}=value&desc=x"));
        assert_eq!(
            l.notices,
            vec![DeepLinkNotice::SecretIgnored {
                param: name.to_string()
            }],
            "{name}"
        );
        assert_eq!(l.desc.as_deref(), Some("x"));
    }
    // Near misses are unknown parameters, not secrets.
    for name in ["key", "public", "apiKeys2", "tokn"] {
        let l = parse_query(&format!("{name}=value"));
        assert!(
            !l.notices
                .iter()
                .any(|n| matches!(n, DeepLinkNotice::SecretIgnored { .. })),
            "{name}: {:?}",
            l.notices
        );
    }
}

#[test]
fn a_value_of_exactly_the_limit_is_kept_whole_and_without_a_notice() {
    let exact = "é".repeat(MAX_VALUE_CHARS);
    let l = parse_query(&format!("desc={exact}"));
    assert_eq!(l.desc.as_deref(), Some(exact.as_str()));
    assert!(l.notices.is_empty(), "{:?}", l.notices);
    let l = parse_query(&format!("desc={exact}e"));
    assert_eq!(l.desc.as_deref(), Some(exact.as_str()));
    assert_eq!(
        l.notices,
        vec![DeepLinkNotice::Truncated {
            param: "desc".into()
        }]
    );
}

#[test]
fn links_cannot_change_the_proxy_base_url_or_environment() {
    for p in [
        "proxy",
        "proxyUrl",
        "PROXY_URL",
        "baseUrl",
        "base_url",
        "environment",
        "ops_manager_url",
        "customBaseUrl",
        "host",
        "upstreamProxy",
        "webhookUrl",
        "env",
        "service",
        "target",
        "api",
        "customApi",
    ] {
        let l = parse_query(&format!("{p}=https%3A%2F%2Fevil.example.com%2F&desc=x"));
        assert_eq!(
            l.notices,
            vec![DeepLinkNotice::RoutingRefused {
                param: p.to_string()
            }],
            "{p}"
        );
        assert!(l.notices[0].message().contains("refused"));
    }
}

#[test]
fn hostile_values_are_bounded_and_never_panic() {
    let long = "a".repeat(10_000);
    let l = parse_query(&format!("desc={long}"));
    assert_eq!(l.desc.unwrap().chars().count(), MAX_VALUE_CHARS);
    let many: String = (0..5000)
        .map(|i| format!("role=GROUP_CUSTOM_{i}&"))
        .collect();
    let l = parse_query(&many);
    assert_eq!(l.custom_roles.len(), MAX_ROLES);
    assert!(l.notices.contains(&DeepLinkNotice::Truncated {
        param: "role".into()
    }));
    let l = parse_query("desc=%3Cscript%3Ealert(1)%3C%2Fscript%3E%00%0A&role=%3Cimg%3E");
    assert_eq!(
        l.desc.as_deref(),
        Some("<script>alert(1)</script>"),
        "control characters dropped; the page renders text, not HTML"
    );
    assert!(matches!(l.notices[0], DeepLinkNotice::BadRole { .. }));
    for odd in [
        "%",
        "%%",
        "%zz",
        "=&=&",
        "&&&",
        "desc=%FF%FE",
        "role",
        "?",
        "desc=%E2%82",
        "a=b=c",
        "\u{0}=\u{0}",
    ] {
        let _ = parse_query(odd);
        let _ = strip_secrets(odd);
    }
    assert_eq!(parse_query("desc=%FF").desc.as_deref(), Some("\u{FFFD}"));
}

#[test]
fn copy_link_round_trips_tricky_text() {
    for desc in [
        "plain",
        "a & b = c + d %20 #frag ?q",
        "ünïcödé 🔑",
        "quote \" and ' and \\",
        " spaces ",
    ] {
        let draft = RequestDraft {
            desc: desc.into(),
            project_id: "b0123456789abcdef012345b".into(),
            roles: vec!["GROUP_READ_ONLY".into()],
            custom_roles: vec!["GROUP_NEW_2027".into()],
            ..RequestDraft::default()
        };
        let link = build_link(
            "https://keymint.example.com/tools/keymint/?old=1#x",
            &draft,
            Some("team a"),
        );
        assert!(
            link.starts_with("https://keymint.example.com/tools/keymint/?projectId="),
            "{link}"
        );
        let back = parse_query(link.split_once('?').unwrap().1);
        assert_eq!(back.desc.as_deref(), Some(desc));
        assert_eq!(back.project_id.as_deref(), Some("b0123456789abcdef012345b"));
        assert_eq!(back.roles, ["GROUP_READ_ONLY"]);
        assert_eq!(back.custom_roles, ["GROUP_NEW_2027"]);
        assert_eq!(back.profile.as_deref(), Some("team a"));
        assert!(back.notices.is_empty());
    }
}

#[test]
fn every_link_notice_reads_as_the_page_shows_it_and_only_routing_and_secrets_warn() {
    let cases = [
        (
            DeepLinkNotice::SecretIgnored { param: "privateKey".into() },
            true,
            "The link contained a secret (\"privateKey\"); Keymint ignored it and removed it from the address bar. Links must never carry keys or secrets: type them into the form yourself.",
        ),
        (
            DeepLinkNotice::RoutingRefused { param: "proxy".into() },
            true,
            "This link tried to set \"proxy\" (where your credentials are sent). Keymint refused it: a link may only prefill the description, project ID and roles. Check who sent you this link.",
        ),
        (
            DeepLinkNotice::Unknown { param: "colour".into() },
            false,
            "The link parameter \"colour\" is not one Keymint uses; it was ignored.",
        ),
        (
            DeepLinkNotice::Truncated { param: "desc".into() },
            false,
            "The link's \"desc\" was longer than Keymint accepts and was cut.",
        ),
        (
            DeepLinkNotice::BadRole { role: "read only".into() },
            false,
            "The link asked for role \"read only\", which is not a role name; it was ignored.",
        ),
    ];
    for (notice, warns, text) in cases {
        assert_eq!(notice.is_warning(), warns, "{text}");
        assert_eq!(notice.message(), text);
    }
}

#[test]
fn a_link_may_point_at_project_keys_and_says_how_to_open_it() {
    use keymint::core::deeplink::LinkedView;
    let link = parse_query("?view=project-keys&projectId=b0123456789abcdef012345b");
    assert_eq!(link.view, Some(LinkedView::ProjectKeys));
    assert_eq!(link.project_id.as_deref(), Some("b0123456789abcdef012345b"));
    assert_eq!(
        link.notices,
        [DeepLinkNotice::OpensView {
            view: LinkedView::ProjectKeys
        }]
    );
    assert!(!link.notices[0].is_warning());
    assert!(link.notices[0]
        .message()
        .contains("This link is for Project keys of its project: sign in with your own key or service account, then press \"Project keys\"."));
    // Any other view is not one.
    let other = parse_query("?view=admin");
    assert_eq!(other.view, None);
    assert!(matches!(&other.notices[..], [DeepLinkNotice::Unknown { param }] if param == "view"));
}
