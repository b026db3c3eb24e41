//! Left panel: the config editor (a widget for every field, lint next to the field it is
//! about, the raw text when the file has errors). Top bar: files, undo, export.

use egui::{ComboBox, DragValue, RichText, TextEdit, Ui};

use super::app::{AuthlabApp, Command};
use super::theme;
use crate::config::lint::{self, Field};
use crate::config::{
    CookieSecurity, EnvSource, Environment, ProblemSeverity, Provider, ProviderKind, SecretEntry, SecretSpec, Strategy,
};
use crate::diagnose::explain::Finding;
use crate::token::Flavor;

/// File actions, typed-path fallback and status.
pub fn top_bar_ui(ui: &mut Ui, app: &mut AuthlabApp) {
    ui.horizontal(|ui| {
        ui.heading("authlab");
        ui.separator();
        if ui.button("Open…").on_hover_text("Open a config (TOML) or a .env file (Ctrl+O)").clicked() {
            app.push(Command::OpenDialog);
        }
        if ui.button("Save").on_hover_text("Save (Ctrl+S)").clicked() {
            app.push(Command::Save);
        }
        if ui.button("Save as…").on_hover_text("Save as (Ctrl+Shift+S)").clicked() {
            app.push(Command::SaveAsDialog);
        }
        if ui.button("Export…").on_hover_text("TOML, a .env fragment, or auth.ts / authOptions").clicked() {
            app.push(Command::OpenExport);
        }
        if ui.button("Example").on_hover_text("Back to the bundled example config").clicked() {
            app.push(Command::LoadExample);
        }
        ui.menu_button("Recent", |ui| {
            if app.workshop.recent.paths.is_empty() {
                ui.label("No recent files");
            }
            for path in app.workshop.recent.paths.clone() {
                if ui.button(path.display().to_string()).clicked() {
                    app.push(Command::Load(path));
                    ui.close();
                }
            }
        });
        ui.separator();
        if ui.button("Undo").on_hover_text("Ctrl+Z").clicked() {
            app.push(Command::Undo);
        }
        if ui.button("Redo").on_hover_text("Ctrl+Shift+Z").clicked() {
            app.push(Command::Redo);
        }
        ui.separator();
        let label = ui.label("Path");
        ui.add(TextEdit::singleline(&mut app.path_field).desired_width(260.0).hint_text("/path/to/authlab.toml"))
            .labelled_by(label.id);
        let path = app.path_field.trim().to_owned();
        if ui.add_enabled(!path.is_empty(), egui::Button::new("Load path")).clicked() {
            app.push(Command::Load(path.clone().into()));
        }
        if ui.add_enabled(!path.is_empty(), egui::Button::new("Save to path")).clicked() {
            app.push(Command::SaveTo(path.into()));
        }
        if app.is_dirty() {
            ui.label(RichText::new("Unsaved changes").color(theme::WARNING));
        }
    });
    if let Some((ok, text)) = &app.status {
        ui.label(RichText::new(text).color(if *ok { theme::MUTED } else { theme::REJECTED }));
    }
}

/// "30 days", "1 day 2 h", "90 s": exact, the two largest units.
fn with_units(secs: i64) -> String {
    if secs == 0 {
        return "0 s".to_owned();
    }
    let mut rest = secs.unsigned_abs();
    let mut parts = Vec::new();
    for (size, one, many) in [(86_400, "day", "days"), (3_600, "h", "h"), (60, "min", "min"), (1, "s", "s")] {
        let n = rest / size;
        rest %= size;
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    }
    let exact = parts.len() <= 2;
    let mut text = parts.into_iter().take(2).collect::<Vec<_>>().join(" ");
    if !exact {
        text.insert_str(0, "about ");
    }
    text
}

fn seconds_ui(ui: &mut Ui, label: &str, value: &mut i64) {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        ui.add(DragValue::new(value).range(0..=i64::from(i32::MAX)).suffix(" s").speed(60.0)).labelled_by(l.id);
        ui.label(RichText::new(with_units(*value)).color(theme::MUTED));
    });
}

