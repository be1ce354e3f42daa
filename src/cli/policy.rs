//! `policy list|show|check`: the procedures this program knows.

use super::{emit, PolicyCommand};
use crate::desk::{config::shipped_policy, DeskError};
use crate::procedures::policy::SHIPPED;
use crate::procedures::Policy;
use crate::render;

pub(super) fn policy(cmd: &PolicyCommand) -> Result<(), DeskError> {
    match cmd {
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
