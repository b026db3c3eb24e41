//! App state, the per-frame logic and command handling (drawing lives in the panels).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

use serde_json::Map;

use crate::config::{self, Config, ConfigProblem, SecretEntry, SecretSpec};
use crate::cookie::Input;
use crate::diagnose::{Verdict, diagnose};
use crate::mint::claims::Preset;
use crate::mint::form::{MintForm, MintRandomness, Minted};
use crate::mint::keys::KeyGenError;
use crate::secret::Secret;
use crate::time::UnixTime;
use crate::token::Flavor;
use crate::token::nextauth::{self, MintParams};

/// Where "now" comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    /// The system clock, read once per frame.
    System,
    /// A pinned instant (tests).
    Fixed(UnixTime),
}

/// Workbench tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// Paste and decode.
    Decode,
    /// Make a token.
    Mint,
}

/// Something a panel asks the app to do after the frame.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use]
pub enum Command {
    /// Show the native open dialog (off the UI thread).
    OpenDialog,
    /// Show the native save dialog (off the UI thread).
    SaveAsDialog,
    /// Save to the current path (or ask).
    Save,
    /// Load a config from this path.
    Load(PathBuf),
    /// Save to this path.
    SaveTo(PathBuf),
    /// Back to the bundled example.
    LoadExample,
    /// Mint from the Mint tab's fields.
    Mint,
    /// Put the minted token into the paste box (a Cookie header; a JWS bare) and show Decode.
    SendMintedToDecode,
    /// Replace the Mint claims with a preset.
    MintPreset(Preset),
    /// Fill the Mint form's PEM fields with a fresh ES256 / `EdDSA` test key pair.
    GenerateKeyPair,
    /// Put text on the clipboard.
    Copy(String),
    /// Undo the last change to the document.
    Undo,
    /// Redo what was undone.
    Redo,
    /// Replace secret `n` (0-based) with 32 random bytes, base64 (like `npx auth secret`).
    GenerateSecret(usize),
    /// The config text was edited in the text editor: read it again.
    TextEdited,
    /// Load a dotenv file into the env section (and list it in `env.files`).
    ImportEnvFile(PathBuf),
    /// Read the env section's dotenv files again.
    ReloadEnvFiles,
    /// Open the export window.
    OpenExport,
    /// Write the export window's output to this path (atomically).
    WriteExport(PathBuf),
    /// "Unsaved changes": save, then go on.
    ConfirmSave,
    /// "Unsaved changes": drop them and go on.
    ConfirmDiscard,
    /// "Unsaved changes": stay.
    ConfirmCancel,
}

/// The user's document: what undo would cover, what is saved.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The config being edited (secrets resolved).
    pub config: Config,
    /// One text per secret, as typed: a literal or `env:NAME`.
    pub secret_texts: Vec<String>,
    /// The paste box.
    pub paste: String,
    /// Mint tab: every field of the form (claims JSON, times, key, version, cookie, JWS).
    pub mint: MintForm,
    /// The config file's text. Saving writes the model into it (comments and key order kept);
    /// when it does not parse, it is what the text editor shows so nothing is lost.
    pub text: String,
}

/// Everything the window shows.
pub struct AuthlabApp {
    /// The document.
    pub doc: Document,
    /// Problems found when the config file was read.
    pub config_problems: Vec<ConfigProblem>,
    /// Path of the config file, if it came from one.
    pub config_path: Option<PathBuf>,
    /// Typed-path fallback for open/save.
    pub path_field: String,
    /// Show secrets in clear.
    pub reveal_secrets: bool,
    /// Workbench tab.
    pub tab: Tab,
    /// One line of status ("Saved …", errors).
    pub status: Option<(bool, String)>,
    /// The last minted token with its outputs, or every reason minting failed.
    pub minted: Option<Result<Minted, Vec<String>>>,
    /// The verdict for the current document and instant.
    pub verdict: Verdict,
    /// The instant the verdict was computed for.
    pub now: UnixTime,
    /// Close the window after this many seconds (smoke tests).
    pub exit_after_secs: Option<f64>,
    /// Undo, unsaved changes, recent files, the export window (config workshop).
    pub workshop: super::workshop::Workshop,
    /// Which instant the verdict is evaluated at (now, picked, slider).
    pub time: super::timeline::TimeState,
    /// HAR file reading and the request picked from it.
    pub har: super::har::HarState,
    /// The config panel's per-field lint and "does the text parse", recomputed only when the
    /// document or its text changed (the panel is drawn every frame).
    pub(super) panel_cache: Option<PanelCache>,
    clock: Clock,
    verdict_key: Option<(u64, i64)>,
    dialog: Option<Receiver<DialogResult>>,
    pending: Vec<Command>,
}

