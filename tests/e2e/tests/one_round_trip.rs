//! One round trip at the click: the page obtains Atlas's Digest challenge ahead of the press (an
//! unsigned GET that creates nothing) and keeps the session in memory, so each press is exactly one
//! signed POST. When Atlas refuses a kept nonce (the emulator's no-reuse mode), the 401 created
//! nothing: the page signs once more with the new challenge, and each press still makes one key.
//!
//! `click_to_reveal_benchmark` (ignored) is what `scripts/bench-latency.sh` runs: it prints times,
//! it asserts none.

use keymint_e2e::*;
use serde_json::Value;

/// Presses Create, waits for the reveal, secures the private key and goes back to the same form.
async fn create_then_back(b: &KeymintPage) -> String {
    let reveal = b.create_and_reveal().await;
    b.click("Copy private key").await;
    b.status_containing("Copied").await;
    b.click("Done").await;
    b.button("Create API key").await;
    reveal
}

fn count(counts: &Value, what: &str) -> u64 {
    counts[what].as_u64().unwrap_or(u64::MAX)
}

#[tokio::test]
async fn ten_creates_in_a_row_are_ten_signed_posts_and_nothing_unsigned_at_the_click() {
    let s = Scenario::new("one-round-trip").shipped_nginx().await;
    s.open().await;
    let b = &s.page;
    let private = s
        .fill_form_as_owner(&s.request("one round trip", &["GROUP_READ_ONLY"]))
        .await;
    for i in 1..=10 {
        let reveal = create_then_back(b).await;
        let keys = s.emu.created_keys();
        assert_eq!(keys.len(), i, "one key per press");
        let newest = keys[i - 1]["privateKey"].as_str().unwrap_or_default();
        assert!(reveal.contains(newest), "press {i} shows its own key");
    }
    let counts = s.control().counts();
    assert_eq!(count(&counts, "signedPosts"), 10, "{counts}");
    assert_eq!(
        count(&counts, "unsignedPosts"),
        0,
        "no unsigned POST at the click: {counts}"
    );
    assert!(
        count(&counts, "unsignedGets") >= 1,
        "the challenge came ahead of the press: {counts}"
    );
    b.assert_nothing_secret_kept(&[&private]).await;
    s.close().await;
}

#[tokio::test]
async fn a_refused_kept_nonce_costs_one_more_signed_post_and_never_a_second_key() {
    let s = Scenario::new("no-reuse")
        .with_cors_anywhere()
        .static_site()
        .await;
    s.open().await;
    let b = &s.page;
    let control = s.control();
    b.set_proxy_url(s.cors_anywhere_url()).await;
    s.fill_form_as_owner(&s.request("nonce refused", &["GROUP_READ_ONLY"]))
        .await;
    // The first press signs with the nonce fetched ahead, used for the first time.
    create_then_back(b).await;
    assert_eq!(count(&control.counts(), "signedPosts"), 1);

    control.allow_nonce_reuse(false);
    for press in 2..=4u64 {
        let before = control.counts();
        let reveal = create_then_back(b).await;
        let keys = s.emu.created_keys();
        assert_eq!(keys.len() as u64, press, "never two keys from one press");
        let newest = keys[keys.len() - 1]["privateKey"]
            .as_str()
            .unwrap_or_default();
        assert!(reveal.contains(newest));
        let after = control.counts();
        assert_eq!(
            count(&after, "signedPosts") - count(&before, "signedPosts"),
            2,
            "the kept nonce is refused (401, nothing created), then one POST signed again: {after}"
        );
    }
    assert_eq!(count(&control.counts(), "unsignedPosts"), 0);
    s.close().await;
}

/// Click-to-reveal times for 10 creates through cors-anywhere against an emulator with
/// `KEYMINT_BENCH_LATENCY_MS` (default 100) of added latency. Prints one markdown table row; the
/// times are measured in the page with performance.now(), from the click to the reveal's heading.
#[tokio::test]
#[ignore = "a benchmark: run by scripts/bench-latency.sh"]
async fn click_to_reveal_benchmark() {
    let latency = std::env::var("KEYMINT_BENCH_LATENCY_MS").unwrap_or_else(|_| "100".into());
    let s = Scenario::new("bench")
        .emulator_args(&["--latency-ms", &latency])
        .with_cors_anywhere()
        .static_site()
        .await;
    s.open().await;
    let b = &s.page;
    let control = s.control();
    b.set_proxy_url(s.cors_anywhere_url()).await;
    s.fill_form_as_owner(&s.request("benchmark", &["GROUP_READ_ONLY"]))
        .await;
    // A person reads the form before pressing: the request ahead of the press has answered.
    b.until("the challenge fetched ahead", || async {
        count(&control.counts(), "unsignedGets") >= 1
    })
    .await;
    let before = control.counts();
    let mut times = Vec::new();
    for _ in 0..10 {
        let ms = b
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const button = [...document.querySelectorAll('button')]
                   .find(x => x.textContent.trim() === 'Create API key');
                 const start = performance.now();
                 const seen = () => document.getElementById('reveal-title');
                 const watch = new MutationObserver(() => {
                   if (seen()) { watch.disconnect(); done(performance.now() - start); }
                 });
                 watch.observe(document.body, {childList: true, subtree: true});
                 button.click();",
                vec![],
            )
            .await
            .expect("a timed create")
            .as_f64()
            .unwrap_or(f64::NAN);
        times.push(ms);
        b.region("New API key").await;
        b.click("Copy private key").await;
        b.status_containing("Copied").await;
        b.click("Done").await;
        b.button("Create API key").await;
    }
    let after = control.counts();
    let signed = count(&after, "signedPosts") - count(&before, "signedPosts");
    let unsigned = count(&after, "unsignedPosts") - count(&before, "unsignedPosts");
    times.sort_by(|a, b| a.total_cmp(b));
    let median = (times[4] + times[5]) / 2.0;
    println!(
        "BENCH | Keymint page via cors-anywhere (click to reveal) | {:.1} | {median:.0} ms | {signed} | {unsigned} |",
        (signed + unsigned) as f64 / 10.0
    );
    s.close().await;
}
