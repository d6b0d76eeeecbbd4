//! The CLI's `-o/--output` formats, rendered in Rust: the default text, `json`, `json-path` and
//! `go-template` / `go-template-file`.
//!
//! Where Keymint can differ from the Atlas CLI (also in README.md):
//! - `json-path` uses RFC 9535 (the `serde_json_path` crate); the CLI uses PaesslerAG/jsonpath. Both print
//!   the selection as JSON. A singular path (no wildcard, slice, filter, union or `..`) prints the bare
//!   value, as PaesslerAG does; any other path prints the list of matches (PaesslerAG does the same for
//!   wildcards, but its filter syntax is not RFC 9535's).
//! - `go-template` uses the `gtmpl` crate, a port of Go's `text/template`. Go prints a nil pointer field
//!   (e.g. `.GroupId` of the ORG_MEMBER role) as `<nil>`; gtmpl prints `nil`. `define`, `template` and
//!   `block` are refused: gtmpl allows 100,000 levels of recursion, which would overflow the wasm stack.
//!   Keymint's copy of gtmpl (vendor/gtmpl) runs `{{range}}…{{else}}` and printf's `0` flag as Go does.
//!   Malformed actions, `\x`/`\u` escapes and backslashes in raw strings are refused before gtmpl sees
//!   them: its lexer hangs or panics on some of them (found by fuzzing, see tests/core_output.rs).
//!   The CLI's struct has pointer fields, so Go's `printf`, `print` and `eq` see pointers (printing
//!   addresses or failing); Keymint sees the values. tests/go-parity/known-differences.txt lists each case.
//! - Templates are untrusted: at most [`TEMPLATE_MAX_BYTES`] of template, [`OUTPUT_MAX_BYTES`] of
//!   output and [`RANGE_MAX_NESTING`] nested `range`s, so no template can hang or kill the page.

use super::response::ApiKeyUserDetails;
use gtmpl::Value;
use std::collections::HashMap;

/// Largest template accepted.
pub const TEMPLATE_MAX_BYTES: usize = 16 * 1024;
/// Largest output produced.
pub const OUTPUT_MAX_BYTES: usize = 64 * 1024;
/// Deepest nesting of `range` actions.
pub const RANGE_MAX_NESTING: usize = 3;

/// Deepest nesting of brackets in a JSONPath expression: the parser's time doubles with each level
/// (found by fuzzing: 24 unclosed `[?` took over 10 s).
pub const JSON_PATH_MAX_NESTING: usize = 6;

/// An output format, as `-o` names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputFormat {
    /// The CLI's default text.
    Default,
    /// The API response as indented JSON.
    Json,
    /// A JSONPath expression.
    JsonPath(String),
    /// A Go template given inline.
    GoTemplate(String),
    /// A Go template read from a file the user picked.
    GoTemplateFile { name: String, text: String },
}

/// Why a format could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputError {
    /// The JSONPath expression does not parse.
    JsonPathSyntax { message: String },
    /// A singular JSONPath selected nothing.
    JsonPathNoMatch { expr: String },
    /// The template does not parse or fails while running.
    Template { message: String },
    /// The template uses something Keymint refuses to run.
    TemplateRefused { why: String },
    /// The output grew past the limit.
    OutputTooLarge,
}

