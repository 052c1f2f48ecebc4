//! A look inside a workbook's zip before calamine reads it, so that no workbook can make
//! loading panic, run for minutes or fill memory.
//!
//! Every part is unpacked once, counting its bytes: a part over 256 MiB, or parts over
//! 512 MiB in all, are E013 (a zip packs text a thousandfold, so the workbook's own size
//! bounds nothing). The shared strings are counted (more than [`SHARED_STRINGS_MAX`] is
//! E013), and the XML of every part is read for what calamine trusts without checking
//! (E014): a cell, row, dimension or merged range outside Excel's sheet (`XFD1048576` is its
//! last cell), a shared-string cell whose index is past the shared strings (calamine would
//! index out of bounds), a shared formula whose index or range would make calamine allocate
//! per cell of the range.
use std::io::{BufReader, Cursor, Read};

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;
use quick_xml::Reader;
use zip::ZipArchive;

use super::limits::TABLE_BYTES_MAX;

/// Most parts (files) a workbook's zip may hold; a workbook of every table has about 20.
pub(crate) const PARTS_MAX: usize = 10_000;

/// Largest part once unpacked: 256 MiB, the limit of a CSV table.
pub(crate) const PART_BYTES_MAX: u64 = TABLE_BYTES_MAX;

/// Largest sum of the parts once unpacked: 512 MiB.
pub(crate) const UNPACKED_BYTES_MAX: u64 = 512 << 20;

/// Most shared strings (distinct texts of the workbook): 4,000,000.
pub(crate) const SHARED_STRINGS_MAX: u64 = 4_000_000;

/// Excel's last row and column (1-based): `XFD1048576`.
pub(crate) const ROWS_MAX: u64 = 1_048_576;
pub(crate) const COLUMNS_MAX: u64 = 16_384;

/// Most cells the shared formulas of a workbook may span, and the largest shared-formula
/// index: calamine keeps an entry per cell and per index.
const SHARED_FORMULA_CELLS_MAX: u64 = 1 << 21;
const SHARED_FORMULA_INDEX_MAX: u64 = 1 << 16;

/// Where calamine looks for the shared strings (its comparison: case aside, `\` as `/`).
use crate::text::Text;

const SHARED_STRINGS: &str = "xl/sharedStrings.xml";

/// What makes a workbook unsafe to hand to calamine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// Over a limit (E013): what, and the part.
    TooLarge { part: String, what: Text },
    /// Damaged (E014): what, and the part.
    Damaged { part: String, what: Text },
}

/// Checks the workbook `bytes`. A file that is no zip passes: calamine names what it is
/// (a password-protected workbook, say).
pub(crate) fn check(bytes: &[u8]) -> Result<(), Problem> {
    let Ok(mut zip) = ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    if zip.len() > PARTS_MAX {
        return Err(Problem::TooLarge {
            part: String::new(),
            what: text!(
                "the workbook holds {} parts, more than {PARTS_MAX}",
                "工作簿有 {} 个组成部分，超过 {PARTS_MAX} 个",
                zip.len()
            ),
        });
    }
    let mut unpacked = 0u64;
    let shared = (0..zip.len()).find(|&i| {
        zip.name_for_index(i)
            .is_some_and(|n| SHARED_STRINGS.eq_ignore_ascii_case(&n.replace('\\', "/")))
    });
    let mut strings = 0u64;
    if let Some(i) = shared {
        if let Ok(file) = zip.by_index(i) {
            let part = file.name().to_owned();
            let mut reader = Counting::new(file, &mut unpacked);
            let counted = count_shared_strings(&mut reader);
            reader.limit(&part)?;
            strings = counted.map_err(|what| Problem::TooLarge {
                part: part.clone(),
                what,
            })?;
        }
    }
    let mut formula_cells = 0u64;
    for i in 0..zip.len() {
        if Some(i) == shared {
            continue;
        }
        let Ok(file) = zip.by_index(i) else {
            continue; // calamine reports the parts it needs and cannot read
        };
        let part = file.name().to_owned();
        let mut reader = Counting::new(file, &mut unpacked);
        let found = if part.to_ascii_lowercase().ends_with(".xml") {
            scan_cells(&mut reader, strings, &mut formula_cells)
        } else {
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
            Ok(())
        };
        reader.limit(&part)?;
        found.map_err(|what| Problem::Damaged { part, what })?;
    }
    Ok(())
}

