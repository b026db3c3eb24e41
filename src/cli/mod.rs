//! The command-line shell: parses flags, reads files, the environment, the clock and the
//! random source, calls the pure core, and renders the result.
//!
//! Exit codes: `0` accepted / clean, `1` rejected / problems found, `2` usage, config or I/O error.

mod export;
mod render;

use std::io::{IsTerminal as _, Read as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::{Args, Parser, Subcommand};
use serde_json::{Map, Value};

use crate::config::{self, Config, ConfigProblem, CookieSecurity, ProblemSeverity, SecretEntry, SecretSpec};
use crate::cookie::{self, Input};
use crate::secret::Secret;
use crate::time::UnixTime;
use crate::token::Flavor;
use crate::token::sniff::{self, Shape};

/// authlab — decode, mint and diagnose NextAuth.js v4 / Auth.js v5 session tokens, offline.
#[derive(Debug, Parser)]
#[command(name = "authlab", version, about, long_about = None)]
pub struct Cli {
    /// What to do; without a command the desktop window opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the desktop window (on the bundled example when no config is given).
    Gui {
        /// Config file (TOML).
        #[arg(short = 'c', long = "config", value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Judge a token, Cookie header or Authorization header: would the library accept it?
    Decode(DecodeArgs),
    /// Read a config file and report every problem the library would raise.
    Check {
        /// Config file (TOML).
        #[arg(short = 'c', long = "config", value_name = "FILE")]
        config: Option<PathBuf>,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Make a session token the library accepts; prints the token alone.
    Mint(MintArgs),
    /// Export the config: TOML, a `.env` fragment, or code for its version (refuses while errors remain).
    Export(export::ExportArgs),
    /// Make a throw-away key pair for `mint --jws ES256|EdDSA`; prints the private then the public PEM.
    Keygen(KeygenArgs),
}

/// `authlab keygen`.
#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Key type: ES256 (P-256) or `EdDSA` (Ed25519).
    #[arg(value_name = "ES256|EdDSA", value_parser = parse_keygen_alg)]
    pub alg: crate::mint::keys::KeyPairAlg,
    /// Write PREFIX.pem (private) and PREFIX.pub.pem (public) instead of printing.
    #[arg(long, value_name = "PREFIX")]
    pub out: Option<PathBuf>,
}

fn parse_keygen_alg(text: &str) -> Result<crate::mint::keys::KeyPairAlg, String> {
    match text.to_ascii_lowercase().as_str() {
        "es256" | "p256" | "p-256" => Ok(crate::mint::keys::KeyPairAlg::Es256),
        "eddsa" | "ed25519" => Ok(crate::mint::keys::KeyPairAlg::Ed25519),
        _ => Err(format!("{text:?}: use ES256 or EdDSA")),
    }
}

/// Settings shared by `decode` and `mint`.
#[derive(Debug, Args)]
pub struct ReaderArgs {
    /// Config file (TOML). Without it no config file is read.
    #[arg(short = 'c', long = "config", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Library version: v3, v4 or v5 (default: the config's; without a config, guessed from the token, else v5).
    #[arg(long, value_name = "v3|v4|v5", value_parser = parse_flavor)]
    pub flavor: Option<Flavor>,
    /// HKDF salt (overrides the one derived from the cookie name).
    #[arg(long, value_name = "SALT")]
    pub salt: Option<String>,
    /// Pin "now" (Unix seconds).
    #[arg(long, value_name = "UNIX_SECONDS", allow_hyphen_values = true)]
    pub at: Option<i64>,
}

/// `authlab decode`.
#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// Token, `Cookie` header or `Authorization` header; `-` reads standard input.
    #[arg(value_name = "INPUT|-")]
    pub input: Option<String>,
    /// Shared reader settings.
    #[command(flatten)]
    pub reader: ReaderArgs,
    /// Secret (repeat for v5 rotation; the first encrypts). `@FILE` reads it from a file.
    #[arg(long = "secret", value_name = "S")]
    pub secrets: Vec<String>,
    /// Session cookie name the reader looks for.
    #[arg(long, value_name = "NAME")]
    pub cookie_name: Option<String>,
    /// A candidate secret (an old one, another environment's): never used to accept, only to
    /// explain which secret made the token. Repeatable; `@FILE` reads it from a file.
    #[arg(long = "candidate", value_name = "S")]
    pub candidates: Vec<String>,
    /// The reader expects the `__Secure-` cookie (`secureCookie: true`).
    #[arg(long)]
    pub secure: bool,
    /// A `Cookie` request header (value, with or without `Cookie:`).
    #[arg(long, value_name = "H")]
    pub cookie_header: Option<String>,
    /// An `Authorization` header (`Bearer …`).
    #[arg(long, value_name = "H")]
    pub authorization: Option<String>,
    /// Another request header that matters to a reader, e.g. `X-Forwarded-Proto: https`. Repeatable.
    #[arg(long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<String>,
    /// A HAR file exported from the browser's devtools: lists the requests that carried a
    /// session cookie and judges one (the last, or --har-entry N).
    #[arg(long, value_name = "FILE")]
    pub har: Option<PathBuf>,
    /// Which request of --har to judge (the number shown in the list, from 1).
    #[arg(long, value_name = "N", requires = "har")]
    pub har_entry: Option<usize>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `authlab mint`.
#[derive(Debug, Args)]
pub struct MintArgs {
    /// Shared reader settings.
    #[command(flatten)]
    pub reader: ReaderArgs,
    /// Secret to encrypt with (default: the config's first). `@FILE` reads it from a file.
    #[arg(long, value_name = "S")]
    pub secret: Option<String>,
    /// Claims as JSON, or `@FILE`.
    #[arg(long, value_name = "JSON|@FILE")]
    pub claims: Option<String>,
    /// Seconds until `exp` (default: the config's JWT max age, 30 days).
    #[arg(long, value_name = "SECS", allow_hyphen_values = true)]
    pub max_age: Option<i64>,
    /// `exp` as a relative time (`+30d`, `-5m`, `+12h`), UNIX seconds, or an RFC 3339 date. Overrides --max-age.
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub exp: Option<String>,
    /// Output: the token alone, `Set-Cookie` header(s) chunked as the library chunks, a `Cookie` request header, or a curl command.
    #[arg(long, value_enum, default_value_t = MintFormat::Token)]
    pub format: MintFormat,
    /// Name the cookie `__Secure-…` (and, in v5, derive with that salt).
    #[arg(long)]
    pub secure: bool,
    /// Session cookie name (and, in v5, salt) to mint for.
    #[arg(long, value_name = "NAME")]
    pub cookie_name: Option<String>,
    /// `iat` (and the instant `exp` counts from): `-1h`, UNIX seconds, or a date (default: now).
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub iat: Option<String>,
    /// `nbf` (not before), in the forms of --exp (default: none).
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub nbf: Option<String>,
    /// Mint a plain signed JWT instead of a session token: HS256, HS384, HS512, RS256, RS384,
    /// RS512, PS256, PS384, PS512, ES256, ES384 or `EdDSA`.
    #[arg(long, value_name = "ALG")]
    pub jws: Option<String>,
    /// The --jws key: HS* take a secret (or @FILE; default: --secret or the config's), the
    /// others a PEM private key (@FILE.pem, or the PEM text).
    #[arg(long, value_name = "@FILE.pem|SECRET", allow_hyphen_values = true)]
    pub key: Option<String>,
}

/// What `mint` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum MintFormat {
    /// The token alone.
    Token,
    /// One `Set-Cookie:` line per chunk.
    SetCookie,
    /// A `Cookie:` request header.
    CookieHeader,
    /// A curl command calling the session endpoint with the cookie (`--jws`: with the bearer token).
    Curl,
    /// An `Authorization: Bearer` header.
    Authorization,
    /// A line for the browser's developer console that sets the session cookie(s).
    Console,
}

fn parse_flavor(text: &str) -> Result<Flavor, String> {
    Flavor::parse(text).ok_or_else(|| format!("{text:?} is not a version: use v3, v4 or v5"))
}

/// Entry point used by `main`.
#[must_use]
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("authlab: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Runs a parsed command.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        None => open_gui(None),
        Some(Command::Gui { config }) => open_gui(config),
        Some(Command::Decode(args)) => decode(&args),
        Some(Command::Check { config, json }) => check(config.as_deref(), json),
        Some(Command::Mint(args)) => mint(&args),
        Some(Command::Keygen(args)) => keygen(&args),
        Some(Command::Export(args)) => export::run(&args),
    }
}

