//! No type that holds a secret shows it in `Debug` output (log lines, panic
//! messages, test failures): credentials, connections, connection forms
//! and built requests, for every vendor's credential scheme.

use payments_model::connection::{ConnectionDraft, Scope};
use payments_model::vendors;
use payments_model::{Connection, Credentials, ListQuery};

const SECRET: &str = "sekrit-9f3a";

#[test]
fn debug_output_never_shows_a_secret() {
    for &v in vendors::ALL {
        let scheme = v.profile().credentials;
        let credentials =
            Credentials::new(scheme.name, scheme.fields.iter().map(|f| (f.name, SECRET)));
        let conn = Connection {
            id: "c".into(),
            vendor: v,
            name: "c".into(),
            base_url: "https://api.example.com/v1".into(),
            credentials: credentials.clone(),
            scope: Scope::all(),
            currency: None,
        };
        let draft = ConnectionDraft::from_connection(&conn);
        let query = ListQuery::first_page(v.list_spec().pagination);
        let request = v.list_request(&conn, &query);
        assert!(
            request
                .headers
                .iter()
                .any(|(_, value)| value.contains(SECRET))
                || request
                    .header("Authorization")
                    .is_some_and(|a| a.starts_with("Basic ")),
            "{}: the request carries the credentials",
            v.slug()
        );
        for text in [
            format!("{credentials:?}"),
            format!("{conn:?}"),
            format!("{draft:?}"),
            format!("{request:?}"),
        ] {
            assert!(!text.contains(SECRET), "{}: {text}", v.slug());
            // Basic auth carries base64("user:secret"): not that either.
            for (_, value) in &request.headers {
                assert!(
                    !text.contains(value.as_str()) || value.len() < 8,
                    "{}: {text}",
                    v.slug()
                );
            }
        }
    }
}
