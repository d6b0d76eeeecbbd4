//! Go parity: every template in tests/go-parity/templates is rendered by Go's own text/template (a tiny Go
//! program, standard library only) and by Keymint; the bytes must match, and both must fail on the same
//! templates. Differences Keymint knows about are listed in tests/go-parity/known-differences.txt with the
//! reason; any other difference fails the test.

use keymint::core::output::{render, OutputFormat};
use keymint::core::response::ApiKeyUserDetails;
use std::path::{Path, PathBuf};
use std::process::Command;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/go-parity")
}

/// Builds the Go renderer once into target/, with Go's caches kept there too.
fn go_renderer() -> Option<PathBuf> {
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/go-parity");
    std::fs::create_dir_all(&target).ok()?;
    let bin = target.join("render");
    let status = Command::new("go")
        .args(["build", "-o"])
        .arg(&bin)
        .arg(dir().join("main.go"))
        .env("GOCACHE", target.join("cache"))
        .env("GOPATH", target.join("gopath"))
        .env("GO111MODULE", "off")
        .env("GOFLAGS", "")
        .status()
        .ok()?;
    status.success().then_some(bin)
}

#[test]
fn keymint_renders_templates_byte_for_byte_like_go() {
    let Some(go) = go_renderer() else {
        eprintln!("SKIP go_parity: the Go toolchain is not installed (scripts/setup.sh installs golang-go)");
        return;
    };
    let fixture = dir().join("key.json");
    let key: ApiKeyUserDetails =
        serde_json::from_str(&std::fs::read_to_string(&fixture).unwrap()).unwrap();
    let known = std::fs::read_to_string(dir().join("known-differences.txt")).unwrap_or_default();
    let known: Vec<&str> = known
        .lines()
        .filter_map(|l| l.split_once(' ').map(|(f, _)| f))
        .collect();

    let mut templates: Vec<PathBuf> = std::fs::read_dir(dir().join("templates"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    templates.sort();
    assert!(
        templates.len() >= 30,
        "at least 30 parity templates, found {}",
        templates.len()
    );

    let mut unexpected = Vec::new();
    let mut same = 0;
    for path in &templates {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let out = Command::new(&go).arg(&fixture).arg(path).output().unwrap();
        let go_result = if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(())
        };
        let ours = render(&OutputFormat::GoTemplate(text.clone()), &key);
        let agree = match (&go_result, &ours) {
            (Ok(g), Ok(k)) => g == k,
            (Err(()), Err(_)) => true,
            _ => false,
        };
        if agree {
            same += 1;
            assert!(
                !known.contains(&name.as_str()),
                "{name} now matches Go: remove it from known-differences.txt"
            );
        } else if !known.contains(&name.as_str()) {
            unexpected.push(format!(
                "{name}: template {text:?}\n   go:      {go_result:?}\n   keymint: {ours:?}"
            ));
        }
    }
    eprintln!(
        "go parity: {same} of {} templates identical",
        templates.len()
    );
    assert!(
        unexpected.is_empty(),
        "Keymint differs from Go:\n{}",
        unexpected.join("\n")
    );
}
