//! Time as the core sees it: whole Unix seconds, always passed in, never read from a clock.
//!
//! The shells (CLI, GUI) read the wall clock once and hand a [`UnixTime`] to the core;
//! tests pin it. Formatting helpers here are pure as well.

use std::fmt;

/// Seconds since the Unix epoch, the unit `NextAuth` uses for `iat`, `exp` and `nbf`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct UnixTime(pub i64);

/// The clock tolerance both `next-auth@4` and `@auth/core` pass to jose (`clockTolerance: 15`).
pub const LIBRARY_CLOCK_TOLERANCE_SECS: i64 = 15;

impl UnixTime {
    /// Reads the system clock. Only the shells call this.
    #[must_use]
    pub fn now_from_system() -> Self {
        Self(chrono::Utc::now().timestamp())
    }

    /// Seconds from `self` to `later` (negative when `later` is earlier).
    #[must_use]
    pub fn secs_until(self, later: Self) -> i64 {
        later.0.saturating_sub(self.0)
    }

    /// This instant plus `secs` (saturating).
    #[must_use]
    pub fn plus_secs(self, secs: i64) -> Self {
        Self(self.0.saturating_add(secs))
    }

    /// `2026-01-01 00:00:00 UTC`, or the raw number when out of chrono's range.
    #[must_use]
    pub fn to_utc_string(self) -> String {
        chrono::DateTime::from_timestamp(self.0, 0)
            .map_or_else(|| format!("{} (out of range)", self.0), |dt| dt.format("%Y-%m-%d %H:%M:%S UTC").to_string())
    }
}

impl fmt::Display for UnixTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A duration in words, largest unit only: `30 days`, `1 h`, `45 s`.
#[must_use]
pub fn human_duration(secs: i64) -> String {
    let secs = secs.unsigned_abs();
    let (value, unit, plural) = if secs >= 86_400 * 365 {
        (secs / (86_400 * 365), "year", true)
    } else if secs >= 86_400 {
        (secs / 86_400, "day", true)
    } else if secs >= 3_600 {
        (secs / 3_600, "h", false)
    } else if secs >= 60 {
        (secs / 60, "min", false)
    } else {
        (secs, "s", false)
    };
    if plural && value != 1 { format!("{value} {unit}s") } else { format!("{value} {unit}") }
}

/// A duration in words with two units where it matters: `3 h 12 min`, `29 days 4 h`, `45 s`.
#[must_use]
pub fn human_duration_precise(secs: i64) -> String {
    let secs = secs.unsigned_abs();
    let units: [(u64, &str, bool); 5] =
        [(86_400 * 365, "year", true), (86_400, "day", true), (3_600, "h", false), (60, "min", false), (1, "s", false)];
    let word = |value: u64, unit: &str, plural: bool| {
        if plural && value != 1 { format!("{value} {unit}s") } else { format!("{value} {unit}") }
    };
    for (i, &(size, unit, plural)) in units.iter().enumerate() {
        if secs >= size || size == 1 {
            let value = secs / size;
            let rest = secs % size;
            let Some(&(next, next_unit, next_plural)) = units.get(i + 1) else { return word(value, unit, plural) };
            let minor = rest / next;
            return if minor == 0 {
                word(value, unit, plural)
            } else {
                format!("{} {}", word(value, unit, plural), word(minor, next_unit, next_plural))
            };
        }
    }
    "0 s".to_owned()
}

/// `at` relative to `now`: `in 29 days`, `3 min ago`, `now`.
#[must_use]
pub fn relative(at: UnixTime, now: UnixTime) -> String {
    let delta = now.secs_until(at);
    match delta.cmp(&0) {
        std::cmp::Ordering::Equal => "now".to_owned(),
        std::cmp::Ordering::Greater => format!("in {}", human_duration(delta)),
        std::cmp::Ordering::Less => format!("{} ago", human_duration(delta)),
    }
}

