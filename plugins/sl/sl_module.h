#pragma once
// sl's runtime state: the stateless reply path, the ACK filter, the To tag
// and the statistics. One instance per loaded module, shared by all
// worker threads (everything mutable in it is atomic).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/module_abi.h"
#include "reply_tag.h"
#include "sl_api.h"

namespace kemid {
class ModuleHost;
class SipNetwork;
class StatisticsRegistry;
}  // namespace kemid

namespace kemid::tm {
class TmApi;
}

namespace kemid::sl {

struct SlSettings {
  std::string serverHeader;  // "Server: ..." line, empty for none
  bool bindTm = true;        // modparam bind_tm: send_reply goes through tm
};

class SlModule final : public ModuleState, public SlApi {
 public:
  // `host` is kept to find tm lazily (it may be loaded after sl); its
  // network() is the one replies leave through.
  SlModule(ModuleHost& host, SlSettings settings);
  ~SlModule() override;

  // KSR.sl.sl_send_reply: always stateless.
  ReplyOutcome sendStatelessReply(MessageContext& ctx, int code, std::string_view reason) override;
  // KSR.sl.send_reply: through tm when the request has a transaction and tm
  // is loaded (and bind_tm is on), else stateless.
  ReplyOutcome sendReply(MessageContext& ctx, int code, std::string_view reason);
  // KSR.sl.sl_reply_error: kemid keeps no internal error code, so this is
  // Kamailio's reply for an unspecified error.
  ReplyOutcome sendErrorReply(MessageContext& ctx);
  // The To tag a reply to the request in `ctx` gets: the request's own when
  // it has one, tm's when it answers, else sl's. nullopt without a request.
  std::optional<std::string> replyToTagFor(MessageContext& ctx);

  // KSR.sl.sl_forward_reply: a copy of the reply in ctx, with the status
  // `code` (of the reply's class; "" keeps it) and `reason` ("" keeps
  // it), relayed statelessly; 1, or -1 for another class, a request, a
  // reply that did not come through this proxy.
  int forwardReplyCopy(const MessageContext& ctx, std::string_view code, std::string_view reason);

  bool isAckToOwnReply(const SipMessage& ack) override;
  std::string replyToTag(const SipMessage& request) const override;
  const SlCounters& counters() const override { return counters_; }

  // ACKs count as ours only this long after sl's last reply (Kamailio's
  // sl filter does the same; measured on 5.6.3: absorbed at 1.7 s, passed
  // to the script at 2.3 s).
  static constexpr std::chrono::milliseconds kAckWindow{2000};

 private:
  tm::TmApi* tm();

  ModuleHost& host_;
  SipNetwork* network_;
  SlSettings settings_;
  ReplyTag tag_;
  SlCounters counters_;
  std::atomic<std::int64_t> lastReplyMs_{INT64_MIN / 2};
  // tm is looked up at the first reply that needs it: it may be loaded
  // after sl, and every module is initialised before traffic starts.
  std::once_flag tmLookup_;
  tm::TmApi* tm_ = nullptr;
};

// Registers sl's statistics (group "sl") in the core's registry; `counters`
// must outlive the registration (until registry.clear()).
void registerSlStatistics(StatisticsRegistry& registry, const SlCounters& counters);

// KEMI results: 1 for a sent reply, -1 otherwise, as Kamailio's sl.
constexpr std::int64_t toKemi(ReplyOutcome outcome) {
  return outcome == ReplyOutcome::Sent ? 1 : -1;
}

}  // namespace kemid::sl
