//! The config workshop: every lint rule (one config that triggers it, one that does not),
//! saving without losing anything, dotenv files, and the exports (insta snapshots).

use std::path::Path;
use std::process::{Output, Stdio};

use authlab::config::export::{self, Format, Options};
use authlab::config::lint::{self, Field};
use authlab::config::{self, Config, EnvSource, edit};
use authlab::diagnose::Severity;
use authlab::diagnose::explain::explain;
use authlab::files;

const STRONG: &str = "Zq3v8M0r5Xb1Lk7Tn2Wy6Ps4Hd9Gf0Ce";

fn no_env(_: &str) -> Option<String> {
    None
}

fn parse(text: &str) -> Config {
    let (config, problems) = config::parse(text, &no_env);
    assert!(problems.is_empty(), "{problems:#?}");
    config
}

/// `(code, severity)` of every lint finding.
fn findings(text: &str) -> Vec<(&'static str, Severity)> {
    lint::lint(&parse(text)).iter().map(explain).map(|f| (f.code, f.severity)).collect()
}

fn severity_of(text: &str, code: &str) -> Option<Severity> {
    findings(text).into_iter().find(|(c, _)| *c == code).map(|(_, s)| s)
}

fn with_secret(rest: &str) -> String {
    format!("secrets = [\"{STRONG}\"]\n{rest}")
}

