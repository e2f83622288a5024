#include "message_state.h"

#include "core/message_context.h"
#include "core/slot_table.h"

namespace kemid::rr {

namespace {
const SlotKey<MessageState> kMessageStateSlot{SlotScope::Message};
}  // namespace

MessageState& messageState(const MessageContext& ctx) {
  if (MessageState* state = ctx.findSlot(kMessageStateSlot)) return *state;
  return ctx.emplaceSlot(kMessageStateSlot);
}

}  // namespace kemid::rr
