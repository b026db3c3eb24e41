//! Right panel: the live verdict.

use egui::{RichText, Ui};

use super::app::AuthlabApp;
use super::theme;
use crate::diagnose::{Outcome, Severity};

/// The verdict.
pub fn verdict_ui(ui: &mut Ui, app: &mut AuthlabApp) {
    let v = &app.verdict;
    ui.heading("Verdict");
    let text = match v.outcome {
        Outcome::Accepted => "ACCEPTED",
        Outcome::Rejected => "REJECTED",
    };
    ui.label(RichText::new(text).size(26.0).strong().color(theme::outcome(v.outcome)));
    ui.label(
        RichText::new(format!("as {} would read it · cookie {}", v.flavor.package(), v.reader.cookie_name))
            .color(theme::MUTED),
    );
    if let Some(e) = &v.library_error {
        ui.add_space(4.0);
        ui.label(RichText::new(format!("Library: {}", e.display())).monospace());
    }
    if let Some(f) = v.token_flavor
        && f != v.flavor
    {
        ui.label(format!("Token made by {}", f.package()));
    }
    ui.separator();
    if v.findings.is_empty() {
        ui.label("No findings.");
    }
    for f in &v.findings {
        let marker = match f.severity {
            Severity::Error => "Error:",
            Severity::Warning => "Warning:",
            Severity::Info => "Note:",
        };
        ui.label(RichText::new(format!("{marker} {}", f.title)).strong().color(theme::severity(f.severity)));
        ui.label(RichText::new(f.code).monospace().small().color(theme::MUTED));
        ui.label(&f.why);
        ui.label(RichText::new(format!("Fix: {}", f.fix)).italics());
        ui.add_space(8.0);
    }
    super::matrix_panel::readers_matrix_ui(ui, &app.verdict);
    ui.separator();
    super::timeline::time_ui(ui, app);
}
