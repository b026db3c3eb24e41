//! The config workshop's state and logic: undo/redo over the document, unsaved-changes
//! tracking (title, "save first?" before opening or closing), loading configs and dotenv
//! files (typed path, dialog, drag and drop, recent files), saving into the user's own text
//! (comments kept, atomic), the raw-text editor, secret generation and the export window.
//! Drawing of the two dialogs lives at the end ([`dialogs_ui`]).

use std::path::{Path, PathBuf};

use base64::Engine as _;
use egui::util::undoer::Undoer;
use egui::{Key, KeyboardShortcut, Modifiers, RichText};

use super::app::{AuthlabApp, Command, Document, env_lookup, secret_text};
use super::recent::RecentFiles;
use super::theme;
use crate::config::export::{self, Format, Options};
use crate::config::{self, Config, ConfigProblem, ProblemSeverity, edit};
use crate::files;

/// What waits for an answer to "unsaved changes".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pending {
    /// Open something else (a file, the dialog, the example).
    Command(Command),
    /// Close the window.
    Close,
}

/// The export window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportState {
    /// TOML, `.env` or TypeScript.
    pub format: Format,
    /// Secret values in the output.
    pub with_values: bool,
    /// Export although errors remain.
    pub force: bool,
    /// Where "Write file" writes.
    pub path: String,
}

/// See the module docs.
pub struct Workshop {
    undoer: Undoer<Document>,
    saved_config: Config,
    saved_text: String,
    /// The model `doc.text` currently says; edits are written into the text as the difference from it.
    synced: Config,
    /// Show the config text editor (opened by itself when the file has errors).
    pub show_text: bool,
    /// A question waiting for an answer.
    pub confirm: Option<Pending>,
    allow_close: bool,
    /// The export window, when open.
    pub export: Option<ExportState>,
    /// Recently opened files.
    pub recent: RecentFiles,
    /// What happened with the dotenv files at the last load.
    pub env_notes: Vec<String>,
    title: String,
}

impl Workshop {
    /// State for a freshly loaded document (clean, nothing to undo).
    #[must_use]
    pub fn new(doc: &Document, problems: &[ConfigProblem]) -> Self {
        Self {
            undoer: Undoer::default(),
            saved_config: doc.config.clone(),
            saved_text: doc.text.clone(),
            synced: doc.config.clone(),
            show_text: problems.iter().any(|p| p.severity == ProblemSeverity::Error),
            confirm: None,
            allow_close: false,
            export: None,
            recent: RecentFiles::default(),
            env_notes: Vec::new(),
            title: String::new(),
        }
    }

    /// After a load: clean, undo history cleared; recent files and the export window kept.
    pub fn reset(&mut self, doc: &Document, problems: &[ConfigProblem]) {
        let fresh = Self::new(doc, problems);
        self.undoer = fresh.undoer;
        self.saved_config = fresh.saved_config;
        self.saved_text = fresh.saved_text;
        self.synced = fresh.synced;
        self.show_text = fresh.show_text;
        self.confirm = None;
    }

    fn mark_saved(&mut self, doc: &Document) {
        self.saved_config.clone_from(&doc.config);
        self.saved_text.clone_from(&doc.text);
    }
}

fn is_dotenv(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    name == ".env" || name.starts_with(".env.") || path.extension().is_some_and(|e| e.eq_ignore_ascii_case("env"))
}

/// 32 random bytes, base64 — what `npx auth secret` prints.
fn generate_secret() -> Option<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).ok()?;
    Some(base64::engine::general_purpose::STANDARD.encode(bytes))
}

impl AuthlabApp {
    /// Where recent files are remembered (`None`: in memory only, the default).
    pub fn set_recent_store(&mut self, store: Option<PathBuf>) {
        self.workshop.recent = RecentFiles::open(store);
        if let Some(path) = self.config_path.clone() {
            let _ = self.workshop.recent.add(&path);
        }
    }

    /// Whether the config differs from what was last loaded or saved.
    #[must_use]
    pub fn is_dirty(&self) -> bool {
        self.doc.config != self.workshop.saved_config || self.doc.text != self.workshop.saved_text
    }

    /// The window title: file name, and whether there are unsaved changes.
    #[must_use]
    pub fn title(&self) -> String {
        let name = self
            .config_path
            .as_ref()
            .and_then(|p| p.file_name())
            .map_or_else(|| "example config".to_owned(), |n| n.to_string_lossy().into_owned());
        format!("{name}{} — authlab", if self.is_dirty() { " (unsaved changes)" } else { "" })
    }

