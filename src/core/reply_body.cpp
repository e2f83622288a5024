#include "core/reply_body.h"

#include "core/message_context.h"

namespace kemid {

const SlotKey<ReplyBody>& replyBodySlot() {
  static const SlotKey<ReplyBody> key{SlotScope::Message};
  return key;
}

std::string_view replyBodyOf(const MessageContext& ctx) {
  const ReplyBody* body = ctx.findSlot(replyBodySlot());
  return body != nullptr ? std::string_view(body->text) : std::string_view();
}

}  // namespace kemid
