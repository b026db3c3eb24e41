//! Config-level findings: what the library would raise at start-up or sign-in, before
//! any token is looked at. Each fact is tied to the [`Field`] it is about, so the GUI can
//! show it next to that field; the words live in `diagnose/explain.rs`.

use super::{Config, Environment, ProviderKind, SecretEntry, SecretSpec, Strategy, env};
use crate::diagnose::explain::Fact;
use crate::secret::Weakness;
use crate::token::Flavor;

/// The part of the config a finding is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// `environment`.
    Environment,
    /// `url`.
    Url,
    /// `base_path`.
    BasePath,
    /// `trust_host`.
    TrustHost,
    /// `debug`.
    Debug,
    /// The secrets list as a whole.
    Secrets,
    /// One secret (0-based).
    Secret(usize),
    /// A variable of `[env]`.
    EnvVar(String),
    /// `adapter`.
    Adapter,
    /// `session.strategy`.
    Strategy,
    /// `session.update_age_secs`.
    UpdateAge,
    /// `jwt.max_age_secs`.
    JwtMaxAge,
    /// `jwt.secret`.
    JwtSecret,
    /// `cookies.session_token_name` (or the derived name).
    SessionCookieName,
    /// `cookies.csrf_token_name`.
    CsrfCookieName,
    /// `cookies.callback_url_name`.
    CallbackCookieName,
    /// One provider (0-based).
    Provider(usize),
    /// One candidate (0-based).
    Candidate(usize),
}

/// Why `value` is a weak secret, if it is (the shared check, `crate::secret::weakness`).
fn weakness(value: &str) -> Option<Weakness> {
    crate::secret::weakness(value)
}

/// Every weakness is reported: a warning in development (throw-away secrets are normal there, but
/// they leak into deployments), an error in production.
fn reported_weakness(value: &str, _production: bool) -> Option<Weakness> {
    weakness(value)
}

/// Every config-level fact, in a stable order.
#[must_use]
pub fn lint(config: &Config) -> Vec<Fact> {
    lint_fields(config).into_iter().map(|(_, fact)| fact).collect()
}

fn env_ref(entry: &SecretEntry) -> Option<&str> {
    match &entry.spec {
        SecretSpec::Env(name) => Some(name),
        SecretSpec::Literal(_) => None,
    }
}

/// The secret the library takes from the environment when the config names none:
/// v4 `NEXTAUTH_SECRET ?? AUTH_SECRET`; v5 `AUTH_SECRET ?? NEXTAUTH_SECRET`, else `AUTH_SECRET_1..3`.
fn env_default_secret(config: &Config) -> Option<&'static str> {
    let order: &[&'static str] = match config.version {
        Flavor::V3 | Flavor::V4 => &["NEXTAUTH_SECRET", "AUTH_SECRET"],
        Flavor::V5 => &["AUTH_SECRET", "NEXTAUTH_SECRET", "AUTH_SECRET_3", "AUTH_SECRET_2", "AUTH_SECRET_1"],
    };
    order.iter().copied().find(|n| config.env.value(n).is_some())
}

