//! Tables for the pure state machine: observation sequences → states and printed lines.

use super::*;
use Observation::{Disabled as D, Healthy as H, Unhealthy as U};

fn settings(rise: i64, fall: i64, emission: Emission) -> Settings {
    Settings {
        rise,
        fall,
        interval: Duration::from_secs(5),
        fast_interval: Duration::from_secs(1),
        emission,
        hooks: Hooks::default(),
        lines: Lines {
            up: vec!["up".into()],
            down: vec!["down".into()],
            disabled: vec!["disabled".into()],
            exit: vec!["exit".into()],
        },
        ip_setup: false,
        dynamic_ip_setup: false,
    }
}

/// Runs the observations; returns the state after each, and every line sent, in order.
fn run(settings: Settings, observations: &[Observation]) -> (Vec<&'static str>, Vec<String>) {
    let mut machine = Machine::new(settings);
    let mut states = Vec::new();
    let mut sent = Vec::new();
    for observation in observations {
        let step = machine.step(*observation);
        states.push(machine.state().name());
        for action in step.actions {
            if let Action::Send(line) = action {
                sent.push(line);
            }
        }
    }
    (states, sent)
}

#[test]
fn transitions_match_exabgp() {
    // (rise, fall, observations, states after each, lines sent with --resend)
    #[allow(clippy::type_complexity)]
    let table: &[(i64, i64, &[Observation], &[&str], &[&str])] = &[
        (
            3,
            3,
            &[H, H, H, H],
            &["RISING", "RISING", "UP", "UP"],
            &["up", "up"],
        ),
        (1, 3, &[H, H], &["UP", "UP"], &["up", "up"]),
        (0, 3, &[H], &["UP"], &["up"]),
        (
            3,
            3,
            &[U, U, U, U],
            &["FALLING", "FALLING", "DOWN", "DOWN"],
            &["down", "down"],
        ),
        (3, 1, &[U], &["DOWN"], &["down"]),
        (3, -5, &[U], &["DOWN"], &["down"]),
        (
            2,
            2,
            &[H, H, U, H, H, U, U],
            &["RISING", "UP", "FALLING", "RISING", "UP", "FALLING", "DOWN"],
            &["up", "up", "down"],
        ),
        (
            1,
            1,
            &[H, U, H, U],
            &["UP", "DOWN", "UP", "DOWN"],
            &["up", "down", "up", "down"],
        ),
        // RISING interrupted by a failure restarts counting.
        (
            3,
            3,
            &[H, H, U, H, H, H],
            &["RISING", "RISING", "FALLING", "RISING", "RISING", "UP"],
            &["up"],
        ),
        // The disable file wins over any state, and its removal goes back to INIT.
        (
            1,
            1,
            &[H, D, D, H, H],
            &["UP", "DISABLED", "DISABLED", "INIT", "UP"],
            &["up", "disabled", "disabled", "up"],
        ),
        (3, 3, &[D, U], &["DISABLED", "INIT"], &["disabled"]),
        (
            3,
            3,
            &[U, D, H],
            &["FALLING", "DISABLED", "INIT"],
            &["disabled"],
        ),
    ];
    for (rise, fall, observations, states, lines) in table {
        let (got_states, got_lines) = run(
            settings(*rise, *fall, Emission::EveryIteration),
            observations,
        );
        assert_eq!(
            &got_states, states,
            "rise {rise} fall {fall} {observations:?}"
        );
        assert_eq!(
            &got_lines, lines,
            "rise {rise} fall {fall} {observations:?}"
        );
    }
}

#[test]
fn emission_policies() {
    let observations = [H, H, H, U, H, U, U, U, U, D, D, H, H];
    // (policy, lines sent)
    let table: [(Emission, &[&str]); 3] = [
        (
            Emission::EveryIteration,
            &[
                "up", "up", "up", "up", "down", "down", "down", "disabled", "disabled", "up",
            ],
        ),
        // ExaBGP's --debounce: UP → FALLING → UP sends UP again.
        (
            Emission::StateChanges,
            &["up", "up", "down", "disabled", "up"],
        ),
        // ferrobgp's default: only what differs from the last lines sent.
        (Emission::Changes, &["up", "down", "disabled", "up"]),
    ];
    for (emission, expected) in table {
        let (_, sent) = run(settings(1, 2, emission), &observations);
        assert_eq!(sent, expected, "{emission:?}");
    }
}

#[test]
fn no_storm_while_steady() {
    // #1241: a thousand healthy checks print the announcement once.
    let observations = vec![H; 1000];
    let (_, sent) = run(settings(3, 3, Emission::Changes), &observations);
    assert_eq!(sent, ["up"]);
    let observations = vec![U; 1000];
    let (_, sent) = run(settings(3, 3, Emission::Changes), &observations);
    assert_eq!(sent, ["down"]);
}

