//! What a vendor declares as plain data, in one [`Profile`] per vendor:
//! its name, list endpoint ([`ListSpec`]), operations and form fields
//! ([`Capabilities`]), detail and list layout, scopes ([`ScopeSpec`]),
//! credential scheme ([`CredentialScheme`]) and currency rule. Views,
//! forms and the server read these tables; none of them names a vendor.

use std::collections::BTreeMap;

use crate::connection::Credentials;
use crate::keys::{word, Key};
use crate::message::ModelMessage;
use crate::query::{ListQuery, Pagination};
use crate::time;
use crate::time::EpochUnit;
use crate::validate::{self, FieldErrors};
use crate::zone::{day_span, Offsets};

/// How one field is formatted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShownAs {
    Text,
    /// An amount in major units, in the payment's `currency` field or the
    /// connection's currency.
    Money,
    /// US cents (2cloud).
    Cents,
    Time(EpochUnit),
    Status,
    /// Yes/No.
    Flag,
    /// Structured data, shown as compact JSON.
    Data,
}

/// A documented field: its name, label and formatting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldDisplay {
    pub name: &'static str,
    /// Its label, a word of the catalog.
    pub label: Key,
    pub shown: ShownAs,
}

impl FieldDisplay {
    /// A field declaration on one line.
    pub const fn new(name: &'static str, label: Key, shown: ShownAs) -> FieldDisplay {
        FieldDisplay { name, label, shown }
    }
}

/// One documented list filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FilterSpec {
    /// The vendor's query parameter name.
    pub name: &'static str,
    /// The label people see (a word of the catalog).
    pub label: Key,
    pub kind: FieldKind,
}

impl FilterSpec {
    /// A filter declaration on one line.
    pub const fn new(name: &'static str, label: Key, kind: FieldKind) -> FilterSpec {
        FilterSpec { name, label, kind }
    }
}

/// What a vendor's list endpoint offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListSpec {
    pub pagination: Pagination,
    pub filters: &'static [FilterSpec],
    /// Sort values the vendor documents, with their labels.
    pub sorts: &'static [(&'static str, Key)],
    /// Pairs of filters that bound a range (`from`, `to`, and what the
    /// range is of, in words): `from` may not come after `to`. A range of
    /// two date filters is offered with date presets under its name.
    pub ranges: &'static [(&'static str, &'static str, Key)],
}

impl ListSpec {
    /// The ranges of two day filters (`from`, `to`, their name), which
    /// date presets fill.
    pub fn day_ranges(&self) -> impl Iterator<Item = (FilterSpec, FilterSpec, Key)> + '_ {
        let filter = |name: &str| self.filters.iter().find(|f| f.name == name).copied();
        self.ranges.iter().filter_map(move |(from, to, words)| {
            let (f, t) = (filter(from)?, filter(to)?);
            let days = |k: FieldKind| matches!(k, FieldKind::Date | FieldKind::Day);
            (days(f.kind) && days(t.kind)).then_some((f, t, *words))
        })
    }

    /// The filter parameter names, for [`ListQuery::from_params`].
    pub fn filter_names(&self) -> Vec<&'static str> {
        self.filters.iter().map(|f| f.name).collect()
    }

    /// The page sizes a list offers: the usual ones the vendor allows,
    /// and its default and shown sizes.
    pub fn page_sizes(&self) -> Vec<u32> {
        let mut sizes: Vec<u32> = [10, 20, 25, 50, 100]
            .into_iter()
            .filter(|s| self.pagination.max_size().is_some_and(|m| *s <= m))
            .collect();
        for d in [self.pagination.default_size(), self.pagination.shown_size()]
            .into_iter()
            .flatten()
        {
            if !sizes.contains(&d) {
                sizes.push(d);
                sizes.sort_unstable();
            }
        }
        sizes
    }

    /// `query` as the vendor is to be sent it when days are `zone`'s days:
    /// each [`FieldKind::Day`] filter holding a date becomes an instant
    /// (RFC 3339, UTC), the day's first second, or its last for the end
    /// of a range. Everything else, and the address, stays as it is.
    pub fn in_zone(&self, query: &ListQuery, zone: &dyn Offsets) -> ListQuery {
        let mut zoned = query.clone();
        for f in self.filters.iter().filter(|f| f.kind == FieldKind::Day) {
            let day = match query.filters.get(f.name).map(|v| time::parse_text(v)) {
                Some(Ok(Some(time::Moment::Day(d)))) => d,
                _ => continue,
            };
            let (start, end) = day_span(day, zone);
            let ends_a_range = self.ranges.iter().any(|(_, to, _)| *to == f.name);
            let at = if ends_a_range { end } else { start };
            zoned = zoned.with_filter(f.name, &time::Moment::At(at).exact());
        }
        zoned
    }

    /// Checks a query's filters: each value has its kind's form, and each
    /// range runs forward. Errors are keyed by filter name.
    pub fn validate(&self, query: &ListQuery) -> FieldErrors {
        let mut errs = FieldErrors::default();
        for f in self.filters {
            let Some(v) = query.filters.get(f.name) else {
                continue;
            };
            let outcome = match f.kind {
                FieldKind::Choice(options) => validate::one_of(f.label, v, options),
                FieldKind::Suggest(_) => validate::max_length(f.label, v, 100),
                FieldKind::Date | FieldKind::Day => validate::day(f.label, v),
                FieldKind::DateTime => validate::timestamp(f.label, v).map(|_| ()),
                FieldKind::Flag | FieldKind::Bool => {
                    validate::one_of(f.label, v, &["true", "false"])
                }
                _ => Ok(()),
            };
            errs.check(f.name, outcome);
        }
        for (from, to, _) in self.ranges {
            let moment = |name: &str| {
                query
                    .filters
                    .get(name)
                    .and_then(|v| time::parse_text(v).ok().flatten())
            };
            if let (Some(a), Some(b)) = (moment(from), moment(to)) {
                if a.epoch_millis() > b.epoch_millis() {
                    let label = |n: &'static str| {
                        self.filters
                            .iter()
                            .find(|f| f.name == n)
                            .map_or(word::DATES, |f| f.label)
                    };
                    errs.check::<()>(
                        to,
                        Err(ModelMessage::Before {
                            later: label(to),
                            earlier: label(from),
                        }),
                    );
                }
            }
        }
        errs
    }
}

