//! Routing only with consent: which changes need the user's confirmation, how they are named, what the
//! administrator's lock refuses, and imports that never replace a saved profile.

use keymint::core::config::RuntimeConfig;
use keymint::core::credentials::AuthKind;
use keymint::core::environment::{ApiFlavor, Environment};
use keymint::core::profile::Profile;
use keymint::core::routing::{
    merge_imported_profiles, propose, route_of_profile, Route, RouteDecision, RouteRefusal,
    RouteSource, RoutingPolicy,
};

fn route(environment: Environment, proxy: &str) -> Route {
    Route {
        environment,
        proxy: proxy.to_string(),
    }
}

fn shipped() -> Route {
    route(Environment::Atlas, "/keymint/atlas{path}")
}

fn profile(name: &str, environment: Environment, proxy: &str) -> Profile {
    Profile {
        name: name.into(),
        environment,
        proxy: proxy.into(),
        org_id: String::new(),
        project_id: "b0123456789abcdef012345b".into(),
        output: String::new(),
        auth: AuthKind::ApiKey,
        login_id: "abcdefgh".into(),
    }
}

fn pending_message(d: RouteDecision) -> String {
    match d {
        RouteDecision::Pending(p) => p.message(),
        other => panic!("expected a pending change, got {other:?}"),
    }
}

#[test]
fn a_profile_that_changes_the_proxy_waits_for_confirmation_naming_both_hosts() {
    let to = route(Environment::Atlas, "https://proxy.evil.example/");
    let d = propose(
        &shipped(),
        to,
        RouteSource::Profile("team-a".into()),
        &RoutingPolicy::default(),
        &shipped(),
    );
    assert_eq!(
        pending_message(d),
        "Profile \u{201c}team-a\u{201d} would send your requests to proxy.evil.example instead of /keymint/atlas. \
         Nothing is sent there unless you choose to use the new route."
    );
}

#[test]
fn the_same_route_needs_no_confirmation() {
    for same in [
        shipped(),
        route(Environment::Atlas, " /keymint/atlas{path} "),
    ] {
        assert_eq!(
            propose(
                &shipped(),
                same,
                RouteSource::LinkedProfile("x".into()),
                &RoutingPolicy::default(),
                &shipped()
            ),
            RouteDecision::Unchanged
        );
    }
    // A profile without a proxy keeps the current one: only its environment counts.
    let p = profile("p", Environment::Atlas, "");
    assert_eq!(route_of_profile(&p, &shipped()), shipped());
}

#[test]
fn environment_and_base_url_changes_name_the_service_host() {
    let gov = route(Environment::AtlasGov, "/keymint/atlas{path}");
    let msg = pending_message(propose(
        &shipped(),
        gov,
        RouteSource::CliProfile("gov".into()),
        &RoutingPolicy::default(),
        &shipped(),
    ));
    assert!(
        msg.starts_with("The CLI profile \u{201c}gov\u{201d} would send your requests to cloud.mongodbgov.com (through /keymint/atlas) instead of cloud.mongodb.com (through /keymint/atlas)."),
        "{msg}"
    );
    let ops = route(
        Environment::Custom {
            base_url: "https://ops.evil.example:8443".into(),
            flavor: ApiFlavor::OpsManagerV1,
        },
        "",
    );
    let direct = route(Environment::Atlas, "");
    let msg = pending_message(propose(
        &direct,
        ops,
        RouteSource::CliProfile("ops".into()),
        &RoutingPolicy::default(),
        &direct,
    ));
    assert!(
        msg.contains("to ops.evil.example:8443 instead of cloud.mongodb.com"),
        "{msg}"
    );
    // A base URL's user name or password is never repeated.
    let with_user = route(
        Environment::Custom {
            base_url: "https://user:pw@ops.example".into(),
            flavor: ApiFlavor::OpsManagerV1,
        },
        "",
    );
    let msg = pending_message(propose(
        &direct,
        with_user,
        RouteSource::StoredSettings,
        &RoutingPolicy::default(),
        &direct,
    ));
    assert!(!msg.contains("pw") && msg.contains("ops.example"), "{msg}");
}

#[test]
fn lock_routing_refuses_every_other_route_with_a_clear_message() {
    let policy = RoutingPolicy {
        locked: true,
        ..RoutingPolicy::default()
    };
    let evil = route(Environment::Atlas, "http://127.0.0.1:9/");
    let d = propose(
        &shipped(),
        evil.clone(),
        RouteSource::LinkedProfile("evil".into()),
        &policy,
        &shipped(),
    );
    let RouteDecision::Refused(refused) = d else {
        panic!("{d:?}")
    };
    assert_eq!(refused.why, RouteRefusal::Locked);
    let msg = refused.message();
    assert!(
        msg.starts_with("Refused: the link's profile \u{201c}evil\u{201d} would send your requests to 127.0.0.1:9 instead of /keymint/atlas.")
            && msg.contains("lockRouting")
            && msg.ends_with("Your requests keep going to /keymint/atlas."),
        "{msg}"
    );
    assert!(policy.locks_controls());
    // The configured route itself is always allowed.
    assert_eq!(policy.check(&shipped(), &shipped()), Ok(()));
    assert_eq!(
        policy.check(
            &route(Environment::AtlasGov, "/keymint/atlas{path}"),
            &shipped()
        ),
        Err(RouteRefusal::Locked)
    );
}

