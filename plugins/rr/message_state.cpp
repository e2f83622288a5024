#include "message_state.h"

#include "core/message_context.h"
#include "core/slot_table.h"

namespace kemid::rr {

namespace {
const SlotKey<MessageState> kMessageStateSlot{SlotScope::Message};
}  // namespace

MessageState& messageState(const MessageContext& ctx) {
  MessageState* state = ctx.findSlot(kMessageStateSlot);
  if (state != nullptr && state->message == ctx.message) return *state;
  // A copied context shares its slots: the copy of the message takes a
  // copy of the state, and the original keeps its own.
  MessageState& own = state != nullptr ? ctx.emplaceSlot(kMessageStateSlot, *state)
                                       : ctx.emplaceSlot(kMessageStateSlot);
  own.message = ctx.message;
  return own;
}

}  // namespace kemid::rr
