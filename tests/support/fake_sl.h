#pragma once
// sl as another plugin's tests see it through its published API: the
// stateless replies are built as sl builds them (sip/reply_builder.h, with
// the request's reply headers) and kept instead of being sent. Publish it
// with plugin.host().publishApi<sl::SlApi>(fakeSl).

#include <string>
#include <string_view>
#include <vector>

#include "core/message_context.h"
#include "sip/reply_builder.h"
#include "sip/sip_message.h"
#include "sl/sl_api.h"

namespace kemid::test {

class FakeSl final : public sl::SlApi {
 public:
  bool isAckToOwnReply(const SipMessage&) override { return false; }
  sl::ReplyOutcome sendStatelessReply(MessageContext& ctx, int code,
                                      std::string_view reason) override {
    replies.push_back(sip::buildReply(*ctx.message, code, reason,
                                      {.toTag = "sl-tag", .extraHeaders = ctx.replyHeaders}));
    return sl::ReplyOutcome::Sent;
  }
  std::string replyToTag(const SipMessage&) const override { return "sl-tag"; }
  const sl::SlCounters& counters() const override { return counters_; }

  std::vector<std::string> replies;  // the wire text of each reply

 private:
  sl::SlCounters counters_;
};

}  // namespace kemid::test
