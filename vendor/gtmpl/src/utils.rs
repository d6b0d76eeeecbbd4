use gtmpl_value::Value;
use std::char;

// Keymint patch: unquoting follows Go's strconv.Unquote / UnquoteChar and never slices inside a
// character. Upstream sliced `&raw[..2]` after a backslash (a panic on a lone or non-ASCII escape),
// read `\x`/`\u` digits at fixed byte offsets (a panic on `"\u00é"`), kept reading hex after the escapes
// ended, and unescaped inside raw strings, which Go leaves as written.
pub fn unquote_char(s: &str, quote: char) -> Option<char> {
    let raw = s.strip_prefix(quote)?.strip_suffix(quote)?;
    match unqote(raw, quote)? {
        (c, l) if l == raw.len() => c.chars().next(),
        _ => None,
    }
}

pub fn unquote_str(s: &str) -> Option<String> {
    let quote = s.chars().next()?;
    let raw = s.strip_prefix(quote)?.strip_suffix(quote)?;
    if quote == '`' {
        // As Go: a raw string is taken as written, without carriage returns.
        return Some(raw.replace('\r', ""));
    }
    let mut r = String::new();
    let mut i = 0;
    while i < raw.len() {
        let (c, len) = unqote(&raw[i..], quote)?;
        r += &c;
        i += len;
    }
    Some(r)
}

/// The first character or escape of `raw` and its length in bytes.
fn unqote(raw: &str, quote: char) -> Option<(String, usize)> {
    let Some(rest) = raw.strip_prefix('\\') else {
        return get_char(raw);
    };
    let simple = |c: char| Some((c.to_string(), 2));
    match rest.chars().next()? {
        'x' => extract_bytes_x(raw),
        'U' => extract_hex_char(raw, 8),
        'u' => extract_hex_char(raw, 4),
        '0'..='7' => extract_octal(raw),
        'a' => simple('\u{0007}'),
        'b' => simple('\u{0008}'),
        'f' => simple('\u{000C}'),
        'n' => simple('\n'),
        'r' => simple('\r'),
        't' => simple('\t'),
        'v' => simple('\u{000B}'),
        '\\' => simple('\\'),
        c @ ('\'' | '"') if c == quote => simple(c),
        _ => None,
    }
}

fn get_char(s: &str) -> Option<(String, usize)> {
    s.chars().next().map(|c| (c.to_string(), c.len_utf8()))
}

/// `\u` with 4 or `\U` with 8 hex digits: one Unicode scalar value (Go refuses surrogates too).
fn extract_hex_char(s: &str, digits: usize) -> Option<(String, usize)> {
    let hex = s.get(2..2 + digits)?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(hex, 16)
        .ok()
        .and_then(char::from_u32)
        .map(|c| (c.to_string(), 2 + digits))
}

/// `\NNN`, three octal digits: a byte value, as a character when it is one (Go takes up to `\377`).
fn extract_octal(s: &str) -> Option<(String, usize)> {
    let oct = s.get(1..4)?;
    if !oct.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        return None;
    }
    let v = u32::from_str_radix(oct, 8).ok().filter(|v| *v <= 0o377)?;
    String::from_utf8(vec![v as u8])
        .ok()
        .map(|c| (c, 4))
}

/// A run of `\xNN` escapes: bytes, which must form UTF-8 (a Rust string cannot hold anything else).
fn extract_bytes_x(s: &str) -> Option<(String, usize)> {
    let mut bytes = vec![];
    let mut i = 0;
    while let Some(hex) = s[i..].strip_prefix("\\x").and_then(|r| r.get(..2)) {
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            break;
        }
        bytes.push(u8::from_str_radix(hex, 16).ok()?);
        i += 4;
    }
    if i == 0 {
        return None;
    }
    String::from_utf8(bytes).ok().map(|s| (s, i))
}

/// Returns
pub fn is_true(val: &Value) -> bool {
    match *val {
        Value::Bool(ref b) => *b,
        Value::String(ref s) => !s.is_empty(),
        Value::Array(ref a) => !a.is_empty(),
        Value::Object(ref o) => !o.is_empty(),
        Value::Map(ref m) => !m.is_empty(),
        Value::Function(_) => true,
        Value::NoValue | Value::Nil => false,
        // As Go: any zero number is false (upstream treated every non-u64, 0.0 included, as true).
        Value::Number(ref n) => n
            .as_u64()
            .map(|u| u != 0)
            .or_else(|| n.as_i64().map(|i| i != 0))
            .or_else(|| n.as_f64().map(|f| f != 0.0))
            .unwrap_or(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_unquote_char() {
        let s = "'→'";
        let c = unquote_char(s, '\'');
        assert_eq!(c, Some('→'));
        let s = "'→←'";
        let c = unquote_char(s, '\'');
        assert_eq!(c, None);
        let s = r"'\xf0\x9f\x92\xa9'";
        let c = unquote_char(s, '\'');
        assert_eq!(c, Some('💩'));
        let s = r"'\xf0\x9f\x92\xa'";
        let c = unquote_char(s, '\'');
        assert_eq!(c, None);
        let s = r"'\xf0\x9f\x92\xa99'";
        let c = unquote_char(s, '\'');
        assert_eq!(c, None);
        let s = r"'\u263a'";
        let c = unquote_char(s, '\'');
        assert_eq!(c, Some('☺'));
        // As Go: surrogate halves are not characters, not even in pairs.
        let s = r"'\uD83D\uDCA9'";
        let c = unquote_char(s, '\'');
        assert_eq!(c, None);
        let s = r"'\uD83\uDCA9'";
        let c = unquote_char(s, '\'');
        assert_eq!(c, None);
        let s = r"'\uD83D\uDCA9B'";
        let c = unquote_char(s, '\'');
        assert_eq!(c, None);
        let s = r"'\U0001F4A9'";
        let c = unquote_char(s, '\'');
        assert_eq!(c, Some('💩'));
        let s = r"'\U0001F4A'";
        let c = unquote_char(s, '\'');
        assert_eq!(c, None);
        let s = r"'\U0001F4A99'";
        let c = unquote_char(s, '\'');
        assert_eq!(c, None);
    }

    #[test]
    fn test_unquote_str() {
        let s = r#""Fran & Freddie's Diner""#;
        let u = unquote_str(s);
        assert_eq!(u, Some("Fran & Freddie's Diner".to_owned()));
        let s = r#""Fran & Freddie's Diner\t\u263a""#;
        let u = unquote_str(s);
        assert_eq!(u, Some("Fran & Freddie's Diner\t☺".to_owned()));
    }

    #[test]
    fn test_is_true() {
        let t = Value::from(1i8);
        assert!(is_true(&t));
        let t = Value::from(0u32);
        assert!(!is_true(&t));
        let t = Value::from(0.0f64);
        assert!(!is_true(&t));
        let t = Value::from(-1i64);
        assert!(is_true(&t));
    }
}
