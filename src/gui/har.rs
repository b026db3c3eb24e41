//! HAR files in the window: opened from a file (dialog or typed path) or dropped on the
//! window, read on a worker thread with a progress bar and a Cancel button, then a list of
//! the requests that carried a session cookie; picking one puts it in the paste box.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::{ProgressBar, RichText, TextEdit, Ui};

use super::app::AuthlabApp;
use super::theme;
use crate::cookie::{self, Input};
use crate::input::har::{self, HarDocument, HarError};

/// A read in progress.
pub struct HarJob {
    /// The file.
    pub path: PathBuf,
    /// Bytes read so far (written by the worker).
    pub read: Arc<AtomicU64>,
    /// File size.
    pub total: u64,
    /// Set to stop the worker.
    pub cancel: Arc<AtomicBool>,
    rx: Receiver<Result<HarDocument, HarError>>,
}

/// HAR state of the window (a view, not part of the document).
#[derive(Default)]
pub struct HarState {
    /// Typed path fallback.
    pub path_field: String,
    /// The read in progress.
    pub job: Option<HarJob>,
    /// The last HAR read.
    pub doc: Option<HarDocument>,
    /// The request picked (index into `doc.entries`).
    pub picked: Option<usize>,
    /// The last problem (or "cancelled").
    pub message: Option<String>,
    dialog: Option<Receiver<Option<PathBuf>>>,
}

/// The paste-box text for a request: its `Cookie`, `Authorization` and other headers.
#[must_use]
pub fn paste_for(input: &Input) -> String {
    let mut lines = Vec::new();
    if let Some(cookies) = &input.cookies {
        lines.push(format!("Cookie: {}", cookie::cookie_header(cookies)));
    }
    if let Some(a) = &input.authorization {
        lines.push(format!("Authorization: {a}"));
    }
    for (name, value) in &input.headers {
        if name.eq_ignore_ascii_case("x-forwarded-proto") {
            lines.push(format!("{name}: {value}"));
        }
    }
    lines.join("\n")
}

impl HarState {
    /// Starts reading `path` on a worker thread (a read in progress is cancelled).
    pub fn start(&mut self, path: &Path) {
        if let Some(job) = &self.job {
            job.cancel.store(true, Ordering::Relaxed);
        }
        let total = std::fs::metadata(path).map_or(0, |m| m.len());
        let read = Arc::new(AtomicU64::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, rx) = channel();
        let (r, c, p) = (Arc::clone(&read), Arc::clone(&cancel), path.to_path_buf());
        let spawned = std::thread::Builder::new().name("har-reader".into()).spawn(move || {
            let result = match std::fs::File::open(&p) {
                Ok(file) => har::parse_reader(file, &mut |n| {
                    r.store(n, Ordering::Relaxed);
                    !c.load(Ordering::Relaxed)
                }),
                Err(e) => Err(HarError::Io(e.to_string())),
            };
            let _ = tx.send(result);
        });
        match spawned {
            Ok(_) => {
                self.job = Some(HarJob { path: path.to_path_buf(), read, total, cancel, rx });
                self.message = None;
            }
            Err(e) => self.message = Some(format!("Cannot start reading: {e}")),
        }
    }

    /// Collects a finished read. Returns true when something changed.
    pub fn poll(&mut self) -> bool {
        if let Some(rx) = &self.dialog {
            match rx.try_recv() {
                Ok(Some(path)) => {
                    self.dialog = None;
                    self.path_field = path.display().to_string();
                    self.start(&path);
                }
                Ok(None) | Err(TryRecvError::Disconnected) => {
                    self.dialog = None;
                    self.message =
                        Some("No file chosen (or no file dialog here): type a path and press Load HAR.".into());
                }
                Err(TryRecvError::Empty) => {}
            }
        }
        let Some(job) = &self.job else { return false };
        match job.rx.try_recv() {
            Ok(Ok(doc)) => {
                self.message = if doc.entries.is_empty() {
                    Some(if doc.total_entries > 0 && doc.requests_without_cookies == doc.total_entries {
                        "No request in this HAR has cookies: export it with sensitive data (Chrome: Export HAR (with sensitive data)…).".into()
                    } else {
                        format!("None of its {} requests carried a session cookie.", doc.total_entries)
                    })
                } else {
                    None
                };
                self.picked = None;
                self.doc = Some(doc);
                self.job = None;
                true
            }
            Ok(Err(e)) => {
                self.message = Some(match e {
                    HarError::Cancelled => "Cancelled.".to_owned(),
                    other => other.to_string(),
                });
                self.job = None;
                true
            }
            Err(TryRecvError::Empty) => false,
            Err(TryRecvError::Disconnected) => {
                self.message = Some("Reading the HAR failed.".into());
                self.job = None;
                true
            }
        }
    }

