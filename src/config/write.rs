//! [`Config`] → TOML text.

use std::fmt::Write as _;

use super::{Config, CookieSecurity, Environment, ProviderKind, SecretSpec, Strategy};

fn quote(text: &str) -> String {
    // A TOML basic string is a JSON string for our purposes (same escapes).
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

pub(super) fn to_toml(config: &Config) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "version = {}", quote(config.version.as_str()));
    let env = match config.environment {
        Environment::Development => "development",
        Environment::Production => "production",
    };
    let _ = writeln!(out, "environment = {}", quote(env));
    if let Some(url) = &config.url {
        let _ = writeln!(out, "url = {}", quote(url));
    }
    let secrets: Vec<String> = config
        .secrets
        .iter()
        .map(|s| match &s.spec {
            SecretSpec::Literal(v) => quote(v.expose()),
            SecretSpec::Env(name) => quote(&format!("env:{name}")),
        })
        .collect();
    let _ = writeln!(out, "secrets = [{}]", secrets.join(", "));
    if let Some(adapter) = &config.adapter {
        let _ = writeln!(out, "adapter = {}", quote(adapter));
    }
    out.push_str("\n[session]\n");
    if let Some(strategy) = config.session.strategy {
        let s = match strategy {
            Strategy::Jwt => "jwt",
            Strategy::Database => "database",
        };
        let _ = writeln!(out, "strategy = {}", quote(s));
    }
    let _ = writeln!(out, "max_age_secs = {}", config.session.max_age_secs);
    let _ = writeln!(out, "update_age_secs = {}", config.session.update_age_secs);
    if config.jwt.max_age_secs.is_some() || config.jwt.salt.is_some() {
        out.push_str("\n[jwt]\n");
        if let Some(v) = config.jwt.max_age_secs {
            let _ = writeln!(out, "max_age_secs = {v}");
        }
        if let Some(v) = &config.jwt.salt {
            let _ = writeln!(out, "salt = {}", quote(v));
        }
    }
    out.push_str("\n[cookies]\n");
    let secure = match config.cookies.secure {
        CookieSecurity::Auto => "auto",
        CookieSecurity::Always => "always",
        CookieSecurity::Never => "never",
    };
    let _ = writeln!(out, "secure = {}", quote(secure));
    if let Some(name) = &config.cookies.session_token_name {
        let _ = writeln!(out, "session_token_name = {}", quote(name));
    }
    for c in &config.candidates {
        let secret = match &c.secret.spec {
            SecretSpec::Literal(v) => quote(v.expose()),
            SecretSpec::Env(name) => quote(&format!("env:{name}")),
        };
        let _ = writeln!(out, "\n[[candidates]]\nlabel = {}\nsecret = {secret}", quote(&c.label));
    }
    for p in &config.providers {
        let kind = match p.kind {
            ProviderKind::Credentials => "credentials",
            ProviderKind::Oauth => "oauth",
            ProviderKind::Oidc => "oidc",
            ProviderKind::Email => "email",
        };
        let _ = writeln!(out, "\n[[providers]]\nkind = {}\nid = {}", quote(kind), quote(&p.id));
    }
    out.push_str(&super::readers::to_toml(&config.readers));
    out
}
