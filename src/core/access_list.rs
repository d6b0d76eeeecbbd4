//! A key's access list: the "Access list entries" field (one IPv4/IPv6 address or CIDR block per
//! line) checked line by line, the request body, the equivalent Atlas CLI command, and the entries
//! Atlas answers with.

use super::answer::{read_json, Received};
use super::calls::{self, PageRequest};
use super::environment::Environment;
use super::error::{KeymintError, RequestSummary};
use super::ids::{ApiKeyId, OrgId};
use super::target::{shell_quote, HttpRequest};
use super::text::clip;
use serde::Deserialize;
use std::net::IpAddr;

/// One entry: a single address, or a block of addresses in CIDR notation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccessListEntry {
    /// Sent as `ipAddress`.
    Address(IpAddr),
    /// Sent as `cidrBlock`: the network address and the prefix length.
    Block { network: IpAddr, prefix: u8 },
}

impl AccessListEntry {
    /// As typed back to the user and sent: `203.0.113.10`, `203.0.113.0/24`, `2001:db8::/32`.
    pub fn text(&self) -> String {
        match self {
            AccessListEntry::Address(ip) => ip.to_string(),
            AccessListEntry::Block { network, prefix } => format!("{network}/{prefix}"),
        }
    }

    /// The block this entry covers (`a.b.c.d/32` for an address): two entries are the same when
    /// they cover the same block, which is how Atlas lists them (`cidrBlock` is always set).
    pub fn cidr_block(&self) -> String {
        match self {
            AccessListEntry::Address(ip) => format!("{ip}/{}", full_prefix(*ip)),
            AccessListEntry::Block { .. } => self.text(),
        }
    }
}

fn full_prefix(ip: IpAddr) -> u8 {
    if ip.is_ipv4() {
        32
    } else {
        128
    }
}

/// What is wrong with one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryErrorKind {
    /// Neither an IPv4 nor an IPv6 address (a host name, a typo, a range).
    NotAnAddress,
    /// The part after `/` is not a number.
    PrefixNotANumber,
    /// The prefix is longer than the address family allows (/32 for IPv4, /128 for IPv6).
    PrefixOutOfRange { prefix: u32, max: u8 },
    /// Bits set after the prefix: `10.1.2.3/24` where `10.1.2.0/24` was meant.
    HostBitsSet { network: String },
    /// More than one entry on the line.
    SeveralOnOneLine,
}

/// A line of the field that is not an entry; keeps the line number and the text (addresses are not
/// secrets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryError {
    /// 1-based line number in the field.
    pub line: usize,
    /// The line, trimmed, at most 60 characters.
    pub text: String,
    /// What is wrong.
    pub kind: EntryErrorKind,
}

impl EntryError {
    /// What is wrong, naming the line.
    pub fn message(&self) -> String {
        let what = match &self.kind {
            EntryErrorKind::NotAnAddress => {
                format!(
                    "\"{}\" is not an IPv4 or IPv6 address or CIDR block",
                    self.text
                )
            }
            EntryErrorKind::PrefixNotANumber => {
                format!(
                    "\"{}\": the part after / must be a prefix length",
                    self.text
                )
            }
            EntryErrorKind::PrefixOutOfRange { prefix, max } => format!(
                "\"{}\": /{prefix} is out of range; this address allows /0 to /{max}",
                self.text
            ),
            EntryErrorKind::HostBitsSet { network } => format!(
                "\"{}\" is not the start of its block (that is {network})",
                self.text
            ),
            EntryErrorKind::SeveralOnOneLine => {
                format!("\"{}\" holds more than one entry", self.text)
            }
        };
        format!("Line {}: {what}.", self.line)
    }

    /// How to fix it.
    pub fn next_step(&self) -> String {
        match &self.kind {
            EntryErrorKind::NotAnAddress => "Write one address (203.0.113.10, 2001:db8::10) or block \
                (203.0.113.0/24) per line; host names are not accepted."
                .to_string(),
            EntryErrorKind::PrefixNotANumber | EntryErrorKind::PrefixOutOfRange { .. } => {
                "Use a prefix from /0 to /32 for IPv4, /0 to /128 for IPv6, or drop the / for one address."
                    .to_string()
            }
            EntryErrorKind::HostBitsSet { network } => format!("Write {network} instead."),
            EntryErrorKind::SeveralOnOneLine => "Put each entry on its own line.".to_string(),
        }
    }
}

/// The entries of the field, deduplicated, in the order typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AccessListEntries {
    /// Each entry once.
    pub entries: Vec<AccessListEntry>,
    /// Lines that repeated an earlier entry (1-based), dropped.
    pub duplicate_lines: Vec<usize>,
}

/// The network address of `ip` with `prefix` bits kept.
fn network_of(ip: IpAddr, prefix: u8) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => {
            let mask = if prefix == 0 {
                0
            } else {
                u32::MAX << (32 - u32::from(prefix))
            };
            IpAddr::V4((u32::from(v4) & mask).into())
        }
        IpAddr::V6(v6) => {
            let mask = if prefix == 0 {
                0
            } else {
                u128::MAX << (128 - u32::from(prefix))
            };
            IpAddr::V6((u128::from(v6) & mask).into())
        }
    }
}

