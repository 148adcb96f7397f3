# nix/tests/lib-stub.nix: a small stand-in for nixpkgs' `lib`, written for ferrobgp's tests.
#
# No package registry ships nixpkgs' lib, and the repository does not carry a copy, so CI
# evaluates nix/module.nix with this file instead: just the functions the module and the
# evaluation harness use, and a small module system (evalModules) with the same semantics for
# what they need: option declarations, mkIf/mkMerge/mkDefault/mkForce pushed down lazily,
# priorities, option defaults, type checks, attrsOf/listOf/nullOr/submodule merging,
# freeformType, and "option does not exist" errors. Error messages start like lib's.
#
# The real lib evaluates the same harness to the same output: tests/nix_module.rs compares both
# with nix/tests/expected/ (the real lib is used when FERROBGP_NIXPKGS_LIB names one) and
# docs/nix.md records that evaluation.
let
  inherit (builtins)
    all
    any
    attrNames
    concatMap
    concatStringsSep
    elem
    filter
    foldl'
    head
    isAttrs
    isBool
    isFunction
    isInt
    isList
    isPath
    isString
    length
    listToAttrs
    mapAttrs
    substring
    throw
    toJSON
    ;

  showPath = path: concatStringsSep "." path;
  showValue = v: if isString v then "\"${v}\"" else if isAttrs v then "{ … }" else if isList v then "[ … ]" else toJSON v;

  # ---- attribute sets, lists, strings -----------------------------------------------------
  unique = foldl' (kept: x: if elem x kept then kept else kept ++ [ x ]) [ ];
  optional = condition: x: if condition then [ x ] else [ ];
  optionals = condition: xs: if condition then xs else [ ];
  optionalString = condition: s: if condition then s else "";
  optionalAttrs = condition: attrs: if condition then attrs else { };
  mapAttrsToList = f: attrs: map (name: f name attrs.${name}) (attrNames attrs);
  filterAttrs =
    predicate: attrs:
    listToAttrs (
      concatMap (name: optional (predicate name attrs.${name}) { inherit name; value = attrs.${name}; }) (
        attrNames attrs
      )
    );
  hasPrefix = prefix: s: substring 0 (builtins.stringLength prefix) s == prefix;
  isDerivation = v: isAttrs v && (v.type or null) == "derivation";
  getExe = package: "${package}/bin/${package.meta.mainProgram}";
  literalExpression = text: {
    _type = "literalExpression";
    inherit text;
  };

  # ---- properties -------------------------------------------------------------------------
  mkIf = condition: content: {
    _type = "if";
    inherit condition content;
  };
  mkMerge = contents: {
    _type = "merge";
    inherit contents;
  };
  mkOverride = priority: content: {
    _type = "override";
    inherit priority content;
  };
  mkDefault = mkOverride 1000;
  mkForce = mkOverride 50;
  propertyOf = v: if isAttrs v then v._type or null else null;

  # A pending definition: { priority; conditions; value }, where value may still be wrapped in
  # properties. Conditions are only forced at an option, never while descending, so that
  # `config = mkIf cfg.enable { … }` does not depend on itself.
  definition = value: {
    priority = 100;
    conditions = [ ];
    inherit value;
  };

  # The definitions of attribute `name` inside each pending definition.
  child =
    name: d:
    let
      v = d.value;
      p = propertyOf v;
    in
    if p == "if" then
      child name (d // { conditions = d.conditions ++ [ v.condition ]; value = v.content; })
    else if p == "merge" then
      concatMap (content: child name (d // { value = content; })) v.contents
    else if p == "override" then
      child name (d // { priority = v.priority; value = v.content; })
    else if isAttrs v && v ? ${name} then
      [ (d // { value = v.${name}; }) ]
    else
      [ ];
  children = name: concatMap (child name);

  # The attribute names defined by pending definitions (without forcing any condition).
  names =
    let
      of =
        v:
        let
          p = propertyOf v;
        in
        if p == "if" || p == "override" then
          of v.content
        else if p == "merge" then
          concatMap of v.contents
        else if isAttrs v && !(isDerivation v) then
          attrNames v
        else
          [ ];
    in
    definitions: unique (concatMap (d: of d.value) definitions);

  # Strip the properties at the top of each definition, drop the false mkIfs, keep the
  # definitions of the highest priority (lowest number): their plain values.
  resolve =
    definitions:
    let
      flat =
        d:
        let
          v = d.value;
          p = propertyOf v;
        in
        if p == "if" then
          flat (d // { conditions = d.conditions ++ [ v.condition ]; value = v.content; })
        else if p == "merge" then
          concatMap (content: flat (d // { value = content; })) v.contents
        else if p == "override" then
          flat (d // { priority = v.priority; value = v.content; })
        else
          [ d ];
      active = filter (d: all (c: c) d.conditions) (concatMap flat definitions);
      best = foldl' (m: d: if d.priority < m then d.priority else m) 9999 active;
    in
    map (d: d.value) (filter (d: d.priority == best) active);

  # ---- types ------------------------------------------------------------------------------
  # A type: { name; description; check; merge = path: pendingDefinitions: value; }.
  checked =
    type: path: values:
    map (
      v:
      if type.check v then
        v
      else
        throw "A definition for option `${showPath path}' is not of type `${type.description}'. Definition values: ${showValue v}"
    ) values;

  mergeEqual =
    type: path: definitions:
    let
      values = checked type path (resolve definitions);
    in
    if all (v: v == head values) values then
      head values
    else
      throw "The option `${showPath path}' has conflicting definition values.";

  leaf =
    name: description: check:
    let
      self = {
        inherit name description check;
        merge = mergeEqual self;
      };
    in
    self;

  types = rec {
    bool = leaf "bool" "boolean" isBool;
    str = leaf "str" "string" isString;
    int = leaf "int" "signed integer" isInt;
    ints = {
      between =
        lowest: highest:
        leaf "intBetween" "integer between ${toString lowest} and ${toString highest} (both inclusive)" (
          v: isInt v && v >= lowest && v <= highest
        );
      positive = leaf "positiveInt" "positive integer, meaning >0" (v: isInt v && v > 0);
      unsigned = leaf "unsignedInt" "unsigned integer, meaning >=0" (v: isInt v && v >= 0);
    };
    port = leaf "port" "16 bit unsigned integer; between 0 and 65535 (both inclusive)" (
      v: isInt v && v >= 0 && v <= 65535
    );
    package = leaf "package" "package" isDerivation;
    path = leaf "path" "path" (v: isPath v || (isString v && hasPrefix "/" v) || isDerivation v);
    enum =
      choices:
      leaf "enum" "one of ${concatStringsSep ", " (map showValue choices)}" (v: elem v choices);

    # Lists of equal values merge; attribute sets merge attribute by attribute.
    anything = {
      name = "anything";
      description = "anything";
      check = _: true;
      merge =
        path: definitions:
        let
          values = resolve definitions;
        in
        if values != [ ] && all (v: isAttrs v && !(v ? outPath || v ? __toString)) values then
          mergeAttrs anything path (map definition values)
        else if all (v: v == head values) values then
          head values
        else
          throw "The option `${showPath path}' has conflicting definition values.";
    };

    nullOr =
      type:
      let
        self = {
          name = "nullOr";
          description = "null or ${type.description}";
          check = v: v == null || type.check v;
          merge =
            path: definitions:
            let
              values = checked self path (resolve definitions);
            in
            if all (v: v == null) values then
              null
            else if any (v: v == null) values then
              throw "The option `${showPath path}' is defined both null and not null."
            else
              type.merge path (map definition values);
        };
      in
      self;

    listOf = type: {
      name = "listOf";
      description = "list of ${type.description}";
      check = isList;
      merge =
        path: definitions:
        concatMap (list: checked type (path ++ [ "*" ]) list) (
          checked (listOf type) path (resolve definitions)
        );
    };
    nonEmptyListOf =
      type:
      let
        list = listOf type;
      in
      list
      // {
        description = "non-empty ${list.description}";
        check = v: isList v && v != [ ];
      };

    attrsOf = type: {
      name = "attrsOf";
      description = "attribute set of ${type.description}";
      check = v: isAttrs v && !(isDerivation v);
      inherit type;
      merge =
        path: definitions:
        mergeAttrs type path (map definition (checked (attrsOf type) path (resolve definitions)));
    };

    submodule = module: {
      name = "submodule";
      description = "submodule";
      check = v: isAttrs v && !(isDerivation v);
      merge =
        path: definitions:
        (evalModulesAt path {
          modules = [ module ] ++ map (value: { config = value; }) (resolve definitions);
        }).config;
    };
  };

  # Attribute by attribute, with `type` for each attribute; an attribute whose definitions
  # are all false mkIfs is left out.
  mergeAttrs =
    type: path: definitions:
    listToAttrs (
      concatMap (
        name:
        let
          defs = children name definitions;
        in
        optional (resolve defs != [ ]) {
          inherit name;
          value = type.merge (path ++ [ name ]) defs;
        }
      ) (names definitions)
    );

  # ---- options and modules ----------------------------------------------------------------
  mkOption =
    attrs:
    attrs
    // {
      _type = "option";
    };
  mkEnableOption =
    name:
    mkOption {
      type = types.bool;
      default = false;
      description = "Whether to enable ${name}.";
    };
  isOption = v: isAttrs v && (v._type or null) == "option";

  evalOption =
    path: option: definitions:
    let
      withDefault =
        definitions
        ++ optional (option ? default) {
          priority = 1500;
          conditions = [ ];
          value = option.default;
        };
      type = option.type or types.anything;
    in
    if resolve withDefault == [ ] then
      throw "The option `${showPath path}' was accessed but has no value defined. Try setting the option."
    else
      type.merge path withDefault;

  # Options declared in `declarations` (a tree whose leaves are options), values from the
  # pending definitions; names nobody declared go to `freeform` or are errors.
  evalTree =
    path: declarations: freeform: definitions:
    let
      declared = mapAttrs (
        name: declaration:
        if isOption declaration then
          evalOption (path ++ [ name ]) declaration (children name definitions)
        else
          evalTree (path ++ [ name ]) declaration null (children name definitions)
      ) declarations;
      undeclared = filter (name: !(declarations ? ${name})) (names definitions);
      free =
        if undeclared == [ ] then
          { }
        else if freeform == null then
          throw "The option `${showPath (path ++ [ (head undeclared) ])}' does not exist. Definition values: …"
        else
          listToAttrs (
            concatMap (
              name:
              let
                defs = children name definitions;
              in
              optional (resolve defs != [ ]) {
                inherit name;
                value = freeform.type.merge (path ++ [ name ]) defs;
              }
            ) undeclared
          );
    in
    declared // free;

  mergeDeclarations =
    path: a: b:
    a
    // mapAttrs (
      name: declaration:
      if !(a ? ${name}) then
        declaration
      else if isOption declaration || isOption a.${name} then
        throw "The option `${showPath (path ++ [ name ])}' is declared twice."
      else
        mergeDeclarations (path ++ [ name ]) a.${name} declaration
    ) b;

  evalModulesAt =
    path:
    {
      modules,
      specialArgs ? { },
    }:
    let
      arguments = {
        inherit config options lib;
      }
      // specialArgs;
      load =
        module:
        let
          imported = if isPath module || isString module then import module else module;
          value = if isFunction imported then imported arguments else imported;
          # Like lib: with `options` or `config` the module is structured; otherwise everything
          # but these keys is config.
          structured = value ? options || value ? config;
        in
        {
          options = value.options or { };
          config =
            if structured then
              value.config or { }
            else
              removeAttrs value [
                "_file"
                "imports"
                "freeformType"
                "meta"
              ];
          imports = value.imports or [ ];
          freeformType = value.freeformType or null;
        };
      collect =
        module:
        let
          loaded = load module;
        in
        [ loaded ] ++ concatMap collect loaded.imports;
      loadedModules = concatMap collect modules;
      options = foldl' (mergeDeclarations path) { } (map (m: m.options) loadedModules);
      freeforms = filter (type: type != null) (map (m: m.freeformType) loadedModules);
      config = evalTree path options (if freeforms == [ ] then null else head freeforms) (
        map (m: definition m.config) loadedModules
      );
    in
    {
      inherit config options;
    };

  lib = {
    inherit
      evalModules
      filterAttrs
      getExe
      hasPrefix
      isDerivation
      literalExpression
      mapAttrsToList
      mkDefault
      mkEnableOption
      mkForce
      mkIf
      mkMerge
      mkOption
      mkOverride
      optional
      optionalAttrs
      optionals
      optionalString
      types
      unique
      ;
    inherit (builtins)
      attrNames
      concatMap
      concatStringsSep
      elem
      filter
      length
      mapAttrs
      ;
  };
  evalModules = evalModulesAt [ ];
in
lib
