//! 日本語の文言。

use super::{Catalog, SiteAdvice};

pub static CATALOG: Catalog = Catalog {
    this_account: "このアカウント",
    no_2fa: "{site}: 2段階認証が有効になっている記録がありません",
    no_2fa_declared_off: "{site}: 2段階認証は無効と記録されています（{where}）",
    no_2fa_not_offered: "{site}: 2段階認証の記録がなく、2fa.directory にもこのサイトの2段階認証は載っていません",
    enable_2fa_doc: "{site}のセキュリティ設定で2段階認証を有効にしてください（手順: {doc}）。",
    enable_2fa_generic: "{site}のアカウントのセキュリティ設定で2段階認証を有効にしてください。",
    offers: "{site}で使える方法: {methods}。",
    directory_note: "2fa.directory の注記: 「{note}」",
    record_2fa: "有効にしたら、このエントリーに記録してください。認証アプリを使う場合はそのシークレットをここに保存し（KeePassXC: エントリー → TOTP → TOTP の設定）、それ以外はメモに「2段階認証: SMS」のような行を書きます。",
    not_offered_fix: "2fa.directory（{date} 時点）には{site}の2段階認証が載っていません。その後追加されていないかセキュリティ設定を確認してください。それまでは、このパスワードを長く他で使わないものにし、登録メールアドレスと電話番号を最新に保ち、不要な保存済みカードを削除してください。",
    unknown_offer: "{site}が2段階認証に対応しているかは当ツールのデータにありません。アカウントのセキュリティ設定を確認し、あれば有効にしてください。",
    no_phone: "{site}: 電話番号の記録がありません",
    phone_fix: "このアカウントに登録している電話番号を記録してください（「電話番号」フィールド、またはメモに「電話番号: …」の行）。確認コードや復旧コードは登録番号にSMSで届くため、番号が変わったり端末をなくしたりするとコードが届かず、アカウントのロック解除にも登録番号が必要になることがほとんどです。",
    where_field: "フィールド「{where}」",
    where_notes: "メモの「{where}」の行",
    where_tag: "タグ「{where}」",
    where_username: "ユーザー名",
    list_sep: "、",
    accounts_heading: "2段階認証または電話番号の記録が必要なアカウント（{n}件）:",
    two_factor_on: "2段階認証 {method}",
    two_factor_off: "2段階認証 無効",
    two_factor_none: "2段階認証の記録なし",
    phone_noted: "電話番号",
    phone_none: "電話番号の記録なし",
    more_entries: "（他{n}件）",
    in_parens: "（{where}）",
    sign_methods: &[
        ("app", "認証アプリ"),
        ("sms", "SMS"),
        ("call", "音声通話"),
        ("email", "メール"),
        ("security-key", "セキュリティキー"),
        ("passkey", "パスキー"),
        ("declared", "有効"),
    ],
    sentence_sep: "",
    methods: &[
        ("sms", "SMS"),
        ("call", "音声通話"),
        ("email", "メール"),
        ("totp", "認証アプリ"),
        ("u2f", "セキュリティキー"),
        ("custom-software", "サイト専用アプリ"),
        ("custom-hardware", "サイト専用のハードウェアトークン"),
    ],
    sites: &[
        SiteAdvice {
            site: "amazon.com",
            enable_2fa: "Amazonの「アカウントサービス → ログインとセキュリティ → 2段階認証」で有効にしてください。最初に電話番号（SMSまたは音声通話）の登録が必要で、認証アプリはその後に追加できます。どれか1つのAmazonサイトで有効にすれば他の国のAmazonにも適用されます。",
            phone: Some(
                "Amazonはログイン時の確認コードを登録済みの携帯番号に送り（アカウントサービス → ログインとセキュリティ → 携帯番号）、ロックされたアカウントの解除もこの番号で行います。",
            ),
        },
        SiteAdvice {
            site: "amazon-seller-central",
            enable_2fa: "セラーセントラルではログインに2段階認証が必須です。セラーセントラルの「設定 → ログイン設定」で確認し、予備として2つ目の電話番号か認証アプリを追加してください。",
            phone: Some(
                "セラーセントラルはログイン用のコードを登録済みの電話番号に送ります。その番号を失うとアカウントに入れなくなることがあります。",
            ),
        },
        SiteAdvice {
            site: "shopping.yahoo.co.jp",
            enable_2fa: "Yahoo!ショッピングはYahoo! JAPAN IDでログインします。Yahoo! JAPAN IDのセキュリティ設定で2段階認証を設定してください（手順: {doc}）。",
            phone: Some(
                "Yahoo! JAPAN IDは登録済みの電話番号にSMSで届く確認コードでログインします。番号がないとサポート経由でしか復旧できないことがあります。",
            ),
        },
        SiteAdvice {
            site: "paypaymall.yahoo.co.jp",
            enable_2fa: "PayPayモール（現在はYahoo!ショッピング）はYahoo! JAPAN IDでログインします。Yahoo! JAPAN IDのセキュリティ設定で2段階認証を設定してください（手順: {doc}）。",
            phone: Some(
                "Yahoo! JAPAN IDは登録済みの電話番号にSMSで届く確認コードでログインします。番号がないとサポート経由でしか復旧できないことがあります。",
            ),
        },
        SiteAdvice {
            site: "jp.mercari.com",
            enable_2fa: "メルカリは新しい端末からのログインを登録済みの電話番号（SMSまたは音声通話）への確認コードで確かめます。アカウントの電話番号が最新か確認してください。",
            phone: Some(
                "メルカリはログイン確認コードを登録済みの電話番号に送ります。その番号が使えないと新しいスマートフォンでログインできません。",
            ),
        },
    ],
};