#[test]
fn sleeps_and_end() {
    let mut machine = Machine::new(settings(2, 2, Emission::Changes));
    assert_eq!(machine.step(H).after, After::Sleep(Duration::from_secs(1)));
    assert_eq!(machine.checks(), 1);
    assert_eq!(machine.step(H).after, After::Sleep(Duration::from_secs(5)));
    let mut zero = settings(2, 2, Emission::Changes);
    zero.interval = Duration::ZERO;
    let mut machine = Machine::new(zero);
    // RISING keeps going at the fast interval; UP with interval 0 is END: no withdrawal.
    assert_eq!(machine.step(H).after, After::Sleep(Duration::from_secs(1)));
    let step = machine.step(H);
    assert_eq!(step.after, After::End);
    assert_eq!(machine.state(), State::End);
    assert_eq!(
        step.actions,
        [
            Action::Transition(State::Up),
            Action::Announce(State::Up),
            Action::Send("up".into())
        ]
    );
}

#[test]
fn hooks_run_on_every_transition_in_exabgp_order() {
    let mut with_hooks = settings(2, 1, Emission::Changes);
    with_hooks.hooks = Hooks {
        every: vec!["all".into()],
        up: vec!["up-hook".into()],
        down: vec!["down-hook".into()],
        disabled: vec!["disabled-hook".into()],
    };
    let mut machine = Machine::new(with_hooks);
    let execute = |command: &str, state| Action::Execute {
        command: command.into(),
        state,
    };
    assert_eq!(
        machine.step(H).actions,
        [
            Action::Transition(State::Rising),
            execute("all", State::Rising)
        ]
    );
    assert_eq!(
        machine.step(H).actions[..3],
        [
            Action::Transition(State::Up),
            execute("up-hook", State::Up),
            execute("all", State::Up)
        ]
    );
    assert_eq!(machine.step(H).actions, []);
    assert_eq!(
        machine.step(U).actions[..3],
        [
            Action::Transition(State::Down),
            execute("down-hook", State::Down),
            execute("all", State::Down)
        ]
    );
    assert_eq!(
        machine.step(D).actions[..3],
        [
            Action::Transition(State::Disabled),
            execute("disabled-hook", State::Disabled),
            execute("all", State::Disabled)
        ]
    );
    assert_eq!(
        machine.step(H).actions,
        [Action::Transition(State::Init), execute("all", State::Init)]
    );
    // EXIT runs no hook.
    assert!(
        !machine
            .exit()
            .iter()
            .any(|action| matches!(action, Action::Execute { .. }))
    );
}

#[test]
fn addresses_are_removed_after_the_withdrawal() {
    // #993: the lines go out before the address goes away; UP adds it before announcing.
    let mut dynamic = settings(1, 1, Emission::Changes);
    dynamic.dynamic_ip_setup = true;
    dynamic.lines.down = vec!["withdraw 1".into(), "withdraw 2".into()];
    let mut machine = Machine::new(dynamic);
    assert_eq!(
        machine.step(H).actions,
        [
            Action::Transition(State::Up),
            Action::AddAddresses,
            Action::Announce(State::Up),
            Action::Send("up".into()),
        ]
    );
    assert_eq!(
        machine.step(U).actions,
        [
            Action::Transition(State::Down),
            Action::Announce(State::Down),
            Action::Send("withdraw 1".into()),
            Action::Send("withdraw 2".into()),
            Action::RemoveAddresses,
        ]
    );
    assert_eq!(
        machine.exit(),
        [
            Action::Announce(State::Exit),
            Action::Send("exit".into()),
            Action::RemoveAddresses,
        ]
    );
}

#[test]
fn exit_always_withdraws() {
    // #908: even when the same lines were just sent, and whatever the policy.
    for emission in [
        Emission::Changes,
        Emission::StateChanges,
        Emission::EveryIteration,
    ] {
        let mut plain = settings(1, 1, emission);
        plain.lines.down = vec!["exit".into()];
        let mut machine = Machine::new(plain.clone());
        machine.step(U);
        assert_eq!(
            machine.exit(),
            [Action::Announce(State::Exit), Action::Send("exit".into())]
        );
        assert_eq!(machine.state(), State::Exit);
        // With the default set-up the addresses are removed on EXIT, after the withdrawal.
        plain.ip_setup = true;
        let mut machine = Machine::new(plain);
        assert_eq!(machine.exit().last(), Some(&Action::RemoveAddresses));
    }
}

proptest::proptest! {
    #[test]
    fn any_sequence_is_safe(
        rise in -3i64..6,
        fall in -3i64..6,
        codes in proptest::collection::vec(0u8..3, 0..60),
    ) {
        let observations: Vec<Observation> = codes
            .iter()
            .map(|code| match code { 0 => H, 1 => U, _ => D })
            .collect();
        let (states, changes) = run(settings(rise, fall, Emission::Changes), &observations);
        let (_, every) = run(settings(rise, fall, Emission::EveryIteration), &observations);
        // The default policy is exactly the every-iteration stream without consecutive repeats.
        let mut deduplicated = every.clone();
        deduplicated.dedup();
        proptest::prop_assert_eq!(changes, deduplicated);
        proptest::prop_assert!(states.iter().all(|state| *state != "EXIT" && *state != "END"));
    }
}
