//! The CLI's `-o/--output` formats, rendered in Rust: the default text, `json`, `json-path` and
//! `go-template` / `go-template-file`.
//!
//! Where Keymint can differ from the Atlas CLI (also in docs/architecture.md):
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
//! - JSONPath expressions and templates are untrusted: both are refused above
//!   [`super::bounds::EXPRESSION_MAX_BYTES`] or [`super::bounds::EXPRESSION_MAX_NESTING`] levels of
//!   brackets before a recursive parser sees them.
//! - Templates are untrusted: [`go_template`] bounds their size, nesting and output, so no template
//!   can hang or kill the page.

use serde::{Deserialize, Serialize};

use super::go_template::{self, TemplateError, OUTPUT_MAX_BYTES};
use super::response::ApiKeyUserDetails;
use super::text::clip;

/// Deepest nesting of brackets in a JSONPath expression: the parser's time doubles with each level
/// (found by fuzzing: 24 unclosed `[?` took over 10 s).
pub const JSON_PATH_MAX_NESTING: usize = 6;

/// An output format, as `-o` names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum OutputError {
    /// The JSONPath expression does not parse.
    JsonPathSyntax { message: String },
    /// The JSONPath expression is too long or too deeply nested to be parsed at all.
    JsonPathRefused { why: String },
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
            OutputError::JsonPathRefused { why } => {
                format!("Keymint will not run this JSONPath expression: {why}")
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

impl From<TemplateError> for OutputError {
    fn from(e: TemplateError) -> Self {
        match e {
            TemplateError::Failed { message } => OutputError::Template { message },
            TemplateError::Refused { why } => OutputError::TemplateRefused { why },
            TemplateError::OutputTooLarge => OutputError::OutputTooLarge,
        }
    }
}

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
                clip(other, 40)
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
            clip(name, 40)
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

/// True for the formats a profile's default may run as soon as a key is shown (the CLI's text and
/// JSON). A JSONPath or a template from a profile or CLI file runs only once the user chooses it.
pub fn runs_without_asking(format: &OutputFormat) -> bool {
    matches!(format, OutputFormat::Default | OutputFormat::Json)
}

/// Renders the created key in a format, with the engines of the on-demand module
/// ([`super::ondemand`]) where the format needs one.
pub fn render(format: &OutputFormat, key: &ApiKeyUserDetails) -> Result<String, OutputError> {
    match format {
        OutputFormat::Default => Ok(default_text(key)),
        OutputFormat::Json => Ok(json(key)),
        OutputFormat::JsonPath(expr) => json_path(expr, key),
        OutputFormat::GoTemplate(t) | OutputFormat::GoTemplateFile { text: t, .. } => {
            go_template::render(t, key).map_err(OutputError::from)
        }
    }
}

/// Renders the formats the page renders itself (the CLI's text and JSON); `None` for those that need
/// an engine of the on-demand module (JSONPath, Go templates), which the page then asks for.
pub fn render_on_page(format: &OutputFormat, key: &ApiKeyUserDetails) -> Option<String> {
    match format {
        OutputFormat::Default => Some(default_text(key)),
        OutputFormat::Json => Some(json(key)),
        OutputFormat::JsonPath(_)
        | OutputFormat::GoTemplate(_)
        | OutputFormat::GoTemplateFile { .. } => None,
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
    super::bounds::check_expression(expr)
        .map_err(|e| OutputError::JsonPathRefused { why: e.why() })?;
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
