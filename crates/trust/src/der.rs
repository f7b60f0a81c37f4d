//! Just enough DER to find where a certificate ends and to read and write certs-only PKCS#7 bundles.
//!
//! x509-parser reads certificates; this covers only the framing around them, where BER leniency would let
//! garbage through: definite lengths only, single-byte tags only, every length bounded by the input.

pub(crate) const TAG_INTEGER: u8 = 0x02;
pub(crate) const TAG_OID: u8 = 0x06;
pub(crate) const TAG_SEQUENCE: u8 = 0x30;
pub(crate) const TAG_SET: u8 = 0x31;
pub(crate) const TAG_CONTEXT_0: u8 = 0xa0;
pub(crate) const TAG_CONTEXT_1: u8 = 0xa1;

/// 1.2.840.113549.1.7.2 signedData
const OID_SIGNED_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
/// 1.2.840.113549.1.7.1 data
const OID_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];

#[derive(Debug, Clone, Copy)]
pub(crate) struct Tlv<'a> {
    pub tag: u8,
    pub content: &'a [u8],
    /// Tag, length and content together.
    pub whole: &'a [u8],
}

/// Reads one element from the front of `input`, returning it and what follows.
pub(crate) fn read_tlv(input: &[u8]) -> Result<(Tlv<'_>, &[u8]), &'static str> {
    let (&tag, rest) = input.split_first().ok_or("unexpected end of data")?;
    if tag & 0x1f == 0x1f {
        return Err("multi-byte tags are not supported");
    }
    let (&first, rest) = rest.split_first().ok_or("unexpected end of data")?;
    let (len, rest) = match first {
        0..=0x7f => (usize::from(first), rest),
        0x80 => return Err("indefinite lengths are not DER"),
        0x81..=0x84 => {
            let n = usize::from(first & 0x7f);
            if rest.len() < n {
                return Err("unexpected end of data");
            }
            let (bytes, rest) = rest.split_at(n);
            let len = bytes.iter().fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
            if bytes.first() == Some(&0) || len < 0x80 {
                return Err("length is not minimally encoded");
            }
            (len, rest)
        }
        _ => return Err("length too large"),
    };
    if rest.len() < len {
        return Err("element longer than the data");
    }
    let header = input.len() - rest.len();
    let (content, after) = rest.split_at(len);
    Ok((Tlv { tag, content, whole: &input[..header + len] }, after))
}

fn expect<'a>(input: &'a [u8], tag: u8, what: &'static str) -> Result<(Tlv<'a>, &'a [u8]), &'static str> {
    let (tlv, rest) = read_tlv(input)?;
    if tlv.tag != tag {
        return Err(what);
    }
    Ok((tlv, rest))
}

/// Whether a lone DER element is a PKCS#7 ContentInfo rather than a certificate: a ContentInfo starts with
/// an OID, a certificate with its TBS sequence.
pub(crate) fn looks_like_content_info(element: &Tlv<'_>) -> bool {
    element.tag == TAG_SEQUENCE && element.content.first() == Some(&TAG_OID)
}

/// The certificates of a PKCS#7 / CMS SignedData (RFC 2315, RFC 5652), in bundle order. Signatures over
/// the content, CRLs and signer infos are ignored: a certs-only bundle has none, and trust never comes from
/// the bundle itself.
pub(crate) fn pkcs7_certificates(content_info: &[u8]) -> Result<Vec<&[u8]>, &'static str> {
    let (outer, rest) = expect(content_info, TAG_SEQUENCE, "PKCS#7 ContentInfo is not a sequence")?;
    if !rest.is_empty() {
        return Err("data after the PKCS#7 ContentInfo");
    }
    let (oid, rest) = expect(outer.content, TAG_OID, "PKCS#7 content type missing")?;
    if oid.content != OID_SIGNED_DATA {
        return Err("PKCS#7 content is not signedData");
    }
    let (explicit, rest) = expect(rest, TAG_CONTEXT_0, "PKCS#7 content missing")?;
    if !rest.is_empty() {
        return Err("data after the PKCS#7 content");
    }
    let (signed_data, rest) = expect(explicit.content, TAG_SEQUENCE, "SignedData is not a sequence")?;
    if !rest.is_empty() {
        return Err("data after SignedData");
    }
    let (_, rest) = expect(signed_data.content, TAG_INTEGER, "SignedData version missing")?;
    let (_, rest) = expect(rest, TAG_SET, "SignedData digest algorithms missing")?;
    let (_, mut rest) = expect(rest, TAG_SEQUENCE, "SignedData encapsulated content missing")?;
    let mut certificates = Vec::new();
    if rest.first() == Some(&TAG_CONTEXT_0) {
        let (set, after) = read_tlv(rest)?;
        let mut inner = set.content;
        while !inner.is_empty() {
            let (cert, after_cert) = read_tlv(inner)?;
            if cert.tag != TAG_SEQUENCE {
                return Err("PKCS#7 holds a certificate type other than X.509");
            }
            certificates.push(cert.whole);
            inner = after_cert;
        }
        rest = after;
    }
    if rest.first() == Some(&TAG_CONTEXT_1) {
        let (_, after) = read_tlv(rest)?;
        rest = after;
    }
    let (_, rest) = expect(rest, TAG_SET, "SignedData signer infos missing")?;
    if !rest.is_empty() {
        return Err("data after SignedData signer infos");
    }
    Ok(certificates)
}

