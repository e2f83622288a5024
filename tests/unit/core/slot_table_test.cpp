#include "core/slot_table.h"

#include <gtest/gtest.h>

#include <string>

#include "core/message_context.h"

namespace kemid {
namespace {

struct Counter {
  int value = 0;
};

const SlotKey<Counter> kMessageCounter{SlotScope::Message};
const SlotKey<std::string> kMessageText{SlotScope::Message};
const SlotKey<Counter> kTransactionCounter{SlotScope::Transaction};

TEST(SlotTableTest, KeysOfTheSameTypeHaveSlotsOfTheirOwn) {
  MessageContext ctx;
  EXPECT_EQ(ctx.findSlot(kMessageCounter), nullptr);
  ctx.emplaceSlot(kMessageCounter).value = 1;
  ctx.emplaceSlot(kTransactionCounter).value = 2;
  ctx.emplaceSlot(kMessageText, "text");
  EXPECT_EQ(ctx.findSlot(kMessageCounter)->value, 1);
  EXPECT_EQ(ctx.findSlot(kTransactionCounter)->value, 2);
  EXPECT_EQ(*ctx.findSlot(kMessageText), "text");
  ctx.eraseSlot(kMessageCounter);
  EXPECT_EQ(ctx.findSlot(kMessageCounter), nullptr);
  EXPECT_NE(ctx.findSlot(kMessageText), nullptr);
}

TEST(SlotTableTest, ACopiedContextSharesValuesButNotReplacements) {
  MessageContext request;
  request.emplaceSlot(kMessageCounter).value = 1;
  MessageContext branch = request;
  branch.findSlot(kMessageCounter)->value = 2;  // the same object
  EXPECT_EQ(request.findSlot(kMessageCounter)->value, 2);
  branch.emplaceSlot(kMessageCounter).value = 3;  // a new one, the copy's only
  EXPECT_EQ(request.findSlot(kMessageCounter)->value, 2);
}

TEST(SlotTableTest, TransactionSlotsFollowTheTableTheContextUses) {
  MessageContext request;
  EXPECT_EQ(request.transactionSlots(), nullptr);  // none stored yet
  request.emplaceSlot(kTransactionCounter).value = 7;
  auto kept = request.transactionSlots();  // what tm keeps with the transaction

  MessageContext failure;  // a route tm runs later for that transaction
  EXPECT_EQ(failure.findSlot(kTransactionCounter), nullptr);
  failure.useTransactionSlots(kept);
  ASSERT_NE(failure.findSlot(kTransactionCounter), nullptr);
  EXPECT_EQ(failure.findSlot(kTransactionCounter)->value, 7);
  // Message-scope slots stay with their message.
  request.emplaceSlot(kMessageCounter);
  EXPECT_EQ(failure.findSlot(kMessageCounter), nullptr);
}

}  // namespace
}  // namespace kemid
