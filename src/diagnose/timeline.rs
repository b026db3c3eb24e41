//! The token's life on one axis: `iat`, `nbf`, `exp`, the last second the 15 s tolerance
//! still accepts, the session max age and update age counted from `iat`, and `now`.
//! Pure data: the CLI prints it, the GUI draws it.

use serde_json::{Map, Value};

use crate::config::Config;
use crate::time::{LIBRARY_CLOCK_TOLERANCE_SECS, UnixTime};
use crate::token::Flavor;
use crate::token::claims::time_claim;

/// What a mark is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    /// `iat`.
    Iat,
    /// `nbf`.
    Nbf,
    /// `exp`.
    Exp,
    /// `exp + tolerance − 1`: the last whole second the library accepts.
    LastAccepted,
    /// `iat + session.maxAge`: when the session cookie itself expires if never refreshed.
    SessionMaxAge,
    /// `iat + session.updateAge` (used by database sessions only).
    UpdateAge,
    /// The evaluation instant.
    Now,
}

/// One point on the axis.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Mark {
    /// What it is.
    pub kind: MarkKind,
    /// When.
    pub at: UnixTime,
    /// `at − now`, seconds (negative: in the past).
    pub offset_secs: i64,
}

/// Where `now` falls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Before `nbf − tolerance`.
    NotYetValid,
    /// Accepted, `exp` not reached (or no `exp`).
    Valid,
    /// Past `exp` but within the tolerance: still accepted.
    Grace,
    /// Rejected as expired.
    Expired,
}

/// The timeline.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Timeline {
    /// The evaluation instant.
    pub now: UnixTime,
    /// The libraries' clock tolerance (15 s; 0 for v3).
    pub tolerance_secs: i64,
    /// Marks in time order (`now` included).
    pub marks: Vec<Mark>,
    /// Where `now` falls.
    pub phase: Phase,
    /// Earliest and latest mark: the span a slider covers.
    pub span: (UnixTime, UnixTime),
}

impl Timeline {
    /// The mark of a kind, if present.
    #[must_use]
    pub fn mark(&self, kind: MarkKind) -> Option<&Mark> {
        self.marks.iter().find(|m| m.kind == kind)
    }
}

/// Builds the timeline for a token's claims under `config` at `now`.
#[must_use]
pub fn timeline(claims: &Map<String, Value>, config: &Config, flavor: Flavor, now: UnixTime) -> Timeline {
    let tolerance = if flavor == Flavor::V3 { 0 } else { LIBRARY_CLOCK_TOLERANCE_SECS };
    let mut marks = Vec::new();
    let mut push = |kind, at: UnixTime| marks.push(Mark { kind, at, offset_secs: now.secs_until(at) });
    let iat = time_claim(claims, "iat");
    let nbf = time_claim(claims, "nbf");
    let exp = time_claim(claims, "exp");
    if let Some(t) = iat {
        push(MarkKind::Iat, t);
        push(MarkKind::SessionMaxAge, t.plus_secs(config.session.max_age_secs));
        push(MarkKind::UpdateAge, t.plus_secs(config.session.update_age_secs));
    }
    if let Some(t) = nbf {
        push(MarkKind::Nbf, t);
    }
    if let Some(t) = exp {
        push(MarkKind::Exp, t);
        push(MarkKind::LastAccepted, t.plus_secs((tolerance - 1).max(0)));
    }
    push(MarkKind::Now, now);
    marks.sort_by_key(|m| (m.at, m.kind == MarkKind::Now));
    let phase = match (nbf, exp) {
        (Some(n), _) if n.0 > now.0.saturating_add(tolerance) => Phase::NotYetValid,
        (_, Some(e)) if e.0 <= now.0.saturating_sub(tolerance) => Phase::Expired,
        (_, Some(e)) if e.0 <= now.0 => Phase::Grace,
        _ => Phase::Valid,
    };
    let span = (marks.first().map_or(now, |m| m.at), marks.last().map_or(now, |m| m.at));
    Timeline { now, tolerance_secs: tolerance, marks, phase, span }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn claims(v: &Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn marks_are_ordered_with_offsets_and_the_grace_boundary() {
        let c = claims(&json!({"iat": 1000, "exp": 2000}));
        let t = timeline(&c, &Config::default(), Flavor::V5, UnixTime(2010));
        assert_eq!(t.phase, Phase::Grace);
        assert_eq!(t.mark(MarkKind::LastAccepted).unwrap().at, UnixTime(2014));
        assert_eq!(t.mark(MarkKind::Exp).unwrap().offset_secs, -10);
        let kinds: Vec<MarkKind> = t.marks.iter().map(|m| m.kind).collect();
        assert_eq!(
            kinds,
            [
                MarkKind::Iat,
                MarkKind::Exp,
                MarkKind::Now,
                MarkKind::LastAccepted,
                MarkKind::UpdateAge,
                MarkKind::SessionMaxAge
            ]
        );
        assert_eq!(timeline(&c, &Config::default(), Flavor::V5, UnixTime(2015)).phase, Phase::Expired);
        assert_eq!(timeline(&c, &Config::default(), Flavor::V5, UnixTime(1500)).phase, Phase::Valid);
        let future = claims(&json!({"nbf": 5000}));
        assert_eq!(timeline(&future, &Config::default(), Flavor::V4, UnixTime(4984)).phase, Phase::NotYetValid);
        assert_eq!(timeline(&future, &Config::default(), Flavor::V4, UnixTime(4985)).phase, Phase::Valid);
    }

    #[test]
    fn extreme_claims_do_not_overflow() {
        let c = claims(&json!({"iat": i64::MAX, "exp": i64::MIN}));
        let t = timeline(&c, &Config::default(), Flavor::V5, UnixTime(0));
        assert_eq!(t.phase, Phase::Expired);
    }
}
