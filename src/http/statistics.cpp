#include "http/statistics.h"

#include <algorithm>
#include <cctype>

#include "core/message_pipeline.h"
#include "core/module_host.h"
#include "sl/sl_api.h"
#include "tm/tm_api.h"

namespace kemid {

namespace {

constexpr std::string_view kCoreGroup = "core";

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::uint64_t load(const std::atomic<std::uint64_t>& counter) {
  return counter.load(std::memory_order_relaxed);
}

void addCore(const PipelineCounters& c, std::vector<Statistic>& out) {
  auto add = [&](std::string name, std::uint64_t value) {
    out.push_back({std::string(kCoreGroup), std::move(name), value});
  };
  add("bad_msg_hdr", load(c.parseErrors));
  add("drop_replies", load(c.droppedReplies));
  add("drop_requests", load(c.droppedRequests));
  add("err_requests", load(c.routeErrors));
  add("rcv_replies", load(c.replies));
  for (int cls = 1; cls <= 6; ++cls) {
    add("rcv_replies_" + std::to_string(cls) + "xx", load(c.repliesByClass[cls]));
  }
  add("rcv_requests", load(c.requests));
  for (std::size_t i = 0; i < kCountedMethods.size(); ++i) {
    add("rcv_requests_" + lower(kCountedMethods[i]), load(c.requestsByMethod[i]));
  }
}

void addSl(const sl::SlApi& api, std::vector<Statistic>& out) {
  api.counters().forEachStatistic([&](std::string_view name, std::uint64_t value) {
    out.push_back({"sl", std::string(name), value});
  });
}

// Kamailio's tmx group (tm itself registers none; cfg-spec §6.4).
void addTmx(const tm::TmStats& s, std::vector<Statistic>& out) {
  auto add = [&](std::string name, std::uint64_t value) {
    out.push_back({"tmx", std::move(name), value});
  };
  const std::uint64_t total = load(s.total);
  const std::uint64_t local = load(s.totalLocal);
  const std::uint64_t current = load(s.current);
  const std::uint64_t waiting = load(s.waiting);
  for (int cls = 2; cls <= 6; ++cls) {
    add(std::to_string(cls) + "xx_transactions", load(s.completed[cls]));
  }
  add("UAC_transactions", local);
  add("UAS_transactions", total >= local ? total - local : 0);
  add("active_transactions", current >= waiting ? current - waiting : 0);
  add("inuse_transactions", current);
  // Replies sent upstream are relayed ones or local ones; a received reply
  // that was not relayed was absorbed (a 100, a retransmission, a loser).
  const std::uint64_t generated = load(s.rplGenerated);
  const std::uint64_t received = load(s.rplReceived);
  const std::uint64_t sent = load(s.rplSent);
  const std::uint64_t relayed = sent >= generated ? sent - generated : 0;
  add("rpl_absorbed", received >= relayed ? received - relayed : 0);
  add("rpl_generated", generated);
  add("rpl_received", received);
  add("rpl_relayed", relayed);
  add("rpl_sent", sent);
}

std::string key(const Statistic& s) {
  return s.group + ":" + s.name;
}

}  // namespace

std::vector<Statistic> Statistics::collectRaw() const {
  std::vector<Statistic> out;
  if (sources_.pipeline != nullptr) addCore(*sources_.pipeline, out);
  if (sources_.host != nullptr) {
    if (const auto* slApi = sources_.host->findApi<sl::SlApi>()) addSl(*slApi, out);
    if (const auto* tmApi = sources_.host->findApi<tm::TmApi>()) {
      addTmx(tmApi->stats(), out);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Statistic& a, const Statistic& b) {
    return a.group != b.group ? a.group < b.group : a.name < b.name;
  });
  return out;
}

std::vector<Statistic> Statistics::collect() const {
  std::vector<Statistic> out = collectRaw();
  std::lock_guard lock(mutex_);
  if (baselines_.empty()) return out;
  for (Statistic& s : out) {
    auto it = baselines_.find(key(s));
    if (it != baselines_.end()) s.value = s.value >= it->second ? s.value - it->second : 0;
  }
  return out;
}

bool Statistics::matches(const Statistic& statistic, std::string_view selector) {
  if (selector == "all") return true;
  if (!selector.empty() && selector.back() == ':') {
    return selector.substr(0, selector.size() - 1) == statistic.group;
  }
  return selector == statistic.name;
}

bool Statistics::matchesAny(const Statistic& statistic, std::span<const std::string> selectors) {
  return std::any_of(selectors.begin(), selectors.end(),
                     [&](const std::string& selector) { return matches(statistic, selector); });
}

void Statistics::reset(std::span<const std::string> selectors) {
  std::vector<Statistic> raw = collectRaw();
  std::lock_guard lock(mutex_);
  for (const Statistic& s : raw) {
    if (s.group == kCoreGroup && matchesAny(s, selectors)) baselines_[key(s)] = s.value;
  }
}

}  // namespace kemid
