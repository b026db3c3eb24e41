//! TOML text → [`Config`] + every problem, located.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{
    Config, ConfigProblem, CookieSecurity, Environment, ProblemSeverity, Provider, ProviderKind, SecretEntry,
    SecretSpec, Strategy,
};
use crate::secret::Secret;
use crate::token::Flavor;

/// Largest config file accepted (a config is a few hundred bytes).
pub const MAX_CONFIG_BYTES: usize = 1 << 20;

struct Ctx<'t> {
    text: &'t str,
    problems: Vec<ConfigProblem>,
}

impl Ctx<'_> {
    fn locate(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = self.text.get(..offset).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        (line, column)
    }

    fn push(&mut self, span: &Range<usize>, severity: ProblemSeverity, message: impl Into<String>) {
        let (line, column) = self.locate(span.start);
        self.problems.push(ConfigProblem { line, column, severity, message: message.into() });
    }

    fn error(&mut self, span: &Range<usize>, message: impl Into<String>) {
        self.push(span, ProblemSeverity::Error, message);
    }

    fn unknown_keys(&mut self, table: &DeTable<'_>, section: &str, known: &[&str]) {
        for (key, _) in table {
            if !known.contains(&key.get_ref().as_ref()) {
                let name =
                    if section.is_empty() { key.get_ref().to_string() } else { format!("{section}.{}", key.get_ref()) };
                self.push(
                    &key.span(),
                    ProblemSeverity::Warning,
                    format!("unknown key `{name}` (ignored; known here: {})", known.join(", ")),
                );
            }
        }
    }

    fn string(&mut self, value: &Spanned<DeValue<'_>>, key: &str) -> Option<String> {
        if let DeValue::String(s) = value.get_ref() {
            Some(s.to_string())
        } else {
            self.error(&value.span(), format!("`{key}` must be a string"));
            None
        }
    }

    fn seconds(&mut self, value: &Spanned<DeValue<'_>>, key: &str) -> Option<i64> {
        let DeValue::Integer(i) = value.get_ref() else {
            self.error(&value.span(), format!("`{key}` must be a whole number of seconds (e.g. 2592000 for 30 days)"));
            return None;
        };
        let digits: String = i.as_str().chars().filter(|c| *c != '_').collect();
        let digits = digits.trim_start_matches('+');
        let radix = i.radix();
        let body = if radix == 10 { digits } else { digits.get(2..).unwrap_or_default() };
        match i64::from_str_radix(body, radix) {
            Ok(v) if v >= 0 => Some(v),
            Ok(_) => {
                self.error(&value.span(), format!("`{key}` must not be negative"));
                None
            }
            Err(_) => {
                self.error(&value.span(), format!("`{key}` is out of range"));
                None
            }
        }
    }

    fn boolean(&mut self, value: &Spanned<DeValue<'_>>, key: &str) -> Option<bool> {
        if let DeValue::Boolean(b) = value.get_ref() {
            Some(*b)
        } else {
            self.error(&value.span(), format!("`{key}` must be true or false"));
            None
        }
    }

    fn secret(&mut self, value: &Spanned<DeValue<'_>>, key: &str) -> Option<SecretEntry> {
        let text = self.string(value, key)?;
        let spec = secret_spec(&text);
        if let SecretSpec::Env(name) = &spec
            && name.is_empty()
        {
            self.error(&value.span(), format!("`{key}`: `env:` needs a variable name, e.g. \"env:AUTH_SECRET\""));
            return None;
        }
        Some(SecretEntry { spec, value: None })
    }

    fn choice<T: Copy>(&mut self, value: &Spanned<DeValue<'_>>, key: &str, options: &[(&str, T)]) -> Option<T> {
        let text = self.string(value, key)?;
        if let Some((_, v)) = options.iter().find(|(name, _)| name.eq_ignore_ascii_case(text.trim())) {
            return Some(*v);
        }
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        self.error(&value.span(), format!("`{key}` must be one of {}, not {text:?}", names.join(" | ")));
        None
    }

    fn table<'a, 'i>(&mut self, value: &'a Spanned<DeValue<'i>>, key: &str) -> Option<&'a DeTable<'i>> {
        if let DeValue::Table(t) = value.get_ref() {
            Some(t)
        } else {
            self.error(&value.span(), format!("`{key}` must be a table ([{key}])"));
            None
        }
    }
}

