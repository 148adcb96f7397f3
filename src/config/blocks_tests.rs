//! The blocks of a file parse to the nodes of the whole file, spans included; an edit parses
//! only the blocks it changed. The oracle is the `kdl` parser on the whole text.

use super::*;
use kdl::KdlEntry;

/// Every span in `node`, in a fixed order.
fn spans(node: &KdlNode, into: &mut Vec<(usize, usize)>) {
    let mut push = |span: SourceSpan| into.push((span.offset(), span.len()));
    push(node.span());
    push(node.name().span());
    if let Some(ty) = node.ty() {
        push(ty.span());
    }
    for entry in node.entries() {
        entry_spans(entry, &mut push);
    }
    if let Some(children) = node.children() {
        into.push((children.span().offset(), children.span().len()));
        for child in children.nodes() {
            spans(child, into);
        }
    }
}

fn entry_spans(entry: &KdlEntry, push: &mut impl FnMut(SourceSpan)) {
    push(entry.span());
    if let Some(name) = entry.name() {
        push(name.span());
    }
    if let Some(ty) = entry.ty() {
        push(ty.span());
    }
}

/// Checks `blocks.update(source)` against a parse of the whole of `source`.
fn check(blocks: &mut ParsedBlocks, source: &str) {
    let pieces = top_level_blocks(source);
    assert_eq!(
        pieces.concat(),
        source,
        "the blocks put together are the file"
    );
    let whole = source.parse::<KdlDocument>();
    let updated = blocks.update(source);
    let Ok(whole) = whole else {
        assert!(
            !updated,
            "not valid KDL, but every block parsed: {source:?}"
        );
        return;
    };
    assert!(updated, "valid KDL, but a block did not parse: {source:?}");
    let reused: Vec<&KdlNode> = blocks.nodes().collect();
    let expected: Vec<&KdlNode> = whole.nodes().iter().collect();
    assert_eq!(
        reused.len(),
        expected.len(),
        "{source:?} in blocks {pieces:?}"
    );
    for (reused, expected) in reused.iter().zip(&expected) {
        let (mut reused_copy, mut expected_copy) = ((*reused).clone(), (*expected).clone());
        reused_copy.clear_format_recursive();
        expected_copy.clear_format_recursive();
        assert_eq!(
            reused_copy, expected_copy,
            "{source:?} in blocks {pieces:?}"
        );
        let (mut reused_spans, mut expected_spans) = (Vec::new(), Vec::new());
        spans(reused, &mut reused_spans);
        spans(expected, &mut expected_spans);
        assert_eq!(
            reused_spans, expected_spans,
            "spans of {source:?} in blocks {pieces:?}"
        );
    }
}

#[test]
fn blocks_end_only_where_a_top_level_node_has_ended() {
    let cases: &[(&str, &[&str])] = &[
        ("a 1\nb 2\n", &["a 1\n", "b 2\n"]),
        ("a 1\n\n// note\nb 2", &["a 1\n", "\n", "// note\n", "b 2"]),
        ("n {\n  c 1\n}\nm 2\n", &["n {\n  c 1\n}\n", "m 2\n"]),
        ("s \"x\\\" {\"\nt 1\n", &["s \"x\\\" {\"\n", "t 1\n"]),
        ("r #\"a\" {\"# 1\nt 1\n", &["r #\"a\" {\"# 1\n", "t 1\n"]),
        (
            "m \"\"\"\n  {\n  \"\"\"\nt 1\n",
            &["m \"\"\"\n  {\n  \"\"\"\n", "t 1\n"],
        ),
        (
            "q ##\"\"\"\n \"\"\"# }\n \"\"\"##\nt 1\n",
            &["q ##\"\"\"\n \"\"\"# }\n \"\"\"##\n", "t 1\n"],
        ),
        (
            "/* a /* b\n } */\n*/ c 1\nd 2\n",
            &["/* a /* b\n } */\n*/ c 1\n", "d 2\n"],
        ),
        (
            "/-\n\nskipped 1\nkept 2\n",
            &["/-\n\nskipped 1\n", "kept 2\n"],
        ),
        (
            "a 1 \\ // more\n  2\nb 3\n",
            &["a 1 \\ // more\n  2\n", "b 3\n"],
        ),
        ("a #true\r\nb #false\r\n", &["a #true\r\n", "b #false\r\n"]),
        ("a 1; b 2\nc 3\n", &["a 1; b 2\n", "c 3\n"]),
        ("a 1\rb 2\nc 3\n", &["a 1\rb 2\nc 3\n"]),
        ("a 1\u{2028}b 2\nc 3\n", &["a 1\u{2028}b 2\nc 3\n"]),
        ("a /-1\nb 2\n", &["a /-1\nb 2\n"]),
        ("/-a /-{ b }\nc 2\n", &["/-a /-{ b }\nc 2\n"]),
        ("/-a { /-b }\nc 2\n", &["/-a { /-b }\n", "c 2\n"]),
    ];
    for (source, expected) in cases {
        assert_eq!(top_level_blocks(source), *expected, "{source:?}");
        check(&mut ParsedBlocks::default(), source);
    }
}

