//! Shared helpers: the fixture file and how each case maps onto a config and an input.

use std::path::PathBuf;
use std::sync::OnceLock;

use authlab::config::{Config, CookieSecurity, SecretEntry};
use authlab::cookie::{self, Input};
use authlab::token::Flavor;
use serde_json::Value;

pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn cases() -> &'static Vec<Value> {
    static CASES: OnceLock<Vec<Value>> = OnceLock::new();
    CASES.get_or_init(|| {
        let text = std::fs::read_to_string(fixtures_dir().join("nextauth/cases.json")).expect("fixture file");
        let doc: Value = serde_json::from_str(&text).expect("fixture JSON");
        doc["cases"].as_array().expect("cases").clone()
    })
}

pub fn case(id: &str) -> &'static Value {
    cases().iter().find(|c| c["id"] == id).unwrap_or_else(|| panic!("no case {id}"))
}

/// Cases about the programming interface, not a token (see the fixture README).
pub fn needs_verdict(case: &Value) -> bool {
    let tags = case["tags"].as_array().expect("tags");
    !tags.iter().any(|t| t == "raw" || t == "missing-salt")
}

pub fn is_get_token(case: &Value) -> bool {
    case["reference"]["call"].as_str().unwrap_or_default().contains("getToken")
}

pub fn secure_flag(case: &Value) -> bool {
    case["reference"]["params"]["secureCookie"].as_bool().unwrap_or(false)
}

pub fn secrets(case: &Value) -> Vec<String> {
    match &case["secret"] {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().map(|s| s.as_str().expect("secret").to_owned()).collect(),
        _ => Vec::new(),
    }
}

pub fn flavor(case: &Value) -> Flavor {
    Flavor::parse(case["version"].as_str().expect("version")).expect("flavor")
}

/// The config a case's library call amounts to: its version, its secret(s), its salt for
/// direct `decode` calls, `secureCookie` for `getToken` calls, and the environment unset.
pub fn config_for(case: &Value) -> Config {
    let mut config = Config {
        version: flavor(case),
        secrets: secrets(case).into_iter().map(SecretEntry::literal).collect(),
        ..Config::default()
    };
    config.cookies.secure = if secure_flag(case) { CookieSecurity::Always } else { CookieSecurity::Never };
    if !is_get_token(case)
        && let Some(salt) = case["salt"].as_str()
    {
        config.jwt.salt = Some(salt.to_owned());
    }
    config
}

pub fn input_for(case: &Value) -> Input {
    if is_get_token(case) {
        Input {
            token: None,
            cookies: case["cookie_header"].as_str().map(cookie::parse_cookie_header),
            authorization: case["authorization_header"].as_str().map(str::to_owned),
            ..Input::default()
        }
    } else {
        Input::token(case["token"].as_str().unwrap_or_default())
    }
}

pub fn now(case: &Value) -> authlab::UnixTime {
    authlab::UnixTime(case["now"].as_i64().expect("now"))
}

/// `tests/interop`: the pinned real packages (`package.json` + lockfile) and the oracle script.
pub fn interop_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/interop")
}

/// Makes sure the pinned npm packages are installed, running `npm ci` in `tests/interop` once per
/// test run when any is missing, so plain `cargo test` works on a fresh machine. Panics with a
/// clear message when Node/npm are missing or the install fails: these tests are never skipped.
pub fn ensure_interop_packages() -> PathBuf {
    static READY: OnceLock<Result<(), String>> = OnceLock::new();
    let dir = interop_dir();
    let ready = READY.get_or_init(|| {
        let needed = ["next-auth", "@auth/core", "next-auth-v5", "typescript", "@types/node"];
        let missing = |dir: &PathBuf| {
            needed.iter().filter(|p| !dir.join("node_modules").join(p).join("package.json").is_file()).count()
        };
        if missing(&dir) == 0 {
            return Ok(());
        }
        eprintln!("tests/interop: installing the pinned packages (npm ci) …");
        let out = std::process::Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .output()
            .map_err(|e| format!("`npm` could not be started ({e})"))?;
        if !out.status.success() {
            return Err(format!("`npm ci` failed:\n{}", String::from_utf8_lossy(&out.stderr)));
        }
        if missing(&dir) > 0 {
            return Err("`npm ci` finished but packages are still missing".into());
        }
        Ok(())
    });
    if let Err(e) = ready {
        panic!(
            "\n\nINTEROP TESTS CANNOT RUN: {e}\n\
             They need Node >= 20 and npm (Debian/Ubuntu: apt-get install nodejs npm) and the npm registry, \
             then run (cd tests/interop && npm ci).\n\
             These tests are required; they are never skipped.\n"
        );
    }
    dir
}

/// The real binary, with the variables the libraries (and so authlab) read removed from its
/// environment, so a developer's own `AUTH_SECRET` or `NEXTAUTH_URL` cannot change a test.
pub fn authlab_cmd() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_authlab"));
    for name in authlab::config::env::LIBRARY_VARIABLES {
        cmd.env_remove(name);
    }
    cmd.env_remove("NODE_ENV");
    cmd
}
