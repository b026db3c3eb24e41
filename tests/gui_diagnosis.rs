//! GUI flows for the diagnosis: readers edited in the config panel and judged in the
//! matrix, the time modes, and a HAR read off the UI thread. Widgets found by label.

use authlab::UnixTime;
use authlab::config::{Config, SecretEntry};
use authlab::gui::AuthlabApp;
use authlab::gui::app::Clock;
use authlab::token::Flavor;
use authlab::token::nextauth::{self, MintParams};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use serde_json::json;

use super::gui_workshop::Dropped;

const NOW: UnixTime = UnixTime(1_767_229_200);
const SECRET: &str = "gui-readers-Kq8Vz3Lm7Xp2Rt9Wd4Hn6Bc1";

fn harness(app: AuthlabApp) -> Harness<'static, AuthlabApp> {
    Harness::builder().with_size([1400.0, 1000.0]).build_ui_state(|ui, app: &mut AuthlabApp| app.ui_root(ui), app)
}

fn token(salt: &str, max_age_secs: i64) -> String {
    nextauth::encode(
        Flavor::V5,
        &MintParams {
            claims: json!({"sub": "42"}).as_object().cloned().unwrap(),
            secret: SECRET,
            salt,
            max_age_secs,
            now: NOW.plus_secs(-60),
            iv: &[3; 16],
            jti: nextauth::uuid_v4([4; 16]),
        },
    )
    .unwrap()
}

fn https_app(paste: String) -> AuthlabApp {
    let config = Config {
        version: Flavor::V5,
        url: Some("https://app.example.com".into()),
        secrets: vec![SecretEntry::literal(SECRET)],
        ..Config::default()
    };
    AuthlabApp::with_document(config, paste, Clock::Fixed(NOW))
}

#[test]
fn add_a_reader_see_it_reject_then_fix_its_cookie_name() {
    let paste = format!("Cookie: __Secure-authjs.session-token={}", token("__Secure-authjs.session-token", 3600));
    let mut h = harness(https_app(paste));
    h.run();
    assert!(h.query_by_label("ACCEPTED").is_some(), "{:?}", h.state().verdict.codes());
    h.get_by_label("Add reader").click();
    h.run();
    assert_eq!(h.state().doc.config.readers.len(), 1);
    assert_eq!(h.state().verdict.readers.len(), 2);
    assert!(h.query_by_label("middleware rejects").is_some(), "v5 getToken() defaults to secureCookie: false");
    assert!(h.state().verdict.has("reader.cookie_name_drift"));
    assert!(h.query_by_label("ACCEPTED").is_some(), "the app's outcome is unchanged");

    h.get_by_label("Reader 1 cookie name").focus();
    h.run();
    h.get_by_label("Reader 1 cookie name").type_text("__Secure-authjs.session-token");
    h.run();
    assert!(h.query_by_label("middleware accepts").is_some(), "{:?}", h.state().verdict.readers[1].findings);
    assert!(h.state().doc.config.to_toml().contains("cookie_name = \"__Secure-authjs.session-token\""));
    assert!(h.state().doc.text.contains("cookie_name = \"__Secure-authjs.session-token\""), "what Save writes");

    // The config panel scrolls: bring the button into view before clicking it like a user would.
    h.get_by_label("Remove reader 1").scroll_to_me();
    h.run();
    h.get_by_label("Remove reader 1").click();
    h.run();
    assert!(!h.state().doc.text.contains("[[readers]]"), "removed from the file's text too");
    assert!(h.state().verdict.readers.len() == 1 && h.query_by_label("middleware accepts").is_none());
}

#[test]
fn time_modes_pick_a_date_and_slide_past_expiry() {
    let paste = format!("Cookie: authjs.session-token={}", token("authjs.session-token", 3600));
    let mut h = harness(https_app(paste));
    h.state_mut().doc.config.url = Some("http://localhost:3000".into());
    h.run();
    assert!(h.query_by_label("ACCEPTED").is_some(), "{:?}", h.state().verdict.codes());
    assert!(h.query_by_label("expires (exp)").is_some(), "the timeline is shown");

    h.get_by_label("Pick a time").click();
    h.run();
    h.state_mut().time.picked_text.clear();
    h.get_by_label("Evaluate at (UTC)").focus();
    h.run();
    h.get_by_label("Evaluate at (UTC)").type_text("2026-03-01 00:00:00");
    h.run();
    assert_eq!(h.state().now, UnixTime(1_772_323_200));
    assert!(h.query_by_label("REJECTED").is_some());
    assert!(h.state().verdict.has("token.expired"), "{:?}", h.state().verdict.codes());

    h.get_by_label("Slide across the token's life").click();
    h.run();
    let exp = NOW.0 - 60 + 3600;
    h.state_mut().time.slider_secs = exp + 14;
    h.run();
    assert!(h.query_by_label("ACCEPTED").is_some(), "exp + 14 s is still accepted");
    h.state_mut().time.slider_secs = exp + 15;
    h.run();
    assert!(h.query_by_label("REJECTED").is_some(), "exp + 15 s is not");

    h.get_by_label("Now").click();
    h.run();
    assert_eq!(h.state().now, NOW);
}

