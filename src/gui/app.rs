//! App state, the per-frame logic and command handling (drawing lives in the panels).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

use serde_json::{Map, Value};

use crate::config::{self, Config, ConfigProblem, ProblemSeverity, SecretEntry, SecretSpec};
use crate::cookie::Input;
use crate::diagnose::{Verdict, diagnose};
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
    /// Put the minted token into the paste box as a Cookie header.
    SendMintedToDecode,
    /// Put text on the clipboard.
    Copy(String),
}

/// The user's document: what undo would cover, what is saved.
#[derive(Clone, Debug)]
pub struct Document {
    /// The config being edited (secrets resolved).
    pub config: Config,
    /// One text per secret, as typed: a literal or `env:NAME`.
    pub secret_texts: Vec<String>,
    /// The paste box.
    pub paste: String,
    /// Mint tab: claims JSON.
    pub mint_claims: String,
    /// Mint tab: max age in seconds.
    pub mint_max_age_secs: i64,
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
    /// The last minted token, or why minting failed.
    pub minted: Option<Result<String, String>>,
    /// The verdict for the current document and instant.
    pub verdict: Verdict,
    /// The instant the verdict was computed for.
    pub now: UnixTime,
    /// Close the window after this many seconds (smoke tests).
    pub exit_after_secs: Option<f64>,
    /// Which instant the verdict is evaluated at (now, picked, slider).
    pub time: super::timeline::TimeState,
    /// HAR file reading and the request picked from it.
    pub har: super::har::HarState,
    clock: Clock,
    verdict_key: Option<(u64, i64)>,
    dialog: Option<Receiver<DialogResult>>,
    pending: Vec<Command>,
}

enum DialogResult {
    Open(Option<PathBuf>),
    SaveAs(Option<PathBuf>),
}

