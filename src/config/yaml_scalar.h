#pragma once
// The types of YAML scalars as kemid reads them, and the spelling that makes
// a string read back as itself. The YAML loader and the config writer share
// these rules, so that a written config loads as the Config it came from.

#include <cstdint>
#include <string>
#include <string_view>

namespace kemid::yaml {

enum class ScalarType { Null, Bool, Int, Float, String };

// A plain (unquoted) scalar, typed by YAML 1.2's core schema with YAML 1.1's
// yes/no/on/off as booleans (as yaml-cpp reads them): ~ and null are Null;
// true/false/yes/no/on/off (lower case, Capitalised or UPPER) Bool;
// [-+]?[0-9]+ (decimal, leading zeros allowed), 0x.. and 0o.. Int; 1.5,
// 1e3, .inf, .nan Float; anything else a String.
struct PlainScalar {
  ScalarType type = ScalarType::String;
  bool boolean = false;
  std::int64_t integer = 0;
  bool outOfRange = false;  // an Int whose magnitude exceeds INT64_MAX
};

PlainScalar resolvePlain(std::string_view text);

// How a value is named in messages: "30s" (a string, in double quotes with
// escapes), 5, true, ...
std::string describeString(std::string_view text);

enum class QuoteFor {
  Key,    // a mapping key: taken literally
  Value,  // a value: the loader substitutes ${VAR}, so a literal "${" is written "$${"
};

// `text` spelled as a YAML scalar that reads back as the string `text`:
// plain when that is unambiguous in block and flow context, otherwise in
// double quotes with escapes.
std::string quoteString(std::string_view text, QuoteFor use = QuoteFor::Value);

}  // namespace kemid::yaml
