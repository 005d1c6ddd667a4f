//! English wording.

use super::{Catalog, SiteAdvice};

pub static CATALOG: Catalog = Catalog {
    this_account: "this account",
    no_2fa: "{site}: no sign that two-step verification is on",
    no_2fa_declared_off: "{site}: two-step verification is noted as off ({where})",
    no_2fa_not_offered: "{site}: no second factor noted, and 2fa.directory lists none for this site",
    enable_2fa_doc: "Turn on two-step verification in {site}'s security settings (instructions: {doc}).",
    enable_2fa_generic: "Turn on two-step verification in {site}'s account security settings.",
    offers: "{site} offers: {methods}.",
    directory_note: "2fa.directory notes: \"{note}\"",
    record_2fa: "Then note it in this entry: with an authenticator app, store its secret here (KeePassXC: Entries → TOTP → Set up TOTP); otherwise add a notes line such as \"2FA: SMS\".",
    not_offered_fix: "2fa.directory (snapshot {date}) lists no two-step verification for {site}; check its security settings in case it has been added since. Until then keep this password long and used nowhere else, keep the account's email address and phone number current, and remove saved payment cards you do not need.",
    unknown_offer: "Our data does not say whether {site} offers two-step verification: look in its account security settings and turn it on if it is there.",
    no_phone: "{site}: no phone number noted",
    phone_fix: "Write down which phone number the account is registered with: a field named Phone, or a notes line \"Phone: …\". Sites send sign-in and recovery codes by SMS to that number; if it changes or the phone is lost, the codes stop arriving, and unlocking the account usually needs the registered number.",
    where_field: "field {where}",
    where_notes: "notes line {where}",
    where_tag: "tag {where}",
    where_username: "the user name",
    list_sep: ", ",
    accounts_heading: "Accounts that need 2FA or a phone number noted ({n}):",
    two_factor_on: "2FA {method}",
    two_factor_off: "2FA OFF",
    two_factor_none: "no 2FA noted",
    phone_noted: "phone",
    phone_none: "no phone noted",
    more_entries: " (+{n} more)",
    in_parens: " ({where})",
    sign_methods: &[
        ("app", "app"),
        ("sms", "sms"),
        ("call", "call"),
        ("email", "email"),
        ("security-key", "security key"),
        ("passkey", "passkey"),
        ("declared", "declared"),
    ],
    sentence_sep: " ",
    methods: &[
        ("sms", "SMS"),
        ("call", "phone call"),
        ("email", "email"),
        ("totp", "authenticator app"),
        ("u2f", "security key"),
        ("custom-software", "the site's own app"),
        ("custom-hardware", "the site's own hardware token"),
    ],
    sites: &[
        SiteAdvice {
            site: "amazon.com",
            enable_2fa: "On Amazon open Your Account → Login & security → 2-Step Verification and turn it on; Amazon asks for a phone number (SMS or a call) first, and an authenticator app can be added after that. Turning it on at one Amazon storefront covers the others.",
            phone: Some(
                "Amazon sends sign-in codes to the registered mobile number (Your Account → Login & security → Mobile number), and a locked account is unlocked through it.",
            ),
        },
        SiteAdvice {
            site: "amazon-seller-central",
            enable_2fa: "Seller Central requires two-step verification at sign-in; check it in Seller Central under Settings → Login Settings, and add a second phone number or an authenticator app as a backup.",
            phone: Some(
                "Seller Central sends its sign-in codes to the phone numbers on record; a seller who loses that number can be locked out of the account.",
            ),
        },
        SiteAdvice {
            site: "shopping.yahoo.co.jp",
            enable_2fa: "Yahoo!ショッピング signs in with a Yahoo! JAPAN ID: set up its second factor in the Yahoo! JAPAN ID security settings (instructions: {doc}).",
            phone: Some(
                "A Yahoo! JAPAN ID signs in with codes sent by SMS to the registered number; without it the account may only be recoverable through Yahoo! JAPAN support.",
            ),
        },
        SiteAdvice {
            site: "paypaymall.yahoo.co.jp",
            enable_2fa: "PayPayモール (now part of Yahoo!ショッピング) signs in with a Yahoo! JAPAN ID: set up its second factor in the Yahoo! JAPAN ID security settings (instructions: {doc}).",
            phone: Some(
                "A Yahoo! JAPAN ID signs in with codes sent by SMS to the registered number; without it the account may only be recoverable through Yahoo! JAPAN support.",
            ),
        },
        SiteAdvice {
            site: "jp.mercari.com",
            enable_2fa: "Mercari confirms sign-ins from a new device with a code sent to the registered phone number (SMS or a call); make sure the number on the account is current.",
            phone: Some(
                "Mercari sends its sign-in confirmation codes to the registered phone number; without access to it you cannot sign in on a new phone.",
            ),
        },
    ],
};