/// Each rule: a config that triggers it (with the severity expected) and one that does not.
#[test]
fn every_rule_fires_on_its_config_and_not_on_the_fixed_one() {
    let v5 = "version = \"v5\"\n";
    let v4 = "version = \"v4\"\n";
    let prod = "environment = \"production\"\nurl = \"https://app.example.com\"\n";
    let cases: Vec<(&str, String, Severity, String)> = vec![
        (
            "config.credentials_with_database",
            with_secret("adapter = \"prisma\"\n[[providers]]\nkind = \"credentials\"\n"),
            Severity::Warning,
            with_secret("adapter = \"prisma\"\n[session]\nstrategy = \"jwt\"\n[[providers]]\nkind = \"credentials\"\n"),
        ),
        (
            "config.credentials_with_database",
            with_secret("[session]\nstrategy = \"database\"\n[[providers]]\nkind = \"credentials\"\n"),
            Severity::Error,
            with_secret("[session]\nstrategy = \"jwt\"\n[[providers]]\nkind = \"credentials\"\n"),
        ),
        ("secret.missing", v4.to_owned(), Severity::Warning, with_secret(v4)),
        ("secret.missing", format!("{v4}{prod}"), Severity::Error, format!("{v4}{prod}secrets = [\"{STRONG}\"]\n")),
        ("secret.missing", v5.to_owned(), Severity::Error, format!("{v5}[env.vars]\nAUTH_SECRET = \"{STRONG}\"\n")),
        (
            "secret.weak",
            format!("{prod}secrets = [\"k3J9xQ\"]\n"),
            Severity::Error,
            format!("{prod}secrets = [\"{STRONG}\"]\n"),
        ),
        ("secret.weak", "secrets = [\"changeme\"]\n".into(), Severity::Warning, format!("secrets = [\"{STRONG}\"]\n")),
        (
            "secret.weak",
            format!("{prod}secrets = [\"{}\"]\n", "ab".repeat(40)),
            Severity::Error,
            format!("{prod}secrets = [\"{STRONG}{STRONG}\"]\n"),
        ),
        (
            "config.jwt_secret_deprecated",
            format!("{v4}secrets = [\"{STRONG}\"]\n[jwt]\nsecret = \"{STRONG}\"\n"),
            Severity::Warning,
            with_secret(v4),
        ),
        (
            "config.url_without_scheme",
            with_secret("url = \"app.example.com\"\n"),
            Severity::Warning,
            with_secret("url = \"https://app.example.com\"\n"),
        ),
        (
            "config.localhost_in_production",
            with_secret("environment = \"production\"\nurl = \"http://localhost:3000\"\n"),
            Severity::Error,
            with_secret("url = \"http://localhost:3000\"\n"),
        ),
        (
            "config.base_path_mismatch",
            with_secret("url = \"https://app.example.com/auth\"\nbase_path = \"/api/auth\"\n"),
            Severity::Warning,
            with_secret("url = \"https://app.example.com/api/auth\"\nbase_path = \"/api/auth\"\n"),
        ),
        (
            "config.base_path_mismatch",
            format!("{v4}secrets = [\"{STRONG}\"]\nurl = \"https://app.example.com\"\nbase_path = \"/auth\"\n"),
            Severity::Warning,
            format!("{v4}secrets = [\"{STRONG}\"]\nurl = \"https://app.example.com/auth\"\nbase_path = \"/auth\"\n"),
        ),
        (
            "config.update_age_above_max_age",
            with_secret(
                "adapter = \"prisma\"\n[session]\nstrategy = \"database\"\nmax_age_secs = 3600\nupdate_age_secs = 7200\n",
            ),
            Severity::Warning,
            with_secret("[session]\nmax_age_secs = 3600\nupdate_age_secs = 600\n[jwt]\nmax_age_secs = 3600\n"),
        ),
        (
            "config.jwt_max_age_mismatch",
            format!("{v4}secrets = [\"{STRONG}\"]\n[session]\nmax_age_secs = 3600\nupdate_age_secs = 600\n"),
            Severity::Warning,
            format!(
                "{v4}secrets = [\"{STRONG}\"]\n[session]\nmax_age_secs = 3600\nupdate_age_secs = 600\n[jwt]\nmax_age_secs = 3600\n"
            ),
        ),
        (
            "config.database_without_adapter",
            with_secret("[session]\nstrategy = \"database\"\n"),
            Severity::Error,
            with_secret("adapter = \"prisma\"\n[session]\nstrategy = \"database\"\n"),
        ),
        (
            "config.secret_env_conflict",
            format!("[env.vars]\nAUTH_SECRET = \"{STRONG}\"\nNEXTAUTH_SECRET = \"{STRONG}x\"\n"),
            Severity::Warning,
            format!("[env.vars]\nAUTH_SECRET = \"{STRONG}\"\nNEXTAUTH_SECRET = \"{STRONG}\"\n"),
        ),
        (
            "config.numbered_secrets_ignored",
            format!("{v5}[env.vars]\nAUTH_SECRET = \"{STRONG}\"\nAUTH_SECRET_1 = \"{STRONG}1\"\n"),
            Severity::Warning,
            format!("{v5}[env.vars]\nAUTH_SECRET_1 = \"{STRONG}1\"\nAUTH_SECRET_2 = \"{STRONG}2\"\n"),
        ),
        (
            "config.provider_missing_client",
            format!("{v4}secrets = [\"{STRONG}\"]\n[[providers]]\nkind = \"oauth\"\nid = \"github\"\n"),
            Severity::Error,
            format!(
                "{v4}secrets = [\"{STRONG}\"]\n[env.vars]\nGH = \"x\"\n[[providers]]\nkind = \"oauth\"\nid = \"github\"\nclient_id = \"gh-id\"\nclient_secret = \"env:GH\"\n"
            ),
        ),
        (
            "config.provider_missing_client",
            with_secret(
                "[[providers]]\nkind = \"oidc\"\nid = \"corp\"\nclient_id = \"c\"\nclient_secret = \"env:S\"\n[env.vars]\nS = \"x\"\n",
            ),
            Severity::Error,
            // v5 reads AUTH_CORP_ID / AUTH_CORP_SECRET / AUTH_CORP_ISSUER by itself.
            format!(
                "{v5}secrets = [\"{STRONG}\"]\n[env.vars]\nAUTH_CORP_ID = \"c\"\nAUTH_CORP_SECRET = \"s\"\nAUTH_CORP_ISSUER = \"https://id.example.com\"\n[[providers]]\nkind = \"oidc\"\nid = \"corp\"\n"
            ),
        ),
        (
            "config.email_without_adapter",
            with_secret("[[providers]]\nkind = \"email\"\n"),
            Severity::Error,
            with_secret("adapter = \"prisma\"\n[[providers]]\nkind = \"email\"\n"),
        ),
        (
            "config.env_unset",
            format!("secrets = [\"env:NOT_SET_ANYWHERE\", \"{STRONG}\"]\n"),
            Severity::Error,
            format!("secrets = [\"env:SET_HERE\"]\n[env.vars]\nSET_HERE = \"{STRONG}\"\n"),
        ),
        (
            "config.secure_cookie_on_http",
            with_secret("url = \"http://app.example.com\"\n[cookies]\ncsrf_token_name = \"__Host-app.csrf\"\n"),
            Severity::Error,
            with_secret("url = \"https://app.example.com\"\n[cookies]\ncsrf_token_name = \"__Host-app.csrf\"\n"),
        ),
        (
            "config.debug_in_production",
            format!("{prod}secrets = [\"{STRONG}\"]\ndebug = true\n"),
            Severity::Warning,
            with_secret("debug = true\n"),
        ),
        (
            "config.untrusted_host",
            format!("{v5}environment = \"production\"\nsecrets = [\"{STRONG}\"]\nurl = \"\"\n"),
            Severity::Error,
            format!("{v5}environment = \"production\"\nsecrets = [\"{STRONG}\"]\ntrust_host = true\nurl = \"\"\n"),
        ),
    ];
    let mut failures = Vec::new();
    for (code, triggers, severity, fixed) in &cases {
        match severity_of(triggers, code) {
            Some(s) if s == *severity => {}
            other => failures.push(format!("{code}: expected {severity:?}, got {other:?} for\n{triggers}")),
        }
        if let Some(s) = severity_of(fixed, code) {
            failures.push(format!("{code}: still {s:?} for the fixed config\n{fixed}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_example_config_has_no_errors_and_names_its_example_secret() {
    let config = parse(config::EXAMPLE_TOML);
    let found = findings(config::EXAMPLE_TOML);
    assert!(found.iter().all(|(_, s)| *s != Severity::Error), "{found:?}");
    assert!(found.contains(&("secret.weak", Severity::Warning)), "the bundled secret is published: {found:?}");
    // Every section is used.
    assert!(config.trust_host == Some(true) && config.base_path.is_some());
    assert_eq!(config.env.files, [".env", ".env.local"]);
    let github = &config.providers[0];
    assert_eq!(github.client_id.as_deref(), Some("env:AUTH_GITHUB_ID"));
    assert!(github.client_secret.as_ref().and_then(|s| s.value.as_ref()).is_some(), "resolved from [env.vars]");
}

#[test]
fn lint_findings_point_at_their_field() {
    let config = parse(&format!(
        "version = \"v4\"\nsecrets = [\"{STRONG}\", \"env:GONE\"]\n[[providers]]\nkind = \"credentials\"\n[[providers]]\nkind = \"oauth\"\nid = \"github\"\n"
    ));
    let fields: Vec<(Field, &str)> =
        lint::lint_fields(&config).into_iter().map(|(field, fact)| (field, explain(&fact).code)).collect();
    assert!(fields.contains(&(Field::Secret(1), "config.env_unset")), "{fields:?}");
    assert!(fields.contains(&(Field::Provider(1), "config.provider_missing_client")), "{fields:?}");
}

#[test]
fn env_values_say_which_variable_and_file_supplied_them() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".env"), "AUTH_SECRET=from-dot-env\nexport AUTH_URL=\"https://env.example\"\n")
        .unwrap();
    std::fs::write(dir.path().join(".env.local"), "# local override\nAUTH_SECRET='from-local'\nMULTI=\"a\nb\"\n")
        .unwrap();
    let path = dir.path().join("authlab.toml");
    std::fs::write(
        &path,
        "secrets = [\"env:AUTH_SECRET\"]\n[env]\nfiles = [\".env\", \".env.local\", \".env.missing\"]\n",
    )
    .unwrap();
    let loaded = files::load_config(&path, &no_env).unwrap();
    let var = loaded.config.env.get("AUTH_SECRET").unwrap();
    assert_eq!(var.value.expose(), "from-local");
    assert_eq!(var.source, EnvSource::File(".env.local".into()));
    assert_eq!(loaded.config.env.get("MULTI").unwrap().value.expose(), "a\nb");
    assert_eq!(loaded.config.resolved_secrets()[0].0.expose(), "from-local");
    assert_eq!(
        loaded.env_notes,
        [".env: 2 variable(s) loaded", ".env.local: 2 variable(s) loaded", ".env.missing: not found (skipped)"]
    );
    // Loaded values are not written back into the config file.
    assert!(!edit::update_text(&loaded.text, &loaded.config).unwrap().contains("from-local"));
}

const COMMENTED: &str = r#"# Production config for the shop
version = "v4" # upgrade after the sale
environment = "production"
url = "https://shop.example.com"
secrets = ["env:NEXTAUTH_SECRET"]
mystery = 42 # not an authlab key: kept

[env.vars]
NEXTAUTH_SECRET = "Zq3v8M0r5Xb1Lk7Tn2Wy6Ps4Hd9Gf0Ce"

# Sessions
[session]
strategy = "jwt"
max_age_secs = 86400 # one day

[[providers]]
# Staff sign in with GitHub
kind = "oauth"
id = "github"
client_id = "env:GITHUB_ID"
client_secret = "env:GITHUB_SECRET"
"#;

#[test]
fn load_save_load_keeps_the_model_and_the_comments() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.toml");
    std::fs::write(&path, COMMENTED).unwrap();
    let first = files::load_config(&path, &no_env).unwrap();
    assert_eq!(first.problems.len(), 1, "unknown key is a warning: {:?}", first.problems);
    assert_eq!(first.problems[0].severity, config::ProblemSeverity::Warning);

    let mut edited = first.config.clone();
    edited.session.max_age_secs = 7 * 86_400;
    edited.providers.push(config::Provider::new(config::ProviderKind::Email, "email"));
    let text = edit::update_text(&first.text, &edited).unwrap();
    files::write_atomic(&path, text.as_bytes()).unwrap();

    let second = files::load_config(&path, &no_env).unwrap();
    assert_eq!(second.config, edited);
    for kept in [
        "# Production config for the shop",
        "version = \"v4\" # upgrade after the sale",
        "mystery = 42 # not an authlab key: kept",
        "# Sessions\n[session]",
        "max_age_secs = 604800 # one day",
        "# Staff sign in with GitHub",
    ] {
        assert!(second.text.contains(kept), "lost {kept:?}:\n{}", second.text);
    }
    // Saving the unchanged model changes nothing at all.
    assert_eq!(edit::update_text(&second.text, &second.config).unwrap(), second.text);
}

