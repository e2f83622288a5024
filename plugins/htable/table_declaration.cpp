#include "table_declaration.h"

#include <algorithm>
#include <charconv>

namespace kemid::htable {
namespace {

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::optional<std::int64_t> toInt(std::string_view s) {
  std::int64_t n = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return n;
}

}  // namespace

std::optional<TableDeclaration> parseTableDeclaration(std::string_view text, std::string& error) {
  const std::size_t arrow = text.find("=>");
  if (arrow == std::string_view::npos) {
    error = "expected name=>attributes (size=..;autoexpire=..;...)";
    return std::nullopt;
  }
  TableDeclaration decl;
  decl.name = std::string(trim(text.substr(0, arrow)));
  if (decl.name.empty()) {
    error = "expected a table name before =>";
    return std::nullopt;
  }
  std::string_view rest = text.substr(arrow + 2);
  while (!rest.empty()) {
    const std::size_t semi = rest.find(';');
    std::string_view attr = trim(rest.substr(0, semi));
    rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
    if (attr.empty()) continue;
    const std::size_t eq = attr.find('=');
    if (eq == std::string_view::npos) {
      error = "expected name=value for attribute '" + std::string(attr) + "' of table " + decl.name;
      return std::nullopt;
    }
    const std::string_view key = trim(attr.substr(0, eq));
    std::string_view value = trim(attr.substr(eq + 1));
    if (key == "dbtable") {
      decl.dbtable = std::string(value);
      continue;
    }
    if (key == "cols") {
      error = "the cols attribute of table " + decl.name + " is not supported";
      return std::nullopt;
    }
    const bool known = key == "size" || key == "autoexpire" || key == "initval" ||
                       key == "updateexpire" || key == "dbmode" || key == "dmqreplicate" ||
                       key == "shared";
    if (!known) {
      error = "unknown attribute '" + std::string(key) + "' of table " + decl.name +
              " (expected size, autoexpire, initval, updateexpire, dbtable, dbmode, dmqreplicate, "
              "shared)";
      return std::nullopt;
    }
    const auto number = toInt(value);
    if (!number) {
      error = "expected an integer for " + std::string(key) + " of table " + decl.name + ", got '" +
              std::string(value) + "'";
      return std::nullopt;
    }
    if (key == "size") {
      // As Kamailio: too small becomes 3 (8 slots), too large 14 (16384 slots).
      decl.sizeExponent = *number < 2 ? 3 : static_cast<int>(std::min<std::int64_t>(*number, 14));
    } else if (key == "autoexpire") {
      decl.autoexpire = std::max<std::int64_t>(*number, 0);
    } else if (key == "initval") {
      decl.initval = *number;
    } else if (key == "updateexpire") {
      decl.updateexpire = *number != 0;
    } else if (key == "dbmode") {
      decl.dbmode = static_cast<int>(*number);
    } else if (key == "shared") {
      decl.shared = *number != 0;
    } else {
      decl.dmqreplicate = static_cast<int>(*number);
    }
  }
  if (decl.shared && !decl.dbtable.empty()) {
    error =
        "table " + decl.name + " is shared=1: it lives in Redis, dbtable cannot be used with it";
    return std::nullopt;
  }
  return decl;
}

std::string checkTableDeclaration(std::string_view text) {
  std::string error;
  parseTableDeclaration(text, error);
  return error;
}

}  // namespace kemid::htable