impl OutputError {
    /// A sentence for the page.
    pub fn message(&self) -> String {
        match self {
            OutputError::JsonPathSyntax { message } => {
                format!("The JSONPath expression is not valid: {message}")
            }
            OutputError::JsonPathNoMatch { expr } => {
                format!("The JSONPath expression {expr} selects nothing in the response.")
            }
            OutputError::Template { message } => format!("The Go template failed: {message}"),
            OutputError::TemplateRefused { why } => {
                format!("Keymint will not run this template: {why}")
            }
            OutputError::OutputTooLarge => format!(
                "The output is larger than {} KiB; Keymint stopped it.",
                OUTPUT_MAX_BYTES / 1024
            ),
        }
    }
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for OutputError {}

/// Reads an `-o` value as the CLI does. A bare `json-path`/`go-template`, or an unknown value, falls back
/// to the default text (as the CLI does silently); Keymint returns a notice saying so.
pub fn parse_output_flag(s: &str) -> (OutputFormat, Option<String>) {
    let s = s.trim();
    let fallback = |why: String| (OutputFormat::Default, Some(why));
    match s.split_once('=') {
        None => match s {
            "" => (OutputFormat::Default, None),
            "json" => (OutputFormat::Json, None),
            "json-path" | "go-template" | "go-template-file" => {
                fallback(format!("\"{s}\" needs a value (e.g. {s}=…); showing the default text, as the Atlas CLI does."))
            }
            other => fallback(format!(
                "\"{}\" is not an output format (json, json-path=…, go-template=…, go-template-file=…); showing the default text, as the Atlas CLI does.",
                other.chars().take(40).collect::<String>()
            )),
        },
        Some(("json-path", expr)) if !expr.is_empty() => (OutputFormat::JsonPath(expr.to_string()), None),
        Some(("go-template", t)) if !t.is_empty() => (OutputFormat::GoTemplate(t.to_string()), None),
        Some(("go-template-file", path)) if !path.is_empty() => (
            OutputFormat::GoTemplateFile { name: path.to_string(), text: String::new() },
            Some("A go-template-file is read from the file you pick below.".to_string()),
        ),
        Some((name, _)) => fallback(format!(
            "\"{}\" is not an output format with a value; showing the default text, as the Atlas CLI does.",
            name.chars().take(40).collect::<String>()
        )),
    }
}

/// The `-o` name and argument of a format (the inverse of [`parse_output_flag`]; a file's text is not an argument).
pub fn flag_parts(format: &OutputFormat) -> (&'static str, String) {
    match format {
        OutputFormat::Default => ("default", String::new()),
        OutputFormat::Json => ("json", String::new()),
        OutputFormat::JsonPath(e) => ("json-path", e.clone()),
        OutputFormat::GoTemplate(t) => ("go-template", t.clone()),
        OutputFormat::GoTemplateFile { .. } => ("go-template-file", String::new()),
    }
}

/// Renders the created key in a format.
pub fn render(format: &OutputFormat, key: &ApiKeyUserDetails) -> Result<String, OutputError> {
    match format {
        OutputFormat::Default => Ok(default_text(key)),
        OutputFormat::Json => Ok(json(key)),
        OutputFormat::JsonPath(expr) => json_path(expr, key),
        OutputFormat::GoTemplate(t) | OutputFormat::GoTemplateFile { text: t, .. } => {
            go_template(t, key)
        }
    }
}

/// The CLI's default text for `atlas projects apiKeys create`.
pub fn default_text(key: &ApiKeyUserDetails) -> String {
    format!(
        "API Key '{}' created.\nPublic API Key {}\nPrivate API Key {}\n",
        key.id, key.public_key, key.private_key
    )
}

/// JSON as Go's encoder writes it: two-space indent, `<`, `>`, `&`, U+2028 and U+2029 escaped, newline.
pub fn json(key: &ApiKeyUserDetails) -> String {
    let pretty = serde_json::to_string_pretty(key).unwrap_or_default();
    let mut out = go_html_escape(&pretty);
    out.push('\n');
    out
}

fn go_html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

fn is_singular(expr: &str) -> bool {
    !(expr.contains('*')
        || expr.contains("..")
        || expr.contains('?')
        || expr.contains(':')
        || expr.contains(','))
}

/// Refuses, before parsing, an expression whose brackets nest deeper than [`JSON_PATH_MAX_NESTING`],
/// and one ending inside a string or a `\u` escape (serde_json_path panics on those: found by fuzzing).
fn vet_json_path(expr: &str) -> Result<(), OutputError> {
    let bad = |why: String| Err(OutputError::JsonPathSyntax { message: why });
    let (mut depth, mut quote) = (0usize, None);
    let mut chars = expr.char_indices();
    while let Some((_, c)) = chars.next() {
        match (quote, c) {
            (Some(_), '\\') => match chars.next() {
                Some((u, 'u')) => {
                    let hex = expr.get(u + 1..u + 5);
                    if !hex.is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit())) {
                        return bad("a \\u escape needs four hex digits".to_string());
                    }
                }
                Some(_) => {}
                None => break,
            },
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '[') => depth += 1,
            (None, ']') => depth = depth.saturating_sub(1),
            (None, _) => {}
        }
        if depth > JSON_PATH_MAX_NESTING {
            return bad(format!(
                "brackets nest more than {JSON_PATH_MAX_NESTING} levels deep"
            ));
        }
    }
    if quote.is_some() {
        return bad("a string is not closed".to_string());
    }
    Ok(())
}

