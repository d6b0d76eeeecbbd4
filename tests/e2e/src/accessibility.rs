//! What the accessibility tests add to the browser: the keyboard, the emulated color scheme and print
//! media (Chrome DevTools Protocol through chromedriver: Chromium only), and axe-core from tools/node_modules injected
//! into the page. Like [`Browser`], it knows nothing of Keymint's page (unfolding Settings is
//! [`crate::KeymintPage::open_settings`]).

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{json, Value};

use crate::browser::{Browser, Engine};
use crate::processes::tools_dir;

/// The axe-core rule tags checked: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and best practices.
pub const AXE_TAGS: [&str; 7] = [
    "wcag2a",
    "wcag2aa",
    "wcag21a",
    "wcag21aa",
    "wcag22a",
    "wcag22aa",
    "best-practice",
];

/// chromedriver's `goog/cdp/execute`: one Chrome DevTools Protocol command in the session's page.
#[derive(Debug)]
struct Cdp(Value);

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.0.to_string()))
    }
}

impl Browser {
    async fn cdp(&self, cmd: &str, params: Value) {
        self.client
            .issue_cmd(Cdp(json!({"cmd": cmd, "params": params})))
            .await
            .unwrap_or_else(|e| panic!("{cmd}: {e}"));
    }

    /// Emulates `prefers-color-scheme: dark` (true) or light, as the operating system would set it.
    pub async fn prefer_dark(&self, dark: bool) {
        let scheme = if dark { "dark" } else { "light" };
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
        )
        .await;
        let query = format!("return matchMedia('(prefers-color-scheme: {scheme})').matches");
        assert_eq!(self.eval(&query).await, json!(true), "{scheme} emulated");
    }

    /// The page's text as printed: the print stylesheet applied (media "print" emulated).
    pub async fn printed_text(&self) -> String {
        self.cdp("Emulation.setEmulatedMedia", json!({"media": "print"}))
            .await;
        let text = self.eval("return document.body.innerText").await;
        self.cdp("Emulation.setEmulatedMedia", json!({"media": ""}))
            .await;
        text.as_str().unwrap_or_default().to_string()
    }

    /// Presses keys one after another on the keyboard (characters, or [`Key`]s such as Tab).
    pub async fn press(&self, keys: &[char]) {
        let mut actions = KeyActions::new("keyboard".into());
        for &value in keys {
            actions = actions
                .then(KeyAction::Down { value })
                .then(KeyAction::Up { value });
        }
        self.client
            .perform_actions(actions)
            .await
            .expect("key presses");
    }

    /// Types text on the keyboard into whatever has focus.
    pub async fn type_keys(&self, text: &str) {
        self.press(&text.chars().collect::<Vec<_>>()).await;
    }

    /// The element that has focus, as `tag#id` (`tag` alone when it has no id; "" for none).
    pub async fn focused(&self) -> String {
        self.eval(
            "const e = document.activeElement;
             return e ? e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') : '';",
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// Presses Tab until the control a label names has focus; returns what was focused on the way
    /// (see [`Browser::focused`]).
    pub async fn tab_to(&self, label: &str) -> Vec<String> {
        let target = self
            .labelled(label)
            .await
            .attr("id")
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        self.tab_to_id(&target).await
    }

    /// Presses Tab until the element with this id has focus (at most 80 presses).
    pub async fn tab_to_id(&self, id: &str) -> Vec<String> {
        let mut passed = Vec::new();
        for _ in 0..80 {
            self.press(&[Key::Tab.into()]).await;
            let now = self.focused().await;
            if now.split_once('#').map(|(_, i)| i) == Some(id) {
                return passed;
            }
            passed.push(now);
        }
        panic!("Tab never reached #{id}; focus went through {passed:?}");
    }

    /// Runs axe-core on the whole page for [`AXE_TAGS`] and returns its violations, each as
    /// "rule (impact): help — targets".
    pub async fn axe_violations(&self) -> Vec<String> {
        let injected = self
            .eval("return typeof window.axe === 'object'")
            .await
            .as_bool()
            .unwrap_or(false);
        if !injected {
            let path = tools_dir().join("axe-core/axe.min.js");
            let source = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e} (run scripts/setup.sh)", path.display()));
            self.eval(&format!("{source}\nreturn typeof window.axe;"))
                .await;
        }
        let result = self
            .client
            .execute_async(
                "const [tags, done] = arguments;
                 axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
                   .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — '
                        + v.nodes.map(n => n.target.join(' ')).join(', '))))
                   .catch(e => done(['axe failed: ' + e]));",
                vec![json!(AXE_TAGS)],
            )
            .await
            .expect("axe.run");
        result
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|v| v.as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Fails with every violation when axe-core finds any, in light and then in dark. Only Chromium's
    /// driver can emulate the color scheme (DevTools), so Firefox and WebKit check the light scheme
    /// their profiles start with; the dark one is checked in Chromium.
    pub async fn assert_accessible(&self, state: &str) {
        if self.engine != Engine::Chromium {
            let found = self.axe_violations().await;
            assert!(
                found.is_empty(),
                "axe-core, {state}, {}:\n{}",
                self.engine.name(),
                found.join("\n")
            );
            return;
        }
        for dark in [false, true] {
            self.prefer_dark(dark).await;
            let found = self.axe_violations().await;
            let scheme = if dark { "dark" } else { "light" };
            assert!(
                found.is_empty(),
                "axe-core, {state}, {scheme}:\n{}",
                found.join("\n")
            );
        }
        self.prefer_dark(false).await;
    }
}
