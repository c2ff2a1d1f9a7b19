//! The columns a connection's list shows: the six every vendor has (ID,
//! amount, status, and the vendor's counterparty, date and reference)
//! and each field its document lists ([`Profile::fields`]), chosen,
//! ordered and reset by the person. ID always comes first: it is the
//! row's heading and its link.
//!
//! A choice is kept as a list of keys (`amount`, `field:currency`), so a
//! field a vendor stops documenting, or a key from another console
//! version, is dropped when read rather than failing.

use crate::display::FieldDisplay;
use crate::keys::{word as w, Key};
use crate::vendors::Profile;

/// One column of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Id,
    Amount,
    Status,
    Counterparty,
    Date,
    Reference,
    /// A field of the vendor's document.
    Field(&'static FieldDisplay),
}

impl Column {
    /// The key it is kept under.
    pub fn key(&self) -> String {
        match self {
            Column::Id => "id".into(),
            Column::Amount => "amount".into(),
            Column::Status => "status".into(),
            Column::Counterparty => "counterparty".into(),
            Column::Date => "date".into(),
            Column::Reference => "reference".into(),
            Column::Field(f) => format!("field:{}", f.name),
        }
    }

    /// Its heading, in the vendor's words where they differ.
    pub fn heading(&self, profile: &Profile) -> Key {
        match self {
            Column::Id => w::ID,
            Column::Amount => w::AMOUNT,
            Column::Status => w::STATUS,
            Column::Counterparty => profile.columns.counterparty,
            Column::Date => profile.columns.date,
            Column::Reference => profile.columns.reference,
            Column::Field(f) => f.label,
        }
    }

    /// Every column `profile`'s lists can show, the six first; a
    /// documented field the vendor words as one of the six (ReviewRover's
    /// `amount` is "Amount") is that column already and is not offered
    /// twice, and fields of one label (BuiltOn's `created` and `_created`,
    /// sent one or the other) are one column.
    pub fn all(profile: &'static Profile) -> Vec<Column> {
        let mut all = Column::standard().to_vec();
        let mut headings: Vec<Key> = all.iter().map(|c| c.heading(profile)).collect();
        for f in profile.fields {
            if !headings.contains(&f.label) {
                headings.push(f.label);
                all.push(Column::Field(f));
            }
        }
        all
    }

    /// The six every list shows unless the person chose otherwise.
    pub fn standard() -> [Column; 6] {
        [
            Column::Id,
            Column::Amount,
            Column::Status,
            Column::Counterparty,
            Column::Date,
            Column::Reference,
        ]
    }

    /// The column of `profile` kept under `key`.
    pub fn from_key(profile: &'static Profile, key: &str) -> Option<Column> {
        Column::all(profile).into_iter().find(|c| c.key() == key)
    }
}

/// The columns a list shows, in order; ID first, always.
#[derive(Clone, Debug)]
pub struct ColumnChoice {
    profile: &'static Profile,
    shown: Vec<Column>,
}

/// Two choices are the same columns of the same vendor (its profile is
/// told by its slug, not compared field by field).
impl PartialEq for ColumnChoice {
    fn eq(&self, other: &ColumnChoice) -> bool {
        self.profile.slug == other.profile.slug && self.shown == other.shown
    }
}

impl Eq for ColumnChoice {}

