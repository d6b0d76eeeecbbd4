//! Project keys, a view that loads when opened: its own wasm module, fetched only when the user opens
//! it, handed the caller in memory, listing every key of the project with its creation day, expiry,
//! use and flags; closed when the caller or the project changes. Through the shipped nginx config, so
//! its Content-Security-Policy and allow-list are the ones in force.

use keymint_e2e::*;

fn view_files(paths: &[String]) -> Vec<&String> {
    paths
        .iter()
        .filter(|p| p.contains("keymint-keys"))
        .collect()
}

in_engines!(project_keys_loads_when_opened_and_flags_each_key: chromium, firefox, webkit);
async fn project_keys_loads_when_opened_and_flags_each_key(engine: Engine) {
    let s = Scenario::new("project-keys")
        .engine(engine)
        .shipped_nginx()
        .await;
    let expired = s
        .emu
        .create_key_elsewhere("old deploy [expires 2026-01-01]");
    s.open().await;
    let b = &s.page;
    let (reveal, private) = s
        .create_as_owner(&s.request("fresh key", &["GROUP_READ_ONLY"]))
        .await;
    let keys = s.emu.created_keys();
    let fresh = keys
        .iter()
        .find(|k| k["publicKey"] != expired.as_str())
        .expect("the key made through the page");
    let fresh_public = fresh["publicKey"].as_str().unwrap().to_string();
    let fresh_private = fresh["privateKey"].as_str().unwrap().to_string();
    assert!(reveal.contains(&fresh_public));
    b.click("Download").await;
    b.click("Done").await;
    assert!(
        view_files(&b.fetched_paths().await).is_empty(),
        "a create never loads Project keys"
    );

    b.click("Project keys").await;
    b.region("Project keys").await;
    let summary = b
        .status_containing("keys are assigned to the project")
        .await;
    let listed = b
        .eval("return document.querySelectorAll('li.key-report').length;")
        .await
        .as_u64()
        .unwrap();
    assert!(
        listed >= 2,
        "the two keys made here, and the emulator's own: {listed}"
    );
    assert!(
        summary.contains(&format!("{listed} keys are assigned to the project")),
        "{summary}"
    );
    let loaded = b.fetched_paths().await;
    let files = view_files(&loaded);
    assert!(
        files.iter().any(|p| p.ends_with("_bg.wasm")) && files.iter().any(|p| p.ends_with(".js")),
        "the view's module was fetched when opened: {loaded:?}"
    );

    // Each key is one item named by its public key, with its flags once its access list is read.
    let item = |public: &str| format!("//li[@aria-label='Key {public}']");
    b.until("the expired key's flags", || async {
        b.text_of(&item(&expired)).await.contains("no access list")
    })
    .await;
    let old = b.text_of(&item(&expired)).await;
    assert!(old.contains("old deploy [expires 2026-01-01]"), "{old}");
    assert!(
        old.contains("expires 2026-01-01") && old.contains("expired on 2026-01-01"),
        "{old}"
    );
    assert!(old.contains("GROUP_READ_ONLY"), "{old}");
    let new = b.text_of(&item(&fresh_public)).await;
    assert!(new.contains("fresh key [expires "), "{new}");
    assert!(!new.contains("expired"), "{new}");
    // Sorted by expiry: the expired key comes before the fresh one.
    let order = b
        .eval("return [...document.querySelectorAll('li.key-report')].map(li => li.getAttribute('aria-label'));")
        .await;
    let order: Vec<&str> = order
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    let at = |public: &str| {
        order
            .iter()
            .position(|l| *l == format!("Key {public}"))
            .unwrap()
    };
    assert!(at(&expired) < at(&fresh_public), "{order:?}");
    assert_eq!(s.emu.created_keys().len(), 2, "the view only reads");
    b.assert_accessible("Project keys").await;

    // Another project typed in the form: the view stays on its own project (a rotation in it
    // must not vanish), and says which project it shows.
    b.type_into("Project ID", "b0123456789abcdef0123456").await;
    let view = b.region("Project keys").await.text().await.unwrap();
    assert!(
        view.contains(&format!("The API keys of project {}", s.emu.project())),
        "{view}"
    );
    // Another caller: the view goes, so it never signs as someone the page no longer is.
    b.type_into("Private key", "00000000-1111-2222-3333-444444444444")
        .await;
    b.until("Project keys closed", || async {
        b.eval("return document.getElementById('project-keys-title') === null;")
            .await
            .as_bool()
            == Some(true)
    })
    .await;
    b.assert_nothing_secret_kept(&[&private, &fresh_private])
        .await;
    s.close().await;
}

