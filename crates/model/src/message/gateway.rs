//! What the gateway (`payments-server`) says when it refuses or cannot
//! do what was asked: sent as `{"code", "args", "message"}` with the
//! status its kind names, the English `message` for logs and scripts.
//! A `reason` given as text is the server's own technical words (a
//! database error), shown as it is; one given as a key is a word of the
//! catalog (`word.reason_*`).

use super::{messages, Message};
use crate::keys::{msg, Key};

messages! {
    /// The gateway's messages.
    pub enum GatewayMessage {
        /// Nobody is signed in.
        SignedOut => msg::SIGNED_OUT,
        /// No route of the gateway at that address.
        NoSuchAddress => msg::NO_SUCH_ADDRESS,
        /// No connection of that id.
        NoSuchConnection { id: String } => msg::NO_SUCH_CONNECTION,
        /// A method the gateway never forwards.
        MethodNotForwarded => msg::METHOD_NOT_FORWARDED,
        /// A method and path not on the vendor's allow-list.
        NotForwarded { method: String, path: String, vendor: String } => msg::NOT_FORWARDED,
        /// A write whose `Origin` is not the console's.
        ForeignOrigin => msg::FOREIGN_ORIGIN,
        /// A write without the session's CSRF token.
        NoFormToken => msg::NO_FORM_TOKEN,
        /// A role that only reads tried to write.
        RoleReadsOnly { role: String } => msg::ROLE_READS_ONLY,
        /// A role that reads its own activity asked for someone else's.
        RoleOwnActivity { role: String } => msg::ROLE_OWN_ACTIVITY,
        /// A payment not on the scope's own list.
        PaymentOutsideScope { id: String, scope: Box<Message> } => msg::PAYMENT_OUTSIDE_SCOPE,
        /// The scope's list could not be read to check a payment.
        ScopeUnchecked { id: String, reason: Box<Message> } => msg::SCOPE_UNCHECKED,
        /// The audit row could not be written, so nothing was sent.
        AuditUnwritable { reason: String } => msg::AUDIT_UNWRITABLE,
        /// The vendor did not answer (reason: timeout, unreachable, …).
        VendorNoAnswer { reason: Key } => msg::VENDOR_NO_ANSWER,
        /// The vendor's answer broke off (reason).
        VendorBrokeOff { reason: Key } => msg::VENDOR_BROKE_OFF,
        /// The vendor answered with a redirect, not followed.
        VendorRedirect => msg::VENDOR_REDIRECT,
        /// The vendor's answer is larger than the gateway passes on.
        VendorTooLarge => msg::VENDOR_TOO_LARGE,
        /// The vendor's answer was lost between two of the server's tasks.
        AnswerLost => msg::ANSWER_LOST,
        /// The payment changed since the write's read (these fields).
        ChangedSinceRead { fields: String } => msg::CHANGED_SINCE_READ,
        /// The payment was deleted since the write's read.
        GoneSinceRead => msg::GONE_SINCE_READ,
        /// The store could not hold the payment for a write.
        WriteStoreDown { reason: String } => msg::WRITE_STORE_DOWN,
        /// Another write to the same payment held it too long.
        PaymentBusy => msg::PAYMENT_BUSY,
        /// The payment could not be read to compare it with the write's read.
        VersionUnchecked { reason: Box<Message> } => msg::VERSION_UNCHECKED,
        /// The write's read header could not be read.
        ReadUnreadable => msg::READ_UNREADABLE,
        /// A person follows changes from too many pages at once.
        TooManyStreams { most: u64 } => msg::TOO_MANY_STREAMS,
        /// The server follows changes for as many pages as it can.
        StreamsFull => msg::STREAMS_FULL,
        /// A request body larger than the gateway reads (in KB).
        BodyTooLarge { kb: u64 } => msg::BODY_TOO_LARGE,
        /// A request body that did not arrive in time.
        BodyTooSlow => msg::BODY_TOO_SLOW,
        /// Passwords are off: sign in with the provider.
        PasswordsOff { provider: String } => msg::PASSWORDS_OFF,
        /// A sign-in that is not `{"name", "password"}` JSON.
        SignInForm => msg::SIGN_IN_FORM,
        /// A name or password longer than read.
        SignInTooLong { name_max: u64, password_max: u64 } => msg::SIGN_IN_TOO_LONG,
        /// The store does not answer a sign-in.
        SignInStoreDown { reason: String } => msg::SIGN_IN_STORE_DOWN,
        /// Too many failures for this name from this address.
        ThrottledName { secs: u64 } => msg::THROTTLED_NAME,
        /// Too many failures from this address.
        ThrottledAddress { secs: u64 } => msg::THROTTLED_ADDRESS,
        /// This address is refused for a while.
        ThrottledRefused { minutes: u64 } => msg::THROTTLED_REFUSED,
        /// The password checks are all busy.
        SignInsBusy => msg::SIGN_INS_BUSY,
        /// No account of that name and password.
        WrongPassword => msg::WRONG_PASSWORD,
        /// The account's one-time code is needed.
        CodeNeeded => msg::CODE_NEEDED,
        /// The one-time code is wrong or used.
        CodeWrong => msg::CODE_WRONG,
        /// No session could be started.
        SessionNotStarted { reason: String } => msg::SESSION_NOT_STARTED,
        /// The session could not be ended.
        SessionNotEnded { reason: String } => msg::SESSION_NOT_ENDED,
        /// The session could not be read.
        SessionUnreadable { reason: String } => msg::SESSION_UNREADABLE,
        /// None of the person's sessions has this id (it ended).
        NoSuchSession => msg::NO_SUCH_SESSION,
        /// The client's address is unknown.
        AddressUnknown => msg::ADDRESS_UNKNOWN,
        /// Single sign-on is not configured.
        SsoOff => msg::SSO_OFF,
        /// The activity log could not be read.
        ActivityUnreadable { reason: String } => msg::ACTIVITY_UNREADABLE,
        /// An activity filter's kind is none of `kinds`.
        ActivityKind { kinds: String } => msg::ACTIVITY_KIND,
        /// An activity filter's bound (`from` or `to`) is no day or instant.
        ActivityBound { name: String } => msg::ACTIVITY_BOUND,
        /// The person's settings could not be read or kept.
        PreferencesStoreDown { reason: String } => msg::PREFERENCES_STORE_DOWN,
        /// As many settings as may be kept.
        PreferencesFull { max: u64 } => msg::PREFERENCES_FULL,
        /// A setting's name of other characters.
        PreferenceName => msg::PREFERENCE_NAME,
        /// A setting that is not JSON.
        PreferenceJson => msg::PREFERENCE_JSON,
        /// A host name this server does not answer for.
        ForeignHost => msg::FOREIGN_HOST,
        /// A path nothing of this server answers.
        NothingAt { path: String } => msg::NOTHING_AT,
        /// A rule of the company's names this write: held as request `id`.
        ApprovalRequired { id: u64, rule: String } => msg::APPROVAL_REQUIRED,
        /// No approval request of that number (or not one the reader may see).
        NoSuchApproval => msg::NO_SUCH_APPROVAL,
        /// Nobody approves or rejects their own request.
        OwnRequest => msg::OWN_REQUEST,
        /// The rule names other roles as its approvers.
        NotAnApprover { rule: String } => msg::NOT_AN_APPROVER,
        /// The person approved this request already.
        ApprovedAlready => msg::APPROVED_ALREADY,
        /// The request is no longer waiting (state: its word).
        ApprovalEnded { state: Key } => msg::APPROVAL_ENDED,
        /// The payment changed since the request: look and approve again.
        ApprovalChanged => msg::APPROVAL_CHANGED,
        /// A rejection says why.
        RejectionReason => msg::REJECTION_REASON,
        /// A reason longer than the most kept.
        ReasonTooLong { most: u64 } => msg::REASON_TOO_LONG,
        /// The approval requests could not be read or written.
        ApprovalsStoreDown { reason: String } => msg::APPROVALS_STORE_DOWN,
        /// A bulk run announced that could not be read.
        RunUnreadable => msg::RUN_UNREADABLE,
        /// A bulk run of more writes than one request holds.
        RunTooLarge { most: u64 } => msg::RUN_TOO_LARGE,
    }
}