fn json_path(expr: &str, key: &ApiKeyUserDetails) -> Result<String, OutputError> {
    vet_json_path(expr)?;
    let path = serde_json_path::JsonPath::parse(expr).map_err(|e| OutputError::JsonPathSyntax {
        message: e.to_string(),
    })?;
    let value = serde_json::to_value(key).unwrap_or_default();
    let nodes = path.query(&value).all();
    let selected = if is_singular(expr) {
        match nodes.first() {
            Some(v) => (*v).clone(),
            None => {
                return Err(OutputError::JsonPathNoMatch {
                    expr: expr.to_string(),
                })
            }
        }
    } else {
        serde_json::Value::Array(nodes.into_iter().cloned().collect())
    };
    let mut out = go_html_escape(&serde_json::to_string(&selected).unwrap_or_default());
    out.push('\n');
    Ok(out)
}

/// The key as the CLI's Go struct: exported field names; absent optional fields are nil pointers.
fn template_data(key: &ApiKeyUserDetails) -> Value {
    let s = |v: &str| Value::String(v.to_string());
    let opt = |v: &Option<String>| v.as_deref().map(s).unwrap_or(Value::Nil);
    let roles = key
        .roles
        .iter()
        .map(|r| {
            Value::Object(HashMap::from([
                ("GroupId".to_string(), opt(&r.group_id)),
                ("OrgId".to_string(), opt(&r.org_id)),
                ("RoleName".to_string(), s(&r.role_name)),
            ]))
        })
        .collect();
    let links = key
        .links
        .iter()
        .map(|l| {
            Value::Object(HashMap::from([
                ("Href".to_string(), s(&l.href)),
                ("Rel".to_string(), s(&l.rel)),
            ]))
        })
        .collect();
    Value::Object(HashMap::from([
        ("Desc".to_string(), s(&key.desc)),
        ("Id".to_string(), s(&key.id)),
        ("Links".to_string(), Value::Array(links)),
        ("PrivateKey".to_string(), s(&key.private_key)),
        ("PublicKey".to_string(), s(&key.public_key)),
        ("Roles".to_string(), Value::Array(roles)),
    ]))
}

/// Splits a template into its actions, quote-aware, and checks their lexical shape. gtmpl's lexer hangs
/// or panics on some malformed actions (an unclosed action or string, a bad character constant), so
/// anything that is not well formed is refused here with a line number, before gtmpl sees it.
fn actions(t: &str) -> Result<Vec<&str>, OutputError> {
    let line_of = |at: usize| t[..at].matches('\n').count() + 1;
    let bad = |at: usize, what: &str| OutputError::Template {
        message: format!("line {}: {what}", line_of(at)),
    };
    let bytes = t.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(open) = t[i..].find("{{").map(|o| o + i) {
        let body_start = open + 2;
        let mut j = body_start;
        let close = loop {
            if j >= bytes.len() {
                return Err(bad(open, "unclosed action"));
            }
            match bytes[j] {
                b'}' if bytes.get(j + 1) == Some(&b'}') => break j,
                b'"' => {
                    j += 1;
                    loop {
                        match bytes.get(j) {
                            None | Some(b'\n') => {
                                return Err(bad(open, "unterminated quoted string"))
                            }
                            Some(b'\\') => match bytes.get(j + 1) {
                                Some(c) if b"abfnrtv\\\"'".contains(c) => j += 2,
                                _ => return Err(bad(open, "unknown escape in a quoted string")),
                            },
                            Some(b'"') => break,
                            Some(_) => j += 1,
                        }
                    }
                    j += 1;
                }
                b'`' => match t[j + 1..].find('`') {
                    // gtmpl reads escapes inside raw strings (Go does not) and panics on some.
                    Some(e) if t[j + 1..j + 1 + e].contains('\\') => {
                        return Err(bad(
                            open,
                            "a backslash inside a raw string is not supported",
                        ))
                    }
                    Some(e) => j = j + 1 + e + 1,
                    None => return Err(bad(open, "unterminated raw string")),
                },
                b'\'' => {
                    // A character constant: one character, or a simple escape.
                    let rest = &t[j + 1..];
                    let mut cs = rest.chars();
                    let len = match (cs.next(), cs.next(), cs.next()) {
                        (Some('\\'), Some(e), Some('\'')) if "abfnrtv\\'\"".contains(e) => {
                            1 + e.len_utf8() + 1
                        }
                        (Some(c), Some('\''), _) if c != '\\' && c != '\'' && c != '\n' => {
                            c.len_utf8() + 1
                        }
                        _ => return Err(bad(open, "malformed character constant")),
                    };
                    j += 1 + len;
                }
                b'/' if bytes.get(j + 1) == Some(&b'*') => match t[j + 2..].find("*/") {
                    Some(e) => j = j + 2 + e + 2,
                    None => return Err(bad(open, "unclosed comment")),
                },
                _ => j += 1,
            }
        };
        out.push(&t[body_start..close]);
        i = close + 2;
    }
    Ok(out)
}

