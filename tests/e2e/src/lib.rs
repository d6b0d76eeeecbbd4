//! The end-to-end harness: starts the Atlas emulator, a proxy, a static server and chromedriver on free
//! 127.0.0.1 ports, drives headless Chromium by accessible names, and stops every process it started
//! (by PID, in Drop).
//!
//! Environment: KEYMINT_DIST (the release dist/), KEYMINT_EMULATOR (the emulator binary), KEYMINT_TOOLS
//! (tools/node_modules), TMPDIR (scratch; browser profiles and downloads go there).

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long any one condition may take before a test gives up (a bound, not a timing assertion).
pub const PATIENCE: Duration = Duration::from_secs(60);

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repo root")
}

fn env_path(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join(default))
}

pub fn dist_dir() -> PathBuf {
    env_path("KEYMINT_DIST", "dist")
}

pub fn tools_dir() -> PathBuf {
    env_path("KEYMINT_TOOLS", "tools/node_modules")
}

pub fn scratch(name: &str) -> PathBuf {
    let base = std::env::temp_dir()
        .join(format!("keymint-e2e-{}", std::process::id()))
        .join(name);
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).expect("scratch dir");
    base
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Waits until something accepts connections on the port (bounded).
pub fn wait_for_port(port: u16, what: &str, child: &mut Child) {
    let deadline = Instant::now() + Duration::from_secs(300);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited before listening: {status}");
        }
        assert!(Instant::now() < deadline, "{what} did not listen on {port}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A child process stopped by PID when dropped.
pub struct Proc {
    pub child: Child,
    name: String,
}

impl Proc {
    pub fn spawn(name: &str, cmd: &mut Command) -> Proc {
        let child = cmd.spawn().unwrap_or_else(|e| panic!("start {name}: {e}"));
        Proc {
            child,
            name: name.to_string(),
        }
    }

    /// Starts a server (its output discarded) and returns once it accepts connections on `port`.
    pub fn listening(name: &str, port: u16, cmd: &mut Command) -> Proc {
        let mut p = Proc::spawn(name, cmd.stdout(Stdio::null()).stderr(Stdio::null()));
        wait_for_port(port, name, &mut p.child);
        p
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = &self.name;
    }
}

/// The Atlas emulator with what it printed on start.
pub struct Emulator {
    _proc: Proc,
    pub info: Value,
    pub url: String,
}

impl Emulator {
    pub fn start(args: &[&str]) -> Emulator {
        let bin = env_path("KEYMINT_EMULATOR", "target/debug/atlas-emulator");
        let mut p = Proc::spawn(
            "atlas-emulator",
            Command::new(bin)
                .args(["--port", "0"])
                .args(args)
                .stdout(Stdio::piped())
                .stderr(Stdio::null()),
        );
        let mut line = String::new();
        BufReader::new(p.child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the emulator's JSON line");
        let info: Value = serde_json::from_str(&line).expect("JSON line");
        let url = info["url"].as_str().expect("url").to_string();
        Emulator {
            _proc: p,
            info,
            url,
        }
    }

    pub fn owner(&self) -> (String, String) {
        let k = &self.info["apiKeys"][0];
        (
            k["publicKey"].as_str().unwrap_or_default().into(),
            k["privateKey"].as_str().unwrap_or_default().into(),
        )
    }

    pub fn project(&self) -> String {
        self.info["projectId"].as_str().unwrap_or_default().into()
    }

    /// Calls the emulator's test-only control endpoint `/__emulator/{what}` with curl: a GET, or a
    /// POST of `body`. Returns the body of a successful answer.
    fn control(&self, what: &str, body: Option<&str>) -> Vec<u8> {
        let mut curl = Command::new("curl");
        curl.args(["-sS", "-f"]);
        if let Some(body) = body {
            curl.args(["-X", "POST", "--data", body]);
        }
        let out = curl
            .arg(format!("{}/__emulator/{what}", self.url))
            .output()
            .expect("curl");
        assert!(out.status.success(), "{what} refused: {out:?}");
        out.stdout
    }

    fn control_list(&self, what: &str) -> Vec<Value> {
        serde_json::from_slice::<Value>(&self.control(what, None))
            .ok()
            .and_then(|v| v.as_array().cloned())
            .unwrap_or_default()
    }

    /// Every key the emulator created, with private keys.
    pub fn created_keys(&self) -> Vec<Value> {
        self.control_list("keys")
    }
}

impl Emulator {
    /// Arms the emulator's faults for the next requests (its control endpoint), e.g.
    /// `{"dropAfterCreate":1}`: the next create happens, then the connection is dropped unanswered.
    pub fn inject_faults(&self, faults: &str) {
        self.control("faults", Some(faults));
    }

    /// Makes every token issued so far invalid at the emulator, while the page still counts on it.
    pub fn expire_tokens(&self) {
        self.control("tokens/expire", Some(""));
    }

    /// The one key this emulator created, checked against the reveal: exactly one create (the page
    /// never sends a second POST), and the reveal shows that key's public and private key.
    pub fn the_key_shown_in(&self, reveal: &str) -> Value {
        let keys = self.created_keys();
        assert_eq!(keys.len(), 1, "exactly one create: {keys:?}");
        let key = keys.into_iter().next().unwrap_or_default();
        for field in ["publicKey", "privateKey"] {
            let value = key[field].as_str().unwrap_or_default();
            assert!(
                !value.is_empty() && reveal.contains(value),
                "the reveal shows the new {field} {value:?}: {reveal}"
            );
        }
        key
    }

    /// The service-account tokens the emulator issued (values withheld): `revoked` flags.
    pub fn tokens(&self) -> Vec<Value> {
        self.control_list("tokens")
    }
}

/// A copy of dist/ with a scenario's config.json, served by a static server on its own port.
pub fn dist_copy(name: &str, config: Value) -> PathBuf {
    let dir = scratch(name).join("site");
    std::fs::create_dir_all(&dir).expect("site dir");
    for entry in std::fs::read_dir(dist_dir()).expect("dist/ exists: run trunk build --release") {
        let entry = entry.expect("dist entry");
        if !entry.path().is_file() {
            continue;
        }
        std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy dist file");
    }
    std::fs::write(dir.join("config.json"), config.to_string()).expect("config.json");
    dir
}

pub struct StaticServer {
    _proc: Proc,
    pub origin: String,
}

impl StaticServer {
    /// Python's http.server: a plain static host, as a CDN would be.
    pub fn start(dir: &Path) -> StaticServer {
        let port = free_port();
        let p = Proc::listening(
            "static server",
            port,
            Command::new("python3")
                .args([
                    "-m",
                    "http.server",
                    &port.to_string(),
                    "--bind",
                    "127.0.0.1",
                    "--directory",
                ])
                .arg(dir),
        );
        StaticServer {
            _proc: p,
            origin: format!("http://127.0.0.1:{port}"),
        }
    }
}

/// Headless Chromium behind chromedriver, with a download folder and clipboard access.
pub struct Browser {
    pub client: Client,
    _driver: Proc,
    pub downloads: PathBuf,
}

impl Browser {
    pub async fn start(name: &str) -> Browser {
        let dir = scratch(&format!("{name}-browser"));
        let downloads = dir.join("downloads");
        std::fs::create_dir_all(&downloads).expect("downloads dir");
        let port = free_port();
        let driver = Proc::listening(
            "chromedriver",
            port,
            Command::new("/usr/bin/chromedriver").arg(format!("--port={port}")),
        );
        let caps = json!({
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                         "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--window-size=1200,2400", format!("--user-data-dir={}", dir.join("profile").display())],
                "prefs": {
                    "download.default_directory": downloads.display().to_string(),
                    "download.prompt_for_download": false,
                    "profile.content_settings.exceptions.clipboard": {"*": {"setting": 1}}
                }
            }
        });
        let caps = caps.as_object().cloned().unwrap_or_default();
        let client = ClientBuilder::rustls()
            .expect("rustls")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a chromedriver session");
        Browser {
            client,
            _driver: driver,
            downloads,
        }
    }

    pub async fn open(&self, url: &str) {
        self.client.goto(url).await.expect("open the page");
        self.button("Create API key").await;
        // Everything the page logs from now on is kept, so tests can check no secret reaches the console.
        self.eval(
            "window.__console = [];
             for (const m of ['log', 'info', 'warn', 'error', 'debug']) {
               const orig = console[m].bind(console);
               console[m] = (...args) => { window.__console.push(args.map(String).join(' ')); orig(...args); };
             }
             return true;",
        )
        .await;
    }

    async fn find(&self, xpath: &str, what: &str) -> Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::XPath(xpath))
            .await
            .unwrap_or_else(|e| panic!("{what} not found: {e}"))
    }

    /// The form control a `<label>` with exactly this text names.
    pub async fn labelled(&self, label: &str) -> Element {
        self.find(
            &format!("//*[@id=//label[normalize-space(.)='{label}']/@for]"),
            &format!("field labelled {label:?}"),
        )
        .await
    }

    /// The current value of the form control a label names ("" if it has none).
    pub async fn value_of(&self, label: &str) -> String {
        self.labelled(label)
            .await
            .prop("value")
            .await
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    pub async fn button(&self, text: &str) -> Element {
        self.find(
            &format!("//button[normalize-space(.)='{text}' or @aria-label='{text}']"),
            &format!("button {text:?}"),
        )
        .await
    }

    /// A region by its accessible name (aria-labelledby text).
    pub async fn region(&self, name: &str) -> Element {
        self.find(
            &format!(
                "//*[@role='region' and @aria-labelledby=//*[normalize-space(.)='{name}']/@id]"
            ),
            &format!("region {name:?}"),
        )
        .await
    }

    pub async fn type_into(&self, label: &str, text: &str) {
        let field = self.labelled(label).await;
        field.clear().await.expect("clear");
        field.send_keys(text).await.expect("type");
    }

    pub async fn tick(&self, label: &str) {
        self.labelled(label).await.click().await.expect("tick");
    }

    pub async fn select(&self, label: &str, option: &str) {
        let select = self.labelled(label).await;
        select.select_by_label(option).await.expect("select option");
    }

    pub async fn click(&self, text: &str) {
        self.button(text).await.click().await.expect("click");
    }

    /// Waits until some role="alert" element contains the text; returns all alert text.
    pub async fn alert_containing(&self, text: &str) -> String {
        self.live_region_containing("alert", text).await
    }

    /// Waits until a polite live region (role="status") contains the text.
    pub async fn status_containing(&self, text: &str) -> String {
        self.live_region_containing("status", text).await
    }

    async fn live_region_containing(&self, role: &str, text: &str) -> String {
        let xpath = format!("//*[@role='{role}'][contains(normalize-space(.), \"{text}\")]");
        self.find(&xpath, &format!("a {role} saying {text:?}"))
            .await
            .text()
            .await
            .expect("live region text")
    }

    /// Picks a file in the file input a label names, as the file chooser would.
    pub async fn pick_file(&self, label: &str, file: &Path) {
        self.labelled(label)
            .await
            .send_keys(&file.display().to_string())
            .await
            .expect("pick the file");
    }

    pub async fn text_of(&self, xpath: &str) -> String {
        self.find(xpath, xpath).await.text().await.expect("text")
    }

    pub async fn is_enabled(&self, text: &str) -> bool {
        self.button(text)
            .await
            .is_enabled()
            .await
            .expect("enabled state")
    }

    pub async fn eval(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.expect("script")
    }

    /// Everything the page could have persisted or exposed: storages, cookies and the URL.
    pub async fn persisted(&self) -> String {
        let v = self
            .eval(
                "let out = [document.cookie, location.href, history.length.toString()];
                 for (const s of [localStorage, sessionStorage]) for (let i = 0; i < s.length; i++) { out.push(s.key(i), s.getItem(s.key(i))); }
                 return out.join('\\n');",
            )
            .await;
        v.as_str().unwrap_or_default().to_string()
    }

    /// Fails if a secret is in cookies, localStorage, sessionStorage, the URL or what the page logged to
    /// the console, or if the page made any IndexedDB database or Cache Storage cache at all (it has no
    /// reason to).
    pub async fn assert_nothing_secret_kept(&self, secrets: &[&str]) {
        let logged = self
            .eval("return (window.__console || []).join('\\n')")
            .await;
        let persisted = format!(
            "{}\n{}",
            self.persisted().await,
            logged.as_str().unwrap_or_default()
        );
        for secret in secrets {
            assert!(
                !secret.is_empty() && !persisted.contains(secret),
                "a secret is kept by the browser: {persisted}"
            );
        }
        let stores = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 Promise.all([indexedDB.databases(), window.caches ? caches.keys() : []])
                   .then(([dbs, cs]) => done(dbs.map(d => 'indexedDB:' + d.name).concat(cs.map(c => 'cache:' + c))))
                   .catch(e => done(['error: ' + e]));",
                vec![],
            )
            .await
            .expect("list IndexedDB and caches");
        assert_eq!(stores, serde_json::json!([]), "the page stored something");
    }

    /// Waits for a condition on the page, re-checked until PATIENCE runs out.
    pub async fn until<F, Fut>(&self, what: &str, mut check: F)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let deadline = Instant::now() + PATIENCE;
        while !check().await {
            assert!(Instant::now() < deadline, "gave up waiting: {what}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// What the page put on the clipboard.
    pub async fn clipboard(&self) -> String {
        let v = self
            .client
            .execute_async(
                "navigator.clipboard.readText().then(arguments[0], e => arguments[0]('ERR ' + e))",
                vec![],
            )
            .await
            .expect("read the clipboard");
        v.as_str().unwrap_or_default().to_string()
    }

    /// Waits for a downloaded file whose name ends with `ending` and returns its content.
    pub async fn downloaded(&self, ending: &str) -> String {
        let mut found = None;
        self.until(&format!("a download ending in {ending}"), || {
            let f = std::fs::read_dir(&self.downloads).ok().and_then(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.path())
                    .find(|p| p.to_string_lossy().ends_with(ending))
            });
            found = f.clone();
            async move { f.is_some() }
        })
        .await;
        std::fs::read_to_string(found.expect("found")).expect("read the download")
    }

    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

