#pragma once
// nathelper's keepalive of registered contacts (natping_interval): a timer
// thread that, once a second, pings the bindings of one share of the AoRs,
// so that every binding is pinged once per interval and no tick walks the
// whole location table (Kamailio spreads the work the same way). It only
// reads usrloc's copies and sends datagrams: no worker waits for it.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "sip_ping.h"

namespace kemid {
class SipMessage;
class SipNetwork;
}  // namespace kemid

namespace kemid::usrloc {
class UsrlocApi;
struct Binding;
}  // namespace kemid::usrloc

namespace kemid::nathelper {

struct PingSettings {
  int intervalSeconds = 0;  // natping_interval
  PingPolicy policy;
  std::string from;    // sipping_from
  std::string method;  // sipping_method
};

class NatPinger {
 public:
  NatPinger(PingSettings settings, usrloc::UsrlocApi& usrloc, SipNetwork& network);
  ~NatPinger();
  NatPinger(const NatPinger&) = delete;
  NatPinger& operator=(const NatPinger&) = delete;

  void start();
  void stop();

  // One tick: pings the bindings of share `tick % interval` that are valid
  // now; returns how many pings were sent.
  std::size_t tick(std::uint64_t tick);

  // Whether `reply` answers one of this pinger's SIP pings (its CSeq method
  // and Call-ID prefix): such replies are dropped, as Kamailio does.
  bool isPingReply(const SipMessage& reply) const;

 private:
  bool ping(const usrloc::Binding& binding, PingKind kind);

  const PingSettings settings_;
  usrloc::UsrlocApi& usrloc_;
  SipNetwork& network_;
  const std::string callIdPrefix_;  // "<8 hex>-": ours, for isPingReply
  const std::string tagKey_;
  std::atomic<std::uint64_t> counter_{0};

  std::mutex lock_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace kemid::nathelper
