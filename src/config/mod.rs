//! The auth config: what a NextAuth.js / Auth.js app is set up with, read from TOML.
//!
//! Reading is "parse, don't validate": the text becomes a typed [`Config`] plus *every*
//! problem found, each with its line and column — never just the first. Unknown keys are
//! reported, not dropped silently. Secrets may be literals or `env:NAME` references; the
//! environment is passed in as a lookup function so the core never reads it itself.

pub mod edit;
pub mod env;
pub mod export;
pub mod lint;
pub mod parse;
pub mod readers;
pub mod secrets;
mod write;

pub use env::{EnvConfig, EnvSource, EnvVar};

pub use parse::parse;

use crate::cookie;
use crate::secret::{Secret, SecretOrigin};
use crate::token::Flavor;

/// `development` or `production` (`NODE_ENV`); several library rules depend on it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    /// `NODE_ENV=development` (the default here, as in `next dev`).
    #[default]
    Development,
    /// `NODE_ENV=production`.
    Production,
}

/// Session strategy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Strategy {
    /// Encrypted JWT in the session cookie.
    Jwt,
    /// Opaque id in the cookie, session row in the adapter's database.
    Database,
}

/// Whether the session cookie carries the `__Secure-` prefix.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CookieSecurity {
    /// From the URL scheme: `https://` means secure (the libraries' default).
    #[default]
    Auto,
    /// Always `__Secure-` (`useSecureCookies: true` / `secureCookie: true`).
    Always,
    /// Never.
    Never,
}

/// Where a secret's value comes from, as written in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretSpec {
    /// The value itself.
    Literal(Secret),
    /// `env:NAME`.
    Env(String),
}

/// A configured secret and, once resolved, its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretEntry {
    /// As written.
    pub spec: SecretSpec,
    /// The value (`None` when an `env:` variable is unset).
    pub value: Option<Secret>,
}

impl SecretEntry {
    /// A literal secret.
    #[must_use]
    pub fn literal(value: impl Into<String>) -> Self {
        let secret = Secret::new(value);
        Self { spec: SecretSpec::Literal(secret.clone()), value: Some(secret) }
    }

    /// Where the value came from (printable).
    #[must_use]
    pub fn origin(&self) -> SecretOrigin {
        match &self.spec {
            SecretSpec::Literal(_) => SecretOrigin::Literal,
            SecretSpec::Env(name) => SecretOrigin::Env(name.clone()),
        }
    }

    /// Resolves `env:` references with `lookup`.
    pub fn resolve(&mut self, lookup: &dyn Fn(&str) -> Option<String>) {
        self.value = match &self.spec {
            SecretSpec::Literal(s) => Some(s.clone()),
            SecretSpec::Env(name) => lookup(name).map(Secret::new),
        };
    }
}

/// Provider kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    /// Username / password (`Credentials`).
    Credentials,
    /// OAuth 2.
    Oauth,
    /// `OpenID` Connect.
    Oidc,
    /// Email magic links.
    Email,
}

/// A sign-in provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provider {
    /// Kind.
    pub kind: ProviderKind,
    /// Id (`github`, `credentials`, …).
    pub id: String,
    /// OAuth / OIDC `clientId`: a literal or `env:NAME` (not a secret). `None`: not set.
    pub client_id: Option<String>,
    /// OAuth / OIDC `clientSecret`, normally `env:NAME`. `None`: not set.
    pub client_secret: Option<SecretEntry>,
    /// OIDC `issuer` (e.g. `https://accounts.example.com`). `None`: not set.
    pub issuer: Option<String>,
}

impl Provider {
    /// A provider with only its kind and id.
    #[must_use]
    pub fn new(kind: ProviderKind, id: impl Into<String>) -> Self {
        Self { kind, id: id.into(), client_id: None, client_secret: None, issuer: None }
    }

    /// Whether it signs in through an OAuth / OIDC server (needs a client id and secret).
    #[must_use]
    pub fn is_oauth(&self) -> bool {
        matches!(self.kind, ProviderKind::Oauth | ProviderKind::Oidc)
    }
}

