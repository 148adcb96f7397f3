//! Fuzz target: UPDATE body decoding (`update::decode`) on arbitrary bytes, 2- and 4-octet
//! AS sessions, with and without ADD-PATH. Must never panic.
#![no_main]

use ferrobgp::wire::family::Family;
use ferrobgp::wire::negotiated::Negotiated;
use ferrobgp::wire::update;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let add_path = if selector & 2 != 0 {
        vec![Family::IPV4_UNICAST, Family::IPV6_UNICAST]
    } else {
        Vec::new()
    };
    let negotiated = Negotiated {
        asn4: selector & 1 != 0,
        add_path_send: add_path.clone(),
        add_path_receive: add_path,
        ..Negotiated::default()
    };
    if let Ok(update) = update::decode(body, &negotiated) {
        let _ = update.treat_as_withdraw();
        let _ = update.end_of_rib();
        let mut out = Vec::new();
        update.encode_body(&negotiated, &mut out);
    }
});
