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
