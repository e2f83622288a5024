// SlModule::forwardReplyCopy (KSR.sl.sl_forward_reply).

#include "core/forwarding.h"
#include "core/log.h"
#include "core/message_context.h"
#include "reply_status.h"
#include "sip/sip_message.h"
#include "sl_module.h"

namespace kemid::sl {
namespace {

constexpr Logger kLog{"sl"};

// The copy's status line, "SIP/2.0 <code> <reason>", rewritten in its text.
bool rewriteStatusLine(SipMessage& reply, const ReplyStatus& status) {
  const std::string text = reply.receivedText();
  const std::size_t codeAt = text.find(' ') + 1;
  const std::size_t lineEnd = text.find_first_of("\r\n", codeAt);
  if (codeAt == 0 || lineEnd == std::string::npos) return false;
  return reply.editText(codeAt, lineEnd - codeAt,
                        std::to_string(status.code) + " " + status.reason);
}

}  // namespace

int SlModule::forwardReplyCopy(const MessageContext& ctx, std::string_view code,
                               std::string_view reason) {
  const SipMessage* reply = ctx.message;
  if (reply == nullptr || reply->isRequest()) {
    kLog.err("sl_forward_reply: invalid SIP message type");
    return -1;
  }
  auto status = forwardedStatus({reply->statusCode(), std::string(reply->reason())}, code, reason);
  if (!status) {
    kLog.err("sl_forward_reply: reply code class cannot be changed");
    return -1;
  }
  std::unique_ptr<SipMessage> copy = reply->clone();
  if (!rewriteStatusLine(*copy, *status) || network_ == nullptr) return -1;
  return forwardReplyStatelessly(*copy, *network_) ? 1 : -1;
}

}  // namespace kemid::sl
