//! The one clock tolerance (INTERFACE, "Clocks"): desks, police systems and phones
//! disagree by seconds or minutes, so an event up to five minutes ahead of the desk's
//! clock is taken as "now"; further ahead is a wrong clock or a wrong entry, refused
//! with the skew named.

use chrono::{DateTime, Duration, Utc};

/// How far ahead of the desk's clock an event may be dated.
pub const TOLERANCE: Duration = Duration::minutes(5);

/// `None` when `t` is within the tolerance of `now`; else why it is refused.
pub fn too_far_ahead(t: DateTime<Utc>, now: DateTime<Utc>) -> Option<String> {
    (t - now > TOLERANCE).then(|| {
        format!(
            "is in the future: {} ahead of this desk's clock ({}), more than the 5 minutes allowed for clocks that differ",
            skew(t - now),
            crate::calendar::time::rfc(now)
        )
    })
}

/// A skew in the largest whole unit a duty officer would say.
pub fn skew(d: Duration) -> String {
    let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    if d.num_days() >= 1 {
        plural(d.num_days(), "day")
    } else if d.num_hours() >= 1 {
        plural(d.num_hours(), "hour")
    } else if d.num_minutes() >= 1 {
        plural(d.num_minutes(), "minute")
    } else {
        plural(d.num_seconds(), "second")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_minutes_ahead_is_within_and_a_second_more_is_not() {
        let now: DateTime<Utc> = "2026-01-11T10:00:00Z".parse().unwrap();
        assert_eq!(too_far_ahead(now + TOLERANCE, now), None);
        let why = too_far_ahead(now + TOLERANCE + Duration::seconds(1), now).unwrap();
        assert!(why.contains("5 minutes ahead"), "{why}");
        assert_eq!(skew(Duration::hours(49)), "2 days");
    }
}
