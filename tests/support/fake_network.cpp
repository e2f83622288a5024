#include "support/fake_network.h"

#include <gtest/gtest.h>

#include "sip/sip_message.h"

namespace kemid::test {

std::unique_ptr<SipMessage> Sent::parse() const {
  std::string error;
  auto message = SipMessage::parse(data, error);
  EXPECT_TRUE(message) << error << "\n" << data;
  return message;
}

bool FakeNetwork::send(const Destination& to, std::string_view data) {
  {
    std::lock_guard lock(mutex_);
    if (failSends) return false;
    sent_.push_back(Sent{to.socketIndex, to.endpoint, std::string(data), to.connection});
  }
  changed_.notify_all();
  return true;
}

std::vector<Sent> FakeNetwork::sent() const {
  std::lock_guard lock(mutex_);
  return sent_;
}

std::size_t FakeNetwork::count() const {
  std::lock_guard lock(mutex_);
  return sent_.size();
}

std::vector<Sent> FakeNetwork::matching(std::string_view prefix) const {
  std::vector<Sent> out;
  for (auto& message : sent()) {
    if (message.data.starts_with(prefix)) out.push_back(message);
  }
  return out;
}

bool FakeNetwork::waitFor(const std::function<bool(const std::vector<Sent>&)>& predicate,
                          std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return predicate(sent_); });
}

void FakeNetwork::clear() {
  std::lock_guard lock(mutex_);
  sent_.clear();
}

}  // namespace kemid::test