fn notes_ui(ui: &mut Ui, lints: &[(Field, Finding)], field: &Field) {
    for (_, f) in lints.iter().filter(|(at, _)| at == field) {
        ui.label(RichText::new(format!("{} {}", marker(f), f.title)).small().color(theme::severity(f.severity)))
            .on_hover_text(format!("{}\n\n{}\n\nFix: {}", f.code, f.why, f.fix));
    }
}

fn marker(f: &Finding) -> &'static str {
    match f.severity {
        crate::diagnose::Severity::Error => "Error:",
        crate::diagnose::Severity::Warning => "Warning:",
        crate::diagnose::Severity::Info => "Note:",
    }
}

fn optional_text_ui(ui: &mut Ui, label: &str, value: &mut Option<String>, hint: &str, width: f32) {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        let mut text = value.clone().unwrap_or_default();
        if ui.add(TextEdit::singleline(&mut text).hint_text(hint).desired_width(width)).labelled_by(l.id).changed() {
            *value = Some(text).filter(|t| !t.trim().is_empty());
        }
    });
}

/// Where an `env:` value comes from, for the line under the field.
fn env_origin(app: &AuthlabApp, name: &str) -> String {
    match app.doc.config.env.get(name) {
        Some(v) if v.value.is_empty() => format!("{name} is set but empty ({})", v.source),
        Some(v) => format!("from {name} ({}, {} bytes)", v.source, v.value.len()),
        None => format!("{name} is not set"),
    }
}

/// The config editor.
pub fn config_ui(ui: &mut Ui, app: &mut AuthlabApp) {
    let cache = app.panel_cache();
    let lints: Vec<(Field, Finding)> = cache.lints.clone();
    let text_parses_at_start = cache.text_parses;
    ui.heading("Config");
    if let Some(path) = &app.config_path {
        ui.label(RichText::new(path.display().to_string()).color(theme::MUTED).small());
    }
    for p in &app.config_problems {
        let color = if p.severity == ProblemSeverity::Error { theme::REJECTED } else { theme::WARNING };
        ui.label(RichText::new(format!("line {}:{} — {}", p.line, p.column, p.message)).color(color));
    }
    ui.checkbox(&mut app.workshop.show_text, "Edit as text")
        .on_hover_text("The file's own text: comments and unknown keys stay as they are");
    if app.workshop.show_text {
        let label = ui.label("Config text (TOML)");
        ui.add(TextEdit::multiline(&mut app.doc.text).code_editor().desired_rows(14).desired_width(f32::INFINITY))
            .labelled_by(label.id);
    }
    ui.add_space(4.0);
    // While the text is not valid TOML the fields cannot be written into it, and the text is
    // what will be kept: fix it first (nothing typed in the fields could be lost that way).
    // The text editor above may have changed the text this frame: check again only then.
    let text_parses = if app.workshop.show_text { app.panel_cache().text_parses } else { text_parses_at_start };
    if !text_parses {
        app.workshop.show_text = true;
        ui.label(
            RichText::new("The config text has syntax errors: fix them in the text above to edit the fields again.")
                .color(theme::REJECTED),
        );
    }
    ui.add_enabled_ui(text_parses, |ui| {
        general_ui(ui, app, &lints);
        ui.separator();
        secrets_ui(ui, app, &lints);
        ui.separator();
        env_ui(ui, app, &lints);
        ui.separator();
        session_ui(ui, app, &lints);
        ui.separator();
        cookies_ui(ui, app, &lints);
        ui.separator();
        providers_ui(ui, app, &lints);
    });
}