/// Fills the form as a person would.
pub async fn fill_form(
    b: &Browser,
    desc: &str,
    project: &str,
    roles: &[&str],
    public: &str,
    private: &str,
) {
    fill_request(b, desc, project, roles).await;
    b.type_into("Public key", public).await;
    b.type_into("Private key", private).await;
}

/// Fills the request part of the form: description, project, roles.
pub async fn fill_request(b: &Browser, desc: &str, project: &str, roles: &[&str]) {
    b.type_into("Description", desc).await;
    b.type_into("Project ID", project).await;
    for r in roles {
        b.tick(r).await;
    }
}

/// Chooses "Service account" and types its client ID and secret.
pub async fn sign_in_as_service_account(b: &Browser, id: &str, secret: &str) {
    b.tick("Service account").await;
    b.type_into("Client ID", id).await;
    b.type_into("Client secret", secret).await;
}

/// Runs a create and returns the reveal's text once it shows.
pub async fn create_and_reveal(b: &Browser) -> String {
    b.click("Create API key").await;
    b.region("New API key")
        .await
        .text()
        .await
        .expect("reveal text")
}

/// Fills the form for the emulator's project, signed with its owner key (Project Owner); returns the
/// owner's private key.
pub async fn fill_form_as_owner(b: &Browser, emu: &Emulator, desc: &str, roles: &[&str]) -> String {
    let (public, private) = emu.owner();
    fill_form(b, desc, &emu.project(), roles, &public, &private).await;
    private
}

