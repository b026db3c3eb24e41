//! The TypeScript that `authlab export --format ts` writes is type-checked by the real
//! `tsc --strict` against the real packages' own types: `next-auth@4.24.15` for v4 and
//! `next-auth@5.0.0-beta.32` (on `@auth/core@0.41.3`) for v5, pinned in
//! `tests/interop/package.json` (v5 installed under the npm alias `next-auth-v5`, mapped back
//! to `next-auth` with tsconfig `paths`).
//!
//! Like the interop tests these FAIL, never skip, when Node or the packages are missing.

use std::path::Path;
use std::process::Command;

use authlab::config::export::{self, Format, Options};
use authlab::config::{self, EXAMPLE_TOML};

use super::config_workshop::{FULL_V4, FULL_V5};

fn no_env(_: &str) -> Option<String> {
    None
}

fn ts_export(text: &str) -> String {
    let (config, problems) = config::parse(text, &no_env);
    // Forced: a config with errors still exports (noted in a comment), and must still compile.
    export::export(&config, text, &problems, Format::Ts, Options { force: true, ..Options::default() }).expect("export")
}

/// Runs `tsc --strict --noEmit` over `sources` as one project for `version` (`v4` | `v5`).
/// Returns tsc's success and its output.
fn tsc(case: &str, version: &str, sources: &[(String, String)]) -> (bool, String) {
    let interop = super::util::ensure_interop_packages();
    let tsc_js = interop.join("node_modules/typescript/bin/tsc");
    let dir = interop.join("tsc-out").join(case);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("tsc-out folder");
    let mut files = Vec::new();
    for (name, text) in sources {
        std::fs::write(dir.join(name), text).expect("write snippet");
        files.push(serde_json::Value::from(name.as_str()));
    }
    let package = if version == "v5" { "next-auth-v5" } else { "next-auth" };
    let modules = interop.join("node_modules");
    let root = |p: &Path| p.display().to_string();
    let tsconfig = serde_json::json!({
        "compilerOptions": {
            "strict": true, "noEmit": true, "skipLibCheck": true,
            "module": "esnext", "moduleResolution": "bundler", "target": "es2022",
            "types": ["node"], "typeRoots": [root(&modules.join("@types"))],
            "baseUrl": root(&interop),
            "paths": {
                "next-auth": [root(&modules.join(package))],
                "next-auth/*": [format!("{}/*", root(&modules.join(package)))],
            },
        },
        "files": files,
    });
    std::fs::write(dir.join("tsconfig.json"), tsconfig.to_string()).expect("write tsconfig");
    let out = Command::new("node")
        .arg(&tsc_js)
        .arg("-p")
        .arg(dir.join("tsconfig.json"))
        .current_dir(&dir)
        .output()
        .expect("EXPORT TYPE-CHECK CANNOT RUN: `node` is not on PATH (Node >= 20 is required)");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

fn with_version(text: &str, version: &str) -> String {
    let mut out = format!("version = \"{version}\"\n");
    for line in text.lines().filter(|l| !l.starts_with("version")) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[test]
fn exported_typescript_type_checks_against_the_real_packages() {
    let minimal_v4 = "version = \"v4\"\nsecrets = [\"env:NEXTAUTH_SECRET\"]\n";
    let minimal_v5 = "version = \"v5\"\n";
    for (version, configs) in [
        ("v4", vec![FULL_V4.to_owned(), minimal_v4.to_owned(), with_version(EXAMPLE_TOML, "v4")]),
        ("v5", vec![FULL_V5.to_owned(), minimal_v5.to_owned(), with_version(EXAMPLE_TOML, "v5")]),
    ] {
        let sources: Vec<(String, String)> =
            configs.iter().enumerate().map(|(i, text)| (format!("config{i}.ts"), ts_export(text))).collect();
        for (_, ts) in &sources {
            let expected = if version == "v5" { "NextAuth({" } else { "NextAuthOptions" };
            assert!(ts.contains(expected), "{version} export is the {version} shape:\n{ts}");
        }
        let (ok, output) = tsc(&format!("ok-{version}"), version, &sources);
        assert!(ok, "tsc rejects the {version} export:\n{output}\n\nsources:\n{sources:#?}");
    }
}

#[test]
fn the_type_check_catches_a_value_the_library_types_forbid() {
    // A negative control: the same pipeline must fail on a snippet the real types reject.
    for (version, text) in [("v4", FULL_V4), ("v5", FULL_V5)] {
        let ts = ts_export(text);
        let broken = ts.replacen("strategy: \"", "strategy: \"not-a-", 1);
        assert_ne!(broken, ts, "{version}: the export names a session strategy");
        let (ok, output) = tsc(&format!("bad-{version}"), version, &[("broken.ts".to_owned(), broken)]);
        assert!(!ok, "tsc accepted an invalid strategy:\n{output}");
        assert!(output.contains("TS2820") || output.contains("TS2322"), "{output}");
    }
}
