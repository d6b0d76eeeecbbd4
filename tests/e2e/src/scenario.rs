//! A scenario: the Atlas emulator, the page served the way a deployment serves it (the shipped nginx
//! config, a static host with or without cors-anywhere, or `trunk serve`), and a browser ready to open it.
//! Every test starts from one, so the setup is written once.
//!
//! ```text
//! let s = Scenario::new("gov").emulator_args(&["--gov"]).environment("atlasGov").shipped_nginx().await;
//! s.open().await;
//! let (reveal, private) = s.create_as_owner(&s.request("gov key", &["GROUP_READ_ONLY"])).await;
//! let key = s.the_key_shown_in(&reveal);
//! ```

use crate::browser::Engine;
use crate::pages::{KeymintPage, Request, SignIn};
use crate::processes::{
    config, dist_copy, emulator, CorsAnywhere, Emulator, Nginx, StaticServer, TrunkServe,
};
use atlas_emulator_control::Control;
use serde_json::Value;

/// What serves the page.
enum Host {
    Nginx(Nginx),
    Static(StaticServer),
    Trunk(TrunkServe),
}

/// How to set a scenario up; finish with [`Setup::shipped_nginx`], [`Setup::static_site`] or
/// [`Setup::trunk_serve`].
pub struct Setup {
    name: String,
    emulator_args: Vec<String>,
    environment: String,
    custom_api: String,
    config_proxy: String,
    cors_anywhere: bool,
    shipped_config: Option<Value>,
    engine: Engine,
}

impl Setup {
    /// The browser engine that opens the page (default Chromium).
    pub fn engine(mut self, engine: Engine) -> Setup {
        self.engine = engine;
        self
    }

    /// Extra emulator arguments (`--gov`, ...).
    pub fn emulator_args(mut self, args: &[&str]) -> Setup {
        self.emulator_args = args.iter().map(|a| a.to_string()).collect();
        self
    }

    /// The config.json `environment` for the shipped nginx (default `atlas`).
    pub fn environment(mut self, environment: &str) -> Setup {
        self.environment = environment.to_string();
        self
    }

    /// The whole config.json the shipped nginx deployment serves, instead of the default one
    /// (`environment` and the proxy `/keymint/atlas{path}`), e.g. with `lockRouting`.
    pub fn shipped_config(mut self, config: Value) -> Setup {
        self.shipped_config = Some(config);
        self
    }

    /// A static site whose config.json points at Ops Manager's API (`customApi: opsManagerV1`).
    pub fn ops_manager(mut self) -> Setup {
        self.custom_api = "opsManagerV1".to_string();
        self
    }

    /// The `proxy` a static site's config.json names (default: none).
    pub fn proxy_in_config(mut self, proxy: &str) -> Setup {
        self.config_proxy = proxy.to_string();
        self
    }

    /// Also runs cors-anywhere, allowing only the static site's origin (the user types it in:
    /// [`Scenario::cors_anywhere_url`]).
    pub fn with_cors_anywhere(mut self) -> Setup {
        self.cors_anywhere = true;
        self
    }

    fn emulator(&self) -> Emulator {
        let args: Vec<&str> = self.emulator_args.iter().map(String::as_str).collect();
        emulator(&args)
    }

    /// The release page under `/keymint/` behind the shipped nginx config, which reverse-proxies to the
    /// emulator (same origin, no CORS).
    pub async fn shipped_nginx(self) -> Scenario {
        let emu = self.emulator();
        let name = format!("{}-nginx", self.name);
        let nginx = match &self.shipped_config {
            Some(config) => Nginx::shipped_with(&name, config.clone(), &emu.url),
            None => Nginx::shipped(&name, &self.environment, &emu.url),
        };
        self.finish(emu, Host::Nginx(nginx), None).await
    }

    /// A copy of the release dist/ on a plain static host, its config.json naming the emulator as a
    /// custom base URL (and, if asked, cors-anywhere beside it).
    pub async fn static_site(self) -> Scenario {
        let emu = self.emulator();
        let mut cfg = config("custom", &emu.url, &self.config_proxy);
        cfg["customApi"] = self.custom_api.clone().into();
        let site = StaticServer::start(&dist_copy(&self.name, cfg));
        let proxy = self
            .cors_anywhere
            .then(|| CorsAnywhere::start(&site.origin));
        self.finish(emu, Host::Static(site), proxy).await
    }

