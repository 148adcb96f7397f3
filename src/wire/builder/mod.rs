//! The UPDATE builder: routes to announce and NLRI to withdraw in, the fewest complete UPDATE
//! messages that fit the session's message size out.
//!
//! Pure and allocation-light: an attribute set is encoded once ([`EncodedAttributes`]), NLRI
//! are written once into a reused buffer, and each message is assembled in a reused buffer
//! handed to a sink (`FnMut(&[u8])`). Must not decide which routes to send, nor hold them:
//! that is the Adj-RIB-Out's business. Must not know about sockets.
//!
//! Layout rules it follows:
//! - RFC 7606 §5.1: "An UPDATE message MUST NOT contain more than one of the following:
//!   non-empty Withdrawn Routes field, non-empty Network Layer Reachability Information
//!   field, MP_REACH_NLRI attribute, and MP_UNREACH_NLRI attribute." Each message is one
//!   of those four kinds.
//! - RFC 7606 §5.1: "The MP_REACH_NLRI or MP_UNREACH_NLRI attribute (if present) SHALL be
//!   encoded as the very first path attribute in an UPDATE message." The other attributes
//!   follow in type-code order (RFC 4271 §5), NEXT_HOP among them for IPv4 unicast.
//! - IPv4 unicast with an IPv4 next hop uses the classic fields; every other family (and
//!   IPv4 unicast with an IPv6 next hop, RFC 8950) uses MP_REACH_NLRI / MP_UNREACH_NLRI.
//! - Messages come out in call order, so a withdrawal given after an announcement of the
//!   same route is never overtaken by it.

mod attributes;
mod batch;
#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;

pub use attributes::EncodedAttributes;
pub use batch::{Announcement, build_updates};

use super::family::Family;
use super::header::{HEADER_LENGTH, MARKER};
use super::iana::attribute_flag::{EXTENDED_LENGTH, OPTIONAL, TRANSITIVE};
use super::iana::attribute_type::{MP_REACH_NLRI, MP_UNREACH_NLRI, NEXT_HOP};
use super::iana::message_type;
use super::message::Message;
use super::negotiated::Negotiated;
use super::nlri::{MpReach, MpUnreach, NextHop, Nlri};
use super::update::Update;
use std::borrow::Borrow;
use std::fmt;
use std::net::Ipv4Addr;

/// Withdrawn Routes Length and Total Path Attribute Length.
const UPDATE_LENGTH_FIELDS: usize = 4;
/// The NEXT_HOP attribute: flags, type, length, IPv4 address.
const NEXT_HOP_ATTRIBUTE_LENGTH: usize = 7;
/// An attribute value longer than this needs the Extended Length flag.
const SHORT_VALUE_LIMIT: usize = 255;

/// NLRI that no message of this session can carry, e.g. because the attribute block alone
/// nearly fills a message. They were left out; every other NLRI of the call was taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoesNotFit {
    /// The family of the first NLRI left out.
    pub family: Family,
    /// The NLRI left out, in the order given.
    pub rejected: Vec<Nlri>,
    /// Octets of the message before any NLRI (header, length fields, attributes, MP header).
    pub fixed_length: usize,
    /// `Negotiated::max_message_size()` of the session.
    pub max_message_size: usize,
}

impl fmt::Display for DoesNotFit {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "{} {} NLRI cannot fit in an UPDATE of at most {} octets ({} octets taken before \
             the NLRI)",
            self.rejected.len(),
            self.family,
            self.max_message_size,
            self.fixed_length
        )
    }
}

impl std::error::Error for DoesNotFit {}

/// What the message being filled carries (RFC 7606 §5.1: exactly one of these).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// Nothing open.
    Empty,
    /// The NLRI field (IPv4 unicast) and a NEXT_HOP attribute.
    Announced { next_hop: Ipv4Addr },
    /// MP_REACH_NLRI of `family` with `next_hop`.
    Reach { family: Family, next_hop: NextHop },
    /// The Withdrawn Routes field (IPv4 unicast).
    Withdrawn,
    /// MP_UNREACH_NLRI of `family`.
    Unreach { family: Family },
}

impl Kind {
    fn is_announcement(&self) -> bool {
        matches!(self, Kind::Announced { .. } | Kind::Reach { .. })
    }

    fn family(&self) -> Family {
        match self {
            Kind::Reach { family, .. } | Kind::Unreach { family } => *family,
            _ => Family::IPV4_UNICAST,
        }
    }
}