#[cfg(feature = "gui")]
fn open_gui(config: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    crate::gui::run(config)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "gui"))]
fn open_gui(_config: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    bail!("this build has no desktop window (built without the `gui` feature); try `authlab decode --help`")
}

fn env_lookup(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// Reads and parses a config file (and the dotenv files it lists).
pub fn load_config(path: &Path) -> anyhow::Result<(Config, Vec<ConfigProblem>)> {
    let text = read_text(path)?;
    let loaded = crate::files::parse_config_text(text, path.parent(), &env_lookup);
    Ok((loaded.config, loaded.problems))
}

fn read_text(path: &Path) -> anyhow::Result<String> {
    let meta = std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    if meta.len() > config::parse::MAX_CONFIG_BYTES as u64 {
        bail!("{} is {} bytes; that is not a config file", path.display(), meta.len());
    }
    std::fs::read_to_string(path).with_context(|| format!("cannot read {} as UTF-8 text", path.display()))
}

fn config_or_fail(path: &Path) -> anyhow::Result<Config> {
    let (config, problems) = load_config(path)?;
    for p in &problems {
        eprintln!("{}:{p}", path.display());
    }
    if problems.iter().any(|p| p.severity == ProblemSeverity::Error) {
        bail!("{} has errors (listed above)", path.display());
    }
    Ok(config)
}

fn secret_arg(text: &str) -> anyhow::Result<String> {
    match text.strip_prefix('@') {
        Some(path) => Ok(std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the secret file {path}"))?
            .trim_end_matches(['\n', '\r'])
            .to_owned()),
        None => Ok(text.to_owned()),
    }
}

fn read_stdin() -> anyhow::Result<String> {
    let mut text = String::new();
    std::io::stdin().take(16 << 20).read_to_string(&mut text).context("cannot read standard input")?;
    Ok(text)
}

/// Guesses the library version from what was pasted, for runs without a config or `--flavor`.
fn guess_flavor(input: &Input) -> Option<Flavor> {
    if let Some(cookies) = &input.cookies {
        for c in cookies {
            let base = c.name.trim_start_matches(cookie::SECURE_PREFIX);
            if base.starts_with(cookie::V5_SESSION) {
                return Some(Flavor::V5);
            }
            if base.starts_with(cookie::V4_SESSION) {
                return Some(Flavor::V4);
            }
        }
    }
    let token = input.token.clone().or_else(|| match input.authorization.as_deref().map(cookie::bearer) {
        Some(cookie::Bearer::Token(t)) => Some(t),
        _ => None,
    })?;
    match sniff::sniff(&token) {
        Shape::Jwe { header } | Shape::Jws { header, .. } => {
            let five = token.matches('.').count() == 4;
            match sniff::guess_from_header(&header, five) {
                sniff::HeaderGuess::V3Jws | sniff::HeaderGuess::V3Encrypted => Some(Flavor::V3),
                sniff::HeaderGuess::V4OrEarlyV5 => Some(Flavor::V4),
                sniff::HeaderGuess::V5 | sniff::HeaderGuess::V5NoKid => Some(Flavor::V5),
                _ => None,
            }
        }
        _ => None,
    }
}

fn now(at: Option<i64>) -> UnixTime {
    at.map_or_else(UnixTime::now_from_system, UnixTime)
}

fn decode(args: &DecodeArgs) -> anyhow::Result<ExitCode> {
    let mut input = Input::default();
    let positional = match args.input.as_deref() {
        Some("-") => Some(read_stdin()?),
        Some(text) => Some(text.to_owned()),
        None if args.cookie_header.is_none() && args.authorization.is_none() && !std::io::stdin().is_terminal() => {
            Some(read_stdin()?)
        }
        None => None,
    };
    if let Some(text) = positional {
        input = Input::from_paste(&text);
    }
    let mut har = None;
    if let Some(path) = &args.har {
        let (doc, picked, picked_input) = read_har(path, args.har_entry)?;
        input = picked_input;
        har = Some((doc, picked));
    }
    for h in &args.headers {
        let Some((name, value)) = h.split_once(':') else {
            bail!("--header {h:?}: write it as NAME: VALUE, e.g. \"X-Forwarded-Proto: https\"");
        };
        input.headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    if let Some(h) = &args.cookie_header {
        input.cookies = Some(cookie::parse_cookie_header(h));
    }
    if let Some(h) = &args.authorization {
        input.authorization = Some(h.trim().trim_start_matches("Authorization:").trim().to_owned());
    }
    if input.is_empty() && args.input.is_none() && har.is_none() {
        bail!("nothing to decode: give a token, `-` for standard input, --cookie-header or --authorization");
    }

    let mut config = match &args.reader.config {
        Some(path) => config_or_fail(path)?,
        None => Config { version: guess_flavor(&input).unwrap_or(Flavor::V5), ..Config::default() },
    };
    if let Some(flavor) = args.reader.flavor {
        config.version = flavor;
    }
    if !args.secrets.is_empty() {
        config.secrets = args
            .secrets
            .iter()
            .map(|s| {
                secret_arg(s).map(|v| SecretEntry {
                    spec: SecretSpec::Literal(Secret::new(v.clone())),
                    value: Some(Secret::new(v)),
                })
            })
            .collect::<anyhow::Result<_>>()?;
    }
    if let Some(salt) = &args.reader.salt {
        config.jwt.salt = Some(salt.clone());
    }
    for (n, c) in args.candidates.iter().enumerate() {
        let value = secret_arg(c)?;
        config.candidates.push(config::Candidate {
            label: format!("--candidate #{}", n + 1),
            secret: SecretEntry {
                spec: SecretSpec::Literal(Secret::new(value.clone())),
                value: Some(Secret::new(value)),
            },
        });
    }
    if let Some(name) = &args.cookie_name {
        config.cookies.session_token_name = Some(name.clone());
    }
    if args.secure {
        config.cookies.secure = CookieSecurity::Always;
    }
    let now = now(args.reader.at);
    let mut verdict = crate::diagnose(&config, &input, now);
    if !args.secrets.is_empty() {
        // Origins from flags read better as --secret #n than as "literal in config".
        let labels: Vec<String> = (1..=args.secrets.len()).map(|n| format!("#{n} --secret #{n}")).collect();
        verdict.reader.encrypting = labels.first().cloned();
        verdict.reader.decrypting =
            if config.version == Flavor::V5 { labels.clone() } else { labels.iter().take(1).cloned().collect() };
        verdict.reader.secrets = labels;
        if let Some(writer) = verdict.readers.first_mut() {
            writer.reader = verdict.reader.clone();
        }
    }
    if args.json {
        match &har {
            Some((doc, picked)) => {
                let mut value: Value = serde_json::from_str(&render::verdict_json(&verdict)).unwrap_or(Value::Null);
                if let Some(obj) = value.as_object_mut() {
                    obj.insert("har".into(), render::har_json(doc, *picked));
                }
                println!("{}", serde_json::to_string_pretty(&value).unwrap_or_default());
            }
            None => println!("{}", render::verdict_json(&verdict)),
        }
    } else {
        if let Some((doc, picked)) = &har {
            println!("{}", render::har_text(doc, *picked));
        }
        print!("{}", render::verdict_text(&verdict, now));
    }
    Ok(match verdict.outcome {
        crate::Outcome::Accepted => ExitCode::SUCCESS,
        crate::Outcome::Rejected => ExitCode::from(1),
    })
}

/// Reads a HAR and picks a request (`n` from 1; default the last with a session cookie).
fn read_har(path: &Path, n: Option<usize>) -> anyhow::Result<(crate::input::har::HarDocument, usize, Input)> {
    let file = std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let doc = crate::input::har::parse_reader(file, &mut |_| true)
        .with_context(|| format!("{} is not a readable HAR file", path.display()))?;
    if doc.entries.is_empty() {
        let hint = if doc.requests_without_cookies == doc.total_entries && doc.total_entries > 0 {
            " No request in it has cookies at all: export it with sensitive data (Chrome: \"Export HAR (with sensitive data)…\")."
        } else {
            ""
        };
        bail!(
            "{}: none of its {} requests carried a session cookie or Bearer token.{hint}",
            path.display(),
            doc.total_entries
        );
    }
    let picked = match n {
        None => doc.entries.len() - 1,
        Some(n) if (1..=doc.entries.len()).contains(&n) => n - 1,
        Some(n) => bail!("--har-entry {n}: the HAR lists requests 1 to {}", doc.entries.len()),
    };
    let input = doc.entries[picked].input.clone();
    Ok((doc, picked, input))
}

fn check(path: Option<&Path>, json: bool) -> anyhow::Result<ExitCode> {
    let Some(path) = path else {
        bail!("usage: authlab check -c FILE");
    };
    let (config, problems) = load_config(path)?;
    let findings: Vec<_> = config::lint::lint(&config).iter().map(crate::diagnose::explain).collect();
    let errors = problems.iter().filter(|p| p.severity == ProblemSeverity::Error).count()
        + findings.iter().filter(|f| f.severity == crate::diagnose::Severity::Error).count();
    if json {
        println!("{}", render::check_json(path, &problems, &findings));
    } else {
        print!("{}", render::check_text(path, &config, &problems, &findings));
    }
    Ok(if errors == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Default claims for `mint` without `--claims`.
fn default_claims() -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("name".into(), "authlab test user".into());
    m.insert("email".into(), "test@example.com".into());
    m.insert("sub".into(), "authlab-test".into());
    m
}

fn random_bytes<const N: usize>() -> anyhow::Result<[u8; N]> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out).map_err(|e| anyhow::anyhow!("no randomness available: {e}"))?;
    Ok(out)
}

fn mint(args: &MintArgs) -> anyhow::Result<ExitCode> {
    use crate::mint::form::{KeyChoice, MintForm, MintKind, MintRandomness, Minted};
    let mut config = match &args.reader.config {
        Some(path) => config_or_fail(path)?,
        None => Config::default(),
    };
    if let Some(flavor) = args.reader.flavor {
        config.version = flavor;
    }
    if let Some(salt) = &args.reader.salt {
        config.jwt.salt = Some(salt.clone());
    }
    if args.secure {
        config.cookies.secure = CookieSecurity::Always;
    }
    if let Some(name) = &args.cookie_name {
        config.cookies.session_token_name = Some(name.clone());
    }
    if let Some(max_age) = args.max_age {
        config.jwt.max_age_secs = Some(max_age);
    }
    let secret = match &args.secret {
        Some(s) => Some(secret_arg(s)?),
        None => config.app_secrets().into_iter().find(|(s, _)| !s.is_empty()).map(|(s, _)| s.expose().to_owned()),
    };
    let claims_text = match &args.claims {
        None => crate::mint::claims::claims_text(&default_claims()),
        Some(text) => match text.strip_prefix('@') {
            Some(path) => read_text(Path::new(path))?,
            None => text.clone(),
        },
    };
    let mut form = MintForm {
        claims_text,
        key: KeyChoice::Typed,
        iat: args.iat.clone().unwrap_or_default(),
        exp: args.exp.clone().unwrap_or_default(),
        nbf: args.nbf.clone().unwrap_or_default(),
        ..MintForm::default()
    };
    match &args.jws {
        None => {
            let Some(secret) = secret else { bail!("no secret: pass --secret S or a config (-c) with a secret") };
            form.typed_secret = secret;
        }
        Some(alg) => {
            let Some(alg) = crate::token::jws::SUPPORTED_ALGS.iter().find(|a| a.eq_ignore_ascii_case(alg)) else {
                bail!("--jws {alg:?}: use one of {}", crate::token::jws::SUPPORTED_ALGS.join(", "));
            };
            form.kind = MintKind::Jws;
            (*alg).clone_into(&mut form.jws_alg);
            if alg.starts_with("HS") {
                form.typed_secret = match (&args.key, secret) {
                    (Some(key), _) => secret_arg(key)?,
                    (None, Some(secret)) => secret,
                    (None, None) => {
                        bail!("no key: pass --key SECRET (or --secret, or a config with a secret) for {alg}")
                    }
                };
            } else {
                let Some(key) = &args.key else { bail!("{alg} needs a private key: --key @FILE.pem") };
                form.jws_private_pem = match key.strip_prefix('@') {
                    Some(path) => read_text(Path::new(path))?,
                    None => key.clone(),
                };
            }
        }
    }
    let random = MintRandomness { iv: random_bytes()?, jti: random_bytes()? };
    let minted = form.mint(&config, now(args.reader.at), &random).map_err(|errors| {
        anyhow::anyhow!("cannot mint:\n  {}", errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n  "))
    })?;
    let text = match (&minted, args.format) {
        (_, MintFormat::Token) => minted.token().to_owned(),
        (Minted::Session { outputs, .. }, MintFormat::SetCookie) => outputs.set_cookie.join("\n"),
        (Minted::Session { outputs, .. }, MintFormat::CookieHeader) => outputs.cookie_header.clone(),
        (Minted::Session { outputs, .. }, MintFormat::Curl) => outputs.curl.clone(),
        (Minted::Session { outputs, .. }, MintFormat::Console) => outputs.console.clone(),
        (Minted::Session { token, .. }, MintFormat::Authorization) => format!("Authorization: Bearer {token}"),
        (Minted::Jws { outputs, .. }, MintFormat::Authorization) => outputs.authorization.clone(),
        (Minted::Jws { outputs, .. }, MintFormat::Curl) => outputs.curl.clone(),
        (Minted::Jws { .. }, MintFormat::SetCookie | MintFormat::CookieHeader | MintFormat::Console) => {
            bail!("--jws tokens are not session cookies: use --format token, authorization or curl")
        }
    };
    println!("{text}");
    Ok(ExitCode::SUCCESS)
}

fn keygen(args: &KeygenArgs) -> anyhow::Result<ExitCode> {
    let pair = crate::mint::keys::generate_key_pair(args.alg, &random_bytes()?)?;
    match &args.out {
        None => print!("{}{}", pair.private_pem, pair.public_pem),
        Some(prefix) => {
            let private = prefix.with_extension("pem");
            let public = prefix.with_extension("pub.pem");
            std::fs::write(&private, &pair.private_pem)
                .with_context(|| format!("cannot write {}", private.display()))?;
            std::fs::write(&public, &pair.public_pem).with_context(|| format!("cannot write {}", public.display()))?;
            eprintln!("wrote {} (private) and {} (public)", private.display(), public.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
