{
  description = "ferrobgp: a BGP speaker for hosts, driven by ExaBGP-compatible helper programs";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs =
    { self, nixpkgs }:
    let
      inherit (nixpkgs) lib;
      systems = [
        "x86_64-linux"
        "aarch64-linux"
      ];
      forAllSystems = f: lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
    in
    {
      packages = forAllSystems (pkgs: rec {
        ferrobgp = pkgs.callPackage ./nix/package.nix { };
        default = ferrobgp;
      });

      overlays.default = final: prev: {
        ferrobgp = final.callPackage ./nix/package.nix { };
      };

      # services.ferrobgp (docs/nix.md), with this flake's package as the default.
      nixosModules.default =
        { pkgs, lib, ... }:
        {
          imports = [ ./nix/module.nix ];
          services.ferrobgp.package = lib.mkDefault self.packages.${pkgs.stdenv.hostPlatform.system}.default;
        };
      nixosModules.ferrobgp = self.nixosModules.default;

      # The Nix → KDL generator, for configurations written outside the module.
      lib.kdl = import ./nix/kdl.nix;

      devShells = forAllSystems (pkgs: {
        default = pkgs.mkShell {
          inputsFrom = [ self.packages.${pkgs.stdenv.hostPlatform.system}.ferrobgp ];
          packages = with pkgs; [
            cargo
            rustc
            clippy
            rustfmt
            bird2
            gobgp
            exabgp
            nix
          ];
        };
      });

      checks = forAllSystems (
        pkgs:
        let
          system = pkgs.stdenv.hostPlatform.system;
          package = self.packages.${system}.default;
        in
        {
          inherit package;

          # The unit files pass systemd-analyze, as in tests/systemd_unit.rs.
          systemd-unit =
            pkgs.runCommand "ferrobgp-systemd-unit" { nativeBuildInputs = [ pkgs.systemd ]; }
              ''
                unit=${package}/lib/systemd/system/ferrobgp.service
                systemd-analyze verify --man=no "$unit"
                systemd-analyze security --offline=true --threshold=15 "$unit"
                touch $out
              '';

          # The module in a real NixOS evaluation: the checked configuration gets built.
          module-config =
            (lib.nixosSystem {
              inherit system;
              modules = [
                self.nixosModules.default
                {
                  services.ferrobgp = {
                    enable = true;
                    settings = {
                      router-id = "192.0.2.1";
                      local-as = 65000;
                      neighbor."192.0.2.2".peer-as = 65001;
                    };
                    healthChecks.web = {
                      ip = [ "192.0.2.80/32" ];
                      command = "true";
                    };
                  };
                  boot.isContainer = true;
                  system.stateVersion = "26.05";
                }
              ];
            }).config.environment.etc."ferrobgp/ferrobgp.kdl".source;

          # Two VMs: ferrobgp peers with GoBGP, a helper announces a route, a configuration
          # change is applied by reload without a session flap.
          vm = pkgs.testers.runNixOSTest (import ./nix/tests/vm.nix { inherit self; });
        }
      );

      formatter = forAllSystems (pkgs: pkgs.nixfmt);
    };
}
