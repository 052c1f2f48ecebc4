//! Words for a person, in both of tepai's languages.
//!
//! A finding's detail and action are written where the finding is made, once in English and
//! once in Chinese, and the language is chosen where it is printed. [`Text`] cannot be made
//! from one language alone, so a new finding cannot forget its Chinese. Ids, values, file
//! names and numbers stand in both exactly as written.

/// The same words in English and in Chinese.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    /// In English.
    pub en: String,
    /// In Chinese.
    pub zh: String,
}

impl Text {
    /// The words in English and in Chinese.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Text {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// No words in either language (a finding with no specific action).
    pub fn none() -> Self {
        Text::default()
    }

    /// The Chinese words when `zh`, else the English.
    pub fn pick(&self, zh: bool) -> &str {
        if zh {
            &self.zh
        } else {
            &self.en
        }
    }
}

/// `text!("{n} rows", "{n} 行")`: a [`Text`] from an English and a Chinese format string,
/// both given the same arguments (names captured from the scope, or listed after them).
#[macro_export]
macro_rules! text {
    ($en:literal, $zh:literal $(,)?) => {
        $crate::Text::new(format!($en), format!($zh))
    };
    ($en:literal, $zh:literal, $($arg:tt)+) => {
        $crate::Text::new(format!($en, $($arg)+), format!($zh, $($arg)+))
    };
}

#[cfg(test)]
mod tests {
    #[test]
    fn both_languages_take_the_same_arguments() {
        let n = 3;
        let t = text!("{n} rows in {}", "{} 中有 {n} 行", "a.csv");
        assert_eq!(t.en, "3 rows in a.csv");
        assert_eq!(t.zh, "a.csv 中有 3 行");
        assert_eq!(t.pick(true), "a.csv 中有 3 行");
        assert_eq!(t.pick(false), "3 rows in a.csv");
    }
}
