//! `[[approval]]`: the changes a company names that need other people's
//! approval before they reach the vendor (four eyes). Each rule names
//! the connections it covers and what it catches: operations, amounts at
//! or over a threshold per currency, or runs of many writes; who may
//! approve (roles, how many people) and how long a request waits.
//!
//! ```toml
//! [[approval]]
//! name = "Large or irreversible"
//! connections = ["*"]                  # or a list of connection ids
//! operations = ["delete", "status"]    # create, edit, status, delete
//! amount_at_least = { USD = "1000.00", EUR = "1000.00" }
//! bulk_at_least = 10                   # writes of one kind within 10 minutes
//! approvers = 1                        # other people who must approve
//! approver_roles = ["editor"]
//! expires_after = "24h"                # s, m, h or d; 24h by default
//! ```
//!
//! Everything is checked at start-up: an unknown operation, currency,
//! role or connection, an amount that is no amount, a rule that catches
//! nothing, two rules of one name, and a rule whose requests nobody
//! could approve (for the accounts of the file: someone who may write
//! must find enough approvers other than themselves).

use std::time::Duration;

use payments_model::activity::ChangeKind;
use payments_model::{Connection, Currency, Decimal};
use serde::Deserialize;

use super::accounts::roles;
use crate::gateway::accounts::{Account, Role};

/// The most people a rule may ask for.
const MOST_APPROVERS: u32 = 5;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleEntry {
    name: String,
    #[serde(default)]
    connections: Vec<String>,
    #[serde(default)]
    operations: Vec<String>,
    #[serde(default)]
    amount_at_least: std::collections::BTreeMap<String, String>,
    bulk_at_least: Option<u32>,
    #[serde(default = "one")]
    approvers: u32,
    #[serde(default)]
    approver_roles: Vec<String>,
    expires_after: Option<String>,
}

fn one() -> u32 {
    1
}

/// Which connections a rule covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Covered {
    All,
    Only(Vec<String>),
}

/// One operation a rule names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    Create,
    Edit,
    /// Any write that changes a payment's status (its status endpoint,
    /// or an edit that sends a status), refunds included.
    Status,
    Delete,
}

impl Operation {
    fn parse(text: &str) -> Option<Operation> {
        Some(match text {
            "create" => Operation::Create,
            "edit" => Operation::Edit,
            "status" => Operation::Status,
            "delete" => Operation::Delete,
            _ => return None,
        })
    }

    /// Whether a write of `kind` (that sends a status, or not) is one.
    pub fn names(self, kind: &ChangeKind, sends_status: bool) -> bool {
        match self {
            Operation::Create => *kind == ChangeKind::Create,
            Operation::Edit => *kind == ChangeKind::Edit,
            Operation::Status => {
                *kind == ChangeKind::StatusChange || (*kind == ChangeKind::Edit && sends_status)
            }
            Operation::Delete => *kind == ChangeKind::Delete,
        }
    }
}

/// One rule, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct ApprovalRule {
    pub name: String,
    pub connections: Covered,
    pub operations: Vec<Operation>,
    /// Thresholds by currency, compared exactly.
    pub amount_at_least: Vec<(Currency, Decimal)>,
    pub bulk_at_least: Option<u32>,
    /// How many people other than the requester must approve.
    pub approvers: u32,
    pub approver_roles: Vec<Role>,
    pub expires_after: Duration,
}

impl ApprovalRule {
    /// Whether it covers connection `id`.
    pub fn covers(&self, id: &str) -> bool {
        match &self.connections {
            Covered::All => true,
            Covered::Only(ids) => ids.iter().any(|c| c == id),
        }
    }
}

/// Every rule, checked against the connections and accounts.
pub(super) fn read(
    entries: Vec<RuleEntry>,
    connections: &[Connection],
    accounts: &[Account],
    accounts_only: bool,
) -> Result<Vec<ApprovalRule>, String> {
    let mut rules: Vec<ApprovalRule> = Vec::new();
    for e in entries {
        let rule = rule(e, connections)?;
        if rules.iter().any(|r| r.name == rule.name) {
            return Err(format!("approval {:?} is named twice", rule.name));
        }
        if accounts_only {
            approvable(&rule, accounts)?;
        }
        rules.push(rule);
    }
    Ok(rules)
}

