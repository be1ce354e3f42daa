//! What goes wrong at the desk, typed, and the exit status each gives the shell.
//! The wording is the officer's sentence: `main` prints it as it is.

use crate::procedures::EngineError;
use crate::record::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// Bad usage (an unknown policy, a missing option): exit status 2.
    #[error("{0}")]
    Usage(String),
    /// The record could not be read or written: exit status 1.
    #[error("{0}")]
    Store(#[from] StoreError),
    /// Actions the engine could not compute; the rest was still printed: exit status 1.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Engine(Vec<EngineError>),
    /// Anything else that stopped the command (a file, a refusal): exit status 1.
    #[error("{0}")]
    Failed(String),
}

impl DeskError {
    pub fn exit_code(&self) -> u8 {
        match self {
            DeskError::Usage(_) => 2,
            DeskError::Store(_) | DeskError::Engine(_) | DeskError::Failed(_) => 1,
        }
    }
}
