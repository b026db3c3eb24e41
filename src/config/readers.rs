//! `[[readers]]`: the other places in an app that read the session cookie — middleware, an
//! API on another server, a second app — each with its own secret source, secure-cookie
//! decision, cookie name, salt, decoder and strategy. Anything a reader leaves out is the
//! same as the app (the writer).
//!
//! ```toml
//! [[readers]]
//! name = "middleware"
//! api = "get-token"                # or "handler" (auth() / getServerSession); default get-token
//! secret = "env:NEXTAUTH_SECRET"   # a literal, "env:NAME", or a list; default: the app's secrets
//! # secret_source = "library"      # instead: what the library reads from the environment itself
//! # secret_source = "none"         # instead: no secret passed at all
//! secure = false                   # the secureCookie flag; or "url", "x-forwarded-proto", "default"
//! # url = "http://internal:3000"   # the URL "url" looks at (default: the app's url)
//! # forwarded_proto = "https"      # what the proxy sends when the pasted request has no X-Forwarded-Proto
//! # cookie_name = "…"  salt = "…"  # overrides
//! # decoder = "jws:HS256"          # a custom jwt.decode verifying a signed JWT; default "default"
//! # strategy = "database"
//! # version = "v4"                 # default: the app's
//! ```
//!
//! Pure: the environment is read through the lookup given to [`snapshot_env`]; everything
//! else is computed from the model and the request.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::secrets::{self, Api, Resolution, SecretSource};
use super::{Config, CookieSecurity, ProblemSeverity, SecretEntry, SecretSpec, Strategy};
use crate::secret::Secret;
use crate::token::Flavor;

/// Where a reader's secret comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ReaderSecret {
    /// The app's secrets (the default).
    #[default]
    SameAsApp,
    /// Passed explicitly: literals and/or `env:NAME`, in order.
    Given(Vec<SecretEntry>),
    /// Not passed: the library reads the environment itself (per version and [`Api`]).
    Library,
    /// Not passed and nothing read (v5 `getToken()` without `secret`).
    None,
}

/// How a reader decides whether the cookie is `__Secure-…`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SecureDecision {
    /// The library default for the reader's API: v4 from `NEXTAUTH_URL`; v5 `getToken()` false;
    /// v5 `auth()` from the URL.
    #[default]
    Default,
    /// The `secureCookie` flag, passed explicitly.
    Flag(bool),
    /// From a URL's scheme (`None`: the app's URL).
    Url(Option<String>),
    /// From the request's `X-Forwarded-Proto` (`fallback` when the request has none; the
    /// libraries assume `https`).
    ForwardedProto {
        /// What the proxy sends when the pasted request carries no header.
        fallback: Option<String>,
    },
}

/// Which `decode` a reader uses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Decoder {
    /// The library's own (JWE).
    #[default]
    Library,
    /// A custom `jwt.decode` that verifies a signed JWT with this algorithm.
    Jws {
        /// `HS256`, `RS256`, …
        alg: String,
    },
}

impl std::fmt::Display for Decoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Library => f.write_str("library default"),
            Self::Jws { alg } => write!(f, "custom JWS ({alg})"),
        }
    }
}

/// The environment variables the libraries read secrets from.
pub const SECRET_VARIABLES: [&str; 5] =
    ["NEXTAUTH_SECRET", "AUTH_SECRET", "AUTH_SECRET_1", "AUTH_SECRET_2", "AUTH_SECRET_3"];

/// A snapshot of [`SECRET_VARIABLES`] (values redacted in `Debug`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnvSnapshot(pub Vec<(String, Secret)>);

impl EnvSnapshot {
    /// The value of a variable, if set.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<String> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.expose().to_owned())
    }
}

/// Reads [`SECRET_VARIABLES`] through `lookup`.
#[must_use]
pub fn snapshot_env(lookup: &dyn Fn(&str) -> Option<String>) -> EnvSnapshot {
    EnvSnapshot(SECRET_VARIABLES.iter().filter_map(|n| lookup(n).map(|v| ((*n).to_owned(), Secret::new(v)))).collect())
}

