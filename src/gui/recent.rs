//! Recently opened config files: paths only (never contents, never secrets), kept in a small
//! JSON file whose location is injected (the user's config folder in the app, a temp folder
//! in tests, none at all by default).

use std::path::{Path, PathBuf};

/// How many paths are kept.
pub const MAX_RECENT: usize = 8;

/// The list and where it is stored.
#[derive(Clone, Debug, Default)]
pub struct RecentFiles {
    store: Option<PathBuf>,
    /// Most recent first.
    pub paths: Vec<PathBuf>,
}

/// `$XDG_CONFIG_HOME/authlab/recent.json`, else `~/.config/authlab/recent.json`
/// (`%APPDATA%\authlab\recent.json` on Windows).
#[must_use]
pub fn default_store() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("APPDATA").map(PathBuf::from))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("authlab").join("recent.json"))
}

impl RecentFiles {
    /// Reads the list from `store` (missing or unreadable: empty). `None` keeps it in memory only.
    #[must_use]
    pub fn open(store: Option<PathBuf>) -> Self {
        let paths = store
            .as_deref()
            .and_then(|p| crate::files::read_text(p, 64 * 1024).ok())
            .and_then(|text| serde_json::from_str::<Vec<String>>(&text).ok())
            .unwrap_or_default()
            .into_iter()
            .map(PathBuf::from)
            .take(MAX_RECENT)
            .collect();
        Self { store, paths }
    }

    /// Where the list is stored.
    #[must_use]
    pub fn store(&self) -> Option<&Path> {
        self.store.as_deref()
    }

    /// Puts `path` first and saves the list. Errors are returned, never fatal.
    pub fn add(&mut self, path: &Path) -> std::io::Result<()> {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.paths.retain(|p| p != &path);
        self.paths.insert(0, path);
        self.paths.truncate(MAX_RECENT);
        self.save()
    }

    fn save(&self) -> std::io::Result<()> {
        let Some(store) = &self.store else { return Ok(()) };
        if let Some(dir) = store.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let list: Vec<String> = self.paths.iter().map(|p| p.display().to_string()).collect();
        let text = serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".to_owned());
        crate::files::write_atomic(store, text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_kept_most_recent_first_without_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("state/recent.json");
        let a = dir.path().join("a.toml");
        let b = dir.path().join("b.toml");
        std::fs::write(&a, "").unwrap();
        std::fs::write(&b, "").unwrap();
        let mut recent = RecentFiles::open(Some(store.clone()));
        recent.add(&a).unwrap();
        recent.add(&b).unwrap();
        recent.add(&a).unwrap();
        let again = RecentFiles::open(Some(store.clone()));
        let names: Vec<_> = again.paths.iter().map(|p| p.file_name().unwrap().to_owned()).collect();
        assert_eq!(names, ["a.toml", "b.toml"]);
        let stored = std::fs::read_to_string(&store).unwrap();
        assert!(!stored.contains("secret"), "paths only");
    }
}
