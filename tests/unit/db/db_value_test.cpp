#include "db/db_value.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace kemid::db {
namespace {

TEST(DbValue, DateTimeIsLocalTimeText) {
  ::setenv("TZ", "Europe/Berlin", 1);
  ::tzset();
  // 2024-07-01 10:00:00 UTC is 12:00:00 in Berlin (summer time).
  EXPECT_EQ(formatDateTime(DbDateTime{1719828000}), "2024-07-01 12:00:00");
  EXPECT_EQ(parseDateTime("2024-07-01 12:00:00"), DbDateTime{1719828000});
  EXPECT_EQ(parseDateTime("2024-07-01 12:00:00.250"), DbDateTime{1719828000});
  EXPECT_EQ(parseDateTime("2024-07-01"), std::nullopt);
  EXPECT_EQ(parseDateTime("2024-07-01 12:00:00x"), std::nullopt);
  ::unsetenv("TZ");
  ::tzset();
}

TEST(DbValue, ReadsConvertAsKamailioModulesExpect) {
  EXPECT_EQ(asInt(DbValue(std::string("42"))), 42);
  EXPECT_EQ(asInt(DbValue(std::string("4x"))), std::nullopt);
  EXPECT_EQ(asInt(DbValue(DbNull{})), std::nullopt);
  EXPECT_EQ(asDouble(DbValue(std::int64_t{2})), 2.0);
  EXPECT_EQ(asString(DbValue(std::int64_t{7})), "7");
  EXPECT_EQ(asString(DbValue(DbNull{})), std::nullopt);
  EXPECT_EQ(toText(DbValue(DbNull{})), "NULL");
  EXPECT_EQ(asDateTime(DbValue(std::int64_t{9})), DbDateTime{9});
}

TEST(DbValue, RowsFindColumnsByName) {
  DbRows rows{{"username", "ha1"}, {}};
  EXPECT_EQ(rows.columnIndex("ha1"), 1u);
  EXPECT_EQ(rows.columnIndex("ha1b"), std::nullopt);
}

}  // namespace
}  // namespace kemid::db
