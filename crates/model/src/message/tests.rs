use super::*;
use crate::keys::word;

#[test]
fn a_message_travels_as_its_code_and_arguments() {
    let m = Message::from(ModelMessage::TooLong {
        label: word::AMOUNT,
        max: 40,
    });
    let wire = m.to_wire();
    assert_eq!(
        wire,
        serde_json::json!({"code": "too_long", "args": {"label": "word.amount", "max": 40}})
    );
    assert_eq!(Message::from_wire(&wire), Some(m.clone()));
    assert_eq!(m.to_string(), "Amount must be at most 40 characters.");
    let said = Message::said("Payment not found");
    assert_eq!(Message::from_wire(&said.to_wire()), Some(said));
}

#[test]
fn an_inner_message_and_a_word_are_worded_in_the_same_language() {
    let scope = Message::from(ModelMessage::ScopeWithId {
        what: word::CAMPAIGN,
        id: "7".into(),
    });
    let m = Message::from(GatewayMessage::PaymentOutsideScope {
        id: "9".into(),
        scope: Box::new(scope),
    });
    assert_eq!(
        m.to_string(),
        "Payment 9 is not within Campaign 7, so the gateway does not forward this."
    );
    let back = Message::from_wire(&serde_json::to_value(&m).unwrap()).unwrap();
    assert_eq!(back, m);
}

#[test]
fn a_code_this_console_does_not_know_reads_as_its_english() {
    let newer = serde_json::json!({
        "code": "something_new", "args": {}, "message": "Something new happened."
    });
    assert_eq!(Message::from_wire(&newer), None);
    assert_eq!(
        Message::from_refusal(&newer),
        Some(Message::said("Something new happened."))
    );
    // Arguments of a shape no message has are not guessed at.
    let wrong = serde_json::json!({"code": "too_long", "args": {"label": [7]}, "message": "x"});
    assert_eq!(Message::from_refusal(&wrong), Some(Message::said("x")));
}

#[test]
fn a_message_read_off_the_wire_is_worded_as_the_one_sent() {
    let sent = Message::from(GatewayMessage::VendorNoAnswer {
        reason: word::REASON_TOO_LONG,
    });
    let read = Message::from_wire(&sent.to_wire()).unwrap();
    assert_eq!(read, sent, "the same message, read back");
    assert_eq!(
        read.to_string(),
        "The vendor did not answer: it took too long."
    );
    assert_ne!(
        read,
        Message::from(GatewayMessage::VendorNoAnswer {
            reason: word::REASON_UNREACHABLE
        })
    );
}

#[test]
fn every_code_is_one_catalog_text_and_codes_do_not_repeat() {
    let mut names: Vec<&str> = Message::codes().map(Code::name).collect();
    assert!(names.len() > 100, "{}", names.len());
    assert!(Message::codes().all(|c| c.key.name().starts_with("msg.")));
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(names.len(), before, "a code is declared twice");
}