fn rule(e: RuleEntry, connections: &[Connection]) -> Result<ApprovalRule, String> {
    let name = e.name.trim().to_string();
    if name.is_empty() || name.len() > 100 {
        return Err("approval: a rule needs a name of 1 to 100 characters".into());
    }
    let at = |what: &str| format!("approval {name:?}: {what}");
    let covered = match e.connections.as_slice() {
        [] => {
            return Err(at(
                "connections: name the connections it covers, or [\"*\"]",
            ))
        }
        [all] if all == "*" => Covered::All,
        ids => {
            for id in ids {
                if !connections.iter().any(|c| &c.id == id) {
                    return Err(at(&format!("connections: no connection {id:?}")));
                }
            }
            Covered::Only(ids.to_vec())
        }
    };
    let operations = e
        .operations
        .iter()
        .map(|o| {
            Operation::parse(o).ok_or_else(|| {
                at(&format!(
                    "operations: {o:?} is none of create, edit, status, delete"
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut amount_at_least = Vec::new();
    for (code, text) in &e.amount_at_least {
        let currency = Currency::from_code(code).ok_or_else(|| {
            at(&format!(
                "amount_at_least: {code:?} is no ISO 4217 currency"
            ))
        })?;
        let amount: Decimal = text
            .trim()
            .parse()
            .ok()
            .filter(|d: &Decimal| !d.is_sign_negative())
            .ok_or_else(|| {
                at(&format!(
                    "amount_at_least: {code} {text:?} is no amount (write it as text: \"1000.00\")"
                ))
            })?;
        amount_at_least.push((currency, amount));
    }
    if operations.is_empty() && amount_at_least.is_empty() && e.bulk_at_least.is_none() {
        return Err(at(
            "it catches nothing: give operations, amount_at_least or bulk_at_least",
        ));
    }
    if e.bulk_at_least == Some(0) {
        return Err(at("bulk_at_least must be at least 1"));
    }
    if !(1..=MOST_APPROVERS).contains(&e.approvers) {
        return Err(at(&format!("approvers must be 1 to {MOST_APPROVERS}")));
    }
    if e.approver_roles.is_empty() {
        return Err(at("approver_roles: name the roles that may approve"));
    }
    Ok(ApprovalRule {
        connections: covered,
        operations,
        amount_at_least,
        bulk_at_least: e.bulk_at_least,
        approvers: e.approvers,
        approver_roles: roles(&at("approver_roles"), &e.approver_roles)?,
        expires_after: duration(e.expires_after.as_deref().unwrap_or("24h"))
            .ok_or_else(|| at("expires_after: write it as 90m, 24h or 7d (1 minute to 30 days)"))?,
        name,
    })
}

/// `90s`, `30m`, `24h`, `7d`: from a minute to thirty days.
fn duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let unit = text.chars().last()?;
    let n: u64 = text[..text.len() - unit.len_utf8()].parse().ok()?;
    let secs = n.checked_mul(match unit {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86_400,
        _ => return None,
    })?;
    (60..=30 * 86_400)
        .contains(&secs)
        .then(|| Duration::from_secs(secs))
}

/// Refuses a rule whose requests someone who may write could never have
/// approved: too few people of the approver roles other than them.
fn approvable(rule: &ApprovalRule, accounts: &[Account]) -> Result<(), String> {
    for writer in accounts.iter().filter(|a| a.role == Role::Editor) {
        let others = accounts
            .iter()
            .filter(|a| a.name != writer.name && rule.approver_roles.contains(&a.role))
            .count();
        if others < rule.approvers as usize {
            return Err(format!(
                "approval {:?}: nobody could approve {:?}'s requests: it needs {} other {} of the roles {}, and the accounts have {others}",
                rule.name,
                writer.name,
                rule.approvers,
                if rule.approvers == 1 { "person" } else { "people" },
                rule.approver_roles
                    .iter()
                    .map(|r| r.name())
                    .collect::<Vec<_>>()
                    .join(", "),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_in_their_units_and_within_bounds() {
        assert_eq!(duration("24h"), Some(Duration::from_secs(86_400)));
        assert_eq!(duration("90m"), Some(Duration::from_secs(5_400)));
        assert_eq!(duration("7d"), Some(Duration::from_secs(604_800)));
        assert_eq!(duration("30s"), None, "under a minute");
        assert_eq!(duration("31d"), None);
        assert_eq!(duration("24"), None);
        assert_eq!(duration("h"), None);
        assert_eq!(duration("1é"), None);
        assert_eq!(duration(""), None);
    }

    #[test]
    fn a_status_rule_catches_status_endpoints_and_edits_that_send_a_status() {
        let s = Operation::Status;
        assert!(s.names(&ChangeKind::StatusChange, false));
        assert!(s.names(&ChangeKind::Edit, true));
        assert!(!s.names(&ChangeKind::Edit, false));
        assert!(!s.names(&ChangeKind::Delete, true));
        assert!(Operation::Delete.names(&ChangeKind::Delete, false));
    }
}