/// The kind of input a form field or a list filter needs, and how its
/// value is written (`Date` as `YYYY-MM-DD`, `DateTime` as RFC 3339,
/// `Flag` and `Bool` as `true`/`false`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// Free text.
    Text,
    /// A decimal amount in major units.
    Amount,
    /// A whole amount in minor units (2cloud cents).
    MinorUnits,
    Date,
    /// A day, written `YYYY-MM-DD` like a date, that the vendor is sent as
    /// the instants bounding it in the console's time zone (see
    /// [`ListSpec::in_zone`]).
    Day,
    DateTime,
    /// One of a closed set the vendor's document lists.
    Choice(&'static [&'static str]),
    /// Free text with the known values offered as suggestions, where the
    /// document's vocabulary is open ("e.g.", tenant-defined names, or
    /// values the service is known to send beyond its list).
    Suggest(&'static [&'static str]),
    Bool,
    /// Several values, typed comma-separated, with known ones suggested.
    TextList(&'static [&'static str]),
    /// A whole number (an id).
    WholeNumber,
    /// Present or absent (Billing Platform's `?reversed`).
    Flag,
}

/// One writable field of a create or update form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    /// The vendor's field name, used as the key of values and errors.
    pub name: &'static str,
    /// The label people see (a word of the catalog).
    pub label: Key,
    pub kind: FieldKind,
    pub required: bool,
}

impl FieldSpec {
    /// A field the operation needs.
    pub const fn required(name: &'static str, label: Key, kind: FieldKind) -> FieldSpec {
        FieldSpec {
            name,
            label,
            kind,
            required: true,
        }
    }

    /// A field the operation may leave out.
    pub const fn optional(name: &'static str, label: Key, kind: FieldKind) -> FieldSpec {
        FieldSpec {
            name,
            label,
            kind,
            required: false,
        }
    }
}

/// What a vendor lets the console do beyond listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Capabilities {
    /// Fetching one payment by id.
    pub retrieve: bool,
    /// The fields of "New payment", or `None` where creating is not
    /// documented.
    pub create: Option<&'static [FieldSpec]>,
    /// The fields of "Edit", or `None`.
    pub update: Option<&'static [FieldSpec]>,
    pub delete: bool,
    /// The statuses a payment can be set to by a separate status endpoint.
    pub change_status: Option<&'static [&'static str]>,
    /// Why an operation is missing, for where a person would look for it.
    pub limits: Key,
}

