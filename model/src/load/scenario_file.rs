//! The scenario TOML: `extends` chains, merging, and typed reading of every key.
//!
//! Each file of an `extends` chain is parsed to a table; `[data]` paths are resolved against
//! the directory of the file that names them; then each file's table is merged over its
//! base's (tables key by key, other values replaced). Reading the merged table reports every
//! unknown, missing or mistyped key at once, naming the file that set it.
use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use toml::{Table, Value};

use super::limits::{too_large, TEXT_BYTES_MAX};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::text::Text;

/// The merged scenario table with, for each dotted key, the file that set it.
pub(crate) struct MergedToml {
    pub table: Table,
    pub origins: HashMap<String, PathBuf>,
    /// Every file of the chain, base first, with its bytes (for the content hash).
    pub files: Vec<(PathBuf, Vec<u8>)>,
}

/// Lexically joins `rel` to `dir` and removes `.` and `a/..` pairs.
pub(crate) fn join_clean(dir: &Path, rel: &str) -> PathBuf {
    let joined = dir.join(rel);
    let mut out = PathBuf::new();
    for comp in joined.components() {
        match comp {
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_normal =
                    matches!(out.components().next_back(), Some(Component::Normal(_)));
                if last_is_normal {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Opens a regular file for reading, with its length; reports E001.
pub(crate) fn open_regular(path: &Path, diags: &mut Diagnostics) -> Option<(File, u64)> {
    let not_found = |e: &dyn std::fmt::Display| {
        Diagnostic::new(
            Code::FileNotFound,
            text!("cannot read it: {e}", "无法读取（系统信息：{e}）"),
            text!(
                "check the path; data paths are relative to the scenario file that names them",
                "检查路径；数据文件的路径相对于写明它的场景文件所在的文件夹"
            ),
        )
        .file(path)
    };
    // Only regular files: a FIFO would block forever (even opening it waits for a writer)
    // and a device (`/dev/zero`) never ends, so the kind is checked before opening.
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => {}
        Ok(_) => {
            diags.push(not_regular(path));
            return None;
        }
        Err(e) => {
            diags.push(not_found(&e));
            return None;
        }
    }
    let opened = File::open(path).and_then(|f| f.metadata().map(|m| (f, m.len())));
    match opened {
        Ok(found) => Some(found),
        Err(e) => {
            diags.push(not_found(&e));
            None
        }
    }
}

fn not_regular(path: &Path) -> Diagnostic {
    Diagnostic::new(
        Code::FileNotFound,
        text!(
            "cannot read it: not a regular file (a directory, pipe or device)",
            "无法读取：不是普通文件（是文件夹、管道或设备）"
        ),
        text!(
            "name a regular file; data paths are relative to the scenario file that names them",
            "写明一个普通文件；数据文件的路径相对于写明它的场景文件所在的文件夹"
        ),
    )
    .file(path)
}

/// Reads a regular file of at most `max` bytes, reporting E001 (absent, unreadable, not a
/// regular file) and E013 (too large: from its length before reading, and again from what was
/// read, should it have grown).
pub(crate) fn read_bytes(path: &Path, max: u64, diags: &mut Diagnostics) -> Option<Vec<u8>> {
    let (file, len) = open_regular(path, diags)?;
    if len > max {
        diags.push(too_large(path, len, max));
        return None;
    }
    let mut bytes = Vec::new();
    if let Err(e) = file.take(max + 1).read_to_end(&mut bytes) {
        diags.push(
            Diagnostic::new(
                Code::FileNotFound,
                text!("cannot read it: {e}", "无法读取（系统信息：{e}）"),
                text!("check the file can be read", "检查该文件能否打开"),
            )
            .file(path),
        );
        return None;
    }
    if bytes.len() as u64 > max {
        diags.push(too_large(path, bytes.len() as u64, max));
        return None;
    }
    Some(bytes)
}

/// Reads a file of at most [`TEXT_BYTES_MAX`] as UTF-8 text, reporting E001/E002/E013.
pub(crate) fn read_text(path: &Path, diags: &mut Diagnostics) -> Option<(String, Vec<u8>)> {
    let bytes = read_bytes(path, TEXT_BYTES_MAX, diags)?;
    match std::str::from_utf8(&bytes) {
        Ok(s) => {
            let s = s.strip_prefix('\u{feff}').unwrap_or(s);
            Some((s.to_owned(), bytes))
        }
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
            diags.push(
                Diagnostic::new(
                    Code::NotUtf8,
                    text!(
                        "invalid UTF-8 byte at offset {}",
                        "第 {} 字节处不是有效的 UTF-8 编码",
                        e.valid_up_to()
                    ),
                    text!(
                        "save the file as UTF-8 (e.g. in Excel: “CSV UTF-8”; or iconv -f GBK -t UTF-8)",
                        "将文件另存为 UTF-8 编码（如 Excel 中选“CSV UTF-8”，或用 iconv -f GBK -t UTF-8 转换）"
                    ),
                )
                .file(path)
                .line(line),
            );
            None
        }
    }
}

/// Loads `path` and its `extends` chain, merged.
pub(crate) fn load_chain(path: &Path, diags: &mut Diagnostics) -> Option<MergedToml> {
    let mut chain: Vec<(PathBuf, Table, Vec<u8>)> = Vec::new();
    let mut seen: Vec<PathBuf> = Vec::new();
    let mut next = Some(path.to_path_buf());
    while let Some(file) = next.take() {
        let canonical = std::fs::canonicalize(&file).unwrap_or_else(|_| file.clone());
        if seen.contains(&canonical) {
            let names: Vec<String> = chain
                .iter()
                .map(|(p, _, _)| p.display().to_string())
                .collect();
            diags.push(
                Diagnostic::new(
                    Code::ExtendsCycle,
                    text!(
                        "{} extends itself through {}",
                        "{} 经由 {} 又引用回自身",
                        file.display(),
                        names.join(" → ")
                    ),
                    text!(
                        "remove `extends` from one file of the cycle",
                        "在循环中的某个文件里删去 extends"
                    ),
                )
                .file(&chain.last().map_or(file.clone(), |c| c.0.clone()))
                .field("extends"),
            );
            return None;
        }
        seen.push(canonical);
        let (text, bytes) = read_text(&file, diags)?;
        let mut table: Table = match text.parse() {
            Ok(t) => t,
            Err(e) => {
                let line = e
                    .span()
                    .map(|s| text[..s.start.min(text.len())].matches('\n').count() as u64 + 1);
                let mut d = Diagnostic::new(
                    Code::InvalidToml,
                    text!(
                        "{}",
                        "TOML 语法错误（系统信息：{}）",
                        e.message().trim_end()
                    ),
                    text!(
                        "fix the TOML syntax (strings need quotes; tables are [name])",
                        "改正 TOML 语法（文字须加英文双引号；表写作 [名称]）"
                    ),
                )
                .file(&file);
                if let Some(l) = line {
                    d = d.line(l);
                }
                diags.push(d);
                return None;
            }
        };
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        if let Some(Value::Table(data)) = table.get_mut("data") {
            for (_, value) in data.iter_mut() {
                // An empty path stays empty, to be reported as such with its key.
                if let Value::String(s) = value {
                    if !s.trim().is_empty() {
                        let resolved = join_clean(&dir, s).to_string_lossy().into_owned();
                        *s = resolved;
                    }
                }
            }
        }
        match table.remove("extends") {
            None => {}
            Some(Value::String(base)) => next = Some(join_clean(&dir, &base)),
            Some(other) => diags.push(
                Diagnostic::new(
                    Code::InvalidToml,
                    Text::new(
                        format!("`extends` must be a string path, not {}", other.type_str()),
                        format!("extends 须是带引号的文件路径，而不是{}", type_zh(&other)),
                    ),
                    text!(
                        "write extends = \"../base/scenario.toml\"",
                        "写作 extends = \"../base/scenario.toml\""
                    ),
                )
                .file(&file)
                .field("extends"),
            ),
        }
        chain.push((file, table, bytes));
    }
    let mut merged = MergedToml {
        table: Table::new(),
        origins: HashMap::new(),
        files: Vec::new(),
    };
    for (file, table, bytes) in chain.into_iter().rev() {
        merge_into(&mut merged.table, table, "", &file, &mut merged.origins);
        merged.files.push((file, bytes));
    }
    Some(merged)
}

fn merge_into(
    base: &mut Table,
    over: Table,
    prefix: &str,
    file: &Path,
    origins: &mut HashMap<String, PathBuf>,
) {
    for (key, value) in over {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match (base.get_mut(&key), value) {
            (Some(Value::Table(b)), Value::Table(o)) => merge_into(b, o, &path, file, origins),
            (_, value) => {
                origins.insert(path, file.to_path_buf());
                base.insert(key, value);
            }
        }
    }
}

/// Typed, collecting access to the merged table.
pub(crate) struct Reader<'a> {
    merged: &'a MergedToml,
    root: &'a Path,
    pub diags: &'a mut Diagnostics,
}

impl<'a> Reader<'a> {
    pub fn new(merged: &'a MergedToml, root: &'a Path, diags: &'a mut Diagnostics) -> Self {
        Reader {
            merged,
            root,
            diags,
        }
    }

    fn origin(&self, key: &str) -> PathBuf {
        self.merged
            .origins
            .get(key)
            .cloned()
            .unwrap_or_else(|| self.root.to_path_buf())
    }

    /// The file that set a key (the scenario file itself when no file did).
    pub fn origin_of(&self, key: &str) -> PathBuf {
        self.origin(key)
    }

    fn lookup(&self, key: &str) -> Option<&'a Value> {
        let mut parts = key.split('.');
        let first = parts.next()?;
        let mut v = self.merged.table.get(first)?;
        for p in parts {
            v = v.as_table()?.get(p)?;
        }
        Some(v)
    }

    /// Reports keys outside `known` (dotted; a table name alone allows the whole table to be
    /// checked by its own keys).
    pub fn check_unknown(&mut self, known: &[&str]) {
        let mut unknown = Vec::new();
        for (k, v) in &self.merged.table {
            match v {
                Value::Table(t) if known.contains(&k.as_str()) => {
                    for sub in t.keys() {
                        let path = format!("{k}.{sub}");
                        if !known.contains(&path.as_str()) {
                            unknown.push(path);
                        }
                    }
                }
                _ if known.contains(&k.as_str()) => {}
                _ => unknown.push(k.clone()),
            }
        }
        for key in unknown {
            let section = key.split('.').next().unwrap_or("");
            let near: Vec<&str> = known
                .iter()
                .filter(|k| k.starts_with(section) && k.contains('.'))
                .copied()
                .collect();
            let action = if near.is_empty() {
                text!(
                    "remove it; known keys: {}",
                    "删去该项；可用的设置项：{}",
                    top_level(known)
                )
            } else {
                text!(
                    "remove it or correct the spelling; known here: {}",
                    "删去该项或改正拼写；此处可用：{}",
                    near.join(", ")
                )
            };
            let file = self.origin(&key);
            self.diags.push(
                Diagnostic::new(
                    Code::UnknownKey,
                    text!(
                        "`{key}` is not a scenario key",
                        "“{key}”不是场景文件的设置项"
                    ),
                    action,
                )
                .file(&file)
                .field(key),
            );
        }
    }

    fn wrong_type(&mut self, key: &str, want: &Text, v: &Value) {
        let file = self.origin(key);
        let (want_en, want_zh) = (&want.en, &want.zh);
        self.diags.push(
            Diagnostic::new(
                Code::InvalidToml,
                Text::new(
                    format!("`{key}` must be {want_en}, not {}", v.type_str()),
                    format!("“{key}”须是{want_zh}，而不是{}", type_zh(v)),
                ),
                text!("write `{key}` as {want_en}", "将“{key}”写成{want_zh}"),
            )
            .file(&file)
            .field(key)
            .value(v.to_string()),
        );
    }

    /// A string key; `None` if absent (reported when `required`) or mistyped (reported).
    pub fn string(&mut self, key: &str, required: bool) -> Option<String> {
        match self.lookup(key) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(v) => {
                self.wrong_type(key, &text!("a string", "带引号的文字"), v);
                None
            }
            None => {
                if required {
                    self.missing(key);
                }
                None
            }
        }
    }

    /// A file path key: a string that is not empty.
    pub fn path(&mut self, key: &str, required: bool) -> Option<String> {
        let s = self.string(key, required)?;
        if s.trim().is_empty() {
            let file = self.origin(key);
            self.diags.push(
                Diagnostic::new(
                    Code::InvalidToml,
                    text!(
                        "`{key}` must name a file, not be empty",
                        "“{key}”须写明一个文件，不能为空"
                    ),
                    text!(
                        "write the file's path, e.g. {key} = \"table.csv\", or remove the key",
                        "写上文件路径，如 {key} = \"table.csv\"，或删去该项"
                    ),
                )
                .file(&file)
                .field(key)
                .value(s),
            );
            return None;
        }
        Some(s)
    }

    /// An integer key, defaulting when absent.
    pub fn int(&mut self, key: &str, default: Option<i64>) -> Option<i64> {
        match self.lookup(key) {
            Some(Value::Integer(i)) => Some(*i),
            Some(v) => {
                self.wrong_type(key, &text!("an integer", "整数"), v);
                None
            }
            None => {
                if default.is_none() {
                    self.missing(key);
                }
                default
            }
        }
    }

    /// A float key (integers accepted), defaulting when absent.
    pub fn float(&mut self, key: &str, default: f64) -> Option<f64> {
        match self.lookup(key) {
            #[allow(clippy::cast_precision_loss)]
            Some(Value::Integer(i)) => Some(*i as f64),
            Some(Value::Float(f)) => Some(*f),
            Some(v) => {
                self.wrong_type(key, &text!("a number", "数字"), v);
                None
            }
            None => Some(default),
        }
    }

    /// A list of strings; `None` if absent or mistyped (reported).
    pub fn strings(&mut self, key: &str) -> Option<Vec<String>> {
        let v = self.lookup(key)?;
        let items = v.as_array().and_then(|a| {
            a.iter()
                .map(|x| x.as_str().map(str::to_owned))
                .collect::<Option<Vec<String>>>()
        });
        if items.is_none() {
            self.wrong_type(
                key,
                &text!(
                    "a list of strings, e.g. [\"a\", \"b\"]",
                    "带引号文字的列表，如 [\"a\", \"b\"]"
                ),
                v,
            );
        }
        items
    }

    /// A table's entries, in the file's order; `None` if absent or mistyped (reported).
    pub fn entries(&mut self, key: &str) -> Option<Vec<(String, Value)>> {
        let v = self.lookup(key)?;
        match v.as_table() {
            Some(t) => Some(t.iter().map(|(k, x)| (k.clone(), x.clone())).collect()),
            None => {
                self.wrong_type(
                    key,
                    &text!("a table, e.g. {{ C1 = 2 }}", "表，如 {{ C1 = 2 }}"),
                    v,
                );
                None
            }
        }
    }

    /// Whether the key is given.
    pub fn has(&self, key: &str) -> bool {
        self.lookup(key).is_some()
    }

    /// A whole number from `min` (0 or 1) to `max`, defaulting when absent: below `min` is
    /// E304, above `max` E311.
    pub fn u32(&mut self, key: &str, default: u32, min: u32, max: u32) -> u32 {
        let Some(v) = self.int(key, Some(i64::from(default))) else {
            return default;
        };
        if v < i64::from(min) {
            let want = if min >= 1 {
                text!("at least 1", "至少为 1")
            } else {
                text!("zero or more", "不小于 0")
            };
            self.bad(
                Code::NonPositiveRule,
                key,
                &v.to_string(),
                Text::new(
                    format!("`{key}` must be {}", want.en),
                    format!("“{key}”须{}", want.zh),
                ),
                text!(
                    "set `{key}` to a whole number from {min} to {max}",
                    "将“{key}”设为 {min} 到 {max} 之间的整数"
                ),
            );
            default
        } else if v > i64::from(max) {
            self.out_of_range(key, &v.to_string(), &min.to_string(), &max.to_string());
            default
        } else {
            u32::try_from(v).unwrap_or(default)
        }
    }

    /// Reports E311: `key`'s value lies outside its documented range.
    pub fn out_of_range(&mut self, key: &str, value: &str, min: &str, max: &str) {
        self.bad(
            Code::SettingOutOfRange,
            key,
            value,
            text!(
                "`{key}` must lie from {min} to {max}",
                "“{key}”须在 {min} 到 {max} 之间"
            ),
            text!(
                "set `{key}` from {min} to {max} (see docs/scenario-format.md)",
                "将“{key}”设在 {min} 到 {max} 之间（见 docs/scenario-format.md）"
            ),
        );
    }

    /// Reports a bad value of a key found in the file, with a code of the caller's choice.
    pub fn bad(&mut self, code: Code, key: &str, value: &str, message: Text, action: Text) {
        let file = self.origin(key);
        self.diags.push(
            Diagnostic::new(code, message, action)
                .file(&file)
                .field(key)
                .value(value),
        );
    }

    fn missing(&mut self, key: &str) {
        let root = self.root.to_path_buf();
        self.diags.push(
            Diagnostic::new(
                Code::MissingKey,
                text!("`{key}` is required", "缺少必填项“{key}”"),
                text!(
                    "add `{key}` to the scenario file (or to the file it extends)",
                    "在场景文件（或它所 extends 的文件）中加上“{key}”"
                ),
            )
            .file(&root)
            .field(key),
        );
    }
}

/// A TOML value's type in Chinese (`type_str` gives it in English).
fn type_zh(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "文字",
        Value::Integer(_) => "整数",
        Value::Float(_) => "小数",
        Value::Boolean(_) => "真假值",
        Value::Datetime(_) => "日期时间",
        Value::Array(_) => "列表",
        Value::Table(_) => "表",
    }
}

fn top_level(known: &[&str]) -> String {
    let mut tops: Vec<&str> = known
        .iter()
        .map(|k| k.split('.').next().unwrap_or(k))
        .collect();
    tops.dedup();
    tops.join(", ")
}

#[cfg(test)]
mod tests {
    use super::join_clean;
    use std::path::{Path, PathBuf};

    #[test]
    fn join_clean_resolves_parent_and_current_dirs() {
        assert_eq!(
            join_clean(
                Path::new("scenarios/what-if"),
                "../nanping-2024/officers.csv"
            ),
            PathBuf::from("scenarios/nanping-2024/officers.csv")
        );
        assert_eq!(join_clean(Path::new(""), "./a.csv"), PathBuf::from("a.csv"));
        assert_eq!(
            join_clean(Path::new(".."), "../x"),
            PathBuf::from("../../x")
        );
    }
}
