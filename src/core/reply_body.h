#pragma once
// The body of the replies kemid generates itself for a message (Kamailio's
// reply lumps of textops' set_reply_body): textops stores it, sl and tm
// send it. Its Content-Type goes with the other reply header lines
// (MessageContext::replyHeaders).

#include <string>
#include <string_view>

#include "core/slot_table.h"

namespace kemid {

struct MessageContext;

struct ReplyBody {
  std::string text;
};

const SlotKey<ReplyBody>& replyBodySlot();

// The body set for replies to ctx's message; empty when none was.
std::string_view replyBodyOf(const MessageContext& ctx);

}  // namespace kemid
