//! GUI flows of the config workshop (`egui_kittest`, widgets found by accessible label):
//! a broken file fixed in the text editor and saved, adding a provider, generating a
//! secret (masked) and undoing it, the unsaved-changes question, a failed save, drag and drop.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use authlab::UnixTime;
use authlab::config::{Config, ProviderKind, SecretEntry};
use authlab::gui::AuthlabApp;
use authlab::gui::app::Clock;
use base64::Engine as _;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

const STRONG: &str = "Zq3v8M0r5Xb1Lk7Tn2Wy6Ps4Hd9Gf0Ce";
const NOW: UnixTime = UnixTime(1_767_225_600);

fn harness(app: AuthlabApp) -> Harness<'static, AuthlabApp> {
    Harness::builder().with_size([1400.0, 1400.0]).build_ui_state(|ui, app: &mut AuthlabApp| app.ui_root(ui), app)
}

fn app_with(config: Config) -> AuthlabApp {
    AuthlabApp::with_document(config, String::new(), Clock::Fixed(NOW))
}

const BROKEN: &str = "# the shop's auth\nversion = \"v4\" # keep\nsecrets = [\"Zq3v8M0r5Xb1Lk7Tn2Wy6Ps4Hd9Gf0Ce\"]\n\n[session]\nmax_age_secs = \"long\"\n";
const FIXED: &str = "# the shop's auth\nversion = \"v4\" # keep\nsecrets = [\"Zq3v8M0r5Xb1Lk7Tn2Wy6Ps4Hd9Gf0Ce\"]\n\n[session]\nmax_age_secs = 3600\n";

#[test]
fn load_a_file_with_an_error_fix_it_in_the_editor_and_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.toml");
    std::fs::write(&path, BROKEN).unwrap();
    let store = dir.path().join("state/recent.json");
    let mut app = AuthlabApp::new(None, Clock::Fixed(NOW));
    app.set_recent_store(Some(store.clone()));
    let mut h = harness(app);
    h.run();

    h.get_by_label("Path").focus();
    h.run();
    h.get_by_label("Path").type_text(&path.display().to_string());
    h.run();
    h.get_by_label("Load path").click();
    h.run();
    // Every error with line and column, and the raw text kept in an editor.
    assert!(
        h.query_by_label_contains("line 6:16 — `session.max_age_secs` must be a whole number").is_some(),
        "{:?}",
        h.state().config_problems
    );
    assert_eq!(h.get_by_label("Config text (TOML)").value().as_deref(), Some(BROKEN));

    h.get_by_label("Config text (TOML)").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_label("Config text (TOML)").type_text(FIXED);
    h.run();
    assert!(h.state().config_problems.is_empty(), "{:?}", h.state().config_problems);
    assert_eq!(h.state().doc.config.session.max_age_secs, 3600);
    assert!(h.state().title().contains("(unsaved changes)"));

    h.get_by_label("Save").click();
    h.run();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED, "comments kept");
    assert!(!h.state().is_dirty());
    assert_eq!(h.state().title(), "shop.toml — authlab");
    // Recent files: the path only, in the injected store.
    let recent = std::fs::read_to_string(&store).unwrap();
    assert!(recent.contains("shop.toml") && !recent.contains(STRONG), "{recent}");
}

#[test]
fn an_unreadable_value_survives_editing_other_fields_and_saving() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.toml");
    std::fs::write(&path, BROKEN).unwrap();
    let mut h = harness(AuthlabApp::new(Some(&path), Clock::Fixed(NOW)));
    h.run();
    h.get_by_label("Adapter").focus();
    h.run();
    h.get_by_label("Adapter").type_text("prisma");
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("max_age_secs = \"long\""), "the user's value is theirs to fix: {saved}");
    assert!(saved.contains("adapter = \"prisma\"") && saved.starts_with("# the shop's auth\n"), "{saved}");
}