fn general_ui(ui: &mut Ui, app: &mut AuthlabApp, lints: &[(Field, Finding)]) {
    let config = &mut app.doc.config;
    ComboBox::from_label("Library version").selected_text(config.version.package()).show_ui(ui, |ui| {
        ui.selectable_value(&mut config.version, Flavor::V5, Flavor::V5.package());
        ui.selectable_value(&mut config.version, Flavor::V4, Flavor::V4.package());
        ui.selectable_value(&mut config.version, Flavor::V3, Flavor::V3.package());
    });
    ComboBox::from_label("Environment")
        .selected_text(match config.environment {
            Environment::Development => "development",
            Environment::Production => "production",
        })
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut config.environment, Environment::Development, "development");
            ui.selectable_value(&mut config.environment, Environment::Production, "production");
        });
    optional_text_ui(ui, "URL", &mut config.url, "https://example.com", 220.0);
    notes_ui(ui, lints, &Field::Url);
    optional_text_ui(ui, "Base path", &mut config.base_path, lint::DEFAULT_BASE_PATH, 140.0);
    notes_ui(ui, lints, &Field::BasePath);
    let trust_text = match config.trust_host {
        None => "default",
        Some(true) => "true",
        Some(false) => "false",
    };
    ComboBox::from_label("Trust host").selected_text(trust_text).show_ui(ui, |ui| {
        ui.selectable_value(&mut config.trust_host, None, "default");
        ui.selectable_value(&mut config.trust_host, Some(true), "true");
        ui.selectable_value(&mut config.trust_host, Some(false), "false");
    });
    notes_ui(ui, lints, &Field::TrustHost);
    ui.checkbox(&mut config.debug, "Debug logging");
    notes_ui(ui, lints, &Field::Debug);
    notes_ui(ui, lints, &Field::Environment);
}

fn secrets_ui(ui: &mut Ui, app: &mut AuthlabApp, lints: &[(Field, Finding)]) {
    ui.horizontal(|ui| {
        ui.strong("Secrets");
        ui.checkbox(&mut app.reveal_secrets, "Reveal secrets");
    });
    ui.label(
        RichText::new("First encrypts. A literal, or env:NAME. v5 decrypts with whichever matches the token's kid.")
            .small()
            .color(theme::MUTED),
    );
    notes_ui(ui, lints, &Field::Secrets);
    let mut remove = None;
    let mut swap = None;
    let mut generate = None;
    let mut changed = false;
    let count = app.doc.secret_texts.len();
    let mut origins = Vec::new();
    for text in &app.doc.secret_texts {
        origins.push(text.strip_prefix("env:").map(|name| env_origin(app, name.trim())));
    }
    for (i, text) in app.doc.secret_texts.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            let l = ui.label(format!("Secret {}", i + 1));
            let is_env = text.starts_with("env:");
            changed |= ui
                .add(TextEdit::singleline(text).password(!app.reveal_secrets && !is_env).desired_width(170.0))
                .labelled_by(l.id)
                .changed();
            if ui.small_button("Generate").on_hover_text("32 random bytes, base64 (like `npx auth secret`)").clicked() {
                generate = Some(i);
            }
            if ui.add_enabled(i > 0, egui::Button::new("Up").small()).on_hover_text("Move up").clicked() {
                swap = Some((i - 1, i));
            }
            if ui.add_enabled(i + 1 < count, egui::Button::new("Down").small()).on_hover_text("Move down").clicked() {
                swap = Some((i, i + 1));
            }
            if ui.small_button("Remove").on_hover_text("Remove this secret").clicked() {
                remove = Some(i);
            }
        });
        if let Some(Some(origin)) = origins.get(i) {
            ui.label(RichText::new(origin).small().color(theme::MUTED));
        }
        notes_ui(ui, lints, &Field::Secret(i));
    }
    if let Some(i) = generate {
        app.push(Command::GenerateSecret(i));
    }
    if let Some((a, b)) = swap {
        app.doc.secret_texts.swap(a, b);
        changed = true;
    }
    if let Some(i) = remove {
        app.doc.secret_texts.remove(i);
        changed = true;
    }
    if ui.button("Add secret").clicked() {
        app.doc.secret_texts.push(String::new());
        changed = true;
    }
    if changed {
        app.sync_secrets();
    }
    ui.collapsing("Deprecated jwt.secret", |ui| {
        let mut text = app.doc.config.jwt.secret.as_ref().map(|s| match &s.spec {
            SecretSpec::Literal(v) => v.expose().to_owned(),
            SecretSpec::Env(n) => format!("env:{n}"),
        });
        let before = text.clone();
        ui.horizontal(|ui| {
            let l = ui.label("jwt.secret");
            let mut t = text.clone().unwrap_or_default();
            let is_env = t.starts_with("env:");
            if ui
                .add(TextEdit::singleline(&mut t).password(!app.reveal_secrets && !is_env).hint_text("not set"))
                .labelled_by(l.id)
                .changed()
            {
                text = Some(t).filter(|t| !t.is_empty());
            }
        });
        if text != before {
            app.doc.config.jwt.secret = text.map(|t| SecretEntry { spec: spec_of(&t), value: None });
            app.doc.config.resolve_env(&super::app::env_lookup);
        }
    });
    notes_ui(ui, lints, &Field::JwtSecret);
}

