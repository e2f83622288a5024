#include "db/sql_builder.h"

#include <gtest/gtest.h>

namespace kemid::db {
namespace {

TEST(SqlBuilder, SelectBindsEveryValueAndQuotesNames) {
  DbResult<SqlStatement> sql = selectSql({.table = "location",
                                          .keys = {{"username", std::string("alice")},
                                                   {"expires", DbDateTime{100}, DbOp::Gt},
                                                   {"domain", DbNull{}}},
                                          .columns = {"contact", "q"},
                                          .orderBy = "q",
                                          .descending = true,
                                          .limit = 5});
  ASSERT_TRUE(sql.ok()) << sql.error();
  EXPECT_EQ(sql->text,
            "SELECT `contact`, `q` FROM `location` WHERE `username` = ? AND `expires` > ? AND "
            "`domain` IS NULL ORDER BY `q` DESC LIMIT 5");
  ASSERT_EQ(sql->params.size(), 2u);
  EXPECT_EQ(sql->params[0], DbValue(std::string("alice")));
  EXPECT_EQ(sql->params[1], DbValue(DbDateTime{100}));
}

TEST(SqlBuilder, SelectAllWithoutKeys) {
  DbResult<SqlStatement> sql = selectSql({.table = "subscriber"});
  ASSERT_TRUE(sql.ok());
  EXPECT_EQ(sql->text, "SELECT * FROM `subscriber`");
  EXPECT_TRUE(sql->params.empty());
}

TEST(SqlBuilder, InsertUpdateDelete) {
  DbResult<SqlStatement> insert =
      insertSql("subscriber", {{"username", std::string("a")}, {"domain", std::string("d")}});
  ASSERT_TRUE(insert.ok());
  EXPECT_EQ(insert->text, "INSERT INTO `subscriber` (`username`, `domain`) VALUES (?, ?)");
  EXPECT_EQ(insert->params.size(), 2u);

  DbResult<SqlStatement> update =
      updateSql("location", {{"ruid", std::string("r1")}}, {{"cseq", std::int64_t{7}}, {"q", 0.5}});
  ASSERT_TRUE(update.ok());
  EXPECT_EQ(update->text, "UPDATE `location` SET `cseq` = ?, `q` = ? WHERE `ruid` = ?");
  ASSERT_EQ(update->params.size(), 3u);
  EXPECT_EQ(update->params[2], DbValue(std::string("r1")));

  DbResult<SqlStatement> remove =
      deleteSql("location", {{"expires", DbDateTime{5}, DbOp::Lt}, {"socket", DbNull{}, DbOp::Ne}});
  ASSERT_TRUE(remove.ok());
  EXPECT_EQ(remove->text, "DELETE FROM `location` WHERE `expires` < ? AND `socket` IS NOT NULL");
  EXPECT_EQ(remove->params.size(), 1u);
}

TEST(SqlBuilder, NamesThatAreNotIdentifiersAreRefused) {
  DbResult<SqlStatement> table = selectSql({.table = "location; DROP TABLE x"});
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error(),
            "invalid table name 'location; DROP TABLE x' (letters, digits and '_' only)");
  DbResult<SqlStatement> column = insertSql("t", {{"a`b", std::int64_t{1}}});
  ASSERT_FALSE(column.ok());
  EXPECT_EQ(column.error(), "invalid column name 'a`b' (letters, digits and '_' only)");
  EXPECT_FALSE(updateSql("t", {}, {}).ok());
}

}  // namespace
}  // namespace kemid::db
