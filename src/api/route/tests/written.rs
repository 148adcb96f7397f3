//! Routes kept as written (`parse_written_announcement`): a `split` entry stays one value and
//! expands to exactly the routes that writing every sub-prefix out by hand gives.

use super::*;

/// The routes of `texts`, each text parsed on its own.
fn each(texts: &[String]) -> Vec<Route> {
    texts
        .iter()
        .flat_map(|text| parse_announcement(text).expect("valid text"))
        .collect()
}

#[test]
fn a_split_stays_one_entry_and_expands_to_the_written_out_routes() {
    let cases: Vec<(&str, Vec<String>)> = vec![
        (
            "route 10.3.0.0/22 next-hop 10.0.0.1 med 5 community 65000:1 split /24",
            (0..4)
                .map(|third| {
                    format!("route 10.3.{third}.0/24 next-hop 10.0.0.1 med 5 community 65000:1")
                })
                .collect(),
        ),
        (
            "route 2001:db8::/31 next-hop 2001:db8::1 split /32",
            vec![
                "route 2001:db8::/32 next-hop 2001:db8::1".to_owned(),
                "route 2001:db9::/32 next-hop 2001:db8::1".to_owned(),
            ],
        ),
        (
            "route 10.0.0.0/23 next-hop self label 100 path-information 7 split /24",
            vec![
                "route 10.0.0.0/24 next-hop self label 100 path-information 7".to_owned(),
                "route 10.0.1.0/24 next-hop self label 100 path-information 7".to_owned(),
            ],
        ),
        (
            "attributes next-hop 10.0.0.1 split /25 nlri 10.1.0.0/24 10.2.0.0/26",
            vec![
                "route 10.1.0.0/25 next-hop 10.0.0.1".to_owned(),
                "route 10.1.0.128/25 next-hop 10.0.0.1".to_owned(),
                "route 10.2.0.0/26 next-hop 10.0.0.1".to_owned(),
            ],
        ),
    ];
    for (text, written_out) in cases {
        let written = parse_written_announcement(text).expect("valid text");
        let expected = each(&written_out);
        let expanded: Vec<Route> = written.iter().flat_map(WrittenRoute::expand).collect();
        assert_eq!(expanded, expected, "{text}");
        assert_eq!(parse_announcement(text).expect("valid"), expected, "{text}");
        let count: usize = written.iter().map(WrittenRoute::len).sum();
        assert_eq!(count, expected.len(), "{text}");
        assert!(written.len() < expected.len(), "{text}: kept unexpanded");
    }
}

#[test]
fn a_split_no_longer_than_the_prefix_keeps_the_route_whole() {
    let written = parse_written_announcement("route 10.0.0.0/24 next-hop self split /24")
        .expect("valid text");
    assert_eq!(written.len(), 1);
    assert_eq!(written[0].split, None);
    assert_eq!(written[0].len(), 1);
    assert_eq!(
        written[0].expand().collect::<Vec<_>>(),
        parse_announcement("route 10.0.0.0/24 next-hop self").expect("valid")
    );
}

#[test]
fn a_written_split_is_checked_like_an_expanded_one() {
    for text in [
        "route 10.0.0.0/8 next-hop self split /32",
        "route 10.0.0.0/24 next-hop self split /33",
    ] {
        assert_eq!(
            parse_written_announcement(text).err(),
            parse_announcement(text).err(),
            "{text}"
        );
        assert!(parse_written_announcement(text).is_err(), "{text}");
    }
}