#[test]
fn allow_lists_admit_only_the_listed_proxies_and_base_urls() {
    let policy = RoutingPolicy {
        locked: false,
        allowed_proxies: Some(vec!["https://cors.example.com/".into()]),
        allowed_base_urls: Some(vec![
            "https://cloud.mongodb.com".into(),
            "https://ops.example.com/".into(),
        ]),
    };
    assert!(!policy.locks_controls());
    assert_eq!(
        policy.check(
            &route(Environment::Atlas, "https://cors.example.com/"),
            &shipped()
        ),
        Ok(())
    );
    let ops = Environment::Custom {
        base_url: "https://OPS.example.com".into(),
        flavor: ApiFlavor::OpsManagerV1,
    };
    assert_eq!(
        policy.check(&route(ops, "/keymint/atlas{path}"), &shipped()),
        Ok(())
    );
    let Err(refusal) = policy.check(
        &route(Environment::Atlas, "https://other.example/"),
        &shipped(),
    ) else {
        panic!("an unlisted proxy is allowed")
    };
    assert!(
        refusal.message().contains("other.example")
            && refusal.message().contains("cors.example.com"),
        "{}",
        refusal.message()
    );
    assert!(matches!(
        policy.check(
            &route(Environment::AtlasGov, "/keymint/atlas{path}"),
            &shipped()
        ),
        Err(RouteRefusal::BaseUrlNotAllowed { .. })
    ));
}

#[test]
fn config_json_reads_the_lock_and_refuses_wrong_values() {
    let cfg = RuntimeConfig::from_json(
        r#"{"proxy":"/keymint/atlas{path}","lockRouting":true,"allowedProxies":[" https://a.example/ "],"allowedBaseUrls":["https://cloud.mongodb.com"]}"#,
    )
    .unwrap();
    assert!(cfg.routing.locked);
    assert_eq!(
        cfg.routing.allowed_proxies,
        Some(vec!["https://a.example/".to_string()])
    );
    assert_eq!(cfg.route(), shipped());
    assert!(!RuntimeConfig::from_json("{}").unwrap().routing.locked);
    assert!(RuntimeConfig::from_json(r#"{"lockRouting":"yes"}"#)
        .unwrap_err()
        .contains("lockRouting"));
    assert!(
        RuntimeConfig::from_json(r#"{"allowedProxies":"https://a.example/"}"#)
            .unwrap_err()
            .contains("allowedProxies")
    );
    assert!(RuntimeConfig::from_json(r#"{"allowedBaseUrls":[1]}"#)
        .unwrap_err()
        .contains("allowedBaseUrls"));
}

#[test]
fn an_import_never_replaces_a_saved_profile() {
    let mine = profile("team-a", Environment::Atlas, "/keymint/atlas{path}");
    let theirs = profile("team-a", Environment::Atlas, "https://proxy.evil.example/");
    let mut saved = vec![mine.clone()];
    // The very same profile again: nothing to do.
    assert!(merge_imported_profiles(&mut saved, vec![mine.clone()]).is_empty());
    assert_eq!(saved, vec![mine.clone()]);
    // A different one of that name: kept apart.
    let renamed = merge_imported_profiles(&mut saved, vec![theirs.clone()]);
    assert_eq!(saved[0], mine, "the saved profile is untouched");
    assert_eq!(saved[1].name, "team-a (imported)");
    assert_eq!(saved[1].proxy, theirs.proxy);
    assert_eq!(
        renamed[0].message(),
        "A profile named \u{201c}team-a\u{201d} is already saved and was kept; the imported one was saved as \u{201c}team-a (imported)\u{201d}."
    );
    // Again, but different once more: the next free name; the same file twice adds nothing.
    let third = profile("team-a", Environment::AtlasGov, "");
    let renamed = merge_imported_profiles(&mut saved, vec![third.clone()]);
    assert_eq!(renamed[0].saved_as, "team-a (imported 2)");
    let before = saved.clone();
    merge_imported_profiles(&mut saved, vec![theirs, third]);
    assert_eq!(saved, before);
}

#[test]
fn the_first_hop_is_the_service_without_a_proxy_and_the_path_for_a_same_origin_proxy() {
    for none in ["", "  ", "none", "NONE"] {
        assert_eq!(
            route(Environment::Atlas, none).first_hop(),
            "cloud.mongodb.com",
            "{none:?}"
        );
    }
    assert_eq!(
        route(Environment::Atlas, "./atlas{path}").first_hop(),
        "./atlas"
    );
    assert_eq!(
        route(Environment::Atlas, "/keymint/atlas/{path}").first_hop(),
        "/keymint/atlas"
    );
    assert_eq!(
        route(
            Environment::Atlas,
            "https://user:pw@Proxy.Example.com:8443/{url}"
        )
        .first_hop(),
        "proxy.example.com:8443",
        "host and port, never the user name or password"
    );
}
