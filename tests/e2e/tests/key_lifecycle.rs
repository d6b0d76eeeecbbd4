//! The key's first hour, through real proxies: the new key's access list and its test (through nginx
//! and through cors-anywhere), the search for a key whose create answer was lost and its deletion,
//! and a rotation that removes the old key only after the user confirms.

use keymint_e2e::*;

const ENTRIES: &str = "203.0.113.10\n198.51.100.0/24";
/// The address the emulator says it saw (as Atlas names the proxy's public address).
const SEEN: &str = "192.0.2.44";

/// Create, add two entries, test the key; then with access lists enforced and the address Atlas
/// sees missing, the test names it, and adding it makes the test pass.
async fn access_list_then_test(s: &Scenario, desc: &str) {
    let b = &s.page;
    let (reveal, private) = s
        .create_as_owner(&s.request(desc, &["GROUP_READ_ONLY"]))
        .await;
    let key = s.the_key_shown_in(&reveal);
    let public = key["publicKey"].as_str().unwrap().to_string();
    let new_private = key["privateKey"].as_str().unwrap().to_string();
    b.region("Access list").await;

    b.type_into("Access list entries", ENTRIES).await;
    let cli = b
        .text_of("//pre[@aria-label='Atlas CLI access-list command']")
        .await;
    assert!(
        cli.contains("atlas organizations apiKeys accessLists create")
            && cli.contains("--ip 203.0.113.10")
            && cli.contains("--cidr 198.51.100.0/24"),
        "{cli}"
    );
    b.click("Add to access list").await;
    let held = b
        .status_containing("Atlas holds 2 access-list entries")
        .await;
    assert!(held.contains("198.51.100.0/24"), "{held}");
    assert_eq!(
        s.control().created_key(&public)["accessList"],
        serde_json::json!(["203.0.113.10/32", "198.51.100.0/24"]),
        "the emulator holds both entries for the new key"
    );

    b.click("Test the new key").await;
    b.status_containing("The new key works").await;

    s.control().set_access_lists(&format!(
        r#"{{"mode":"whenListed","seenAddress":"{SEEN}"}}"#
    ));
    b.click("Test the new key").await;
    let refused = b.alert_containing("not on its access list").await;
    assert!(
        refused.contains(SEEN),
        "says which address to add: {refused}"
    );
    b.click(&format!("Add {SEEN} to the access list")).await;
    b.status_containing("Atlas holds 3 access-list entries")
        .await;
    b.click("Test the new key").await;
    b.status_containing("The new key works").await;
    assert_eq!(s.emu.created_keys().len(), 1, "no second key");

    b.assert_nothing_secret_kept(&[&private, &new_private])
        .await;
}

#[tokio::test]
async fn access_list_and_key_test_through_nginx() {
    let s = Scenario::new("lifecycle").shipped_nginx().await;
    s.open().await;
    access_list_then_test(&s, "first hour via nginx").await;
    s.close().await;
}

#[tokio::test]
async fn access_list_and_key_test_through_cors_anywhere() {
    let s = Scenario::new("lifecycle-cors")
        .with_cors_anywhere()
        .static_site()
        .await;
    s.open_through_cors_anywhere().await;
    access_list_then_test(&s, "first hour via cors-anywhere").await;
    s.close().await;
}

