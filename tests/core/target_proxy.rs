//! One function builds the request; the proxy decides only the URL the browser fetches.

use keymint::core::environment::{validate_base_url, ApiFlavor, Environment, ATLAS_V2_MEDIA_TYPE};
use keymint::core::proxy::{ProxyError, ProxyRoute};
use keymint::core::request::{CreateApiKeyRequest, RequestDraft};
use keymint::core::target::{self, CurlAuth};

fn request() -> CreateApiKeyRequest {
    CreateApiKeyRequest::validate(&RequestDraft {
        desc: "e2e-test".into(),
        project_id: "b0123456789abcdef012345b".into(),
        roles: vec!["GROUP_READ_ONLY".into()],
        custom_roles: vec![],
        ..RequestDraft::default()
    })
    .unwrap()
}

#[test]
fn atlas_create_uses_v2_path_and_versioned_media_type() {
    let r = target::create_api_key(&Environment::Atlas, &request());
    assert_eq!(r.method, "POST");
    assert_eq!(
        r.url(),
        "https://cloud.mongodb.com/api/atlas/v2/groups/b0123456789abcdef012345b/apiKeys"
    );
    assert_eq!(r.header("accept"), Some(ATLAS_V2_MEDIA_TYPE));
    assert_eq!(
        r.header("Content-Type"),
        Some("application/vnd.atlas.2023-01-01+json")
    );
    assert_eq!(
        r.body.as_deref(),
        Some(r#"{"desc":"e2e-test","roles":["GROUP_READ_ONLY"]}"#)
    );
    assert!(r.header("Authorization").is_none());
}

#[test]
fn government_uses_its_host_and_sha256() {
    let r = target::create_api_key(&Environment::AtlasGov, &request());
    assert!(r
        .url()
        .starts_with("https://cloud.mongodbgov.com/api/atlas/v2/"));
    assert_eq!(Environment::AtlasGov.digest_algorithm().as_str(), "SHA-256");
    assert_eq!(Environment::Atlas.digest_algorithm().as_str(), "MD5");
}

#[test]
fn ops_manager_uses_v1_path_and_plain_json() {
    let env = Environment::Custom {
        base_url: "https://om.example.com:8443/".into(),
        flavor: ApiFlavor::OpsManagerV1,
    };
    let r = target::create_api_key(&env, &request());
    assert_eq!(
        r.url(),
        "https://om.example.com:8443/api/public/v1.0/groups/b0123456789abcdef012345b/apiKeys"
    );
    assert_eq!(r.header("Accept"), Some("application/json"));
    assert_eq!(r.header("Content-Type"), Some("application/json"));
}

#[test]
fn base_url_validation() {
    assert_eq!(
        validate_base_url("https://om.example.com/").unwrap(),
        "https://om.example.com"
    );
    assert!(validate_base_url("http://127.0.0.1:9000").is_ok());
    assert!(validate_base_url("http://localhost:9000").is_ok());
    for bad in [
        "",
        "om.example.com",
        "ftp://x",
        "http://om.example.com",
        "https://u:p@x.com",
        "https://x.com/?a=1",
        "https://x y",
        "https://om.example.com/a b",
        "https://om.example.com/a\u{1}b",
        "https://om.example.com/a\u{a0}b",
    ] {
        assert!(validate_base_url(bad).is_err(), "{bad:?}");
    }
    assert!(validate_base_url("http://om.example.com")
        .unwrap_err()
        .contains("https"));
}

#[test]
fn proxy_forms_compute_the_fetch_url() {
    let r = target::create_api_key(&Environment::Atlas, &request());
    let atlas = "https://cloud.mongodb.com/api/atlas/v2/groups/b0123456789abcdef012345b/apiKeys";
    assert_eq!(ProxyRoute::parse("").unwrap().fetch_url(&r), atlas);
    assert_eq!(ProxyRoute::parse("none").unwrap(), ProxyRoute::Direct);
    assert_eq!(
        ProxyRoute::parse("http://127.0.0.1:8081/")
            .unwrap()
            .fetch_url(&r),
        format!("http://127.0.0.1:8081/{atlas}")
    );
    assert_eq!(
        ProxyRoute::parse("/atlas{path}").unwrap().fetch_url(&r),
        "/atlas/api/atlas/v2/groups/b0123456789abcdef012345b/apiKeys"
    );
    assert_eq!(
        ProxyRoute::parse("./atlas{path}").unwrap().fetch_url(&r),
        "./atlas/api/atlas/v2/groups/b0123456789abcdef012345b/apiKeys"
    );
    assert_eq!(
        ProxyRoute::parse("https://proxy.example.com/fetch?target={url}").unwrap().fetch_url(&r),
        "https://proxy.example.com/fetch?target=https%3A%2F%2Fcloud%2Emongodb%2Ecom%2Fapi%2Fatlas%2Fv2%2Fgroups%2Fb0123456789abcdef012345b%2FapiKeys"
    );
    assert!(ProxyRoute::parse("/atlas{path}").unwrap().is_same_origin());
    assert!(!ProxyRoute::parse("https://p.example.com/")
        .unwrap()
        .is_same_origin());
}

#[test]
fn malformed_and_insecure_proxies_are_rejected_with_reasons() {
    assert_eq!(
        ProxyRoute::parse("http://proxy.example.com/"),
        Err(ProxyError::InsecureHttp {
            host: "proxy.example.com".into()
        })
    );
    assert!(ProxyRoute::parse("http://localhost:8080/").is_ok());
    assert!(ProxyRoute::parse("http://[::1]:8080/").is_ok());
    assert_eq!(
        ProxyRoute::parse("/a{url}{path}"),
        Err(ProxyError::TemplatePlaceholders { found: 2 })
    );
    for bad in [
        "proxy.example.com",
        "//proxy.example.com/",
        "https://",
        "https://x/{host}",
        "ftp://x/",
        "https://a b/",
        "https://u:p@x/",
    ] {
        let e = ProxyRoute::parse(bad).unwrap_err();
        assert!(!e.message().is_empty(), "{bad:?}");
    }
}

#[test]
fn no_panic_on_odd_proxy_or_base_url_input() {
    let odd = [
        "{",
        "}",
        "{url",
        "://",
        "https://[",
        "https://[::1",
        "https://:0",
        "https://x:99999",
        "https://\u{0}",
        "/\u{7f}{path}",
        "é://x",
        "https://ø.example/",
        "   ",
        "{path}{path}",
        "http://127.0.0.1:-1/",
    ];
    let r = target::create_api_key(&Environment::Atlas, &request());
    for s in odd {
        if let Ok(route) = ProxyRoute::parse(s) {
            let _ = route.fetch_url(&r);
        }
        let _ = validate_base_url(s);
    }
}

#[test]
fn curl_preview_masks_the_private_key_and_quotes_for_the_shell() {
    let mut d = RequestDraft {
        desc: "it's $HOME; `rm -rf` \"x\"".into(),
        project_id: "b0123456789abcdef012345b".into(),
        roles: vec!["GROUP_READ_ONLY".into()],
        custom_roles: vec![],
        ..RequestDraft::default()
    };
    let r = target::create_api_key(
        &Environment::Atlas,
        &CreateApiKeyRequest::validate(&d).unwrap(),
    );
    let c = target::curl_preview(
        &r,
        CurlAuth::Digest {
            public_key: "abcdefgh",
        },
    );
    assert!(
        c.starts_with("curl --digest --user 'abcdefgh:********'"),
        "{c}"
    );
    assert!(c.contains("--header 'Accept: application/vnd.atlas.2023-01-01+json'"));
    // Run it through a real shell's word splitting: the body must come back intact.
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -- {}; shift $(($# - 1)); printf '%s' \"$1\"",
            &c["curl ".len()..]
        ))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        r.body.clone().unwrap()
    );
    d.desc = "plain".into();
    assert!(!target::curl_preview(
        &r,
        CurlAuth::Digest {
            public_key: "abcdefgh"
        }
    )
    .contains("priv"));
}