fn spec_of(text: &str) -> SecretSpec {
    match text.strip_prefix("env:") {
        Some(name) => SecretSpec::Env(name.trim().to_owned()),
        None => SecretSpec::Literal(crate::secret::Secret::new(text)),
    }
}

fn env_ui(ui: &mut Ui, app: &mut AuthlabApp, lints: &[(Field, Finding)]) {
    ui.strong("Environment variables");
    ui.label(
        RichText::new("Typed here, or loaded from .env files (drop one on the window). Typed values win; values from files are never saved in the config.")
            .small()
            .color(theme::MUTED),
    );
    let reveal = app.reveal_secrets;
    let env = &mut app.doc.config.env;
    let mut changed = false;
    let mut remove_var = None;
    let mut typed_index = 0;
    for (i, var) in env.vars.iter_mut().enumerate() {
        if var.source != EnvSource::Typed {
            continue;
        }
        typed_index += 1;
        ui.horizontal(|ui| {
            let l = ui.label(format!("Variable {typed_index}"));
            changed |= ui.add(TextEdit::singleline(&mut var.name).desired_width(120.0)).labelled_by(l.id).changed();
            let mut value = var.value.expose().to_owned();
            let l = ui.label("=");
            if ui
                .add(TextEdit::singleline(&mut value).password(!reveal).desired_width(120.0))
                .labelled_by(l.id)
                .changed()
            {
                var.value = crate::secret::Secret::new(value);
                changed = true;
            }
            if ui.small_button("Remove").on_hover_text("Remove this variable").clicked() {
                remove_var = Some(i);
            }
        });
        notes_ui(ui, lints, &Field::EnvVar(var.name.clone()));
    }
    if let Some(i) = remove_var {
        env.vars.remove(i);
        changed = true;
    }
    if ui.button("Add variable").clicked() {
        let n = env.typed().count() + 1;
        env.set_typed(&format!("VARIABLE_{n}"), "");
        changed = true;
    }
    let others: Vec<String> = env
        .vars
        .iter()
        .filter(|v| v.source != EnvSource::Typed)
        .map(|v| format!("{} — {} ({} bytes)", v.name, v.source, v.value.len()))
        .collect();
    if !others.is_empty() {
        ui.collapsing(format!("Loaded variables ({})", others.len()), |ui| {
            for line in &others {
                ui.label(RichText::new(line).small().monospace());
            }
        });
    }
    let mut remove_file = None;
    for (i, file) in env.files.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            let l = ui.label(format!("Env file {}", i + 1));
            changed |= ui.add(TextEdit::singleline(file).desired_width(160.0)).labelled_by(l.id).changed();
            if ui.small_button("Remove").on_hover_text("Stop loading this file").clicked() {
                remove_file = Some(i);
            }
        });
    }
    if let Some(i) = remove_file {
        let name = env.files.remove(i);
        env.load_file(&name, Vec::new());
        changed = true;
    }
    let mut reload = false;
    ui.horizontal(|ui| {
        if ui.button("Add env file").clicked() {
            env.files.push(if env.files.is_empty() { ".env".into() } else { ".env.local".into() });
        }
        reload = ui.button("Reload env files").clicked();
    });
    if reload {
        app.push(Command::ReloadEnvFiles);
    }
    for note in &app.workshop.env_notes {
        ui.label(RichText::new(note).small().color(theme::MUTED));
    }
    if changed {
        app.doc.config.resolve_env(&super::app::env_lookup);
    }
}

