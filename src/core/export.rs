//! Files made from a created key for the tools that consume it, each read as-is by that tool: the full
//! JSON record, a `.env` for the Atlas CLI and Terraform, an Atlas CLI profile (`config.toml` table), a
//! Kubernetes Secret for the Atlas Kubernetes Operator, and the equivalent command lines.
//! Pure functions: the browser only wraps the content in a Blob.

use super::environment::Environment;
use super::expiry::{read_stamp, unstamped, Day, ExpiryChoice};
use super::ids::ProjectId;
use super::output::{flag_parts, OutputFormat};
use super::request::{CreateApiKeyRequest, RequestDraft};
use super::response::ApiKeyUserDetails;
use super::roles;
use super::target::{self, shell_quote};

/// One file to download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    /// The suggested file name (never contains a secret).
    pub file_name: String,
    /// Its MIME type.
    pub mime: &'static str,
    /// Its content.
    pub content: String,
}

/// What every export is made from.
#[derive(Debug, Clone, Copy)]
pub struct ExportContext<'a> {
    /// The created key, private key included.
    pub key: &'a ApiKeyUserDetails,
    /// The project it was created in.
    pub project_id: &'a ProjectId,
    /// Where it was created.
    pub environment: &'a Environment,
    /// When, RFC 3339 (the core has no clock).
    pub created: &'a str,
}

fn file_safe(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .take(32)
        .collect()
}

/// A DNS-1123-safe slug of the description: lower-case letters, digits and single dashes, at most 40.
/// The exports name a profile or a Secret from the description as typed, without its expiry stamp.
pub fn slug(desc: &str) -> String {
    let mut out = String::new();
    for c in desc.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "key".to_string()
    } else {
        out
    }
}

/// The key's organization as the files write it: empty when Atlas did not say which it is.
fn org_id(ctx: &ExportContext) -> String {
    ctx.key
        .org_id()
        .map(|org| org.as_str().to_string())
        .unwrap_or_default()
}

/// `keymint-<publicKey>-expires.ics`: a calendar reminder (RFC 5545) for the key's expiry, read
/// from the stamp in its description: an all-day event on that day, with an alarm a week before,
/// naming the public key, the project and where the key lives. No secret. `None` for a key without
/// an expiry.
pub fn calendar_reminder(ctx: &ExportContext) -> Option<ExportFile> {
    let day = read_stamp(&ctx.key.desc)?;
    let public = &ctx.key.public_key;
    let project = ctx.project_id.as_str();
    let compact = |d: Day| d.to_string().replace('-', "");
    // DTSTAMP from the creation time: "2026-12-04T10:00:00.000Z" -> "20261204T100000Z".
    let stamp_time: String = ctx
        .created
        .chars()
        .filter(char::is_ascii_digit)
        .take(14)
        .collect();
    let dtstamp = if stamp_time.len() == 14 {
        format!("{}T{}Z", &stamp_time[..8], &stamp_time[8..])
    } else {
        format!("{}T000000Z", compact(day))
    };
    let summary = format!("Atlas API key {public} expires");
    let description = format!(
        "The Atlas API key {public} ({}) of project {project} on {} reaches its expiry on {day}. Rotate it or delete it: Keymint's Project keys lists it.",
        ctx.key.desc,
        ctx.environment.label()
    );
    let lines = [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Keymint//Atlas API key expiry//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "BEGIN:VEVENT".to_string(),
        format!(
            "UID:keymint-{}-{}@keymint.invalid",
            file_safe(public),
            compact(day)
        ),
        format!("DTSTAMP:{dtstamp}"),
        format!("DTSTART;VALUE=DATE:{}", compact(day)),
        format!("DTEND;VALUE=DATE:{}", compact(day.plus_days(1))),
        format!("SUMMARY:{}", ics_text(&summary)),
        format!("DESCRIPTION:{}", ics_text(&description)),
        "TRANSP:TRANSPARENT".to_string(),
        "BEGIN:VALARM".to_string(),
        "ACTION:DISPLAY".to_string(),
        "TRIGGER:-P7D".to_string(),
        format!("DESCRIPTION:{}", ics_text(&format!("{summary} in a week"))),
        "END:VALARM".to_string(),
        "END:VEVENT".to_string(),
        "END:VCALENDAR".to_string(),
    ];
    let content: String = lines.iter().map(|l| fold_ics(l) + "\r\n").collect();
    Some(ExportFile {
        file_name: format!("keymint-{}-expires.ics", file_safe(public)),
        mime: "text/calendar",
        content,
    })
}

