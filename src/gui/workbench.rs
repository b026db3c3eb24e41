//! Centre: paste and decode, or mint.

use egui::{RichText, TextEdit, Ui};
use serde_json::{Map, Value};

use super::app::{AuthlabApp, Command, Tab};
use super::theme;
use crate::diagnose::TokenSource;
use crate::time::{UnixTime, relative};
use crate::token::claims::time_claim;

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
    ui.label(format!(
        "Mints a {} session token with secret #1, salt {:?}, as cookie {}.",
        app.doc.config.version.package(),
        app.doc.config.salt(),
        app.doc.config.session_cookie_name()
    ));
    let label = ui.label("Claims (JSON)");
    ui.add(TextEdit::multiline(&mut app.doc.mint_claims).code_editor().desired_rows(6).desired_width(f32::INFINITY))
        .labelled_by(label.id);
    match serde_json::from_str::<Value>(&app.doc.mint_claims) {
        Ok(Value::Object(_)) => {
            ui.label(RichText::new("Valid JSON object").small().color(theme::ACCEPTED));
        }
        Ok(_) => {
            ui.label(RichText::new("Claims must be a JSON object").small().color(theme::REJECTED));
        }
        Err(e) => {
            ui.label(RichText::new(format!("Not JSON yet: {e}")).small().color(theme::REJECTED));
        }
    }
    ui.horizontal(|ui| {
        let l = ui.label("Max age");
        ui.add(
            egui::DragValue::new(&mut app.doc.mint_max_age_secs)
                .range(-315_360_000..=315_360_000)
                .suffix(" s")
                .speed(60.0),
        )
        .labelled_by(l.id);
        ui.label(RichText::new(crate::time::human_duration(app.doc.mint_max_age_secs)).color(theme::MUTED));
    });
    if ui.button("Mint token").clicked() {
        app.push(Command::Mint);
    }
    match app.minted.clone() {
        Some(Ok(token)) => {
            let l = ui.label("Minted token");
            let mut shown = token.clone();
            ui.add(
                TextEdit::multiline(&mut shown)
                    .code_editor()
                    .desired_rows(4)
                    .desired_width(f32::INFINITY)
                    .interactive(true),
            )
            .labelled_by(l.id);
            ui.horizontal(|ui| {
                if ui.button("Copy").clicked() {
                    app.push(Command::Copy(token.clone()));
                }
                if ui.button("Decode this").clicked() {
                    app.push(Command::SendMintedToDecode);
                }
            });
        }
        Some(Err(e)) => {
            ui.label(RichText::new(e.as_str()).color(theme::REJECTED));
        }
        None => {}
    }
}
