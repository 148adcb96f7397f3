# nix/kdl.nix: renders ferrobgp's configuration (docs/config.md, KDL v2) from a Nix attribute
# set. Pure Nix (builtins only, no nixpkgs lib), so it can be evaluated anywhere.
#
#   let kdl = import ./kdl.nix; in kdl.render { router-id = "192.0.2.1"; local-as = 65000; ... }
#
# Two layers:
#   toKDL nodes       a generic KDL v2 emitter over nodes { name; args ? []; props ? {}; children ? []; }
#   settingsToNodes   ferrobgp's conventions for writing the configuration as an attribute set
#                     (docs/nix.md, "settings"), turned into nodes.
# The output is not validated here: the NixOS module runs `ferrobgp check` on it at build time.
let
  inherit (builtins)
    attrNames
    concatMap
    concatStringsSep
    elem
    filter
    head
    isAttrs
    isBool
    isFloat
    isInt
    isList
    isPath
    isString
    length
    match
    replaceStrings
    tail
    throw
    toString
    typeOf
    ;

  isDerivation = v: isAttrs v && (v.type or null) == "derivation";
  isScalar = v: isString v || isInt v || isFloat v || isBool v || isPath v || isDerivation v;

  # ---- generic KDL v2 emitter -------------------------------------------------------------

  escape =
    s:
    replaceStrings
      [ "\\" "\"" "\n" "\r" "\t" ]
      [ "\\\\" "\\\"" "\\n" "\\r" "\\t" ]
      s;

  # A KDL v2 value: #true/#false/#null, a number, or a quoted string (paths and derivations
  # become their store path).
  value =
    v:
    if v == null then
      "#null"
    else if isBool v then
      (if v then "#true" else "#false")
    else if isInt v || isFloat v then
      toString v
    else if isString v || isPath v || isDerivation v then
      "\"${escape (toString v)}\""
    else
      throw "kdl.nix: a KDL value cannot be a ${typeOf v}";

  # A node name or property key: bare when it is a plain identifier, quoted otherwise. KDL v2
  # reserves true/false/null/inf/nan (they need `#`), so those are quoted too.
  identifier =
    name:
    if
      match "[A-Za-z_][A-Za-z0-9_.-]*" name != null
      && !(elem name [
        "true"
        "false"
        "null"
        "inf"
        "nan"
      ])
    then
      name
    else
      "\"${escape name}\"";

  renderNode =
    indent: node:
    let
      words =
        [ (identifier node.name) ]
        ++ map value (node.args or [ ])
        ++ map (key: "${identifier key}=${value node.props.${key}}") (attrNames (node.props or { }));
      line = indent + concatStringsSep " " words;
      children = node.children or [ ];
    in
    if children == [ ] then
      line
    else
      "${line} {\n${concatStringsSep "\n" (map (renderNode "${indent}    ") children)}\n${indent}}";

  toKDL = nodes: concatStringsSep "\n" (map (renderNode "") nodes) + "\n";

  # ---- ferrobgp's settings conventions ----------------------------------------------------

  node = name: args: props: children: { inherit name args props children; };

  # The order of settings in a block: these first, in this order; then the others
  # alphabetically; then the blocks, in this order. (Only `api` and `announce` order matters to
  # ferrobgp, and those are lists.)
  firstKeys = [
    "router-id"
    "local-as"
    "listen"
    "control-fifo"
    "log-level"
    "inherit"
    "peer-as"
    "description"
    "run"
    "processes"
  ];
  lastKeys = [
    "family"
    "capability"
    "receive"
    "send"
    "api"
    "announce"
    "process"
    "template"
    "neighbor"
  ];
  orderedKeys =
    attrs:
    let
      names = attrNames attrs;
      present = filter (name: attrs ? ${name});
    in
    present firstKeys ++ filter (name: !(elem name firstKeys || elem name lastKeys)) names ++ present lastKeys;

  blockToNodes = attrs: concatMap (name: settingToNodes name attrs.${name}) (orderedKeys attrs);

  toList = v: if isList v then v else [ v ];

  # `name = { _args = [ … ]; _props = { … }; other = …; }`: the generic escape hatch for any
  # node shape; the other attributes become children.
  isNodeSpec = v: isAttrs v && (v ? _args || v ? _props);
  specNode =
    name: v:
    node name (v._args or [ ]) (v._props or { }) (
      blockToNodes (
        removeAttrs v [
          "_args"
          "_props"
        ]
      )
    );

  # Named blocks: `neighbor."192.0.2.2" = { … }` → neighbor "192.0.2.2" { … }.
  namedBlocks = name: attrs: map (key: node name [ key ] { } (blockToNodes attrs.${key})) (attrNames attrs);

  # listen: false | "address" | { address; port ? null; } | a list of those.
  listenNode =
    entry:
    if entry == false then
      node "listen" [ false ] { } [ ]
    else if isString entry then
      node "listen" [ entry ] { } [ ]
    else if isAttrs entry && entry ? address then
      node "listen" [ entry.address ] (if (entry.port or null) == null then { } else { inherit (entry) port; }) [ ]
    else
      throw "kdl.nix: a `listen` entry is false, an address string or { address; port; }";

  # family: [ "ipv4 unicast" … ] or { "ipv4 unicast" = true | { add-path = "send"; }; … }.
  familyNode =
    text: options:
    let
      words = filter isString (builtins.split " +" text);
    in
    if length words != 2 then
      throw "kdl.nix: a family is written \"AFI SAFI\", not \"${text}\""
    else
      node (head words) (tail words) (if isAttrs options then options else { }) [ ];
  familyNodes =
    v:
    if isList v then
      map (text: familyNode text true) v
    else
      map (text: familyNode text v.${text}) (filter (text: v.${text} != false) (attrNames v));

  # announce: a list of "route 10.0.0.0/24 next-hop self" strings (an ExaBGP `announce`
  # command without the word announce) or { route = "…"; watchdog = "…"; withdrawn = true; }.
  announceKinds = [
    "route"
    "attributes"
    "ipv4"
    "ipv6"
    "flow"
    "vpls"
  ];
  announceNode =
    entry:
    if isString entry then
      let
        parts = match "([a-z0-9]+) +(.*)" entry;
      in
      if parts == null then
        throw "kdl.nix: an announce entry starts with its kind (route, attributes, ipv4, ipv6, flow, vpls): \"${entry}\""
      else
        node (head parts) [ (builtins.elemAt parts 1) ] { } [ ]
    else
      let
        kinds = filter (kind: entry ? ${kind}) announceKinds;
      in
      if length kinds != 1 then
        throw "kdl.nix: an announce entry has exactly one of ${concatStringsSep ", " announceKinds}"
      else
        node (head kinds) [ entry.${head kinds} ] (removeAttrs entry kinds) [ ];

  # One attribute of a block → its nodes.
  settingToNodes =
    name: v:
    if v == null then
      [ ]
    else if isNodeSpec v then
      [ (specNode name v) ]
    else if
      elem name [
        "process"
        "template"
        "neighbor"
      ]
      && isAttrs v
    then
      namedBlocks name v
    else if name == "listen" then
      map listenNode (toList v)
    else if name == "family" && !isScalar v then
      [ (node "family" [ ] { } (familyNodes v)) ]
    else if name == "environment" && isAttrs v then
      map (key: node "environment" [ key v.${key} ] { } [ ]) (attrNames v)
    else if name == "announce" && !isScalar v then
      [ (node "announce" [ ] { } (map announceNode (toList v))) ]
    else if name == "api" && isList v then
      map (block: node "api" [ ] { } (blockToNodes block)) v
    else if name == "hostname" && isAttrs v then
      [
        (node "hostname" [ v.name ] (
          if (v.domain or null) == null then { } else { inherit (v) domain; }
        ) [ ])
      ]
    else if isScalar v then
      [ (node name [ v ] { } [ ]) ]
    else if isList v && builtins.all isScalar v then
      [ (node name v { } [ ]) ]
    else if isAttrs v then
      [ (node name [ ] { } (blockToNodes v)) ]
    else
      throw "kdl.nix: cannot render `${name}` (a ${typeOf v}) as KDL";

  settingsToNodes = blockToNodes;
in
{
  inherit toKDL settingsToNodes value identifier;

  # The whole configuration file.
  render =
    settings:
    "// Generated by ferrobgp's nix/kdl.nix from services.ferrobgp; do not edit.\n"
    + toKDL (settingsToNodes settings);
}
