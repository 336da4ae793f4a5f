//! Small helpers shared by the GPX and TCX readers.
//!
//! Both readers stream `quick-xml` events over the file's bytes and keep only a
//! stack of element kinds, so nothing is allocated per element: numbers and time
//! stamps are parsed straight from the borrowed text. What they share lives here:
//!
//! - [`prepare`] and [`read`]: a BOM is dropped and a file that is not UTF-8
//!   (old exporters write Latin-1) is transcoded, because the reader only takes
//!   UTF-8; events go to a format's [`Handler`], damage comes back as a message
//!   with its line, column and byte;
//! - [`number`] and [`time_us`]: allocation-free parsing of values and RFC 3339
//!   time stamps (with `Z`, an offset, fractional seconds, or no zone at all);
//! - [`TextBuf`]: the few free-text fields (names, sport labels), entities included;
//! - [`build_streams`]: timed samples and their pauses onto the 1 Hz grid.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, Utc};
use quick_xml::XmlVersion;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::reader::Reader;
use tempo_domain::activity::{ParsedActivity, RawSample, Streams, resample_1hz};

use crate::ImportError;

/// The longest span one activity may cover, first to last sample. The 1 Hz grid
/// is sized by span, not by sample count, so a track with one bogus time stamp
/// years away would otherwise ask for gigabytes. Two weeks covers the longest
/// single recordings (multi-day ultras, Race Across America legs).
pub(crate) const MAX_ACTIVITY_SPAN_S: i64 = 14 * 24 * 3600;

const MICROS: i64 = 1_000_000;

/// A document ready for the reader: UTF-8 without a BOM.
#[derive(Debug)]
pub(crate) struct Prepared<'a> {
    text: Cow<'a, [u8]>,
    /// Bytes of BOM removed from the front, to report positions in the file.
    bom_len: usize,
    /// Whether `text` was transcoded from Latin-1 (one file byte per character).
    transcoded: bool,
    /// Said when the file had to be transcoded.
    pub(crate) warning: Option<String>,
}

/// The file's bytes as UTF-8 without a BOM. Valid UTF-8 (nearly every file) is
/// borrowed, not copied.
pub(crate) fn prepare(bytes: &[u8]) -> Prepared<'_> {
    let without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let bom_len = bytes.len() - without_bom.len();
    if std::str::from_utf8(without_bom).is_ok() {
        return Prepared {
            text: Cow::Borrowed(without_bom),
            bom_len,
            transcoded: false,
            warning: None,
        };
    }
    // Not UTF-8: the other encoding seen in activity files is Latin-1, usually
    // as its Windows-1252 superset. Each byte is one character, so this cannot
    // fail. The declaration may still say ISO-8859-1: the reader ignores it.
    let text: String = without_bom.iter().map(|&b| windows_1252(b)).collect();
    Prepared {
        text: Cow::Owned(text.into_bytes()),
        bom_len,
        transcoded: true,
        warning: Some("the file is not UTF-8; it was read as Latin-1 (Windows-1252)".into()),
    }
}

/// A byte of Windows-1252 as a character. Bytes 0x80–0x9F are the only ones that
/// differ from Latin-1 (quotes, dashes, the euro sign).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// A streaming reader over prepared bytes.
///
/// Text is not trimmed by the reader: trimming happens per text event, and text
/// around an entity (`Tom &amp; Jerry`) arrives as several events, so reader-side
/// trimming would eat the spaces of names. Numbers are trimmed by [`number`].
fn reader(bytes: &[u8]) -> Reader<&[u8]> {
    let mut reader = Reader::from_reader(bytes);
    let config = reader.config_mut();
    config.trim_text(false);
    config.check_end_names = true;
    config.expand_empty_elements = false;
    reader
}