impl ProviderKind {
    /// The name used in the TOML file.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Credentials => "credentials",
            Self::Oauth => "oauth",
            Self::Oidc => "oidc",
            Self::Email => "email",
        }
    }
}

/// `[session]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionConfig {
    /// Explicit strategy; `None` means the library default (`database` with an adapter, else `jwt`).
    pub strategy: Option<Strategy>,
    /// `session.maxAge`, seconds (default 30 days).
    pub max_age_secs: i64,
    /// `session.updateAge`, seconds (default 24 h; database sessions only).
    pub update_age_secs: i64,
}

/// `[jwt]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JwtConfig {
    /// `jwt.maxAge`, seconds. v4 defaults to 30 days regardless of `session.maxAge`; v5 to `session.maxAge`.
    pub max_age_secs: Option<i64>,
    /// HKDF salt override (what a hand-written `decode({ salt })` passes).
    pub salt: Option<String>,
    /// The deprecated v4 `jwt.secret` (still wins over `secret` for the JWT key). Default: none.
    pub secret: Option<SecretEntry>,
    /// The app passes its own `jwt.encode`. Default: false.
    pub custom_encode: bool,
    /// The app passes its own `jwt.decode`. Default: false.
    pub custom_decode: bool,
}

/// `[cookies]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CookieConfig {
    /// `__Secure-` prefix policy.
    pub secure: CookieSecurity,
    /// `cookies.sessionToken.name` override.
    pub session_token_name: Option<String>,
    /// `cookies.csrfToken.name` override.
    pub csrf_token_name: Option<String>,
    /// `cookies.callbackUrl.name` override.
    pub callback_url_name: Option<String>,
    /// `cookies.*.options.domain` (default: none, a host-only cookie).
    pub domain: Option<String>,
}

/// A whole config.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Library version (`v4` / `v5`; `v3` for legacy tokens).
    pub version: Flavor,
    /// `NODE_ENV`.
    pub environment: Environment,
    /// `NEXTAUTH_URL` / `AUTH_URL`.
    pub url: Option<String>,
    /// `basePath` of the auth routes (`None`: the library default, `/api/auth`).
    pub base_path: Option<String>,
    /// v5 `trustHost` (`None`: the library default — trusted outside production, or with `AUTH_URL`).
    pub trust_host: Option<bool>,
    /// `debug: true`. Default: false.
    pub debug: bool,
    /// `[env]`: the app's environment variables, typed in or loaded from dotenv files.
    pub env: EnvConfig,
    /// Secrets in order; the first encrypts, v5 decrypts with the one matching the `kid`.
    pub secrets: Vec<SecretEntry>,
    /// Adapter name, if any.
    pub adapter: Option<String>,
    /// `[session]`.
    pub session: SessionConfig,
    /// `[jwt]`.
    pub jwt: JwtConfig,
    /// `[cookies]`.
    pub cookies: CookieConfig,
    /// `[[providers]]`.
    pub providers: Vec<Provider>,
    /// `[[candidates]]`: other secrets (an old one, another environment's) used only to
    /// explain a token, never to accept one.
    pub candidates: Vec<Candidate>,
    /// `[[readers]]`: other places that read the session (middleware, another server).
    pub readers: Vec<readers::ReaderConfig>,
}

/// A secret that might have made a token: named, never used to accept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Name shown in findings (`prod-A`, `preview`, `colleague's .env`).
    pub label: String,
    /// The secret.
    pub secret: SecretEntry,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            version: Flavor::V5,
            environment: Environment::Development,
            url: Some("http://localhost:3000".to_owned()),
            base_path: None,
            trust_host: None,
            debug: false,
            env: EnvConfig::default(),
            secrets: Vec::new(),
            adapter: None,
            session: SessionConfig {
                strategy: None,
                max_age_secs: DEFAULT_MAX_AGE_SECS,
                update_age_secs: DEFAULT_UPDATE_AGE_SECS,
            },
            jwt: JwtConfig::default(),
            cookies: CookieConfig::default(),
            providers: Vec::new(),
            candidates: Vec::new(),
            readers: Vec::new(),
        }
    }
}

