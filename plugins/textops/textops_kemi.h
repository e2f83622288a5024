#pragma once
// KSR.textops.* handlers: the call's arguments to text_operations.h and
// string_checks.h, their outcomes to Kamailio's return codes. module.cpp
// lists them.

#include <string>
#include <string_view>

#include "core/module_abi.h"

namespace kemid {
class ModuleHost;
struct MessageContext;
}  // namespace kemid

namespace kemid::textops {

// The host, for pv's API (regex_substring and get_body_part set a
// pseudo-variable).
class TextopsModule final : public ModuleState {
 public:
  explicit TextopsModule(ModuleHost& host) : host_(host) {}
  // Stores `text` in the pseudo-variable `name`; false, logged as
  // `function`'s error, when it cannot.
  bool setVariable(MessageContext* ctx, std::string_view function, std::string_view name,
                   std::string text) const;

 private:
  ModuleHost& host_;
};

KemiValue kemiSearch(KemiCall& call);             // search(re)
KemiValue kemiSearchBody(KemiCall& call);         // search_body(re)
KemiValue kemiSearchHf(KemiCall& call);           // search_hf(hname, re, flags)
KemiValue kemiSearchStr(KemiCall& call);          // search_str(text, re)
KemiValue kemiSearchAppend(KemiCall& call);       // search_append(re, text)
KemiValue kemiSearchAppendBody(KemiCall& call);   // search_append_body(re, text)
KemiValue kemiReplace(KemiCall& call);            // replace(re, text)
KemiValue kemiReplaceAll(KemiCall& call);         // replace_all(re, text)
KemiValue kemiReplaceBody(KemiCall& call);        // replace_body(re, text)
KemiValue kemiReplaceBodyAll(KemiCall& call);     // replace_body_all(re, text)
KemiValue kemiReplaceBodyAtonce(KemiCall& call);  // replace_body_atonce(re, text)
KemiValue kemiReplaceHdrs(KemiCall& call);        // replace_hdrs(re, text)
KemiValue kemiReplaceStr(KemiCall& call);         // replace_str(match, text, mode)
KemiValue kemiReplaceHdrsStr(KemiCall& call);     // replace_hdrs_str(match, text, mode)
KemiValue kemiReplaceBodyStr(KemiCall& call);     // replace_body_str(match, text, mode)
KemiValue kemiSubst(KemiCall& call);              // subst(expr)
KemiValue kemiSubstUri(KemiCall& call);           // subst_uri(expr)
KemiValue kemiSubstUser(KemiCall& call);          // subst_user(expr)
KemiValue kemiSubstBody(KemiCall& call);          // subst_body(expr)
KemiValue kemiSubstHf(KemiCall& call);            // subst_hf(hname, expr, flags)
KemiValue kemiIsPresentHf(KemiCall& call);        // is_present_hf(hname)
KemiValue kemiIsPresentHfRe(KemiCall& call);      // is_present_hf_re(re)
KemiValue kemiRemoveHf(KemiCall& call);           // remove_hf(hname)
KemiValue kemiRemoveHfRe(KemiCall& call);         // remove_hf_re(re)
KemiValue kemiRemoveHfExp(KemiCall& call);        // remove_hf_exp(match_re, skip_re)
KemiValue kemiRemoveHfMatch(KemiCall& call);      // remove_hf_match(hname, op, value)
KemiValue kemiRemoveHfIdx(KemiCall& call);        // remove_hf_idx(hname, idx)
KemiValue kemiHasBody(KemiCall& call);            // has_body()
KemiValue kemiHasBodyType(KemiCall& call);        // has_body_type(ctype)
KemiValue kemiSetBody(KemiCall& call);            // set_body(body, ctype)
KemiValue kemiFilterBody(KemiCall& call);         // filter_body(ctype)
KemiValue kemiSetReplyBody(KemiCall& call);       // set_reply_body(body, ctype)
KemiValue kemiIsPrivacy(KemiCall& call);          // is_privacy(value)
KemiValue kemiIsAudioOnHold(KemiCall& call);      // is_audio_on_hold()
KemiValue kemiCmpStr(KemiCall& call);             // cmp_str(a, b)
KemiValue kemiCmpIstr(KemiCall& call);            // cmp_istr(a, b)
KemiValue kemiStartsWith(KemiCall& call);         // starts_with(text, prefix)
KemiValue kemiEndsWith(KemiCall& call);           // ends_with(text, suffix)
KemiValue kemiStrFind(KemiCall& call);            // str_find(text, needle)
KemiValue kemiStrIfind(KemiCall& call);           // str_ifind(text, needle)
KemiValue kemiInList(KemiCall& call);             // in_list(subject, list, separator)
KemiValue kemiInListPrefix(KemiCall& call);       // in_list_prefix(subject, list, separator)
KemiValue kemiRegexSubstring(KemiCall& call);     // regex_substring(text, re, index, count, dpv)

// body_parts_kemi.cpp: the parts of a multipart body.
KemiValue kemiGetBodyPart(KemiCall& call);               // get_body_part(ctype, opv)
KemiValue kemiGetBodyPartRaw(KemiCall& call);            // get_body_part_raw(ctype, opv)
KemiValue kemiRemoveBodyPart(KemiCall& call);            // remove_body_part(ctype)
KemiValue kemiAppendBodyPart(KemiCall& call);            // append_body_part(txt, ctype)
KemiValue kemiAppendBodyPartCd(KemiCall& call);          // append_body_part_cd(txt, ctype, cd)
KemiValue kemiAppendBodyPartHex(KemiCall& call);         // append_body_part_hex(hex, ctype)
KemiValue kemiAppendBodyPartHexCd(KemiCall& call);       // append_body_part_hex_cd(hex, ctype, cd)
KemiValue kemiSetBodyMultipart(KemiCall& call);          // set_body_multipart(txt, ctype, boundary)
KemiValue kemiSetBodyMultipartContent(KemiCall& call);   // set_body_multipart_content(txt, ctype)
KemiValue kemiSetBodyMultipartBoundary(KemiCall& call);  // set_body_multipart_boundary(b)
KemiValue kemiSetBodyMultipartMode(KemiCall& call);      // set_body_multipart_mode()

}  // namespace kemid::textops