#[test]
fn add_a_provider_and_see_its_lint_next_to_it() {
    let config = Config { secrets: vec![SecretEntry::literal(STRONG)], ..Config::default() };
    let mut h = harness(app_with(config));
    h.run();
    h.get_by_label("Add provider").click();
    h.run();
    let providers = &h.state().doc.config.providers;
    assert_eq!(providers.len(), 1);
    assert_eq!((providers[0].kind, providers[0].id.as_str()), (ProviderKind::Oauth, "provider-1"));
    // Shown twice: next to the provider, and in the verdict panel.
    assert_eq!(h.query_all_by_label("Error: Provider `provider-1` has no client id / client secret").count(), 2);
    assert!(h.state().verdict.has("config.provider_missing_client"));
    // The text that Save writes follows the model.
    assert!(
        h.state().doc.text.contains("[[providers]]\nkind = \"oauth\"\nid = \"provider-1\""),
        "{}",
        h.state().doc.text
    );

    h.get_by_label("Provider 1 client id").focus();
    h.run();
    h.get_by_label("Provider 1 client id").type_text("shop-client");
    h.run();
    h.get_by_label("Provider 1 client secret").focus();
    h.run();
    h.get_by_label("Provider 1 client secret").type_text("shop-client-secret");
    h.run();
    assert!(h.query_by_label_contains("has no client").is_none(), "fixed in place");
    assert!(h.query_by_value("shop-client-secret").is_none(), "client secret masked");
}

#[test]
fn generate_a_secret_masked_then_undo_and_redo() {
    let config = Config { secrets: vec![SecretEntry::literal(STRONG)], ..Config::default() };
    let mut h = harness(app_with(config));
    h.run();
    assert!(!h.state().is_dirty());
    h.get_all_by_label("Generate").next().unwrap().click();
    h.run();
    let generated = h.state().doc.secret_texts[0].clone();
    assert_ne!(generated, STRONG);
    let bytes = base64::engine::general_purpose::STANDARD.decode(&generated).unwrap();
    assert_eq!(bytes.len(), 32);
    assert!(h.query_by_value(&generated).is_none(), "generated secret shown in clear");
    assert_eq!(h.state().doc.config.resolved_secrets()[0].0.expose(), generated);
    assert!(h.state().title().ends_with("(unsaved changes) — authlab"), "{}", h.state().title());

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().doc.secret_texts[0], STRONG);
    assert_eq!(h.state().doc.config.resolved_secrets()[0].0.expose(), STRONG);
    assert!(!h.state().is_dirty(), "back to the saved state");

    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(h.state().doc.secret_texts[0], generated);
}

#[test]
fn opening_another_config_with_unsaved_changes_asks_first() {
    let config = Config { secrets: vec![SecretEntry::literal(STRONG)], ..Config::default() };
    let mut h = harness(app_with(config));
    h.run();
    h.get_by_label("Add provider").click();
    h.run();
    h.get_by_label("Example").click();
    h.run();
    assert!(h.query_by_label_contains("The config has unsaved changes").is_some());
    assert_eq!(h.state().doc.config.providers.len(), 1, "nothing replaced yet");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.query_by_label_contains("The config has unsaved changes").is_none());
    assert!(h.state().is_dirty());

    h.get_by_label("Example").click();
    h.run();
    h.get_by_label("Discard changes").click();
    h.run();
    h.run();
    assert_eq!(h.state().doc.config.providers[0].id, "github", "the example is open");
    assert!(!h.state().is_dirty());
}

#[test]
fn a_failed_save_says_so_and_keeps_the_document_dirty() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config { secrets: vec![SecretEntry::literal(STRONG)], ..Config::default() };
    let mut h = harness(app_with(config));
    h.run();
    h.get_by_label("Add provider").click();
    h.run();
    let target = dir.path().join("no-such-folder/authlab.toml");
    h.get_by_label("Path").focus();
    h.run();
    h.get_by_label("Path").type_text(&target.display().to_string());
    h.run();
    h.get_by_label("Save to path").click();
    h.run();
    assert!(h.query_by_label_contains("Could not save").is_some(), "{:?}", h.state().status);
    assert!(h.state().is_dirty());
    assert_eq!(h.state().doc.config.providers.len(), 1, "nothing lost");
    assert!(!target.exists());
}