/// Fills the form as the emulator's owner and creates; returns the reveal's text and the owner's
/// private key.
pub async fn create_as_owner(
    b: &Browser,
    emu: &Emulator,
    desc: &str,
    roles: &[&str],
) -> (String, String) {
    let private = fill_form_as_owner(b, emu, desc, roles).await;
    (create_and_reveal(b).await, private)
}

pub fn config(environment: &str, base_url: &str, proxy: &str) -> Value {
    json!({"environment": environment, "customBaseUrl": base_url, "customApi": "atlasV2", "proxy": proxy, "requestTimeoutSeconds": 20})
}

/// cors-anywhere from npm, unmodified, on its own port, allowing only `origin`.
pub struct CorsAnywhere {
    _proc: Proc,
    pub url: String,
}

impl CorsAnywhere {
    pub fn start(origin: &str) -> CorsAnywhere {
        let port = free_port();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../proxies/cors-anywhere.js");
        let p = Proc::listening(
            "cors-anywhere",
            port,
            Command::new("node")
                .arg(script)
                .args([&port.to_string(), origin])
                .env("KEYMINT_TOOLS", tools_dir()),
        );
        CorsAnywhere {
            _proc: p,
            url: format!("http://127.0.0.1:{port}/"),
        }
    }
}

/// nginx from Debian as a child process, with a config rendered into a scratch folder.
pub struct Nginx {
    _proc: Proc,
    pub origin: String,
}