/// One way a connection can slice a vendor's payments, such as "one
/// customer". A connection's [`Scope`](crate::connection::Scope) names one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScopeSpec {
    /// The value kept in a connection (`all`, `customer`, `app`, …).
    pub name: &'static str,
    /// The words offered in the connection form.
    pub label: Key,
    /// What the id is called, for scopes that need one ("Customer").
    pub id_label: Option<Key>,
}

impl ScopeSpec {
    /// A scope without an id.
    pub const fn plain(name: &'static str, label: Key) -> ScopeSpec {
        ScopeSpec {
            name,
            label,
            id_label: None,
        }
    }

    /// A scope that names one thing by its id.
    pub const fn by_id(name: &'static str, label: Key, id_label: Key) -> ScopeSpec {
        ScopeSpec {
            name,
            label,
            id_label: Some(id_label),
        }
    }
}

/// One value a connection's credentials hold, as the connection form asks
/// for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CredentialField {
    /// The key in [`Credentials`](crate::connection::Credentials) and the
    /// form (`token`, `api_key`, …).
    pub name: &'static str,
    pub label: Key,
    /// Kept out of storage unless the person asks, typed in a password box.
    pub secret: bool,
    /// Needed unless the connection is anonymous.
    pub required: bool,
    /// A sentence under the input.
    pub hint: Option<Key>,
    /// The values a person picks from, where the field is a choice.
    pub choices: &'static [&'static str],
    /// Sent as typed in a header, so it must be plain ASCII (a value that
    /// is encoded first, as Basic auth's, may hold anything).
    pub in_header: bool,
}

impl CredentialField {
    /// A secret the connection cannot work without.
    pub const fn secret(name: &'static str, label: Key) -> CredentialField {
        CredentialField {
            name,
            label,
            secret: true,
            required: true,
            hint: None,
            in_header: true,
            choices: &[],
        }
    }

    /// The same value, encoded before it is sent (Basic auth's user name
    /// and secret), so any character may be typed.
    pub const fn encoded(self) -> CredentialField {
        CredentialField {
            in_header: false,
            ..self
        }
    }

    /// A value that is not secret, with a hint.
    pub const fn open(name: &'static str, label: Key, hint: Key) -> CredentialField {
        CredentialField {
            name,
            label,
            secret: false,
            required: false,
            hint: Some(hint),
            in_header: true,
            choices: &[],
        }
    }

    /// The same value, needed unless the connection is anonymous.
    pub const fn needed(self) -> CredentialField {
        CredentialField {
            required: true,
            ..self
        }
    }

    /// A choice about the credentials that is never sent (such as whether
    /// they are an administrator's), which decides what the console offers.
    pub const fn choice(
        name: &'static str,
        label: Key,
        hint: Key,
        choices: &'static [&'static str],
    ) -> CredentialField {
        CredentialField {
            name,
            label,
            secret: false,
            required: false,
            hint: Some(hint),
            in_header: false,
            choices,
        }
    }
}

/// Whether a connection may change a payment's status through the
/// vendor's status endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusChange {
    /// It may, to one of these statuses.
    Offered(&'static [&'static str]),
    /// The vendor has the endpoint but would refuse this connection, for
    /// the reason given (a word of the catalog).
    Refused(Key),
    /// The vendor documents no status endpoint.
    NotOffered,
}

/// How a vendor's connections prove who they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CredentialScheme {
    /// The scheme's name, kept with saved credentials (`bearer`, `basic`).
    pub name: &'static str,
    /// The values the connection form asks for, in order.
    pub fields: &'static [CredentialField],
    /// Which value a host page's token callback replaces.
    pub token_field: &'static str,
    /// A value that, left blank, makes the connection anonymous (no
    /// credentials at all); `None` where the vendor needs credentials.
    pub anonymous_without: Option<&'static str>,
}

