//! The screens' data now lives in [`crate::views::detail`]; this re-export keeps the
//! panes' and forms' import lines as they are while `src/tui/` is being regrouped
//! (issue 11). Import from `crate::views::detail` in new code.

pub use crate::views::detail::*;
