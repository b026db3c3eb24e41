//! Secrets: the one type that carries a `NextAuth` secret through the program.
//!
//! `Debug` and `Display` never show the value, the bytes are zeroed on drop, and the only
//! way to read it is the explicit [`Secret::expose`]. Where a secret came from (a literal,
//! an environment variable, a command-line flag) travels with it as [`SecretOrigin`],
//! which is safe to print.

use std::fmt;

use zeroize::Zeroize;

/// A secret string, used verbatim (UTF-8 bytes, no base64 decoding) as HKDF input.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    #[must_use]
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret's text. Call sites are few and deliberate: key derivation and "reveal".
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True for the empty string, which the libraries reject (`"ikm" must be at least one byte`).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Length in bytes (safe to show).
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// A fixed-width mask for display: the length is shown, the content is not.
    #[must_use]
    pub fn masked(&self) -> String {
        format!("•••••••• ({} bytes)", self.0.len())
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret(<redacted, {} bytes>)", self.0.len())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Where a secret came from. Printable: it names the source, never the value.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum SecretOrigin {
    /// Written in the config file.
    Literal,
    /// Read from an environment variable (`env:NAME` in the config).
    Env(String),
    /// Given on the command line (`--secret`, 1-based position).
    Flag(usize),
    /// Typed into the desktop app.
    Typed,
}

impl fmt::Display for SecretOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Literal => f.write_str("literal in config"),
            Self::Env(name) => write!(f, "env {name}"),
            Self::Flag(n) => write!(f, "--secret #{n}"),
            Self::Typed => f.write_str("typed in authlab"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let s = Secret::new("hunter2-very-secret");
        assert!(!format!("{s:?}").contains("hunter2"));
        assert!(!format!("{s}").contains("hunter2"));
        assert!(!s.masked().contains("hunter2"));
        assert_eq!(s.expose(), "hunter2-very-secret");
    }
}
