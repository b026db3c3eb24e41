//! Config panel section: `[[readers]]`, edited like the rest of the config. Each reader is a
//! collapsible block whose every input has an accessible label ("Reader 1 secret", …).

use egui::{ComboBox, RichText, TextEdit, Ui};

use super::app::AuthlabApp;
use super::theme;
use crate::config::readers::{Decoder, ReaderApi, ReaderConfig, ReaderSecret, SecureDecision};
use crate::config::{SecretEntry, SecretSpec, Strategy};
use crate::secret::Secret;
use crate::token::Flavor;
use crate::token::jws::SUPPORTED_ALGS;

fn env_lookup(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

fn entry_text(entry: &SecretEntry) -> String {
    match &entry.spec {
        SecretSpec::Literal(s) => s.expose().to_owned(),
        SecretSpec::Env(name) => format!("env:{name}"),
    }
}

fn entry_from_text(text: &str) -> SecretEntry {
    let spec = match text.strip_prefix("env:") {
        Some(name) => SecretSpec::Env(name.trim().to_owned()),
        None => SecretSpec::Literal(Secret::new(text)),
    };
    let mut e = SecretEntry { spec, value: None };
    e.resolve(&env_lookup);
    e
}

/// The readers section.
pub fn readers_ui(ui: &mut Ui, app: &mut AuthlabApp) {
    ui.separator();
    ui.strong("Readers");
    ui.label(
        RichText::new("Other places that read the session: middleware, an API, a second app. Unset = same as the app.")
            .small()
            .color(theme::MUTED),
    );
    let reveal = app.reveal_secrets;
    let mut remove = None;
    for (i, r) in app.doc.config.readers.iter_mut().enumerate() {
        let n = i + 1;
        egui::CollapsingHeader::new(format!("Reader {n}: {}", r.name)).id_salt(("reader", i)).default_open(true).show(
            ui,
            |ui| {
                reader_ui(ui, r, n, reveal);
                if ui.small_button(format!("Remove reader {n}")).clicked() {
                    remove = Some(i);
                }
            },
        );
    }
    if let Some(i) = remove {
        app.doc.config.readers.remove(i);
    }
    if ui.button("Add reader").on_hover_text("Add a place that reads the session cookie").clicked() {
        let n = app.doc.config.readers.len() + 1;
        let mut r = ReaderConfig {
            name: if n == 1 { "middleware".into() } else { format!("reader {n}") },
            ..ReaderConfig::default()
        };
        r.resolve(&env_lookup);
        app.doc.config.readers.push(r);
    }
}

fn text_row(ui: &mut Ui, label: &str, value: &mut String, hint: &str, password: bool) -> bool {
    let mut changed = false;
    ui.horizontal(|ui| {
        let l = ui.label(label);
        changed = ui
            .add(TextEdit::singleline(value).hint_text(hint).password(password).desired_width(170.0))
            .labelled_by(l.id)
            .changed();
    });
    changed
}

fn optional_row(ui: &mut Ui, label: &str, value: &mut Option<String>, hint: &str) {
    let mut text = value.clone().unwrap_or_default();
    if text_row(ui, label, &mut text, hint, false) {
        *value = Some(text).filter(|t| !t.is_empty());
    }
}

fn reader_ui(ui: &mut Ui, r: &mut ReaderConfig, n: usize, reveal: bool) {
    text_row(ui, &format!("Reader {n} name"), &mut r.name, "middleware", false);
    ComboBox::from_label(format!("Reader {n} call"))
        .selected_text(match r.api {
            ReaderApi::GetToken => "getToken() / middleware",
            ReaderApi::Handler => "auth() / getServerSession",
        })
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut r.api, ReaderApi::GetToken, "getToken() / middleware");
            ui.selectable_value(&mut r.api, ReaderApi::Handler, "auth() / getServerSession");
        });
    ComboBox::from_label(format!("Reader {n} version"))
        .selected_text(r.version.map_or("the app's", Flavor::package))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut r.version, None, "the app's");
            for f in [Flavor::V5, Flavor::V4, Flavor::V3] {
                ui.selectable_value(&mut r.version, Some(f), f.package());
            }
        });

    let source = match &r.secret {
        ReaderSecret::SameAsApp => 0,
        ReaderSecret::Given(_) => 1,
        ReaderSecret::Library => 2,
        ReaderSecret::None => 3,
    };
    let names = ["the app's secrets", "given (literal or env:NAME)", "what the library reads from env", "none passed"];
    let mut chosen = source;
    ComboBox::from_label(format!("Reader {n} secret from")).selected_text(names[source]).show_ui(ui, |ui| {
        for (k, name) in names.iter().enumerate() {
            ui.selectable_value(&mut chosen, k, *name);
        }
    });
    if chosen != source {
        r.secret = match chosen {
            1 => ReaderSecret::Given(vec![entry_from_text("env:NEXTAUTH_SECRET")]),
            2 => ReaderSecret::Library,
            3 => ReaderSecret::None,
            _ => ReaderSecret::SameAsApp,
        };
    }
    if let ReaderSecret::Given(entries) = &mut r.secret {
        let mut text = entries.first().map(entry_text).unwrap_or_default();
        let password = !reveal && !text.starts_with("env:");
        if text_row(ui, &format!("Reader {n} secret"), &mut text, "env:NEXTAUTH_SECRET", password) {
            *entries = vec![entry_from_text(&text)];
        }
    }

    let secure_names =
        ["library default", "secureCookie: true", "secureCookie: false", "from a URL", "from X-Forwarded-Proto"];
    let secure = match &r.secure {
        SecureDecision::Default => 0,
        SecureDecision::Flag(true) => 1,
        SecureDecision::Flag(false) => 2,
        SecureDecision::Url(_) => 3,
        SecureDecision::ForwardedProto { .. } => 4,
    };
    let mut chosen = secure;
    ComboBox::from_label(format!("Reader {n} secure cookie")).selected_text(secure_names[secure]).show_ui(ui, |ui| {
        for (k, name) in secure_names.iter().enumerate() {
            ui.selectable_value(&mut chosen, k, *name);
        }
    });
    if chosen != secure {
        r.secure = match chosen {
            1 => SecureDecision::Flag(true),
            2 => SecureDecision::Flag(false),
            3 => SecureDecision::Url(None),
            4 => SecureDecision::ForwardedProto { fallback: None },
            _ => SecureDecision::Default,
        };
    }
    match &mut r.secure {
        SecureDecision::Url(url) => optional_row(ui, &format!("Reader {n} URL"), url, "the app's URL"),
        SecureDecision::ForwardedProto { fallback } => {
            optional_row(ui, &format!("Reader {n} forwarded proto"), fallback, "https (when the request has none)");
        }
        _ => {}
    }
    optional_row(ui, &format!("Reader {n} cookie name"), &mut r.cookie_name, "the library's");
    optional_row(ui, &format!("Reader {n} salt"), &mut r.salt, "the library's");

    let custom = matches!(r.decoder, Decoder::Jws { .. });
    let mut want_custom = custom;
    ui.checkbox(&mut want_custom, format!("Reader {n} custom JWS decoder"));
    if want_custom != custom {
        r.decoder = if want_custom { Decoder::Jws { alg: "HS256".into() } } else { Decoder::Library };
    }
    if let Decoder::Jws { alg } = &mut r.decoder {
        ComboBox::from_label(format!("Reader {n} algorithm")).selected_text(alg.clone()).show_ui(ui, |ui| {
            for a in SUPPORTED_ALGS {
                ui.selectable_value(alg, (*a).to_owned(), *a);
            }
        });
    }
    ComboBox::from_label(format!("Reader {n} strategy"))
        .selected_text(match r.strategy {
            None => "the app's",
            Some(Strategy::Jwt) => "jwt",
            Some(Strategy::Database) => "database",
        })
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut r.strategy, None, "the app's");
            ui.selectable_value(&mut r.strategy, Some(Strategy::Jwt), "jwt");
            ui.selectable_value(&mut r.strategy, Some(Strategy::Database), "database");
        });
}
