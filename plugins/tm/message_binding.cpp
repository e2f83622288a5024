#include "message_binding.h"

#include <utility>

#include "core/message_context.h"

namespace kemid::tm {

namespace {

const SlotKey<MessageBinding> kBindingSlot{SlotScope::Message};

}  // namespace

MessageBinding* bindingOf(const MessageContext& ctx) {
  return ctx.findSlot(kBindingSlot);
}

MessageBinding& bindRequest(MessageContext& ctx) {
  if (auto* binding = bindingOf(ctx)) return *binding;
  return ctx.emplaceSlot(kBindingSlot);
}

MessageBinding& bindToTransaction(MessageContext& ctx, TransactionPtr t) {
  MessageBinding& binding = ctx.emplaceSlot(kBindingSlot);
  binding.transaction = std::move(t);
  return binding;
}

void unbind(MessageContext& ctx) {
  ctx.eraseSlot(kBindingSlot);
}

}  // namespace kemid::tm
