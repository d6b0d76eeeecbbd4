//! `-o go-template` / `go-template-file`: the key as the CLI's Go struct, run through `gtmpl` (a
//! port of Go's `text/template`, vendored with fixes in vendor/gtmpl) inside a sandbox. Templates
//! are untrusted: at most [`TEMPLATE_MAX_BYTES`] of template nested at most
//! [`super::bounds::EXPRESSION_MAX_NESTING`] deep, [`OUTPUT_MAX_BYTES`] of output and
//! [`RANGE_MAX_NESTING`] nested `range`s; malformed actions and named templates are refused before
//! gtmpl sees them, so no template can hang or kill the page.

use super::response::ApiKeyUserDetails;
use gtmpl::Value;
use std::collections::HashMap;

/// Largest template accepted.
pub const TEMPLATE_MAX_BYTES: usize = super::bounds::EXPRESSION_MAX_BYTES;
/// Largest output produced.
pub const OUTPUT_MAX_BYTES: usize = 64 * 1024;
/// Deepest nesting of `range` actions.
pub const RANGE_MAX_NESTING: usize = 3;
/// Deepest nesting of block actions (`if`, `with`, `range`).
pub const BLOCK_MAX_NESTING: usize = super::bounds::EXPRESSION_MAX_NESTING;

/// Why a template was not run or failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// The template does not parse or fails while running.
    Failed { message: String },
    /// The template uses something Keymint refuses to run.
    Refused { why: String },
    /// The output grew past the limit.
    OutputTooLarge,
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
        ("Id".to_string(), s(key.id.as_str())),
        ("Links".to_string(), Value::Array(links)),
        ("PrivateKey".to_string(), s(&key.private_key)),
        ("PublicKey".to_string(), s(&key.public_key)),
        ("Roles".to_string(), Value::Array(roles)),
    ]))
}

/// Splits a template into its actions, quote-aware, and checks their lexical shape. gtmpl's lexer hangs
/// or panics on some malformed actions (an unclosed action or string, a bad character constant), so
/// anything that is not well formed is refused here with a line number, before gtmpl sees it.
fn actions(t: &str) -> Result<Vec<&str>, TemplateError> {
    let line_of = |at: usize| t[..at].matches('\n').count() + 1;
    let bad = |at: usize, what: &str| TemplateError::Failed {
        message: format!("line {}: {what}", line_of(at)),
    };
    let bytes = t.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    // Every loop below moves forward through `t`, so none needs more than t.len() + 1 rounds; the
    // rounds are counted anyway, so a wrong step fails fast instead of hanging.
    let rounds = t.len() + 1;
    for _ in 0..rounds {
        let Some(open) = t.get(i..).and_then(|rest| rest.find("{{")).map(|o| o + i) else {
            return Ok(out);
        };
        let body_start = open + 2;
        let mut j = body_start;
        let mut close = None;
        for _ in 0..rounds {
            if j >= bytes.len() {
                return Err(bad(open, "unclosed action"));
            }
            match bytes[j] {
                b'}' if bytes.get(j + 1) == Some(&b'}') => {
                    close = Some(j);
                    break;
                }
                b'"' => {
                    j += 1;
                    for _ in 0..rounds {
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
                b'`' => {
                    // The raw string's text, up to its closing backquote.
                    let rest = &t[j + 1..];
                    let Some(len) = rest.find('`') else {
                        return Err(bad(open, "unterminated raw string"));
                    };
                    let text = &rest[..len];
                    // gtmpl reads escapes inside raw strings (Go does not) and panics on some.
                    if text.contains('\\') {
                        return Err(bad(
                            open,
                            "a backslash inside a raw string is not supported",
                        ));
                    }
                    j += text.len() + 2;
                }
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
        }
        let Some(close) = close else {
            return Err(bad(open, "unclosed action"));
        };
        out.push(&t[body_start..close]);
        i = close + 2;
    }
    Err(bad(i.min(t.len()), "unclosed action"))
}

/// Checks what gtmpl itself does not bound: size, lexical shape, recursion through named templates,
/// nested ranges.
fn vet_template(t: &str) -> Result<(), TemplateError> {
    super::bounds::check_expression(t).map_err(|e| TemplateError::Refused { why: e.why() })?;
    let mut stack: Vec<bool> = Vec::new(); // true = a range block
    for action in actions(t)? {
        let action = action.trim_start_matches('-').trim_end_matches('-').trim();
        let word = action
            .split(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("");
        match word {
            "define" | "template" | "block" => {
                return Err(TemplateError::Refused {
                    why: format!(
                        "\"{word}\" (named templates) is not supported; write the template inline"
                    ),
                })
            }
            "range" => {
                stack.push(true);
                if stack.iter().filter(|r| **r).count() > RANGE_MAX_NESTING {
                    return Err(TemplateError::Refused {
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
        if stack.len() > BLOCK_MAX_NESTING {
            return Err(TemplateError::Refused {
                why: format!("more than {BLOCK_MAX_NESTING} nested if, with or range actions"),
            });
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

/// Runs a Go template on the key, within the limits above.
pub fn render(text: &str, key: &ApiKeyUserDetails) -> Result<String, TemplateError> {
    vet_template(text)?;
    let mut tmpl = gtmpl::Template::default();
    // gtmpl lacks Go's `html` and `js`, and its `urlquery` does not escape as Go's url.QueryEscape does.
    tmpl.add_funcs(&[
        ("html", go_html as gtmpl::Func),
        ("js", go_js as gtmpl::Func),
        ("urlquery", go_urlquery as gtmpl::Func),
    ]);
    tmpl.parse(text).map_err(|e| TemplateError::Failed {
        message: e.to_string(),
    })?;
    let ctx = gtmpl::Context::from(template_data(key));
    let mut out = Bounded {
        buf: Vec::new(),
        overflowed: false,
    };
    match tmpl.execute(&mut out, &ctx) {
        Ok(()) => Ok(String::from_utf8_lossy(&out.buf).into_owned()),
        Err(_) if out.overflowed => Err(TemplateError::OutputTooLarge),
        Err(e) => Err(TemplateError::Failed {
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
            // As Go: every ASCII control character but DEL, and past ASCII what unicode.IsPrint
            // refuses: control characters and spaces (format characters such as U+00AD too, which
            // Rust cannot name: those pass).
            c if c < ' ' || (!c.is_ascii() && (c.is_control() || c.is_whitespace())) => {
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