    fn open_dialog(&mut self) {
        if self.dialog.is_some() {
            return;
        }
        let (tx, rx) = channel();
        let spawned = std::thread::Builder::new().name("har-dialog".into()).spawn(move || {
            let _ = tx.send(rfd::FileDialog::new().add_filter("HAR", &["har", "json"]).pick_file());
        });
        if spawned.is_ok() {
            self.dialog = Some(rx);
        }
    }
}

/// Whether a dropped file is read as a HAR (`.har`, `.json`); config and dotenv files go to the workshop.
#[must_use]
pub fn is_har_path(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("har") || e.eq_ignore_ascii_case("json"))
}

/// Files dropped on the window: a `.har` / `.json` starts a read.
pub fn handle_drops(ctx: &egui::Context, app: &mut AuthlabApp) {
    let dropped = ctx.input(|i| i.raw.dropped_files.clone());
    if let Some(path) = dropped.iter().map(|f| f.path().to_path_buf()).find(|p| is_har_path(p)) {
        app.har.path_field = path.display().to_string();
        app.har.start(&path);
    }
}

/// Polls the worker; keeps repainting while it runs.
pub fn poll(ctx: &egui::Context, app: &mut AuthlabApp) {
    app.har.poll();
    if app.har.job.is_some() || app.har.dialog.is_some() {
        ctx.request_repaint_after(std::time::Duration::from_millis(50));
    }
}

/// The HAR block of the decode tab.
pub fn har_ui(ui: &mut Ui, app: &mut AuthlabApp) {
    egui::CollapsingHeader::new("HAR file")
        .id_salt("har")
        .default_open(app.har.doc.is_some() || app.har.job.is_some())
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                if ui
                    .button("Open HAR…")
                    .on_hover_text("A HAR exported from the browser's devtools; or drop one on the window")
                    .clicked()
                {
                    app.har.open_dialog();
                }
                let l = ui.label("HAR file path");
                ui.add(
                    TextEdit::singleline(&mut app.har.path_field)
                        .hint_text("/path/to/session.har")
                        .desired_width(220.0),
                )
                .labelled_by(l.id);
                let path = app.har.path_field.trim().to_owned();
                if ui.add_enabled(!path.is_empty() && app.har.job.is_none(), egui::Button::new("Load HAR")).clicked() {
                    app.har.start(Path::new(&path));
                }
            });
            if let Some(job) = &app.har.job {
                let read = job.read.load(Ordering::Relaxed);
                let fraction = if job.total > 0 { read as f32 / job.total as f32 } else { 0.0 };
                ui.horizontal(|ui| {
                    ui.add(
                        ProgressBar::new(fraction.clamp(0.0, 1.0))
                            .text(format!(
                                "Reading {} ({} of {} KB)",
                                job.path.display(),
                                read / 1024,
                                job.total / 1024
                            ))
                            .desired_width(300.0),
                    );
                    if ui.button("Cancel").clicked() {
                        job.cancel.store(true, Ordering::Relaxed);
                    }
                });
            }
            if let Some(m) = &app.har.message {
                ui.label(RichText::new(m).color(theme::REJECTED));
            }
            let mut pick = None;
            if let Some(doc) = &app.har.doc {
                ui.label(
                    RichText::new(format!(
                        "{} of {} requests carried a session cookie or Bearer token:",
                        doc.entries.len(),
                        doc.total_entries
                    ))
                    .small()
                    .color(theme::MUTED),
                );
                egui::ScrollArea::vertical().id_salt("har-entries").max_height(140.0).show(ui, |ui| {
                    for (i, e) in doc.entries.iter().enumerate() {
                        let text = format!("#{} {} {} {} ({})", i + 1, e.started, e.method, e.url, e.status);
                        if ui.selectable_label(app.har.picked == Some(i), text).clicked() {
                            pick = Some(i);
                        }
                    }
                });
            }
            if let Some(i) = pick
                && let Some(entry) = app.har.doc.as_ref().and_then(|d| d.entries.get(i))
            {
                app.doc.paste = paste_for(&entry.input);
                app.har.picked = Some(i);
            }
        });
}
