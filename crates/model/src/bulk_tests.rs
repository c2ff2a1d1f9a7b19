use super::*;
use crate::vendors;

fn ids(n: usize) -> Vec<(String, String)> {
    (1..=n)
        .map(|i| ("c".to_string(), format!("p{i}")))
        .collect()
}

#[test]
fn each_payment_is_tried_once_in_order_and_cancel_stops_the_rest() {
    let mut run = BulkRun::new(BulkAction::Delete, &[ids(3), ids(2)].concat());
    assert_eq!(run.items.len(), 3, "repeats dropped");
    let other = BulkRun::new(
        BulkAction::Delete,
        &[ids(1), vec![("d".into(), "p1".into())]].concat(),
    );
    assert_eq!(
        other.items.len(),
        2,
        "one id on two connections is two payments"
    );
    assert_eq!(run.next(), Some(0));
    run.record(0, Outcome::Done);
    run.record(0, Outcome::Refused(Message::said("again")));
    assert_eq!(run.items[0].outcome, Some(Outcome::Done), "decided once");
    assert_eq!(run.next(), Some(1));
    run.record(1, Outcome::Unsure(Message::said("look")));
    assert_eq!(run.progress(), (2, 3));
    run.cancel();
    assert_eq!(run.next(), None);
    assert!(run.finished());
    assert_eq!(run.items[2].outcome, Some(Outcome::NotAttempted));
    assert_eq!(
        run.tally(),
        [1, 0, 1, 1, 0, 0],
        "done, refused, unsure, not attempted, changed since chosen, held"
    );
}

#[test]
fn a_held_run_holds_every_undecided_payment_of_its_connection() {
    let targets: Vec<(String, String)> = [("rr", "1"), ("bp", "2"), ("rr", "3")]
        .iter()
        .map(|(c, i)| (c.to_string(), i.to_string()))
        .collect();
    let mut run = BulkRun::new(BulkAction::Delete, &targets);
    run.record(0, Outcome::Done);
    let held = crate::approval::Held {
        id: 4,
        rule: "Deletes".into(),
    };
    run.hold("rr", &held);
    assert_eq!(run.items[0].outcome, Some(Outcome::Done), "decided stays");
    assert_eq!(run.items[2].outcome, Some(Outcome::Held(held)));
    assert_eq!(run.items[1].outcome, None, "another connection goes on");
    assert_eq!(run.next(), Some(1));
    assert_eq!(run.tally(), [1, 0, 0, 0, 0, 1]);
}

#[test]
fn a_delete_without_a_clear_answer_is_read_back() {
    let lost = ApiError::network("connection reset");
    let gone = ApiError::new(ErrorKind::NotFound, Message::said("gone"));
    assert!(read_back_after(&lost) && read_back_after(&gone));
    assert_eq!(delete_outcome(Ok(()), None), Outcome::Done);
    assert_eq!(
        delete_outcome(Err(lost.clone()), Some(Err(gone.clone()))),
        Outcome::Done
    );
    assert!(matches!(
        delete_outcome(Err(lost.clone()), Some(Ok(()))),
        Outcome::Refused(_)
    ));
    assert!(matches!(
        delete_outcome(
            Err(lost.clone()),
            Some(Err(ApiError::network("still down")))
        ),
        Outcome::Unsure(_)
    ));
    let no = ApiError::from_status(409, Some("Payment is settled and cannot be deleted".into()));
    assert!(!read_back_after(&no));
    match delete_outcome(Err(no), None) {
        Outcome::Refused(why) => assert!(why.to_string().contains("settled"), "{why}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn only_a_rate_limit_is_waited_out_and_tried_again() {
    let mut limited = ApiError::from_status(429, None);
    assert_eq!(wait_after(&limited, 1), Some(1));
    assert_eq!(wait_after(&limited, 3), Some(4));
    assert_eq!(wait_after(&limited, 4), None);
    limited.retry_after_secs = Some(500);
    assert_eq!(wait_after(&limited, 1), Some(120));
    assert_eq!(
        wait_after(&ApiError::from_status(503, None), 1),
        None,
        "a 5xx may have acted"
    );
    assert_eq!(wait_after(&ApiError::network("x"), 1), None);
}

#[test]
fn changes_are_offered_from_the_update_form_and_asked_in_words() {
    // Across the registry: a yes/no field (one vendor's `active`) and a
    // status field of words (another's) are offered; nothing else.
    let offered: Vec<&FieldSpec> = vendors::ALL
        .iter()
        .flat_map(|v| settable_fields(v.capabilities().update))
        .collect();
    let bool_field = *offered
        .iter()
        .find(|f| f.name == "active")
        .expect("a vendor updates active");
    assert!(offered.iter().any(|f| f.name == "status"));
    assert!(offered
        .iter()
        .all(|f| f.kind == FieldKind::Bool || f.name == "status"));
    assert!(settable_fields(None).is_empty());
    let off = BulkAction::SetField {
        field: bool_field,
        value: "false".into(),
    };
    assert_eq!(off.values()["active"], serde_json::json!("false"));
    assert_eq!(change_outcome(Ok(())), Outcome::Done);
    assert!(matches!(
        change_outcome::<()>(Err(ApiError::network("x"))),
        Outcome::Unsure(_)
    ));
    assert!(matches!(
        change_outcome::<()>(Err(ApiError::from_status(403, None))),
        Outcome::Refused(_)
    ));
}

#[test]
fn a_payment_changed_since_it_was_chosen_is_reported_so_and_not_read_back() {
    let conflict = crate::version::Conflict {
        changes: vec![crate::version::Change {
            field: "status".into(),
            then: Some("pending".into()),
            now: Some("paid".into()),
        }],
        ..Default::default()
    };
    let mut e = ApiError::new(ErrorKind::Conflict, conflict.message());
    e.conflict = Some(Box::new(conflict.clone()));
    assert!(!read_back_after(&e), "nothing was sent");
    let expected = Outcome::Changed(Box::new(conflict));
    assert_eq!(delete_outcome(Err(e.clone()), None), expected);
    assert_eq!(change_outcome::<()>(Err(e)), expected);
    let mut run = BulkRun::new(BulkAction::Delete, &[("rr".into(), "7".into())]);
    run.record(0, expected);
    assert_eq!(run.tally(), [0, 0, 0, 0, 1, 0]);
}