/// 30 days.
pub const DEFAULT_MAX_AGE_SECS: i64 = 30 * 86_400;
/// 24 hours.
pub const DEFAULT_UPDATE_AGE_SECS: i64 = 86_400;

impl Config {
    /// Whether cookies get the `__Secure-` prefix.
    #[must_use]
    pub fn secure_cookies(&self) -> bool {
        match self.cookies.secure {
            CookieSecurity::Always => true,
            CookieSecurity::Never => false,
            CookieSecurity::Auto => {
                self.url.as_deref().is_some_and(|u| u.trim().to_ascii_lowercase().starts_with("https://"))
            }
        }
    }

    /// The session cookie name the library reads.
    #[must_use]
    pub fn session_cookie_name(&self) -> String {
        self.cookies
            .session_token_name
            .clone()
            .unwrap_or_else(|| cookie::session_cookie_name(self.version, self.secure_cookies()))
    }

    /// The HKDF salt the library derives with: the override, else v4 `""`, v5 the cookie name.
    #[must_use]
    pub fn salt(&self) -> String {
        if let Some(salt) = &self.jwt.salt {
            return salt.clone();
        }
        match self.version {
            Flavor::V3 | Flavor::V4 => String::new(),
            Flavor::V5 => self.session_cookie_name(),
        }
    }

    /// The strategy in effect (explicit, else `database` with an adapter, else `jwt`).
    #[must_use]
    pub fn effective_strategy(&self) -> Strategy {
        self.session.strategy.unwrap_or(if self.adapter.is_some() { Strategy::Database } else { Strategy::Jwt })
    }

    /// The `exp` lifetime of a freshly minted token: v4 `jwt.maxAge` (30 d default),
    /// v5 `jwt.maxAge` defaulting to `session.maxAge`.
    #[must_use]
    pub fn jwt_max_age_secs(&self) -> i64 {
        match self.version {
            Flavor::V5 => self.jwt.max_age_secs.unwrap_or(self.session.max_age_secs),
            Flavor::V3 | Flavor::V4 => self.jwt.max_age_secs.unwrap_or(DEFAULT_MAX_AGE_SECS),
        }
    }

    /// The secrets the app itself (route handler, `getServerSession` / `auth()`) reads tokens with,
    /// as the library resolves them: the configured `secrets`; in v4 the deprecated `jwt.secret`
    /// wins for the JWT key; with no usable secret configured, the library's environment defaults
    /// from `[env]` (v4 `NEXTAUTH_SECRET ?? AUTH_SECRET`; v5 `AUTH_SECRET ?? NEXTAUTH_SECRET`, else
    /// `AUTH_SECRET_3, _2, _1`).
    #[must_use]
    pub fn app_secrets(&self) -> Vec<(Secret, SecretOrigin)> {
        if self.version != Flavor::V5
            && let Some(jwt) = self
                .jwt
                .secret
                .as_ref()
                .and_then(|e| e.value.clone().filter(|v| !v.is_empty()).map(|v| (v, e.origin())))
        {
            return vec![jwt];
        }
        let explicit: Vec<(Secret, SecretOrigin)> =
            self.secrets.iter().filter_map(|e| e.value.clone().map(|v| (v, e.origin()))).collect();
        if explicit.iter().any(|(v, _)| !v.is_empty()) {
            return explicit;
        }
        let lookup = |name: &str| self.env.value(name).map(|v| v.expose().to_owned());
        let resolved = secrets::resolve(self.version, secrets::Api::Handler, &[], None, &lookup);
        if resolved.secrets.is_empty() {
            return explicit;
        }
        resolved
            .secrets
            .into_iter()
            .map(|(v, source)| {
                let origin = match source {
                    secrets::SecretSource::Env(name) => SecretOrigin::Env(name),
                    secrets::SecretSource::Option | secrets::SecretSource::JwtSecret => SecretOrigin::Literal,
                };
                (v, origin)
            })
            .collect()
    }