fn session_ui(ui: &mut Ui, app: &mut AuthlabApp, lints: &[(Field, Finding)]) {
    let config = &mut app.doc.config;
    ui.strong("Session");
    let strategy_text = match config.session.strategy {
        None => "default",
        Some(Strategy::Jwt) => "jwt",
        Some(Strategy::Database) => "database",
    };
    ComboBox::from_label("Strategy").selected_text(strategy_text).show_ui(ui, |ui| {
        ui.selectable_value(&mut config.session.strategy, None, "default");
        ui.selectable_value(&mut config.session.strategy, Some(Strategy::Jwt), "jwt");
        ui.selectable_value(&mut config.session.strategy, Some(Strategy::Database), "database");
    });
    notes_ui(ui, lints, &Field::Strategy);
    seconds_ui(ui, "Max age", &mut config.session.max_age_secs);
    seconds_ui(ui, "Update age", &mut config.session.update_age_secs);
    notes_ui(ui, lints, &Field::UpdateAge);
    optional_text_ui(ui, "Adapter", &mut config.adapter, "none", 140.0);
    notes_ui(ui, lints, &Field::Adapter);

    ui.strong("JWT");
    ui.horizontal(|ui| {
        let mut set = config.jwt.max_age_secs.is_some();
        if ui.checkbox(&mut set, "Own JWT max age").changed() {
            config.jwt.max_age_secs = set.then_some(config.session.max_age_secs);
        }
    });
    if let Some(v) = &mut config.jwt.max_age_secs {
        seconds_ui(ui, "JWT max age", v);
    } else {
        ui.label(
            RichText::new(format!("JWT max age: {} (library default)", with_units(config.jwt_max_age_secs())))
                .small()
                .color(theme::MUTED),
        );
    }
    notes_ui(ui, lints, &Field::JwtMaxAge);
    ui.checkbox(&mut config.jwt.custom_encode, "Custom jwt.encode");
    ui.checkbox(&mut config.jwt.custom_decode, "Custom jwt.decode");
}

fn cookies_ui(ui: &mut Ui, app: &mut AuthlabApp, lints: &[(Field, Finding)]) {
    let config = &mut app.doc.config;
    ui.strong("Cookies");
    ComboBox::from_label("Secure cookies")
        .selected_text(match config.cookies.secure {
            CookieSecurity::Auto => "auto (from URL)",
            CookieSecurity::Always => "always",
            CookieSecurity::Never => "never",
        })
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut config.cookies.secure, CookieSecurity::Auto, "auto (from URL)");
            ui.selectable_value(&mut config.cookies.secure, CookieSecurity::Always, "always");
            ui.selectable_value(&mut config.cookies.secure, CookieSecurity::Never, "never");
        });
    let hint = crate::cookie::session_cookie_name(config.version, config.secure_cookies());
    optional_text_ui(ui, "Cookie name", &mut config.cookies.session_token_name, &hint, 200.0);
    notes_ui(ui, lints, &Field::SessionCookieName);
    optional_text_ui(ui, "CSRF cookie name", &mut config.cookies.csrf_token_name, "library default", 200.0);
    notes_ui(ui, lints, &Field::CsrfCookieName);
    optional_text_ui(ui, "Callback URL cookie name", &mut config.cookies.callback_url_name, "library default", 200.0);
    notes_ui(ui, lints, &Field::CallbackCookieName);
    optional_text_ui(ui, "Cookie domain", &mut config.cookies.domain, "host-only", 160.0);
    let salt_hint = config.salt();
    ui.horizontal(|ui| {
        let l = ui.label("Salt override");
        let mut salt = config.jwt.salt.clone().unwrap_or_default();
        if ui.add(TextEdit::singleline(&mut salt).hint_text(salt_hint).desired_width(200.0)).labelled_by(l.id).changed()
        {
            config.jwt.salt = Some(salt).filter(|s| !s.is_empty());
        }
    });
    ui.label(
        RichText::new(format!("Reads cookie {} · salt {:?}", config.session_cookie_name(), config.salt()))
            .small()
            .color(theme::MUTED),
    );
    super::readers_panel::readers_ui(ui, app);
}

