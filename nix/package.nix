# ferrobgp as a Nix package: buildRustPackage over the repository with its Cargo.lock.
# The test suite needs real BGP daemons and network access to loopback sessions, so the Nix
# build runs only the pure unit tests (`cargo test --lib`).
#
# Besides bin/ferrobgp it installs the systemd unit (with this package's binary in its Exec
# lines) as lib/systemd/system/ferrobgp.service, the legacy unit for systemd < 253 next to it
# under share/ferrobgp/, and the documentation and example configurations under
# share/doc/ferrobgp/. The NixOS module (nix/module.nix) writes its own unit and does not use
# these files.
{ lib, rustPlatform }:

rustPlatform.buildRustPackage {
  pname = "ferrobgp";
  version = "0.1.0";

  src = lib.cleanSourceWith {
    src = ../.;
    filter =
      path: type:
      let
        base = baseNameOf path;
      in
      !(builtins.elem base [
        "target"
        ".venv"
        "fuzz"
        ".git"
        "result"
      ]);
  };

  cargoLock.lockFile = ../Cargo.lock;

  cargoTestFlags = [ "--lib" ];

  postInstall = ''
    install -Dm644 systemd/ferrobgp.service $out/lib/systemd/system/ferrobgp.service
    install -Dm644 systemd/ferrobgp-legacy.service $out/share/ferrobgp/ferrobgp-legacy.service
    substituteInPlace $out/lib/systemd/system/ferrobgp.service $out/share/ferrobgp/ferrobgp-legacy.service \
      --replace-fail /usr/bin/ferrobgp $out/bin/ferrobgp \
      --replace-fail file:///usr/share/doc/ferrobgp/ file://$out/share/doc/ferrobgp/
    install -Dm644 -t $out/share/doc/ferrobgp docs/*.md README.md
    install -Dm644 -t $out/share/doc/ferrobgp/examples config-examples/*.kdl
  '';

  meta = {
    description = "A BGP speaker for hosts, driven by ExaBGP-compatible helper programs";
    license = with lib.licenses; [
      mit
      asl20
    ];
    mainProgram = "ferrobgp";
    platforms = lib.platforms.linux;
  };
}
