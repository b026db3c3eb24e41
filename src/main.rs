//! The `authlab` binary: hands off to the CLI (which opens the window when asked).

fn main() -> std::process::ExitCode {
    authlab::cli::main()
}