/// Pieces of KDL, valid and not, to put together at random.
const PIECES: &[&str] = &[
    "node 1",
    "neighbor \"192.0.2.1\" {\n    peer-as 65001\n    family { ipv4 unicast; }\n}",
    "s \"a \\\" { b\"",
    "s \"a\\\n   continued\"",
    "r #\"raw \" { \"#",
    "r ##\"raw \"# } \"##",
    "m \"\"\"\n    text {\n    \"\"\"",
    "m #\"\"\"\n    raw \"\"\" }\n    \"\"\"#",
    "/* comment /* nested\n { */ still */ c 1",
    "// line comment {",
    "/- gone 1",
    "/-\n  gone {\n  x 1\n}",
    "a 1 \\\n  2",
    "j { k; l { m \"}\" } }",
    "p /-{ q }",
    "(t)typed (u)5 key=(v)\"w\"",
    "k #true #null #-inf #nan key=#false",
    "e {\n}",
    "bad \"unterminated",
    "bad {",
    "}",
    "/* open",
    "#\"open",
    "x \"\"",
    "y #\"\"#",
    "z 0x1F 1.5e3 -7 1_000",
    "\u{feff}",
    "/- // why\n  later 1",
    "n{}",
    "n { } ; m 1",
    "n /* c\n */ 1",
    "n 1 // trailing \\",
    "u \"\\u{1F600} \\s\"",
    "w \"\"\"\n  a \\\n  b\n  \"\"\"",
    "v #\"\"\"\n  \"# \"\"\"\n  \"\"\"#",
    "(t)n",
    "n a=1 b=\"x\" 2",
    "ünï 1",
    "n \\\n  // comment\n  2",
    "n /-\n  {\n  x\n  }",
    "\\\n n 1",
    "/- kdl-version 2",
    "n {\n  /- c {\n  }\n  d \\\n  1\n}",
];

const SEPARATORS: &[&str] = &["\n", "\n\n", "; ", " ", "\r\n", "\n  ", "\n// c\n"];

/// A small deterministic generator (xorshift), so that a failure is reproduced exactly.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % bound as u64) as usize
    }
}

/// How many random files: `BLOCKS_RANDOM_FILES`, else 3,000 (a longer hunt for parser
/// corners: `BLOCKS_RANDOM_FILES=1000000 cargo test --release --lib config::blocks`).
fn files() -> usize {
    std::env::var("BLOCKS_RANDOM_FILES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(3_000)
}

#[test]
fn random_files_give_the_same_nodes_as_a_whole_parse() {
    let mut random = Random(0x5eed_f00d_cafe_beef);
    let mut blocks = ParsedBlocks::default();
    let mut valid = 0;
    for _ in 0..files() {
        let mut source = String::new();
        for _ in 0..1 + random.below(8) {
            source.push_str(PIECES[random.below(PIECES.len())]);
            source.push_str(SEPARATORS[random.below(SEPARATORS.len())]);
        }
        // One ParsedBlocks for all: each file is also an edit of the one before.
        check(&mut blocks, &source);
        valid += usize::from(source.parse::<KdlDocument>().is_ok());
    }
    assert!(
        valid > 300,
        "only {valid} valid files: the pieces need mending"
    );
}

fn neighbors(count: usize, changed: usize, med: u32) -> String {
    let mut source = String::from("router-id \"192.0.2.1\"\nlocal-as 65001\n");
    for index in 0..count {
        let med = if index == changed { med } else { 0 };
        source.push_str(&format!(
            "neighbor \"10.0.{}.{}\" {{\n    peer-as 65002\n    announce {{\n        route \
             \"192.0.2.0/24 next-hop self med {med}\"\n    }}\n}}\n",
            index / 200,
            index % 200 + 1
        ));
    }
    source
}

#[test]
fn an_edit_parses_only_the_blocks_it_changed() {
    let mut blocks = ParsedBlocks::default();
    check(&mut blocks, &neighbors(50, 10, 1));
    assert_eq!(blocks.parsed, 52);
    check(&mut blocks, &neighbors(50, 10, 1));
    assert_eq!(blocks.parsed, 0);
    // A longer line in neighbor 10: every later block moves.
    check(&mut blocks, &neighbors(50, 10, 1_000_000));
    assert_eq!(blocks.parsed, 1);
    // One more neighbor, one less.
    check(&mut blocks, &neighbors(51, 10, 1_000_000));
    assert_eq!(blocks.parsed, 1);
    check(&mut blocks, &neighbors(50, 10, 1_000_000));
    assert_eq!(blocks.parsed, 0);
    // Broken, then mended: the valid blocks of the broken file are kept.
    let broken = neighbors(50, 10, 1).replace("med 1\"", "med 1\" =");
    check(&mut blocks, &broken);
    assert_eq!(blocks.parsed, 1);
    check(&mut blocks, &neighbors(50, 10, 2));
    assert_eq!(blocks.parsed, 1);
}

#[test]
fn a_large_file_is_not_kept() {
    let mut blocks = ParsedBlocks::default();
    let source = "a 1\n".repeat(LARGEST_KEPT / 4 + 1);
    assert!(!blocks.update(&source));
    assert_eq!(blocks.nodes().count(), 0);
    assert!(blocks.update("a 1\n"));
    assert_eq!(blocks.nodes().count(), 1);
}
