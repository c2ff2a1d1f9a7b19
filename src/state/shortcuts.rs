//! Keyboard shortcuts: `/` finds, `j` and `k` move through the payments,
//! `Enter` opens one, `e` edits it, `x` chooses it and `?` lists them.
//! None is taken while a person types in a field, with Ctrl, Alt or Meta
//! held, or once they are turned off (WCAG 2.1.4); the choice is kept
//! with the person's settings ([`super::Layout`]). The rules are here, as
//! plain functions; `ui::shortcuts` listens and acts.

use crate::language::k;
use payments_model::keys::Key;

/// What a shortcut does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    /// The focus to the list's search or find box.
    Find,
    /// The focus to the next payment.
    Next,
    /// The focus to the previous payment.
    Previous,
    /// Opens the payment with the focus.
    Open,
    /// Edits the payment with the focus (or the one shown).
    Edit,
    /// Chooses the payment with the focus, for bulk actions.
    Choose,
    /// Lists the shortcuts.
    Help,
}

impl Shortcut {
    /// Every shortcut: its key as written in the list, and what it does
    /// in words.
    pub const ALL: [(Shortcut, &'static str, Key); 7] = [
        (Shortcut::Find, "/", k::shortcuts::FIND),
        (Shortcut::Next, "j", k::shortcuts::NEXT),
        (Shortcut::Previous, "k", k::shortcuts::PREVIOUS),
        (Shortcut::Open, "Enter", k::shortcuts::OPEN),
        (Shortcut::Edit, "e", k::shortcuts::EDIT),
        (Shortcut::Choose, "x", k::shortcuts::CHOOSE),
        (Shortcut::Help, "?", k::shortcuts::HELP),
    ];

    /// The shortcut a key press means, if any: `key` as the browser
    /// names it, whether the focus is in a field one types into, and
    /// whether Ctrl, Alt or Meta is held.
    pub fn of(key: &str, typing: bool, modified: bool) -> Option<Shortcut> {
        if typing || modified {
            return None;
        }
        Shortcut::ALL
            .iter()
            .find(|(_, k, _)| *k == key)
            .map(|(s, _, _)| *s)
    }

    /// The key's name for `aria-keyshortcuts`.
    pub fn key(self) -> &'static str {
        Shortcut::ALL
            .iter()
            .find(|(s, _, _)| *s == self)
            .map_or("", |(_, k, _)| *k)
    }
}

/// Where `j` or `k` lands among `count` rows from the row at `current`
/// (none: the first for `j`, the last for `k`); it stays at either end.
pub fn step(current: Option<usize>, count: usize, forward: bool) -> Option<usize> {
    let last = count.checked_sub(1)?;
    Some(match (current, forward) {
        (None, true) => 0,
        (None, false) => last,
        (Some(i), true) => (i + 1).min(last),
        (Some(i), false) => i.saturating_sub(1).min(last),
    })
}

/// Whether the focus is in a field one types into: a text box of any
/// kind, a list to choose from (letters pick its options), a text area or
/// an editable element; not a check box, a button or a link.
pub fn typing_in(tag: &str, input_type: &str, editable: bool) -> bool {
    match tag.to_ascii_lowercase().as_str() {
        "textarea" | "select" => true,
        "input" => !matches!(
            input_type.to_ascii_lowercase().as_str(),
            "checkbox"
                | "radio"
                | "button"
                | "submit"
                | "reset"
                | "image"
                | "file"
                | "range"
                | "color"
        ),
        _ => editable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_mean_their_shortcut_only_outside_fields_and_without_modifiers() {
        assert_eq!(Shortcut::of("j", false, false), Some(Shortcut::Next));
        assert_eq!(Shortcut::of("/", false, false), Some(Shortcut::Find));
        assert_eq!(Shortcut::of("?", false, false), Some(Shortcut::Help));
        assert_eq!(Shortcut::of("Enter", false, false), Some(Shortcut::Open));
        assert_eq!(Shortcut::of("j", true, false), None, "typing");
        assert_eq!(Shortcut::of("x", false, true), None, "Ctrl+X cuts");
        assert_eq!(Shortcut::of("J", false, false), None);
        assert_eq!(Shortcut::of("q", false, false), None);
        for (s, key, _) in Shortcut::ALL {
            assert_eq!(Shortcut::of(key, false, false), Some(s));
            assert_eq!(s.key(), key);
        }
    }

    #[test]
    fn j_and_k_walk_the_rows_and_stop_at_either_end() {
        assert_eq!(step(None, 3, true), Some(0));
        assert_eq!(step(None, 3, false), Some(2));
        assert_eq!(step(Some(0), 3, true), Some(1));
        assert_eq!(step(Some(2), 3, true), Some(2));
        assert_eq!(step(Some(0), 3, false), Some(0));
        assert_eq!(step(Some(9), 3, false), Some(2), "a row gone since");
        assert_eq!(step(None, 0, true), None);
    }

    #[test]
    fn text_boxes_lists_and_editable_text_are_typing_check_boxes_are_not() {
        assert!(typing_in("INPUT", "search", false));
        assert!(typing_in("input", "", false));
        assert!(typing_in("SELECT", "", false));
        assert!(typing_in("TEXTAREA", "", false));
        assert!(typing_in("DIV", "", true));
        assert!(!typing_in("INPUT", "checkbox", false));
        assert!(!typing_in("A", "", false));
        assert!(!typing_in("BUTTON", "", false));
    }
}
