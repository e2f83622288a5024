#pragma once
// acc's runtime: writes the accounting line of a transaction when tm sends
// its final reply, and of a request when the script asks (acc_log_request).

#include <atomic>
#include <ctime>
#include <functional>
#include <memory>
#include <string_view>

#include "acc_record.h"
#include "acc_settings.h"
#include "core/module_abi.h"
#include "tm/tm_api.h"

namespace kemid {
struct MessageContext;
class ModuleHost;
}  // namespace kemid

namespace kemid::pv {
class PvApi;
}

namespace kemid::acc {

class AccModule {
 public:
  // Where finished lines go and what time they carry; the log by default,
  // a test's collector in tests.
  using Sink = std::function<void(LogLevel level, const std::string& line)>;
  using Clock = std::function<std::time_t()>;

  // pv's API is looked up on first use (pv may be loaded after acc).
  AccModule(AccSettings settings, const ModuleHost& host, Sink sink = {}, Clock clock = {});

  const AccSettings& settings() const { return settings_; }

  // tm's callback for the replies it sends upstream (finals, and
  // provisionals with early_media).
  void onReplyOut(const tm::ReplyOutEvent& event);

  // acc_log_request(comment): false when the comment is empty (Kamailio's
  // "invalid parameters") or there is no request.
  bool logRequest(MessageContext& ctx, std::string_view comment);

 private:
  pv::PvApi* pv() const;
  bool flagSet(const MessageContext& ctx, const std::optional<int>& flag) const;
  // The request's fields and log_extra values; the To tag and code are the
  // caller's to fill.
  AccRecord recordOf(MessageContext& ctx) const;
  void write(AccEvent event, const AccRecord& record) const;

  // Whether the reply counts as the transaction answered (accounted when the
  // request has log_flag).
  bool answers(const MessageContext& ctx, const tm::ReplyOutEvent& event) const;

  AccSettings settings_;
  const ModuleHost& host_;
  mutable std::atomic<pv::PvApi*> pv_{nullptr};  // null until found; without pv, extras are empty
  Sink sink_;
  Clock clock_;
};

// The module's state: tm's callback shares the AccModule, so a final reply
// sent while kemid shuts down never finds it gone.
struct AccState final : ModuleState {
  std::shared_ptr<AccModule> module;
};

}  // namespace kemid::acc
