//! Well-formed requests with odd contents, to every vendor route, with the
//! vendor's own credentials so they reach the route's logic: JSON bodies
//! naming the vendor's writable fields with generated values (any Unicode,
//! numbers past 64 bits, negative and fractional ids, nulls, lists and
//! objects where text is expected), ids of payments that exist and ids
//! that cannot, and odd query values. Every answer is a success or a
//! documented 4xx in the vendor's own error shape, never a 5xx.

mod common;

use common::{temp_db, Sandbox};
use payments_sandbox::twocloud::FIRST_ID;
use proptest::prelude::*;
use reqwest::{Client, Method};
use serde_json::{json, Map, Value};

/// How one vendor is called: its credentials, the fields its writes
/// take, whether bodies are wrapped as `{"payment": …}`, its query
/// parameters, and whether an error body is in its shape.
struct Dialect {
    prefix: &'static str,
    credentials: &'static [(&'static str, &'static str)],
    fields: &'static [&'static str],
    wrapped: bool,
    params: &'static [&'static str],
    error_shape: fn(&Value) -> bool,
    /// A body the vendor accepts, which the generated values then alter,
    /// so odd values reach the checks that come after validation.
    valid: fn() -> Value,
}

fn message(v: &Value) -> bool {
    v["message"].is_string()
}

const DIALECTS: &[Dialect] = &[
    Dialect {
        prefix: "/reviewrover",
        valid: || json!({"contact_id": "cont_1", "amount": "5.00", "status": "pending"}),
        credentials: &[("authorization", "Bearer rr_demo_token")],
        fields: &[
            "contact_id",
            "external_id",
            "amount",
            "status",
            "event_date",
            "tags",
        ],
        wrapped: false,
        params: &["status", "page", "limit"],
        error_shape: |v| v["error"].is_string(),
    },
    Dialect {
        prefix: "/billingplatform",
        valid: || json!({"paymentDate": "2025-03-03", "paymentAmount": "10.00", "status": ["Collected"]}),
        credentials: &[("authorization", "Bearer bp_demo_token")],
        fields: &[
            "paymentDate",
            "paymentAmount",
            "paymentMethod",
            "ourReference",
            "customerReference",
            "invoiceID",
            "status",
            "paymentReversedDate",
            "invoiceIDReversed",
        ],
        wrapped: false,
        params: &[
            "reversed",
            "includeReversed",
            "minDate",
            "maxDate",
            "reversedSince",
            "collectedSince",
        ],
        error_shape: message,
    },
    Dialect {
        prefix: "/whop",
        valid: || json!({}),
        credentials: &[("authorization", "Bearer whop_demo_app_key")],
        fields: &[],
        wrapped: false,
        params: &["page", "per", "company_id", "product_id", "in_app_payments"],
        error_shape: message,
    },
    Dialect {
        prefix: "/twocloud",
        valid: || {
            let (user, campaign) = (FIRST_ID as u64 + 100_002, FIRST_ID as u64 + 200_000);
            json!({"amount": 100, "user_id": user, "funding_source_id": user + 1_000, "campaign": campaign})
        },
        credentials: &[
            ("authorization", "Basic YWRtaW46YWRtaW4tc2VjcmV0"),
            ("from", "fuzz"),
        ],
        fields: &[
            "amount",
            "user_id",
            "funding_source_id",
            "campaign",
            "anonymous",
            "message",
            "remote_id",
        ],
        wrapped: true,
        params: &["after", "before", "count", "status"],
        error_shape: |v| v["code"].is_u64() && v["message"].is_string() && v["errors"].is_array(),
    },
    Dialect {
        prefix: "/builton",
        valid: || json!({"active": true, "payment_method": "pm_1", "billing_address": {"city": "Oslo"}}),
        credentials: &[
            ("x-builton-api-key", "builton_demo_key"),
            ("authorization", "Bearer builton_demo_admin_token"),
        ],
        fields: &[
            "orders",
            "payment_method",
            "active",
            "billing_address",
            "payment_date",
        ],
        wrapped: false,
        params: &["page", "size", "from_date", "to_date", "sort", "status"],
        error_shape: message,
    },
];

/// Values that are legal JSON but odd for any field.
fn odd_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        Just(json!(18446744073709551615u64)),
        Just(json!(9223372036854775808u64)),
        Just(json!(-1)),
        Just(json!(0)),
        Just(json!(0.5)),
        Just(json!(1e300)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        ".{0,30}".prop_map(Value::String),
        "[0-9]{1,25}".prop_map(Value::String),
        Just(json!("2025-02-30")),
        Just(json!("2025-02-17T25:61:00+14:00")),
        Just(json!("9999-12-31T23:59:59Z")),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,10}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// The id of an existing payment of the dialect's vendor, from its list.
