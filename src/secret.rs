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

/// Why a secret is weak. Printable: it never contains the value.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Weakness {
    /// A value from documentation, examples or tutorials (checked locally against a small built-in list).
    WellKnown,
    /// Fewer than [`MIN_SECRET_BYTES`] bytes.
    Short {
        /// Length in bytes.
        len: usize,
    },
    /// Long enough, but made of few distinct characters (an estimate, in bits).
    LowEntropy {
        /// Shannon estimate of the whole value, in bits.
        bits: u32,
    },
}

/// What `npx auth secret` / `openssl rand -base64 32` give: 32 random bytes.
pub const MIN_SECRET_BYTES: usize = 32;

/// Below this many bits (character-frequency estimate over the whole value) a secret is low-entropy.
pub const MIN_SECRET_BITS: u32 = 100;

/// Values people copy from docs, examples and tutorials (compared case-insensitively, trimmed).
const WELL_KNOWN: &[&str] = &[
    "secret",
    "secret123",
    "mysecret",
    "my-secret",
    "my_secret",
    "supersecret",
    "super-secret",
    "your-secret",
    "yoursecret",
    "your_secret",
    "your-secret-here",
    "your_secret_here",
    "changeme",
    "change-me",
    "change_me",
    "replaceme",
    "replace-me",
    "password",
    "development",
    "dev-secret",
    "test",
    "test-secret",
    "testsecret",
    "nextauth",
    "nextauth-secret",
    "nextauth_secret",
    "next-auth-secret",
    "authsecret",
    "auth-secret",
    "auth_secret",
    "openssl rand -base64 32",
    "complex_password_at_least_32_characters_long",
    "this-is-a-very-secret-value",
    "my_ultra_secure_nextauth_secret",
    "authlab-example-3q2+7w==-not-for-production",
    "super_secret",
    "authjs",
];

/// Markers that say "replace me" inside a longer value.
const PLACEHOLDER_MARKERS: &[&str] = &[
    "changeme",
    "change-me",
    "change_me",
    "replace-me",
    "replace_me",
    "your-secret",
    "your_secret",
    "not-for-production",
];

/// Judges a secret: a well-known example value, too short, or low in entropy. `None` when it
/// passes. Pure and cheap; the value is only read, never copied or returned.
#[must_use]
pub fn weakness(value: &str) -> Option<Weakness> {
    let normalized = value.trim().to_lowercase();
    if WELL_KNOWN.iter().any(|w| *w == normalized) || PLACEHOLDER_MARKERS.iter().any(|m| normalized.contains(m)) {
        return Some(Weakness::WellKnown);
    }
    if value.len() < MIN_SECRET_BYTES {
        return Some(Weakness::Short { len: value.len() });
    }
    let bits = entropy_bits(value);
    (bits < MIN_SECRET_BITS).then_some(Weakness::LowEntropy { bits })
}

/// Character-frequency (Shannon) entropy of the whole string, in bits.
fn entropy_bits(value: &str) -> u32 {
    let mut counts: std::collections::HashMap<char, u32> = std::collections::HashMap::new();
    let mut total = 0u32;
    for c in value.chars().take(4096) {
        *counts.entry(c).or_default() += 1;
        total += 1;
    }
    if total == 0 {
        return 0;
    }
    let n = f64::from(total);
    let per_char: f64 = counts
        .values()
        .map(|&k| {
            let p = f64::from(k) / n;
            -p * p.log2()
        })
        .sum();
    (per_char * n).floor() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weakness_flags_examples_short_and_repetitive_values() {
        assert_eq!(weakness("Secret"), Some(Weakness::WellKnown));
        assert_eq!(weakness(" changeme "), Some(Weakness::WellKnown));
        assert_eq!(weakness("complex_password_at_least_32_characters_long"), Some(Weakness::WellKnown));
        assert_eq!(weakness("prod-B-secret"), Some(Weakness::Short { len: 13 }));
        assert!(matches!(weakness(&"ab".repeat(20)), Some(Weakness::LowEntropy { bits: 40 })));
        assert!(matches!(weakness(&"a".repeat(64)), Some(Weakness::LowEntropy { bits: 0 })));
        // What `openssl rand -base64 32` prints, and 32 random bytes as hex.
        assert_eq!(weakness("nRfhZtlH4cN/Pxm9t/4Zf4T+LVYavo1odgkIun+n94E="), None);
        assert_eq!(weakness("3f9a1c7e5b2d4086af1e9c3b7d5a2f4e8c6b0a1d3e5f7a9c2b4d6e8f0a1c3e5b"), None);
        assert_eq!(weakness(""), Some(Weakness::Short { len: 0 }));
    }

    #[test]
    fn debug_and_display_never_show_the_value() {
        let s = Secret::new("hunter2-very-secret");
        assert!(!format!("{s:?}").contains("hunter2"));
        assert!(!format!("{s}").contains("hunter2"));
        assert!(!s.masked().contains("hunter2"));
        assert_eq!(s.expose(), "hunter2-very-secret");
    }
}
