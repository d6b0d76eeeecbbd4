//! The "Access list entries" field: what is accepted, what each bad line says, the body and the CLI.

use keymint::core::access_list::{
    cli_commands, parse_access_list_answer, parse_entries, parse_entry, request_body,
    AccessListEntry, EntryErrorKind,
};
use keymint::core::answer::Received;
use keymint::core::environment::Environment;
use keymint::core::error::{KeymintError, RequestSummary};
use keymint::core::ids::{ApiKeyId, OrgId};

/// The organization and key the access-list calls go to.
fn org_and_key() -> (OrgId, ApiKeyId) {
    (
        OrgId::parse("a0123456789abcdef012345a").unwrap(),
        ApiKeyId::parse("6a793f5d2c88faeba59ba528").unwrap(),
    )
}

/// Which request an answer belongs to, as the transport would record it.
fn summary() -> RequestSummary {
    RequestSummary {
        method: "GET".into(),
        url: "https://cloud.mongodb.com/api/atlas/v2".into(),
        via: "https://cloud.mongodb.com/api/atlas/v2".into(),
    }
}

#[test]
fn addresses_and_blocks_of_both_families_are_accepted() {
    let text = "203.0.113.10\n  198.51.100.0/24  \n\n2001:DB8::10\n2001:db8::/32\n0.0.0.0/0\n::/0\n10.0.0.1/32\n";
    let parsed = parse_entries(text).unwrap();
    let texts: Vec<String> = parsed.entries.iter().map(|e| e.text()).collect();
    assert_eq!(
        texts,
        [
            "203.0.113.10",
            "198.51.100.0/24",
            "2001:db8::10",
            "2001:db8::/32",
            "0.0.0.0/0",
            "::/0",
            "10.0.0.1/32"
        ]
    );
    assert!(parsed.duplicate_lines.is_empty());
}

#[test]
fn repeats_are_dropped_and_an_address_equals_its_full_length_block() {
    let parsed =
        parse_entries("10.0.0.1\n10.0.0.1/32\n2001:db8::1\n2001:DB8:0::1/128\n10.0.0.1\n").unwrap();
    assert_eq!(parsed.entries.len(), 2);
    assert_eq!(parsed.duplicate_lines, [2, 4, 5]);
}

#[test]
fn every_bad_line_is_reported_with_its_number_and_a_fix() {
    let text = "203.0.113.10\nexample.com\n10.0.0.0/33\n2001:db8::/129\n10.1.2.3/24\n300.1.2.3\n10.0.0.0/x\n1.2.3.4 5.6.7.8\n10.0.0.0/\n";
    let errors = parse_entries(text).unwrap_err();
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [2, 3, 4, 5, 6, 7, 8, 9]);
    assert_eq!(errors[0].kind, EntryErrorKind::NotAnAddress);
    assert_eq!(
        errors[1].kind,
        EntryErrorKind::PrefixOutOfRange {
            prefix: 33,
            max: 32
        }
    );
    assert_eq!(
        errors[2].kind,
        EntryErrorKind::PrefixOutOfRange {
            prefix: 129,
            max: 128
        }
    );
    assert_eq!(
        errors[3].kind,
        EntryErrorKind::HostBitsSet {
            network: "10.1.2.0/24".into()
        }
    );
    assert!(errors[3].next_step().contains("10.1.2.0/24"));
    assert_eq!(errors[4].kind, EntryErrorKind::NotAnAddress);
    assert_eq!(errors[5].kind, EntryErrorKind::PrefixNotANumber);
    assert_eq!(errors[6].kind, EntryErrorKind::SeveralOnOneLine);
    assert_eq!(errors[7].kind, EntryErrorKind::PrefixNotANumber);
    assert_eq!(
        errors[1].message(),
        "Line 3: \"10.0.0.0/33\": /33 is out of range; this address allows /0 to /32."
    );
    for e in &errors {
        assert!(e.message().starts_with(&format!("Line {}:", e.line)));
        assert!(!e.next_step().is_empty());
    }
}

#[test]
fn odd_but_not_addresses() {
    for bad in [
        "[::1]",
        "fe80::1%eth0",
        "1.2.3",
        "01.2.3.4.5",
        "-",
        "10.0.0.0/-1",
        "10.0.0.0/99999999999",
    ] {
        assert!(parse_entry(bad).is_err(), "{bad}");
    }
    for not_a_number in [
        "10.0.0.0/+8",
        "10.0.0.0/",
        "10.0.0.0/8x",
        "10.0.0.0/99999999999",
    ] {
        assert_eq!(
            parse_entry(not_a_number),
            Err(EntryErrorKind::PrefixNotANumber),
            "{not_a_number:?}"
        );
    }
    assert!(
        parse_entries("\n   \n\t\n").unwrap().entries.is_empty(),
        "blank lines only: nothing"
    );
}