    /// Holds back commands that would drop unsaved changes until the user answers.
    pub(super) fn guard(&mut self, command: &Command) -> bool {
        let replaces_document = match command {
            Command::OpenDialog | Command::LoadExample => true,
            Command::Load(path) => !is_dotenv(path),
            _ => false,
        };
        if replaces_document && self.is_dirty() {
            self.workshop.confirm = Some(Pending::Command(command.clone()));
            return true;
        }
        false
    }

    /// Opens a config file, or imports a dotenv file into the env section.
    pub(super) fn open_path(&mut self, path: &Path) {
        if is_dotenv(path) {
            self.import_env_file(path);
        } else {
            self.load_config_path(path);
        }
    }

    fn load_config_path(&mut self, path: &Path) {
        match files::load_config(path, &env_lookup) {
            Ok(loaded) => {
                let errors = loaded.problems.iter().filter(|p| p.severity == ProblemSeverity::Error).count();
                self.doc.secret_texts = loaded.config.secrets.iter().map(secret_text).collect();
                self.doc.config = loaded.config;
                self.doc.text = loaded.text;
                self.config_problems = loaded.problems;
                self.config_path = Some(path.to_path_buf());
                self.path_field = path.display().to_string();
                self.workshop.env_notes = loaded.env_notes;
                self.workshop.reset(&self.doc, &self.config_problems);
                let _ = self.workshop.recent.add(path);
                self.status = Some(if errors == 0 {
                    (true, format!("Opened {}", path.display()))
                } else {
                    (
                        false,
                        format!(
                            "Opened {} with {errors} error(s): fix them in the config text below (defaults are used meanwhile)",
                            path.display()
                        ),
                    )
                });
            }
            Err(e) => self.status = Some((false, format!("Cannot open {}: {e}", path.display()))),
        }
    }

    /// Saves into the document's own text, atomically. On failure nothing changes: the
    /// document stays open and unsaved. Returns whether it saved.
    pub(super) fn save_to(&mut self, path: &Path) -> bool {
        if let Err(e) = self.sync_text() {
            self.workshop.show_text = true;
            self.status = Some((false, format!("Not saved: {e}. Nothing was lost: the config is still open.")));
            return false;
        }
        let text = self.doc.text.clone();
        match files::write_atomic(path, text.as_bytes()) {
            Ok(()) => {
                self.doc.text = text;
                self.workshop.mark_saved(&self.doc);
                self.config_path = Some(path.to_path_buf());
                self.path_field = path.display().to_string();
                let _ = self.workshop.recent.add(path);
                let errors = self.config_problems.iter().filter(|p| p.severity == ProblemSeverity::Error).count();
                self.status = Some(if errors == 0 {
                    (true, format!("Saved {}", path.display()))
                } else {
                    (false, format!("Saved {} as written; it still has {errors} error(s) to fix", path.display()))
                });
                true
            }
            Err(e) => {
                self.status = Some((
                    false,
                    format!(
                        "Could not save {}: {e}. Nothing was lost: the config is still open, unsaved.",
                        path.display()
                    ),
                ));
                false
            }
        }
    }

    fn config_dir(&self) -> Option<PathBuf> {
        self.config_path.as_ref().and_then(|p| p.parent()).map(Path::to_path_buf)
    }

    fn import_env_file(&mut self, path: &Path) {
        let text = match files::read_text(path, files::MAX_DOTENV_BYTES) {
            Ok(text) => text,
            Err(e) => {
                self.status = Some((false, format!("Cannot read {}: {e}", path.display())));
                return;
            }
        };
        let pairs = match files::parse_dotenv(&text) {
            Ok(pairs) => pairs,
            Err(e) => {
                self.status = Some((false, format!("{}: {e}", path.display())));
                return;
            }
        };
        // Listed relative to the config's folder when it is there, so the config stays portable.
        let name = match (self.config_dir(), path.parent()) {
            (Some(dir), Some(parent)) if dir == parent => {
                path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
            }
            _ => path.display().to_string(),
        };
        self.workshop.undoer.add_undo(&self.doc);
        let count = pairs.len();
        if !self.doc.config.env.files.contains(&name) {
            self.doc.config.env.files.push(name.clone());
        }
        self.doc.config.env.load_file(&name, pairs);
        self.doc.config.resolve_env(&env_lookup);
        self.status =
            Some((true, format!("Loaded {count} variable(s) from {name} (values stay out of the config file)")));
    }

    /// The text editor changed the text: read the model from it.
    pub(super) fn after_edits(&mut self, text_before: &str) {
        if self.doc.text != text_before {
            self.reparse_text();
        }
    }

    /// Writes what changed in the model since the text was last in step into the text.
    /// Fails (changing nothing) while the text is not valid TOML.
    fn sync_text(&mut self) -> Result<(), edit::EditError> {
        if self.doc.config != self.workshop.synced {
            self.doc.text = edit::update_text_from(&self.doc.text, &self.workshop.synced, &self.doc.config)?;
            self.workshop.synced.clone_from(&self.doc.config);
        }
        Ok(())
    }

