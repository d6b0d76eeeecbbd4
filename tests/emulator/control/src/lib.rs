//! The test side of the Atlas emulator (`tests/emulator`), shared by its own tests and the end-to-end
//! tests: [`Emulator`] starts the binary on a free port and stops it by PID, [`http`] speaks raw HTTP/1.1,
//! and [`Control`] drives the test-only `/__emulator/...` endpoint.
//!
//! It starts the emulator as a separate process and shares none of its code: the emulator's Digest and
//! OAuth checks stay written independently of every client, the page's included.

pub mod control;
pub mod http;

pub use control::Control;
pub use http::Resp;

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A running emulator, with the JSON line it printed on start (its URL and seeded credentials). Stopped
/// by PID when dropped.
pub struct Emulator {
    child: Child,
    /// The start line: `url`, `orgId`, `projectId`, `otherProjectId`, `apiKeys`, `serviceAccounts`.
    pub info: Value,
    /// `http://127.0.0.1:PORT`
    pub url: String,
    /// `127.0.0.1:PORT`
    pub addr: String,
}

impl Emulator {
    /// Starts the binary `bin` on a free port with extra `args` (`--gov`, `--nonce-ttl-secs 0`, ...).
    pub fn start(bin: &Path, args: &[&str]) -> Emulator {
        let mut child = Command::new(bin)
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start the emulator {}: {e}", bin.display()));
        let mut line = String::new();
        if let Some(out) = child.stdout.take() {
            let _ = BufReader::new(out).read_line(&mut line);
        }
        let info: Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the emulator's start line is not JSON ({e}): {line:?}");
            }
        };
        let url = info["url"].as_str().unwrap_or_default().to_string();
        let addr = url.trim_start_matches("http://").to_string();
        Emulator {
            child,
            info,
            url,
            addr,
        }
    }

    /// The control endpoint of this emulator.
    pub fn control(&self) -> Control {
        Control::new(&self.addr)
    }

    /// Every key this emulator created (see [`Control::created_keys`]).
    pub fn created_keys(&self) -> Vec<Value> {
        self.control().created_keys()
    }

    /// The seeded project's ID.
    pub fn project(&self) -> String {
        self.text(&self.info["projectId"])
    }

    /// The seeded organization's ID.
    pub fn org_id(&self) -> String {
        self.text(&self.info["orgId"])
    }

    /// The seeded owner key (Project Owner): public and private key.
    pub fn owner(&self) -> (String, String) {
        self.api_key(0)
    }

    /// The seeded read-only key: public and private key.
    pub fn read_only(&self) -> (String, String) {
        self.api_key(1)
    }

    /// The seeded service account: client ID and client secret.
    pub fn service_account(&self) -> (String, String) {
        let sa = &self.info["serviceAccounts"][0];
        (self.text(&sa["clientId"]), self.text(&sa["clientSecret"]))
    }

    /// Creates a key (`GROUP_READ_ONLY`) in the seeded project directly, as another tool would: `curl
    /// --digest` signed as the owner. Returns its public key.
    pub fn create_key_elsewhere(&self, desc: &str) -> String {
        let (public, private) = self.owner();
        let body = serde_json::json!({"desc": desc, "roles": ["GROUP_READ_ONLY"]}).to_string();
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
            .args(["-X", "POST", "--data", &body])
            .arg(format!(
                "{}/api/atlas/v2/groups/{}/apiKeys",
                self.url,
                self.project()
            ))
            .output()
            .unwrap_or_else(|e| panic!("run curl: {e}"));
        assert!(
            out.status.success(),
            "the create by curl failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let key: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("the created key is not JSON ({e})"));
        let public_key = key["publicKey"].as_str().unwrap_or_default().to_string();
        assert!(!public_key.is_empty(), "the created key has no public key");
        public_key
    }

    fn api_key(&self, i: usize) -> (String, String) {
        let k = &self.info["apiKeys"][i];
        (self.text(&k["publicKey"]), self.text(&k["privateKey"]))
    }

    fn text(&self, v: &Value) -> String {
        v.as_str()
            .unwrap_or_else(|| {
                panic!(
                    "the emulator's start line lacks a string here: {}",
                    self.info
                )
            })
            .to_string()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
