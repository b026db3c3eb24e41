//! Verdict panel section: the reader matrix — the app and every reader, accepting or
//! rejecting, why, and each one's findings.

use egui::{RichText, Ui};

use super::theme;
use crate::diagnose::matrix::Role;
use crate::diagnose::{Outcome, Severity, Verdict};

/// The matrix (drawn only when readers are configured).
pub fn readers_matrix_ui(ui: &mut Ui, v: &Verdict) {
    if v.readers.len() < 2 {
        return;
    }
    ui.separator();
    ui.strong("Readers");
    for (i, r) in v.readers.iter().enumerate() {
        let verb = match r.outcome {
            Outcome::Accepted => "accepts",
            Outcome::Rejected => "rejects",
        };
        let who = if r.role == Role::Writer { format!("{} (writer)", r.name) } else { r.name.clone() };
        ui.label(RichText::new(format!("{who} {verb}")).strong().color(theme::outcome(r.outcome)));
        ui.label(
            RichText::new(format!(
                "{} · cookie {} · salt {:?} · {} · encrypts with {} · decrypts with {}",
                r.reader.flavor.package(),
                r.reader.cookie_name,
                r.reader.salt,
                r.decoder,
                r.reader.encrypting.as_deref().unwrap_or("none"),
                if r.reader.decrypting.is_empty() { "none".to_owned() } else { r.reader.decrypting.join(", ") }
            ))
            .small()
            .color(theme::MUTED),
        );
        ui.label(RichText::new(format!("Secure cookie: {}", r.secure_reason)).small().color(theme::MUTED));
        if r.role == Role::Reader && !r.findings.is_empty() {
            egui::CollapsingHeader::new(format!("{} finding(s) for {}", r.findings.len(), r.name))
                .id_salt(("reader-findings", i))
                .default_open(r.outcome == Outcome::Rejected)
                .show(ui, |ui| {
                    for f in &r.findings {
                        let marker = match f.severity {
                            Severity::Error => "Error:",
                            Severity::Warning => "Warning:",
                            Severity::Info => "Note:",
                        };
                        ui.label(RichText::new(format!("{marker} {}", f.title)).color(theme::severity(f.severity)));
                        ui.label(RichText::new(f.code).monospace().small().color(theme::MUTED));
                        ui.label(RichText::new(&f.why).small());
                    }
                });
        }
        ui.add_space(4.0);
    }
}