fn secret_spec(text: &str) -> SecretSpec {
    match text.strip_prefix("env:") {
        Some(name) => SecretSpec::Env(name.trim().to_owned()),
        None => SecretSpec::Literal(Secret::new(text)),
    }
}

/// Parses config text. Always returns a usable config (defaults where the text is wrong)
/// together with every problem found; `lookup` resolves `env:NAME` secrets.
#[must_use]
pub fn parse(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> (Config, Vec<ConfigProblem>) {
    let mut ctx = Ctx { text, problems: Vec::new() };
    let mut config = Config::default();
    if text.len() > MAX_CONFIG_BYTES {
        ctx.error(&(0..0), format!("the file is {} bytes; a config is at most {MAX_CONFIG_BYTES}", text.len()));
        return (config, ctx.problems);
    }
    let (root, errors) = DeTable::parse_recoverable(text);
    for e in errors {
        let span = e.span().unwrap_or(0..0);
        ctx.error(&span, format!("TOML syntax: {}", e.message().trim()));
    }
    let root = root.get_ref();
    ctx.unknown_keys(
        root,
        "",
        &[
            "version",
            "environment",
            "url",
            "base_path",
            "trust_host",
            "debug",
            "env",
            "secrets",
            "adapter",
            "session",
            "jwt",
            "cookies",
            "providers",
            "candidates",
            "readers",
        ],
    );

    if let Some(v) = root.get("version") {
        config.version = ctx
            .choice(v, "version", &[("v3", Flavor::V3), ("v4", Flavor::V4), ("v5", Flavor::V5)])
            .unwrap_or(config.version);
    }
    if let Some(v) = root.get("environment") {
        config.environment = ctx
            .choice(
                v,
                "environment",
                &[("development", Environment::Development), ("production", Environment::Production)],
            )
            .unwrap_or(config.environment);
    }
    if let Some(v) = root.get("url") {
        config.url = ctx.string(v, "url").filter(|u| !u.trim().is_empty());
    }
    if let Some(v) = root.get("base_path") {
        config.base_path = ctx.string(v, "base_path").filter(|u| !u.trim().is_empty());
    }
    if let Some(v) = root.get("trust_host") {
        config.trust_host = ctx.boolean(v, "trust_host");
    }
    if let Some(v) = root.get("debug") {
        config.debug = ctx.boolean(v, "debug").unwrap_or(false);
    }
    if let Some(v) = root.get("env")
        && let Some(t) = ctx.table(v, "env")
    {
        ctx.unknown_keys(t, "env", &["files", "vars"]);
        if let Some(v) = t.get("files") {
            match v.get_ref() {
                DeValue::Array(items) => {
                    for item in items {
                        if let Some(name) = ctx.string(item, "env.files[]").filter(|n| !n.trim().is_empty()) {
                            config.env.files.push(name);
                        }
                    }
                }
                _ => ctx.error(&v.span(), "`env.files` must be a list of file names, e.g. [\".env\", \".env.local\"]"),
            }
        }
        if let Some(v) = t.get("vars")
            && let Some(vars) = ctx.table(v, "env.vars")
        {
            for (name, value) in vars {
                let name = name.get_ref().to_string();
                if let Some(text) = ctx.string(value, &format!("env.vars.{name}")) {
                    config.env.set_typed(&name, text);
                }
            }
        }
    }
    if let Some(v) = root.get("adapter") {
        config.adapter = ctx.string(v, "adapter").filter(|a| !a.trim().is_empty());
    }
    if let Some(v) = root.get("secrets") {
        match v.get_ref() {
            DeValue::Array(items) => {
                for item in items {
                    if let Some(text) = ctx.string(item, "secrets[]") {
                        let spec = secret_spec(&text);
                        if let SecretSpec::Env(name) = &spec
                            && name.is_empty()
                        {
                            ctx.error(&item.span(), "`env:` needs a variable name, e.g. \"env:AUTH_SECRET\"");
                            continue;
                        }
                        config.secrets.push(SecretEntry { spec, value: None });
                    }
                }
            }
            DeValue::String(s) => config.secrets.push(SecretEntry { spec: secret_spec(s), value: None }),
            _ => ctx.error(&v.span(), "`secrets` must be a list of strings, e.g. [\"env:AUTH_SECRET\"]"),
        }
    }
    if let Some(v) = root.get("session")
        && let Some(t) = ctx.table(v, "session")
    {
        ctx.unknown_keys(t, "session", &["strategy", "max_age_secs", "update_age_secs"]);
        if let Some(v) = t.get("strategy") {
            config.session.strategy =
                ctx.choice(v, "session.strategy", &[("jwt", Strategy::Jwt), ("database", Strategy::Database)]);
        }
        if let Some(v) = t.get("max_age_secs") {
            config.session.max_age_secs = ctx.seconds(v, "session.max_age_secs").unwrap_or(config.session.max_age_secs);
        }
        if let Some(v) = t.get("update_age_secs") {
            config.session.update_age_secs =
                ctx.seconds(v, "session.update_age_secs").unwrap_or(config.session.update_age_secs);
        }
    }
    if let Some(v) = root.get("jwt")
        && let Some(t) = ctx.table(v, "jwt")
    {
        ctx.unknown_keys(t, "jwt", &["max_age_secs", "salt", "secret", "custom_encode", "custom_decode"]);
        if let Some(v) = t.get("secret") {
            config.jwt.secret = ctx.secret(v, "jwt.secret");
        }
        if let Some(v) = t.get("custom_encode") {
            config.jwt.custom_encode = ctx.boolean(v, "jwt.custom_encode").unwrap_or(false);
        }
        if let Some(v) = t.get("custom_decode") {
            config.jwt.custom_decode = ctx.boolean(v, "jwt.custom_decode").unwrap_or(false);
        }
        if let Some(v) = t.get("max_age_secs") {
            config.jwt.max_age_secs = ctx.seconds(v, "jwt.max_age_secs");
        }
        if let Some(v) = t.get("salt") {
            config.jwt.salt = ctx.string(v, "jwt.salt");
        }
    }
    if let Some(v) = root.get("cookies")
        && let Some(t) = ctx.table(v, "cookies")
    {
        ctx.unknown_keys(
            t,
            "cookies",
            &["secure", "session_token_name", "csrf_token_name", "callback_url_name", "domain"],
        );
        for (key, slot) in [
            ("csrf_token_name", &mut config.cookies.csrf_token_name),
            ("callback_url_name", &mut config.cookies.callback_url_name),
            ("domain", &mut config.cookies.domain),
        ] {
            if let Some(v) = t.get(key) {
                *slot = ctx.string(v, &format!("cookies.{key}")).filter(|n| !n.trim().is_empty());
            }
        }
        if let Some(v) = t.get("secure") {
            config.cookies.secure = ctx
                .choice(
                    v,
                    "cookies.secure",
                    &[
                        ("auto", CookieSecurity::Auto),
                        ("always", CookieSecurity::Always),
                        ("never", CookieSecurity::Never),
                    ],
                )
                .unwrap_or_default();
        }
        if let Some(v) = t.get("session_token_name") {
            config.cookies.session_token_name =
                ctx.string(v, "cookies.session_token_name").filter(|n| !n.trim().is_empty());
        }
    }
    if let Some(v) = root.get("providers") {
        match v.get_ref() {
            DeValue::Array(items) => {
                for item in items {
                    let Some(t) = ctx.table(item, "providers") else { continue };
                    ctx.unknown_keys(t, "providers", &["kind", "id", "client_id", "client_secret", "issuer"]);
                    let kind = if let Some(k) = t.get("kind") {
                        ctx.choice(
                            k,
                            "providers.kind",
                            &[
                                ("credentials", ProviderKind::Credentials),
                                ("oauth", ProviderKind::Oauth),
                                ("oidc", ProviderKind::Oidc),
                                ("email", ProviderKind::Email),
                            ],
                        )
                    } else {
                        ctx.error(&item.span(), "a provider needs `kind` (credentials | oauth | oidc | email)");
                        None
                    };
                    let id = t.get("id").and_then(|i| ctx.string(i, "providers.id"));
                    let client_id = t
                        .get("client_id")
                        .and_then(|v| ctx.string(v, "providers.client_id"))
                        .filter(|c| !c.trim().is_empty());
                    let client_secret = t.get("client_secret").and_then(|v| ctx.secret(v, "providers.client_secret"));
                    let issuer = t
                        .get("issuer")
                        .and_then(|v| ctx.string(v, "providers.issuer"))
                        .filter(|c| !c.trim().is_empty());
                    if let Some(kind) = kind {
                        let id = id.unwrap_or_else(|| kind.as_str().to_owned());
                        config.providers.push(Provider { kind, id, client_id, client_secret, issuer });
                    }
                }
            }
            _ => ctx.error(&v.span(), "`providers` must be an array of tables: [[providers]]"),
        }
    }
    if let Some(v) = root.get("candidates") {
        match v.get_ref() {
            DeValue::Array(items) => {
                for (n, item) in items.iter().enumerate() {
                    let Some(t) = ctx.table(item, "candidates") else { continue };
                    ctx.unknown_keys(t, "candidates", &["label", "secret"]);
                    let label = t
                        .get("label")
                        .and_then(|l| ctx.string(l, "candidates.label"))
                        .unwrap_or_else(|| format!("candidate {}", n + 1));
                    match t.get("secret").and_then(|s| ctx.string(s, "candidates.secret")) {
                        Some(text) => config.candidates.push(super::Candidate {
                            label,
                            secret: SecretEntry { spec: secret_spec(&text), value: None },
                        }),
                        None => ctx.error(&item.span(), "a candidate needs `secret` (a literal or \"env:NAME\")"),
                    }
                }
            }
            _ => ctx.error(&v.span(), "`candidates` must be an array of tables: [[candidates]]"),
        }
    }
    if let Some(v) = root.get("readers") {
        let (readers, problems) = super::readers::parse(v);
        config.readers = readers;
        for (span, severity, message) in problems {
            ctx.push(&span, severity, message);
        }
    }
    config.resolve_env(lookup);
    ctx.problems.sort_by_key(|p| (p.line, p.column));
    (config, ctx.problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn every_problem_is_reported_with_its_location() {
        let text = "version = \"v9\"\nurl = 3\n[session]\nmax_age_secs = \"long\"\ncolour = \"red\"\n";
        let (_, problems) = parse(text, &no_env);
        let located: Vec<(usize, usize, ProblemSeverity)> =
            problems.iter().map(|p| (p.line, p.column, p.severity)).collect();
        assert_eq!(
            located,
            [
                (1, 11, ProblemSeverity::Error),
                (2, 7, ProblemSeverity::Error),
                (4, 16, ProblemSeverity::Error),
                (5, 1, ProblemSeverity::Warning),
            ]
        );
        assert!(problems[3].message.contains("session.colour"));
    }

    #[test]
    fn syntax_errors_are_all_reported_and_the_rest_still_reads() {
        let text = "version = \"v4\"\nurl = \"http://x\n[session\nmax_age_secs = 60\n";
        let (config, problems) = parse(text, &no_env);
        assert!(problems.iter().filter(|p| p.message.starts_with("TOML syntax")).count() >= 2, "{problems:#?}");
        assert_eq!(config.version, Flavor::V4);
    }

    #[test]
    fn env_secrets_resolve_through_the_lookup() {
        let (config, problems) = parse("secrets = [\"env:AUTH_SECRET\", \"literal\"]", &|name: &str| {
            (name == "AUTH_SECRET").then(|| "from-env".to_owned())
        });
        assert!(problems.is_empty());
        let values: Vec<String> = config.resolved_secrets().iter().map(|(s, _)| s.expose().to_owned()).collect();
        assert_eq!(values, ["from-env", "literal"]);
    }

    #[test]
    fn the_bundled_example_is_clean() {
        let (config, problems) = parse(super::super::EXAMPLE_TOML, &no_env);
        assert!(problems.is_empty(), "{problems:#?}");
        assert_eq!(config.version, Flavor::V5);
        assert!(!config.resolved_secrets().is_empty());
    }

    #[test]
    fn written_config_reads_back_the_same() {
        let (config, _) = parse(super::super::EXAMPLE_TOML, &no_env);
        let (again, problems) = parse(&config.to_toml(), &no_env);
        assert!(problems.is_empty(), "{problems:#?}");
        assert_eq!(again, config);
    }
}