/// What a format reader does with the events of the document.
pub(crate) trait Handler {
    /// An opening tag; empty elements (`<ele/>`) come as a start then an end.
    fn start(&mut self, e: &BytesStart<'_>);
    fn end(&mut self);
    /// Character data, CDATA included, untrimmed.
    fn text(&mut self, text: &str);
    /// An entity or character reference inside text (`&amp;`, `&#233;`).
    fn reference(&mut self, r: &BytesRef<'_>);
    /// How many elements are open.
    fn depth(&self) -> usize;
}

/// Streams a prepared document through `handler`, and says what damage stopped
/// it, if any: an XML error with its place, or a file cut before its root
/// element closes (quick-xml reports a clean end of file there).
pub(crate) fn read(doc: &Prepared<'_>, root: &str, handler: &mut impl Handler) -> Option<String> {
    let mut reader = reader(&doc.text);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => handler.start(&e),
            Ok(Event::Empty(e)) => {
                handler.start(&e);
                handler.end();
            }
            Ok(Event::End(_)) => handler.end(),
            Ok(Event::Text(t)) => handler.text(&t),
            Ok(Event::CData(t)) => handler.text(&t),
            Ok(Event::GeneralRef(r)) => handler.reference(&r),
            Ok(Event::Eof) => {
                return (handler.depth() > 0)
                    .then(|| format!("the file ends before its closing </{root}> tag"));
            }
            Ok(_) => {}
            Err(e) => return Some(damage(doc, reader.error_position(), &e)),
        }
    }
}

/// An XML error, worded for the athlete: what quick-xml says and where, as a
/// line and column and as a byte offset in the file as it was given.
fn damage(doc: &Prepared<'_>, position: u64, error: &quick_xml::Error) -> String {
    let pos = usize::try_from(position)
        .unwrap_or(usize::MAX)
        .min(doc.text.len());
    let before = &doc.text[..pos];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    let in_file = if doc.transcoded {
        String::from_utf8_lossy(before).chars().count()
    } else {
        pos
    };
    let byte = doc.bom_len + in_file;
    format!("{error} at line {line}, column {column} (byte {byte})")
}

/// The value of the attribute with this local name (namespace prefix ignored),
/// entities resolved. Malformed attributes are skipped rather than failing the file.
pub(crate) fn attribute<'a>(e: &'a BytesStart<'_>, local: &str) -> Option<Cow<'a, str>> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .map(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .unwrap_or(a.value)
        })
}

/// A finite number from element text or an attribute value, surrounding
/// whitespace allowed. Parses from the borrowed text: no allocation.
pub(crate) fn number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A time stamp as microseconds since the Unix epoch, UTC.
///
/// Accepts RFC 3339 and the ISO 8601 forms activity files use: `Z` or `z`, an
/// offset (`+02:00`, `+0200`, `+02`), fractional seconds of any length, `T` or a
/// space between date and time, and no zone at all (read as UTC, which is what
/// the writers that omit it mean). Hand-written rather than chrono's parsers
/// because it runs once per sample; chrono still checks the calendar.
pub(crate) fn time_us(text: &str) -> Option<i64> {
    let s = text.trim().as_bytes();
    if s.len() < 19 {
        return None;
    }
    let year = digits(&s[0..4])?;
    let month = digits(&s[5..7])?;
    let day = digits(&s[8..10])?;
    let hour = digits(&s[11..13])?;
    let minute = digits(&s[14..16])?;
    let second = digits(&s[17..19])?;
    if s[4] != b'-'
        || s[7] != b'-'
        || !matches!(s[10], b'T' | b't' | b' ')
        || s[13] != b':'
        || s[16] != b':'
    {
        return None;
    }
    let mut rest = &s[19..];
    let mut micros = 0i64;
    if let Some(frac) = rest.strip_prefix(b".").or_else(|| rest.strip_prefix(b",")) {
        let n = frac.iter().take_while(|b| b.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        // Keep microseconds; finer digits are below what any device records.
        let mut scale = 100_000;
        for &d in &frac[..n.min(6)] {
            micros += i64::from(d - b'0') * scale;
            scale /= 10;
        }
        rest = &frac[n..];
    }
    let offset_s: i64 = match rest {
        b"" | b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), zone @ ..] => {
            let (h, m) = match zone {
                [h1, h2] => (digits(&[*h1, *h2])?, 0),
                [h1, h2, b':', m1, m2] | [h1, h2, m1, m2] => {
                    (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?)
                }
                _ => return None,
            };
            if h > 23 || m > 59 {
                return None;
            }
            let off = i64::from(h * 3600 + m * 60);
            if *sign == b'-' { -off } else { off }
        }
        _ => return None,
    };
    // A leap second (":60") is read as the last second of the minute plus one,
    // which chrono's `and_hms` refuses; add it separately.
    let leap = i64::from(second == 60);
    let second = second.min(59);
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    let utc = date
        .and_hms_opt(hour, minute, second)?
        .and_utc()
        .timestamp();
    (utc + leap - offset_s)
        .checked_mul(MICROS)?
        .checked_add(micros)
}

fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |acc, &d| {
        d.is_ascii_digit().then(|| acc * 10 + u32::from(d - b'0'))
    })
}

/// Microseconds since the epoch as a date-time.
pub(crate) fn datetime(us: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_micros(us)
}

/// A free-text field (a name, a sport label) gathered from text, CDATA and
/// entity events, which the reader reports separately.
#[derive(Debug, Default)]
pub(crate) struct TextBuf {
    text: String,
}

impl TextBuf {
    pub(crate) fn clear(&mut self) {
        self.text.clear();
    }

    pub(crate) fn push(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// `&amp;`, `&#233;`…; an entity the document declares itself is left out
    /// (resolving those would invite entity-expansion bombs).
    pub(crate) fn push_ref(&mut self, r: &BytesRef<'_>) {
        if let Ok(Some(c)) = r.resolve_char_ref() {
            self.text.push(c);
            return;
        }
        let c = match &**r {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "apos" => '\'',
            "quot" => '"',
            _ => return,
        };
        self.text.push(c);
    }

    /// The text trimmed, `None` when blank; the buffer is left empty.
    pub(crate) fn take(&mut self) -> Option<String> {
        let t = self.text.trim();
        let out = (!t.is_empty()).then(|| t.to_owned());
        self.text.clear();
        out
    }
}

/// One recorded sample with its absolute time, before the activity's start is known.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TimedSample {
    /// Microseconds since the Unix epoch.
    pub(crate) us: i64,
    pub(crate) sample: RawSample,
}

/// Puts timed samples on the 1 Hz grid, `start_us` being second 0.
///
/// `groups` are the indices in `samples` where a recording block (a GPX
/// `<trkseg>`, a TCX `<Track>`) begins; the time between the end of one block and
/// the start of the next is a pause, so nothing is interpolated across it.
/// Samples before `start_us` are dropped by the resampler; callers pick the earliest.
pub(crate) fn build_streams(
    mut samples: Vec<TimedSample>,
    groups: &[usize],
    start_us: i64,
) -> Streams {
    let t = |us: i64| (us - start_us) as f64 / MICROS as f64;
    let mut pauses = Vec::new();
    let mut prev_end: Option<i64> = None;
    let mut bounds: Vec<usize> = groups
        .iter()
        .copied()
        .filter(|&g| g < samples.len())
        .collect();
    bounds.dedup();
    bounds.push(samples.len());
    let mut lo = 0;
    for &hi in &bounds {
        // Blocks may overlap or run backwards in a damaged file: a pause only
        // exists where the next block starts after the previous one ended.
        let block = &samples[lo..hi];
        let first = block.iter().map(|s| s.us).min();
        let last = block.iter().map(|s| s.us).max();
        if let (Some(end), Some(start)) = (prev_end, first)
            && start > end
        {
            pauses.push((t(end), t(start)));
        }
        if last.is_some() {
            prev_end = prev_end.max(last);
        }
        lo = hi;
    }
    for s in &mut samples {
        s.sample.t = t(s.us);
    }
    resample_1hz(samples.into_iter().map(|s| s.sample).collect(), &pauses)
}

