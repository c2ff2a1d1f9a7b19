//! What the console's network layer (`src/api`) says: a request that got
//! no answer, or none in time, an answer too large to read, a payment
//! the vendor does not show, a wait before trying again, and a host
//! page's token callback that failed.

use super::{messages, Message};
use crate::keys::msg;

messages! {
    /// The network layer's messages.
    pub enum NetworkMessage {
        /// No answer at all: offline, refused, aborted (the browser's own
        /// reason, not translated).
        Network { detail: String } => msg::NETWORK,
        /// A request the browser cannot send as it is (why: a field's
        /// problem).
        NotSent { why: Box<Message> } => msg::NOT_SENT,
        /// A write with no answer in time: it may have been saved.
        WriteTimedOut { secs: u64 } => msg::WRITE_TIMED_OUT,
        /// A read with no answer in time.
        ReadTimedOut { secs: u64 } => msg::READ_TIMED_OUT,
        /// An answer larger than the console reads (in MB).
        AnswerTooLarge { size: u64 } => msg::ANSWER_TOO_LARGE,
        /// No payment of that id on the list the vendor shows.
        NoSuchPayment { id: String } => msg::NO_SUCH_PAYMENT,
        /// A 429: trying again in so many seconds.
        RetrySlowDown { seconds: u64 } => msg::RETRY_SLOW_DOWN,
        /// A 5xx: trying again in so many seconds.
        RetryServerFailed { seconds: u64 } => msg::RETRY_SERVER_FAILED,
        /// The host page's token callback failed, and why.
        TokenCallbackFailed { reason: Box<Message> } => msg::TOKEN_CALLBACK_FAILED,
        /// It gave no token in time.
        TokenLate { secs: u64 } => msg::TOKEN_LATE,
        /// It gave no token.
        TokenNone => msg::TOKEN_NONE,
        /// It gave a token a request cannot carry (why: its problem).
        TokenUnfit { why: Box<Message> } => msg::TOKEN_UNFIT,
        /// The vendor has no such operation.
        VendorCannot => msg::VENDOR_CANNOT,
        /// The vendor does not delete payments.
        VendorCannotDelete => msg::VENDOR_CANNOT_DELETE,
        /// The page's Content-Security-Policy blocked a request to
        /// `origin`.
        BlockedByPolicy { origin: String } => msg::BLOCKED_BY_POLICY,
    }
}
