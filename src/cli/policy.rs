//! `policy list|show|check`: the procedures this program knows.

use super::{config, emit, AdoptArgs, Cli, PolicyCommand};
use crate::desk::adopt::{adoption_of, record_policies};
use crate::desk::{config::shipped_policy, Desk, DeskError};
use crate::procedures::governs::{version_of, Governs};
use crate::procedures::policy::SHIPPED;
use crate::procedures::Policy;
use crate::record::adoption::Adopted;
use crate::record::NewEvent;
use crate::render;
use chrono::{DateTime, Utc};

pub(super) fn policy(cli: &Cli, cmd: &PolicyCommand) -> Result<(), DeskError> {
    match cmd {
        PolicyCommand::Adopt(args) => adopt(cli, args),
        PolicyCommand::List => {
            for (name, _) in SHIPPED {
                let p = Policy::shipped(name).map_err(|e| failed!("{e}"))?;
                outln!("{:<18} {:>2} rules  {}", p.name, p.rules.len(), p.title);
            }
            Ok(())
        }
        PolicyCommand::Show { name } => {
            let p = shipped_policy(name)?;
            emit(&render::policy::policy_table(&p));
            Ok(())
        }
        PolicyCommand::Check { file } => {
            let text =
                std::fs::read_to_string(file).map_err(|e| failed!("{}: {e}", file.display()))?;
            match Policy::parse(&text) {
                Ok(p) => {
                    outln!(
                        "{}: ok: policy `{}` with {} rules",
                        file.display(),
                        p.name,
                        p.rules.len()
                    );
                    Ok(())
                }
                Err(e) => Err(DeskError::Failed(
                    e.to_string()
                        .lines()
                        .map(|l| format!("{}: {l}", file.display()))
                        .collect::<Vec<_>>()
                        .join("\n"),
                )),
            }
        }
    }
}

/// `policy adopt NAME|FILE --authority A [--from TIME] [--dry-run]`: records a
/// `policy_adopted` (a file must pass `policy check`), or with `--dry-run` shows what
/// would change for the episodes open now and records nothing.
fn adopt(cli: &Cli, args: &AdoptArgs) -> Result<(), DeskError> {
    let file = std::path::Path::new(&args.policy);
    let (policy, built_in) = if file.exists() || args.policy.ends_with(".toml") {
        let text = std::fs::read_to_string(file).map_err(|e| failed!("{}: {e}", file.display()))?;
        let policy = Policy::parse(&text).map_err(|e| {
            failed!(
                "{}: the policy fails `policy check`, nothing adopted:\n  {}",
                file.display(),
                e.to_string().replace('\n', "\n  ")
            )
        })?;
        (policy, false)
    } else {
        (shipped_policy(&args.policy)?, true)
    };
    let now = Utc::now();
    let from = args.from;
    if args.dry_run {
        let desk = Desk::open_read_only(&config(cli), None)?;
        return dry_run(&desk, &policy, &args.authority, from, now);
    }
    let mut desk = Desk::open(&config(cli), None)?;
    let operator = desk.operator.clone();
    let kind = adoption_of(&policy, &args.authority, built_in, from);
    desk.record(&operator, vec![NewEvent::new(now, kind)], now)
        .map_err(|e| {
            failed!(
                "{} adopting {}: nothing adopted:\n{e}",
                args.authority,
                policy.name
            )
        })?;
    eprintln!(
        "dutyboard: {} adopted the {} policy ({}){}",
        args.authority,
        policy.name,
        version_of(&policy.text),
        from.map(|t| format!(
            " for episodes reported from {}",
            crate::calendar::time::rfc(t)
        ))
        .unwrap_or_default()
    );
    if let Some(from) = from.filter(|&f| f < now) {
        // PROCEDURES, policy_adopted: "An effective_from before the adoption's own at
        // corrects the episodes reported since" (it was refused above had one of their
        // events become invalid).
        eprintln!(
            "dutyboard: {} is before now: a correction; the episodes of {} reported since then follow this policy (the dry run shows what changed)",
            crate::calendar::time::rfc(from),
            args.authority
        );
    }
    Ok(())
}

/// What adopting `policy` would change for the episodes open now, said per episode.
fn dry_run(
    desk: &Desk,
    policy: &Policy,
    authority: &str,
    from: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), DeskError> {
    let mut record = record_policies(&desk.store)?;
    record.adoptions.push(Adopted {
        id: "dry-run".into(),
        at: now,
        authority: authority.to_string(),
        name: Some(policy.name.clone()),
        text: Some(policy.text.clone()),
        version: Some(version_of(&policy.text)),
        effective_from: from,
    });
    let after = Governs::of_record(&record).map_err(DeskError::Failed)?;
    let (state, before) = desk.evaluate(now)?;
    let calendar = after.calendar_at(&desk.calendar, now);
    let later = crate::procedures::evaluate_scoped(
        &state,
        &after,
        &calendar,
        now,
        crate::procedures::Scope::Live,
    );
    let open = |e: &crate::procedures::Evaluation, episode: &str| -> Vec<(String, String)> {
        e.open(None, now)
            .into_iter()
            .filter(|i| i.episode == episode)
            .map(|i| (i.rule.clone(), crate::calendar::time::rfc(i.due_at)))
            .collect()
    };
    let mut changed = 0;
    for episode in state.episodes.iter().filter(|e| e.is_open()) {
        let (was, will) = (
            before.governed.get(&episode.reference),
            later.governed.get(&episode.reference),
        );
        let (a, b) = (
            open(&before, &episode.reference),
            open(&later, &episode.reference),
        );
        if was == will && a == b {
            continue;
        }
        changed += 1;
        let name = |f: Option<&crate::procedures::engine::Following>| {
            f.map_or("-".to_string(), |f| {
                format!("{} ({})", f.policy, f.authority)
            })
        };
        outln!("{}: {} -> {}", episode.reference, name(was), name(will));
        for (rule, due) in b.iter().filter(|x| !a.contains(x)) {
            outln!("  + {rule} due {due}");
        }
        for (rule, due) in a.iter().filter(|x| !b.contains(x)) {
            outln!("  - {rule} due {due}");
        }
    }
    outln!(
        "dry run: {authority} adopting {} ({}) would change {changed} open episode(s); nothing recorded",
        policy.name,
        version_of(&policy.text)
    );
    Ok(())
}