#[tokio::test]
async fn a_key_whose_answer_was_lost_is_found_and_deleted() {
    let s = Scenario::new("lost-key").shipped_nginx().await;
    let b = &s.page;
    let other = s.emu.create_key_elsewhere("someone else's key");
    s.open().await;
    let private = s
        .fill_form_as_owner(&s.request("lost answer", &["GROUP_READ_ONLY"]))
        .await;

    s.control().inject_faults(r#"{"dropAfterCreate":1}"#);
    b.create().await;
    b.region("Check Atlas before trying again").await;
    let made: Vec<_> = s
        .emu
        .created_keys()
        .into_iter()
        .filter(|k| k["publicKey"] != other.as_str())
        .collect();
    assert_eq!(made.len(), 1, "the create happened once");
    let lost = made[0]["publicKey"].as_str().unwrap().to_string();
    let lost_private = made[0]["privateKey"].as_str().unwrap().to_string();

    b.click("Look for the key in Atlas").await;
    let found = b.status_containing("Found 1 key described").await;
    assert!(found.contains("lost answer"), "{found}");
    let page = b.source().await;
    assert!(page.contains(&format!("Delete key {lost}")));
    assert!(
        !page.contains(&format!("Delete key {other}")),
        "only that key"
    );
    assert!(page.contains("cannot be") && page.contains("recovered"));
    assert!(!page.contains(&lost_private), "the list is masked");

    b.click(&format!("Delete key {lost}")).await;
    b.accept_confirmation().await;
    b.status_containing(&format!("Deleted key {lost}")).await;
    assert_eq!(
        s.control().created_key(&lost)["inOrg"],
        false,
        "Atlas no longer has it"
    );
    assert_eq!(
        s.control().created_key(&other)["inOrg"],
        true,
        "the other key is untouched"
    );
    assert_eq!(
        s.emu.created_keys().len(),
        2,
        "no second key was ever created"
    );

    b.click("I have checked: back to the form").await;
    b.button("Create API key").await;
    assert_eq!(s.emu.created_keys().len(), 2, "nothing was sent again");
    b.assert_nothing_secret_kept(&[&private, &lost_private])
        .await;
    s.close().await;
}

#[tokio::test]
async fn rotation_copies_roles_and_access_list_and_removes_the_old_key_after_confirmation() {
    let s = Scenario::new("rotation").shipped_nginx().await;
    let b = &s.page;
    s.open().await;
    let roles = ["GROUP_READ_ONLY", "GROUP_CLUSTER_MANAGER"];
    let (reveal, private) = s.create_as_owner(&s.request("ci deploy", &roles)).await;
    let old = s.the_key_shown_in(&reveal);
    let old_public = old["publicKey"].as_str().unwrap().to_string();
    b.type_into("Access list entries", ENTRIES).await;
    b.click("Add to access list").await;
    b.status_containing("Atlas holds 2 access-list entries")
        .await;
    b.click("Download").await;
    b.click("Done").await;

    // Rotation lives in Project keys, a view that loads when opened.
    b.click("Project keys").await;
    b.status_containing("1 key is assigned to the project")
        .await;
    b.click(&format!("Rotate key {old_public}")).await;
    b.region("Rotate a key").await;
    let desc = b.value_of("New key description").await;
    assert!(desc.starts_with("ci deploy (rotated "), "{desc}");
    b.click("Start rotation").await;
    b.click("Read the access list of the old key").await;
    b.click("Create the new key").await;
    // The new key is shown once, in the view, with the rotation's next steps below it.
    let reveal = b.reveal_text().await;
    assert!(
        reveal.contains("Copy the access list to the new key"),
        "{reveal}"
    );
    let keys = s.emu.created_keys();
    assert_eq!(keys.len(), 2, "one new key");
    let new = keys
        .into_iter()
        .find(|k| k["publicKey"] != old_public.as_str())
        .unwrap();
    let new_public = new["publicKey"].as_str().unwrap().to_string();
    assert!(
        reveal.contains(new["privateKey"].as_str().unwrap()),
        "shown as any create"
    );

    b.click("Copy the access list to the new key").await;
    b.button("I have replaced it everywhere").await;
    let new = s.control().created_key(&new_public);
    let old = s.control().created_key(&old_public);
    assert_eq!(new["roles"], old["roles"], "same roles");
    assert_eq!(new["accessList"], old["accessList"], "same entries");
    assert_eq!(
        new["accessList"],
        serde_json::json!(["203.0.113.10/32", "198.51.100.0/24"])
    );
    assert_eq!(
        old["inOrg"], true,
        "the old key stays until the confirmation"
    );

    b.click("I have replaced it everywhere").await;
    let done = b.status_containing("Rotation finished").await;
    assert!(done.contains("deleted from the organization"), "{done}");
    assert_eq!(
        s.control().created_key(&old_public)["inOrg"],
        false,
        "the old key is gone"
    );
    assert_eq!(s.control().created_key(&new_public)["inOrg"], true);
    assert_eq!(s.emu.created_keys().len(), 2, "no other key was created");
    b.assert_nothing_secret_kept(&[
        &private,
        old["privateKey"].as_str().unwrap(),
        new["privateKey"].as_str().unwrap(),
    ])
    .await;
    s.close().await;
}

/// Signed requests the emulator received with `method` on a path containing `path_part`,
/// answered or not.
fn signed(s: &Scenario, method: &str, path_part: &str) -> usize {
    s.control()
        .requests()
        .iter()
        .filter(|r| {
            r["method"] == method
                && r["signed"] == true
                && r["path"].as_str().is_some_and(|p| p.contains(path_part))
        })
        .count()
}

#[tokio::test]
async fn an_access_list_add_whose_answer_was_lost_is_settled_by_reading_atlas_never_sent_twice() {
    let s = Scenario::new("lost-change").shipped_nginx().await;
    let b = &s.page;
    s.open().await;
    let (reveal, private) = s
        .create_as_owner(&s.request("lost change", &["GROUP_READ_ONLY"]))
        .await;
    let key = s.the_key_shown_in(&reveal);
    let public = key["publicKey"].as_str().unwrap().to_string();
    let new_private = key["privateKey"].as_str().unwrap().to_string();
    b.region("Access list").await;
    b.type_into("Access list entries", ENTRIES).await;

    // The add is made, its answer lost: the page reads the list and shows what Atlas holds.
    s.control().inject_faults(r#"{"dropAfterChange":1}"#);
    b.click("Add to access list").await;
    let held = b
        .status_containing("Atlas holds 2 access-list entries")
        .await;
    assert!(held.contains("203.0.113.10"), "{held}");
    assert_eq!(
        signed(&s, "POST", "/accessList"),
        1,
        "the add was sent once"
    );
    assert!(signed(&s, "GET", "/accessList") >= 1, "settled by a read");

    // Lost again, and the read fails too: the outcome stays unknown until "Check Atlas".
    b.type_into("Access list entries", "192.0.2.7").await;
    s.control()
        .inject_faults(r#"{"dropAfterChange":1,"failReads":1}"#);
    b.click("Add to access list").await;
    let unknown = b.alert_containing("Atlas may have made the change").await;
    assert!(unknown.contains("Check Atlas"), "{unknown}");
    assert!(
        !b.is_enabled("Add to access list").await,
        "no second add before Atlas is read"
    );
    assert_eq!(signed(&s, "POST", "/accessList"), 2, "one more add, once");
    b.click("Check Atlas").await;
    let held = b
        .status_containing("Atlas holds 3 access-list entries")
        .await;
    assert!(held.contains("192.0.2.7"), "{held}");
    assert_eq!(signed(&s, "POST", "/accessList"), 2, "the check only read");
    assert_eq!(
        s.control().created_key(&public)["accessList"],
        serde_json::json!(["203.0.113.10/32", "198.51.100.0/24", "192.0.2.7/32"]),
    );
    b.assert_nothing_secret_kept(&[&private, &new_private])
        .await;
    s.close().await;
}

#[tokio::test]
async fn a_delete_whose_answer_was_lost_is_settled_by_listing_the_project_again() {
    let s = Scenario::new("lost-delete").shipped_nginx().await;
    let b = &s.page;
    s.open().await;
    let private = s
        .fill_form_as_owner(&s.request("lost delete", &["GROUP_READ_ONLY"]))
        .await;
    s.control().inject_faults(r#"{"dropAfterCreate":1}"#);
    b.create().await;
    b.region("Check Atlas before trying again").await;
    let made = s.emu.created_keys();
    let lost = made[0]["publicKey"].as_str().unwrap().to_string();
    let lost_private = made[0]["privateKey"].as_str().unwrap().to_string();
    b.click("Look for the key in Atlas").await;
    b.status_containing("Found 1 key described").await;

    s.control().inject_faults(r#"{"dropAfterChange":1}"#);
    b.click(&format!("Delete key {lost}")).await;
    b.accept_confirmation().await;
    b.status_containing(&format!("Deleted key {lost}")).await;
    assert_eq!(
        signed(&s, "DELETE", "/apiKeys/"),
        1,
        "the delete was sent once"
    );
    assert_eq!(s.control().created_key(&lost)["inOrg"], false);
    b.assert_nothing_secret_kept(&[&private, &lost_private])
        .await;
    s.close().await;
}
