//! Export a validated config: the TOML itself, a `.env` fragment with the variables the app
//! needs, or the code for the configured version (v4 `authOptions` for `[...nextauth]`, v5
//! `auth.ts` with `NextAuth({...})`). Secrets are never inlined in code: the snippet reads
//! `process.env`, and the `.env` fragment holds placeholders unless values are asked for.
//! Export refuses while error-level findings remain, unless forced (which the output says).

use std::fmt::Write as _;

use super::edit::{self, EditError};
use super::{
    Config, ConfigProblem, CookieSecurity, ProblemSeverity, Provider, ProviderKind, SecretEntry, SecretSpec, Strategy,
    lint,
};
use crate::diagnose::Severity;
use crate::diagnose::explain::explain;
use crate::time::human_duration;
use crate::token::Flavor;

/// What to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The config file itself (comments kept).
    Toml,
    /// A `.env` fragment.
    Env,
    /// TypeScript for the configured version.
    Ts,
}

impl Format {
    /// A file name to suggest.
    #[must_use]
    pub fn suggested_file_name(self, flavor: Flavor) -> &'static str {
        match (self, flavor) {
            (Self::Toml, _) => "authlab.toml",
            (Self::Env, _) => ".env.local",
            (Self::Ts, Flavor::V5) => "auth.ts",
            (Self::Ts, _) => "[...nextauth].ts",
        }
    }
}

/// Export settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Put secret values into the `.env` fragment / the TOML (default: placeholders / `env:` references).
    pub with_values: bool,
    /// Export even though error-level findings remain (noted in the output).
    pub force: bool,
}

/// Why nothing was exported.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// Error-level findings remain and the export was not forced.
    #[error("{} error(s) remain ({}); fix them or export with --force", errors.len(), errors.join("; "))]
    Blocked {
        /// One line per error.
        errors: Vec<String>,
    },
    /// The original TOML cannot be edited.
    #[error(transparent)]
    Edit(#[from] EditError),
}

/// Every error-level problem: located file problems and lint findings, one line each.
#[must_use]
pub fn blocking_errors(config: &Config, problems: &[ConfigProblem]) -> Vec<String> {
    let mut out: Vec<String> = problems
        .iter()
        .filter(|p| p.severity == ProblemSeverity::Error)
        .map(|p| format!("{}:{}: {}", p.line, p.column, p.message))
        .collect();
    for fact in lint::lint(config) {
        let finding = explain(&fact);
        if finding.severity == Severity::Error {
            out.push(format!("{}: {}", finding.code, finding.title));
        }
    }
    out
}

/// Exports `config` (read from `original`, the file's text, which the TOML export updates in place).
pub fn export(
    config: &Config,
    original: &str,
    problems: &[ConfigProblem],
    format: Format,
    options: Options,
) -> Result<String, ExportError> {
    let errors = blocking_errors(config, problems);
    if !errors.is_empty() && !options.force {
        return Err(ExportError::Blocked { errors });
    }
    let note = (!errors.is_empty()).then(|| {
        format!("authlab: exported with --force while {} error(s) remain: {}", errors.len(), errors.join("; "))
    });
    Ok(match format {
        Format::Toml => {
            let mut out = String::new();
            if let Some(note) = &note {
                let _ = writeln!(out, "# {note}");
            }
            // The user's text, with only the secrets swapped for references (comments and all kept).
            let exported = if options.with_values { config.clone() } else { without_values(config) };
            out.push_str(&edit::update_text_from(original, config, &exported)?);
            out
        }
        Format::Env => env_fragment(config, options, note.as_deref()),
        Format::Ts => typescript(config, note.as_deref()),
    })
}

fn primary_secret_var(flavor: Flavor) -> &'static str {
    match flavor {
        Flavor::V5 => "AUTH_SECRET",
        Flavor::V3 | Flavor::V4 => "NEXTAUTH_SECRET",
    }
}

/// The variable that holds secret `i`: its `env:` name, else `AUTH_SECRET` / `NEXTAUTH_SECRET`
/// for the first and `…_PREVIOUS_<i>` for older ones.
#[must_use]
pub fn secret_var(config: &Config, i: usize) -> String {
    match config.secrets.get(i).map(|s| &s.spec) {
        Some(SecretSpec::Env(name)) => name.clone(),
        _ if i == 0 => primary_secret_var(config.version).to_owned(),
        _ => format!("{}_PREVIOUS_{i}", primary_secret_var(config.version)),
    }
}

