//! Left panel: the config. Top bar: files.

use egui::{ComboBox, DragValue, RichText, TextEdit, Ui};

use super::app::{AuthlabApp, Command};
use super::theme;
use crate::config::{CookieSecurity, Environment, ProblemSeverity, Strategy};
use crate::time::human_duration;
use crate::token::Flavor;

/// File actions, typed-path fallback and status.
pub fn top_bar_ui(ui: &mut Ui, app: &mut AuthlabApp) {
    ui.horizontal(|ui| {
        ui.heading("authlab");
        ui.separator();
        if ui.button("Open…").on_hover_text("Open a config file (TOML)").clicked() {
            app.push(Command::OpenDialog);
        }
        if ui.button("Save").clicked() {
            app.push(Command::Save);
        }
        if ui.button("Save as…").clicked() {
            app.push(Command::SaveAsDialog);
        }
        if ui.button("Example").on_hover_text("Back to the bundled example config").clicked() {
            app.push(Command::LoadExample);
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
    });
    if let Some((ok, text)) = &app.status {
        ui.label(RichText::new(text).color(if *ok { theme::MUTED } else { theme::REJECTED }));
    }
}

fn seconds_ui(ui: &mut Ui, label: &str, value: &mut i64) -> bool {
    let mut changed = false;
    ui.horizontal(|ui| {
        let l = ui.label(label);
        changed = ui
            .add(DragValue::new(value).range(0..=i64::from(i32::MAX)).suffix(" s").speed(60.0))
            .labelled_by(l.id)
            .changed();
        ui.label(RichText::new(human_duration(*value)).color(theme::MUTED));
    });
    changed
}

/// The config editor.
pub fn config_ui(ui: &mut Ui, app: &mut AuthlabApp) {
    ui.heading("Config");
    if let Some(path) = &app.config_path {
        ui.label(RichText::new(path.display().to_string()).color(theme::MUTED).small());
    }
    for p in &app.config_problems {
        let color = if p.severity == ProblemSeverity::Error { theme::REJECTED } else { theme::WARNING };
        ui.label(RichText::new(format!("line {}:{} — {}", p.line, p.column, p.message)).color(color));
    }
    let config = &mut app.doc.config;
    ui.add_space(4.0);

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

    ui.horizontal(|ui| {
        let l = ui.label("URL");
        let mut url = config.url.clone().unwrap_or_default();
        if ui.add(TextEdit::singleline(&mut url).hint_text("https://example.com")).labelled_by(l.id).changed() {
            config.url = Some(url).filter(|u| !u.trim().is_empty());
        }
    });

    ui.separator();
    ui.horizontal(|ui| {
        ui.strong("Secrets");
        ui.checkbox(&mut app.reveal_secrets, "Reveal secrets");
    });
    ui.label(
        RichText::new("First encrypts. A literal, or env:NAME. v5 decrypts with whichever matches the token's kid.")
            .small()
            .color(theme::MUTED),
    );
    let mut remove = None;
    let mut secrets_changed = false;
    for (i, text) in app.doc.secret_texts.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            let l = ui.label(format!("Secret {}", i + 1));
            let is_env = text.starts_with("env:");
            secrets_changed |= ui
                .add(TextEdit::singleline(text).password(!app.reveal_secrets && !is_env).desired_width(200.0))
                .labelled_by(l.id)
                .changed();
            if ui.small_button("Remove").on_hover_text("Remove this secret").clicked() {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        app.doc.secret_texts.remove(i);
        secrets_changed = true;
    }
    if ui.button("Add secret").clicked() {
        app.doc.secret_texts.push(String::new());
        secrets_changed = true;
    }
    if secrets_changed {
        app.sync_secrets();
    }
    let config = &mut app.doc.config;

    ui.separator();
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
    seconds_ui(ui, "Max age", &mut config.session.max_age_secs);
    seconds_ui(ui, "Update age", &mut config.session.update_age_secs);
    ui.horizontal(|ui| {
        let l = ui.label("Adapter");
        let mut adapter = config.adapter.clone().unwrap_or_default();
        if ui.add(TextEdit::singleline(&mut adapter).hint_text("none").desired_width(140.0)).labelled_by(l.id).changed()
        {
            config.adapter = Some(adapter).filter(|a| !a.trim().is_empty());
        }
    });

    ui.separator();
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
    ui.horizontal(|ui| {
        let l = ui.label("Cookie name");
        let mut name = config.cookies.session_token_name.clone().unwrap_or_default();
        let hint = crate::cookie::session_cookie_name(config.version, config.secure_cookies());
        if ui.add(TextEdit::singleline(&mut name).hint_text(hint).desired_width(200.0)).labelled_by(l.id).changed() {
            config.cookies.session_token_name = Some(name).filter(|n| !n.trim().is_empty());
        }
    });
    ui.horizontal(|ui| {
        let l = ui.label("Salt override");
        let mut salt = config.jwt.salt.clone().unwrap_or_default();
        if ui
            .add(TextEdit::singleline(&mut salt).hint_text(config.salt()).desired_width(200.0))
            .labelled_by(l.id)
            .changed()
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
