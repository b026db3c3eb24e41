//! The one integration-test binary (eframe is linked once).

mod cli;
mod codec;
mod field_reports;
mod fixtures_cases;
#[cfg(feature = "gui")]
mod gui;
#[cfg(feature = "gui")]
mod gui_diagnosis;
mod util;
