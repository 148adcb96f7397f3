# nix/module.nix: the NixOS module `services.ferrobgp` (docs/nix.md).
#
# The configuration comes from `settings` (an attribute set rendered to KDL by nix/kdl.nix),
# plus `helpers` and `healthChecks` (which become `process` nodes and `api` bindings), or from
# `configFile`. It is checked with `ferrobgp check` when the system is built, installed as
# /etc/ferrobgp/ferrobgp.kdl, and a change to it alone makes `nixos-rebuild switch` reload the
# service (SIGHUP, no session flap) instead of restarting it. The unit is the same hardened
# unit as systemd/ferrobgp.service.
#
# Only these lib functions are used, so that nix/tests/lib-stub.nix can stand in for nixpkgs'
# lib in CI: mkOption mkEnableOption mkIf types literalExpression getExe optional optionals
# optionalString optionalAttrs mapAttrsToList filterAttrs unique (and builtins).
{
  config,
  lib,
  pkgs,
  ...
}:
let
  inherit (lib)
    mkOption
    mkEnableOption
    mkIf
    types
    literalExpression
    optional
    optionals
    optionalString
    optionalAttrs
    mapAttrsToList
    filterAttrs
    unique
    ;
  inherit (builtins)
    attrNames
    concatMap
    elem
    filter
    isAttrs
    isList
    isString
    mapAttrs
    toString
    ;

  cfg = config.services.ferrobgp;
  kdl = import ./kdl.nix;
  exe = lib.getExe cfg.package;
  etcPath = "/etc/ferrobgp/ferrobgp.kdl";

  neighborAddresses = attrNames (cfg.settings.neighbor or { });

  # The neighbors a helper is bound to: the ones it lists, or every configured neighbor.
  boundTo = helper: if helper.neighbors == null then neighborAddresses else helper.neighbors;

  helperOptions = {
    options = {
      command = mkOption {
        type = types.nonEmptyListOf types.str;
        example = literalExpression ''[ (lib.getExe pkgs.my-helper) "--verbose" ]'';
        description = "The helper's argv (no shell). The program must be an absolute path, such as a store path.";
      };
      encoder = mkOption {
        type = types.enum [
          "json"
          "text"
        ];
        default = "json";
        description = "The format of the events written to the helper.";
      };
      apiVersion = mkOption {
        type = types.enum [
          4
          5
        ];
        default = 5;
        description = "Speak ExaBGP 5.0's (5) or ExaBGP 4.x's (4) formats.";
      };
      respawn = mkOption {
        type = types.bool;
        default = true;
        description = "Start the helper again when it exits.";
      };
      environment = mkOption {
        type = types.attrsOf types.str;
        default = { };
        description = "Environment variables added for the helper.";
      };
      neighbors = mkOption {
        type = types.nullOr (types.listOf types.str);
        default = null;
        description = "The neighbors (addresses in `settings.neighbor`) the helper hears and may announce to; null means all of them.";
      };
      api = mkOption {
        type = types.attrsOf types.anything;
        default = { };
        example = literalExpression ''{ neighbor-changes = true; receive = { parsed = true; update = true; }; }'';
        description = "What the helper hears: the settings of its `api` block besides `processes` (docs/config.md).";
      };
    };
  };

  healthCheckOptions = {
    options = {
      ip = mkOption {
        type = types.nonEmptyListOf types.str;
        example = [ "192.0.2.53/32" ];
        description = "The addresses or prefixes announced while the service is healthy (`--ip`, one each).";
      };
      command = mkOption {
        type = types.str;
        example = "dig +time=1 +tries=1 @192.0.2.53 health.example.net A";
        description = "The check, run through /bin/sh -c; exit status 0 means healthy (`--cmd`).";
      };
      interval = mkOption {
        type = types.nullOr types.ints.positive;
        default = null;
        description = "Seconds between checks (`--interval`; the helper's default when null).";
      };
      fastInterval = mkOption {
        type = types.nullOr types.ints.positive;
        default = null;
        description = "Seconds between checks while the state is changing (`--fast-interval`).";
      };
      timeout = mkOption {
        type = types.nullOr types.ints.positive;
        default = null;
        description = "Seconds the check may take (`--timeout`).";
      };
      rise = mkOption {
        type = types.nullOr types.ints.positive;
        default = null;
        description = "Successes before the service is up (`--rise`).";
      };
      fall = mkOption {
        type = types.nullOr types.ints.positive;
        default = null;
        description = "Failures before the service is down (`--fall`).";
      };
      community = mkOption {
        type = types.nullOr types.str;
        default = null;
        description = "Announce with this community (`--community`).";
      };
      withdrawOnDown = mkOption {
        type = types.bool;
        default = true;
        description = "Withdraw the routes when the service is down (`--withdraw-on-down`) instead of raising their MED.";
      };
      extraArgs = mkOption {
        type = types.listOf types.str;
        default = [ ];
        description = "More `ferrobgp healthcheck` arguments (`ferrobgp healthcheck --help`).";
      };
      neighbors = mkOption {
        type = types.nullOr (types.listOf types.str);
        default = null;
        description = "The neighbors the routes are announced to; null means all of them.";
      };
    };
  };

  numberFlag = flag: v: optionals (v != null) [ flag (toString v) ];

  helperProcess = name: helper: {
    run = helper.command;
    inherit (helper) encoder respawn;
    api-version = helper.apiVersion;
    environment = if helper.environment == { } then null else helper.environment;
  };

  # `ferrobgp healthcheck` never adds addresses itself here (`--no-ip-setup`): the service has
  # no CAP_NET_ADMIN. Put the addresses on an interface with networking.interfaces.
  healthCheckProcess = name: check: {
    run = [
      exe
      "healthcheck"
      "--name"
      name
      "--cmd"
      check.command
    ]
    ++ concatMap (ip: [
      "--ip"
      ip
    ]) check.ip
    ++ numberFlag "--interval" check.interval
    ++ numberFlag "--fast-interval" check.fastInterval
    ++ numberFlag "--timeout" check.timeout
    ++ numberFlag "--rise" check.rise
    ++ numberFlag "--fall" check.fall
    ++ optionals (check.community != null) [
      "--community"
      check.community
    ]
    ++ optional check.withdrawOnDown "--withdraw-on-down"
    ++ [ "--no-ip-setup" ]
    ++ check.extraArgs;
  };

  # The api blocks the helpers and health checks add to neighbor `address`.
  bindings =
    address:
    mapAttrsToList (name: helper: helper.api // { processes = [ name ]; }) (
      filterAttrs (_: helper: elem address (boundTo helper)) cfg.helpers
    )
    ++ mapAttrsToList (name: _: { processes = [ name ]; }) (
      filterAttrs (_: check: elem address (boundTo check)) cfg.healthChecks
    );

  asList = v: if v == null then [ ] else if isList v then v else [ v ];

  effectiveSettings =
    let
      withoutNulls = filterAttrs (_: v: v != null) cfg.settings;
      processes = (cfg.settings.process or { }) // mapAttrs helperProcess cfg.helpers // mapAttrs healthCheckProcess cfg.healthChecks;
      neighbors = mapAttrs (
        address: neighbor:
        let
          extra = bindings address;
        in
        if extra == [ ] then neighbor else neighbor // { api = asList (neighbor.api or null) ++ extra; }
      ) (cfg.settings.neighbor or { });
    in
    withoutNulls
    // optionalAttrs (processes != { }) { process = processes; }
    // optionalAttrs (neighbors != { }) { neighbor = neighbors; };

  configText = kdl.render effectiveSettings;

  # The file in the store, checked by the daemon's own decoder when the system is built.
  checkedConfig = pkgs.runCommand "ferrobgp.kdl" (
    {
      nativeBuildInputs = optional cfg.checkConfig cfg.package;
      preferLocalBuild = true;
    }
    // (
      if cfg.configFile == null then
        {
          text = configText;
          passAsFile = [ "text" ];
        }
      else
        { source = cfg.configFile; }
    )
  ) ''
    ${if cfg.configFile == null then ''cp "$textPath" ferrobgp.kdl'' else ''cp "$source" ferrobgp.kdl''}
    ${optionalString cfg.checkConfig "ferrobgp check ferrobgp.kdl"}
    cp ferrobgp.kdl "$out"
  '';

  # The TCP ports ferrobgp listens on, from `settings.listen` (docs/config.md: port 179 on
  # every address when there is no `listen`).
  listenPorts =
    let
      listen = cfg.settings.listen or null;
      port = entry: if isAttrs entry then entry.port or 179 else 179;
    in
    if cfg.configFile != null then
      [ 179 ]
    else if listen == null then
      [ 179 ]
    else if listen == false then
      [ ]
    else
      unique (map port (filter (entry: entry != false) (asList listen)));

  capabilities = [ "CAP_NET_BIND_SERVICE" ];
