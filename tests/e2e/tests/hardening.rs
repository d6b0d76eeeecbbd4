//! The shipped deployment as an attacker meets it: every answer of the shipped nginx config carries the
//! security headers; the release page works under its own Content-Security-Policy with no violation; the
//! wasm arrives compressed; and the Atlas proxies (nginx and the shipped cors-anywhere) forward only the
//! calls the page makes — the emulator's request log shows that nothing else reached it.

use keymint_e2e::processes::{
    config, deploy_nginx_dir, dist_copy, dist_dir, emulator, shipped_nginx_locations, CorsAnywhere,
    Proc,
};
use keymint_e2e::*;
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

/// An answer as curl received it: status, headers (names in lower case) and the body as delivered.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One request with curl (`--path-as-is`: dot segments are sent as written, not resolved by curl).
fn curl(method: &str, url: &str, extra: &[&str]) -> Answer {
    let dir = scratch(&format!("curl-{}", free_port()));
    let (head, body) = (dir.join("head"), dir.join("body"));
    let out = Command::new("curl")
        .args(["-sS", "--path-as-is", "-X", method, "-D"])
        .arg(&head)
        .arg("-o")
        .arg(&body)
        .args(extra)
        .arg(url)
        .output()
        .expect("curl");
    assert!(out.status.success(), "curl {url}: {out:?}");
    let head = std::fs::read_to_string(&head).expect("headers");
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Answer {
        status,
        headers,
        body: std::fs::read(&body).unwrap_or_default(),
    }
}

/// The `add_header NAME "VALUE" always;` lines of the shipped header snippet (the HSTS line, whose value
/// is a variable, aside).
fn shipped_headers() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(deploy_nginx_dir().join("keymint-headers.conf"))
        .expect("deploy/nginx/keymint-headers.conf");
    let headers: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("add_header "))
        .filter_map(|rest| rest.split_once(" \""))
        .filter_map(|(name, rest)| {
            let value = rest.strip_suffix("\" always;")?;
            Some((name.to_ascii_lowercase(), value.to_string()))
        })
        .collect();
    assert!(headers.len() >= 7, "the snippet's headers: {headers:?}");
    headers
}

