//! Parsing a file again after an edit without parsing what did not change.
//!
//! The `kdl` parser takes about half a microsecond per byte: 0.17 s for a file of 1,000
//! neighbors, nearly all of a reload's time. [`ParsedBlocks`] keeps the nodes of the last
//! file by top-level block (the text from one top-level node's end to the next's), and an
//! update parses only the blocks whose text is new; the others are reused, their places in
//! the file moved to where the block now is. The nodes given to the decoder are the same,
//! spans included, as a parse of the whole file gives: [`top_level_blocks`] splits only
//! where a top-level node has certainly ended.
//!
//! Pure: the caller reads the file.

use std::collections::HashMap;

use kdl::{KdlDocument, KdlIdentifier, KdlNode};
use miette::SourceSpan;

/// Files larger than this are parsed whole each time: their blocks are not kept, because
/// parsed nodes take about 60 bytes of memory for each byte of the file.
pub const LARGEST_KEPT: usize = 1 << 20;

/// The parsed top-level blocks of the last file.
#[derive(Debug, Default)]
pub struct ParsedBlocks {
    /// Block text → its place in `blocks`.
    index: HashMap<Box<str>, usize>,
    blocks: Vec<Block>,
    /// The file, as places in `blocks`.
    order: Vec<usize>,
    /// How many blocks the last update parsed (the others were reused).
    pub parsed: usize,
}

#[derive(Debug, Default)]
struct Block {
    /// Where the block starts in the file its nodes' spans refer to.
    offset: usize,
    nodes: Vec<KdlNode>,
}

impl ParsedBlocks {
    /// Takes in `source`, parsing only the blocks the last one did not have. False when a
    /// block is not valid KDL or the file is larger than [`LARGEST_KEPT`]: then the whole
    /// file must be parsed (for its diagnostics, or because nothing is kept).
    pub fn update(&mut self, source: &str) -> bool {
        let mut previous_index = std::mem::take(&mut self.index);
        let mut previous_blocks = std::mem::take(&mut self.blocks);
        self.order.clear();
        self.parsed = 0;
        if source.len() > LARGEST_KEPT {
            return false;
        }
        let mut valid = true;
        let mut offset = 0;
        for text in top_level_blocks(source) {
            let start = offset;
            offset += text.len();
            if let Some(&place) = self.index.get(text) {
                // The same text twice in one file (two identical lines): the nodes are
                // copied, at their own place.
                let mut block = Block {
                    offset: self.blocks[place].offset,
                    nodes: self.blocks[place].nodes.clone(),
                };
                block.move_to(start);
                self.push(text, block);
                continue;
            }
            let block = match previous_index.remove(text) {
                Some(place) => {
                    let mut block = std::mem::take(&mut previous_blocks[place]);
                    block.move_to(start);
                    block
                }
                None => {
                    self.parsed += 1;
                    match text.parse::<KdlDocument>() {
                        Ok(mut document) => {
                            let mut block = Block {
                                offset: 0,
                                nodes: std::mem::take(document.nodes_mut()),
                            };
                            block.move_to(start);
                            block
                        }
                        Err(_) => {
                            valid = false;
                            continue;
                        }
                    }
                }
            };
            self.push(text, block);
        }
        valid
    }

    fn push(&mut self, text: &str, block: Block) {
        let place = self.blocks.len();
        self.index.entry(text.into()).or_insert(place);
        self.order.push(place);
        self.blocks.push(block);
    }

    /// The file's top-level nodes, in order, after a successful [`ParsedBlocks::update`].
    pub fn nodes(&self) -> impl Iterator<Item = &KdlNode> {
        self.order
            .iter()
            .flat_map(|&place| self.blocks[place].nodes.iter())
    }
}

impl Block {
    /// Moves every span of the block's nodes so that the block starts at `offset`.
    fn move_to(&mut self, offset: usize) {
        if offset != self.offset {
            let (from, to) = (self.offset, offset);
            for node in &mut self.nodes {
                move_node(node, from, to);
            }
            self.offset = offset;
        }
    }
}

fn moved(span: SourceSpan, from: usize, to: usize) -> SourceSpan {
    SourceSpan::new((span.offset() + to).saturating_sub(from).into(), span.len())
}

fn move_identifier(identifier: &mut KdlIdentifier, from: usize, to: usize) {
    identifier.set_span(moved(identifier.span(), from, to));
}

fn move_node(node: &mut KdlNode, from: usize, to: usize) {
    node.set_span(moved(node.span(), from, to));
    move_identifier(node.name_mut(), from, to);
    if let Some(ty) = node.ty_mut() {
        move_identifier(ty, from, to);
    }
    for entry in node.entries_mut() {
        entry.set_span(moved(entry.span(), from, to));
        if let Some(name) = entry.name_mut() {
            move_identifier(name, from, to);
        }
        if let Some(ty) = entry.ty_mut() {
            move_identifier(ty, from, to);
        }
    }
    if let Some(children) = node.children_mut() {
        children.set_span(moved(children.span(), from, to));
        for child in children.nodes_mut() {
            move_node(child, from, to);
        }
    }
}

