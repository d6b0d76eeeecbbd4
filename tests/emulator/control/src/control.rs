//! The emulator's test-only control endpoint, `/__emulator/...`: what it created, the tokens it issued,
//! and faults to inject. Every call must succeed: a refused control call fails the test instead of
//! reading as "nothing there".
//!
//! Adding an endpoint is one short method: a GET that lists is `self.list("what")`, a POST is
//! `self.post("what", body)`.

use crate::http::{request, Resp};
use serde_json::Value;

/// A handle on one running emulator's control endpoint.
#[derive(Clone, Debug)]
pub struct Control {
    addr: String,
}

impl Control {
    /// `addr`: the emulator's `host:port`.
    pub fn new(addr: &str) -> Control {
        Control {
            addr: addr.to_string(),
        }
    }

    /// Every key the emulator created, with its private key and `groupIds`.
    pub fn created_keys(&self) -> Vec<Value> {
        self.list("keys")
    }

    /// The emulator's record of one created key (unmasked, with `accessList` and `inOrg`); panics when
    /// it has none with this public key.
    pub fn created_key(&self, public_key: &str) -> Value {
        self.created_keys()
            .into_iter()
            .find(|k| k["publicKey"] == public_key)
            .unwrap_or_else(|| panic!("the emulator has no key {public_key}"))
    }

    /// The service-account tokens the emulator issued, without their values: `clientId` and `revoked`.
    pub fn tokens(&self) -> Vec<Value> {
        self.list("tokens")
    }

    /// Every API request the emulator received (not control calls): `method`, `path`, `signed`,
    /// `status`; never a secret.
    pub fn requests(&self) -> Vec<Value> {
        self.list("requests")
    }

    /// API requests received, by method and whether they were signed:
    /// `{"signedPosts", "unsignedPosts", "signedGets", "unsignedGets"}`.
    pub fn counts(&self) -> Value {
        self.call("GET", "counts", None).json()
    }

    /// Whether a Digest nonce may sign more than one request (off: the no-reuse mode).
    pub fn allow_nonce_reuse(&self, allowed: bool) {
        self.post("nonce-reuse", &format!(r#"{{"allowed":{allowed}}}"#));
    }

    /// Arms faults for the next requests, as JSON, e.g. `{"dropAfterCreate":1}` (the next create happens,
    /// then the connection is dropped unanswered), `{"malformedBody":1}`, `{"rateLimit":1}`,
    /// `{"fail500":1}`, `{"latencyMs":N}`; for the calls after the create, `{"dropAfterChange":1}` (the
    /// next signed access-list POST or DELETE is made, then its answer is lost) and `{"failReads":1}`
    /// (the next signed GET is answered 503).
    pub fn inject_faults(&self, faults: &str) {
        self.post("faults", faults);
    }

    /// Sets access-list enforcement, as JSON, e.g. `{"mode":"whenListed","seenAddress":"192.0.2.44"}`
    /// (a key with entries is refused from any address not on them; Atlas saw the caller as
    /// `seenAddress`).
    pub fn set_access_lists(&self, settings: &str) {
        self.post("accessLists", settings);
    }

    /// Makes every token issued so far invalid, while its holder still counts on it.
    pub fn expire_tokens(&self) {
        self.post("tokens/expire", "");
    }

    /// Forgets the keys created, the tokens issued and any armed fault.
    pub fn reset(&self) {
        self.post("reset", "");
    }

    fn list(&self, what: &str) -> Vec<Value> {
        let r = self.call("GET", what, None);
        match r.json() {
            Value::Array(items) => items,
            other => panic!("/__emulator/{what} is not a list: {other}"),
        }
    }

    fn post(&self, what: &str, body: &str) -> Resp {
        self.call("POST", what, Some(body))
    }

    fn call(&self, method: &str, what: &str, body: Option<&str>) -> Resp {
        let path = format!("/__emulator/{what}");
        let r = request(&self.addr, method, &path, &[], body);
        assert!(
            (200..300).contains(&r.status),
            "{method} {path} refused: {} {}",
            r.status,
            r.body
        );
        r
    }
}
