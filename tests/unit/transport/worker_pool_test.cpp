#include "transport/worker_pool.h"

#include <gtest/gtest.h>

#include <latch>
#include <string>

namespace kemid {
namespace {

Datagram datagram(std::string text) {
  Datagram d;
  d.data = std::move(text);
  return d;
}

const std::string kNewCall =
    "INVITE sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP c;branch=z9hG4bK1\r\nTo: <sip:b@h>\r\n"
    "From: <sip:a@h>;tag=1\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n\r\n";
const std::string kInDialog =
    "BYE sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP c;branch=z9hG4bK2\r\nTo: <sip:b@h>;tag=9\r\n"
    "From: <sip:a@h>;tag=1\r\nCall-ID: x\r\nCSeq: 2 BYE\r\n\r\n";
const std::string kReply =
    "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP c;branch=z9hG4bK1\r\nTo: <sip:b@h>;tag=9\r\n"
    "From: <sip:a@h>;tag=1\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n\r\n";

// One worker held busy: its queue fills up. Past three quarters of the limit
// only replies and in-dialog requests are taken; at the limit nothing.
TEST(WorkerPool, AFullQueueShedsNewRequestsFirst) {
  std::latch busy(1), release(1);
  int handled = 0;
  WorkerPool pool(1, 16, nullptr, [&](Datagram&) {
    if (handled++ == 0) {
      busy.count_down();
      release.wait();
    }
  });
  ASSERT_TRUE(pool.dispatch(0, datagram(kNewCall)));
  busy.wait();  // the worker holds the first one; the queue is empty
  for (int i = 0; i < 12; ++i) EXPECT_TRUE(pool.dispatch(0, datagram(kNewCall))) << i;
  EXPECT_FALSE(pool.dispatch(0, datagram(kNewCall)));  // 12 = 3/4 of 16
  EXPECT_TRUE(pool.dispatch(0, datagram(kInDialog)));
  EXPECT_TRUE(pool.dispatch(0, datagram(kReply)));
  EXPECT_TRUE(pool.dispatch(0, datagram(kReply)));
  EXPECT_TRUE(pool.dispatch(0, datagram(kReply)));
  EXPECT_EQ(pool.queueDepth(0), 16u);
  EXPECT_FALSE(pool.dispatch(0, datagram(kReply)));
  EXPECT_EQ(pool.drops().outOfDialog.load(), 1u);
  EXPECT_EQ(pool.drops().other.load(), 1u);
  release.count_down();
  pool.stop();
  EXPECT_EQ(handled, 17);
}

}  // namespace
}  // namespace kemid
