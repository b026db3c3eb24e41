//! Centre: paste and decode, or mint.

use egui::{RichText, TextEdit, Ui};
use serde_json::{Map, Value};

use super::app::{AuthlabApp, Command, Tab};
use super::theme;
use crate::diagnose::TokenSource;
use crate::mint::SessionOutputs;
use crate::mint::claims::{MAX_PRESET_TOKEN_CHARS, Preset, QUICK_FIELDS, parse_claims_text, set_quick_field};
use crate::mint::form::{KeyChoice, MintKind, Minted, Resolved, key_options};
use crate::mint::keys::KeyPairAlg;
use crate::mint::when::parse_when;
use crate::time::{UnixTime, relative};
use crate::token::Flavor;
use crate::token::claims::time_claim;
use crate::token::jws::SUPPORTED_ALGS;

/// The workbench.
pub fn workbench_ui(ui: &mut Ui, app: &mut AuthlabApp) {
    ui.horizontal(|ui| {
        ui.selectable_value(&mut app.tab, Tab::Decode, "Decode");
        ui.selectable_value(&mut app.tab, Tab::Mint, "Mint");
    });
    ui.separator();
    match app.tab {
        Tab::Decode => decode_ui(ui, app),
        Tab::Mint => mint_ui(ui, app),
    }
}

fn decode_ui(ui: &mut Ui, app: &mut AuthlabApp) {
    super::har::har_ui(ui, app);
    let label = ui.label("Paste a token, a Cookie header or an Authorization header");
    ui.add(
        TextEdit::multiline(&mut app.doc.paste)
            .desired_rows(5)
            .desired_width(f32::INFINITY)
            .code_editor()
            .hint_text("eyJhbGciOiJkaXIi…   or   Cookie: authjs.session-token=…   or   Authorization: Bearer …"),
    )
    .labelled_by(label.id);
    let v = &app.verdict;
    let now = app.now;
    egui::ScrollArea::vertical().id_salt("decoded").show(ui, |ui| {
        match &v.source {
            Some(TokenSource::Cookie { name }) => {
                ui.label(format!("Token from cookie {name}"));
            }
            Some(TokenSource::Bearer) => {
                ui.label("Token from Authorization: Bearer");
            }
            _ => {}
        }
        if !v.chunks.is_empty() {
            ui.strong("Chunks (joined in this order)");
            egui::Grid::new("chunks").striped(true).show(ui, |ui| {
                for c in &v.chunks {
                    ui.label(c.index.map_or_else(|| "—".to_owned(), |i| i.to_string()));
                    ui.label(&c.name);
                    ui.label(format!("{} chars", c.len));
                    ui.end_row();
                }
            });
        }
        if let Some(h) = &v.header {
            ui.add_space(6.0);
            ui.strong("Header");
            json_ui(ui, h);
        }
        if let Some(c) = &v.claims {
            ui.add_space(6.0);
            ui.strong("Claims");
            times_ui(ui, c, now);
            json_ui(ui, c);
        } else if v.header.is_some() {
            ui.label(
                RichText::new("No configured secret opens this token, so its claims stay encrypted.")
                    .color(theme::MUTED),
            );
        }
        ui.add_space(6.0);
        ui.label(RichText::new(format!("Now: {}", now.to_utc_string())).small().color(theme::MUTED));
    });
}

fn times_ui(ui: &mut Ui, claims: &Map<String, Value>, now: UnixTime) {
    egui::Grid::new("times").show(ui, |ui| {
        for name in ["iat", "nbf", "exp"] {
            if let Some(t) = time_claim(claims, name) {
                ui.label(RichText::new(name).monospace());
                ui.label(t.to_utc_string());
                ui.label(RichText::new(relative(t, now)).color(theme::MUTED));
                ui.end_row();
            }
        }
    });
}

fn json_ui(ui: &mut Ui, map: &Map<String, Value>) {
    let text = serde_json::to_string_pretty(map).unwrap_or_default();
    ui.add(egui::Label::new(RichText::new(text).monospace()).wrap());
}

