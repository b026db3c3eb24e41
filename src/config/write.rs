//! [`Config`] → TOML text.

use std::fmt::Write as _;

use super::{Config, CookieSecurity, Environment, SecretSpec, Strategy};

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
    let _ = writeln!(out, "url = {}", quote(config.url.as_deref().unwrap_or_default()));
    if let Some(base_path) = &config.base_path {
        let _ = writeln!(out, "base_path = {}", quote(base_path));
    }
    if let Some(trust) = config.trust_host {
        let _ = writeln!(out, "trust_host = {trust}");
    }
    let secrets: Vec<String> = config.secrets.iter().map(|s| quote(&spec_text(&s.spec))).collect();
    let _ = writeln!(out, "secrets = [{}]", secrets.join(", "));
    if let Some(adapter) = &config.adapter {
        let _ = writeln!(out, "adapter = {}", quote(adapter));
    }
    if config.debug {
        out.push_str("debug = true\n");
    }
    let typed: Vec<_> = config.env.typed().collect();
    if !config.env.files.is_empty() || !typed.is_empty() {
        out.push_str("\n[env]\n");
        let files: Vec<String> = config.env.files.iter().map(|f| quote(f)).collect();
        let _ = writeln!(out, "files = [{}]", files.join(", "));
        if !typed.is_empty() {
            out.push_str("\n[env.vars]\n");
            for v in typed {
                let _ = writeln!(out, "{} = {}", key(&v.name), quote(v.value.expose()));
            }
        }
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
    let jwt = &config.jwt;
    if jwt.max_age_secs.is_some()
        || jwt.salt.is_some()
        || jwt.secret.is_some()
        || jwt.custom_encode
        || jwt.custom_decode
    {
        out.push_str("\n[jwt]\n");
        if let Some(v) = jwt.max_age_secs {
            let _ = writeln!(out, "max_age_secs = {v}");
        }
        if let Some(v) = &jwt.salt {
            let _ = writeln!(out, "salt = {}", quote(v));
        }
        if let Some(v) = &jwt.secret {
            let _ = writeln!(out, "secret = {}", quote(&spec_text(&v.spec)));
        }
        if jwt.custom_encode {
            out.push_str("custom_encode = true\n");
        }
        if jwt.custom_decode {
            out.push_str("custom_decode = true\n");
        }
    }
    out.push_str("\n[cookies]\n");
    let secure = match config.cookies.secure {
        CookieSecurity::Auto => "auto",
        CookieSecurity::Always => "always",
        CookieSecurity::Never => "never",
    };
    let _ = writeln!(out, "secure = {}", quote(secure));
    for (k, v) in [
        ("session_token_name", &config.cookies.session_token_name),
        ("csrf_token_name", &config.cookies.csrf_token_name),
        ("callback_url_name", &config.cookies.callback_url_name),
        ("domain", &config.cookies.domain),
    ] {
        if let Some(v) = v {
            let _ = writeln!(out, "{k} = {}", quote(v));
        }
    }
    for c in &config.candidates {
        let secret = quote(&spec_text(&c.secret.spec));
        let _ = writeln!(out, "\n[[candidates]]\nlabel = {}\nsecret = {secret}", quote(&c.label));
    }
    for p in &config.providers {
        let _ = writeln!(out, "\n[[providers]]\nkind = {}\nid = {}", quote(p.kind.as_str()), quote(&p.id));
        if let Some(v) = &p.client_id {
            let _ = writeln!(out, "client_id = {}", quote(v));
        }
        if let Some(v) = &p.client_secret {
            let _ = writeln!(out, "client_secret = {}", quote(&spec_text(&v.spec)));
        }
        if let Some(v) = &p.issuer {
            let _ = writeln!(out, "issuer = {}", quote(v));
        }
    }
    out.push_str(&super::readers::to_toml(&config.readers));
    out
}

/// A secret as written in the file: the literal, or `env:NAME`.
pub(super) fn spec_text(spec: &SecretSpec) -> String {
    match spec {
        SecretSpec::Literal(v) => v.expose().to_owned(),
        SecretSpec::Env(name) => format!("env:{name}"),
    }
}

/// A bare key when TOML allows it, else quoted.
fn key(name: &str) -> String {
    if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        name.to_owned()
    } else {
        quote(name)
    }
}
