//! The live working set (procedures::engine::working_set): a desk that keeps its
//! evaluation between refreshes, evaluating again only the children an event touched
//! or whose next deadline, opening or escalation the clock reached, must show exactly
//! what a whole evaluation of the record gives, after any sequence of events: in time
//! order or entered late, corrected, voided, merged, and as the clock moves on; and the
//! board it keeps up to date (views::board_update) must be the board built afresh.

use chrono::{DateTime, Duration, Utc};
use dutyboard::calendar::Calendar;
use dutyboard::procedures::engine::evaluate_live_with;
use dutyboard::procedures::engine::working_set::WorkingSet;
use dutyboard::procedures::{Evaluation, Policy};
use dutyboard::record::follow::Follower;
use dutyboard::record::{import, state_at, Store};
use dutyboard::views::board::{self, Board};
use dutyboard::views::board_update::Keeper;
use dutyboard::views::detail::{choices, ChildChoice};
use proptest::prelude::*;
use rustc_hash::FxHashSet;

const CHILDREN: usize = 4;

fn start() -> DateTime<Utc> {
    "2026-03-02T08:00:00Z".parse().unwrap()
}

/// One thing that happens at the desk.
#[derive(Debug, Clone)]
enum Step {
    /// The clock moves on this many minutes.
    Wait(i64),
    /// A child goes missing (`late` minutes before the clock).
    Report { child: usize, late: i64, high: bool },
    /// An action on an episode is recorded done (`late` minutes before the clock).
    Complete {
        episode: usize,
        rule: usize,
        late: i64,
    },
    /// A child comes back.
    Return { episode: usize, late: i64 },
    /// The risk of an episode is raised.
    RaiseRisk { episode: usize, late: i64 },
    /// The report's last-seen time was wrong: it was earlier.
    Correct { episode: usize, earlier: i64 },
    /// An event stored earlier was entered in error.
    Void { event: usize },
    /// Two registrations were the same child.
    Merge { child: usize, into: usize },
    /// The detail panes show every instance of these children (a bit per child).
    Show(u8),
}

fn step() -> impl Strategy<Value = Step> {
    let c = 0..CHILDREN;
    prop_oneof![
        3 => (1i64..2_000).prop_map(Step::Wait),
        // Weeks: a returned episode's open actions fall long past (the backlog).
        1 => (20_000i64..60_000).prop_map(Step::Wait),
        3 => (c.clone(), 0i64..600, any::<bool>())
            .prop_map(|(child, late, high)| Step::Report { child, late, high }),
        3 => (0usize..8, 0usize..12, 0i64..300)
            .prop_map(|(episode, rule, late)| Step::Complete { episode, rule, late }),
        2 => (0usize..8, 0i64..300).prop_map(|(episode, late)| Step::Return { episode, late }),
        1 => (0usize..8, 0i64..300).prop_map(|(episode, late)| Step::RaiseRisk { episode, late }),
        1 => (0usize..8, 1i64..600).prop_map(|(episode, earlier)| Step::Correct { episode, earlier }),
        1 => (0usize..40).prop_map(|event| Step::Void { event }),
        1 => (c.clone(), c).prop_map(|(child, into)| Step::Merge { child, into }),
        1 => any::<u8>().prop_map(Step::Show),
    ]
}

