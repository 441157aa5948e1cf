//! Status: whether a figure is reported as having happened (`actual`) or is
//! a goal, plan, forecast, potential or wish (`target`, FACTS.md).
//!
//! A goal word ("plan to bring trade to $1 billion", "could reach", "is
//! expected to", "the task is to increase exports by 20%") before the figure
//! in its clause, or in the clauses before it that it continues ("to bring
//! exports to $1 billion and imports to $500 million"), or right after it
//! ("$1 billion is expected"), makes it a target; unless the goal is said to
//! be met ("the plan was fulfilled"). A phrase such as "as can be seen" is
//! no goal. A year after "by" later than the document's date is a target's.
//! The value of a project ("a project worth $94 million", "the cost of the
//! project is estimated at") is a plan, unless the project is said to be
//! carried out ("15 projects implemented with ... totalling").

use crate::fact::{Indicator, Kind, Status};
use crate::lexicon::W;

use super::super::Match;
use super::period::YearMention;
use super::sentence::{at, ending, Analysis};

/// Links the status of figure `m`; `doc_year` is the year of writing, if known.
pub fn link(a: &Analysis, m: &Match, indicator: Indicator, years: &[YearMention], doc_year: Option<i32>) -> (Status, String) {
    let s = a.s;
    let clause = a.clause_of(m.start);
    let gov = a.governing_start(clause);
    let cl = a.clauses[clause];
    let before = a.goals.iter().filter(|g| g.0 >= gov && g.1 <= m.start).max_by_key(|g| g.0);
    if let Some(&(g, e)) = before {
        let met = (e..m.start).any(|k| at(s, W::StatusFulfilled, k).is_some());
        if !met {
            return (Status::Target, format!("status=target: '{}' before the figure", a.text(g, e)));
        }
    }
    // "$1 billion is expected", "500 million dollars is the volume that corresponds to the potential";
    // not a goal of another verb joined after it ("signed ... worth $1 million and agreed to expand")
    let joined = |g: usize| (m.end..g).any(|k| s.is_any(k, &[",", ";"]) || at(s, W::RoleAnd, k).is_some());
    if let Some(&(g, e)) = a.goals.iter().find(|g| g.0 >= m.end && g.0 < cl.end && g.0 - m.end <= 10 && !joined(g.0)) {
        return (Status::Target, format!("status=target: '{}' after the figure", a.text(g, e)));
    }
    if let Some(dy) = doc_year {
        if let Some(y) = years.iter().find(|y| y.at >= m.end && y.at < cl.end && y.year > dy && ending(s, W::StatusByYear, y.at, y.at.saturating_sub(3)).is_some()) {
            return (Status::Target, format!("status=target: aimed at {} (written {dy})", y.year));
        }
    }
    // "a project worth more than $94 million", "investment projects worth up to $3 billion"
    if m.kind == Kind::Money && matches!(indicator, Indicator::Investment | Indicator::Other | Indicator::Credit) {
        let near = |k: usize| (k >= gov && k < m.start && m.start - k <= 12) || (k >= m.end && k < cl.end && k - m.end <= 3);
        if let Some(k) = (gov..cl.end).find(|&k| near(k) && at(s, W::StatusProject, k).is_some()) {
            let done = (s.lo..s.hi).any(|j| at(s, W::StatusProjectDone, j).is_some());
            if !done {
                let e = at(s, W::StatusProject, k).unwrap_or(k + 1);
                return (Status::Target, format!("status=target: the value of a '{}' (a plan)", a.text(k, e)));
            }
        }
    }
    (Status::Actual, "status=actual".into())
}
