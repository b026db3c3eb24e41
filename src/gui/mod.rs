//! The desktop window (eframe/egui): config on the left, the workbench in the centre, the
//! live verdict on the right. State and commands live in [`app`]; each panel has its own file
//! and draws from state, emitting [`app::Command`]s that the app applies after the frame.

pub mod app;
mod config_panel;
pub mod har;
mod matrix_panel;
mod readers_panel;
pub mod recent;
mod theme;
pub mod timeline;
mod verdict_panel;
mod workbench;
pub mod workshop;

use std::path::PathBuf;

pub use app::AuthlabApp;

/// Opens the window. `AUTHLAB_EXIT_AFTER_SECS=N` closes it after N seconds (CI smoke tests).
pub fn run(config_path: Option<PathBuf>) -> anyhow::Result<()> {
    let exit_after = std::env::var("AUTHLAB_EXIT_AFTER_SECS").ok().and_then(|v| v.parse::<f64>().ok());
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("authlab")
            .with_inner_size([1360.0, 860.0])
            .with_min_inner_size([900.0, 560.0]),
        ..Default::default()
    };
    eframe::run_native(
        "authlab",
        options,
        Box::new(move |_cc| {
            let mut app = AuthlabApp::new(config_path.as_deref(), app::Clock::System);
            app.exit_after_secs = exit_after;
            app.set_recent_store(recent::default_store());
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
