//! File handling for the shells (CLI and GUI): reading a config with its dotenv files, and
//! saving so that nothing is ever lost — a temporary file in the same folder, written,
//! flushed and synced, then renamed over the target. A failed save leaves the original as it was.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::config::{self, Config, ConfigProblem};

/// Largest dotenv file read.
pub const MAX_DOTENV_BYTES: u64 = 1 << 20;

/// Writes `bytes` to `path` atomically (see the module docs).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, bytes, std::io::Write::write_all)
}

/// [`write_atomic`] with the write step given (tests use it to simulate a full disk).
pub fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    write: impl FnOnce(&mut File, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file path"))?;
    let tmp = dir.join(format!(
        ".{}.authlab-{}-{}.tmp",
        name.to_string_lossy(),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let mut file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
    let result = (|| {
        if let Ok(meta) = fs::metadata(path) {
            // Keep the original's permissions (a 0600 file with secrets stays 0600).
            file.set_permissions(meta.permissions())?;
        }
        write(&mut file, bytes)?;
        file.flush()?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
        return result;
    }
    // Make the rename itself durable (best effort: not every platform can open a folder).
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Reads a text file of at most `limit` bytes.
pub fn read_text(path: &Path, limit: u64) -> io::Result<String> {
    let meta = fs::metadata(path)?;
    if meta.len() > limit {
        return Err(io::Error::new(io::ErrorKind::InvalidData, format!("{} bytes is too large", meta.len())));
    }
    fs::read_to_string(path)
}

/// Parses dotenv text the way `dotenv`/Next.js read it (quotes, comments, `export`, multi-line
/// values, `${VAR}` expansion). Errors name the line.
pub fn parse_dotenv(text: &str) -> Result<Vec<(String, String)>, String> {
    dotenvy::from_read_iter(text.as_bytes())
        .map(|item| {
            item.map_err(|e| match e {
                dotenvy::Error::LineParse(line, index) => {
                    format!("cannot parse `{}` (at character {})", line.trim(), index + 1)
                }
                other => other.to_string(),
            })
        })
        .collect()
}

/// Loads every `env.files` entry (relative to `dir`) into `config.env`, then resolves `env:`
/// references again. Returns one note per file (loaded, missing, unreadable).
pub fn load_env_files(config: &mut Config, dir: Option<&Path>, lookup: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    let mut notes = Vec::new();
    for name in config.env.files.clone() {
        let path = match dir {
            Some(d) => d.join(&name),
            None => PathBuf::from(&name),
        };
        match read_text(&path, MAX_DOTENV_BYTES) {
            Ok(text) => match parse_dotenv(&text) {
                Ok(pairs) => {
                    notes.push(format!("{name}: {} variable(s) loaded", pairs.len()));
                    config.env.load_file(&name, pairs);
                }
                Err(e) => notes.push(format!("{name}: {e}")),
            },
            Err(e) if e.kind() == io::ErrorKind::NotFound => notes.push(format!("{name}: not found (skipped)")),
            Err(e) => notes.push(format!("{name}: cannot read: {e}")),
        }
    }
    config.resolve_env(lookup);
    notes
}

/// A config read from disk.
#[derive(Debug)]
pub struct Loaded {
    /// The file's text, as it is.
    pub text: String,
    /// The typed config (defaults where the text is wrong).
    pub config: Config,
    /// Every located problem.
    pub problems: Vec<ConfigProblem>,
    /// What happened with the dotenv files.
    pub env_notes: Vec<String>,
}

/// Reads `path`, parses it and loads its dotenv files.
pub fn load_config(path: &Path, lookup: &dyn Fn(&str) -> Option<String>) -> io::Result<Loaded> {
    let text = read_text(path, config::parse::MAX_CONFIG_BYTES as u64)?;
    Ok(parse_config_text(text, path.parent(), lookup))
}

/// Parses config text that belongs in `dir` and loads its dotenv files.
#[must_use]
pub fn parse_config_text(text: String, dir: Option<&Path>, lookup: &dyn Fn(&str) -> Option<String>) -> Loaded {
    let (mut config, problems) = config::parse(&text, lookup);
    let env_notes = load_env_files(&mut config, dir, lookup);
    Loaded { text, config, problems, env_notes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotenv_reads_quotes_comments_export_and_multiline() {
        let text =
            "# comment\nexport AUTH_SECRET=\"abc def\" # trailing\nSINGLE='x#y'\nMULTI=\"line1\nline2\"\nEMPTY=\n";
        let pairs = parse_dotenv(text).unwrap();
        assert_eq!(
            pairs,
            [
                ("AUTH_SECRET".to_owned(), "abc def".to_owned()),
                ("SINGLE".to_owned(), "x#y".to_owned()),
                ("MULTI".to_owned(), "line1\nline2".to_owned()),
                ("EMPTY".to_owned(), String::new()),
            ]
        );
    }

    #[test]
    fn dotenv_errors_name_the_line() {
        let err = parse_dotenv("GOOD=1\nBAD LINE here\n").unwrap_err();
        assert!(err.contains("BAD LINE"), "{err}");
    }
}
