// textopsx: applying pending changes early, body removal, keeping chosen
// headers, shell patterns (Kamailio's textopsx module).

#include <array>

#include "core/module_abi.h"
#include "textopsx_kemi.h"

namespace kemid::textopsx {
namespace {

using enum KemiType;
constexpr std::array<KemiType, kMaxKemiParams> kNone{};
constexpr std::array<KemiType, kMaxKemiParams> kS{Str};
constexpr std::array<KemiType, kMaxKemiParams> kSS{Str, Str};
constexpr std::array<KemiType, kMaxKemiParams> kSSS{Str, Str, Str};
constexpr std::array<KemiType, kMaxKemiParams> kI{Int};
constexpr std::array<KemiType, kMaxKemiParams> kIS{Int, Str};

constexpr std::array kKemi{
    KemiFunctionDef{"msg_apply_changes", Int, kNone, &kemiMsgApplyChanges},
    KemiFunctionDef{"msg_set_buffer", Int, kS, &kemiMsgSetBuffer},
    KemiFunctionDef{"remove_body", Int, kNone, &kemiRemoveBody},
    KemiFunctionDef{"change_reply_status", Int, kIS, &kemiChangeReplyStatus},
    KemiFunctionDef{"change_reply_status_code", Int, kI, &kemiChangeReplyStatusCode},
    KemiFunctionDef{"keep_hf", Int, kNone, &kemiKeepHf},
    KemiFunctionDef{"keep_hf_re", Int, kS, &kemiKeepHfRe},
    KemiFunctionDef{"fnmatch", Int, kSS, &kemiFnmatch},
    KemiFunctionDef{"fnmatch_ex", Int, kSSS, &kemiFnmatchEx},
    KemiFunctionDef{"hf_iterator_start", Int, kS, &kemiHfIteratorStart},
    KemiFunctionDef{"hf_iterator_end", Int, kS, &kemiHfIteratorEnd},
    KemiFunctionDef{"hf_iterator_next", Int, kS, &kemiHfIteratorNext},
    KemiFunctionDef{"hf_iterator_prev", Int, kS, &kemiHfIteratorPrev},
    KemiFunctionDef{"hf_iterator_hname", XVal, kS, &kemiHfIteratorHname},
    KemiFunctionDef{"hf_iterator_hbody", XVal, kS, &kemiHfIteratorHbody},
    KemiFunctionDef{"hf_iterator_rm", Int, kS, &kemiHfIteratorRm},
    KemiFunctionDef{"hf_iterator_append", Int, kSS, &kemiHfIteratorAppend},
    KemiFunctionDef{"hf_iterator_insert", Int, kSS, &kemiHfIteratorInsert},
    KemiFunctionDef{"append_hf_value", Int, kSS, &kemiAppendHfValue},
    KemiFunctionDef{"insert_hf_value", Int, kSS, &kemiInsertHfValue},
    KemiFunctionDef{"assign_hf_value", Int, kSS, &kemiAssignHfValue},
    KemiFunctionDef{"assign_hf_value2", Int, kSS, &kemiAssignHfValue2},
    KemiFunctionDef{"remove_hf_value", Int, kS, &kemiRemoveHfValue},
    KemiFunctionDef{"remove_hf_value2", Int, kSS, &kemiRemoveHfValue2},
    KemiFunctionDef{"hf_value_exists", Int, kSS, &kemiHfValueExists},
    KemiFunctionDef{"include_hf_value", Int, kSS, &kemiIncludeHfValue},
    KemiFunctionDef{"exclude_hf_value", Int, kSS, &kemiExcludeHfValue},
    KemiFunctionDef{"bl_iterator_start", Int, kS, &kemiBlIteratorStart},
    KemiFunctionDef{"bl_iterator_end", Int, kS, &kemiBlIteratorEnd},
    KemiFunctionDef{"bl_iterator_next", Int, kS, &kemiBlIteratorNext},
    KemiFunctionDef{"bl_iterator_value", XVal, kS, &kemiBlIteratorValue},
    KemiFunctionDef{"bl_iterator_rm", Int, kS, &kemiBlIteratorRm},
    KemiFunctionDef{"bl_iterator_append", Int, kSS, &kemiBlIteratorAppend},
    KemiFunctionDef{"bl_iterator_insert", Int, kSS, &kemiBlIteratorInsert},
};

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "textopsx",
    .kemi = kKemi,
};

}  // namespace
}  // namespace kemid::textopsx

KEMID_MODULE(kemid::textopsx::kDescriptor)