impl CredentialScheme {
    /// Checks the connection form's credential values against this
    /// scheme and builds the credentials.
    pub fn credentials_from(
        &self,
        values: &BTreeMap<String, String>,
    ) -> Result<Credentials, FieldErrors> {
        let value = |name: &str| values.get(name).map(|v| v.trim()).unwrap_or("");
        if self.anonymous_without.is_some_and(|f| value(f).is_empty()) {
            return Ok(Credentials::none());
        }
        let mut errs = FieldErrors::default();
        let mut creds = Credentials::new(self.name, []);
        for f in self.fields {
            let given = if f.required {
                errs.check(f.name, validate::required(f.label, Some(value(f.name))))
            } else {
                Some(value(f.name).to_string())
            };
            let given = match given {
                Some(v) if f.in_header => errs
                    .check(f.name, validate::header_value(f.label, &v))
                    .map(|()| v),
                Some(v) if !f.choices.is_empty() && !v.is_empty() => errs
                    .check(f.name, validate::one_of(f.label, &v, f.choices))
                    .map(|()| v),
                other => other,
            };
            if let Some(v) = given {
                creds.set(f.name, v);
            }
        }
        if errs.is_empty() {
            Ok(creds)
        } else {
            Err(errs)
        }
    }
}

/// `Authorization: Bearer <token>`, the scheme most vendors use.
pub const BEARER: CredentialScheme = CredentialScheme {
    name: "bearer",
    fields: &[CredentialField::secret("token", word::TOKEN)],
    token_field: "token",
    anonymous_without: None,
};

/// The three vendor-specific columns of a list: who paid, when, and the
/// business's reference, as the vendor words them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Columns {
    pub counterparty: Key,
    pub date: Key,
    pub reference: Key,
}

/// Everything a vendor declares as data. Each vendor module holds one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Profile {
    /// The short name used in URLs, configuration and server prefixes.
    pub slug: &'static str,
    /// The name people see.
    pub name: &'static str,
    pub list: ListSpec,
    pub capabilities: Capabilities,
    /// The documented fields of a payment, in the vendor's order, for the
    /// detail view.
    pub fields: &'static [FieldDisplay],
    pub columns: Columns,
    /// The scopes a connection can take; the first is the default.
    pub scopes: &'static [ScopeSpec],
    pub credentials: CredentialScheme,
    /// Where payments do not carry their currency: what the connection's
    /// currency field means for this vendor (its hint). `None` where they
    /// do.
    pub connection_currency: Option<Key>,
    /// Codes beyond ISO 4217 the vendor bills in, with the number of
    /// decimal places the console shows and accepts for each.
    pub currencies: &'static [(&'static str, u32)],
    /// A field of the create form the vendor keeps and sends back, which
    /// the console fills with a reference of its own where the person left
    /// it blank, so that a create whose answer was lost can be found
    /// instead of made twice; `None` where the vendor has no such field.
    pub client_reference: Option<&'static str>,
    /// Every method and path (below the connection's root) the vendor
    /// can produce: the allow-list a gateway forwards and nothing else.
    pub endpoints: &'static [Endpoint],
}

impl Profile {
    /// The currency `code` (any case) names for this vendor: one it
    /// declares beside ISO 4217, or an ISO 4217 currency.
    pub fn currency(&self, code: &str) -> Option<crate::money::Currency> {
        let upper = code.trim().to_ascii_uppercase();
        match self.currencies.iter().find(|(c, _)| *c == upper) {
            Some((c, digits)) => Some(crate::money::Currency::declared(c, *digits)),
            None => crate::money::Currency::from_code(&upper),
        }
    }

