// textops: regular-expression searches and edits of the message text, body
// helpers and string checks (Kamailio's textops module).

#include <array>
#include <memory>

#include "core/module_abi.h"
#include "textops_kemi.h"

namespace kemid::textops {
namespace {

using enum KemiType;
constexpr std::array<KemiType, kMaxKemiParams> kNone{};
constexpr std::array<KemiType, kMaxKemiParams> kS{Str};
constexpr std::array<KemiType, kMaxKemiParams> kSS{Str, Str};
constexpr std::array<KemiType, kMaxKemiParams> kSSS{Str, Str, Str};
constexpr std::array<KemiType, kMaxKemiParams> kSI{Str, Int};
constexpr std::array<KemiType, kMaxKemiParams> kSSIIS{Str, Str, Int, Int, Str};

constexpr std::array kKemi{
    KemiFunctionDef{"search", Int, kS, &kemiSearch},
    KemiFunctionDef{"search_body", Int, kS, &kemiSearchBody},
    KemiFunctionDef{"search_hf", Int, kSSS, &kemiSearchHf},
    KemiFunctionDef{"search_str", Int, kSS, &kemiSearchStr},
    KemiFunctionDef{"search_append", Int, kSS, &kemiSearchAppend},
    KemiFunctionDef{"search_append_body", Int, kSS, &kemiSearchAppendBody},
    KemiFunctionDef{"replace", Int, kSS, &kemiReplace},
    KemiFunctionDef{"replace_all", Int, kSS, &kemiReplaceAll},
    KemiFunctionDef{"replace_body", Int, kSS, &kemiReplaceBody},
    KemiFunctionDef{"replace_body_all", Int, kSS, &kemiReplaceBodyAll},
    KemiFunctionDef{"replace_body_atonce", Int, kSS, &kemiReplaceBodyAtonce},
    KemiFunctionDef{"replace_hdrs", Int, kSS, &kemiReplaceHdrs},
    KemiFunctionDef{"replace_str", Int, kSSS, &kemiReplaceStr},
    KemiFunctionDef{"replace_hdrs_str", Int, kSSS, &kemiReplaceHdrsStr},
    KemiFunctionDef{"replace_body_str", Int, kSSS, &kemiReplaceBodyStr},
    KemiFunctionDef{"subst", Int, kS, &kemiSubst},
    KemiFunctionDef{"subst_uri", Int, kS, &kemiSubstUri},
    KemiFunctionDef{"subst_user", Int, kS, &kemiSubstUser},
    KemiFunctionDef{"subst_body", Int, kS, &kemiSubstBody},
    KemiFunctionDef{"subst_hf", Int, kSSS, &kemiSubstHf},
    KemiFunctionDef{"is_present_hf", Int, kS, &kemiIsPresentHf},
    KemiFunctionDef{"is_present_hf_re", Int, kS, &kemiIsPresentHfRe},
    KemiFunctionDef{"remove_hf", Int, kS, &kemiRemoveHf},
    KemiFunctionDef{"remove_hf_re", Int, kS, &kemiRemoveHfRe},
    KemiFunctionDef{"remove_hf_exp", Int, kSS, &kemiRemoveHfExp},
    KemiFunctionDef{"remove_hf_match", Int, kSSS, &kemiRemoveHfMatch},
    KemiFunctionDef{"remove_hf_idx", Int, kSI, &kemiRemoveHfIdx},
    KemiFunctionDef{"has_body", Int, kNone, &kemiHasBody},
    KemiFunctionDef{"has_body_type", Int, kS, &kemiHasBodyType},
    KemiFunctionDef{"set_body", Int, kSS, &kemiSetBody},
    KemiFunctionDef{"filter_body", Int, kS, &kemiFilterBody},
    KemiFunctionDef{"set_reply_body", Int, kSS, &kemiSetReplyBody},
    KemiFunctionDef{"is_privacy", Int, kS, &kemiIsPrivacy},
    KemiFunctionDef{"is_audio_on_hold", Int, kNone, &kemiIsAudioOnHold},
    KemiFunctionDef{"cmp_str", Int, kSS, &kemiCmpStr},
    KemiFunctionDef{"cmp_istr", Int, kSS, &kemiCmpIstr},
    KemiFunctionDef{"starts_with", Int, kSS, &kemiStartsWith},
    KemiFunctionDef{"ends_with", Int, kSS, &kemiEndsWith},
    KemiFunctionDef{"str_find", Int, kSS, &kemiStrFind},
    KemiFunctionDef{"str_ifind", Int, kSS, &kemiStrIfind},
    KemiFunctionDef{"in_list", Int, kSSS, &kemiInList},
    KemiFunctionDef{"in_list_prefix", Int, kSSS, &kemiInListPrefix},
    KemiFunctionDef{"regex_substring", Int, kSSIIS, &kemiRegexSubstring},
    KemiFunctionDef{"get_body_part", Int, kSS, &kemiGetBodyPart},
    KemiFunctionDef{"get_body_part_raw", Int, kSS, &kemiGetBodyPartRaw},
    KemiFunctionDef{"remove_body_part", Int, kS, &kemiRemoveBodyPart},
    KemiFunctionDef{"append_body_part", Int, kSS, &kemiAppendBodyPart},
    KemiFunctionDef{"append_body_part_cd", Int, kSSS, &kemiAppendBodyPartCd},
    KemiFunctionDef{"append_body_part_hex", Int, kSS, &kemiAppendBodyPartHex},
    KemiFunctionDef{"append_body_part_hex_cd", Int, kSSS, &kemiAppendBodyPartHexCd},
    KemiFunctionDef{"set_body_multipart", Int, kSSS, &kemiSetBodyMultipart},
    KemiFunctionDef{"set_body_multipart_content", Int, kSS, &kemiSetBodyMultipartContent},
    KemiFunctionDef{"set_body_multipart_boundary", Int, kS, &kemiSetBodyMultipartBoundary},
    KemiFunctionDef{"set_body_multipart_mode", Int, kNone, &kemiSetBodyMultipartMode},
};

HookResult init(ModuleInitContext& ctx) {
  ctx.state = std::make_unique<TextopsModule>(ctx.host);
  return HookResult::success();
}

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "textops",
    .kemi = kKemi,
    .init = &init,
};

}  // namespace
}  // namespace kemid::textops

KEMID_MODULE(kemid::textops::kDescriptor)