fn at(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A desk following its record with a working set, beside the record itself.
struct Desk {
    _dir: tempfile::TempDir,
    store: Store,
    policy: Policy,
    calendar: Calendar,
    follower: Follower,
    working: WorkingSet,
    now: DateTime<Utc>,
    episodes: usize,
    ids: Vec<String>,
    shown: FxHashSet<String>,
    /// The board as the live desk keeps it (views::board_update), and its last.
    keeper: Keeper,
    board: Option<Board>,
    children: Option<Vec<ChildChoice>>,
}

impl Desk {
    fn new() -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let policy = Policy::shipped("cumbria").unwrap();
        let mut store = Store::create(&dir.path().join("record.db")).unwrap();
        let registered = start() - Duration::days(30);
        store
            .initialise(&policy.name, &policy.text, registered)
            .unwrap();
        let lines: String = (0..CHILDREN)
            .map(|c| {
                format!(
                    r#"{{"type":"child_registered","at":"{}","by":"Day Officer","child":"C{c}","name":"Child {c}","dob":"201{c}-04-02","status":"looked_after"}}
"#,
                    at(registered)
                )
            })
            .collect();
        import(
            &mut store,
            lines.as_bytes(),
            &policy,
            "Day Officer",
            start(),
        )
        .unwrap();
        let follower = Follower::open(&store, start()).unwrap();
        Desk {
            _dir: dir,
            store,
            policy,
            calendar: Calendar::embedded(),
            follower,
            working: WorkingSet::new(),
            now: start(),
            episodes: 0,
            ids: Vec::new(),
            shown: FxHashSet::default(),
            keeper: Keeper::new(),
            board: None,
            children: None,
        }
    }

    /// Records one line (a refusal is as good as nothing happening), with an id.
    fn record(&mut self, line: String) {
        let id = format!("X{}", self.ids.len());
        let line = format!(r#"{{"id":"{id}",{}"#, &line[1..]);
        if import(
            &mut self.store,
            line.as_bytes(),
            &self.policy,
            "Officer",
            self.now,
        )
        .is_ok()
        {
            self.ids.push(id);
        }
    }

    fn episode(&self, k: usize) -> Option<String> {
        (self.episodes > 0).then(|| format!("E{}", k % self.episodes))
    }

    fn apply(&mut self, step: &Step) {
        let rules: Vec<String> = self.policy.rules.iter().map(|r| r.id.clone()).collect();
        let ago = |m: &i64| at(self.now - Duration::minutes(*m));
        match step {
            Step::Wait(m) => self.now += Duration::minutes(*m),
            Step::Report { child, late, high } => {
                let e = self.episodes;
                let risk = if *high { "high" } else { "medium" };
                let line = format!(
                    r#"{{"type":"episode_reported","at":"{}","episode":"E{e}","child":"C{child}","last_seen_at":"{}","category":"missing","risk":"{risk}"}}"#,
                    ago(late),
                    ago(&(late + 30))
                );
                let before = self.ids.len();
                self.record(line);
                if self.ids.len() > before {
                    self.episodes += 1;
                }
            }
            Step::Complete {
                episode,
                rule,
                late,
            } => {
                if let Some(e) = self.episode(*episode) {
                    let rule = &rules[rule % rules.len()];
                    self.record(format!(
                        r#"{{"type":"action_completed","at":"{}","episode":"{e}","rule":"{rule}"}}"#,
                        ago(late)
                    ));
                }
            }
            Step::Return { episode, late } => {
                if let Some(e) = self.episode(*episode) {
                    self.record(format!(
                        r#"{{"type":"child_returned","at":"{}","episode":"{e}","location_found":"Home"}}"#,
                        ago(late)
                    ));
                }
            }
            Step::RaiseRisk { episode, late } => {
                if let Some(e) = self.episode(*episode) {
                    self.record(format!(
                        r#"{{"type":"risk_changed","at":"{}","episode":"{e}","risk":"high","reason":"Seen with an older adult"}}"#,
                        ago(late)
                    ));
                }
            }
            Step::Correct { episode, earlier } => {
                if let Some(e) = self.episode(*episode) {
                    let reported = self
                        .follower
                        .state
                        .episode(&e)
                        .map(|e| e.last_seen_at)
                        .unwrap_or(self.now);
                    self.record(format!(
                        r#"{{"type":"episode_corrected","at":"{}","episode":"{e}","reason":"Misheard","last_seen_at":"{}"}}"#,
                        at(self.now),
                        at(reported - Duration::minutes(*earlier))
                    ));
                }
            }
            Step::Void { event } => {
                if !self.ids.is_empty() {
                    let target = self.ids[event % self.ids.len()].clone();
                    self.record(format!(
                        r#"{{"type":"event_voided","at":"{}","event":"{target}","reason":"Entered in error"}}"#,
                        at(self.now)
                    ));
                }
            }
            Step::Merge { child, into } => self.record(format!(
                r#"{{"type":"children_merged","at":"{}","child":"C{child}","into":"C{into}","reason":"Registered twice"}}"#,
                at(self.now)
            )),
            Step::Show(bits) => {
                self.shown = (0..CHILDREN)
                    .filter(|c| bits & (1 << c) != 0)
                    .map(|c| format!("C{c}"))
                    .collect();
            }
        }
    }

    /// As the live board's refresh: read what is new, fold what the clock reached,
    /// evaluate again what that touched, and bring the board up to date; with the
    /// board built from nothing on the same evaluation, both as JSON.
    fn refresh(&mut self) -> (Evaluation, String, String) {
        self.follower.read_new(&self.store, self.now).unwrap();
        let touched = self.follower.take_touched();
        if touched.all {
            self.working.touch_all();
        }
        for c in &touched.children {
            self.working.touch(c);
        }
        let shown: FxHashSet<&str> = self.shown.iter().map(String::as_str).collect();
        let kept = self
            .working
            .evaluate(
                &self.follower.state,
                &self.policy,
                &self.calendar,
                self.now,
                &shown,
            )
            .clone();
        let changed = self.working.take_changed();
        let state = &self.follower.state;
        let children = choices(state, self.children.take(), changed.as_ref());
        let all = choices(state, None, None);
        assert_eq!(children, all, "the children's list kept up to date");
        self.children = Some(children);
        let board =
            (self.keeper).board(state, &kept, self.now, self.board.take(), changed.as_ref());
        let whole = board::build(state, &kept, self.now, false);
        let json = |b: &Board| serde_json::to_string_pretty(b).unwrap();
        let (kept_board, whole_board) = (json(&board), json(&whole));
        self.board = Some(board);
        (kept, kept_board, whole_board)
    }

    /// The whole record folded afresh and evaluated in one go.
    fn whole(&self) -> Evaluation {
        let state = state_at(&self.store, Some(self.now)).unwrap();
        evaluate_live_with(&state, &self.policy, &self.calendar, self.now, &|c| {
            self.shown.contains(&c.reference)
        })
    }
}

fn assert_same(kept: &Evaluation, whole: &Evaluation, after: &[Step]) {
    assert_eq!(kept.instances, whole.instances, "instances after {after:?}");
    assert_eq!(
        kept.violations, whole.violations,
        "violations after {after:?}"
    );
    assert_eq!(kept.errors, whole.errors, "errors after {after:?}");
    assert_eq!(
        kept.off_daily_report, whole.off_daily_report,
        "the daily report's exceptions after {after:?}"
    );
    assert_eq!(kept.governed, whole.governed, "who governs after {after:?}");
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(48),
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_working_set_agrees_with_a_whole_evaluation_after_any_events(
        steps in proptest::collection::vec(step(), 1..24)
    ) {
        let mut desk = Desk::new();
        for (k, s) in steps.iter().enumerate() {
            desk.apply(s);
            let (kept, board, whole_board) = desk.refresh();
            assert_same(&kept, &desk.whole(), &steps[..=k]);
            assert_eq!(board, whole_board, "the board kept up to date after {:?}", &steps[..=k]);
        }
    }
}

/// A settled child costs nothing: once its episode is returned and every action
/// dealt with, a refresh with no new event evaluates no child at all.
#[test]
fn a_refresh_with_nothing_new_and_no_deadline_passed_evaluates_no_child() {
    let mut desk = Desk::new();
    desk.apply(&Step::Report {
        child: 0,
        late: 0,
        high: false,
    });
    desk.refresh();
    assert!(desk.working.last_evaluated >= 1, "the report is evaluated");
    desk.refresh();
    assert_eq!(
        desk.working.last_evaluated, 0,
        "nothing changed and the clock stood still"
    );
    desk.apply(&Step::Wait(60 * 24 * 400));
    desk.refresh();
    assert_eq!(
        desk.working.last_evaluated, 1,
        "the child's deadlines passed: that child alone is evaluated again"
    );
}

/// An event entered late sends the follower back to fold afresh; what it changed is
/// found child by child, so only the child it names is evaluated again (every later
/// place in the fold moved, which is not a change).
#[test]
fn an_event_entered_late_touches_only_the_child_it_names() {
    let mut desk = Desk::new();
    desk.apply(&Step::Report {
        child: 0,
        late: 300,
        high: false,
    });
    desk.apply(&Step::Report {
        child: 1,
        late: 0,
        high: false,
    });
    desk.refresh();
    desk.apply(&Step::RaiseRisk {
        episode: 0,
        late: 120,
    });
    desk.follower.read_new(&desk.store, desk.now).unwrap();
    let touched = desk.follower.take_touched();
    assert!(
        !touched.all,
        "a late entry is not a reason to read everything"
    );
    assert_eq!(
        touched.children,
        ["C0".to_string()].into_iter().collect(),
        "E0's child alone"
    );
}

/// A merge touches the duplicate and the child kept.
#[test]
fn a_merge_touches_the_duplicate_and_the_child_kept() {
    let mut desk = Desk::new();
    desk.apply(&Step::Report {
        child: 2,
        late: 0,
        high: false,
    });
    desk.refresh();
    desk.apply(&Step::Merge { child: 2, into: 0 });
    desk.follower.read_new(&desk.store, desk.now).unwrap();
    let touched = desk.follower.take_touched();
    assert!(!touched.all);
    assert_eq!(
        touched.children,
        ["C0".to_string(), "C2".to_string()].into_iter().collect()
    );
}
