#include "prober.h"

#include <cstdio>
#include <random>
#include <vector>

#include "core/forwarding.h"
#include "core/log.h"
#include "core/network.h"
#include "core/thread_name.h"
#include "dispatcher_module.h"
#include "sip/sip_message.h"

namespace kemid::dispatcher {
namespace {

const Logger kLog{"dispatcher"};

constexpr int kProbeNone = 0;
constexpr int kProbeAll = 1;
constexpr int kProbeInactive = 2;

std::string hex(std::uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "%llx", static_cast<unsigned long long>(value));
  return text;
}

std::string hostPort(const Endpoint& endpoint) {
  const bool v6 = endpoint.ip.find(':') != std::string::npos;
  return (v6 ? "[" + endpoint.ip + "]" : endpoint.ip) + ":" + std::to_string(endpoint.port);
}

// Kamailio's choice of destinations to ping for each ds_probing_mode.
bool due(int probingMode, int flags) {
  if ((flags & (kDisabled | kNoDnsResolve)) != 0) return false;
  if (probingMode == kProbeAll) return true;
  if (probingMode != kProbeInactive && (flags & kProbing) != 0) return true;
  return probingMode == kProbeInactive && (flags & kProbing) != 0 && (flags & kInactive) != 0;
}

}  // namespace

Prober::Prober(DispatcherModule& module, SipNetwork& network)
    : module_(module),
      network_(network),
      callIdPrefix_("ds-" + hex(std::random_device{}()) + "-") {}

Prober::~Prober() {
  stop();
}

void Prober::start() {
  const int interval = module_.settings().pingInterval;
  if (interval <= 0 || thread_.joinable()) return;
  thread_ = std::thread([this, interval] {
    nameThisThread("ds-prober");
    std::unique_lock guard(lock_);
    auto next = std::chrono::steady_clock::now();
    for (;;) {
      next += std::chrono::seconds(interval);
      if (wake_.wait_until(guard, next, [this] { return stopping_; })) return;
      guard.unlock();
      tick();
      guard.lock();
    }
  });
}

void Prober::stop() {
  {
    std::lock_guard guard(lock_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Prober::tick() {
  // Pings sent a round ago and still unanswered: Kamailio's tm would have
  // given up with a 408 by now.
  std::vector<Pending> expired;
  {
    std::lock_guard guard(pendingLock_);
    for (auto& [callId, pending] : pending_) expired.push_back(std::move(pending));
    pending_.clear();
  }
  for (const Pending& p : expired) answered(p.setId, p.uri, 408);
  module_.expireLoads();
  if (!module_.pingActive()) return;
  pingAll();
}

void Prober::pingAll() {
  auto list = module_.list();
  const int mode = module_.settings().probingMode;
  for (const auto& [id, set] : list->sets()) {
    for (const auto& d : set->destinations) {
      if (due(mode, d->flags.load(std::memory_order_relaxed)) && !ping(id, *d)) {
        int state = kTrying;
        if (mode != kProbeNone) state |= kProbing;
        if ((d->flags.load() & kDisabled) == 0) module_.updateState(id, d->uri, state);
      }
    }
  }
}

bool Prober::ping(int setId, const Destination& destination) {
  const DispatcherSettings& s = module_.settings();
  const std::string& proxy =
      !destination.attrs.obproxy.empty() ? destination.attrs.obproxy : s.outboundProxy;
  const DestinationResult target = resolveUri(proxy.empty() ? destination.uri : proxy, network_);
  if (!target.ok()) {
    kLog.err("unable to ping [", destination.uri, "] in group [", setId, "]");
    return false;
  }
  const std::uint64_t n = ++counter_;
  const Endpoint& local = network_.advertised(target.destination.socketIndex);
  const std::string callId = callIdPrefix_ + hex(n) + "@" + local.ip;
  const std::string& from =
      destination.attrs.pingFrom.empty() ? s.pingFrom : destination.attrs.pingFrom;
  std::string text;
  text.append(s.pingMethod).append(" ").append(destination.uri).append(" SIP/2.0\r\n");
  text.append("Via: SIP/2.0/")
      .append(viaTransportName(network_.transportOf(target.destination.socketIndex)))
      .append(" ")
      .append(hostPort(local));
  text.append(";branch=z9hG4bKds").append(hex(n)).append("\r\n");
  text.append("To: <").append(destination.uri).append(">\r\n");
  text.append("From: <").append(from).append(">;tag=ds").append(hex(n)).append("\r\n");
  text.append("CSeq: 10 ").append(s.pingMethod).append("\r\n");
  text.append("Call-ID: ").append(callId).append("\r\n");
  text.append("Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
  {
    std::lock_guard guard(pendingLock_);
    pending_[callId] = {
        .setId = setId, .uri = destination.uri, .sent = std::chrono::steady_clock::now()};
  }
  if (network_.send(target.destination, text)) return true;
  std::lock_guard guard(pendingLock_);
  pending_.erase(callId);
  return false;
}

bool Prober::takeReply(const SipMessage& reply) {
  if (reply.isRequest()) return false;
  const std::string callId = reply.callId();
  if (!callId.starts_with(callIdPrefix_)) return false;
  if (reply.statusCode() < 200) return true;
  Pending pending;
  {
    std::lock_guard guard(pendingLock_);
    auto it = pending_.find(callId);
    if (it == pending_.end()) return true;  // a retransmission, or too late
    pending = std::move(it->second);
    pending_.erase(it);
  }
  answered(pending.setId, pending.uri, reply.statusCode());
  return true;
}

void Prober::answered(int setId, const std::string& uri, int code) {
  const DispatcherSettings& s = module_.settings();
  auto list = module_.list();
  const DestinationSetData* set = list->set(setId);
  const Destination* d = set != nullptr ? set->find(uri) : nullptr;
  if (d == nullptr) return;  // removed or reloaded meanwhile
  const int flags = d->flags.load();
  // Probing switched off for it meanwhile (RPC or reload).
  if (s.probingMode == 3 && (flags & kProbing) == 0) return;
  if ((flags & kDisabled) != 0) return;
  int state = 0;
  if (s.acceptsPingReply(code)) {
    if (s.probingMode == kProbeAll || (s.probingMode == 3 && (flags & kProbing) != 0)) {
      state |= kProbing;
    }
  } else {
    state = kTrying;
    if (s.probingMode != kProbeNone) state |= kProbing;
  }
  module_.updateState(setId, uri, state);
}

}  // namespace kemid::dispatcher
