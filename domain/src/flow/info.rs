//! The information flow beyond the timeline: notes, dispatch, diagnosis,
//! holds and the follow-up survey.

pub(crate) mod rules;
use serde::{Deserialize, Serialize};

use crate::time::Timestamp;
use crate::UserId;

/// Who may see an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Staff only: never reaches a customer response.
    Internal,
    /// The customer sees it too.
    Public,
}

/// A technician's booked visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dispatch {
    /// Who goes.
    pub technician: UserId,
    /// Arrival window start.
    pub from: Timestamp,
    /// Arrival window end.
    pub to: Timestamp,
}

/// Where a phone was when it shared its position, in millionths of a degree
/// (so the case stays comparable and hashable, with no floats).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeoPoint {
    /// Latitude, −90,000,000 to 90,000,000.
    pub lat_e6: i32,
    /// Longitude, −180,000,000 to 180,000,000.
    pub lon_e6: i32,
    /// How far off the phone says it may be, in metres.
    #[serde(default)]
    pub accuracy_m: Option<u32>,
}

impl GeoPoint {
    /// Whether the point is on the globe.
    pub fn is_valid(&self) -> bool {
        self.lat_e6.abs() <= 90_000_000 && self.lon_e6.abs() <= 180_000_000
    }
}

/// A technician's time on site: checked in, and out once they leave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Visit {
    /// Who was there.
    pub technician: UserId,
    /// When they arrived, by their phone's clock.
    pub checked_in: Timestamp,
    /// Where, if the phone shared it.
    #[serde(default)]
    pub in_location: Option<GeoPoint>,
    /// When they left.
    #[serde(default)]
    pub checked_out: Option<Timestamp>,
    /// Where, if the phone shared it.
    #[serde(default)]
    pub out_location: Option<GeoPoint>,
}

/// Root-cause classes that quality and R&D can count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RootCause {
    /// A component failed (board, capacitor, fan…).
    ComponentFailure,
    /// Built wrong at the factory.
    ManufacturingDefect,
    /// Firmware or software fault.
    Firmware,
    /// Installed wrong.
    Installation,
    /// Used outside its specification.
    Misuse,
    /// Damaged in transport.
    TransportDamage,
    /// Grid, weather or surroundings.
    Environment,
    /// Nothing wrong found.
    NoFaultFound,
    /// The customer ordered the wrong item.
    WrongItemOrdered,
    /// Anything else (explained in the resolution).
    Other,
}

impl RootCause {
    /// The taxonomy, in the order people choose from it.
    pub const ALL: [RootCause; 10] = [
        RootCause::ComponentFailure,
        RootCause::ManufacturingDefect,
        RootCause::Firmware,
        RootCause::Installation,
        RootCause::Misuse,
        RootCause::TransportDamage,
        RootCause::Environment,
        RootCause::NoFaultFound,
        RootCause::WrongItemOrdered,
        RootCause::Other,
    ];
}

/// The diagnosis: root cause and what was done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Diagnosis {
    /// The class of cause.
    pub root_cause: RootCause,
    /// The failing part, if one (e.g. `IGBT module`).
    pub failed_part: Option<String>,
    /// What was done to fix it.
    pub resolution: String,
    /// Who recorded it.
    pub by: UserId,
    /// When.
    pub at: Timestamp,
}

/// The case waits on the customer; SLA clocks pause meanwhile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hold {
    /// Why (shown to the customer).
    pub reason: String,
    /// Since when.
    pub since: Timestamp,
}

/// The follow-up satisfaction answer after closing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Survey {
    /// 1 (bad) to 5 (excellent).
    pub score: u8,
    /// The customer's words.
    pub comment: String,
    /// When.
    pub at: Timestamp,
}

/// What an attached file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    /// A photo of the unit, the site or the damage.
    Photo,
    /// The customer's signature on completion.
    Signature,
}

impl AttachmentKind {
    /// The largest file of this kind, in bytes.
    pub fn max_bytes(self) -> u32 {
        match self {
            AttachmentKind::Photo => 2 * 1024 * 1024,
            AttachmentKind::Signature => 256 * 1024,
        }
    }

    /// The content types accepted for this kind.
    pub fn content_types(self) -> &'static [&'static str] {
        match self {
            AttachmentKind::Photo => &["image/jpeg", "image/png", "image/webp"],
            AttachmentKind::Signature => &["image/png", "image/webp"],
        }
    }
}

