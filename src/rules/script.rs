//! Simplified ↔ traditional Chinese script, through OpenCC's dictionaries
//! (ferrous-opencc). Traditional texts are derived from the simplified ones
//! rather than written twice; a rules file or `assets/i18n/zh-Hant.yaml`
//! overrides a derived text where a Hong Kong or Taiwan shop says it
//! differently.

use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;
use std::borrow::Cow;
use std::sync::OnceLock;

/// Each converter is built on first use: a run that never shows traditional
/// text never pays for loading the dictionaries.
fn converter(
    config: BuiltinConfig,
    cell: &'static OnceLock<Option<OpenCC>>,
) -> Option<&'static OpenCC> {
    // The dictionaries are compiled into the binary, so building cannot
    // fail short of a defect in the crate; then the text stays as written.
    cell.get_or_init(|| OpenCC::from_config(config).ok())
        .as_ref()
}

/// Whether `s` has anything a conversion could change.
fn has_han(s: &str) -> bool {
    s.chars().any(|c| !c.is_ascii() && c.is_alphabetic())
}

/// What OpenCC's phrase segmentation gets wrong in card-payment texts, fixed
/// after conversion, in this order: 发卡 "issue a card" is not 髮卡 "hair
/// clip"; 联系 is 聯繫 (and then 联系统 must not become 聯繫統); 分钟 is
/// 分鐘; 签 here is signing (簽購單, 補簽, 簽到), never a lot, and only a label
/// stays 標籤; money in the card is 卡裡; a reversal is 沖正 as banks write
/// it; Taiwan and Hong Kong write an account 帳, not 賬.
const FIXES: [(&str, &str); 9] = [
    ("髮卡", "發卡"),
    ("聯系", "聯繫"),
    ("繫統", "系統"),
    ("分鍾", "分鐘"),
    ("籤", "簽"),
    ("標簽", "標籤"),
    ("卡里", "卡裡"),
    ("衝正", "沖正"),
    ("賬", "帳"),
];

/// Simplified Chinese → traditional Chinese in the character forms Taiwan
/// uses (為, 裡, 著), which Hong Kong shops read without a second look;
/// OpenCC's own standard forms (爲, 裏) look dated in both. Words stay as
/// they are: a different word for a thing is what the rules' `zh-Hant`
/// overrides are for.
pub fn to_traditional(simplified: &str) -> String {
    static S2TW: OnceLock<Option<OpenCC>> = OnceLock::new();
    match converter(BuiltinConfig::S2tw, &S2TW) {
        Some(cc) if has_han(simplified) => {
            let mut t = cc.convert(simplified);
            for (wrong, right) in FIXES {
                if t.contains(wrong) {
                    t = t.replace(wrong, right);
                }
            }
            // Taiwan and Hong Kong quote with corner brackets, the mainland
            // with curly quotes.
            t.chars()
                .map(|c| match c {
                    '“' => '「',
                    '”' => '」',
                    '‘' => '『',
                    '’' => '』',
                    c => c,
                })
                .collect()
        }
        _ => simplified.to_string(),
    }
}

/// Traditional Chinese → simplified Chinese, with Taiwan's own words too
/// (列印 → 打印, 網路 → 网络): for a query typed or pasted in traditional
/// characters against the simplified texts. Text without Han characters is
/// returned as it is, without loading the dictionaries.
pub fn to_simplified(traditional: &str) -> Cow<'_, str> {
    static TW2SP: OnceLock<Option<OpenCC>> = OnceLock::new();
    if !has_han(traditional) {
        return Cow::Borrowed(traditional);
    }
    match converter(BuiltinConfig::Tw2sp, &TW2SP) {
        Some(cc) => Cow::Owned(cc.convert(traditional)),
        None => Cow::Borrowed(traditional),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_both_ways() {
        assert_eq!(
            to_traditional("结算失败，请联系收单机构"),
            "結算失敗，請聯繫收單機構"
        );
        assert_eq!(to_traditional("为什么"), "為什麼");
    }

    #[test]
    fn quotes_become_corner_brackets() {
        assert_eq!(to_traditional("显示“余额不足”"), "顯示「餘額不足」");
    }

    #[test]
    fn fixes_what_the_dictionaries_get_wrong_for_payments() {
        assert_eq!(to_traditional("请联系发卡行"), "請聯繫發卡行");
        assert_eq!(to_traditional("并联系发卡行。"), "並聯繫發卡行。");
        assert_eq!(to_traditional("银联系统正在维护"), "銀聯系統正在維護");
        assert_eq!(
            to_traditional("银联交换中心系统故障"),
            "銀聯交換中心系統故障"
        );
        assert_eq!(to_traditional("等了十几分钟"), "等了十幾分鐘");
        assert_eq!(to_traditional("商户账户，到账"), "商戶帳戶，到帳");
        assert_eq!(
            to_traditional("重打签购单，请顾客补签；等待自动冲正"),
            "重打簽購單，請顧客補簽；等待自動沖正"
        );
        assert_eq!(
            to_traditional("仍签不上，看机身标签"),
            "仍簽不上，看機身標籤"
        );
        assert_eq!(to_traditional("顾客卡里的余额"), "顧客卡裡的餘額");
    }

    #[test]
    fn converts_queries_back() {
        assert_eq!(to_simplified("結算失敗"), "结算失败");
        // Taiwan and Hong Kong forms of the same character.
        assert_eq!(to_simplified("為什麼說裡面"), "为什么说里面");
        assert_eq!(to_simplified("爲什麼説裏面"), "为什么说里面");
    }

    #[test]
    fn leaves_text_without_chinese_alone() {
        assert_eq!(to_traditional("Response code 51"), "Response code 51");
        assert_eq!(to_simplified(""), "");
    }
}