fn env_lookup(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

fn secret_text(entry: &SecretEntry) -> String {
    match &entry.spec {
        SecretSpec::Literal(s) => s.expose().to_owned(),
        SecretSpec::Env(name) => format!("env:{name}"),
    }
}

/// The sample session the window opens on: a v-whatever token minted with the config's
/// first secret, as the Cookie header the browser would send.
fn sample_paste(config: &Config, now: UnixTime) -> String {
    let Some((secret, _)) = config.resolved_secrets().into_iter().find(|(s, _)| !s.is_empty()) else {
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
        let (config, problems, status) = if let Some(path) = path {
            match std::fs::read_to_string(path) {
                Ok(text) => {
                    let (c, p) = config::parse(&text, &env_lookup);
                    (c, p, None)
                }
                Err(e) => {
                    let (c, p) = config::parse(config::EXAMPLE_TOML, &env_lookup);
                    (c, p, Some((false, format!("Cannot read {}: {e}. Showing the bundled example.", path.display()))))
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
            )
        };
        let paste = if path.is_none() { sample_paste(&config, now) } else { String::new() };
        let doc = Document {
            secret_texts: config.secrets.iter().map(secret_text).collect(),
            mint_max_age_secs: config.jwt_max_age_secs(),
            config,
            paste,
            mint_claims: "{\n  \"name\": \"Ada Example\",\n  \"email\": \"ada@example.com\",\n  \"sub\": \"1001\"\n}"
                .to_owned(),
        };
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
            time: super::timeline::TimeState::default(),
            har: super::har::HarState::default(),
            clock,
            verdict_key: None,
            dialog: None,
            pending: Vec::new(),
        }
    }

    /// Opens on a config already in memory, with `paste` in the paste box (no file involved).
    #[must_use]
    pub fn with_document(config: Config, paste: String, clock: Clock) -> Self {
        let mut app = Self::new(None, clock);
        app.doc.secret_texts = config.secrets.iter().map(secret_text).collect();
        app.doc.mint_max_age_secs = config.jwt_max_age_secs();
        app.doc.config = config;
        app.doc.paste = paste;
        app.config_problems.clear();
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
                let mut e = SecretEntry { spec, value: None };
                e.resolve(&env_lookup);
                e
            })
            .collect();
    }

    fn key(&self) -> u64 {
        use std::hash::{Hash as _, Hasher as _};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.doc.config.to_toml().hash(&mut h);
        for s in &self.doc.config.secrets {
            s.value.as_ref().map(Secret::expose).hash(&mut h);
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

    /// Queues a command.
    pub fn push(&mut self, command: Command) {
        self.pending.push(command);
    }

    fn load(&mut self, path: &Path) {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let (config, problems) = config::parse(&text, &env_lookup);
                let errors = problems.iter().filter(|p| p.severity == ProblemSeverity::Error).count();
                self.doc.secret_texts = config.secrets.iter().map(secret_text).collect();
                self.doc.config = config;
                self.config_problems = problems;
                self.config_path = Some(path.to_path_buf());
                self.path_field = path.display().to_string();
                self.status = Some(if errors == 0 {
                    (true, format!("Opened {}", path.display()))
                } else {
                    (
                        false,
                        format!(
                            "Opened {} with {errors} error(s): defaults used where it could not be read",
                            path.display()
                        ),
                    )
                });
            }
            Err(e) => self.status = Some((false, format!("Cannot open {}: {e}", path.display()))),
        }
    }

    fn save_to(&mut self, path: &Path) {
        let text = self.doc.config.to_toml();
        let tmp = path.with_extension("toml.authlab-tmp");
        let result = std::fs::write(&tmp, text.as_bytes()).and_then(|()| std::fs::rename(&tmp, path));
        match result {
            Ok(()) => {
                self.config_path = Some(path.to_path_buf());
                self.path_field = path.display().to_string();
                self.status = Some((true, format!("Saved {}", path.display())));
            }
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                self.status = Some((
                    false,
                    format!("Could not save {}: {e}. Nothing was lost: the config is still open.", path.display()),
                ));
            }
        }
    }

    fn mint(&mut self) {
        let claims = match serde_json::from_str::<Value>(&self.doc.mint_claims) {
            Ok(Value::Object(map)) => map,
            Ok(_) => {
                self.minted = Some(Err("Claims must be a JSON object.".into()));
                return;
            }
            Err(e) => {
                self.minted = Some(Err(format!("Claims are not valid JSON: {e}")));
                return;
            }
        };
        let Some((secret, _)) = self.doc.config.resolved_secrets().into_iter().find(|(s, _)| !s.is_empty()) else {
            self.minted = Some(Err("Add a secret on the left first.".into()));
            return;
        };
        let mut iv = [0u8; 16];
        let mut id = [0u8; 16];
        if getrandom::fill(&mut iv).is_err() || getrandom::fill(&mut id).is_err() {
            self.minted = Some(Err("No randomness available on this system.".into()));
            return;
        }
        let salt = self.doc.config.salt();
        let params = MintParams {
            claims,
            secret: secret.expose(),
            salt: &salt,
            max_age_secs: self.doc.mint_max_age_secs,
            now: self.now,
            iv: if self.doc.config.version == Flavor::V4 { &iv[..12] } else { &iv },
            jti: nextauth::uuid_v4(id),
        };
        self.minted = Some(nextauth::encode(self.doc.config.version, &params).map_err(|e| e.to_string()));
    }

    fn spawn_dialog(&mut self, save: bool) {
        if self.dialog.is_some() {
            return;
        }
        let (tx, rx) = channel();
        let spawned = std::thread::Builder::new().name("file-dialog".into()).spawn(move || {
            let dialog = rfd::FileDialog::new().add_filter("authlab config", &["toml"]);
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
                self.load(&path);
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
            match command {
                Command::OpenDialog => self.spawn_dialog(false),
                Command::SaveAsDialog => self.spawn_dialog(true),
                Command::Save => match self.config_path.clone() {
                    Some(path) => self.save_to(&path),
                    None if !self.path_field.trim().is_empty() => self.save_to(&PathBuf::from(self.path_field.trim())),
                    None => self.spawn_dialog(true),
                },
                Command::Load(path) => self.load(&path),
                Command::SaveTo(path) => self.save_to(&path),
                Command::LoadExample => {
                    let fresh = Self::new(None, self.clock);
                    self.doc = fresh.doc;
                    self.config_problems = fresh.config_problems;
                    self.config_path = None;
                    self.status = fresh.status;
                }
                Command::Mint => self.mint(),
                Command::SendMintedToDecode => {
                    if let Some(Ok(token)) = &self.minted {
                        self.doc.paste = format!("Cookie: {}={token}", self.doc.config.session_cookie_name());
                        self.tab = Tab::Decode;
                    }
                }
                Command::Copy(text) => ctx.copy_text(text),
            }
        }
        self.refresh();
    }

    /// The whole window, drawn into `ui` (also what the tests drive).
    pub fn ui_root(&mut self, ui: &mut egui::Ui) {
        self.poll_dialog();
        super::har::handle_drops(ui.ctx(), self);
        super::har::poll(ui.ctx(), self);
        self.refresh();
        let key_before = self.verdict_key;
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
        let ctx = ui.ctx().clone();
        self.run_commands(&ctx);
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