fn mint_ui(ui: &mut Ui, app: &mut AuthlabApp) {
    egui::ScrollArea::vertical().id_salt("mint-scroll").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.selectable_value(&mut app.doc.mint.kind, MintKind::Session, "Session token");
            ui.selectable_value(&mut app.doc.mint.kind, MintKind::Jws, "Signed JWT (JWS)");
        });
        presets_ui(ui, app);
        claims_editor_ui(ui, app);
        ui.add_space(4.0);
        times_form_ui(ui, app);
        ui.add_space(4.0);
        key_form_ui(ui, app);
        ui.add_space(4.0);
        match app.doc.mint.kind {
            MintKind::Session => session_form_ui(ui, app),
            MintKind::Jws => jws_form_ui(ui, app),
        }
        ui.add_space(6.0);
        if ui.button("Mint token").clicked() {
            app.push(Command::Mint);
        }
        match app.minted.clone() {
            Some(Ok(Minted::Session { token, outputs, resolved })) => {
                resolved_ui(ui, &resolved, app.now);
                session_outputs_ui(ui, app, &token, &outputs);
            }
            Some(Ok(Minted::Jws { token, outputs, resolved })) => {
                ui.label(
                    RichText::new(format!(
                        "JWS {} · {} · exp {} ({})",
                        app.doc.mint.jws_alg,
                        resolved.key_label,
                        resolved.exp.to_utc_string(),
                        relative(resolved.exp, app.now)
                    ))
                    .small()
                    .color(theme::MUTED),
                );
                let public = app.doc.mint.jws_public_pem.clone();
                let mut rows = vec![
                    ("Signed token", token),
                    ("Authorization header", outputs.authorization),
                    ("curl command", outputs.curl),
                ];
                if !public.is_empty() {
                    rows.push(("Public key (PEM)", public));
                }
                decode_this_ui(ui, app, "Send the token to the Decode tab");
                outputs_ui(ui, app, &rows);
            }
            Some(Err(errors)) => {
                for e in &errors {
                    ui.label(RichText::new(e.as_str()).color(theme::REJECTED));
                }
            }
            None => {}
        }
    });
}

fn presets_ui(ui: &mut Ui, app: &mut AuthlabApp) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Presets:");
        if ui
            .button("Credentials user")
            .on_hover_text("name, email, sub: what the default jwt callback stores")
            .clicked()
        {
            app.push(Command::MintPreset(Preset::CredentialsUser));
        }
        if ui
            .button("OAuth user")
            .on_hover_text(
                "Adds provider access, refresh and id tokens of the sizes on the right: large sessions chunk",
            )
            .clicked()
        {
            app.push(Command::MintPreset(app.doc.mint.oauth_preset()));
        }
        for (i, name) in ["access chars", "refresh chars", "id token chars"].into_iter().enumerate() {
            let l = ui.label(RichText::new(name).small().color(theme::MUTED));
            ui.add(
                egui::DragValue::new(&mut app.doc.mint.oauth_sizes[i]).range(0..=MAX_PRESET_TOKEN_CHARS).speed(20.0),
            )
            .labelled_by(l.id);
        }
    });
}