fn providers_ui(ui: &mut Ui, app: &mut AuthlabApp, lints: &[(Field, Finding)]) {
    ui.strong("Providers");
    let reveal = app.reveal_secrets;
    let mut origins = Vec::new();
    for p in &app.doc.config.providers {
        origins.push(match p.client_secret.as_ref().map(|s| &s.spec) {
            Some(SecretSpec::Env(name)) => Some(env_origin(app, name)),
            _ => None,
        });
    }
    let providers = &mut app.doc.config.providers;
    let count = providers.len();
    let mut remove = None;
    let mut swap = None;
    let mut secrets_changed = false;
    for (i, p) in providers.iter_mut().enumerate() {
        let n = i + 1;
        ui.horizontal(|ui| {
            ComboBox::from_label(format!("Provider {n} kind")).selected_text(p.kind.as_str()).show_ui(ui, |ui| {
                for kind in [ProviderKind::Oauth, ProviderKind::Oidc, ProviderKind::Credentials, ProviderKind::Email] {
                    ui.selectable_value(&mut p.kind, kind, kind.as_str());
                }
            });
            if ui.add_enabled(i > 0, egui::Button::new("Up").small()).on_hover_text("Move up").clicked() {
                swap = Some((i - 1, i));
            }
            if ui.add_enabled(i + 1 < count, egui::Button::new("Down").small()).on_hover_text("Move down").clicked() {
                swap = Some((i, i + 1));
            }
            if ui.small_button("Remove").on_hover_text("Remove this provider").clicked() {
                remove = Some(i);
            }
        });
        ui.horizontal(|ui| {
            let l = ui.label(format!("Provider {n} id"));
            ui.add(TextEdit::singleline(&mut p.id).desired_width(140.0)).labelled_by(l.id);
        });
        if p.is_oauth() {
            optional_text_ui(ui, &format!("Provider {n} client id"), &mut p.client_id, "env:AUTH_…_ID", 180.0);
            ui.horizontal(|ui| {
                let l = ui.label(format!("Provider {n} client secret"));
                let mut text = p.client_secret.as_ref().map_or_else(String::new, |s| match &s.spec {
                    SecretSpec::Literal(v) => v.expose().to_owned(),
                    SecretSpec::Env(n) => format!("env:{n}"),
                });
                let is_env = text.starts_with("env:");
                if ui
                    .add(
                        TextEdit::singleline(&mut text)
                            .password(!reveal && !is_env)
                            .hint_text("env:AUTH_…_SECRET")
                            .desired_width(180.0),
                    )
                    .labelled_by(l.id)
                    .changed()
                {
                    p.client_secret =
                        Some(text).filter(|t| !t.is_empty()).map(|t| SecretEntry { spec: spec_of(&t), value: None });
                    secrets_changed = true;
                }
            });
            if let Some(Some(origin)) = origins.get(i) {
                ui.label(RichText::new(origin).small().color(theme::MUTED));
            }
            if p.kind == ProviderKind::Oidc {
                optional_text_ui(
                    ui,
                    &format!("Provider {n} issuer"),
                    &mut p.issuer,
                    "https://accounts.example.com",
                    200.0,
                );
            }
        }
        notes_ui(ui, lints, &Field::Provider(i));
        ui.add_space(4.0);
    }
    if let Some((a, b)) = swap {
        providers.swap(a, b);
    }
    if let Some(i) = remove {
        providers.remove(i);
    }
    if ui.button("Add provider").clicked() {
        let n = providers.len() + 1;
        providers.push(Provider::new(ProviderKind::Oauth, format!("provider-{n}")));
    }
    if secrets_changed {
        app.doc.config.resolve_env(&super::app::env_lookup);
    }
}

#[cfg(test)]
mod tests {
    use super::with_units;

    #[test]
    fn durations_read_with_units() {
        assert_eq!(with_units(2_592_000), "30 days");
        assert_eq!(with_units(86_400 + 7200), "1 day 2 h");
        assert_eq!(with_units(90), "1 min 30 s");
        assert_eq!(with_units(86_400 + 3600 + 1), "about 1 day 1 h");
    }
}
