//! authlab: decode, mint and diagnose NextAuth.js v4 / Auth.js v5 session tokens, offline.
//!
//! The core is pure — no clock, no randomness, no files, no environment: those are read by
//! the shells ([`cli`] and, with the `gui` feature, `gui`) and passed in.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`token`] | recognising, deriving keys, JWE/JWS, the libraries' `decode`/`encode` |
//! | [`cookie`] | `Cookie` / `Authorization` parsing, session cookie names, chunk reassembly |
//! | [`input`] | what users copy: `curl` commands, raw HTTP, HAR files |
//! | [`config`] | the TOML config: typed model, located problems, lint |
//! | [`diagnose`] | `diagnose(&Config, &Input, now) -> Verdict`, findings and their wording |
//! | [`mint`] | test sessions: claims editor logic, presets, times, chunked cookie outputs, JWS and test key pairs |
//! | [`time`] | `UnixTime`, relative times |
//! | [`secret`] | the redacting `Secret` type |
//! | [`files`] | shell helpers: config + dotenv loading, atomic saves |
//! | [`cli`] | the command-line shell |

pub mod cli;
pub mod config;
pub mod cookie;
pub mod diagnose;
pub mod files;
#[cfg(feature = "gui")]
pub mod gui;
pub mod input;
pub mod mint;
pub mod secret;
pub mod time;
pub mod token;

pub use config::Config;
pub use cookie::Input;
pub use diagnose::{Outcome, Verdict, diagnose};
pub use time::UnixTime;
