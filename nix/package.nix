# ferrobgp as a Nix package: buildRustPackage over the repository with its Cargo.lock.
# The test suite needs real BGP daemons and network access to loopback sessions, so the Nix
# build runs only the pure unit tests (`cargo test --lib`).
{ lib, rustPlatform }:

rustPlatform.buildRustPackage {
  pname = "ferrobgp";
  version = "0.1.0";

  src = lib.cleanSourceWith {
    src = ../.;
    filter = path: type:
      let base = baseNameOf path;
      in !(builtins.elem base [ "target" ".venv" "fuzz" ]);
  };

  cargoLock.lockFile = ../Cargo.lock;

  cargoTestFlags = [ "--lib" ];

  meta = {
    description = "A BGP speaker for hosts, driven by ExaBGP-compatible helper programs";
    license = with lib.licenses; [ mit asl20 ];
    mainProgram = "ferrobgp";
    platforms = lib.platforms.linux;
  };
}
