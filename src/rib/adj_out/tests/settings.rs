//! Unit tests of the Adj-RIB-Out's send settings: `group-updates`, `manual-eor`,
//! `adj-rib-out`.

use super::*;

#[test]
fn without_group_updates_every_route_and_withdrawal_has_its_own_update() {
    let negotiated = plain();
    let set = AttributeHandle::new(attributes(1));
    let prefixes = ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"];
    for (group_updates, full_table_messages) in [(true, 4), (false, 6)] {
        let mut rib = AdjRibOut::with_settings(SendSettings {
            group_updates,
            ..SendSettings::default()
        });
        for prefix in prefixes {
            rib.announce(&v4(prefix, None), &set, &hop4(1), &Owner::Static);
        }
        // One UPDATE for the three routes (or three), then the End-of-RIB of the three
        // families of `plain()`.
        let (report, received, messages) = sent(&negotiated, |mut sink| {
            rib.full_table(&negotiated, &mut sink)
        });
        assert_eq!(report.messages, full_table_messages, "{group_updates}");
        assert_eq!(messages.len(), full_table_messages);
        assert_eq!(report.announced, 3);
        assert_eq!(received.len(), 6);
        for prefix in prefixes {
            rib.withdraw(&v4(prefix, None));
        }
        let (report, received, messages) =
            sent(&negotiated, |mut sink| rib.flush(&negotiated, &mut sink));
        assert_eq!(report.withdrawn, 3);
        assert_eq!(received.len(), 3);
        assert_eq!(messages.len(), if group_updates { 1 } else { 3 });
    }
}

#[test]
fn manual_end_of_rib_leaves_the_markers_out_of_the_full_table() {
    let negotiated = plain();
    let set = AttributeHandle::new(attributes(1));
    let mut rib = AdjRibOut::with_settings(SendSettings {
        end_of_rib: false,
        ..SendSettings::default()
    });
    assert!(!rib.settings().end_of_rib);
    rib.announce(&v4("10.0.0.0/24", None), &set, &hop4(1), &Owner::Static);
    let (_, received) = full_table(&mut rib, &negotiated);
    assert_eq!(
        received,
        vec![Received::Announce(
            v4("10.0.0.0/24", None),
            attributes(1),
            hop4(1)
        )]
    );
    assert!(rib.is_established());
}

#[test]
fn without_adj_rib_out_only_static_routes_outlive_a_session() {
    let negotiated = plain();
    let set = AttributeHandle::new(attributes(1));
    for keep_after_session in [true, false] {
        let mut rib = AdjRibOut::with_settings(SendSettings {
            keep_after_session,
            ..SendSettings::default()
        });
        rib.announce(&v4("10.0.0.0/24", None), &set, &hop4(1), &Owner::Static);
        full_table(&mut rib, &negotiated);
        rib.announce(&v4("10.0.1.0/24", None), &set, &hop4(1), &helper("health"));
        rib.announce(&v4("10.0.2.0/24", None), &set, &hop4(1), &Owner::Control);
        assert_eq!(flush(&mut rib, &negotiated).1.len(), 2);
        rib.session_down();
        assert_eq!(rib.pending(), 0);
        let (_, received) = full_table(&mut rib, &negotiated);
        let announced: Vec<&Received> = received
            .iter()
            .filter(|item| matches!(item, Received::Announce(..)))
            .collect();
        assert_eq!(
            announced.len(),
            if keep_after_session { 3 } else { 1 },
            "{received:?}"
        );
        assert_eq!(rib.len(), announced.len());
    }
}