/// RFC 5545 TEXT: backslash, semicolon, comma and newline escaped.
fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// RFC 5545 folding: lines longer than 75 octets continue on the next line after a space, never
/// inside a character.
fn fold_ics(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out
}

/// `keymint-<publicKey>.json`: the API response plus projectId, environment and created time.
pub fn json_file(ctx: &ExportContext) -> ExportFile {
    let mut value = serde_json::to_value(ctx.key).unwrap_or_default();
    if let Some(obj) = value.as_object_mut() {
        obj.insert("projectId".into(), ctx.project_id.as_str().into());
        obj.insert("environment".into(), ctx.environment.label().into());
        obj.insert("baseUrl".into(), ctx.environment.base_url().into());
        obj.insert("created".into(), ctx.created.into());
    }
    ExportFile {
        file_name: format!("keymint-{}.json", file_safe(&ctx.key.public_key)),
        mime: "application/json",
        content: serde_json::to_string_pretty(&value).unwrap_or_default() + "\n",
    }
}

/// A single-quoted shell/dotenv value; a `'` inside is written `'\''` (POSIX shell), which keys, IDs and
/// UUIDs never contain.
fn env_quote(v: &str) -> String {
    format!("'{}'", v.replace('\'', r"'\''").replace(['\n', '\r'], ""))
}

/// `.env` with the Atlas CLI's and Terraform's variable names.
pub fn dotenv(ctx: &ExportContext) -> ExportFile {
    let (public, private) = (&ctx.key.public_key, &ctx.key.private_key);
    let org = org_id(ctx);
    let lines = [
        format!(
            "# Atlas API key {} ({}), created {}",
            ctx.key.id,
            ctx.environment.label(),
            ctx.created
        ),
        "# Atlas CLI".to_string(),
        format!("MONGODB_ATLAS_PUBLIC_API_KEY={}", env_quote(public)),
        format!("MONGODB_ATLAS_PRIVATE_API_KEY={}", env_quote(private)),
        format!(
            "MONGODB_ATLAS_PROJECT_ID={}",
            env_quote(ctx.project_id.as_str())
        ),
        format!("MONGODB_ATLAS_ORG_ID={}", env_quote(&org)),
        "# Terraform provider".to_string(),
        format!("MONGODB_ATLAS_PUBLIC_KEY={}", env_quote(public)),
        format!("MONGODB_ATLAS_PRIVATE_KEY={}", env_quote(private)),
    ];
    ExportFile {
        file_name: format!("keymint-{}.env", file_safe(&ctx.key.public_key)),
        mime: "text/plain",
        content: lines.join("\n") + "\n",
    }
}

/// An Atlas CLI profile: one `[keymint-<slug>]` table to paste into `config.toml`, read by `atlas --profile`.
/// Written by hand (one table of strings, keys in order) rather than with the `toml` crate, whose
/// writer would cost the first load about 20 KB; tests read it back with that crate.
pub fn cli_profile(ctx: &ExportContext) -> ExportFile {
    let mut entries = vec![
        ("public_api_key", ctx.key.public_key.clone()),
        ("private_api_key", ctx.key.private_key.clone()),
        ("org_id", org_id(ctx)),
        ("project_id", ctx.project_id.as_str().to_string()),
        ("service", ctx.environment.cli_service().to_string()),
        ("output", "json".to_string()),
    ];
    if let Environment::Custom { base_url, .. } = ctx.environment {
        entries.push((
            "ops_manager_url",
            format!("{}/", base_url.trim_end_matches('/')),
        ));
    }
    entries.sort_by_key(|(k, _)| *k);
    // The slug is letters, digits and dashes: a bare TOML key.
    let mut content = format!("[keymint-{}]\n", slug(unstamped(&ctx.key.desc)));
    for (k, v) in entries {
        content.push_str(&format!("{k} = {}\n", toml_quote(&v)));
    }
    ExportFile {
        file_name: "config.toml".to_string(),
        mime: "application/toml",
        content,
    }
}

