#include "nat_pinger.h"

#include <chrono>
#include <cstdio>
#include <random>

#include "core/forwarding.h"
#include "core/log.h"
#include "core/network.h"
#include "core/thread_name.h"
#include "sip/sip_message.h"
#include "usrloc/usrloc_api.h"

namespace kemid::nathelper {
namespace {

constexpr Logger kLog{"nathelper"};

std::string hex(std::uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "%llx", static_cast<unsigned long long>(value));
  return text;
}

std::uint32_t randomWord() {
  std::random_device device;
  return static_cast<std::uint32_t>(device());
}

std::string hostPort(const Endpoint& endpoint) {
  const bool v6 = endpoint.ip.find(':') != std::string::npos;
  return (v6 ? "[" + endpoint.ip + "]" : endpoint.ip) + ":" + std::to_string(endpoint.port);
}

}  // namespace

NatPinger::NatPinger(PingSettings settings, usrloc::UsrlocApi& usrloc, SipNetwork& network)
    : settings_(std::move(settings)),
      usrloc_(usrloc),
      network_(network),
      callIdPrefix_(hex(randomWord()) + "-"),
      tagKey_(hex(randomWord())) {}

NatPinger::~NatPinger() {
  stop();
}

void NatPinger::start() {
  if (settings_.intervalSeconds <= 0 || thread_.joinable()) return;
  thread_ = std::thread([this] {
    nameThisThread("nat-pinger");
    std::unique_lock guard(lock_);
    auto next = std::chrono::steady_clock::now();
    for (std::uint64_t n = 0;; ++n) {
      next += std::chrono::seconds(1);
      if (wake_.wait_until(guard, next, [this] { return stopping_; })) return;
      guard.unlock();
      tick(n);
      guard.lock();
    }
  });
}

void NatPinger::stop() {
  {
    std::lock_guard guard(lock_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::size_t NatPinger::tick(std::uint64_t tick) {
  const auto parts = static_cast<std::size_t>(settings_.intervalSeconds);
  const std::size_t part = static_cast<std::size_t>(tick % parts);
  const std::int64_t now = usrloc_.now();
  std::size_t sent = 0;
  for (usrloc::LocationTable* table : usrloc_.tables()) {
    for (const usrloc::AorBindings& record : table->snapshotShare(part, parts)) {
      for (const usrloc::Binding& binding : record.bindings) {
        if (!binding.validAt(now)) continue;
        const PingKind kind = pingKind(binding, settings_.policy);
        if (kind != PingKind::None && ping(binding, kind)) ++sent;
      }
    }
  }
  return sent;
}

bool NatPinger::ping(const usrloc::Binding& binding, PingKind kind) {
  const DestinationResult target = resolveUri(pingTargetUri(binding), network_);
  if (!target.ok()) {
    // A transport kemid does not serve, or no address.
    kLog.dbg("no keepalive for ", binding.contact);
    return false;
  }
  const Destination& to = target.destination;
  const Transport transport = network_.transportOf(to.socketIndex);
  if (kind == PingKind::Udp) {
    // The four zero bytes are a datagram: in a TCP stream they would be
    // junk before the next message.
    if (transport != Transport::Udp) {
      kLog.dbg("no UDP keepalive for ", binding.contact, ": not a UDP contact");
      return false;
    }
    return network_.send(to, kUdpPing);
  }

  const std::uint64_t n = counter_.fetch_add(1, std::memory_order_relaxed) + 1;
  const Endpoint& local = network_.advertised(to.socketIndex);
  const std::string via = hostPort(local);
  const std::string branch = tagKey_ + hex(n);
  const std::string tag = binding.ruid + "-" + tagKey_ + "-" + hex(n);
  const std::string callId = callIdPrefix_ + hex(n) + "@" + local.ip;
  const std::string text = buildSipPing({.method = settings_.method,
                                         .uri = binding.contact,
                                         .path = binding.path,
                                         .viaTransport = viaTransportName(transport),
                                         .viaHostPort = via,
                                         .branch = branch,
                                         .from = settings_.from,
                                         .fromTag = tag,
                                         .callId = callId});
  return network_.send(to, text);
}

bool NatPinger::isPingReply(const SipMessage& reply) const {
  return !reply.isRequest() && reply.cseqMethod() == settings_.method &&
         reply.callId().starts_with(callIdPrefix_);
}

}  // namespace kemid::nathelper
