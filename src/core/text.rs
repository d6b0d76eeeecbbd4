//! Outside text fit for a message: secrets removed, one line, bounded, marked when cut. Every quote
//! of a server's answer, a pasted value or a name Keymint does not know goes through [`clip`], so
//! no error text can show a private key, a client secret or a token.

/// Field names whose values are secrets, in JSON (`"name": "value"`) or a form body (`name=value`).
const SECRET_FIELDS: [&str; 9] = [
    "privateKey",
    "private_key",
    "privateApiKey",
    "private_api_key",
    "access_token",
    "accessToken",
    "refresh_token",
    "client_secret",
    "clientSecret",
];

/// What a secret is replaced with.
pub const REDACTED: &str = "<redacted>";

/// A service account's client secret starts with this.
const CLIENT_SECRET_PREFIX: &str = "mdb_sa_sk_";

/// `text` as one line (runs of white space and control characters become one space, ends trimmed),
/// secrets redacted (see [`redact`]), at most `max` characters, with `…` appended when something
/// was cut.
pub fn clip(text: &str, max: usize) -> String {
    let text = redact(text);
    let mut words = text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty());
    let mut out = String::new();
    let mut count = 0;
    let mut cut = false;
    'words: for (i, word) in words.by_ref().enumerate() {
        for c in (i > 0).then_some(' ').into_iter().chain(word.chars()) {
            if count == max {
                cut = true;
                break 'words;
            }
            out.push(c);
            count += 1;
        }
    }
    if cut {
        out.truncate(out.trim_end().len());
        out.push('…');
    }
    out
}

/// `text` with every secret replaced by [`REDACTED`]: the values of secret fields (`privateKey`,
/// `access_token`, `client_secret` and their spellings), UUID-shaped values (Atlas's private keys),
/// and service-account client secrets.
pub fn redact(text: &str) -> String {
    let mut out = text.to_string();
    for name in SECRET_FIELDS {
        out = redact_field(&out, name);
    }
    redact_shapes(&out)
}

/// Replaces the value after each `name` followed by `:` or `=` (quotes and spaces allowed around).
///
/// The scans here are `for` loops and counts, never hand-advanced indexes, so no input (and no slip
/// in an index) can make them run forever.
fn redact_field(text: &str, name: &str) -> String {
    let bytes = text.as_bytes();
    let run = |from: usize, set: &[u8]| {
        bytes[from.min(bytes.len())..]
            .iter()
            .take_while(|b| set.contains(b))
            .count()
    };
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut skip_to = 0;
    for i in 0..bytes.len() {
        let at_name = i >= skip_to
            && bytes
                .get(i..i + name.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(name.as_bytes()))
            && (i == 0 || !is_word(bytes[i - 1]))
            && bytes.get(i + name.len()).is_none_or(|&b| !is_word(b));
        if !at_name {
            continue;
        }
        let mut j = i + name.len();
        j += run(j, b"\"' \t");
        if !matches!(bytes.get(j), Some(b':' | b'=')) {
            continue;
        }
        j += 1;
        j += run(j, b" \t\r\n");
        let (start, end) = match bytes.get(j) {
            Some(&quote @ (b'"' | b'\'')) => (j + 1, closing_quote(bytes, j + 1, quote)),
            _ => {
                let value = bytes[j.min(bytes.len())..]
                    .iter()
                    .take_while(|b| !b"&,;}] \t\r\n\"'".contains(b))
                    .count();
                (j, j + value)
            }
        };
        if end > start {
            out.push_str(&text[copied..start]);
            out.push_str(REDACTED);
            copied = end;
        }
        skip_to = end; // past the name: end > j > i
    }
    out.push_str(&text[copied..]);
    out
}

/// Where the quoted value starting at `from` ends: its closing `quote` not escaped by `\\`, or the end
/// of the text. Bytes after a backslash are skipped one at a time; a quote is ASCII, so it is never a
/// byte inside a longer character and the end is always a character boundary.
fn closing_quote(bytes: &[u8], from: usize, quote: u8) -> usize {
    let mut escaped = false;
    for (k, &b) in bytes.iter().enumerate().skip(from) {
        match b {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            _ if b == quote => return k,
            _ => {}
        }
    }
    bytes.len()
}

/// Replaces UUID-shaped values and service-account client secrets wherever they stand.
fn redact_shapes(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for i in 0..bytes.len() {
        if i < copied || (i > 0 && is_word(bytes[i - 1])) {
            continue;
        }
        if let Some(end) = uuid_at(bytes, i).or_else(|| client_secret_at(bytes, i)) {
            out.push_str(&text[copied..i]);
            out.push_str(REDACTED);
            copied = end;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// The end of a UUID (8-4-4-4-12 hex digits) starting at `i`, if one does and stands alone.
fn uuid_at(bytes: &[u8], i: usize) -> Option<usize> {
    let mut j = i;
    for (n, group) in [8, 4, 4, 4, 12].into_iter().enumerate() {
        if n > 0 {
            if bytes.get(j) != Some(&b'-') {
                return None;
            }
            j += 1;
        }
        let digits = bytes.get(j..j + group)?;
        if !digits.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        j += group;
    }
    bytes.get(j).is_none_or(|&b| !is_word(b)).then_some(j)
}

/// The end of a client secret (`mdb_sa_sk_…`) starting at `i`, if one does.
fn client_secret_at(bytes: &[u8], i: usize) -> Option<usize> {
    let prefix = CLIENT_SECRET_PREFIX.as_bytes();
    if !bytes.get(i..i + prefix.len())?.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let rest = &bytes[i + prefix.len()..];
    Some(i + prefix.len() + rest.iter().take_while(|&&b| is_word(b)).count())
}

/// Part of a name or value: letters, digits, `_` and `-`.
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}