/// One `[[readers]]` entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReaderConfig {
    /// Shown in the matrix (`middleware`, `api server`).
    pub name: String,
    /// Which call reads the session (decides the library defaults).
    pub api: ReaderApi,
    /// Library version (`None`: the app's).
    pub version: Option<Flavor>,
    /// Secret source.
    pub secret: ReaderSecret,
    /// Secure-cookie decision.
    pub secure: SecureDecision,
    /// `cookieName` override.
    pub cookie_name: Option<String>,
    /// `salt` override (v5 defaults to the cookie name, v4 to `""`).
    pub salt: Option<String>,
    /// Decoder.
    pub decoder: Decoder,
    /// Strategy (`None`: the app's).
    pub strategy: Option<Strategy>,
    /// The secret variables as the environment had them when the config was resolved.
    pub env: EnvSnapshot,
}

/// Which call a reader is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReaderApi {
    /// `getToken()` / `withAuth` middleware.
    #[default]
    GetToken,
    /// The route handler, `getServerSession()` (v4) or `auth()` (v5).
    Handler,
}

impl ReaderApi {
    fn as_str(self) -> &'static str {
        match self {
            Self::GetToken => "get-token",
            Self::Handler => "handler",
        }
    }

    fn secrets_api(self) -> Api {
        match self {
            Self::GetToken => Api::GetToken,
            Self::Handler => Api::Handler,
        }
    }
}

/// A reader applied to the app: the config it amounts to, and why it picked its cookie.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Effective {
    /// The app's config with the reader's overrides (secrets resolved).
    pub config: Config,
    /// Why the reader does or does not expect `__Secure-` cookies, in words.
    pub secure_reason: String,
    /// How the secrets were resolved (sources, notes).
    pub resolution: Resolution,
}

impl ReaderConfig {
    /// Resolves `env:` secrets and snapshots the secret variables.
    pub fn resolve(&mut self, lookup: &dyn Fn(&str) -> Option<String>) {
        if let ReaderSecret::Given(entries) = &mut self.secret {
            for e in entries {
                e.resolve(lookup);
            }
        }
        self.env = snapshot_env(lookup);
    }

