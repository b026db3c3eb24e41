//! Every word the user reads about a finding: one table, rendered by the CLI and the GUI.
//!
//! A [`Fact`] is what the diagnosis established, with the values that explain it; [`explain`]
//! turns it into a [`Finding`] with a stable code, a severity, and a title, why and fix that
//! name the error the library itself would raise.

use crate::secret::{SecretOrigin, Weakness};
use crate::time::{UnixTime, human_duration, human_duration_precise};
use crate::token::Flavor;
use crate::token::sniff::OpaqueKind;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The library rejects the input (or refuses to start).
    Error,
    /// Works now, but is likely to break or is a risk.
    Warning,
    /// Worth knowing.
    Info,
}

/// A finding as shown to the user. `code` is stable; tools depend on it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// Dotted lowercase code, e.g. `secret.mismatch`.
    pub code: &'static str,
    /// Severity.
    pub severity: Severity,
    /// One line.
    pub title: String,
    /// What happened and why, in the library's vocabulary.
    pub why: String,
    /// What to do.
    pub fix: String,
}

/// A secret named for the user: position and origin, never the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretLabel {
    /// 0-based position in the configured list.
    pub index: usize,
    /// Where it came from.
    pub origin: SecretOrigin,
}

impl std::fmt::Display for SecretLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "secret #{} ({})", self.index + 1, self.origin)
    }
}

