# nix/tests/examples.nix: NixOS configurations of services.ferrobgp that nix/tests/eval.nix
# evaluates (tests/nix_module.rs). `example` is the one recorded in docs/nix.md; the others
# differ from it in one way each, or are mistakes the module must refuse.
{ configFile }:
let
  example = {
    services.ferrobgp = {
      enable = true;
      openFirewall = true;
      settings = {
        router-id = "192.0.2.11";
        local-as = 64512;
        listen = [
          "192.0.2.11"
          {
            address = "2001:db8::11";
            port = 1179;
          }
        ];
        log-level = "info";
        template.upstream = {
          peer-as = 64500;
          hold-time = 9;
          ttl-security = 1;
          capability.graceful-restart = 60;
        };
        neighbor."192.0.2.1" = {
          "inherit" = [ "upstream" ];
          description = "router A, IPv4";
          local-address = "192.0.2.11";
          md5-password-file = "/run/credentials/ferrobgp.service/router-a";
          family = [ "ipv4 unicast" ];
        };
        neighbor."2001:db8::1" = {
          "inherit" = [ "upstream" ];
          description = "router A, IPv6";
          local-address = "2001:db8::11";
          md5-password-file = "/run/credentials/ferrobgp.service/router-a";
          family."ipv6 unicast".add-path = "send";
          announce = [
            "route 2001:db8:443::/48 next-hop self community [ 64512:443 ]"
            {
              route = "2001:db8:80::80/128 next-hop self community [ 64512:80 ]";
              watchdog = "web";
              withdrawn = true;
            }
          ];
        };
      };
      helpers.monitor = {
        command = [
          "/run/current-system/sw/bin/bgp-monitor"
          "--json"
        ];
        environment.LANG = "C.UTF-8";
        api = {
          neighbor-changes = true;
          receive = {
            parsed = true;
            update = true;
          };
        };
      };
      healthChecks.dns-v4 = {
        ip = [ "192.0.2.53/32" ];
        command = "dig +time=1 +tries=1 @192.0.2.53 health.example.net A";
        interval = 5;
        rise = 2;
        fall = 3;
        community = "64512:53";
        neighbors = [ "192.0.2.1" ];
      };
      credentials.router-a = "/run/agenix/ferrobgp-router-a";
    };
  };
  inherit (example.services) ferrobgp;
  with' = changes: { services.ferrobgp = ferrobgp // changes; };
  withSettings = changes: with' { settings = ferrobgp.settings // changes; };
in
{
  inherit example;

  # Only the configuration changes: `nixos-rebuild switch` must reload, not restart.
  reloaded = withSettings { log-level = "debug"; };
  # The same change with reloadOnConfigChange = false: restart.
  restarted = with' {
    reloadOnConfigChange = false;
    settings = ferrobgp.settings // {
      log-level = "debug";
    };
  };
  # A new package: ExecStart changes, so the unit restarts.
  newPackage =
    { lib, ... }:
    {
      imports = [ example ];
      services.ferrobgp.package = lib.mkForce {
        type = "derivation";
        name = "ferrobgp-0.2.0";
        outPath = "/nix/store/11111111111111111111111111111111-ferrobgp-0.2.0";
        meta.mainProgram = "ferrobgp";
      };
    };

  minimal.services.ferrobgp = {
    enable = true;
    settings = {
      router-id = "127.0.0.1";
      local-as = 65000;
      listen = false;
      neighbor."127.0.0.2".peer-as = 65001;
    };
  };

  configFile.services.ferrobgp = {
    enable = true;
    inherit configFile;
  };

  disabled.services.ferrobgp.settings.local-as = 65000;

  # Mistakes.
  typo.services.ferrobgp.enabel = true;
  wrongType = withSettings { local-as = "64512"; };
  unknownNeighbor = with' {
    helpers = ferrobgp.helpers // {
      stray = {
        command = [ "/bin/true" ];
        neighbors = [ "192.0.2.99" ];
      };
    };
  };
  helpersWithConfigFile = with' { inherit configFile; };
  # Valid Nix, invalid configuration: only `ferrobgp check` (the build) refuses it.
  badHoldTime = withSettings {
    template.upstream = ferrobgp.settings.template.upstream // {
      hold-time = 1;
    };
  };
}