#[test]
fn a_failing_write_leaves_the_original_intact_and_no_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("authlab.toml");
    std::fs::write(&path, COMMENTED).unwrap();
    let err = files::write_atomic_with(&path, b"half", |file, bytes| {
        use std::io::Write as _;
        file.write_all(&bytes[..2])?;
        Err(std::io::Error::other("No space left on device"))
    })
    .unwrap_err();
    assert!(err.to_string().contains("No space left"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), COMMENTED);
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, [std::ffi::OsString::from("authlab.toml")], "temp file removed");
}

#[test]
fn a_save_that_cannot_replace_the_target_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    // The target is a folder: rename fails after the temp file was written.
    let target = dir.path().join("config.toml");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("inside"), "keep").unwrap();
    assert!(files::write_atomic(&target, b"x = 1").is_err());
    assert_eq!(std::fs::read_to_string(target.join("inside")).unwrap(), "keep");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temp file left");
    // A folder that does not exist: nothing is created.
    assert!(files::write_atomic(&dir.path().join("missing/x.toml"), b"x").is_err());
}

#[cfg(unix)]
#[test]
fn a_save_keeps_the_files_permissions() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret.toml");
    std::fs::write(&path, "version = \"v4\"\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    files::write_atomic(&path, b"version = \"v5\"\n").unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
}

