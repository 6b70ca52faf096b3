#!/usr/bin/env node
"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __commonJS = (cb, mod) => function __require() {
  return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// node_modules/semver/internal/constants.js
var require_constants = __commonJS({
  "node_modules/semver/internal/constants.js"(exports2, module2) {
    "use strict";
    var SEMVER_SPEC_VERSION = "2.0.0";
    var MAX_LENGTH = 256;
    var MAX_SAFE_INTEGER = Number.MAX_SAFE_INTEGER || /* istanbul ignore next */
    9007199254740991;
    var MAX_SAFE_COMPONENT_LENGTH = 16;
    var MAX_SAFE_BUILD_LENGTH = MAX_LENGTH - 6;
    var WHITESPACE_CHARACTERS = [
      "	",
      "\n",
      "\v",
      "\f",
      "\r",
      " ",
      "\xA0",
      "\u1680",
      "\u2000",
      "\u2001",
      "\u2002",
      "\u2003",
      "\u2004",
      "\u2005",
      "\u2006",
      "\u2007",
      "\u2008",
      "\u2009",
      "\u200A",
      "\u2028",
      "\u2029",
      "\u202F",
      "\u205F",
      "\u3000",
      "\uFEFF"
    ];
    var RELEASE_TYPES = [
      "major",
      "premajor",
      "minor",
      "preminor",
      "patch",
      "prepatch",
      "prerelease"
    ];
    module2.exports = {
      MAX_LENGTH,
      MAX_SAFE_COMPONENT_LENGTH,
      MAX_SAFE_BUILD_LENGTH,
      MAX_SAFE_INTEGER,
      WHITESPACE_CHARACTERS,
      RELEASE_TYPES,
      SEMVER_SPEC_VERSION,
      FLAG_INCLUDE_PRERELEASE: 1,
      FLAG_LOOSE: 2
    };
  }
});

// node_modules/semver/internal/debug.js
var require_debug = __commonJS({
  "node_modules/semver/internal/debug.js"(exports2, module2) {
    "use strict";
    var debug = typeof process === "object" && process.env && process.env.NODE_DEBUG && /\bsemver\b/i.test(process.env.NODE_DEBUG) ? (...args) => console.error("SEMVER", ...args) : () => {
    };
    module2.exports = debug;
  }
});

// node_modules/semver/internal/re.js
var require_re = __commonJS({
  "node_modules/semver/internal/re.js"(exports2, module2) {
    "use strict";
    var {
      MAX_SAFE_COMPONENT_LENGTH,
      MAX_SAFE_BUILD_LENGTH,
      MAX_LENGTH
    } = require_constants();
    var debug = require_debug();
    exports2 = module2.exports = {};
    var re = exports2.re = [];
    var safeRe = exports2.safeRe = [];
    var src = exports2.src = [];
    var safeSrc = exports2.safeSrc = [];
    var t = exports2.t = {};
    var R = 0;
    var LETTERDASHNUMBER = "[a-zA-Z0-9-]";
    var safeRegexReplacements = [
      ["\\s", 1],
      ["\\d", MAX_LENGTH],
      [LETTERDASHNUMBER, MAX_SAFE_BUILD_LENGTH]
    ];
    var makeSafeRegex = (value) => {
      for (const [token, max] of safeRegexReplacements) {
        value = value.split(`${token}*`).join(`${token}{0,${max}}`).split(`${token}+`).join(`${token}{1,${max}}`);
      }
      return value;
    };
    var createToken = (name, value, isGlobal) => {
      const safe = makeSafeRegex(value);
      const index = R++;
      debug(name, index, value);
      t[name] = index;
      src[index] = value;
      safeSrc[index] = safe;
      re[index] = new RegExp(value, isGlobal ? "g" : void 0);
      safeRe[index] = new RegExp(safe, isGlobal ? "g" : void 0);
    };
    createToken("NUMERICIDENTIFIER", "0|[1-9]\\d*");
    createToken("NUMERICIDENTIFIERLOOSE", "\\d+");
    createToken("NONNUMERICIDENTIFIER", `\\d*[a-zA-Z-]${LETTERDASHNUMBER}*`);
    createToken("MAINVERSION", `(${src[t.NUMERICIDENTIFIER]})\\.(${src[t.NUMERICIDENTIFIER]})\\.(${src[t.NUMERICIDENTIFIER]})`);
    createToken("MAINVERSIONLOOSE", `(${src[t.NUMERICIDENTIFIERLOOSE]})\\.(${src[t.NUMERICIDENTIFIERLOOSE]})\\.(${src[t.NUMERICIDENTIFIERLOOSE]})`);
    createToken("PRERELEASEIDENTIFIER", `(?:${src[t.NONNUMERICIDENTIFIER]}|${src[t.NUMERICIDENTIFIER]})`);
    createToken("PRERELEASEIDENTIFIERLOOSE", `(?:${src[t.NONNUMERICIDENTIFIER]}|${src[t.NUMERICIDENTIFIERLOOSE]})`);
    createToken("PRERELEASE", `(?:-(${src[t.PRERELEASEIDENTIFIER]}(?:\\.${src[t.PRERELEASEIDENTIFIER]})*))`);
    createToken("PRERELEASELOOSE", `(?:-?(${src[t.PRERELEASEIDENTIFIERLOOSE]}(?:\\.${src[t.PRERELEASEIDENTIFIERLOOSE]})*))`);
    createToken("BUILDIDENTIFIER", `${LETTERDASHNUMBER}+`);
    createToken("BUILD", `(?:\\+(${src[t.BUILDIDENTIFIER]}(?:\\.${src[t.BUILDIDENTIFIER]})*))`);
    createToken("FULLPLAIN", `v?${src[t.MAINVERSION]}${src[t.PRERELEASE]}?${src[t.BUILD]}?`);
    createToken("FULL", `^${src[t.FULLPLAIN]}$`);
    createToken("LOOSEPLAIN", `[v=\\s]*${src[t.MAINVERSIONLOOSE]}${src[t.PRERELEASELOOSE]}?${src[t.BUILD]}?`);
    createToken("LOOSE", `^${src[t.LOOSEPLAIN]}$`);
    createToken("GTLT", "((?:<|>)?=?)");
    createToken("XRANGEIDENTIFIERLOOSE", `${src[t.NUMERICIDENTIFIERLOOSE]}|x|X|\\*`);
    createToken("XRANGEIDENTIFIER", `${src[t.NUMERICIDENTIFIER]}|x|X|\\*`);
    createToken("XRANGEPLAIN", `[v=\\s]*(${src[t.XRANGEIDENTIFIER]})(?:\\.(${src[t.XRANGEIDENTIFIER]})(?:\\.(${src[t.XRANGEIDENTIFIER]})(?:${src[t.PRERELEASE]})?${src[t.BUILD]}?)?)?`);
    createToken("XRANGEPLAINLOOSE", `[v=\\s]*(${src[t.XRANGEIDENTIFIERLOOSE]})(?:\\.(${src[t.XRANGEIDENTIFIERLOOSE]})(?:\\.(${src[t.XRANGEIDENTIFIERLOOSE]})(?:${src[t.PRERELEASELOOSE]})?${src[t.BUILD]}?)?)?`);
    createToken("XRANGE", `^${src[t.GTLT]}\\s*${src[t.XRANGEPLAIN]}$`);
    createToken("XRANGELOOSE", `^${src[t.GTLT]}\\s*${src[t.XRANGEPLAINLOOSE]}$`);
    createToken("COERCEPLAIN", `${"(^|[^\\d])(\\d{1,"}${MAX_SAFE_COMPONENT_LENGTH}})(?:\\.(\\d{1,${MAX_SAFE_COMPONENT_LENGTH}}))?(?:\\.(\\d{1,${MAX_SAFE_COMPONENT_LENGTH}}))?`);
    createToken("COERCE", `${src[t.COERCEPLAIN]}(?:$|[^\\d])`);
    createToken("COERCEFULL", src[t.COERCEPLAIN] + `(?:${src[t.PRERELEASE]})?(?:${src[t.BUILD]})?(?:$|[^\\d])`);
    createToken("COERCERTL", src[t.COERCE], true);
    createToken("COERCERTLFULL", src[t.COERCEFULL], true);
    createToken("LONETILDE", "(?:~>?)");
    createToken("TILDETRIM", `(\\s*)${src[t.LONETILDE]}\\s+`, true);
    exports2.tildeTrimReplace = "$1~";
    createToken("TILDE", `^${src[t.LONETILDE]}${src[t.XRANGEPLAIN]}$`);
    createToken("TILDELOOSE", `^${src[t.LONETILDE]}${src[t.XRANGEPLAINLOOSE]}$`);
    createToken("LONECARET", "(?:\\^)");
    createToken("CARETTRIM", `(\\s*)${src[t.LONECARET]}\\s+`, true);
    exports2.caretTrimReplace = "$1^";
    createToken("CARET", `^${src[t.LONECARET]}${src[t.XRANGEPLAIN]}$`);
    createToken("CARETLOOSE", `^${src[t.LONECARET]}${src[t.XRANGEPLAINLOOSE]}$`);
    createToken("COMPARATORLOOSE", `^${src[t.GTLT]}\\s*(${src[t.LOOSEPLAIN]})$|^$`);
    createToken("COMPARATOR", `^${src[t.GTLT]}\\s*(${src[t.FULLPLAIN]})$|^$`);
    createToken("COMPARATORTRIM", `(\\s*)${src[t.GTLT]}\\s*(${src[t.LOOSEPLAIN]}|${src[t.XRANGEPLAIN]})`, true);
    exports2.comparatorTrimReplace = "$1$2$3";
    createToken("HYPHENRANGE", `^\\s*(${src[t.XRANGEPLAIN]})\\s+-\\s+(${src[t.XRANGEPLAIN]})\\s*$`);
    createToken("HYPHENRANGELOOSE", `^\\s*(${src[t.XRANGEPLAINLOOSE]})\\s+-\\s+(${src[t.XRANGEPLAINLOOSE]})\\s*$`);
    createToken("STAR", "(<|>)?=?\\s*\\*");
    createToken("GTE0", "^\\s*>=\\s*0\\.0\\.0\\s*$");
    createToken("GTE0PRE", "^\\s*>=\\s*0\\.0\\.0-0\\s*$");
  }
});

// node_modules/semver/internal/parse-options.js
var require_parse_options = __commonJS({
  "node_modules/semver/internal/parse-options.js"(exports2, module2) {
    "use strict";
    var looseOption = Object.freeze({ loose: true });
    var emptyOpts = Object.freeze({});
    var parseOptions = (options) => {
      if (!options) {
        return emptyOpts;
      }
      if (typeof options !== "object") {
        return looseOption;
      }
      return options;
    };
    module2.exports = parseOptions;
  }
});

// node_modules/semver/internal/identifiers.js
var require_identifiers = __commonJS({
  "node_modules/semver/internal/identifiers.js"(exports2, module2) {
    "use strict";
    var numeric = /^[0-9]+$/;
    var compareIdentifiers = (a, b) => {
      if (typeof a === "number" && typeof b === "number") {
        return a === b ? 0 : a < b ? -1 : 1;
      }
      const anum = numeric.test(a);
      const bnum = numeric.test(b);
      if (anum && bnum) {
        a = +a;
        b = +b;
      }
      return a === b ? 0 : anum && !bnum ? -1 : bnum && !anum ? 1 : a < b ? -1 : 1;
    };
    var rcompareIdentifiers = (a, b) => compareIdentifiers(b, a);
    module2.exports = {
      compareIdentifiers,
      rcompareIdentifiers
    };
  }
});

// node_modules/semver/classes/semver.js
var require_semver = __commonJS({
  "node_modules/semver/classes/semver.js"(exports2, module2) {
    "use strict";
    var debug = require_debug();
    var { MAX_LENGTH, MAX_SAFE_INTEGER } = require_constants();
    var { safeRe: re, t } = require_re();
    var parseOptions = require_parse_options();
    var { compareIdentifiers } = require_identifiers();
    var isPrereleaseIdentifier = (prerelease, identifier) => {
      const identifiers = identifier.split(".");
      if (identifiers.length > prerelease.length) {
        return false;
      }
      for (let i = 0; i < identifiers.length; i++) {
        if (compareIdentifiers(prerelease[i], identifiers[i]) !== 0) {
          return false;
        }
      }
      return true;
    };
    var SemVer = class _SemVer {
      constructor(version, options) {
        options = parseOptions(options);
        if (version instanceof _SemVer) {
          if (version.loose === !!options.loose && version.includePrerelease === !!options.includePrerelease) {
            return version;
          } else {
            version = version.version;
          }
        } else if (typeof version !== "string") {
          throw new TypeError(`Invalid version. Must be a string. Got type "${typeof version}".`);
        }
        if (version.length > MAX_LENGTH) {
          throw new TypeError(
            `version is longer than ${MAX_LENGTH} characters`
          );
        }
        debug("SemVer", version, options);
        this.options = options;
        this.loose = !!options.loose;
        this.includePrerelease = !!options.includePrerelease;
        const m = version.trim().match(options.loose ? re[t.LOOSE] : re[t.FULL]);
        if (!m) {
          throw new TypeError(`Invalid Version: ${version}`);
        }
        this.raw = version;
        this.major = +m[1];
        this.minor = +m[2];
        this.patch = +m[3];
        if (this.major > MAX_SAFE_INTEGER || this.major < 0) {
          throw new TypeError("Invalid major version");
        }
        if (this.minor > MAX_SAFE_INTEGER || this.minor < 0) {
          throw new TypeError("Invalid minor version");
        }
        if (this.patch > MAX_SAFE_INTEGER || this.patch < 0) {
          throw new TypeError("Invalid patch version");
        }
        if (!m[4]) {
          this.prerelease = [];
        } else {
          this.prerelease = m[4].split(".").map((id) => {
            if (/^[0-9]+$/.test(id)) {
              const num = +id;
              if (num >= 0 && num < MAX_SAFE_INTEGER) {
                return num;
              }
            }
            return id;
          });
        }
        this.build = m[5] ? m[5].split(".") : [];
        this.format();
      }
      format() {
        this.version = `${this.major}.${this.minor}.${this.patch}`;
        if (this.prerelease.length) {
          this.version += `-${this.prerelease.join(".")}`;
        }
        return this.version;
      }
      toString() {
        return this.version;
      }
      compare(other) {
        debug("SemVer.compare", this.version, this.options, other);
        if (!(other instanceof _SemVer)) {
          if (typeof other === "string" && other === this.version) {
            return 0;
          }
          other = new _SemVer(other, this.options);
        }
        if (other.version === this.version) {
          return 0;
        }
        return this.compareMain(other) || this.comparePre(other);
      }
      compareMain(other) {
        if (!(other instanceof _SemVer)) {
          other = new _SemVer(other, this.options);
        }
        if (this.major < other.major) {
          return -1;
        }
        if (this.major > other.major) {
          return 1;
        }
        if (this.minor < other.minor) {
          return -1;
        }
        if (this.minor > other.minor) {
          return 1;
        }
        if (this.patch < other.patch) {
          return -1;
        }
        if (this.patch > other.patch) {
          return 1;
        }
        return 0;
      }
      comparePre(other) {
        if (!(other instanceof _SemVer)) {
          other = new _SemVer(other, this.options);
        }
        if (this.prerelease.length && !other.prerelease.length) {
          return -1;
        } else if (!this.prerelease.length && other.prerelease.length) {
          return 1;
        } else if (!this.prerelease.length && !other.prerelease.length) {
          return 0;
        }
        let i = 0;
        do {
          const a = this.prerelease[i];
          const b = other.prerelease[i];
          debug("prerelease compare", i, a, b);
          if (a === void 0 && b === void 0) {
            return 0;
          } else if (b === void 0) {
            return 1;
          } else if (a === void 0) {
            return -1;
          } else if (a === b) {
            continue;
          } else {
            return compareIdentifiers(a, b);
          }
        } while (++i);
      }
      compareBuild(other) {
        if (!(other instanceof _SemVer)) {
          other = new _SemVer(other, this.options);
        }
        let i = 0;
        do {
          const a = this.build[i];
          const b = other.build[i];
          debug("build compare", i, a, b);
          if (a === void 0 && b === void 0) {
            return 0;
          } else if (b === void 0) {
            return 1;
          } else if (a === void 0) {
            return -1;
          } else if (a === b) {
            continue;
          } else {
            return compareIdentifiers(a, b);
          }
        } while (++i);
      }
      // preminor will bump the version up to the next minor release, and immediately
      // down to pre-release. premajor and prepatch work the same way.
      inc(release, identifier, identifierBase) {
        if (release.startsWith("pre")) {
          if (!identifier && identifierBase === false) {
            throw new Error("invalid increment argument: identifier is empty");
          }
          if (identifier) {
            const match = `-${identifier}`.match(this.options.loose ? re[t.PRERELEASELOOSE] : re[t.PRERELEASE]);
            if (!match || match[1] !== identifier) {
              throw new Error(`invalid identifier: ${identifier}`);
            }
          }
        }
        switch (release) {
          case "premajor":
            this.prerelease.length = 0;
            this.patch = 0;
            this.minor = 0;
            this.major++;
            this.inc("pre", identifier, identifierBase);
            break;
          case "preminor":
            this.prerelease.length = 0;
            this.patch = 0;
            this.minor++;
            this.inc("pre", identifier, identifierBase);
            break;
          case "prepatch":
            this.prerelease.length = 0;
            this.inc("patch", identifier, identifierBase);
            this.inc("pre", identifier, identifierBase);
            break;
          // If the input is a non-prerelease version, this acts the same as
          // prepatch.
          case "prerelease":
            if (this.prerelease.length === 0) {
              this.inc("patch", identifier, identifierBase);
            }
            this.inc("pre", identifier, identifierBase);
            break;
          case "release":
            if (this.prerelease.length === 0) {
              throw new Error(`version ${this.raw} is not a prerelease`);
            }
            this.prerelease.length = 0;
            break;
          case "major":
            if (this.minor !== 0 || this.patch !== 0 || this.prerelease.length === 0) {
              this.major++;
            }
            this.minor = 0;
            this.patch = 0;
            this.prerelease = [];
            break;
          case "minor":
            if (this.patch !== 0 || this.prerelease.length === 0) {
              this.minor++;
            }
            this.patch = 0;
            this.prerelease = [];
            break;
          case "patch":
            if (this.prerelease.length === 0) {
              this.patch++;
            }
            this.prerelease = [];
            break;
          // This probably shouldn't be used publicly.
          // 1.0.0 'pre' would become 1.0.0-0 which is the wrong direction.
          case "pre": {
            const base = Number(identifierBase) ? 1 : 0;
            if (this.prerelease.length === 0) {
              this.prerelease = [base];
            } else {
              let i = this.prerelease.length;
              while (--i >= 0) {
                if (typeof this.prerelease[i] === "number") {
                  this.prerelease[i]++;
                  i = -2;
                }
              }
              if (i === -1) {
                if (identifier === this.prerelease.join(".") && identifierBase === false) {
                  throw new Error("invalid increment argument: identifier already exists");
                }
                this.prerelease.push(base);
              }
            }
            if (identifier) {
              let prerelease = [identifier, base];
              if (identifierBase === false) {
                prerelease = [identifier];
              }
              if (isPrereleaseIdentifier(this.prerelease, identifier)) {
                const prereleaseBase = this.prerelease[identifier.split(".").length];
                if (isNaN(prereleaseBase)) {
                  this.prerelease = prerelease;
                }
              } else {
                this.prerelease = prerelease;
              }
            }
            break;
          }
          default:
            throw new Error(`invalid increment argument: ${release}`);
        }
        this.raw = this.format();
        if (this.build.length) {
          this.raw += `+${this.build.join(".")}`;
        }
        return this;
      }
    };
    module2.exports = SemVer;
  }
});

// node_modules/semver/functions/parse.js
var require_parse = __commonJS({
  "node_modules/semver/functions/parse.js"(exports2, module2) {
    "use strict";
    var SemVer = require_semver();
    var parse2 = (version, options, throwErrors = false) => {
      if (version instanceof SemVer) {
        return version;
      }
      try {
        return new SemVer(version, options);
      } catch (er) {
        if (!throwErrors) {
          return null;
        }
        throw er;
      }
    };
    module2.exports = parse2;
  }
});

// node_modules/semver/functions/valid.js
var require_valid = __commonJS({
  "node_modules/semver/functions/valid.js"(exports2, module2) {
    "use strict";
    var parse2 = require_parse();
    var valid = (version, options) => {
      const v = parse2(version, options);
      return v ? v.version : null;
    };
    module2.exports = valid;
  }
});

// node_modules/semver/functions/clean.js
var require_clean = __commonJS({
  "node_modules/semver/functions/clean.js"(exports2, module2) {
    "use strict";
    var parse2 = require_parse();
    var clean = (version, options) => {
      const s = parse2(version.trim().replace(/^[=v]+/, ""), options);
      return s ? s.version : null;
    };
    module2.exports = clean;
  }
});

// node_modules/semver/functions/inc.js
var require_inc = __commonJS({
  "node_modules/semver/functions/inc.js"(exports2, module2) {
    "use strict";
    var SemVer = require_semver();
    var inc = (version, release, options, identifier, identifierBase) => {
      if (typeof options === "string") {
        identifierBase = identifier;
        identifier = options;
        options = void 0;
      }
      try {
        return new SemVer(
          version instanceof SemVer ? version.version : version,
          options
        ).inc(release, identifier, identifierBase).version;
      } catch (er) {
        return null;
      }
    };
    module2.exports = inc;
  }
});

// node_modules/semver/functions/diff.js
var require_diff = __commonJS({
  "node_modules/semver/functions/diff.js"(exports2, module2) {
    "use strict";
    var parse2 = require_parse();
    var diff = (version1, version2) => {
      const v1 = parse2(version1, null, true);
      const v2 = parse2(version2, null, true);
      const comparison = v1.compare(v2);
      if (comparison === 0) {
        return null;
      }
      const v1Higher = comparison > 0;
      const highVersion = v1Higher ? v1 : v2;
      const lowVersion = v1Higher ? v2 : v1;
      const highHasPre = !!highVersion.prerelease.length;
      const lowHasPre = !!lowVersion.prerelease.length;
      if (lowHasPre && !highHasPre) {
        if (!lowVersion.patch && !lowVersion.minor) {
          return "major";
        }
        if (lowVersion.compareMain(highVersion) === 0) {
          if (lowVersion.minor && !lowVersion.patch) {
            return "minor";
          }
          return "patch";
        }
      }
      const prefix = highHasPre ? "pre" : "";
      if (v1.major !== v2.major) {
        return prefix + "major";
      }
      if (v1.minor !== v2.minor) {
        return prefix + "minor";
      }
      if (v1.patch !== v2.patch) {
        return prefix + "patch";
      }
      return "prerelease";
    };
    module2.exports = diff;
  }
});

// node_modules/semver/functions/major.js
var require_major = __commonJS({
  "node_modules/semver/functions/major.js"(exports2, module2) {
    "use strict";
    var SemVer = require_semver();
    var major = (a, loose) => new SemVer(a, loose).major;
    module2.exports = major;
  }
});

// node_modules/semver/functions/minor.js
var require_minor = __commonJS({
  "node_modules/semver/functions/minor.js"(exports2, module2) {
    "use strict";
    var SemVer = require_semver();
    var minor = (a, loose) => new SemVer(a, loose).minor;
    module2.exports = minor;
  }
});

// node_modules/semver/functions/patch.js
var require_patch = __commonJS({
  "node_modules/semver/functions/patch.js"(exports2, module2) {
    "use strict";
    var SemVer = require_semver();
    var patch = (a, loose) => new SemVer(a, loose).patch;
    module2.exports = patch;
  }
});

// node_modules/semver/functions/prerelease.js
var require_prerelease = __commonJS({
  "node_modules/semver/functions/prerelease.js"(exports2, module2) {
    "use strict";
    var parse2 = require_parse();
    var prerelease = (version, options) => {
      const parsed = parse2(version, options);
      return parsed && parsed.prerelease.length ? parsed.prerelease : null;
    };
    module2.exports = prerelease;
  }
});

// node_modules/semver/functions/compare.js
var require_compare = __commonJS({
  "node_modules/semver/functions/compare.js"(exports2, module2) {
    "use strict";
    var SemVer = require_semver();
    var compare = (a, b, loose) => new SemVer(a, loose).compare(new SemVer(b, loose));
    module2.exports = compare;
  }
});

// node_modules/semver/functions/rcompare.js
var require_rcompare = __commonJS({
  "node_modules/semver/functions/rcompare.js"(exports2, module2) {
    "use strict";
    var compare = require_compare();
    var rcompare = (a, b, loose) => compare(b, a, loose);
    module2.exports = rcompare;
  }
});

// node_modules/semver/functions/compare-loose.js
var require_compare_loose = __commonJS({
  "node_modules/semver/functions/compare-loose.js"(exports2, module2) {
    "use strict";
    var compare = require_compare();
    var compareLoose = (a, b) => compare(a, b, true);
    module2.exports = compareLoose;
  }
});

// node_modules/semver/functions/compare-build.js
var require_compare_build = __commonJS({
  "node_modules/semver/functions/compare-build.js"(exports2, module2) {
    "use strict";
    var SemVer = require_semver();
    var compareBuild = (a, b, loose) => {
      const versionA = new SemVer(a, loose);
      const versionB = new SemVer(b, loose);
      return versionA.compare(versionB) || versionA.compareBuild(versionB);
    };
    module2.exports = compareBuild;
  }
});

// node_modules/semver/functions/sort.js
var require_sort = __commonJS({
  "node_modules/semver/functions/sort.js"(exports2, module2) {
    "use strict";
    var compareBuild = require_compare_build();
    var sort = (list, loose) => list.sort((a, b) => compareBuild(a, b, loose));
    module2.exports = sort;
  }
});

// node_modules/semver/functions/rsort.js
var require_rsort = __commonJS({
  "node_modules/semver/functions/rsort.js"(exports2, module2) {
    "use strict";
    var compareBuild = require_compare_build();
    var rsort = (list, loose) => list.sort((a, b) => compareBuild(b, a, loose));
    module2.exports = rsort;
  }
});

// node_modules/semver/functions/gt.js
var require_gt = __commonJS({
  "node_modules/semver/functions/gt.js"(exports2, module2) {
    "use strict";
    var compare = require_compare();
    var gt = (a, b, loose) => compare(a, b, loose) > 0;
    module2.exports = gt;
  }
});

// node_modules/semver/functions/lt.js
var require_lt = __commonJS({
  "node_modules/semver/functions/lt.js"(exports2, module2) {
    "use strict";
    var compare = require_compare();
    var lt = (a, b, loose) => compare(a, b, loose) < 0;
    module2.exports = lt;
  }
});

// node_modules/semver/functions/eq.js
var require_eq = __commonJS({
  "node_modules/semver/functions/eq.js"(exports2, module2) {
    "use strict";
    var compare = require_compare();
    var eq = (a, b, loose) => compare(a, b, loose) === 0;
    module2.exports = eq;
  }
});

// node_modules/semver/functions/neq.js
var require_neq = __commonJS({
  "node_modules/semver/functions/neq.js"(exports2, module2) {
    "use strict";
    var compare = require_compare();
    var neq = (a, b, loose) => compare(a, b, loose) !== 0;
    module2.exports = neq;
  }
});

// node_modules/semver/functions/gte.js
var require_gte = __commonJS({
  "node_modules/semver/functions/gte.js"(exports2, module2) {
    "use strict";
    var compare = require_compare();
    var gte = (a, b, loose) => compare(a, b, loose) >= 0;
    module2.exports = gte;
  }
});

// node_modules/semver/functions/lte.js
var require_lte = __commonJS({
  "node_modules/semver/functions/lte.js"(exports2, module2) {
    "use strict";
    var compare = require_compare();
    var lte = (a, b, loose) => compare(a, b, loose) <= 0;
    module2.exports = lte;
  }
});

// node_modules/semver/functions/cmp.js
var require_cmp = __commonJS({
  "node_modules/semver/functions/cmp.js"(exports2, module2) {
    "use strict";
    var eq = require_eq();
    var neq = require_neq();
    var gt = require_gt();
    var gte = require_gte();
    var lt = require_lt();
    var lte = require_lte();
    var cmp = (a, op, b, loose) => {
      switch (op) {
        case "===":
          if (typeof a === "object") {
            a = a.version;
          }
          if (typeof b === "object") {
            b = b.version;
          }
          return a === b;
        case "!==":
          if (typeof a === "object") {
            a = a.version;
          }
          if (typeof b === "object") {
            b = b.version;
          }
          return a !== b;
        case "":
        case "=":
        case "==":
          return eq(a, b, loose);
        case "!=":
          return neq(a, b, loose);
        case ">":
          return gt(a, b, loose);
        case ">=":
          return gte(a, b, loose);
        case "<":
          return lt(a, b, loose);
        case "<=":
          return lte(a, b, loose);
        default:
          throw new TypeError(`Invalid operator: ${op}`);
      }
    };
    module2.exports = cmp;
  }
});

// node_modules/semver/functions/coerce.js
var require_coerce = __commonJS({
  "node_modules/semver/functions/coerce.js"(exports2, module2) {
    "use strict";
    var SemVer = require_semver();
    var parse2 = require_parse();
    var { safeRe: re, t } = require_re();
    var coerce = (version, options) => {
      if (version instanceof SemVer) {
        return version;
      }
      if (typeof version === "number") {
        version = String(version);
      }
      if (typeof version !== "string") {
        return null;
      }
      options = options || {};
      let match = null;
      if (!options.rtl) {
        match = version.match(options.includePrerelease ? re[t.COERCEFULL] : re[t.COERCE]);
      } else {
        const coerceRtlRegex = options.includePrerelease ? re[t.COERCERTLFULL] : re[t.COERCERTL];
        let next;
        while ((next = coerceRtlRegex.exec(version)) && (!match || match.index + match[0].length !== version.length)) {
          if (!match || next.index + next[0].length !== match.index + match[0].length) {
            match = next;
          }
          coerceRtlRegex.lastIndex = next.index + next[1].length + next[2].length;
        }
        coerceRtlRegex.lastIndex = -1;
      }
      if (match === null) {
        return null;
      }
      const major = match[2];
      const minor = match[3] || "0";
      const patch = match[4] || "0";
      const prerelease = options.includePrerelease && match[5] ? `-${match[5]}` : "";
      const build = options.includePrerelease && match[6] ? `+${match[6]}` : "";
      return parse2(`${major}.${minor}.${patch}${prerelease}${build}`, options);
    };
    module2.exports = coerce;
  }
});

// node_modules/semver/functions/truncate.js
var require_truncate = __commonJS({
  "node_modules/semver/functions/truncate.js"(exports2, module2) {
    "use strict";
    var parse2 = require_parse();
    var constants3 = require_constants();
    var SemVer = require_semver();
    var truncate = (version, truncation, options) => {
      if (!constants3.RELEASE_TYPES.includes(truncation)) {
        return null;
      }
      const clonedVersion = cloneInputVersion(version, options);
      return clonedVersion && doTruncation(clonedVersion, truncation);
    };
    var cloneInputVersion = (version, options) => {
      const versionStringToParse = version instanceof SemVer ? version.version : version;
      return parse2(versionStringToParse, options);
    };
    var doTruncation = (version, truncation) => {
      if (isPrerelease(truncation)) {
        return version.version;
      }
      version.prerelease = [];
      switch (truncation) {
        case "major":
          version.minor = 0;
          version.patch = 0;
          break;
        case "minor":
          version.patch = 0;
          break;
      }
      return version.format();
    };
    var isPrerelease = (type) => {
      return type.startsWith("pre");
    };
    module2.exports = truncate;
  }
});

// node_modules/semver/internal/lrucache.js
var require_lrucache = __commonJS({
  "node_modules/semver/internal/lrucache.js"(exports2, module2) {
    "use strict";
    var LRUCache = class {
      constructor() {
        this.max = 1e3;
        this.map = /* @__PURE__ */ new Map();
      }
      get(key) {
        const value = this.map.get(key);
        if (value === void 0) {
          return void 0;
        } else {
          this.map.delete(key);
          this.map.set(key, value);
          return value;
        }
      }
      delete(key) {
        return this.map.delete(key);
      }
      set(key, value) {
        const deleted = this.delete(key);
        if (!deleted && value !== void 0) {
          if (this.map.size >= this.max) {
            const firstKey = this.map.keys().next().value;
            this.delete(firstKey);
          }
          this.map.set(key, value);
        }
        return this;
      }
    };
    module2.exports = LRUCache;
  }
});

// node_modules/semver/internal/trim-comparator-whitespace.js
var require_trim_comparator_whitespace = __commonJS({
  "node_modules/semver/internal/trim-comparator-whitespace.js"(exports2, module2) {
    "use strict";
    var {
      MAX_LENGTH,
      MAX_SAFE_BUILD_LENGTH,
      WHITESPACE_CHARACTERS
    } = require_constants();
    var whitespace = new Uint8Array(65536);
    for (const char of WHITESPACE_CHARACTERS) {
      whitespace[char.charCodeAt(0)] = 1;
    }
    var isWhitespace = (char) => char !== void 0 && whitespace[char.charCodeAt(0)] === 1;
    var isVersionPrefix = (char) => char === "v" || char === "=" || isWhitespace(char);
    var isDigit2 = (char) => char !== void 0 && char >= "0" && char <= "9";
    var isLetter = (char) => char !== void 0 && (char >= "a" && char <= "z" || char >= "A" && char <= "Z");
    var isIdentifierCharacter = (char) => isDigit2(char) || isLetter(char) || char === "-";
    var isVersionStart = (char) => isDigit2(char) || char === "x" || char === "X" || char === "*";
    var findDigitsEndIndex = (range, start, limit, digitRuns) => {
      if (!isDigit2(range[start])) {
        return start;
      }
      if (start >= digitRuns.start && start < digitRuns.end) {
        return Math.min(start + limit, digitRuns.end);
      }
      if (start >= digitRuns.previousStart && start < digitRuns.previousEnd) {
        return Math.min(start + limit, digitRuns.previousEnd);
      }
      let end = start + 1;
      while (isDigit2(range[end])) {
        end++;
      }
      digitRuns.previousStart = digitRuns.start;
      digitRuns.previousEnd = digitRuns.end;
      digitRuns.start = start;
      digitRuns.end = end;
      return Math.min(start + limit, end);
    };
    var findVersionNumberEndIndex = (range, start, loose, digitRuns) => {
      if (!loose && range[start] === "0") {
        return start + 1;
      }
      return findDigitsEndIndex(range, start, loose ? MAX_LENGTH : MAX_LENGTH + 1, digitRuns);
    };
    var findPrereleaseIdentifierEndIndex = (range, start, loose, digitRuns) => {
      const digitsEnd = findDigitsEndIndex(range, start, MAX_LENGTH, digitRuns);
      if (isLetter(range[digitsEnd]) || range[digitsEnd] === "-") {
        let end = digitsEnd + 1;
        const limit = end + MAX_SAFE_BUILD_LENGTH;
        while (end < limit && isIdentifierCharacter(range[end])) {
          end++;
        }
        return end;
      }
      return findVersionNumberEndIndex(range, start, loose, digitRuns);
    };
    var findPrereleaseEndIndex = (range, start, loose, digitRuns) => {
      const hyphen = range[start] === "-";
      if (!loose && !hyphen) {
        return start;
      }
      const identifierStart = start + (hyphen ? 1 : 0);
      let end = findPrereleaseIdentifierEndIndex(range, identifierStart, loose, digitRuns);
      if (end === identifierStart) {
        if (!loose || !hyphen) {
          return start;
        }
        end = findPrereleaseIdentifierEndIndex(range, start, loose, digitRuns);
      }
      while (range[end] === ".") {
        const next = findPrereleaseIdentifierEndIndex(range, end + 1, loose, digitRuns);
        if (next === end + 1) {
          break;
        }
        end = next;
      }
      return end;
    };
    var findBuildIdentifierEndIndex = (range, start) => {
      let end = start;
      while (end - start < MAX_SAFE_BUILD_LENGTH && isIdentifierCharacter(range[end])) {
        end++;
      }
      return end;
    };
    var findBuildEndIndex = (range, start) => {
      if (range[start] !== "+") {
        return start;
      }
      let end = findBuildIdentifierEndIndex(range, start + 1);
      if (end === start + 1) {
        return start;
      }
      while (range[end] === ".") {
        const next = findBuildIdentifierEndIndex(range, end + 1);
        if (next === end + 1) {
          break;
        }
        end = next;
      }
      return end;
    };
    var findLooseFullVersionEndIndex = (range, start, digitRuns) => {
      let end = start;
      for (let component = 0; component < 3; component++) {
        const next = findVersionNumberEndIndex(range, end, true, digitRuns);
        if (next === end) {
          return start;
        }
        end = next;
        if (component < 2) {
          if (range[end] !== ".") {
            return start;
          }
          end++;
        }
      }
      const prereleaseEnd = findPrereleaseEndIndex(range, end, true, digitRuns);
      return findBuildEndIndex(range, prereleaseEnd);
    };
    var findPartialVersionComponentEndIndex = (range, start, digitRuns) => {
      if (isDigit2(range[start])) {
        return findVersionNumberEndIndex(range, start, false, digitRuns);
      }
      return isVersionStart(range[start]) ? start + 1 : start;
    };
    var findPartialVersionEndIndex = (range, start, digitRuns) => {
      let end = findPartialVersionComponentEndIndex(range, start, digitRuns);
      for (let component = 0; component < 2; component++) {
        if (range[end] !== ".") {
          return end;
        }
        const next = findPartialVersionComponentEndIndex(range, end + 1, digitRuns);
        if (next === end + 1) {
          return end;
        }
        end = next;
      }
      const prereleaseEnd = findPrereleaseEndIndex(range, end, false, digitRuns);
      return findBuildEndIndex(range, prereleaseEnd);
    };
    var findVersionEndIndex = (range, start, digitRuns) => {
      const fullVersionEnd = findLooseFullVersionEndIndex(range, start, digitRuns);
      return fullVersionEnd !== start ? fullVersionEnd : findPartialVersionEndIndex(range, start, digitRuns);
    };
    var findRemovableWhitespaceIndex = (range, matchStart) => {
      let position = matchStart;
      if (isWhitespace(range[position])) {
        position++;
      }
      if (range[position] === "<" || range[position] === ">") {
        position++;
      }
      if (range[position] === "=") {
        position++;
      }
      return isWhitespace(range[position]) ? position : -1;
    };
    var trimComparatorWhitespace = (range) => {
      let result = "";
      let copyFrom = 0;
      let cursor = 0;
      const digitRuns = { start: -1, end: -1, previousStart: -1, previousEnd: -1 };
      while (cursor < range.length) {
        const matchStart = cursor;
        if (range[cursor] === "<" || range[cursor] === ">") {
          cursor++;
        } else if (!isVersionPrefix(range[cursor]) && !isVersionStart(range[cursor])) {
          cursor++;
          continue;
        }
        while (cursor < range.length && isVersionPrefix(range[cursor])) {
          cursor++;
        }
        if (!isVersionStart(range[cursor])) {
          continue;
        }
        const whitespacePosition = findRemovableWhitespaceIndex(range, matchStart);
        if (whitespacePosition !== -1) {
          result += range.slice(copyFrom, whitespacePosition);
          copyFrom = whitespacePosition + 1;
        }
        cursor = findVersionEndIndex(range, cursor, digitRuns);
      }
      return result + range.slice(copyFrom);
    };
    module2.exports = trimComparatorWhitespace;
  }
});

// node_modules/semver/classes/range.js
var require_range = __commonJS({
  "node_modules/semver/classes/range.js"(exports2, module2) {
    "use strict";
    var SPACE_CHARACTERS = /\s+/g;
    var Range = class _Range {
      constructor(range, options) {
        options = parseOptions(options);
        if (range instanceof _Range) {
          if (range.loose === !!options.loose && range.includePrerelease === !!options.includePrerelease) {
            return range;
          } else {
            return new _Range(range.raw, options);
          }
        }
        if (range instanceof Comparator) {
          this.raw = range.value;
          this.set = [[range]];
          this.formatted = void 0;
          return this;
        }
        this.options = options;
        this.loose = !!options.loose;
        this.includePrerelease = !!options.includePrerelease;
        this.raw = range.trim().replace(SPACE_CHARACTERS, " ");
        this.set = this.raw.split("||").map((r) => this.parseRange(r.trim())).filter((c) => c.length);
        if (!this.set.length) {
          throw new TypeError(`Invalid SemVer Range: ${this.raw}`);
        }
        if (this.set.length > 1) {
          const first = this.set[0];
          this.set = this.set.filter((c) => !isNullSet(c[0]));
          if (this.set.length === 0) {
            this.set = [first];
          } else if (this.set.length > 1) {
            for (const c of this.set) {
              if (c.length === 1 && isAny(c[0])) {
                this.set = [c];
                break;
              }
            }
          }
        }
        this.formatted = void 0;
      }
      get range() {
        if (this.formatted === void 0) {
          this.formatted = "";
          for (let i = 0; i < this.set.length; i++) {
            if (i > 0) {
              this.formatted += "||";
            }
            const comps = this.set[i];
            for (let k = 0; k < comps.length; k++) {
              if (k > 0) {
                this.formatted += " ";
              }
              this.formatted += comps[k].toString().trim();
            }
          }
        }
        return this.formatted;
      }
      format() {
        return this.range;
      }
      toString() {
        return this.range;
      }
      parseRange(range) {
        range = range.replace(BUILDSTRIPRE, "");
        const memoOpts = (this.options.includePrerelease && FLAG_INCLUDE_PRERELEASE) | (this.options.loose && FLAG_LOOSE);
        const memoKey = memoOpts + ":" + range;
        const cached = cache.get(memoKey);
        if (cached) {
          return cached;
        }
        const loose = this.options.loose;
        const hr = loose ? re[t.HYPHENRANGELOOSE] : re[t.HYPHENRANGE];
        range = range.replace(hr, hyphenReplace(this.options.includePrerelease));
        debug("hyphen replace", range);
        range = trimComparatorWhitespace(range);
        debug("comparator trim", range);
        range = range.replace(re[t.TILDETRIM], tildeTrimReplace);
        debug("tilde trim", range);
        range = range.replace(re[t.CARETTRIM], caretTrimReplace);
        debug("caret trim", range);
        let rangeList = range.split(" ").map((comp) => parseComparator(comp, this.options)).join(" ").split(/\s+/).map((comp) => replaceGTE0(comp, this.options));
        if (loose) {
          rangeList = rangeList.filter((comp) => {
            debug("loose invalid filter", comp, this.options);
            return !!comp.match(re[t.COMPARATORLOOSE]);
          });
        }
        debug("range list", rangeList);
        const rangeMap = /* @__PURE__ */ new Map();
        const comparators = rangeList.map((comp) => new Comparator(comp, this.options));
        for (const comp of comparators) {
          if (isNullSet(comp)) {
            return [comp];
          }
          rangeMap.set(comp.value, comp);
        }
        if (rangeMap.size > 1 && rangeMap.has("")) {
          rangeMap.delete("");
        }
        const result = [...rangeMap.values()];
        cache.set(memoKey, result);
        return result;
      }
      intersects(range, options) {
        if (!(range instanceof _Range)) {
          throw new TypeError("a Range is required");
        }
        return this.set.some((thisComparators) => {
          return isSatisfiable(thisComparators, options) && range.set.some((rangeComparators) => {
            return isSatisfiable(rangeComparators, options) && thisComparators.every((thisComparator) => {
              return rangeComparators.every((rangeComparator) => {
                return thisComparator.intersects(rangeComparator, options);
              });
            });
          });
        });
      }
      // if ANY of the sets match ALL of its comparators, then pass
      test(version) {
        if (!version) {
          return false;
        }
        if (typeof version === "string") {
          try {
            version = new SemVer(version, this.options);
          } catch (er) {
            return false;
          }
        }
        for (let i = 0; i < this.set.length; i++) {
          if (testSet(this.set[i], version, this.options)) {
            return true;
          }
        }
        return false;
      }
    };
    module2.exports = Range;
    var LRU = require_lrucache();
    var cache = new LRU();
    var parseOptions = require_parse_options();
    var Comparator = require_comparator();
    var debug = require_debug();
    var SemVer = require_semver();
    var trimComparatorWhitespace = require_trim_comparator_whitespace();
    var {
      safeRe: re,
      src,
      t,
      tildeTrimReplace,
      caretTrimReplace
    } = require_re();
    var { FLAG_INCLUDE_PRERELEASE, FLAG_LOOSE } = require_constants();
    var BUILDSTRIPRE = new RegExp(src[t.BUILD], "g");
    var isNullSet = (c) => c.value === "<0.0.0-0";
    var isAny = (c) => c.value === "";
    var isSatisfiable = (comparators, options) => {
      let result = true;
      const remainingComparators = comparators.slice();
      let testComparator = remainingComparators.pop();
      while (result && remainingComparators.length) {
        result = remainingComparators.every((otherComparator) => {
          return testComparator.intersects(otherComparator, options);
        });
        testComparator = remainingComparators.pop();
      }
      return result;
    };
    var parseComparator = (comp, options) => {
      comp = comp.replace(re[t.BUILD], "");
      debug("comp", comp, options);
      comp = replaceCarets(comp, options);
      debug("caret", comp);
      comp = replaceTildes(comp, options);
      debug("tildes", comp);
      comp = replaceXRanges(comp, options);
      debug("xrange", comp);
      comp = replaceStars(comp, options);
      debug("stars", comp);
      return comp;
    };
    var isX = (id) => !id || id.toLowerCase() === "x" || id === "*";
    var invalidXRangeOrder = (M, m, p) => isX(M) && !isX(m) || isX(m) && p && !isX(p);
    var replaceTildes = (comp, options) => {
      return comp.trim().split(/\s+/).map((c) => replaceTilde(c, options)).join(" ");
    };
    var replaceTilde = (comp, options) => {
      const r = options.loose ? re[t.TILDELOOSE] : re[t.TILDE];
      const z = options.includePrerelease ? "-0" : "";
      return comp.replace(r, (_, M, m, p, pr) => {
        debug("tilde", comp, _, M, m, p, pr);
        let ret;
        if (isX(M)) {
          ret = "";
        } else if (isX(m)) {
          ret = `>=${M}.0.0${z} <${+M + 1}.0.0-0`;
        } else if (isX(p)) {
          ret = `>=${M}.${m}.0${z} <${M}.${+m + 1}.0-0`;
        } else if (pr) {
          debug("replaceTilde pr", pr);
          ret = `>=${M}.${m}.${p}-${pr} <${M}.${+m + 1}.0-0`;
        } else {
          ret = `>=${M}.${m}.${p} <${M}.${+m + 1}.0-0`;
        }
        debug("tilde return", ret);
        return ret;
      });
    };
    var replaceCarets = (comp, options) => {
      return comp.trim().split(/\s+/).map((c) => replaceCaret(c, options)).join(" ");
    };
    var replaceCaret = (comp, options) => {
      debug("caret", comp, options);
      const r = options.loose ? re[t.CARETLOOSE] : re[t.CARET];
      const z = options.includePrerelease ? "-0" : "";
      return comp.replace(r, (_, M, m, p, pr) => {
        debug("caret", comp, _, M, m, p, pr);
        let ret;
        if (isX(M)) {
          ret = "";
        } else if (isX(m)) {
          ret = `>=${M}.0.0${z} <${+M + 1}.0.0-0`;
        } else if (isX(p)) {
          if (M === "0") {
            ret = `>=${M}.${m}.0${z} <${M}.${+m + 1}.0-0`;
          } else {
            ret = `>=${M}.${m}.0${z} <${+M + 1}.0.0-0`;
          }
        } else if (pr) {
          debug("replaceCaret pr", pr);
          if (M === "0") {
            if (m === "0") {
              ret = `>=${M}.${m}.${p}-${pr} <${M}.${m}.${+p + 1}-0`;
            } else {
              ret = `>=${M}.${m}.${p}-${pr} <${M}.${+m + 1}.0-0`;
            }
          } else {
            ret = `>=${M}.${m}.${p}-${pr} <${+M + 1}.0.0-0`;
          }
        } else {
          debug("no pr");
          if (M === "0") {
            if (m === "0") {
              ret = `>=${M}.${m}.${p} <${M}.${m}.${+p + 1}-0`;
            } else {
              ret = `>=${M}.${m}.${p} <${M}.${+m + 1}.0-0`;
            }
          } else {
            ret = `>=${M}.${m}.${p} <${+M + 1}.0.0-0`;
          }
        }
        debug("caret return", ret);
        return ret;
      });
    };
    var replaceXRanges = (comp, options) => {
      debug("replaceXRanges", comp, options);
      return comp.split(/\s+/).map((c) => replaceXRange(c, options)).join(" ");
    };
    var replaceXRange = (comp, options) => {
      comp = comp.trim();
      const r = options.loose ? re[t.XRANGELOOSE] : re[t.XRANGE];
      return comp.replace(r, (ret, gtlt, M, m, p, pr) => {
        debug("xRange", comp, ret, gtlt, M, m, p, pr);
        if (invalidXRangeOrder(M, m, p)) {
          return comp;
        }
        const xM = isX(M);
        const xm = xM || isX(m);
        const xp = xm || isX(p);
        const anyX = xp;
        if (gtlt === "=" && anyX) {
          gtlt = "";
        }
        pr = options.includePrerelease ? "-0" : "";
        if (xM) {
          if (gtlt === ">" || gtlt === "<") {
            ret = "<0.0.0-0";
          } else {
            ret = "*";
          }
        } else if (gtlt && anyX) {
          if (xm) {
            m = 0;
          }
          p = 0;
          if (gtlt === ">") {
            gtlt = ">=";
            if (xm) {
              M = +M + 1;
              m = 0;
              p = 0;
            } else {
              m = +m + 1;
              p = 0;
            }
          } else if (gtlt === "<=") {
            gtlt = "<";
            if (xm) {
              M = +M + 1;
            } else {
              m = +m + 1;
            }
          }
          if (gtlt === "<") {
            pr = "-0";
          }
          ret = `${gtlt + M}.${m}.${p}${pr}`;
        } else if (xm) {
          ret = `>=${M}.0.0${pr} <${+M + 1}.0.0-0`;
        } else if (xp) {
          ret = `>=${M}.${m}.0${pr} <${M}.${+m + 1}.0-0`;
        }
        debug("xRange return", ret);
        return ret;
      });
    };
    var replaceStars = (comp, options) => {
      debug("replaceStars", comp, options);
      return comp.trim().replace(re[t.STAR], "");
    };
    var replaceGTE0 = (comp, options) => {
      debug("replaceGTE0", comp, options);
      return comp.trim().replace(re[options.includePrerelease ? t.GTE0PRE : t.GTE0], "");
    };
    var hyphenReplace = (incPr) => ($0, from, fM, fm, fp, fpr, fb, to, tM, tm, tp, tpr) => {
      if (isX(fM)) {
        from = "";
      } else if (isX(fm)) {
        from = `>=${fM}.0.0${incPr ? "-0" : ""}`;
      } else if (isX(fp)) {
        from = `>=${fM}.${fm}.0${incPr ? "-0" : ""}`;
      } else if (fpr) {
        from = `>=${from}`;
      } else {
        from = `>=${from}${incPr ? "-0" : ""}`;
      }
      if (isX(tM)) {
        to = "";
      } else if (isX(tm)) {
        to = `<${+tM + 1}.0.0-0`;
      } else if (isX(tp)) {
        to = `<${tM}.${+tm + 1}.0-0`;
      } else if (tpr) {
        to = `<=${tM}.${tm}.${tp}-${tpr}`;
      } else if (incPr) {
        to = `<${tM}.${tm}.${+tp + 1}-0`;
      } else {
        to = `<=${to}`;
      }
      return `${from} ${to}`.trim();
    };
    var testSet = (set, version, options) => {
      for (let i = 0; i < set.length; i++) {
        if (!set[i].test(version)) {
          return false;
        }
      }
      if (version.prerelease.length && !options.includePrerelease) {
        for (let i = 0; i < set.length; i++) {
          debug(set[i].semver);
          if (set[i].semver === Comparator.ANY) {
            continue;
          }
          if (set[i].semver.prerelease.length > 0) {
            const allowed = set[i].semver;
            if (allowed.major === version.major && allowed.minor === version.minor && allowed.patch === version.patch) {
              return true;
            }
          }
        }
        return false;
      }
      return true;
    };
  }
});

// node_modules/semver/classes/comparator.js
var require_comparator = __commonJS({
  "node_modules/semver/classes/comparator.js"(exports2, module2) {
    "use strict";
    var ANY = /* @__PURE__ */ Symbol("SemVer ANY");
    var Comparator = class _Comparator {
      static get ANY() {
        return ANY;
      }
      constructor(comp, options) {
        options = parseOptions(options);
        if (comp instanceof _Comparator) {
          if (comp.loose === !!options.loose) {
            return comp;
          } else {
            comp = comp.value;
          }
        }
        comp = comp.trim().split(/\s+/).join(" ");
        debug("comparator", comp, options);
        this.options = options;
        this.loose = !!options.loose;
        this.parse(comp);
        if (this.semver === ANY) {
          this.value = "";
        } else {
          this.value = this.operator + this.semver.version;
        }
        debug("comp", this);
      }
      parse(comp) {
        const r = this.options.loose ? re[t.COMPARATORLOOSE] : re[t.COMPARATOR];
        const m = comp.match(r);
        if (!m) {
          throw new TypeError(`Invalid comparator: ${comp}`);
        }
        this.operator = m[1] !== void 0 ? m[1] : "";
        if (this.operator === "=") {
          this.operator = "";
        }
        if (!m[2]) {
          this.semver = ANY;
        } else {
          this.semver = new SemVer(m[2], this.options.loose);
        }
      }
      toString() {
        return this.value;
      }
      test(version) {
        debug("Comparator.test", version, this.options.loose);
        if (this.semver === ANY || version === ANY) {
          return true;
        }
        if (typeof version === "string") {
          try {
            version = new SemVer(version, this.options);
          } catch (er) {
            return false;
          }
        }
        return cmp(version, this.operator, this.semver, this.options);
      }
      intersects(comp, options) {
        if (!(comp instanceof _Comparator)) {
          throw new TypeError("a Comparator is required");
        }
        if (this.operator === "") {
          if (this.value === "") {
            return true;
          }
          return new Range(comp.value, options).test(this.value);
        } else if (comp.operator === "") {
          if (comp.value === "") {
            return true;
          }
          return new Range(this.value, options).test(comp.semver);
        }
        options = parseOptions(options);
        if (options.includePrerelease && (this.value === "<0.0.0-0" || comp.value === "<0.0.0-0")) {
          return false;
        }
        if (!options.includePrerelease && (this.value.startsWith("<0.0.0") || comp.value.startsWith("<0.0.0"))) {
          return false;
        }
        if (this.operator.startsWith(">") && comp.operator.startsWith(">")) {
          return true;
        }
        if (this.operator.startsWith("<") && comp.operator.startsWith("<")) {
          return true;
        }
        if (this.semver.version === comp.semver.version && this.operator.includes("=") && comp.operator.includes("=")) {
          return true;
        }
        if (cmp(this.semver, "<", comp.semver, options) && this.operator.startsWith(">") && comp.operator.startsWith("<")) {
          return true;
        }
        if (cmp(this.semver, ">", comp.semver, options) && this.operator.startsWith("<") && comp.operator.startsWith(">")) {
          return true;
        }
        return false;
      }
    };
    module2.exports = Comparator;
    var parseOptions = require_parse_options();
    var { safeRe: re, t } = require_re();
    var cmp = require_cmp();
    var debug = require_debug();
    var SemVer = require_semver();
    var Range = require_range();
  }
});

// node_modules/semver/functions/satisfies.js
var require_satisfies = __commonJS({
  "node_modules/semver/functions/satisfies.js"(exports2, module2) {
    "use strict";
    var Range = require_range();
    var satisfies = (version, range, options) => {
      try {
        range = new Range(range, options);
      } catch (er) {
        return false;
      }
      return range.test(version);
    };
    module2.exports = satisfies;
  }
});

// node_modules/semver/ranges/to-comparators.js
var require_to_comparators = __commonJS({
  "node_modules/semver/ranges/to-comparators.js"(exports2, module2) {
    "use strict";
    var Range = require_range();
    var toComparators = (range, options) => new Range(range, options).set.map((comp) => comp.map((c) => c.value).join(" ").trim().split(" "));
    module2.exports = toComparators;
  }
});

// node_modules/semver/ranges/max-satisfying.js
var require_max_satisfying = __commonJS({
  "node_modules/semver/ranges/max-satisfying.js"(exports2, module2) {
    "use strict";
    var SemVer = require_semver();
    var Range = require_range();
    var maxSatisfying = (versions, range, options) => {
      let max = null;
      let maxSV = null;
      let rangeObj = null;
      try {
        rangeObj = new Range(range, options);
      } catch (er) {
        return null;
      }
      versions.forEach((v) => {
        if (rangeObj.test(v)) {
          if (!max || maxSV.compare(v) === -1) {
            max = v;
            maxSV = new SemVer(max, options);
          }
        }
      });
      return max;
    };
    module2.exports = maxSatisfying;
  }
});

// node_modules/semver/ranges/min-satisfying.js
var require_min_satisfying = __commonJS({
  "node_modules/semver/ranges/min-satisfying.js"(exports2, module2) {
    "use strict";
    var SemVer = require_semver();
    var Range = require_range();
    var minSatisfying = (versions, range, options) => {
      let min = null;
      let minSV = null;
      let rangeObj = null;
      try {
        rangeObj = new Range(range, options);
      } catch (er) {
        return null;
      }
      versions.forEach((v) => {
        if (rangeObj.test(v)) {
          if (!min || minSV.compare(v) === 1) {
            min = v;
            minSV = new SemVer(min, options);
          }
        }
      });
      return min;
    };
    module2.exports = minSatisfying;
  }
});

// node_modules/semver/ranges/min-version.js
var require_min_version = __commonJS({
  "node_modules/semver/ranges/min-version.js"(exports2, module2) {
    "use strict";
    var SemVer = require_semver();
    var Range = require_range();
    var gt = require_gt();
    var minVersion = (range, loose) => {
      range = new Range(range, loose);
      let minver = new SemVer("0.0.0");
      if (range.test(minver)) {
        return minver;
      }
      minver = new SemVer("0.0.0-0");
      if (range.test(minver)) {
        return minver;
      }
      minver = null;
      for (let i = 0; i < range.set.length; ++i) {
        const comparators = range.set[i];
        let setMin = null;
        comparators.forEach((comparator) => {
          const compver = new SemVer(comparator.semver.version);
          switch (comparator.operator) {
            case ">":
              if (compver.prerelease.length === 0) {
                compver.patch++;
              } else {
                compver.prerelease.push(0);
              }
              compver.raw = compver.format();
            /* fallthrough */
            case "":
            case ">=":
              if (!setMin || gt(compver, setMin)) {
                setMin = compver;
              }
              break;
            case "<":
            case "<=":
              break;
            /* istanbul ignore next */
            default:
              throw new Error(`Unexpected operation: ${comparator.operator}`);
          }
        });
        if (setMin && (!minver || gt(minver, setMin))) {
          minver = setMin;
        }
      }
      if (minver && range.test(minver)) {
        return minver;
      }
      return null;
    };
    module2.exports = minVersion;
  }
});

// node_modules/semver/ranges/valid.js
var require_valid2 = __commonJS({
  "node_modules/semver/ranges/valid.js"(exports2, module2) {
    "use strict";
    var Range = require_range();
    var validRange = (range, options) => {
      try {
        return new Range(range, options).range || "*";
      } catch (er) {
        return null;
      }
    };
    module2.exports = validRange;
  }
});

// node_modules/semver/ranges/outside.js
var require_outside = __commonJS({
  "node_modules/semver/ranges/outside.js"(exports2, module2) {
    "use strict";
    var SemVer = require_semver();
    var Comparator = require_comparator();
    var { ANY } = Comparator;
    var Range = require_range();
    var satisfies = require_satisfies();
    var gt = require_gt();
    var lt = require_lt();
    var lte = require_lte();
    var gte = require_gte();
    var outside = (version, range, hilo, options) => {
      version = new SemVer(version, options);
      range = new Range(range, options);
      let gtfn, ltefn, ltfn, comp, ecomp;
      switch (hilo) {
        case ">":
          gtfn = gt;
          ltefn = lte;
          ltfn = lt;
          comp = ">";
          ecomp = ">=";
          break;
        case "<":
          gtfn = lt;
          ltefn = gte;
          ltfn = gt;
          comp = "<";
          ecomp = "<=";
          break;
        default:
          throw new TypeError('Must provide a hilo val of "<" or ">"');
      }
      if (satisfies(version, range, options)) {
        return false;
      }
      for (let i = 0; i < range.set.length; ++i) {
        const comparators = range.set[i];
        let high = null;
        let low = null;
        comparators.forEach((comparator) => {
          if (comparator.semver === ANY) {
            comparator = new Comparator(">=0.0.0");
          }
          high = high || comparator;
          low = low || comparator;
          if (gtfn(comparator.semver, high.semver, options)) {
            high = comparator;
          } else if (ltfn(comparator.semver, low.semver, options)) {
            low = comparator;
          }
        });
        if (high.operator === comp || high.operator === ecomp) {
          return false;
        }
        if ((!low.operator || low.operator === comp) && ltefn(version, low.semver)) {
          return false;
        } else if (low.operator === ecomp && ltfn(version, low.semver)) {
          return false;
        }
      }
      return true;
    };
    module2.exports = outside;
  }
});

// node_modules/semver/ranges/gtr.js
var require_gtr = __commonJS({
  "node_modules/semver/ranges/gtr.js"(exports2, module2) {
    "use strict";
    var outside = require_outside();
    var gtr = (version, range, options) => outside(version, range, ">", options);
    module2.exports = gtr;
  }
});

// node_modules/semver/ranges/ltr.js
var require_ltr = __commonJS({
  "node_modules/semver/ranges/ltr.js"(exports2, module2) {
    "use strict";
    var outside = require_outside();
    var ltr = (version, range, options) => outside(version, range, "<", options);
    module2.exports = ltr;
  }
});

// node_modules/semver/ranges/intersects.js
var require_intersects = __commonJS({
  "node_modules/semver/ranges/intersects.js"(exports2, module2) {
    "use strict";
    var Range = require_range();
    var intersects = (r1, r2, options) => {
      r1 = new Range(r1, options);
      r2 = new Range(r2, options);
      return r1.intersects(r2, options);
    };
    module2.exports = intersects;
  }
});

// node_modules/semver/ranges/simplify.js
var require_simplify = __commonJS({
  "node_modules/semver/ranges/simplify.js"(exports2, module2) {
    "use strict";
    var satisfies = require_satisfies();
    var compare = require_compare();
    module2.exports = (versions, range, options) => {
      const set = [];
      let first = null;
      let prev = null;
      const v = versions.sort((a, b) => compare(a, b, options));
      for (const version of v) {
        const included = satisfies(version, range, options);
        if (included) {
          prev = version;
          if (!first) {
            first = version;
          }
        } else {
          if (prev) {
            set.push([first, prev]);
          }
          prev = null;
          first = null;
        }
      }
      if (first) {
        set.push([first, null]);
      }
      const ranges = [];
      for (const [min, max] of set) {
        if (min === max) {
          ranges.push(min);
        } else if (!max && min === v[0]) {
          ranges.push("*");
        } else if (!max) {
          ranges.push(`>=${min}`);
        } else if (min === v[0]) {
          ranges.push(`<=${max}`);
        } else {
          ranges.push(`${min} - ${max}`);
        }
      }
      const simplified = ranges.join(" || ");
      const original = typeof range.raw === "string" ? range.raw : String(range);
      return simplified.length < original.length ? simplified : range;
    };
  }
});

// node_modules/semver/ranges/subset.js
var require_subset = __commonJS({
  "node_modules/semver/ranges/subset.js"(exports2, module2) {
    "use strict";
    var Range = require_range();
    var Comparator = require_comparator();
    var { ANY } = Comparator;
    var satisfies = require_satisfies();
    var compare = require_compare();
    var subset = (sub, dom, options = {}) => {
      if (sub === dom) {
        return true;
      }
      sub = new Range(sub, options);
      dom = new Range(dom, options);
      let sawNonNull = false;
      OUTER: for (const simpleSub of sub.set) {
        for (const simpleDom of dom.set) {
          const isSub = simpleSubset(simpleSub, simpleDom, options);
          sawNonNull = sawNonNull || isSub !== null;
          if (isSub) {
            continue OUTER;
          }
        }
        if (sawNonNull) {
          return false;
        }
      }
      return true;
    };
    var minimumVersionWithPreRelease = [new Comparator(">=0.0.0-0")];
    var minimumVersion = [new Comparator(">=0.0.0")];
    var simpleSubset = (sub, dom, options) => {
      if (sub === dom) {
        return true;
      }
      if (sub.length === 1 && sub[0].semver === ANY) {
        if (dom.length === 1 && dom[0].semver === ANY) {
          return true;
        } else if (options.includePrerelease) {
          sub = minimumVersionWithPreRelease;
        } else {
          sub = minimumVersion;
        }
      }
      if (dom.length === 1 && dom[0].semver === ANY) {
        if (options.includePrerelease) {
          return true;
        } else {
          dom = minimumVersion;
        }
      }
      const eqSet = /* @__PURE__ */ new Set();
      let gt, lt;
      for (const c of sub) {
        if (c.operator === ">" || c.operator === ">=") {
          gt = higherGT(gt, c, options);
        } else if (c.operator === "<" || c.operator === "<=") {
          lt = lowerLT(lt, c, options);
        } else {
          eqSet.add(c.semver);
        }
      }
      if (eqSet.size > 1) {
        return null;
      }
      let gtltComp;
      if (gt && lt) {
        gtltComp = compare(gt.semver, lt.semver, options);
        if (gtltComp > 0) {
          return null;
        } else if (gtltComp === 0 && (gt.operator !== ">=" || lt.operator !== "<=")) {
          return null;
        }
      }
      for (const eq of eqSet) {
        if (gt && !satisfies(eq, String(gt), options)) {
          return null;
        }
        if (lt && !satisfies(eq, String(lt), options)) {
          return null;
        }
        for (const c of dom) {
          if (!satisfies(eq, String(c), options)) {
            return false;
          }
        }
        return true;
      }
      let higher, lower;
      let hasDomLT, hasDomGT;
      let needDomLTPre = lt && !options.includePrerelease && lt.semver.prerelease.length ? lt.semver : false;
      let needDomGTPre = gt && !options.includePrerelease && gt.semver.prerelease.length ? gt.semver : false;
      if (needDomLTPre && needDomLTPre.prerelease.length === 1 && lt.operator === "<" && needDomLTPre.prerelease[0] === 0) {
        needDomLTPre = false;
      }
      for (const c of dom) {
        hasDomGT = hasDomGT || c.operator === ">" || c.operator === ">=";
        hasDomLT = hasDomLT || c.operator === "<" || c.operator === "<=";
        if (gt) {
          if (needDomGTPre) {
            if (c.semver.prerelease && c.semver.prerelease.length && c.semver.major === needDomGTPre.major && c.semver.minor === needDomGTPre.minor && c.semver.patch === needDomGTPre.patch) {
              needDomGTPre = false;
            }
          }
          if (c.operator === ">" || c.operator === ">=") {
            higher = higherGT(gt, c, options);
            if (higher === c && higher !== gt) {
              return false;
            }
          } else if (gt.operator === ">=" && !c.test(gt.semver)) {
            return false;
          }
        }
        if (lt) {
          if (needDomLTPre) {
            if (c.semver.prerelease && c.semver.prerelease.length && c.semver.major === needDomLTPre.major && c.semver.minor === needDomLTPre.minor && c.semver.patch === needDomLTPre.patch) {
              needDomLTPre = false;
            }
          }
          if (c.operator === "<" || c.operator === "<=") {
            lower = lowerLT(lt, c, options);
            if (lower === c && lower !== lt) {
              return false;
            }
          } else if (lt.operator === "<=" && !c.test(lt.semver)) {
            return false;
          }
        }
        if (!c.operator && (lt || gt) && gtltComp !== 0) {
          return false;
        }
      }
      if (gt && hasDomLT && !lt && gtltComp !== 0) {
        return false;
      }
      if (lt && hasDomGT && !gt && gtltComp !== 0) {
        return false;
      }
      if (needDomGTPre || needDomLTPre) {
        return false;
      }
      return true;
    };
    var higherGT = (a, b, options) => {
      if (!a) {
        return b;
      }
      const comp = compare(a.semver, b.semver, options);
      return comp > 0 ? a : comp < 0 ? b : b.operator === ">" && a.operator === ">=" ? b : a;
    };
    var lowerLT = (a, b, options) => {
      if (!a) {
        return b;
      }
      const comp = compare(a.semver, b.semver, options);
      return comp < 0 ? a : comp > 0 ? b : b.operator === "<" && a.operator === "<=" ? b : a;
    };
    module2.exports = subset;
  }
});

// node_modules/semver/index.js
var require_semver2 = __commonJS({
  "node_modules/semver/index.js"(exports2, module2) {
    "use strict";
    var internalRe = require_re();
    var constants3 = require_constants();
    var SemVer = require_semver();
    var identifiers = require_identifiers();
    var parse2 = require_parse();
    var valid = require_valid();
    var clean = require_clean();
    var inc = require_inc();
    var diff = require_diff();
    var major = require_major();
    var minor = require_minor();
    var patch = require_patch();
    var prerelease = require_prerelease();
    var compare = require_compare();
    var rcompare = require_rcompare();
    var compareLoose = require_compare_loose();
    var compareBuild = require_compare_build();
    var sort = require_sort();
    var rsort = require_rsort();
    var gt = require_gt();
    var lt = require_lt();
    var eq = require_eq();
    var neq = require_neq();
    var gte = require_gte();
    var lte = require_lte();
    var cmp = require_cmp();
    var coerce = require_coerce();
    var truncate = require_truncate();
    var Comparator = require_comparator();
    var Range = require_range();
    var satisfies = require_satisfies();
    var toComparators = require_to_comparators();
    var maxSatisfying = require_max_satisfying();
    var minSatisfying = require_min_satisfying();
    var minVersion = require_min_version();
    var validRange = require_valid2();
    var outside = require_outside();
    var gtr = require_gtr();
    var ltr = require_ltr();
    var intersects = require_intersects();
    var simplifyRange = require_simplify();
    var subset = require_subset();
    module2.exports = {
      parse: parse2,
      valid,
      clean,
      inc,
      diff,
      major,
      minor,
      patch,
      prerelease,
      compare,
      rcompare,
      compareLoose,
      compareBuild,
      sort,
      rsort,
      gt,
      lt,
      eq,
      neq,
      gte,
      lte,
      cmp,
      coerce,
      truncate,
      Comparator,
      Range,
      satisfies,
      toComparators,
      maxSatisfying,
      minSatisfying,
      minVersion,
      validRange,
      outside,
      gtr,
      ltr,
      intersects,
      simplifyRange,
      subset,
      SemVer,
      re: internalRe.re,
      src: internalRe.src,
      tokens: internalRe.t,
      SEMVER_SPEC_VERSION: constants3.SEMVER_SPEC_VERSION,
      RELEASE_TYPES: constants3.RELEASE_TYPES,
      compareIdentifiers: identifiers.compareIdentifiers,
      rcompareIdentifiers: identifiers.rcompareIdentifiers
    };
  }
});

// node_modules/pino-std-serializers/lib/err-helpers.js
var require_err_helpers = __commonJS({
  "node_modules/pino-std-serializers/lib/err-helpers.js"(exports2, module2) {
    "use strict";
    var isErrorLike = (err) => {
      return err && typeof err.message === "string";
    };
    var getErrorCause = (err) => {
      if (!err) return;
      const cause = err.cause;
      if (typeof cause === "function") {
        const causeResult = err.cause();
        return isErrorLike(causeResult) ? causeResult : void 0;
      } else {
        return isErrorLike(cause) ? cause : void 0;
      }
    };
    var _stackWithCauses = (err, seen) => {
      if (!isErrorLike(err)) return "";
      const stack = err.stack || "";
      if (seen.has(err)) {
        return stack + "\ncauses have become circular...";
      }
      const cause = getErrorCause(err);
      if (cause) {
        seen.add(err);
        return stack + "\ncaused by: " + _stackWithCauses(cause, seen);
      } else {
        return stack;
      }
    };
    var stackWithCauses = (err) => _stackWithCauses(err, /* @__PURE__ */ new Set());
    var _messageWithCauses = (err, seen, skip) => {
      if (!isErrorLike(err)) return "";
      const message = skip ? "" : err.message || "";
      if (seen.has(err)) {
        return message + ": ...";
      }
      const cause = getErrorCause(err);
      if (cause) {
        seen.add(err);
        const skipIfVErrorStyleCause = typeof err.cause === "function";
        return message + (skipIfVErrorStyleCause ? "" : ": ") + _messageWithCauses(cause, seen, skipIfVErrorStyleCause);
      } else {
        return message;
      }
    };
    var messageWithCauses = (err) => _messageWithCauses(err, /* @__PURE__ */ new Set());
    module2.exports = {
      isErrorLike,
      getErrorCause,
      stackWithCauses,
      messageWithCauses
    };
  }
});

// node_modules/pino-std-serializers/lib/err-proto.js
var require_err_proto = __commonJS({
  "node_modules/pino-std-serializers/lib/err-proto.js"(exports2, module2) {
    "use strict";
    var seen = /* @__PURE__ */ Symbol("circular-ref-tag");
    var rawSymbol = /* @__PURE__ */ Symbol("pino-raw-err-ref");
    var pinoErrProto = Object.create({}, {
      type: {
        enumerable: true,
        writable: true,
        value: void 0
      },
      message: {
        enumerable: true,
        writable: true,
        value: void 0
      },
      stack: {
        enumerable: true,
        writable: true,
        value: void 0
      },
      aggregateErrors: {
        enumerable: true,
        writable: true,
        value: void 0
      },
      raw: {
        enumerable: false,
        get: function() {
          return this[rawSymbol];
        },
        set: function(val) {
          this[rawSymbol] = val;
        }
      }
    });
    Object.defineProperty(pinoErrProto, rawSymbol, {
      writable: true,
      value: {}
    });
    module2.exports = {
      pinoErrProto,
      pinoErrorSymbols: {
        seen,
        rawSymbol
      }
    };
  }
});

// node_modules/pino-std-serializers/lib/err.js
var require_err = __commonJS({
  "node_modules/pino-std-serializers/lib/err.js"(exports2, module2) {
    "use strict";
    module2.exports = errSerializer;
    var { messageWithCauses, stackWithCauses, isErrorLike } = require_err_helpers();
    var { pinoErrProto, pinoErrorSymbols } = require_err_proto();
    var { seen } = pinoErrorSymbols;
    var { toString } = Object.prototype;
    function errSerializer(err) {
      if (!isErrorLike(err)) {
        return err;
      }
      err[seen] = void 0;
      const _err = Object.create(pinoErrProto);
      _err.type = toString.call(err.constructor) === "[object Function]" ? err.constructor.name : err.name;
      _err.message = messageWithCauses(err);
      _err.stack = stackWithCauses(err);
      if (Array.isArray(err.errors)) {
        _err.aggregateErrors = err.errors.map((err2) => errSerializer(err2));
      }
      for (const key in err) {
        if (_err[key] === void 0) {
          const val = err[key];
          if (isErrorLike(val)) {
            if (key !== "cause" && !Object.prototype.hasOwnProperty.call(val, seen)) {
              _err[key] = errSerializer(val);
            }
          } else {
            _err[key] = val;
          }
        }
      }
      delete err[seen];
      _err.raw = err;
      return _err;
    }
  }
});

// node_modules/pino-std-serializers/lib/err-with-cause.js
var require_err_with_cause = __commonJS({
  "node_modules/pino-std-serializers/lib/err-with-cause.js"(exports2, module2) {
    "use strict";
    module2.exports = errWithCauseSerializer;
    var { isErrorLike } = require_err_helpers();
    var { pinoErrProto, pinoErrorSymbols } = require_err_proto();
    var { seen } = pinoErrorSymbols;
    var { toString } = Object.prototype;
    function errWithCauseSerializer(err) {
      if (!isErrorLike(err)) {
        return err;
      }
      err[seen] = void 0;
      const _err = Object.create(pinoErrProto);
      _err.type = toString.call(err.constructor) === "[object Function]" ? err.constructor.name : err.name;
      _err.message = err.message;
      _err.stack = err.stack;
      if (Array.isArray(err.errors)) {
        _err.aggregateErrors = err.errors.map((err2) => errWithCauseSerializer(err2));
      }
      if (isErrorLike(err.cause) && !Object.prototype.hasOwnProperty.call(err.cause, seen)) {
        _err.cause = errWithCauseSerializer(err.cause);
      }
      for (const key in err) {
        if (_err[key] === void 0) {
          const val = err[key];
          if (isErrorLike(val)) {
            if (!Object.prototype.hasOwnProperty.call(val, seen)) {
              _err[key] = errWithCauseSerializer(val);
            }
          } else {
            _err[key] = val;
          }
        }
      }
      delete err[seen];
      _err.raw = err;
      return _err;
    }
  }
});

// node_modules/pino-std-serializers/lib/req.js
var require_req = __commonJS({
  "node_modules/pino-std-serializers/lib/req.js"(exports2, module2) {
    "use strict";
    module2.exports = {
      mapHttpRequest,
      reqSerializer
    };
    var rawSymbol = /* @__PURE__ */ Symbol("pino-raw-req-ref");
    var pinoReqProto = Object.create({}, {
      id: {
        enumerable: true,
        writable: true,
        value: ""
      },
      method: {
        enumerable: true,
        writable: true,
        value: ""
      },
      url: {
        enumerable: true,
        writable: true,
        value: ""
      },
      query: {
        enumerable: true,
        writable: true,
        value: ""
      },
      params: {
        enumerable: true,
        writable: true,
        value: ""
      },
      headers: {
        enumerable: true,
        writable: true,
        value: {}
      },
      remoteAddress: {
        enumerable: true,
        writable: true,
        value: ""
      },
      remotePort: {
        enumerable: true,
        writable: true,
        value: ""
      },
      raw: {
        enumerable: false,
        get: function() {
          return this[rawSymbol];
        },
        set: function(val) {
          this[rawSymbol] = val;
        }
      }
    });
    Object.defineProperty(pinoReqProto, rawSymbol, {
      writable: true,
      value: {}
    });
    function reqSerializer(req) {
      const connection = req.info || req.socket;
      const _req = Object.create(pinoReqProto);
      _req.id = typeof req.id === "function" ? req.id() : req.id || (req.info ? req.info.id : void 0);
      _req.method = req.method;
      if (req.originalUrl) {
        _req.url = req.originalUrl;
      } else {
        const path3 = req.path;
        _req.url = typeof path3 === "string" ? path3 : req.url ? req.url.path || req.url : void 0;
      }
      if (req.query) {
        _req.query = req.query;
      }
      if (req.params) {
        _req.params = req.params;
      }
      _req.headers = req.headers;
      _req.remoteAddress = connection && connection.remoteAddress;
      _req.remotePort = connection && connection.remotePort;
      _req.raw = req.raw || req;
      return _req;
    }
    function mapHttpRequest(req) {
      return {
        req: reqSerializer(req)
      };
    }
  }
});

// node_modules/pino-std-serializers/lib/res.js
var require_res = __commonJS({
  "node_modules/pino-std-serializers/lib/res.js"(exports2, module2) {
    "use strict";
    module2.exports = {
      mapHttpResponse,
      resSerializer
    };
    var rawSymbol = /* @__PURE__ */ Symbol("pino-raw-res-ref");
    var pinoResProto = Object.create({}, {
      statusCode: {
        enumerable: true,
        writable: true,
        value: 0
      },
      headers: {
        enumerable: true,
        writable: true,
        value: ""
      },
      raw: {
        enumerable: false,
        get: function() {
          return this[rawSymbol];
        },
        set: function(val) {
          this[rawSymbol] = val;
        }
      }
    });
    Object.defineProperty(pinoResProto, rawSymbol, {
      writable: true,
      value: {}
    });
    function resSerializer(res) {
      const _res = Object.create(pinoResProto);
      _res.statusCode = res.headersSent ? res.statusCode : null;
      _res.headers = res.getHeaders ? res.getHeaders() : res._headers;
      _res.raw = res;
      return _res;
    }
    function mapHttpResponse(res) {
      return {
        res: resSerializer(res)
      };
    }
  }
});

// node_modules/pino-std-serializers/index.js
var require_pino_std_serializers = __commonJS({
  "node_modules/pino-std-serializers/index.js"(exports2, module2) {
    "use strict";
    var errSerializer = require_err();
    var errWithCauseSerializer = require_err_with_cause();
    var reqSerializers = require_req();
    var resSerializers = require_res();
    module2.exports = {
      err: errSerializer,
      errWithCause: errWithCauseSerializer,
      mapHttpRequest: reqSerializers.mapHttpRequest,
      mapHttpResponse: resSerializers.mapHttpResponse,
      req: reqSerializers.reqSerializer,
      res: resSerializers.resSerializer,
      wrapErrorSerializer: function wrapErrorSerializer(customSerializer) {
        if (customSerializer === errSerializer) return customSerializer;
        return function wrapErrSerializer(err) {
          return customSerializer(errSerializer(err));
        };
      },
      wrapRequestSerializer: function wrapRequestSerializer(customSerializer) {
        if (customSerializer === reqSerializers.reqSerializer) return customSerializer;
        return function wrappedReqSerializer(req) {
          return customSerializer(reqSerializers.reqSerializer(req));
        };
      },
      wrapResponseSerializer: function wrapResponseSerializer(customSerializer) {
        if (customSerializer === resSerializers.resSerializer) return customSerializer;
        return function wrappedResSerializer(res) {
          return customSerializer(resSerializers.resSerializer(res));
        };
      }
    };
  }
});

// node_modules/pino/lib/caller.js
var require_caller = __commonJS({
  "node_modules/pino/lib/caller.js"(exports2, module2) {
    "use strict";
    function noOpPrepareStackTrace(_, stack) {
      return stack;
    }
    module2.exports = function getCallers() {
      const originalPrepare = Error.prepareStackTrace;
      Error.prepareStackTrace = noOpPrepareStackTrace;
      const stack = new Error().stack;
      Error.prepareStackTrace = originalPrepare;
      if (!Array.isArray(stack)) {
        return void 0;
      }
      const entries = stack.slice(2);
      const fileNames = [];
      for (const entry of entries) {
        if (!entry) {
          continue;
        }
        fileNames.push(entry.getFileName());
      }
      return fileNames;
    };
  }
});

// node_modules/@pinojs/redact/index.js
var require_redact = __commonJS({
  "node_modules/@pinojs/redact/index.js"(exports2, module2) {
    "use strict";
    function deepClone(obj) {
      if (obj === null || typeof obj !== "object") {
        return obj;
      }
      if (obj instanceof Date) {
        return new Date(obj.getTime());
      }
      if (obj instanceof Array) {
        const cloned = [];
        for (let i = 0; i < obj.length; i++) {
          cloned[i] = deepClone(obj[i]);
        }
        return cloned;
      }
      if (typeof obj === "object") {
        const cloned = Object.create(Object.getPrototypeOf(obj));
        for (const key in obj) {
          if (Object.prototype.hasOwnProperty.call(obj, key)) {
            cloned[key] = deepClone(obj[key]);
          }
        }
        return cloned;
      }
      return obj;
    }
    function parsePath(path3) {
      const parts = [];
      let current = "";
      let inBrackets = false;
      let inQuotes = false;
      let quoteChar = "";
      for (let i = 0; i < path3.length; i++) {
        const char = path3[i];
        if (!inBrackets && char === ".") {
          if (current) {
            parts.push(current);
            current = "";
          }
        } else if (char === "[") {
          if (current) {
            parts.push(current);
            current = "";
          }
          inBrackets = true;
        } else if (char === "]" && inBrackets) {
          parts.push(current);
          current = "";
          inBrackets = false;
          inQuotes = false;
        } else if ((char === '"' || char === "'") && inBrackets) {
          if (!inQuotes) {
            inQuotes = true;
            quoteChar = char;
          } else if (char === quoteChar) {
            inQuotes = false;
            quoteChar = "";
          } else {
            current += char;
          }
        } else {
          current += char;
        }
      }
      if (current) {
        parts.push(current);
      }
      return parts;
    }
    function setValue(obj, parts, value) {
      let current = obj;
      for (let i = 0; i < parts.length - 1; i++) {
        const key = parts[i];
        if (typeof current !== "object" || current === null || !(key in current)) {
          return false;
        }
        if (typeof current[key] !== "object" || current[key] === null) {
          return false;
        }
        current = current[key];
      }
      const lastKey = parts[parts.length - 1];
      if (lastKey === "*") {
        if (Array.isArray(current)) {
          for (let i = 0; i < current.length; i++) {
            current[i] = value;
          }
        } else if (typeof current === "object" && current !== null) {
          for (const key in current) {
            if (Object.prototype.hasOwnProperty.call(current, key)) {
              current[key] = value;
            }
          }
        }
      } else {
        if (typeof current === "object" && current !== null && lastKey in current && Object.prototype.hasOwnProperty.call(current, lastKey)) {
          current[lastKey] = value;
        }
      }
      return true;
    }
    function removeKey(obj, parts) {
      let current = obj;
      for (let i = 0; i < parts.length - 1; i++) {
        const key = parts[i];
        if (typeof current !== "object" || current === null || !(key in current)) {
          return false;
        }
        if (typeof current[key] !== "object" || current[key] === null) {
          return false;
        }
        current = current[key];
      }
      const lastKey = parts[parts.length - 1];
      if (lastKey === "*") {
        if (Array.isArray(current)) {
          for (let i = 0; i < current.length; i++) {
            current[i] = void 0;
          }
        } else if (typeof current === "object" && current !== null) {
          for (const key in current) {
            if (Object.prototype.hasOwnProperty.call(current, key)) {
              delete current[key];
            }
          }
        }
      } else {
        if (typeof current === "object" && current !== null && lastKey in current && Object.prototype.hasOwnProperty.call(current, lastKey)) {
          delete current[lastKey];
        }
      }
      return true;
    }
    var PATH_NOT_FOUND = /* @__PURE__ */ Symbol("PATH_NOT_FOUND");
    function getValueIfExists(obj, parts) {
      let current = obj;
      for (const part of parts) {
        if (current === null || current === void 0) {
          return PATH_NOT_FOUND;
        }
        if (typeof current !== "object" || current === null) {
          return PATH_NOT_FOUND;
        }
        if (!(part in current)) {
          return PATH_NOT_FOUND;
        }
        current = current[part];
      }
      return current;
    }
    function getValue(obj, parts) {
      let current = obj;
      for (const part of parts) {
        if (current === null || current === void 0) {
          return void 0;
        }
        if (typeof current !== "object" || current === null) {
          return void 0;
        }
        current = current[part];
      }
      return current;
    }
    function redactPaths(obj, paths, censor, remove = false) {
      for (const path3 of paths) {
        const parts = parsePath(path3);
        if (parts.includes("*")) {
          redactWildcardPath(obj, parts, censor, path3, remove);
        } else {
          if (remove) {
            removeKey(obj, parts);
          } else {
            const value = getValueIfExists(obj, parts);
            if (value === PATH_NOT_FOUND) {
              continue;
            }
            const actualCensor = typeof censor === "function" ? censor(value, parts) : censor;
            setValue(obj, parts, actualCensor);
          }
        }
      }
    }
    function redactWildcardPath(obj, parts, censor, originalPath, remove = false) {
      const wildcardIndex = parts.indexOf("*");
      if (wildcardIndex === parts.length - 1) {
        const parentParts = parts.slice(0, -1);
        let current = obj;
        for (const part of parentParts) {
          if (current === null || current === void 0) return;
          if (typeof current !== "object" || current === null) return;
          current = current[part];
        }
        if (Array.isArray(current)) {
          if (remove) {
            for (let i = 0; i < current.length; i++) {
              current[i] = void 0;
            }
          } else {
            for (let i = 0; i < current.length; i++) {
              const indexPath = [...parentParts, i.toString()];
              const actualCensor = typeof censor === "function" ? censor(current[i], indexPath) : censor;
              current[i] = actualCensor;
            }
          }
        } else if (typeof current === "object" && current !== null) {
          if (remove) {
            const keysToDelete = [];
            for (const key in current) {
              if (Object.prototype.hasOwnProperty.call(current, key)) {
                keysToDelete.push(key);
              }
            }
            for (const key of keysToDelete) {
              delete current[key];
            }
          } else {
            for (const key in current) {
              const keyPath = [...parentParts, key];
              const actualCensor = typeof censor === "function" ? censor(current[key], keyPath) : censor;
              current[key] = actualCensor;
            }
          }
        }
      } else {
        redactIntermediateWildcard(obj, parts, censor, wildcardIndex, originalPath, remove);
      }
    }
    function redactIntermediateWildcard(obj, parts, censor, wildcardIndex, originalPath, remove = false) {
      const beforeWildcard = parts.slice(0, wildcardIndex);
      const afterWildcard = parts.slice(wildcardIndex + 1);
      const pathArray = [];
      function traverse(current, pathLength) {
        if (pathLength === beforeWildcard.length) {
          if (Array.isArray(current)) {
            for (let i = 0; i < current.length; i++) {
              pathArray[pathLength] = i.toString();
              traverse(current[i], pathLength + 1);
            }
          } else if (typeof current === "object" && current !== null) {
            for (const key in current) {
              pathArray[pathLength] = key;
              traverse(current[key], pathLength + 1);
            }
          }
        } else if (pathLength < beforeWildcard.length) {
          const nextKey = beforeWildcard[pathLength];
          if (current && typeof current === "object" && current !== null && nextKey in current) {
            pathArray[pathLength] = nextKey;
            traverse(current[nextKey], pathLength + 1);
          }
        } else {
          if (afterWildcard.includes("*")) {
            const wrappedCensor = typeof censor === "function" ? (value, path3) => {
              const fullPath = [...pathArray.slice(0, pathLength), ...path3];
              return censor(value, fullPath);
            } : censor;
            redactWildcardPath(current, afterWildcard, wrappedCensor, originalPath, remove);
          } else {
            if (remove) {
              removeKey(current, afterWildcard);
            } else {
              const actualCensor = typeof censor === "function" ? censor(getValue(current, afterWildcard), [...pathArray.slice(0, pathLength), ...afterWildcard]) : censor;
              setValue(current, afterWildcard, actualCensor);
            }
          }
        }
      }
      if (beforeWildcard.length === 0) {
        traverse(obj, 0);
      } else {
        let current = obj;
        for (let i = 0; i < beforeWildcard.length; i++) {
          const part = beforeWildcard[i];
          if (current === null || current === void 0) return;
          if (typeof current !== "object" || current === null) return;
          current = current[part];
          pathArray[i] = part;
        }
        if (current !== null && current !== void 0) {
          traverse(current, beforeWildcard.length);
        }
      }
    }
    function buildPathStructure(pathsToClone) {
      if (pathsToClone.length === 0) {
        return null;
      }
      const pathStructure = /* @__PURE__ */ new Map();
      for (const path3 of pathsToClone) {
        const parts = parsePath(path3);
        let current = pathStructure;
        for (let i = 0; i < parts.length; i++) {
          const part = parts[i];
          if (!current.has(part)) {
            current.set(part, /* @__PURE__ */ new Map());
          }
          current = current.get(part);
        }
      }
      return pathStructure;
    }
    function selectiveClone(obj, pathStructure) {
      if (!pathStructure) {
        return obj;
      }
      function cloneSelectively(source, pathMap, depth = 0) {
        if (!pathMap || pathMap.size === 0) {
          return source;
        }
        if (source === null || typeof source !== "object") {
          return source;
        }
        if (source instanceof Date) {
          return new Date(source.getTime());
        }
        if (Array.isArray(source)) {
          const cloned2 = [];
          for (let i = 0; i < source.length; i++) {
            const indexStr = i.toString();
            if (pathMap.has(indexStr) || pathMap.has("*")) {
              cloned2[i] = cloneSelectively(source[i], pathMap.get(indexStr) || pathMap.get("*"));
            } else {
              cloned2[i] = source[i];
            }
          }
          return cloned2;
        }
        const cloned = Object.create(Object.getPrototypeOf(source));
        for (const key in source) {
          if (Object.prototype.hasOwnProperty.call(source, key)) {
            if (pathMap.has(key) || pathMap.has("*")) {
              cloned[key] = cloneSelectively(source[key], pathMap.get(key) || pathMap.get("*"));
            } else {
              cloned[key] = source[key];
            }
          }
        }
        return cloned;
      }
      return cloneSelectively(obj, pathStructure);
    }
    function validatePath(path3) {
      if (typeof path3 !== "string") {
        throw new Error("Paths must be (non-empty) strings");
      }
      if (path3 === "") {
        throw new Error("Invalid redaction path ()");
      }
      if (path3.includes("..")) {
        throw new Error(`Invalid redaction path (${path3})`);
      }
      if (path3.includes(",")) {
        throw new Error(`Invalid redaction path (${path3})`);
      }
      let bracketCount = 0;
      let inQuotes = false;
      let quoteChar = "";
      for (let i = 0; i < path3.length; i++) {
        const char = path3[i];
        if ((char === '"' || char === "'") && bracketCount > 0) {
          if (!inQuotes) {
            inQuotes = true;
            quoteChar = char;
          } else if (char === quoteChar) {
            inQuotes = false;
            quoteChar = "";
          }
        } else if (char === "[" && !inQuotes) {
          bracketCount++;
        } else if (char === "]" && !inQuotes) {
          bracketCount--;
          if (bracketCount < 0) {
            throw new Error(`Invalid redaction path (${path3})`);
          }
        }
      }
      if (bracketCount !== 0) {
        throw new Error(`Invalid redaction path (${path3})`);
      }
    }
    function validatePaths(paths) {
      if (!Array.isArray(paths)) {
        throw new TypeError("paths must be an array");
      }
      for (const path3 of paths) {
        validatePath(path3);
      }
    }
    function slowRedact(options = {}) {
      const {
        paths = [],
        censor = "[REDACTED]",
        serialize = JSON.stringify,
        strict = true,
        remove = false
      } = options;
      validatePaths(paths);
      const pathStructure = buildPathStructure(paths);
      return function redact(obj) {
        if (strict && (obj === null || typeof obj !== "object")) {
          if (obj === null || obj === void 0) {
            return serialize ? serialize(obj) : obj;
          }
          if (typeof obj !== "object") {
            return serialize ? serialize(obj) : obj;
          }
        }
        const cloned = selectiveClone(obj, pathStructure);
        const original = obj;
        let actualCensor = censor;
        if (typeof censor === "function") {
          actualCensor = censor;
        }
        redactPaths(cloned, paths, actualCensor, remove);
        if (serialize === false) {
          cloned.restore = function() {
            return deepClone(original);
          };
          return cloned;
        }
        if (typeof serialize === "function") {
          return serialize(cloned);
        }
        return JSON.stringify(cloned);
      };
    }
    module2.exports = slowRedact;
  }
});

// node_modules/pino/lib/symbols.js
var require_symbols = __commonJS({
  "node_modules/pino/lib/symbols.js"(exports2, module2) {
    "use strict";
    var setLevelSym = /* @__PURE__ */ Symbol("pino.setLevel");
    var getLevelSym = /* @__PURE__ */ Symbol("pino.getLevel");
    var levelValSym = /* @__PURE__ */ Symbol("pino.levelVal");
    var levelCompSym = /* @__PURE__ */ Symbol("pino.levelComp");
    var useLevelLabelsSym = /* @__PURE__ */ Symbol("pino.useLevelLabels");
    var useOnlyCustomLevelsSym = /* @__PURE__ */ Symbol("pino.useOnlyCustomLevels");
    var mixinSym = /* @__PURE__ */ Symbol("pino.mixin");
    var lsCacheSym = /* @__PURE__ */ Symbol("pino.lsCache");
    var chindingsSym = /* @__PURE__ */ Symbol("pino.chindings");
    var asJsonSym = /* @__PURE__ */ Symbol("pino.asJson");
    var writeSym = /* @__PURE__ */ Symbol("pino.write");
    var redactFmtSym = /* @__PURE__ */ Symbol("pino.redactFmt");
    var timeSym = /* @__PURE__ */ Symbol("pino.time");
    var timeSliceIndexSym = /* @__PURE__ */ Symbol("pino.timeSliceIndex");
    var streamSym = /* @__PURE__ */ Symbol("pino.stream");
    var stringifySym = /* @__PURE__ */ Symbol("pino.stringify");
    var stringifySafeSym = /* @__PURE__ */ Symbol("pino.stringifySafe");
    var stringifiersSym = /* @__PURE__ */ Symbol("pino.stringifiers");
    var endSym = /* @__PURE__ */ Symbol("pino.end");
    var formatOptsSym = /* @__PURE__ */ Symbol("pino.formatOpts");
    var messageKeySym = /* @__PURE__ */ Symbol("pino.messageKey");
    var errorKeySym = /* @__PURE__ */ Symbol("pino.errorKey");
    var nestedKeySym = /* @__PURE__ */ Symbol("pino.nestedKey");
    var nestedKeyStrSym = /* @__PURE__ */ Symbol("pino.nestedKeyStr");
    var mixinMergeStrategySym = /* @__PURE__ */ Symbol("pino.mixinMergeStrategy");
    var msgPrefixSym = /* @__PURE__ */ Symbol("pino.msgPrefix");
    var wildcardFirstSym = /* @__PURE__ */ Symbol("pino.wildcardFirst");
    var serializersSym = /* @__PURE__ */ Symbol.for("pino.serializers");
    var formattersSym = /* @__PURE__ */ Symbol.for("pino.formatters");
    var hooksSym = /* @__PURE__ */ Symbol.for("pino.hooks");
    var needsMetadataGsym = /* @__PURE__ */ Symbol.for("pino.metadata");
    module2.exports = {
      setLevelSym,
      getLevelSym,
      levelValSym,
      levelCompSym,
      useLevelLabelsSym,
      mixinSym,
      lsCacheSym,
      chindingsSym,
      asJsonSym,
      writeSym,
      serializersSym,
      redactFmtSym,
      timeSym,
      timeSliceIndexSym,
      streamSym,
      stringifySym,
      stringifySafeSym,
      stringifiersSym,
      endSym,
      formatOptsSym,
      messageKeySym,
      errorKeySym,
      nestedKeySym,
      wildcardFirstSym,
      needsMetadataGsym,
      useOnlyCustomLevelsSym,
      formattersSym,
      hooksSym,
      nestedKeyStrSym,
      mixinMergeStrategySym,
      msgPrefixSym
    };
  }
});

// node_modules/pino/lib/redaction.js
var require_redaction = __commonJS({
  "node_modules/pino/lib/redaction.js"(exports2, module2) {
    "use strict";
    var Redact = require_redact();
    var { redactFmtSym, wildcardFirstSym } = require_symbols();
    var rx = /[^.[\]]+|\[([^[\]]*?)\]/g;
    var CENSOR = "[Redacted]";
    var strict = false;
    function redaction(opts, serialize) {
      const { paths, censor, remove } = handle(opts);
      const shape = paths.reduce((o, str) => {
        rx.lastIndex = 0;
        const first = rx.exec(str);
        const next = rx.exec(str);
        let ns = first[1] !== void 0 ? first[1].replace(/^(?:"|'|`)(.*)(?:"|'|`)$/, "$1") : first[0];
        if (ns === "*") {
          ns = wildcardFirstSym;
        }
        if (next === null) {
          o[ns] = null;
          return o;
        }
        if (o[ns] === null) {
          return o;
        }
        const { index } = next;
        const nextPath = `${str.substr(index, str.length - 1)}`;
        o[ns] = o[ns] || [];
        if (ns !== wildcardFirstSym && o[ns].length === 0) {
          o[ns].push(...o[wildcardFirstSym] || []);
        }
        if (ns === wildcardFirstSym) {
          Object.keys(o).forEach(function(k) {
            if (o[k]) {
              o[k].push(nextPath);
            }
          });
        }
        o[ns].push(nextPath);
        return o;
      }, {});
      const result = {
        [redactFmtSym]: Redact({ paths, censor, serialize, strict, remove })
      };
      const topCensor = (...args) => {
        return typeof censor === "function" ? serialize(censor(...args)) : serialize(censor);
      };
      return [...Object.keys(shape), ...Object.getOwnPropertySymbols(shape)].reduce((o, k) => {
        if (shape[k] === null) {
          o[k] = (value) => topCensor(value, [k]);
        } else {
          const wrappedCensor = typeof censor === "function" ? (value, path3) => {
            return censor(value, [k, ...path3]);
          } : censor;
          o[k] = Redact({
            paths: shape[k],
            censor: wrappedCensor,
            serialize,
            strict,
            remove
          });
        }
        return o;
      }, result);
    }
    function handle(opts) {
      if (Array.isArray(opts)) {
        opts = { paths: opts, censor: CENSOR };
        return opts;
      }
      let { paths, censor = CENSOR, remove } = opts;
      if (Array.isArray(paths) === false) {
        throw Error("pino \u2013 redact must contain an array of strings");
      }
      if (remove === true) censor = void 0;
      return { paths, censor, remove };
    }
    module2.exports = redaction;
  }
});

// node_modules/pino/lib/time.js
var require_time = __commonJS({
  "node_modules/pino/lib/time.js"(exports2, module2) {
    "use strict";
    var nullTime = () => "";
    var epochTime = () => `,"time":${Date.now()}`;
    var unixTime = () => `,"time":${Math.round(Date.now() / 1e3)}`;
    var isoTime = () => `,"time":"${new Date(Date.now()).toISOString()}"`;
    var NS_PER_MS = 1000000n;
    var NS_PER_SEC = 1000000000n;
    var startWallTimeNs = BigInt(Date.now()) * NS_PER_MS;
    var startHrTime = process.hrtime.bigint();
    var isoTimeNano = () => {
      const elapsedNs = process.hrtime.bigint() - startHrTime;
      const currentTimeNs = startWallTimeNs + elapsedNs;
      const secondsSinceEpoch = currentTimeNs / NS_PER_SEC;
      const nanosWithinSecond = currentTimeNs % NS_PER_SEC;
      const msSinceEpoch = Number(secondsSinceEpoch * 1000n + nanosWithinSecond / 1000000n);
      const date = new Date(msSinceEpoch);
      const year = date.getUTCFullYear();
      const month = (date.getUTCMonth() + 1).toString().padStart(2, "0");
      const day = date.getUTCDate().toString().padStart(2, "0");
      const hours = date.getUTCHours().toString().padStart(2, "0");
      const minutes = date.getUTCMinutes().toString().padStart(2, "0");
      const seconds2 = date.getUTCSeconds().toString().padStart(2, "0");
      return `,"time":"${year}-${month}-${day}T${hours}:${minutes}:${seconds2}.${nanosWithinSecond.toString().padStart(9, "0")}Z"`;
    };
    module2.exports = { nullTime, epochTime, unixTime, isoTime, isoTimeNano };
  }
});

// node_modules/quick-format-unescaped/index.js
var require_quick_format_unescaped = __commonJS({
  "node_modules/quick-format-unescaped/index.js"(exports2, module2) {
    "use strict";
    function tryStringify(o) {
      try {
        return JSON.stringify(o);
      } catch (e) {
        return '"[Circular]"';
      }
    }
    module2.exports = format;
    function format(f, args, opts) {
      var ss = opts && opts.stringify || tryStringify;
      var offset = 1;
      if (typeof f === "object" && f !== null) {
        var len = args.length + offset;
        if (len === 1) return f;
        var objects = new Array(len);
        objects[0] = ss(f);
        for (var index = 1; index < len; index++) {
          objects[index] = ss(args[index]);
        }
        return objects.join(" ");
      }
      if (typeof f !== "string") {
        return f;
      }
      var argLen = args.length;
      if (argLen === 0) return f;
      var str = "";
      var a = 1 - offset;
      var lastPos = -1;
      var flen = f && f.length || 0;
      for (var i = 0; i < flen; ) {
        if (f.charCodeAt(i) === 37 && i + 1 < flen) {
          lastPos = lastPos > -1 ? lastPos : 0;
          switch (f.charCodeAt(i + 1)) {
            case 100:
            // 'd'
            case 102:
              if (a >= argLen)
                break;
              if (args[a] == null) break;
              if (lastPos < i)
                str += f.slice(lastPos, i);
              str += Number(args[a]);
              lastPos = i + 2;
              i++;
              break;
            case 105:
              if (a >= argLen)
                break;
              if (args[a] == null) break;
              if (lastPos < i)
                str += f.slice(lastPos, i);
              str += Math.floor(Number(args[a]));
              lastPos = i + 2;
              i++;
              break;
            case 79:
            // 'O'
            case 111:
            // 'o'
            case 106:
              if (a >= argLen)
                break;
              if (args[a] === void 0) break;
              if (lastPos < i)
                str += f.slice(lastPos, i);
              var type = typeof args[a];
              if (type === "string") {
                str += "'" + args[a] + "'";
                lastPos = i + 2;
                i++;
                break;
              }
              if (type === "function") {
                str += args[a].name || "<anonymous>";
                lastPos = i + 2;
                i++;
                break;
              }
              str += ss(args[a]);
              lastPos = i + 2;
              i++;
              break;
            case 115:
              if (a >= argLen)
                break;
              if (lastPos < i)
                str += f.slice(lastPos, i);
              str += String(args[a]);
              lastPos = i + 2;
              i++;
              break;
            case 37:
              if (lastPos < i)
                str += f.slice(lastPos, i);
              str += "%";
              lastPos = i + 2;
              i++;
              a--;
              break;
          }
          ++a;
        }
        ++i;
      }
      if (lastPos === -1)
        return f;
      else if (lastPos < flen) {
        str += f.slice(lastPos);
      }
      return str;
    }
  }
});

// node_modules/atomic-sleep/index.js
var require_atomic_sleep = __commonJS({
  "node_modules/atomic-sleep/index.js"(exports2, module2) {
    "use strict";
    if (typeof SharedArrayBuffer !== "undefined" && typeof Atomics !== "undefined") {
      let sleep = function(ms) {
        const valid = ms > 0 && ms < Infinity;
        if (valid === false) {
          if (typeof ms !== "number" && typeof ms !== "bigint") {
            throw TypeError("sleep: ms must be a number");
          }
          throw RangeError("sleep: ms must be a number that is greater than 0 but less than Infinity");
        }
        Atomics.wait(nil, 0, 0, Number(ms));
      };
      const nil = new Int32Array(new SharedArrayBuffer(4));
      module2.exports = sleep;
    } else {
      let sleep = function(ms) {
        const valid = ms > 0 && ms < Infinity;
        if (valid === false) {
          if (typeof ms !== "number" && typeof ms !== "bigint") {
            throw TypeError("sleep: ms must be a number");
          }
          throw RangeError("sleep: ms must be a number that is greater than 0 but less than Infinity");
        }
        const target = Date.now() + Number(ms);
        while (target > Date.now()) {
        }
      };
      module2.exports = sleep;
    }
  }
});

// node_modules/sonic-boom/index.js
var require_sonic_boom = __commonJS({
  "node_modules/sonic-boom/index.js"(exports2, module2) {
    "use strict";
    var fs3 = require("fs");
    var EventEmitter = require("events");
    var inherits = require("util").inherits;
    var path3 = require("path");
    var sleep = require_atomic_sleep();
    var assert = require("assert");
    var BUSY_WRITE_TIMEOUT = 100;
    var kEmptyBuffer = Buffer.allocUnsafe(0);
    var MAX_WRITE = 16 * 1024;
    var kContentModeBuffer = "buffer";
    var kContentModeUtf8 = "utf8";
    var [major, minor] = (process.versions.node || "0.0").split(".").map(Number);
    var kCopyBuffer = major >= 22 && minor >= 7;
    function openFile(file, sonic) {
      sonic._opening = true;
      sonic._writing = true;
      sonic._asyncDrainScheduled = false;
      function fileOpened(err, fd) {
        if (err) {
          sonic._reopening = false;
          sonic._writing = false;
          sonic._opening = false;
          if (sonic.sync) {
            process.nextTick(() => {
              if (sonic.listenerCount("error") > 0) {
                sonic.emit("error", err);
              }
            });
          } else {
            sonic.emit("error", err);
          }
          return;
        }
        const reopening = sonic._reopening;
        sonic.fd = fd;
        sonic.file = file;
        sonic._reopening = false;
        sonic._opening = false;
        sonic._writing = false;
        if (sonic.sync) {
          process.nextTick(() => sonic.emit("ready"));
        } else {
          sonic.emit("ready");
        }
        if (sonic.destroyed) {
          return;
        }
        if (!sonic._writing && sonic._len > sonic.minLength || sonic._flushPending) {
          sonic._actualWrite();
        } else if (reopening) {
          process.nextTick(() => sonic.emit("drain"));
        }
      }
      const flags = sonic.append ? "a" : "w";
      const mode = sonic.mode;
      if (sonic.sync) {
        try {
          if (sonic.mkdir) fs3.mkdirSync(path3.dirname(file), { recursive: true });
          const fd = fs3.openSync(file, flags, mode);
          fileOpened(null, fd);
        } catch (err) {
          fileOpened(err);
          throw err;
        }
      } else if (sonic.mkdir) {
        fs3.mkdir(path3.dirname(file), { recursive: true }, (err) => {
          if (err) return fileOpened(err);
          fs3.open(file, flags, mode, fileOpened);
        });
      } else {
        fs3.open(file, flags, mode, fileOpened);
      }
    }
    function SonicBoom(opts) {
      if (!(this instanceof SonicBoom)) {
        return new SonicBoom(opts);
      }
      let { fd, dest, minLength, maxLength, maxWrite, periodicFlush, sync, append = true, mkdir, retryEAGAIN, fsync, contentMode, mode } = opts || {};
      fd = fd || dest;
      this._len = 0;
      this.fd = -1;
      this._bufs = [];
      this._lens = [];
      this._writing = false;
      this._ending = false;
      this._reopening = false;
      this._asyncDrainScheduled = false;
      this._flushPending = false;
      this._hwm = Math.max(minLength || 0, 16387);
      this.file = null;
      this.destroyed = false;
      this.minLength = minLength || 0;
      this.maxLength = maxLength || 0;
      this.maxWrite = maxWrite || MAX_WRITE;
      this._periodicFlush = periodicFlush || 0;
      this._periodicFlushTimer = void 0;
      this.sync = sync || false;
      this.writable = true;
      this._fsync = fsync || false;
      this.append = append || false;
      this.mode = mode;
      this.retryEAGAIN = retryEAGAIN || (() => true);
      this.mkdir = mkdir || false;
      let fsWriteSync;
      let fsWrite;
      if (contentMode === kContentModeBuffer) {
        this._writingBuf = kEmptyBuffer;
        this.write = writeBuffer;
        this.flush = flushBuffer;
        this.flushSync = flushBufferSync;
        this._actualWrite = actualWriteBuffer;
        fsWriteSync = () => fs3.writeSync(this.fd, this._writingBuf);
        fsWrite = () => fs3.write(this.fd, this._writingBuf, this.release);
      } else if (contentMode === void 0 || contentMode === kContentModeUtf8) {
        this._writingBuf = "";
        this.write = write;
        this.flush = flush;
        this.flushSync = flushSync;
        this._actualWrite = actualWrite;
        fsWriteSync = () => {
          if (Buffer.isBuffer(this._writingBuf)) {
            return fs3.writeSync(this.fd, this._writingBuf);
          }
          return fs3.writeSync(this.fd, this._writingBuf, "utf8");
        };
        fsWrite = () => {
          if (Buffer.isBuffer(this._writingBuf)) {
            return fs3.write(this.fd, this._writingBuf, this.release);
          }
          return fs3.write(this.fd, this._writingBuf, "utf8", this.release);
        };
      } else {
        throw new Error(`SonicBoom supports "${kContentModeUtf8}" and "${kContentModeBuffer}", but passed ${contentMode}`);
      }
      if (typeof fd === "number") {
        this.fd = fd;
        process.nextTick(() => this.emit("ready"));
      } else if (typeof fd === "string") {
        openFile(fd, this);
      } else {
        throw new Error("SonicBoom supports only file descriptors and files");
      }
      if (this.minLength >= this.maxWrite) {
        throw new Error(`minLength should be smaller than maxWrite (${this.maxWrite})`);
      }
      this.release = (err, n) => {
        if (err) {
          if ((err.code === "EAGAIN" || err.code === "EBUSY") && this.retryEAGAIN(err, this._writingBuf.length, this._len - this._writingBuf.length)) {
            if (this.sync) {
              try {
                sleep(BUSY_WRITE_TIMEOUT);
                this.release(void 0, 0);
              } catch (err2) {
                this.release(err2);
              }
            } else {
              setTimeout(fsWrite, BUSY_WRITE_TIMEOUT);
            }
          } else {
            this._writing = false;
            this.emit("error", err);
          }
          return;
        }
        this.emit("write", n);
        const releasedBufObj = releaseWritingBuf(this._writingBuf, this._len, n);
        this._len = releasedBufObj.len;
        this._writingBuf = releasedBufObj.writingBuf;
        if (this._writingBuf.length) {
          if (!this.sync) {
            fsWrite();
            return;
          }
          try {
            do {
              const n2 = fsWriteSync();
              const releasedBufObj2 = releaseWritingBuf(this._writingBuf, this._len, n2);
              this._len = releasedBufObj2.len;
              this._writingBuf = releasedBufObj2.writingBuf;
            } while (this._writingBuf.length);
          } catch (err2) {
            this.release(err2);
            return;
          }
        }
        if (this._fsync) {
          fs3.fsyncSync(this.fd);
        }
        const len = this._len;
        if (this._reopening) {
          this._writing = false;
          this._reopening = false;
          this.reopen();
        } else if (len > this.minLength) {
          this._actualWrite();
        } else if (this._ending) {
          if (len > 0) {
            this._actualWrite();
          } else {
            this._writing = false;
            actualClose(this);
          }
        } else {
          this._writing = false;
          if (this.sync) {
            if (!this._asyncDrainScheduled) {
              this._asyncDrainScheduled = true;
              process.nextTick(emitDrain, this);
            }
          } else {
            this.emit("drain");
          }
        }
      };
      this.on("newListener", function(name) {
        if (name === "drain") {
          this._asyncDrainScheduled = false;
        }
      });
      if (this._periodicFlush !== 0) {
        this._periodicFlushTimer = setInterval(() => this.flush(null), this._periodicFlush);
        this._periodicFlushTimer.unref();
      }
    }
    function releaseWritingBuf(writingBuf, len, n) {
      if (typeof writingBuf === "string") {
        writingBuf = Buffer.from(writingBuf);
      }
      len = Math.max(len - n, 0);
      writingBuf = writingBuf.subarray(n);
      return { writingBuf, len };
    }
    function emitDrain(sonic) {
      const hasListeners = sonic.listenerCount("drain") > 0;
      if (!hasListeners) return;
      sonic._asyncDrainScheduled = false;
      sonic.emit("drain");
    }
    inherits(SonicBoom, EventEmitter);
    function mergeBuf(bufs, len) {
      if (bufs.length === 0) {
        return kEmptyBuffer;
      }
      if (bufs.length === 1) {
        return bufs[0];
      }
      return Buffer.concat(bufs, len);
    }
    function write(data) {
      if (this.destroyed) {
        throw new Error("SonicBoom destroyed");
      }
      data = "" + data;
      const dataLen = Buffer.byteLength(data);
      const len = this._len + dataLen;
      const bufs = this._bufs;
      if (this.maxLength && len > this.maxLength) {
        this.emit("drop", data);
        return this._len < this._hwm;
      }
      if (bufs.length === 0 || Buffer.byteLength(bufs[bufs.length - 1]) + dataLen > this.maxWrite) {
        bufs.push(data);
      } else {
        bufs[bufs.length - 1] += data;
      }
      this._len = len;
      if (!this._writing && this._len >= this.minLength) {
        this._actualWrite();
      }
      return this._len < this._hwm;
    }
    function writeBuffer(data) {
      if (this.destroyed) {
        throw new Error("SonicBoom destroyed");
      }
      const len = this._len + data.length;
      const bufs = this._bufs;
      const lens = this._lens;
      if (this.maxLength && len > this.maxLength) {
        this.emit("drop", data);
        return this._len < this._hwm;
      }
      if (bufs.length === 0 || lens[lens.length - 1] + data.length > this.maxWrite) {
        bufs.push([data]);
        lens.push(data.length);
      } else {
        bufs[bufs.length - 1].push(data);
        lens[lens.length - 1] += data.length;
      }
      this._len = len;
      if (!this._writing && this._len >= this.minLength) {
        this._actualWrite();
      }
      return this._len < this._hwm;
    }
    function callFlushCallbackOnDrain(cb) {
      this._flushPending = true;
      const onDrain = () => {
        if (!this._fsync) {
          try {
            fs3.fsync(this.fd, (err) => {
              this._flushPending = false;
              cb(err);
            });
          } catch (err) {
            cb(err);
          }
        } else {
          this._flushPending = false;
          cb();
        }
        this.off("error", onError);
      };
      const onError = (err) => {
        this._flushPending = false;
        cb(err);
        this.off("drain", onDrain);
      };
      this.once("drain", onDrain);
      this.once("error", onError);
    }
    function flush(cb) {
      if (cb != null && typeof cb !== "function") {
        throw new Error("flush cb must be a function");
      }
      if (this.destroyed) {
        const error = new Error("SonicBoom destroyed");
        if (cb) {
          cb(error);
          return;
        }
        throw error;
      }
      if (this.minLength <= 0) {
        cb?.();
        return;
      }
      if (cb) {
        callFlushCallbackOnDrain.call(this, cb);
      }
      if (this._writing) {
        return;
      }
      if (this._bufs.length === 0) {
        this._bufs.push("");
      }
      this._actualWrite();
    }
    function flushBuffer(cb) {
      if (cb != null && typeof cb !== "function") {
        throw new Error("flush cb must be a function");
      }
      if (this.destroyed) {
        const error = new Error("SonicBoom destroyed");
        if (cb) {
          cb(error);
          return;
        }
        throw error;
      }
      if (this.minLength <= 0) {
        cb?.();
        return;
      }
      if (cb) {
        callFlushCallbackOnDrain.call(this, cb);
      }
      if (this._writing) {
        return;
      }
      if (this._bufs.length === 0) {
        this._bufs.push([]);
        this._lens.push(0);
      }
      this._actualWrite();
    }
    SonicBoom.prototype.reopen = function(file) {
      if (this.destroyed) {
        throw new Error("SonicBoom destroyed");
      }
      if (this._opening) {
        this.once("ready", () => {
          this.reopen(file);
        });
        return;
      }
      if (this._ending) {
        return;
      }
      if (!this.file) {
        throw new Error("Unable to reopen a file descriptor, you must pass a file to SonicBoom");
      }
      if (file) {
        this.file = file;
      }
      this._reopening = true;
      if (this._writing) {
        return;
      }
      const fd = this.fd;
      this.once("ready", () => {
        if (fd !== this.fd) {
          fs3.close(fd, (err) => {
            if (err) {
              return this.emit("error", err);
            }
          });
        }
      });
      openFile(this.file, this);
    };
    SonicBoom.prototype.end = function() {
      if (this.destroyed) {
        throw new Error("SonicBoom destroyed");
      }
      if (this._opening) {
        this.once("ready", () => {
          this.end();
        });
        return;
      }
      if (this._ending) {
        return;
      }
      this._ending = true;
      if (this._writing) {
        return;
      }
      if (this._len > 0 && this.fd >= 0) {
        this._actualWrite();
      } else {
        actualClose(this);
      }
    };
    function flushSync() {
      if (this.destroyed) {
        throw new Error("SonicBoom destroyed");
      }
      if (this.fd < 0) {
        throw new Error("sonic boom is not ready yet");
      }
      if (!this._writing && this._writingBuf.length > 0) {
        this._bufs.unshift(this._writingBuf);
        this._writingBuf = "";
      }
      let buf = "";
      while (this._bufs.length || buf.length) {
        if (buf.length <= 0) {
          buf = this._bufs[0];
        }
        try {
          const n = Buffer.isBuffer(buf) ? fs3.writeSync(this.fd, buf) : fs3.writeSync(this.fd, buf, "utf8");
          const releasedBufObj = releaseWritingBuf(buf, this._len, n);
          buf = releasedBufObj.writingBuf;
          this._len = releasedBufObj.len;
          if (buf.length <= 0) {
            this._bufs.shift();
          }
        } catch (err) {
          const shouldRetry = err.code === "EAGAIN" || err.code === "EBUSY";
          if (shouldRetry && !this.retryEAGAIN(err, buf.length, this._len - buf.length)) {
            throw err;
          }
          sleep(BUSY_WRITE_TIMEOUT);
        }
      }
      try {
        fs3.fsyncSync(this.fd);
      } catch {
      }
    }
    function flushBufferSync() {
      if (this.destroyed) {
        throw new Error("SonicBoom destroyed");
      }
      if (this.fd < 0) {
        throw new Error("sonic boom is not ready yet");
      }
      if (!this._writing && this._writingBuf.length > 0) {
        this._bufs.unshift([this._writingBuf]);
        this._writingBuf = kEmptyBuffer;
      }
      let buf = kEmptyBuffer;
      while (this._bufs.length || buf.length) {
        if (buf.length <= 0) {
          buf = mergeBuf(this._bufs[0], this._lens[0]);
        }
        try {
          const n = fs3.writeSync(this.fd, buf);
          buf = buf.subarray(n);
          this._len = Math.max(this._len - n, 0);
          if (buf.length <= 0) {
            this._bufs.shift();
            this._lens.shift();
          }
        } catch (err) {
          const shouldRetry = err.code === "EAGAIN" || err.code === "EBUSY";
          if (shouldRetry && !this.retryEAGAIN(err, buf.length, this._len - buf.length)) {
            throw err;
          }
          sleep(BUSY_WRITE_TIMEOUT);
        }
      }
    }
    SonicBoom.prototype.destroy = function() {
      if (this.destroyed) {
        return;
      }
      actualClose(this);
    };
    function actualWrite() {
      const release = this.release;
      this._writing = true;
      this._writingBuf = this._writingBuf.length ? this._writingBuf : this._bufs.shift() || "";
      if (this.sync) {
        try {
          const written = Buffer.isBuffer(this._writingBuf) ? fs3.writeSync(this.fd, this._writingBuf) : fs3.writeSync(this.fd, this._writingBuf, "utf8");
          release(null, written);
        } catch (err) {
          release(err);
        }
      } else {
        fs3.write(this.fd, this._writingBuf, release);
      }
    }
    function actualWriteBuffer() {
      const release = this.release;
      this._writing = true;
      this._writingBuf = this._writingBuf.length ? this._writingBuf : mergeBuf(this._bufs.shift(), this._lens.shift());
      if (this.sync) {
        try {
          const written = fs3.writeSync(this.fd, this._writingBuf);
          release(null, written);
        } catch (err) {
          release(err);
        }
      } else {
        if (kCopyBuffer) {
          this._writingBuf = Buffer.from(this._writingBuf);
        }
        fs3.write(this.fd, this._writingBuf, release);
      }
    }
    function actualClose(sonic) {
      if (sonic.fd === -1) {
        sonic.once("ready", actualClose.bind(null, sonic));
        return;
      }
      if (sonic._periodicFlushTimer !== void 0) {
        clearInterval(sonic._periodicFlushTimer);
      }
      sonic.destroyed = true;
      sonic._bufs = [];
      sonic._lens = [];
      assert(typeof sonic.fd === "number", `sonic.fd must be a number, got ${typeof sonic.fd}`);
      try {
        fs3.fsync(sonic.fd, closeWrapped);
      } catch {
      }
      function closeWrapped() {
        if (sonic.fd !== 1 && sonic.fd !== 2) {
          fs3.close(sonic.fd, done);
        } else {
          done();
        }
      }
      function done(err) {
        if (err) {
          sonic.emit("error", err);
          return;
        }
        if (sonic._ending && !sonic._writing) {
          sonic.emit("finish");
        }
        sonic.emit("close");
      }
    }
    SonicBoom.SonicBoom = SonicBoom;
    SonicBoom.default = SonicBoom;
    module2.exports = SonicBoom;
  }
});

// node_modules/on-exit-leak-free/index.js
var require_on_exit_leak_free = __commonJS({
  "node_modules/on-exit-leak-free/index.js"(exports2, module2) {
    "use strict";
    var refs = {
      exit: [],
      beforeExit: []
    };
    var functions = {
      exit: onExit,
      beforeExit: onBeforeExit
    };
    var registry;
    function ensureRegistry() {
      if (registry === void 0) {
        registry = new FinalizationRegistry(clear);
      }
    }
    function install(event) {
      if (refs[event].length > 0) {
        return;
      }
      process.on(event, functions[event]);
    }
    function uninstall(event) {
      if (refs[event].length > 0) {
        return;
      }
      process.removeListener(event, functions[event]);
      if (refs.exit.length === 0 && refs.beforeExit.length === 0) {
        registry = void 0;
      }
    }
    function onExit() {
      callRefs("exit");
    }
    function onBeforeExit() {
      callRefs("beforeExit");
    }
    function callRefs(event) {
      for (const ref of refs[event]) {
        const obj = ref.deref();
        const fn = ref.fn;
        if (obj !== void 0) {
          fn(obj, event);
        }
      }
      refs[event] = [];
    }
    function clear(ref) {
      for (const event of ["exit", "beforeExit"]) {
        const index = refs[event].indexOf(ref);
        refs[event].splice(index, index + 1);
        uninstall(event);
      }
    }
    function _register(event, obj, fn) {
      if (obj === void 0) {
        throw new Error("the object can't be undefined");
      }
      install(event);
      const ref = new WeakRef(obj);
      ref.fn = fn;
      ensureRegistry();
      registry.register(obj, ref);
      refs[event].push(ref);
    }
    function register(obj, fn) {
      _register("exit", obj, fn);
    }
    function registerBeforeExit(obj, fn) {
      _register("beforeExit", obj, fn);
    }
    function unregister(obj) {
      if (registry === void 0) {
        return;
      }
      registry.unregister(obj);
      for (const event of ["exit", "beforeExit"]) {
        refs[event] = refs[event].filter((ref) => {
          const _obj = ref.deref();
          return _obj && _obj !== obj;
        });
        uninstall(event);
      }
    }
    module2.exports = {
      register,
      registerBeforeExit,
      unregister
    };
  }
});

// node_modules/thread-stream/package.json
var require_package = __commonJS({
  "node_modules/thread-stream/package.json"(exports2, module2) {
    module2.exports = {
      name: "thread-stream",
      version: "3.2.0",
      description: "A streaming way to send data to a Node.js Worker Thread",
      main: "index.js",
      types: "index.d.ts",
      dependencies: {
        "real-require": "^0.2.0"
      },
      devDependencies: {
        "@types/node": "^20.1.0",
        "@types/tap": "^15.0.0",
        "@yao-pkg/pkg": "^5.11.5",
        desm: "^1.3.0",
        fastbench: "^1.0.1",
        husky: "^9.0.6",
        "pino-elasticsearch": "^8.0.0",
        "sonic-boom": "^4.0.1",
        standard: "^17.0.0",
        tap: "^16.2.0",
        "ts-node": "^10.8.0",
        typescript: "^5.3.2",
        "why-is-node-running": "^2.2.2"
      },
      scripts: {
        build: "tsc --noEmit",
        test: 'standard && npm run build && npm run transpile && tap "test/**/*.test.*js" && tap --ts test/*.test.*ts',
        "test:ci": "standard && npm run transpile && npm run test:ci:js && npm run test:ci:ts",
        "test:ci:js": 'tap --no-check-coverage --timeout=120 --coverage-report=lcovonly "test/**/*.test.*js"',
        "test:ci:ts": 'tap --ts --no-check-coverage --coverage-report=lcovonly "test/**/*.test.*ts"',
        "test:yarn": 'npm run transpile && tap "test/**/*.test.js" --no-check-coverage',
        transpile: "sh ./test/ts/transpile.sh",
        prepare: "husky install"
      },
      standard: {
        ignore: [
          "test/ts/**/*",
          "test/syntax-error.mjs"
        ]
      },
      repository: {
        type: "git",
        url: "git+https://github.com/mcollina/thread-stream.git"
      },
      keywords: [
        "worker",
        "thread",
        "threads",
        "stream"
      ],
      author: "Matteo Collina <hello@matteocollina.com>",
      license: "MIT",
      bugs: {
        url: "https://github.com/mcollina/thread-stream/issues"
      },
      homepage: "https://github.com/mcollina/thread-stream#readme"
    };
  }
});

// node_modules/thread-stream/lib/wait.js
var require_wait = __commonJS({
  "node_modules/thread-stream/lib/wait.js"(exports2, module2) {
    "use strict";
    var MAX_TIMEOUT = 1e3;
    function wait(state2, index, expected, timeout, done) {
      const max = Date.now() + timeout;
      let current = Atomics.load(state2, index);
      if (current === expected) {
        done(null, "ok");
        return;
      }
      let prior = current;
      const check2 = (backoff) => {
        if (Date.now() > max) {
          done(null, "timed-out");
        } else {
          setTimeout(() => {
            prior = current;
            current = Atomics.load(state2, index);
            if (current === prior) {
              check2(backoff >= MAX_TIMEOUT ? MAX_TIMEOUT : backoff * 2);
            } else {
              if (current === expected) done(null, "ok");
              else done(null, "not-equal");
            }
          }, backoff);
        }
      };
      check2(1);
    }
    function waitDiff(state2, index, expected, timeout, done) {
      const max = Date.now() + timeout;
      let current = Atomics.load(state2, index);
      if (current !== expected) {
        done(null, "ok");
        return;
      }
      const check2 = (backoff) => {
        if (Date.now() > max) {
          done(null, "timed-out");
        } else {
          setTimeout(() => {
            current = Atomics.load(state2, index);
            if (current !== expected) {
              done(null, "ok");
            } else {
              check2(backoff >= MAX_TIMEOUT ? MAX_TIMEOUT : backoff * 2);
            }
          }, backoff);
        }
      };
      check2(1);
    }
    module2.exports = { wait, waitDiff };
  }
});

// node_modules/thread-stream/lib/indexes.js
var require_indexes = __commonJS({
  "node_modules/thread-stream/lib/indexes.js"(exports2, module2) {
    "use strict";
    var SEQ_INDEX = 2;
    var WRITE_INDEX = 4;
    var READ_INDEX = 8;
    module2.exports = {
      WRITE_INDEX,
      READ_INDEX,
      SEQ_INDEX
    };
  }
});

// node_modules/thread-stream/index.js
var require_thread_stream = __commonJS({
  "node_modules/thread-stream/index.js"(exports2, module2) {
    "use strict";
    var { version } = require_package();
    var { EventEmitter } = require("events");
    var { Worker } = require("worker_threads");
    var { join: join10 } = require("path");
    var { pathToFileURL } = require("url");
    var { wait } = require_wait();
    var {
      WRITE_INDEX,
      READ_INDEX,
      SEQ_INDEX
    } = require_indexes();
    var buffer = require("buffer");
    var assert = require("assert");
    var kImpl = /* @__PURE__ */ Symbol("kImpl");
    var MAX_STRING = buffer.constants.MAX_STRING_LENGTH;
    function updateState(stream, fn) {
      Atomics.add(stream[kImpl].state, SEQ_INDEX, 1);
      fn();
      Atomics.add(stream[kImpl].state, SEQ_INDEX, 1);
      Atomics.notify(stream[kImpl].state, SEQ_INDEX);
    }
    var FakeWeakRef = class {
      constructor(value) {
        this._value = value;
      }
      deref() {
        return this._value;
      }
    };
    var FakeFinalizationRegistry = class {
      register() {
      }
      unregister() {
      }
    };
    var FinalizationRegistry2 = process.env.NODE_V8_COVERAGE ? FakeFinalizationRegistry : global.FinalizationRegistry || FakeFinalizationRegistry;
    var WeakRef2 = process.env.NODE_V8_COVERAGE ? FakeWeakRef : global.WeakRef || FakeWeakRef;
    var registry = new FinalizationRegistry2((worker) => {
      if (worker.exited) {
        return;
      }
      worker.terminate();
    });
    function createWorker(stream, opts) {
      const { filename, workerData } = opts;
      const bundlerOverrides = "__bundlerPathsOverrides" in globalThis ? globalThis.__bundlerPathsOverrides : {};
      const toExecute = bundlerOverrides["thread-stream-worker"] || join10(__dirname, "lib", "worker.js");
      const worker = new Worker(toExecute, {
        ...opts.workerOpts,
        trackUnmanagedFds: false,
        workerData: {
          filename: filename.indexOf("file://") === 0 ? filename : pathToFileURL(filename).href,
          dataBuf: stream[kImpl].dataBuf,
          stateBuf: stream[kImpl].stateBuf,
          workerData: {
            $context: {
              threadStreamVersion: version
            },
            ...workerData
          }
        }
      });
      worker.stream = new FakeWeakRef(stream);
      worker.on("message", onWorkerMessage);
      worker.on("exit", onWorkerExit);
      registry.register(stream, worker);
      return worker;
    }
    function drain(stream) {
      assert(!stream[kImpl].sync);
      if (stream[kImpl].needDrain) {
        stream[kImpl].needDrain = false;
        stream.emit("drain");
      }
    }
    function nextFlush(stream) {
      const writeIndex = Atomics.load(stream[kImpl].state, WRITE_INDEX);
      let leftover = stream[kImpl].data.length - writeIndex;
      if (leftover > 0) {
        if (stream[kImpl].buf.length === 0) {
          stream[kImpl].flushing = false;
          if (stream[kImpl].ending) {
            end(stream);
          } else if (stream[kImpl].needDrain) {
            process.nextTick(drain, stream);
          }
          return;
        }
        let toWrite = stream[kImpl].buf.slice(0, leftover);
        let toWriteBytes = Buffer.byteLength(toWrite);
        if (toWriteBytes <= leftover) {
          stream[kImpl].buf = stream[kImpl].buf.slice(leftover);
          write(stream, toWrite, nextFlush.bind(null, stream));
        } else {
          stream.flush(() => {
            if (stream.destroyed) {
              return;
            }
            updateState(stream, () => {
              Atomics.store(stream[kImpl].state, READ_INDEX, 0);
              Atomics.store(stream[kImpl].state, WRITE_INDEX, 0);
            });
            Atomics.notify(stream[kImpl].state, READ_INDEX);
            while (toWriteBytes > stream[kImpl].data.length) {
              leftover = leftover / 2;
              toWrite = stream[kImpl].buf.slice(0, leftover);
              toWriteBytes = Buffer.byteLength(toWrite);
            }
            stream[kImpl].buf = stream[kImpl].buf.slice(leftover);
            write(stream, toWrite, nextFlush.bind(null, stream));
          });
        }
      } else if (leftover === 0) {
        if (writeIndex === 0 && stream[kImpl].buf.length === 0) {
          return;
        }
        stream.flush(() => {
          updateState(stream, () => {
            Atomics.store(stream[kImpl].state, READ_INDEX, 0);
            Atomics.store(stream[kImpl].state, WRITE_INDEX, 0);
          });
          Atomics.notify(stream[kImpl].state, READ_INDEX);
          nextFlush(stream);
        });
      } else {
        destroy(stream, new Error("overwritten"));
      }
    }
    function onWorkerMessage(msg) {
      const stream = this.stream.deref();
      if (stream === void 0) {
        this.exited = true;
        this.terminate();
        return;
      }
      if (msg?.code == null) {
        return;
      }
      switch (msg.code) {
        case "READY":
          this.stream = new WeakRef2(stream);
          stream.flush(() => {
            stream[kImpl].ready = true;
            stream.emit("ready");
          });
          break;
        case "ERROR":
          destroy(stream, msg.err);
          break;
        case "EVENT":
          if (Array.isArray(msg.args)) {
            stream.emit(msg.name, ...msg.args);
          } else {
            stream.emit(msg.name, msg.args);
          }
          break;
        case "WARNING":
          process.emitWarning(msg.err);
          break;
        default:
          destroy(stream, new Error("this should not happen: " + msg.code));
      }
    }
    function onWorkerExit(code) {
      const stream = this.stream.deref();
      if (stream === void 0) {
        return;
      }
      registry.unregister(stream);
      stream.worker.exited = true;
      stream.worker.off("exit", onWorkerExit);
      destroy(stream, code !== 0 ? new Error("the worker thread exited") : null);
    }
    var ThreadStream = class extends EventEmitter {
      constructor(opts = {}) {
        super();
        if (opts.bufferSize < 4) {
          throw new Error("bufferSize must at least fit a 4-byte utf-8 char");
        }
        this[kImpl] = {};
        this[kImpl].stateBuf = new SharedArrayBuffer(128);
        this[kImpl].state = new Int32Array(this[kImpl].stateBuf);
        this[kImpl].dataBuf = new SharedArrayBuffer(opts.bufferSize || 4 * 1024 * 1024);
        this[kImpl].data = Buffer.from(this[kImpl].dataBuf);
        this[kImpl].sync = opts.sync || false;
        this[kImpl].ending = false;
        this[kImpl].ended = false;
        this[kImpl].needDrain = false;
        this[kImpl].destroyed = false;
        this[kImpl].flushing = false;
        this[kImpl].ready = false;
        this[kImpl].finished = false;
        this[kImpl].errored = null;
        this[kImpl].closed = false;
        this[kImpl].buf = "";
        this.worker = createWorker(this, opts);
        this.on("message", (message, transferList) => {
          this.worker.postMessage(message, transferList);
        });
      }
      write(data) {
        if (this[kImpl].destroyed) {
          error(this, new Error("the worker has exited"));
          return false;
        }
        if (this[kImpl].ending) {
          error(this, new Error("the worker is ending"));
          return false;
        }
        if (this[kImpl].flushing && this[kImpl].buf.length + data.length >= MAX_STRING) {
          try {
            writeSync(this);
            this[kImpl].flushing = true;
          } catch (err) {
            destroy(this, err);
            return false;
          }
        }
        this[kImpl].buf += data;
        if (this[kImpl].sync) {
          try {
            writeSync(this);
            return true;
          } catch (err) {
            destroy(this, err);
            return false;
          }
        }
        if (!this[kImpl].flushing) {
          this[kImpl].flushing = true;
          setImmediate(nextFlush, this);
        }
        this[kImpl].needDrain = this[kImpl].data.length - this[kImpl].buf.length - Atomics.load(this[kImpl].state, WRITE_INDEX) <= 0;
        return !this[kImpl].needDrain;
      }
      end() {
        if (this[kImpl].destroyed) {
          return;
        }
        this[kImpl].ending = true;
        end(this);
      }
      flush(cb) {
        if (this[kImpl].destroyed) {
          if (typeof cb === "function") {
            process.nextTick(cb, new Error("the worker has exited"));
          }
          return;
        }
        const writeIndex = Atomics.load(this[kImpl].state, WRITE_INDEX);
        wait(this[kImpl].state, READ_INDEX, writeIndex, Infinity, (err, res) => {
          if (err) {
            destroy(this, err);
            process.nextTick(cb, err);
            return;
          }
          if (res === "not-equal") {
            this.flush(cb);
            return;
          }
          process.nextTick(cb);
        });
      }
      flushSync() {
        if (this[kImpl].destroyed) {
          return;
        }
        writeSync(this);
        flushSync(this);
      }
      unref() {
        this.worker.unref();
      }
      ref() {
        this.worker.ref();
      }
      get ready() {
        return this[kImpl].ready;
      }
      get destroyed() {
        return this[kImpl].destroyed;
      }
      get closed() {
        return this[kImpl].closed;
      }
      get writable() {
        return !this[kImpl].destroyed && !this[kImpl].ending;
      }
      get writableEnded() {
        return this[kImpl].ending;
      }
      get writableFinished() {
        return this[kImpl].finished;
      }
      get writableNeedDrain() {
        return this[kImpl].needDrain;
      }
      get writableObjectMode() {
        return false;
      }
      get writableErrored() {
        return this[kImpl].errored;
      }
    };
    function error(stream, err) {
      setImmediate(() => {
        stream.emit("error", err);
      });
    }
    function destroy(stream, err) {
      if (stream[kImpl].destroyed) {
        return;
      }
      stream[kImpl].destroyed = true;
      if (err) {
        stream[kImpl].errored = err;
        error(stream, err);
      }
      if (!stream.worker.exited) {
        stream.worker.terminate().catch(() => {
        }).then(() => {
          stream[kImpl].closed = true;
          stream.emit("close");
        });
      } else {
        setImmediate(() => {
          stream[kImpl].closed = true;
          stream.emit("close");
        });
      }
    }
    function write(stream, data, cb) {
      const current = Atomics.load(stream[kImpl].state, WRITE_INDEX);
      const length = Buffer.byteLength(data);
      stream[kImpl].data.write(data, current);
      updateState(stream, () => {
        Atomics.store(stream[kImpl].state, WRITE_INDEX, current + length);
      });
      cb();
      return true;
    }
    function end(stream) {
      if (stream[kImpl].ended || !stream[kImpl].ending || stream[kImpl].flushing) {
        return;
      }
      stream[kImpl].ended = true;
      try {
        stream.flushSync();
        let readIndex = Atomics.load(stream[kImpl].state, READ_INDEX);
        updateState(stream, () => {
          Atomics.store(stream[kImpl].state, WRITE_INDEX, -1);
        });
        let spins = 0;
        while (readIndex !== -1) {
          Atomics.wait(stream[kImpl].state, READ_INDEX, readIndex, 1e3);
          readIndex = Atomics.load(stream[kImpl].state, READ_INDEX);
          if (readIndex === -2) {
            destroy(stream, new Error("end() failed"));
            return;
          }
          if (++spins === 10) {
            destroy(stream, new Error("end() took too long (10s)"));
            return;
          }
        }
        process.nextTick(() => {
          stream[kImpl].finished = true;
          stream.emit("finish");
        });
      } catch (err) {
        destroy(stream, err);
      }
    }
    function writeSync(stream) {
      const cb = () => {
        if (stream[kImpl].ending) {
          end(stream);
        } else if (stream[kImpl].needDrain) {
          process.nextTick(drain, stream);
        }
      };
      stream[kImpl].flushing = false;
      while (stream[kImpl].buf.length !== 0) {
        const writeIndex = Atomics.load(stream[kImpl].state, WRITE_INDEX);
        let leftover = stream[kImpl].data.length - writeIndex;
        if (leftover === 0) {
          flushSync(stream);
          updateState(stream, () => {
            Atomics.store(stream[kImpl].state, READ_INDEX, 0);
            Atomics.store(stream[kImpl].state, WRITE_INDEX, 0);
          });
          Atomics.notify(stream[kImpl].state, READ_INDEX);
          continue;
        } else if (leftover < 0) {
          throw new Error("overwritten");
        }
        let toWrite = stream[kImpl].buf.slice(0, leftover);
        let toWriteBytes = Buffer.byteLength(toWrite);
        if (toWriteBytes <= leftover) {
          stream[kImpl].buf = stream[kImpl].buf.slice(leftover);
          write(stream, toWrite, cb);
        } else {
          flushSync(stream);
          updateState(stream, () => {
            Atomics.store(stream[kImpl].state, READ_INDEX, 0);
            Atomics.store(stream[kImpl].state, WRITE_INDEX, 0);
          });
          Atomics.notify(stream[kImpl].state, READ_INDEX);
          while (toWriteBytes > stream[kImpl].buf.length) {
            leftover = leftover / 2;
            toWrite = stream[kImpl].buf.slice(0, leftover);
            toWriteBytes = Buffer.byteLength(toWrite);
          }
          stream[kImpl].buf = stream[kImpl].buf.slice(leftover);
          write(stream, toWrite, cb);
        }
      }
    }
    function flushSync(stream) {
      if (stream[kImpl].flushing) {
        throw new Error("unable to flush while flushing");
      }
      const writeIndex = Atomics.load(stream[kImpl].state, WRITE_INDEX);
      let spins = 0;
      while (true) {
        const readIndex = Atomics.load(stream[kImpl].state, READ_INDEX);
        if (readIndex === -2) {
          throw Error("_flushSync failed");
        }
        if (readIndex !== writeIndex) {
          Atomics.wait(stream[kImpl].state, READ_INDEX, readIndex, 1e3);
        } else {
          break;
        }
        if (++spins === 10) {
          throw new Error("_flushSync took too long (10s)");
        }
      }
    }
    module2.exports = ThreadStream;
  }
});

// node_modules/pino/lib/transport.js
var require_transport = __commonJS({
  "node_modules/pino/lib/transport.js"(exports2, module2) {
    "use strict";
    var { createRequire } = require("module");
    var getCallers = require_caller();
    var { join: join10, isAbsolute, sep } = require("node:path");
    var sleep = require_atomic_sleep();
    var onExit = require_on_exit_leak_free();
    var ThreadStream = require_thread_stream();
    function setupOnExit(stream) {
      onExit.register(stream, autoEnd);
      onExit.registerBeforeExit(stream, flush);
      stream.on("close", function() {
        onExit.unregister(stream);
      });
    }
    function buildStream(filename, workerData, workerOpts, sync) {
      const stream = new ThreadStream({
        filename,
        workerData,
        workerOpts,
        sync
      });
      stream.on("ready", onReady);
      stream.on("close", function() {
        process.removeListener("exit", onExit2);
      });
      process.on("exit", onExit2);
      function onReady() {
        process.removeListener("exit", onExit2);
        stream.unref();
        if (workerOpts.autoEnd !== false) {
          setupOnExit(stream);
        }
      }
      function onExit2() {
        if (stream.closed) {
          return;
        }
        stream.flushSync();
        sleep(100);
        stream.end();
      }
      return stream;
    }
    function autoEnd(stream) {
      stream.ref();
      stream.flushSync();
      stream.end();
      stream.once("close", function() {
        stream.unref();
      });
    }
    function flush(stream) {
      stream.flushSync();
    }
    function transport(fullOptions) {
      const { pipeline, targets, levels, dedupe, worker = {}, caller = getCallers(), sync = false } = fullOptions;
      const options = {
        ...fullOptions.options
      };
      const callers = typeof caller === "string" ? [caller] : caller;
      const bundlerOverrides = "__bundlerPathsOverrides" in globalThis ? globalThis.__bundlerPathsOverrides : {};
      let target = fullOptions.target;
      if (target && targets) {
        throw new Error("only one of target or targets can be specified");
      }
      if (targets) {
        target = bundlerOverrides["pino-worker"] || join10(__dirname, "worker.js");
        options.targets = targets.filter((dest) => dest.target).map((dest) => {
          return {
            ...dest,
            target: fixTarget(dest.target)
          };
        });
        options.pipelines = targets.filter((dest) => dest.pipeline).map((dest) => {
          return dest.pipeline.map((t) => {
            return {
              ...t,
              level: dest.level,
              // duplicate the pipeline `level` property defined in the upper level
              target: fixTarget(t.target)
            };
          });
        });
      } else if (pipeline) {
        target = bundlerOverrides["pino-worker"] || join10(__dirname, "worker.js");
        options.pipelines = [pipeline.map((dest) => {
          return {
            ...dest,
            target: fixTarget(dest.target)
          };
        })];
      }
      if (levels) {
        options.levels = levels;
      }
      if (dedupe) {
        options.dedupe = dedupe;
      }
      options.pinoWillSendConfig = true;
      return buildStream(fixTarget(target), options, worker, sync);
      function fixTarget(origin) {
        origin = bundlerOverrides[origin] || origin;
        if (isAbsolute(origin) || origin.indexOf("file://") === 0) {
          return origin;
        }
        if (origin === "pino/file") {
          return join10(__dirname, "..", "file.js");
        }
        let fixTarget2;
        for (const filePath of callers) {
          try {
            const context = filePath === "node:repl" ? process.cwd() + sep : filePath;
            fixTarget2 = createRequire(context).resolve(origin);
            break;
          } catch (err) {
            continue;
          }
        }
        if (!fixTarget2) {
          throw new Error(`unable to determine transport target for "${origin}"`);
        }
        return fixTarget2;
      }
    }
    module2.exports = transport;
  }
});

// node_modules/pino/lib/tools.js
var require_tools = __commonJS({
  "node_modules/pino/lib/tools.js"(exports2, module2) {
    "use strict";
    var diagChan = require("node:diagnostics_channel");
    var format = require_quick_format_unescaped();
    var { mapHttpRequest, mapHttpResponse } = require_pino_std_serializers();
    var SonicBoom = require_sonic_boom();
    var onExit = require_on_exit_leak_free();
    var {
      lsCacheSym,
      chindingsSym,
      writeSym,
      serializersSym,
      formatOptsSym,
      endSym,
      stringifiersSym,
      stringifySym,
      stringifySafeSym,
      wildcardFirstSym,
      nestedKeySym,
      formattersSym,
      messageKeySym,
      errorKeySym,
      nestedKeyStrSym,
      msgPrefixSym
    } = require_symbols();
    var { isMainThread } = require("worker_threads");
    var transport = require_transport();
    var asJsonChan;
    if (typeof diagChan.tracingChannel === "function") {
      asJsonChan = diagChan.tracingChannel("pino_asJson");
    } else {
      asJsonChan = {
        hasSubscribers: false,
        traceSync(fn, store, thisArg, ...args) {
          return fn.call(thisArg, ...args);
        }
      };
    }
    function noop() {
    }
    function genLog(level, hook) {
      if (!hook) return LOG;
      return function hookWrappedLog(...args) {
        hook.call(this, args, LOG, level);
      };
      function LOG(o, ...n) {
        if (typeof o === "object") {
          let msg = o;
          if (o !== null) {
            if (o.method && o.headers && o.socket) {
              o = mapHttpRequest(o);
            } else if (typeof o.setHeader === "function") {
              o = mapHttpResponse(o);
            }
          }
          let formatParams;
          if (msg === null && n.length === 0) {
            formatParams = [null];
          } else {
            msg = n.shift();
            formatParams = n;
          }
          if (typeof this[msgPrefixSym] === "string" && msg !== void 0 && msg !== null) {
            msg = this[msgPrefixSym] + msg;
          }
          this[writeSym](o, format(msg, formatParams, this[formatOptsSym]), level);
        } else {
          let msg = o === void 0 ? n.shift() : o;
          if (typeof this[msgPrefixSym] === "string" && msg !== void 0 && msg !== null) {
            msg = this[msgPrefixSym] + msg;
          }
          this[writeSym](null, format(msg, n, this[formatOptsSym]), level);
        }
      }
    }
    function asString(str) {
      let result = "";
      let last = 0;
      let found = false;
      let point = 255;
      const l = str.length;
      if (l > 100) {
        return JSON.stringify(str);
      }
      for (var i = 0; i < l && point >= 32; i++) {
        point = str.charCodeAt(i);
        if (point === 34 || point === 92) {
          result += str.slice(last, i) + "\\";
          last = i;
          found = true;
        }
      }
      if (!found) {
        result = str;
      } else {
        result += str.slice(last);
      }
      return point < 32 ? JSON.stringify(str) : '"' + result + '"';
    }
    function asJson(obj, msg, num, time) {
      if (asJsonChan.hasSubscribers === false) {
        return _asJson.call(this, obj, msg, num, time);
      }
      const store = { instance: this, arguments };
      return asJsonChan.traceSync(_asJson, store, this, obj, msg, num, time);
    }
    function _asJson(obj, msg, num, time) {
      const stringify2 = this[stringifySym];
      const stringifySafe = this[stringifySafeSym];
      const stringifiers = this[stringifiersSym];
      const end = this[endSym];
      const chindings = this[chindingsSym];
      const serializers = this[serializersSym];
      const formatters = this[formattersSym];
      const messageKey = this[messageKeySym];
      const errorKey = this[errorKeySym];
      let data = this[lsCacheSym][num] + time;
      data = data + chindings;
      let value;
      if (formatters.log) {
        obj = formatters.log(obj);
      }
      const wildcardStringifier = stringifiers[wildcardFirstSym];
      let propStr = "";
      for (const key in obj) {
        value = obj[key];
        if (Object.prototype.hasOwnProperty.call(obj, key) && value !== void 0) {
          if (serializers[key]) {
            value = serializers[key](value);
          } else if (key === errorKey && serializers.err) {
            value = serializers.err(value);
          }
          const stringifier = stringifiers[key] || wildcardStringifier;
          switch (typeof value) {
            case "undefined":
            case "function":
              continue;
            case "number":
              if (Number.isFinite(value) === false) {
                value = null;
              }
            // this case explicitly falls through to the next one
            case "boolean":
              if (stringifier) value = stringifier(value);
              break;
            case "string":
              value = (stringifier || asString)(value);
              break;
            default:
              value = (stringifier || stringify2)(value, stringifySafe);
          }
          if (value === void 0) continue;
          const strKey = asString(key);
          propStr += "," + strKey + ":" + value;
        }
      }
      let msgStr = "";
      if (msg !== void 0) {
        value = serializers[messageKey] ? serializers[messageKey](msg) : msg;
        const stringifier = stringifiers[messageKey] || wildcardStringifier;
        switch (typeof value) {
          case "function":
            break;
          case "number":
            if (Number.isFinite(value) === false) {
              value = null;
            }
          // this case explicitly falls through to the next one
          case "boolean":
            if (stringifier) value = stringifier(value);
            msgStr = ',"' + messageKey + '":' + value;
            break;
          case "string":
            value = (stringifier || asString)(value);
            msgStr = ',"' + messageKey + '":' + value;
            break;
          default:
            value = (stringifier || stringify2)(value, stringifySafe);
            msgStr = ',"' + messageKey + '":' + value;
        }
      }
      if (this[nestedKeySym] && propStr) {
        return data + this[nestedKeyStrSym] + propStr.slice(1) + "}" + msgStr + end;
      } else {
        return data + propStr + msgStr + end;
      }
    }
    function asChindings(instance, bindings) {
      let value;
      let data = instance[chindingsSym];
      const stringify2 = instance[stringifySym];
      const stringifySafe = instance[stringifySafeSym];
      const stringifiers = instance[stringifiersSym];
      const wildcardStringifier = stringifiers[wildcardFirstSym];
      const serializers = instance[serializersSym];
      const formatter = instance[formattersSym].bindings;
      bindings = formatter(bindings);
      for (const key in bindings) {
        value = bindings[key];
        const valid = (key.length < 5 || key !== "level" && key !== "serializers" && key !== "formatters" && key !== "customLevels") && bindings.hasOwnProperty(key) && value !== void 0;
        if (valid === true) {
          value = serializers[key] ? serializers[key](value) : value;
          value = (stringifiers[key] || wildcardStringifier || stringify2)(value, stringifySafe);
          if (value === void 0) continue;
          data += ',"' + key + '":' + value;
        }
      }
      return data;
    }
    function hasBeenTampered(stream) {
      return stream.write !== stream.constructor.prototype.write;
    }
    function buildSafeSonicBoom(opts) {
      const stream = new SonicBoom(opts);
      stream.on("error", filterBrokenPipe);
      if (!opts.sync && isMainThread) {
        onExit.register(stream, autoEnd);
        stream.on("close", function() {
          onExit.unregister(stream);
        });
      }
      return stream;
      function filterBrokenPipe(err) {
        if (err.code === "EPIPE") {
          stream.write = noop;
          stream.end = noop;
          stream.flushSync = noop;
          stream.destroy = noop;
          return;
        }
        stream.removeListener("error", filterBrokenPipe);
        stream.emit("error", err);
      }
    }
    function autoEnd(stream, eventName) {
      if (stream.destroyed) {
        return;
      }
      if (eventName === "beforeExit") {
        stream.flush();
        stream.on("drain", function() {
          stream.end();
        });
      } else {
        stream.flushSync();
      }
    }
    function createArgsNormalizer(defaultOptions) {
      return function normalizeArgs(instance, caller, opts = {}, stream) {
        if (typeof opts === "string") {
          stream = buildSafeSonicBoom({ dest: opts });
          opts = {};
        } else if (typeof stream === "string") {
          if (opts && opts.transport) {
            throw Error("only one of option.transport or stream can be specified");
          }
          stream = buildSafeSonicBoom({ dest: stream });
        } else if (opts instanceof SonicBoom || opts.writable || opts._writableState) {
          stream = opts;
          opts = {};
        } else if (opts.transport) {
          if (opts.transport instanceof SonicBoom || opts.transport.writable || opts.transport._writableState) {
            throw Error("option.transport do not allow stream, please pass to option directly. e.g. pino(transport)");
          }
          if (opts.transport.targets && opts.transport.targets.length && opts.formatters && typeof opts.formatters.level === "function") {
            throw Error("option.transport.targets do not allow custom level formatters");
          }
          let customLevels;
          if (opts.customLevels) {
            customLevels = opts.useOnlyCustomLevels ? opts.customLevels : Object.assign({}, opts.levels, opts.customLevels);
          }
          stream = transport({ caller, ...opts.transport, levels: customLevels });
        }
        opts = Object.assign({}, defaultOptions, opts);
        opts.serializers = Object.assign({}, defaultOptions.serializers, opts.serializers);
        opts.formatters = Object.assign({}, defaultOptions.formatters, opts.formatters);
        if (opts.prettyPrint) {
          throw new Error("prettyPrint option is no longer supported, see the pino-pretty package (https://github.com/pinojs/pino-pretty)");
        }
        const { enabled, onChild } = opts;
        if (enabled === false) opts.level = "silent";
        if (!onChild) opts.onChild = noop;
        if (!stream) {
          if (!hasBeenTampered(process.stdout)) {
            stream = buildSafeSonicBoom({ fd: process.stdout.fd || 1 });
          } else {
            stream = process.stdout;
          }
        }
        return { opts, stream };
      };
    }
    function stringify(obj, stringifySafeFn) {
      try {
        return JSON.stringify(obj);
      } catch (_) {
        try {
          const stringify2 = stringifySafeFn || this[stringifySafeSym];
          return stringify2(obj);
        } catch (_2) {
          return '"[unable to serialize, circular reference is too complex to analyze]"';
        }
      }
    }
    function buildFormatters(level, bindings, log) {
      return {
        level,
        bindings,
        log
      };
    }
    function normalizeDestFileDescriptor(destination) {
      const fd = Number(destination);
      if (typeof destination === "string" && Number.isFinite(fd)) {
        return fd;
      }
      if (destination === void 0) {
        return 1;
      }
      return destination;
    }
    module2.exports = {
      noop,
      buildSafeSonicBoom,
      asChindings,
      asJson,
      genLog,
      createArgsNormalizer,
      stringify,
      buildFormatters,
      normalizeDestFileDescriptor
    };
  }
});

// node_modules/pino/lib/constants.js
var require_constants2 = __commonJS({
  "node_modules/pino/lib/constants.js"(exports2, module2) {
    var DEFAULT_LEVELS = {
      trace: 10,
      debug: 20,
      info: 30,
      warn: 40,
      error: 50,
      fatal: 60
    };
    var SORTING_ORDER = {
      ASC: "ASC",
      DESC: "DESC"
    };
    module2.exports = {
      DEFAULT_LEVELS,
      SORTING_ORDER
    };
  }
});

// node_modules/pino/lib/levels.js
var require_levels = __commonJS({
  "node_modules/pino/lib/levels.js"(exports2, module2) {
    "use strict";
    var {
      lsCacheSym,
      levelValSym,
      useOnlyCustomLevelsSym,
      streamSym,
      formattersSym,
      hooksSym,
      levelCompSym
    } = require_symbols();
    var { noop, genLog } = require_tools();
    var { DEFAULT_LEVELS, SORTING_ORDER } = require_constants2();
    var levelMethods = {
      fatal: (hook) => {
        const logFatal = genLog(DEFAULT_LEVELS.fatal, hook);
        return function(...args) {
          const stream = this[streamSym];
          logFatal.call(this, ...args);
          if (typeof stream.flushSync === "function") {
            try {
              stream.flushSync();
            } catch (e) {
            }
          }
        };
      },
      error: (hook) => genLog(DEFAULT_LEVELS.error, hook),
      warn: (hook) => genLog(DEFAULT_LEVELS.warn, hook),
      info: (hook) => genLog(DEFAULT_LEVELS.info, hook),
      debug: (hook) => genLog(DEFAULT_LEVELS.debug, hook),
      trace: (hook) => genLog(DEFAULT_LEVELS.trace, hook)
    };
    var nums = Object.keys(DEFAULT_LEVELS).reduce((o, k) => {
      o[DEFAULT_LEVELS[k]] = k;
      return o;
    }, {});
    var initialLsCache = Object.keys(nums).reduce((o, k) => {
      o[k] = '{"level":' + Number(k);
      return o;
    }, {});
    function genLsCache(instance) {
      const formatter = instance[formattersSym].level;
      const { labels } = instance.levels;
      const cache = {};
      for (const label in labels) {
        const level = formatter(labels[label], Number(label));
        cache[label] = JSON.stringify(level).slice(0, -1);
      }
      instance[lsCacheSym] = cache;
      return instance;
    }
    function isStandardLevel(level, useOnlyCustomLevels) {
      if (useOnlyCustomLevels) {
        return false;
      }
      switch (level) {
        case "fatal":
        case "error":
        case "warn":
        case "info":
        case "debug":
        case "trace":
          return true;
        default:
          return false;
      }
    }
    function setLevel(level) {
      const { labels, values } = this.levels;
      if (typeof level === "number") {
        if (labels[level] === void 0) throw Error("unknown level value" + level);
        level = labels[level];
      }
      if (values[level] === void 0) throw Error("unknown level " + level);
      const preLevelVal = this[levelValSym];
      const levelVal = this[levelValSym] = values[level];
      const useOnlyCustomLevelsVal = this[useOnlyCustomLevelsSym];
      const levelComparison = this[levelCompSym];
      const hook = this[hooksSym].logMethod;
      for (const key in values) {
        if (levelComparison(values[key], levelVal) === false) {
          this[key] = noop;
          continue;
        }
        this[key] = isStandardLevel(key, useOnlyCustomLevelsVal) ? levelMethods[key](hook) : genLog(values[key], hook);
      }
      this.emit(
        "level-change",
        level,
        levelVal,
        labels[preLevelVal],
        preLevelVal,
        this
      );
    }
    function getLevel(level) {
      const { levels, levelVal } = this;
      return levels && levels.labels ? levels.labels[levelVal] : "";
    }
    function isLevelEnabled(logLevel) {
      const { values } = this.levels;
      const logLevelVal = values[logLevel];
      return logLevelVal !== void 0 && this[levelCompSym](logLevelVal, this[levelValSym]);
    }
    function compareLevel(direction, current, expected) {
      if (direction === SORTING_ORDER.DESC) {
        return current <= expected;
      }
      return current >= expected;
    }
    function genLevelComparison(levelComparison) {
      if (typeof levelComparison === "string") {
        return compareLevel.bind(null, levelComparison);
      }
      return levelComparison;
    }
    function mappings(customLevels = null, useOnlyCustomLevels = false) {
      const customNums = customLevels ? Object.keys(customLevels).reduce((o, k) => {
        o[customLevels[k]] = k;
        return o;
      }, {}) : null;
      const labels = Object.assign(
        Object.create(Object.prototype, { Infinity: { value: "silent" } }),
        useOnlyCustomLevels ? null : nums,
        customNums
      );
      const values = Object.assign(
        Object.create(Object.prototype, { silent: { value: Infinity } }),
        useOnlyCustomLevels ? null : DEFAULT_LEVELS,
        customLevels
      );
      return { labels, values };
    }
    function assertDefaultLevelFound(defaultLevel, customLevels, useOnlyCustomLevels) {
      if (typeof defaultLevel === "number") {
        const values = [].concat(
          Object.keys(customLevels || {}).map((key) => customLevels[key]),
          useOnlyCustomLevels ? [] : Object.keys(nums).map((level) => +level),
          Infinity
        );
        if (!values.includes(defaultLevel)) {
          throw Error(`default level:${defaultLevel} must be included in custom levels`);
        }
        return;
      }
      const labels = Object.assign(
        Object.create(Object.prototype, { silent: { value: Infinity } }),
        useOnlyCustomLevels ? null : DEFAULT_LEVELS,
        customLevels
      );
      if (!(defaultLevel in labels)) {
        throw Error(`default level:${defaultLevel} must be included in custom levels`);
      }
    }
    function assertNoLevelCollisions(levels, customLevels) {
      const { labels, values } = levels;
      for (const k in customLevels) {
        if (k in values) {
          throw Error("levels cannot be overridden");
        }
        if (customLevels[k] in labels) {
          throw Error("pre-existing level values cannot be used for new levels");
        }
      }
    }
    function assertLevelComparison(levelComparison) {
      if (typeof levelComparison === "function") {
        return;
      }
      if (typeof levelComparison === "string" && Object.values(SORTING_ORDER).includes(levelComparison)) {
        return;
      }
      throw new Error('Levels comparison should be one of "ASC", "DESC" or "function" type');
    }
    module2.exports = {
      initialLsCache,
      genLsCache,
      levelMethods,
      getLevel,
      setLevel,
      isLevelEnabled,
      mappings,
      assertNoLevelCollisions,
      assertDefaultLevelFound,
      genLevelComparison,
      assertLevelComparison
    };
  }
});

// node_modules/pino/lib/meta.js
var require_meta = __commonJS({
  "node_modules/pino/lib/meta.js"(exports2, module2) {
    "use strict";
    module2.exports = { version: "9.14.0" };
  }
});

// node_modules/pino/lib/proto.js
var require_proto = __commonJS({
  "node_modules/pino/lib/proto.js"(exports2, module2) {
    "use strict";
    var { EventEmitter } = require("node:events");
    var {
      lsCacheSym,
      levelValSym,
      setLevelSym,
      getLevelSym,
      chindingsSym,
      parsedChindingsSym,
      mixinSym,
      asJsonSym,
      writeSym,
      mixinMergeStrategySym,
      timeSym,
      timeSliceIndexSym,
      streamSym,
      serializersSym,
      formattersSym,
      errorKeySym,
      messageKeySym,
      useOnlyCustomLevelsSym,
      needsMetadataGsym,
      redactFmtSym,
      stringifySym,
      formatOptsSym,
      stringifiersSym,
      msgPrefixSym,
      hooksSym
    } = require_symbols();
    var {
      getLevel,
      setLevel,
      isLevelEnabled,
      mappings,
      initialLsCache,
      genLsCache,
      assertNoLevelCollisions
    } = require_levels();
    var {
      asChindings,
      asJson,
      buildFormatters,
      stringify,
      noop
    } = require_tools();
    var {
      version
    } = require_meta();
    var redaction = require_redaction();
    var constructor = class Pino {
    };
    var prototype = {
      constructor,
      child,
      bindings,
      setBindings,
      flush,
      isLevelEnabled,
      version,
      get level() {
        return this[getLevelSym]();
      },
      set level(lvl) {
        this[setLevelSym](lvl);
      },
      get levelVal() {
        return this[levelValSym];
      },
      set levelVal(n) {
        throw Error("levelVal is read-only");
      },
      get msgPrefix() {
        return this[msgPrefixSym];
      },
      get [Symbol.toStringTag]() {
        return "Pino";
      },
      [lsCacheSym]: initialLsCache,
      [writeSym]: write,
      [asJsonSym]: asJson,
      [getLevelSym]: getLevel,
      [setLevelSym]: setLevel
    };
    Object.setPrototypeOf(prototype, EventEmitter.prototype);
    module2.exports = function() {
      return Object.create(prototype);
    };
    var resetChildingsFormatter = (bindings2) => bindings2;
    function child(bindings2, options) {
      if (!bindings2) {
        throw Error("missing bindings for child Pino");
      }
      const serializers = this[serializersSym];
      const formatters = this[formattersSym];
      const instance = Object.create(this);
      if (options == null) {
        if (instance[formattersSym].bindings !== resetChildingsFormatter) {
          instance[formattersSym] = buildFormatters(
            formatters.level,
            resetChildingsFormatter,
            formatters.log
          );
        }
        instance[chindingsSym] = asChindings(instance, bindings2);
        instance[setLevelSym](this.level);
        if (this.onChild !== noop) {
          this.onChild(instance);
        }
        return instance;
      }
      if (options.hasOwnProperty("serializers") === true) {
        instance[serializersSym] = /* @__PURE__ */ Object.create(null);
        for (const k in serializers) {
          instance[serializersSym][k] = serializers[k];
        }
        const parentSymbols = Object.getOwnPropertySymbols(serializers);
        for (var i = 0; i < parentSymbols.length; i++) {
          const ks = parentSymbols[i];
          instance[serializersSym][ks] = serializers[ks];
        }
        for (const bk in options.serializers) {
          instance[serializersSym][bk] = options.serializers[bk];
        }
        const bindingsSymbols = Object.getOwnPropertySymbols(options.serializers);
        for (var bi = 0; bi < bindingsSymbols.length; bi++) {
          const bks = bindingsSymbols[bi];
          instance[serializersSym][bks] = options.serializers[bks];
        }
      } else instance[serializersSym] = serializers;
      if (options.hasOwnProperty("formatters")) {
        const { level, bindings: chindings, log } = options.formatters;
        instance[formattersSym] = buildFormatters(
          level || formatters.level,
          chindings || resetChildingsFormatter,
          log || formatters.log
        );
      } else {
        instance[formattersSym] = buildFormatters(
          formatters.level,
          resetChildingsFormatter,
          formatters.log
        );
      }
      if (options.hasOwnProperty("customLevels") === true) {
        assertNoLevelCollisions(this.levels, options.customLevels);
        instance.levels = mappings(options.customLevels, instance[useOnlyCustomLevelsSym]);
        genLsCache(instance);
      }
      if (typeof options.redact === "object" && options.redact !== null || Array.isArray(options.redact)) {
        instance.redact = options.redact;
        const stringifiers = redaction(instance.redact, stringify);
        const formatOpts = { stringify: stringifiers[redactFmtSym] };
        instance[stringifySym] = stringify;
        instance[stringifiersSym] = stringifiers;
        instance[formatOptsSym] = formatOpts;
      }
      if (typeof options.msgPrefix === "string") {
        instance[msgPrefixSym] = (this[msgPrefixSym] || "") + options.msgPrefix;
      }
      instance[chindingsSym] = asChindings(instance, bindings2);
      const childLevel = options.level || this.level;
      instance[setLevelSym](childLevel);
      this.onChild(instance);
      return instance;
    }
    function bindings() {
      const chindings = this[chindingsSym];
      const chindingsJson = `{${chindings.substr(1)}}`;
      const bindingsFromJson = JSON.parse(chindingsJson);
      delete bindingsFromJson.pid;
      delete bindingsFromJson.hostname;
      return bindingsFromJson;
    }
    function setBindings(newBindings) {
      const chindings = asChindings(this, newBindings);
      this[chindingsSym] = chindings;
      delete this[parsedChindingsSym];
    }
    function defaultMixinMergeStrategy(mergeObject, mixinObject) {
      return Object.assign(mixinObject, mergeObject);
    }
    function write(_obj, msg, num) {
      const t = this[timeSym]();
      const mixin = this[mixinSym];
      const errorKey = this[errorKeySym];
      const messageKey = this[messageKeySym];
      const mixinMergeStrategy = this[mixinMergeStrategySym] || defaultMixinMergeStrategy;
      let obj;
      const streamWriteHook = this[hooksSym].streamWrite;
      if (_obj === void 0 || _obj === null) {
        obj = {};
      } else if (_obj instanceof Error) {
        obj = { [errorKey]: _obj };
        if (msg === void 0) {
          msg = _obj.message;
        }
      } else {
        obj = _obj;
        if (msg === void 0 && _obj[messageKey] === void 0 && _obj[errorKey]) {
          msg = _obj[errorKey].message;
        }
      }
      if (mixin) {
        obj = mixinMergeStrategy(obj, mixin(obj, num, this));
      }
      const s = this[asJsonSym](obj, msg, num, t);
      const stream = this[streamSym];
      if (stream[needsMetadataGsym] === true) {
        stream.lastLevel = num;
        stream.lastObj = obj;
        stream.lastMsg = msg;
        stream.lastTime = t.slice(this[timeSliceIndexSym]);
        stream.lastLogger = this;
      }
      stream.write(streamWriteHook ? streamWriteHook(s) : s);
    }
    function flush(cb) {
      if (cb != null && typeof cb !== "function") {
        throw Error("callback must be a function");
      }
      const stream = this[streamSym];
      if (typeof stream.flush === "function") {
        stream.flush(cb || noop);
      } else if (cb) cb();
    }
  }
});

// node_modules/safe-stable-stringify/index.js
var require_safe_stable_stringify = __commonJS({
  "node_modules/safe-stable-stringify/index.js"(exports2, module2) {
    "use strict";
    var { hasOwnProperty } = Object.prototype;
    var stringify = configure();
    stringify.configure = configure;
    stringify.stringify = stringify;
    stringify.default = stringify;
    exports2.stringify = stringify;
    exports2.configure = configure;
    module2.exports = stringify;
    var strEscapeSequencesRegExp = /[\u0000-\u001f\u0022\u005c\ud800-\udfff]/;
    function strEscape(str) {
      if (str.length < 5e3 && !strEscapeSequencesRegExp.test(str)) {
        return `"${str}"`;
      }
      return JSON.stringify(str);
    }
    function sort(array, comparator) {
      if (array.length > 200 || comparator) {
        return array.sort(comparator);
      }
      for (let i = 1; i < array.length; i++) {
        const currentValue = array[i];
        let position = i;
        while (position !== 0 && array[position - 1] > currentValue) {
          array[position] = array[position - 1];
          position--;
        }
        array[position] = currentValue;
      }
      return array;
    }
    var typedArrayPrototypeGetSymbolToStringTag = Object.getOwnPropertyDescriptor(
      Object.getPrototypeOf(
        Object.getPrototypeOf(
          new Int8Array()
        )
      ),
      Symbol.toStringTag
    ).get;
    function isTypedArrayWithEntries(value) {
      return typedArrayPrototypeGetSymbolToStringTag.call(value) !== void 0 && value.length !== 0;
    }
    function stringifyTypedArray(array, separator, maximumBreadth) {
      if (array.length < maximumBreadth) {
        maximumBreadth = array.length;
      }
      const whitespace = separator === "," ? "" : " ";
      let res = `"0":${whitespace}${array[0]}`;
      for (let i = 1; i < maximumBreadth; i++) {
        res += `${separator}"${i}":${whitespace}${array[i]}`;
      }
      return res;
    }
    function getCircularValueOption(options) {
      if (hasOwnProperty.call(options, "circularValue")) {
        const circularValue = options.circularValue;
        if (typeof circularValue === "string") {
          return `"${circularValue}"`;
        }
        if (circularValue == null) {
          return circularValue;
        }
        if (circularValue === Error || circularValue === TypeError) {
          return {
            toString() {
              throw new TypeError("Converting circular structure to JSON");
            }
          };
        }
        throw new TypeError('The "circularValue" argument must be of type string or the value null or undefined');
      }
      return '"[Circular]"';
    }
    function getDeterministicOption(options) {
      let value;
      if (hasOwnProperty.call(options, "deterministic")) {
        value = options.deterministic;
        if (typeof value !== "boolean" && typeof value !== "function") {
          throw new TypeError('The "deterministic" argument must be of type boolean or comparator function');
        }
      }
      return value === void 0 ? true : value;
    }
    function getBooleanOption(options, key) {
      let value;
      if (hasOwnProperty.call(options, key)) {
        value = options[key];
        if (typeof value !== "boolean") {
          throw new TypeError(`The "${key}" argument must be of type boolean`);
        }
      }
      return value === void 0 ? true : value;
    }
    function getPositiveIntegerOption(options, key) {
      let value;
      if (hasOwnProperty.call(options, key)) {
        value = options[key];
        if (typeof value !== "number") {
          throw new TypeError(`The "${key}" argument must be of type number`);
        }
        if (!Number.isInteger(value)) {
          throw new TypeError(`The "${key}" argument must be an integer`);
        }
        if (value < 1) {
          throw new RangeError(`The "${key}" argument must be >= 1`);
        }
      }
      return value === void 0 ? Infinity : value;
    }
    function getItemCount(number) {
      if (number === 1) {
        return "1 item";
      }
      return `${number} items`;
    }
    function getUniqueReplacerSet(replacerArray) {
      const replacerSet = /* @__PURE__ */ new Set();
      for (const value of replacerArray) {
        if (typeof value === "string" || typeof value === "number") {
          replacerSet.add(String(value));
        }
      }
      return replacerSet;
    }
    function getStrictOption(options) {
      if (hasOwnProperty.call(options, "strict")) {
        const value = options.strict;
        if (typeof value !== "boolean") {
          throw new TypeError('The "strict" argument must be of type boolean');
        }
        if (value) {
          return (value2) => {
            let message = `Object can not safely be stringified. Received type ${typeof value2}`;
            if (typeof value2 !== "function") message += ` (${value2.toString()})`;
            throw new Error(message);
          };
        }
      }
    }
    function configure(options) {
      options = { ...options };
      const fail = getStrictOption(options);
      if (fail) {
        if (options.bigint === void 0) {
          options.bigint = false;
        }
        if (!("circularValue" in options)) {
          options.circularValue = Error;
        }
      }
      const circularValue = getCircularValueOption(options);
      const bigint = getBooleanOption(options, "bigint");
      const deterministic = getDeterministicOption(options);
      const comparator = typeof deterministic === "function" ? deterministic : void 0;
      const maximumDepth = getPositiveIntegerOption(options, "maximumDepth");
      const maximumBreadth = getPositiveIntegerOption(options, "maximumBreadth");
      function stringifyFnReplacer(key, parent, stack, replacer, spacer, indentation) {
        let value = parent[key];
        if (typeof value === "object" && value !== null && typeof value.toJSON === "function") {
          value = value.toJSON(key);
        }
        value = replacer.call(parent, key, value);
        switch (typeof value) {
          case "string":
            return strEscape(value);
          case "object": {
            if (value === null) {
              return "null";
            }
            if (stack.indexOf(value) !== -1) {
              return circularValue;
            }
            let res = "";
            let join10 = ",";
            const originalIndentation = indentation;
            if (Array.isArray(value)) {
              if (value.length === 0) {
                return "[]";
              }
              if (maximumDepth < stack.length + 1) {
                return '"[Array]"';
              }
              stack.push(value);
              if (spacer !== "") {
                indentation += spacer;
                res += `
${indentation}`;
                join10 = `,
${indentation}`;
              }
              const maximumValuesToStringify = Math.min(value.length, maximumBreadth);
              let i = 0;
              for (; i < maximumValuesToStringify - 1; i++) {
                const tmp2 = stringifyFnReplacer(String(i), value, stack, replacer, spacer, indentation);
                res += tmp2 !== void 0 ? tmp2 : "null";
                res += join10;
              }
              const tmp = stringifyFnReplacer(String(i), value, stack, replacer, spacer, indentation);
              res += tmp !== void 0 ? tmp : "null";
              if (value.length - 1 > maximumBreadth) {
                const removedKeys = value.length - maximumBreadth - 1;
                res += `${join10}"... ${getItemCount(removedKeys)} not stringified"`;
              }
              if (spacer !== "") {
                res += `
${originalIndentation}`;
              }
              stack.pop();
              return `[${res}]`;
            }
            let keys = Object.keys(value);
            const keyLength = keys.length;
            if (keyLength === 0) {
              return "{}";
            }
            if (maximumDepth < stack.length + 1) {
              return '"[Object]"';
            }
            let whitespace = "";
            let separator = "";
            if (spacer !== "") {
              indentation += spacer;
              join10 = `,
${indentation}`;
              whitespace = " ";
            }
            const maximumPropertiesToStringify = Math.min(keyLength, maximumBreadth);
            if (deterministic && !isTypedArrayWithEntries(value)) {
              keys = sort(keys, comparator);
            }
            stack.push(value);
            for (let i = 0; i < maximumPropertiesToStringify; i++) {
              const key2 = keys[i];
              const tmp = stringifyFnReplacer(key2, value, stack, replacer, spacer, indentation);
              if (tmp !== void 0) {
                res += `${separator}${strEscape(key2)}:${whitespace}${tmp}`;
                separator = join10;
              }
            }
            if (keyLength > maximumBreadth) {
              const removedKeys = keyLength - maximumBreadth;
              res += `${separator}"...":${whitespace}"${getItemCount(removedKeys)} not stringified"`;
              separator = join10;
            }
            if (spacer !== "" && separator.length > 1) {
              res = `
${indentation}${res}
${originalIndentation}`;
            }
            stack.pop();
            return `{${res}}`;
          }
          case "number":
            return isFinite(value) ? String(value) : fail ? fail(value) : "null";
          case "boolean":
            return value === true ? "true" : "false";
          case "undefined":
            return void 0;
          case "bigint":
            if (bigint) {
              return String(value);
            }
          // fallthrough
          default:
            return fail ? fail(value) : void 0;
        }
      }
      function stringifyArrayReplacer(key, value, stack, replacer, spacer, indentation) {
        if (typeof value === "object" && value !== null && typeof value.toJSON === "function") {
          value = value.toJSON(key);
        }
        switch (typeof value) {
          case "string":
            return strEscape(value);
          case "object": {
            if (value === null) {
              return "null";
            }
            if (stack.indexOf(value) !== -1) {
              return circularValue;
            }
            const originalIndentation = indentation;
            let res = "";
            let join10 = ",";
            if (Array.isArray(value)) {
              if (value.length === 0) {
                return "[]";
              }
              if (maximumDepth < stack.length + 1) {
                return '"[Array]"';
              }
              stack.push(value);
              if (spacer !== "") {
                indentation += spacer;
                res += `
${indentation}`;
                join10 = `,
${indentation}`;
              }
              const maximumValuesToStringify = Math.min(value.length, maximumBreadth);
              let i = 0;
              for (; i < maximumValuesToStringify - 1; i++) {
                const tmp2 = stringifyArrayReplacer(String(i), value[i], stack, replacer, spacer, indentation);
                res += tmp2 !== void 0 ? tmp2 : "null";
                res += join10;
              }
              const tmp = stringifyArrayReplacer(String(i), value[i], stack, replacer, spacer, indentation);
              res += tmp !== void 0 ? tmp : "null";
              if (value.length - 1 > maximumBreadth) {
                const removedKeys = value.length - maximumBreadth - 1;
                res += `${join10}"... ${getItemCount(removedKeys)} not stringified"`;
              }
              if (spacer !== "") {
                res += `
${originalIndentation}`;
              }
              stack.pop();
              return `[${res}]`;
            }
            stack.push(value);
            let whitespace = "";
            if (spacer !== "") {
              indentation += spacer;
              join10 = `,
${indentation}`;
              whitespace = " ";
            }
            let separator = "";
            for (const key2 of replacer) {
              const tmp = stringifyArrayReplacer(key2, value[key2], stack, replacer, spacer, indentation);
              if (tmp !== void 0) {
                res += `${separator}${strEscape(key2)}:${whitespace}${tmp}`;
                separator = join10;
              }
            }
            if (spacer !== "" && separator.length > 1) {
              res = `
${indentation}${res}
${originalIndentation}`;
            }
            stack.pop();
            return `{${res}}`;
          }
          case "number":
            return isFinite(value) ? String(value) : fail ? fail(value) : "null";
          case "boolean":
            return value === true ? "true" : "false";
          case "undefined":
            return void 0;
          case "bigint":
            if (bigint) {
              return String(value);
            }
          // fallthrough
          default:
            return fail ? fail(value) : void 0;
        }
      }
      function stringifyIndent(key, value, stack, spacer, indentation) {
        switch (typeof value) {
          case "string":
            return strEscape(value);
          case "object": {
            if (value === null) {
              return "null";
            }
            if (typeof value.toJSON === "function") {
              value = value.toJSON(key);
              if (typeof value !== "object") {
                return stringifyIndent(key, value, stack, spacer, indentation);
              }
              if (value === null) {
                return "null";
              }
            }
            if (stack.indexOf(value) !== -1) {
              return circularValue;
            }
            const originalIndentation = indentation;
            if (Array.isArray(value)) {
              if (value.length === 0) {
                return "[]";
              }
              if (maximumDepth < stack.length + 1) {
                return '"[Array]"';
              }
              stack.push(value);
              indentation += spacer;
              let res2 = `
${indentation}`;
              const join11 = `,
${indentation}`;
              const maximumValuesToStringify = Math.min(value.length, maximumBreadth);
              let i = 0;
              for (; i < maximumValuesToStringify - 1; i++) {
                const tmp2 = stringifyIndent(String(i), value[i], stack, spacer, indentation);
                res2 += tmp2 !== void 0 ? tmp2 : "null";
                res2 += join11;
              }
              const tmp = stringifyIndent(String(i), value[i], stack, spacer, indentation);
              res2 += tmp !== void 0 ? tmp : "null";
              if (value.length - 1 > maximumBreadth) {
                const removedKeys = value.length - maximumBreadth - 1;
                res2 += `${join11}"... ${getItemCount(removedKeys)} not stringified"`;
              }
              res2 += `
${originalIndentation}`;
              stack.pop();
              return `[${res2}]`;
            }
            let keys = Object.keys(value);
            const keyLength = keys.length;
            if (keyLength === 0) {
              return "{}";
            }
            if (maximumDepth < stack.length + 1) {
              return '"[Object]"';
            }
            indentation += spacer;
            const join10 = `,
${indentation}`;
            let res = "";
            let separator = "";
            let maximumPropertiesToStringify = Math.min(keyLength, maximumBreadth);
            if (isTypedArrayWithEntries(value)) {
              res += stringifyTypedArray(value, join10, maximumBreadth);
              keys = keys.slice(value.length);
              maximumPropertiesToStringify -= value.length;
              separator = join10;
            }
            if (deterministic) {
              keys = sort(keys, comparator);
            }
            stack.push(value);
            for (let i = 0; i < maximumPropertiesToStringify; i++) {
              const key2 = keys[i];
              const tmp = stringifyIndent(key2, value[key2], stack, spacer, indentation);
              if (tmp !== void 0) {
                res += `${separator}${strEscape(key2)}: ${tmp}`;
                separator = join10;
              }
            }
            if (keyLength > maximumBreadth) {
              const removedKeys = keyLength - maximumBreadth;
              res += `${separator}"...": "${getItemCount(removedKeys)} not stringified"`;
              separator = join10;
            }
            if (separator !== "") {
              res = `
${indentation}${res}
${originalIndentation}`;
            }
            stack.pop();
            return `{${res}}`;
          }
          case "number":
            return isFinite(value) ? String(value) : fail ? fail(value) : "null";
          case "boolean":
            return value === true ? "true" : "false";
          case "undefined":
            return void 0;
          case "bigint":
            if (bigint) {
              return String(value);
            }
          // fallthrough
          default:
            return fail ? fail(value) : void 0;
        }
      }
      function stringifySimple(key, value, stack) {
        switch (typeof value) {
          case "string":
            return strEscape(value);
          case "object": {
            if (value === null) {
              return "null";
            }
            if (typeof value.toJSON === "function") {
              value = value.toJSON(key);
              if (typeof value !== "object") {
                return stringifySimple(key, value, stack);
              }
              if (value === null) {
                return "null";
              }
            }
            if (stack.indexOf(value) !== -1) {
              return circularValue;
            }
            let res = "";
            const hasLength = value.length !== void 0;
            if (hasLength && Array.isArray(value)) {
              if (value.length === 0) {
                return "[]";
              }
              if (maximumDepth < stack.length + 1) {
                return '"[Array]"';
              }
              stack.push(value);
              const maximumValuesToStringify = Math.min(value.length, maximumBreadth);
              let i = 0;
              for (; i < maximumValuesToStringify - 1; i++) {
                const tmp2 = stringifySimple(String(i), value[i], stack);
                res += tmp2 !== void 0 ? tmp2 : "null";
                res += ",";
              }
              const tmp = stringifySimple(String(i), value[i], stack);
              res += tmp !== void 0 ? tmp : "null";
              if (value.length - 1 > maximumBreadth) {
                const removedKeys = value.length - maximumBreadth - 1;
                res += `,"... ${getItemCount(removedKeys)} not stringified"`;
              }
              stack.pop();
              return `[${res}]`;
            }
            let keys = Object.keys(value);
            const keyLength = keys.length;
            if (keyLength === 0) {
              return "{}";
            }
            if (maximumDepth < stack.length + 1) {
              return '"[Object]"';
            }
            let separator = "";
            let maximumPropertiesToStringify = Math.min(keyLength, maximumBreadth);
            if (hasLength && isTypedArrayWithEntries(value)) {
              res += stringifyTypedArray(value, ",", maximumBreadth);
              keys = keys.slice(value.length);
              maximumPropertiesToStringify -= value.length;
              separator = ",";
            }
            if (deterministic) {
              keys = sort(keys, comparator);
            }
            stack.push(value);
            for (let i = 0; i < maximumPropertiesToStringify; i++) {
              const key2 = keys[i];
              const tmp = stringifySimple(key2, value[key2], stack);
              if (tmp !== void 0) {
                res += `${separator}${strEscape(key2)}:${tmp}`;
                separator = ",";
              }
            }
            if (keyLength > maximumBreadth) {
              const removedKeys = keyLength - maximumBreadth;
              res += `${separator}"...":"${getItemCount(removedKeys)} not stringified"`;
            }
            stack.pop();
            return `{${res}}`;
          }
          case "number":
            return isFinite(value) ? String(value) : fail ? fail(value) : "null";
          case "boolean":
            return value === true ? "true" : "false";
          case "undefined":
            return void 0;
          case "bigint":
            if (bigint) {
              return String(value);
            }
          // fallthrough
          default:
            return fail ? fail(value) : void 0;
        }
      }
      function stringify2(value, replacer, space) {
        if (arguments.length > 1) {
          let spacer = "";
          if (typeof space === "number") {
            spacer = " ".repeat(Math.min(space, 10));
          } else if (typeof space === "string") {
            spacer = space.slice(0, 10);
          }
          if (replacer != null) {
            if (typeof replacer === "function") {
              return stringifyFnReplacer("", { "": value }, [], replacer, spacer, "");
            }
            if (Array.isArray(replacer)) {
              return stringifyArrayReplacer("", value, [], getUniqueReplacerSet(replacer), spacer, "");
            }
          }
          if (spacer.length !== 0) {
            return stringifyIndent("", value, [], spacer, "");
          }
        }
        return stringifySimple("", value, []);
      }
      return stringify2;
    }
  }
});

// node_modules/pino/lib/multistream.js
var require_multistream = __commonJS({
  "node_modules/pino/lib/multistream.js"(exports2, module2) {
    "use strict";
    var metadata = /* @__PURE__ */ Symbol.for("pino.metadata");
    var { DEFAULT_LEVELS } = require_constants2();
    var DEFAULT_INFO_LEVEL = DEFAULT_LEVELS.info;
    function multistream(streamsArray, opts) {
      streamsArray = streamsArray || [];
      opts = opts || { dedupe: false };
      const streamLevels = Object.create(DEFAULT_LEVELS);
      streamLevels.silent = Infinity;
      if (opts.levels && typeof opts.levels === "object") {
        Object.keys(opts.levels).forEach((i) => {
          streamLevels[i] = opts.levels[i];
        });
      }
      const res = {
        write,
        add,
        remove,
        emit,
        flushSync,
        end,
        minLevel: 0,
        lastId: 0,
        streams: [],
        clone,
        [metadata]: true,
        streamLevels
      };
      if (Array.isArray(streamsArray)) {
        streamsArray.forEach(add, res);
      } else {
        add.call(res, streamsArray);
      }
      streamsArray = null;
      return res;
      function write(data) {
        let dest;
        const level = this.lastLevel;
        const { streams } = this;
        let recordedLevel = 0;
        let stream;
        for (let i = initLoopVar(streams.length, opts.dedupe); checkLoopVar(i, streams.length, opts.dedupe); i = adjustLoopVar(i, opts.dedupe)) {
          dest = streams[i];
          if (dest.level <= level) {
            if (recordedLevel !== 0 && recordedLevel !== dest.level) {
              break;
            }
            stream = dest.stream;
            if (stream[metadata]) {
              const { lastTime, lastMsg, lastObj, lastLogger } = this;
              stream.lastLevel = level;
              stream.lastTime = lastTime;
              stream.lastMsg = lastMsg;
              stream.lastObj = lastObj;
              stream.lastLogger = lastLogger;
            }
            stream.write(data);
            if (opts.dedupe) {
              recordedLevel = dest.level;
            }
          } else if (!opts.dedupe) {
            break;
          }
        }
      }
      function emit(...args) {
        for (const { stream } of this.streams) {
          if (typeof stream.emit === "function") {
            stream.emit(...args);
          }
        }
      }
      function flushSync() {
        for (const { stream } of this.streams) {
          if (typeof stream.flushSync === "function") {
            stream.flushSync();
          }
        }
      }
      function add(dest) {
        if (!dest) {
          return res;
        }
        const isStream = typeof dest.write === "function" || dest.stream;
        const stream_ = dest.write ? dest : dest.stream;
        if (!isStream) {
          throw Error("stream object needs to implement either StreamEntry or DestinationStream interface");
        }
        const { streams, streamLevels: streamLevels2 } = this;
        let level;
        if (typeof dest.levelVal === "number") {
          level = dest.levelVal;
        } else if (typeof dest.level === "string") {
          level = streamLevels2[dest.level];
        } else if (typeof dest.level === "number") {
          level = dest.level;
        } else {
          level = DEFAULT_INFO_LEVEL;
        }
        const dest_ = {
          stream: stream_,
          level,
          levelVal: void 0,
          id: ++res.lastId
        };
        streams.unshift(dest_);
        streams.sort(compareByLevel);
        this.minLevel = streams[0].level;
        return res;
      }
      function remove(id) {
        const { streams } = this;
        const index = streams.findIndex((s) => s.id === id);
        if (index >= 0) {
          streams.splice(index, 1);
          streams.sort(compareByLevel);
          this.minLevel = streams.length > 0 ? streams[0].level : -1;
        }
        return res;
      }
      function end() {
        for (const { stream } of this.streams) {
          if (typeof stream.flushSync === "function") {
            stream.flushSync();
          }
          stream.end();
        }
      }
      function clone(level) {
        const streams = new Array(this.streams.length);
        for (let i = 0; i < streams.length; i++) {
          streams[i] = {
            level,
            stream: this.streams[i].stream
          };
        }
        return {
          write,
          add,
          remove,
          minLevel: level,
          streams,
          clone,
          emit,
          flushSync,
          [metadata]: true
        };
      }
    }
    function compareByLevel(a, b) {
      return a.level - b.level;
    }
    function initLoopVar(length, dedupe) {
      return dedupe ? length - 1 : 0;
    }
    function adjustLoopVar(i, dedupe) {
      return dedupe ? i - 1 : i + 1;
    }
    function checkLoopVar(i, length, dedupe) {
      return dedupe ? i >= 0 : i < length;
    }
    module2.exports = multistream;
  }
});

// node_modules/pino/pino.js
var require_pino = __commonJS({
  "node_modules/pino/pino.js"(exports2, module2) {
    "use strict";
    var os = require("node:os");
    var stdSerializers = require_pino_std_serializers();
    var caller = require_caller();
    var redaction = require_redaction();
    var time = require_time();
    var proto = require_proto();
    var symbols = require_symbols();
    var { configure } = require_safe_stable_stringify();
    var { assertDefaultLevelFound, mappings, genLsCache, genLevelComparison, assertLevelComparison } = require_levels();
    var { DEFAULT_LEVELS, SORTING_ORDER } = require_constants2();
    var {
      createArgsNormalizer,
      asChindings,
      buildSafeSonicBoom,
      buildFormatters,
      stringify,
      normalizeDestFileDescriptor,
      noop
    } = require_tools();
    var { version } = require_meta();
    var {
      chindingsSym,
      redactFmtSym,
      serializersSym,
      timeSym,
      timeSliceIndexSym,
      streamSym,
      stringifySym,
      stringifySafeSym,
      stringifiersSym,
      setLevelSym,
      endSym,
      formatOptsSym,
      messageKeySym,
      errorKeySym,
      nestedKeySym,
      mixinSym,
      levelCompSym,
      useOnlyCustomLevelsSym,
      formattersSym,
      hooksSym,
      nestedKeyStrSym,
      mixinMergeStrategySym,
      msgPrefixSym
    } = symbols;
    var { epochTime, nullTime } = time;
    var { pid } = process;
    var hostname = os.hostname();
    var defaultErrorSerializer = stdSerializers.err;
    var defaultOptions = {
      level: "info",
      levelComparison: SORTING_ORDER.ASC,
      levels: DEFAULT_LEVELS,
      messageKey: "msg",
      errorKey: "err",
      nestedKey: null,
      enabled: true,
      base: { pid, hostname },
      serializers: Object.assign(/* @__PURE__ */ Object.create(null), {
        err: defaultErrorSerializer
      }),
      formatters: Object.assign(/* @__PURE__ */ Object.create(null), {
        bindings(bindings) {
          return bindings;
        },
        level(label, number) {
          return { level: number };
        }
      }),
      hooks: {
        logMethod: void 0,
        streamWrite: void 0
      },
      timestamp: epochTime,
      name: void 0,
      redact: null,
      customLevels: null,
      useOnlyCustomLevels: false,
      depthLimit: 5,
      edgeLimit: 100
    };
    var normalize = createArgsNormalizer(defaultOptions);
    var serializers = Object.assign(/* @__PURE__ */ Object.create(null), stdSerializers);
    function pino(...args) {
      const instance = {};
      const { opts, stream } = normalize(instance, caller(), ...args);
      if (opts.level && typeof opts.level === "string" && DEFAULT_LEVELS[opts.level.toLowerCase()] !== void 0) opts.level = opts.level.toLowerCase();
      const {
        redact,
        crlf,
        serializers: serializers2,
        timestamp,
        messageKey,
        errorKey,
        nestedKey,
        base,
        name,
        level,
        customLevels,
        levelComparison,
        mixin,
        mixinMergeStrategy,
        useOnlyCustomLevels,
        formatters,
        hooks,
        depthLimit,
        edgeLimit,
        onChild,
        msgPrefix
      } = opts;
      const stringifySafe = configure({
        maximumDepth: depthLimit,
        maximumBreadth: edgeLimit
      });
      const allFormatters = buildFormatters(
        formatters.level,
        formatters.bindings,
        formatters.log
      );
      const stringifyFn = stringify.bind({
        [stringifySafeSym]: stringifySafe
      });
      const stringifiers = redact ? redaction(redact, stringifyFn) : {};
      const formatOpts = redact ? { stringify: stringifiers[redactFmtSym] } : { stringify: stringifyFn };
      const end = "}" + (crlf ? "\r\n" : "\n");
      const coreChindings = asChindings.bind(null, {
        [chindingsSym]: "",
        [serializersSym]: serializers2,
        [stringifiersSym]: stringifiers,
        [stringifySym]: stringify,
        [stringifySafeSym]: stringifySafe,
        [formattersSym]: allFormatters
      });
      let chindings = "";
      if (base !== null) {
        if (name === void 0) {
          chindings = coreChindings(base);
        } else {
          chindings = coreChindings(Object.assign({}, base, { name }));
        }
      }
      const time2 = timestamp instanceof Function ? timestamp : timestamp ? epochTime : nullTime;
      const timeSliceIndex = time2().indexOf(":") + 1;
      if (useOnlyCustomLevels && !customLevels) throw Error("customLevels is required if useOnlyCustomLevels is set true");
      if (mixin && typeof mixin !== "function") throw Error(`Unknown mixin type "${typeof mixin}" - expected "function"`);
      if (msgPrefix && typeof msgPrefix !== "string") throw Error(`Unknown msgPrefix type "${typeof msgPrefix}" - expected "string"`);
      assertDefaultLevelFound(level, customLevels, useOnlyCustomLevels);
      const levels = mappings(customLevels, useOnlyCustomLevels);
      if (typeof stream.emit === "function") {
        stream.emit("message", { code: "PINO_CONFIG", config: { levels, messageKey, errorKey } });
      }
      assertLevelComparison(levelComparison);
      const levelCompFunc = genLevelComparison(levelComparison);
      Object.assign(instance, {
        levels,
        [levelCompSym]: levelCompFunc,
        [useOnlyCustomLevelsSym]: useOnlyCustomLevels,
        [streamSym]: stream,
        [timeSym]: time2,
        [timeSliceIndexSym]: timeSliceIndex,
        [stringifySym]: stringify,
        [stringifySafeSym]: stringifySafe,
        [stringifiersSym]: stringifiers,
        [endSym]: end,
        [formatOptsSym]: formatOpts,
        [messageKeySym]: messageKey,
        [errorKeySym]: errorKey,
        [nestedKeySym]: nestedKey,
        // protect against injection
        [nestedKeyStrSym]: nestedKey ? `,${JSON.stringify(nestedKey)}:{` : "",
        [serializersSym]: serializers2,
        [mixinSym]: mixin,
        [mixinMergeStrategySym]: mixinMergeStrategy,
        [chindingsSym]: chindings,
        [formattersSym]: allFormatters,
        [hooksSym]: hooks,
        silent: noop,
        onChild,
        [msgPrefixSym]: msgPrefix
      });
      Object.setPrototypeOf(instance, proto());
      genLsCache(instance);
      instance[setLevelSym](level);
      return instance;
    }
    module2.exports = pino;
    module2.exports.destination = (dest = process.stdout.fd) => {
      if (typeof dest === "object") {
        dest.dest = normalizeDestFileDescriptor(dest.dest || process.stdout.fd);
        return buildSafeSonicBoom(dest);
      } else {
        return buildSafeSonicBoom({ dest: normalizeDestFileDescriptor(dest), minLength: 0 });
      }
    };
    module2.exports.transport = require_transport();
    module2.exports.multistream = require_multistream();
    module2.exports.levels = mappings();
    module2.exports.stdSerializers = serializers;
    module2.exports.stdTimeFunctions = Object.assign({}, time);
    module2.exports.symbols = symbols;
    module2.exports.version = version;
    module2.exports.default = pino;
    module2.exports.pino = pino;
  }
});

// node_modules/graceful-fs/polyfills.js
var require_polyfills = __commonJS({
  "node_modules/graceful-fs/polyfills.js"(exports2, module2) {
    var constants3 = require("constants");
    var origCwd = process.cwd;
    var cwd = null;
    var platform = process.env.GRACEFUL_FS_PLATFORM || process.platform;
    process.cwd = function() {
      if (!cwd)
        cwd = origCwd.call(process);
      return cwd;
    };
    try {
      process.cwd();
    } catch (er) {
    }
    if (typeof process.chdir === "function") {
      chdir = process.chdir;
      process.chdir = function(d) {
        cwd = null;
        chdir.call(process, d);
      };
      if (Object.setPrototypeOf) Object.setPrototypeOf(process.chdir, chdir);
    }
    var chdir;
    module2.exports = patch;
    function patch(fs3) {
      if (constants3.hasOwnProperty("O_SYMLINK") && process.version.match(/^v0\.6\.[0-2]|^v0\.5\./)) {
        patchLchmod(fs3);
      }
      if (!fs3.lutimes) {
        patchLutimes(fs3);
      }
      fs3.chown = chownFix(fs3.chown);
      fs3.fchown = chownFix(fs3.fchown);
      fs3.lchown = chownFix(fs3.lchown);
      fs3.chmod = chmodFix(fs3.chmod);
      fs3.fchmod = chmodFix(fs3.fchmod);
      fs3.lchmod = chmodFix(fs3.lchmod);
      fs3.chownSync = chownFixSync(fs3.chownSync);
      fs3.fchownSync = chownFixSync(fs3.fchownSync);
      fs3.lchownSync = chownFixSync(fs3.lchownSync);
      fs3.chmodSync = chmodFixSync(fs3.chmodSync);
      fs3.fchmodSync = chmodFixSync(fs3.fchmodSync);
      fs3.lchmodSync = chmodFixSync(fs3.lchmodSync);
      fs3.stat = statFix(fs3.stat);
      fs3.fstat = statFix(fs3.fstat);
      fs3.lstat = statFix(fs3.lstat);
      fs3.statSync = statFixSync(fs3.statSync);
      fs3.fstatSync = statFixSync(fs3.fstatSync);
      fs3.lstatSync = statFixSync(fs3.lstatSync);
      if (fs3.chmod && !fs3.lchmod) {
        fs3.lchmod = function(path3, mode, cb) {
          if (cb) process.nextTick(cb);
        };
        fs3.lchmodSync = function() {
        };
      }
      if (fs3.chown && !fs3.lchown) {
        fs3.lchown = function(path3, uid, gid, cb) {
          if (cb) process.nextTick(cb);
        };
        fs3.lchownSync = function() {
        };
      }
      if (platform === "win32") {
        fs3.rename = typeof fs3.rename !== "function" ? fs3.rename : (function(fs$rename) {
          function rename(from, to, cb) {
            var start = Date.now();
            var backoff = 0;
            fs$rename(from, to, function CB(er) {
              if (er && (er.code === "EACCES" || er.code === "EPERM" || er.code === "EBUSY") && Date.now() - start < 6e4) {
                setTimeout(function() {
                  fs3.stat(to, function(stater, st) {
                    if (stater && stater.code === "ENOENT")
                      fs$rename(from, to, CB);
                    else
                      cb(er);
                  });
                }, backoff);
                if (backoff < 100)
                  backoff += 10;
                return;
              }
              if (cb) cb(er);
            });
          }
          if (Object.setPrototypeOf) Object.setPrototypeOf(rename, fs$rename);
          return rename;
        })(fs3.rename);
      }
      fs3.read = typeof fs3.read !== "function" ? fs3.read : (function(fs$read) {
        function read(fd, buffer, offset, length, position, callback_) {
          var callback;
          if (callback_ && typeof callback_ === "function") {
            var eagCounter = 0;
            callback = function(er, _, __) {
              if (er && er.code === "EAGAIN" && eagCounter < 10) {
                eagCounter++;
                return fs$read.call(fs3, fd, buffer, offset, length, position, callback);
              }
              callback_.apply(this, arguments);
            };
          }
          return fs$read.call(fs3, fd, buffer, offset, length, position, callback);
        }
        if (Object.setPrototypeOf) Object.setPrototypeOf(read, fs$read);
        return read;
      })(fs3.read);
      fs3.readSync = typeof fs3.readSync !== "function" ? fs3.readSync : /* @__PURE__ */ (function(fs$readSync) {
        return function(fd, buffer, offset, length, position) {
          var eagCounter = 0;
          while (true) {
            try {
              return fs$readSync.call(fs3, fd, buffer, offset, length, position);
            } catch (er) {
              if (er.code === "EAGAIN" && eagCounter < 10) {
                eagCounter++;
                continue;
              }
              throw er;
            }
          }
        };
      })(fs3.readSync);
      function patchLchmod(fs4) {
        fs4.lchmod = function(path3, mode, callback) {
          fs4.open(
            path3,
            constants3.O_WRONLY | constants3.O_SYMLINK,
            mode,
            function(err, fd) {
              if (err) {
                if (callback) callback(err);
                return;
              }
              fs4.fchmod(fd, mode, function(err2) {
                fs4.close(fd, function(err22) {
                  if (callback) callback(err2 || err22);
                });
              });
            }
          );
        };
        fs4.lchmodSync = function(path3, mode) {
          var fd = fs4.openSync(path3, constants3.O_WRONLY | constants3.O_SYMLINK, mode);
          var threw = true;
          var ret;
          try {
            ret = fs4.fchmodSync(fd, mode);
            threw = false;
          } finally {
            if (threw) {
              try {
                fs4.closeSync(fd);
              } catch (er) {
              }
            } else {
              fs4.closeSync(fd);
            }
          }
          return ret;
        };
      }
      function patchLutimes(fs4) {
        if (constants3.hasOwnProperty("O_SYMLINK") && fs4.futimes) {
          fs4.lutimes = function(path3, at, mt, cb) {
            fs4.open(path3, constants3.O_SYMLINK, function(er, fd) {
              if (er) {
                if (cb) cb(er);
                return;
              }
              fs4.futimes(fd, at, mt, function(er2) {
                fs4.close(fd, function(er22) {
                  if (cb) cb(er2 || er22);
                });
              });
            });
          };
          fs4.lutimesSync = function(path3, at, mt) {
            var fd = fs4.openSync(path3, constants3.O_SYMLINK);
            var ret;
            var threw = true;
            try {
              ret = fs4.futimesSync(fd, at, mt);
              threw = false;
            } finally {
              if (threw) {
                try {
                  fs4.closeSync(fd);
                } catch (er) {
                }
              } else {
                fs4.closeSync(fd);
              }
            }
            return ret;
          };
        } else if (fs4.futimes) {
          fs4.lutimes = function(_a, _b, _c, cb) {
            if (cb) process.nextTick(cb);
          };
          fs4.lutimesSync = function() {
          };
        }
      }
      function chmodFix(orig) {
        if (!orig) return orig;
        return function(target, mode, cb) {
          return orig.call(fs3, target, mode, function(er) {
            if (chownErOk(er)) er = null;
            if (cb) cb.apply(this, arguments);
          });
        };
      }
      function chmodFixSync(orig) {
        if (!orig) return orig;
        return function(target, mode) {
          try {
            return orig.call(fs3, target, mode);
          } catch (er) {
            if (!chownErOk(er)) throw er;
          }
        };
      }
      function chownFix(orig) {
        if (!orig) return orig;
        return function(target, uid, gid, cb) {
          return orig.call(fs3, target, uid, gid, function(er) {
            if (chownErOk(er)) er = null;
            if (cb) cb.apply(this, arguments);
          });
        };
      }
      function chownFixSync(orig) {
        if (!orig) return orig;
        return function(target, uid, gid) {
          try {
            return orig.call(fs3, target, uid, gid);
          } catch (er) {
            if (!chownErOk(er)) throw er;
          }
        };
      }
      function statFix(orig) {
        if (!orig) return orig;
        return function(target, options, cb) {
          if (typeof options === "function") {
            cb = options;
            options = null;
          }
          function callback(er, stats) {
            if (stats) {
              if (stats.uid < 0) stats.uid += 4294967296;
              if (stats.gid < 0) stats.gid += 4294967296;
            }
            if (cb) cb.apply(this, arguments);
          }
          return options ? orig.call(fs3, target, options, callback) : orig.call(fs3, target, callback);
        };
      }
      function statFixSync(orig) {
        if (!orig) return orig;
        return function(target, options) {
          var stats = options ? orig.call(fs3, target, options) : orig.call(fs3, target);
          if (stats) {
            if (stats.uid < 0) stats.uid += 4294967296;
            if (stats.gid < 0) stats.gid += 4294967296;
          }
          return stats;
        };
      }
      function chownErOk(er) {
        if (!er)
          return true;
        if (er.code === "ENOSYS")
          return true;
        var nonroot = !process.getuid || process.getuid() !== 0;
        if (nonroot) {
          if (er.code === "EINVAL" || er.code === "EPERM")
            return true;
        }
        return false;
      }
    }
  }
});

// node_modules/graceful-fs/legacy-streams.js
var require_legacy_streams = __commonJS({
  "node_modules/graceful-fs/legacy-streams.js"(exports2, module2) {
    var Stream = require("stream").Stream;
    module2.exports = legacy;
    function legacy(fs3) {
      return {
        ReadStream,
        WriteStream
      };
      function ReadStream(path3, options) {
        if (!(this instanceof ReadStream)) return new ReadStream(path3, options);
        Stream.call(this);
        var self = this;
        this.path = path3;
        this.fd = null;
        this.readable = true;
        this.paused = false;
        this.flags = "r";
        this.mode = 438;
        this.bufferSize = 64 * 1024;
        options = options || {};
        var keys = Object.keys(options);
        for (var index = 0, length = keys.length; index < length; index++) {
          var key = keys[index];
          this[key] = options[key];
        }
        if (this.encoding) this.setEncoding(this.encoding);
        if (this.start !== void 0) {
          if ("number" !== typeof this.start) {
            throw TypeError("start must be a Number");
          }
          if (this.end === void 0) {
            this.end = Infinity;
          } else if ("number" !== typeof this.end) {
            throw TypeError("end must be a Number");
          }
          if (this.start > this.end) {
            throw new Error("start must be <= end");
          }
          this.pos = this.start;
        }
        if (this.fd !== null) {
          process.nextTick(function() {
            self._read();
          });
          return;
        }
        fs3.open(this.path, this.flags, this.mode, function(err, fd) {
          if (err) {
            self.emit("error", err);
            self.readable = false;
            return;
          }
          self.fd = fd;
          self.emit("open", fd);
          self._read();
        });
      }
      function WriteStream(path3, options) {
        if (!(this instanceof WriteStream)) return new WriteStream(path3, options);
        Stream.call(this);
        this.path = path3;
        this.fd = null;
        this.writable = true;
        this.flags = "w";
        this.encoding = "binary";
        this.mode = 438;
        this.bytesWritten = 0;
        options = options || {};
        var keys = Object.keys(options);
        for (var index = 0, length = keys.length; index < length; index++) {
          var key = keys[index];
          this[key] = options[key];
        }
        if (this.start !== void 0) {
          if ("number" !== typeof this.start) {
            throw TypeError("start must be a Number");
          }
          if (this.start < 0) {
            throw new Error("start must be >= zero");
          }
          this.pos = this.start;
        }
        this.busy = false;
        this._queue = [];
        if (this.fd === null) {
          this._open = fs3.open;
          this._queue.push([this._open, this.path, this.flags, this.mode, void 0]);
          this.flush();
        }
      }
    }
  }
});

// node_modules/graceful-fs/clone.js
var require_clone = __commonJS({
  "node_modules/graceful-fs/clone.js"(exports2, module2) {
    "use strict";
    module2.exports = clone;
    var getPrototypeOf = Object.getPrototypeOf || function(obj) {
      return obj.__proto__;
    };
    function clone(obj) {
      if (obj === null || typeof obj !== "object")
        return obj;
      if (obj instanceof Object)
        var copy = { __proto__: getPrototypeOf(obj) };
      else
        var copy = /* @__PURE__ */ Object.create(null);
      Object.getOwnPropertyNames(obj).forEach(function(key) {
        Object.defineProperty(copy, key, Object.getOwnPropertyDescriptor(obj, key));
      });
      return copy;
    }
  }
});

// node_modules/graceful-fs/graceful-fs.js
var require_graceful_fs = __commonJS({
  "node_modules/graceful-fs/graceful-fs.js"(exports2, module2) {
    var fs3 = require("fs");
    var polyfills = require_polyfills();
    var legacy = require_legacy_streams();
    var clone = require_clone();
    var util = require("util");
    var gracefulQueue;
    var previousSymbol;
    if (typeof Symbol === "function" && typeof Symbol.for === "function") {
      gracefulQueue = /* @__PURE__ */ Symbol.for("graceful-fs.queue");
      previousSymbol = /* @__PURE__ */ Symbol.for("graceful-fs.previous");
    } else {
      gracefulQueue = "___graceful-fs.queue";
      previousSymbol = "___graceful-fs.previous";
    }
    function noop() {
    }
    function publishQueue(context, queue2) {
      Object.defineProperty(context, gracefulQueue, {
        get: function() {
          return queue2;
        }
      });
    }
    var debug = noop;
    if (util.debuglog)
      debug = util.debuglog("gfs4");
    else if (/\bgfs4\b/i.test(process.env.NODE_DEBUG || ""))
      debug = function() {
        var m = util.format.apply(util, arguments);
        m = "GFS4: " + m.split(/\n/).join("\nGFS4: ");
        console.error(m);
      };
    if (!fs3[gracefulQueue]) {
      queue = global[gracefulQueue] || [];
      publishQueue(fs3, queue);
      fs3.close = (function(fs$close) {
        function close(fd, cb) {
          return fs$close.call(fs3, fd, function(err) {
            if (!err) {
              resetQueue();
            }
            if (typeof cb === "function")
              cb.apply(this, arguments);
          });
        }
        Object.defineProperty(close, previousSymbol, {
          value: fs$close
        });
        return close;
      })(fs3.close);
      fs3.closeSync = (function(fs$closeSync) {
        function closeSync4(fd) {
          fs$closeSync.apply(fs3, arguments);
          resetQueue();
        }
        Object.defineProperty(closeSync4, previousSymbol, {
          value: fs$closeSync
        });
        return closeSync4;
      })(fs3.closeSync);
      if (/\bgfs4\b/i.test(process.env.NODE_DEBUG || "")) {
        process.on("exit", function() {
          debug(fs3[gracefulQueue]);
          require("assert").equal(fs3[gracefulQueue].length, 0);
        });
      }
    }
    var queue;
    if (!global[gracefulQueue]) {
      publishQueue(global, fs3[gracefulQueue]);
    }
    module2.exports = patch(clone(fs3));
    if (process.env.TEST_GRACEFUL_FS_GLOBAL_PATCH && !fs3.__patched) {
      module2.exports = patch(fs3);
      fs3.__patched = true;
    }
    function patch(fs4) {
      polyfills(fs4);
      fs4.gracefulify = patch;
      fs4.createReadStream = createReadStream;
      fs4.createWriteStream = createWriteStream;
      var fs$readFile = fs4.readFile;
      fs4.readFile = readFile;
      function readFile(path3, options, cb) {
        if (typeof options === "function")
          cb = options, options = null;
        return go$readFile(path3, options, cb);
        function go$readFile(path4, options2, cb2, startTime) {
          return fs$readFile(path4, options2, function(err) {
            if (err && (err.code === "EMFILE" || err.code === "ENFILE"))
              enqueue([go$readFile, [path4, options2, cb2], err, startTime || Date.now(), Date.now()]);
            else {
              if (typeof cb2 === "function")
                cb2.apply(this, arguments);
            }
          });
        }
      }
      var fs$writeFile = fs4.writeFile;
      fs4.writeFile = writeFile;
      function writeFile(path3, data, options, cb) {
        if (typeof options === "function")
          cb = options, options = null;
        return go$writeFile(path3, data, options, cb);
        function go$writeFile(path4, data2, options2, cb2, startTime) {
          return fs$writeFile(path4, data2, options2, function(err) {
            if (err && (err.code === "EMFILE" || err.code === "ENFILE"))
              enqueue([go$writeFile, [path4, data2, options2, cb2], err, startTime || Date.now(), Date.now()]);
            else {
              if (typeof cb2 === "function")
                cb2.apply(this, arguments);
            }
          });
        }
      }
      var fs$appendFile = fs4.appendFile;
      if (fs$appendFile)
        fs4.appendFile = appendFile;
      function appendFile(path3, data, options, cb) {
        if (typeof options === "function")
          cb = options, options = null;
        return go$appendFile(path3, data, options, cb);
        function go$appendFile(path4, data2, options2, cb2, startTime) {
          return fs$appendFile(path4, data2, options2, function(err) {
            if (err && (err.code === "EMFILE" || err.code === "ENFILE"))
              enqueue([go$appendFile, [path4, data2, options2, cb2], err, startTime || Date.now(), Date.now()]);
            else {
              if (typeof cb2 === "function")
                cb2.apply(this, arguments);
            }
          });
        }
      }
      var fs$copyFile = fs4.copyFile;
      if (fs$copyFile)
        fs4.copyFile = copyFile;
      function copyFile(src, dest, flags, cb) {
        if (typeof flags === "function") {
          cb = flags;
          flags = 0;
        }
        return go$copyFile(src, dest, flags, cb);
        function go$copyFile(src2, dest2, flags2, cb2, startTime) {
          return fs$copyFile(src2, dest2, flags2, function(err) {
            if (err && (err.code === "EMFILE" || err.code === "ENFILE"))
              enqueue([go$copyFile, [src2, dest2, flags2, cb2], err, startTime || Date.now(), Date.now()]);
            else {
              if (typeof cb2 === "function")
                cb2.apply(this, arguments);
            }
          });
        }
      }
      var fs$readdir = fs4.readdir;
      fs4.readdir = readdir;
      var noReaddirOptionVersions = /^v[0-5]\./;
      function readdir(path3, options, cb) {
        if (typeof options === "function")
          cb = options, options = null;
        var go$readdir = noReaddirOptionVersions.test(process.version) ? function go$readdir2(path4, options2, cb2, startTime) {
          return fs$readdir(path4, fs$readdirCallback(
            path4,
            options2,
            cb2,
            startTime
          ));
        } : function go$readdir2(path4, options2, cb2, startTime) {
          return fs$readdir(path4, options2, fs$readdirCallback(
            path4,
            options2,
            cb2,
            startTime
          ));
        };
        return go$readdir(path3, options, cb);
        function fs$readdirCallback(path4, options2, cb2, startTime) {
          return function(err, files) {
            if (err && (err.code === "EMFILE" || err.code === "ENFILE"))
              enqueue([
                go$readdir,
                [path4, options2, cb2],
                err,
                startTime || Date.now(),
                Date.now()
              ]);
            else {
              if (files && files.sort)
                files.sort();
              if (typeof cb2 === "function")
                cb2.call(this, err, files);
            }
          };
        }
      }
      if (process.version.substr(0, 4) === "v0.8") {
        var legStreams = legacy(fs4);
        ReadStream = legStreams.ReadStream;
        WriteStream = legStreams.WriteStream;
      }
      var fs$ReadStream = fs4.ReadStream;
      if (fs$ReadStream) {
        ReadStream.prototype = Object.create(fs$ReadStream.prototype);
        ReadStream.prototype.open = ReadStream$open;
      }
      var fs$WriteStream = fs4.WriteStream;
      if (fs$WriteStream) {
        WriteStream.prototype = Object.create(fs$WriteStream.prototype);
        WriteStream.prototype.open = WriteStream$open;
      }
      Object.defineProperty(fs4, "ReadStream", {
        get: function() {
          return ReadStream;
        },
        set: function(val) {
          ReadStream = val;
        },
        enumerable: true,
        configurable: true
      });
      Object.defineProperty(fs4, "WriteStream", {
        get: function() {
          return WriteStream;
        },
        set: function(val) {
          WriteStream = val;
        },
        enumerable: true,
        configurable: true
      });
      var FileReadStream = ReadStream;
      Object.defineProperty(fs4, "FileReadStream", {
        get: function() {
          return FileReadStream;
        },
        set: function(val) {
          FileReadStream = val;
        },
        enumerable: true,
        configurable: true
      });
      var FileWriteStream = WriteStream;
      Object.defineProperty(fs4, "FileWriteStream", {
        get: function() {
          return FileWriteStream;
        },
        set: function(val) {
          FileWriteStream = val;
        },
        enumerable: true,
        configurable: true
      });
      function ReadStream(path3, options) {
        if (this instanceof ReadStream)
          return fs$ReadStream.apply(this, arguments), this;
        else
          return ReadStream.apply(Object.create(ReadStream.prototype), arguments);
      }
      function ReadStream$open() {
        var that = this;
        open(that.path, that.flags, that.mode, function(err, fd) {
          if (err) {
            if (that.autoClose)
              that.destroy();
            that.emit("error", err);
          } else {
            that.fd = fd;
            that.emit("open", fd);
            that.read();
          }
        });
      }
      function WriteStream(path3, options) {
        if (this instanceof WriteStream)
          return fs$WriteStream.apply(this, arguments), this;
        else
          return WriteStream.apply(Object.create(WriteStream.prototype), arguments);
      }
      function WriteStream$open() {
        var that = this;
        open(that.path, that.flags, that.mode, function(err, fd) {
          if (err) {
            that.destroy();
            that.emit("error", err);
          } else {
            that.fd = fd;
            that.emit("open", fd);
          }
        });
      }
      function createReadStream(path3, options) {
        return new fs4.ReadStream(path3, options);
      }
      function createWriteStream(path3, options) {
        return new fs4.WriteStream(path3, options);
      }
      var fs$open = fs4.open;
      fs4.open = open;
      function open(path3, flags, mode, cb) {
        if (typeof mode === "function")
          cb = mode, mode = null;
        return go$open(path3, flags, mode, cb);
        function go$open(path4, flags2, mode2, cb2, startTime) {
          return fs$open(path4, flags2, mode2, function(err, fd) {
            if (err && (err.code === "EMFILE" || err.code === "ENFILE"))
              enqueue([go$open, [path4, flags2, mode2, cb2], err, startTime || Date.now(), Date.now()]);
            else {
              if (typeof cb2 === "function")
                cb2.apply(this, arguments);
            }
          });
        }
      }
      return fs4;
    }
    function enqueue(elem) {
      debug("ENQUEUE", elem[0].name, elem[1]);
      fs3[gracefulQueue].push(elem);
      retry();
    }
    var retryTimer;
    function resetQueue() {
      var now = Date.now();
      for (var i = 0; i < fs3[gracefulQueue].length; ++i) {
        if (fs3[gracefulQueue][i].length > 2) {
          fs3[gracefulQueue][i][3] = now;
          fs3[gracefulQueue][i][4] = now;
        }
      }
      retry();
    }
    function retry() {
      clearTimeout(retryTimer);
      retryTimer = void 0;
      if (fs3[gracefulQueue].length === 0)
        return;
      var elem = fs3[gracefulQueue].shift();
      var fn = elem[0];
      var args = elem[1];
      var err = elem[2];
      var startTime = elem[3];
      var lastTime = elem[4];
      if (startTime === void 0) {
        debug("RETRY", fn.name, args);
        fn.apply(null, args);
      } else if (Date.now() - startTime >= 6e4) {
        debug("TIMEOUT", fn.name, args);
        var cb = args.pop();
        if (typeof cb === "function")
          cb.call(null, err);
      } else {
        var sinceAttempt = Date.now() - lastTime;
        var sinceStart = Math.max(lastTime - startTime, 1);
        var desiredDelay = Math.min(sinceStart * 1.2, 100);
        if (sinceAttempt >= desiredDelay) {
          debug("RETRY", fn.name, args);
          fn.apply(null, args.concat([startTime]));
        } else {
          fs3[gracefulQueue].push(elem);
        }
      }
      if (retryTimer === void 0) {
        retryTimer = setTimeout(retry, 0);
      }
    }
  }
});

// node_modules/retry/lib/retry_operation.js
var require_retry_operation = __commonJS({
  "node_modules/retry/lib/retry_operation.js"(exports2, module2) {
    function RetryOperation(timeouts, options) {
      if (typeof options === "boolean") {
        options = { forever: options };
      }
      this._originalTimeouts = JSON.parse(JSON.stringify(timeouts));
      this._timeouts = timeouts;
      this._options = options || {};
      this._maxRetryTime = options && options.maxRetryTime || Infinity;
      this._fn = null;
      this._errors = [];
      this._attempts = 1;
      this._operationTimeout = null;
      this._operationTimeoutCb = null;
      this._timeout = null;
      this._operationStart = null;
      if (this._options.forever) {
        this._cachedTimeouts = this._timeouts.slice(0);
      }
    }
    module2.exports = RetryOperation;
    RetryOperation.prototype.reset = function() {
      this._attempts = 1;
      this._timeouts = this._originalTimeouts;
    };
    RetryOperation.prototype.stop = function() {
      if (this._timeout) {
        clearTimeout(this._timeout);
      }
      this._timeouts = [];
      this._cachedTimeouts = null;
    };
    RetryOperation.prototype.retry = function(err) {
      if (this._timeout) {
        clearTimeout(this._timeout);
      }
      if (!err) {
        return false;
      }
      var currentTime = (/* @__PURE__ */ new Date()).getTime();
      if (err && currentTime - this._operationStart >= this._maxRetryTime) {
        this._errors.unshift(new Error("RetryOperation timeout occurred"));
        return false;
      }
      this._errors.push(err);
      var timeout = this._timeouts.shift();
      if (timeout === void 0) {
        if (this._cachedTimeouts) {
          this._errors.splice(this._errors.length - 1, this._errors.length);
          this._timeouts = this._cachedTimeouts.slice(0);
          timeout = this._timeouts.shift();
        } else {
          return false;
        }
      }
      var self = this;
      var timer = setTimeout(function() {
        self._attempts++;
        if (self._operationTimeoutCb) {
          self._timeout = setTimeout(function() {
            self._operationTimeoutCb(self._attempts);
          }, self._operationTimeout);
          if (self._options.unref) {
            self._timeout.unref();
          }
        }
        self._fn(self._attempts);
      }, timeout);
      if (this._options.unref) {
        timer.unref();
      }
      return true;
    };
    RetryOperation.prototype.attempt = function(fn, timeoutOps) {
      this._fn = fn;
      if (timeoutOps) {
        if (timeoutOps.timeout) {
          this._operationTimeout = timeoutOps.timeout;
        }
        if (timeoutOps.cb) {
          this._operationTimeoutCb = timeoutOps.cb;
        }
      }
      var self = this;
      if (this._operationTimeoutCb) {
        this._timeout = setTimeout(function() {
          self._operationTimeoutCb();
        }, self._operationTimeout);
      }
      this._operationStart = (/* @__PURE__ */ new Date()).getTime();
      this._fn(this._attempts);
    };
    RetryOperation.prototype.try = function(fn) {
      console.log("Using RetryOperation.try() is deprecated");
      this.attempt(fn);
    };
    RetryOperation.prototype.start = function(fn) {
      console.log("Using RetryOperation.start() is deprecated");
      this.attempt(fn);
    };
    RetryOperation.prototype.start = RetryOperation.prototype.try;
    RetryOperation.prototype.errors = function() {
      return this._errors;
    };
    RetryOperation.prototype.attempts = function() {
      return this._attempts;
    };
    RetryOperation.prototype.mainError = function() {
      if (this._errors.length === 0) {
        return null;
      }
      var counts = {};
      var mainError = null;
      var mainErrorCount = 0;
      for (var i = 0; i < this._errors.length; i++) {
        var error = this._errors[i];
        var message = error.message;
        var count = (counts[message] || 0) + 1;
        counts[message] = count;
        if (count >= mainErrorCount) {
          mainError = error;
          mainErrorCount = count;
        }
      }
      return mainError;
    };
  }
});

// node_modules/retry/lib/retry.js
var require_retry = __commonJS({
  "node_modules/retry/lib/retry.js"(exports2) {
    var RetryOperation = require_retry_operation();
    exports2.operation = function(options) {
      var timeouts = exports2.timeouts(options);
      return new RetryOperation(timeouts, {
        forever: options && options.forever,
        unref: options && options.unref,
        maxRetryTime: options && options.maxRetryTime
      });
    };
    exports2.timeouts = function(options) {
      if (options instanceof Array) {
        return [].concat(options);
      }
      var opts = {
        retries: 10,
        factor: 2,
        minTimeout: 1 * 1e3,
        maxTimeout: Infinity,
        randomize: false
      };
      for (var key in options) {
        opts[key] = options[key];
      }
      if (opts.minTimeout > opts.maxTimeout) {
        throw new Error("minTimeout is greater than maxTimeout");
      }
      var timeouts = [];
      for (var i = 0; i < opts.retries; i++) {
        timeouts.push(this.createTimeout(i, opts));
      }
      if (options && options.forever && !timeouts.length) {
        timeouts.push(this.createTimeout(i, opts));
      }
      timeouts.sort(function(a, b) {
        return a - b;
      });
      return timeouts;
    };
    exports2.createTimeout = function(attempt, opts) {
      var random = opts.randomize ? Math.random() + 1 : 1;
      var timeout = Math.round(random * opts.minTimeout * Math.pow(opts.factor, attempt));
      timeout = Math.min(timeout, opts.maxTimeout);
      return timeout;
    };
    exports2.wrap = function(obj, options, methods) {
      if (options instanceof Array) {
        methods = options;
        options = null;
      }
      if (!methods) {
        methods = [];
        for (var key in obj) {
          if (typeof obj[key] === "function") {
            methods.push(key);
          }
        }
      }
      for (var i = 0; i < methods.length; i++) {
        var method = methods[i];
        var original = obj[method];
        obj[method] = function retryWrapper(original2) {
          var op = exports2.operation(options);
          var args = Array.prototype.slice.call(arguments, 1);
          var callback = args.pop();
          args.push(function(err) {
            if (op.retry(err)) {
              return;
            }
            if (err) {
              arguments[0] = op.mainError();
            }
            callback.apply(this, arguments);
          });
          op.attempt(function() {
            original2.apply(obj, args);
          });
        }.bind(obj, original);
        obj[method].options = options;
      }
    };
  }
});

// node_modules/retry/index.js
var require_retry2 = __commonJS({
  "node_modules/retry/index.js"(exports2, module2) {
    module2.exports = require_retry();
  }
});

// node_modules/proper-lockfile/node_modules/signal-exit/signals.js
var require_signals = __commonJS({
  "node_modules/proper-lockfile/node_modules/signal-exit/signals.js"(exports2, module2) {
    module2.exports = [
      "SIGABRT",
      "SIGALRM",
      "SIGHUP",
      "SIGINT",
      "SIGTERM"
    ];
    if (process.platform !== "win32") {
      module2.exports.push(
        "SIGVTALRM",
        "SIGXCPU",
        "SIGXFSZ",
        "SIGUSR2",
        "SIGTRAP",
        "SIGSYS",
        "SIGQUIT",
        "SIGIOT"
        // should detect profiler and enable/disable accordingly.
        // see #21
        // 'SIGPROF'
      );
    }
    if (process.platform === "linux") {
      module2.exports.push(
        "SIGIO",
        "SIGPOLL",
        "SIGPWR",
        "SIGSTKFLT",
        "SIGUNUSED"
      );
    }
  }
});

// node_modules/proper-lockfile/node_modules/signal-exit/index.js
var require_signal_exit = __commonJS({
  "node_modules/proper-lockfile/node_modules/signal-exit/index.js"(exports2, module2) {
    var process2 = global.process;
    var processOk = function(process3) {
      return process3 && typeof process3 === "object" && typeof process3.removeListener === "function" && typeof process3.emit === "function" && typeof process3.reallyExit === "function" && typeof process3.listeners === "function" && typeof process3.kill === "function" && typeof process3.pid === "number" && typeof process3.on === "function";
    };
    if (!processOk(process2)) {
      module2.exports = function() {
        return function() {
        };
      };
    } else {
      assert = require("assert");
      signals = require_signals();
      isWin = /^win/i.test(process2.platform);
      EE = require("events");
      if (typeof EE !== "function") {
        EE = EE.EventEmitter;
      }
      if (process2.__signal_exit_emitter__) {
        emitter = process2.__signal_exit_emitter__;
      } else {
        emitter = process2.__signal_exit_emitter__ = new EE();
        emitter.count = 0;
        emitter.emitted = {};
      }
      if (!emitter.infinite) {
        emitter.setMaxListeners(Infinity);
        emitter.infinite = true;
      }
      module2.exports = function(cb, opts) {
        if (!processOk(global.process)) {
          return function() {
          };
        }
        assert.equal(typeof cb, "function", "a callback must be provided for exit handler");
        if (loaded === false) {
          load();
        }
        var ev = "exit";
        if (opts && opts.alwaysLast) {
          ev = "afterexit";
        }
        var remove = function() {
          emitter.removeListener(ev, cb);
          if (emitter.listeners("exit").length === 0 && emitter.listeners("afterexit").length === 0) {
            unload();
          }
        };
        emitter.on(ev, cb);
        return remove;
      };
      unload = function unload2() {
        if (!loaded || !processOk(global.process)) {
          return;
        }
        loaded = false;
        signals.forEach(function(sig) {
          try {
            process2.removeListener(sig, sigListeners[sig]);
          } catch (er) {
          }
        });
        process2.emit = originalProcessEmit;
        process2.reallyExit = originalProcessReallyExit;
        emitter.count -= 1;
      };
      module2.exports.unload = unload;
      emit = function emit2(event, code, signal) {
        if (emitter.emitted[event]) {
          return;
        }
        emitter.emitted[event] = true;
        emitter.emit(event, code, signal);
      };
      sigListeners = {};
      signals.forEach(function(sig) {
        sigListeners[sig] = function listener() {
          if (!processOk(global.process)) {
            return;
          }
          var listeners = process2.listeners(sig);
          if (listeners.length === emitter.count) {
            unload();
            emit("exit", null, sig);
            emit("afterexit", null, sig);
            if (isWin && sig === "SIGHUP") {
              sig = "SIGINT";
            }
            process2.kill(process2.pid, sig);
          }
        };
      });
      module2.exports.signals = function() {
        return signals;
      };
      loaded = false;
      load = function load2() {
        if (loaded || !processOk(global.process)) {
          return;
        }
        loaded = true;
        emitter.count += 1;
        signals = signals.filter(function(sig) {
          try {
            process2.on(sig, sigListeners[sig]);
            return true;
          } catch (er) {
            return false;
          }
        });
        process2.emit = processEmit;
        process2.reallyExit = processReallyExit;
      };
      module2.exports.load = load;
      originalProcessReallyExit = process2.reallyExit;
      processReallyExit = function processReallyExit2(code) {
        if (!processOk(global.process)) {
          return;
        }
        process2.exitCode = code || /* istanbul ignore next */
        0;
        emit("exit", process2.exitCode, null);
        emit("afterexit", process2.exitCode, null);
        originalProcessReallyExit.call(process2, process2.exitCode);
      };
      originalProcessEmit = process2.emit;
      processEmit = function processEmit2(ev, arg) {
        if (ev === "exit" && processOk(global.process)) {
          if (arg !== void 0) {
            process2.exitCode = arg;
          }
          var ret = originalProcessEmit.apply(this, arguments);
          emit("exit", process2.exitCode, null);
          emit("afterexit", process2.exitCode, null);
          return ret;
        } else {
          return originalProcessEmit.apply(this, arguments);
        }
      };
    }
    var assert;
    var signals;
    var isWin;
    var EE;
    var emitter;
    var unload;
    var emit;
    var sigListeners;
    var loaded;
    var load;
    var originalProcessReallyExit;
    var processReallyExit;
    var originalProcessEmit;
    var processEmit;
  }
});

// node_modules/proper-lockfile/lib/mtime-precision.js
var require_mtime_precision = __commonJS({
  "node_modules/proper-lockfile/lib/mtime-precision.js"(exports2, module2) {
    "use strict";
    var cacheSymbol = /* @__PURE__ */ Symbol();
    function probe(file, fs3, callback) {
      const cachedPrecision = fs3[cacheSymbol];
      if (cachedPrecision) {
        return fs3.stat(file, (err, stat) => {
          if (err) {
            return callback(err);
          }
          callback(null, stat.mtime, cachedPrecision);
        });
      }
      const mtime = new Date(Math.ceil(Date.now() / 1e3) * 1e3 + 5);
      fs3.utimes(file, mtime, mtime, (err) => {
        if (err) {
          return callback(err);
        }
        fs3.stat(file, (err2, stat) => {
          if (err2) {
            return callback(err2);
          }
          const precision = stat.mtime.getTime() % 1e3 === 0 ? "s" : "ms";
          Object.defineProperty(fs3, cacheSymbol, { value: precision });
          callback(null, stat.mtime, precision);
        });
      });
    }
    function getMtime(precision) {
      let now = Date.now();
      if (precision === "s") {
        now = Math.ceil(now / 1e3) * 1e3;
      }
      return new Date(now);
    }
    module2.exports.probe = probe;
    module2.exports.getMtime = getMtime;
  }
});

// node_modules/proper-lockfile/lib/lockfile.js
var require_lockfile = __commonJS({
  "node_modules/proper-lockfile/lib/lockfile.js"(exports2, module2) {
    "use strict";
    var path3 = require("path");
    var fs3 = require_graceful_fs();
    var retry = require_retry2();
    var onExit = require_signal_exit();
    var mtimePrecision = require_mtime_precision();
    var locks = {};
    function getLockFile(file, options) {
      return options.lockfilePath || `${file}.lock`;
    }
    function resolveCanonicalPath(file, options, callback) {
      if (!options.realpath) {
        return callback(null, path3.resolve(file));
      }
      options.fs.realpath(file, callback);
    }
    function acquireLock(file, options, callback) {
      const lockfilePath = getLockFile(file, options);
      options.fs.mkdir(lockfilePath, (err) => {
        if (!err) {
          return mtimePrecision.probe(lockfilePath, options.fs, (err2, mtime, mtimePrecision2) => {
            if (err2) {
              options.fs.rmdir(lockfilePath, () => {
              });
              return callback(err2);
            }
            callback(null, mtime, mtimePrecision2);
          });
        }
        if (err.code !== "EEXIST") {
          return callback(err);
        }
        if (options.stale <= 0) {
          return callback(Object.assign(new Error("Lock file is already being held"), { code: "ELOCKED", file }));
        }
        options.fs.stat(lockfilePath, (err2, stat) => {
          if (err2) {
            if (err2.code === "ENOENT") {
              return acquireLock(file, { ...options, stale: 0 }, callback);
            }
            return callback(err2);
          }
          if (!isLockStale(stat, options)) {
            return callback(Object.assign(new Error("Lock file is already being held"), { code: "ELOCKED", file }));
          }
          removeLock(file, options, (err3) => {
            if (err3) {
              return callback(err3);
            }
            acquireLock(file, { ...options, stale: 0 }, callback);
          });
        });
      });
    }
    function isLockStale(stat, options) {
      return stat.mtime.getTime() < Date.now() - options.stale;
    }
    function removeLock(file, options, callback) {
      options.fs.rmdir(getLockFile(file, options), (err) => {
        if (err && err.code !== "ENOENT") {
          return callback(err);
        }
        callback();
      });
    }
    function updateLock(file, options) {
      const lock2 = locks[file];
      if (lock2.updateTimeout) {
        return;
      }
      lock2.updateDelay = lock2.updateDelay || options.update;
      lock2.updateTimeout = setTimeout(() => {
        lock2.updateTimeout = null;
        options.fs.stat(lock2.lockfilePath, (err, stat) => {
          const isOverThreshold = lock2.lastUpdate + options.stale < Date.now();
          if (err) {
            if (err.code === "ENOENT" || isOverThreshold) {
              return setLockAsCompromised(file, lock2, Object.assign(err, { code: "ECOMPROMISED" }));
            }
            lock2.updateDelay = 1e3;
            return updateLock(file, options);
          }
          const isMtimeOurs = lock2.mtime.getTime() === stat.mtime.getTime();
          if (!isMtimeOurs) {
            return setLockAsCompromised(
              file,
              lock2,
              Object.assign(
                new Error("Unable to update lock within the stale threshold"),
                { code: "ECOMPROMISED" }
              )
            );
          }
          const mtime = mtimePrecision.getMtime(lock2.mtimePrecision);
          options.fs.utimes(lock2.lockfilePath, mtime, mtime, (err2) => {
            const isOverThreshold2 = lock2.lastUpdate + options.stale < Date.now();
            if (lock2.released) {
              return;
            }
            if (err2) {
              if (err2.code === "ENOENT" || isOverThreshold2) {
                return setLockAsCompromised(file, lock2, Object.assign(err2, { code: "ECOMPROMISED" }));
              }
              lock2.updateDelay = 1e3;
              return updateLock(file, options);
            }
            lock2.mtime = mtime;
            lock2.lastUpdate = Date.now();
            lock2.updateDelay = null;
            updateLock(file, options);
          });
        });
      }, lock2.updateDelay);
      if (lock2.updateTimeout.unref) {
        lock2.updateTimeout.unref();
      }
    }
    function setLockAsCompromised(file, lock2, err) {
      lock2.released = true;
      if (lock2.updateTimeout) {
        clearTimeout(lock2.updateTimeout);
      }
      if (locks[file] === lock2) {
        delete locks[file];
      }
      lock2.options.onCompromised(err);
    }
    function lock(file, options, callback) {
      options = {
        stale: 1e4,
        update: null,
        realpath: true,
        retries: 0,
        fs: fs3,
        onCompromised: (err) => {
          throw err;
        },
        ...options
      };
      options.retries = options.retries || 0;
      options.retries = typeof options.retries === "number" ? { retries: options.retries } : options.retries;
      options.stale = Math.max(options.stale || 0, 2e3);
      options.update = options.update == null ? options.stale / 2 : options.update || 0;
      options.update = Math.max(Math.min(options.update, options.stale / 2), 1e3);
      resolveCanonicalPath(file, options, (err, file2) => {
        if (err) {
          return callback(err);
        }
        const operation = retry.operation(options.retries);
        operation.attempt(() => {
          acquireLock(file2, options, (err2, mtime, mtimePrecision2) => {
            if (operation.retry(err2)) {
              return;
            }
            if (err2) {
              return callback(operation.mainError());
            }
            const lock2 = locks[file2] = {
              lockfilePath: getLockFile(file2, options),
              mtime,
              mtimePrecision: mtimePrecision2,
              options,
              lastUpdate: Date.now()
            };
            updateLock(file2, options);
            callback(null, (releasedCallback) => {
              if (lock2.released) {
                return releasedCallback && releasedCallback(Object.assign(new Error("Lock is already released"), { code: "ERELEASED" }));
              }
              unlock(file2, { ...options, realpath: false }, releasedCallback);
            });
          });
        });
      });
    }
    function unlock(file, options, callback) {
      options = {
        fs: fs3,
        realpath: true,
        ...options
      };
      resolveCanonicalPath(file, options, (err, file2) => {
        if (err) {
          return callback(err);
        }
        const lock2 = locks[file2];
        if (!lock2) {
          return callback(Object.assign(new Error("Lock is not acquired/owned by you"), { code: "ENOTACQUIRED" }));
        }
        lock2.updateTimeout && clearTimeout(lock2.updateTimeout);
        lock2.released = true;
        delete locks[file2];
        removeLock(file2, options, callback);
      });
    }
    function check2(file, options, callback) {
      options = {
        stale: 1e4,
        realpath: true,
        fs: fs3,
        ...options
      };
      options.stale = Math.max(options.stale || 0, 2e3);
      resolveCanonicalPath(file, options, (err, file2) => {
        if (err) {
          return callback(err);
        }
        options.fs.stat(getLockFile(file2, options), (err2, stat) => {
          if (err2) {
            return err2.code === "ENOENT" ? callback(null, false) : callback(err2);
          }
          return callback(null, !isLockStale(stat, options));
        });
      });
    }
    function getLocks() {
      return locks;
    }
    onExit(() => {
      for (const file in locks) {
        const options = locks[file].options;
        try {
          options.fs.rmdirSync(getLockFile(file, options));
        } catch (e) {
        }
      }
    });
    module2.exports.lock = lock;
    module2.exports.unlock = unlock;
    module2.exports.check = check2;
    module2.exports.getLocks = getLocks;
  }
});

// node_modules/proper-lockfile/lib/adapter.js
var require_adapter = __commonJS({
  "node_modules/proper-lockfile/lib/adapter.js"(exports2, module2) {
    "use strict";
    var fs3 = require_graceful_fs();
    function createSyncFs(fs4) {
      const methods = ["mkdir", "realpath", "stat", "rmdir", "utimes"];
      const newFs = { ...fs4 };
      methods.forEach((method) => {
        newFs[method] = (...args) => {
          const callback = args.pop();
          let ret;
          try {
            ret = fs4[`${method}Sync`](...args);
          } catch (err) {
            return callback(err);
          }
          callback(null, ret);
        };
      });
      return newFs;
    }
    function toPromise(method) {
      return (...args) => new Promise((resolve3, reject) => {
        args.push((err, result) => {
          if (err) {
            reject(err);
          } else {
            resolve3(result);
          }
        });
        method(...args);
      });
    }
    function toSync(method) {
      return (...args) => {
        let err;
        let result;
        args.push((_err, _result) => {
          err = _err;
          result = _result;
        });
        method(...args);
        if (err) {
          throw err;
        }
        return result;
      };
    }
    function toSyncOptions(options) {
      options = { ...options };
      options.fs = createSyncFs(options.fs || fs3);
      if (typeof options.retries === "number" && options.retries > 0 || options.retries && typeof options.retries.retries === "number" && options.retries.retries > 0) {
        throw Object.assign(new Error("Cannot use retries with the sync api"), { code: "ESYNC" });
      }
      return options;
    }
    module2.exports = {
      toPromise,
      toSync,
      toSyncOptions
    };
  }
});

// node_modules/proper-lockfile/index.js
var require_proper_lockfile = __commonJS({
  "node_modules/proper-lockfile/index.js"(exports2, module2) {
    "use strict";
    var lockfile = require_lockfile();
    var { toPromise, toSync, toSyncOptions } = require_adapter();
    async function lock(file, options) {
      const release = await toPromise(lockfile.lock)(file, options);
      return toPromise(release);
    }
    function lockSync(file, options) {
      const release = toSync(lockfile.lock)(file, toSyncOptions(options));
      return toSync(release);
    }
    function unlock(file, options) {
      return toPromise(lockfile.unlock)(file, options);
    }
    function unlockSync(file, options) {
      return toSync(lockfile.unlock)(file, toSyncOptions(options));
    }
    function check2(file, options) {
      return toPromise(lockfile.check)(file, options);
    }
    function checkSync(file, options) {
      return toSync(lockfile.check)(file, toSyncOptions(options));
    }
    module2.exports = lock;
    module2.exports.lock = lock;
    module2.exports.unlock = unlock;
    module2.exports.lockSync = lockSync;
    module2.exports.unlockSync = unlockSync;
    module2.exports.check = check2;
    module2.exports.checkSync = checkSync;
  }
});

// src/cli.ts
var import_node_util = require("node:util");

// src/commands/bridge.ts
var import_node_fs19 = require("node:fs");
var import_node_path13 = require("node:path");

// src/errors.ts
var EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  refused: 3,
  needed: 4,
  deferred: 5,
  notConfigured: 6,
  lockBusy: 75,
  config: 78
};
var exitFor = {
  USAGE: EXIT.usage,
  DESCRIPTOR_NOT_FOUND: EXIT.config,
  DESCRIPTOR_INVALID: EXIT.config,
  SCRIPT_INVALID: EXIT.config,
  STATE_CORRUPT: EXIT.config,
  STATE_IO: EXIT.failed,
  HISTORY_CORRUPT: EXIT.config,
  VERSION_INVALID: EXIT.config,
  BUILD_VERSION_UNAVAILABLE: EXIT.config,
  UNSAFE_PATH: EXIT.config,
  LOCK_BUSY: EXIT.lockBusy,
  LOCK_IO: EXIT.failed,
  REFUSED: EXIT.refused,
  UPGRADE_FAILED: EXIT.failed,
  STALE_SCRIPT_RUNNING: EXIT.lockBusy,
  IO: EXIT.failed
};
var UpgradeHookError = class extends Error {
  code;
  exitStatus;
  /** What the admin should do next, printed after the message ("run: upgrade-hook run acme"). */
  hint;
  constructor(code, message, options = {}) {
    super(message, options.cause === void 0 ? void 0 : { cause: options.cause });
    this.name = "UpgradeHookError";
    this.code = code;
    this.exitStatus = exitFor[code];
    this.hint = options.hint;
  }
};
function isUpgradeHookError(e) {
  return e instanceof UpgradeHookError;
}
function describeSystemError(e) {
  if (e && typeof e === "object" && "code" in e) {
    const err = e;
    const plain = {
      ENOSPC: "no space left on device",
      EDQUOT: "disk quota exceeded",
      EACCES: "permission denied",
      EPERM: "operation not permitted",
      EROFS: "read-only file system",
      ENOENT: "no such file or directory",
      ELOOP: "is a symbolic link (refused)",
      EISDIR: "is a directory",
      ENOTDIR: "a parent is not a directory",
      EIO: "input/output error"
    };
    return `${err.code}: ${plain[err.code ?? ""] ?? err.message}`;
  }
  return e instanceof Error ? e.message : String(e);
}

// src/lock/lock-dir.ts
var import_node_fs = require("node:fs");
var import_node_path = require("node:path");
var DEFAULT_LOCK_DIR = "/run/lock/upgrade-hook";
function lockDirectory(env) {
  return env.UPGRADE_HOOK_LOCK_DIR || DEFAULT_LOCK_DIR;
}
function ensureSafeDirectory(dir, euid, mode, what) {
  try {
    (0, import_node_fs.mkdirSync)((0, import_node_path.dirname)(dir), { recursive: true, mode: 493 });
    (0, import_node_fs.mkdirSync)(dir, { mode });
  } catch (e) {
    const code = e.code;
    if (code !== "EEXIST") throw new UpgradeHookError("IO", `cannot create ${what} ${dir}: ${describeSystemError(e)}`, { cause: e });
  }
  assertSafeDirectory(dir, euid, what);
}
function assertSafeDirectory(dir, euid, what) {
  const st = (0, import_node_fs.lstatSync)(dir);
  const refuse = (why) => {
    throw new UpgradeHookError("UNSAFE_PATH", `refusing to use ${what} ${dir}: ${why}`, {
      hint: `someone else may have planted it; inspect it, remove it (rm -rf ${dir}) and rerun`
    });
  };
  if (st.isSymbolicLink()) refuse("it is a symbolic link");
  if (!st.isDirectory()) refuse("it is not a directory");
  if (st.uid !== 0 && st.uid !== euid) refuse(`it is owned by uid ${st.uid}, not root`);
  if (st.mode & 18) refuse("it is writable by others");
}

// src/product/load.ts
var import_node_fs2 = require("node:fs");
var import_node_path2 = require("node:path");

// src/state/ini-text.ts
var PY_WHITESPACE = new Set(
  "	\n\v\f\r \x85\xA0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000"
);
function pyLStrip(s) {
  let i = 0;
  while (i < s.length && PY_WHITESPACE.has(s[i])) i++;
  return s.slice(i);
}
function pyRStrip(s) {
  let j = s.length;
  while (j > 0 && PY_WHITESPACE.has(s[j - 1])) j--;
  return s.slice(0, j);
}
function pyStrip(s) {
  return pyRStrip(pyLStrip(s));
}
function leadingWhitespace(line2) {
  return line2.slice(0, line2.length - pyLStrip(line2).length);
}
function splitLines(text) {
  const lines = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    lines.push({ text: text.slice(start, m.index), eol: m[0] });
    start = m.index + m[0].length;
  }
  if (start < text.length) lines.push({ text: text.slice(start), eol: "" });
  return lines;
}
function joinLines(lines) {
  return lines.map((l) => l.text + l.eol).join("");
}
function hasLoneSurrogate(s) {
  return /[\uD800-\uDFFF]/u.test(s);
}
function quoteLine(text, max = 60) {
  const short = text.length > max ? `${text.slice(0, max)}\u2026` : text;
  return JSON.stringify(short);
}
function firstInvalidUtf8(buf) {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    let need;
    let min;
    if (b < 128) {
      i++;
      continue;
    } else if (b >= 194 && b <= 223) [need, min] = [1, 128];
    else if (b >= 224 && b <= 239) [need, min] = [2, 2048];
    else if (b >= 240 && b <= 244) [need, min] = [3, 65536];
    else return i;
    let cp = b & 63 >> need;
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === void 0 || (c & 192) !== 128) return i;
      cp = cp << 6 | c & 63;
    }
    if (cp < min || cp > 1114111 || cp >= 55296 && cp <= 57343) return i;
    i += need + 1;
  }
  return -1;
}

// src/state/ini-parse.ts
var DEFAULT_SECTION = "DEFAULT";
function parseLines(lines, file, code) {
  const fail = (index, what) => {
    throw new UpgradeHookError(code, `${file} line ${index + 1}: ${what}`);
  };
  const st = { order: [], sections: /* @__PURE__ */ new Map(), defaults: void 0 };
  let section;
  let block;
  let option;
  let parts = [];
  let indentLevel = 0;
  const finishOption = () => {
    if (option) option.value = pyRStrip(parts.join("\n"));
    option = void 0;
  };
  lines.forEach(({ text }, i) => {
    if (text.includes("\0")) fail(i, "contains a NUL byte, so this is binary data, not an INI text file; restore the file from a backup");
    const stripped = pyStrip(text);
    if (stripped.startsWith("#") || stripped.startsWith(";")) return;
    if (stripped === "") {
      if (section && option) parts.push("");
      return;
    }
    const indent = leadingWhitespace(text);
    if (section && option && block && indent.length > indentLevel) {
      parts.push(stripped);
      option.endLine = i;
      block.lastContentLine = i;
      return;
    }
    indentLevel = indent.length;
    const close = stripped.lastIndexOf("]");
    if (stripped.startsWith("[") && close >= 2) {
      finishOption();
      const name = stripped.slice(1, close);
      section = openSection(st, name, i, fail);
      block = { headerLine: i, lastContentLine: i, lastOptionIndent: void 0 };
      section.blocks.push(block);
      return;
    }
    if (!section || !block) {
      return fail(i, `${quoteLine(stripped)} comes before any [section] header; put it under a section or remove it`);
    }
    const delim = stripped.search(/[=:]/);
    if (delim < 0) {
      return fail(i, `${quoteLine(stripped)} is not a [section] header, a "key = value" line or a comment; fix or remove it (comments start with # or ; on their own line)`);
    }
    const key = pyRStrip(stripped.slice(0, delim));
    if (key === "") return fail(i, `${quoteLine(stripped)} has no key before "${stripped[delim]}"; add the key or remove the line`);
    const first = section.options.get(key);
    if (first) {
      return fail(i, `duplicate key "${key}" in section [${section.name}] (first at line ${first.line + 1}); remove one of them`);
    }
    finishOption();
    option = { key, value: "", line: i, endLine: i, indent };
    parts = [pyStrip(stripped.slice(delim + 1))];
    section.options.set(key, option);
    block.lastContentLine = i;
    block.lastOptionIndent = indent;
  });
  finishOption();
  return st;
}
function openSection(st, name, i, fail) {
  if (name === DEFAULT_SECTION) {
    st.defaults ??= { name, blocks: [], options: /* @__PURE__ */ new Map() };
    return st.defaults;
  }
  const existing = st.sections.get(name);
  if (existing) {
    const firstLine = existing.blocks[0].headerLine + 1;
    return fail(i, `duplicate section [${name}] (first at line ${firstLine}); merge them into one`);
  }
  const created = { name, blocks: [], options: /* @__PURE__ */ new Map() };
  st.sections.set(name, created);
  st.order.push(name);
  return created;
}

// src/state/ini-representable.ts
function sectionNameProblem(name) {
  if (name === "") return "it is empty";
  if (/[\r\n]/.test(name)) return "it contains a line break";
  return commonProblem(name);
}
function keyProblem(key) {
  if (key === "") return "it is empty";
  if (/[\r\n]/.test(key)) return "it contains a line break";
  if (/[=:]/.test(key)) return 'it contains "=" or ":", where configparser splits key from value';
  if (pyStrip(key) !== key) return "it starts or ends with whitespace, which configparser strips";
  if (key.startsWith("#") || key.startsWith(";")) return 'it starts with "#" or ";", so configparser reads the line as a comment';
  if (key.startsWith("[")) return 'it starts with "[", so configparser may read the line as a section header';
  return commonProblem(key);
}
function valueProblem(value) {
  if (value.includes("\r")) return "it contains a carriage return, which configparser reads as a line break";
  const lines = value.split("\n");
  if (pyStrip(lines[0]) !== lines[0]) return "it starts or ends with whitespace, which configparser strips";
  for (const line2 of lines.slice(1)) {
    if (line2 === "") continue;
    if (pyStrip(line2) !== line2) return "a line of it starts or ends with whitespace, which configparser strips";
    if (line2.startsWith("#") || line2.startsWith(";")) {
      return 'a continuation line starts with "#" or ";", which configparser drops as a comment';
    }
  }
  if (lines.length > 1 && lines[lines.length - 1] === "") return "it ends with a line break, which configparser strips";
  return commonProblem(value);
}
function commonProblem(s) {
  if (s.includes("\0")) return "it contains a NUL byte";
  if (hasLoneSurrogate(s)) return "it contains text that is not valid Unicode (a lone surrogate)";
  return void 0;
}

// src/state/ini-document.ts
function parseIni(text, file, code) {
  if (text.startsWith("\uFEFF")) {
    throw new UpgradeHookError(code, `${file} line 1: starts with a byte order mark (BOM), which configparser rejects; remove it (the first 3 bytes)`);
  }
  const lines = splitLines(text);
  const bad = lines.findIndex((l) => hasLoneSurrogate(l.text));
  if (bad >= 0) throw new UpgradeHookError(code, `${file} line ${bad + 1}: contains text that is not valid Unicode; fix the line`);
  return new IniDocument(lines, parseLines(lines, file, code), file, code);
}
function parseIniBuffer(buf, file, code) {
  const bad = firstInvalidUtf8(buf);
  if (bad >= 0) {
    const line2 = Buffer.from(buf.subarray(0, bad)).toString("latin1").split(/\r\n|\r|\n/).length;
    throw new UpgradeHookError(code, `${file} line ${line2}: not valid UTF-8 text (bad byte 0x${buf[bad].toString(16).padStart(2, "0")} at offset ${bad}); is it a binary file? convert it to UTF-8 or restore it from a backup`);
  }
  return parseIni(new TextDecoder("utf-8", { ignoreBOM: true }).decode(buf), file, code);
}
var IniDocument = class {
  constructor(lines, st, file, code) {
    this.file = file;
    this.code = code;
    this.#lines = lines;
    this.#st = st;
  }
  file;
  code;
  #lines;
  #st;
  /** Section names in file order, without DEFAULT (like configparser's sections()). */
  sections() {
    return [...this.#st.order];
  }
  /** Like configparser's has_section(): false for DEFAULT. */
  hasSection(section) {
    return this.#st.sections.has(section);
  }
  /** The section's own keys in file order (DEFAULT's keys for 'DEFAULT'). */
  keys(section) {
    return [...this.#section(section)?.options.keys() ?? []];
  }
  /** configparser's get(section, key, raw=True): the section's own key, else DEFAULT's; undefined if none. */
  get(section, key) {
    const own = this.#section(section);
    if (!own) return void 0;
    return own.options.get(key)?.value ?? this.#st.defaults?.options.get(key)?.value;
  }
  entries(section) {
    return [...this.#section(section)?.options.values() ?? []].map((o) => ({
      key: o.key,
      value: o.value,
      line: o.line + 1,
      endLine: o.endLine + 1
    }));
  }
  /** Sets a key; only its own line(s) change, a new key goes after the last key of its section. */
  set(section, key, value) {
    this.#checkRepresentable(section, key, value);
    const sec = this.#section(section);
    const existing = sec?.options.get(key);
    if (existing?.value === value) return;
    const lines = [...this.#lines];
    const eol = this.#eol();
    if (existing) {
      const lastEol = lines[existing.endLine].eol;
      const fresh = optionLines(existing.indent, key, value, eol);
      fresh[fresh.length - 1].eol = lastEol;
      lines.splice(existing.line, existing.endLine - existing.line + 1, ...fresh);
    } else if (sec) {
      const block = sec.blocks[sec.blocks.length - 1];
      const at = block.lastContentLine;
      const indent = block.lastOptionIndent ?? this.#nextIndent(at);
      if (lines[at].eol === "") lines[at] = { ...lines[at], eol };
      lines.splice(at + 1, 0, ...optionLines(indent, key, value, eol));
    } else {
      const last = lines[lines.length - 1];
      if (last && last.eol === "") lines[lines.length - 1] = { ...last, eol };
      if (last && pyStrip(last.text) !== "") lines.push({ text: "", eol });
      lines.push({ text: `[${section}]`, eol }, ...optionLines("", key, value, eol), { text: "", eol });
    }
    this.#replace(lines, section, key, value);
  }
  /** Removes the section's own key (never DEFAULT's); true when it was there. */
  unset(section, key) {
    const option = this.#section(section)?.options.get(key);
    if (!option) return false;
    const lines = [...this.#lines];
    lines.splice(option.line, option.endLine - option.line + 1);
    this.#replace(lines, section, key, void 0);
    return true;
  }
  toString() {
    return joinLines(this.#lines);
  }
  #section(section) {
    return section === DEFAULT_SECTION ? this.#st.defaults : this.#st.sections.get(section);
  }
  #checkRepresentable(section, key, value) {
    const problems = [
      [`section name [${section}]`, sectionNameProblem(section)],
      [`key ${JSON.stringify(key)}`, keyProblem(key)],
      [`value of ${JSON.stringify(key)}`, valueProblem(value)]
    ];
    for (const [what, problem] of problems) {
      if (problem) {
        throw new UpgradeHookError("USAGE", `cannot store ${what} in [${section}] of ${this.file}: ${problem}; choose another one`);
      }
    }
  }
  /** The line ending the file already uses (its first), '\n' for a file that has none. */
  #eol() {
    return this.#lines.find((l) => l.eol !== "")?.eol ?? "\n";
  }
  // A key added right after a header must not indent deeper than the next header, or that header
  // would become a continuation line of the new value.
  #nextIndent(after) {
    for (const l of this.#lines.slice(after + 1)) {
      const s = pyStrip(l.text);
      if (s !== "" && !s.startsWith("#") && !s.startsWith(";")) return leadingWhitespace(l.text);
    }
    return "";
  }
  // Re-reads the edited text and proves the edit changed exactly one value, so that a bug here can
  // never silently alter another key on disk.
  #replace(lines, section, key, value) {
    const st = parseLines(lines, this.file, this.code);
    const before = snapshot(this.#st);
    const after = snapshot(st);
    const id = JSON.stringify([section, key]);
    if (value === void 0) before.delete(id);
    else before.set(id, value);
    const same = before.size === after.size && [...before].every(([k, v]) => after.get(k) === v);
    if (!same) {
      throw new UpgradeHookError(this.code, `internal error: editing ${JSON.stringify(key)} in [${section}] of ${this.file} would change other values; nothing was written`);
    }
    this.#lines = lines;
    this.#st = st;
  }
};
function optionLines(indent, key, value, eol) {
  const [first, ...rest] = value.split("\n");
  return [
    { text: `${indent}${key} = ${first}`, eol },
    ...rest.map((line2) => ({ text: line2 === "" ? `${indent}	` : `${indent}	${line2}`, eol }))
  ];
}
function snapshot(st) {
  const all = /* @__PURE__ */ new Map();
  for (const sec of [...st.sections.values(), ...st.defaults ? [st.defaults] : []]) {
    for (const o of sec.options.values()) all.set(JSON.stringify([sec.name, o.key]), o.value);
  }
  return all;
}

// src/product/raw-descriptor.ts
function overlay(base, top) {
  const sections = /* @__PURE__ */ new Map();
  for (const [name, s] of base.sections) sections.set(name, { ...s, keys: new Map(s.keys) });
  for (const [name, s] of top.sections) {
    const existing = sections.get(name);
    if (!existing) sections.set(name, { ...s, keys: new Map(s.keys) });
    else for (const [k, v] of s.keys) existing.keys.set(k, v);
  }
  return { name: base.name, sources: [...base.sources, ...top.sources], sections };
}

// src/product/descriptor.ts
var DATA_VERSION_KEY = "data_version";
var PLATFORM_KEY = "platform";
var DEFAULT_PHASES = [
  { name: "offline", from: 1, to: 2999 },
  { name: "backend", from: 3e3, to: 5999 },
  { name: "online", from: 6e3, to: 9999 }
];
function rolesUpIn(phase) {
  if (phase === "offline") return [];
  if (phase === "backend") return ["backend"];
  return ["backend", "app"];
}

// src/product/spelling.ts
function closest(word, candidates) {
  let best;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
function editDistance(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

// src/product/validate.ts
var PRODUCT_KEYS = [
  "build_version",
  "platform",
  "version_scheme",
  "state_file",
  "state_section",
  "scripts",
  "admin_scripts",
  "var_dir",
  "log_file",
  "auto_upgrade",
  "script_timeout",
  "configured_if",
  "assume_data_version"
];
var PHASE_KEYS = ["offline", "backend", "online"];
var SERVICE_KEYS = ["role", "unit", "start", "stop", "ready", "ready_timeout"];
var BOOLEANS = { yes: true, true: true, on: true, "1": true, no: false, false: false, off: false, "0": false };
function validateDescriptor(raw) {
  const problems = [];
  const at = (v, message) => problems.push({ file: v.file, line: v.line, message });
  const lastSource = raw.sources[raw.sources.length - 1] ?? raw.name;
  for (const section of raw.sections.values()) {
    if (section.name === "product" || section.name === "phases" || section.name === "DEFAULT") continue;
    if (/^service\s+\S+$/.test(section.name)) continue;
    const guess = closest(section.name, ["product", "phases", "service NAME"]);
    at(section, `unknown section [${section.name}]; allowed: [product], [phases], [service NAME]${guess ? ` (did you mean [${guess}]?)` : ""}`);
  }
  const product = raw.sections.get("product");
  if (!product) {
    problems.push({ file: lastSource, line: 1, message: "missing [product] section; add it with at least build_version, state_file, state_section and scripts" });
    return { ok: false, problems };
  }
  checkKeys(product, PRODUCT_KEYS, at);
  const phasesSection = raw.sections.get("phases");
  if (phasesSection) checkKeys(phasesSection, PHASE_KEYS, at);
  const required = (key) => {
    const v = product.keys.get(key);
    if (!v || v.value === "") {
      at(v ?? product, `[product] ${key} is required; ${requiredHint[key] ?? "set it"}`);
      return void 0;
    }
    return v;
  };
  const optional = (key) => {
    const v = product.keys.get(key);
    return v && v.value !== "" ? v : void 0;
  };
  const absolutePath = (v, key) => {
    if (!v) return void 0;
    if (!v.value.startsWith("/")) at(v, `[product] ${key} = ${v.value}: must be an absolute path`);
    return v.value;
  };
  const buildVersion = valueSource(required("build_version"), "build_version", true, at);
  const platform = valueSource(optional("platform"), "platform", false, at);
  const schemeRaw = optional("version_scheme");
  let versionScheme = "rpm";
  if (schemeRaw) {
    if (schemeRaw.value === "rpm" || schemeRaw.value === "semver") versionScheme = schemeRaw.value;
    else at(schemeRaw, `[product] version_scheme = ${schemeRaw.value}: use rpm or semver`);
  }
  const stateFile = absolutePath(required("state_file"), "state_file");
  const stateSection = required("state_section")?.value;
  const scriptsDir = absolutePath(required("scripts"), "scripts");
  const adminScriptsDir = absolutePath(optional("admin_scripts"), "admin_scripts");
  const varDir = absolutePath(optional("var_dir"), "var_dir") ?? `/var/lib/upgrade-hook/${raw.name}`;
  const logFile = absolutePath(optional("log_file"), "log_file") ?? `/var/log/upgrade-hook/${raw.name}.log`;
  const autoUpgrade = boolean(optional("auto_upgrade"), "auto_upgrade", true, at);
  const scriptTimeoutSec = seconds(optional("script_timeout"), "[product] script_timeout", 0, at);
  const configuredIf = configuredTest(optional("configured_if"), at);
  const assumeDataVersion = optional("assume_data_version")?.value ?? "0";
  if (optional("assume_data_version") && !configuredIf) at(optional("assume_data_version"), "[product] assume_data_version needs configured_if (how to recognise a configured product)");
  const phases = parsePhases(phasesSection, at);
  const services = [];
  for (const section of raw.sections.values()) {
    const m = /^service\s+(\S+)$/.exec(section.name);
    if (m) services.push(parseService(m[1], section, at));
  }
  if (problems.length > 0 || !buildVersion || !stateFile || !stateSection || !scriptsDir) return { ok: false, problems };
  return {
    ok: true,
    descriptor: {
      name: raw.name,
      sources: raw.sources,
      buildVersion,
      platform,
      versionScheme,
      stateFile,
      stateSection,
      scriptsDir,
      adminScriptsDir,
      varDir,
      logFile,
      autoUpgrade,
      scriptTimeoutSec,
      configuredIf,
      assumeDataVersion,
      phases,
      services
    }
  };
}
var requiredHint = {
  build_version: "e.g. build_version = file:/usr/share/NAME/VERSION, rpm:PACKAGE or a literal version",
  state_file: "e.g. state_file = /var/lib/NAME/sysupgrade/sysupgrade.state",
  state_section: "the section of the state file that holds data_version and platform, e.g. state_section = NAME",
  scripts: "the directory holding always/ and once/, e.g. scripts = /usr/share/NAME/upgrade.d"
};
function checkKeys(section, allowed, at) {
  for (const [key, v] of section.keys) {
    if (allowed.includes(key)) continue;
    const guess = closest(key, allowed);
    at(v, `unknown key "${key}" in [${section.name}]${guess ? `: did you mean "${guess}"?` : `; allowed: ${allowed.join(", ")}`}`);
  }
}
function valueSource(v, key, allowRpm, at) {
  if (!v) return void 0;
  const s = v.value;
  if (s.startsWith("file:")) {
    const path3 = s.slice(5);
    if (!path3.startsWith("/")) at(v, `[product] ${key} = ${s}: file: needs an absolute path, e.g. file:/usr/share/NAME/VERSION`);
    return { kind: "file", path: path3 };
  }
  if (s.startsWith("rpm:")) {
    if (!allowRpm) at(v, `[product] ${key} = ${s}: rpm: is only for build_version; use file:PATH or a literal`);
    if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(s.slice(4))) at(v, `[product] ${key} = ${s}: rpm: needs a package name, e.g. rpm:acme-server`);
    return { kind: "rpm", package: s.slice(4) };
  }
  if (/^[a-z]+:\//.test(s)) at(v, `[product] ${key} = ${s}: unknown source; use file:PATH${allowRpm ? ", rpm:PACKAGE" : ""} or a literal`);
  return { kind: "literal", value: s };
}
function boolean(v, key, dflt, at) {
  if (!v) return dflt;
  const b = BOOLEANS[v.value.toLowerCase()];
  if (b === void 0) {
    at(v, `[product] ${key} = ${v.value}: use yes or no`);
    return dflt;
  }
  return b;
}
function seconds(v, what, dflt, at) {
  if (!v) return dflt;
  if (!/^\d+$/.test(v.value)) {
    at(v, `${what} = ${v.value}: use a whole number of seconds (0 = no limit)`);
    return dflt;
  }
  return Number(v.value);
}
function configuredTest(v, at) {
  if (!v) return void 0;
  if (v.value.startsWith("file:/")) return { kind: "file", path: v.value.slice(5) };
  const m = /^state:([^:]+):([^=]+)=(.*)$/.exec(v.value);
  if (m) return { kind: "state", section: m[1], key: m[2], value: m[3] };
  at(v, `[product] configured_if = ${v.value}: use file:/PATH or state:SECTION:KEY=VALUE (e.g. state:installation:complete=True)`);
  return void 0;
}
function parsePhases(section, at) {
  const phases = DEFAULT_PHASES.map((p) => ({ ...p }));
  if (!section) return phases;
  for (const phase of phases) {
    const v = section.keys.get(phase.name);
    if (!v) continue;
    const m = /^(\d{4})\s*-\s*(\d{4})$/.exec(v.value);
    if (!m || Number(m[1]) > Number(m[2])) {
      at(v, `[phases] ${phase.name} = ${v.value}: use a range of 4-digit script numbers, e.g. ${phase.name} = 3000-5999`);
      continue;
    }
    phase.from = Number(m[1]);
    phase.to = Number(m[2]);
  }
  const sorted = [...phases].sort((a, b) => a.from - b.from);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1];
    const b = sorted[i];
    if (b.from <= a.to) {
      at(section.keys.get(b.name) ?? section.keys.get(a.name) ?? section, `[phases] ${a.name} (${fmt(a)}) and ${b.name} (${fmt(b)}) overlap; give each script number to exactly one phase`);
    }
  }
  const order = ["offline", "backend", "online"];
  if (problemsFree(sorted) && sorted.map((p) => p.name).join() !== order.join()) {
    at(section, `[phases] must keep their order offline < backend < online (services are started between them)`);
  }
  return phases;
}
var fmt = (p) => `${String(p.from).padStart(4, "0")}-${String(p.to).padStart(4, "0")}`;
var problemsFree = (sorted) => sorted.every((p, i) => i === 0 || p.from > sorted[i - 1].to);
function parseService(name, section, at) {
  checkKeys(section, SERVICE_KEYS, at);
  const get = (k) => {
    const v = section.keys.get(k);
    return v && v.value !== "" ? v : void 0;
  };
  const roleV = get("role");
  let role = "backend";
  if (!roleV) at(section, `[${section.name}] role is required: role = backend or role = app`);
  else if (roleV.value === "backend" || roleV.value === "app") role = roleV.value;
  else at(roleV, `[${section.name}] role = ${roleV.value}: use backend or app`);
  const unit = get("unit")?.value;
  const start = get("start")?.value;
  const stop = get("stop")?.value;
  if (unit && (start || stop)) at(section, `[${section.name}] has both unit and start/stop commands; use one of them`);
  if (!unit && (!start || !stop)) at(section, `[${section.name}] needs unit = NAME.service, or both start = COMMAND and stop = COMMAND`);
  const readyV = get("ready");
  const ready = readyV ? parseProbe(readyV, section.name, Boolean(unit), at) : void 0;
  const readyTimeoutSec = seconds(get("ready_timeout"), `[${section.name}] ready_timeout`, 300, at);
  return { name, role, unit, start, stop, ready, readyTimeoutSec };
}
function parseProbe(v, section, hasUnit, at) {
  const s = v.value;
  const tcp = /^tcp:(.+):(\d{1,5})$/.exec(s);
  if (tcp) {
    const port = Number(tcp[2]);
    if (port < 1 || port > 65535) at(v, `[${section}] ready = ${s}: port must be 1-65535`);
    return { kind: "tcp", host: tcp[1].replace(/^\[(.*)\]$/, "$1"), port };
  }
  if (/^https?:\/\/\S+$/.test(s)) return { kind: "http", url: s };
  if (s.startsWith("exec:") && s.length > 5) return { kind: "exec", command: s.slice(5) };
  if (s === "unit") {
    if (!hasUnit) at(v, `[${section}] ready = unit needs unit = NAME.service`);
    return { kind: "unit" };
  }
  at(v, `[${section}] ready = ${s}: unknown probe; use tcp:HOST:PORT, http(s)://URL, exec:COMMAND or unit`);
  return void 0;
}

// src/product/load.ts
var DEFAULT_SEARCH_PATH = ["/usr/lib/upgrade-hook/products.d", "/etc/upgrade-hook/products.d"];
var NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.@+-]*$/;
function searchPath(env) {
  const custom = env.UPGRADE_HOOK_CONFIG_PATH;
  return custom ? custom.split(":").filter(Boolean) : DEFAULT_SEARCH_PATH;
}
function descriptorFiles(ref, env) {
  if (ref.includes("/")) {
    if (!isFile(ref)) throw new UpgradeHookError("DESCRIPTOR_NOT_FOUND", `descriptor file ${ref} does not exist or is not a file`);
    return { name: (0, import_node_path2.basename)(ref).replace(/\.conf$/, ""), files: [ref] };
  }
  if (!NAME_PATTERN.test(ref)) {
    throw new UpgradeHookError("USAGE", `invalid product name "${ref}": use letters, digits and . _ - @ +, or a path to a descriptor file`);
  }
  const dirs = searchPath(env);
  const files = dirs.map((d) => (0, import_node_path2.join)(d, `${ref}.conf`)).filter(isFile);
  if (files.length === 0) {
    throw new UpgradeHookError("DESCRIPTOR_NOT_FOUND", `unknown product "${ref}": no ${ref}.conf in ${dirs.join(" or ")}`, {
      hint: "check the name (upgrade-hook status lists nothing for unknown products), or pass the path to its descriptor file"
    });
  }
  return { name: ref, files };
}
function loadDescriptor(ref, env) {
  const { name, files } = descriptorFiles(ref, env);
  let raw;
  for (const file of files) {
    const layer = readRawDescriptor(name, file);
    raw = raw ? overlay(raw, layer) : layer;
  }
  const result = validateDescriptor(raw);
  if (!result.ok) {
    const lines = result.problems.map((p) => `${p.file} line ${p.line}: ${p.message}`);
    throw new UpgradeHookError("DESCRIPTOR_INVALID", lines.join("\n"), { hint: `fix the descriptor, then check it with: upgrade-hook plan ${ref}` });
  }
  return result.descriptor;
}
function readRawDescriptor(name, file) {
  let buf;
  try {
    buf = (0, import_node_fs2.readFileSync)(file);
  } catch (e) {
    throw new UpgradeHookError("DESCRIPTOR_NOT_FOUND", `cannot read descriptor ${file}: ${e.message}`, { cause: e });
  }
  const doc = parseIniBuffer(buf, file, "DESCRIPTOR_INVALID");
  const sections = /* @__PURE__ */ new Map();
  for (const section of doc.sections()) {
    const keys = new Map(doc.entries(section).map((e) => [e.key, { value: e.value, file, line: e.line }]));
    sections.set(section, { name: section, file, line: Math.max(1, (doc.entries(section)[0]?.line ?? 2) - 1), keys });
  }
  return { name, sources: [file], sections };
}
function isFile(path3) {
  try {
    return (0, import_node_fs2.statSync)(path3).isFile();
  } catch {
    return false;
  }
}
function listProducts(env, readdir) {
  const names = /* @__PURE__ */ new Set();
  for (const dir of searchPath(env)) {
    let entries = [];
    try {
      entries = readdir(dir);
    } catch {
      continue;
    }
    for (const e of entries) if (e.endsWith(".conf") && NAME_PATTERN.test(e.slice(0, -5))) names.add(e.slice(0, -5));
  }
  return [...names].sort();
}

// src/run/marker.ts
var import_node_fs4 = require("node:fs");

// src/state/atomic-file.ts
var import_node_fs3 = __toESM(require("node:fs"), 1);
var import_node_path3 = __toESM(require("node:path"), 1);
var import_node_crypto = require("node:crypto");
var { O_CREAT, O_EXCL, O_NOFOLLOW, O_WRONLY, O_APPEND, O_NONBLOCK, O_RDONLY, O_DIRECTORY } = import_node_fs3.default.constants;
function advice(e) {
  const code = e?.code;
  if (code === "ENOSPC" || code === "EDQUOT") return "free space and rerun";
  if (code === "EACCES" || code === "EPERM") return "run as root or fix the permissions, then rerun";
  if (code === "EROFS") return "remount the file system read-write and rerun";
  return "fix the cause and rerun";
}
function ioError(code, verb, file, e) {
  return new UpgradeHookError(code, `cannot ${verb} ${file}: ${describeSystemError(e)}; ${advice(e)}`, { cause: e });
}
function refuseSymlink(file) {
  return new UpgradeHookError("UNSAFE_PATH", `refusing to write ${file}: it is a symbolic link; replace it with a regular file`);
}
function lstatIfExists(file) {
  try {
    return import_node_fs3.default.lstatSync(file);
  } catch (e) {
    if (e.code === "ENOENT") return void 0;
    throw e;
  }
}
function writeAll(fd, data) {
  for (let done = 0; done < data.length; ) done += import_node_fs3.default.writeSync(fd, data, done, data.length - done);
}
function fsyncDirectory(dir) {
  const fd = import_node_fs3.default.openSync(dir, O_RDONLY | O_DIRECTORY);
  try {
    import_node_fs3.default.fsyncSync(fd);
  } catch (e) {
    if (e.code !== "EINVAL") throw e;
  } finally {
    import_node_fs3.default.closeSync(fd);
  }
}
function writeFileAtomic(file, data, opts = {}) {
  const code = opts.code ?? "STATE_IO";
  const dir = import_node_path3.default.dirname(file);
  const temp = import_node_path3.default.join(dir, `.${import_node_path3.default.basename(file)}.tmp-${process.pid}-${(0, import_node_crypto.randomBytes)(4).toString("hex")}`);
  let fd;
  let tempCreated = false;
  try {
    const old = lstatIfExists(file);
    if (old?.isSymbolicLink()) throw refuseSymlink(file);
    fd = import_node_fs3.default.openSync(temp, O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY, 384);
    tempCreated = true;
    writeAll(fd, typeof data === "string" ? Buffer.from(data, "utf8") : data);
    const mine = import_node_fs3.default.fstatSync(fd);
    if (old && (old.uid !== mine.uid || old.gid !== mine.gid)) import_node_fs3.default.fchownSync(fd, old.uid, old.gid);
    import_node_fs3.default.fchmodSync(fd, old ? old.mode & 4095 : opts.mode ?? 420);
    import_node_fs3.default.fsyncSync(fd);
    import_node_fs3.default.closeSync(fd);
    fd = void 0;
    import_node_fs3.default.renameSync(temp, file);
    tempCreated = false;
    fsyncDirectory(dir);
  } catch (e) {
    if (fd !== void 0) import_node_fs3.default.closeSync(fd);
    if (tempCreated) import_node_fs3.default.rmSync(temp, { force: true });
    if (e instanceof UpgradeHookError) throw e;
    throw ioError(code, "write", file, e);
  }
}
function readFileIfExists(file, code = "STATE_IO") {
  try {
    return import_node_fs3.default.readFileSync(file);
  } catch (e) {
    if (e.code === "ENOENT") return void 0;
    throw ioError(code, "read", file, e);
  }
}
function openAppendLog(file, mode = 384, code = "STATE_IO") {
  let fd;
  let created = false;
  try {
    try {
      fd = import_node_fs3.default.openSync(file, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK, mode);
      created = true;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
      fd = import_node_fs3.default.openSync(file, O_WRONLY | O_APPEND | O_NOFOLLOW | O_NONBLOCK);
    }
  } catch (e) {
    if (e.code === "ELOOP") throw refuseSymlink(file);
    throw ioError(code, "open", file, e);
  }
  try {
    if (!import_node_fs3.default.fstatSync(fd).isFile()) {
      throw new UpgradeHookError("UNSAFE_PATH", `refusing to write ${file}: it is not a regular file; remove it`);
    }
    if (created) {
      import_node_fs3.default.fchmodSync(fd, mode);
      import_node_fs3.default.fsyncSync(fd);
      fsyncDirectory(import_node_path3.default.dirname(file));
    }
  } catch (e) {
    import_node_fs3.default.closeSync(fd);
    if (e instanceof UpgradeHookError) throw e;
    throw ioError(code, "create", file, e);
  }
  let open = true;
  return {
    append(line2) {
      if (!open) throw new UpgradeHookError(code, `cannot append to ${file}: it was already closed (a bug)`);
      try {
        writeAll(fd, Buffer.from(line2.endsWith("\n") ? line2 : `${line2}
`, "utf8"));
        import_node_fs3.default.fdatasyncSync(fd);
      } catch (e) {
        throw ioError(code, "append to", file, e);
      }
    },
    close() {
      if (open) import_node_fs3.default.closeSync(fd);
      open = false;
    }
  };
}

// src/run/marker.ts
function readMarker(path3) {
  let text;
  try {
    text = (0, import_node_fs4.readFileSync)(path3, "utf8");
  } catch (e) {
    if (e.code === "ENOENT") return void 0;
    throw new UpgradeHookError("IO", `cannot read marker ${path3}: ${describeSystemError(e)}`, { cause: e });
  }
  try {
    const m = JSON.parse(text);
    if (typeof m.state === "string" && typeof m.reason === "string") return m;
  } catch {
  }
  return { state: "failed", reason: "unreadable-marker", detail: `marker ${path3} is unreadable; treating the upgrade as pending`, since: "", from: void 0, to: void 0 };
}
function writeMarker(path3, marker) {
  writeFileAtomic(path3, `${JSON.stringify(marker, null, 2)}
`, { mode: 420 });
}
function removeMarker(path3) {
  try {
    (0, import_node_fs4.unlinkSync)(path3);
  } catch (e) {
    if (e.code !== "ENOENT") {
      throw new UpgradeHookError("IO", `cannot remove marker ${path3}: ${describeSystemError(e)}`, { cause: e });
    }
  }
}

// src/run/paths.ts
var import_node_path4 = require("node:path");
function productPaths(d) {
  return { varDir: d.varDir, history: (0, import_node_path4.join)(d.varDir, "history.jsonl"), marker: (0, import_node_path4.join)(d.varDir, "marker") };
}
function ensureVarDir(dir, euid) {
  ensureSafeDirectory(dir, euid, 493, "state directory");
}

// src/run/upgrade.ts
var import_node_fs14 = require("node:fs");
var import_node_path9 = require("node:path");
var import_node_os2 = require("node:os");
var import_node_path10 = require("node:path");

// src/log/progress.ts
var QUIET_MS = 2e3;
function startProgress(terminal, describe2) {
  const started = Date.now();
  const every = terminal.live ? 1e3 : 1e4;
  let shown = false;
  const tick = () => {
    terminal.progress(describe2(Math.round((Date.now() - started) / 1e3)));
    shown = true;
  };
  let interval;
  const first = setTimeout(() => {
    tick();
    interval = setInterval(tick, every);
  }, QUIET_MS);
  return {
    stop() {
      clearTimeout(first);
      if (interval) clearInterval(interval);
      if (shown) terminal.progressDone();
    }
  };
}

// src/plan/checksum.ts
var import_node_crypto2 = require("node:crypto");
var import_node_fs5 = require("node:fs");
function fileChecksum(path3) {
  return `sha256:${(0, import_node_crypto2.createHash)("sha256").update((0, import_node_fs5.readFileSync)(path3)).digest("hex")}`;
}

// src/version/invalid.ts
function describeInvalid(scheme, value, origin, problem, hint) {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  const where = origin === void 0 || origin === "" ? "" : ` in ${origin}`;
  return `invalid ${scheme} version ${JSON.stringify(shown)}${where}: ${problem} (${hint})`;
}
var CHAR_NAMES = {
  " ": "space",
  "	": "tab",
  "\n": "newline",
  "\r": "carriage return"
};
function describeBlankOrControl(value) {
  for (const ch of value) {
    const named = CHAR_NAMES[ch];
    if (named !== void 0) return `${named} is not allowed`;
    const code = ch.codePointAt(0) ?? 0;
    if (code < 32 || code >= 127 && code < 160) return `control character ${codePoint(ch)} is not allowed`;
    if (/\s/u.test(ch)) return `whitespace ${codePoint(ch)} is not allowed`;
  }
  return void 0;
}
function codePoint(ch) {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

// src/version/rpmvercmp.ts
var isDigit = (c) => c >= 48 && c <= 57;
var isAlpha = (c) => c >= 65 && c <= 90 || c >= 97 && c <= 122;
var isAlnum = (c) => isDigit(c) || isAlpha(c);
var TILDE = 126;
var CARET = 94;
var ZERO = 48;
var END = 0;
function cString(s) {
  const nul = s.indexOf("\0");
  return nul === -1 ? s : s.slice(0, nul);
}
function rpmvercmp(aIn, bIn) {
  const a = cString(aIn);
  const b = cString(bIn);
  if (a === b) return 0;
  const at = (i) => i < a.length ? a.charCodeAt(i) : END;
  const bt = (i) => i < b.length ? b.charCodeAt(i) : END;
  let one = 0;
  let two = 0;
  while (at(one) !== END || bt(two) !== END) {
    while (at(one) !== END && !isAlnum(at(one)) && at(one) !== TILDE && at(one) !== CARET) one++;
    while (bt(two) !== END && !isAlnum(bt(two)) && bt(two) !== TILDE && bt(two) !== CARET) two++;
    if (at(one) === TILDE || bt(two) === TILDE) {
      if (at(one) !== TILDE) return 1;
      if (bt(two) !== TILDE) return -1;
      one++;
      two++;
      continue;
    }
    if (at(one) === CARET || bt(two) === CARET) {
      if (at(one) === END) return -1;
      if (bt(two) === END) return 1;
      if (at(one) !== CARET) return 1;
      if (bt(two) !== CARET) return -1;
      one++;
      two++;
      continue;
    }
    if (at(one) === END || bt(two) === END) break;
    const isNum = isDigit(at(one));
    const inSegment = isNum ? isDigit : isAlpha;
    let end1 = one;
    let end2 = two;
    while (end1 < a.length && inSegment(a.charCodeAt(end1))) end1++;
    while (end2 < b.length && inSegment(b.charCodeAt(end2))) end2++;
    if (end2 === two) return isNum ? 1 : -1;
    if (isNum) {
      while (one < end1 && a.charCodeAt(one) === ZERO) one++;
      while (two < end2 && b.charCodeAt(two) === ZERO) two++;
      const len1 = end1 - one;
      const len2 = end2 - two;
      if (len1 > len2) return 1;
      if (len2 > len1) return -1;
    }
    const seg1 = a.slice(one, end1);
    const seg2 = b.slice(two, end2);
    if (seg1 !== seg2) return seg1 < seg2 ? -1 : 1;
    one = end1;
    two = end2;
  }
  if (at(one) === END && bt(two) === END) return 0;
  return at(one) === END ? -1 : 1;
}

// src/version/evr.ts
var FORMAT_HINT = "use epoch:version-release, e.g. 1:2.3-4";
var ALLOWED_CHARS = 'letters, digits and . _ + ~ ^ (plus one ":" after the epoch and one "-" before the release)';
function parseEvr(value, origin) {
  const fail = (problem) => {
    throw new UpgradeHookError("VERSION_INVALID", describeInvalid("rpm", value, origin, problem, FORMAT_HINT));
  };
  if (value === "") fail("the value is empty");
  const badChar = firstForbiddenChar(value);
  if (badChar !== void 0) fail(badChar);
  const colons = value.split(":").length - 1;
  if (colons > 1) fail(`it has ${colons} ":" but only one is allowed, after the epoch`);
  let epoch = "0";
  let rest = value;
  if (colons === 1) {
    const [rawEpoch = "", afterColon = ""] = value.split(":");
    if (rawEpoch === "") fail('the epoch before ":" is empty');
    if (rawEpoch.startsWith("-")) fail(`the epoch "${rawEpoch}" is negative`);
    if (!/^[0-9]+$/.test(rawEpoch)) fail(`the epoch "${rawEpoch}" is not a number`);
    epoch = rawEpoch.replace(/^0+(?=.)/, "");
    rest = afterColon;
  }
  const dashes = rest.split("-").length - 1;
  if (dashes > 1) fail(`it has ${dashes} "-" but rpm allows "-" only once, between version and release`);
  const cut = rest.lastIndexOf("-");
  const version = cut === -1 ? rest : rest.slice(0, cut);
  const release = cut === -1 ? void 0 : rest.slice(cut + 1);
  if (version === "") fail(colons === 1 ? 'the version after ":" is empty' : "the version is empty");
  if (release === "") fail('the release after "-" is empty');
  return { epoch, version, release };
}
function compareEvr(a, b) {
  const byEpoch = rpmvercmp(a.epoch, b.epoch);
  if (byEpoch !== 0) return byEpoch;
  const byVersion = rpmvercmp(a.version, b.version);
  if (byVersion !== 0) return byVersion;
  if (a.release === void 0 || b.release === void 0) {
    if (a.release === b.release) return 0;
    return a.release === void 0 ? -1 : 1;
  }
  return rpmvercmp(a.release, b.release);
}
function firstForbiddenChar(value) {
  if (/^[A-Za-z0-9._+~^:-]*$/.test(value)) return void 0;
  const blank = describeBlankOrControl(value);
  if (blank !== void 0) return blank;
  for (const ch of value) {
    if (/^[A-Za-z0-9._+~^:-]$/.test(ch)) continue;
    const what = ch.charCodeAt(0) > 127 ? `non-ASCII character "${ch}" (${codePoint(ch)})` : `character "${ch}"`;
    return `${what} is not allowed; rpm versions allow ${ALLOWED_CHARS}`;
  }
  return void 0;
}

// src/version/semver-scheme.ts
var import_semver = __toESM(require_semver2(), 1);
var SEMVER_HINT = "use MAJOR.MINOR.PATCH[-prerelease][+build], e.g. 2.3.4 or 2.3.4-rc.1";
function validateSemver(value, origin) {
  const fail = (problem) => {
    throw new UpgradeHookError("VERSION_INVALID", describeInvalid("semver", value, origin, problem, SEMVER_HINT));
  };
  if (value === "") fail("the value is empty");
  const blank = describeBlankOrControl(value);
  if (blank !== void 0) fail(blank);
  if (import_semver.default.valid(value, { loose: false }) === null) fail("it is not a semantic version");
}
function compareSemver(a, b) {
  validateSemver(a);
  validateSemver(b);
  return import_semver.default.compare(a, b, { loose: false });
}

// src/version/index.ts
var VERSION_SCHEMES = ["rpm", "semver"];
function isVersionScheme(value) {
  return VERSION_SCHEMES.includes(value);
}
function compareVersions(scheme, a, b) {
  switch (scheme) {
    case "rpm":
      return compareEvr(parseEvr(a), parseEvr(b));
    case "semver":
      return compareSemver(a, b);
    default:
      throw unknownScheme(scheme);
  }
}
function validateVersion(scheme, value, origin) {
  switch (scheme) {
    case "rpm":
      parseEvr(value, origin);
      return;
    case "semver":
      validateSemver(value, origin);
      return;
    default:
      throw unknownScheme(scheme);
  }
}
function unknownScheme(scheme) {
  return new UpgradeHookError(
    "DESCRIPTOR_INVALID",
    `unknown version scheme ${JSON.stringify(scheme)} (use one of: ${VERSION_SCHEMES.join(", ")})`
  );
}

// src/plan/decide.ts
function decide(i) {
  if (i.dataVersion === void 0) {
    return { kind: "not-configured", message: "not configured yet (no data version stored): nothing to upgrade" };
  }
  let refusal;
  if (i.buildPlatform !== void 0 && i.dataPlatform !== void 0 && i.dataPlatform !== i.buildPlatform) {
    refusal = { reason: "platform", message: `platform changed: data was upgraded on "${i.dataPlatform}", this build is for "${i.buildPlatform}"; moving data between platforms is not supported` };
  }
  const order = compareVersions(i.scheme, i.dataVersion, i.buildVersion);
  if (!refusal && order > 0) {
    refusal = { reason: "downgrade", message: `data version ${i.dataVersion} is newer than the installed build ${i.buildVersion} (a downgrade); install ${i.dataVersion} or newer` };
  }
  if (refusal) {
    if (!i.skipVersionCheck) return { kind: "refuse", ...refusal };
    return { kind: "needed", message: `upgrade forced by --skip-version-check although ${refusal.message}`, overridden: refusal.message };
  }
  if (order < 0) {
    const from = i.adopted ? `assumed data version ${i.dataVersion} (installed before upgrade-hook)` : `data version ${i.dataVersion}`;
    return { kind: "needed", message: `upgrade needed: ${from} is older than build ${i.buildVersion}`, overridden: void 0 };
  }
  if (i.marker) {
    return { kind: "needed", message: `upgrade needed: an earlier upgrade is pending (${i.marker.state}: ${i.marker.reason})`, overridden: void 0 };
  }
  if (i.buildPlatform !== void 0 && i.dataPlatform === void 0) {
    return { kind: "needed", message: `upgrade needed: no platform recorded yet (it will be recorded as ${i.buildPlatform})`, overridden: void 0 };
  }
  return { kind: "up-to-date", message: `up to date (${i.buildVersion})` };
}
function exitStatusOf(d) {
  switch (d.kind) {
    case "not-configured":
      return EXIT.notConfigured;
    case "refuse":
      return EXIT.refused;
    case "needed":
      return EXIT.needed;
    case "up-to-date":
      return EXIT.ok;
  }
}

// src/plan/discover.ts
var import_node_fs6 = require("node:fs");
var import_node_path5 = require("node:path");

// src/plan/script.ts
var SCRIPT_KINDS = ["always", "once", "cleanup"];
var NAME = /^(\d{4})_[^/\s]+$/;
var LEFTOVER = [/~$/, /^\./, /\.rpm(new|save|orig)$/, /\.py[co]$/, /^__pycache__$/, /\.sw[po]$/, /\.dpkg-(old|new|dist)$/];
function classifyName(entry) {
  if (LEFTOVER.some((re) => re.test(entry))) return { kind: "ignored", why: "editor or package leftover" };
  if (!/^\d/.test(entry)) return { kind: "ignored", why: "not a script name (does not start with a digit)" };
  const m = NAME.exec(entry);
  if (!m) return { kind: "bad", why: "starts with a digit but is not NNNN_name (4 digits, then _, then a name): rename it, or a step would be skipped" };
  const number = Number(m[1]);
  if (number === 0) return { kind: "bad", why: "script numbers start at 0001" };
  return { kind: "script", number };
}
function compareScripts(a, b) {
  return a.number - b.number || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || SCRIPT_KINDS.indexOf(a.kind) - SCRIPT_KINDS.indexOf(b.kind);
}

// src/plan/discover.ts
var HEADER_BYTES = 1024;
function discoverScripts(scriptsDir, adminDir, trustedUids) {
  const out = { scripts: [], ignored: [], masked: [], problems: [] };
  const byKey = /* @__PURE__ */ new Map();
  const roots = [[scriptsDir, "package"]];
  if (adminDir) roots.push([adminDir, "admin"]);
  for (const [root, origin] of roots) {
    if (!checkDirectory(root, trustedUids, out, origin === "package")) continue;
    for (const kind of SCRIPT_KINDS) {
      const dir = (0, import_node_path5.join)(root, kind);
      if (!checkDirectory(dir, trustedUids, out, false)) continue;
      for (const entry of (0, import_node_fs6.readdirSync)(dir).sort()) {
        const path3 = (0, import_node_path5.join)(dir, entry);
        const c = classifyName(entry);
        if (c.kind === "ignored") {
          out.ignored.push({ path: path3, why: c.why });
          continue;
        }
        if (c.kind === "bad") {
          out.problems.push({ path: path3, why: c.why });
          continue;
        }
        const key = `${kind}/${entry}`;
        if (origin === "admin" && isMask(path3)) {
          byKey.delete(key);
          out.masked.push({ name: entry, kind, path: path3 });
          continue;
        }
        const inspected = inspectScript(path3, trustedUids);
        if ("problem" in inspected) {
          out.problems.push({ path: path3, why: inspected.problem });
          continue;
        }
        byKey.set(key, { name: entry, number: c.number, kind, path: path3, origin, timeoutSec: inspected.timeoutSec });
      }
    }
  }
  out.scripts = [...byKey.values()].sort(compareScripts);
  return out;
}
function checkDirectory(dir, trustedUids, out, required) {
  let st;
  try {
    st = (0, import_node_fs6.statSync)(dir);
  } catch {
    if (required) out.problems.push({ path: dir, why: 'scripts directory does not exist; create it or fix "scripts" in the descriptor' });
    return false;
  }
  if (!st.isDirectory()) {
    out.problems.push({ path: dir, why: "is not a directory" });
    return false;
  }
  const why = ownershipProblem(st.uid, st.mode, trustedUids, "directory");
  if (why) {
    out.problems.push({ path: dir, why });
    return false;
  }
  return true;
}
function isMask(path3) {
  try {
    const l = (0, import_node_fs6.lstatSync)(path3);
    if (l.isSymbolicLink()) return (0, import_node_fs6.statSync)(path3).isCharacterDevice() && (0, import_node_fs6.statSync)(path3).rdev === (0, import_node_fs6.statSync)("/dev/null").rdev;
    return false;
  } catch {
    return false;
  }
}
function ownershipProblem(uid, mode, trustedUids, what) {
  if (uid !== 0 && !trustedUids.includes(uid)) return `${what} is owned by uid ${uid}, not root: chown root it`;
  if (mode & 18) return `${what} is writable by ${mode & 2 ? "anyone" : "its group"}: chmod go-w it`;
  return void 0;
}
var TIMEOUT_LINE = /^#\s*upgrade-hook-timeout:\s*(\d+)\s*$/m;
function inspectScript(path3, trustedUids) {
  let fd;
  try {
    fd = (0, import_node_fs6.openSync)(path3, import_node_fs6.constants.O_RDONLY | import_node_fs6.constants.O_NONBLOCK);
  } catch (e) {
    return { problem: `cannot be read (${e.code}): a dangling link or wrong permissions` };
  }
  try {
    const st = (0, import_node_fs6.fstatSync)(fd);
    if (!st.isFile()) return { problem: "is not a regular file" };
    const own = ownershipProblem(st.uid, st.mode, trustedUids, "script");
    if (own) return { problem: own };
    if (!(st.mode & 64)) return { problem: "is not executable: chmod 0755 it" };
    const head = Buffer.alloc(HEADER_BYTES);
    const n = (0, import_node_fs6.readSync)(fd, head, 0, HEADER_BYTES, 0);
    if (n < 2 || head[0] !== 35 || head[1] !== 33) return { problem: 'has no "#!" header on its first line: add one, e.g. #!/bin/sh' };
    const m = TIMEOUT_LINE.exec(head.subarray(0, n).toString("utf8"));
    return { timeoutSec: m ? Number(m[1]) : void 0 };
  } finally {
    (0, import_node_fs6.closeSync)(fd);
  }
}

// src/plan/planner.ts
function phaseOf(number, phases) {
  return phases.find((p) => number >= p.from && number <= p.to)?.name;
}
function planUpgrade(i) {
  const plan2 = { steps: [], cleanup: [], changed: [], problems: [] };
  const order = new Map(i.phases.map((p, idx) => [p.name, idx]));
  for (const script of i.scripts) {
    const phase = script.kind === "cleanup" ? "cleanup" : phaseOf(script.number, i.phases);
    if (!phase) {
      plan2.problems.push({ path: script.path, why: `number ${script.number} is in no phase (${i.phases.map((p) => `${p.name} ${p.from}-${p.to}`).join(", ")}): renumber it or fix [phases]` });
      continue;
    }
    const step = { script, phase, ...decideStep(script, i, plan2) };
    (script.kind === "cleanup" ? plan2.cleanup : plan2.steps).push(step);
  }
  plan2.steps.sort((a, b) => order.get(a.phase) - order.get(b.phase) || a.script.number - b.script.number || (a.script.name < b.script.name ? -1 : 1));
  return plan2;
}
function decideStep(script, i, plan2) {
  if (script.kind === "cleanup") return { action: "run", why: "cleanup: runs after the phases, also when a script failed" };
  if (script.kind === "once") {
    const done = i.history.onceDone.get(script.name);
    if (!done) return { action: "run", why: "once: has not run yet" };
    const nowSum = i.checksum(script);
    if (nowSum !== done.sum) plan2.changed.push({ script, ranSum: done.sum, nowSum });
    return { action: "skip", why: done.baseline ? `once: done (baseline of ${done.at.slice(0, 10)})` : `once: done ${done.at}` };
  }
  const finishedTo = i.history.attemptDone.get(`always/${script.name}`);
  if (!i.force && finishedTo === i.target) return { action: "skip", why: "always: already finished in the interrupted attempt (resuming)" };
  return { action: "run", why: "always: runs on every upgrade" };
}

// src/product/stored-state.ts
var import_node_fs8 = require("node:fs");

// src/state/state-file.ts
var import_node_fs7 = __toESM(require("node:fs"), 1);
var import_node_path6 = __toESM(require("node:path"), 1);
function readStateFile(file) {
  const buf = readFileIfExists(file, "STATE_IO");
  return buf === void 0 ? void 0 : parseIniBuffer(buf, file, "STATE_CORRUPT");
}
function updateStateFile(file, mutate, opts = {}) {
  const doc = readStateFile(file) ?? parseIni("", file, "STATE_CORRUPT");
  const before = doc.toString();
  mutate(doc);
  const after = doc.toString();
  if (after === before) return { doc, changed: false };
  const dir = import_node_path6.default.dirname(file);
  try {
    import_node_fs7.default.mkdirSync(dir, { recursive: true, mode: opts.dirMode ?? 493 });
  } catch (e) {
    throw ioError("STATE_IO", "create the directory of", file, e);
  }
  writeFileAtomic(file, after, { mode: opts.mode ?? 384, code: "STATE_IO" });
  return { doc, changed: true };
}

// src/product/stored-state.ts
function readStoredState(d) {
  const doc = readStateFile(d.stateFile);
  const stored = doc?.get(d.stateSection, DATA_VERSION_KEY);
  const platform = doc?.get(d.stateSection, PLATFORM_KEY);
  if (stored !== void 0 && stored !== "") return { dataVersion: stored, platform: platform || void 0, adopted: false };
  const test = d.configuredIf;
  const configured = test?.kind === "file" ? (0, import_node_fs8.existsSync)(test.path) : test?.kind === "state" ? doc?.get(test.section, test.key) === test.value : false;
  return { dataVersion: configured ? d.assumeDataVersion : void 0, platform: platform || void 0, adopted: configured };
}
function writeStamp(d, version, platform) {
  updateStateFile(d.stateFile, (doc) => {
    doc.set(d.stateSection, DATA_VERSION_KEY, version);
    if (platform !== void 0) doc.set(d.stateSection, PLATFORM_KEY, platform);
  });
}

// src/run/history-file.ts
var import_node_fs9 = require("node:fs");
function readHistory(path3) {
  let text;
  try {
    text = (0, import_node_fs9.readFileSync)(path3, "utf8");
  } catch (e) {
    if (e.code === "ENOENT") return [];
    throw new UpgradeHookError("IO", `cannot read history ${path3}: ${describeSystemError(e)}`, { cause: e });
  }
  const lines = text.split("\n");
  lines.pop();
  const records = [];
  for (let i = 0; i < lines.length; i++) {
    const line2 = lines[i];
    if (line2 === "") continue;
    try {
      records.push(JSON.parse(line2));
    } catch {
      throw new UpgradeHookError("HISTORY_CORRUPT", `history ${path3} line ${i + 1} is not a JSON record`, {
        hint: `move the file aside (every once-script would run again) or delete that line, then rerun`
      });
    }
  }
  return records;
}
function openHistory(path3) {
  dropTornTail(path3);
  const log = openAppendLog(path3, 384);
  return {
    append: (record) => log.append(`${JSON.stringify(record)}
`),
    close: () => log.close()
  };
}
function dropTornTail(path3) {
  let fd;
  try {
    fd = (0, import_node_fs9.openSync)(path3, import_node_fs9.constants.O_RDWR | import_node_fs9.constants.O_NOFOLLOW);
  } catch (e) {
    const code = e.code;
    if (code === "ENOENT") return;
    if (code === "ELOOP") throw new UpgradeHookError("UNSAFE_PATH", `history ${path3} is a symbolic link: refusing to write through it; remove the link`);
    throw new UpgradeHookError("IO", `cannot open history ${path3}: ${describeSystemError(e)}`, { cause: e });
  }
  try {
    const size = (0, import_node_fs9.fstatSync)(fd).size;
    if (size === 0) return;
    const tailSize = Math.min(size, 65536);
    const tail = Buffer.alloc(tailSize);
    (0, import_node_fs9.readSync)(fd, tail, 0, tailSize, size - tailSize);
    if (tail[tailSize - 1] === 10) return;
    const lastNewline = tail.lastIndexOf(10);
    (0, import_node_fs9.ftruncateSync)(fd, lastNewline < 0 ? size - tailSize : size - tailSize + lastNewline + 1);
  } finally {
    (0, import_node_fs9.closeSync)(fd);
  }
}

// src/run/history-record.ts
function summarize(records) {
  const s = { onceDone: /* @__PURE__ */ new Map(), attemptDone: /* @__PURE__ */ new Map(), lastRun: void 0, interrupted: void 0, records: 0 };
  const started = /* @__PURE__ */ new Map();
  let target = "";
  for (const r of records) {
    s.records++;
    switch (r.t) {
      case "run-start":
        if (s.lastRun && s.lastRun.result === "running") s.lastRun.result = "interrupted";
        s.lastRun = { run: r.run, from: r.from, to: r.to, startedAt: r.at, endedAt: void 0, result: "running", failedScript: void 0, reason: void 0 };
        target = r.to;
        started.clear();
        s.interrupted = void 0;
        break;
      case "script-start":
        started.set(`${r.kind}/${r.script}`, { script: r.script, kind: r.kind, pid: r.pid, at: r.at });
        s.interrupted = { script: r.script, kind: r.kind, pid: r.pid, at: r.at };
        break;
      case "script-end":
        started.delete(`${r.kind}/${r.script}`);
        s.interrupted = void 0;
        if (r.result === "ok") {
          if (r.kind === "once") s.onceDone.set(r.script, { sum: r.sum, at: r.at, baseline: false });
          s.attemptDone.set(`${r.kind}/${r.script}`, target);
        } else if (s.lastRun) {
          s.lastRun.failedScript = r.script;
          s.lastRun.reason = r.reason;
        }
        break;
      case "run-end":
        if (s.lastRun && s.lastRun.run === r.run) {
          s.lastRun.endedAt = r.at;
          s.lastRun.result = r.result;
          if (r.failed) s.lastRun.failedScript = r.failed;
          if (r.reason) s.lastRun.reason = r.reason;
        }
        if (r.result === "ok") s.attemptDone.clear();
        break;
      case "baseline":
        s.onceDone.set(r.script, { sum: r.sum, at: r.at, baseline: true });
        break;
    }
  }
  return s;
}

// src/run/orphans.ts
var import_node_fs10 = require("node:fs");
function processesOfRun(runId) {
  const needle = `UPGRADE_HOOK_RUN=${runId}\0`;
  const found = [];
  for (const entry of (0, import_node_fs10.readdirSync)("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (`${(0, import_node_fs10.readFileSync)(`/proc/${entry}/environ`, "latin1")}\0`.includes(needle)) found.push(Number(entry));
    } catch {
    }
  }
  return found;
}

// src/run/script-step.ts
var import_node_fs12 = require("node:fs");
var import_node_path7 = require("node:path");

// src/run/spawn-script.ts
var import_node_child_process = require("node:child_process");
var import_node_readline = require("node:readline");

// src/run/process-tree.ts
var import_node_fs11 = require("node:fs");
function descendants(pid) {
  const out = [];
  const queue = [pid];
  while (queue.length > 0) {
    const p = queue.shift();
    let tasks = [];
    try {
      tasks = (0, import_node_fs11.readdirSync)(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      let children = "";
      try {
        children = (0, import_node_fs11.readFileSync)(`/proc/${p}/task/${t}/children`, "utf8");
      } catch {
        continue;
      }
      for (const c of children.split(" ")) {
        const n = Number(c);
        if (n > 0 && !out.includes(n)) {
          out.push(n);
          queue.push(n);
        }
      }
    }
  }
  return out;
}
function killTree(pid, signal) {
  for (const p of [pid, ...descendants(pid)]) {
    try {
      process.kill(p, signal);
    } catch {
    }
  }
}

// src/run/spawn-script.ts
var DRAIN_AFTER_EXIT_MS = 2e3;
var KILL_GRACE_MS = 1e4;
function spawnScript(o) {
  const started = Date.now();
  return new Promise((resolve3) => {
    const child = (0, import_node_child_process.spawn)(o.path, [], { cwd: o.cwd, env: o.env, stdio: ["ignore", "pipe", "pipe"] });
    let timedOut = false;
    let timer;
    let exited;
    let openStreams = 2;
    let done = false;
    const finish = (spawnError) => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve3({ exitCode: exited?.code ?? null, signal: exited?.signal ?? null, timedOut, spawnError, ms: Date.now() - started });
    };
    child.on("error", (e) => finish(e.message));
    for (const stream of ["stdout", "stderr"]) {
      const rl = (0, import_node_readline.createInterface)({ input: child[stream], crlfDelay: Infinity });
      rl.on("line", (line2) => o.onLine(stream, line2));
      rl.on("close", () => {
        openStreams--;
        if (openStreams === 0 && exited) finish();
      });
    }
    child.on("exit", (code, signal) => {
      exited = { code, signal };
      if (openStreams === 0) finish();
      else setTimeout(() => finish(), DRAIN_AFTER_EXIT_MS);
    });
    if (o.timeoutSec > 0) {
      timer = setTimeout(() => {
        timedOut = true;
        if (child.pid === void 0) return;
        killTree(child.pid, "SIGTERM");
        setTimeout(() => {
          if (!exited && child.pid !== void 0) killTree(child.pid, "SIGKILL");
        }, KILL_GRACE_MS).unref();
      }, o.timeoutSec * 1e3);
    }
  });
}

// src/run/script-step.ts
async function runStep(step, c) {
  const sum = c.checksum(step);
  const base = { run: c.run, script: step.script.name, kind: step.script.kind, phase: step.phase, sum };
  (0, import_node_fs12.rmSync)(c.restartFile, { force: true });
  const timeoutSec = step.script.timeoutSec ?? c.defaultTimeoutSec;
  c.history.append({ t: "script-start", at: (/* @__PURE__ */ new Date()).toISOString(), ...base });
  const outcome = await spawnScript({
    path: step.script.path,
    cwd: (0, import_node_path7.dirname)(step.script.path),
    env: c.env(step),
    timeoutSec,
    onLine: (stream, line2) => c.onLine(step, stream, line2)
  });
  const reason = failureReason(outcome, timeoutSec);
  c.history.append({
    t: "script-end",
    at: (/* @__PURE__ */ new Date()).toISOString(),
    ...base,
    result: reason ? "failed" : "ok",
    exit: outcome.exitCode,
    signal: outcome.signal,
    ms: outcome.ms,
    ...reason ? { reason } : {}
  });
  return { ok: !reason, reason, outcome, restartRequests: readRestartRequests(c.restartFile) };
}
function failureReason(o, timeoutSec) {
  if (o.spawnError) return `could not start: ${o.spawnError}`;
  if (o.timedOut) return `timed out after ${timeoutSec} s and was killed`;
  if (o.signal) return `killed by ${o.signal}`;
  if (o.exitCode !== 0) return `exited with status ${o.exitCode}`;
  return void 0;
}
function readRestartRequests(path3) {
  try {
    const names = (0, import_node_fs12.readFileSync)(path3, "utf8").split("\n").map((l) => l.trim()).filter(Boolean);
    (0, import_node_fs12.rmSync)(path3, { force: true });
    return [...new Set(names)];
  } catch {
    return [];
  }
}

// src/run/script-env.ts
var SCRIPT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
function scriptEnvironment(i) {
  const env = {
    PATH: `${i.toolDir}:${SCRIPT_PATH}`,
    UPGRADE_HOOK: i.tool,
    LANG: "C.UTF-8",
    LC_ALL: "C.UTF-8",
    HOME: i.home,
    TMPDIR: i.tmpdir,
    PYTHONDONTWRITEBYTECODE: "1",
    UPGRADE_HOOK_PRODUCT: i.product,
    UPGRADE_HOOK_FROM_VERSION: i.from,
    UPGRADE_HOOK_TO_VERSION: i.to,
    UPGRADE_HOOK_PHASE: i.phase,
    UPGRADE_HOOK_KIND: i.kind,
    UPGRADE_HOOK_STATE_FILE: i.stateFile,
    UPGRADE_HOOK_RESTART_FILE: i.restartFile,
    UPGRADE_HOOK_LOCK_TOKEN: i.lockToken,
    UPGRADE_HOOK_RUN: i.runId,
    ...i.passThrough
  };
  if (i.result) env.UPGRADE_HOOK_RESULT = i.result;
  return env;
}
function passThroughEnv(env) {
  const out = {};
  for (const k of ["UPGRADE_HOOK_CONFIG_PATH", "UPGRADE_HOOK_LOCK_DIR"]) if (env[k]) out[k] = env[k];
  return out;
}

// src/run/commands.ts
var import_node_child_process2 = require("node:child_process");
var import_node_fs13 = require("node:fs");
var import_node_os = require("node:os");
var import_node_path8 = require("node:path");
function runCommand(argv, env, timeoutSec = 0) {
  const dir = (0, import_node_fs13.mkdtempSync)((0, import_node_path8.join)((0, import_node_os.tmpdir)(), "upgrade-hook-cmd-"));
  const outPath = (0, import_node_path8.join)(dir, "output");
  const fd = (0, import_node_fs13.openSync)(outPath, "w+", 384);
  return new Promise((resolve3) => {
    let timedOut = false;
    const child = (0, import_node_child_process2.spawn)(argv[0], argv.slice(1), { env, stdio: ["ignore", fd, fd], cwd: "/" });
    (0, import_node_fs13.closeSync)(fd);
    const timer = timeoutSec > 0 ? setTimeout(() => {
      timedOut = true;
      if (child.pid) killTree(child.pid, "SIGKILL");
    }, timeoutSec * 1e3) : void 0;
    const finish = (exitCode, error) => {
      if (timer) clearTimeout(timer);
      let output = "";
      try {
        output = (0, import_node_fs13.readFileSync)(outPath, "utf8");
      } catch {
      }
      (0, import_node_fs13.rmSync)(dir, { recursive: true, force: true });
      resolve3({ exitCode, output: output.trimEnd(), timedOut, error });
    };
    child.on("error", (e) => finish(null, e.message));
    child.on("exit", (code) => finish(code, void 0));
  });
}
var shell = (command) => ["/bin/sh", "-c", command];

// src/run/readiness.ts
var import_node_net = require("node:net");
var ATTEMPT_TIMEOUT_MS = 3e3;
function describeProbe(p, s) {
  switch (p.kind) {
    case "tcp":
      return `tcp ${p.host}:${p.port}`;
    case "http":
      return p.url;
    case "exec":
      return `command "${p.command}"`;
    case "unit":
      return `systemctl is-active ${s.unit}`;
  }
}
async function probeOnce(p, s, env) {
  switch (p.kind) {
    case "tcp":
      return tcpAnswers(p.host, p.port);
    case "http":
      return httpAnswers(p.url);
    case "exec":
      return (await runCommand(shell(p.command), env, ATTEMPT_TIMEOUT_MS / 1e3 * 10)).exitCode === 0;
    case "unit":
      return (await runCommand(["systemctl", "is-active", "--quiet", s.unit ?? ""], env, 30)).exitCode === 0;
  }
}
function tcpAnswers(host, port) {
  return new Promise((resolve3) => {
    const socket = (0, import_node_net.connect)({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve3(ok);
    };
    socket.setTimeout(ATTEMPT_TIMEOUT_MS, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}
async function httpAnswers(url) {
  const mod = url.startsWith("https:") ? await import("node:https") : await import("node:http");
  return new Promise((resolve3) => {
    const req = mod.get(url, { timeout: ATTEMPT_TIMEOUT_MS, rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve3((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve3(false));
  });
}

// src/run/services.ts
var POLL_MS = 500;
var ServiceManager = class {
  constructor(o) {
    this.o = o;
  }
  o;
  async stop(s) {
    if (s.unit) {
      if (!await this.unitIsUp(s.unit)) return;
      this.o.out.log(`stopping ${s.name} (systemctl stop ${s.unit})`);
      this.check(s, "stop", await runCommand(["systemctl", "stop", s.unit], this.o.env));
      return;
    }
    if (s.ready && !await probeOnce(s.ready, s, this.o.env)) return;
    this.o.out.log(`stopping ${s.name}: ${s.stop}`);
    const r = await runCommand(shell(s.stop), this.o.env);
    if (r.exitCode !== 0 && s.ready && !await probeOnce(s.ready, s, this.o.env)) {
      this.o.out.log(`${s.name}: stop command exited ${r.exitCode} but the service is down: ${r.output}`);
      return;
    }
    this.check(s, "stop", r);
    await this.waitDown(s);
  }
  // A stop command may return before the daemon is gone: offline scripts must not run while it still answers.
  async waitDown(s) {
    if (!s.ready) return;
    const what = describeProbe(s.ready, s);
    const started = Date.now();
    const ticker = startProgress(this.o.out, (sec) => `waiting for ${s.name} to stop (${what}): ${sec} s of ${s.readyTimeoutSec} s`);
    try {
      while (await probeOnce(s.ready, s, this.o.env)) {
        if (Date.now() - started >= s.readyTimeoutSec * 1e3) {
          throw new UpgradeHookError("UPGRADE_FAILED", `${s.name} still answers (${what}) ${s.readyTimeoutSec} s after its stop command`, {
            hint: `stop ${s.name} by hand, or fix stop = in [service ${s.name}]`
          });
        }
        await this.o.sleep(POLL_MS / 5);
      }
    } finally {
      ticker.stop();
    }
  }
  async start(s) {
    if (s.unit) {
      this.o.out.log(`starting ${s.name} (systemctl start ${s.unit})`);
      const args = ["systemctl", "start", ...this.o.ignoreUnitOrdering ? ["--job-mode=ignore-dependencies"] : [], s.unit];
      this.check(s, "start", await runCommand(args, this.o.env));
    } else if (!(s.ready && await probeOnce(s.ready, s, this.o.env))) {
      this.o.out.log(`starting ${s.name}: ${s.start}`);
      this.check(s, "start", await runCommand(shell(s.start), this.o.env));
    }
    await this.waitReady(s);
  }
  async waitReady(s) {
    if (!s.ready) return;
    const what = describeProbe(s.ready, s);
    const started = Date.now();
    const ticker = startProgress(this.o.out, (sec) => `waiting for ${s.name} to be ready (${what}): ${sec} s of ${s.readyTimeoutSec} s`);
    try {
      while (!await probeOnce(s.ready, s, this.o.env)) {
        if (Date.now() - started >= s.readyTimeoutSec * 1e3) {
          throw new UpgradeHookError("UPGRADE_FAILED", `${s.name} did not become ready (${what}) within ${s.readyTimeoutSec} s`, {
            hint: `check why ${s.name} does not start${s.unit ? ` (journalctl -u ${s.unit})` : ""}, or raise ready_timeout in [service ${s.name}]`
          });
        }
        await this.o.sleep(POLL_MS);
      }
    } finally {
      ticker.stop();
    }
    const waited = Date.now() - started;
    this.o.out.log(`${s.name} is ready (${what}) after ${(waited / 1e3).toFixed(1)} s`, { service: s.name, ms: waited });
  }
  async unitIsUp(unit) {
    const r = await runCommand(["systemctl", "is-active", unit], this.o.env);
    return ["active", "activating", "reloading"].includes(r.output.trim());
  }
  check(s, action, r) {
    for (const line2 of r.output.split("\n").filter(Boolean)) this.o.out.log(`${s.name} ${action}: ${line2}`);
    if (r.exitCode === 0) return;
    const how = s.unit ? `systemctl ${action} ${s.unit}` : `${action} command "${action === "start" ? s.start : s.stop}"`;
    throw new UpgradeHookError("UPGRADE_FAILED", `cannot ${action} ${s.name}: ${how} ${r.error ? `failed: ${r.error}` : `exited ${r.exitCode}`}${r.output ? `: ${lastLine(r.output)}` : ""}`, {
      hint: s.unit ? `see journalctl -u ${s.unit}` : `run the ${action} command by hand to see why`
    });
  }
};
var lastLine = (s) => s.split("\n").filter(Boolean).pop() ?? "";

// src/run/upgrade.ts
async function runUpgrade(o) {
  const d = o.descriptor;
  const paths = productPaths(d);
  ensureVarDir(paths.varDir, o.euid);
  const stored = readStoredState(d);
  const marker = readMarker(paths.marker);
  const decision = decide({
    scheme: d.versionScheme,
    dataVersion: stored.dataVersion,
    dataPlatform: stored.platform,
    buildVersion: o.build.version,
    buildPlatform: o.build.platform,
    marker,
    skipVersionCheck: o.skipVersionCheck,
    adopted: stored.adopted
  });
  if (decision.kind === "not-configured") {
    o.terminal.say(`${d.name}: ${decision.message}`);
    return EXIT.notConfigured;
  }
  if (decision.kind === "refuse") {
    writeMarker(paths.marker, { state: "refused", reason: decision.reason, detail: decision.message, since: (/* @__PURE__ */ new Date()).toISOString(), from: stored.dataVersion, to: o.build.version });
    o.journal.error(`refused: ${decision.message}`);
    throw new UpgradeHookError("REFUSED", `${d.name}: refusing to upgrade: ${decision.message}`, { hint: "to override at your own risk: upgrade-hook run --skip-version-check " + d.name });
  }
  if (decision.kind === "up-to-date" && !o.force) {
    o.terminal.say(`${d.name}: ${decision.message}`);
    return EXIT.ok;
  }
  if (decision.kind === "needed" && decision.overridden) o.terminal.warn(decision.message);
  const from = stored.dataVersion;
  const history = summarize(readHistory(paths.history));
  const plan2 = buildPlan(d, history, o);
  refuseIfOrphansRemain(history.lastRun?.run, history.interrupted?.script);
  const runId = `${(/* @__PURE__ */ new Date()).toISOString().replace(/[-:.]/g, "").slice(0, 15)}-${process.pid}`;
  const writer = openHistory(paths.history);
  const tmp = (0, import_node_fs14.mkdtempSync)((0, import_node_path10.join)((0, import_node_os2.tmpdir)(), `upgrade-hook-${d.name}-`));
  try {
    writeMarker(paths.marker, { state: "failed", reason: "interrupted", detail: `the upgrade started at ${(/* @__PURE__ */ new Date()).toISOString()} did not finish`, since: (/* @__PURE__ */ new Date()).toISOString(), from, to: o.build.version });
    writer.append({ t: "run-start", run: runId, at: (/* @__PURE__ */ new Date()).toISOString(), from, to: o.build.version, pid: process.pid, ...o.force ? { force: true } : {} });
    o.journal.info(`upgrade ${d.name} ${from} -> ${o.build.version} started`, { run: runId, from, to: o.build.version });
    o.terminal.say(`${d.name}: upgrading data ${from} -> ${o.build.version}`);
    const toolDir = linkRunningTool(tmp);
    const failure = await executePlan(plan2, { o, runId, writer, tmp, from, toolDir, restartFile: (0, import_node_path10.join)(paths.varDir, "restart-request") });
    if (failure) {
      writer.append({ t: "run-end", run: runId, at: (/* @__PURE__ */ new Date()).toISOString(), result: "failed", failed: failure.script, reason: failure.reason });
      writeMarker(paths.marker, { state: "failed", reason: "script-failed", detail: `${failure.script} ${failure.reason}`, script: failure.script, since: (/* @__PURE__ */ new Date()).toISOString(), from, to: o.build.version });
      o.journal.error(`upgrade failed: ${failure.script} ${failure.reason}`, { run: runId, script: failure.script });
      throw new UpgradeHookError("UPGRADE_FAILED", `${d.name}: upgrade failed: ${failure.script} ${failure.reason}; log: ${d.logFile}`, { hint: `fix the cause, then rerun (it resumes at ${failure.script}): ${o.rerunCommand}` });
    }
    writeStamp(d, o.build.version, o.build.platform);
    writer.append({ t: "run-end", run: runId, at: (/* @__PURE__ */ new Date()).toISOString(), result: "ok" });
    removeMarker(paths.marker);
    o.journal.info(`upgrade ${d.name} ${from} -> ${o.build.version} done`, { run: runId });
    o.terminal.say(`${d.name}: data upgraded to ${o.build.version}`);
    return EXIT.ok;
  } finally {
    writer.close();
    (0, import_node_fs14.rmSync)(tmp, { recursive: true, force: true });
  }
}
function linkRunningTool(tmp) {
  const dir = (0, import_node_path10.join)(tmp, "bin");
  (0, import_node_fs14.mkdirSync)(dir, { mode: 493 });
  (0, import_node_fs14.symlinkSync)((0, import_node_path9.resolve)(process.argv[1] ?? "/usr/bin/upgrade-hook"), (0, import_node_path10.join)(dir, "upgrade-hook"));
  return dir;
}
function buildPlan(d, history, o) {
  const found = discoverScripts(d.scriptsDir, d.adminScriptsDir, [o.euid]);
  const plan2 = planUpgrade({ scripts: found.scripts, phases: d.phases, history, target: o.build.version, force: o.force, checksum: (s) => fileChecksum(s.path) });
  const problems = [...found.problems, ...plan2.problems];
  if (problems.length > 0) {
    throw new UpgradeHookError("SCRIPT_INVALID", problems.map((p) => `${p.path}: ${p.why}`).join("\n"), { hint: `nothing was run; fix the scripts, check with: upgrade-hook plan ${d.name}` });
  }
  for (const c of plan2.changed) o.terminal.warn(`${c.script.path} changed after it ran (once-scripts are not rerun)`);
  return plan2;
}
function refuseIfOrphansRemain(lastRun, script) {
  if (!lastRun || !script) return;
  const pids = processesOfRun(lastRun);
  if (pids.length > 0) {
    throw new UpgradeHookError("STALE_SCRIPT_RUNNING", `${script} of the interrupted upgrade is still running (pid ${pids.join(", ")})`, { hint: `wait for it to end or kill it (kill ${pids.join(" ")}), then rerun` });
  }
}
async function executePlan(plan2, x) {
  const { o } = x;
  const d = o.descriptor;
  const toRun = plan2.steps.filter((s) => s.action === "run");
  for (const s of plan2.steps) if (s.action === "skip") o.terminal.detail(`skip ${s.script.kind}/${s.script.name}: ${s.why}`);
  const services = new ServiceManager({
    env: { PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C.UTF-8" },
    ignoreUnitOrdering: o.ignoreUnitOrdering,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    out: {
      progress: (l) => o.terminal.progress(l),
      progressDone: () => o.terminal.progressDone(),
      live: o.terminal.live,
      log: (l, f) => {
        o.journal.info(l, f);
        o.terminal.detail(l);
      }
    }
  });
  const touchServices = toRun.length > 0 || plan2.cleanup.length > 0;
  const up = /* @__PURE__ */ new Set();
  const bringUp = async (roles) => {
    for (const role of roles) {
      if (up.has(role)) continue;
      for (const s of d.services.filter((v) => v.role === role)) await services.start(s);
      up.add(role);
    }
  };
  let failure;
  const stepContext = (result) => ({
    run: x.runId,
    history: x.writer,
    restartFile: x.restartFile,
    defaultTimeoutSec: d.scriptTimeoutSec,
    checksum: (s) => fileChecksum(s.script.path),
    env: (s) => scriptEnvironment({
      product: d.name,
      from: x.from,
      to: o.build.version,
      phase: s.phase,
      kind: s.script.kind,
      stateFile: d.stateFile,
      restartFile: x.restartFile,
      lockToken: o.lockToken,
      runId: x.runId,
      home: o.euid === 0 ? "/root" : o.env.HOME ?? "/",
      tmpdir: x.tmp,
      result,
      passThrough: passThroughEnv(o.env),
      toolDir: x.toolDir,
      tool: x.toolDir + "/upgrade-hook"
    }),
    onLine: (s, stream, line2) => {
      o.journal.info(`${s.script.name}: ${line2}`, { script: s.script.name, stream });
      o.terminal.detail(`  ${s.script.name}: ${line2}`);
    }
  });
  const runOne = async (step, result) => {
    o.terminal.say(`  [${step.phase}] ${step.script.kind}/${step.script.name}`);
    const ticker = startProgress(o.terminal, (sec) => `  ${step.script.name} running for ${sec} s (log: ${d.logFile})`);
    const r = await runStep(step, stepContext(result)).finally(() => ticker.stop());
    if (!r.ok) {
      o.terminal.error(`  ${step.script.name} ${r.reason}`);
      return r.reason;
    }
    for (const name of r.restartRequests) await restart(name, step.phase);
    return void 0;
  };
  const restart = async (name, phase) => {
    const s = d.services.find((v) => v.name === name);
    if (!s) {
      o.terminal.warn(`a script asked to restart unknown service "${name}"; the descriptor has: ${d.services.map((v) => v.name).join(", ") || "none"}`);
      return;
    }
    if (!rolesUpIn(phase).includes(s.role)) return;
    o.journal.info(`restarting ${name} as a script asked`);
    await services.stop(s);
    await services.start(s);
  };
  try {
    if (touchServices) {
      for (const s of [...d.services.filter((v) => v.role === "app")].reverse()) await services.stop(s);
      for (const s of [...d.services.filter((v) => v.role === "backend")].reverse()) await services.stop(s);
    }
    for (const phase of d.phases) {
      if (touchServices) await bringUp(rolesUpIn(phase.name));
      for (const step of toRun.filter((s) => s.phase === phase.name)) {
        const reason = await runOne(step, void 0);
        if (reason) {
          failure = { script: step.script.name, reason };
          break;
        }
      }
      if (failure) break;
    }
  } catch (e) {
    failure = { script: "services", reason: e instanceof Error ? e.message : String(e) };
  }
  for (const step of plan2.cleanup) {
    try {
      const reason = await runOne(step, failure ? "failed" : "success");
      if (reason && !failure) failure = { script: step.script.name, reason };
    } catch (e) {
      if (!failure) failure = { script: step.script.name, reason: e instanceof Error ? e.message : String(e) };
    }
  }
  if (!failure && touchServices) {
    try {
      await bringUp(["backend", "app"]);
    } catch (e) {
      failure = { script: "services", reason: e instanceof Error ? e.message : String(e) };
    }
  }
  return failure;
}

// src/product/build-info.ts
var import_node_fs15 = require("node:fs");
function resolveBuildInfo(d, override, rpmQuery) {
  const version = override ?? resolve2(d.buildVersion, "build_version", rpmQuery);
  validateVersion(d.versionScheme, version, override !== void 0 ? "--build-version" : describe(d.buildVersion, "build_version"));
  const platform = d.platform ? resolve2(d.platform, "platform", rpmQuery) : void 0;
  return { version, platform };
}
function describe(src, key) {
  if (src.kind === "file") return `${key} (file ${src.path})`;
  if (src.kind === "rpm") return `${key} (rpm package ${src.package})`;
  return `${key} (descriptor)`;
}
function resolve2(src, key, rpmQuery) {
  if (src.kind === "literal") return src.value;
  if (src.kind === "rpm") return rpmQuery(src.package);
  let text;
  try {
    text = (0, import_node_fs15.readFileSync)(src.path, "utf8");
  } catch (e) {
    throw new UpgradeHookError("BUILD_VERSION_UNAVAILABLE", `cannot read ${key} from ${src.path}: ${e.code ?? e.message}`, {
      hint: `reinstall the package that owns ${src.path}, or fix ${key} in the descriptor`,
      cause: e
    });
  }
  const value = text.split("\n")[0].trim();
  if (value === "") {
    throw new UpgradeHookError("BUILD_VERSION_UNAVAILABLE", `${src.path} is empty: it should hold the ${key} on its first line`, {
      hint: `reinstall the package that owns ${src.path}, or fix ${key} in the descriptor`
    });
  }
  return value;
}

// src/product/rpm-query.ts
var import_node_child_process3 = require("node:child_process");
function queryRpmVersion(pkg) {
  let out;
  try {
    out = (0, import_node_child_process3.execFileSync)("rpm", ["-q", "--qf", "%{EPOCHNUM}:%{VERSION}-%{RELEASE}\\n", pkg], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    const detail = e.stdout?.trim() || e.message;
    throw new UpgradeHookError("BUILD_VERSION_UNAVAILABLE", `cannot read the version of package ${pkg} from the rpm database: ${detail}`, {
      hint: `install ${pkg}, or set build_version to file:PATH or a literal in the descriptor`
    });
  }
  const lines = out.trim().split("\n");
  const last = lines[lines.length - 1];
  return last.startsWith("0:") ? last.slice(2) : last;
}

// src/commands/product-context.ts
function loadProduct(ctx, ref) {
  return loadDescriptor(ref, ctx.env);
}
function viewProduct(ctx, descriptor) {
  const build = resolveBuildInfo(descriptor, ctx.options.buildVersion, queryRpmVersion);
  const stored = readStoredState(descriptor);
  const marker = readMarker(productPaths(descriptor).marker);
  const decision = decide({
    scheme: descriptor.versionScheme,
    dataVersion: stored.dataVersion,
    dataPlatform: stored.platform,
    buildVersion: build.version,
    buildPlatform: build.platform,
    marker,
    skipVersionCheck: ctx.options.skipVersionCheck,
    adopted: stored.adopted
  });
  return { descriptor, build, stored, marker, decision };
}

// src/log/journal.ts
var import_node_fs16 = require("node:fs");
var import_node_path11 = require("node:path");
var nullJournal = { info() {
}, warn() {
}, error() {
}, debug() {
}, path: void 0 };
async function openJournal(path3, product, onError) {
  try {
    (0, import_node_fs16.mkdirSync)((0, import_node_path11.dirname)(path3), { recursive: true, mode: 493 });
    const { default: pino } = await Promise.resolve().then(() => __toESM(require_pino(), 1));
    const dest = pino.destination({ dest: path3, sync: true, append: true, mode: 384 });
    const logger = pino({ base: { product, pid: process.pid }, level: "debug", timestamp: pino.stdTimeFunctions.isoTime }, dest);
    return {
      info: (msg, f) => logger.info(f ?? {}, msg),
      warn: (msg, f) => logger.warn(f ?? {}, msg),
      error: (msg, f) => logger.error(f ?? {}, msg),
      debug: (msg, f) => logger.debug(f ?? {}, msg),
      path: path3
    };
  } catch (e) {
    onError(`cannot open log file ${path3}: ${e.message}; logging to the terminal only`);
    return nullJournal;
  }
}

// src/lock/product-lock.ts
var import_node_crypto3 = require("node:crypto");
var import_node_fs18 = require("node:fs");
var import_node_path12 = require("node:path");

// src/lock/owner.ts
var import_node_fs17 = require("node:fs");
function readOwner(path3) {
  try {
    const o = JSON.parse((0, import_node_fs17.readFileSync)(path3, "utf8"));
    return typeof o.pid === "number" ? o : void 0;
  } catch {
    return void 0;
  }
}
function processStartTime(pid) {
  try {
    const stat = (0, import_node_fs17.readFileSync)(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return void 0;
  }
}
function ownerIsAlive(owner) {
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    if (e.code === "ESRCH") return false;
  }
  const start = processStartTime(owner.pid);
  if (start === void 0) return true;
  return start === owner.start;
}
function describeOwner(o) {
  if (!o) return "another upgrade-hook process (starting up)";
  return `pid ${o.pid} (${o.command}) since ${o.since}`;
}

// src/lock/product-lock.ts
var POLL_MS2 = 100;
var STALE_MS = 12e4;
var TAKEOVER_STALE_MS = 1e4;
var ORPHAN_MS = 5e3;
function lockPaths(dir, product) {
  return { target: (0, import_node_path12.join)(dir, product), lock: (0, import_node_path12.join)(dir, `${product}.lock`), owner: (0, import_node_path12.join)(dir, `${product}.owner`), takeover: (0, import_node_path12.join)(dir, `${product}.takeover`) };
}
async function acquireProductLock(req) {
  const lockfile = await Promise.resolve().then(() => __toESM(require_proper_lockfile(), 1));
  ensureSafeDirectory(req.dir, req.euid, 448, "lock directory");
  const p = lockPaths(req.dir, req.product);
  const deadline = Date.now() + req.waitMs;
  let told = false;
  for (; ; ) {
    try {
      const release = await lockfile.lock(p.target, {
        lockfilePath: p.lock,
        realpath: false,
        stale: STALE_MS,
        retries: 0,
        onCompromised: (e) => req.onCompromised(e.message)
      });
      const token = (0, import_node_crypto3.randomBytes)(16).toString("hex");
      const owner2 = {
        pid: process.pid,
        start: processStartTime(process.pid) ?? "",
        ino: (0, import_node_fs18.statSync)(p.lock).ino,
        command: req.command,
        since: (/* @__PURE__ */ new Date()).toISOString(),
        token
      };
      writeFileAtomic(p.owner, `${JSON.stringify(owner2)}
`, { mode: 384 });
      return {
        token,
        release: async () => {
          unlinkIfPresent(p.owner);
          await release();
        }
      };
    } catch (e) {
      if (e.code !== "ELOCKED") throw lockError(p.lock, e);
    }
    const owner = readOwner(p.owner);
    if (takeOverIfDead(p, owner)) continue;
    if (Date.now() >= deadline) {
      throw new UpgradeHookError("LOCK_BUSY", `${req.product} is locked by ${describeOwner(owner)}; gave up after ${Math.round(req.waitMs / 1e3)} s`, {
        hint: `wait for it to finish (upgrade-hook status ${req.product}), then rerun`
      });
    }
    if (!told && Date.now() + req.waitMs - deadline > 1e3) {
      req.onWait(describeOwner(owner));
      told = true;
    }
    await new Promise((r) => setTimeout(r, POLL_MS2));
  }
}
function takeOverIfDead(p, owner) {
  if (owner && ownerIsAlive(owner)) return false;
  if (!enterMutex(p.takeover)) return false;
  try {
    const current = readOwner(p.owner);
    let lock;
    try {
      lock = (0, import_node_fs18.lstatSync)(p.lock);
    } catch {
      return true;
    }
    const orphaned = !current && Date.now() - lock.mtimeMs > ORPHAN_MS;
    if (!orphaned && (!current || current.ino !== lock.ino || ownerIsAlive(current))) return false;
    (0, import_node_fs18.rmdirSync)(p.lock);
    unlinkIfPresent(p.owner);
    return true;
  } finally {
    (0, import_node_fs18.rmdirSync)(p.takeover);
  }
}
function enterMutex(path3) {
  try {
    if (Date.now() - (0, import_node_fs18.lstatSync)(path3).mtimeMs > TAKEOVER_STALE_MS) (0, import_node_fs18.rmdirSync)(path3);
  } catch {
  }
  try {
    (0, import_node_fs18.mkdirSync)(path3, { mode: 448 });
    return true;
  } catch {
    return false;
  }
}
function unlinkIfPresent(path3) {
  try {
    (0, import_node_fs18.unlinkSync)(path3);
  } catch {
  }
}
function lockError(path3, e) {
  return new UpgradeHookError("LOCK_IO", `cannot take the lock ${path3}: ${e.message}`, { cause: e });
}
function holdsLock(dir, product, token) {
  if (!token) return false;
  const owner = readOwner(lockPaths(dir, product).owner);
  return owner !== void 0 && owner.token === token && ownerIsAlive(owner);
}

// src/commands/session.ts
var DEFAULT_LOCK_WAIT_SEC = 60;
async function withLock(ctx, d, defaultWaitSec, body) {
  const lock = await acquireProductLock({
    dir: lockDirectory(ctx.env),
    product: d.name,
    euid: ctx.euid,
    waitMs: (ctx.options.wait ?? defaultWaitSec) * 1e3,
    command: `upgrade-hook ${process.argv.slice(2).join(" ")}`.slice(0, 200),
    onWait: (holder) => ctx.terminal.say(`${d.name}: waiting for the lock held by ${holder}`),
    onCompromised: (message) => ctx.terminal.warn(`${d.name}: the lock was disturbed (${message}); another run may have started`)
  });
  try {
    return await body(lock);
  } finally {
    await lock.release();
  }
}
function journalFor(ctx, d) {
  return openJournal(ctx.options.logFile ?? d.logFile, d.name, (m) => ctx.terminal.warn(m));
}

// src/commands/run.ts
var run = {
  name: "run",
  usage: "run NAME",
  summary: "upgrade NAME now: stop services, run the phases, stamp; resumes after a failure",
  description: "Takes the product lock, decides again, stops the product's services, runs the offline scripts, starts the backends and runs the backend scripts, starts the applications and runs the online scripts, runs the cleanup scripts, then records the data version and platform and removes the pending marker. After a failure a rerun skips what finished and starts at the failed script. When the product is up to date it does nothing, unless --force (then the always-scripts run again).",
  options: ["force", "build-version", "skip-version-check", "wait", "assumeyes"],
  example: "upgrade-hook run acme",
  minArgs: 1,
  maxArgs: 1,
  async run(ctx) {
    return upgradeNow(ctx, loadProduct(ctx, ctx.args[0]), { ignoreUnitOrdering: false, waitSec: DEFAULT_LOCK_WAIT_SEC });
  }
};
async function upgradeNow(ctx, d, o) {
  const build = resolveBuildInfo(d, ctx.options.buildVersion, queryRpmVersion);
  const journal = await journalFor(ctx, d);
  try {
    return await withLock(
      ctx,
      d,
      o.waitSec,
      async (lock) => runUpgrade({
        descriptor: d,
        build,
        env: ctx.env,
        euid: ctx.euid,
        terminal: ctx.terminal,
        journal,
        lockToken: lock.token,
        force: ctx.options.force,
        skipVersionCheck: ctx.options.skipVersionCheck,
        ignoreUnitOrdering: o.ignoreUnitOrdering,
        rerunCommand: `upgrade-hook run ${ctx.args[0]}`
      })
    );
  } catch (e) {
    journal.error(e instanceof Error ? e.message : String(e));
    throw e;
  }
}

// src/commands/bridge.ts
var BRIDGE_DIR = "/run/upgrade-hook/bridge.d";
var BRIDGE_LOCK_WAIT_SEC = 600;
var bridge = {
  name: "bridge",
  usage: "bridge begin|end",
  summary: "for the dnf plugin and dnf5 actions: mark a dnf transaction, then run the upgrades deferred to it",
  description: "begin (dnf5 pre_transaction action) writes the flag /run/upgrade-hook/bridge.d/PID for the calling dnf5 process, so %posttrans defers to the bridge. end (dnf4 plugin transaction(), dnf5 post_transaction action) removes the flag and runs the upgrade of every product whose marker says it was deferred to the bridge. Always exits 0: a package transaction is never reported as failed because of it.",
  options: [],
  example: "upgrade-hook bridge end",
  minArgs: 1,
  maxArgs: 1,
  async run(ctx) {
    const action = ctx.args[0];
    if (action === "begin") {
      ensureSafeDirectory("/run/upgrade-hook", ctx.euid, 493, "run directory");
      ensureSafeDirectory(BRIDGE_DIR, ctx.euid, 493, "bridge directory");
      (0, import_node_fs19.writeFileSync)((0, import_node_path13.join)(BRIDGE_DIR, String(process.ppid)), `${(/* @__PURE__ */ new Date()).toISOString()}
`, { mode: 420 });
      return EXIT.ok;
    }
    if (action !== "end") throw new UpgradeHookError("USAGE", `unknown bridge action "${action}": use begin or end`);
    (0, import_node_fs19.rmSync)((0, import_node_path13.join)(BRIDGE_DIR, String(process.ppid)), { force: true });
    await runDeferred(ctx);
    return EXIT.ok;
  }
};
async function runDeferred(ctx) {
  for (const name of listProducts(ctx.env, (dir) => (0, import_node_fs19.readdirSync)(dir))) {
    try {
      const d = loadDescriptor(name, ctx.env);
      const marker = readMarker(productPaths(d).marker);
      if (marker?.state !== "deferred" || marker.reason !== "bridge") continue;
      ctx.terminal.say(`${name}: running the upgrade deferred to the package manager`);
      await upgradeNow({ ...ctx, args: [name] }, d, { ignoreUnitOrdering: false, waitSec: BRIDGE_LOCK_WAIT_SEC });
    } catch (e) {
      ctx.terminal.error(`${name}: ${e instanceof Error ? e.message : String(e)}; see: upgrade-hook status ${name}`);
    }
  }
}

// src/commands/check.ts
var check = {
  name: "check",
  usage: "check NAME",
  summary: "say whether NAME needs an upgrade (exit 0 up to date, 3 refused, 4 needed, 6 not configured)",
  description: "Compares the data version and platform stored in the state file with the installed build, and looks for a pending marker. Runs nothing, takes no lock, changes nothing. The exit status is the answer.",
  options: ["build-version", "skip-version-check"],
  example: 'upgrade-hook check acme || echo "acme needs attention"',
  minArgs: 1,
  maxArgs: 1,
  async run(ctx) {
    const v = viewProduct(ctx, loadProduct(ctx, ctx.args[0]));
    const line2 = `${v.descriptor.name}: ${v.decision.message}`;
    if (v.decision.kind === "refuse") ctx.terminal.error(line2);
    else ctx.terminal.say(line2);
    return exitStatusOf(v.decision);
  }
};

// src/commands/gate.ts
var GATE_LOCK_WAIT_SEC = 3600;
var gate = {
  name: "gate",
  usage: "gate NAME",
  summary: "for the product's service start (upgrade-hook@NAME.service): upgrade if needed, refuse on old data",
  description: "Exits 0 at once when the data is up to date (or the product is not configured yet). When an upgrade is needed it runs it (unless auto_upgrade = no) and exits 0 only if it succeeded, so units with Requires= and After=upgrade-hook@NAME.service never start new code on old data. Refusals and failures exit non-zero with the reason and the command to run. Services are started with --job-mode=ignore-dependencies, so units ordered after the gate do not deadlock.",
  options: ["build-version", "skip-version-check", "wait"],
  example: "systemctl start upgrade-hook@acme.service   # runs: upgrade-hook gate acme",
  minArgs: 1,
  maxArgs: 1,
  async run(ctx) {
    const d = loadProduct(ctx, ctx.args[0]);
    const v = viewProduct(ctx, d);
    switch (v.decision.kind) {
      case "up-to-date":
      case "not-configured":
        ctx.terminal.detail(`${d.name}: ${v.decision.message}`);
        return EXIT.ok;
      case "refuse":
        throw new UpgradeHookError("REFUSED", `${d.name}: not starting: ${v.decision.message}`, {
          hint: `install the matching build, or override at your own risk: upgrade-hook run --skip-version-check ${d.name}`
        });
      case "needed":
        if (!d.autoUpgrade) {
          ctx.terminal.error(`${d.name}: not starting: ${v.decision.message}, and auto_upgrade = no`);
          ctx.terminal.say(`run: upgrade-hook run ${d.name}`);
          return EXIT.needed;
        }
        ctx.terminal.say(`${d.name}: ${v.decision.message}; upgrading before the service starts`);
        return upgradeNow(ctx, d, { ignoreUnitOrdering: true, waitSec: GATE_LOCK_WAIT_SEC });
    }
  }
};

// src/commands/plan.ts
var plan = {
  name: "plan",
  usage: "plan NAME",
  summary: "show what an upgrade of NAME would run, in which phase and why; runs nothing",
  description: "Lists the phases with the services up in each, every script with run or skip and the reason, the cleanup scripts, files ignored (editor and package leftovers, non-scripts), scripts masked by the admin, once-scripts changed since they ran, and every problem that would stop an upgrade (exit 78).",
  options: ["build-version", "force", "json"],
  example: "upgrade-hook plan acme",
  minArgs: 1,
  maxArgs: 1,
  async run(ctx) {
    const d = loadProduct(ctx, ctx.args[0]);
    const v = viewProduct(ctx, d);
    const found = discoverScripts(d.scriptsDir, d.adminScriptsDir, [ctx.euid]);
    const history = summarize(readHistory(productPaths(d).history));
    const p = planUpgrade({ scripts: found.scripts, phases: d.phases, history, target: v.build.version, force: ctx.options.force, checksum: (s) => fileChecksum(s.path) });
    const problems = [...found.problems, ...p.problems];
    if (ctx.options.json) {
      const step = (s) => ({ script: s.script.name, kind: s.script.kind, phase: s.phase, action: s.action, why: s.why, path: s.script.path, origin: s.script.origin });
      ctx.print(JSON.stringify({
        product: d.name,
        decision: v.decision.kind,
        message: v.decision.message,
        steps: p.steps.map(step),
        cleanup: p.cleanup.map(step),
        ignored: found.ignored,
        masked: found.masked,
        changed: p.changed.map((c) => ({ script: c.script.name, path: c.script.path, ranSum: c.ranSum, nowSum: c.nowSum })),
        problems
      }, null, 2));
      return problems.length > 0 ? EXIT.config : EXIT.ok;
    }
    const out = [`${d.name}: ${v.decision.message}`];
    for (const phase of d.phases) {
      out.push("", `phase ${phase.name} (${pad(phase.from)}-${pad(phase.to)}): ${servicesUp(d, phase.name)}`);
      const steps = p.steps.filter((s) => s.phase === phase.name);
      if (steps.length === 0) out.push("  (no scripts)");
      for (const s of steps) out.push(line(s));
    }
    if (p.cleanup.length > 0) {
      out.push("", "cleanup (after the phases, also after a failure):");
      for (const s of p.cleanup) out.push(line(s));
    }
    for (const m of found.masked) out.push(`masked by the admin: ${m.kind}/${m.name} (${m.path} -> /dev/null)`);
    for (const c of p.changed) out.push(`changed since it ran (not rerun): ${c.script.path}`);
    for (const i of found.ignored) out.push(`ignored: ${i.path} (${i.why})`);
    for (const pr of problems) out.push(`PROBLEM: ${pr.path}: ${pr.why}`);
    const toRun = p.steps.filter((s) => s.action === "run").length;
    out.push("", `${toRun} script(s) would run${p.cleanup.length ? `, then ${p.cleanup.length} cleanup script(s)` : ""}${problems.length ? `; ${problems.length} problem(s) stop the upgrade` : ""}`);
    ctx.print(out.join("\n"));
    return problems.length > 0 ? EXIT.config : EXIT.ok;
  }
};
var pad = (n) => String(n).padStart(4, "0");
var line = (s) => `  ${s.action === "run" ? "run " : "skip"}  ${`${s.script.kind}/${s.script.name}`.padEnd(36)} ${s.why}${s.script.origin === "admin" ? " [admin override]" : ""}`;
function servicesUp(d, phase) {
  const roles = rolesUpIn(phase);
  if (roles.length === 0) return "all product services stopped";
  const names = d.services.filter((s) => roles.includes(s.role)).map((s) => s.name);
  return names.length ? `up: ${names.join(", ")}` : `${roles.join(" and ")} services up (none declared)`;
}

// src/host/deferral.ts
var NEXT_START = "the next start of the service will run it";
function deferralReason(facts, needs) {
  if (facts.chroot) {
    return { reason: "chroot", detail: `running in a chroot (${facts.chrootEvidence}); ${NEXT_START}` };
  }
  if (facts.offlineUpgradeBoot) {
    return { reason: "offline-upgrade", detail: `running in an offline system upgrade boot; ${NEXT_START}` };
  }
  if (facts.systemdOffline) {
    return { reason: "systemd-offline", detail: `SYSTEMD_OFFLINE=1 is set, services cannot be controlled; ${NEXT_START}` };
  }
  if (needs.systemdUnits && !facts.systemdRunning) {
    const where = facts.container ? ` (container: ${facts.container})` : "";
    return { reason: "no-systemd", detail: `systemd is not running as PID 1${where}, its units cannot be controlled; ${NEXT_START}` };
  }
  if (facts.bridge !== void 0) {
    return { reason: "bridge", detail: `${facts.bridge} will run the upgrade right after this transaction` };
  }
  if (needs.network && facts.networkIsolated) {
    return {
      reason: "no-network",
      detail: `the package scriptlet has no network (only lo), the services' readiness cannot be checked; ${NEXT_START}`
    };
  }
  return void 0;
}

// src/host/facts.ts
var import_node_fs21 = require("node:fs");
var import_node_path15 = require("node:path");

// src/host/chroot.ts
var import_node_fs20 = require("node:fs");
var import_node_path14 = require("node:path");
var MAX_ANCESTORS = 64;
function detectChroot(root) {
  const ours = identity(root);
  if (ours === void 0) return { chroot: false, evidence: `cannot stat ${root}` };
  if (identity((0, import_node_path14.join)(root, "proc/self")) === void 0) {
    return { chroot: true, evidence: "/proc is not mounted" };
  }
  const init = identity((0, import_node_path14.join)(root, "proc/1/root"));
  if (init !== void 0) {
    return init === ours ? { chroot: false, evidence: "/ is the root of PID 1" } : { chroot: true, evidence: "/ differs from /proc/1/root" };
  }
  if (!mountinfoHasRoot(root)) {
    return { chroot: true, evidence: "/proc/self/mountinfo has no entry for /" };
  }
  const outsider = ancestorWithOtherRoot(root, ours);
  if (outsider !== void 0) {
    return { chroot: true, evidence: `/ differs from the root of ancestor process ${outsider}` };
  }
  return { chroot: false, evidence: "/proc/1/root is unreadable; / is a mount point and the root of every readable ancestor" };
}
function identity(path3) {
  try {
    const st = (0, import_node_fs20.statSync)(path3);
    return `${st.dev}:${st.ino}`;
  } catch {
    return void 0;
  }
}
function mountinfoHasRoot(root) {
  let text;
  try {
    text = (0, import_node_fs20.readFileSync)((0, import_node_path14.join)(root, "proc/self/mountinfo"), "utf8");
  } catch {
    return true;
  }
  return text.split("\n").some((line2) => line2.split(" ")[4] === "/");
}
function ancestorWithOtherRoot(root, ours) {
  let pid = parentOf(root, "self");
  for (let hops = 0; pid !== void 0 && pid > 1 && hops < MAX_ANCESTORS; hops++) {
    const theirs = identity((0, import_node_path14.join)(root, "proc", String(pid), "root"));
    if (theirs !== void 0 && theirs !== ours) return `${commandOf(root, pid)} (${pid})`;
    pid = parentOf(root, String(pid));
  }
  return void 0;
}
function parentOf(root, pid) {
  const stat = readOrEmpty((0, import_node_path14.join)(root, "proc", pid, "stat"));
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ppid = Number(fields[1]);
  return Number.isInteger(ppid) && ppid >= 0 ? ppid : void 0;
}
function commandOf(root, pid) {
  return readOrEmpty((0, import_node_path14.join)(root, "proc", String(pid), "comm")).trim() || "pid";
}
function readOrEmpty(path3) {
  try {
    return (0, import_node_fs20.readFileSync)(path3, "utf8");
  } catch {
    return "";
  }
}

// src/host/facts.ts
function readHostFacts(env, root = "/") {
  const chroot = detectChroot(root);
  return {
    chroot: chroot.chroot,
    chrootEvidence: chroot.evidence,
    systemdRunning: (0, import_node_fs21.existsSync)((0, import_node_path15.join)(root, "run/systemd/system")),
    systemdOffline: env.SYSTEMD_OFFLINE === "1",
    offlineUpgradeBoot: isOfflineUpgradeBoot(root),
    networkIsolated: isNetworkIsolated(root),
    container: containerName(env, root),
    bridge: bridgeKind(env, root)
  };
}
var OFFLINE_UPGRADE_UNITS = ["dnf-system-upgrade.service", "dnf5-offline-transaction.service"];
function isOfflineUpgradeBoot(root) {
  const target = readlinkOrUndefined((0, import_node_path15.join)(root, "run/systemd/generator.early/default.target"));
  if (target !== void 0 && (0, import_node_path15.basename)(target) === "system-update.target") return true;
  const cgroup = readOrUndefined((0, import_node_path15.join)(root, "proc/self/cgroup")) ?? "";
  return OFFLINE_UPGRADE_UNITS.some((unit) => cgroup.includes(`/${unit}`));
}
function isNetworkIsolated(root) {
  const text = readOrUndefined((0, import_node_path15.join)(root, "proc/net/dev"));
  if (text === void 0) return false;
  const names = text.split("\n").slice(2).map((line2) => line2.split(":")[0]?.trim() ?? "").filter((name) => name !== "");
  return names.length > 0 && names.every((name) => name === "lo");
}
function containerName(env, root) {
  if (env.container) return env.container;
  const systemdSays = readOrUndefined((0, import_node_path15.join)(root, "run/systemd/container"))?.trim();
  if (systemdSays) return systemdSays;
  if ((0, import_node_fs21.existsSync)((0, import_node_path15.join)(root, "run/.containerenv"))) return "podman";
  if ((0, import_node_fs21.existsSync)((0, import_node_path15.join)(root, ".dockerenv"))) return "docker";
  return void 0;
}
function bridgeKind(env, root) {
  const fromEnv = env.UPGRADE_HOOK_BRIDGE;
  if (fromEnv === "dnf4" || fromEnv === "dnf5") return fromEnv;
  let flags;
  try {
    flags = (0, import_node_fs21.readdirSync)((0, import_node_path15.join)(root, "run/upgrade-hook/bridge.d"));
  } catch {
    return void 0;
  }
  return flags.some((name) => /^[1-9][0-9]*$/.test(name) && isAlive(Number(name), root)) ? "dnf5" : void 0;
}
function isAlive(pid, root) {
  if ((0, import_node_fs21.existsSync)((0, import_node_path15.join)(root, "proc/self"))) return (0, import_node_fs21.existsSync)((0, import_node_path15.join)(root, "proc", String(pid)));
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}
function readOrUndefined(path3) {
  try {
    return (0, import_node_fs21.readFileSync)(path3, "utf8");
  } catch {
    return void 0;
  }
}
function readlinkOrUndefined(path3) {
  try {
    return (0, import_node_fs21.readlinkSync)(path3);
  } catch {
    return void 0;
  }
}

// src/commands/posttrans.ts
var POSTTRANS_LOCK_WAIT_SEC = 5;
var posttrans = {
  name: "posttrans",
  usage: "posttrans NAME",
  summary: "for %posttrans (through %upgrade_hook_posttrans): upgrade now, or defer to the dnf bridge or the next service start",
  description: "Decides whether the upgrade can run inside this package transaction: the product is configured and needs it, no chroot or installroot, systemd is running when the product's services are systemd units, the scriptlet has a network when services are probed over TCP/HTTP, no offline system upgrade, no dnf bridge that will run it after the transaction, auto_upgrade is on and the lock is free within 5 s. Otherwise it writes the pending marker with the reason. Always exits 0.",
  options: ["build-version", "skip-version-check"],
  example: "%posttrans\n%upgrade_hook_posttrans acme",
  minArgs: 1,
  maxArgs: 1,
  async run(ctx) {
    let d;
    try {
      d = loadProduct(ctx, ctx.args[0]);
      const v = viewProduct(ctx, d);
      if (v.decision.kind !== "needed") {
        if (v.decision.kind === "refuse") await writePending(ctx, d, v.build.version, v.stored.dataVersion, "refused", v.decision.reason, v.decision.message);
        ctx.terminal.say(`${d.name}: ${v.decision.message}`);
        return EXIT.ok;
      }
      const needs = {
        systemdUnits: d.services.some((s) => s.unit !== void 0),
        network: d.services.some((s) => s.ready?.kind === "tcp" || s.ready?.kind === "http")
      };
      const deferral = deferralReason(readHostFacts(ctx.env), needs) ?? (d.autoUpgrade ? void 0 : { reason: "auto-upgrade-off", detail: "auto_upgrade = no in the descriptor; an admin runs it" });
      if (deferral) {
        await writePending(ctx, d, v.build.version, v.stored.dataVersion, "deferred", deferral.reason, deferral.detail);
        ctx.terminal.say(`${d.name}: upgrade deferred (${deferral.reason}): ${deferral.detail}; to run it now: upgrade-hook run ${d.name}`);
        return EXIT.ok;
      }
      await upgradeNow(ctx, d, { ignoreUnitOrdering: false, waitSec: POSTTRANS_LOCK_WAIT_SEC });
    } catch (e) {
      if (d && isUpgradeHookError(e) && e.code === "LOCK_BUSY") {
        await writePending(ctx, d, void 0, void 0, "deferred", "lock-busy", e.message);
        ctx.terminal.say(`${d.name}: upgrade deferred (lock-busy): ${e.message}`);
        return EXIT.ok;
      }
      const message = e instanceof Error ? e.message : String(e);
      if (d && !(isUpgradeHookError(e) && (e.code === "UPGRADE_FAILED" || e.code === "REFUSED"))) {
        try {
          await writePending(ctx, d, void 0, void 0, "failed", "posttrans-error", message);
        } catch {
        }
      }
      ctx.terminal.error(`${message}${isUpgradeHookError(e) && e.hint ? `; ${e.hint}` : ""}`);
      ctx.terminal.error(`the package transaction goes on; the service will not start on old data${d ? `; see: upgrade-hook status ${d.name}` : ""}`);
    }
    return EXIT.ok;
  }
};
async function writePending(ctx, d, to, from, state2, reason, detail) {
  const paths = productPaths(d);
  ensureVarDir(paths.varDir, ctx.euid);
  writeMarker(paths.marker, { state: state2, reason, detail, since: (/* @__PURE__ */ new Date()).toISOString(), from, to });
  (await journalFor(ctx, d)).info(`posttrans: ${state2} (${reason}): ${detail}`, { from, to });
}

// src/commands/stamp.ts
var stamp = {
  name: "stamp",
  usage: "stamp NAME",
  summary: "for the product's installer: record data version and platform, mark present once-scripts done",
  description: "Records the installed build's version as the data version and its platform in the state file, and writes a baseline record for every once-script present now (a fresh install needs none of them). Removes a pending marker. Takes the product lock.",
  options: ["build-version", "wait"],
  example: "upgrade-hook stamp acme    # at the end of acme-setup",
  minArgs: 1,
  maxArgs: 1,
  async run(ctx) {
    const d = loadProduct(ctx, ctx.args[0]);
    const build = resolveBuildInfo(d, ctx.options.buildVersion, queryRpmVersion);
    const found = discoverScripts(d.scriptsDir, d.adminScriptsDir, [ctx.euid]);
    if (found.problems.length > 0) {
      throw new UpgradeHookError("SCRIPT_INVALID", found.problems.map((p) => `${p.path}: ${p.why}`).join("\n"), { hint: `fix the scripts, check with: upgrade-hook plan ${d.name}` });
    }
    const journal = await journalFor(ctx, d);
    await withLock(ctx, d, DEFAULT_LOCK_WAIT_SEC, async () => {
      const paths = productPaths(d);
      ensureVarDir(paths.varDir, ctx.euid);
      const history = openHistory(paths.history);
      const run2 = `stamp-${Date.now()}-${process.pid}`;
      try {
        const at = (/* @__PURE__ */ new Date()).toISOString();
        for (const s of found.scripts.filter((x) => x.kind === "once")) {
          history.append({ t: "baseline", run: run2, at, script: s.name, sum: fileChecksum(s.path), version: build.version });
        }
      } finally {
        history.close();
      }
      writeStamp(d, build.version, build.platform);
      removeMarker(paths.marker);
    });
    journal.info(`stamped data version ${build.version}${build.platform ? ` on ${build.platform}` : ""}`);
    ctx.terminal.say(`${d.name}: data version ${build.version}${build.platform ? `, platform ${build.platform}` : ""} recorded`);
    return EXIT.ok;
  }
};

// src/commands/state.ts
var state = {
  name: "state",
  usage: "state get|set|unset NAME SECTION KEY [VALUE]",
  summary: "read or change a stored value in NAME's state file (for upgrade scripts)",
  description: "get prints the value (exit 6 when it is not set); set and unset change it atomically, keeping every other byte of the file. Safe while the upgrade that started the script holds the lock; otherwise set/unset take the lock themselves.",
  options: ["wait"],
  example: "email=$(upgrade-hook state get acme acme admin_email)",
  minArgs: 4,
  maxArgs: 5,
  async run(ctx) {
    const [action, ref, section, key, value] = ctx.args;
    const d = loadProduct(ctx, ref);
    if (action === "get") {
      if (value !== void 0) throw usage("state get takes NAME SECTION KEY");
      const v = readStateFile(d.stateFile)?.get(section, key);
      if (v === void 0) {
        ctx.terminal.detail(`${d.stateFile}: [${section}] ${key} is not set`);
        return EXIT.notConfigured;
      }
      ctx.print(v);
      return EXIT.ok;
    }
    if (action === "set") {
      if (value === void 0) throw usage("state set takes NAME SECTION KEY VALUE");
      await underLock(ctx, d, () => updateStateFile(d.stateFile, (doc) => doc.set(section, key, value)));
      return EXIT.ok;
    }
    if (action === "unset") {
      if (value !== void 0) throw usage("state unset takes NAME SECTION KEY");
      await underLock(ctx, d, () => updateStateFile(d.stateFile, (doc) => void doc.unset(section, key)));
      return EXIT.ok;
    }
    throw usage(`unknown state action "${action}": use get, set or unset`);
  }
};
var usage = (m) => new UpgradeHookError("USAGE", m, { hint: "see: upgrade-hook state --help" });
async function underLock(ctx, d, change) {
  if (holdsLock(lockDirectory(ctx.env), d.name, ctx.env.UPGRADE_HOOK_LOCK_TOKEN)) return change();
  await withLock(ctx, d, DEFAULT_LOCK_WAIT_SEC, async () => change());
}

// src/commands/status.ts
var status = {
  name: "status",
  usage: "status NAME",
  summary: "show versions, state, pending marker, last run, failed script and log of NAME",
  description: "Prints the product's state in one word (up-to-date, upgrade-needed, deferred, failed, refused, not-configured, running), the data and build versions and platforms, the pending marker with its reason, the last run and the script that failed, the log file and the command to run next. With --json prints the same as one JSON object (schema in docs/status-json.md). Exits 0.",
  options: ["json", "build-version"],
  example: "upgrade-hook status acme --json | jq -r .state",
  minArgs: 1,
  maxArgs: 1,
  async run(ctx) {
    const d = loadProduct(ctx, ctx.args[0]);
    const v = viewProduct(ctx, d);
    const history = summarize(readHistory(productPaths(d).history));
    const owner = readOwner(lockPaths(lockDirectory(ctx.env), d.name).owner);
    const running = owner !== void 0 && ownerIsAlive(owner);
    const word = statusWord(v, running);
    const last = history.lastRun;
    const next = word === "failed" || word === "deferred" || word === "upgrade-needed" ? `upgrade-hook run ${d.name}` : word === "refused" ? "install the build matching the data, or see upgrade-hook run --help (--skip-version-check)" : void 0;
    if (ctx.options.json) {
      ctx.print(JSON.stringify({
        schema: 1,
        product: d.name,
        state: word,
        message: v.decision.message,
        build: { version: v.build.version, platform: v.build.platform ?? null },
        data: { version: v.stored.dataVersion ?? null, platform: v.stored.platform ?? null, assumed: v.stored.adopted },
        marker: v.marker ?? null,
        lastRun: last ? { id: last.run, from: last.from, to: last.to, startedAt: last.startedAt, endedAt: last.endedAt ?? null, result: last.result, failedScript: last.failedScript ?? null, reason: last.reason ?? null } : null,
        lock: running ? { pid: owner.pid, command: owner.command, since: owner.since } : null,
        historyRecords: history.records,
        logFile: d.logFile,
        stateFile: d.stateFile,
        descriptor: d.sources,
        next: next ?? null
      }, null, 2));
      return EXIT.ok;
    }
    const lines = [
      `${d.name} - ${word}`,
      `      Data: ${v.stored.dataVersion ?? "(none)"}${v.stored.adopted ? " (assumed: installed before upgrade-hook)" : ""}${v.stored.platform ? ` on ${v.stored.platform}` : ""}`,
      `     Build: ${v.build.version}${v.build.platform ? ` on ${v.build.platform}` : ""} (${d.versionScheme} versions)`,
      `   Verdict: ${v.decision.message}`
    ];
    if (v.marker) lines.push(`   Pending: ${v.marker.state} (${v.marker.reason}) since ${v.marker.since}: ${v.marker.detail}`);
    if (running) lines.push(`   Running: pid ${owner.pid} (${owner.command}) since ${owner.since}`);
    if (last) {
      lines.push(`  Last run: ${last.startedAt} ${last.from} -> ${last.to}: ${last.result}${last.failedScript ? ` at ${last.failedScript}` : ""}${last.reason ? ` (${last.reason})` : ""}`);
    }
    lines.push(`       Log: ${d.logFile}`, `     State: ${d.stateFile}`, `Descriptor: ${d.sources.join(", ")}`);
    if (next) lines.push(`      Next: ${next}`);
    ctx.print(lines.join("\n"));
    return EXIT.ok;
  }
};
function statusWord(v, running) {
  if (running) return "running";
  if (v.decision.kind === "refuse") return "refused";
  if (v.decision.kind === "not-configured") return "not-configured";
  if (v.decision.kind === "up-to-date") return "up-to-date";
  if (v.marker?.state === "failed") return "failed";
  if (v.marker?.state === "deferred") return "deferred";
  return "upgrade-needed";
}

// src/commands/vercmp.ts
var vercmp = {
  name: "vercmp",
  usage: "vercmp A B",
  summary: "print <, = or > comparing versions A and B (rpm EVR rules, or --scheme semver)",
  description: "Compares two versions the way upgrade-hook does: rpm epoch:version-release like rpmvercmp (a release makes a version newer than the same version without one), or semver. Prints one character.",
  options: ["scheme"],
  example: "upgrade-hook vercmp 1.0~rc1 1.0    # prints <",
  minArgs: 2,
  maxArgs: 2,
  async run(ctx) {
    const scheme = ctx.options.scheme ?? "rpm";
    if (!isVersionScheme(scheme)) throw new UpgradeHookError("USAGE", `unknown --scheme "${scheme}": use rpm or semver`);
    const [a, b] = ctx.args;
    validateVersion(scheme, a, "the first argument");
    validateVersion(scheme, b, "the second argument");
    const order = compareVersions(scheme, a, b);
    ctx.print(order < 0 ? "<" : order > 0 ? ">" : "=");
    return EXIT.ok;
  }
};

// src/commands/index.ts
var COMMANDS = [run, posttrans, gate, check, status, plan, stamp, state, vercmp, bridge];
function findCommand(name) {
  return COMMANDS.find((c) => c.name === name);
}

// src/cli/options.ts
var GLOBAL_OPTIONS = [
  { name: "assumeyes", short: "y", type: "boolean", help: "answer yes to everything; upgrade-hook never prompts anyway (not on a terminal either)" },
  { name: "debug", short: "d", type: "boolean", help: "print details: skipped scripts, service actions, script output, stack traces" },
  { name: "quiet", short: "q", type: "boolean", help: "print only errors" },
  { name: "log-file", type: "string", arg: "FILE", help: "log to FILE instead of the descriptor's log_file" },
  { name: "version", type: "boolean", help: "print the version of upgrade-hook and exit" },
  { name: "help", short: "h", type: "boolean", help: "print help (for a command: upgrade-hook COMMAND --help) and exit" }
];
var COMMAND_OPTIONS = [
  { name: "build-version", type: "string", arg: "V", help: "the installed build's version, instead of the descriptor's build_version (the RPM macro passes it)" },
  { name: "skip-version-check", type: "boolean", help: 'turn a refusal (downgrade, platform change) into "upgrade needed"; at your own risk' },
  { name: "force", type: "boolean", help: "run: run the always-scripts again even when up to date or already finished; plan: show that" },
  { name: "json", type: "boolean", help: "print machine-readable JSON" },
  { name: "scheme", type: "string", arg: "rpm|semver", help: "vercmp: the version scheme (default rpm)" },
  { name: "wait", type: "string", arg: "SECONDS", help: "how long to wait for the product lock before giving up with exit 75" }
];
var ALL_OPTIONS = [...GLOBAL_OPTIONS, ...COMMAND_OPTIONS];
function optionByName(name) {
  const o = ALL_OPTIONS.find((x) => x.name === name);
  if (!o) throw new Error(`no option ${name}`);
  return o;
}
function formatOption(o) {
  const flag = `${o.short ? `-${o.short}, ` : "    "}--${o.name}${o.arg ? ` ${o.arg}` : ""}`;
  return `  ${flag.padEnd(30)} ${o.help}`;
}

// src/cli/help.ts
var EXIT_CODES = [
  [0, "success; up to date"],
  [1, "the upgrade failed (the marker says which script; rerun to resume)"],
  [2, "usage error"],
  [3, "refused: downgrade or platform change"],
  [4, "upgrade needed (check), or not run because auto_upgrade = no (gate)"],
  [5, "deferred"],
  [6, "not configured yet (no data version); state get: key not set"],
  [75, "the product lock is busy"],
  [78, "descriptor, state file or script error"]
];
var exitSection = () => ["Exit status:", ...EXIT_CODES.map(([c, m]) => `  ${String(c).padStart(3)}  ${m}`)].join("\n");
function mainHelp() {
  return [
    "Usage: upgrade-hook COMMAND NAME [OPTIONS]",
    "",
    "Upgrades an RPM-packaged server product's data and configuration: unattended in dnf update, deferred to the",
    "next service start when the package transaction cannot run it, and resumable by hand after a failure.",
    "NAME is a product (its descriptor is NAME.conf in /usr/lib/upgrade-hook/products.d, overridden key by key",
    "by /etc/upgrade-hook/products.d) or a path to a descriptor file.",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.usage.padEnd(44)} ${c.summary}`),
    "",
    "Options:",
    ...GLOBAL_OPTIONS.map(formatOption),
    "",
    exitSection(),
    "",
    "Environment: UPGRADE_HOOK_CONFIG_PATH (colon-separated descriptor directories, replacing the default two).",
    "Example: upgrade-hook status acme; upgrade-hook run acme",
    "See upgrade-hook COMMAND --help, and man upgrade-hook(8), upgrade-hook.conf(5)."
  ].join("\n");
}
function commandHelp(c) {
  return [
    `Usage: upgrade-hook ${c.usage} [OPTIONS]`,
    "",
    wrap(c.description, 100),
    "",
    "Options:",
    ...c.options.map((n) => formatOption(optionByName(n))),
    ...GLOBAL_OPTIONS.map(formatOption),
    "",
    exitSection(),
    "",
    "Example:",
    ...c.example.split("\n").map((l) => `  ${l}`)
  ].join("\n");
}
function wrap(text, width) {
  const lines = [];
  let line2 = "";
  for (const word of text.split(/\s+/)) {
    if (line2 && line2.length + word.length + 1 > width) {
      lines.push(line2);
      line2 = word;
    } else line2 = line2 ? `${line2} ${word}` : word;
  }
  if (line2) lines.push(line2);
  return lines.join("\n");
}

// src/log/terminal.ts
function createTerminal(verbosity, out = process.stdout, err = process.stderr) {
  const live = Boolean(err.isTTY) && verbosity !== "quiet";
  let liveShown = false;
  const clearLive = () => {
    if (liveShown) {
      err.write("\r\x1B[K");
      liveShown = false;
    }
  };
  return {
    live,
    say(line2) {
      if (verbosity === "quiet") return;
      clearLive();
      out.write(`${line2}
`);
    },
    detail(line2) {
      if (verbosity !== "debug") return;
      clearLive();
      out.write(`${line2}
`);
    },
    warn(line2) {
      if (verbosity === "quiet") return;
      clearLive();
      err.write(`warning: ${line2}
`);
    },
    error(line2) {
      clearLive();
      err.write(`error: ${line2}
`);
    },
    progress(line2) {
      if (verbosity === "quiet") return;
      if (live) {
        err.write(`\r\x1B[K${line2}`);
        liveShown = true;
      } else {
        out.write(`${(/* @__PURE__ */ new Date()).toISOString().slice(11, 19)} ${line2}
`);
      }
    },
    progressDone() {
      clearLive();
    }
  };
}

// src/cli.ts
var VERSION = true ? "0.1.0" : "dev";
async function main(argv, env) {
  const debugRequested = argv.includes("-d") || argv.includes("--debug");
  const early = createTerminal(debugRequested ? "debug" : "normal");
  try {
    const { values, positionals } = parse(argv);
    const print = (text) => void process.stdout.write(`${text}
`);
    if (values.version) {
      print(`upgrade-hook ${VERSION}`);
      return EXIT.ok;
    }
    const [name, ...args] = positionals;
    if (!name) {
      print(mainHelp());
      return values.help ? EXIT.ok : EXIT.usage;
    }
    const command = findCommand(name);
    if (!command) throw new UpgradeHookError("USAGE", `unknown command "${name}"`, { hint: "see: upgrade-hook --help" });
    if (values.help) {
      print(commandHelp(command));
      return EXIT.ok;
    }
    const global2 = new Set(GLOBAL_OPTIONS.map((o) => o.name));
    for (const key of Object.keys(values)) {
      if (!global2.has(key) && !command.options.includes(key)) {
        throw new UpgradeHookError("USAGE", `${command.name} does not take --${key}`, { hint: `see: upgrade-hook ${command.name} --help` });
      }
    }
    if (args.length < command.minArgs || args.length > command.maxArgs) {
      throw new UpgradeHookError("USAGE", `usage: upgrade-hook ${command.usage}`, { hint: `see: upgrade-hook ${command.name} --help` });
    }
    const options = toOptions(values);
    const ctx = {
      args,
      options,
      env,
      euid: process.geteuid?.() ?? 0,
      print,
      terminal: createTerminal(options.quiet ? "quiet" : options.debug ? "debug" : "normal")
    };
    return await command.run(ctx);
  } catch (e) {
    return report(e, early, debugRequested);
  }
}
function parse(argv) {
  try {
    return (0, import_node_util.parseArgs)({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(ALL_OPTIONS.map((o) => [o.name, { type: o.type, ...o.short ? { short: o.short } : {} }]))
    });
  } catch (e) {
    throw new UpgradeHookError("USAGE", e.message.split("\n")[0].replace(/\. To specify.*$/, ""), { hint: "see: upgrade-hook --help" });
  }
}
function toOptions(v) {
  let wait;
  if (v.wait !== void 0) {
    if (!/^\d+$/.test(String(v.wait))) throw new UpgradeHookError("USAGE", `--wait ${v.wait}: use a whole number of seconds`);
    wait = Number(v.wait);
  }
  return {
    assumeyes: Boolean(v.assumeyes),
    skipVersionCheck: Boolean(v["skip-version-check"]),
    debug: Boolean(v.debug),
    quiet: Boolean(v.quiet),
    json: Boolean(v.json),
    logFile: v["log-file"],
    buildVersion: v["build-version"],
    force: Boolean(v.force),
    scheme: v.scheme,
    wait
  };
}
function report(e, terminal, debug) {
  if (isUpgradeHookError(e)) {
    for (const line2 of e.message.split("\n")) terminal.error(line2);
    if (e.hint) process.stderr.write(`${e.hint.startsWith("see:") || e.hint.startsWith("run") ? "" : "next: "}${e.hint}
`);
    if (debug && e.stack) process.stderr.write(`${e.stack}
`);
    return e.exitStatus;
  }
  terminal.error(`internal error: ${e instanceof Error ? e.message : String(e)} (rerun with --debug for details, and please report it)`);
  if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}
`);
  return EXIT.failed;
}

// src/main.ts
main(process.argv.slice(2), process.env).then((code) => {
  process.exitCode = code;
});
