//! Tokens: recognising them, deriving keys, decrypting and encrypting, exactly as the
//! libraries do. Pure: no I/O, no clock, no hidden randomness.

pub mod b64;
pub mod claims;
pub mod jwe;
pub mod jws;
pub mod kdf;
pub mod nextauth;
pub mod sniff;

pub use nextauth::{Flavor, LibraryError};

/// Lowercase hex of bytes.
#[must_use]
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}