impl ColumnChoice {
    /// The key a connection's column choice is kept under in the
    /// person's settings (`columns:` and the connection's id in
    /// lower-case letters, digits and `-`, anything else a `-`, at most
    /// 80 of them): the console keeps it there, the server reads it.
    pub fn preference_key(connection_id: &str) -> String {
        let part: String = connection_id
            .chars()
            .take(80)
            .map(|c| {
                let c = c.to_ascii_lowercase();
                if c.is_ascii_alphanumeric() {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        format!("columns:{part}")
    }

    /// The six standard columns.
    pub fn standard(profile: &'static Profile) -> ColumnChoice {
        ColumnChoice {
            profile,
            shown: Column::standard().to_vec(),
        }
    }

    /// The choice kept as `keys`: unknown and repeated keys are dropped,
    /// ID is put first; nothing known left means the standard six.
    pub fn from_keys<S: AsRef<str>>(profile: &'static Profile, keys: &[S]) -> ColumnChoice {
        let mut shown = vec![Column::Id];
        for key in keys {
            if let Some(c) = Column::from_key(profile, key.as_ref()) {
                if !shown.contains(&c) {
                    shown.push(c);
                }
            }
        }
        if shown.len() == 1 && !keys.iter().any(|k| k.as_ref() == "id") {
            return ColumnChoice::standard(profile);
        }
        ColumnChoice { profile, shown }
    }

    /// The keys to keep.
    pub fn keys(&self) -> Vec<String> {
        self.shown.iter().map(Column::key).collect()
    }

    /// The columns shown, in order.
    pub fn shown(&self) -> &[Column] {
        &self.shown
    }

    /// The columns not shown, in the vendor's order.
    pub fn hidden(&self) -> Vec<Column> {
        Column::all(self.profile)
            .into_iter()
            .filter(|c| !self.shown.contains(c))
            .collect()
    }

    /// Whether this is the standard six.
    pub fn is_standard(&self) -> bool {
        self.shown == Column::standard()
    }

    /// Shows `column` (at the end) or hides it; ID stays.
    pub fn set_shown(&mut self, column: Column, shown: bool) {
        let at = self.shown.iter().position(|c| *c == column);
        match (shown, at) {
            (true, None) => self.shown.push(column),
            (false, Some(i)) if column != Column::Id => {
                self.shown.remove(i);
            }
            _ => {}
        }
    }

    /// Moves `column` one place earlier (`-1`) or later (`1`); ID and the
    /// place before it stay put. Says whether it moved.
    pub fn shift(&mut self, column: Column, by: i8) -> bool {
        let Some(i) = self.shown.iter().position(|c| *c == column) else {
            return false;
        };
        let j = if by < 0 {
            i.checked_sub(1)
        } else {
            Some(i + 1)
        };
        match j {
            Some(j) if i > 0 && j > 0 && j < self.shown.len() => {
                self.shown.swap(i, j);
                true
            }
            _ => false,
        }
    }

    /// Where `column` is shown (1 for ID), if it is.
    pub fn position(&self, column: Column) -> Option<usize> {
        self.shown.iter().position(|c| *c == column).map(|i| i + 1)
    }
}

/// Where a column's value goes on a payment's card, the list's shape on
/// a phone: the id and the amount on its first line, the status and the
/// date on its second, the person's first two other columns on its
/// third; any further column is left off the card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardSlot {
    Id,
    Amount,
    Status,
    Date,
    /// The first other column.
    First,
    /// The second other column.
    Second,
    /// Not on the card.
    Off,
}

impl CardSlot {
    /// The slot of each of `columns`, in their order.
    pub fn of(columns: &[Column]) -> Vec<CardSlot> {
        let mut others = 0;
        columns
            .iter()
            .map(|c| match c {
                Column::Id => CardSlot::Id,
                Column::Amount => CardSlot::Amount,
                Column::Status => CardSlot::Status,
                Column::Date => CardSlot::Date,
                _ => {
                    others += 1;
                    match others {
                        1 => CardSlot::First,
                        2 => CardSlot::Second,
                        _ => CardSlot::Off,
                    }
                }
            })
            .collect()
    }

    /// The class that places a cell in its slot (`style/console.css`).
    pub fn class(self) -> &'static str {
        match self {
            CardSlot::Id => "pc-card-id",
            CardSlot::Amount => "pc-num pc-card-amount",
            CardSlot::Status => "pc-card-status",
            CardSlot::Date => "pc-card-date",
            CardSlot::First => "pc-card-first",
            CardSlot::Second => "pc-card-second",
            CardSlot::Off => "pc-card-off",
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn connection_ids_make_valid_keys() {
        use super::ColumnChoice;
        assert_eq!(
            ColumnChoice::preference_key("ReviewRover"),
            "columns:reviewrover"
        );
        assert_eq!(
            ColumnChoice::preference_key("my conn/ä"),
            "columns:my-conn--"
        );
        let long = ColumnChoice::preference_key(&"x".repeat(200));
        assert_eq!(long.len(), "columns:".len() + 80);
    }

    use super::*;

    #[test]
    fn a_card_holds_the_four_usual_values_and_the_first_two_others() {
        let slots = CardSlot::of(&[
            Column::Id,
            Column::Reference,
            Column::Amount,
            Column::Counterparty,
            Column::Status,
            Column::Date,
            Column::Reference,
        ]);
        assert_eq!(
            slots,
            [
                CardSlot::Id,
                CardSlot::First,
                CardSlot::Amount,
                CardSlot::Second,
                CardSlot::Status,
                CardSlot::Date,
                CardSlot::Off
            ]
        );
        assert!(CardSlot::Amount.class().contains("pc-num"));
    }
    use crate::vendors;

    fn profile(slug: &str) -> &'static Profile {
        vendors::find(slug).expect("registered").profile()
    }

    #[test]
    fn every_vendor_offers_its_documented_fields_after_the_six() {
        for v in vendors::ALL {
            let all = Column::all(v.profile());
            assert_eq!(all[..6], Column::standard(), "{}", v.slug());
            let mut headings: Vec<_> = all.iter().map(|c| c.heading(v.profile())).collect();
            headings.sort_unstable();
            headings.dedup();
            assert_eq!(headings.len(), all.len(), "{}: no heading twice", v.slug());
            assert!(all.len() > 6, "{} offers more than the six", v.slug());
            for c in &all {
                assert_eq!(Column::from_key(v.profile(), &c.key()), Some(*c));
                assert!(!c.heading(v.profile()).english().is_empty());
            }
        }
    }

    #[test]
    fn a_choice_is_kept_as_keys_and_read_back_forgivingly() {
        let p = profile("reviewrover");
        let field = Column::all(p)[6];
        let mut choice = ColumnChoice::standard(p);
        assert!(choice.is_standard());
        choice.set_shown(field, true);
        choice.set_shown(Column::Status, false);
        assert!(choice.shift(field, -1));
        let keys = choice.keys();
        assert_eq!(keys[0], "id");
        assert_eq!(keys[keys.len() - 2], field.key());
        assert_eq!(ColumnChoice::from_keys(p, &keys), choice);
        assert!(choice.hidden().contains(&Column::Status));
        // Unknown, repeated and misplaced keys; ID is put back first.
        let read = ColumnChoice::from_keys(p, &["amount", "field:nope", "amount", "id", "date"]);
        assert_eq!(read.keys(), ["id", "amount", "date"]);
        // Nothing known: the standard six.
        assert!(ColumnChoice::from_keys(p, &["zzz"]).is_standard());
        assert!(ColumnChoice::from_keys::<&str>(p, &[]).is_standard());
    }

    #[test]
    fn id_stays_first_and_shown() {
        let p = profile("whop");
        let mut choice = ColumnChoice::standard(p);
        choice.set_shown(Column::Id, false);
        assert_eq!(choice.position(Column::Id), Some(1));
        assert!(!choice.shift(Column::Id, 1), "ID does not move");
        assert!(!choice.shift(Column::Amount, -1), "nothing goes before ID");
        assert!(choice.shift(Column::Amount, 1));
        assert_eq!(choice.position(Column::Amount), Some(3));
        let last = *choice.shown().last().unwrap_or(&Column::Id);
        assert!(!choice.shift(last, 1), "the last stays last");
    }
}