/// What the diagnosis established.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fact {
    /// No usable secret.
    SecretMissing {
        /// Library version.
        flavor: Flavor,
        /// Production or not (v4 only warns in development).
        production: bool,
        /// At least one secret was configured but resolved empty or unset.
        unresolved: Vec<String>,
    },
    /// None of the secrets opens the token under any derivation tried.
    SecretMismatch {
        /// Reader's version.
        flavor: Flavor,
        /// The error the library raises.
        library_error: String,
        /// The token has a v5 `kid`.
        has_kid: bool,
        /// How many secrets were tried.
        secrets_tried: usize,
    },
    /// A labelled candidate secret opens a token no configured secret opens.
    CandidateOpens {
        /// The candidate's label.
        label: String,
        /// The version whose derivation opened it.
        flavor: Flavor,
        /// The salt that opened it.
        salt: Option<String>,
        /// Its `iat`.
        issued: Option<UnixTime>,
    },
    /// Accepted, but by a secret other than the first (v5 rotation).
    SecretRotated {
        /// Which one.
        secret: SecretLabel,
    },
    /// A kid-less token opens with a non-first secret, but the library only tries the first.
    RotationWithoutKid {
        /// The secret that opens it.
        secret: SecretLabel,
        /// The library's error.
        library_error: String,
    },
    /// The secret is right but the reader derives with another salt.
    SaltMismatch {
        /// Salt the reader uses.
        configured: String,
        /// Salt that opens the token.
        actual: String,
        /// Secret that opens it.
        secret: SecretLabel,
        /// The library's error.
        library_error: String,
        /// Reader's version.
        flavor: Flavor,
    },
    /// The token was made by another library version.
    FlavorMismatch {
        /// Reader's version.
        configured: Flavor,
        /// The version that made it.
        actual: Flavor,
        /// Extra detail (the salt, `jwt.encryption`).
        detail: String,
        /// The library's error.
        library_error: String,
    },
    /// `exp` is past, beyond the 15 s tolerance.
    Expired {
        /// `exp`.
        exp: UnixTime,
        /// Evaluation instant.
        now: UnixTime,
        /// Tolerance applied.
        tolerance_secs: i64,
    },
    /// `nbf` is in the future, beyond tolerance.
    NotYetValid {
        /// `nbf`.
        nbf: UnixTime,
        /// Evaluation instant.
        now: UnixTime,
    },
    /// The right key, but the token was altered or truncated.
    Tampered {
        /// The `kid` was changed (v5).
        kid_altered: bool,
        /// The secret that provably made it.
        secret: Option<SecretLabel>,
        /// The library's error.
        library_error: String,
    },
    /// Not a token at all.
    Malformed {
        /// Why.
        reason: String,
        /// The library's error, if it gets that far.
        library_error: Option<String>,
    },
    /// The plaintext decrypted but is not a usable claims set.
    ClaimsInvalid {
        /// The library's error.
        library_error: String,
    },
    /// A JWS where `NextAuth` expects its JWE.
    SignedNotEncrypted {
        /// The JWS `alg`.
        alg: String,
        /// The configured secret that verifies its signature, if one does.
        verified_with: Option<SecretLabel>,
        /// Reader's version.
        flavor: Flavor,
    },
    /// An opaque database session id.
    DatabaseSession {
        /// Its shape.
        kind: OpaqueKind,
        /// Reader's version.
        flavor: Flavor,
    },
    /// The token is empty.
    Empty,
    /// No session cookie in the request.
    CookieNotFound {
        /// Name the reader looks for.
        expected: String,
        /// Names present.
        present: Vec<String>,
        /// An `Authorization` header was given but had no Bearer token either.
        bearer_checked: bool,
    },
    /// The session cookie is there under another name.
    CookieNameMismatch {
        /// Name the reader looks for.
        expected: String,
        /// Name the browser sent.
        found: String,
        /// Whether the found cookie opens when read under its own name.
        opens_under_found_name: bool,
        /// Reader's version.
        flavor: Flavor,
    },
    /// A chunk is missing.
    MissingChunk {
        /// Cookie name.
        name: String,
        /// Indices present.
        present: Vec<i64>,
        /// Why we think so.
        evidence: String,
    },
    /// A leftover cookie is joined into the token.
    StaleChunk {
        /// The leftover cookies.
        stale: Vec<String>,
        /// Whether the token opens without them.
        opens_without: bool,
    },
    /// A JWS signature does not verify with any configured secret.
    JwsBadSignature {
        /// Algorithm.
        alg: String,
    },
    /// `alg: none`.
    JwsAlgNone,
    /// A JWE header the library refuses (`zip`, unexpected `alg`/`enc`).
    UnexpectedHeader {
        /// What is unexpected.
        detail: String,
        /// The library's error.
        library_error: String,
    },
    /// A config-file problem.
    ConfigProblem {
        /// Located message.
        message: String,
        /// Error or warning.
        error: bool,
    },
    /// Credentials with an adapter and no explicit jwt strategy, or explicit database.
    CredentialsWithDatabase {
        /// Strategy was set explicitly to database.
        explicit: bool,
        /// Version.
        flavor: Flavor,
    },
    /// Database strategy without an adapter.
    DatabaseWithoutAdapter,
    /// `update_age` above `max_age`.
    UpdateAgeAboveMaxAge {
        /// update age.
        update_age_secs: i64,
        /// max age.
        max_age_secs: i64,
    },
    /// A `__Secure-` cookie name configured for an http URL.
    SecureCookieOnHttp {
        /// The cookie name.
        name: String,
    },
    /// The URL has no scheme.
    UrlWithoutScheme {
        /// The URL.
        url: String,
    },
    /// The session cookie holds a JWE but the strategy is `database`.
    JwtWithDatabaseStrategy,
    /// `iat` is further in the future than the clock tolerance: the library still accepts it.
    IssuedInFuture {
        /// `iat`.
        iat: UnixTime,
        /// Evaluation instant.
        now: UnixTime,
    },
    /// An HMAC-signed token whose key is a public key's text: the key-confusion attack.
    KeyConfusion {
        /// The token's `alg`.
        alg: String,
        /// Which configured key verifies it.
        key: String,
    },
    /// An ECDSA signature with `r` or `s` zero (CVE-2022-21449, "psychic signatures").
    EcdsaZeroSignature {
        /// `ES256`, …
        alg: String,
        /// `r`, `s` or `r and s`.
        zero: &'static str,
    },
    /// A JWS `alg` nobody should accept or authlab cannot verify.
    UnsupportedAlg {
        /// As written.
        alg: String,
    },
    /// A JWE header member `NextAuth` never writes (`crit`, `zip`, another `alg` / `enc`).
    JweHeaderRisk {
        /// The member.
        member: String,
        /// What it says.
        detail: String,
    },
    /// A cookie or the request's cookies are over a size limit.
    Oversize {
        /// What passed which limit.
        kind: OversizeKind,
        /// The cookie's name (or `Cookie` for the header).
        name: String,
        /// Size in bytes.
        bytes: usize,
        /// The limit passed.
        limit: usize,
    },
    /// A reader is set up differently from the app that writes the cookie.
    ReaderDrift {
        /// Which setting drifted.
        kind: DriftKind,
        /// The reader's name.
        reader: String,
        /// The app's setting, in words.
        app: String,
        /// The reader's setting, in words.
        theirs: String,
        /// More (why the reader decided so).
        detail: String,
        /// `Some(true)`: the reader rejects a token the app accepts; `Some(false)`: it still
        /// accepts it; `None`: nothing to compare (no token, or the app rejects it too).
        rejects: Option<bool>,
    },
    /// `AUTH_SECRET` and `NEXTAUTH_SECRET` are both set and differ.
    SecretEnvConflict {
        /// Reader name.
        reader: String,
        /// The variable the library uses.
        used: String,
        /// The one it ignores.
        ignored: String,
    },
    /// `AUTH_SECRET_1..3` are set but next-auth v5 ignores them.
    SecretEnvIgnored {
        /// Reader name.
        reader: String,
        /// The ignored variables.
        ignored: Vec<String>,
        /// The variable used instead.
        because: String,
    },
    // --- config workshop (issue 3): config-level facts from `config::lint` ---
    /// A secret that is well known, too short or too uniform.
    WeakSecret {
        /// Which secret (`secret #1 (literal in config)`, `AUTH_SECRET`).
        label: String,
        /// Why it is weak.
        weakness: Weakness,
        /// `NODE_ENV=production`.
        production: bool,
    },
    /// The deprecated `jwt.secret` is set.
    JwtSecretDeprecated {
        /// Version.
        flavor: Flavor,
        /// It differs from the first of `secrets`.
        differs: bool,
    },
    /// An `env:NAME` reference to a variable that is not set.
    EnvUnset {
        /// The variable.
        name: String,
        /// What reads it (`secret #1`, `provider `github` client secret`).
        used_by: String,
        /// Whether the app breaks without it.
        error: bool,
    },
    /// `AUTH_SECRET` and `NEXTAUTH_SECRET` are both set, to different values.
    ConfigSecretEnvConflict {
        /// Version (decides which one wins).
        flavor: Flavor,
    },
    /// v5: `AUTH_SECRET_1..3` are set but ignored because `AUTH_SECRET` / `NEXTAUTH_SECRET` is.
    NumberedSecretsIgnored {
        /// The numbered variables set.
        numbered: Vec<String>,
        /// The variable that wins.
        winner: String,
    },
    /// The JWT `exp` lifetime differs from the session max age.
    JwtMaxAgeMismatch {
        /// Version.
        flavor: Flavor,
        /// Effective `jwt.maxAge`.
        jwt_max_age_secs: i64,
        /// `session.maxAge`.
        session_max_age_secs: i64,
        /// `jwt.max_age_secs` was set explicitly.
        explicit: bool,
    },
    /// A localhost URL in production.
    LocalhostInProduction {
        /// The URL.
        url: String,
    },
    /// The URL's path and the base path disagree.
    BasePathMismatch {
        /// Version.
        flavor: Flavor,
        /// Path of the URL, if it has one.
        url_path: Option<String>,
        /// Configured (or default) base path.
        base_path: String,
    },
    /// v5 in production without a trusted host.
    UntrustedHost {
        /// `trust_host = false` was set explicitly.
        explicit: bool,
    },
    /// `debug: true` in production.
    DebugInProduction {
        /// Version.
        flavor: Flavor,
    },
    /// An email provider without an adapter to store verification tokens.
    EmailWithoutAdapter {
        /// Version.
        flavor: Flavor,
    },
    /// An OAuth / OIDC provider without client id, client secret or issuer.
    ProviderMissingClient {
        /// Provider id.
        id: String,
        /// What is missing (`client id`, `client secret`, `issuer`).
        missing: Vec<String>,
        /// Version.
        flavor: Flavor,
        /// `AUTH_GITHUB` for `github` (v5 reads `<prefix>_ID` / `<prefix>_SECRET`).
        env_prefix: String,
    },
}