async fn existing_id(c: &Client, sb: &Sandbox, d: &Dialect) -> Option<String> {
    let list = common::ROUTES
        .iter()
        .find(|(m, p)| *m == "GET" && p.starts_with(d.prefix) && !p.contains('{'))?
        .1;
    let mut req = c.get(sb.url(list));
    for (k, v) in d.credentials {
        req = req.header(*k, *v);
    }
    let body: Value = req.send().await.ok()?.json().await.ok()?;
    let first = match &body {
        Value::Array(items) => items.first().cloned(),
        o => o["payments"].get(0).or(o["data"].get(0)).cloned(),
    }?;
    let id = first
        .get("_id")
        .and_then(|i| i["$oid"].as_str().map(str::to_string));
    id.or_else(|| match &first["id"] {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// Edge values every field of every route is tried with.
fn edge_values() -> Vec<Value> {
    vec![
        Value::Null,
        json!(true),
        json!(18446744073709551615u64),
        json!(9223372036854775808u64),
        json!(-9223372036854775808i64),
        json!(-1),
        json!(0),
        json!(0.5),
        json!(1e300),
        json!(""),
        json!("\u{1F4B8}\u{202E}x"),
        json!("99999999999999999999999"),
        json!([]),
        json!({}),
        json!(["a", 1]),
    ]
}

/// Sends `body` (and `query`) to one route as the vendor's own client
/// would, and checks the answer: below 500, and an error in the vendor's
/// shape. Returns the failure, if any.
async fn try_route(
    c: &Client,
    sb: &Sandbox,
    (method, path): (&str, &str),
    id: &str,
    body: Map<String, Value>,
    query: &[(String, String)],
) -> Result<(), String> {
    let d = DIALECTS
        .iter()
        .find(|d| path.starts_with(d.prefix))
        .expect("every route has a dialect");
    let body = if d.wrapped {
        json!({ "payment": body })
    } else {
        Value::Object(body)
    };
    let url = sb.url(&path.replace("{id}", id));
    let mut req = c
        .request(Method::from_bytes(method.as_bytes()).unwrap(), &url)
        .query(query)
        .json(&body);
    for (k, v) in d.credentials {
        req = req.header(*k, *v);
    }
    let r = req
        .send()
        .await
        .map_err(|e| format!("{method} {url}: {e}"))?;
    let status = r.status().as_u16();
    let text = r.text().await.unwrap_or_default();
    if status >= 500 {
        return Err(format!(
            "{method} {url} {query:?} {body} answered {status}: {text}"
        ));
    }
    let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    if status >= 400 && !(d.error_shape)(&v) {
        return Err(format!(
            "{method} {url} {body}: not {}'s error shape: {text}",
            d.prefix
        ));
    }
    Ok(())
}

fn dialect(path: &str) -> &'static Dialect {
    DIALECTS
        .iter()
        .find(|d| path.starts_with(d.prefix))
        .expect("every route has a dialect")
}

/// Every field a route's vendor writes, set to each edge value in an
/// otherwise valid body, at a payment that exists.
#[tokio::test]
async fn every_edge_value_in_every_field_of_every_route() {
    let sb = Sandbox::start(temp_db()).await;
    let c = Client::new();
    let mut failures = Vec::new();
    for &(method, path) in common::ROUTES.iter().filter(|(m, _)| *m != "GET") {
        let d = dialect(path);
        let id = existing_id(&c, &sb, d).await.unwrap_or_else(|| "1".into());
        for field in d.fields {
            for v in edge_values() {
                let mut body = (d.valid)().as_object().cloned().unwrap_or_default();
                body.insert((*field).to_string(), v);
                if let Err(e) = try_route(&c, &sb, (method, path), &id, body, &[]).await {
                    failures.push(e);
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Each case sends the same generated alteration to every route.
    #[test]
    fn odd_but_legal_requests_get_a_documented_answer_never_a_5xx(
        fields in prop::collection::vec((0usize..16, odd_value()), 1..4),
        use_existing in any::<bool>(),
        odd_id in prop::sample::select(vec!["0", "-1", "18446744073709551615", "9223372036854775808", "1.5", "%F0%9F%92%B8", "PAY-00000", "customers", "6a0000000000000000000000"]),
        params in prop::collection::vec((0usize..8, ".{0,12}"), 0..3),
    ) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let sb = Sandbox::start(temp_db()).await;
            let c = Client::new();
            for &(method, path) in common::ROUTES.iter() {
                let d = dialect(path);
                let id = match (use_existing, existing_id(&c, &sb, d).await) {
                    (true, Some(id)) => id,
                    _ => odd_id.to_string(),
                };
                let mut body: Map<String, Value> = (d.valid)().as_object().cloned().unwrap_or_default();
                for (i, v) in &fields {
                    if let Some(name) = d.fields.get(i % d.fields.len().max(1)) {
                        body.insert((*name).to_string(), v.clone());
                    }
                }
                let query: Vec<(String, String)> = params
                    .iter()
                    .filter_map(|(i, v)| d.params.get(i % d.params.len()).map(|k| (k.to_string(), v.clone())))
                    .collect();
                let outcome = try_route(&c, &sb, (method, path), &id, body, &query).await;
                prop_assert!(outcome.is_ok(), "{}", outcome.unwrap_err());
            }
            Ok(())
        })?;
    }
}
