#include "transaction.h"

#include <charconv>

#include "sip/ascii.h"
#include "sip/via.h"

namespace kemid::tm {

Transaction::Transaction(std::string keyText, std::string methodName, std::string base,
                         TimePoint createdAt)
    : key(std::move(keyText)),
      method(std::move(methodName)),
      invite(method == "INVITE"),
      branchBase(std::move(base)),
      created(createdAt),
      state(invite ? ServerState::Proceeding : ServerState::Trying) {}

bool Transaction::hasPendingBranch() const {
  for (const auto& branch : branches) {
    if (branch.pending()) return true;
  }
  return false;
}

bool Transaction::tryEnter() {
  std::lock_guard lock(mutex);
  if (busy_) return false;
  busy_ = true;
  return true;
}

void Transaction::runOrQueue(std::function<void()> work) {
  {
    std::lock_guard lock(mutex);
    if (busy_) {
      queued_.push_back(std::move(work));
      return;
    }
    busy_ = true;
  }
  work();
  leave();
}

void Transaction::leave() {
  for (;;) {
    std::function<void()> next;
    {
      std::lock_guard lock(mutex);
      if (queued_.empty()) {
        busy_ = false;
        return;
      }
      next = std::move(queued_.front());
      queued_.pop_front();
    }
    next();
  }
}

std::optional<std::string> serverKey(const SipMessage& request,
                                     std::optional<std::string_view> method) {
  auto via = request.topVia();
  if (!via) return std::nullopt;
  std::string_view m = method ? *method : request.method();
  if (m == "ACK") m = "INVITE";  // §17.2.3: the ACK belongs to its INVITE's transaction
  std::string key;
  if (via->branch.starts_with(sip::kBranchMagicCookie)) {
    key.reserve(via->branch.size() + via->host.size() + m.size() + 10);
    key.append(via->branch).append("|");
    for (char c : via->host) key += sip::asciiLower(c);
    key.append(":").append(std::to_string(via->port.value_or(0))).append("|").append(m);
    return key;
  }
  // RFC 2543 matching: no To tag, which the ACK carries and the INVITE not.
  key.append("2543|")
      .append(request.requestUri())
      .append("|")
      .append(request.from().tag)
      .append("|")
      .append(request.callId())
      .append("|")
      .append(std::to_string(request.cseqNumber()))
      .append("|")
      .append(via->toString())
      .append("|")
      .append(m);
  return key;
}

std::optional<BranchRef> parseBranch(std::string_view branch) {
  if (!branch.starts_with(sip::kBranchMagicCookie)) return std::nullopt;
  auto dot = branch.rfind('.');
  if (dot == std::string_view::npos || dot + 1 >= branch.size()) return std::nullopt;
  std::string_view digits = branch.substr(dot + 1);
  BranchRef ref;
  ref.base = branch.substr(0, dot);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), ref.index);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return ref;
}

}  // namespace kemid::tm
