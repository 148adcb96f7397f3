# nix/tests/nixos-stubs.nix: declarations of the few NixOS options that nix/module.nix sets, so
# that the module can be evaluated with lib alone (nixpkgs' lib or nix/tests/lib-stub.nix),
# without NixOS. Their types are loose (anything), so they check nothing beyond what the module
# itself declares.
{ lib, ... }:
let
  inherit (lib) mkOption types;
  attrs = mkOption {
    type = types.attrsOf types.anything;
    default = { };
  };
in
{
  options = {
    assertions = mkOption {
      type = types.listOf types.anything;
      default = [ ];
    };
    environment.etc = attrs;
    environment.systemPackages = mkOption {
      type = types.listOf types.package;
      default = [ ];
    };
    networking.firewall.allowedTCPPorts = mkOption {
      type = types.listOf types.port;
      default = [ ];
    };
    users.groups = attrs;
    systemd.services = attrs;
  };
}
