#pragma once
// What happens to one received datagram (ARCHITECTURE.md, "The flow of one
// request"): parse; refuse what cannot be used; received/rport on the top
// Via of a request; the script's request route, or for a reply the reply
// route, then tm, then stateless forwarding.

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/network.h"

namespace kemid {

class ModuleHost;
class RouteEngine;
class SipMessage;
struct CoreSettings;
struct MessageContext;

struct PipelineCounters {
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> replies{0};
  std::atomic<std::uint64_t> parseErrors{0};          // datagrams that did not parse
  std::atomic<std::uint64_t> badRequestsAnswered{0};  // ... of which answered 400
  std::atomic<std::uint64_t> droppedReplies{0};       // not for us, or dropped by the script
  std::atomic<std::uint64_t> routeErrors{0};          // script errors
};

class MessagePipeline {
 public:
  MessagePipeline(ModuleHost& host, SipNetwork& network, const CoreSettings& core);

  // Handles one datagram in the calling worker thread. Never throws for bad
  // input: a message that cannot be used is counted and dropped or answered.
  void handle(std::string_view datagram, const ReceiveInfo& received);

  const PipelineCounters& counters() const { return counters_; }

 private:
  void refuse(std::string_view datagram, const ReceiveInfo& received, const std::string& why);
  void handleRequest(MessageContext& ctx);
  void runRequestRoute(RouteEngine& routing, MessageContext& ctx);
  void handleReply(MessageContext& ctx);
  void forwardReplyStatelessly(MessageContext& ctx);

  ModuleHost& host_;
  SipNetwork& network_;
  std::string serverHeader_;
  PipelineCounters counters_;
};

}  // namespace kemid