#[test]
fn every_unusable_proxy_url_says_why_and_what_to_write_instead() {
    let why = |input: &str| match ProxyRoute::parse(input) {
        Err(ProxyError::Malformed { why, .. }) => why,
        other => panic!("{input:?}: {other:?}"),
    };
    for (input, reason) in [
        (
            "proxy.example.com",
            "it is not an absolute http(s) URL or a path starting with / or ./",
        ),
        (
            "ftp://x/",
            "it is not an absolute http(s) URL or a path starting with / or ./",
        ),
        (
            "//proxy.example.com/",
            "a protocol-relative URL is ambiguous; write https://",
        ),
        (
            "https://x/{host}",
            "the only placeholders are {url} and {path}",
        ),
        (
            "https://x/{path",
            "the only placeholders are {url} and {path}",
        ),
        ("https://a b/", "it contains spaces or control characters"),
        ("https://u:p@x/", "it carries a user name or password"),
    ] {
        assert_eq!(why(input), reason, "{input:?}");
    }
    let e = ProxyRoute::parse("proxy.example.com").unwrap_err();
    assert_eq!(
        e.message(),
        "Proxy URL \"proxy.example.com\" is not usable: it is not an absolute http(s) URL or a path starting \
         with / or ./. Use an https:// URL (e.g. https://proxy.example.com/), a same-origin path such as \
         /atlas{path}, or leave it empty for none."
    );
    assert_eq!(e.to_string(), e.message());
    assert_eq!(
        ProxyRoute::parse("http://proxy.example.com/").unwrap_err().message(),
        "Proxy URL uses plain http:// to proxy.example.com: your Atlas credentials would cross the network \
         unencrypted. Use https:// (http is allowed only for localhost and 127.0.0.1)."
    );
    assert_eq!(
        ProxyRoute::parse("/a{url}{path}").unwrap_err().message(),
        "Proxy URL has 2 placeholders; a template needs exactly one {url} or {path}."
    );
}