pub const FULL_V5: &str = r#"# Shop (v5)
version = "v5"
environment = "production"
url = "https://shop.example.com/api/auth"
base_path = "/api/auth"
trust_host = true
secrets = ["env:AUTH_SECRET_1", "Zq3v8M0r5Xb1Lk7Tn2Wy6Ps4Hd9Gf0Ce-old"]
adapter = "prisma"

[env.vars]
AUTH_SECRET_1 = "Q9w8E7r6T5y4U3i2O1p0A9s8D7f6G5h4J3k2"
AUTH_GITHUB_SECRET = "gh-client-secret-value"
AUTH_CORP_SECRET = "corp-client-secret-value"

[session]
strategy = "database"
max_age_secs = 604800
update_age_secs = 3600

[jwt]
max_age_secs = 604800
custom_decode = true

[cookies]
secure = "always"
session_token_name = "__Secure-shop.session"
domain = "shop.example.com"

[[providers]]
kind = "oauth"
id = "github"
client_id = "Iv1.shop"
client_secret = "env:AUTH_GITHUB_SECRET"

[[providers]]
kind = "oidc"
id = "corp"
client_id = "corp-app"
client_secret = "env:AUTH_CORP_SECRET"
issuer = "https://id.corp.example"

[[providers]]
kind = "email"
id = "email"
"#;

pub const FULL_V4: &str = r#"version = "v4"
environment = "development"
url = "http://localhost:3000"
secrets = ["Zq3v8M0r5Xb1Lk7Tn2Wy6Ps4Hd9Gf0Ce"]
debug = true

[session]
strategy = "jwt"
max_age_secs = 86400
update_age_secs = 3600

[jwt]
max_age_secs = 86400

[cookies]
csrf_token_name = "shop.csrf"

[[providers]]
kind = "credentials"
id = "credentials"

[[providers]]
kind = "oauth"
id = "acme"
client_id = "env:ACME_ID"
client_secret = "env:ACME_SECRET"

[env.vars]
ACME_ID = "acme-id"
ACME_SECRET = "acme-secret-value"
"#;

fn export_of(text: &str, format: Format, options: Options) -> String {
    let (config, problems) = config::parse(text, &no_env);
    export::export(&config, text, &problems, format, options).unwrap()
}

