#include "message_binding.h"

#include <memory>

#include "core/message_context.h"

namespace kemid::tm {

namespace {

// A worker thread routes one request at a time, so one binding per thread
// is enough. Keeping it here (not in the context, which cannot own it) means
// a binding the core never released through requestDone is replaced, and
// freed, when the thread binds its next request.
thread_local std::unique_ptr<MessageBinding> requestBinding;

}  // namespace

MessageBinding* bindingOf(const MessageContext& ctx) {
  return static_cast<MessageBinding*>(ctx.transaction);
}

MessageBinding& bindRequest(MessageContext& ctx) {
  if (auto* binding = bindingOf(ctx)) return *binding;
  requestBinding = std::make_unique<MessageBinding>();
  ctx.transaction = requestBinding.get();
  return *requestBinding;
}

void unbindRequest(MessageContext& ctx) {
  if (ctx.transaction != nullptr && ctx.transaction == requestBinding.get()) requestBinding.reset();
  ctx.transaction = nullptr;
}

}  // namespace kemid::tm
