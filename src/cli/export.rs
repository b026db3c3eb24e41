//! `authlab export`: the config as TOML, a `.env` fragment or the code for its version.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Args;

use crate::config::export::{self, ExportError, Format, Options};

/// `authlab export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Config file (TOML).
    #[arg(short = 'c', long = "config", value_name = "FILE")]
    pub config: PathBuf,
    /// What to write: the TOML, a `.env` fragment, or TypeScript for the configured version.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Include secret values in the `.env` fragment / TOML (default: placeholders / `env:` references).
    #[arg(long)]
    pub with_values: bool,
    /// Export even though error-level findings remain (the output says so).
    #[arg(long)]
    pub force: bool,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// The config file (comments kept).
    Toml,
    /// A `.env` fragment.
    Env,
    /// v4 `authOptions` for `[...nextauth]` / v5 `auth.ts`.
    Ts,
}

pub(super) fn run(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let loaded = crate::files::load_config(&args.config, &super::env_lookup)
        .with_context(|| format!("cannot read {}", args.config.display()))?;
    let format = match args.format {
        ExportFormat::Toml => Format::Toml,
        ExportFormat::Env => Format::Env,
        ExportFormat::Ts => Format::Ts,
    };
    let options = Options { with_values: args.with_values, force: args.force };
    let text = match export::export(&loaded.config, &loaded.text, &loaded.problems, format, options) {
        Ok(text) => text,
        Err(ExportError::Blocked { errors }) => {
            eprintln!("authlab: not exported: {} error(s) remain in {}:", errors.len(), args.config.display());
            for e in &errors {
                eprintln!("  {e}");
            }
            eprintln!("Fix them (authlab check -c {}) or pass --force.", args.config.display());
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(e.into()),
    };
    if args.force && !export::blocking_errors(&loaded.config, &loaded.problems).is_empty() {
        eprintln!("authlab: exported with --force although errors remain (noted in the output)");
    }
    match &args.out {
        Some(path) => write_out(path, &text)?,
        None => std::io::stdout().write_all(text.as_bytes()).context("cannot write to standard output")?,
    }
    Ok(ExitCode::SUCCESS)
}

fn write_out(path: &Path, text: &str) -> anyhow::Result<()> {
    crate::files::write_atomic(path, text.as_bytes())
        .with_context(|| format!("cannot write {} (nothing was changed there)", path.display()))?;
    eprintln!("authlab: wrote {}", path.display());
    Ok(())
}
