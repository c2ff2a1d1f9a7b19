//! Which rule, if any, holds a write (or a bulk run, judged whole): the
//! first rule covering the connection that names the write's operation,
//! an amount it touches at or over the rule's threshold in that amount's
//! own currency (or any amount in a currency the rule does not list, or
//! in none stated, or that cannot be known), or a run that brings the
//! person's writes of one kind to that connection within
//! [`BULK_WINDOW`] to the rule's count. A write touches the amount of
//! the payment as it is now and the amount it sends (an edit is judged
//! on both, before and after).

use std::time::Duration;

use payments_model::activity::ChangeKind;
use payments_model::{Money, Payment};

use crate::gateway::config::ApprovalRule;

/// How far back a person's writes count towards a rule's
/// `bulk_at_least`.
pub const BULK_WINDOW: Duration = Duration::from_secs(10 * 60);

/// One write as the rules judge it.
#[derive(Clone, Debug, PartialEq)]
pub struct Judged {
    pub kind: ChangeKind,
    /// It sends a status (an edit that changes one).
    pub sends_status: bool,
    /// The amounts it touches; `None` for one that cannot be known.
    pub amounts: Vec<Option<Money>>,
}

impl Judged {
    /// A write of `kind` sending `sent` (flattened fields) and the
    /// amount `sent_amount`, to a payment that is `now` (`None`: unread
    /// or gone; not asked for a create).
    pub fn new(
        kind: ChangeKind,
        sent: &[(String, String)],
        sent_amount: Option<Money>,
        now: Option<&Payment>,
    ) -> Judged {
        let mut amounts = Vec::new();
        if kind == ChangeKind::Create {
            amounts.push(sent_amount);
        } else {
            amounts.push(now.and_then(|p| p.amount.clone()));
            if sent_amount.is_some() {
                amounts.push(sent_amount);
            }
        }
        Judged {
            sends_status: sent
                .iter()
                .any(|(k, _)| k == "status" || k.ends_with(".status")),
            kind,
            amounts,
        }
    }
}

/// The first of `rules` covering `connection` that holds `run` (one
/// write, or a bulk run's), given how many writes of each kind the
/// person sent there within [`BULK_WINDOW`] (`recent`).
pub fn holding<'r>(
    rules: &'r [ApprovalRule],
    connection: &str,
    run: &[Judged],
    recent: &dyn Fn(&ChangeKind) -> u64,
) -> Option<&'r ApprovalRule> {
    rules
        .iter()
        .filter(|r| r.covers(connection))
        .find(|r| holds(r, run, recent))
}

fn holds(rule: &ApprovalRule, run: &[Judged], recent: &dyn Fn(&ChangeKind) -> u64) -> bool {
    let named = run.iter().any(|w| {
        rule.operations
            .iter()
            .any(|o| o.names(&w.kind, w.sends_status))
    });
    let large = !rule.amount_at_least.is_empty()
        && run
            .iter()
            .flat_map(|w| &w.amounts)
            .any(|a| at_least(rule, a.as_ref()));
    let many = rule.bulk_at_least.is_some_and(|most| {
        run.iter().any(|w| {
            let in_run = run.iter().filter(|o| o.kind == w.kind).count() as u64;
            recent(&w.kind) + in_run >= u64::from(most)
        })
    });
    named || large || many
}

/// Whether `amount` reaches the rule's threshold in its currency: any
/// amount that cannot be known, has no stated currency or one the rule
/// does not list does.
fn at_least(rule: &ApprovalRule, amount: Option<&Money>) -> bool {
    let Some(m) = amount else {
        return true;
    };
    if !m.currency.is_stated() {
        return true;
    }
    match rule
        .amount_at_least
        .iter()
        .find(|(c, _)| c.code() == m.currency.code())
    {
        Some((_, threshold)) => m.amount.abs() >= *threshold,
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gateway::accounts::Role;
    use crate::gateway::config::{Covered, Operation};
    use payments_model::{Currency, Decimal};

    fn rule() -> ApprovalRule {
        ApprovalRule {
            name: "Large or irreversible".into(),
            connections: Covered::Only(vec!["rr".into()]),
            operations: vec![Operation::Delete, Operation::Status],
            amount_at_least: vec![(Currency::usd(), Decimal::new(100_000, 2))],
            bulk_at_least: Some(10),
            approvers: 1,
            approver_roles: vec![Role::Editor],
            expires_after: Duration::from_secs(3600),
        }
    }

    fn usd(cents: i64) -> Option<Money> {
        Some(Money::from_minor_units(cents, Currency::usd()))
    }

    fn edit(now: Option<Money>, sent: Option<Money>) -> Judged {
        Judged {
            kind: ChangeKind::Edit,
            sends_status: false,
            amounts: vec![now, sent],
        }
    }

    fn none(_: &ChangeKind) -> u64 {
        0
    }

    #[test]
    fn a_named_operation_is_held_on_a_covered_connection_only() {
        let rules = [rule()];
        let delete = Judged {
            kind: ChangeKind::Delete,
            sends_status: false,
            amounts: vec![usd(500)],
        };
        assert!(holding(&rules, "rr", std::slice::from_ref(&delete), &none).is_some());
        assert!(holding(&rules, "bp", &[delete], &none).is_none());
        let refund = Judged::new(
            ChangeKind::Edit,
            &[("status".into(), "refunded".into())],
            None,
            None,
        );
        assert!(refund.sends_status);
    }

    #[test]
    fn amounts_compare_exactly_in_their_own_currency_before_and_after() {
        let rules = [rule()];
        let held = |j: Judged| holding(&rules, "rr", &[j], &none).is_some();
        assert!(!held(edit(usd(99_999), usd(50_000))), "999.99 is under");
        assert!(held(edit(usd(100_000), usd(50_000))), "1,000.00 before");
        assert!(held(edit(usd(500), usd(100_000))), "1,000.00 after");
        let eur = Some(Money::from_minor_units(
            5,
            Currency::from_code("EUR").unwrap(),
        ));
        assert!(held(edit(eur, None)), "a currency the rule does not list");
        let unstated = Some(Money::new(Decimal::ONE, Currency::unstated()));
        assert!(held(edit(unstated, None)), "no currency stated");
        assert!(held(edit(None, None)), "an amount that cannot be known");
        assert!(held(edit(usd(-100_000), None)), "a credit of 1,000.00");
    }

    #[test]
    fn a_run_counts_whole_with_the_persons_recent_writes() {
        let mut r = rule();
        r.operations.clear();
        r.amount_at_least.clear();
        let rules = [r];
        let one = edit(usd(1), None);
        let run: Vec<Judged> = vec![one.clone(); 9];
        assert!(holding(&rules, "rr", &run, &none).is_none(), "9 of 10");
        let ten: Vec<Judged> = vec![one.clone(); 10];
        assert!(holding(&rules, "rr", &ten, &none).is_some(), "a run of 10");
        let six = |_: &ChangeKind| 6;
        assert!(
            holding(&rules, "rr", &run[..4], &six).is_some(),
            "split in two, the second half still counts the first"
        );
        let creates = |k: &ChangeKind| if *k == ChangeKind::Create { 9 } else { 0 };
        assert!(
            holding(&rules, "rr", &[one], &creates).is_none(),
            "of one kind"
        );
    }
}
