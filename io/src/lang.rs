//! The language of what tepai writes for people: sheet names and headers of `plan.xlsx`, the
//! report page, the calendars' text, the terminal. The CSV and JSON files are a contract and
//! stay in English.
use std::fmt;
use std::str::FromStr;

/// Chinese or English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 中文: the default of the files made for people (`plan.xlsx`, `report.html`, the
    /// calendars).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The language of the user's locale (`LC_ALL`, `LC_MESSAGES`, then `LANG`): Chinese when
    /// it starts with `zh`, English otherwise (also when none is set).
    pub fn from_env() -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.is_empty())
            .unwrap_or_default();
        if locale.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The text of `zh` or of `en`, whichever is this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Lang, String> {
        match s.to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "cn" | "中文" => Ok(Lang::Zh),
            "en" | "english" => Ok(Lang::En),
            _ => Err(format!("`{s}` is not a language: use zh or en")),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.pick("zh", "en"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_parse_and_print_back() {
        assert_eq!("zh".parse::<Lang>(), Ok(Lang::Zh));
        assert_eq!("EN".parse::<Lang>(), Ok(Lang::En));
        assert!("fr".parse::<Lang>().is_err());
        assert_eq!(Lang::Zh.to_string(), "zh");
        assert_eq!(Lang::En.pick("是", "yes"), "yes");
    }
}
