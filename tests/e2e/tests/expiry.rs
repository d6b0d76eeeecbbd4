//! A key's expiry in the real page: "Expires" stamps the date into the description Atlas stores, the
//! counter counts it, the reveal states it and gives a calendar reminder that a calendar library
//! reads, and an organization's `maxKeyLifetimeDays` takes "Never" away and caps the date.

use std::process::Command;

use keymint_e2e::*;
use serde_json::json;

/// Today as the browser sees it (UTC), `YYYY-MM-DD`, and that day `days` later.
async fn browser_day(b: &KeymintPage, days: u32) -> String {
    let script = format!(
        "const d = new Date(); d.setUTCDate(d.getUTCDate() + {days}); return d.toISOString().slice(0, 10);"
    );
    b.eval(&script).await.as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_key_made_with_an_expiry_carries_it_in_its_description_and_offers_a_reminder() {
    let s = Scenario::new("expiry").shipped_nginx().await;
    let b = &s.page;
    s.open().await;
    let private = s
        .fill_form_as_owner(&s.request("billing deploys", &["GROUP_READ_ONLY"]))
        .await;
    // 90 days unless the user picks otherwise; the counter counts the stamp.
    let in_90 = browser_day(b, 90).await;
    let count = b.text_of("//*[@id='description-count']").await;
    assert!(
        count.starts_with("36 / 250") && count.contains("with the expiry date"),
        "15 characters and the 21 of the stamp: {count}"
    );
    let hint = b.text_of("//*[@id='expiry-hint']").await;
    assert!(hint.contains(&format!("[expires {in_90}]")), "{hint}");

    b.select("Expires", "30 days").await;
    let in_30 = browser_day(b, 30).await;
    let reveal = s.page.create_and_reveal().await;
    let key = s.the_key_shown_in(&reveal);
    assert_eq!(
        key["desc"],
        format!("billing deploys [expires {in_30}]"),
        "Atlas stores the stamped description"
    );
    let shown = b.text_of("//*[@id='reveal-expires']").await;
    assert!(shown.starts_with(&in_30), "{shown}");

    b.click("Add a reminder to my calendar").await;
    b.status_containing("Reminder downloaded").await;
    let public = key["publicKey"].as_str().unwrap();
    let ics = b.downloaded(&format!("keymint-{public}-expires.ics")).await;
    assert!(!ics.contains(&private), "no caller secret");
    assert!(
        !ics.contains(key["privateKey"].as_str().unwrap()),
        "no private key"
    );
    // A calendar library reads it: one all-day event on the expiry day, naming the key.
    let read = Command::new("python3")
        .args([
            "-c",
            "import sys, icalendar\n\
             cal = icalendar.Calendar.from_ical(sys.stdin.read())\n\
             ev = next(c for c in cal.walk('VEVENT'))\n\
             print(ev.decoded('dtstart').isoformat(), ev.get('summary'), sep='|')\n\
             print(len(list(ev.walk('VALARM'))), ev.get('description'), sep='|')",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(ics.as_bytes())?;
            child.wait_with_output()
        })
        .expect("python3 with icalendar (scripts/setup.sh installs it)");
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    let out = String::from_utf8(read.stdout).unwrap();
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some(format!("{in_30}|Atlas API key {public} expires").as_str())
    );
    let alarm = lines.next().unwrap();
    assert!(alarm.starts_with("1|"), "one alarm: {alarm}");
    assert!(
        alarm.contains(&format!("billing deploys [expires {in_30}]")),
        "{alarm}"
    );
    b.assert_nothing_secret_kept(&[&private]).await;
    s.close().await;
}

#[tokio::test]
async fn an_organizations_lifetime_cap_takes_never_away_and_refuses_a_later_date() {
    let s = Scenario::new("expiry-cap")
        .shipped_config(json!({"environment": "atlas", "proxy": "/keymint/atlas{path}", "maxKeyLifetimeDays": 60}))
        .shipped_nginx()
        .await;
    let b = &s.page;
    s.open().await;
    let options = b
        .eval("return [...document.querySelectorAll('#expiry option')].map(o => o.textContent);")
        .await;
    assert_eq!(
        options,
        json!(["30 days", "60 days", "On a date"]),
        "no Never"
    );
    let hint = b.text_of("//*[@id='expiry-hint']").await;
    assert!(
        hint.contains(&browser_day(b, 60).await),
        "the default is the cap: {hint}"
    );

    s.fill_form_as_owner(&s.request("capped", &["GROUP_READ_ONLY"]))
        .await;
    b.select("Expires", "On a date").await;
    let too_late = browser_day(b, 61).await;
    // The date control takes the browser's own format; set it as a picker would.
    b.eval(&format!(
        "const i = document.getElementById('expiry-date'); i.value = '{too_late}'; i.dispatchEvent(new InputEvent('input', {{bubbles: true}}));"
    ))
    .await;
    let problem = b.text_of("//*[@id='expiry-errors']").await;
    assert!(
        problem.contains("at most 60 days") && problem.contains(&browser_day(b, 60).await),
        "{problem}"
    );
    assert!(!b.is_enabled("Create API key").await);
    assert!(s.emu.created_keys().is_empty(), "nothing was sent");
    s.close().await;
}