#[test]
fn export_v5_snapshots() {
    insta::assert_snapshot!("export_v5_ts", export_of(FULL_V5, Format::Ts, Options::default()));
    insta::assert_snapshot!("export_v5_env", export_of(FULL_V5, Format::Env, Options::default()));
    insta::assert_snapshot!("export_v5_toml", export_of(FULL_V5, Format::Toml, Options::default()));
}

#[test]
fn export_v4_snapshots() {
    insta::assert_snapshot!("export_v4_ts", export_of(FULL_V4, Format::Ts, Options::default()));
    insta::assert_snapshot!("export_v4_env", export_of(FULL_V4, Format::Env, Options::default()));
    insta::assert_snapshot!("export_v4_toml", export_of(FULL_V4, Format::Toml, Options::default()));
}

#[test]
fn exports_never_inline_secrets_unless_asked() {
    let secrets = [
        "Q9w8E7r6T5y4U3i2O1p0A9s8D7f6G5h4J3k2",
        "Zq3v8M0r5Xb1Lk7Tn2Wy6Ps4Hd9Gf0Ce-old",
        "gh-client-secret-value",
        "corp-client-secret-value",
    ];
    for format in [Format::Toml, Format::Env, Format::Ts] {
        let text = export_of(FULL_V5, format, Options::default());
        for s in secrets {
            assert!(!text.contains(s), "{format:?} leaks {s}:\n{text}");
        }
    }
    let env = export_of(FULL_V5, Format::Env, Options { with_values: true, ..Options::default() });
    assert!(env.contains("AUTH_SECRET_1='Q9w8E7r6T5y4U3i2O1p0A9s8D7f6G5h4J3k2'"), "{env}");
    assert!(env.contains("AUTH_SECRET_PREVIOUS_1='Zq3v8M0r5Xb1Lk7Tn2Wy6Ps4Hd9Gf0Ce-old'"), "{env}");
    assert!(env.contains("AUTH_GITHUB_SECRET='gh-client-secret-value'"), "{env}");
    let pairs = files::parse_dotenv(&env).unwrap();
    assert!(pairs.contains(&("AUTH_URL".into(), "https://shop.example.com/api/auth".into())), "{pairs:?}");
    // The TS reads the same variables the .env fragment defines.
    let ts = export_of(FULL_V5, Format::Ts, Options::default());
    for (name, _) in &pairs {
        if name.contains("SECRET") {
            assert!(ts.contains(&format!("process.env.{name}")), "{name} not read by the TS:\n{ts}");
        }
    }
}

fn authlab(args: &[&str]) -> Output {
    super::util::authlab_cmd().args(args).env_clear().stdin(Stdio::null()).output().expect("run authlab")
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn cli_export_refuses_errors_unless_forced_and_writes_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "bad.toml", "version = \"v5\"\nenvironment = \"production\"\n");
    let out = authlab(&["export", "-c", &bad, "--format", "ts"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("secret.missing") && stderr.contains("--force"), "{stderr}");

    let out = authlab(&["export", "-c", &bad, "--format", "ts", "--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let ts = String::from_utf8_lossy(&out.stdout);
    assert!(ts.contains("// authlab: exported with --force while"), "{ts}");
    assert!(ts.contains("NextAuth({"), "{ts}");

    let good = write(dir.path(), "good.toml", FULL_V4);
    let target = dir.path().join("out.env");
    let out = authlab(&["export", "-c", &good, "--format", "env", "--out", &target.display().to_string()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let env = std::fs::read_to_string(&target).unwrap();
    assert!(env.contains("NEXTAUTH_SECRET=\n"), "placeholder, no value: {env}");
    assert!(!env.contains(STRONG));
    let out = authlab(&["export", "-c", &good, "--format", "env", "--with-values"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("NEXTAUTH_SECRET='{STRONG}'")));
}

#[test]
fn cli_check_sees_dotenv_files() {
    let dir = tempfile::tempdir().unwrap();
    let config = write(
        dir.path(),
        "c.toml",
        "version = \"v5\"\nsecrets = [\"env:AUTH_SECRET\"]\n[env]\nfiles = [\".env.local\"]\n",
    );
    let out = authlab(&["check", "-c", &config]);
    assert_eq!(out.status.code(), Some(1), "AUTH_SECRET unset: {}", String::from_utf8_lossy(&out.stdout));
    write(dir.path(), ".env.local", &format!("AUTH_SECRET={STRONG}\n"));
    let out = authlab(&["check", "-c", &config]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
}
