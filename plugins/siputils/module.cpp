// siputils: SIP message and URI checks, as Kamailio's siputils module.

#include <array>
#include <memory>
#include <string_view>

#include "core/log.h"
#include "core/module_abi.h"
#include "core/module_params.h"
#include "siputils_kemi.h"

namespace kemid::siputils {
namespace {

constexpr Logger kLog{"siputils"};

constexpr std::string_view kRpidSuffix = ";party=calling;id-type=subscriber;screen=yes";

constexpr std::array kParams{
    ParamDef{.name = "options_accept", .type = ParamType::Str, .strDefault = "*/*"},
    ParamDef{.name = "options_accept_encoding", .type = ParamType::Str},
    ParamDef{.name = "options_accept_language", .type = ParamType::Str, .strDefault = "en"},
    ParamDef{.name = "options_support", .type = ParamType::Str},
    // Its first character separates the fields of encode_contact().
    ParamDef{.name = "contact_flds_separator", .type = ParamType::Str, .strDefault = "*"},
    // Used by functions kemid does not have (183 to 180 rewriting,
    // Remote-Party-ID): accepted, a warning when set.
    ParamDef{.name = "ring_timeout", .type = ParamType::Int, .minValue = 0},
    ParamDef{.name = "rpid_prefix", .type = ParamType::Str},
    ParamDef{.name = "rpid_suffix", .type = ParamType::Str, .strDefault = kRpidSuffix},
    ParamDef{.name = "rpid_avp", .type = ParamType::Str, .strDefault = "$avp(s:rpid)"},
};

HookResult init(ModuleInitContext& ctx) {
  if (ctx.params.getInt("ring_timeout") != 0) {
    kLog.warn("modparam ring_timeout is not supported by kemid and is ignored");
  }
  for (const ParamDef& param : kParams) {
    if (param.name.starts_with("rpid_") && ctx.params.getString(param.name) != param.strDefault) {
      kLog.warn("modparam ", param.name, " is not supported by kemid and is ignored");
    }
  }
  const std::string& separator = ctx.params.getString("contact_flds_separator");
  if (separator.empty()) return HookResult::failure("modparam contact_flds_separator is empty");
  ctx.state = std::make_unique<SiputilsState>(
      ctx.host,
      OptionsSettings{.accept = ctx.params.getString("options_accept"),
                      .acceptEncoding = ctx.params.getString("options_accept_encoding"),
                      .acceptLanguage = ctx.params.getString("options_accept_language"),
                      .supported = ctx.params.getString("options_support")},
      separator.front());
  return HookResult::success();
}

using enum KemiType;
constexpr std::array<KemiType, kMaxKemiParams> kNoParams{};
constexpr std::array<KemiType, kMaxKemiParams> kInt{Int};
constexpr std::array<KemiType, kMaxKemiParams> kStr{Str};
constexpr std::array<KemiType, kMaxKemiParams> kStrStr{Str, Str};

// In the order of Kamailio 5.6's export table (app_lua.api_list).
constexpr std::array kKemi{
    KemiFunctionDef{"has_totag", Int, kNoParams, &kemiHasTotag},
    KemiFunctionDef{"is_request", Int, kNoParams, &kemiIsRequest},
    KemiFunctionDef{"is_reply", Int, kNoParams, &kemiIsReply},
    KemiFunctionDef{"is_first_hop", Int, kNoParams, &kemiIsFirstHop},
    KemiFunctionDef{"is_first_hop_mode", Int, kInt, &kemiIsFirstHopMode},
    KemiFunctionDef{"is_uri", Int, kStr, &kemiIsUri},
    KemiFunctionDef{"is_user", Int, kStr, &kemiIsUser},
    KemiFunctionDef{"uri_param", Int, kStr, &kemiUriParam},
    KemiFunctionDef{"uri_param_value", Int, kStrStr, &kemiUriParamValue},
    KemiFunctionDef{"uri_param_any", Int, kStr, &kemiUriParamAny},
    KemiFunctionDef{"uri_param_rm", Int, kStr, &kemiUriParamRm},
    KemiFunctionDef{"is_tel_number", Int, kStr, &kemiIsTelNumber},
    KemiFunctionDef{"is_numeric", Int, kStr, &kemiIsNumeric},
    KemiFunctionDef{"is_alphanum", Int, kStr, &kemiIsAlphanum},
    KemiFunctionDef{"is_alphanumex", Int, kStrStr, &kemiIsAlphanumex},
    KemiFunctionDef{"options_reply", Int, kNoParams, &kemiOptionsReply},
    KemiFunctionDef{"encode_contact", Int, kStrStr, &kemiEncodeContact},
    KemiFunctionDef{"decode_contact", Int, kNoParams, &kemiDecodeContact},
    KemiFunctionDef{"decode_contact_header", Int, kNoParams, &kemiDecodeContactHeader},
    KemiFunctionDef{"contact_param_encode", Int, kStrStr, &kemiContactParamEncode},
    KemiFunctionDef{"contact_param_decode", Int, kStr, &kemiContactParamDecode},
    KemiFunctionDef{"contact_param_decode_ruri", Int, kStr, &kemiContactParamDecodeRuri},
    KemiFunctionDef{"contact_param_rm", Int, kStr, &kemiContactParamRm},
    KemiFunctionDef{"hdr_date_check", Int, kInt, &kemiHdrDateCheck},
    KemiFunctionDef{"cmp_uri", Int, kStrStr, &kemiCmpUri},
    KemiFunctionDef{"cmp_aor", Int, kStrStr, &kemiCmpAor},
    KemiFunctionDef{"cmp_hdr_name", Int, kStrStr, &kemiCmpHdrName},
    KemiFunctionDef{"is_gruu", Int, kNoParams, &kemiIsGruu},
    KemiFunctionDef{"add_uri_param", Int, kStr, &kemiAddUriParam},
};

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "siputils",
    .params = kParams,
    .kemi = kKemi,
    .init = &init,
};

}  // namespace
}  // namespace kemid::siputils

KEMID_MODULE(kemid::siputils::kDescriptor)
