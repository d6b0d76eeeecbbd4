//! "Test connection": what one unauthenticated request through the proxy tells about the path to Atlas.
//! The browser only reports status and the readable `WWW-Authenticate`; the verdict and words are here.

use super::digest::{DigestAlgorithm, DigestChallenge};

/// What the probe found, from "nothing answers" to "Atlas sent its Digest challenge".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProbeReport {
    /// A readable Digest challenge came back: requests can be signed.
    AtlasReached {
        via: String,
        algorithm: DigestAlgorithm,
        realm: String,
    },
    /// The request failed and nothing answered even without CORS: wrong address, or the proxy is down.
    ProxyUnreachable {
        via: String,
    },
    /// Something answered, but without the CORS headers this page needs.
    CorsBlocked {
        via: String,
    },
    /// A 401 arrived but its `WWW-Authenticate` was not readable (not sent, or not exposed via CORS).
    ChallengeHidden {
        via: String,
    },
    /// A 401 whose challenge is not a usable Digest challenge.
    NotDigest {
        via: String,
        why: String,
    },
    /// Any answer other than 401: whatever answered is not asking for Digest authentication.
    NoChallenge {
        via: String,
        status: u16,
    },
    TimedOut {
        via: String,
        seconds: u32,
    },
}

/// Judges an answer that arrived.
pub fn classify(via: &str, status: u16, www_authenticate: Option<&str>) -> ProbeReport {
    let via = via.to_string();
    if status != 401 {
        return ProbeReport::NoChallenge { via, status };
    }
    match www_authenticate.map(DigestChallenge::parse) {
        None => ProbeReport::ChallengeHidden { via },
        Some(Ok(challenge)) => ProbeReport::AtlasReached {
            via,
            algorithm: challenge.algorithm,
            realm: challenge.realm,
        },
        Some(Err(error)) => ProbeReport::NotDigest {
            via,
            why: error.to_string(),
        },
    }
}

/// Judges a request that failed in the browser; `answers_without_cors`: a no-cors request got an answer.
pub fn unreachable(via: &str, answers_without_cors: bool) -> ProbeReport {
    let via = via.to_string();
    if answers_without_cors {
        ProbeReport::CorsBlocked { via }
    } else {
        ProbeReport::ProxyUnreachable { via }
    }
}

fn algorithm_name(algorithm: &DigestAlgorithm) -> String {
    algorithm.to_string()
}

impl ProbeReport {
    /// True when a create can work through this route.
    pub fn reached_atlas(&self) -> bool {
        matches!(self, ProbeReport::AtlasReached { .. })
    }

    /// One line: what was found.
    pub fn title(&self) -> String {
        match self {
            ProbeReport::AtlasReached { algorithm, .. } => format!(
                "Atlas reached: Digest challenge received (algorithm {}).",
                algorithm_name(algorithm)
            ),
            ProbeReport::ProxyUnreachable { .. } => {
                "Proxy unreachable: nothing answered.".to_string()
            }
            ProbeReport::CorsBlocked { .. } => {
                "The proxy answers but drops the CORS headers: the browser blocks its answers."
                    .to_string()
            }
            ProbeReport::ChallengeHidden { .. } => {
                "The proxy answers but hides WWW-Authenticate: the Digest challenge is not readable."
                    .to_string()
            }
            ProbeReport::NotDigest { .. } => {
                "A 401 came back, but not Atlas's Digest challenge.".to_string()
            }
            ProbeReport::NoChallenge { status, .. } => {
                format!("Something answered HTTP {status}, but not with Atlas's Digest challenge.")
            }
            ProbeReport::TimedOut { seconds, .. } => {
                format!("No answer within {seconds} seconds.")
            }
        }
    }

    /// The URL probed and what to do about it.
    pub fn detail(&self) -> String {
        match self {
            ProbeReport::AtlasReached { via, realm, .. } => format!(
                "Asked {via}; realm \"{realm}\". Creating a key through this proxy should work."
            ),
            ProbeReport::ProxyUnreachable { via } => format!(
                "Asked {via}. Check that the proxy runs and that the Proxy URL is right (scheme, host, port)."
            ),
            ProbeReport::CorsBlocked { via } => format!(
                "Asked {via}. The proxy must answer this page's origin with Access-Control-Allow-Origin \
                 (on every status, 401 included) and allow the Authorization and Content-Type headers."
            ),
            ProbeReport::ChallengeHidden { via } => format!(
                "Asked {via}. A cross-origin proxy must send Access-Control-Expose-Headers: WWW-Authenticate \
                 (nginx: add_header ... always); cors-anywhere does this by itself."
            ),
            ProbeReport::NotDigest { via, why } => format!(
                "Asked {via} ({why}). The proxy may demand its own login, or the Proxy URL points at the wrong host."
            ),
            ProbeReport::NoChallenge { via, status } => format!(
                "Asked {via}, got HTTP {status}. Atlas answers an unsigned request with 401: check that the \
                 Proxy URL forwards to the Atlas API (a 404 usually means a wrong path or prefix)."
            ),
            ProbeReport::TimedOut { via, .. } => format!(
                "Asked {via}. The proxy or Atlas is slow or unreachable from the proxy."
            ),
        }
    }
}
