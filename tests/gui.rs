//! GUI flows with `egui_kittest`: widgets found by their accessible labels, no display needed.

use authlab::UnixTime;
use authlab::config::{Config, SecretEntry};
use authlab::gui::AuthlabApp;
use authlab::gui::app::Clock;
use authlab::token::Flavor;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use crate::util::case;

fn harness(app: AuthlabApp) -> Harness<'static, AuthlabApp> {
    Harness::builder().with_size([1400.0, 900.0]).build_ui_state(|ui, app: &mut AuthlabApp| app.ui_root(ui), app)
}

const PASTE_LABEL: &str = "Paste a token, a Cookie header or an Authorization header";

#[test]
fn opens_on_the_example_with_a_live_accepted_verdict() {
    let mut h = harness(AuthlabApp::new(None, Clock::System));
    h.run();
    assert!(h.query_by_label("ACCEPTED").is_some(), "the bundled example shows an accepted sample cookie");
    assert_eq!(h.state().verdict.claims.as_ref().unwrap()["email"], "ada@example.com");
    // The secret is masked by default: its text is not in the accessibility tree.
    let secret = h.state().doc.secret_texts[0].clone();
    assert!(h.query_by_value(&secret).is_none(), "secret shown in clear");
}

#[test]
fn paste_a_token_then_change_the_secret() {
    let c = case("v5-valid");
    let secret = c["secret"].as_str().unwrap();
    let config = Config { version: Flavor::V5, secrets: vec![SecretEntry::literal(secret)], ..Config::default() };
    let app = AuthlabApp::with_document(config, String::new(), Clock::Fixed(UnixTime(c["now"].as_i64().unwrap())));
    let mut h = harness(app);
    h.run();
    assert!(h.query_by_label("REJECTED").is_some(), "empty paste box is rejected");

    let paste = h.get_by_label(PASTE_LABEL);
    paste.focus();
    h.run();
    h.get_by_label(PASTE_LABEL).type_text(c["token"].as_str().unwrap());
    h.run();
    assert!(h.query_by_label("ACCEPTED").is_some(), "findings: {:?}", h.state().verdict.codes());
    assert_eq!(h.state().verdict.claims.as_ref().unwrap()["sub"], "1001");

    // Edit the secret: one more character makes it another secret.
    h.get_by_label("Secret 1").focus();
    h.run();
    h.get_by_label("Secret 1").type_text("x");
    h.run();
    assert!(h.query_by_label("REJECTED").is_some());
    assert!(h.state().verdict.has("secret.mismatch"), "{:?}", h.state().verdict.codes());
    assert!(h.query_by_label_contains("The token was made with a different secret").is_some());
    assert!(h.query_all_by_label_contains("no matching decryption secret").next().is_some());
}

#[test]
fn mint_then_decode_this() {
    let config =
        Config { version: Flavor::V4, secrets: vec![SecretEntry::literal("gui-mint-secret")], ..Config::default() };
    let app = AuthlabApp::with_document(config, String::new(), Clock::Fixed(UnixTime(1_767_225_600)));
    let mut h = harness(app);
    h.run();
    h.get_by_label("Mint").click();
    h.run();
    h.get_by_label("Mint token").click();
    h.run();
    let minted = h.state().minted.clone().expect("minted").expect("ok");
    let token = minted.token();
    assert!(token.starts_with("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.."));
    h.get_by_label("Decode this").click();
    h.run();
    assert_eq!(h.state().doc.paste, format!("Cookie: next-auth.session-token={token}"));
    assert!(h.query_by_label("ACCEPTED").is_some(), "{:?}", h.state().verdict.codes());
}
