// acc: accounting of transactions and requests to the log (Kamailio's acc
// module without its database and CDR back ends).

#include <array>
#include <memory>
#include <string>

#include "acc_kemi.h"
#include "acc_module.h"
#include "acc_settings.h"
#include "core/log.h"
#include "core/module_abi.h"
#include "core/module_host.h"
#include "core/module_params.h"
#include "tm/tm_api.h"

namespace kemid::acc {
namespace {

constexpr std::int64_t kNoFlag = -1;
constexpr std::int64_t kMaxFlag = 31;

// A parameter kemid's acc (log accounting of replies only) does not act
// on: accepted, with a warning when set to anything but its default.
constexpr ParamDef ignored(ParamDef def) {
  def.noEffect = true;
  return def;
}

constexpr ParamDef flagParam(std::string_view name) {
  return ParamDef{.name = name,
                  .type = ParamType::Int,
                  .intDefault = kNoFlag,
                  .minValue = kNoFlag,
                  .maxValue = kMaxFlag};
}

constexpr ParamDef switchParam(std::string_view name, std::int64_t byDefault = 0) {
  return ParamDef{
      .name = name, .type = ParamType::Int, .intDefault = byDefault, .minValue = 0, .maxValue = 1};
}

constexpr ParamDef intParam(std::string_view name) {
  return ParamDef{.name = name, .type = ParamType::Int};
}

constexpr ParamDef strParam(std::string_view name, std::string_view byDefault = "") {
  return ParamDef{.name = name, .type = ParamType::Str, .strDefault = byDefault};
}

// Every parameter Kamailio 5.6's acc documents; those of the database and
// CDR back ends, and options only they use, are ignored().
constexpr std::array kParams{
    // log accounting
    flagParam("log_flag"),
    flagParam("log_missed_flag"),
    flagParam("failed_transaction_flag"),
    strParam("failed_filter"),
    ParamDef{.name = "log_level",
             .type = ParamType::Int,
             .intDefault = static_cast<std::int64_t>(LogLevel::Notice),
             .minValue = static_cast<std::int64_t>(LogLevel::Alert),
             .maxValue = static_cast<std::int64_t>(LogLevel::Dbg)},
    strParam("log_facility", "LOG_DAEMON"),
    strParam("log_extra"),
    switchParam("report_cancels"),
    ignored(switchParam("report_ack")),
    switchParam("early_media"),
    ignored(switchParam("detect_direction")),
    switchParam("clone_msg", 1),
    ignored(strParam("multi_leg_info")),
    ignored(intParam("time_mode")),
    ignored(strParam("time_attr")),
    ignored(strParam("time_exten")),
    ignored(strParam("time_format")),
    ignored(switchParam("reason_from_hf")),
    ignored(switchParam("acc_extra_nullable")),
    ignored(flagParam("acc_prepare_flag")),
    ignored(switchParam("acc_prepare_always")),
    // database accounting
    ignored(flagParam("db_flag")),
    ignored(flagParam("db_missed_flag")),
    ignored(strParam("db_url")),
    ignored(strParam("db_table_acc")),
    ignored(strParam("db_table_missed_calls")),
    ignored(strParam("db_extra")),
    ignored(intParam("db_insert_mode")),
    ignored(strParam("acc_method_column")),
    ignored(strParam("acc_from_tag_column")),
    ignored(strParam("acc_to_tag_column")),
    ignored(strParam("acc_callid_column")),
    ignored(strParam("acc_sip_code_column")),
    ignored(strParam("acc_sip_reason_column")),
    ignored(strParam("acc_time_column")),
    // CDRs (from the dialog module)
    ignored(switchParam("cdr_enable")),
    switchParam("cdr_log_enable", 1),
    ignored(switchParam("cdr_start_on_confirmed")),
    ignored(switchParam("cdr_expired_dlg_enable")),
    ignored(strParam("cdr_facility")),
    ignored(strParam("cdr_extra")),
    ignored(switchParam("cdr_extra_nullable")),
    ignored(strParam("cdr_start_id")),
    ignored(strParam("cdr_end_id")),
    ignored(strParam("cdr_duration_id")),
    ignored(strParam("cdr_skip")),
    ignored(strParam("cdrs_table")),
};

HookResult init(ModuleInitContext& ctx) {
  std::string error;
  auto settings = readSettings(ctx.params, error);
  if (!settings) return HookResult::failure(error);
  auto* tm = ctx.host.findApi<tm::TmApi>();
  if (tm == nullptr) return HookResult::failure("acc needs tm, loaded before it");
  auto state = std::make_unique<AccState>();
  state->module = std::make_shared<AccModule>(std::move(*settings), ctx.host);
  // Only the log flag and the missed flag lead to a line.
  const AccSettings& accSettings = state->module->settings();
  tm::ReplyOutFilter filter{.provisional = accSettings.earlyMedia};
  for (const auto& flag : {accSettings.logFlag, accSettings.logMissedFlag}) {
    if (flag) filter.anyOfFlags |= 1u << *flag;
  }
  if (filter.anyOfFlags != 0) {
    tm->onReplyOut(
        [acc = state->module](const tm::ReplyOutEvent& event) { acc->onReplyOut(event); }, filter);
  }
  ctx.state = std::move(state);
  return HookResult::success();
}

constexpr auto S = KemiType::Str;

constexpr std::array kKemi{
    KemiFunctionDef{"acc_log_request", KemiType::Int, {S}, &kemiAccLogRequest},
    KemiFunctionDef{"acc_request", KemiType::Int, {S, S}, &kemiAccRequest},
    KemiFunctionDef{"acc_db_request", KemiType::Int, {S, S}, &kemiAccDbRequest},
};

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "acc",
    .params = kParams,
    .kemi = kKemi,
    .init = &init,
};

}  // namespace
}  // namespace kemid::acc

KEMID_MODULE(kemid::acc::kDescriptor)
