{
  description = "ferrobgp: a BGP speaker for hosts, driven by ExaBGP-compatible helper programs";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs = { self, nixpkgs }:
    let
      systems = [ "x86_64-linux" "aarch64-linux" ];
      forAllSystems = f: nixpkgs.lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
    in
    {
      packages = forAllSystems (pkgs: rec {
        ferrobgp = pkgs.callPackage ./nix/package.nix { };
        default = ferrobgp;
      });

      overlays.default = final: prev: {
        ferrobgp = final.callPackage ./nix/package.nix { };
      };

      devShells = forAllSystems (pkgs: {
        default = pkgs.mkShell {
          inputsFrom = [ self.packages.${pkgs.system}.ferrobgp ];
          packages = with pkgs; [ cargo rustc clippy rustfmt bird2 gobgp exabgp ];
        };
      });
    };
}
