// registrar: REGISTER processing and user location lookup over usrloc's
// tables, as Kamailio's registrar module.

#include <array>
#include <memory>
#include <optional>
#include <string_view>

#include "core/message_context.h"
#include "core/module_abi.h"
#include "core/module_host.h"
#include "core/module_params.h"
#include "fetched_contacts.h"
#include "pv/pv_api.h"
#include "registrar_kemi.h"
#include "registrar_module.h"

namespace kemid::registrar {
namespace {

constexpr ParamDef ignoredInt(std::string_view name, std::int64_t defaultValue) {
  return ParamDef{
      .name = name, .type = ParamType::Int, .intDefault = defaultValue, .noEffect = true};
}
constexpr ParamDef ignoredStr(std::string_view name) {
  return ParamDef{.name = name, .type = ParamType::Str, .noEffect = true};
}
constexpr ParamDef flag(std::string_view name, std::int64_t defaultValue) {
  return ParamDef{.name = name,
                  .type = ParamType::Int,
                  .intDefault = defaultValue,
                  .minValue = 0,
                  .maxValue = 1};
}

constexpr std::array kParams{
    ParamDef{.name = "default_expires", .type = ParamType::Int, .intDefault = 3600, .minValue = 0},
    ParamDef{.name = "min_expires", .type = ParamType::Int, .intDefault = 60, .minValue = 0},
    ParamDef{.name = "max_expires", .type = ParamType::Int, .intDefault = 0, .minValue = 0},
    ParamDef{.name = "max_contacts", .type = ParamType::Int, .intDefault = 0, .minValue = 0},
    // 0: raise a too brief expires to min_expires; 1: answer 423.
    flag("min_expires_mode", 0),
    // Thousandths, -1: none.
    ParamDef{.name = "default_q",
             .type = ParamType::Int,
             .intDefault = -1,
             .minValue = -1,
             .maxValue = 1000},
    flag("append_branches", 1),
    flag("method_filtering", 0),
    flag("case_sensitive", 1),
    ParamDef{.name = "realm_prefix", .type = ParamType::Str},
    flag("use_path", 0),
    ParamDef{
        .name = "path_mode", .type = ParamType::Int, .intDefault = 2, .minValue = 0, .maxValue = 2},
    flag("path_use_received", 0),
    ParamDef{.name = "received_avp", .type = ParamType::Str},
    ParamDef{.name = "received_param", .type = ParamType::Str, .strDefault = "received"},
    ParamDef{.name = "sock_hdr_name", .type = ParamType::Str},
    ParamDef{.name = "retry_after", .type = ParamType::Int, .intDefault = 0, .minValue = 0},
    // Accepted, without effect in kemid (see docs/modules.md).
    ignoredInt("default_expires_range", 0),
    ignoredInt("expires_range", 0),
    ignoredInt("sock_flag", -1),
    ignoredInt("sock_mode", 0),
    ignoredInt("path_check_local", 0),
    ignoredStr("xavp_cfg"),
    ignoredStr("xavp_rcd"),
    ignoredInt("xavp_rcd_mask", 0),
    ignoredInt("gruu_enabled", 0),
    ignoredInt("outbound_mode", 0),
    ignoredInt("regid_mode", 0),
    ignoredInt("flow_timer", 0),
    ignoredInt("contact_max_size", 512),
    ignoredStr("event_callback"),
    ignoredInt("lookup_filter_mode", 0),
    ignoredInt("use_expired_contacts", 0),
};

HookResult init(ModuleInitContext& ctx) {
  const ModuleParams& p = ctx.params;
  RegistrarSettings s;
  s.defaultExpires = p.getInt("default_expires");
  s.minExpires = p.getInt("min_expires");
  s.maxExpires = p.getInt("max_expires");
  s.maxContacts = p.getInt("max_contacts");
  s.rejectTooBrief = p.getInt("min_expires_mode") == 1;
  s.defaultQ = static_cast<int>(p.getInt("default_q"));
  s.appendBranches = p.getInt("append_branches") != 0;
  s.methodFiltering = p.getInt("method_filtering") != 0;
  s.caseSensitive = p.getInt("case_sensitive") != 0;
  s.realmPrefix = p.getString("realm_prefix");
  s.usePath = p.getInt("use_path") != 0;
  s.pathMode = static_cast<PathMode>(p.getInt("path_mode"));
  s.pathUseReceived = p.getInt("path_use_received") != 0;
  s.receivedAvp = p.getString("received_avp");
  s.receivedParam = p.getString("received_param");
  s.retryAfter = p.getInt("retry_after");
  s.socketHeader = p.getString("sock_hdr_name");
  auto module = std::make_unique<RegistrarModule>(ctx.host, std::move(s));
  module->registerStatistics(ctx.host.statistics());
  // $ulc(profile=>attr), what reg_fetch_contacts keeps (pv loaded before).
  if (auto* pv = ctx.host.findApi<pv::PvApi>()) {
    pv->provide("ulc", [](std::string_view inner, std::optional<int> index, MessageContext&) {
      return readFetchedContact(inner, index);
    });
  }
  ctx.state = std::move(module);
  return HookResult::success();
}

using enum KemiType;
constexpr std::array<KemiType, kMaxKemiParams> kNone{};
constexpr std::array<KemiType, kMaxKemiParams> kS{Str};
constexpr std::array<KemiType, kMaxKemiParams> kSS{Str, Str};
constexpr std::array<KemiType, kMaxKemiParams> kSI{Str, Int};
constexpr std::array<KemiType, kMaxKemiParams> kSIS{Str, Int, Str};
constexpr std::array<KemiType, kMaxKemiParams> kSSI{Str, Str, Int};
constexpr std::array<KemiType, kMaxKemiParams> kSSII{Str, Str, Int, Int};
constexpr std::array<KemiType, kMaxKemiParams> kSSS{Str, Str, Str};

constexpr std::array kKemi{
    KemiFunctionDef{"save", Int, kSI, &kemiSave},
    KemiFunctionDef{"save_uri", Int, kSIS, &kemiSaveUri},
    KemiFunctionDef{"lookup", Int, kS, &kemiLookup},
    KemiFunctionDef{"lookup_uri", Int, kSS, &kemiLookupUri},
    KemiFunctionDef{"lookup_to_dset", Int, kSS, &kemiLookupToDset},
    KemiFunctionDef{"lookup_branches", Int, kS, &kemiLookupBranches},
    KemiFunctionDef{"registered", Int, kS, &kemiRegistered},
    KemiFunctionDef{"registered_uri", Int, kSS, &kemiRegisteredUri},
    KemiFunctionDef{"registered_flags", Int, kSSI, &kemiRegisteredFlags},
    KemiFunctionDef{"registered_action", Int, kSSII, &kemiRegisteredAction},
    KemiFunctionDef{"set_q_override", Int, kS, &kemiSetQOverride},
    KemiFunctionDef{"add_sock_hdr", Int, kS, &kemiAddSockHdr},
    KemiFunctionDef{"unregister", Int, kSS, &kemiUnregister},
    KemiFunctionDef{"unregister_ruid", Int, kSSS, &kemiUnregisterRuid},
    KemiFunctionDef{"reg_fetch_contacts", Int, kSSS, &kemiRegFetchContacts},
    KemiFunctionDef{"reg_free_contacts", Int, kS, &kemiRegFreeContacts},
    KemiFunctionDef{"reg_send_reply", Int, kNone, &kemiRegSendReply},
};

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "registrar",
    .params = kParams,
    .kemi = kKemi,
    .init = &init,
};

}  // namespace
}  // namespace kemid::registrar

KEMID_MODULE(kemid::registrar::kDescriptor)
