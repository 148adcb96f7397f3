# nix/tests/eval.nix: evaluates nix/module.nix with `lib.evalModules` and nothing else from
# nixpkgs: the lib comes from the environment variable FERROBGP_NIXPKGS_LIB, either nixpkgs'
# lib/ directory or nix/tests/lib-stub.nix. NixOS itself is replaced by the option declarations
# in nixos-stubs.nix and `pkgs` by the two attributes the module uses.
#
#   FERROBGP_NIXPKGS_LIB=/path/to/nixpkgs/lib NIX_REMOTE=dummy:// \
#     nix-instantiate --eval --strict --json nix/tests/eval.nix --argstr example example
#
# The result: the KDL file the module generates, the script that checks it at build time, the
# unit file as NixOS would write it (rendered here the way nixos/lib/systemd-lib.nix does:
# keys sorted, one line per list element, booleans as true/false), and the firewall ports.
{
  example ? "example",
  package ? "/nix/store/00000000000000000000000000000000-ferrobgp-0.1.0",
  configFile ? "/etc/ferrobgp/site.kdl",
}:
let
  libPath = builtins.getEnv "FERROBGP_NIXPKGS_LIB";
  lib =
    if libPath == "" then
      throw "set FERROBGP_NIXPKGS_LIB to nixpkgs' lib/ directory or to nix/tests/lib-stub.nix"
    else
      import libPath;

  inherit (builtins)
    attrNames
    concatMap
    concatStringsSep
    filter
    hashString
    isBool
    isList
    substring
    toJSON
    ;

  pkgs = {
    ferrobgp = {
      type = "derivation";
      name = "ferrobgp-0.1.0";
      outPath = package;
      meta.mainProgram = "ferrobgp";
    };
    # A derivation whose store path depends on what it would build, like the real one.
    runCommand = name: env: buildCommand: {
      type = "derivation";
      inherit name env buildCommand;
      outPath = "/nix/store/${substring 0 32 (hashString "sha256" (toJSON env + buildCommand))}-${name}";
    };
  };

  evaluated = lib.evalModules {
    modules = [
      ./nixos-stubs.nix
      ../module.nix
      (import ./examples.nix { inherit configFile; }).${example}
    ];
    specialArgs = { inherit pkgs; };
  };
  inherit (evaluated) config;

  failed = map (a: a.message) (filter (a: !a.assertion) config.assertions);

  service = config.systemd.services.ferrobgp;
  value = v: if isBool v then (if v then "true" else "false") else toString v;
  lines = section: concatMap (key: map (v: "${key}=${value v}") (if isList section.${key} then section.${key} else [ section.${key} ])) (attrNames section);
  unitSection = {
    Description = service.description;
    Wants = concatStringsSep " " service.wants;
    After = concatStringsSep " " service.after;
  }
  // (if service.reloadTriggers == [ ] then { } else { X-Reload-Triggers = concatStringsSep " " (map toString service.reloadTriggers); })
  // (if service.restartTriggers == [ ] then { } else { X-Restart-Triggers = concatStringsSep " " (map toString service.restartTriggers); });
  serviceSection = service.serviceConfig // {
    X-StopIfChanged = service.stopIfChanged;
  }
  // (if service.path == [ ] then { } else { Environment = "PATH=${concatStringsSep ":" (map (p: "${p}/bin") service.path)}"; });
  unit = concatStringsSep "\n" ([ "[Unit]" ] ++ lines unitSection ++ [ "" "[Service]" ] ++ lines serviceSection) + "\n";

  source = config.environment.etc."ferrobgp/ferrobgp.kdl".source;
in
if failed != [ ] then
  throw "Failed assertions:\n${concatStringsSep "\n" (map (m: "- ${m}") failed)}"
else if !(config.systemd.services ? ferrobgp) then
  {
    enabled = false;
    etc = attrNames config.environment.etc;
  }
else
  {
    enabled = true;
    kdl = source.env.text or null;
    configSource = source.env.source or null;
    configPath = source.outPath;
    buildCommand = source.buildCommand;
    inherit unit;
    firewall = config.networking.firewall.allowedTCPPorts;
    systemPackages = map toString config.environment.systemPackages;
  }