    fn reparse_text(&mut self) {
        let (mut config, problems) = config::parse(&self.doc.text, &env_lookup);
        // Values loaded from dotenv files are kept (not re-read on every keystroke).
        let loaded: Vec<_> = self
            .doc
            .config
            .env
            .vars
            .iter()
            .filter(|v| matches!(v.source, config::EnvSource::File(_)))
            .cloned()
            .collect();
        config.env.vars.extend(loaded);
        config.resolve_env(&env_lookup);
        self.doc.secret_texts = config.secrets.iter().map(secret_text).collect();
        self.doc.config = config;
        self.workshop.synced.clone_from(&self.doc.config);
        self.config_problems = problems;
    }

    fn reload_env_files(&mut self) {
        let dir = self.config_dir();
        self.doc.config.env.vars.retain(|v| !matches!(v.source, config::EnvSource::File(_)));
        self.workshop.env_notes = files::load_env_files(&mut self.doc.config, dir.as_deref(), &env_lookup);
        self.status = Some((true, format!("Reloaded: {}", self.workshop.env_notes.join("; "))));
    }

    fn restore(&mut self, doc: Document) {
        self.doc = doc;
        self.workshop.synced.clone_from(&self.doc.config);
        self.config_problems = config::parse(&self.doc.text, &|_| None).1;
    }

    /// The current export (or why there is none).
    #[must_use]
    pub fn export_output(&self) -> Option<Result<String, String>> {
        let state = self.workshop.export.as_ref()?;
        let options = Options { with_values: state.with_values, force: state.force };
        Some(
            export::export(&self.doc.config, &self.doc.text, &self.config_problems, state.format, options)
                .map_err(|e| e.to_string()),
        )
    }

    /// Commands of the config workshop (the rest are in `run_commands`).
    pub(super) fn run_workshop_command(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::Undo => {
                if let Some(state) = self.workshop.undoer.undo(&self.doc).cloned() {
                    self.restore(state);
                }
            }
            Command::Redo => {
                if let Some(state) = self.workshop.undoer.redo(&self.doc).cloned() {
                    self.restore(state);
                }
            }
            Command::GenerateSecret(i) => match generate_secret() {
                Some(secret) if i < self.doc.secret_texts.len() => {
                    self.workshop.undoer.add_undo(&self.doc);
                    self.doc.secret_texts[i] = secret;
                    self.sync_secrets();
                    self.status = Some((true, format!("Secret {} replaced by 32 random bytes (base64)", i + 1)));
                }
                Some(_) => {}
                None => self.status = Some((false, "No randomness available on this system.".into())),
            },
            Command::TextEdited => self.reparse_text(),
            Command::ImportEnvFile(path) => self.import_env_file(&path),
            Command::ReloadEnvFiles => self.reload_env_files(),
            Command::OpenExport => {
                let format = Format::Ts;
                let dir = self.config_dir().unwrap_or_default();
                let path = dir.join(format.suggested_file_name(self.doc.config.version)).display().to_string();
                self.workshop.export = Some(ExportState { format, with_values: false, force: false, path });
            }
            Command::WriteExport(path) => match self.export_output() {
                Some(Ok(text)) => match files::write_atomic(&path, text.as_bytes()) {
                    Ok(()) => self.status = Some((true, format!("Exported to {}", path.display()))),
                    Err(e) => self.status = Some((false, format!("Could not write {}: {e}", path.display()))),
                },
                Some(Err(e)) => self.status = Some((false, format!("Not exported: {e}"))),
                None => {}
            },
            Command::ConfirmSave => {
                let pending = self.workshop.confirm.take();
                let saved = if let Some(path) = self.config_path.clone() {
                    self.save_to(&path)
                } else {
                    self.status = Some((false, "Choose where to save first (Save as…), then try again.".into()));
                    self.spawn_dialog(true);
                    false
                };
                if saved {
                    self.go_on(pending, ctx);
                }
            }
            Command::ConfirmDiscard => {
                let pending = self.workshop.confirm.take();
                self.workshop.mark_saved(&self.doc);
                self.go_on(pending, ctx);
            }
            Command::ConfirmCancel => self.workshop.confirm = None,
            _ => {}
        }
    }

    fn go_on(&mut self, pending: Option<Pending>, ctx: &egui::Context) {
        match pending {
            Some(Pending::Command(c)) => self.push(c),
            Some(Pending::Close) => {
                self.workshop.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            None => {}
        }
    }

    /// Shortcuts, dropped files and close requests, read before the panels draw.
    pub(super) fn workshop_input(&mut self, ctx: &egui::Context) {
        let shift = Modifiers::COMMAND | Modifiers::SHIFT;
        // The shift variants first: a plain Ctrl+Z pattern would also match Ctrl+Shift+Z.
        let shortcuts = [
            (KeyboardShortcut::new(shift, Key::Z), Command::Redo),
            (KeyboardShortcut::new(Modifiers::COMMAND, Key::Y), Command::Redo),
            (KeyboardShortcut::new(Modifiers::COMMAND, Key::Z), Command::Undo),
            (KeyboardShortcut::new(shift, Key::S), Command::SaveAsDialog),
            (KeyboardShortcut::new(Modifiers::COMMAND, Key::S), Command::Save),
            (KeyboardShortcut::new(Modifiers::COMMAND, Key::O), Command::OpenDialog),
        ];
        for (shortcut, command) in shortcuts {
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                self.push(command);
            }
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).collect());
        for path in dropped.into_iter().filter(|p| !super::har::is_har_path(p)) {
            self.push(Command::Load(path));
        }
        if ctx.input(|i| i.viewport().close_requested()) && self.is_dirty() && !self.workshop.allow_close {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.workshop.confirm = Some(Pending::Close);
        }
    }

    /// Feeds the undoer and keeps the title up to date.
    pub(super) fn workshop_frame_end(&mut self, ctx: &egui::Context) {
        // While the text does not parse, edits stay in the model and Save says why it cannot write.
        let _ = self.sync_text();
        let time = ctx.input(|i| i.time);
        self.workshop.undoer.feed_state(time, &self.doc);
        let title = self.title();
        if title != self.workshop.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.workshop.title = title;
        }
    }
}