    /// The README's demo: `trunk serve` with its proxy forwarding `/atlas/` to the emulator.
    pub async fn trunk_serve(self) -> Scenario {
        let emu = self.emulator();
        let trunk = TrunkServe::start(&emu.url);
        self.finish(emu, Host::Trunk(trunk), None).await
    }

    async fn finish(self, emu: Emulator, host: Host, proxy: Option<CorsAnywhere>) -> Scenario {
        let page = KeymintPage::start_in(&self.name, self.engine).await;
        Scenario {
            project: emu.project(),
            emu,
            page,
            host,
            cors_anywhere: proxy,
        }
    }
}

/// A running scenario; every process stops (by PID) when it is dropped, the browser first and the
/// emulator last (fields drop in this order).
pub struct Scenario {
    pub page: KeymintPage,
    cors_anywhere: Option<CorsAnywhere>,
    host: Host,
    pub emu: Emulator,
    /// The emulator's seeded project ID.
    pub project: String,
}

impl Scenario {
    /// A scenario named `name` (scratch folders and the browser profile are named after it).
    #[allow(clippy::new_ret_no_self)]
    pub fn new(name: &str) -> Setup {
        Setup {
            name: name.to_string(),
            emulator_args: Vec::new(),
            environment: "atlas".to_string(),
            custom_api: "atlasV2".to_string(),
            config_proxy: String::new(),
            cors_anywhere: false,
            shipped_config: None,
            engine: Engine::Chromium,
        }
    }

    /// The page's URL (ends with `/`).
    pub fn url(&self) -> String {
        match &self.host {
            Host::Nginx(n) => n.page(),
            Host::Static(s) => format!("{}/", s.origin),
            Host::Trunk(t) => t.url.clone(),
        }
    }

    /// The origin that serves the page.
    pub fn origin(&self) -> String {
        match &self.host {
            Host::Nginx(n) => n.origin.clone(),
            Host::Static(s) => s.origin.clone(),
            Host::Trunk(t) => t.url.trim_end_matches('/').to_string(),
        }
    }

    /// Opens the page.
    pub async fn open(&self) {
        self.page.open(&self.url()).await;
    }

    /// Opens the page and types the scenario's cors-anywhere into "Proxy URL", as a person sets up a
    /// cross-origin proxy (the static site's config.json names none).
    pub async fn open_through_cors_anywhere(&self) {
        self.open().await;
        self.page.set_proxy_url(self.cors_anywhere_url()).await;
    }

    /// Opens the page with a query string, e.g. `?projectId=…&desc=…` (a deep link).
    pub async fn open_link(&self, query: &str) {
        self.page.open(&format!("{}{query}", self.url())).await;
    }

    /// Ends the browser session and starts a fresh browser (a new profile: nothing kept), named `name`.
    pub async fn new_browser(&mut self, name: &str) {
        let engine = self.page.engine;
        self.page.close().await;
        self.page = KeymintPage::start_in(name, engine).await;
    }

    /// The cors-anywhere URL (prefix style); panics if the scenario runs none.
    pub fn cors_anywhere_url(&self) -> &str {
        &self
            .cors_anywhere
            .as_ref()
            .expect("a scenario set up with_cors_anywhere()")
            .url
    }

    /// The emulator's control endpoint: created keys, tokens, faults.
    pub fn control(&self) -> Control {
        self.emu.control()
    }

    /// A request for the emulator's project.
    pub fn request<'a>(&'a self, description: &'a str, roles: &'a [&'a str]) -> Request<'a> {
        Request {
            description,
            project_id: &self.project,
            roles,
        }
    }

    /// Fills the form with `request`, signed with the emulator's owner key (Project Owner); returns the
    /// owner's private key.
    pub async fn fill_form_as_owner(&self, request: &Request<'_>) -> String {
        let (public, private) = self.emu.owner();
        self.page
            .fill_form(
                request,
                &SignIn::ApiKey {
                    public: &public,
                    private: &private,
                },
            )
            .await;
        private
    }

    /// Fills the form as the owner and creates; returns the reveal's text and the owner's private key.
    pub async fn create_as_owner(&self, request: &Request<'_>) -> (String, String) {
        let private = self.fill_form_as_owner(request).await;
        (self.page.create_and_reveal().await, private)
    }

    /// The one key this emulator created, checked against the reveal: exactly one create (the page
    /// never sends a second POST), and the reveal shows that key's public and private key.
    pub fn the_key_shown_in(&self, reveal: &str) -> Value {
        let keys = self.emu.created_keys();
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

    /// Closes the browser session.
    pub async fn close(self) {
        self.page.close().await;
    }
}
