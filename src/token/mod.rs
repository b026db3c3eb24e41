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