/// "1 trackpoint without a time was skipped", "3 trackpoints…".
pub(crate) fn counted(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The result of reading a document that may be damaged: what was read before
/// the damage is kept (with a first warning saying so), and the damage is an
/// error only when it leaves no activity.
pub(crate) fn keep_or_fail(
    format: &'static str,
    damage: Option<String>,
    (activities, mut warnings): (Vec<ParsedActivity>, Vec<String>),
    decoding_warning: Option<String>,
) -> Result<(Vec<ParsedActivity>, Vec<String>), ImportError> {
    if let Some(reason) = damage {
        if activities.is_empty() {
            return Err(ImportError::Xml { format, reason });
        }
        warnings.insert(
            0,
            format!("the file is damaged or cut short ({reason}); what came before was kept"),
        );
    }
    warnings.extend(decoding_warning);
    Ok((activities, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tempo_domain::activity::Channel;

    fn us(s: &str) -> i64 {
        DateTime::parse_from_rfc3339(s)
            .map(|d| d.timestamp_micros())
            .unwrap_or(i64::MIN)
    }

    #[test]
    fn time_stamps_in_the_forms_files_use() {
        let z = us("2021-01-19T23:30:50Z");
        assert_eq!(time_us("2021-01-19T23:30:50Z"), Some(z));
        assert_eq!(time_us(" 2021-01-19T23:30:50.000Z\n"), Some(z));
        assert_eq!(time_us("2021-01-19T23:30:50"), Some(z));
        assert_eq!(time_us("2021-01-19 23:30:50"), Some(z));
        assert_eq!(time_us("2021-01-20T00:30:50+01:00"), Some(z));
        assert_eq!(time_us("2021-01-20T00:30:50+0100"), Some(z));
        assert_eq!(time_us("2021-01-19T21:30:50-02"), Some(z));
        assert_eq!(time_us("2021-01-19T23:30:50.25Z"), Some(z + 250_000));
        assert_eq!(
            time_us("2021-01-19T23:30:50.1234567891Z"),
            Some(z + 123_456)
        );
        assert_eq!(
            time_us("2016-12-31T23:59:60Z"),
            Some(us("2017-01-01T00:00:00Z"))
        );
        for bad in [
            "",
            "2021-01-19",
            "2021-13-19T23:30:50Z",
            "2021-02-30T10:00:00Z",
            "2021-01-19T23:30:50Q",
            "2021-01-19T23:30:50.Z",
            "２０２1-01-19T23:30:50Z",
            "2021-01-19T25:30:50Z",
        ] {
            assert_eq!(time_us(bad), None, "{bad}");
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(number(" 12.5\n"), Some(12.5));
        assert_eq!(number("-3"), Some(-3.0));
        assert_eq!(number("NaN"), None);
        assert_eq!(number("inf"), None);
        assert_eq!(number(""), None);
    }

    #[test]
    fn latin1_is_transcoded() {
        let doc = prepare(b"<gpx><name>Cr\xeate \x96 \x80</name></gpx>");
        assert_eq!(
            std::str::from_utf8(&doc.text).ok(),
            Some("<gpx><name>Crête – €</name></gpx>")
        );
        assert!(doc.warning.is_some() && doc.transcoded);
        let doc = prepare("\u{feff}<gpx/>".as_bytes());
        assert_eq!((&*doc.text, doc.bom_len), (&b"<gpx/>"[..], 3));
        assert!(doc.warning.is_none());
    }

    #[test]
    fn streams_leave_pauses_between_blocks_out() {
        let sample = |us: i64, hr: f64| {
            let mut sample = RawSample::new(0.0);
            sample.set(Channel::HeartRate, hr);
            TimedSample {
                us: us * MICROS,
                sample,
            }
        };
        let samples = vec![
            sample(100, 100.0),
            sample(102, 102.0),
            sample(108, 108.0),
            sample(110, 110.0),
        ];
        let s = build_streams(samples.clone(), &[0, 2], 100 * MICROS);
        assert_eq!(s.time_s(), &[0, 1, 2, 8, 9, 10]);
        let s = build_streams(samples, &[0], 100 * MICROS);
        assert_eq!(s.time_s(), &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    }
}
