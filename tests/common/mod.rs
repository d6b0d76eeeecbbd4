//! Reads the recorded Atlas exchanges in tests/fixtures/recorded.
#![allow(dead_code)]

/// One recorded HTTP response.
pub struct Recorded {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Loads `tests/fixtures/recorded/<name>.http`; the body is byte for byte what Atlas sent.
pub fn recorded(name: &str) -> Recorded {
    let path = format!(
        "{}/tests/fixtures/recorded/{name}.http",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let (head, body) = text
        .split_once("\n\n")
        .expect("a blank line between headers and body");
    let mut lines = head.lines();
    let status_line = lines.next().expect("status line");
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status code");
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    // The copy added one newline after the body; Content-Length proves what the body was.
    let body = body.strip_suffix('\n').unwrap_or(body).to_string();
    Recorded {
        status,
        headers,
        body,
    }
}

/// The key the Go parity test renders (`tests/go-parity/key.json`): the created key the output and
/// export tests start from.
pub fn parity_key() -> keymint::core::response::ApiKeyUserDetails {
    serde_json::from_str(include_str!("../go-parity/key.json"))
        .expect("tests/go-parity/key.json is a key")
}
