//! The keyboard panes that write events. Each form is a list of fields; submitting
//! turns it into typed new events (one file per form says how), which the desk
//! records through the same checks as `import` (`Desk::record`). Whatever the
//! record refuses is shown in place, beside the field it names.
//!
//! A new form is its own file, declaring a [`Spec`] (title, what it acts on, its
//! fields, its events), and one line in the [`forms!`] list below.

pub mod confirm;
pub mod field;
pub mod form;
pub mod moved;
pub mod plain;
pub mod time;

pub use crate::calendar::time::rfc;
pub use field::{Field, Input, Opt};
pub use form::{multi_line, one_line, Form, FormOutcome, Subject};
pub use time::{local_input, parse_ahead, parse_time};

use crate::record::{NewEvent, Notification};
use crate::triage::pending::TriageItem;
use crate::views::detail::{EpisodeDetail, PolicyInfo, Snapshot};
use chrono::{DateTime, Utc};

/// The forms, file by file: `file { Kind => SPEC, … }` declares the file's module,
/// the kinds it holds and the [`Spec`] of each. The order is the help screen's.
macro_rules! forms {
    ($( $file:ident { $( $(#[$doc:meta])* $kind:ident => $spec:ident ),+ } )+) => {
        $( pub mod $file; )+

        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum FormKind { $( $( $(#[$doc])* $kind, )+ )+ }

        impl FormKind {
            pub const ALL: &'static [FormKind] = &[ $( $( FormKind::$kind, )+ )+ ];

            /// How this kind of form is built.
            pub fn spec(self) -> &'static Spec {
                match self { $( $( FormKind::$kind => &$file::$spec, )+ )+ }
            }
        }
    };
}

forms! {
    report { Report => SPEC }
    update { Update => SPEC }
    police { Police => SPEC }
    risk { Risk => SPEC }
    action { Complete => COMPLETE, Waive => WAIVE }
    returned { Return => SPEC }
    rhi { RhiAttempt => ATTEMPT, RhiDeclined => DECLINED }
    link { Link => SPEC }
    details { Details => SPEC }
    acknowledge { Acknowledge => SPEC }
    assign {
        /// `O`: who owns the episode from now on.
        Assign => SPEC
    }
    shift {
        /// `S` in the handover pane: a shift begins (ends at, duty manager).
        Shift => SPEC
    }
    child {
        /// `E`: the child's details, changed now or as it always was.
        EditChild => SPEC
    }
    correct {
        /// `C`: the episode recorded wrongly, or changed now.
        Correct => SPEC
    }
    void {
        /// `X`: a timeline entry made in error.
        Void => SPEC
    }
    merge {
        /// `M`: two records of one child.
        Merge => SPEC
    }
    triage {
        /// MASH triage of the police notification selected in the triage pane.
        TriageAccept => ACCEPT,
        TriageNew => NEW_CHILD,
        TriageDismiss => DISMISS,
        TriageRate => RATE,
        TriageDecide => DECIDE
    }
}

/// One kind of form, as its own file declares it.
pub struct Spec {
    pub title: &'static str,
    /// The event it writes, in words, for the confirmation line.
    pub saved: &'static str,
    pub on: On,
}

/// What a form's events are, or why they cannot be built.
pub type Built = Result<Vec<NewEvent>, Vec<Problem>>;

/// What a form acts on, and how its fields and its events are built from it.
pub enum On {
    /// Nothing selected (a child reported missing).
    Board {
        fields: fn(&Opening) -> Vec<Field>,
        events: fn(&Form, &Ctx) -> Built,
    },
    /// The episode selected on the board.
    Episode {
        fields: fn(&Opening, &EpisodeDetail) -> Result<Vec<Field>, String>,
        events: fn(&Form, &Ctx, &str) -> Built,
    },
    /// The police notification selected in the triage pane (with the pane's chosen
    /// candidate, if any).
    Notification {
        fields: fn(&Opening, &TriageItem, Option<usize>) -> Vec<Field>,
        events: fn(&Form, &Ctx, &Notification) -> Built,
    },
}

/// What opening a form can draw on.
pub struct Opening<'a> {
    pub snapshot: &'a Snapshot,
    pub policy: &'a PolicyInfo,
    /// Who is on the desk (empty where the form does not ask).
    pub operator: &'a str,
    pub now: DateTime<Utc>,
}

impl FormKind {
    /// Whether the form acts on the selected episode.
    pub fn needs_episode(self) -> bool {
        matches!(self.spec().on, On::Episode { .. })
    }

    /// Whether the form acts on the police notification selected in the triage pane.
    pub fn is_triage(self) -> bool {
        matches!(self.spec().on, On::Notification { .. })
    }

    pub fn title(self) -> &'static str {
        self.spec().title
    }

    /// Whether it corrects the record: it is checked, then shows the deadlines it
    /// changes (before -> after) in its confirmation, before anything is saved.
    pub fn is_correction(self) -> bool {
        matches!(
            self,
            FormKind::EditChild | FormKind::Correct | FormKind::Void | FormKind::Merge
        )
    }

    /// The event it writes, in words, for the confirmation line.
    pub fn saved(self) -> &'static str {
        self.spec().saved
    }

    /// What `form` of this kind writes, in words: a form with two answers says which.
    pub fn saved_by(self, form: &Form) -> &'static str {
        match self {
            FormKind::Risk => risk::saved(form),
            _ => self.saved(),
        }
    }
}

/// A refusal: the field it names (if any) and why.
pub type Problem = (Option<String>, String);

/// What building events needs besides the form.
pub struct Ctx<'a> {
    pub operator: &'a str,
    pub now: DateTime<Utc>,
    pub policy: &'a PolicyInfo,
    /// The registered children (a triage accept dates its episode after the child's
    /// registration when the police reported her before it).
    pub children: &'a [crate::views::detail::ChildChoice],
}

impl Ctx<'_> {
    /// When a form's event is dated: now, to the second, as an officer reads and types
    /// times (a triage decision keeps its own, finer time: see `triage::decisions`).
    pub fn at(&self) -> DateTime<Utc> {
        chrono::SubsecRound::trunc_subsecs(self.now, 0)
    }
}

impl Form {
    /// Opens the form of `kind` for the selected episode (if it needs one).
    pub fn open(
        kind: FormKind,
        snapshot: &Snapshot,
        policy: &PolicyInfo,
        episode: Option<&str>,
        operator: &str,
    ) -> Result<Form, String> {
        let opening = Opening {
            snapshot,
            policy,
            operator,
            now: snapshot.now,
        };
        let (subject, fields) = match &kind.spec().on {
            On::Board { fields, .. } => (None, fields(&opening)),
            On::Episode { fields, .. } => {
                let e = episode.ok_or("select a child on the board first")?;
                let d = snapshot
                    .detail(e)
                    .ok_or_else(|| format!("episode {e} is not on the board"))?;
                let subject = Subject {
                    episode: d.episode.clone(),
                    child: d.child.clone(),
                    name: d.name.clone(),
                    initials: d.initials.clone(),
                };
                (Some(subject), fields(&opening, d)?)
            }
            On::Notification { .. } => return Err("open it from the triage pane (T)".into()),
        };
        let mut form = Form::new(kind, subject, fields);
        let acts_on = form
            .subject
            .as_ref()
            .and_then(|s| snapshot.detail(&s.episode));
        if let Some(d) = acts_on {
            form.baseline = moved::Baseline::of_episode(d);
        }
        form.focus = form.first_visible();
        Ok(form)
    }

    /// Opens a triage form on the notification `id` (from the triage pane), with the
    /// pane's chosen candidate, if any, preselected.
    pub fn open_triage(
        kind: FormKind,
        snapshot: &Snapshot,
        policy: &PolicyInfo,
        id: &str,
        candidate: Option<usize>,
    ) -> Result<Form, String> {
        let item = snapshot
            .triage
            .iter()
            .find(|t| t.notification.id == id)
            .ok_or_else(|| format!("notification {id} is no longer waiting"))?;
        let On::Notification { fields, .. } = &kind.spec().on else {
            return Err("not a triage form".into());
        };
        let opening = Opening {
            snapshot,
            policy,
            operator: "",
            now: snapshot.now,
        };
        let mut form = Form::new(kind, None, fields(&opening, item, candidate));
        form.notification = Some(item.notification.clone());
        form.baseline = moved::Baseline::of_notification(id);
        form.focus = form.first_visible();
        Ok(form)
    }

    /// The events this form writes, typed.
    pub fn events(&self, ctx: &Ctx) -> Built {
        let problems = self.check_fields(ctx.now);
        if !problems.is_empty() {
            return Err(problems);
        }
        match &self.kind.spec().on {
            On::Board { events, .. } => events(self, ctx),
            On::Episode { events, .. } => match &self.subject {
                Some(s) => events(self, ctx, &s.episode),
                None => Err(vec![(None, "no child is selected".to_string())]),
            },
            On::Notification { events, .. } => match &self.notification {
                Some(n) => events(self, ctx, n),
                None => Err(vec![(None, "no notification is selected".to_string())]),
            },
        }
    }
}
