//! Saving without losing anything: the model is written *into* the user's TOML document
//! (`toml_edit`), so comments, blank lines, key order and keys authlab does not know stay
//! as they were. Only values that changed are touched (keeping the comment after them);
//! a key whose value went back to "not set" is removed; a key the file does not have is
//! added only when its value differs from the default.

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, TableLike, Value};

use super::write::spec_text;
use super::{
    Candidate, Config, CookieSecurity, DEFAULT_MAX_AGE_SECS, DEFAULT_UPDATE_AGE_SECS, Environment, Provider,
    SecretEntry, Strategy,
};

/// Why the document could not be updated.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EditError {
    /// The text is not valid TOML, so it cannot be edited in place.
    #[error("the file is not valid TOML ({message}); fix it in the text editor first")]
    Syntax {
        /// The parser's message.
        message: String,
    },
}

/// `original` with `config` written into it. A blank original gets the documented layout.
pub fn update_text(original: &str, config: &Config) -> Result<String, EditError> {
    if original.trim().is_empty() {
        return Ok(config.to_toml());
    }
    let mut doc: DocumentMut =
        original.parse().map_err(|e: toml_edit::TomlError| EditError::Syntax { message: e.message().to_owned() })?;
    update_document(&mut doc, config);
    Ok(doc.to_string())
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Integer(x), Value::Integer(y)) => x.value() == y.value(),
        (Value::Boolean(x), Value::Boolean(y)) => x.value() == y.value(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| same(a, b)),
        _ => false,
    }
}

/// Sets `key` to `new` (`None` removes it). An absent key is only added when `new` differs
/// from `default`; a changed value keeps the comment/whitespace around the old one.
#[expect(clippy::needless_pass_by_value, reason = "call sites pass fresh temporaries; reads better owned")]
fn set(table: &mut dyn TableLike, key: &str, new: Option<Value>, default: Option<Value>) {
    let Some(mut new) = new else {
        table.remove(key);
        return;
    };
    match table.get_mut(key) {
        Some(Item::Value(old)) => {
            if !same(old, &new) {
                *new.decor_mut() = old.decor().clone();
                *old = new;
            }
        }
        Some(item) => *item = Item::Value(new),
        None => {
            if default.as_ref().is_none_or(|d| !same(d, &new)) {
                table.insert(key, Item::Value(new));
            }
        }
    }
}

fn opt_str(v: Option<&String>) -> Option<Value> {
    v.map(|s| Value::from(s.as_str()))
}

fn secret_value(e: &SecretEntry) -> Value {
    Value::from(spec_text(&e.spec))
}

/// Runs `f` on the sub-table `name` of `parent`, creating it only if `f` leaves something in it.
fn with_table(parent: &mut dyn TableLike, name: &str, f: impl FnOnce(&mut dyn TableLike)) {
    if let Some(t) = parent.get_mut(name).and_then(Item::as_table_like_mut) {
        f(t);
        return;
    }
    let mut fresh = Table::new();
    f(&mut fresh);
    if !fresh.is_empty() {
        parent.insert(name, Item::Table(fresh));
    }
}

fn str_array<'a>(items: impl Iterator<Item = &'a str>) -> Value {
    Value::Array(items.collect::<Array>())
}

/// Writes `config` into `doc` in place.
pub fn update_document(doc: &mut DocumentMut, config: &Config) {
    let root = doc.as_table_mut();
    let env = match config.environment {
        Environment::Development => "development",
        Environment::Production => "production",
    };
    set(root, "version", Some(config.version.as_str().into()), Some(Config::default().version.as_str().into()));
    set(root, "environment", Some(env.into()), Some("development".into()));
    // An absent `url` reads as the default (`http://localhost:3000`); "no URL" is written as "".
    let default_url = Config::default().url.map(Value::from);
    set(root, "url", Some(Value::from(config.url.clone().unwrap_or_default())), default_url);
    set(root, "base_path", opt_str(config.base_path.as_ref()), None);
    set(root, "trust_host", config.trust_host.map(Value::from), None);
    let secrets: Vec<String> = config.secrets.iter().map(|s| spec_text(&s.spec)).collect();
    set(root, "secrets", Some(str_array(secrets.iter().map(String::as_str))), Some(str_array(std::iter::empty())));
    set(root, "adapter", opt_str(config.adapter.as_ref()), None);
    set(root, "debug", Some(config.debug.into()), Some(false.into()));

    with_table(root, "env", |t| {
        let files = str_array(config.env.files.iter().map(String::as_str));
        set(t, "files", Some(files), Some(str_array(std::iter::empty())));
        with_table(t, "vars", |vars| {
            let typed: Vec<_> = config.env.typed().collect();
            let stale: Vec<String> =
                vars.iter().map(|(k, _)| k.to_owned()).filter(|k| !typed.iter().any(|v| &v.name == k)).collect();
            for k in stale {
                vars.remove(&k);
            }
            for v in typed {
                set(vars, &v.name, Some(v.value.expose().into()), None);
            }
        });
        if let Some(t) = t.get_mut("vars").and_then(Item::as_table_mut)
            && t.is_empty()
        {
            t.set_implicit(true);
        }
    });
    if let Some(t) = root.get_mut("env").and_then(Item::as_table_mut)
        && t.get("files").is_none()
    {
        t.set_implicit(true);
    }

    with_table(root, "session", |t| {
        let strategy = config.session.strategy.map(|s| match s {
            Strategy::Jwt => Value::from("jwt"),
            Strategy::Database => Value::from("database"),
        });
        set(t, "strategy", strategy, None);
        set(t, "max_age_secs", Some(config.session.max_age_secs.into()), Some(DEFAULT_MAX_AGE_SECS.into()));
        set(t, "update_age_secs", Some(config.session.update_age_secs.into()), Some(DEFAULT_UPDATE_AGE_SECS.into()));
    });
    with_table(root, "jwt", |t| {
        set(t, "max_age_secs", config.jwt.max_age_secs.map(Value::from), None);
        set(t, "salt", opt_str(config.jwt.salt.as_ref()), None);
        set(t, "secret", config.jwt.secret.as_ref().map(secret_value), None);
        set(t, "custom_encode", Some(config.jwt.custom_encode.into()), Some(false.into()));
        set(t, "custom_decode", Some(config.jwt.custom_decode.into()), Some(false.into()));
    });
    with_table(root, "cookies", |t| {
        let secure = match config.cookies.secure {
            CookieSecurity::Auto => "auto",
            CookieSecurity::Always => "always",
            CookieSecurity::Never => "never",
        };
        set(t, "secure", Some(secure.into()), Some("auto".into()));
        set(t, "session_token_name", opt_str(config.cookies.session_token_name.as_ref()), None);
        set(t, "csrf_token_name", opt_str(config.cookies.csrf_token_name.as_ref()), None);
        set(t, "callback_url_name", opt_str(config.cookies.callback_url_name.as_ref()), None);
        set(t, "domain", opt_str(config.cookies.domain.as_ref()), None);
    });
    sync_array(root, "providers", &config.providers, provider_into);
    sync_array(root, "candidates", &config.candidates, candidate_into);
}