/// The CSP source of index.html's one inline style (www/base.css), `'sha256-…'`, hashed here with openssl
/// from the built page: the policy must allow that style and nothing else inline.
fn inline_style_source() -> String {
    let html = std::fs::read_to_string(dist_dir().join("index.html")).expect("dist/index.html");
    let style = html
        .split("<style>")
        .nth(1)
        .and_then(|rest| rest.split("</style>").next())
        .expect("index.html has its inline style");
    let mut openssl = std::process::Command::new("sh")
        .args(["-c", "openssl dgst -sha256 -binary | openssl base64 -A"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("openssl");
    use std::io::Write;
    openssl
        .stdin
        .take()
        .expect("stdin")
        .write_all(style.as_bytes())
        .expect("hash the style");
    let out = openssl.wait_with_output().expect("openssl");
    assert!(out.status.success(), "{out:?}");
    format!("'sha256-{}'", String::from_utf8_lossy(&out.stdout).trim())
}

/// The page's policy, directive by directive, as a user's browser enforces it.
fn check_policy(csp: &str, what: &str) {
    let directive = |name: &str| -> String {
        csp.split(';')
            .map(str::trim)
            .find(|d| d.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("{what}: no {name} in {csp}"))
            .to_string()
    };
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
        "{what}: {csp}"
    );
    assert_eq!(directive("default-src"), "default-src 'none'", "{what}");
    assert_eq!(
        directive("script-src"),
        "script-src 'self' 'wasm-unsafe-eval'",
        "{what}"
    );
    assert_eq!(
        directive("style-src"),
        format!("style-src 'self' {}", inline_style_source()),
        "{what}: styles from this origin and the one inline style"
    );
    for d in ["base-uri", "form-action", "object-src"] {
        assert_eq!(directive(d), format!("{d} 'none'"), "{what}");
    }
    assert!(
        directive("connect-src").starts_with("connect-src 'self'"),
        "{what}"
    );
}

/// The file in dist/ whose name matches, e.g. the wasm.
fn dist_file(what: &str, matches: impl Fn(&str) -> bool) -> String {
    std::fs::read_dir(dist_dir())
        .expect("dist/")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .find(|n| matches(n))
        .unwrap_or_else(|| panic!("no {what} in dist/"))
}

#[tokio::test]
async fn every_answer_of_the_shipped_config_carries_the_security_headers() {
    let emu = emulator(&[]);
    let nginx = Nginx::shipped("hardening-headers", "atlas", &emu.url);
    let page = nginx.page();
    let wasm = dist_file("wasm", |n| n.ends_with("_bg.wasm"));
    let css = dist_file("stylesheet", |n| n.ends_with(".css"));
    let loader = dist_file("loader", |n| n.starts_with("loader-") && n.ends_with(".js"));
    let fresh = "no-store";
    let immutable = "public, max-age=31536000, immutable";
    let cases = [
        ("the page", page.clone(), 200, fresh),
        ("index.html", format!("{page}index.html"), 200, fresh),
        ("config.json", format!("{page}config.json"), 200, fresh),
        ("the wasm", format!("{page}{wasm}"), 200, immutable),
        ("the stylesheet", format!("{page}{css}"), 200, immutable),
        ("the loader", format!("{page}{loader}"), 200, immutable),
        (
            "a proxied answer",
            format!("{page}atlas/api/atlas/v2/groups"),
            401,
            fresh,
        ),
        (
            "a refused call",
            format!("{page}atlas/api/atlas/v2/orgs"),
            404,
            fresh,
        ),
        (
            "a missing file",
            format!("{page}nothing-here.js"),
            404,
            fresh,
        ),
    ];
    let expected = shipped_headers();
    for (what, url, status, cache) in &cases {
        let a = curl("GET", url, &[]);
        assert_eq!(a.status, *status, "{what}");
        for (name, value) in &expected {
            assert_eq!(a.header(name), Some(value.as_str()), "{what}: {name}");
        }
        check_policy(
            a.header("content-security-policy").unwrap_or_default(),
            what,
        );
        let csp = a.header("content-security-policy").unwrap_or_default();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("connect-src 'self';"),
            "{what}: {csp}"
        );
        assert_eq!(a.header("cache-control"), Some(*cache), "{what}");
        assert_eq!(
            a.header("x-content-type-options"),
            Some("nosniff"),
            "{what}"
        );
        assert_eq!(
            a.header("cross-origin-opener-policy"),
            Some("same-origin"),
            "{what}"
        );
        assert_eq!(
            a.header("cross-origin-resource-policy"),
            Some("same-origin"),
            "{what}"
        );
        assert!(
            a.header("permissions-policy")
                .is_some_and(|p| p.contains("camera=()")),
            "{what}"
        );
        // This test server speaks plain HTTP, where HSTS means nothing; keymint.conf's TLS server sends it.
        assert_eq!(a.header("strict-transport-security"), None, "{what}");
    }

    // The page itself: no inline script, and integrity on every script, stylesheet and preload.
    let html = String::from_utf8(curl("GET", &page, &[]).body).expect("UTF-8 page");
    let mut scripts = 0;
    for tag in html
        .split('<')
        .filter(|t| t.starts_with("script") || t.starts_with("link"))
    {
        let tag = tag.split('>').next().unwrap_or_default();
        if tag.starts_with("script") {
            scripts += 1;
            assert!(
                tag.contains(" src=") && tag.contains("integrity=\"sha384-"),
                "{tag}"
            );
        } else if ["stylesheet", "modulepreload", "preload"]
            .iter()
            .any(|r| tag.contains(&format!("rel=\"{r}\"")))
        {
            assert!(tag.contains("integrity=\"sha384-"), "{tag}");
        }
    }
    assert_eq!(scripts, 1, "one external loader: {html}");
    assert!(
        html.contains("http-equiv=\"Content-Security-Policy\""),
        "the meta policy for static hosts"
    );
    let meta = html
        .split("http-equiv=\"Content-Security-Policy\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default();
    check_policy(meta, "the meta policy");

    // The wasm arrives compressed to a client that accepts gzip, from the sibling the build wrote, and
    // decompresses to the very file in dist/; a client that does not gets the file as is.
    let raw = std::fs::read(dist_dir().join(&wasm)).expect("the wasm");
    let gz = curl(
        "GET",
        &format!("{page}{wasm}"),
        &["-H", "Accept-Encoding: gzip"],
    );
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    assert_eq!(gz.header("vary"), Some("Accept-Encoding"));
    assert!(
        gz.body.len() * 2 < raw.len(),
        "{} of {} bytes",
        gz.body.len(),
        raw.len()
    );
    let inflated = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "gzip -dc < '{}'",
            dist_dir().join(format!("{wasm}.gz")).display()
        ))
        .output()
        .expect("gzip -dc")
        .stdout;
    assert_eq!(
        gz.body,
        std::fs::read(dist_dir().join(format!("{wasm}.gz"))).unwrap()
    );
    assert_eq!(inflated, raw, "the .gz sibling is the wasm");
    let plain = curl("GET", &format!("{page}{wasm}"), &[]);
    assert_eq!(
        (plain.header("content-encoding"), plain.body.len()),
        (None, raw.len())
    );
    // Every hashed asset has both siblings; index.html and config.json, which a deployment edits, none.
    for f in [&wasm, &css, &loader] {
        for ext in ["gz", "br"] {
            assert!(dist_dir().join(format!("{f}.{ext}")).is_file(), "{f}.{ext}");
        }
    }
    for f in ["index.html", "config.json"] {
        assert!(!dist_dir().join(format!("{f}.gz")).exists(), "{f}.gz");
    }
}