in
{
  options.services.ferrobgp = {
    enable = mkEnableOption "ferrobgp, a BGP speaker driven by ExaBGP-compatible helper programs";

    package = mkOption {
      type = types.package;
      default = pkgs.ferrobgp;
      defaultText = literalExpression "pkgs.ferrobgp";
      description = "The ferrobgp package (the flake's overlay or packages.default).";
    };

    settings = mkOption {
      type = types.submodule {
        freeformType = types.attrsOf types.anything;
        options = {
          router-id = mkOption {
            type = types.nullOr types.str;
            default = null;
            description = "The BGP Identifier, an IPv4 address.";
          };
          local-as = mkOption {
            type = types.nullOr (types.ints.between 1 4294967295);
            default = null;
            description = "This side's AS number.";
          };
        };
      };
      default = { };
      example = literalExpression ''
        {
          router-id = "192.0.2.1";
          local-as = 65000;
          neighbor."192.0.2.2" = {
            peer-as = 65001;
            family = [ "ipv4 unicast" ];
            announce = [ "route 198.51.100.0/24 next-hop self" ];
          };
        }
      '';
      description = ''
        The configuration (docs/config.md) as an attribute set, rendered to KDL by nix/kdl.nix
        (conventions in docs/nix.md): `key = value` is a node `key value`, a list of plain
        values gives several values, an attribute set a block; `process`, `template` and
        `neighbor` are attribute sets of named blocks. Never put a TCP-MD5 key here (the
        store is world-readable): use `md5-password-file` with `credentials`.
      '';
    };

    configFile = mkOption {
      type = types.nullOr types.path;
      default = null;
      description = "A complete KDL configuration file to use instead of settings, helpers and healthChecks. Give a Nix path (`./ferrobgp.kdl`), which is copied to the store: the build-time check cannot read files outside it.";
    };

    helpers = mkOption {
      type = types.attrsOf (types.submodule helperOptions);
      default = { };
      description = "Helper programs (`process` nodes), bound to their neighbors with an `api` block.";
    };

    healthChecks = mkOption {
      type = types.attrsOf (types.submodule healthCheckOptions);
      default = { };
      description = "Anycast health checks: `ferrobgp healthcheck` helpers that announce their addresses while a check command succeeds.";
    };

    credentials = mkOption {
      type = types.attrsOf types.str;
      default = { };
      example = {
        router-a = "/run/agenix/ferrobgp-router-a";
      };
      description = ''
        Secret files handed to the service with LoadCredential (NAME = source path). Refer
        to them as `md5-password-file = "/run/credentials/ferrobgp.service/NAME"`.
      '';
    };

    openFirewall = mkOption {
      type = types.bool;
      default = false;
      description = "Open the TCP ports ferrobgp listens on (179 unless `settings.listen` says otherwise).";
    };

    checkConfig = mkOption {
      type = types.bool;
      default = true;
      description = "Check the configuration with `ferrobgp check` when the system is built.";
    };

    reloadOnConfigChange = mkOption {
      type = types.bool;
      default = true;
      description = ''
        When only the configuration changed, reload the service (SIGHUP: sessions stay up)
        instead of restarting it.
      '';
    };

    path = mkOption {
      type = types.listOf types.package;
      default = [ ];
      description = "Packages on the service's PATH, for helpers that run other programs.";
    };
  };

  config = mkIf cfg.enable {
    assertions = [
      {
        assertion = cfg.configFile == null || (cfg.helpers == { } && cfg.healthChecks == { });
        message = "services.ferrobgp: helpers and healthChecks cannot be combined with configFile; write them in the file.";
      }
    ]
    ++ mapAttrsToList (name: helper: {
      assertion = helper.neighbors == null || builtins.all (address: elem address neighborAddresses) helper.neighbors;
      message = "services.ferrobgp: `${name}` is bound to a neighbor that settings.neighbor does not define (${toString helper.neighbors}).";
    }) (cfg.helpers // cfg.healthChecks);

    environment.etc."ferrobgp/ferrobgp.kdl".source = checkedConfig;
    environment.systemPackages = [ cfg.package ];

    networking.firewall.allowedTCPPorts = optionals cfg.openFirewall listenPorts;

    # The service runs as a dynamic user; a static group lets administrators into /run/ferrobgp.
    users.groups.ferrobgp = { };

    systemd.services.ferrobgp = {
      description = "ferrobgp BGP speaker";
      wantedBy = [ "multi-user.target" ];
      wants = [ "network-online.target" ];
      after = [ "network-online.target" ];
      # A change of the configuration alone: reload (X-Reload-Triggers). Any other change of
      # the unit: one restart, not stop-then-start.
      reloadTriggers = optional cfg.reloadOnConfigChange checkedConfig;
      restartTriggers = optional (!cfg.reloadOnConfigChange) checkedConfig;
      stopIfChanged = false;
      inherit (cfg) path;
      serviceConfig = {
        Type = "notify-reload";
        NotifyAccess = "main";
        ExecStartPre = "${exe} check ${etcPath}";
        ExecStart = "${exe} run --config ${etcPath}";
        WatchdogSec = "30s";
        Restart = "on-failure";
        RestartSec = "2s";
        TimeoutStopSec = "20s";
        KillMode = "mixed";

        RuntimeDirectory = "ferrobgp";
        RuntimeDirectoryMode = "0750";
        StateDirectory = "ferrobgp";
        StateDirectoryMode = "0750";
        ConfigurationDirectory = "ferrobgp";
        ConfigurationDirectoryMode = "0755";
        UMask = "0077";

        DynamicUser = true;
        Group = "ferrobgp";
        AmbientCapabilities = capabilities;
        CapabilityBoundingSet = capabilities;
        NoNewPrivileges = true;
        LoadCredential = mapAttrsToList (name: source: "${name}:${source}") cfg.credentials;

        ProtectSystem = "strict";
        ProtectHome = true;
        PrivateTmp = true;
        PrivateDevices = true;
        PrivateMounts = true;
        ProtectHostname = true;
        ProtectClock = true;
        ProtectKernelTunables = true;
        ProtectKernelModules = true;
        ProtectKernelLogs = true;
        ProtectControlGroups = true;
        ProtectProc = "invisible";
        ProcSubset = "pid";
        RestrictAddressFamilies = [
          "AF_INET"
          "AF_INET6"
          "AF_UNIX"
          "AF_NETLINK"
        ];
        RestrictNamespaces = true;
        RestrictRealtime = true;
        RestrictSUIDSGID = true;
        LockPersonality = true;
        MemoryDenyWriteExecute = true;
        RemoveIPC = true;
        KeyringMode = "private";
        DevicePolicy = "closed";
        SystemCallArchitectures = "native";
        SystemCallFilter = [
          "@system-service"
          "~@privileged @resources"
        ];
        SystemCallErrorNumber = "EPERM";
      };
    };
  };
}