impl Nginx {
    /// `locations`: the text of a locations file, with placeholders already filled in.
    pub fn start(name: &str, locations: &str) -> Nginx {
        let tmp = scratch(name);
        let port = free_port();
        let template = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../proxies/nginx-test.conf.template"),
        )
        .expect("nginx template");
        let conf = template
            .replace("@TMP@", &tmp.display().to_string())
            .replace("@PORT@", &port.to_string())
            .replace("@LOCATIONS@", locations);
        let file = tmp.join("nginx.conf");
        std::fs::write(&file, conf).expect("write nginx.conf");
        let p = Proc::listening(
            "nginx",
            port,
            Command::new("/usr/sbin/nginx")
                .arg("-p")
                .arg(&tmp)
                .arg("-e")
                .arg(tmp.join("error.log"))
                .arg("-c")
                .arg(&file)
                .args(["-g", "daemon off; master_process off;"]),
        );
        Nginx {
            _proc: p,
            origin: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Nginx {
    /// The release page deployed as the README says: a copy of dist/ under `/keymint/` whose
    /// config.json names `environment` and the proxy `/keymint/atlas{path}`, served by the shipped
    /// locations file, which reverse-proxies to the emulator.
    pub fn shipped(name: &str, environment: &str, emu: &Emulator) -> Nginx {
        let dist = dist_copy(
            &format!("{name}-dist"),
            config(environment, "", "/keymint/atlas{path}"),
        );
        Nginx::start(name, &shipped_nginx_locations(&emu.url, &dist))
    }

    /// The page's URL under the sub-path the shipped config serves.
    pub fn page(&self) -> String {
        format!("{}/keymint/", self.origin)
    }
}

/// The shipped deploy/nginx/keymint-locations.conf, pointed at the emulator and a dist copy.
pub fn shipped_nginx_locations(upstream: &str, dist: &Path) -> String {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/nginx/keymint-locations.conf"),
    )
    .expect("deploy/nginx/keymint-locations.conf");
    assert!(
        text.contains("proxy_pass https://cloud.mongodb.com/;")
            && text.contains("alias /srv/keymint/dist/;")
    );
    text.replace(
        "proxy_pass https://cloud.mongodb.com/;",
        &format!("proxy_pass {upstream}/;"),
    )
    .replace(
        "alias /srv/keymint/dist/;",
        &format!("alias {}/;", dist.display()),
    )
}

// ---- Key lifecycle (access list, key test, lost-key search, rotation) ----------------------------

impl Emulator {
    /// Sets access-list enforcement through the control endpoint, e.g.
    /// `{"mode":"whenListed","seenAddress":"192.0.2.44"}`.
    pub fn set_access_lists(&self, settings: &str) {
        self.control("accessLists", Some(settings));
    }

