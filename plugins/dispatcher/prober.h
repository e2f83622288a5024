#pragma once
// dispatcher's health checks (ds_ping_interval): a timer thread that sends
// ds_ping_method requests to the destinations ds_probing_mode selects and
// turns the answers into state changes, as Kamailio's keepalive does
// through tm. kemid's tm has no UAC side yet, so the prober sends each
// request itself over the SIP network and matches the replies by Call-ID
// (its own prefix) through a reply hook; an unanswered ping counts as a
// 408 at the next tick.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace kemid {
class SipMessage;
class SipNetwork;
}  // namespace kemid

namespace kemid::dispatcher {

class DispatcherModule;
struct Destination;

class Prober {
 public:
  Prober(DispatcherModule& module, SipNetwork& network);
  ~Prober();
  Prober(const Prober&) = delete;
  Prober& operator=(const Prober&) = delete;

  void start();
  void stop();

  // One round: unanswered pings time out, then every destination due for
  // probing gets one. dispatcher.ping_active 0 pauses the rounds.
  void tick();
  // Sends one ping to each destination of every set that probing selects,
  // also when pinging is paused (Kamailio's timer checks that itself).
  void pingAll();

  // Whether `reply` answers one of our pings; if so it is used (a final
  // reply changes the destination's state) and must not be relayed.
  bool takeReply(const SipMessage& reply);

 private:
  struct Pending {
    int setId = 0;
    std::string uri;
    std::chrono::steady_clock::time_point sent;
  };

  bool ping(int setId, const Destination& destination);
  void answered(int setId, const std::string& uri, int code);

  DispatcherModule& module_;
  SipNetwork& network_;
  const std::string callIdPrefix_;
  std::uint64_t counter_ = 0;  // timer thread only

  std::mutex pendingLock_;
  std::map<std::string, Pending> pending_;  // by Call-ID

  std::mutex lock_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace kemid::dispatcher
