//! `[env]`: the app's environment, as the libraries would see it.
//!
//! Variables come from three layers, highest first: typed into the config (`[env.vars]`),
//! loaded from dotenv files (`env.files`, later files win, like `.env.local` over `.env`),
//! and the process environment authlab runs in. Each value remembers which layer and which
//! variable supplied it, so every resolved secret can say where it came from. Reading the
//! files and the process environment is the shells' job; this module only merges.

use crate::secret::Secret;

/// Variables the libraries read by themselves (secrets, URL, trusted host).
pub const LIBRARY_VARIABLES: &[&str] = &[
    "AUTH_SECRET",
    "NEXTAUTH_SECRET",
    "AUTH_SECRET_1",
    "AUTH_SECRET_2",
    "AUTH_SECRET_3",
    "AUTH_URL",
    "NEXTAUTH_URL",
    "AUTH_TRUST_HOST",
];

/// Where a variable's value came from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", content = "file", rename_all = "snake_case")]
pub enum EnvSource {
    /// Typed into the config (`[env.vars]`); saved with it.
    Typed,
    /// Loaded from this dotenv file (as listed in `env.files`); not saved.
    File(String),
    /// The environment authlab runs in; not saved.
    Process,
}

impl std::fmt::Display for EnvSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Typed => f.write_str("typed in the config"),
            Self::File(name) => write!(f, "from {name}"),
            Self::Process => f.write_str("from authlab's environment"),
        }
    }
}

/// One variable. The value is a [`Secret`] (redacted in `Debug`): any variable may hold one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvVar {
    /// Name (`AUTH_SECRET`).
    pub name: String,
    /// Value.
    pub value: Secret,
    /// Where it came from.
    pub source: EnvSource,
}

/// `[env]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnvConfig {
    /// dotenv files to load, relative to the config file's folder, in load order (later
    /// files win: list `.env` before `.env.local`). Default: none.
    pub files: Vec<String>,
    /// Every variable known: typed ones (saved), then loaded and process ones (not saved).
    pub vars: Vec<EnvVar>,
}

fn rank(source: &EnvSource) -> u8 {
    match source {
        EnvSource::Typed => 0,
        EnvSource::File(_) => 1,
        EnvSource::Process => 2,
    }
}

impl EnvConfig {
    /// The value the app would see for `name`: typed, else the last file that sets it, else the process.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&EnvVar> {
        self.vars.iter().filter(|v| v.name == name).min_by_key(|v| rank(&v.source)).map(|best| {
            // Among file values, the last file listed wins.
            if matches!(best.source, EnvSource::File(_)) {
                self.vars
                    .iter()
                    .rev()
                    .find(|v| v.name == name && matches!(v.source, EnvSource::File(_)))
                    .unwrap_or(best)
            } else {
                best
            }
        })
    }

    /// A non-empty value for `name`, if set.
    #[must_use]
    pub fn value(&self, name: &str) -> Option<&Secret> {
        self.get(name).map(|v| &v.value).filter(|v| !v.is_empty())
    }

    /// The typed variables, in order.
    pub fn typed(&self) -> impl Iterator<Item = &EnvVar> {
        self.vars.iter().filter(|v| v.source == EnvSource::Typed)
    }

    /// Sets a typed variable (replacing a typed one of the same name).
    pub fn set_typed(&mut self, name: &str, value: impl Into<String>) {
        let value = Secret::new(value);
        if let Some(v) = self.vars.iter_mut().find(|v| v.name == name && v.source == EnvSource::Typed) {
            v.value = value;
        } else {
            self.vars.push(EnvVar { name: name.to_owned(), value, source: EnvSource::Typed });
        }
    }

    /// Replaces what was loaded from `file` with `pairs` (as a dotenv parser read them).
    pub fn load_file(&mut self, file: &str, pairs: Vec<(String, String)>) {
        self.vars.retain(|v| v.source != EnvSource::File(file.to_owned()));
        for (name, value) in pairs {
            self.vars.push(EnvVar { name, value: Secret::new(value), source: EnvSource::File(file.to_owned()) });
        }
    }

    /// Forgets the process values, then asks `lookup` for each of `names` not set otherwise.
    pub fn capture_process(&mut self, names: &[String], lookup: &dyn Fn(&str) -> Option<String>) {
        self.vars.retain(|v| v.source != EnvSource::Process);
        for name in names {
            if self.get(name).is_none()
                && let Some(value) = lookup(name)
            {
                self.vars.push(EnvVar { name: name.clone(), value: Secret::new(value), source: EnvSource::Process });
            }
        }
    }
}

/// `AUTH_GITHUB` for provider id `github` (v5 reads `AUTH_GITHUB_ID` / `AUTH_GITHUB_SECRET`).
#[must_use]
pub fn provider_env_prefix(id: &str) -> String {
    let body: String =
        id.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
    format!("AUTH_{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_beats_files_and_the_last_file_beats_earlier_ones() {
        let mut env = EnvConfig::default();
        env.load_file(".env", vec![("A".into(), "from-env".into()), ("B".into(), "b-env".into())]);
        env.load_file(".env.local", vec![("A".into(), "from-local".into())]);
        assert_eq!(env.get("A").unwrap().value.expose(), "from-local");
        assert_eq!(env.get("A").unwrap().source, EnvSource::File(".env.local".into()));
        assert_eq!(env.get("B").unwrap().value.expose(), "b-env");
        env.set_typed("A", "typed");
        assert_eq!(env.get("A").unwrap().source, EnvSource::Typed);
        env.capture_process(&["A".into(), "C".into()], &|n: &str| Some(format!("proc-{n}")));
        assert_eq!(env.get("A").unwrap().value.expose(), "typed", "the process never beats the config");
        assert_eq!(env.get("C").unwrap().source, EnvSource::Process);
    }

    #[test]
    fn reloading_a_file_replaces_its_values() {
        let mut env = EnvConfig::default();
        env.load_file(".env", vec![("A".into(), "1".into())]);
        env.load_file(".env", vec![("B".into(), "2".into())]);
        assert!(env.get("A").is_none());
        assert_eq!(env.value("B").unwrap().expose(), "2");
    }

    #[test]
    fn provider_prefix_is_upper_snake() {
        assert_eq!(provider_env_prefix("github"), "AUTH_GITHUB");
        assert_eq!(provider_env_prefix("azure-ad"), "AUTH_AZURE_AD");
    }
}