    /// Resolved, non-empty secret values with their origins, in order.
    #[must_use]
    pub fn resolved_secrets(&self) -> Vec<(Secret, SecretOrigin)> {
        self.secrets.iter().filter_map(|e| e.value.clone().map(|v| (v, e.origin()))).collect()
    }

    /// Resolves every `env:` reference: a variable of `[env]` (typed, then loaded from files)
    /// wins; otherwise `lookup` (the process environment) is asked, and what it supplied is
    /// remembered in `env` with [`EnvSource::Process`] so lint and the GUI can show it.
    pub fn resolve_env(&mut self, lookup: &dyn Fn(&str) -> Option<String>) {
        let names = self.env_names_used();
        self.env.capture_process(&names, lookup);
        let env = self.env.clone();
        let get = |name: &str| env.get(name).map(|v| v.value.expose().to_owned());
        for entry in &mut self.secrets {
            entry.resolve(&get);
        }
        for candidate in &mut self.candidates {
            candidate.secret.resolve(&get);
        }
        // Readers see the same variables: `[env]` first, then the process environment.
        let reader_lookup = |name: &str| get(name).or_else(|| lookup(name));
        self.readers.iter_mut().for_each(|r| r.resolve(&reader_lookup));
        if let Some(secret) = &mut self.jwt.secret {
            secret.resolve(&get);
        }
        for provider in &mut self.providers {
            if let Some(secret) = &mut provider.client_secret {
                secret.resolve(&get);
            }
        }
    }

    /// Every variable the app's config reads: `env:` references plus the variables the
    /// libraries read on their own (`AUTH_SECRET`, `NEXTAUTH_URL`, `AUTH_<PROVIDER>_ID`, …).
    #[must_use]
    pub fn env_names_used(&self) -> Vec<String> {
        let mut names: Vec<String> = env::LIBRARY_VARIABLES.iter().map(|n| (*n).to_owned()).collect();
        let mut add = |name: &str| {
            if !name.is_empty() && !names.iter().any(|n| n == name) {
                names.push(name.to_owned());
            }
        };
        for entry in self.secrets.iter().chain(self.jwt.secret.iter()).chain(self.candidates.iter().map(|c| &c.secret))
        {
            if let SecretSpec::Env(name) = &entry.spec {
                add(name);
            }
        }
        for p in &self.providers {
            if let Some(SecretEntry { spec: SecretSpec::Env(name), .. }) = &p.client_secret {
                add(name);
            }
            if let Some(name) = p.client_id.as_deref().and_then(|c| c.strip_prefix("env:")) {
                add(name.trim());
            }
            if p.is_oauth() {
                let upper = env::provider_env_prefix(&p.id);
                add(&format!("{upper}_ID"));
                add(&format!("{upper}_SECRET"));
            }
        }
        names
    }

    /// Writes the config as TOML (see `assets/example.authlab.toml` for the documented form).
    /// Literal secrets are written as they are: this is the user's own file.
    #[must_use]
    pub fn to_toml(&self) -> String {
        write::to_toml(self)
    }
}

/// Severity of a config problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProblemSeverity {
    /// The file cannot be used as written.
    Error,
    /// Used, but probably not what was meant (e.g. an unknown key).
    Warning,
}

/// A problem in the file, with where it is.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ConfigProblem {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// Severity.
    pub severity: ProblemSeverity,
    /// What is wrong and what is expected.
    pub message: String,
}

impl std::fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            ProblemSeverity::Error => "error",
            ProblemSeverity::Warning => "warning",
        };
        write!(f, "{}:{}: {sev}: {}", self.line, self.column, self.message)
    }
}

/// The bundled example config (`assets/example.authlab.toml`).
pub const EXAMPLE_TOML: &str = include_str!("../../assets/example.authlab.toml");
