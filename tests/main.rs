//! The one integration-test binary (eframe is linked once).

mod cli;
mod codec;
mod config_workshop;
mod export_typecheck;
mod field_reports;
mod fixtures_cases;
#[cfg(feature = "gui")]
mod gui;
#[cfg(feature = "gui")]
mod gui_diagnosis;
#[cfg(feature = "gui")]
mod gui_mint;
#[cfg(feature = "gui")]
mod gui_workshop;
mod interop;
mod mint_cli;
mod util;