fn provider_prefix(config: &Config, p: &Provider) -> String {
    let v5 = super::env::provider_env_prefix(&p.id);
    match config.version {
        Flavor::V5 => v5,
        // v4 docs use GITHUB_ID / GITHUB_SECRET.
        Flavor::V3 | Flavor::V4 => v5.trim_start_matches("AUTH_").to_owned(),
    }
}

fn client_id_var(config: &Config, p: &Provider) -> String {
    match p.client_id.as_deref().and_then(|c| c.strip_prefix("env:")) {
        Some(name) => name.trim().to_owned(),
        None => format!("{}_ID", provider_prefix(config, p)),
    }
}

fn client_secret_var(config: &Config, p: &Provider) -> String {
    match p.client_secret.as_ref().map(|s| &s.spec) {
        Some(SecretSpec::Env(name)) => name.clone(),
        _ => format!("{}_SECRET", provider_prefix(config, p)),
    }
}

fn url_var(flavor: Flavor) -> &'static str {
    match flavor {
        Flavor::V5 => "AUTH_URL",
        Flavor::V3 | Flavor::V4 => "NEXTAUTH_URL",
    }
}

/// The config with every literal secret replaced by an `env:` reference and typed variables dropped.
fn without_values(config: &Config) -> Config {
    let mut c = config.clone();
    for i in 0..c.secrets.len() {
        if matches!(c.secrets[i].spec, SecretSpec::Literal(_)) {
            let name = secret_var(config, i);
            c.secrets[i] = SecretEntry { spec: SecretSpec::Env(name), value: None };
        }
    }
    if let Some(s) = &mut c.jwt.secret
        && matches!(s.spec, SecretSpec::Literal(_))
    {
        *s = SecretEntry { spec: SecretSpec::Env(primary_secret_var(config.version).to_owned()), value: None };
    }
    for (i, cand) in c.candidates.iter_mut().enumerate() {
        if matches!(cand.secret.spec, SecretSpec::Literal(_)) {
            cand.secret = SecretEntry { spec: SecretSpec::Env(format!("AUTHLAB_CANDIDATE_{}", i + 1)), value: None };
        }
    }
    let providers = config.providers.clone();
    for (p, orig) in c.providers.iter_mut().zip(&providers) {
        if let Some(s) = &mut p.client_secret
            && matches!(s.spec, SecretSpec::Literal(_))
        {
            *s = SecretEntry { spec: SecretSpec::Env(client_secret_var(config, orig)), value: None };
        }
    }
    // Typed values may be secrets; an emptied one would also mask the real value from .env files.
    c.env.vars.retain(|v| v.source != super::EnvSource::Typed);
    c
}

