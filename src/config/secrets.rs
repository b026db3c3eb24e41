//! Which secret the library uses, resolved exactly as each version does it
//! (`shared/docs/NEXTAUTH.md` §2.2, §3.1), from an environment passed in as a lookup.
//!
//! * next-auth v4: the JWT key is the deprecated `jwt.secret` when set (`init` spreads
//!   `...authOptions.jwt` last), else `secret ?? NEXTAUTH_SECRET ?? AUTH_SECRET`. One secret.
//!   `getToken()` / middleware: `secret ?? NEXTAUTH_SECRET ?? AUTH_SECRET`.
//! * next-auth v5: `secret ??= AUTH_SECRET ?? NEXTAUTH_SECRET`; only when that is still empty,
//!   `@auth/core` builds `[AUTH_SECRET_3, AUTH_SECRET_2, AUTH_SECRET_1, AUTH_SECRET]` from the
//!   set ones — the highest-numbered encrypts, all decrypt (by `kid`).
//!
//! JavaScript's `??` only skips `undefined`: a variable set to the empty string is *used*
//! (and then fails with `"ikm" must be at least one byte`). `@auth/core`'s own loop skips empty
//! values (`if (secret)`).

use crate::secret::Secret;
use crate::token::Flavor;

/// Where one resolved secret came from (printable: a name, never the value).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum SecretSource {
    /// The `secret` option passed in code.
    Option,
    /// The deprecated v4 `jwt.secret` option.
    JwtSecret,
    /// An environment variable.
    Env(String),
}

impl std::fmt::Display for SecretSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Option => f.write_str("the `secret` option"),
            Self::JwtSecret => f.write_str("the deprecated `jwt.secret` option"),
            Self::Env(name) => write!(f, "env {name}"),
        }
    }
}

/// Something about the resolution worth telling the user.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ResolutionNote {
    /// Both `AUTH_SECRET` and `NEXTAUTH_SECRET` are set and differ; one wins silently.
    BothSetAndDiffer {
        /// The variable that is used.
        used: String,
        /// The one that is ignored.
        ignored: String,
    },
    /// `AUTH_SECRET_1..3` are set but ignored because `AUTH_SECRET` / `NEXTAUTH_SECRET` is set.
    NumberedIgnored {
        /// The ignored variables.
        ignored: Vec<String>,
        /// The variable that is used instead.
        because: String,
    },
    /// v4: `jwt.secret` overrides a different top-level `secret` for the JWT key.
    JwtSecretOverrides,
    /// A variable is set to the empty string (the library uses it and fails).
    EmptyVariable {
        /// Its name.
        name: String,
    },
}

/// The secrets a reader ends up with: the first encrypts, all of them decrypt (v5 by `kid`;
/// v4 and v3 read with the first only).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resolution {
    /// In the library's order.
    pub secrets: Vec<(Secret, SecretSource)>,
    /// Notes (conflicts, ignored variables).
    pub notes: Vec<ResolutionNote>,
}

impl Resolution {
    /// The source of the secret that encrypts new tokens.
    #[must_use]
    pub fn encrypting(&self) -> Option<&SecretSource> {
        self.secrets.first().map(|(_, s)| s)
    }

    /// The sources of the secrets the reader decrypts with, in order.
    #[must_use]
    pub fn decrypting(&self, flavor: Flavor) -> Vec<&SecretSource> {
        match flavor {
            Flavor::V5 => self.secrets.iter().map(|(_, s)| s).collect(),
            Flavor::V3 | Flavor::V4 => self.secrets.first().map(|(_, s)| s).into_iter().collect(),
        }
    }
}

/// The code paths that read the secret differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Api {
    /// The auth route handler, `getServerSession` (v4) / `auth()` (v5): the full env defaults.
    Handler,
    /// `getToken()` / `withAuth` middleware: v4 `NEXTAUTH_SECRET ?? AUTH_SECRET`; v5 no env defaults.
    GetToken,
}

