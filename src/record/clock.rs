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

/// Events further ahead than this are named in a banner: a desk whose clock is behind
/// the record's is a wrong clock, and its officer must know (a few seconds between
/// desks is not worth a banner; the events are shown either way).
pub const NOTICE: Duration = Duration::minutes(1);

/// Events stored with a time after the desk's clock (issue 13 D7): never hidden, shown
/// as now, and named in a banner so the officer knows this desk's clock is behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockSkew {
    pub events: usize,
    pub latest_at: DateTime<Utc>,
    pub latest_by: String,
    pub now: DateTime<Utc>,
}

impl ClockSkew {
    /// The skew the events dated after `now` show, if any is more than [`NOTICE`] ahead.
    pub fn of<'a>(
        ahead: impl IntoIterator<Item = (DateTime<Utc>, &'a str)>,
        now: DateTime<Utc>,
    ) -> Option<ClockSkew> {
        let mut skew: Option<ClockSkew> = None;
        for (at, by) in ahead.into_iter().filter(|(at, _)| *at > now) {
            let s = skew.get_or_insert_with(|| ClockSkew {
                events: 0,
                latest_at: at,
                latest_by: by.to_string(),
                now,
            });
            s.events += 1;
            if at >= s.latest_at {
                s.latest_at = at;
                s.latest_by = by.to_string();
            }
        }
        skew.filter(|s| s.latest_at - now > NOTICE)
    }

    /// The banner's words.
    pub fn banner(&self) -> String {
        format!(
            "{} event(s) are dated after this desk's clock ({}); the latest, by {}, at {}, is {} ahead: this computer's clock may be behind (they are shown as now)",
            self.events,
            crate::calendar::time::when_full(self.now),
            self.latest_by,
            crate::calendar::time::when_full(self.latest_at),
            skew(self.latest_at - self.now)
        )
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

    #[test]
    fn a_banner_names_the_latest_event_ahead_only_beyond_a_minute() {
        let now: DateTime<Utc> = "2026-01-11T10:00:00Z".parse().unwrap();
        let soon = now + Duration::seconds(30);
        assert_eq!(ClockSkew::of([(soon, "A")], now), None);
        let late = now + Duration::hours(49);
        let s = ClockSkew::of([(soon, "A"), (late, "B"), (now, "C")], now).unwrap();
        assert_eq!((s.events, s.latest_by.as_str()), (2, "B"));
        assert!(s.banner().contains("2 days ahead"), "{}", s.banner());
    }
}