/// A TOML basic string: `"` and `\` escaped, control characters as `\uXXXX`.
fn toml_quote(v: &str) -> String {
    let mut out = String::from("\"");
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A YAML double-quoted scalar.
fn yaml_quote(v: &str) -> String {
    let mut out = String::from("\"");
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Kubernetes Secret the Atlas Kubernetes Operator reads as API credentials.
pub fn k8s_secret(ctx: &ExportContext) -> ExportFile {
    let name = format!("atlas-credentials-{}", slug(unstamped(&ctx.key.desc)));
    let content = format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {}\n  labels:\n    atlas.mongodb.com/type: \"credentials\"\ntype: Opaque\nstringData:\n  orgId: {}\n  publicApiKey: {}\n  privateApiKey: {}\n",
        yaml_quote(&name),
        yaml_quote(&org_id(ctx)),
        yaml_quote(&ctx.key.public_key),
        yaml_quote(&ctx.key.private_key)
    );
    ExportFile {
        file_name: format!("{name}.yaml"),
        mime: "application/yaml",
        content,
    }
}

/// The project roles the key was created with (Atlas adds ORG_MEMBER itself).
fn requested_roles(key: &ApiKeyUserDetails) -> Vec<String> {
    key.roles
        .iter()
        .filter(|r| r.group_id.is_some())
        .map(|r| r.role_name.clone())
        .collect()
}

/// `atlas projects apiKeys create …` for the same key with the chosen output format (`-o`), quoted so
/// any description or template survives the shell.
pub fn atlas_cli_command(
    key: &ApiKeyUserDetails,
    project_id: &ProjectId,
    output: &OutputFormat,
) -> String {
    let mut parts = vec![
        "atlas projects apiKeys create".to_string(),
        "--desc".into(),
        shell_quote(&key.desc),
    ];
    for r in requested_roles(key) {
        parts.push("--role".into());
        parts.push(shell_quote(&r));
    }
    parts.push("--projectId".into());
    parts.push(shell_quote(project_id.as_str()));
    let (name, arg) = flag_parts(output);
    match output {
        OutputFormat::Default => {}
        OutputFormat::Json => parts.push("-o json".into()),
        OutputFormat::JsonPath(_) | OutputFormat::GoTemplate(_) => {
            parts.push("-o".into());
            parts.push(shell_quote(&format!("{name}={arg}")));
        }
        OutputFormat::GoTemplateFile { name: file, .. } => {
            parts.push("-o".into());
            parts.push(shell_quote(&format!("{name}={file}")));
        }
    }
    parts.join(" ")
}

/// The `curl` command for the same request, signed as `auth` says, its secret masked.
pub fn curl_command(ctx: &ExportContext, auth: target::CurlAuth<'_>) -> Option<String> {
    let (known, custom): (Vec<String>, Vec<String>) = requested_roles(ctx.key)
        .into_iter()
        .partition(|r| roles::lookup(r).is_some());
    let draft = RequestDraft {
        desc: ctx.key.desc.clone(),
        project_id: ctx.project_id.as_str().to_string(),
        roles: known,
        custom_roles: custom,
        // The key's description already carries its stamp, if it has one.
        expiry: ExpiryChoice::Never,
    };
    let req = CreateApiKeyRequest::validate(&draft).ok()?;
    Some(target::curl_preview(
        &target::create_api_key(ctx.environment, &req),
        auth,
    ))
}