    /// The emulator's record of one created key (unmasked, with `accessList` and `inOrg`).
    pub fn created_key(&self, public_key: &str) -> Value {
        self.created_keys()
            .into_iter()
            .find(|k| k["publicKey"] == public_key)
            .unwrap_or_else(|| panic!("the emulator has no key {public_key}"))
    }

    /// Creates a key in the emulator's project directly (curl --digest as the owner), as another
    /// tool would; returns its public key.
    pub fn create_key_elsewhere(&self, desc: &str) -> String {
        let (public, private) = self.owner();
        let out = Command::new("curl")
            .args([
                "-sS",
                "-f",
                "--digest",
                "-u",
                &format!("{public}:{private}"),
            ])
            .args(["-H", "Accept: application/vnd.atlas.2023-01-01+json"])
            .args(["-H", "Content-Type: application/vnd.atlas.2023-01-01+json"])
            .args(["-X", "POST"])
            .arg(format!(
                "{}/api/atlas/v2/groups/{}/apiKeys",
                self.url,
                self.project()
            ))
            .args([
                "--data",
                &json!({"desc": desc, "roles": ["GROUP_READ_ONLY"]}).to_string(),
            ])
            .output()
            .expect("curl");
        assert!(out.status.success(), "create by curl: {out:?}");
        let key: Value = serde_json::from_slice(&out.stdout).expect("the key's JSON");
        key["publicKey"].as_str().unwrap_or_default().to_string()
    }
}

impl Browser {
    /// Answers OK to the page's confirmation dialog (window.confirm), once it shows.
    pub async fn accept_confirmation(&self) {
        self.until("a confirmation dialog", || async {
            self.client.get_alert_text().await.is_ok()
        })
        .await;
        self.client.accept_alert().await.expect("accept the dialog");
    }
}