/// A dotenv value: single-quoted (no expansion) when possible, else double-quoted with escapes.
fn dotenv_quote(value: &str) -> String {
    if !value.contains('\'') && !value.contains('\n') {
        return format!("'{value}'");
    }
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '$' => out.push_str("\\$"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

struct EnvLine {
    comment: String,
    name: String,
    value: Option<String>,
    secret: bool,
}

fn env_fragment(config: &Config, options: Options, note: Option<&str>) -> String {
    let mut lines: Vec<EnvLine> = Vec::new();
    let push = |lines: &mut Vec<EnvLine>, line: EnvLine| {
        if !lines.iter().any(|l| l.name == line.name) {
            lines.push(line);
        }
    };
    let env_value = |name: &str| config.env.value(name).map(|v| v.expose().to_owned());
    for (i, s) in config.secrets.iter().enumerate() {
        let role = if i == 0 { "encrypts new tokens" } else { "still decrypts older tokens" };
        push(
            &mut lines,
            EnvLine {
                comment: format!("Secret #{} ({role}). Generate one with `npx auth secret`.", i + 1),
                name: secret_var(config, i),
                value: s.value.as_ref().map(|v| v.expose().to_owned()),
                secret: true,
            },
        );
    }
    if config.secrets.is_empty() {
        let name = primary_secret_var(config.version);
        push(
            &mut lines,
            EnvLine {
                comment: "The secret that encrypts session tokens. Generate one with `npx auth secret`.".into(),
                name: name.to_owned(),
                value: env_value(name),
                secret: true,
            },
        );
    }
    if let Some(url) = &config.url {
        push(
            &mut lines,
            EnvLine {
                comment: "The app's public URL (its scheme decides `__Secure-` cookies).".into(),
                name: url_var(config.version).to_owned(),
                value: Some(url.clone()),
                secret: false,
            },
        );
    }
    if config.version == Flavor::V5 && config.trust_host == Some(true) {
        push(
            &mut lines,
            EnvLine {
                comment: "Trust the Host header (behind a proxy you control).".into(),
                name: "AUTH_TRUST_HOST".into(),
                value: Some("true".into()),
                secret: false,
            },
        );
    }
    for p in &config.providers {
        match p.kind {
            ProviderKind::Oauth | ProviderKind::Oidc => {
                let id_var = client_id_var(config, p);
                let id_value = match p.client_id.as_deref() {
                    Some(c) if c.starts_with("env:") => env_value(&id_var),
                    Some(c) => Some(c.to_owned()),
                    None => env_value(&id_var),
                };
                push(
                    &mut lines,
                    EnvLine {
                        comment: format!("Provider `{}`: OAuth client id.", p.id),
                        name: id_var,
                        value: id_value,
                        secret: false,
                    },
                );
                let secret_var = client_secret_var(config, p);
                let secret_value = p
                    .client_secret
                    .as_ref()
                    .and_then(|s| s.value.as_ref().map(|v| v.expose().to_owned()))
                    .or_else(|| env_value(&secret_var));
                push(
                    &mut lines,
                    EnvLine {
                        comment: format!("Provider `{}`: OAuth client secret.", p.id),
                        name: secret_var,
                        value: secret_value,
                        secret: true,
                    },
                );
            }
            ProviderKind::Email => {
                for (name, what) in [("EMAIL_SERVER", "SMTP server URL"), ("EMAIL_FROM", "sender address")] {
                    push(
                        &mut lines,
                        EnvLine {
                            comment: format!("Email provider: {what}."),
                            name: name.into(),
                            value: env_value(name),
                            secret: name == "EMAIL_SERVER",
                        },
                    );
                }
            }
            ProviderKind::Credentials => {}
        }
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# .env fragment for {} ({}), generated by authlab.",
        config.version.package(),
        match config.environment {
            super::Environment::Development => "development",
            super::Environment::Production => "production",
        }
    );
    if let Some(note) = note {
        let _ = writeln!(out, "# {note}");
    }
    if !options.with_values {
        out.push_str("# Secret values are not exported (authlab export --with-values includes them): fill them in.\n");
    }
    for line in lines {
        let _ = writeln!(out, "\n# {}", line.comment);
        let value = match (&line.value, line.secret && !options.with_values) {
            (Some(v), false) => dotenv_quote(v),
            _ => String::new(),
        };
        let _ = writeln!(out, "{}={value}", line.name);
    }
    out
}

fn ts_str(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

/// `30 * 24 * 60 * 60, // 30 days`-style seconds.
fn ts_seconds(secs: i64) -> String {
    let times = |n: i64, unit: &str| if n == 1 { unit.to_owned() } else { format!("{n} * {unit}") };
    let expr = if secs > 60 && secs % 86_400 == 0 {
        times(secs / 86_400, "24 * 60 * 60")
    } else if secs > 60 && secs % 3600 == 0 {
        times(secs / 3600, "60 * 60")
    } else if secs > 60 && secs % 60 == 0 {
        times(secs / 60, "60")
    } else {
        secs.to_string()
    };
    format!("{expr}, // {}", human_duration(secs))
}

/// Providers that ship with next-auth under `next-auth/providers/<id>`: (id, v4 import, v5 import).
const BUILT_IN: &[(&str, &str, &str)] = &[
    ("github", "GitHubProvider", "GitHub"),
    ("google", "GoogleProvider", "Google"),
    ("gitlab", "GitLabProvider", "GitLab"),
    ("discord", "DiscordProvider", "Discord"),
    ("facebook", "FacebookProvider", "Facebook"),
    ("twitter", "TwitterProvider", "Twitter"),
    ("apple", "AppleProvider", "Apple"),
    ("slack", "SlackProvider", "Slack"),
    ("linkedin", "LinkedInProvider", "LinkedIn"),
    ("auth0", "Auth0Provider", "Auth0"),
    ("okta", "OktaProvider", "Okta"),
    ("keycloak", "KeycloakProvider", "Keycloak"),
];

fn env_expr(name: &str) -> String {
    format!("process.env.{name}")
}

fn provider_ts(config: &Config, p: &Provider, imports: &mut Vec<String>, out: &mut String) {
    let v5 = config.version == Flavor::V5;
    let import = |imports: &mut Vec<String>, name: &str, module: &str| {
        let line = format!("import {name} from \"next-auth/providers/{module}\";");
        if !imports.contains(&line) {
            imports.push(line);
        }
    };
    match p.kind {
        ProviderKind::Credentials => {
            let name = if v5 { "Credentials" } else { "CredentialsProvider" };
            import(imports, name, "credentials");
            let _ = writeln!(out, "    {name}({{");
            if !v5 {
                let _ = writeln!(out, "      name: \"Credentials\",");
            }
            let _ = writeln!(out, "      credentials: {{");
            let _ = writeln!(out, "        username: {{ label: \"Username\", type: \"text\" }},");
            let _ = writeln!(out, "        password: {{ label: \"Password\", type: \"password\" }},");
            let _ = writeln!(out, "      }},");
            let _ = writeln!(out, "      async authorize() {{");
            let _ = writeln!(out, "        // authlab: look the user up and return it; null refuses the sign-in.");
            let _ = writeln!(out, "        return null;");
            let _ = writeln!(out, "      }},");
            let _ = writeln!(out, "    }}),");
        }
        ProviderKind::Email => {
            let (name, module) = if v5 { ("Nodemailer", "nodemailer") } else { ("EmailProvider", "email") };
            import(imports, name, module);
            let _ = writeln!(out, "    {name}({{");
            let _ = writeln!(out, "      server: {},", env_expr("EMAIL_SERVER"));
            let _ = writeln!(out, "      from: {},", env_expr("EMAIL_FROM"));
            let _ = writeln!(out, "    }}),");
        }
        ProviderKind::Oauth | ProviderKind::Oidc => {
            let id_expr = env_expr(&client_id_var(config, p));
            let secret_expr = env_expr(&client_secret_var(config, p));
            let (id_expr, secret_expr) = if v5 {
                (id_expr, secret_expr)
            } else {
                (format!("{id_expr} as string"), format!("{secret_expr} as string"))
            };
            if let Some((_, v4_name, v5_name)) = BUILT_IN.iter().find(|(id, _, _)| *id == p.id) {
                let name = if v5 { *v5_name } else { *v4_name };
                import(imports, name, &p.id);
                let _ = writeln!(out, "    {name}({{");
                let _ = writeln!(out, "      clientId: {id_expr},");
                let _ = writeln!(out, "      clientSecret: {secret_expr},");
                if let Some(issuer) = &p.issuer {
                    let _ = writeln!(out, "      issuer: {},", ts_str(issuer));
                }
                let _ = writeln!(out, "    }}),");
                return;
            }
            let _ = writeln!(out, "    {{");
            let _ = writeln!(out, "      id: {},", ts_str(&p.id));
            let _ = writeln!(out, "      name: {},", ts_str(&p.id));
            let oidc = p.kind == ProviderKind::Oidc;
            match (v5, oidc) {
                (true, true) => {
                    let _ = writeln!(out, "      type: \"oidc\",");
                    let issuer = p.issuer.as_deref().unwrap_or("https://issuer.example.com");
                    let _ = writeln!(out, "      issuer: {},", ts_str(issuer));
                }
                (false, true) => {
                    let _ = writeln!(out, "      type: \"oauth\",");
                    let issuer = p.issuer.as_deref().unwrap_or("https://issuer.example.com").trim_end_matches('/');
                    let _ = writeln!(
                        out,
                        "      wellKnown: {},",
                        ts_str(&format!("{issuer}/.well-known/openid-configuration"))
                    );
                    let _ = writeln!(out, "      idToken: true,");
                    let _ = writeln!(out, "      checks: [\"pkce\", \"state\"],");
                }
                (_, false) => {
                    let _ = writeln!(out, "      type: \"oauth\",");
                    let _ = writeln!(out, "      // authlab: fill in the provider's endpoints.");
                    let _ = writeln!(out, "      authorization: \"https://provider.example.com/oauth/authorize\",");
                    let _ = writeln!(out, "      token: \"https://provider.example.com/oauth/token\",");
                    let _ = writeln!(out, "      userinfo: \"https://provider.example.com/oauth/userinfo\",");
                }
            }
            let _ = writeln!(out, "      clientId: {id_expr},");
            let _ = writeln!(out, "      clientSecret: {secret_expr},");
            if !v5 || !oidc {
                let _ = writeln!(out, "      profile(profile) {{");
                let _ = writeln!(
                    out,
                    "        return {{ id: profile.sub, name: profile.name, email: profile.email, image: profile.picture }};"
                );
                let _ = writeln!(out, "      }},");
            }
            let _ = writeln!(out, "    }},");
        }
    }
}

fn cookie_default_name(config: &Config, which: &str) -> String {
    let base = match config.version {
        Flavor::V5 => "authjs",
        Flavor::V3 | Flavor::V4 => "next-auth",
    };
    let secure = config.secure_cookies();
    match which {
        "csrfToken" => format!("{}{base}.csrf-token", if secure { "__Host-" } else { "" }),
        "callbackUrl" => format!("{}{base}.callback-url", if secure { "__Secure-" } else { "" }),
        _ => config.session_cookie_name(),
    }
}

fn typescript(config: &Config, note: Option<&str>) -> String {
    let v5 = config.version == Flavor::V5;
    let mut imports: Vec<String> = Vec::new();
    let mut body = String::new();
    let b = &mut body;

    // Secret(s), always from the environment.
    let vars: Vec<String> = (0..config.secrets.len().max(1)).map(|i| secret_var(config, i)).collect();
    if v5 && vars.len() > 1 {
        let list: Vec<String> = vars.iter().map(|v| format!("{} as string", env_expr(v))).collect();
        let _ =
            writeln!(b, "  // The first secret encrypts; the others still decrypt older tokens (matched by `kid`).");
        let _ = writeln!(b, "  secret: [{}],", list.join(", "));
    } else {
        if vars.len() > 1 {
            let _ = writeln!(b, "  // next-auth v4 reads one secret only; not used here: {}.", vars[1..].join(", "));
        }
        let _ = writeln!(b, "  secret: {},", env_expr(&vars[0]));
    }
    if config.jwt.secret.is_some() {
        let _ = writeln!(b, "  // authlab: the deprecated `jwt.secret` is not exported; `secret` above replaces it.");
    }
    if v5 {
        if let Some(base) = &config.base_path {
            let _ = writeln!(b, "  basePath: {},", ts_str(base));
        }
        if let Some(trust) = config.trust_host {
            let _ = writeln!(b, "  trustHost: {trust},");
        }
    } else if let Some(base) = &config.base_path {
        let _ = writeln!(b, "  // Base path {}: next-auth v4 takes it from NEXTAUTH_URL's path.", ts_str(base));
    }
    if config.adapter.is_some() {
        let _ = writeln!(b, "  adapter,");
    }

    // Session and JWT.
    let strategy = match config.effective_strategy() {
        Strategy::Jwt => "jwt",
        Strategy::Database => "database",
    };
    let _ = writeln!(b, "  session: {{");
    let _ = writeln!(
        b,
        "    strategy: {},{}",
        ts_str(strategy),
        if config.session.strategy.is_none() { " // the library's default for this config" } else { "" }
    );
    let _ = writeln!(b, "    maxAge: {}", ts_seconds(config.session.max_age_secs));
    let _ = writeln!(b, "    updateAge: {}", ts_seconds(config.session.update_age_secs));
    let _ = writeln!(b, "  }},");
    if config.jwt.max_age_secs.is_some() || config.jwt.custom_encode || config.jwt.custom_decode {
        let _ = writeln!(b, "  jwt: {{");
        if let Some(secs) = config.jwt.max_age_secs {
            let _ = writeln!(b, "    maxAge: {}", ts_seconds(secs));
        }
        if config.jwt.custom_encode || config.jwt.custom_decode {
            let which = match (config.jwt.custom_encode, config.jwt.custom_decode) {
                (true, true) => "`encode` and `decode`: add them",
                (true, false) => "`encode`: add it",
                _ => "`decode`: add it",
            };
            let _ =
                writeln!(b, "    // authlab: the app passes its own {which} here; middleware needs the same `decode`.");
        }
        let _ = writeln!(b, "  }},");
    }

    // Cookies.
    match config.cookies.secure {
        CookieSecurity::Auto => {}
        CookieSecurity::Always => {
            let _ = writeln!(b, "  useSecureCookies: true,");
        }
        CookieSecurity::Never => {
            let _ = writeln!(b, "  useSecureCookies: false,");
        }
    }
    let overrides = [
        ("sessionToken", &config.cookies.session_token_name),
        ("csrfToken", &config.cookies.csrf_token_name),
        ("callbackUrl", &config.cookies.callback_url_name),
    ];
    if overrides.iter().any(|(_, n)| n.is_some()) || config.cookies.domain.is_some() {
        let _ = writeln!(b, "  cookies: {{");
        for (which, name) in overrides {
            if name.is_none() && config.cookies.domain.is_none() {
                continue;
            }
            let name = name.clone().unwrap_or_else(|| cookie_default_name(config, which));
            let mut options =
                format!("httpOnly: true, sameSite: \"lax\", path: \"/\", secure: {}", config.secure_cookies());
            if let Some(domain) = &config.cookies.domain
                && !name.starts_with("__Host-")
            {
                let _ = write!(options, ", domain: {}", ts_str(domain));
            }
            let _ = writeln!(b, "    {which}: {{ name: {}, options: {{ {options} }} }},", ts_str(&name));
        }
        let _ = writeln!(b, "  }},");
    }

    // Providers.
    let _ = writeln!(b, "  providers: [");
    for p in &config.providers {
        provider_ts(config, p, &mut imports, b);
    }
    let _ = writeln!(b, "  ],");
    if config.debug {
        let _ = writeln!(b, "  debug: true,");
    }

    let mut out = String::new();
    if v5 {
        let _ = writeln!(out, "// auth.ts — Auth.js v5 (next-auth@5), generated by authlab.");
    } else {
        let _ = writeln!(out, "// pages/api/auth/[...nextauth].ts — next-auth v4, generated by authlab.");
    }
    let _ = writeln!(out, "// Secrets are read from process.env (authlab export --format env lists the variables).");
    if let Some(note) = note {
        let _ = writeln!(out, "// {note}");
    }
    if v5 {
        out.push_str("import NextAuth from \"next-auth\";\n");
    } else {
        out.push_str("import NextAuth, { type NextAuthOptions } from \"next-auth\";\n");
    }
    if config.adapter.is_some() {
        out.push_str("import type { Adapter } from \"next-auth/adapters\";\n");
    }
    for line in &imports {
        let _ = writeln!(out, "{line}");
    }
    if let Some(adapter) = &config.adapter {
        let _ = writeln!(
            out,
            "\n// authlab: the app uses the {} adapter; create it here (e.g. `PrismaAdapter(prisma)`).",
            ts_str(adapter)
        );
        out.push_str("declare const adapter: Adapter;\n");
    }
    if v5 {
        out.push_str("\nexport const { handlers, auth, signIn, signOut } = NextAuth({\n");
        out.push_str(&body);
        out.push_str("});\n");
    } else {
        out.push_str("\nexport const authOptions: NextAuthOptions = {\n");
        out.push_str(&body);
        out.push_str("};\n\nexport default NextAuth(authOptions);\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotenv_values_round_trip_through_quoting() {
        assert_eq!(dotenv_quote("abc+/="), "'abc+/='");
        assert_eq!(dotenv_quote("it's $HOME\n"), "\"it's \\$HOME\\n\"");
    }

    #[test]
    fn seconds_read_as_units() {
        assert_eq!(ts_seconds(2_592_000), "30 * 24 * 60 * 60, // 30 days");
        assert_eq!(ts_seconds(7200), "2 * 60 * 60, // 2 h");
        assert_eq!(ts_seconds(3600), "60 * 60, // 1 h");
        assert_eq!(ts_seconds(61), "61, // 1 min");
    }

    #[test]
    fn errors_block_the_export_unless_forced() {
        let config = Config::default(); // v5 without a secret: MissingSecret
        let blocked = export(&config, "", &[], Format::Ts, Options::default()).unwrap_err();
        assert!(blocked.to_string().contains("secret.missing"), "{blocked}");
        let forced = export(&config, "", &[], Format::Ts, Options { force: true, ..Options::default() }).unwrap();
        assert!(forced.contains("exported with --force while 1 error(s) remain: secret.missing"), "{forced}");
    }
}