#[test]
fn the_settings_panel_describes_each_kind_of_proxy() {
    let describe = |s: &str| ProxyRoute::parse(s).unwrap().describe();
    assert_eq!(
        describe(""),
        "No proxy: the browser calls the service directly (Atlas itself sends no CORS headers, so this fails against Atlas)."
    );
    assert_eq!(
        describe("http://127.0.0.1:8081/"),
        "Prefix proxy: requests go to http://127.0.0.1:8081/<full Atlas URL> (cors-anywhere style)."
    );
    assert_eq!(
        describe("https://p.example/fetch?u={url}"),
        "Template proxy: https://p.example/fetch?u={url}, with {url} the encoded Atlas URL."
    );
    assert_eq!(
        describe("/keymint/atlas{path}"),
        "Reverse proxy: /keymint/atlas{path}, with {path} the Atlas path; the proxy is bound to one Atlas host."
    );
}

#[test]
fn each_refused_base_url_says_what_to_change() {
    for (input, reason) in [
        ("  ", "enter the base URL, e.g. https://opsmanager.example.com:8443".to_string()),
        (
            "om.example.com",
            "\"om.example.com\" is not an absolute http(s) URL, e.g. https://opsmanager.example.com".to_string(),
        ),
        ("https://x.com/?a=1", "remove the query (?...) or fragment (#...) from the base URL".to_string()),
        ("https://x.com#top", "remove the query (?...) or fragment (#...) from the base URL".to_string()),
        (
            "https://u:p@x.com",
            "remove the user name or password from the base URL; Keymint signs requests itself".to_string(),
        ),
        (
            "http://OM.example.com:8080",
            "plain http:// would send your credentials unencrypted to om.example.com; use https:// (http is allowed only for localhost)".to_string(),
        ),
    ] {
        assert_eq!(validate_base_url(input), Err(reason), "{input:?}");
    }
}

#[test]
fn ports_hosts_and_loopback_addresses_are_checked_as_a_url_parser_would() {
    for ok in [
        "https://om.example.com:1",
        "https://om.example.com:65535/prefix/",
        "https://[2001:db8::1]:8443",
        "http://[::1]:8080",
        "http://127.0.0.2",
        "HTTPS://Om.Example.com",
    ] {
        assert!(validate_base_url(ok).is_ok(), "{ok:?}");
    }
    for bad in [
        "https://om.example.com:0",
        "https://om.example.com:65536",
        "https://om.example.com:123456",
        "https://om.example.com:",
        "https://om.example.com:+80",
        "https://[2001:db8::1",
        "https://[2001:db8::1]x",
        "https://:8443",
        "https://om_example.com",
        "https://om.example.com/a\tb",
        "http://128.0.0.1",
        "http://localhost.example.com",
    ] {
        assert!(validate_base_url(bad).is_err(), "{bad:?}");
    }
    assert_eq!(
        validate_base_url("https://om.example.com/api/").unwrap(),
        "https://om.example.com/api"
    );
}

#[test]
fn each_environment_is_named_and_maps_to_the_cli_service() {
    let custom = |flavor| Environment::Custom {
        base_url: "https://om.example.com/".into(),
        flavor,
    };
    assert_eq!(Environment::Atlas.label(), "Atlas");
    assert_eq!(Environment::AtlasGov.label(), "Atlas for Government");
    assert_eq!(custom(ApiFlavor::AtlasV2).label(), "Custom (Atlas API v2)");
    assert_eq!(
        custom(ApiFlavor::OpsManagerV1).label(),
        "Ops Manager / Cloud Manager"
    );
    assert_eq!(Environment::Atlas.cli_service(), "cloud");
    assert_eq!(Environment::AtlasGov.cli_service(), "cloudgov");
    assert_eq!(custom(ApiFlavor::OpsManagerV1).cli_service(), "cloud");
    assert_eq!(
        custom(ApiFlavor::OpsManagerV1).base_url(),
        "https://om.example.com"
    );
    assert_eq!(
        custom(ApiFlavor::OpsManagerV1).flavor(),
        ApiFlavor::OpsManagerV1
    );
    assert_eq!(Environment::AtlasGov.flavor(), ApiFlavor::AtlasV2);
    assert_eq!(
        custom(ApiFlavor::AtlasV2).digest_algorithm().as_str(),
        "MD5"
    );
}
