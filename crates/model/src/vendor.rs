//! The five vendors the console speaks to, with the names people see and
//! the short names used in URLs and configuration.

use serde::{Deserialize, Serialize};

/// One of the payment vendors the console supports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Vendor {
    /// ReviewRover: payments that trigger review-request campaigns.
    ReviewRover,
    /// A billing platform with direct-debit style collections.
    BillingPlatform,
    /// Whop API v5.
    Whop,
    /// 2cloud: donations to campaigns.
    TwoCloud,
    /// BuiltOn: payments for orders and subscriptions.
    BuiltOn,
}

impl Vendor {
    /// Every vendor, in the order the console lists them.
    pub const ALL: [Vendor; 5] = [
        Vendor::ReviewRover,
        Vendor::BillingPlatform,
        Vendor::Whop,
        Vendor::TwoCloud,
        Vendor::BuiltOn,
    ];

    /// The short name used in URLs, configuration and sandbox path prefixes.
    pub fn slug(self) -> &'static str {
        match self {
            Vendor::ReviewRover => "reviewrover",
            Vendor::BillingPlatform => "billingplatform",
            Vendor::Whop => "whop",
            Vendor::TwoCloud => "twocloud",
            Vendor::BuiltOn => "builton",
        }
    }

    /// The name shown to people.
    pub fn display_name(self) -> &'static str {
        match self {
            Vendor::ReviewRover => "ReviewRover",
            Vendor::BillingPlatform => "Billing Platform",
            Vendor::Whop => "Whop",
            Vendor::TwoCloud => "2cloud",
            Vendor::BuiltOn => "BuiltOn",
        }
    }

    /// Parses a short name as written by [`Vendor::slug`].
    pub fn from_slug(slug: &str) -> Option<Vendor> {
        Vendor::ALL.into_iter().find(|v| v.slug() == slug)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip_and_are_distinct() {
        for v in Vendor::ALL {
            assert_eq!(Vendor::from_slug(v.slug()), Some(v));
        }
        assert_eq!(Vendor::from_slug("stripe"), None);
        let json = serde_json::to_string(&Vendor::TwoCloud).unwrap();
        assert_eq!(json, "\"twocloud\"");
    }
}
