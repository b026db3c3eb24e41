//! The only colour constants in the program.

use egui::Color32;

use crate::diagnose::{Outcome, Severity};

/// Accepted.
pub const ACCEPTED: Color32 = Color32::from_rgb(0x2e, 0x9e, 0x4f);
/// Rejected.
pub const REJECTED: Color32 = Color32::from_rgb(0xd6, 0x45, 0x45);
/// Warning.
pub const WARNING: Color32 = Color32::from_rgb(0xd9, 0x9a, 0x1e);
/// Info.
pub const INFO: Color32 = Color32::from_rgb(0x4a, 0x8f, 0xd6);
/// Secondary text.
pub const MUTED: Color32 = Color32::from_rgb(0x9a, 0x9a, 0x9a);

/// Colour for an outcome.
#[must_use]
pub fn outcome(outcome: Outcome) -> Color32 {
    match outcome {
        Outcome::Accepted => ACCEPTED,
        Outcome::Rejected => REJECTED,
    }
}

/// Colour for a severity.
#[must_use]
pub fn severity(severity: Severity) -> Color32 {
    match severity {
        Severity::Error => REJECTED,
        Severity::Warning => WARNING,
        Severity::Info => INFO,
    }
}