pub(crate) fn write_tlv(out: &mut Vec<u8>, tag: u8, content: &[u8]) {
    out.push(tag);
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
}

pub(crate) fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    write_tlv(&mut out, tag, content);
    out
}

/// A certs-only SignedData ContentInfo (what `openssl crl2pkcs7 -nocrl` and keymanager produce).
pub(crate) fn pkcs7_certs_only<'a>(certificates: impl IntoIterator<Item = &'a [u8]>) -> Vec<u8> {
    let certs: Vec<u8> = certificates.into_iter().flatten().copied().collect();
    let mut signed_data = Vec::new();
    write_tlv(&mut signed_data, TAG_INTEGER, &[1]);
    write_tlv(&mut signed_data, TAG_SET, &[]);
    signed_data.extend(tlv(TAG_SEQUENCE, &tlv(TAG_OID, OID_DATA)));
    write_tlv(&mut signed_data, TAG_CONTEXT_0, &certs);
    write_tlv(&mut signed_data, TAG_SET, &[]);
    let mut content_info = tlv(TAG_OID, OID_SIGNED_DATA);
    content_info.extend(tlv(TAG_CONTEXT_0, &tlv(TAG_SEQUENCE, &signed_data)));
    tlv(TAG_SEQUENCE, &content_info)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_round_trip() {
        for len in [0usize, 1, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000] {
            let content = vec![7u8; len];
            let encoded = tlv(TAG_SEQUENCE, &content);
            let (read, rest) = read_tlv(&encoded).unwrap();
            assert!(rest.is_empty());
            assert_eq!(read.content.len(), len);
            assert_eq!(read.whole, &encoded[..]);
        }
    }

    #[test]
    fn refuses_bad_framing() {
        assert!(read_tlv(&[]).is_err());
        assert!(read_tlv(&[0x30]).is_err());
        assert!(read_tlv(&[0x30, 0x80, 0, 0]).is_err(), "indefinite");
        assert!(read_tlv(&[0x30, 0x05, 1]).is_err(), "short");
        assert!(read_tlv(&[0x30, 0x81, 0x05, 1, 2, 3, 4, 5]).is_err(), "non-minimal");
        assert!(read_tlv(&[0x30, 0x82, 0x00, 0x85]).is_err(), "leading zero");
        assert!(read_tlv(&[0x30, 0x85, 1, 1, 1, 1, 1]).is_err(), "huge");
        assert!(read_tlv(&[0x1f, 0x01, 0x00]).is_err(), "high tag");
    }

    #[test]
    fn pkcs7_round_trip() {
        let a = tlv(TAG_SEQUENCE, &[1, 2, 3]);
        let b = tlv(TAG_SEQUENCE, &[4; 300]);
        let bundle = pkcs7_certs_only([&a[..], &b[..]]);
        let certs = pkcs7_certificates(&bundle).unwrap();
        assert_eq!(certs, vec![&a[..], &b[..]]);
        let empty = pkcs7_certs_only(std::iter::empty());
        assert!(pkcs7_certificates(&empty).unwrap().is_empty());
        let mut trailing = bundle.clone();
        trailing.push(0);
        assert!(pkcs7_certificates(&trailing).is_err());
    }
}