fn url_host_and_path(url: &str) -> (String, String) {
    let rest = url.trim().split_once("://").map_or(url.trim(), |(_, r)| r);
    let (authority, path) = rest.find('/').map_or((rest, ""), |i| (&rest[..i], &rest[i..]));
    let path = path.split(['?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = if host.starts_with('[') {
        host.split(']').next().map(|h| format!("{h}]")).unwrap_or_default()
    } else {
        host.split(':').next().unwrap_or("").to_owned()
    };
    (host.to_ascii_lowercase(), path.trim_end_matches('/').to_owned())
}

fn is_localhost(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host.starts_with("127.")
        || host == "[::1]"
        || host == "0.0.0.0"
}

/// Default `basePath` of the auth routes in next-auth (v4 and v5).
pub const DEFAULT_BASE_PATH: &str = "/api/auth";

/// Every config-level fact with the field it is about, in a stable order.
#[must_use]
pub fn lint_fields(config: &Config) -> Vec<(Field, Fact)> {
    let mut out = Vec::new();
    let production = config.environment == Environment::Production;
    let v5 = config.version == Flavor::V5;

    // Secrets.
    let usable = config.secrets.iter().filter(|s| s.value.as_ref().is_some_and(|v| !v.is_empty())).count();
    let from_env = config.secrets.is_empty().then(|| env_default_secret(config)).flatten();
    if usable == 0 && from_env.is_none() {
        let unresolved = config
            .secrets
            .iter()
            .map(|s| match &s.spec {
                SecretSpec::Env(name) => format!("env:{name}"),
                SecretSpec::Literal(_) => "an empty literal".to_owned(),
            })
            .collect();
        out.push((Field::Secrets, Fact::SecretMissing { flavor: config.version, production, unresolved }));
    }
    for (i, entry) in config.secrets.iter().enumerate() {
        if let Some(name) = env_ref(entry)
            && entry.value.is_none()
        {
            out.push((
                Field::Secret(i),
                Fact::EnvUnset { name: name.to_owned(), used_by: format!("secret #{}", i + 1), error: true },
            ));
        }
        if let Some(value) = entry.value.as_ref().filter(|v| !v.is_empty())
            && let Some(weakness) = reported_weakness(value.expose(), production)
        {
            out.push((
                Field::Secret(i),
                Fact::WeakSecret { label: format!("secret #{} ({})", i + 1, entry.origin()), weakness, production },
            ));
        }
    }
    if let Some(name) = from_env
        && let Some(value) = config.env.value(name)
        && let Some(weakness) = reported_weakness(value.expose(), production)
    {
        out.push((Field::EnvVar(name.to_owned()), Fact::WeakSecret { label: name.to_owned(), weakness, production }));
    }
    if let Some(jwt_secret) = &config.jwt.secret {
        let differs = match (&jwt_secret.value, config.secrets.first().and_then(|s| s.value.as_ref())) {
            (Some(a), Some(b)) => a != b,
            _ => false,
        };
        out.push((Field::JwtSecret, Fact::JwtSecretDeprecated { flavor: config.version, differs }));
        if let Some(name) = env_ref(jwt_secret)
            && jwt_secret.value.is_none()
        {
            out.push((
                Field::JwtSecret,
                Fact::EnvUnset { name: name.to_owned(), used_by: "jwt.secret".into(), error: true },
            ));
        }
    }
    if let (Some(a), Some(b)) = (config.env.value("AUTH_SECRET"), config.env.value("NEXTAUTH_SECRET"))
        && a != b
    {
        out.push((Field::Secrets, Fact::ConfigSecretEnvConflict { flavor: config.version }));
    }
    if v5 {
        let numbered: Vec<String> = ["AUTH_SECRET_1", "AUTH_SECRET_2", "AUTH_SECRET_3"]
            .iter()
            .filter(|n| config.env.value(n).is_some())
            .map(|n| (*n).to_owned())
            .collect();
        let winner = ["AUTH_SECRET", "NEXTAUTH_SECRET"].into_iter().find(|n| config.env.value(n).is_some());
        if let Some(winner) = winner
            && !numbered.is_empty()
        {
            out.push((Field::Secrets, Fact::NumberedSecretsIgnored { numbered, winner: winner.to_owned() }));
        }
    }
    for (i, c) in config.candidates.iter().enumerate() {
        if let Some(name) = env_ref(&c.secret)
            && c.secret.value.is_none()
        {
            out.push((
                Field::Candidate(i),
                Fact::EnvUnset { name: name.to_owned(), used_by: format!("candidate `{}`", c.label), error: false },
            ));
        }
    }

    // Strategy and adapter.
    let credentials_only =
        !config.providers.is_empty() && config.providers.iter().all(|p| p.kind == ProviderKind::Credentials);
    let has_credentials = config.providers.iter().any(|p| p.kind == ProviderKind::Credentials);
    match config.session.strategy {
        Some(Strategy::Database) if credentials_only => {
            out.push((Field::Strategy, Fact::CredentialsWithDatabase { explicit: true, flavor: config.version }));
        }
        None if has_credentials && config.adapter.is_some() => {
            out.push((Field::Strategy, Fact::CredentialsWithDatabase { explicit: false, flavor: config.version }));
        }
        _ => {}
    }
    if config.effective_strategy() == Strategy::Database && config.adapter.is_none() {
        out.push((Field::Adapter, Fact::DatabaseWithoutAdapter));
    }
    if config.adapter.is_none()
        && let Some(i) = config.providers.iter().position(|p| p.kind == ProviderKind::Email)
    {
        out.push((Field::Provider(i), Fact::EmailWithoutAdapter { flavor: config.version }));
    }
    if config.session.update_age_secs > config.session.max_age_secs {
        out.push((
            Field::UpdateAge,
            Fact::UpdateAgeAboveMaxAge {
                update_age_secs: config.session.update_age_secs,
                max_age_secs: config.session.max_age_secs,
            },
        ));
    }
    if config.effective_strategy() == Strategy::Jwt && config.jwt_max_age_secs() != config.session.max_age_secs {
        out.push((
            Field::JwtMaxAge,
            Fact::JwtMaxAgeMismatch {
                flavor: config.version,
                jwt_max_age_secs: config.jwt_max_age_secs(),
                session_max_age_secs: config.session.max_age_secs,
                explicit: config.jwt.max_age_secs.is_some(),
            },
        ));
    }

    // URL, base path, host trust, cookies.
    if let Some(url) = &config.url {
        let lower = url.trim().to_ascii_lowercase();
        if !lower.starts_with("http://") && !lower.starts_with("https://") {
            out.push((Field::Url, Fact::UrlWithoutScheme { url: url.clone() }));
        }
        {
            let (host, path) = url_host_and_path(url);
            if production && is_localhost(&host) {
                out.push((Field::Url, Fact::LocalhostInProduction { url: url.clone() }));
            }
            let base = config.base_path.as_deref().map(|b| b.trim().trim_end_matches('/').to_owned());
            let url_path = (!path.is_empty()).then_some(path);
            let mismatch = match (&url_path, &base) {
                (Some(p), Some(b)) => p != b,
                // v4 takes the base path from NEXTAUTH_URL only: a custom one must be in the URL.
                (None, Some(b)) => !v5 && b != DEFAULT_BASE_PATH && !b.is_empty(),
                (Some(p), None) => p != DEFAULT_BASE_PATH,
                (None, None) => false,
            };
            if mismatch {
                out.push((
                    Field::BasePath,
                    Fact::BasePathMismatch {
                        flavor: config.version,
                        url_path,
                        base_path: base.unwrap_or_else(|| DEFAULT_BASE_PATH.to_owned()),
                    },
                ));
            }
        }
        let names = [
            (Field::SessionCookieName, Some(config.session_cookie_name())),
            (Field::CsrfCookieName, config.cookies.csrf_token_name.clone()),
            (Field::CallbackCookieName, config.cookies.callback_url_name.clone()),
        ];
        for (field, name) in names {
            if let Some(name) = name
                && lower.starts_with("http://")
                && (name.starts_with("__Secure-") || name.starts_with("__Host-"))
                && !lower.starts_with("http://localhost")
            {
                out.push((field, Fact::SecureCookieOnHttp { name }));
            }
        }
    }
    if v5 && production {
        let trusted_by_env = ["AUTH_URL", "AUTH_TRUST_HOST"].iter().any(|n| config.env.get(n).is_some());
        let untrusted = match config.trust_host {
            Some(true) => false,
            Some(false) => true,
            None => config.url.is_none() && !trusted_by_env,
        };
        if untrusted {
            out.push((Field::TrustHost, Fact::UntrustedHost { explicit: config.trust_host == Some(false) }));
        }
    }
    if production && config.debug {
        out.push((Field::Debug, Fact::DebugInProduction { flavor: config.version }));
    }

    // Providers.
    for (i, p) in config.providers.iter().enumerate() {
        if let Some(SecretEntry { spec: SecretSpec::Env(name), value: None }) = &p.client_secret {
            out.push((
                Field::Provider(i),
                Fact::EnvUnset {
                    name: name.clone(),
                    used_by: format!("provider `{}` client secret", p.id),
                    error: true,
                },
            ));
        }
        if let Some(name) = p.client_id.as_deref().and_then(|c| c.strip_prefix("env:")).map(str::trim)
            && config.env.get(name).is_none()
        {
            out.push((
                Field::Provider(i),
                Fact::EnvUnset {
                    name: name.to_owned(),
                    used_by: format!("provider `{}` client id", p.id),
                    error: true,
                },
            ));
        }
        if !p.is_oauth() {
            continue;
        }
        // v5 fills `AUTH_<ID>_ID` / `AUTH_<ID>_SECRET` in when the provider has none.
        let prefix = env::provider_env_prefix(&p.id);
        let env_default = |suffix: &str| v5 && config.env.value(&format!("{prefix}_{suffix}")).is_some();
        let mut missing = Vec::new();
        if p.client_id.as_deref().is_none_or(|c| c.trim().is_empty()) && !env_default("ID") {
            missing.push("client id");
        }
        if p.client_secret.is_none() && !env_default("SECRET") {
            missing.push("client secret");
        }
        if p.kind == ProviderKind::Oidc
            && p.issuer.is_none()
            && !(v5 && config.env.value(&format!("{prefix}_ISSUER")).is_some())
        {
            missing.push("issuer");
        }
        if !missing.is_empty() {
            out.push((
                Field::Provider(i),
                Fact::ProviderMissingClient {
                    id: p.id.clone(),
                    missing: missing.into_iter().map(str::to_owned).collect(),
                    flavor: config.version,
                    env_prefix: prefix,
                },
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Provider, SecretEntry};

    fn codes(config: &Config) -> Vec<&'static str> {
        lint(config).iter().map(|f| crate::diagnose::explain::explain(f).code).collect()
    }

    fn with_secret() -> Config {
        Config { secrets: vec![SecretEntry::literal("Zq3v8M0r5Xb1Lk7Tn2Wy6Ps4Hd9Gf0Ce")], ..Config::default() }
    }

    #[test]
    fn no_secret_is_reported_and_a_secret_silences_it() {
        assert_eq!(codes(&Config::default()), ["secret.missing"]);
        assert!(codes(&with_secret()).is_empty(), "{:?}", codes(&with_secret()));
    }

    #[test]
    fn credentials_with_adapter_and_default_strategy() {
        let mut c = with_secret();
        c.providers.push(Provider::new(ProviderKind::Credentials, "credentials"));
        c.adapter = Some("prisma".into());
        assert_eq!(codes(&c), ["config.credentials_with_database"]);
        c.session.strategy = Some(Strategy::Jwt);
        assert!(codes(&c).is_empty());
    }

    #[test]
    fn update_age_above_max_age() {
        let mut c = with_secret();
        c.session.update_age_secs = c.session.max_age_secs + 1;
        assert_eq!(codes(&c), ["config.update_age_above_max_age"]);
    }

    #[test]
    fn weakness_names_the_reason() {
        assert_eq!(weakness("secret"), Some(Weakness::WellKnown));
        assert_eq!(weakness("please-CHANGEME-before-deploying-this-app"), Some(Weakness::WellKnown));
        assert_eq!(weakness("k3J9xQ"), Some(Weakness::Short { len: 6 }));
        assert!(matches!(weakness(&"ab".repeat(40)), Some(Weakness::LowEntropy { bits: 80 })));
        assert_eq!(weakness("Zq3v8M0r5Xb1Lk7Tn2Wy6Ps4Hd9Gf0Ce"), None);
        assert_eq!(weakness("q1JtRkP0k2Yh1m8oXw1mJ8s9Lx7Uo5bNcN4dE3aF2gY="), None, "npx auth secret shape");
    }

    #[test]
    fn url_parts() {
        assert_eq!(
            url_host_and_path("https://u:p@Example.com:8443/api/auth/?x#y"),
            ("example.com".into(), "/api/auth".into())
        );
        assert_eq!(url_host_and_path("http://[::1]:3000"), ("[::1]".into(), String::new()));
        assert!(is_localhost("127.0.0.1") && is_localhost("app.localhost") && !is_localhost("localhost.example.com"));
    }
}
