#include "db/db_value.h"

#include <charconv>
#include <cstdio>

namespace kemid::db {

std::string formatDateTime(DbDateTime value) {
  std::tm local{};
  localtime_r(&value.seconds, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
  return text;
}

std::optional<DbDateTime> parseDateTime(std::string_view text) {
  std::tm local{};
  char rest = 0;
  const std::string copy(text);
  // A fraction of a second (MySQL's DATETIME(6)) or a 'T' separator are
  // read too; the fraction is dropped.
  const int fields =
      std::sscanf(copy.c_str(), "%d-%d-%d%*[ T]%d:%d:%d%c", &local.tm_year, &local.tm_mon,
                  &local.tm_mday, &local.tm_hour, &local.tm_min, &local.tm_sec, &rest);
  if (fields < 6 || (fields == 7 && rest != '.')) return std::nullopt;
  local.tm_year -= 1900;
  local.tm_mon -= 1;
  local.tm_isdst = -1;
  const std::time_t seconds = std::mktime(&local);
  if (seconds == static_cast<std::time_t>(-1)) return std::nullopt;
  return DbDateTime{seconds};
}

std::string toText(const DbValue& value) {
  struct Visitor {
    std::string operator()(DbNull) const { return "NULL"; }
    std::string operator()(std::int64_t v) const { return std::to_string(v); }
    std::string operator()(double v) const {
      char text[64];
      std::snprintf(text, sizeof text, "%g", v);
      return text;
    }
    std::string operator()(const std::string& v) const { return v; }
    std::string operator()(DbDateTime v) const { return formatDateTime(v); }
  };
  return std::visit(Visitor{}, value);
}

std::optional<std::int64_t> asInt(const DbValue& value) {
  if (const auto* v = std::get_if<std::int64_t>(&value)) return *v;
  if (const auto* v = std::get_if<double>(&value)) return static_cast<std::int64_t>(*v);
  if (const auto* v = std::get_if<DbDateTime>(&value)) return static_cast<std::int64_t>(v->seconds);
  if (const auto* v = std::get_if<std::string>(&value)) {
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec == std::errc() && end == v->data() + v->size()) return n;
  }
  return std::nullopt;
}

std::optional<double> asDouble(const DbValue& value) {
  if (const auto* v = std::get_if<double>(&value)) return *v;
  if (const auto* v = std::get_if<std::int64_t>(&value)) return static_cast<double>(*v);
  if (const auto* v = std::get_if<std::string>(&value)) {
    char* end = nullptr;
    const double d = std::strtod(v->c_str(), &end);
    if (!v->empty() && end == v->c_str() + v->size()) return d;
  }
  return std::nullopt;
}

std::optional<std::string> asString(const DbValue& value) {
  if (std::holds_alternative<DbNull>(value)) return std::nullopt;
  return toText(value);
}

std::optional<DbDateTime> asDateTime(const DbValue& value) {
  if (const auto* v = std::get_if<DbDateTime>(&value)) return *v;
  if (const auto* v = std::get_if<std::string>(&value)) return parseDateTime(*v);
  if (const auto* v = std::get_if<std::int64_t>(&value))
    return DbDateTime{static_cast<std::time_t>(*v)};
  return std::nullopt;
}

std::optional<std::size_t> DbRows::columnIndex(std::string_view column) const {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == column) return i;
  }
  return std::nullopt;
}

}  // namespace kemid::db