/// Packs NLRI into UPDATE messages for one session, keeping one message open between calls
/// so that consecutive calls with the same attributes, next hop and family share messages.
///
/// ```text
/// announce(attributes A, next hop N, [r1, r2])  ─┐
/// announce(attributes A, next hop N, [r3])       ├─> UPDATE(A, N, r1 r2 r3)   (on flush)
/// withdraw([w1, w2])                            ─┘─> UPDATE(withdrawn w1 w2)
/// ```
///
/// Every message is complete (header included) and at most `max_message_size()` octets.
/// Call [`UpdateBuilder::flush`] at the end of a batch: the last message stays open until then.
#[derive(Debug, Clone)]
pub struct UpdateBuilder<'a> {
    negotiated: &'a Negotiated,
    max_message_size: usize,
    kind: Kind,
    /// Whether the open message's NLRI carry RFC 7911 Path Identifiers.
    path_id: bool,
    /// The attributes of the open announcement (meaningful while `kind.is_announcement()`).
    attributes: EncodedAttributes,
    /// AFI, SAFI (and for MP_REACH_NLRI next hop and Reserved) of the open MP attribute.
    mp_header: Vec<u8>,
    /// The NLRI of the open message, encoded.
    nlri: Vec<u8>,
    /// Scratch space for the NLRI that overflowed the open message.
    overflow: Vec<u8>,
    /// The message being assembled for the sink.
    message: Vec<u8>,
    messages: usize,
}