/// Resolves like the library. `option` is the `secret` passed in code (v5 may pass a list),
/// `jwt_secret` the deprecated v4 `jwt.secret`; `env` looks variables up (`None` = unset).
#[must_use]
pub fn resolve(
    flavor: Flavor,
    api: Api,
    option: &[Secret],
    jwt_secret: Option<&Secret>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Resolution {
    let mut out = Resolution::default();
    let var = |name: &str| env(name).map(|v| (v, SecretSource::Env(name.to_owned())));
    match (flavor, api) {
        (Flavor::V3 | Flavor::V4, _) => {
            let chain = || {
                option
                    .first()
                    .map(|s| (s.expose().to_owned(), SecretSource::Option))
                    .or_else(|| var("NEXTAUTH_SECRET"))
                    .or_else(|| var("AUTH_SECRET"))
            };
            let chosen = match (api, jwt_secret) {
                (Api::Handler, Some(jwt)) => {
                    if option.first().is_some_and(|o| o != jwt) {
                        out.notes.push(ResolutionNote::JwtSecretOverrides);
                    }
                    Some((jwt.expose().to_owned(), SecretSource::JwtSecret))
                }
                _ => chain(),
            };
            if let Some((value, source)) = chosen {
                note_both(&mut out, env, &source, "NEXTAUTH_SECRET", "AUTH_SECRET");
                push(&mut out, value, source);
            }
        }
        (Flavor::V5, Api::GetToken) => {
            for s in option {
                out.secrets.push((s.clone(), SecretSource::Option));
            }
        }
        (Flavor::V5, Api::Handler) => {
            if !option.is_empty() {
                for s in option {
                    out.secrets.push((s.clone(), SecretSource::Option));
                }
                return out;
            }
            // next-auth: `config.secret ??= AUTH_SECRET ?? NEXTAUTH_SECRET`.
            if let Some((value, source)) = var("AUTH_SECRET").or_else(|| var("NEXTAUTH_SECRET")) {
                note_both(&mut out, env, &source, "AUTH_SECRET", "NEXTAUTH_SECRET");
                if !value.is_empty() {
                    let numbered: Vec<String> = (1..=3)
                        .map(|i| format!("AUTH_SECRET_{i}"))
                        .filter(|n| env(n).is_some_and(|v| !v.is_empty()))
                        .collect();
                    if !numbered.is_empty() {
                        out.notes.push(ResolutionNote::NumberedIgnored {
                            ignored: numbered,
                            because: match &source {
                                SecretSource::Env(n) => n.clone(),
                                _ => String::new(),
                            },
                        });
                    }
                    push(&mut out, value, source);
                    return out;
                }
                // An empty string has no `length`: @auth/core falls through to its own list.
                if let SecretSource::Env(name) = source {
                    out.notes.push(ResolutionNote::EmptyVariable { name });
                }
            }
            // @auth/core: push AUTH_SECRET, then unshift _1, _2, _3 (truthy values only).
            let mut list: Vec<(Secret, SecretSource)> = Vec::new();
            if let Some((v, s)) = var("AUTH_SECRET").filter(|(v, _)| !v.is_empty()) {
                list.push((Secret::new(v), s));
            }
            for i in 1..=3 {
                if let Some((v, s)) = var(&format!("AUTH_SECRET_{i}")).filter(|(v, _)| !v.is_empty()) {
                    list.insert(0, (Secret::new(v), s));
                }
            }
            out.secrets = list;
        }
    }
    out
}

fn push(out: &mut Resolution, value: String, source: SecretSource) {
    if value.is_empty()
        && let SecretSource::Env(name) = &source
    {
        out.notes.push(ResolutionNote::EmptyVariable { name: name.clone() });
    }
    out.secrets.push((Secret::new(value), source));
}

fn note_both(out: &mut Resolution, env: &dyn Fn(&str) -> Option<String>, used: &SecretSource, a: &str, b: &str) {
    let SecretSource::Env(used_name) = used else { return };
    if let (Some(va), Some(vb)) = (env(a), env(b))
        && va != vb
    {
        let ignored = if used_name == a { b } else { a };
        out.notes.push(ResolutionNote::BothSetAndDiffer { used: used_name.clone(), ignored: ignored.to_owned() });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned())
    }

    fn sources(r: &Resolution) -> Vec<String> {
        r.secrets.iter().map(|(_, s)| s.to_string()).collect()
    }

    fn values(r: &Resolution) -> Vec<&str> {
        r.secrets.iter().map(|(s, _)| s.expose()).collect()
    }

    #[test]
    fn v4_option_then_nextauth_secret_then_auth_secret() {
        let env = env_of(&[("NEXTAUTH_SECRET", "n"), ("AUTH_SECRET", "a")]);
        let r = resolve(Flavor::V4, Api::Handler, &[Secret::new("opt")], None, &env);
        assert_eq!(sources(&r), ["the `secret` option"]);
        let r = resolve(Flavor::V4, Api::Handler, &[], None, &env);
        assert_eq!((values(&r), sources(&r)), (vec!["n"], vec!["env NEXTAUTH_SECRET".to_owned()]));
        assert_eq!(
            r.notes,
            [ResolutionNote::BothSetAndDiffer { used: "NEXTAUTH_SECRET".into(), ignored: "AUTH_SECRET".into() }]
        );
        let r = resolve(Flavor::V4, Api::GetToken, &[], None, &env_of(&[("AUTH_SECRET", "a")]));
        assert_eq!(sources(&r), ["env AUTH_SECRET"]);
        assert!(resolve(Flavor::V4, Api::GetToken, &[], None, &env_of(&[])).secrets.is_empty());
    }

    #[test]
    fn v4_deprecated_jwt_secret_wins_for_the_jwt_key() {
        let env = env_of(&[("NEXTAUTH_SECRET", "n")]);
        let r = resolve(Flavor::V4, Api::Handler, &[Secret::new("opt")], Some(&Secret::new("jwt")), &env);
        assert_eq!(values(&r), ["jwt"]);
        assert_eq!(r.notes, [ResolutionNote::JwtSecretOverrides]);
        // getToken never reads jwt.secret.
        let r = resolve(Flavor::V4, Api::GetToken, &[], Some(&Secret::new("jwt")), &env);
        assert_eq!(values(&r), ["n"]);
    }

    #[test]
    fn v4_empty_variable_is_used_and_noted() {
        let r =
            resolve(Flavor::V4, Api::GetToken, &[], None, &env_of(&[("NEXTAUTH_SECRET", ""), ("AUTH_SECRET", "a")]));
        assert_eq!(values(&r), [""]);
        assert!(r.notes.contains(&ResolutionNote::EmptyVariable { name: "NEXTAUTH_SECRET".into() }));
    }

    #[test]
    fn v5_auth_secret_then_nextauth_secret_and_numbered_ignored() {
        let env = env_of(&[("AUTH_SECRET", "s5"), ("AUTH_SECRET_1", "one")]);
        let r = resolve(Flavor::V5, Api::Handler, &[], None, &env);
        assert_eq!(values(&r), ["s5"]);
        assert_eq!(r.encrypting(), Some(&SecretSource::Env("AUTH_SECRET".into())));
        assert_eq!(
            r.notes,
            [ResolutionNote::NumberedIgnored { ignored: vec!["AUTH_SECRET_1".into()], because: "AUTH_SECRET".into() }]
        );
        let r = resolve(Flavor::V5, Api::Handler, &[], None, &env_of(&[("NEXTAUTH_SECRET", "legacy")]));
        assert_eq!(sources(&r), ["env NEXTAUTH_SECRET"]);
    }

    #[test]
    fn v5_core_list_highest_numbered_encrypts() {
        let env = env_of(&[("AUTH_SECRET_1", "one"), ("AUTH_SECRET_3", "three"), ("AUTH_SECRET_2", "")]);
        let r = resolve(Flavor::V5, Api::Handler, &[], None, &env);
        assert_eq!(values(&r), ["three", "one"]);
        assert_eq!(r.encrypting(), Some(&SecretSource::Env("AUTH_SECRET_3".into())));
        assert_eq!(r.decrypting(Flavor::V5).len(), 2);
        // AUTH_SECRET set to "" falls through to the numbered list (and is noted).
        let env = env_of(&[("AUTH_SECRET", ""), ("AUTH_SECRET_1", "one")]);
        let r = resolve(Flavor::V5, Api::Handler, &[], None, &env);
        assert_eq!(values(&r), ["one"]);
        assert!(r.notes.contains(&ResolutionNote::EmptyVariable { name: "AUTH_SECRET".into() }));
    }

    #[test]
    fn v5_get_token_has_no_env_defaults() {
        let env = env_of(&[("AUTH_SECRET", "s5")]);
        assert!(resolve(Flavor::V5, Api::GetToken, &[], None, &env).secrets.is_empty());
        let r = resolve(Flavor::V5, Api::GetToken, &[Secret::new("a"), Secret::new("b")], None, &env);
        assert_eq!(values(&r), ["a", "b"]);
    }
}