/// Collects every Content-Security-Policy violation of the page, those before it was installed too
/// (the Reporting API keeps a buffer), and every `securitypolicyviolation` event from now on.
/// (In an engine without ReportingObserver only the events count, from the watch on.)
const WATCH_VIOLATIONS: &str = "
    window.__violations = [];
    window.__note = (reports) => reports.forEach((r) =>
        window.__violations.push('report: ' + r.body.effectiveDirective + ' ' + r.body.blockedURL));
    window.__reports = window.ReportingObserver
        ? new ReportingObserver(window.__note, { types: ['csp-violation'], buffered: true })
        : { observe() {}, takeRecords() { return []; } };
    window.__reports.observe();
    document.addEventListener('securitypolicyviolation',
        (e) => window.__violations.push('event: ' + e.effectiveDirective + ' ' + e.blockedURI), true);
    return true;";

/// The violations seen so far (reports taken from the observer's queue, and events).
async fn violations(b: &Browser) -> Vec<String> {
    let v = b
        .eval("window.__note(window.__reports.takeRecords()); return window.__violations;")
        .await;
    serde_json::from_value(v).unwrap_or_default()
}

/// Waits (bounded) until at least one violation was seen; returns them.
async fn some_violation(b: &Browser) -> Vec<String> {
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        let seen = violations(b).await;
        if !seen.is_empty() || std::time::Instant::now() > deadline {
            return seen;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

in_engines!(a_create_under_the_shipped_policy_raises_no_violation: chromium, firefox, webkit);
async fn a_create_under_the_shipped_policy_raises_no_violation(engine: Engine) {
    let s = Scenario::new("hardening-csp")
        .engine(engine)
        .shipped_nginx()
        .await;
    s.open().await;
    let b = &s.page;
    b.eval(WATCH_VIOLATIONS).await;

    b.open_settings().await;
    b.test_connection("Atlas reached").await;
    let (reveal, private) = s
        .create_as_owner(&s.request("under the CSP", &["GROUP_READ_ONLY"]))
        .await;
    let key = s.the_key_shown_in(&reveal);
    b.click("Copy private key").await;
    assert_eq!(violations(b).await, Vec::<String>::new(), "no violation");
    b.assert_nothing_secret_kept(&[&private, key["privateKey"].as_str().unwrap()])
        .await;

    // The watch sees a violation when there is one: an injected inline script is refused, not run.
    b.eval(
        "const s = document.createElement('script');
         try { s.textContent = 'window.__ran = true;'; } catch (e) {}
         document.body.appendChild(s);
         return true;",
    )
    .await;
    assert_eq!(b.eval("return window.__ran === true;").await, json!(false));
    let seen = some_violation(b).await;
    assert!(!seen.is_empty(), "the injected script was reported");
    s.close().await;
}

#[tokio::test]
async fn an_inline_script_in_a_deployed_page_is_refused_and_seen() {
    // A deployment whose index.html someone edited to add an inline script: the shipped header refuses
    // it, and the watch sees that violation although it happened before the watch was installed.
    let emu = emulator(&[]);
    let dist = dist_copy(
        "hardening-inline-dist",
        config("atlas", "", "/keymint/atlas{path}"),
    );
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).expect("index.html");
    std::fs::write(
        &index,
        html.replace("</body>", "<script>window.__inline = true;</script></body>"),
    )
    .expect("edit index.html");
    let nginx = Nginx::start(
        "hardening-inline",
        &shipped_nginx_locations(&emu.url, &dist),
    );
    let b = KeymintPage::start("hardening-inline").await;
    b.open(&nginx.page()).await;
    b.eval(WATCH_VIOLATIONS).await;
    assert_eq!(
        b.eval("return window.__inline === true;").await,
        json!(false)
    );
    let seen = some_violation(&b).await;
    assert!(
        seen.iter().any(|v| v.starts_with("report: script-src")),
        "the buffered report: {seen:?}"
    );
    b.close().await;
}

#[tokio::test]
async fn calls_the_page_never_makes_never_reach_atlas_through_nginx() {
    let emu = emulator(&[]);
    let nginx = Nginx::shipped("hardening-allow-list", "atlas", &emu.url);
    let atlas = format!("{}atlas", nginx.page());
    let project = emu.project();
    let org = emu.org_id();
    let control = emu.control();
    let key = "0123456789abcdef01234567";
    let refused = [
        ("GET", "/api/private/unauth/nds/ip".to_string()),
        ("GET", "/api/atlas/v2/orgs".to_string()),
        ("GET", format!("/api/atlas/v2/orgs/{org}/apiKeys/{key}")),
        ("PATCH", format!("/api/atlas/v2/groups/{project}/apiKeys")),
        ("PUT", format!("/api/atlas/v2/groups/{project}/apiKeys")),
        ("HEAD", "/api/atlas/v2/groups".to_string()),
        ("OPTIONS", format!("/api/atlas/v2/groups/{project}/apiKeys")),
        ("DELETE", format!("/api/atlas/v2/groups/{project}")),
        ("POST", format!("/api/atlas/v2/orgs/{org}/apiKeys")),
        ("PATCH", format!("/api/atlas/v2/orgs/{org}/apiKeys/{key}")),
        (
            "GET",
            format!("/api/atlas/v2/groups/{}/apiKeys", project.to_uppercase()),
        ),
        (
            "GET",
            format!("/api/atlas/v2/groups/{project}/apiKeys/../../../orgs"),
        ),
        (
            "GET",
            "/api/atlas/v2/groups/%2e%2e/%2e%2e/v1.0/orgs".to_string(),
        ),
        (
            "POST",
            "/api/atlas/v2/groups/x/../../../oauth/token/extra".to_string(),
        ),
        ("GET", "/__emulator/keys".to_string()),
    ];
    for (method, path) in &refused {
        let extra: &[&str] = if *method == "HEAD" { &["-I"] } else { &[] };
        let a = curl(method, &format!("{atlas}{path}"), extra);
        assert!(
            [403, 404].contains(&a.status),
            "{method} {path}: {}",
            a.status
        );
    }
    // A body larger than any the page sends is refused too, on an allowed call.
    let big = "x".repeat(64 * 1024);
    let a = curl(
        "POST",
        &format!("{atlas}/api/atlas/v2/groups/{project}/apiKeys"),
        &["--data", &big],
    );
    assert_eq!(a.status, 413);
    assert_eq!(
        control.requests(),
        Vec::<Value>::new(),
        "nothing reached the emulator"
    );

    // The calls the page makes do reach it, with exactly the path Atlas knows.
    for (method, path) in [
        ("GET", "/api/atlas/v2/groups".to_string()),
        ("POST", format!("/api/atlas/v2/groups/{project}/apiKeys")),
        ("GET", format!("/api/atlas/v2/groups/{project}")),
        ("GET", format!("/api/atlas/v2/groups/{project}/apiKeys")),
        (
            "DELETE",
            format!("/api/atlas/v2/groups/{project}/apiKeys/{key}"),
        ),
        ("DELETE", format!("/api/atlas/v2/orgs/{org}/apiKeys/{key}")),
        (
            "GET",
            format!("/api/atlas/v2/orgs/{org}/apiKeys/{key}/accessList"),
        ),
        (
            "POST",
            format!("/api/atlas/v2/orgs/{org}/apiKeys/{key}/accessList"),
        ),
    ] {
        assert_eq!(
            curl(method, &format!("{atlas}{path}"), &[]).status,
            401,
            "{method} {path}"
        );
    }
    let token = curl(
        "POST",
        &format!("{atlas}/api/oauth/token"),
        &["--data", "grant_type=client_credentials"],
    );
    assert_eq!(token.status, 401, "no client credentials");
    let log = control.requests();
    assert_eq!(log.len(), 9, "{log:?}");
    assert_eq!(
        log[0],
        json!({"method": "GET", "path": "/api/atlas/v2/groups", "signed": false, "status": 401})
    );

    // A client that keeps asking is slowed down here, before Atlas: 2 a second, bursts of 40.
    let mut config = String::new();
    for _ in 0..80 {
        config.push_str(&format!(
            "url = \"{atlas}/api/atlas/v2/groups\"\noutput = /dev/null\n"
        ));
    }
    let dir = scratch("hardening-burst");
    std::fs::write(dir.join("urls"), config).expect("curl config");
    let out = Command::new("curl")
        .args(["-sS", "-w", "%{http_code}\n", "-K"])
        .arg(dir.join("urls"))
        .output()
        .expect("curl");
    let codes = String::from_utf8_lossy(&out.stdout);
    let limited = codes.lines().filter(|c| *c == "429").count();
    assert!(limited > 0, "some answered 429: {codes}");
    assert_eq!(
        control.requests().len(),
        9 + 80 - limited,
        "the refused ones never reached it"
    );
}

#[tokio::test]
async fn the_shipped_cors_anywhere_forwards_only_the_pages_calls_to_atlas() {
    let emu = emulator(&[]);
    let control = emu.control();
    let page_origin = "http://127.0.0.1:9";
    let proxy = CorsAnywhere::start(page_origin);
    let origin = format!("Origin: {page_origin}");
    let via = |target: &str| format!("{}{target}", proxy.url);
    let project = emu.project();

    // Another destination: refused before any connection is made (nothing leaves this machine).
    let a = curl(
        "GET",
        &via("https://example.com/api/atlas/v2/groups"),
        &["-H", &origin],
    );
    assert_eq!(a.status, 403);
    assert_eq!(a.header("access-control-allow-origin"), Some(page_origin));
    for (method, path) in [
        ("GET", "/api/private/unauth/nds/ip".to_string()),
        ("GET", "/api/atlas/v2/orgs".to_string()),
        ("PATCH", format!("/api/atlas/v2/groups/{project}/apiKeys")),
        (
            "GET",
            format!("/api/atlas/v2/groups/{project}/apiKeys/../../../orgs"),
        ),
        ("GET", "/__emulator/keys".to_string()),
    ] {
        let a = curl(
            method,
            &via(&format!("{}{path}", emu.url)),
            &["-H", &origin],
        );
        assert_eq!(a.status, 404, "{method} {path}");
    }
    // Only the page's origin, only from a browser.
    let other = curl(
        "GET",
        &via(&format!("{}/api/atlas/v2/groups", emu.url)),
        &["-H", "Origin: https://evil.example.com"],
    );
    assert_eq!(other.status, 403);
    let no_origin = curl(
        "GET",
        &via(&format!("{}/api/atlas/v2/groups", emu.url)),
        &[],
    );
    assert_eq!(no_origin.status, 400);
    assert_eq!(
        control.requests(),
        Vec::<Value>::new(),
        "nothing reached the emulator"
    );

    let ok = curl(
        "GET",
        &via(&format!("{}/api/atlas/v2/groups", emu.url)),
        &[
            "-H",
            &origin,
            "-H",
            "X-Forwarded-For: 192.0.2.1",
            "-H",
            "Cookie: session=1",
        ],
    );
    assert_eq!(ok.status, 401);
    assert!(ok
        .header("www-authenticate")
        .is_some_and(|c| c.starts_with("Digest ")));
    assert_eq!(control.requests().len(), 1);
}

/// The shipped TLS server (keymint.conf) with a throwaway certificate: it parses, and HSTS is sent on
/// every answer, the page's, the proxy's and nginx's own errors.
#[tokio::test]
async fn the_shipped_tls_server_sends_hsts_everywhere() {
    let emu = emulator(&[]);
    let dir = scratch("hardening-tls");
    let dist = dist_copy(
        "hardening-tls-dist",
        config("atlas", "", "/keymint/atlas{path}"),
    );
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let made = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("openssl");
    assert!(made.status.success(), "{made:?}");
    let snippets = dir.join("snippets");
    std::fs::create_dir_all(&snippets).expect("snippets");
    for f in ["keymint-http.conf", "keymint-headers.conf"] {
        std::fs::copy(deploy_nginx_dir().join(f), snippets.join(f)).expect("copy snippet");
    }
    let locations = shipped_nginx_locations(&emu.url, &dist).replace(
        &format!("include {}/", deploy_nginx_dir().display()),
        &format!("include {}/", snippets.display()),
    );
    std::fs::write(snippets.join("keymint-locations.conf"), locations).expect("locations");
    let port = free_port();
    let server = std::fs::read_to_string(deploy_nginx_dir().join("keymint.conf"))
        .expect("keymint.conf")
        .replace("/etc/nginx/snippets/", &format!("{}/", snippets.display()))
        .replace("listen 443 ssl;", &format!("listen 127.0.0.1:{port} ssl;"))
        .replace(
            "/etc/ssl/keymint/fullchain.pem",
            &cert.display().to_string(),
        )
        .replace("/etc/ssl/keymint/privkey.pem", &key.display().to_string())
        .replace("/var/log/nginx/", &format!("{}/", dir.display()));
    let t = dir.display();
    let conf = format!(
        "worker_processes 1;\npid {t}/nginx.pid;\nevents {{ worker_connections 64; }}\nhttp {{\n\
         include /etc/nginx/mime.types;\nclient_body_temp_path {t}/body;\nproxy_temp_path {t}/proxy;\n\
         fastcgi_temp_path {t}/fastcgi;\nuwsgi_temp_path {t}/uwsgi;\nscgi_temp_path {t}/scgi;\n{server}\n}}\n"
    );
    let file = dir.join("nginx.conf");
    std::fs::write(&file, conf).expect("nginx.conf");
    let check = Command::new("/usr/sbin/nginx")
        .arg("-t")
        .arg("-p")
        .arg(&dir)
        .arg("-e")
        .arg(dir.join("error.log"))
        .arg("-c")
        .arg(&file)
        .output()
        .expect("nginx -t");
    assert!(check.status.success(), "nginx -t: {check:?}");
    let _nginx = Proc::listening(
        "nginx (TLS)",
        port,
        Command::new("/usr/sbin/nginx")
            .arg("-p")
            .arg(&dir)
            .arg("-e")
            .arg(dir.join("error.log"))
            .arg("-c")
            .arg(&file)
            .args(["-g", "daemon off; master_process off;"]),
    );
    let base = format!("https://127.0.0.1:{port}");
    for (path, status) in [
        ("/keymint/", 200),
        ("/keymint/config.json", 200),
        ("/keymint/atlas/api/atlas/v2/groups", 401),
        ("/keymint/atlas/api/private/x", 404),
        ("/elsewhere", 404),
    ] {
        let a = curl("GET", &format!("{base}{path}"), &["-k"]);
        assert_eq!(a.status, status, "{path}");
        assert_eq!(
            a.header("strict-transport-security"),
            Some("max-age=31536000"),
            "{path}"
        );
    }
    assert!(Path::new(&dir.join("keymint.access.log")).is_file());
}

/// The deployment guide shows the four nginx files exactly as shipped, so its explanations are of
/// these lines.
#[test]
fn the_deployment_guide_shows_the_shipped_nginx_files_as_they_are() {
    let readme = std::fs::read_to_string(deploy_nginx_dir().join("../../docs/deployment.md"))
        .expect("docs/deployment.md");
    for f in [
        "keymint-http.conf",
        "keymint-headers.conf",
        "keymint-locations.conf",
        "keymint.conf",
    ] {
        let text = std::fs::read_to_string(deploy_nginx_dir().join(f)).expect("a shipped file");
        assert!(
            readme.contains(&format!("```nginx\n{}\n```", text.trim_end())),
            "docs/deployment.md shows deploy/nginx/{f} as it is"
        );
    }
}