impl<'a> UpdateBuilder<'a> {
    pub fn new(negotiated: &'a Negotiated) -> UpdateBuilder<'a> {
        UpdateBuilder {
            negotiated,
            max_message_size: negotiated.max_message_size(),
            kind: Kind::Empty,
            path_id: false,
            attributes: EncodedAttributes::new(&Default::default(), negotiated),
            mp_header: Vec::with_capacity(64),
            nlri: Vec::with_capacity(negotiated.max_message_size()),
            overflow: Vec::with_capacity(64),
            message: Vec::with_capacity(negotiated.max_message_size()),
            messages: 0,
        }
    }

    /// Encodes an attribute set for this session (once; reuse it for every call).
    pub fn encode_attributes(
        &self,
        attributes: &super::attribute::Attributes,
    ) -> EncodedAttributes {
        EncodedAttributes::new(attributes, self.negotiated)
    }

    /// How many messages went to the sink so far.
    pub fn messages_emitted(&self) -> usize {
        self.messages
    }

    /// Announces every NLRI of `nlri` with `attributes` and `next_hop` (which must suit the
    /// NLRI's family, as for `MpReach`). NLRI of several families may be mixed; each family
    /// gets its own messages.
    ///
    /// An NLRI that cannot fit in any message (attributes too large, or the NLRI itself) is
    /// left out and reported in the error; the others are all taken.
    pub fn announce<I, S>(
        &mut self,
        attributes: &EncodedAttributes,
        next_hop: &NextHop,
        nlri: I,
        sink: &mut S,
    ) -> Result<(), DoesNotFit>
    where
        I: IntoIterator,
        I::Item: Borrow<Nlri>,
        S: FnMut(&[u8]),
    {
        if self.attributes != *attributes {
            if self.kind.is_announcement() {
                self.flush(sink);
            }
            self.attributes.clone_from(attributes);
        }
        let mut rejected = RejectedList::default();
        for item in nlri {
            let nlri = item.borrow();
            let family = nlri.family();
            if !self.is_open_for_announcement(family, next_hop) {
                self.flush(sink);
                self.open_announcement(family, next_hop);
            }
            self.add(nlri, sink, &mut rejected);
        }
        rejected.into_result()
    }

    /// Withdraws every NLRI of `nlri`: IPv4 unicast in the Withdrawn Routes field, other
    /// families in MP_UNREACH_NLRI, one family per message.
    ///
    /// The NLRI are written as given: for labelled and VPN NLRI an empty label stack is
    /// written as the Compatibility field 0x800000 (RFC 8277 §2.4).
    pub fn withdraw<I, S>(&mut self, nlri: I, sink: &mut S) -> Result<(), DoesNotFit>
    where
        I: IntoIterator,
        I::Item: Borrow<Nlri>,
        S: FnMut(&[u8]),
    {
        let mut rejected = RejectedList::default();
        for item in nlri {
            let nlri = item.borrow();
            let family = nlri.family();
            let open = match &self.kind {
                Kind::Withdrawn => family == Family::IPV4_UNICAST,
                Kind::Unreach { family: open } => *open == family,
                _ => false,
            };
            if !open {
                self.flush(sink);
                self.open_withdrawal(family);
            }
            self.add(nlri, sink, &mut rejected);
        }
        rejected.into_result()
    }

    /// Sends the End-of-RIB marker of `family` (RFC 4724 §2), after the open message.
    pub fn end_of_rib<S: FnMut(&[u8])>(&mut self, family: Family, sink: &mut S) {
        self.flush(sink);
        self.message.clear();
        Message::Update(Box::new(Update::end_of_rib_marker(family)))
            .encode_into(self.negotiated, &mut self.message);
        sink(&self.message);
        self.messages = self.messages.saturating_add(1);
    }

    /// Sends the open message, if any. Call it at the end of every batch.
    pub fn flush<S: FnMut(&[u8])>(&mut self, sink: &mut S) {
        if self.kind != Kind::Empty && !self.nlri.is_empty() {
            self.assemble();
            sink(&self.message);
            self.messages = self.messages.saturating_add(1);
        }
        self.nlri.clear();
    }

    fn is_open_for_announcement(&self, family: Family, next_hop: &NextHop) -> bool {
        match (&self.kind, next_hop) {
            (Kind::Announced { next_hop: open }, NextHop::Ipv4(address)) => {
                family == Family::IPV4_UNICAST && open == address
            }
            (
                Kind::Reach {
                    family: open_family,
                    next_hop: open,
                },
                _,
            ) => {
                *open_family == family && open == next_hop && !uses_classic_field(family, next_hop)
            }
            _ => false,
        }
    }

    fn open_announcement(&mut self, family: Family, next_hop: &NextHop) {
        self.path_id = self.negotiated.path_id_on_send(family);
        self.mp_header.clear();
        self.kind = match next_hop {
            NextHop::Ipv4(address) if uses_classic_field(family, next_hop) => {
                Kind::Announced { next_hop: *address }
            }
            _ => {
                MpReach {
                    family,
                    next_hop: next_hop.clone(),
                    nlri: Vec::new(),
                }
                .encode_value(self.negotiated, &mut self.mp_header);
                Kind::Reach {
                    family,
                    next_hop: next_hop.clone(),
                }
            }
        };
    }

    fn open_withdrawal(&mut self, family: Family) {
        self.path_id = self.negotiated.path_id_on_send(family);
        self.mp_header.clear();
        self.kind = if family == Family::IPV4_UNICAST {
            Kind::Withdrawn
        } else {
            MpUnreach {
                family,
                nlri: Vec::new(),
            }
            .encode_value(self.negotiated, &mut self.mp_header);
            Kind::Unreach { family }
        };
    }

    /// Adds one NLRI to the open message, sending it first when the NLRI does not fit.
    fn add<S: FnMut(&[u8])>(&mut self, nlri: &Nlri, sink: &mut S, rejected: &mut RejectedList) {
        if let Nlri::Unparsed(unparsed) = nlri {
            // A whole NLRI field of a family not parsed here: it cannot share its field (the
            // decoder would read the two as one), so it travels alone.
            if unparsed.bytes.is_empty() {
                return;
            }
            self.flush(sink);
            self.add_encoded(nlri, sink, rejected);
            self.flush(sink);
            return;
        }
        self.add_encoded(nlri, sink, rejected);
    }

    fn add_encoded<S: FnMut(&[u8])>(
        &mut self,
        nlri: &Nlri,
        sink: &mut S,
        rejected: &mut RejectedList,
    ) {
        let before = self.nlri.len();
        nlri.encode(self.path_id, &mut self.nlri);
        if self.length_with(self.nlri.len()) <= self.max_message_size {
            return;
        }
        if before > 0 {
            // Send what was there; the new NLRI starts the next message.
            self.overflow.clear();
            self.overflow
                .extend_from_slice(self.nlri.get(before..).unwrap_or_default());
            self.nlri.truncate(before);
            self.flush(sink);
            self.nlri.extend_from_slice(&self.overflow);
            if self.length_with(self.nlri.len()) <= self.max_message_size {
                return;
            }
        }
        // Alone in a message and still too long.
        self.nlri.clear();
        rejected.push(
            self.kind.family(),
            nlri,
            self.length_with(0),
            self.max_message_size,
        );
    }

    /// The length of the open message if its NLRI took `nlri_length` octets.
    fn length_with(&self, nlri_length: usize) -> usize {
        let fixed = HEADER_LENGTH + UPDATE_LENGTH_FIELDS;
        match self.kind {
            Kind::Empty | Kind::Withdrawn => fixed + nlri_length,
            Kind::Announced { .. } => {
                fixed + self.attributes.len() + NEXT_HOP_ATTRIBUTE_LENGTH + nlri_length
            }
            Kind::Reach { .. } => {
                fixed + self.attributes.len() + mp_attribute_length(&self.mp_header, nlri_length)
            }
            Kind::Unreach { .. } => fixed + mp_attribute_length(&self.mp_header, nlri_length),
        }
    }

    /// Writes the open message into `self.message`.
    fn assemble(&mut self) {
        let out = &mut self.message;
        out.clear();
        out.extend_from_slice(&MARKER);
        out.extend_from_slice(&[0, 0, message_type::UPDATE]);
        match &self.kind {
            Kind::Empty => out.extend_from_slice(&[0, 0, 0, 0]),
            Kind::Withdrawn => {
                put_u16(out, self.nlri.len());
                out.extend_from_slice(&self.nlri);
                out.extend_from_slice(&[0, 0]);
            }
            Kind::Announced { next_hop } => {
                let (before, after) = self.attributes.around_next_hop();
                out.extend_from_slice(&[0, 0]);
                put_u16(out, self.attributes.len() + NEXT_HOP_ATTRIBUTE_LENGTH);
                out.extend_from_slice(before);
                out.extend_from_slice(&[TRANSITIVE, NEXT_HOP, 4]);
                out.extend_from_slice(&next_hop.octets());
                out.extend_from_slice(after);
                out.extend_from_slice(&self.nlri);
            }
            Kind::Reach { .. } => {
                out.extend_from_slice(&[0, 0]);
                let mp_length = mp_attribute_length(&self.mp_header, self.nlri.len());
                put_u16(out, mp_length + self.attributes.len());
                put_mp_attribute(out, MP_REACH_NLRI, &self.mp_header, &self.nlri);
                out.extend_from_slice(self.attributes.as_bytes());
            }
            Kind::Unreach { .. } => {
                out.extend_from_slice(&[0, 0]);
                put_u16(out, mp_attribute_length(&self.mp_header, self.nlri.len()));
                put_mp_attribute(out, MP_UNREACH_NLRI, &self.mp_header, &self.nlri);
            }
        }
        let length = out.len();
        put_u16_at(out, MARKER.len(), length);
    }
}

/// Whether routes of `family` with `next_hop` go in the classic NLRI field.
fn uses_classic_field(family: Family, next_hop: &NextHop) -> bool {
    family == Family::IPV4_UNICAST && matches!(next_hop, NextHop::Ipv4(_))
}

/// The whole MP attribute (flags, type, length, value) for a header and NLRI of these sizes.
fn mp_attribute_length(mp_header: &[u8], nlri_length: usize) -> usize {
    let value = mp_header.len() + nlri_length;
    let header = if value > SHORT_VALUE_LIMIT { 4 } else { 3 };
    header + value
}

/// Writes MP_REACH_NLRI or MP_UNREACH_NLRI (optional, non-transitive; Extended Length only
/// past 255 octets, RFC 4271 §4.3).
fn put_mp_attribute(out: &mut Vec<u8>, type_code: u8, mp_header: &[u8], nlri: &[u8]) {
    let value = mp_header.len() + nlri.len();
    if value > SHORT_VALUE_LIMIT {
        out.extend_from_slice(&[OPTIONAL | EXTENDED_LENGTH, type_code]);
        put_u16(out, value);
    } else {
        out.extend_from_slice(&[OPTIONAL, type_code, u8::try_from(value).unwrap_or(u8::MAX)]);
    }
    out.extend_from_slice(mp_header);
    out.extend_from_slice(nlri);
}

/// Appends a 2-octet length (messages are at most 65535 octets, so it always fits).
fn put_u16(out: &mut Vec<u8>, value: usize) {
    out.extend_from_slice(&u16::try_from(value).unwrap_or(u16::MAX).to_be_bytes());
}

fn put_u16_at(out: &mut [u8], at: usize, value: usize) {
    if let Some(field) = out.get_mut(at..at + 2) {
        field.copy_from_slice(&u16::try_from(value).unwrap_or(u16::MAX).to_be_bytes());
    }
}

/// The NLRI one call had to leave out.
#[derive(Debug, Default)]
struct RejectedList {
    error: Option<DoesNotFit>,
}

impl RejectedList {
    fn push(&mut self, family: Family, nlri: &Nlri, fixed_length: usize, max_message_size: usize) {
        let error = self.error.get_or_insert_with(|| DoesNotFit {
            family,
            rejected: Vec::new(),
            fixed_length,
            max_message_size,
        });
        error.rejected.push(nlri.clone());
    }

    fn into_result(self) -> Result<(), DoesNotFit> {
        self.error.map_or(Ok(()), Err)
    }
}

/// The End-of-RIB marker of `family` as a complete message (RFC 4724 §2).
pub fn end_of_rib_message(family: Family, negotiated: &Negotiated) -> Vec<u8> {
    Message::Update(Box::new(Update::end_of_rib_marker(family))).encode(negotiated)
}