#[derive(Debug)]
pub struct Dropped(pub PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_dotenv_file_fills_the_env_and_names_the_source() {
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join(".env.local");
    std::fs::write(&env, format!("# local\nexport AUTH_SECRET=\"{STRONG}\"\n")).unwrap();
    let config = Config {
        secrets: vec![SecretEntry { spec: authlab::config::SecretSpec::Env("AUTH_SECRET".into()), value: None }],
        ..Config::default()
    };
    let mut h = harness(app_with(config));
    h.run();
    assert!(h.state().verdict.has("config.env_unset"));
    h.input_mut().dropped_files.push(Arc::new(Dropped(env.clone())));
    h.run();
    let state = h.state();
    assert_eq!(state.doc.config.resolved_secrets()[0].0.expose(), STRONG);
    assert!(!state.verdict.has("config.env_unset"), "{:?}", state.verdict.codes());
    assert!(h.query_by_label_contains("from AUTH_SECRET (from ").is_some(), "which variable and file supplied it");
    assert!(!state.doc.text.contains(STRONG), "loaded values stay out of the config text");
}

#[test]
fn export_window_refuses_while_errors_remain() {
    let mut h = harness(app_with(Config::default()));
    h.run();
    h.get_by_label("Export…").click();
    h.run();
    assert!(h.query_by_label_contains("error(s) remain").is_some());
    h.get_by_label("Export even though errors remain (noted in the output)").click();
    h.run();
    let preview = h.get_by_label("Export preview").value().unwrap_or_default();
    assert!(preview.contains("exported with --force") && preview.contains("NextAuth({"), "{preview}");
}

fn request_close(h: &mut Harness<'static, AuthlabApp>) {
    h.input_mut().viewports.entry(egui::ViewportId::ROOT).or_default().events.push(egui::ViewportEvent::Close);
    h.run();
}

#[test]
fn closing_with_unsaved_changes_asks_first_and_a_clean_document_closes() {
    let config = Config { secrets: vec![SecretEntry::literal(STRONG)], ..Config::default() };
    let mut h = harness(app_with(config));
    h.run();
    request_close(&mut h);
    assert!(h.state().workshop.confirm.is_none(), "nothing to lose: no question");

    h.get_by_label("Add provider").click();
    h.run();
    request_close(&mut h);
    assert_eq!(h.state().workshop.confirm, Some(authlab::gui::workshop::Pending::Close));
    assert!(h.query_by_label_contains("Save them before closing?").is_some());
    h.get_by_label("Discard changes").click();
    h.run();
    assert!(h.state().workshop.confirm.is_none());
    assert_eq!(h.state().doc.config.providers.len(), 1, "discarding only lets the window close");
}

#[test]
fn fields_wait_while_the_text_has_syntax_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.toml");
    std::fs::write(&path, "version = \"v4\"\nurl = \"http://x\n").unwrap();
    let mut h = harness(AuthlabApp::new(Some(&path), Clock::Fixed(NOW)));
    h.run();
    assert!(h.query_by_label_contains("TOML syntax").is_some(), "{:?}", h.state().config_problems);
    assert!(h.query_by_label_contains("fix them in the text above").is_some());
    h.get_by_label("Add provider").click();
    h.run();
    assert!(h.state().doc.config.providers.is_empty(), "fields are read-only until the text parses");
    // Saving keeps the user's text exactly as written, and says it still has errors.
    h.get_by_label("Save").click();
    h.run();
    assert!(h.query_by_label_contains("still has 1 error(s)").is_some(), "{:?}", h.state().status);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "version = \"v4\"\nurl = \"http://x\n");
}

#[test]
fn a_recent_file_reopens_from_the_recent_menu() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.toml");
    let second = dir.path().join("second.toml");
    std::fs::write(&first, format!("version = \"v4\"\nsecrets = [\"{STRONG}\"]\n")).unwrap();
    std::fs::write(&second, format!("version = \"v5\"\nsecrets = [\"{STRONG}\"]\n")).unwrap();
    let mut app = AuthlabApp::new(None, Clock::Fixed(NOW));
    app.set_recent_store(Some(dir.path().join("state/recent.json")));
    let mut h = harness(app);
    h.run();
    for path in [&first, &second] {
        h.state_mut().push(authlab::gui::app::Command::Load(path.clone()));
        h.run();
    }
    assert_eq!(h.state().config_path.as_deref(), Some(second.as_path()));
    assert_eq!(h.state().doc.config.version, authlab::token::Flavor::V5);
    // Open the Recent menu and pick the first file again, as a user does.
    h.get_by_label("Recent").click();
    h.run();
    h.get_by_label(first.display().to_string().as_str()).click();
    h.run();
    assert_eq!(h.state().config_path.as_deref(), Some(first.as_path()));
    assert_eq!(h.state().doc.config.version, authlab::token::Flavor::V4);
}