/// Checks what gtmpl itself does not bound: size, lexical shape, recursion through named templates,
/// nested ranges.
fn vet_template(t: &str) -> Result<(), OutputError> {
    if t.len() > TEMPLATE_MAX_BYTES {
        return Err(OutputError::TemplateRefused {
            why: format!("it is larger than {} KiB", TEMPLATE_MAX_BYTES / 1024),
        });
    }
    let mut stack: Vec<bool> = Vec::new(); // true = a range block
    for action in actions(t)? {
        let action = action.trim_start_matches('-').trim_end_matches('-').trim();
        let word = action
            .split(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("");
        match word {
            "define" | "template" | "block" => {
                return Err(OutputError::TemplateRefused {
                    why: format!(
                        "\"{word}\" (named templates) is not supported; write the template inline"
                    ),
                })
            }
            "range" => {
                stack.push(true);
                if stack.iter().filter(|r| **r).count() > RANGE_MAX_NESTING {
                    return Err(OutputError::TemplateRefused {
                        why: format!("more than {RANGE_MAX_NESTING} nested range actions"),
                    });
                }
            }
            "if" | "with" => stack.push(false),
            "end" => {
                stack.pop();
            }
            _ => {}
        }
    }
    Ok(())
}

/// A writer that refuses to grow past the output limit.
struct Bounded {
    buf: Vec<u8>,
    overflowed: bool,
}

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.buf.len() + buf.len() > OUTPUT_MAX_BYTES {
            self.overflowed = true;
            return Err(std::io::Error::other("output limit"));
        }
        self.buf.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn go_template(text: &str, key: &ApiKeyUserDetails) -> Result<String, OutputError> {
    vet_template(text)?;
    let mut tmpl = gtmpl::Template::default();
    // gtmpl lacks Go's `html` and `js`, and its `urlquery` does not escape as Go's url.QueryEscape does.
    tmpl.add_funcs(&[
        ("html", go_html as gtmpl::Func),
        ("js", go_js as gtmpl::Func),
        ("urlquery", go_urlquery as gtmpl::Func),
    ]);
    tmpl.parse(text).map_err(|e| OutputError::Template {
        message: e.to_string(),
    })?;
    let ctx = gtmpl::Context::from(template_data(key));
    let mut out = Bounded {
        buf: Vec::new(),
        overflowed: false,
    };
    match tmpl.execute(&mut out, &ctx) {
        Ok(()) => Ok(String::from_utf8_lossy(&out.buf).into_owned()),
        Err(_) if out.overflowed => Err(OutputError::OutputTooLarge),
        Err(e) => Err(OutputError::Template {
            message: e.to_string(),
        }),
    }
}

/// Go's `fmt.Sprint` of the arguments, as `html`, `js` and `urlquery` take them.
fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        let is_str = matches!(a, Value::String(_));
        if i > 0 && !is_str && !matches!(args[i - 1], Value::String(_)) {
            out.push(' ');
        }
        out.push_str(&a.to_string());
    }
    out
}

/// Go's `template.HTMLEscapeString`.
fn go_html(args: &[Value]) -> Result<Value, gtmpl::FuncError> {
    let mut out = String::new();
    for c in sprint(args).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&#39;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&#34;"),
            '\0' => out.push('\u{FFFD}'),
            _ => out.push(c),
        }
    }
    Ok(Value::String(out))
}

/// Go's `template.JSEscapeString`.
fn go_js(args: &[Value]) -> Result<Value, gtmpl::FuncError> {
    let mut out = String::new();
    for c in sprint(args).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            c if (c as u32) < 0x20 || c.is_control() => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    Ok(Value::String(out))
}

/// Go's `url.QueryEscape`.
fn go_urlquery(args: &[Value]) -> Result<Value, gtmpl::FuncError> {
    let mut out = String::new();
    for b in sprint(args).bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    Ok(Value::String(out))
}
