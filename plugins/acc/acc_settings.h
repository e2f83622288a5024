#pragma once
// acc's modparams as the plugin uses them (log accounting only).

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/log.h"

namespace kemid {
class ModuleParams;
}

namespace kemid::acc {

// One log_extra entry: "src_user=$fU" logs ";src_user=<value of $fU>".
struct ExtraField {
  std::string name;
  std::string pv;
};

struct AccSettings {
  std::optional<int> logFlag;        // message flag that asks for accounting
  std::optional<int> logMissedFlag;  // ... for missed calls (negative INVITE finals)
  std::optional<int> failedFlag;     // ... for negative finals (failed_transaction_flag)
  std::set<int> failedFilter;        // negative codes never accounted as failed
  bool reportCancels = false;
  bool earlyMedia = false;  // a provisional with a body counts as answered
  LogLevel logLevel = LogLevel::Notice;
  std::vector<ExtraField> logExtra;
};

// "name=$pv;name=$pv" (log_extra); nullopt with `error` set when it does
// not parse.
std::optional<std::vector<ExtraField>> parseExtra(std::string_view text, std::string& error);

// The settings, or nullopt with `error` set; warns about the parameters
// kemid accepts but does not implement.
std::optional<AccSettings> readSettings(const ModuleParams& params, std::string& error);

}  // namespace kemid::acc
