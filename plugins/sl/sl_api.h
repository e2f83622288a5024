#pragma once
// What sl offers the core and other modules (Kamailio's sl API). Found with
//   host.findApi<kemid::sl::SlApi>()
// which is null when sl is not loaded. Header-only on the caller's side:
// nothing here needs linking against sl.

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace kemid {
class SipMessage;
struct MessageContext;
}  // namespace kemid

namespace kemid::sl {

// The statistics of Kamailio's sl module, group "sl", by their Kamailio
// names ("200_replies", ..., "received_ACKs"). Every sent reply counts in
// exactly one reply bucket: its code's own when it has one, else its
// class's ("2xx_replies" does not include 200 and 202); codes below 200 or
// above 699 count as "xxx_replies", so "1xx_replies" stays 0 as in Kamailio.
class SlCounters {
 public:
  // The reply buckets, in Kamailio's order (also sl.stats' order).
  static constexpr std::array<std::string_view, 19> kBuckets{
      "200", "202", "2xx", "300", "301", "302", "3xx", "400", "401", "403",
      "404", "407", "408", "483", "4xx", "500", "5xx", "6xx", "xxx"};

  // The code's own bucket when it has one ("404"), else its class's ("4xx").
  static constexpr std::size_t bucketOf(int code) {
    constexpr std::size_t kOther = kBuckets.size() - 1;  // "xxx"
    if (code < 200 || code > 699) return kOther;
    const char own[3] = {static_cast<char>('0' + code / 100),
                         static_cast<char>('0' + code / 10 % 10),
                         static_cast<char>('0' + code % 10)};
    const char cls[3] = {own[0], 'x', 'x'};
    for (std::string_view wanted : {std::string_view(own, 3), std::string_view(cls, 3)}) {
      for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        if (kBuckets[i] == wanted) return i;
      }
    }
    return kOther;
  }

  // A reply was sent.
  void countSent(int code) {
    buckets_[bucketOf(code)].fetch_add(1, std::memory_order_relaxed);
    sentReplies_.fetch_add(1, std::memory_order_relaxed);
  }
  void countFailure() { failures_.fetch_add(1, std::memory_order_relaxed); }
  void countAbsorbedAck() { receivedAcks_.fetch_add(1, std::memory_order_relaxed); }

  std::uint64_t bucket(std::size_t index) const {
    return buckets_[index].load(std::memory_order_relaxed);
  }
  std::uint64_t sentReplies() const { return sentReplies_.load(std::memory_order_relaxed); }
  // Replies that could not be built or sent, and refusals (an ACK).
  std::uint64_t failures() const { return failures_.load(std::memory_order_relaxed); }
  // ACKs to sl's own replies, absorbed before the script.
  std::uint64_t receivedAcks() const { return receivedAcks_.load(std::memory_order_relaxed); }
  // Kamailio 5.6 registers it but never counts it (observed: stays 0 after
  // sl_reply_error()); kept for the statistics' shape.
  std::uint64_t sentErrReplies() const { return 0; }

  // Every statistic as Kamailio names it in group "sl" (stats.get_statistics
  // "sl:"; Prometheus: kamailio_sl_<name>), in Kamailio's alphabetical order.
  // sl registers them in the core's statistics registry.
  template <class Fn>
  void forEachStatistic(Fn&& fn) const {
    fn(std::string_view("1xx_replies"), std::uint64_t{0});
    for (std::size_t i = 0; i + 1 < kBuckets.size(); ++i) {
      fn(statisticName(i), bucket(i));
    }
    fn(std::string_view("failures"), failures());
    fn(std::string_view("received_ACKs"), receivedAcks());
    fn(std::string_view("sent_err_replies"), sentErrReplies());
    fn(std::string_view("sent_replies"), sentReplies());
    fn(std::string_view("xxx_replies"), bucket(kBuckets.size() - 1));
  }

  static constexpr std::string_view statisticName(std::size_t bucket) {
    constexpr std::array<std::string_view, 19> kNames{
        "200_replies", "202_replies", "2xx_replies", "300_replies", "301_replies",
        "302_replies", "3xx_replies", "400_replies", "401_replies", "403_replies",
        "404_replies", "407_replies", "408_replies", "483_replies", "4xx_replies",
        "500_replies", "5xx_replies", "6xx_replies", "xxx_replies"};
    return kNames[bucket];
  }

 private:
  std::array<std::atomic<std::uint64_t>, kBuckets.size()> buckets_{};
  std::atomic<std::uint64_t> sentReplies_{0};
  std::atomic<std::uint64_t> failures_{0};
  std::atomic<std::uint64_t> receivedAcks_{0};
};

// How a reply attempt ended; the KEMI functions turn it into 1 / -1.
enum class ReplyOutcome {
  Sent,
  Refused,     // no request to answer, or an ACK (never answered)
  Invalid,     // code or reason unusable
  SendFailed,  // no reply address, or the network refused the datagram
};

class SlApi {
 public:
  static constexpr std::string_view kApiName = "sl";
  static constexpr std::uint32_t kApiVersion = 1;  // see VersionedApi (core/module_host.h)

  // The core's pre-script check (Kamailio's sl ACK filter): true when `ack`
  // is an ACK to a negative reply sl sent statelessly (its To tag is the one
  // sl gave that request, and sl replied within the last 2 seconds, as
  // Kamailio). The core drops such an ACK before the script runs; it is
  // counted in received_ACKs. Thread-safe.
  virtual bool isAckToOwnReply(const SipMessage& ack) = 0;

  // A stateless reply to the request in `ctx`, as KSR.sl.sl_send_reply:
  // sent from the socket it arrived on to its reply address (RFC 3261
  // §18.2.2, RFC 3581), with ctx.replyHeaders and the Server line. For
  // other modules (auth's challenges, ...). Thread-safe.
  virtual ReplyOutcome sendStatelessReply(MessageContext& ctx, int code,
                                          std::string_view reason) = 0;

  // The To tag sl gives a reply to `request` (stable across its
  // retransmissions and for its non-2xx ACK).
  virtual std::string replyToTag(const SipMessage& request) const = 0;

  // The statistics (also registered in the core's statistics registry).
  virtual const SlCounters& counters() const = 0;

 protected:
  ~SlApi() = default;  // owned by sl, never deleted through this
};

}  // namespace kemid::sl