/// Whether `source` must be one block: it has a KDL line break other than a line feed
/// (blocks end only at line feeds), or a byte-order mark after its start (allowed only
/// there, but a block starting with one would parse).
fn must_be_one_block(source: &str) -> bool {
    let bytes = source.as_bytes();
    bytes
        .iter()
        .enumerate()
        .any(|(at, &byte)| byte == b'\r' && bytes.get(at + 1) != Some(&b'\n'))
        || source.contains(['\u{0B}', '\u{0C}', '\u{85}', '\u{2028}', '\u{2029}'])
        || source
            .strip_prefix('\u{feff}')
            .unwrap_or(source)
            .contains('\u{feff}')
}

/// Splits `source` into blocks, each a whole number of top-level nodes with the line space
/// around them: a block ends at a line feed outside any string, comment and `{ … }`, not
/// escaped by a line continuation (`\`) and not after a slashdash (`/-`) still waiting
/// for what it comments out. Where the text is not valid KDL the split may be anywhere, and
/// some block then fails to parse. The blocks put together are `source`.
///
/// A file with a slashdash inside a top-level node, after its name (`node 1 /-2`,
/// `node /-{ … }`), is one block: there the `kdl` parser accepts a node alone that it
/// rejects when another node follows.
pub fn top_level_blocks(source: &str) -> Vec<&str> {
    if must_be_one_block(source) {
        return vec![source];
    }
    let bytes = source.as_bytes();
    let mut blocks = Vec::new();
    let mut start = 0;
    let mut at = 0;
    let mut depth = 0usize;
    let mut continued_line = false;
    let mut slashdash = false;
    // Something of the current top-level node has been read.
    let mut in_node = false;
    while at < bytes.len() {
        match bytes[at] {
            b'\n' => {
                if depth == 0 && !continued_line && !slashdash {
                    blocks.push(&source[start..=at]);
                    start = at + 1;
                    in_node = false;
                }
                continued_line = false;
                at += 1;
            }
            b' ' | b'\t' | b'\r' => at += 1,
            b'\\' => {
                continued_line = true;
                at += 1;
            }
            b'/' if bytes.get(at + 1) == Some(&b'/') => {
                // A line comment runs to the line feed, which is looked at next.
                at = find(bytes, at, b"\n").unwrap_or(bytes.len());
            }
            b'/' if bytes.get(at + 1) == Some(&b'*') => at = block_comment_end(bytes, at),
            b'/' if bytes.get(at + 1) == Some(&b'-') => {
                if depth == 0 && in_node {
                    return vec![source];
                }
                slashdash = true;
                at += 2;
            }
            b';' if depth == 0 => {
                slashdash = false;
                in_node = false;
                at += 1;
            }
            byte => {
                slashdash = false;
                in_node |= depth == 0;
                at = match byte {
                    b'"' => quoted_string_end(bytes, at),
                    b'#' => hashed_end(bytes, at),
                    b'{' => {
                        depth += 1;
                        at + 1
                    }
                    b'}' => {
                        depth = depth.saturating_sub(1);
                        at + 1
                    }
                    _ => at + 1,
                };
            }
        }
    }
    if start < bytes.len() {
        blocks.push(&source[start..]);
    }
    blocks
}

/// Where `needle` next occurs in `bytes` at or after `from`.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes[from..]
        .windows(needle.len())
        .position(|window| window == needle)
        .map(|position| from + position)
}

/// After a `/* … */` comment starting at `at` (they nest).
fn block_comment_end(bytes: &[u8], at: usize) -> usize {
    let mut depth = 0usize;
    let mut at = at;
    while at < bytes.len() {
        if bytes[at..].starts_with(b"/*") {
            depth += 1;
            at += 2;
        } else if bytes[at..].starts_with(b"*/") {
            depth -= 1;
            at += 2;
            if depth == 0 {
                return at;
            }
        } else {
            at += 1;
        }
    }
    bytes.len()
}

/// After a `"…"` or `"""…"""` string starting at `at` (a backslash escapes what follows).
fn quoted_string_end(bytes: &[u8], at: usize) -> usize {
    let closing: &[u8] = if bytes[at..].starts_with(b"\"\"\"") {
        b"\"\"\""
    } else {
        b"\""
    };
    let mut at = at + closing.len();
    while at < bytes.len() {
        if bytes[at] == b'\\' {
            at += 2;
        } else if bytes[at..].starts_with(closing) {
            return at + closing.len();
        } else {
            at += 1;
        }
    }
    bytes.len()
}

/// After what starts with `#` at `at`: a raw string (`#"…"#`, `##"""…"""##`: no escapes,
/// closed by the quotes and as many `#`), or a keyword such as `#true` (only its `#`s).
fn hashed_end(bytes: &[u8], at: usize) -> usize {
    let hashes = bytes[at..].iter().take_while(|&&byte| byte == b'#').count();
    let quotes_at = at + hashes;
    if bytes.get(quotes_at) != Some(&b'"') {
        return quotes_at;
    }
    let quotes = if bytes[quotes_at..].starts_with(b"\"\"\"") {
        3
    } else {
        1
    };
    let mut closing = vec![b'"'; quotes];
    closing.extend(std::iter::repeat_n(b'#', hashes));
    find(bytes, quotes_at + quotes, &closing)
        .map(|found| found + closing.len())
        .unwrap_or(bytes.len())
}

#[cfg(test)]
#[path = "blocks_tests.rs"]
mod tests;
