//! Config-level findings: what the library would raise at start-up or sign-in, before
//! any token is looked at.

use super::{Config, Environment, ProviderKind, SecretSpec, Strategy};
use crate::diagnose::explain::Fact;

/// Every config-level fact, in a stable order.
#[must_use]
pub fn lint(config: &Config) -> Vec<Fact> {
    let mut facts = Vec::new();
    let usable = config.secrets.iter().filter(|s| s.value.as_ref().is_some_and(|v| !v.is_empty())).count();
    if usable == 0 {
        let unresolved = config
            .secrets
            .iter()
            .map(|s| match &s.spec {
                SecretSpec::Env(name) => format!("env:{name}"),
                SecretSpec::Literal(_) => "an empty literal".to_owned(),
            })
            .collect();
        facts.push(Fact::SecretMissing {
            flavor: config.version,
            production: config.environment == Environment::Production,
            unresolved,
        });
    }
    let credentials_only =
        !config.providers.is_empty() && config.providers.iter().all(|p| p.kind == ProviderKind::Credentials);
    let has_credentials = config.providers.iter().any(|p| p.kind == ProviderKind::Credentials);
    match config.session.strategy {
        Some(Strategy::Database) if credentials_only => {
            facts.push(Fact::CredentialsWithDatabase { explicit: true, flavor: config.version });
        }
        None if has_credentials && config.adapter.is_some() => {
            facts.push(Fact::CredentialsWithDatabase { explicit: false, flavor: config.version });
        }
        _ => {}
    }
    if config.effective_strategy() == Strategy::Database && config.adapter.is_none() {
        facts.push(Fact::DatabaseWithoutAdapter);
    }
    if config.session.update_age_secs > config.session.max_age_secs {
        facts.push(Fact::UpdateAgeAboveMaxAge {
            update_age_secs: config.session.update_age_secs,
            max_age_secs: config.session.max_age_secs,
        });
    }
    if let Some(url) = &config.url {
        let lower = url.trim().to_ascii_lowercase();
        if !lower.starts_with("http://") && !lower.starts_with("https://") {
            facts.push(Fact::UrlWithoutScheme { url: url.clone() });
        }
        let name = config.session_cookie_name();
        if lower.starts_with("http://")
            && (name.starts_with("__Secure-") || name.starts_with("__Host-"))
            && !lower.starts_with("http://localhost")
        {
            facts.push(Fact::SecureCookieOnHttp { name });
        }
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Provider, SecretEntry};

    fn codes(config: &Config) -> Vec<&'static str> {
        lint(config).iter().map(|f| crate::diagnose::explain::explain(f).code).collect()
    }

    fn with_secret() -> Config {
        Config { secrets: vec![SecretEntry::literal("s")], ..Config::default() }
    }

    #[test]
    fn no_secret_is_reported_and_a_secret_silences_it() {
        assert_eq!(codes(&Config::default()), ["secret.missing"]);
        assert!(codes(&with_secret()).is_empty());
    }

    #[test]
    fn credentials_with_adapter_and_default_strategy() {
        let mut c = with_secret();
        c.providers.push(Provider { kind: ProviderKind::Credentials, id: "credentials".into() });
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
}
