#include "acc_settings.h"

#include <charconv>

#include "core/module_params.h"
#include "sip/ascii.h"

namespace kemid::acc {

namespace {

std::optional<int> flagParam(const ModuleParams& params, std::string_view name) {
  const std::int64_t flag = params.getInt(name);
  if (flag < 0) return std::nullopt;
  return static_cast<int>(flag);
}

std::string_view trim(std::string_view text) {
  return sip::trimLws(text);
}

// failed_filter: "404,486" -> {404, 486}.
std::optional<std::set<int>> parseFailedFilter(std::string_view text, std::string& error) {
  std::set<int> codes;
  while (!trim(text).empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view item = trim(text.substr(0, comma));
    int code = 0;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), code);
    if (ec != std::errc() || end != item.data() + item.size() || code < 100 || code > 699) {
      error = "failed_filter: not a reply code: \"" + std::string(item) + "\"";
      return std::nullopt;
    }
    codes.insert(code);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
  return codes;
}

}  // namespace

std::optional<std::vector<ExtraField>> parseExtra(std::string_view text, std::string& error) {
  std::vector<ExtraField> fields;
  while (!trim(text).empty()) {
    const std::size_t semicolon = text.find(';');
    const std::string_view item = trim(text.substr(0, semicolon));
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos || trim(item.substr(0, eq)).empty() ||
        trim(item.substr(eq + 1)).empty()) {
      error = "log_extra: expected name=$pv, got \"" + std::string(item) + "\"";
      return std::nullopt;
    }
    fields.push_back(
        {std::string(trim(item.substr(0, eq))), std::string(trim(item.substr(eq + 1)))});
    text = semicolon == std::string_view::npos ? std::string_view{} : text.substr(semicolon + 1);
  }
  return fields;
}

std::optional<AccSettings> readSettings(const ModuleParams& params, std::string& error) {
  AccSettings settings;
  settings.logFlag = flagParam(params, "log_flag");
  settings.logMissedFlag = flagParam(params, "log_missed_flag");
  settings.failedFlag = flagParam(params, "failed_transaction_flag");
  settings.reportCancels = params.getInt("report_cancels") != 0;
  settings.earlyMedia = params.getInt("early_media") != 0;
  settings.logLevel = static_cast<LogLevel>(params.getInt("log_level"));
  auto filter = parseFailedFilter(params.getString("failed_filter"), error);
  if (!filter) return std::nullopt;
  settings.failedFilter = std::move(*filter);
  auto extra = parseExtra(params.getString("log_extra"), error);
  if (!extra) return std::nullopt;
  settings.logExtra = std::move(*extra);
  if (!logging::syslogFacility(params.getString("log_facility"))) {
    error = "log_facility: unknown facility \"" + params.getString("log_facility") + "\"";
    return std::nullopt;
  }
  return settings;
}

}  // namespace kemid::acc