/// The "unsaved changes" question and the export window.
pub fn dialogs_ui(ctx: &egui::Context, app: &mut AuthlabApp) {
    if let Some(pending) = app.workshop.confirm.clone() {
        egui::Window::new("Unsaved changes")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui| {
                let what = match pending {
                    Pending::Close => "closing",
                    Pending::Command(_) => "opening another config",
                };
                ui.label(format!("The config has unsaved changes. Save them before {what}?"));
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        app.push(Command::ConfirmSave);
                    }
                    if ui.button("Discard changes").clicked() {
                        app.push(Command::ConfirmDiscard);
                    }
                    if ui.button("Cancel").clicked() {
                        app.push(Command::ConfirmCancel);
                    }
                });
            });
    }
    let Some(mut state) = app.workshop.export.clone() else { return };
    let mut open = true;
    let output = app.export_output();
    egui::Window::new("Export").open(&mut open).default_width(620.0).show(ctx, |ui| {
        ui.horizontal(|ui| {
            ui.selectable_value(&mut state.format, Format::Ts, "TypeScript");
            ui.selectable_value(&mut state.format, Format::Env, ".env fragment");
            ui.selectable_value(&mut state.format, Format::Toml, "TOML");
        });
        ui.checkbox(&mut state.with_values, "Include secret values")
            .on_hover_text("Off: placeholders in .env, env: references in TOML. Code never inlines secrets.");
        ui.checkbox(&mut state.force, "Export even though errors remain (noted in the output)");
        match &output {
            Some(Ok(text)) => {
                let mut shown = text.clone();
                egui::ScrollArea::vertical().max_height(420.0).show(ui, |ui| {
                    let label = ui.label("Export preview");
                    ui.add(
                        egui::TextEdit::multiline(&mut shown)
                            .code_editor()
                            .desired_width(f32::INFINITY)
                            .interactive(false),
                    )
                    .labelled_by(label.id);
                });
                ui.horizontal(|ui| {
                    if ui.button("Copy export").clicked() {
                        app.push(Command::Copy(text.clone()));
                    }
                    let label = ui.label("Export path");
                    ui.add(egui::TextEdit::singleline(&mut state.path).desired_width(300.0)).labelled_by(label.id);
                    let path = state.path.trim().to_owned();
                    if ui.add_enabled(!path.is_empty(), egui::Button::new("Write file")).clicked() {
                        app.push(Command::WriteExport(path.into()));
                    }
                });
            }
            Some(Err(e)) => {
                ui.label(RichText::new(e).color(theme::REJECTED));
            }
            None => {}
        }
    });
    let before = app.workshop.export.as_ref().map(|s| s.format);
    if before != Some(state.format) {
        let dir = app.config_path.as_ref().and_then(|p| p.parent()).map(Path::to_path_buf).unwrap_or_default();
        state.path = dir.join(state.format.suggested_file_name(app.doc.config.version)).display().to_string();
    }
    app.workshop.export = open.then_some(state);
}
