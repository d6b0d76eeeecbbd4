//! The browser: Chromium, Firefox ESR or WebKitGTK behind its WebDriver server (started on a free port,
//! stopped by PID with the browser it started), driven by accessible names. Nothing here knows
//! Keymint's page; `pages` does.

use crate::processes::{free_port, scratch, Proc};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// geckodriver: `GECKODRIVER`, else the one `scripts/setup.sh` installs with cargo.
fn geckodriver() -> PathBuf {
    std::env::var_os("GECKODRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("geckodriver"))
}

fn chromium_capabilities(dir: &Path, downloads: &Path) -> Value {
    json!({
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
    })
}

fn firefox_capabilities(downloads: &Path) -> Value {
    json!({
        "browserName": "firefox",
        "moz:firefoxOptions": {
            "binary": "/usr/bin/firefox-esr",
            "args": ["-headless"],
            "prefs": {
                // Downloads go to this browser's folder without a dialog.
                "browser.download.dir": downloads.display().to_string(),
                "browser.download.folderList": 2,
                "browser.download.useDownloadDir": true,
                "browser.download.always_ask_before_handling_new_types": false,
                "browser.download.alwaysOpenPanel": false,
                // Nothing but 127.0.0.1 is reachable here.
                "network.captive-portal-service.enabled": false,
                "network.connectivity-service.enabled": false,
                "browser.safebrowsing.downloads.enabled": false,
                "browser.safebrowsing.malware.enabled": false,
                "browser.safebrowsing.phishing.enabled": false
            }
        }
    })
}

fn webkit_capabilities() -> Value {
    json!({
        "browserName": "MiniBrowser",
        "webkitgtk:browserOptions": {
            "binary": "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
            "args": ["--automation"]
        }
    })
}

/// WebKitWebDriver and the MiniBrowser it starts get a home of their own under `dir` (data, cache,
/// settings), whose download folder is `downloads`, so nothing of one test reaches another.
fn webkit_environment(mut cmd: Command, dir: &Path, downloads: &Path) -> Command {
    let home = dir.join("home");
    let config = home.join(".config");
    std::fs::create_dir_all(&config).expect("the browser's home");
    std::fs::write(
        config.join("user-dirs.dirs"),
        format!("XDG_DOWNLOAD_DIR=\"{}\"\n", downloads.display()),
    )
    .expect("user-dirs.dirs");
    cmd.env("HOME", &home)
        .env("XDG_CONFIG_HOME", &config)
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env("XDG_RUNTIME_DIR", &home)
        .env("GTK_A11Y", "none")
        .env("NO_AT_BRIDGE", "1");
    cmd
}

/// How long any one condition may take before a test gives up (a bound, not a timing assertion).
pub const PATIENCE: Duration = Duration::from_secs(60);

/// A browser engine the page is tested in, each behind its own WebDriver server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// Debian's Chromium behind chromedriver, headless: the whole suite runs here.
    Chromium,
    /// Debian's Firefox ESR behind geckodriver (from crates.io, installed by scripts/setup.sh), headless.
    Firefox,
    /// WebKitGTK's MiniBrowser behind Debian's WebKitWebDriver, on an Xvfb display of its own (the
    /// engine of Safari and GNOME Web; MiniBrowser has no headless mode).
    WebKit,
}

impl Engine {
    /// The engine's name in scratch folders and messages.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox",
            Engine::WebKit => "webkit",
        }
    }
}

/// A browser behind its WebDriver server, with a download folder and clipboard access.
pub struct Browser {
    pub client: Client,
    pub engine: Engine,
    _driver: Proc,
    /// The X display a WebKit browser draws on (stopped after the driver).
    _display: Option<Proc>,
    pub downloads: PathBuf,
}

impl Browser {
    /// Headless Chromium (the engine of the whole suite).
    pub async fn start(name: &str) -> Browser {
        Browser::start_in(name, Engine::Chromium).await
    }

    /// A fresh browser of `engine`: its own profile, download folder and driver on a free port.
    pub async fn start_in(name: &str, engine: Engine) -> Browser {
        let dir = scratch(&format!("{name}-{}-browser", engine.name()));
        let downloads = dir.join("downloads");
        std::fs::create_dir_all(&downloads).expect("downloads dir");
        let port = free_port();
        let (driver, display, caps) = match engine {
            Engine::Chromium => (
                Proc::listening(
                    "chromedriver",
                    port,
                    Command::new("/usr/bin/chromedriver").arg(format!("--port={port}")),
                ),
                None,
                chromium_capabilities(&dir, &downloads),
            ),
            Engine::Firefox => (
                Proc::listening(
                    "geckodriver",
                    port,
                    Command::new(geckodriver())
                        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
                        // geckodriver makes Firefox's profile in TMPDIR: keep it in this browser's folder.
                        .env("TMPDIR", &dir),
                ),
                None,
                firefox_capabilities(&downloads),
            ),
            Engine::WebKit => {
                let (display, number) = Proc::x_display(&dir);
                let driver = Proc::listening(
                    "WebKitWebDriver",
                    port,
                    webkit_environment(Command::new("/usr/bin/WebKitWebDriver"), &dir, &downloads)
                        .env("DISPLAY", format!(":{number}"))
                        .arg(format!("--port={port}")),
                );
                (driver, Some(display), webkit_capabilities())
            }
        };
        let caps = caps.as_object().cloned().unwrap_or_default();
        let client = ClientBuilder::rustls()
            .expect("rustls")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap_or_else(|e| panic!("a {} WebDriver session: {e}", engine.name()));
        if engine != Engine::Chromium {
            // Chromium takes its size as a flag; the others as a WebDriver command.
            client
                .set_window_size(1200, 2400)
                .await
                .expect("the window size");
        }
        // The driver started the engine asked for (a driver falls back to no other browser, but a
        // wrong binary path or a wrapper script would otherwise go unnoticed).
        let agent = client
            .execute("return navigator.userAgent", vec![])
            .await
            .expect("the user agent");
        let agent = agent.as_str().unwrap_or_default();
        let is = match engine {
            Engine::Chromium => agent.contains("Chrome/"),
            Engine::Firefox => agent.contains("Firefox/"),
            Engine::WebKit => agent.contains("AppleWebKit/") && !agent.contains("Chrome/"),
        };
        assert!(is, "{} was asked for, {agent} started", engine.name());
        Browser {
            client,
            engine,
            _driver: driver,
            _display: display,
            downloads,
        }
    }

