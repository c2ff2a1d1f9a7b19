//! What the model says: a field's problem (validation shared by the
//! console's forms, the simulators and the gateway's configuration), a
//! connection's or a saved view's, an answer it cannot read, and the
//! meaning of a vendor's status code when the vendor says nothing.
//! `label`, `later`, `earlier` and `what` are words of the catalog
//! (`word.*`); every other argument is shown as it is.

use super::{messages, Message};
use crate::keys::{msg, Key};

messages! {
    /// The model's messages: each a code, its arguments and the catalog
    /// text (`msg.<code>`) that words it.
    pub enum ModelMessage {
        /// A value that must be given is blank.
        Required { label: Key } => msg::REQUIRED,
        /// Text longer than its limit.
        TooLong { label: Key, max: u64 } => msg::TOO_LONG,
        /// An amount that is not a number.
        NotANumber { label: Key } => msg::NOT_A_NUMBER,
        /// An amount below zero.
        Negative { label: Key } => msg::NEGATIVE,
        /// Decimals in a currency that has none (JPY).
        WholeIn { label: Key, currency: String } => msg::WHOLE_IN,
        /// More than one decimal in a currency of one.
        OneDecimalIn { label: Key, currency: String } => msg::ONE_DECIMAL_IN,
        /// More decimals than the currency has.
        DecimalsIn { label: Key, places: u64, currency: String } => msg::DECIMALS_IN,
        /// Neither a date nor a time.
        NotATime { label: Key } => msg::NOT_A_TIME,
        /// Not a date.
        NotADay { label: Key } => msg::NOT_A_DAY,
        /// None of the allowed words (`values`, comma-separated).
        NotOneOf { label: Key, values: String } => msg::NOT_ONE_OF,
        /// A header value with a line break or control character (its
        /// code point in hex).
        ControlCharacter { label: Key, code: String } => msg::CONTROL_CHARACTER,
        /// A header value with a character beyond plain ASCII.
        NotAscii { label: Key, char: String, code: String } => msg::NOT_ASCII,
        /// Not a three-letter currency code.
        NotACurrency { label: Key } => msg::NOT_A_CURRENCY,
        /// A whole number out of its range.
        WholeNumberRange { label: Key, min: u64, max: u64 } => msg::WHOLE_NUMBER_RANGE,
        /// The end of a range before its start.
        Before { later: Key, earlier: Key } => msg::BEFORE,
        /// A status filter naming no status.
        NotAStatus { value: String } => msg::NOT_A_STATUS,
        /// All payments' currency filter is no code.
        CurrencyCode => msg::CURRENCY_CODE,
        /// All payments' largest amount below its smallest.
        AmountRange => msg::AMOUNT_RANGE,
        /// A scope the vendor does not offer (`scopes`: those it does).
        ChooseScope { scopes: String } => msg::CHOOSE_SCOPE,
        /// A value of another JSON kind than text (`kind`: which, in
        /// words of the reader).
        NotText { label: Key, kind: String } => msg::NOT_TEXT,
        /// A field the form does not have.
        NotSettable { name: String } => msg::NOT_SETTABLE,
        /// A scope that needs an id has none.
        ScopeNeedsId => msg::SCOPE_NEEDS_ID,
        /// A connection with no vendor.
        ChooseVendor => msg::CHOOSE_VENDOR,
        /// A base URL with spaces or line breaks.
        BaseUrlSpaces => msg::BASE_URL_SPACES,
        /// A base URL with a query or fragment.
        BaseUrlQuery => msg::BASE_URL_QUERY,
        /// A base URL of `//host`.
        BaseUrlSlashes => msg::BASE_URL_SLASHES,
        /// A base URL of another scheme.
        BaseUrlScheme => msg::BASE_URL_SCHEME,
        /// A base URL holding a user name or password.
        BaseUrlUser => msg::BASE_URL_USER,
        /// A base URL without a host.
        BaseUrlHost => msg::BASE_URL_HOST,
        /// A base URL over plain http to another host than this one.
        BaseUrlHttps => msg::BASE_URL_HTTPS,
        /// A saved view without a name.
        ViewUnnamed => msg::VIEW_UNNAMED,
        /// A view's name of several lines.
        ViewNameLine => msg::VIEW_NAME_LINE,
        /// A view's name too long.
        ViewNameTooLong { max: u64 } => msg::VIEW_NAME_TOO_LONG,
        /// A view's name taken.
        ViewExists { name: String } => msg::VIEW_EXISTS,
        /// As many views as may be kept.
        ViewsFull { max: u64 } => msg::VIEWS_FULL,
        /// No view of that name.
        ViewMissing { name: String } => msg::VIEW_MISSING,
        /// A scope in words when it names one thing: its kind and id
        /// ("Campaign 7").
        ScopeWithId { what: Key, id: String } => msg::SCOPE_WITH_ID,
        /// A request outside the connection's scope.
        OutsideScope { scope: Box<Message> } => msg::OUTSIDE_SCOPE,
        /// An answer that is not what the vendor documents: what it
        /// should have been, and the reader's own reason (technical, not
        /// translated).
        Unreadable { what: Key, detail: String } => msg::UNREADABLE,
        /// 401, when the vendor said nothing.
        Unauthorized => msg::UNAUTHORIZED,
        /// 403, when the vendor said nothing.
        Forbidden => msg::FORBIDDEN,
        /// 404, when the vendor said nothing.
        NotFound => msg::NOT_FOUND,
        /// 409 or 422, when the vendor said nothing.
        Invalid => msg::INVALID,
        /// 429, when the vendor said nothing.
        RateLimited => msg::RATE_LIMITED,
        /// 5xx, when the vendor said nothing.
        ServerFailed => msg::SERVER_FAILED,
        /// Any other refusal, when the vendor said nothing.
        Rejected => msg::REJECTED,
        /// A vendor's coded error in its document's words, about `item`.
        WithItem { text: Key, item: String } => msg::WITH_ITEM,
        /// A list of ids given none.
        NeedsAnId { label: Key } => msg::NEEDS_AN_ID,
        /// A field that must be an object of its parts (`kind`: what it
        /// was instead).
        NotParts { label: Key, kind: String } => msg::NOT_PARTS,
        /// A field that cannot be changed on an existing payment.
        NotChangeable { name: String } => msg::NOT_CHANGEABLE,
        /// A delete without a clear answer, the payment still there.
        DeleteNotDone => msg::DELETE_NOT_DONE,
        /// A delete without a clear answer, the payment unreadable.
        DeleteUnsure => msg::DELETE_UNSURE,
        /// A change without a clear answer.
        ChangeUnsure => msg::CHANGE_UNSURE,
    }
}
