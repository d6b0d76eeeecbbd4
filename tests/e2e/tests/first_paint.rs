//! The first paint does not wait for the wasm: index.html carries the page's header, and the app
//! replaces it with the very same markup (so nothing moves when it mounts, and it is not shown twice).

use keymint_e2e::processes::{config, dist_copy, StaticServer};
use keymint_e2e::*;

#[tokio::test]
async fn the_header_is_in_index_html_and_the_app_renders_the_same_one_once() {
    let site_dir = dist_copy("first-paint", config("atlas", "", ""));
    let site = StaticServer::start(&site_dir);
    let html = std::fs::read_to_string(site_dir.join("index.html")).expect("index.html");
    assert!(
        html.contains("<div id=\"app\"><header class=\"site-header\"><h1>Keymint</h1>"),
        "the header is static markup, painted before any script runs"
    );
    let b = KeymintPage::start("first-paint").await;
    b.open(&format!("{}/", site.origin)).await;
    let check = b
        .eval(
            "return [document.querySelectorAll('h1').length,
                     document.querySelector('#app > header.site-header').outerHTML];",
        )
        .await;
    assert_eq!(check[0], 1, "one heading: the placeholder was replaced");
    let static_header = html
        .split("<div id=\"app\">")
        .nth(1)
        .and_then(|rest| rest.split("</header>").next())
        .map(|h| format!("{h}</header>"))
        .unwrap_or_default();
    assert_eq!(
        check[1].as_str().unwrap_or_default(),
        static_header,
        "the app's header is the one painted first"
    );
    b.close().await;
}