    /// Navigates to `url` (returns once the document has loaded).
    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.expect("open the page");
    }

    /// The page's HTML as it is now.
    pub async fn source(&self) -> String {
        self.client.source().await.expect("the page source")
    }

    /// Keeps everything the page logs from now on, so tests can check no secret reaches the console
    /// ([`Browser::assert_nothing_secret_kept`]).
    pub async fn capture_console(&self) {
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

    /// The element an XPath finds, waited for; `what` names it in the failure.
    pub async fn find(&self, xpath: &str, what: &str) -> Element {
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
        if text.is_empty() {
            // WebDriver's clear fires no input event; a person deletes what is there, so the page
            // hears an edit that leaves the field empty (a space, then Backspace).
            field.send_keys(" \u{E003}").await.expect("erase");
        } else {
            field.send_keys(text).await.expect("type");
        }
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

    /// Answers OK to the page's confirmation dialog (`window.confirm`), once it shows.
    pub async fn accept_confirmation(&self) {
        self.until("a confirmation dialog", || async {
            self.client.get_alert_text().await.is_ok()
        })
        .await;
        self.client
            .accept_alert()
            .await
            .expect("accept the confirmation dialog");
    }

    /// What the browser recorded of the page's painting so far: every layout shift (its score and what
    /// moved), and for
    /// each largest-contentful-paint candidate where its element is now (`header` when inside the page
    /// header, `gone` when it was replaced, else its tag and id).
    pub async fn paint_record(&self) -> Value {
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const out = { shifts: [], largest: [] };
                 new PerformanceObserver((l) => { for (const e of l.getEntries()) out.shifts.push({ value: e.value,
                   moved: e.sources.map((s) => s.node ? (s.node.nodeName + (s.node.id ? '#' + s.node.id : '')) : '?') }); })
                   .observe({ type: 'layout-shift', buffered: true });
                 new PerformanceObserver((l) => { for (const e of l.getEntries()) {
                   const el = e.element;
                   out.largest.push(!el || !el.isConnected ? 'gone' : el.closest('header') ? 'header' : el.tagName + '#' + el.id);
                 } }).observe({ type: 'largest-contentful-paint', buffered: true });
                 setTimeout(() => done(out), 200);",
                vec![],
            )
            .await
            .expect("read the paint record")
    }

    /// What the page put on the clipboard, read the way a person reads it: Ctrl+V into a scratch text
    /// area (removed afterwards). Not `navigator.clipboard.readText()`: the shipped Permissions-Policy
    /// refuses it (as it should), and WebKit offers no way to allow it without letting pages read the
    /// clipboard unasked.
    pub async fn clipboard(&self) -> String {
        self.eval(
            "const t = document.createElement('textarea');
             t.id = 'e2e-paste'; document.body.appendChild(t); t.focus(); return true;",
        )
        .await;
        let control = char::from(Key::Control);
        let keys = KeyActions::new("paste".into())
            .then(KeyAction::Down { value: control })
            .then(KeyAction::Down { value: 'v' })
            .then(KeyAction::Up { value: 'v' })
            .then(KeyAction::Up { value: control });
        self.client.perform_actions(keys).await.expect("paste");
        let v = self
            .eval(
                "const t = document.getElementById('e2e-paste');
                 const v = t.value; t.remove(); return v;",
            )
            .await;
        v.as_str().unwrap_or_default().to_string()
    }

    /// Waits for a downloaded file whose name ends with `ending` and returns its content. A browser may
    /// name the file before it has written it (WebKit does), so an empty file is waited for too: every
    /// download the page makes has content.
    pub async fn downloaded(&self, ending: &str) -> String {
        let mut found = None;
        self.until(&format!("a download ending in {ending}"), || {
            let f = std::fs::read_dir(&self.downloads).ok().and_then(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.path())
                    .find(|p| p.to_string_lossy().ends_with(ending))
                    .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() > 0))
            });
            found = f.clone();
            async move { f.is_some() }
        })
        .await;
        std::fs::read_to_string(found.expect("found")).expect("read the download")
    }

    /// Ends the browser session (chromedriver itself stops when this is dropped).
    pub async fn close(&self) {
        let _ = self.client.clone().close().await;
    }
}
