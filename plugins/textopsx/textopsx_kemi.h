#pragma once
// KSR.textopsx.* handlers (Kamailio's textopsx); module.cpp lists them.

#include "core/module_abi.h"

namespace kemid::textopsx {

KemiValue kemiMsgApplyChanges(KemiCall& call);        // msg_apply_changes()
KemiValue kemiMsgSetBuffer(KemiCall& call);           // msg_set_buffer(text)
KemiValue kemiRemoveBody(KemiCall& call);             // remove_body()
KemiValue kemiChangeReplyStatus(KemiCall& call);      // change_reply_status(code, reason)
KemiValue kemiChangeReplyStatusCode(KemiCall& call);  // change_reply_status_code(code)
KemiValue kemiKeepHf(KemiCall& call);                 // keep_hf()
KemiValue kemiKeepHfRe(KemiCall& call);               // keep_hf_re(re)
KemiValue kemiFnmatch(KemiCall& call);                // fnmatch(value, pattern)
KemiValue kemiFnmatchEx(KemiCall& call);              // fnmatch_ex(value, pattern, flags)
KemiValue kemiHfIteratorStart(KemiCall& call);        // hf_iterator_start(iname)
KemiValue kemiHfIteratorEnd(KemiCall& call);          // hf_iterator_end(iname)
KemiValue kemiHfIteratorNext(KemiCall& call);         // hf_iterator_next(iname)
KemiValue kemiHfIteratorPrev(KemiCall& call);         // hf_iterator_prev(iname)
KemiValue kemiHfIteratorHname(KemiCall& call);        // hf_iterator_hname(iname)
KemiValue kemiHfIteratorHbody(KemiCall& call);        // hf_iterator_hbody(iname)
KemiValue kemiHfIteratorRm(KemiCall& call);           // hf_iterator_rm(iname)
KemiValue kemiHfIteratorAppend(KemiCall& call);       // hf_iterator_append(iname, text)
KemiValue kemiHfIteratorInsert(KemiCall& call);       // hf_iterator_insert(iname, text)
KemiValue kemiHfValueExists(KemiCall& call);          // hf_value_exists(hname, value)
KemiValue kemiAppendHfValue(KemiCall& call);          // append_hf_value(hf, value)
KemiValue kemiInsertHfValue(KemiCall& call);          // insert_hf_value(hf, value)
KemiValue kemiAssignHfValue(KemiCall& call);          // assign_hf_value(hf, value)
KemiValue kemiAssignHfValue2(KemiCall& call);         // assign_hf_value2(hf, value)
KemiValue kemiRemoveHfValue(KemiCall& call);          // remove_hf_value(hf)
KemiValue kemiRemoveHfValue2(KemiCall& call);         // remove_hf_value2(hf, value)
KemiValue kemiIncludeHfValue(KemiCall& call);         // include_hf_value(hname, value)
KemiValue kemiExcludeHfValue(KemiCall& call);         // exclude_hf_value(hname, value)
KemiValue kemiBlIteratorStart(KemiCall& call);        // bl_iterator_start(iname)
KemiValue kemiBlIteratorEnd(KemiCall& call);          // bl_iterator_end(iname)
KemiValue kemiBlIteratorNext(KemiCall& call);         // bl_iterator_next(iname)
KemiValue kemiBlIteratorValue(KemiCall& call);        // bl_iterator_value(iname)
KemiValue kemiBlIteratorRm(KemiCall& call);           // bl_iterator_rm(iname)
KemiValue kemiBlIteratorAppend(KemiCall& call);       // bl_iterator_append(iname, text)
KemiValue kemiBlIteratorInsert(KemiCall& call);       // bl_iterator_insert(iname, text)

}  // namespace kemid::textopsx