/// Parses an instant typed by a user, in UTC: `2026-01-31 12:00:00`, `2026-01-31 12:00`,
/// `2026-01-31`, RFC 3339 (`2026-01-31T12:00:00+01:00`), or Unix seconds.
#[must_use]
pub fn parse_instant(text: &str) -> Option<UnixTime> {
    let text = text.trim();
    if let Ok(secs) = text.parse::<i64>() {
        return Some(UnixTime(secs));
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(UnixTime(dt.timestamp()));
    }
    let text = text.trim_end_matches(" UTC").trim_end_matches('Z');
    for format in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"] {
        if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(text, format) {
            return Some(UnixTime(dt.and_utc().timestamp()));
        }
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|dt| UnixTime(dt.and_utc().timestamp()))
}

/// Parses a duration such as `30d`, `+30d`, `-5m`, `12h`, `90s` or a bare number of seconds.
#[must_use]
pub fn parse_duration_secs(text: &str) -> Option<i64> {
    let text = text.trim();
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text.strip_prefix('+').unwrap_or(text)),
    };
    let split = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    let (digits, unit) = rest.split_at(split);
    let value: i64 = digits.parse().ok()?;
    let factor = match unit.trim() {
        "" | "s" | "sec" | "secs" => 1,
        "m" | "min" | "mins" => 60,
        "h" | "hour" | "hours" => 3_600,
        "d" | "day" | "days" => 86_400,
        "w" | "week" | "weeks" => 604_800,
        _ => return None,
    };
    value.checked_mul(factor).map(|v| v * sign)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_times_read_naturally() {
        let now = UnixTime(1_000_000);
        assert_eq!(relative(now.plus_secs(29 * 86_400 + 5), now), "in 29 days");
        assert_eq!(relative(now.plus_secs(-180), now), "3 min ago");
        assert_eq!(relative(now, now), "now");
        assert_eq!(relative(now.plus_secs(86_400), now), "in 1 day");
    }

    #[test]
    fn precise_durations_keep_two_units() {
        assert_eq!(human_duration_precise(3 * 3600 + 12 * 60 + 5), "3 h 12 min");
        assert_eq!(human_duration_precise(29 * 86_400 + 4 * 3600), "29 days 4 h");
        assert_eq!(human_duration_precise(86_400), "1 day");
        assert_eq!(human_duration_precise(-45), "45 s");
        assert_eq!(human_duration_precise(0), "0 s");
        assert_eq!(human_duration_precise(61), "1 min 1 s");
        assert!(!human_duration_precise(i64::MIN).is_empty());
    }

    #[test]
    fn durations_parse_with_units_and_signs() {
        assert_eq!(parse_duration_secs("+30d"), Some(2_592_000));
        assert_eq!(parse_duration_secs("-5m"), Some(-300));
        assert_eq!(parse_duration_secs("90"), Some(90));
        assert_eq!(parse_duration_secs("3x"), None);
        assert_eq!(parse_duration_secs("99999999999999999999d"), None);
    }

    #[test]
    fn instants_parse_in_several_forms() {
        assert_eq!(parse_instant("2026-01-01 00:00:00"), Some(UnixTime(1_767_225_600)));
        assert_eq!(parse_instant("2026-01-01 00:00:00 UTC"), Some(UnixTime(1_767_225_600)));
        assert_eq!(parse_instant("2026-01-01T01:00:00+01:00"), Some(UnixTime(1_767_225_600)));
        assert_eq!(parse_instant("2026-01-01 00:01"), Some(UnixTime(1_767_225_660)));
        assert_eq!(parse_instant("2026-01-01"), Some(UnixTime(1_767_225_600)));
        assert_eq!(parse_instant("1767225600"), Some(UnixTime(1_767_225_600)));
        assert_eq!(parse_instant("soon"), None);
    }

    #[test]
    fn utc_string_handles_out_of_range() {
        assert_eq!(UnixTime(0).to_utc_string(), "1970-01-01 00:00:00 UTC");
        assert!(UnixTime(i64::MAX).to_utc_string().contains("out of range"));
    }
}