/// Which size limit a cookie passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OversizeKind {
    /// One cookie over 4096 bytes: browsers refuse to store it.
    Cookie,
    /// The `Cookie` header over 8 KB (nginx's default header buffer).
    Header8k,
    /// The `Cookie` header over 16 KB (Node.js's default `--max-http-header-size`).
    Header16k,
}

/// Reader settings that can drift from the app's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DriftKind {
    /// Another secret (or another variable for it).
    Secret,
    /// Another cookie name (usually the `__Secure-` decision).
    CookieName,
    /// Another HKDF salt.
    Salt,
    /// A custom decoder where the app uses the library's, or the other way round.
    Decoder,
    /// Database strategy in one, JWT in the other.
    Strategy,
}

/// The words for a timeline mark (one table for GUI and CLI).
#[must_use]
pub fn mark_label(kind: super::timeline::MarkKind) -> &'static str {
    use super::timeline::MarkKind as K;
    match kind {
        K::Iat => "issued (iat)",
        K::Nbf => "not before (nbf)",
        K::Exp => "expires (exp)",
        K::LastAccepted => "last second accepted (exp + 14 s; rejected from exp + 15 s)",
        K::SessionMaxAge => "session max age from iat",
        K::UpdateAge => "update age from iat (database sessions only)",
        K::Now => "now",
    }
}

fn env_names(flavor: Flavor) -> &'static str {
    match flavor {
        Flavor::V5 => "AUTH_SECRET",
        Flavor::V3 | Flavor::V4 => "NEXTAUTH_SECRET",
    }
}