/// Checks one entry (no line number yet).
pub fn parse_entry(text: &str) -> Result<AccessListEntry, EntryErrorKind> {
    let t = text.trim();
    if t.split([' ', '\t', ',', ';'])
        .filter(|p| !p.is_empty())
        .count()
        > 1
    {
        return Err(EntryErrorKind::SeveralOnOneLine);
    }
    let (addr, prefix) = match t.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (t, None),
    };
    // Brackets and zone indexes are not addresses Atlas takes.
    let ip: IpAddr = addr.parse().map_err(|_| EntryErrorKind::NotAnAddress)?;
    let Some(p) = prefix else {
        return Ok(AccessListEntry::Address(ip));
    };
    // Digits only (Rust's parse would take "+8"); an empty or too long number fails to parse.
    if !p.chars().all(|c| c.is_ascii_digit()) {
        return Err(EntryErrorKind::PrefixNotANumber);
    }
    let max = full_prefix(ip);
    let n: u32 = p.parse().map_err(|_| EntryErrorKind::PrefixNotANumber)?;
    if n > u32::from(max) {
        return Err(EntryErrorKind::PrefixOutOfRange { prefix: n, max });
    }
    let n = n as u8;
    let network = network_of(ip, n);
    if network != ip {
        return Err(EntryErrorKind::HostBitsSet {
            network: format!("{network}/{n}"),
        });
    }
    Ok(AccessListEntry::Block { network, prefix: n })
}

/// Checks the field: one entry per line, blank lines ignored, repeats dropped (an address and its
/// /32 or /128 block are the same entry). Every bad line is reported, in order.
pub fn parse_entries(text: &str) -> Result<AccessListEntries, Vec<EntryError>> {
    let mut out = AccessListEntries::default();
    let mut errors = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        match parse_entry(line) {
            Ok(e) => {
                let key = e.cidr_block();
                if seen.contains(&key) {
                    out.duplicate_lines.push(i + 1);
                } else {
                    seen.push(key);
                    out.entries.push(e);
                }
            }
            Err(kind) => errors.push(EntryError {
                line: i + 1,
                text: clip(line, 60),
                kind,
            }),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The JSON body: `[{"ipAddress":"…"},{"cidrBlock":"…"}]` (`UserAccessListRequest` items).
pub fn request_body(entries: &[AccessListEntry]) -> String {
    let items: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| match e {
            AccessListEntry::Address(ip) => serde_json::json!({"ipAddress": ip.to_string()}),
            AccessListEntry::Block { .. } => serde_json::json!({"cidrBlock": e.text()}),
        })
        .collect();
    serde_json::Value::Array(items).to_string()
}

/// The `POST …/accessList` call for these entries.
pub fn create_request(
    env: &Environment,
    org_id: &OrgId,
    key_id: &ApiKeyId,
    entries: &[AccessListEntry],
) -> HttpRequest {
    calls::add_to_access_list(env, org_id, key_id, request_body(entries))
}

/// The `GET …/accessList` call for one page.
pub fn list_request(
    env: &Environment,
    org_id: &OrgId,
    key_id: &ApiKeyId,
    page: PageRequest,
) -> HttpRequest {
    calls::list_access_list(env, org_id, key_id, page)
}

/// The equivalent Atlas CLI commands. The CLI takes `--ip` and `--cidr` (each a comma-separated
/// list) but not both in one command, so addresses and blocks make one command each.
pub fn cli_commands(org_id: &OrgId, key_id: &ApiKeyId, entries: &[AccessListEntry]) -> Vec<String> {
    let ips: Vec<String> = entries
        .iter()
        .filter(|e| matches!(e, AccessListEntry::Address(_)))
        .map(AccessListEntry::text)
        .collect();
    let blocks: Vec<String> = entries
        .iter()
        .filter(|e| matches!(e, AccessListEntry::Block { .. }))
        .map(AccessListEntry::text)
        .collect();
    [("--ip", ips), ("--cidr", blocks)]
        .into_iter()
        .filter(|(_, list)| !list.is_empty())
        .map(|(flag, list)| {
            format!(
                "atlas organizations apiKeys accessLists create --apiKey {} {flag} {} --orgId {}",
                shell_quote(key_id.as_str()),
                shell_quote(&list.join(",")),
                shell_quote(org_id.as_str())
            )
        })
        .collect()
}

/// One entry as Atlas lists it (`UserAccessListResponse`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeldEntry {
    /// Always set by Atlas.
    #[serde(default)]
    pub cidr_block: String,
    /// Set for a single address.
    #[serde(default)]
    pub ip_address: Option<String>,
    /// Requests seen from this entry.
    #[serde(default)]
    pub count: u64,
    /// When it was added (ISO 8601, UTC).
    #[serde(default)]
    pub created: Option<String>,
    /// Last request from it.
    #[serde(default)]
    pub last_used: Option<String>,
    /// The address of that request.
    #[serde(default)]
    pub last_used_address: Option<String>,
}

impl HeldEntry {
    /// The entry as the field takes it: the address alone when it is one, else the block.
    pub fn text(&self) -> String {
        self.ip_address
            .clone()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| self.cidr_block.clone())
    }

    /// The same entry to send again (to copy it to another key); `None` if Atlas's text is not one.
    pub fn to_entry(&self) -> Option<AccessListEntry> {
        parse_entry(&self.text()).ok()
    }
}

/// One page of a key's access list (`PaginatedApiUserAccessListResponseView`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessListPage {
    /// The entries on this page (required, as in the spec).
    pub results: Vec<HeldEntry>,
    /// All entries, when Atlas counted them.
    #[serde(default)]
    pub total_count: Option<u64>,
}

/// Reads the answer to the create (200) or the list (200) of an access list.
pub fn parse_access_list_answer(
    answer: Received<'_>,
    summary: &RequestSummary,
) -> Result<AccessListPage, KeymintError> {
    read_json(answer, summary)
}