#[test]
fn the_body_sends_addresses_as_ip_address_and_blocks_as_cidr_block() {
    let parsed = parse_entries("192.168.0.229\n10.1.0.0/16\n2001:db8::7").unwrap();
    assert_eq!(
        request_body(&parsed.entries),
        r#"[{"ipAddress":"192.168.0.229"},{"cidrBlock":"10.1.0.0/16"},{"ipAddress":"2001:db8::7"}]"#
    );
    let (org, key) = org_and_key();
    let req = keymint::core::access_list::create_request(
        &Environment::Atlas,
        &org,
        &key,
        &parsed.entries,
    );
    assert_eq!(req.method, "POST");
    assert_eq!(
        req.url(),
        "https://cloud.mongodb.com/api/atlas/v2/orgs/a0123456789abcdef012345a/apiKeys/6a793f5d2c88faeba59ba528/accessList"
    );
    assert_eq!(
        req.header("Accept"),
        Some("application/vnd.atlas.2023-01-01+json")
    );
    assert_eq!(
        req.header("Content-Type"),
        Some("application/vnd.atlas.2023-01-01+json")
    );
}

#[test]
fn the_cli_takes_ips_and_cidrs_in_separate_commands() {
    let parsed = parse_entries("192.168.0.229\n10.1.0.0/16\n2001:db8::7").unwrap();
    let (org, key) = org_and_key();
    assert_eq!(
        cli_commands(&org, &key, &parsed.entries),
        [
            "atlas organizations apiKeys accessLists create --apiKey 6a793f5d2c88faeba59ba528 --ip 192.168.0.229,2001:db8::7 --orgId a0123456789abcdef012345a",
            "atlas organizations apiKeys accessLists create --apiKey 6a793f5d2c88faeba59ba528 --cidr 10.1.0.0/16 --orgId a0123456789abcdef012345a",
        ]
    );
    let only_ip = [AccessListEntry::Address("203.0.113.1".parse().unwrap())];
    assert_eq!(cli_commands(&org, &key, &only_ip).len(), 1);
}

fn recorded_body(name: &str) -> String {
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/recorded/{name}.http",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    text.split_once("\n\n").unwrap().1.trim_end().to_string()
}

#[test]
fn the_recorded_access_list_answer_reads_and_copies_back() {
    let page = parse_access_list_answer(
        Received::new(200, &recorded_body("accesslist_200"))
            .with_content_type("application/vnd.atlas.2023-01-01+json;charset=utf-8"),
        &summary(),
    )
    .unwrap();
    assert_eq!(page.total_count, Some(1));
    assert_eq!(page.results[0].cidr_block, "192.168.0.229/32");
    assert_eq!(page.results[0].text(), "192.168.0.229");
    assert_eq!(
        page.results[0].to_entry(),
        Some(AccessListEntry::Address("192.168.0.229".parse().unwrap()))
    );
    assert_eq!(
        page.results[0].created.as_deref(),
        Some("2026-08-10T03:02:57Z")
    );
}

#[test]
fn access_list_errors_keep_atlas_codes_and_odd_answers_never_panic() {
    let s = summary();
    let dup = parse_access_list_answer(Received::new(409, r#"{"detail":"The address 1.2.3.4/32 is already on the access list.","error":409,"errorCode":"ADDRESS_ALREADY_IN_ACCESS_LIST","parameters":["1.2.3.4/32"],"reason":"Conflict"}"#).with_content_type("application/json"), &s)
    .unwrap_err();
    assert!(
        matches!(&dup, KeymintError::Atlas { api_error, .. } if api_error.error_code == "ADDRESS_ALREADY_IN_ACCESS_LIST")
    );
    assert_eq!(dup.title(), "Address already listed");
    let denied = parse_access_list_answer(
        Received::new(401, "").with_error_code("API_KEY_ACCESS_LIST_ACCESS_DENIED"),
        &s,
    )
    .unwrap_err();
    assert_eq!(denied.title(), "Access list not accessible");
    for (status, body) in [
        (200, "{"),
        (200, "[]"),
        (200, ""),
        (502, "<html>bad gateway</html>"),
        (200, r#"{"results":"x"}"#),
    ] {
        assert!(
            parse_access_list_answer(Received::new(status, body), &s).is_err(),
            "{status} {body}"
        );
    }
}