fn provider_into(t: &mut Table, p: &Provider) {
    set(t, "kind", Some(p.kind.as_str().into()), None);
    set(t, "id", Some(p.id.as_str().into()), None);
    set(t, "client_id", opt_str(p.client_id.as_ref()), None);
    set(t, "client_secret", p.client_secret.as_ref().map(secret_value), None);
    set(t, "issuer", opt_str(p.issuer.as_ref()), None);
}

fn candidate_into(t: &mut Table, c: &Candidate) {
    set(t, "label", Some(c.label.as_str().into()), None);
    set(t, "secret", Some(secret_value(&c.secret)), None);
}

/// `[[name]]`: the n-th table is updated in place from the n-th item (its comments stay at
/// that position), new items are appended, surplus tables are removed.
fn sync_array<T>(root: &mut Table, name: &str, items: &[T], write: fn(&mut Table, &T)) {
    let existing = root.get_mut(name).and_then(Item::as_array_of_tables_mut);
    let Some(array) = existing else {
        if items.is_empty() {
            root.remove(name);
            return;
        }
        let mut array = ArrayOfTables::new();
        for item in items {
            let mut t = Table::new();
            write(&mut t, item);
            array.push(t);
        }
        root.insert(name, Item::ArrayOfTables(array));
        return;
    };
    while array.len() > items.len() {
        array.remove(array.len() - 1);
    }
    for (i, item) in items.iter().enumerate() {
        if let Some(t) = array.get_mut(i) {
            write(t, item);
        } else {
            let mut t = Table::new();
            write(&mut t, item);
            array.push(t);
        }
    }
    if array.is_empty() {
        root.remove(name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ProviderKind, SecretEntry, parse};

    fn no_env(_: &str) -> Option<String> {
        None
    }

    const COMMENTED: &str = "# my app\nversion = \"v4\" # pinned\nsecrets = [\"env:NEXTAUTH_SECRET\"]\nfavourite = \"kept\"\n\n[session]\n# one hour\nmax_age_secs = 3600\n\n[[providers]]\n# the main one\nkind = \"oauth\"\nid = \"github\"\n";

    #[test]
    fn unchanged_model_gives_the_same_text() {
        let (config, _) = parse(COMMENTED, &no_env);
        assert_eq!(update_text(COMMENTED, &config).unwrap(), COMMENTED);
    }

    #[test]
    fn an_edit_touches_only_its_value() {
        let (mut config, _) = parse(COMMENTED, &no_env);
        config.session.max_age_secs = 7200;
        config.version = crate::token::Flavor::V5;
        config.providers.push(Provider::new(ProviderKind::Credentials, "credentials"));
        let text = update_text(COMMENTED, &config).unwrap();
        assert!(text.starts_with("# my app\nversion = \"v5\" # pinned\n"), "{text}");
        assert!(text.contains("# one hour\nmax_age_secs = 7200\n"), "{text}");
        assert!(text.contains("favourite = \"kept\""), "unknown keys stay");
        assert!(text.contains("# the main one\nkind = \"oauth\""), "{text}");
        let (again, problems) = parse(&text, &no_env);
        assert_eq!(again, config);
        assert_eq!(problems.len(), 1, "only the unknown-key warning: {problems:?}");
    }

    #[test]
    fn removing_a_setting_removes_its_key_and_new_settings_are_added() {
        let (mut config, _) = parse(COMMENTED, &no_env);
        config.providers.clear();
        config.secrets.push(SecretEntry::literal("second"));
        config.cookies.domain = Some("example.com".into());
        let text = update_text(COMMENTED, &config).unwrap();
        assert!(!text.contains("[[providers]]"), "{text}");
        assert!(text.contains("secrets = [\"env:NEXTAUTH_SECRET\", \"second\"]"), "{text}");
        assert!(text.contains("[cookies]\ndomain = \"example.com\""), "{text}");
        assert_eq!(parse(&text, &no_env).0, config);
    }

    #[test]
    fn broken_text_is_refused_not_overwritten() {
        let err = update_text("version = \"v4\n", &Config::default()).unwrap_err();
        assert!(err.to_string().contains("not valid TOML"), "{err}");
    }
}