/// Presses "Remove from project" in the item of the key with this public key.
async fn remove_from_project(b: &KeymintPage, public: &str) {
    b.find(
        &format!(
            "//li[@aria-label='Key {public}']//button[normalize-space(.)='Remove from project']"
        ),
        "Remove from project of that key",
    )
    .await
    .click()
    .await
    .expect("click");
}

/// Signed DELETEs the emulator received, answered or not.
fn deletes(s: &Scenario) -> usize {
    s.control()
        .requests()
        .iter()
        .filter(|r| r["method"] == "DELETE" && r["signed"] == true)
        .count()
}

#[tokio::test]
async fn clean_up_expired_keys_asks_once_sends_one_delete_each_and_settles_a_lost_answer_by_reading(
) {
    let s = Scenario::new("project-keys-cleanup").shipped_nginx().await;
    let expired = s.emu.create_key_elsewhere("nightly [expires 2026-01-01]");
    let current = s.emu.create_key_elsewhere("current [expires 2099-01-01]");
    s.open().await;
    let b = &s.page;
    let private = s
        .fill_form_as_owner(&s.request("unused", &["GROUP_READ_ONLY"]))
        .await;
    b.click("Project keys").await;
    b.status_containing("keys are assigned to the project")
        .await;
    let item = |public: &str| format!("//li[@aria-label='Key {public}']");
    b.until("the expired key's flags", || async {
        b.text_of(&item(&expired))
            .await
            .contains("expired on 2026-01-01")
    })
    .await;

    // The deletion is made, its answer lost: the view lists the keys again and sees it gone.
    s.control().inject_faults(r#"{"dropAfterChange":1}"#);
    b.click("Clean up expired keys").await;
    b.accept_confirmation().await;
    b.status_containing(&format!("Deleted key {expired} from the organization"))
        .await;
    assert_eq!(deletes(&s), 1, "one DELETE, never sent again");
    assert_eq!(s.control().created_key(&expired)["inOrg"], false);
    assert_eq!(
        s.control().created_key(&current)["inOrg"],
        true,
        "the key not expired is untouched"
    );
    assert!(
        !b.is_enabled("Clean up expired keys").await,
        "nothing expired is left to clean up"
    );

    // Removing a key from the project: one DELETE of its assignment; it stays in the organization.
    remove_from_project(b, &current).await;
    b.accept_confirmation().await;
    b.status_containing(&format!("Removed key {current} from this project"))
        .await;
    assert_eq!(deletes(&s), 2);
    let kept = s.control().created_key(&current);
    assert_eq!(kept["inOrg"], true, "still in the organization: {kept}");
    assert!(
        !kept["groupIds"].to_string().contains(&s.emu.project()),
        "no longer in the project: {kept}"
    );
    b.assert_nothing_secret_kept(&[&private]).await;
    s.close().await;
}

#[tokio::test]
async fn an_existing_key_is_assigned_once_with_the_roles_ticked_and_a_lost_answer_settled_by_reading(
) {
    let s = Scenario::new("project-keys-assign").shipped_nginx().await;
    let spare = s.emu.create_key_elsewhere("spare key");
    let kept = s.emu.create_key_elsewhere("kept key");
    s.open().await;
    let b = &s.page;
    let private = s
        .fill_form_as_owner(&s.request("unused", &["GROUP_READ_ONLY"]))
        .await;
    b.click("Project keys").await;
    b.status_containing("keys are assigned to the project")
        .await;
    // Take the spare key out of the project: it stays in the organization, in no project.
    remove_from_project(b, &spare).await;
    b.accept_confirmation().await;
    b.status_containing(&format!("Removed key {spare} from this project"))
        .await;

    b.click("List organization keys").await;
    b.until("the organization's keys", || async {
        b.eval("return document.querySelectorAll('#assign-key option').length;")
            .await
            .as_u64()
            .unwrap_or(0)
            > 1
    })
    .await;
    b.assert_accessible("Project keys, assigning an existing key")
        .await;
    let options = b
        .eval(
            "return [...document.querySelectorAll('#assign-key option')].map(o => o.textContent);",
        )
        .await
        .to_string();
    assert!(
        options.contains(&format!("{spare} — spare key")),
        "{options}"
    );
    assert!(
        !options.contains(&kept),
        "a key the project holds is not offered: {options}"
    );
    let spare_id = s.control().created_key(&spare)["id"]
        .as_str()
        .unwrap()
        .to_string();
    b.select("Key", &format!("{spare} — spare key")).await;
    assert!(
        !b.is_enabled("Assign to project").await,
        "no role ticked yet"
    );
    b.find("//input[@id='assign-role-GROUP_READ_ONLY']", "the role")
        .await
        .click()
        .await
        .expect("tick");
    let cli = b
        .text_of("//pre[@aria-label='Atlas CLI assign command']")
        .await;
    assert_eq!(
        cli,
        format!(
            "atlas projects apiKeys assign {spare_id} --role GROUP_READ_ONLY --projectId {}",
            s.emu.project()
        )
    );

    s.control().inject_faults(r#"{"dropAfterChange":1}"#);
    b.click("Assign to project").await;
    b.status_containing(&format!(
        "Assigned key {spare} to this project with GROUP_READ_ONLY"
    ))
    .await;
    let posts = s
        .control()
        .requests()
        .iter()
        .filter(|r| {
            r["method"] == "POST"
                && r["signed"] == true
                && r["path"]
                    == format!(
                        "/api/atlas/v2/groups/{}/apiKeys/{spare_id}",
                        s.emu.project()
                    )
        })
        .count();
    assert_eq!(posts, 1, "sent once, its lost answer settled by reading");
    let now = s.control().created_key(&spare);
    assert!(
        now["groupIds"].to_string().contains(&s.emu.project()),
        "in the project again: {now}"
    );
    assert!(!b.is_enabled("Assign to project").await, "not twice");
    b.assert_nothing_secret_kept(&[&private]).await;
    s.close().await;
}

#[tokio::test]
async fn a_link_to_project_keys_prefills_the_project_and_the_view_opens_on_the_users_press() {
    let s = Scenario::new("project-keys-link").shipped_nginx().await;
    let listed = s.emu.create_key_elsewhere("linked key");
    s.open_link(&format!("?view=project-keys&projectId={}", s.emu.project()))
        .await;
    let b = &s.page;
    b.status_containing("This link is for Project keys of its project")
        .await;
    assert_eq!(b.value_of("Project ID").await, s.emu.project());
    assert!(
        view_files(&b.fetched_paths().await).is_empty(),
        "nothing is loaded, nothing is sent before the user signs in"
    );
    let (public, private) = s.emu.owner();
    b.sign_in(&SignIn::ApiKey {
        public: &public,
        private: &private,
    })
    .await;
    // Signed in, nothing opens by itself while the secret is typed: the user presses.
    assert!(view_files(&b.fetched_paths().await).is_empty());
    b.until("Project keys can be pressed", || async {
        b.is_enabled("Project keys").await
    })
    .await;
    b.click("Project keys").await;
    b.region("Project keys").await;
    b.status_containing("1 key is assigned to the project")
        .await;
    let item = b
        .text_of(&format!("//li[@aria-label='Key {listed}']"))
        .await;
    let today = b
        .eval("return new Date().toISOString().slice(0, 10);")
        .await;
    assert!(
        item.contains(&format!("Created {}", today.as_str().unwrap())),
        "the creation day, read from the key's ObjectId: {item}"
    );
    b.click("Close Project keys").await;
    assert!(b
        .eval("return document.getElementById('project-keys-title') === null;")
        .await
        .as_bool()
        .unwrap());
    b.assert_nothing_secret_kept(&[&private]).await;
    s.close().await;
}