/// A file attached to a case; its bytes are a KV value of their own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    /// Its number within the case (1, 2, …).
    pub id: u32,
    /// Photo or signature.
    pub kind: AttachmentKind,
    /// The file name, cleaned of any path.
    pub name: String,
    /// Its content type.
    pub content_type: String,
    /// Its size in bytes.
    pub size: u32,
    /// The key of its bytes: `sha256-{hex}` of them (written once, so the
    /// bytes can never change), or the id of the write that stored them
    /// (attachments stored before 2026-12).
    pub blob: String,
    /// Sent by the customer through their link: on their timeline too.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub public: bool,
    /// The goods movement it shows (a shipment's label, a unit received).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub movement: Option<crate::MovementNo>,
}

/// The image type a file is (JPEG, PNG or WebP), if its structure says so:
/// not only the first bytes but the frame a decoder walks (a JPEG's
/// segments up to its scan, a PNG's header and end chunks, a WebP's RIFF
/// size and image chunk), so a page behind an image's first bytes is none.
pub fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    if is_jpeg(bytes) {
        Some("image/jpeg")
    } else if is_png(bytes) {
        Some("image/png")
    } else if is_webp(bytes) {
        Some("image/webp")
    } else {
        None
    }
}

/// SOI, then marker segments whose lengths fit the file, a frame header
/// (SOF) before the start of scan (SOS), then scan data ending in an EOI
/// marker (a file cut short has none; bytes after EOI are allowed, as some
/// phones append them).
fn is_jpeg(b: &[u8]) -> bool {
    if !b.starts_with(&[0xFF, 0xD8]) {
        return false;
    }
    let (mut at, mut frame) = (2usize, false);
    while at + 4 <= b.len() {
        if b[at] != 0xFF {
            return false;
        }
        let marker = b[at + 1];
        if marker == 0xFF {
            at += 1; // fill byte
            continue;
        }
        let len = usize::from(u16::from_be_bytes([b[at + 2], b[at + 3]]));
        if len < 2 || at + 2 + len > b.len() {
            return false;
        }
        match marker {
            0xDA => {
                let scan = &b[at + 2 + len..];
                return frame && scan.len() > 2 && scan.windows(2).any(|w| w == [0xFF, 0xD9]);
            }
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => frame = true,
            _ => {}
        }
        at += 2 + len;
    }
    false
}

/// The signature, an IHDR chunk first and an IEND chunk last.
fn is_png(b: &[u8]) -> bool {
    const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    b.len() >= 8 + 25 + 12
        && b.starts_with(&SIGNATURE)
        && b[8..16] == [0, 0, 0, 13, b'I', b'H', b'D', b'R']
        && b[b.len() - 12..b.len() - 4] == [0, 0, 0, 0, b'I', b'E', b'N', b'D']
}

/// `RIFF`, a size that is the file's, `WEBP` and an image chunk.
fn is_webp(b: &[u8]) -> bool {
    b.len() >= 20
        && &b[..4] == b"RIFF"
        && u32::from_le_bytes([b[4], b[5], b[6], b[7]]) as usize + 8 == b.len()
        && &b[8..12] == b"WEBP"
        && matches!(&b[12..16], b"VP8 " | b"VP8L" | b"VP8X")
}

/// Checks that the bytes are the image type declared (`content_type`, its
/// essence already lower-cased): an HTML page sent as `image/jpeg` is refused.
pub fn check_bytes(content_type: &str, bytes: &[u8]) -> Result<(), crate::ValidationError> {
    match sniff_image(bytes) {
        Some(found) if found == content_type => Ok(()),
        found => Err(crate::ValidationError {
            fields: vec![crate::FieldError::new(
                "body",
                "content_mismatch",
                match found {
                    Some(found) => format!("The file is {found}, not {content_type} as declared."),
                    None => format!("The file is not a {content_type} image."),
                },
            )],
        }),
    }
}

/// The name an upload keeps: the file's name as it was picked on the
/// device (the original, kept as evidence of what was sent), made one that
/// [`check_upload`] accepts: its last path segment, without control or text
/// direction characters, leading dots or `..`, at most 100 characters.
/// `fallback` (such as `photo.jpg`) when nothing visible is left.
pub fn upload_name(picked: &str, fallback: &str) -> String {
    let last = picked.rsplit(['/', '\\']).next().unwrap_or("");
    let mut name: String = last
        .chars()
        .filter(|c| !c.is_control() && !crate::validation::is_bidi_control(*c))
        .collect();
    while name.contains("..") {
        name = name.replace("..", ".");
    }
    let name: String = name
        .trim_start_matches(|c: char| c == '.' || c.is_whitespace())
        .chars()
        .take(100)
        .collect();
    let name = name.trim_end().to_owned();
    if name.is_empty() || crate::validation::visible_text("name", &name).is_err() {
        fallback.to_owned()
    } else {
        name
    }
}

