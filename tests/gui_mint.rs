//! The Mint workbench through `egui_kittest`: widgets found by their accessible labels.

use authlab::UnixTime;
use authlab::config::{Config, SecretEntry};
use authlab::gui::AuthlabApp;
use authlab::gui::app::{Clock, Tab};
use authlab::mint::form::{KeyChoice, MintKind, Minted};
use authlab::token::Flavor;
use authlab::token::jws::{self, JwsKey};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

const NOW: UnixTime = UnixTime(1_767_225_600);

fn harness(config: Config) -> Harness<'static, AuthlabApp> {
    let app = AuthlabApp::with_document(config, String::new(), Clock::Fixed(NOW));
    let mut h =
        Harness::builder().with_size([1400.0, 1000.0]).build_ui_state(|ui, app: &mut AuthlabApp| app.ui_root(ui), app);
    h.run();
    h.get_by_label("Mint").click();
    h.run();
    h
}

fn config(flavor: Flavor, secrets: &[&str]) -> Config {
    Config { version: flavor, secrets: secrets.iter().map(|s| SecretEntry::literal(*s)).collect(), ..Config::default() }
}

fn minted(h: &Harness<'_, AuthlabApp>) -> Minted {
    h.state().minted.clone().expect("something was minted").unwrap_or_else(|e| panic!("mint failed: {e:?}"))
}

#[test]
fn oauth_preset_with_big_tokens_mints_a_chunked_cookie_that_decodes_accepted() {
    let mut h = harness(config(Flavor::V5, &["gui-oauth-secret"]));
    h.state_mut().doc.mint.oauth_sizes = [3_000, 500, 6_000];
    h.get_by_label("OAuth user").click();
    h.run();
    assert!(h.state().doc.mint.claims_text.contains("\"idToken\""), "preset applied");
    h.get_by_label("Mint token").click();
    h.run();
    let Minted::Session { token, outputs, .. } = minted(&h) else { panic!("a session token") };
    // ~9.6 KB of claims are a ~12.9 KB token: four v5 cookies of at most 3936 characters.
    assert_eq!(outputs.cookies.len(), 4);
    assert_eq!(outputs.cookies.len(), token.len().div_ceil(3936));
    assert!(outputs.cookies.iter().take(3).all(|c| c.value.len() == 3936));
    assert!(h.query_by_label_contains("4 cookie(s)").is_some());
    h.get_by_label("Decode this").click();
    h.run();
    assert_eq!(h.state().tab, Tab::Decode);
    assert!(h.query_by_label("ACCEPTED").is_some(), "{:?}", h.state().verdict.codes());
    let v = &h.state().verdict;
    assert_eq!(v.chunks.len(), 4);
    let claims = v.claims.as_ref().unwrap();
    assert_eq!(claims["accessToken"].as_str().unwrap().len(), 3_000);
    assert_eq!(claims["sub"], "1001");
}

#[test]
fn invalid_json_shows_line_and_column_and_keeps_the_text() {
    let mut h = harness(config(Flavor::V4, &["gui-json-secret"]));
    h.state_mut().doc.mint.claims_text = String::new();
    h.run();
    h.get_by_label("Claims (JSON)").focus();
    h.run();
    h.get_by_label("Claims (JSON)").type_text("{\"sub\": \"1\",\n  \"role\" \"admin\"}");
    h.run();
    assert!(
        h.query_by_label_contains("Claims JSON: line 2, column 10: expected `:`").is_some(),
        "error shown as you type"
    );
    h.get_by_label("Mint token").click();
    h.run();
    let errors = h.state().minted.clone().unwrap().expect_err("invalid claims do not mint");
    assert_eq!(errors, ["Claims: line 2, column 10: expected `:`"]);
    assert_eq!(h.state().doc.mint.claims_text, "{\"sub\": \"1\",\n  \"role\" \"admin\"}", "the text is kept");
    // The quick fields are disabled while the JSON is broken: typing there changes nothing.
    assert!(!h.get_by_label("Claim email").is_focused());
}

#[test]
fn quick_fields_and_times_write_the_token() {
    let mut h = harness(config(Flavor::V5, &["gui-quick-secret"]));
    h.get_by_label("Claim email").focus();
    h.run();
    h.get_by_label("Claim email").type_text("x");
    h.run();
    h.get_by_label("Claim role").focus();
    h.run();
    h.get_by_label("Claim role").type_text("admin");
    h.run();
    assert!(h.state().doc.mint.claims_text.contains("\"role\": \"admin\""), "{}", h.state().doc.mint.claims_text);
    h.get_by_label("exp (expires)").focus();
    h.run();
    h.get_by_label("exp (expires)").type_text("+5m");
    h.run();
    assert!(h.query_by_label_contains("2026-01-01 00:05:00 UTC (in 5 min)").is_some(), "parsed time preview");
    h.get_by_label("Mint token").click();
    h.run();
    h.get_by_label("Decode this").click();
    h.run();
    let claims = h.state().verdict.claims.clone().expect("opened");
    assert_eq!(claims["role"], "admin");
    assert_eq!(claims["email"], "ada@example.comx", "typed at the end of the preset's email");
    assert_eq!(claims["exp"], NOW.0 + 300);
    assert!(h.query_by_label("ACCEPTED").is_some());
}

#[test]
fn minting_with_the_second_secret_reproduces_drift_in_v4() {
    let mut h = harness(config(Flavor::V4, &["new-secret", "old-secret"]));
    h.run();
    h.get_by_label("Mint key").click();
    h.run();
    h.get_by_label("Secret #2 · literal in config").click();
    h.run();
    assert_eq!(h.state().doc.mint.key, KeyChoice::Configured(1));
    assert!(h.query_by_label_contains("Not the encrypting secret").is_some());
    h.get_by_label("Mint token").click();
    h.run();
    h.get_by_label("Decode this").click();
    h.run();
    assert!(h.query_by_label("REJECTED").is_some());
    let v = &h.state().verdict;
    assert_eq!(v.library_error.as_ref().map(|e| e.name.as_str()), Some("JWEDecryptionFailed"));
    assert!(v.claims.is_some(), "the cause search opens it with secret #2: {:?}", v.codes());
}

#[test]
fn generated_es256_pair_signs_a_jws_that_verifies_with_the_public_key() {
    let mut h = harness(config(Flavor::V5, &["unused-for-es256"]));
    h.get_by_label("Signed JWT (JWS)").click();
    h.run();
    // Pick the algorithm as a user does: open the combo box, click the item.
    h.get_by_label("JWS algorithm").click();
    h.run();
    h.get_by_label("ES256").scroll_to_me();
    h.run();
    h.get_by_label("ES256").click();
    h.run();
    assert_eq!(h.state().doc.mint.jws_alg, "ES256");
    h.get_by_label("Generate test key pair").click();
    h.run();
    let form = h.state().doc.mint.clone();
    assert_eq!(form.kind, MintKind::Jws);
    assert!(form.jws_private_pem.starts_with("-----BEGIN PRIVATE KEY-----"));
    h.get_by_label("Mint token").click();
    h.run();
    let m = minted(&h);
    let claims = jws::verify(m.token(), "ES256", &JwsKey::Pem(form.jws_public_pem.clone())).expect("verifies");
    assert_eq!(claims["sub"], "1");
    assert!(h.query_by_label("Public key (PEM)").is_some());
    h.get_by_label("Decode this").click();
    h.run();
    assert_eq!(h.state().doc.paste, m.token(), "a JWS goes to the paste box bare");
    assert!(h.state().verdict.has("token.signed_not_encrypted"), "{:?}", h.state().verdict.codes());
}
