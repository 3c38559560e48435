//! Opening input files: plain, gzip (possibly multi-member) or zip (every file
//! inside), recognised by their first bytes rather than their names; counting
//! the compressed bytes read for progress; and deciding the text encoding.
//!
//! Encoding: a file whose first 64 KiB are valid UTF-8 is read as UTF-8, one
//! that is not as Windows-1252 (the legacy ACLED exports). In a UTF-8 file a
//! single field that is still not UTF-8 is read as Windows-1252 on its own, so
//! no row is lost to a stray byte. A UTF-8 byte-order mark is dropped.

use std::fs::File;
use std::io::{self, BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::IngestError;

/// How many leading bytes are examined for encoding and binary content.
const SNIFF_BYTES: usize = 64 * 1024;

/// A reader that adds the bytes it reads to a shared counter.
pub struct Counting<R> {
    inner: R,
    counter: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl<R: Seek> Seek for Counting<R> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// The decompressed, sniffed text of one file or archive member.
pub struct Text<'a> {
    /// Name for messages and rejects: the path, or `archive.zip/member.csv`.
    pub name: String,
    /// The bytes, starting after any byte-order mark.
    pub reader: Box<dyn Read + 'a>,
    /// Read fields as Windows-1252 rather than UTF-8.
    pub cp1252: bool,
}

enum Container {
    Plain,
    Gzip,
    Zip,
}

fn read_err(path: &Path) -> impl Fn(io::Error) -> IngestError + '_ {
    move |source| IngestError::Read {
        file: path.to_path_buf(),
        source,
    }
}

fn wrong(path: &Path, reason: impl Into<String>) -> IngestError {
    IngestError::WrongFormat {
        file: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// Calls `each` with the text of the file, or of every file in a zip archive,
/// in archive order. `counter` grows by the (compressed) bytes read from disk.
pub fn for_each_text(
    path: &Path,
    counter: &Arc<AtomicU64>,
    each: &mut dyn FnMut(Text<'_>) -> Result<(), IngestError>,
) -> Result<(), IngestError> {
    let mut file = File::open(path).map_err(read_err(path))?;
    let mut magic = [0u8; 4];
    let got = read_up_to(&mut file, &mut magic).map_err(read_err(path))?;
    file.seek(SeekFrom::Start(0)).map_err(read_err(path))?;
    let container = match &magic[..got] {
        [0x1f, 0x8b, ..] => Container::Gzip,
        [b'P', b'K', 3, 4] | [b'P', b'K', 5, 6] => Container::Zip,
        _ => Container::Plain,
    };
    let counted = Counting {
        inner: file,
        counter: Arc::clone(counter),
    };
    let display = path.display().to_string();
    match container {
        Container::Plain => {
            let text = text_from_reader(
                display,
                Box::new(BufReader::with_capacity(1 << 16, counted)),
            )
            .map_err(|reason| wrong(path, reason))?;
            each(text)
        }
        Container::Gzip => {
            let gz = flate2::read::MultiGzDecoder::new(BufReader::with_capacity(1 << 16, counted));
            let text =
                text_from_reader(display, Box::new(gz)).map_err(|reason| wrong(path, reason))?;
            each(text)
        }
        Container::Zip => {
            let mut archive = zip::ZipArchive::new(BufReader::new(counted))
                .map_err(|e| wrong(path, format!("not a readable zip archive: {e}")))?;
            let mut members = 0;
            for i in 0..archive.len() {
                let member = archive
                    .by_index(i)
                    .map_err(|e| wrong(path, format!("zip member {i}: {e}")))?;
                if member.is_dir() {
                    continue;
                }
                let name = member
                    .name()
                    .map(|n| format!("{display}/{n}"))
                    .unwrap_or_else(|_| format!("{display}/#{i}"));
                members += 1;
                let text = text_from_reader(name, Box::new(member))
                    .map_err(|reason| wrong(path, reason))?;
                each(text)?;
            }
            if members == 0 {
                return Err(wrong(path, "zip archive holds no file"));
            }
            Ok(())
        }
    }
}

fn read_up_to(reader: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Reads the first bytes to refuse empty and binary input and to choose the
/// encoding; hands back a reader that yields the whole text again (BOM dropped).
pub fn text_from_reader<'a>(
    name: String,
    mut reader: Box<dyn Read + 'a>,
) -> Result<Text<'a>, String> {
    let mut head = vec![0u8; SNIFF_BYTES];
    let got =
        read_up_to(&mut reader, &mut head).map_err(|e| format!("{name}: cannot read: {e}"))?;
    head.truncate(got);
    let start = if head.starts_with(&[0xef, 0xbb, 0xbf]) {
        3
    } else {
        0
    };
    let body = &head[start..];
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(format!("{name} is empty"));
    }
    if body.contains(&0) {
        return Err(format!("{name} holds binary data (NUL bytes), not text"));
    }
    let cp1252 = match std::str::from_utf8(body) {
        Ok(_) => false,
        // A character cut off by the end of the sample is not an error.
        Err(e) => e.error_len().is_some(),
    };
    let mut text = Cursor::new(head);
    text.set_position(start as u64);
    Ok(Text {
        name,
        reader: Box::new(text.chain(reader)),
        cp1252,
    })
}