/// Checks an upload before its bytes are stored: a clean name (no path,
/// no control characters, at most 100 characters), an accepted content type
/// for the kind, and a size within the kind's limit. Reports every fault.
pub fn check_upload(
    kind: AttachmentKind,
    name: &str,
    content_type: &str,
    size: usize,
) -> Result<String, crate::ValidationError> {
    use crate::FieldError;
    let mut fields = Vec::new();
    let clean = name.trim();
    let bad_name = clean.is_empty()
        || clean.chars().count() > 100
        || clean.contains(['/', '\\'])
        || clean.starts_with('.')
        || clean.contains("..")
        || clean.chars().any(char::is_control);
    if bad_name {
        fields.push(FieldError::new(
            "name",
            "invalid",
            "Give a plain file name (no folders, no leading dot), at most 100 characters.",
        ));
    } else if let Err(e) = crate::validation::visible_text("name", clean) {
        fields.push(e);
    }
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if !kind.content_types().contains(&essence.as_str()) {
        fields.push(FieldError::new(
            "content_type",
            "unsupported",
            format!(
                "A {kind:?} must be one of: {}.",
                kind.content_types().join(", ")
            )
            .to_lowercase(),
        ));
    }
    if size == 0 || size > kind.max_bytes() as usize {
        fields.push(FieldError::new(
            "body",
            "size",
            format!(
                "The file must be 1 byte to {} KiB.",
                kind.max_bytes() / 1024
            ),
        ));
    }
    if fields.is_empty() {
        Ok(clean.to_owned())
    } else {
        Err(crate::ValidationError { fields })
    }
}

#[cfg(test)]
mod sniff_tests {
    use super::*;

    /// A JPEG's frame: SOI, APP0, SOF0, SOS, a little scan data, EOI.
    fn jpeg() -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8];
        b.extend([0xFF, 0xE0, 0x00, 0x10]);
        b.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        b.extend([0xFF, 0xC0, 0x00, 0x0B, 8, 0, 1, 0, 1, 1, 1, 0x11, 0]);
        b.extend([0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 0x3F, 0]);
        b.extend([0x12, 0x34, 0xFF, 0xD9]);
        b
    }

    const PNG: &[u8] = &[
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f,
        0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00,
        0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49,
        0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ];

    #[test]
    fn images_are_known_by_their_structure() {
        assert_eq!(sniff_image(&jpeg()), Some("image/jpeg"));
        assert_eq!(sniff_image(PNG), Some("image/png"));
        let mut webp = b"RIFF\0\0\0\0WEBPVP8L".to_vec();
        webp.extend([5, 0, 0, 0, 0x2f, 0, 0, 0, 0]);
        let size = (webp.len() - 8) as u32;
        webp[4..8].copy_from_slice(&size.to_le_bytes());
        assert_eq!(sniff_image(&webp), Some("image/webp"));
    }

    /// A JPEG cut short (a broken upload, or a header with anything after
    /// it) has no end of image: refused; bytes after the end are kept.
    #[test]
    fn a_jpeg_cut_short_is_no_image() {
        let whole = jpeg();
        let scan_header_end = whole.len() - 4;
        assert_eq!(sniff_image(&whole[..scan_header_end]), None);
        assert_eq!(sniff_image(&whole[..whole.len() - 1]), None);
        let mut anything = whole[..scan_header_end].to_vec();
        anything.extend(b"<html><script>alert(1)</script></html>");
        assert_eq!(sniff_image(&anything), None);
        let mut trailer = whole.clone();
        trailer.extend(b"motion photo trailer");
        assert_eq!(sniff_image(&trailer), Some("image/jpeg"));
    }

    #[test]
    fn a_page_behind_an_images_first_bytes_is_no_image() {
        let mut page = vec![0xFF, 0xD8, 0xFF, 0xE0];
        page.extend(b"<html><script>alert(1)</script></html>");
        assert_eq!(sniff_image(&page), None);
        let mut png_page = PNG[..16].to_vec();
        png_page.extend(b"<html></html>");
        assert_eq!(sniff_image(&png_page), None);
        assert_eq!(sniff_image(b"RIFF\x10\0\0\0WEBP<html>"), None);
        let mut truncated = jpeg();
        truncated.truncate(20);
        assert_eq!(sniff_image(&truncated), None);
        assert!(check_bytes("image/jpeg", &page).is_err());
        assert!(check_bytes("image/png", &jpeg()).is_err());
    }
}
