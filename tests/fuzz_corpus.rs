//! Replays every committed fuzz input (fuzz/corpus/<target>/: the seeds and every crash the fuzzers
//! found) through the same calls the fuzz targets make, so `cargo test` keeps them fixed without nightly.

#[path = "../fuzz/targets.rs"]
mod targets;

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

/// Longer than any input takes in a debug build; a hang (gtmpl's lexer once looped) fails the test.
const PER_INPUT: Duration = Duration::from_secs(20);

fn corpus_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus")
}

#[test]
fn every_target_has_a_committed_corpus_and_every_corpus_a_target() {
    let mut dirs: Vec<String> = std::fs::read_dir(corpus_dir())
        .expect("fuzz/corpus exists")
        .map(|e| {
            e.expect("readable entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    dirs.sort();
    let mut names: Vec<String> = targets::TARGETS
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    names.sort();
    assert_eq!(dirs, names);
}

#[test]
fn no_committed_input_panics_or_hangs_any_target() {
    let mut failures = Vec::new();
    let mut count = 0;
    for &(name, run) in targets::TARGETS {
        let dir = corpus_dir().join(name);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("readable entry").path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{name} has no seeds");
        for file in files {
            let data = std::fs::read(&file).expect("readable input");
            count += 1;
            // On its own thread: a panic is caught at the join, a hang by the timeout.
            let (tx, rx) = mpsc::channel();
            let worker = std::thread::Builder::new()
                .stack_size(8 << 20)
                .spawn(move || {
                    let outcome = std::panic::catch_unwind(|| run(&data));
                    let _ = tx.send(outcome.is_ok());
                })
                .expect("thread starts");
            match rx.recv_timeout(PER_INPUT) {
                Ok(true) => {
                    let _ = worker.join();
                }
                Ok(false) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                    failures.push(format!("{name}: {} panics", file.display()))
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    failures.push(format!("{name}: {} hangs", file.display()))
                }
            }
        }
    }
    assert!(count > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// What the fuzzers found, as behaviour: each input once panicked our copy of gtmpl (vendor/gtmpl).

fn render_with(template: &str, data: gtmpl::Value) -> Result<String, String> {
    let mut t = gtmpl::Template::default();
    t.parse(template).map_err(|e| e.to_string())?;
    t.render(&gtmpl::Context::from(data))
        .map_err(|e| e.to_string())
}

fn one_field(name: &str, value: &str) -> gtmpl::Value {
    gtmpl::Value::Object(std::collections::HashMap::from([(
        name.to_string(),
        gtmpl::Value::String(value.to_string()),
    )]))
}

#[test]
fn a_field_named_in_non_ascii_letters_renders_its_value() {
    assert_eq!(
        render_with("{{.é}}", one_field("é", "acute")).as_deref(),
        Ok("acute")
    );
    assert_eq!(
        render_with("{{ .日本 }}!", one_field("日本", "nihon")).as_deref(),
        Ok("nihon!")
    );
    assert_eq!(
        render_with("{{$ü := .ü}}{{$ü}}", one_field("ü", "umlaut")).as_deref(),
        Ok("umlaut")
    );
}

#[test]
fn trim_markers_after_non_ascii_text_trim_only_the_spaces() {
    assert_eq!(
        render_with("é \u{a0}\t{{- .x -}} \n ö", one_field("x", "1")).as_deref(),
        Ok("é1ö")
    );
}

#[test]
fn the_keys_unknown_non_ascii_field_is_an_error_on_the_page_not_a_crash() {
    use keymint::core::output::{render, OutputError, OutputFormat};
    let key = serde_json::from_str(include_str!("go-parity/key.json")).expect("a key");
    let out = render(&OutputFormat::GoTemplate("{{.é}}".into()), &key);
    assert!(matches!(out, Err(OutputError::Template { .. })), "{out:?}");
}

#[test]
fn escapes_in_strings_and_characters_read_as_go_reads_them() {
    let r = |t: &str| render_with(t, gtmpl::Value::Nil);
    assert_eq!(r(r#"{{"\u00e9\x41\101\t"}}"#).as_deref(), Ok("éAA\t"));
    assert_eq!(r(r#"{{printf "%c" '\u00e9'}}"#).as_deref(), Ok("é"));
    assert_eq!(r(r"{{`\n\u00`}}").as_deref(), Ok(r"\n\u00"));
    for bad in [
        r#"{{"\"}}"#,
        r#"{{"\é"}}"#,
        r#"{{"\u000é"}}"#,
        r#"{{"\ud83d"}}"#,
        r#"{{'\"'}}"#,
    ] {
        assert!(r(bad).is_err(), "{bad}");
    }
}

#[test]
fn printf_refuses_a_huge_width_or_a_zero_index_instead_of_allocating_or_panicking() {
    let r = |t: &str| render_with(t, gtmpl::Value::Nil);
    assert!(r(r#"{{printf "%999999999d" 1}}"#).is_err());
    assert!(r(r#"{{printf "%.*d" 999999999 1}}"#).is_err());
    assert!(r(r#"{{printf "%[0]d" 1}}"#).is_err());
    assert_eq!(
        r(r#"{{printf "%5d|%*d" 1 3 2}}"#).as_deref(),
        Ok("    1|  2")
    );
    // Go prints %!(BADPREC); Keymint stops, as it does for any verb it cannot format.
    assert!(r(r#"{{printf "%.*d" -1 2}}"#).is_err());
}

/// Runs `f` on a thread with a fixed 4 MiB stack (a debug build's frames are several times a release
/// build's; the page's wasm32 stack is 1 MiB).
fn on_a_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(4 << 20)
        .spawn(f)
        .expect("thread starts")
        .join()
        .expect("no panic")
}

#[test]
fn nesting_deeper_than_the_parser_allows_is_an_error_not_a_stack_overflow() {
    let deep =
        |open: &str, close: &str, n: usize| format!("{}{}{}", open.repeat(n), "1", close.repeat(n));
    let r = |t: String| on_a_small_stack(move || render_with(&t, gtmpl::Value::Nil));
    let max = gtmpl::MAX_NESTING;
    assert_eq!(
        r(format!("{{{{{}}}}}", deep("(", ")", max))).as_deref(),
        Ok("1")
    );
    assert_eq!(r(deep("{{with 1}}", "{{end}}", max)).as_deref(), Ok("1"));
    let parens = r(format!("{{{{{}}}}}", deep("(", ")", 5000)));
    assert!(parens.is_err_and(|e| e.contains(&format!("nested more than {max}"))));
    assert!(r(deep("{{if 1}}", "{{end}}", 5000)).is_err());
    assert!(r(format!(
        "{{{{if 0}}}}{}{{{{end}}}}",
        "{{else if 0}}".repeat(5000)
    ))
    .is_err());
    assert!(r(deep("{{block \"b\" 1}}", "{{end}}", 5000)).is_err());
}

#[test]
fn a_json_path_nesting_too_deep_is_refused_at_once_and_shallow_ones_still_run() {
    use keymint::core::output::{render, OutputError, OutputFormat, JSON_PATH_MAX_NESTING};
    let key = serde_json::from_str(include_str!("go-parity/key.json")).expect("a key");
    let r = |e: String| render(&OutputFormat::JsonPath(e), &key);
    let deep = format!("$.roles{}", "[?@.a".repeat(24));
    assert!(
        matches!(r(deep), Err(OutputError::JsonPathSyntax { message }) if message.contains("nest"))
    );
    let n = JSON_PATH_MAX_NESTING;
    let allowed = format!("$[?@{}{}]", "[?@.roles".repeat(n - 1), "]".repeat(n - 1));
    assert_eq!(r(allowed).as_deref(), Ok("[]\n"));
    let brackets_in_a_string = format!("$.roles[?@.roleName == '{}']", "[".repeat(20));
    assert_eq!(r(brackets_in_a_string).as_deref(), Ok("[]\n"));
}

#[test]
fn a_json_path_ending_inside_a_string_or_escape_is_a_syntax_error_not_a_crash() {
    use keymint::core::output::{render, OutputError, OutputFormat};
    let key = serde_json::from_str(include_str!("go-parity/key.json")).expect("a key");
    let r = |e: &str| render(&OutputFormat::JsonPath(e.into()), &key);
    for bad in [
        r#"$["\u"#,
        r#"$["\u12"#,
        r#"$['\uD83D"#,
        r#"$["a"#,
        r#"$["\"#,
    ] {
        assert!(
            matches!(r(bad), Err(OutputError::JsonPathSyntax { .. })),
            "{bad}"
        );
    }
    assert_eq!(r(r#"$["public\u004Bey"]"#).as_deref(), Ok("\"flezioeg\"\n"));
}