/// What the config panel derives from the document, with the key it was derived for.
pub(super) struct PanelCache {
    /// Document key (as for the verdict) and a hash of the config text.
    pub key: (u64, u64),
    /// The config text is valid TOML.
    pub text_parses: bool,
    /// Config-level findings, each tied to its field.
    pub lints: Vec<(crate::config::lint::Field, crate::diagnose::Finding)>,
}

enum DialogResult {
    Open(Option<PathBuf>),
    SaveAs(Option<PathBuf>),
}

pub(super) fn env_lookup(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

pub(super) fn secret_text(entry: &SecretEntry) -> String {
    match &entry.spec {
        SecretSpec::Literal(s) => s.expose().to_owned(),
        SecretSpec::Env(name) => format!("env:{name}"),
    }
}

/// The sample session the window opens on: a v-whatever token minted with the config's
/// first secret, as the Cookie header the browser would send.
fn sample_paste(config: &Config, now: UnixTime) -> String {
    let Some((secret, _)) = config.app_secrets().into_iter().find(|(s, _)| !s.is_empty()) else {
        return String::new();
    };
    let mut claims = Map::new();
    claims.insert("name".into(), "Ada Example".into());
    claims.insert("email".into(), "ada@example.com".into());
    claims.insert("sub".into(), "1001".into());
    let mut iv = [0u8; 16];
    let mut id = [0u8; 16];
    if getrandom::fill(&mut iv).is_err() || getrandom::fill(&mut id).is_err() {
        return String::new();
    }
    let params = MintParams {
        claims,
        secret: secret.expose(),
        salt: &config.salt(),
        max_age_secs: config.jwt_max_age_secs(),
        now: now.plus_secs(-3600),
        iv: if config.version == Flavor::V4 { &iv[..12] } else { &iv },
        jti: nextauth::uuid_v4(id),
    };
    nextauth::encode(config.version, &params)
        .map(|t| format!("Cookie: {}={t}", config.session_cookie_name()))
        .unwrap_or_default()
}

impl AuthlabApp {
    /// Opens on `path`, or on the bundled example with a sample token.
    #[must_use]
    pub fn new(path: Option<&Path>, clock: Clock) -> Self {
        let now = match clock {
            Clock::System => UnixTime::now_from_system(),
            Clock::Fixed(t) => t,
        };
        let (config, problems, status, text) = if let Some(path) = path {
            match crate::files::load_config(path, &env_lookup) {
                Ok(loaded) => (loaded.config, loaded.problems, None, loaded.text),
                Err(e) => {
                    let (c, p) = config::parse(config::EXAMPLE_TOML, &env_lookup);
                    (
                        c,
                        p,
                        Some((false, format!("Cannot read {}: {e}. Showing the bundled example.", path.display()))),
                        config::EXAMPLE_TOML.to_owned(),
                    )
                }
            }
        } else {
            let (c, p) = config::parse(config::EXAMPLE_TOML, &env_lookup);
            (
                c,
                p,
                Some((
                    true,
                    "Bundled example config with a sample session cookie: edit anything on the left.".to_owned(),
                )),
                config::EXAMPLE_TOML.to_owned(),
            )
        };
        let paste = if path.is_none() { sample_paste(&config, now) } else { String::new() };
        let doc = Document {
            secret_texts: config.secrets.iter().map(secret_text).collect(),
            config,
            paste,
            mint: MintForm::default(),
            text,
        };
        let workshop = super::workshop::Workshop::new(&doc, &problems);
        let verdict = diagnose(&doc.config, &Input::from_paste(&doc.paste), now);
        Self {
            config_path: path.map(Path::to_path_buf).filter(|_| status.as_ref().is_none_or(|(ok, _)| *ok)),
            path_field: path.map(|p| p.display().to_string()).unwrap_or_default(),
            doc,
            config_problems: problems,
            reveal_secrets: false,
            tab: Tab::Decode,
            status,
            minted: None,
            verdict,
            now,
            exit_after_secs: None,
            workshop,
            time: super::timeline::TimeState::default(),
            har: super::har::HarState::default(),
            clock,
            verdict_key: None,
            panel_cache: None,
            dialog: None,
            pending: Vec::new(),
        }
    }

    /// Opens on a config already in memory, with `paste` in the paste box (no file involved).
    #[must_use]
    pub fn with_document(config: Config, paste: String, clock: Clock) -> Self {
        let mut app = Self::new(None, clock);
        app.doc.secret_texts = config.secrets.iter().map(secret_text).collect();
        app.doc.text = config.to_toml();
        app.doc.config = config;
        app.doc.paste = paste;
        app.config_problems.clear();
        app.workshop = super::workshop::Workshop::new(&app.doc, &[]);
        app.status = None;
        app.verdict_key = None;
        app.refresh();
        app
    }

    /// Rebuilds `config.secrets` from the typed texts.
    pub fn sync_secrets(&mut self) {
        self.doc.config.secrets = self
            .doc
            .secret_texts
            .iter()
            .map(|t| {
                let spec = match t.strip_prefix("env:") {
                    Some(name) => SecretSpec::Env(name.trim().to_owned()),
                    None => SecretSpec::Literal(Secret::new(t.clone())),
                };
                SecretEntry { spec, value: None }
            })
            .collect();
        // `[env]` (typed and loaded variables) first, then the environment.
        self.doc.config.resolve_env(&env_lookup);
    }

    fn key(&self) -> u64 {
        use std::hash::{Hash as _, Hasher as _};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.doc.config.to_toml().hash(&mut h);
        for s in &self.doc.config.secrets {
            s.value.as_ref().map(Secret::expose).hash(&mut h);
        }
        // Values loaded from .env files or the environment are not in the TOML but change lint.
        for v in &self.doc.config.env.vars {
            (&v.name, v.value.expose()).hash(&mut h);
        }
        self.doc.paste.hash(&mut h);
        h.finish()
    }

    /// Recomputes the verdict when the document or the second changed. Called every frame
    /// before drawing, and after panels changed something, so edits show in the same frame.
    pub fn refresh(&mut self) {
        let clock_now = match self.clock {
            Clock::System => UnixTime::now_from_system(),
            Clock::Fixed(t) => t,
        };
        self.now = self.time.instant(clock_now);
        let key = (self.key(), self.now.0);
        if self.verdict_key != Some(key) {
            self.verdict = diagnose(&self.doc.config, &Input::from_paste(&self.doc.paste), self.now);
            self.verdict_key = Some(key);
        }
    }

    /// The config panel's lint and text check for the current document, cached by its key.
    pub(super) fn panel_cache(&mut self) -> &PanelCache {
        use std::hash::{Hash as _, Hasher as _};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.doc.text.hash(&mut h);
        // `refresh` (run before the panels) keyed the document already; only the text is new here.
        let key = (self.verdict_key.map_or(0, |(doc, _)| doc), h.finish());
        if self.panel_cache.as_ref().is_some_and(|c| c.key != key) {
            self.panel_cache = None;
        }
        let doc = &self.doc;
        self.panel_cache.get_or_insert_with(|| PanelCache {
            key,
            text_parses: doc.text.parse::<toml_edit::DocumentMut>().is_ok(),
            lints: crate::config::lint::lint_fields(&doc.config)
                .into_iter()
                .map(|(field, fact)| (field, crate::diagnose::explain(&fact)))
                .collect(),
        })
    }

    /// Queues a command.
    pub fn push(&mut self, command: Command) {
        self.pending.push(command);
    }

    fn mint(&mut self) {
        let mut iv = [0u8; 16];
        let mut jti = [0u8; 16];
        if getrandom::fill(&mut iv).is_err() || getrandom::fill(&mut jti).is_err() {
            self.minted = Some(Err(vec!["No randomness available on this system.".into()]));
            return;
        }
        let random = MintRandomness { iv, jti };
        self.minted = Some(
            self.doc
                .mint
                .mint(&self.doc.config, self.now, &random)
                .map_err(|errors| errors.iter().map(ToString::to_string).collect()),
        );
    }

    fn generate_key_pair(&mut self) {
        // A P-256 seed is refused with probability ~2^-32 (zero or above the group order): draw again.
        for _ in 0..4 {
            let mut seed = [0u8; 32];
            if getrandom::fill(&mut seed).is_err() {
                break;
            }
            match self.doc.mint.generate_key_pair(&seed) {
                Ok(()) => {
                    self.status =
                        Some((true, format!("New {} test key pair (not saved anywhere).", self.doc.mint.jws_alg)));
                    return;
                }
                Err(KeyGenError::BadSeed(_)) => {}
                Err(e) => {
                    self.status = Some((false, e.to_string()));
                    return;
                }
            }
        }
        self.status = Some((false, "No randomness available for a key pair.".into()));
    }

    pub(super) fn spawn_dialog(&mut self, save: bool) {
        if self.dialog.is_some() {
            return;
        }
        let (tx, rx) = channel();
        let spawned = std::thread::Builder::new().name("file-dialog".into()).spawn(move || {
            let dialog = rfd::FileDialog::new().add_filter("authlab config", &["toml"]).add_filter("dotenv", &["env"]);
            let result = if save {
                DialogResult::SaveAs(dialog.set_file_name("authlab.toml").save_file())
            } else {
                DialogResult::Open(dialog.pick_file())
            };
            let _ = tx.send(result);
        });
        if spawned.is_ok() {
            self.dialog = Some(rx);
        } else {
            self.status = Some((false, "No file dialog available: type a path in the field above.".into()));
        }
    }

    fn poll_dialog(&mut self) {
        let Some(rx) = &self.dialog else { return };
        match rx.try_recv() {
            Ok(DialogResult::Open(Some(path))) => {
                self.dialog = None;
                self.open_path(&path);
            }
            Ok(DialogResult::SaveAs(Some(path))) => {
                self.dialog = None;
                self.save_to(&path);
            }
            Ok(_) => {
                self.dialog = None;
                self.status = Some((
                    false,
                    "No file chosen (or no file dialog on this system): you can type a path in the field above.".into(),
                ));
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {}
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.dialog = None;
                self.status = Some((false, "The file dialog failed: type a path in the field above.".into()));
            }
        }
    }

    /// Applies queued commands.
    pub fn run_commands(&mut self, ctx: &egui::Context) {
        for command in std::mem::take(&mut self.pending) {
            if self.guard(&command) {
                continue;
            }
            match command {
                Command::OpenDialog => self.spawn_dialog(false),
                Command::SaveAsDialog => self.spawn_dialog(true),
                Command::Save => match self.config_path.clone() {
                    Some(path) => {
                        self.save_to(&path);
                    }
                    None if !self.path_field.trim().is_empty() => {
                        self.save_to(&PathBuf::from(self.path_field.trim()));
                    }
                    None => self.spawn_dialog(true),
                },
                Command::Load(path) => self.open_path(&path),
                Command::SaveTo(path) => {
                    self.save_to(&path);
                }
                Command::LoadExample => {
                    let fresh = Self::new(None, self.clock);
                    self.doc = fresh.doc;
                    self.config_problems = fresh.config_problems;
                    self.config_path = None;
                    self.status = fresh.status;
                    self.workshop.reset(&self.doc, &self.config_problems);
                }
                Command::Mint => self.mint(),
                Command::SendMintedToDecode => {
                    if let Some(Ok(minted)) = &self.minted {
                        self.doc.paste = minted.decode_paste();
                        self.tab = Tab::Decode;
                    }
                }
                Command::MintPreset(preset) => self.doc.mint.apply_preset(preset, self.now),
                Command::GenerateKeyPair => self.generate_key_pair(),
                Command::Copy(text) => ctx.copy_text(text),
                other => self.run_workshop_command(other, ctx),
            }
        }
        self.refresh();
    }

    /// The whole window, drawn into `ui` (also what the tests drive).
    pub fn ui_root(&mut self, ui: &mut egui::Ui) {
        self.poll_dialog();
        let ctx = ui.ctx().clone();
        super::har::handle_drops(&ctx, self);
        super::har::poll(&ctx, self);
        self.workshop_input(&ctx);
        self.run_commands(&ctx);
        self.refresh();
        let key_before = self.verdict_key;
        // Only the text is compared after the panels (the text editor may have changed it).
        let text_before = self.doc.text.clone();
        egui::Panel::top("top").show(ui, |ui| super::config_panel::top_bar_ui(ui, self));
        egui::Panel::left("config").default_size(340.0).show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("config-scroll")
                .show(ui, |ui| super::config_panel::config_ui(ui, self));
        });
        egui::Panel::right("verdict").default_size(420.0).show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("verdict-scroll")
                .show(ui, |ui| super::verdict_panel::verdict_ui(ui, self));
        });
        egui::CentralPanel::default().show(ui, |ui| super::workbench::workbench_ui(ui, self));
        super::workshop::dialogs_ui(&ctx, self);
        self.after_edits(&text_before);
        self.run_commands(&ctx);
        self.workshop_frame_end(&ctx);
        if self.verdict_key != key_before {
            // An edit changed the verdict after the verdict panel was drawn: redo this pass
            // so the change shows in the same frame.
            ctx.request_discard("verdict updated");
        }
        // Tick once a second only while a relative time ("in 29 days") is on screen.
        if self.clock == Clock::System && self.time.follows_clock() && self.verdict.timeline.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_secs(1));
        }
        if let Some(secs) = self.exit_after_secs {
            if ctx.input(|i| i.time) >= secs {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            } else {
                // The window may otherwise sleep until an event: wake up to close on time.
                ctx.request_repaint_after(std::time::Duration::from_millis(250));
            }
        }
    }
}

impl eframe::App for AuthlabApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.ui_root(ui);
    }
}