    /// The config this reader amounts to, given the app's and the request's `X-Forwarded-Proto`.
    #[must_use]
    pub fn effective(&self, app: &Config, forwarded_proto: Option<&str>) -> Effective {
        let mut config = app.clone();
        config.readers.clear();
        config.candidates.clear();
        let flavor = self.version.unwrap_or(app.version);
        config.version = flavor;
        let resolution = match &self.secret {
            ReaderSecret::SameAsApp => Resolution {
                secrets: app_entries(app)
                    .iter()
                    .filter_map(|e| e.value.clone().map(|v| (v, source_of(&e.spec))))
                    .collect(),
                notes: Vec::new(),
            },
            ReaderSecret::Given(entries) => Resolution {
                secrets: entries.iter().filter_map(|e| e.value.clone().map(|v| (v, source_of(&e.spec)))).collect(),
                notes: Vec::new(),
            },
            ReaderSecret::Library => {
                secrets::resolve(flavor, self.api.secrets_api(), &[], None, &|n: &str| self.env.get(n))
            }
            ReaderSecret::None => Resolution::default(),
        };
        config.secrets = match &self.secret {
            ReaderSecret::SameAsApp => app_entries(app),
            ReaderSecret::Given(entries) => entries.clone(),
            ReaderSecret::Library | ReaderSecret::None => resolution
                .secrets
                .iter()
                .map(|(v, s)| SecretEntry {
                    spec: match s {
                        SecretSource::Env(n) => SecretSpec::Env(n.clone()),
                        _ => SecretSpec::Literal(v.clone()),
                    },
                    value: Some(v.clone()),
                })
                .collect(),
        };
        let url_secure = |url: Option<&str>| url.is_some_and(|u| u.trim().to_ascii_lowercase().starts_with("https://"));
        let (secure, secure_reason) = match &self.secure {
            SecureDecision::Flag(flag) => (*flag, format!("`secureCookie: {flag}` is passed")),
            SecureDecision::Url(url) => {
                let url = url.as_deref().or(app.url.as_deref());
                let s = url_secure(url);
                (s, format!("from the URL {}", url.map_or_else(|| "(none)".to_owned(), |u| format!("`{u}`"))))
            }
            SecureDecision::ForwardedProto { fallback } => {
                if let Some(proto) = forwarded_proto {
                    let first = proto.split(',').next().unwrap_or_default().trim().to_ascii_lowercase();
                    (first == "https", format!("from the request's `X-Forwarded-Proto: {proto}`"))
                } else {
                    let assumed = fallback.as_deref().unwrap_or("https");
                    (
                        assumed.eq_ignore_ascii_case("https"),
                        format!("from `X-Forwarded-Proto`, absent in this request, taken as `{assumed}`"),
                    )
                }
            }
            SecureDecision::Default => match (flavor, self.api) {
                (Flavor::V5, ReaderApi::GetToken) => {
                    (false, "v5 `getToken()` defaults to `secureCookie: false`".to_owned())
                }
                (_, ReaderApi::Handler) | (Flavor::V3 | Flavor::V4, ReaderApi::GetToken) => {
                    let s = url_secure(app.url.as_deref());
                    (
                        s,
                        format!(
                            "the library default: from the URL {}",
                            app.url.as_deref().map_or_else(|| "(none)".to_owned(), |u| format!("`{u}`"))
                        ),
                    )
                }
            },
        };
        config.cookies.secure = if secure { CookieSecurity::Always } else { CookieSecurity::Never };
        if let Some(name) = &self.cookie_name {
            config.cookies.session_token_name = Some(name.clone());
        } else if self.version.is_some_and(|v| v != app.version) {
            // Another version has other default cookie names.
            config.cookies.session_token_name = None;
        }
        if let Some(salt) = &self.salt {
            config.jwt.salt = Some(salt.clone());
        }
        if let Some(strategy) = self.strategy {
            config.session.strategy = Some(strategy);
        }
        Effective { config, secure_reason, resolution }
    }
}

/// The app's secrets as the library resolves them (`Config::app_secrets`: `jwt.secret`, env defaults).
fn app_entries(app: &Config) -> Vec<SecretEntry> {
    app.app_secrets()
        .into_iter()
        .map(|(value, origin)| SecretEntry {
            spec: match origin {
                crate::secret::SecretOrigin::Env(name) => SecretSpec::Env(name),
                _ => SecretSpec::Literal(value.clone()),
            },
            value: Some(value),
        })
        .collect()
}

fn source_of(spec: &SecretSpec) -> SecretSource {
    match spec {
        SecretSpec::Env(name) => SecretSource::Env(name.clone()),
        SecretSpec::Literal(_) => SecretSource::Option,
    }
}

/// A located problem, for `parse.rs` to report.
pub type Problem = (Range<usize>, ProblemSeverity, String);

const KNOWN_KEYS: &[&str] = &[
    "name",
    "api",
    "version",
    "secret",
    "secret_source",
    "secure",
    "url",
    "forwarded_proto",
    "cookie_name",
    "salt",
    "decoder",
    "strategy",
];

fn string_of(value: &Spanned<DeValue<'_>>, key: &str, problems: &mut Vec<Problem>) -> Option<String> {
    if let DeValue::String(s) = value.get_ref() {
        Some(s.to_string())
    } else {
        problems.push((value.span(), ProblemSeverity::Error, format!("`readers.{key}` must be a string")));
        None
    }
}

fn secret_entry(text: &str) -> SecretEntry {
    let spec = match text.strip_prefix("env:") {
        Some(name) => SecretSpec::Env(name.trim().to_owned()),
        None => SecretSpec::Literal(Secret::new(text)),
    };
    SecretEntry { spec, value: None }
}