fn claims_editor_ui(ui: &mut Ui, app: &mut AuthlabApp) {
    let parsed = parse_claims_text(&app.doc.mint.claims_text);
    egui::Grid::new("quick-fields").num_columns(2).show(ui, |ui| {
        for field in QUICK_FIELDS {
            let l = ui.label(format!("Claim {}", field.key()));
            let mut value = parsed.as_ref().map(|c| field.get(c)).unwrap_or_default();
            let edit = TextEdit::singleline(&mut value).desired_width(280.0).hint_text("(not set)");
            let response = ui.add_enabled(parsed.is_ok(), edit).labelled_by(l.id);
            if response.changed()
                && let Some(text) = set_quick_field(&app.doc.mint.claims_text, field, &value)
            {
                app.doc.mint.claims_text = text;
            }
            ui.end_row();
        }
    });
    let label = ui.label("Claims (JSON)");
    // Its own scroll area: an OAuth preset with big provider tokens is tens of KB of text.
    egui::ScrollArea::vertical().id_salt("claims-scroll").max_height(220.0).show(ui, |ui| {
        ui.add(
            TextEdit::multiline(&mut app.doc.mint.claims_text)
                .code_editor()
                .desired_rows(6)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    });
    // Validate what is in the box now (after this frame's typing), not last frame's text.
    match parse_claims_text(&app.doc.mint.claims_text) {
        Ok(claims) => {
            ui.label(
                RichText::new(format!("Valid JSON object, {} claim(s)", claims.len())).small().color(theme::ACCEPTED),
            );
        }
        Err(e) => {
            ui.label(RichText::new(format!("Claims JSON: {e}")).small().color(theme::REJECTED));
        }
    }
}

fn times_form_ui(ui: &mut Ui, app: &mut AuthlabApp) {
    let now = app.now;
    let default_exp = app.doc.mint.default_exp_text(&app.doc.config);
    let form = &mut app.doc.mint;
    let rows: [(&str, &mut String, String); 3] = [
        ("iat (issued at)", &mut form.iat, "now".to_owned()),
        ("exp (expires)", &mut form.exp, format!("{default_exp} from iat (config max age)")),
        ("nbf (not before)", &mut form.nbf, "none".to_owned()),
    ];
    for (name, text, hint) in rows {
        ui.horizontal(|ui| {
            let l = ui.add_sized([110.0, 18.0], egui::Label::new(name));
            ui.add(TextEdit::singleline(text).desired_width(240.0).hint_text(hint)).labelled_by(l.id);
            if !text.trim().is_empty() {
                match parse_when(text, now) {
                    Ok(t) => ui.label(
                        RichText::new(format!("{} ({})", t.to_utc_string(), relative(t, now))).color(theme::MUTED),
                    ),
                    Err(_) => {
                        ui.label(RichText::new("+30d, -5m, now, UNIX seconds or 2026-01-31").color(theme::REJECTED))
                    }
                };
            }
        });
    }
}

fn key_form_ui(ui: &mut Ui, app: &mut AuthlabApp) {
    let options = key_options(&app.doc.config);
    let form = &mut app.doc.mint;
    if !form.needs_secret() {
        return;
    }
    let selected = options.iter().find(|o| o.choice == form.key).map_or("(gone: pick another)", |o| o.label.as_str());
    egui::ComboBox::from_label("Mint key").selected_text(selected).show_ui(ui, |ui| {
        for o in &options {
            ui.selectable_value(&mut form.key, o.choice, o.label.as_str());
        }
    });
    if form.key == KeyChoice::Typed {
        ui.horizontal(|ui| {
            let l = ui.label("Typed secret");
            ui.add(TextEdit::singleline(&mut form.typed_secret).password(!app.reveal_secrets).desired_width(260.0))
                .labelled_by(l.id);
        });
    }
    if !matches!(form.key, KeyChoice::Configured(0)) {
        ui.label(
            RichText::new("Not the encrypting secret: the token reproduces secret drift when decoded with the config.")
                .small()
                .color(theme::WARNING),
        );
    }
}

fn session_form_ui(ui: &mut Ui, app: &mut AuthlabApp) {
    let config_version = app.doc.config.version;
    let form = &mut app.doc.mint;
    let version_text = |f: Option<Flavor>| match f {
        None => format!("config's ({config_version})"),
        Some(f) => f.package().to_owned(),
    };
    egui::ComboBox::from_label("Mint version").selected_text(version_text(form.flavor)).show_ui(ui, |ui| {
        for f in [None, Some(Flavor::V5), Some(Flavor::V4), Some(Flavor::V3)] {
            ui.selectable_value(&mut form.flavor, f, version_text(f));
        }
    });
    let secure_text = |s: Option<bool>| match s {
        None => "config's",
        Some(false) => "plain name",
        Some(true) => "__Secure- name",
    };
    egui::ComboBox::from_label("Mint cookie security").selected_text(secure_text(form.secure)).show_ui(ui, |ui| {
        for s in [None, Some(false), Some(true)] {
            ui.selectable_value(&mut form.secure, s, secure_text(s));
        }
    });
    let effective = form.effective_config(&app.doc.config);
    ui.horizontal(|ui| {
        let l = ui.label("Mint cookie name");
        let hint = crate::cookie::session_cookie_name(effective.version, effective.secure_cookies());
        ui.add(TextEdit::singleline(&mut form.cookie_name).hint_text(hint).desired_width(240.0)).labelled_by(l.id);
    });
    ui.horizontal(|ui| {
        let mut custom = form.salt.is_some();
        if ui.checkbox(&mut custom, "Custom salt").changed() {
            form.salt = custom.then(|| effective.salt());
        }
        if let Some(salt) = &mut form.salt {
            let l = ui.label("Mint salt");
            ui.add(TextEdit::singleline(salt).desired_width(240.0)).labelled_by(l.id);
        } else {
            ui.label(RichText::new(format!("salt {:?}", effective.salt())).color(theme::MUTED));
        }
    });
}

fn jws_form_ui(ui: &mut Ui, app: &mut AuthlabApp) {
    let form = &mut app.doc.mint;
    egui::ComboBox::from_label("JWS algorithm").selected_text(form.jws_alg.as_str()).show_ui(ui, |ui| {
        for alg in SUPPORTED_ALGS {
            ui.selectable_value(&mut form.jws_alg, (*alg).to_owned(), *alg);
        }
    });
    if form.jws_alg.starts_with("HS") {
        ui.label(RichText::new("HMAC with the chosen secret's bytes.").small().color(theme::MUTED));
        return;
    }
    let can_generate = KeyPairAlg::for_alg(&form.jws_alg).is_some();
    let l = ui.label("Private key (PEM)");
    ui.add(
        TextEdit::multiline(&mut form.jws_private_pem)
            .code_editor()
            .desired_rows(4)
            .desired_width(f32::INFINITY)
            .hint_text("-----BEGIN PRIVATE KEY-----"),
    )
    .labelled_by(l.id);
    ui.horizontal(|ui| {
        if ui
            .add_enabled(can_generate, egui::Button::new("Generate test key pair"))
            .on_hover_text("ES256 or EdDSA: a fresh pair from the system's random source, kept in memory only")
            .on_disabled_hover_text("Key pairs are generated for ES256 and EdDSA; paste a PEM for the others")
            .clicked()
        {
            app.push(Command::GenerateKeyPair);
        }
    });
}

fn resolved_ui(ui: &mut Ui, r: &Resolved, now: UnixTime) {
    ui.label(
        RichText::new(format!(
            "{} · {} · cookie {} · salt {:?} · exp {} ({})",
            r.flavor.package(),
            r.key_label,
            r.cookie_name,
            r.salt,
            r.exp.to_utc_string(),
            relative(r.exp, now)
        ))
        .small()
        .color(theme::MUTED),
    );
}

fn decode_this_ui(ui: &mut Ui, app: &mut AuthlabApp, hover: &str) {
    if ui.button("Decode this").on_hover_text(hover).clicked() {
        app.push(Command::SendMintedToDecode);
    }
}

fn outputs_ui(ui: &mut Ui, app: &mut AuthlabApp, rows: &[(&str, String)]) {
    for (label, text) in rows {
        ui.horizontal(|ui| {
            ui.strong(*label);
            if ui.small_button("Copy").on_hover_text(format!("Copy the {}", label.to_lowercase())).clicked() {
                app.push(Command::Copy(text.clone()));
            }
        });
        let mut shown = text.clone();
        let l = ui.label(RichText::new(format!("{label} text")).small().color(theme::MUTED));
        egui::ScrollArea::vertical().id_salt(*label).max_height(90.0).show(ui, |ui| {
            ui.add(TextEdit::multiline(&mut shown).code_editor().desired_rows(2).desired_width(f32::INFINITY))
                .labelled_by(l.id);
        });
    }
}

/// The minted session token in every form a developer pastes somewhere, each with a copy button.
fn session_outputs_ui(ui: &mut Ui, app: &mut AuthlabApp, token: &str, outputs: &SessionOutputs) {
    ui.horizontal(|ui| {
        decode_this_ui(ui, app, "Send the Cookie header to the Decode tab");
        ui.label(
            RichText::new(format!("{} chars · {} cookie(s)", token.len(), outputs.cookies.len())).color(theme::MUTED),
        );
    });
    outputs_ui(
        ui,
        app,
        &[
            ("Minted token", token.to_owned()),
            ("Set-Cookie headers", outputs.set_cookie.join("\n")),
            ("Cookie request header", outputs.cookie_header.clone()),
            ("curl command", outputs.curl.clone()),
            ("Browser console line", outputs.console.clone()),
        ],
    );
    ui.label(
        RichText::new("The console line sets cookies without HttpOnly; the app's own Set-Cookie sets HttpOnly ones.")
            .small()
            .color(theme::MUTED),
    );
}
