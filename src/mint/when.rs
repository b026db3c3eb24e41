//! Instants as a developer types them for `iat`, `exp` and `nbf`.
//!
//! Accepted, relative to the `now` passed in: `now`, `+30d`, `-5m`, `+12h`, `+90s`, `+2w`
//! (the units of [`crate::time::parse_duration_secs`]). Absolute: bare UNIX seconds
//! (`1767225600`), an RFC 3339 date-time (`2026-01-31T12:00:00Z`, any offset), a date
//! (`2026-01-31`, midnight UTC) or `2026-01-31 12:00[:00]` (UTC).

use crate::time::{UnixTime, parse_duration_secs};

/// Why a time did not parse (the text is echoed; it is never a secret).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a time: use +30d / -5m / now, UNIX seconds, 2026-01-31 or 2026-01-31T12:00:00Z")]
pub struct WhenError {
    /// What was typed.
    pub text: String,
}

/// Parses `text` relative to `now`.
pub fn parse_when(text: &str, now: UnixTime) -> Result<UnixTime, WhenError> {
    let t = text.trim();
    let err = || WhenError { text: t.to_owned() };
    if t.eq_ignore_ascii_case("now") {
        return Ok(now);
    }
    if t.starts_with(['+', '-']) && t[1..].starts_with(|c: char| c.is_ascii_digit()) {
        // `-1767225600` (a negative UNIX time) has no unit and is read as a duration,
        // which is what someone typing `-90` means.
        return parse_duration_secs(t).and_then(|d| now.0.checked_add(d)).map(UnixTime).ok_or_else(err);
    }
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse::<i64>().map(UnixTime).map_err(|_| err());
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(t) {
        return Ok(UnixTime(dt.timestamp()));
    }
    for format in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"] {
        if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(t, format) {
            return Ok(UnixTime(dt.and_utc().timestamp()));
        }
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0).map(|dt| UnixTime(dt.and_utc().timestamp())).ok_or_else(err);
    }
    Err(err())
}

/// A duration as the shortest exact `+Nd` / `+Nh` / `+Nm` / `+Ns` text (`-` when negative):
/// what the form shows for the config's max age.
#[must_use]
pub fn duration_text(secs: i64) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.unsigned_abs();
    for (unit, factor) in [("d", 86_400), ("h", 3_600), ("m", 60)] {
        if abs >= factor && abs.is_multiple_of(factor) {
            return format!("{sign}{}{unit}", abs / factor);
        }
    }
    format!("{sign}{abs}s")
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: UnixTime = UnixTime(1_767_225_600); // 2026-01-01T00:00:00Z

    #[test]
    fn relative_times_count_from_now() {
        assert_eq!(parse_when("+30d", NOW), Ok(UnixTime(NOW.0 + 2_592_000)));
        assert_eq!(parse_when(" -5m ", NOW), Ok(UnixTime(NOW.0 - 300)));
        assert_eq!(parse_when("+12h", NOW), Ok(UnixTime(NOW.0 + 43_200)));
        assert_eq!(parse_when("now", NOW), Ok(NOW));
        assert_eq!(parse_when("-90", NOW), Ok(UnixTime(NOW.0 - 90)));
    }

    #[test]
    fn absolute_times_in_every_accepted_form() {
        assert_eq!(parse_when("1767225600", NOW), Ok(NOW));
        assert_eq!(parse_when("2026-01-31", NOW), Ok(UnixTime(1_769_817_600)));
        assert_eq!(parse_when("2026-01-31 12:00", NOW), Ok(UnixTime(1_769_860_800)));
        assert_eq!(parse_when("2026-01-31T12:00:00Z", NOW), Ok(UnixTime(1_769_860_800)));
        assert_eq!(parse_when("2026-01-31T13:00:00+01:00", NOW), Ok(UnixTime(1_769_860_800)));
    }

    #[test]
    fn garbage_and_overflow_are_errors_not_panics() {
        for bad in ["", "+", "soon", "+3x", "2026-13-01", "+99999999999999999999d", "99999999999999999999", "+٣d"] {
            assert!(parse_when(bad, NOW).is_err(), "{bad:?}");
        }
        assert_eq!(parse_when("+9223372036854775807s", UnixTime(1)).unwrap_err().text, "+9223372036854775807s");
    }

    #[test]
    fn durations_print_in_the_largest_exact_unit() {
        assert_eq!(duration_text(2_592_000), "+30d");
        assert_eq!(duration_text(3_600), "+1h");
        assert_eq!(duration_text(-300), "-5m");
        assert_eq!(duration_text(90), "+90s");
        assert_eq!(duration_text(0), "+0s");
    }
}