/// Reads a part counting its bytes, stopping with an error past [`PART_BYTES_MAX`] or once
/// the workbook's parts pass [`UNPACKED_BYTES_MAX`].
struct Counting<'t, R> {
    inner: R,
    read: u64,
    total: &'t mut u64,
    over: Option<Text>,
}

impl<'t, R: Read> Counting<'t, R> {
    fn new(inner: R, total: &'t mut u64) -> Self {
        Counting {
            inner,
            read: 0,
            total,
            over: None,
        }
    }

    /// E013 if reading stopped at a limit.
    fn limit(&self, part: &str) -> Result<(), Problem> {
        match &self.over {
            Some(what) => Err(Problem::TooLarge {
                part: part.to_owned(),
                what: what.clone(),
            }),
            None => Ok(()),
        }
    }
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.over.is_some() {
            return Err(std::io::Error::other("over a limit"));
        }
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        *self.total += n as u64;
        if self.read > PART_BYTES_MAX {
            self.over = Some(text!(
                "a part unpacks to more than {} MiB",
                "有一个组成部分解压后超过 {} MiB",
                PART_BYTES_MAX >> 20
            ));
        } else if *self.total > UNPACKED_BYTES_MAX {
            self.over = Some(text!(
                "the parts unpack to more than {} MiB in all",
                "各组成部分解压后合计超过 {} MiB",
                UNPACKED_BYTES_MAX >> 20
            ));
        }
        if self.over.is_some() {
            return Err(std::io::Error::other("over a limit"));
        }
        Ok(n)
    }
}

/// An XML reader configured as calamine's.
fn xml<R: Read>(r: R) -> Reader<BufReader<R>> {
    let mut reader = Reader::from_reader(BufReader::new(r));
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    reader
}

/// The number of strings calamine keeps from the shared-strings part (its reading
/// mirrored: an `si` holding neither a `t` nor a rich run is not kept, and shifts the
/// indexes after it). A part calamine cannot read counts as 0: calamine then fails to open
/// the workbook, and no cell is read. Err past [`SHARED_STRINGS_MAX`].
fn count_shared_strings<R: Read>(r: R) -> Result<u64, Text> {
    let mut xml = xml(r);
    let mut buf = Vec::new();
    let mut kept = 0u64;
    let mut seen = 0u64;
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(ref e)) if e.local_name().as_ref() == b"si" => {
                seen += 1;
                if seen > SHARED_STRINGS_MAX {
                    return Err(text!(
                        "more than {SHARED_STRINGS_MAX} shared strings (distinct texts)",
                        "共享字符串（不同的文字）超过 {SHARED_STRINGS_MAX} 个"
                    ));
                }
                let closing = e.name().as_ref().to_vec();
                match string_kept(&mut xml, QName(&closing)) {
                    Ok(true) => kept += 1,
                    Ok(false) => {}
                    Err(()) => return Ok(0),
                }
            }
            Ok(Event::End(ref e)) if e.local_name().as_ref() == b"sst" => return Ok(kept),
            Ok(Event::Eof) | Err(_) => return Ok(0),
            _ => {}
        }
    }
}

/// Whether calamine's `read_string` keeps a string for the `si` just opened.
fn string_kept<R: std::io::BufRead>(xml: &mut Reader<R>, closing: QName) -> Result<bool, ()> {
    let mut buf = Vec::new();
    let mut val_buf = Vec::new();
    let mut rich = false;
    let mut phonetic = false;
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(|_| ())? {
            Event::Start(ref e) if e.local_name().as_ref() == b"r" => rich = true,
            Event::Start(ref e) if e.local_name().as_ref() == b"rPh" => phonetic = true,
            Event::End(ref e) if e.name() == closing => return Ok(rich),
            Event::End(ref e) if e.local_name().as_ref() == b"rPh" => phonetic = false,
            Event::Start(ref e) if e.local_name().as_ref() == b"t" && !phonetic => {
                let t = e.name().as_ref().to_vec();
                loop {
                    val_buf.clear();
                    match xml.read_event_into(&mut val_buf).map_err(|_| ())? {
                        Event::Text(text) => {
                            text.unescape().map_err(|_| ())?;
                        }
                        Event::End(ref end) if end.name().as_ref() == t.as_slice() => break,
                        Event::Eof => return Err(()),
                        _ => {}
                    }
                }
                if !rich {
                    val_buf.clear();
                    xml.read_to_end_into(closing, &mut val_buf)
                        .map_err(|_| ())?;
                    return Ok(true);
                }
            }
            Event::Eof => return Err(()),
            _ => {}
        }
    }
}