/// The wording table.
#[must_use]
pub fn explain(fact: &Fact) -> Finding {
    use Severity::{Error, Info, Warning};
    let f = |code, severity, title: String, why: String, fix: String| Finding { code, severity, title, why, fix };
    match fact {
        Fact::SecretMissing { flavor, production, unresolved } => {
            let unresolved = if unresolved.is_empty() {
                String::new()
            } else {
                format!(" ({} configured but unset or empty.)", unresolved.join(", "))
            };
            let (severity, why) = match (flavor, production) {
                (Flavor::V5, _) => (
                    Error,
                    format!("Auth.js v5 refuses to run without a secret: `[auth][error] MissingSecret: Please define a `secret``, and `getToken()` throws `MissingSecret: Must pass `secret` if not set to JWT getToken()`.{unresolved}"),
                ),
                (_, true) => (
                    Error,
                    format!("In production next-auth v4 fails with `[next-auth][error][NO_SECRET]` (`MissingSecretError: Please define a `secret` in production.`) and answers HTTP 500; `getToken()` returns null.{unresolved}"),
                ),
                (_, false) => (
                    Warning,
                    format!("In development next-auth v4 only warns `[next-auth][warn][NO_SECRET]` and derives a throw-away secret from a hash of your options: it changes whenever the config changes, so cookies from another app or an earlier run cannot be read. `jwt.decode` without a secret throws `TypeError: \"ikm\"\" must be an instance of Uint8Array or a string`.{unresolved}"),
                ),
            };
            f("secret.missing", severity, "No secret is configured".into(), why, format!("Set `{}` (e.g. `npx auth secret` or `openssl rand -base64 32`) and add it to authlab's secrets; after changing it, clear the old cookies.", env_names(*flavor)))
        }
        Fact::SecretMismatch { flavor, library_error, has_kid, secrets_tried } => {
            let how = if *has_kid {
                "The header `kid` is the thumbprint of the key that encrypted it; no configured secret derives that key under any cookie name or library version authlab tried, so the token was made with a different secret."
            } else {
                "No configured secret decrypts it under any cookie name or library version authlab tried. Either it was made with a different secret (a rotated `NEXTAUTH_SECRET`, another app on the same domain, a throw-away development secret), or it was truncated or altered in transit."
            };
            f(
                "secret.mismatch",
                Error,
                "The token was made with a different secret".into(),
                format!("The {} reader fails with `{library_error}`. {how} Tried {secrets_tried} secret(s).", flavor.package()),
                if *flavor == Flavor::V5 {
                    "Use the secret the writer uses. To rotate without logging users out, list the new secret first and keep the old one after it (`secret: [new, old]` or `AUTH_SECRET_1`).".into()
                } else {
                    "Use the same `NEXTAUTH_SECRET` everywhere the cookie is written and read. next-auth v4 reads one secret only: after a change, users must sign in again.".into()
                },
            )
        }
        Fact::CandidateOpens { label, flavor, salt, issued } => f(
            "secret.candidate_opens",
            Info,
            format!("Candidate secret `{label}` opens this token"),
            format!(
                "The cookie is intact: it was made with `{label}` ({}{}){}, not with the configured secret. It predates the secret change, or comes from the environment `{label}` belongs to.",
                flavor.package(),
                salt.as_deref().map(|s| format!(", salt {s:?}")).unwrap_or_default(),
                issued.map(|t| format!(", issued {}", t.to_utc_string())).unwrap_or_default()
            ),
            if *flavor == Flavor::V5 {
                format!("To keep such sessions valid, list `{label}`'s secret after the new one (`secret: [new, old]` / `AUTH_SECRET_1`); otherwise users sign in again.")
            } else {
                "next-auth v4 reads one secret only: users with these cookies must sign in again (or switch the secret back).".into()
            },
        ),
        Fact::SecretRotated { secret } => f(
            "secret.rotated",
            Info,
            format!("Opened by {secret}, not the first secret"),
            "Auth.js v5 picks the secret whose key thumbprint equals the header `kid`, so a token from before a rotation is still accepted. New tokens are encrypted with the first secret.".into(),
            "Nothing to do while the old secret is listed; remove it once tokens made with it have expired (session max age).".into(),
        ),
        Fact::RotationWithoutKid { secret, library_error } => f(
            "secret.rotation_without_kid",
            Error,
            format!("Only the first secret is tried for a token without `kid`; {secret} would open it"),
            format!("The token has no `kid` (made by `@auth/core` ≤ 0.23 or by hand), and for such tokens the library tries the first secret only: `{library_error}`. Rotation does not help these tokens."),
            "Put the secret that made these tokens first until they expire, or let users sign in again.".into(),
        ),
        Fact::SaltMismatch { configured, actual, secret, library_error, flavor } => {
            let what = if actual.contains("session-token") || configured.contains("session-token") {
                if *flavor == Flavor::V5 {
                    "In v5 the HKDF salt is the exact session cookie name, `__Secure-` prefix included, so a token made for one name cannot be read as the other."
                } else {
                    "The salt is part of the key derivation, so a token made with one salt cannot be read with another."
                }
            } else {
                "That salt is the name of another NextAuth cookie: this value is not a session token."
            };
            f(
                "salt.mismatch",
                Error,
                format!("Made with salt {actual:?}, read with salt {configured:?}"),
                format!("{secret} is right — with salt {actual:?} it opens the token — but the reader derives its key with salt {configured:?} and fails with `{library_error}`. {what}"),
                format!("Read it with the salt/cookie name it was made with ({actual:?}): pass `salt`/`cookieName` consistently, or `secureCookie: true` when the site is served over https."),
            )
        }
        Fact::FlavorMismatch { configured, actual, detail, library_error } => f(
            "flavor.mismatch",
            Error,
            format!("A {} token, read as {}", actual.as_str(), configured.as_str()),
            format!("This token was made by {} ({detail}); the {} reader fails with `{library_error}`. The versions use different algorithms and key derivations, and v4 → v5 also renamed the cookie (`next-auth.*` → `authjs.*`).", actual.package(), configured.package()),
            format!("Set authlab's version to {} to inspect it; in the app, old sessions from another version cannot be migrated: clear the cookie and sign in again.", actual.as_str()),
        ),
        Fact::Expired { exp, now, tolerance_secs } => f(
            "token.expired",
            Error,
            format!("Expired {} ago", human_duration_precise(now.0 - exp.0)),
            format!("`exp` is {} ({}), {} before now; jose rejects a token when `exp <= now - {tolerance_secs}s`: `JWTExpired: \"exp\" claim timestamp check failed`. The library logs it and returns null.", exp.to_utc_string(), exp.0, human_duration_precise(now.0 - exp.0)),
            "Sign in again. If this happens early, check the server clock and `session.maxAge`; the session endpoint slides `exp` forward on each call.".into(),
        ),
        Fact::NotYetValid { nbf, now } => f(
            "token.not_yet_valid",
            Error,
            format!("Not valid for another {}", human_duration_precise(nbf.0 - now.0)),
            format!("`nbf` is {}, {} after now; jose rejects it while `nbf > now + 15s` (`JWTClaimValidationFailed: \"nbf\" claim timestamp check failed`).", nbf.to_utc_string(), human_duration_precise(nbf.0 - now.0)),
            "Check the clocks of the machine that minted it and the one reading it.".into(),
        ),
        Fact::Tampered { kid_altered, secret, library_error } => {
            let proof = match (kid_altered, secret) {
                (true, Some(s)) => format!("The `kid` does not match any key, yet {s} decrypts the content to readable JSON: the `kid` was edited."),
                (false, Some(s)) => format!("{s} is the right key (it matches the `kid` or decrypts the content to readable JSON), yet the authentication tag fails: the header, IV, ciphertext or tag was changed."),
                (_, None) => "The key is right but authentication fails.".into(),
            };
            f(
                "token.tampered",
                Error,
                "The token was altered or truncated".into(),
                format!("{proof} The library fails with `{library_error}`."),
                "Use the cookie exactly as the server set it (copy the whole value; check no proxy or script rewrites it). Never trust a hand-edited token.".into(),
            )
        }
        Fact::Malformed { reason, library_error } => f(
            "token.malformed",
            Error,
            "Not a token".into(),
            match library_error {
                Some(e) => format!("The value {reason}. The library fails with `{e}`."),
                None => format!("The value {reason}."),
            },
            "Paste the whole cookie value (or the whole `Cookie` header); tokens are long and easy to cut.".into(),
        ),
        Fact::ClaimsInvalid { library_error } => f(
            "token.claims_invalid",
            Error,
            "Decrypted, but the payload is not a usable claims set".into(),
            format!("The library fails with `{library_error}`."),
            "Make sure the `jwt` callback returns a plain object with numeric `iat`/`exp`.".into(),
        ),
        Fact::SignedNotEncrypted { alg, verified_with, flavor } => f(
            "token.signed_not_encrypted",
            Error,
            format!("A signed {alg} JWT, not {}'s encrypted token", flavor.package()),
            format!(
                "NextAuth's default decoder only reads its own JWE and fails with `JWEInvalid: Invalid Compact JWE`.{}",
                match verified_with {
                    Some(s) => format!(" The signature verifies with {s}, so a custom `jwt.encode` probably made it."),
                    None => String::new(),
                }
            ),
            "Give every reader the same custom `jwt.decode` (middleware too: `withAuth({ jwt: { decode } })`), or drop the custom encoder.".into(),
        ),
        Fact::DatabaseSession { kind, flavor } => f(
            "token.database_session",
            Error,
            "A database session id, not a JWT".into(),
            format!(
                "The value is {}, what the database strategy stores in the cookie. A JWT reader ({} `getToken()`, middleware) fails with `JWEInvalid: Invalid Compact JWE`.",
                match kind {
                    OpaqueKind::Uuid => "a UUID",
                    OpaqueKind::Hex64 => "64 hex characters",
                    OpaqueKind::Other => "a single opaque segment",
                },
                flavor.package()
            ),
            "Use `session: { strategy: \"jwt\" }` everywhere, or check the session where the database is reachable (`auth()` / `getServerSession`), not with `getToken()`.".into(),
        ),
        Fact::Empty => f(
            "token.empty",
            Error,
            "The token is empty".into(),
            "An empty token gives `null` from `decode` and `getToken`.".into(),
            "Paste a session cookie value, a `Cookie` header or an `Authorization: Bearer` header.".into(),
        ),
        Fact::CookieNotFound { expected, present, bearer_checked } => f(
            "cookie.not_found",
            Error,
            format!("No `{expected}` cookie in the request"),
            format!(
                "The reader looks for cookies whose name starts with `{expected}`; the request has {}{}. `getToken()` returns null.",
                if present.is_empty() { "no cookies".to_owned() } else { format!("only {}", present.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")) },
                if *bearer_checked { " and no usable `Authorization: Bearer` token" } else { "" }
            ),
            "Sign in first, copy the `Cookie` header from the request that fails, and check the cookie's path/domain.".into(),
        ),
        Fact::CookieNameMismatch { expected, found, opens_under_found_name, flavor } => f(
            "cookie.name_mismatch",
            Error,
            format!("The reader looks for `{expected}`, the browser sent `{found}`"),
            format!(
                "`getToken()` matches cookies by name prefix, so `{found}` is never seen and the result is null.{}",
                match (opens_under_found_name, flavor) {
                    (true, Flavor::V5) => format!(" Read as `{found}` (which is also its HKDF salt) the token opens with your secret."),
                    (true, _) => format!(" Read as `{found}` the token opens with your secret."),
                    (false, _) => String::new(),
                }
            ),
            if found.starts_with("__Secure-") {
                "The site is served over https: pass `secureCookie: true` to `getToken()` (v4: set `NEXTAUTH_URL=https://…`), or pass `cookieName` explicitly.".into()
            } else {
                "Pass the same `cookieName` (and in v5 `salt`) to every reader, or fix `secureCookie` so it matches the scheme the browser uses.".into()
            },
        ),
        Fact::MissingChunk { name, present, evidence } => f(
            "cookie.missing_chunk",
            Error,
            format!("A chunk of `{name}` is missing"),
            format!("The session is split into chunks `{name}.0`, `.1`, …; this request has {present:?}. {evidence} The joined value is truncated and decoding fails, so `getToken()` returns null."),
            "Look for a proxy or server header-size limit (often 8 KB) that drops cookies, and shrink the session (don't store provider tokens in the JWT).".into(),
        ),
        Fact::StaleChunk { stale, opens_without } => f(
            "cookie.stale_chunk",
            Error,
            format!("Leftover cookie {} is joined into the token", stale.join(", ")),
            format!(
                "`SessionStore` concatenates every cookie whose name starts with the session cookie name, so a leftover from an older, differently sized session corrupts the token.{}",
                if *opens_without { " Without it, the chunks open fine." } else { "" }
            ),
            format!("Delete {} in the browser (or sign out and in).", stale.join(", ")),
        ),
        Fact::JwsBadSignature { alg } => f(
            "jws.bad_signature",
            Warning,
            format!("The {alg} signature does not verify with any configured secret"),
            "It was signed with another key (or altered).".into(),
            "Add the signing key to inspect it.".into(),
        ),
        Fact::JwsAlgNone => f(
            "jws.alg_none",
            Error,
            "Unsigned token (`alg: none`)".into(),
            "Anyone can write such a token; no NextAuth reader accepts it, and nothing else should.".into(),
            "Never accept it. Find out what produced it.".into(),
        ),
        Fact::UnexpectedHeader { detail, library_error } => f(
            "jwe.unexpected_header",
            Error,
            "A JWE header the library refuses".into(),
            format!("{detail}. The library fails with `{library_error}`."),
            "NextAuth writes `{\"alg\":\"dir\",\"enc\":\"A256GCM\"}` (v4) or `{\"alg\":\"dir\",\"enc\":\"A256CBC-HS512\",\"kid\":…}` (v5); a different header means another system made it or it was altered.".into(),
        ),
        Fact::ConfigProblem { message, error } => f(
            "config.invalid",
            if *error { Error } else { Warning },
            "Problem in the config file".into(),
            message.clone(),
            "Fix the file at that line; authlab uses defaults for what it cannot read.".into(),
        ),
        Fact::CredentialsWithDatabase { explicit, flavor } => f(
            "config.credentials_with_database",
            if *explicit { Error } else { Warning },
            "Credentials sign-in with database sessions".into(),
            if *explicit {
                format!("`session.strategy = \"database\"` with only the Credentials provider fails: {}.", if *flavor == Flavor::V5 { "`UnsupportedStrategy: Signing in with credentials only supported if JWT strategy is enabled`" } else { "`[next-auth][error][CALLBACK_CREDENTIALS_JWT_ERROR]` `UnsupportedStrategyError`" })
            } else {
                "An adapter makes the default strategy `database`. Credentials sign-in still writes a JWT cookie, which the database strategy then looks up as a session id, finds nothing and clears: \"signed in but the session is null\".".into()
            },
            "Set `session.strategy = \"jwt\"` explicitly.".into(),
        ),
        Fact::DatabaseWithoutAdapter => f(
            "config.database_without_adapter",
            Error,
            "Database sessions need an adapter".into(),
            "`session.strategy = \"database\"` without an adapter has nowhere to store sessions (`MissingAdapter`).".into(),
            "Configure an adapter or use `strategy = \"jwt\"`.".into(),
        ),
        Fact::UpdateAgeAboveMaxAge { update_age_secs, max_age_secs } => f(
            "config.update_age_above_max_age",
            Warning,
            "`update_age` is longer than `max_age`".into(),
            format!("Sessions expire after {} but would only be extended every {}, so active users are logged out.", human_duration(*max_age_secs), human_duration(*update_age_secs)),
            "Make `session.update_age_secs` shorter than `session.max_age_secs`.".into(),
        ),
        Fact::SecureCookieOnHttp { name } => f(
            "config.secure_cookie_on_http",
            Error,
            format!("`{name}` on an http URL"),
            "Browsers refuse to store `__Secure-`/`__Host-` cookies sent over plain http, so the session cookie is never set.".into(),
            "Use an https URL, or drop the prefix for local development.".into(),
        ),
        Fact::UrlWithoutScheme { url } => f(
            "config.url_without_scheme",
            Warning,
            "The URL has no scheme".into(),
            format!("`{url}`: next-auth v4 treats a scheme-less `NEXTAUTH_URL` as https, which switches cookies to `__Secure-` names."),
            "Write the URL in full, e.g. `http://localhost:3000`.".into(),
        ),
        Fact::WeakSecret { .. }
        | Fact::JwtSecretDeprecated { .. }
        | Fact::EnvUnset { .. }
        | Fact::ConfigSecretEnvConflict { .. }
        | Fact::NumberedSecretsIgnored { .. }
        | Fact::JwtMaxAgeMismatch { .. }
        | Fact::LocalhostInProduction { .. }
        | Fact::BasePathMismatch { .. }
        | Fact::UntrustedHost { .. }
        | Fact::DebugInProduction { .. }
        | Fact::EmailWithoutAdapter { .. }
        | Fact::ProviderMissingClient { .. } => explain_config(fact),
        Fact::JwtWithDatabaseStrategy => f(
            "session.jwt_with_database",
            Error,
            "A JWT in the cookie of a database-session app".into(),
            "With the database strategy the session read calls `adapter.getSessionAndUser(<cookie>)`; a JWT there matches no session, so the cookie is cleared (typical after Credentials sign-in with an adapter).".into(),
            "Set `session.strategy = \"jwt\"`, or sign in with a provider that creates database sessions.".into(),
        ),
        Fact::IssuedInFuture { iat, now } => f(
            "token.issued_in_future",
            Warning,
            format!("Issued {} in the future", human_duration_precise(iat.0 - now.0)),
            format!("`iat` is {}, {} after now — beyond the 15 s clock tolerance. The library does not check `iat`, so it still accepts the token, but the clocks of the machine that minted it and the one reading it disagree: the same skew makes fresh tokens look expired or not yet valid elsewhere.", iat.to_utc_string(), human_duration_precise(iat.0 - now.0)),
            "Sync the clocks (NTP) on every server and container that writes or reads sessions; check the time zone handling of any custom `jwt.encode`.".into(),
        ),
        Fact::KeyConfusion { alg, key } => f(
            "jws.key_confusion",
            Error,
            format!("An {alg} token signed with a public key's text as the HMAC key"),
            format!("The signature verifies when {key} — a public key — is used as the HMAC secret. That is the key-confusion attack: the public key is public, so anyone can forge such tokens for a verifier that lets the token's `alg` choose between RSA/ECDSA and HMAC."),
            "Never accept it. Pin the algorithm in every verifier (`algorithms: [\"RS256\"]`), and never pass a public key where an HMAC secret is expected.".into(),
        ),
        Fact::EcdsaZeroSignature { alg, zero } => f(
            "jws.ecdsa_zero_signature",
            Error,
            format!("An {alg} signature with {zero} = 0"),
            "ECDSA signatures with `r` or `s` zero are invalid by definition; verifiers that skip that check accept them for any key and any payload (CVE-2022-21449, \"psychic signatures\"). This token was forged.".to_owned(),
            "Never accept it. Make sure every verifier rejects zero `r`/`s` (patched Java 15–18, current jose and RustCrypto do).".into(),
        ),
        Fact::UnsupportedAlg { alg } => f(
            "jws.unsupported_alg",
            Error,
            format!("Unsupported signature algorithm `{alg}`"),
            format!("`{alg}` is not one NextAuth or a sound custom decoder uses (authlab verifies {}); the token cannot be verified and must not be accepted.", crate::token::jws::SUPPORTED_ALGS.join(", ")),
            "Find out what produced it; pin the accepted algorithms in every verifier.".into(),
        ),
        Fact::JweHeaderRisk { member, detail } => f(
            "jwe.unexpected_header",
            Error,
            format!("The JWE header has `{member}`, which NextAuth never writes"),
            format!("{detail} NextAuth writes only `alg: dir` with `enc` `A256GCM` (v4) or `A256CBC-HS512` and a `kid` (v5)."),
            "Never accept it; find out what produced it (another system on the same cookie name, or an attempt to make a verifier decompress or mis-handle the token).".into(),
        ),
        Fact::Oversize { kind, name, bytes, limit } => {
            let (severity, title, why) = match kind {
                OversizeKind::Cookie => (
                    Error,
                    format!("Cookie `{name}` is {bytes} bytes, over the 4096-byte browser limit"),
                    format!("Browsers drop a cookie whose name, value and attributes pass {limit} bytes (RFC 6265 minimum, what Chrome, Firefox and Safari enforce); the libraries chunk the session for that reason, so a single cookie this big is never sent as-is."),
                ),
                OversizeKind::Header8k => (
                    Warning,
                    format!("The Cookie header is {bytes} bytes, over 8 KB"),
                    format!("Common proxies reject header lines over {limit} bytes: nginx's default `large_client_header_buffers 4 8k` answers `400 Request Header Or Cookie Too Large`, and some load balancers drop the request or cookies."),
                ),
                OversizeKind::Header16k => (
                    Error,
                    format!("The Cookie header is {bytes} bytes, over 16 KB"),
                    format!("Node.js (so Next.js) rejects requests whose headers pass {limit} bytes (`--max-http-header-size`, default 16384) with `431 Request Header Fields Too Large`."),
                ),
            };
            f("cookie.oversize", severity, title, why, "Shrink the session: keep provider access/id/refresh tokens out of the JWT (store them server-side), and trim what the `jwt` callback returns.".into())
        }
        Fact::ReaderDrift { kind, reader, app, theirs, detail, rejects } => {
            let severity = if *rejects == Some(true) { Error } else { Warning };
            let outcome = match rejects {
                Some(true) => " — it rejects a session the app accepts",
                Some(false) => " — it still accepts this token",
                None => "",
            };
            let detail = if detail.is_empty() { String::new() } else { format!(" {detail}") };
            let (code, title, fix) = match kind {
                DriftKind::Secret => (
                    "reader.secret_drift",
                    format!("`{reader}` reads another secret than the app"),
                    "Use one variable everywhere (`AUTH_SECRET` in v5, `NEXTAUTH_SECRET` in v4) or pass the same `secret` explicitly to every `getToken()` / `auth()`.",
                ),
                DriftKind::CookieName => (
                    "reader.cookie_name_drift",
                    format!("`{reader}` looks for another cookie than the app sets"),
                    "Give every reader the same decision: `secureCookie: true` behind https (or a correct `NEXTAUTH_URL`/`AUTH_URL`), or the same explicit `cookieName`.",
                ),
                DriftKind::Salt => (
                    "reader.salt_drift",
                    format!("`{reader}` derives its key with another salt"),
                    "Do not pass `salt` by hand; let v5 use the cookie name (or pass the same value everywhere).",
                ),
                DriftKind::Decoder => (
                    "reader.decoder_drift",
                    format!("`{reader}` decodes differently from the app"),
                    "Give every reader the same `jwt.decode` (middleware too: `withAuth({ jwt: { decode } })`), or drop the custom encoder everywhere.",
                ),
                DriftKind::Strategy => (
                    "reader.strategy_drift",
                    format!("`{reader}` uses another session strategy than the app"),
                    "Use `session: { strategy: \"jwt\" }` everywhere, or check database sessions only where the database is reachable (`auth()` / `getServerSession`).",
                ),
            };
            f(code, severity, title, format!("The app uses {app}; `{reader}` uses {theirs}{outcome}.{detail}"), fix.into())
        }
        Fact::SecretEnvConflict { reader, used, ignored } => f(
            "secret.env_conflict",
            Warning,
            format!("`{used}` and `{ignored}` are both set and differ"),
            format!("For `{reader}` the library reads `{used}` and silently ignores `{ignored}`; code or a deployment that reads the other one gets another secret."),
            format!("Keep one of them (v5: `AUTH_SECRET`); unset `{ignored}` or give it the same value."),
        ),
        Fact::SecretEnvIgnored { reader, ignored, because } => f(
            "secret.env_ignored",
            Info,
            format!("{} ignored because `{because}` is set", ignored.join(", ")),
            format!("For `{reader}`, next-auth v5 sets `secret` from `AUTH_SECRET ?? NEXTAUTH_SECRET` before @auth/core looks at `AUTH_SECRET_1..3`, so with `{because}` set only that one secret is used: no rotation. Without it, the highest-numbered `AUTH_SECRET_n` encrypts and all of them decrypt."),
            format!("To rotate, unset `{because}` and use `AUTH_SECRET_1..3` (highest number = newest), or pass `secret: [new, old]` in code."),
        ),
    }
}

/// Wording of the config workshop's lint facts (issue 3).
fn explain_config(fact: &Fact) -> Finding {
    use crate::secret::MIN_SECRET_BYTES;
    use Severity::{Error, Warning};
    let f = |code, severity, title: String, why: String, fix: String| Finding { code, severity, title, why, fix };
    let package = |flavor: &Flavor| flavor.package();
    match fact {
        Fact::WeakSecret { label, weakness, production } => {
            let (title, why) = match weakness {
                Weakness::WellKnown => (
                    format!("{label} is a well-known example value"),
                    "It appears in documentation, tutorials or example files, so anyone can derive the key from it and mint sessions your app accepts.".to_owned(),
                ),
                Weakness::Short { len } => (
                    format!("{label} is too short ({len} bytes)"),
                    format!("It is {len} bytes long. The library accepts any non-empty string, but the whole session key is derived from it: fewer than {MIN_SECRET_BYTES} random bytes can be guessed offline from one captured cookie."),
                ),
                Weakness::LowEntropy { bits } => (
                    format!("{label} has too little variety (about {bits} bits)"),
                    "It is long but made of few distinct characters (repeated patterns), so it is far easier to guess than its length suggests.".to_owned(),
                ),
            };
            f(
                "secret.weak",
                if *production { Error } else { Warning },
                title,
                why,
                "Generate a new one: `npx auth secret` or `openssl rand -base64 32` (32 random bytes). Changing it signs everybody out.".into(),
            )
        }
        Fact::JwtSecretDeprecated { flavor, differs } => f(
            "config.jwt_secret_deprecated",
            Warning,
            "`jwt.secret` is deprecated".into(),
            format!(
                "{} marks `jwt.secret` `@deprecated` (\"Set the `NEXTAUTH_SECRET` environment variable or use the top-level `secret` option instead\"). It still wins over `secret` for the JWT key, because `...authOptions.jwt` is spread last, while the `NO_SECRET` check only looks at `secret`.{}",
                package(flavor),
                if *differs { " Here it differs from the first secret: the handler and `getToken()` use different keys." } else { "" }
            ),
            "Remove `jwt.secret` and set the top-level `secret` (or `NEXTAUTH_SECRET` / `AUTH_SECRET`).".into(),
        ),
        Fact::EnvUnset { name, used_by, error } => f(
            "config.env_unset",
            if *error { Error } else { Warning },
            format!("`{name}` is not set"),
            format!("{used_by} reads `env:{name}`, but no `[env]` variable, loaded .env file or environment variable sets it, so the app gets `undefined` there."),
            format!("Set `{name}` in `.env.local` (and in the deployment's environment), type it into authlab's env section, or remove the reference."),
        ),
        Fact::ConfigSecretEnvConflict { flavor } => {
            let (wins, loses) = match flavor {
                Flavor::V5 => ("AUTH_SECRET", "NEXTAUTH_SECRET"),
                Flavor::V3 | Flavor::V4 => ("NEXTAUTH_SECRET", "AUTH_SECRET"),
            };
            f(
                "config.secret_env_conflict",
                Warning,
                "`AUTH_SECRET` and `NEXTAUTH_SECRET` are both set, to different values".into(),
                format!("{} reads `{wins}` first (`{wins} ?? {loses}`), but helpers and middleware that read `{loses}` get another key, so tokens one of them writes the other cannot read (`no matching decryption secret` / `JWEDecryptionFailed`).", package(flavor)),
                format!("Keep one variable: set `{wins}` and delete `{loses}` (or give both the same value)."),
            )
        }
        Fact::NumberedSecretsIgnored { numbered, winner } => f(
            "config.numbered_secrets_ignored",
            Warning,
            format!("{} ignored because `{winner}` is set", numbered.join(", ")),
            format!("next-auth v5 sets `secret ??= AUTH_SECRET ?? NEXTAUTH_SECRET` before `@auth/core` looks at `AUTH_SECRET_1..3`, so with `{winner}` set the numbered secrets are never read: no rotation happens. Without it, the order is `[AUTH_SECRET_3, AUTH_SECRET_2, AUTH_SECRET_1]` and the highest number encrypts."),
            format!("To rotate, unset `{winner}` and use `AUTH_SECRET_1` (new) and `AUTH_SECRET_2`, …; or pass `secret: [new, old]` explicitly."),
        ),
        Fact::JwtMaxAgeMismatch { flavor, jwt_max_age_secs, session_max_age_secs, explicit } => f(
            "config.jwt_max_age_mismatch",
            Warning,
            format!("JWT max age {} differs from session max age {}", human_duration(*jwt_max_age_secs), human_duration(*session_max_age_secs)),
            if *flavor == Flavor::V5 {
                "`jwt.maxAge` sets the token's `exp`, `session.maxAge` the cookie's expiry: the session ends at whichever comes first, and each session read re-encodes with `jwt.maxAge`.".to_owned()
            } else if *explicit {
                "next-auth v4 encodes the token at sign-in with `jwt.maxAge` but re-encodes it on every session read with `session.maxAge`, and sets the cookie's expiry from `session.maxAge`: the first token lives for one, later ones for the other.".to_owned()
            } else {
                "next-auth v4's `jwt.maxAge` defaults to 30 days regardless of `session.maxAge`: the token made at sign-in lives 30 days, while the cookie and every re-encoded token use `session.maxAge`.".to_owned()
            },
            "Set `jwt.max_age_secs` to the same value as `session.max_age_secs`.".into(),
        ),
        Fact::LocalhostInProduction { url } => f(
            "config.localhost_in_production",
            Error,
            "A localhost URL in production".into(),
            format!("`{url}`: with `NODE_ENV=production` the library builds redirects, OAuth callback URLs and email links from it, so they point at the user's own machine; cookies are not `__Secure-` over http."),
            "Set `NEXTAUTH_URL` / `AUTH_URL` to the public https origin (or leave it unset behind a trusted host in v5).".into(),
        ),
        Fact::BasePathMismatch { flavor, url_path, base_path } => f(
            "config.base_path_mismatch",
            Warning,
            match url_path {
                Some(p) => format!("The URL's path `{p}` and the base path `{base_path}` differ"),
                None => format!("Base path `{base_path}` is not in the URL"),
            },
            if *flavor == Flavor::V5 {
                "Auth.js v5 takes the base path from `AUTH_URL`'s path when it has one and warns `[auth][warn][env-url-basepath-mismatch]`; routes, callback URLs and the session endpoint then live somewhere the app does not serve (404 / `UnknownAction`).".to_owned()
            } else {
                "next-auth v4 takes its base path only from `NEXTAUTH_URL`'s path (default `/api/auth`), so the routes it links to and the `[...nextauth]` route disagree: the client gets HTML instead of JSON (`CLIENT_FETCH_ERROR`).".to_owned()
            },
            format!("Put the route's path in the URL (e.g. `https://example.com{base_path}`) or use the default `/api/auth` everywhere."),
        ),
        Fact::UntrustedHost { explicit } => f(
            "config.untrusted_host",
            Error,
            "The host is not trusted in production".into(),
            format!(
                "Auth.js v5 sets `trustHost ??= !!(AUTH_URL ?? AUTH_TRUST_HOST ?? VERCEL ?? CF_PAGES ?? NODE_ENV !== \"production\")`; {} every request fails with `[auth][error] UntrustedHost: Host must be trusted. URL was: …` and HTTP 500.",
                if *explicit { "`trustHost: false` keeps it untrusted, so" } else { "here none of them is set, so" }
            ),
            "Set `AUTH_URL` to the public URL, or `trust_host = true` / `AUTH_TRUST_HOST=true` when a proxy you control sets the Host header (note `AUTH_TRUST_HOST=false` also trusts: any value counts).".into(),
        ),
        Fact::DebugInProduction { flavor } => f(
            "config.debug_in_production",
            Warning,
            "Debug logging is on in production".into(),
            format!(
                "{} warns {} and logs tokens, session data and provider responses, which end up in your log storage.",
                package(flavor),
                if *flavor == Flavor::V5 { "`[auth][warn][debug-enabled]`" } else { "`[next-auth][warn][DEBUG_ENABLED]`" }
            ),
            "Set `debug: process.env.NODE_ENV !== \"production\"` (authlab: `debug = false`).".into(),
        ),
        Fact::EmailWithoutAdapter { flavor } => f(
            "config.email_without_adapter",
            Error,
            "Email sign-in needs an adapter".into(),
            format!(
                "Magic links are stored as verification tokens in the adapter's database; without one {}.",
                if *flavor == Flavor::V5 {
                    "Auth.js v5 refuses to start: `[auth][error] MissingAdapter: Email login requires an adapter`"
                } else {
                    "next-auth v4 fails with `[next-auth][error][EMAIL_REQUIRES_ADAPTER_ERROR]` (`MissingAdapterError: E-mail login requires an adapter.`)"
                }
            ),
            "Configure an adapter (authlab: `adapter = \"prisma\"`, …) or remove the email provider.".into(),
        ),
        Fact::ProviderMissingClient { id, missing, flavor, env_prefix } => f(
            "config.provider_missing_client",
            Error,
            format!("Provider `{id}` has no {}", missing.join(" / ")),
            format!(
                "Neither library checks this at start-up: sign-in sends the user to the provider without valid credentials, the provider answers `invalid_client` (or the issuer discovery fails) and the user lands on the error page ({}).",
                if *flavor == Flavor::V5 { "`[auth][error] SignInError` / `CallbackRouteError`" } else { "`[next-auth][error][SIGNIN_OAUTH_ERROR]` / `OAUTH_CALLBACK_ERROR`" }
            ),
            if *flavor == Flavor::V5 {
                format!("Set `{env_prefix}_ID` / `{env_prefix}_SECRET` (v5 reads them by itself) or `client_id = \"env:…\"` and `client_secret = \"env:…\"`; OIDC also needs `issuer`.")
            } else {
                "Set `clientId: process.env.…` and `clientSecret: process.env.…` (authlab: `client_id` / `client_secret = \"env:NAME\"`); OIDC also needs `issuer` / `wellKnown`.".into()
            },
        ),
        _ => f("config.invalid", Warning, "Unexpected config fact".into(), String::new(), String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_dotted_lowercase() {
        let samples = [
            Fact::Empty,
            Fact::JwsAlgNone,
            Fact::DatabaseWithoutAdapter,
            Fact::JwtWithDatabaseStrategy,
            Fact::SecretMissing { flavor: Flavor::V4, production: false, unresolved: vec![] },
        ];
        for fact in &samples {
            let code = explain(fact).code;
            assert!(
                code.contains('.') && code.chars().all(|c| c.is_ascii_lowercase() || c == '.' || c == '_'),
                "{code}"
            );
        }
    }
}