#[test]
fn a_har_is_read_off_the_ui_thread_and_a_request_is_picked() {
    let dir = std::env::temp_dir().join(format!("authlab-gui-har-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("session.har");
    let good = token("authjs.session-token", 3600);
    let har = format!(
        r#"{{"log": {{"entries": [
            {{"startedDateTime": "2026-01-01T00:59:00Z", "request": {{"method": "GET", "url": "https://app/logo.png", "headers": []}}}},
            {{"startedDateTime": "2026-01-01T01:00:00Z", "request": {{"method": "GET", "url": "https://app/api/auth/session",
              "headers": [{{"name": "cookie", "value": "theme=dark; authjs.session-token={good}"}}]}},
              "response": {{"status": 200, "content": {{"text": "{}"}}}}}}
        ]}}}}"#,
        "x".repeat(500_000)
    );
    std::fs::write(&path, har).unwrap();
    let mut h = harness(AuthlabApp::with_document(
        Config { version: Flavor::V5, secrets: vec![SecretEntry::literal(SECRET)], ..Config::default() },
        String::new(),
        Clock::Fixed(NOW),
    ));
    h.run();
    h.get_by_label("HAR file").click();
    h.run();
    h.get_by_label("HAR file path").focus();
    h.run();
    h.get_by_label("HAR file path").type_text(path.to_str().unwrap());
    h.run();
    h.get_by_label("Load HAR").click();
    // The worker thread reads the file; the frame loop polls it.
    for _ in 0..2000 {
        h.run();
        if h.state().har.doc.is_some() {
            break;
        }
        std::thread::yield_now();
    }
    let doc = h.state().har.doc.clone().expect("the HAR was read");
    assert_eq!((doc.total_entries, doc.entries.len()), (2, 1));
    h.get_by_label_contains("#1 2026-01-01T01:00:00Z GET https://app/api/auth/session").click();
    h.run();
    assert!(h.state().doc.paste.starts_with("Cookie: theme=dark; authjs.session-token="));
    assert!(h.query_by_label("ACCEPTED").is_some(), "{:?}", h.state().verdict.codes());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn dropped_files_go_where_they_belong_a_har_to_the_reader_a_toml_to_the_config() {
    let dir = std::env::temp_dir().join(format!("authlab-gui-drop-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let har_path = dir.join("dropped.har");
    let good = token("authjs.session-token", 3600);
    std::fs::write(
        &har_path,
        format!(
            r#"{{"log": {{"entries": [{{"startedDateTime": "2026-01-01T01:00:00Z", "request": {{"method": "GET",
               "url": "https://app/api/auth/session", "headers": [{{"name": "Cookie", "value": "authjs.session-token={good}"}}]}}}}]}}}}"#
        ),
    )
    .unwrap();
    let toml_path = dir.join("dropped.authlab.toml");
    std::fs::write(&toml_path, format!("version = \"v5\"\nsecrets = [\"{SECRET}\"]\n")).unwrap();
    let mut h = harness(AuthlabApp::with_document(
        Config { version: Flavor::V4, secrets: vec![SecretEntry::literal(SECRET)], ..Config::default() },
        String::new(),
        Clock::Fixed(NOW),
    ));
    h.run();
    // A HAR dropped on the window is read (off the UI thread), not taken for a config.
    h.input_mut().dropped_files.push(std::sync::Arc::new(Dropped(har_path.clone())));
    for _ in 0..2000 {
        h.run();
        if h.state().har.doc.is_some() {
            break;
        }
        std::thread::yield_now();
    }
    let doc = h.state().har.doc.clone().expect("the dropped HAR was read");
    assert_eq!(doc.entries.len(), 1);
    assert_eq!(h.state().doc.config.version, Flavor::V4, "the config is untouched by a HAR drop");
    assert!(h.state().config_problems.is_empty() && h.state().config_path.is_none());
    // A TOML dropped on the window loads as the config (the document is clean, so nothing is asked).
    h.input_mut().dropped_files.push(std::sync::Arc::new(Dropped(toml_path.clone())));
    h.run();
    assert_eq!(h.state().doc.config.version, Flavor::V5);
    assert_eq!(h.state().config_path.as_deref(), Some(toml_path.as_path()));
    let _ = std::fs::remove_dir_all(&dir);
}