    /// The scope a connection form's or configuration's `name` chooses:
    /// none (empty) is the vendor's first, the default; a name the vendor
    /// does not declare is an error. The one rule for every place that
    /// reads a scope's name.
    pub fn chosen_scope(&self, name: &str) -> Result<&'static ScopeSpec, ModelMessage> {
        let name = name.trim();
        let found = if name.is_empty() {
            self.scopes.first()
        } else {
            self.scope(name)
        };
        found.ok_or_else(|| {
            let names: Vec<&str> = self.scopes.iter().map(|s| s.name).collect();
            ModelMessage::ChooseScope {
                scopes: names.join(", "),
            }
        })
    }

    /// The scope declaration named `name`.
    pub fn scope(&self, name: &str) -> Option<&'static ScopeSpec> {
        self.scopes.iter().find(|s| s.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_sent_as_the_zones_instants_and_the_address_keeps_the_date() {
        const FILTERS: &[FilterSpec] = &[
            FilterSpec::new("from", word::FROM, FieldKind::Day),
            FilterSpec::new("to", word::TO, FieldKind::Day),
            FilterSpec::new("paid", word::PAID, FieldKind::Date),
        ];
        let spec = ListSpec {
            pagination: Pagination::Unpaged,
            filters: FILTERS,
            sorts: &[],
            ranges: &[("from", "to", word::DATES)],
        };
        let q = ListQuery::first_page(Pagination::Unpaged)
            .with_filter("from", "2026-03-29")
            .with_filter("to", "2026-03-29")
            .with_filter("paid", "2026-03-29");
        let tokyo = crate::zone::Fixed {
            name: "Asia/Tokyo".into(),
            offset: 9 * 3600,
        };
        let zoned = spec.in_zone(&q, &tokyo);
        assert_eq!(
            zoned.filters.get("from").map(String::as_str),
            Some("2026-03-28T15:00:00Z")
        );
        assert_eq!(
            zoned.filters.get("to").map(String::as_str),
            Some("2026-03-29T14:59:59Z")
        );
        assert_eq!(
            zoned.filters.get("paid").map(String::as_str),
            Some("2026-03-29")
        );
        assert_eq!(
            q.filters.get("from").map(String::as_str),
            Some("2026-03-29")
        );
        assert!(spec.validate(&q).is_empty());
        // A value that is no date is left for validation to name.
        let odd = q.with_filter("from", "soon");
        assert_eq!(
            spec.in_zone(&odd, &tokyo)
                .filters
                .get("from")
                .map(String::as_str),
            Some("soon")
        );
    }

    #[test]
    fn list_filters_are_checked_by_kind_and_range() {
        const FILTERS: &[FilterSpec] = &[
            FilterSpec {
                name: "from",
                label: word::FROM,
                kind: FieldKind::Date,
            },
            FilterSpec {
                name: "to",
                label: word::TO,
                kind: FieldKind::Date,
            },
            FilterSpec {
                name: "since",
                label: word::CREATED,
                kind: FieldKind::DateTime,
            },
            FilterSpec {
                name: "state",
                label: word::STATE,
                kind: FieldKind::Choice(&["a", "b"]),
            },
        ];
        let spec = ListSpec {
            pagination: Pagination::Unpaged,
            filters: FILTERS,
            sorts: &[],
            ranges: &[("from", "to", word::DATES)],
        };
        let q = ListQuery::first_page(Pagination::Unpaged)
            .with_filter("from", "2025-03-01")
            .with_filter("to", "2025-02-01")
            .with_filter("since", "yesterday")
            .with_filter("state", "c");
        let errs = spec.validate(&q);
        assert_eq!(
            errs.english("to").as_deref(),
            Some("To cannot be before From.")
        );
        assert!(errs
            .english("since")
            .unwrap()
            .starts_with("Created must be a date"));
        assert_eq!(
            errs.english("state").as_deref(),
            Some("State must be one of: a, b.")
        );
        let ok = ListQuery::first_page(Pagination::Unpaged)
            .with_filter("from", "2025-01-01")
            .with_filter("to", "2025-01-01");
        assert!(spec.validate(&ok).is_empty());
        let bad_date =
            ListQuery::first_page(Pagination::Unpaged).with_filter("from", "2025-01-01T10:00:00Z");
        assert_eq!(
            spec.validate(&bad_date).english("from").as_deref(),
            Some("From must be a date such as 2025-02-17.")
        );
    }
}

/// One method and path a vendor's requests use, below the connection's root:
/// `{}` stands for one path segment (an id), anything else is literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub method: crate::http::Method,
    pub path: &'static str,
}

impl Endpoint {
    /// A declaration on one line.
    pub const fn new(method: crate::http::Method, path: &'static str) -> Endpoint {
        Endpoint { method, path }
    }

    /// Whether `method` and `path` (as sent, percent-encoded, without the
    /// query) are this endpoint: literal parts equal, each `{}` one
    /// segment that is not empty and holds no `/`, `\\` or `%2F`/`%5C`
    /// and is not `.` or `..` in any encoding.
    pub fn matches(&self, method: crate::http::Method, path: &str) -> bool {
        if method != self.method {
            return false;
        }
        let want: Vec<&str> = self.path.split('/').collect();
        let got: Vec<&str> = path.split('/').collect();
        want.len() == got.len()
            && want.iter().zip(&got).all(|(w, g)| match *w {
                "{}" => safe_segment(g),
                literal => literal == *g,
            })
    }
}

/// A path segment that names one thing and cannot climb or split.
fn safe_segment(segment: &str) -> bool {
    let decoded = crate::http::percent_decode(segment);
    !segment.is_empty()
        && !decoded.contains(['/', '\\'])
        && decoded != "."
        && decoded != ".."
        && !decoded.chars().any(char::is_control)
}