/// Parses the `readers` value (an array of tables). Unknown keys are warnings.
#[must_use]
pub fn parse(value: &Spanned<DeValue<'_>>) -> (Vec<ReaderConfig>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut out = Vec::new();
    let DeValue::Array(items) = value.get_ref() else {
        problems.push((
            value.span(),
            ProblemSeverity::Error,
            "`readers` must be an array of tables: [[readers]]".into(),
        ));
        return (out, problems);
    };
    for (n, item) in items.iter().enumerate() {
        let DeValue::Table(t) = item.get_ref() else {
            problems.push((item.span(), ProblemSeverity::Error, "`readers` must be tables ([[readers]])".into()));
            continue;
        };
        out.push(parse_one(t, n, &mut problems));
    }
    (out, problems)
}

fn choice<'o>(
    v: &Spanned<DeValue<'_>>,
    key: &str,
    options: &[&'o str],
    problems: &mut Vec<Problem>,
) -> Option<&'o str> {
    let text = string_of(v, key, problems)?;
    let found = options.iter().find(|o| o.eq_ignore_ascii_case(text.trim())).copied();
    if found.is_none() {
        problems.push((
            v.span(),
            ProblemSeverity::Error,
            format!("`readers.{key}` must be one of {}, not {text:?}", options.join(" | ")),
        ));
    }
    found
}

fn parse_one(t: &DeTable<'_>, n: usize, problems: &mut Vec<Problem>) -> ReaderConfig {
    let mut r = ReaderConfig { name: format!("reader {}", n + 1), ..ReaderConfig::default() };
    for (key, _) in t {
        if !KNOWN_KEYS.contains(&key.get_ref().as_ref()) {
            problems.push((
                key.span(),
                ProblemSeverity::Warning,
                format!("unknown key `readers.{}` (ignored; known here: {})", key.get_ref(), KNOWN_KEYS.join(", ")),
            ));
        }
    }
    if let Some(v) = t.get("name")
        && let Some(name) = string_of(v, "name", problems).filter(|s| !s.trim().is_empty())
    {
        r.name = name;
    }
    if let Some(v) = t.get("api") {
        r.api = match choice(v, "api", &["get-token", "handler"], problems) {
            Some("handler") => ReaderApi::Handler,
            _ => ReaderApi::GetToken,
        };
    }
    if let Some(v) = t.get("version") {
        r.version = choice(v, "version", &["v3", "v4", "v5"], problems).and_then(Flavor::parse);
    }
    if let Some(v) = t.get("secret") {
        match v.get_ref() {
            DeValue::String(s) => r.secret = ReaderSecret::Given(vec![secret_entry(s)]),
            DeValue::Array(items) => {
                let entries: Vec<SecretEntry> =
                    items.iter().filter_map(|i| string_of(i, "secret[]", problems)).map(|s| secret_entry(&s)).collect();
                r.secret = ReaderSecret::Given(entries);
            }
            _ => problems.push((
                v.span(),
                ProblemSeverity::Error,
                "`readers.secret` must be a string or a list of strings (a literal or \"env:NAME\")".into(),
            )),
        }
    }
    if let Some(v) = t.get("secret_source") {
        match choice(v, "secret_source", &["app", "given", "library", "none"], problems) {
            Some("library") => r.secret = ReaderSecret::Library,
            Some("none") => r.secret = ReaderSecret::None,
            Some("app") if !matches!(r.secret, ReaderSecret::Given(_)) => r.secret = ReaderSecret::SameAsApp,
            _ => {}
        }
    }
    let fallback = t.get("forwarded_proto").and_then(|v| string_of(v, "forwarded_proto", problems));
    let url = t.get("url").and_then(|v| string_of(v, "url", problems)).filter(|u| !u.trim().is_empty());
    if let Some(v) = t.get("secure") {
        r.secure = match v.get_ref() {
            DeValue::Boolean(b) => SecureDecision::Flag(*b),
            _ => match choice(v, "secure", &["default", "url", "x-forwarded-proto", "true", "false"], problems) {
                Some("url") => SecureDecision::Url(url.clone()),
                Some("x-forwarded-proto") => SecureDecision::ForwardedProto { fallback: fallback.clone() },
                Some("true") => SecureDecision::Flag(true),
                Some("false") => SecureDecision::Flag(false),
                _ => SecureDecision::Default,
            },
        };
    } else if url.is_some() {
        r.secure = SecureDecision::Url(url.clone());
    } else if fallback.is_some() {
        r.secure = SecureDecision::ForwardedProto { fallback: fallback.clone() };
    }
    if let Some(v) = t.get("cookie_name") {
        r.cookie_name = string_of(v, "cookie_name", problems).filter(|s| !s.trim().is_empty());
    }
    if let Some(v) = t.get("salt") {
        r.salt = string_of(v, "salt", problems);
    }
    if let Some(v) = t.get("decoder")
        && let Some(text) = string_of(v, "decoder", problems)
    {
        let text = text.trim();
        if text.eq_ignore_ascii_case("default") || text.eq_ignore_ascii_case("library") {
            r.decoder = Decoder::Library;
        } else if let Some(alg) = text.strip_prefix("jws:").map(str::trim).filter(|a| !a.is_empty()) {
            if !crate::token::jws::SUPPORTED_ALGS.contains(&alg) {
                problems.push((
                    v.span(),
                    ProblemSeverity::Warning,
                    format!(
                        "`readers.decoder` algorithm {alg:?} is not one authlab verifies ({})",
                        crate::token::jws::SUPPORTED_ALGS.join(", ")
                    ),
                ));
            }
            r.decoder = Decoder::Jws { alg: alg.to_owned() };
        } else {
            problems.push((
                v.span(),
                ProblemSeverity::Error,
                format!("`readers.decoder` must be \"default\" or \"jws:<alg>\" (e.g. \"jws:HS256\"), not {text:?}"),
            ));
        }
    }
    if let Some(v) = t.get("strategy") {
        r.strategy = match choice(v, "strategy", &["jwt", "database"], problems) {
            Some("jwt") => Some(Strategy::Jwt),
            Some("database") => Some(Strategy::Database),
            _ => None,
        };
    }
    r
}

fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

/// The `[[readers]]` tables as TOML (empty when there are none).
#[must_use]
pub fn to_toml(readers: &[ReaderConfig]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for r in readers {
        let _ = writeln!(out, "\n[[readers]]\nname = {}", quote(&r.name));
        if r.api != ReaderApi::GetToken {
            let _ = writeln!(out, "api = {}", quote(r.api.as_str()));
        }
        if let Some(v) = r.version {
            let _ = writeln!(out, "version = {}", quote(v.as_str()));
        }
        match &r.secret {
            ReaderSecret::SameAsApp => {}
            ReaderSecret::Given(entries) => {
                let items: Vec<String> = entries
                    .iter()
                    .map(|e| match &e.spec {
                        SecretSpec::Literal(v) => quote(v.expose()),
                        SecretSpec::Env(name) => quote(&format!("env:{name}")),
                    })
                    .collect();
                let _ = writeln!(out, "secret = [{}]", items.join(", "));
            }
            ReaderSecret::Library => out.push_str("secret_source = \"library\"\n"),
            ReaderSecret::None => out.push_str("secret_source = \"none\"\n"),
        }
        match &r.secure {
            SecureDecision::Default => {}
            SecureDecision::Flag(b) => {
                let _ = writeln!(out, "secure = {b}");
            }
            SecureDecision::Url(url) => {
                out.push_str("secure = \"url\"\n");
                if let Some(u) = url {
                    let _ = writeln!(out, "url = {}", quote(u));
                }
            }
            SecureDecision::ForwardedProto { fallback } => {
                out.push_str("secure = \"x-forwarded-proto\"\n");
                if let Some(f) = fallback {
                    let _ = writeln!(out, "forwarded_proto = {}", quote(f));
                }
            }
        }
        if let Some(n) = &r.cookie_name {
            let _ = writeln!(out, "cookie_name = {}", quote(n));
        }
        if let Some(s) = &r.salt {
            let _ = writeln!(out, "salt = {}", quote(s));
        }
        if let Decoder::Jws { alg } = &r.decoder {
            let _ = writeln!(out, "decoder = {}", quote(&format!("jws:{alg}")));
        }
        if let Some(s) = r.strategy {
            let _ = writeln!(
                out,
                "strategy = {}",
                quote(match s {
                    Strategy::Jwt => "jwt",
                    Strategy::Database => "database",
                })
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "SECRET" => Some("alpha".into()),
            "AUTH_SECRET" => Some("s5".into()),
            _ => None,
        }
    }

    const TEXT: &str = r#"
version = "v5"
url = "https://app.example.com"
secrets = ["env:SECRET"]

[[readers]]
name = "middleware"
secret = "env:NEXTAUTH_SECRET"
secure = false

[[readers]]
name = "api server"
api = "handler"
secret_source = "library"
secure = "x-forwarded-proto"
forwarded_proto = "http"
decoder = "jws:HS256"
strategy = "database"
cookie_name = "my.session"
salt = "my.salt"
colour = "red"
"#;

    #[test]
    fn readers_parse_with_every_option_and_round_trip() {
        let (config, problems) = super::super::parse(TEXT, &env);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(problems[0].message.contains("readers.colour"));
        let [mw, api] = config.readers.as_slice() else { panic!("{:?}", config.readers) };
        assert_eq!(mw.name, "middleware");
        assert_eq!(mw.secure, SecureDecision::Flag(false));
        let ReaderSecret::Given(entries) = &mw.secret else { panic!() };
        assert_eq!(entries[0].spec, SecretSpec::Env("NEXTAUTH_SECRET".into()));
        assert_eq!(entries[0].value, None, "unset");
        assert_eq!(api.api, ReaderApi::Handler);
        assert_eq!(api.secret, ReaderSecret::Library);
        assert_eq!(api.secure, SecureDecision::ForwardedProto { fallback: Some("http".into()) });
        assert_eq!(api.decoder, Decoder::Jws { alg: "HS256".into() });
        assert_eq!(api.strategy, Some(Strategy::Database));
        assert_eq!((api.cookie_name.as_deref(), api.salt.as_deref()), (Some("my.session"), Some("my.salt")));
        let (again, problems) = super::super::parse(&config.to_toml(), &env);
        assert!(problems.is_empty(), "{problems:#?}\n{}", config.to_toml());
        assert_eq!(again.readers, config.readers);
    }

    #[test]
    fn effective_config_applies_the_overrides() {
        let (config, _) = super::super::parse(TEXT, &env);
        let mw = config.readers[0].effective(&config, None);
        assert_eq!(mw.config.session_cookie_name(), "authjs.session-token", "secure = false on an https app");
        assert!(mw.config.resolved_secrets().is_empty());
        let api = config.readers[1].effective(&config, None);
        assert_eq!(api.config.session_cookie_name(), "my.session");
        assert_eq!(api.config.salt(), "my.salt");
        assert_eq!(api.resolution.encrypting(), Some(&SecretSource::Env("AUTH_SECRET".into())));
        // The request's header wins over the configured fallback.
        let with_header = config.readers[1].effective(&config, Some("https"));
        assert_eq!(with_header.config.cookies.secure, CookieSecurity::Always);
        assert!(with_header.secure_reason.contains("X-Forwarded-Proto: https"));
    }

    #[test]
    fn bad_values_are_located_errors() {
        let (config, problems) =
            super::super::parse("[[readers]]\nname = 3\nsecure = \"maybe\"\ndecoder = \"custom\"\n", &env);
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [2, 3, 4], "{problems:#?}");
        assert_eq!(config.readers.len(), 1);
        assert_eq!(config.readers[0].name, "reader 1");
    }
}
