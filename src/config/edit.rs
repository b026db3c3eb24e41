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
    Writer { new: config, old: None }.write(doc);
}

/// `original` with only what changed from `old` to `new` written into it: a key whose value
/// the model could not read (and so holds a default) is left exactly as the user wrote it.
pub fn update_text_from(original: &str, old: &Config, new: &Config) -> Result<String, EditError> {
    if original.trim().is_empty() {
        return Ok(new.to_toml());
    }
    let mut doc: DocumentMut =
        original.parse().map_err(|e: toml_edit::TomlError| EditError::Syntax { message: e.message().to_owned() })?;
    Writer { new, old: Some(old) }.write(&mut doc);
    Ok(doc.to_string())
}

struct Writer<'a> {
    new: &'a Config,
    /// When given, only keys whose value differs between `old` and `new` are touched.
    old: Option<&'a Config>,
}

impl Writer<'_> {
    fn put(
        &self,
        table: &mut dyn TableLike,
        key: &str,
        get: impl Fn(&Config) -> Option<Value>,
        default: Option<Value>,
    ) {
        let new = get(self.new);
        if let Some(old) = self.old {
            let unchanged = match (get(old), &new) {
                (None, None) => true,
                (Some(a), Some(b)) => same(&a, b),
                _ => false,
            };
            if unchanged {
                return;
            }
        }
        set(table, key, new, default);
    }

    fn changed<T: PartialEq + ?Sized>(&self, get: impl Fn(&Config) -> &T) -> bool {
        self.old.is_none_or(|old| get(old) != get(self.new))
    }

    fn write(&self, doc: &mut DocumentMut) {
        let root = doc.as_table_mut();
        let default_version = Config::default().version.as_str();
        self.put(root, "version", |c| Some(c.version.as_str().into()), Some(default_version.into()));
        self.put(
            root,
            "environment",
            |c| {
                Some(match c.environment {
                    Environment::Development => "development".into(),
                    Environment::Production => "production".into(),
                })
            },
            Some("development".into()),
        );
        // An absent `url` reads as the default (`http://localhost:3000`); "no URL" is written as "".
        let default_url = Config::default().url.map(Value::from);
        self.put(root, "url", |c| Some(Value::from(c.url.clone().unwrap_or_default())), default_url);
        self.put(root, "base_path", |c| opt_str(c.base_path.as_ref()), None);
        self.put(root, "trust_host", |c| c.trust_host.map(Value::from), None);
        self.put(
            root,
            "secrets",
            |c| {
                let secrets: Vec<String> = c.secrets.iter().map(|s| spec_text(&s.spec)).collect();
                Some(str_array(secrets.iter().map(String::as_str)))
            },
            Some(str_array(std::iter::empty())),
        );
        self.put(root, "adapter", |c| opt_str(c.adapter.as_ref()), None);
        self.put(root, "debug", |c| Some(c.debug.into()), Some(false.into()));

        let typed = |c: &Config| c.env.typed().map(|v| (v.name.clone(), v.value.clone())).collect::<Vec<_>>();
        let typed_changed = self.old.is_none_or(|old| typed(old) != typed(self.new));
        with_table(root, "env", |t| {
            self.put(
                t,
                "files",
                |c| Some(str_array(c.env.files.iter().map(String::as_str))),
                Some(str_array(std::iter::empty())),
            );
            if typed_changed {
                with_table(t, "vars", |vars| {
                    let typed: Vec<_> = self.new.env.typed().collect();
                    let stale: Vec<String> = vars
                        .iter()
                        .map(|(k, _)| k.to_owned())
                        .filter(|k| !typed.iter().any(|v| &v.name == k))
                        .collect();
                    for k in stale {
                        vars.remove(&k);
                    }
                    for v in typed {
                        set(vars, &v.name, Some(v.value.expose().into()), None);
                    }
                });
            }
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
            self.put(
                t,
                "strategy",
                |c| {
                    c.session.strategy.map(|s| match s {
                        Strategy::Jwt => Value::from("jwt"),
                        Strategy::Database => Value::from("database"),
                    })
                },
                None,
            );
            self.put(t, "max_age_secs", |c| Some(c.session.max_age_secs.into()), Some(DEFAULT_MAX_AGE_SECS.into()));
            self.put(
                t,
                "update_age_secs",
                |c| Some(c.session.update_age_secs.into()),
                Some(DEFAULT_UPDATE_AGE_SECS.into()),
            );
        });
        with_table(root, "jwt", |t| {
            self.put(t, "max_age_secs", |c| c.jwt.max_age_secs.map(Value::from), None);
            self.put(t, "salt", |c| opt_str(c.jwt.salt.as_ref()), None);
            self.put(t, "secret", |c| c.jwt.secret.as_ref().map(secret_value), None);
            self.put(t, "custom_encode", |c| Some(c.jwt.custom_encode.into()), Some(false.into()));
            self.put(t, "custom_decode", |c| Some(c.jwt.custom_decode.into()), Some(false.into()));
        });
        with_table(root, "cookies", |t| {
            self.put(
                t,
                "secure",
                |c| {
                    Some(match c.cookies.secure {
                        CookieSecurity::Auto => "auto".into(),
                        CookieSecurity::Always => "always".into(),
                        CookieSecurity::Never => "never".into(),
                    })
                },
                Some("auto".into()),
            );
            self.put(t, "session_token_name", |c| opt_str(c.cookies.session_token_name.as_ref()), None);
            self.put(t, "csrf_token_name", |c| opt_str(c.cookies.csrf_token_name.as_ref()), None);
            self.put(t, "callback_url_name", |c| opt_str(c.cookies.callback_url_name.as_ref()), None);
            self.put(t, "domain", |c| opt_str(c.cookies.domain.as_ref()), None);
        });
        if self.changed(|c| &c.providers[..]) {
            sync_array(root, "providers", &self.new.providers, provider_into);
        }
        if self.changed(|c| &c.candidates[..]) {
            sync_array(root, "candidates", &self.new.candidates, candidate_into);
        }
        if self.changed(|c| &c.readers[..]) {
            // Readers have their own writer (`readers.rs`); a changed `[[readers]]` list is
            // written whole, so comments inside those tables are not kept.
            let fresh = self.new.to_toml().parse::<DocumentMut>().ok().and_then(|d| d.get("readers").cloned());
            match fresh {
                Some(item) => {
                    root.insert("readers", item);
                }
                None => {
                    root.remove("readers");
                }
            }
        }
    }
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
    fn a_value_the_model_could_not_read_survives_other_edits() {
        let text = "version = \"v4\"\n[session]\nmax_age_secs = \"long\" # oops\n";
        let (old, problems) = parse(text, &no_env);
        assert_eq!(problems.len(), 1);
        let mut new = old.clone();
        new.adapter = Some("prisma".into());
        let edited = update_text_from(text, &old, &new).unwrap();
        assert!(edited.contains("max_age_secs = \"long\" # oops"), "{edited}");
        assert!(edited.contains("adapter = \"prisma\""), "{edited}");
        // Without the old model, the default would replace it.
        assert!(update_text(text, &new).unwrap().contains("max_age_secs = 2592000"));
    }

    #[test]
    fn broken_text_is_refused_not_overwritten() {
        let err = update_text("version = \"v4\n", &Config::default()).unwrap_err();
        assert!(err.to_string().contains("not valid TOML"), "{err}");
    }
}