/// The value of attribute `name` as calamine's `get_attribute` finds it: the first such
/// attribute, or `None` when there is none or an attribute before it is malformed (calamine
/// then fails).
fn attribute<'a>(e: &'a BytesStart<'a>, name: &[u8]) -> Option<std::borrow::Cow<'a, [u8]>> {
    for a in e.attributes() {
        match a {
            Ok(Attribute { key, value }) if key == QName(name) => return Some(value),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

/// A cell reference `B12` as (1-based row, 1-based column), inside Excel's sheet.
fn cell_ref(r: &[u8]) -> Option<(u64, u64)> {
    let letters = r.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let (col, row) = r.split_at(letters);
    if !(1..=3).contains(&col.len())
        || !(1..=7).contains(&row.len())
        || !row.iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    let col = col.iter().fold(0u64, |n, c| {
        n * 26 + u64::from(c.to_ascii_uppercase() - b'A') + 1
    });
    let row = row.iter().fold(0u64, |n, c| n * 10 + u64::from(c - b'0'));
    ((1..=ROWS_MAX).contains(&row) && col <= COLUMNS_MAX).then_some((row, col))
}

/// A range `A1:C9` (or one cell) as its first and last cells, first before last.
fn range_ref(r: &[u8]) -> Option<((u64, u64), (u64, u64))> {
    let mut parts = r.split(|&c| c == b':');
    let first = cell_ref(parts.next()?)?;
    let last = match parts.next() {
        Some(p) => cell_ref(p)?,
        None => first,
    };
    (parts.next().is_none() && first.0 <= last.0 && first.1 <= last.1).then_some((first, last))
}

fn shown(v: &[u8]) -> String {
    let s = String::from_utf8_lossy(v);
    s.chars().take(40).collect()
}

/// Reads one XML part for what calamine trusts (see the module's description), with
/// `strings` shared strings. Reading stops at the first XML error: calamine stops there too.
fn scan_cells<R: Read>(r: R, strings: u64, formula_cells: &mut u64) -> Result<(), Text> {
    let mut xml = xml(r);
    let mut buf = Vec::new();
    // Inside a `<c t="s">`; inside its `<v>` (named so), with the text so far.
    let mut shared_cell = false;
    let mut value: Option<(Vec<u8>, String)> = None;
    loop {
        buf.clear();
        let event = match xml.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(e) => e,
        };
        match event {
            Event::Start(ref e) => {
                if attribute(e, b"t").as_deref() == Some(b"shared") {
                    shared_formula(e, formula_cells)?;
                }
                match e.local_name().as_ref() {
                    b"c" => {
                        if let Some(r) = attribute(e, b"r") {
                            if cell_ref(&r).is_none() {
                                return Err(text!(
                                    "a cell at `{}`, outside the sheet (its last cell is XFD1048576)",
                                    "单元格位置“{}”超出工作表范围（最后一个单元格是 XFD1048576）",
                                    shown(&r)
                                ));
                            }
                        }
                        shared_cell = attribute(e, b"t").as_deref() == Some(b"s");
                    }
                    b"row" => {
                        if let Some(r) = attribute(e, b"r") {
                            let ok = !r.is_empty()
                                && r.len() <= 7
                                && r.iter().all(u8::is_ascii_digit)
                                && cell_ref(&[b"A", &*r].concat()).is_some();
                            if !ok {
                                return Err(text!(
                                    "a row numbered `{}`, outside the sheet (its last row is 1048576)",
                                    "行号“{}”超出工作表范围（最后一行是 1048576）",
                                    shown(&r)
                                ));
                            }
                        }
                    }
                    name @ (b"dimension" | b"mergeCell") => {
                        if let Some(r) = attribute(e, b"ref") {
                            if range_ref(&r).is_none() {
                                return Err(text!(
                                    "a {} `{}` outside the sheet, or not a range",
                                    "{} “{}”超出工作表范围，或不是区域",
                                    String::from_utf8_lossy(name),
                                    shown(&r)
                                ));
                            }
                        }
                    }
                    b"v" if shared_cell && value.is_none() => {
                        value = Some((e.name().as_ref().to_vec(), String::new()));
                    }
                    _ => {}
                }
            }
            Event::Text(ref t) => {
                if let Some((_, text)) = &mut value {
                    match t.unescape() {
                        Ok(s) => text.push_str(&s),
                        Err(_) => return Ok(()), // calamine fails here
                    }
                }
            }
            Event::End(ref e) => {
                if let Some((name, text)) = &value {
                    if e.name().as_ref() == name.as_slice() {
                        let index = (!text.is_empty() && text.bytes().all(|c| c.is_ascii_digit()))
                            .then(|| text.parse::<u64>().unwrap_or(u64::MAX));
                        match index {
                            Some(i) if i < strings => {}
                            _ => {
                                return Err(text!(
                                    "a cell refers to shared string `{}`, but the workbook has {strings}",
                                    "单元格引用了第“{}”号共享字符串，但工作簿只有 {strings} 个",
                                    shown(text.as_bytes())
                                ))
                            }
                        }
                        value = None;
                    }
                }
                if e.local_name().as_ref() == b"c" {
                    shared_cell = false;
                }
            }
            _ => {}
        }
    }
}

/// A shared formula (`<f t="shared" si=… ref=…>`): its index and range bounded.
fn shared_formula(e: &BytesStart<'_>, formula_cells: &mut u64) -> Result<(), Text> {
    if let Some(si) = attribute(e, b"si") {
        let ok = !si.is_empty()
            && si.len() <= 6
            && si.iter().all(u8::is_ascii_digit)
            && String::from_utf8_lossy(&si)
                .parse::<u64>()
                .is_ok_and(|i| i <= SHARED_FORMULA_INDEX_MAX);
        if !ok {
            return Err(text!(
                "a shared formula numbered `{}`",
                "共享公式编号“{}”无效",
                shown(&si)
            ));
        }
    }
    if let Some(r) = attribute(e, b"ref") {
        let Some((first, last)) = range_ref(&r) else {
            return Err(text!(
                "a shared formula over `{}`, outside the sheet or not a range",
                "共享公式的区域“{}”超出工作表范围，或不是区域",
                shown(&r)
            ));
        };
        *formula_cells += (last.0 - first.0).max(last.1 - first.1) + 1;
        if *formula_cells > SHARED_FORMULA_CELLS_MAX {
            return Err(text!(
                "shared formulas over more than {SHARED_FORMULA_CELLS_MAX} cells",
                "共享公式覆盖的单元格超过 {SHARED_FORMULA_CELLS_MAX} 个"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_inside_excels_sheet() {
        assert_eq!(cell_ref(b"A1"), Some((1, 1)));
        assert_eq!(cell_ref(b"xfd1048576"), Some((1_048_576, 16_384)));
        assert_eq!(cell_ref(b"XFD1048577"), None);
        assert_eq!(cell_ref(b"XFE1"), None);
        assert_eq!(cell_ref(b"A0"), None);
        assert_eq!(cell_ref(b"1A"), None);
        assert_eq!(cell_ref(b"AAAA1"), None);
        assert_eq!(range_ref(b"B2:C9"), Some(((2, 2), (9, 3))));
        assert_eq!(range_ref(b"B9:B2"), None);
        assert_eq!(range_ref(b"A1:A1:A1"), None);
    }

    #[test]
    fn shared_strings_are_counted_as_calamine_keeps_them() {
        let sst = br#"<sst><si><t>a</t></si><si/><si><r><t>b</t></r><r><t>c</t></r></si><si><rPh><t>x</t></rPh></si><si><t/></si></sst>"#;
        assert_eq!(count_shared_strings(&sst[..]), Ok(3));
        assert_eq!(count_shared_strings(&b"<sst><si><t>a</t></si>"[..]), Ok(0));
    }

    #[test]
    fn a_shared_string_index_past_the_table_is_found() {
        let sheet = br#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>2</v></c></row></sheetData></worksheet>"#;
        let mut cells = 0;
        assert!(scan_cells(&sheet[..], 3, &mut cells).is_ok());
        let err = scan_cells(&sheet[..], 2, &mut cells).expect_err("past the table");
        assert!(err.en.contains("shared string `2`"), "{err:?}");
    }
}
