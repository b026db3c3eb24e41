//! The time the verdict is evaluated at — now (ticking), a picked date and time, or a slider
//! across the token's life — and the timeline drawn from [`crate::diagnose::timeline`].

use egui::{RichText, Slider, TextEdit, Ui};

use super::app::AuthlabApp;
use super::theme;
use crate::diagnose::explain::mark_label;
use crate::diagnose::timeline::{MarkKind, Phase, Timeline};
use crate::time::{UnixTime, parse_instant, relative};

/// How "now" is chosen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TimeMode {
    /// The clock (ticks once a second while a relative time is shown).
    #[default]
    Now,
    /// A date and time typed by the user.
    Picked,
    /// A slider across the token's life.
    Slider,
}

/// The time controls' state (not part of the document: it is a view on it).
#[derive(Clone, Debug, Default)]
pub struct TimeState {
    /// The mode.
    pub mode: TimeMode,
    /// What was typed for [`TimeMode::Picked`].
    pub picked_text: String,
    /// The slider's instant (Unix seconds).
    pub slider_secs: i64,
}

impl TimeState {
    /// The instant to evaluate at, given the clock's `now`.
    #[must_use]
    pub fn instant(&self, clock_now: UnixTime) -> UnixTime {
        match self.mode {
            TimeMode::Now => clock_now,
            TimeMode::Picked => parse_instant(&self.picked_text).unwrap_or(clock_now),
            TimeMode::Slider => UnixTime(self.slider_secs),
        }
    }

    /// Whether the view ticks with the clock.
    #[must_use]
    pub fn follows_clock(&self) -> bool {
        self.mode == TimeMode::Now
    }
}

/// The time mode controls and the timeline of the current verdict.
pub fn time_ui(ui: &mut Ui, app: &mut AuthlabApp) {
    ui.strong("Time");
    let now = app.now;
    ui.horizontal(|ui| {
        let before = app.time.mode;
        ui.radio_value(&mut app.time.mode, TimeMode::Now, "Now");
        ui.radio_value(&mut app.time.mode, TimeMode::Picked, "Pick a time");
        ui.radio_value(&mut app.time.mode, TimeMode::Slider, "Slide across the token's life");
        if app.time.mode != before {
            if app.time.picked_text.is_empty() {
                now.to_utc_string().trim_end_matches(" UTC").clone_into(&mut app.time.picked_text);
            }
            app.time.slider_secs = now.0;
        }
    });
    match app.time.mode {
        TimeMode::Now => {}
        TimeMode::Picked => {
            ui.horizontal(|ui| {
                let l = ui.label("Evaluate at (UTC)");
                ui.add(
                    TextEdit::singleline(&mut app.time.picked_text)
                        .hint_text("2026-01-31 12:00:00")
                        .desired_width(180.0),
                )
                .labelled_by(l.id);
                if parse_instant(&app.time.picked_text).is_none() {
                    ui.label(RichText::new("not a date yet: using the clock").small().color(theme::REJECTED));
                }
            });
        }
        TimeMode::Slider => {
            if let Some(t) = &app.verdict.timeline {
                let margin = ((t.span.1.0 - t.span.0.0) / 20).max(60);
                let range = t.span.0.0.saturating_sub(margin)..=t.span.1.0.saturating_add(margin);
                ui.add(Slider::new(&mut app.time.slider_secs, range).show_value(false).text("Instant"));
            } else {
                ui.label(
                    RichText::new("No claims to slide across: paste a token a secret opens.")
                        .small()
                        .color(theme::MUTED),
                );
            }
        }
    }
    ui.label(RichText::new(format!("Evaluated at {}", now.to_utc_string())).small().color(theme::MUTED));
    if let Some(t) = app.verdict.timeline.clone() {
        timeline_bar_ui(ui, &t);
        timeline_grid_ui(ui, &t);
    }
}

fn phase_words(p: Phase) -> &'static str {
    match p {
        Phase::NotYetValid => "not yet valid",
        Phase::Valid => "valid",
        Phase::Grace => "past exp, within the 15 s tolerance (still accepted)",
        Phase::Expired => "expired",
    }
}

/// The marks on one horizontal axis.
fn timeline_bar_ui(ui: &mut Ui, t: &Timeline) {
    let width = ui.available_width().max(120.0);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, 34.0), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let (start, end) = (t.span.0.0 as f64, t.span.1.0 as f64);
    let x = |at: UnixTime| {
        let f = if end > start { ((at.0 as f64 - start) / (end - start)).clamp(0.0, 1.0) } else { 0.5 };
        rect.left() + 6.0 + (f as f32) * (rect.width() - 12.0)
    };
    let y = rect.center().y;
    painter.line_segment([egui::pos2(rect.left() + 6.0, y), egui::pos2(rect.right() - 6.0, y)], (1.0, theme::MUTED));
    if let (Some(iat), Some(last)) = (t.mark(MarkKind::Iat), t.mark(MarkKind::LastAccepted)) {
        painter.line_segment([egui::pos2(x(iat.at), y), egui::pos2(x(last.at), y)], (4.0, theme::ACCEPTED));
    }
    for m in &t.marks {
        let color = match m.kind {
            MarkKind::Now => theme::INFO,
            MarkKind::Exp | MarkKind::LastAccepted => theme::REJECTED,
            _ => theme::MUTED,
        };
        let h = if m.kind == MarkKind::Now { 14.0 } else { 8.0 };
        painter.line_segment([egui::pos2(x(m.at), y - h), egui::pos2(x(m.at), y + h)], (2.0, color));
    }
}

fn timeline_grid_ui(ui: &mut Ui, t: &Timeline) {
    ui.label(format!("Now: {} (clock tolerance {} s)", phase_words(t.phase), t.tolerance_secs));
    egui::Grid::new("timeline").striped(true).show(ui, |ui| {
        for m in &t.marks {
            ui.label(mark_label(m.kind));
            ui.label(RichText::new(m.at.to_utc_string()).monospace());
            ui.label(
                RichText::new(if m.kind == MarkKind::Now { String::new() } else { relative(m.at, t.now) })
                    .color(theme::MUTED),
            );
            ui.end_row();
        }
    });
}
