# nix/tests/vm.nix: the NixOS VM test of issue 7 (`nix flake check`, or
# `nix build .#checks.x86_64-linux.vm`). Not run in this repository's CI: it needs a real
# nixpkgs (fetched by the flake) and KVM.
#
# Two machines: `speaker` runs services.ferrobgp, `peer` runs GoBGP. The session comes up, a
# helper announces a route, then a configuration change (a new static route) is switched to:
# the module must reload the service (same main PID, the session stays up, the new route
# arrives) instead of restarting it.
{ self }:
{
  name = "ferrobgp-peering";

  nodes.speaker =
    { nodes, pkgs, ... }:
    let
      me = nodes.speaker.networking.primaryIPAddress;
      peer = nodes.peer.networking.primaryIPAddress;
      announcer = pkgs.writeShellScript "announcer" ''
        echo "announce route 203.0.113.0/24 next-hop self"
        exec ${pkgs.coreutils}/bin/sleep infinity
      '';
    in
    {
      imports = [ self.nixosModules.default ];
      services.ferrobgp = {
        enable = true;
        openFirewall = true;
        settings = {
          router-id = me;
          local-as = 64512;
          neighbor.${peer} = {
            peer-as = 64513;
            family = [ "ipv4 unicast" ];
          };
        };
        helpers.announcer.command = [ "${announcer}" ];
      };
      # The same system plus one static route: only the configuration file differs.
      specialisation.reloaded.configuration = {
        services.ferrobgp.settings.neighbor.${peer}.announce = [ "route 198.51.100.0/24 next-hop self" ];
      };
    };

  nodes.peer =
    { nodes, pkgs, ... }:
    let
      me = nodes.peer.networking.primaryIPAddress;
      speaker = nodes.speaker.networking.primaryIPAddress;
    in
    {
      environment.systemPackages = [
        pkgs.gobgp
        pkgs.jq
      ];
      networking.firewall.allowedTCPPorts = [ 179 ];
      services.gobgpd = {
        enable = true;
        settings = {
          global.config = {
            as = 64513;
            router-id = me;
          };
          neighbors = [
            {
              config = {
                neighbor-address = speaker;
                peer-as = 64512;
              };
            }
          ];
        };
      };
    };

  testScript =
    { nodes, ... }:
    let
      speaker = nodes.speaker.networking.primaryIPAddress;
      reloaded = "${nodes.speaker.system.build.toplevel}/specialisation/reloaded";
    in
    ''
      import json

      def uptime():
          state = json.loads(peer.succeed("gobgp neighbor ${speaker} -j"))
          return state["timers"]["state"]["uptime"]

      start_all()
      speaker.wait_for_unit("ferrobgp.service")
      peer.wait_for_unit("gobgpd.service")
      peer.wait_until_succeeds("gobgp neighbor ${speaker} | grep -q 'BGP state = ESTABLISHED'")
      peer.wait_until_succeeds("gobgp global rib | grep -q 203.0.113.0/24")

      pid = speaker.succeed("systemctl show -P MainPID ferrobgp").strip()
      established_since = uptime()

      speaker.succeed("${reloaded}/bin/switch-to-configuration test")
      peer.wait_until_succeeds("gobgp global rib | grep -q 198.51.100.0/24")

      assert pid == speaker.succeed("systemctl show -P MainPID ferrobgp").strip(), "restarted, not reloaded"
      peer.succeed("gobgp neighbor ${speaker} | grep -q 'BGP state = ESTABLISHED'")
      assert uptime() == established_since, "the session flapped during the reload"
      peer.succeed("gobgp global rib | grep -q 203.0.113.0/24")
    '';
}
