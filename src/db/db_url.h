#pragma once
// A db_url as Kamailio writes it: scheme://[user[:password]@]host[:port]/database
// ("mysql://kamailio:secret@localhost/kamailio"). SQLite has no server:
// "sqlite:///var/lib/kemid/kemid.sqlite" is an absolute path, and
// "sqlite://anything/file.sqlite" a path relative to the working directory,
// as Kamailio reads them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "db/db_result.h"

namespace kemid::db {

struct DbUrl {
  std::string scheme;    // "sqlite", "mysql": the driver that serves it
  std::string user;      // empty when not given
  std::string password;  // empty when not given
  std::string host;      // empty in "sqlite:///path"
  std::optional<std::uint16_t> port;
  std::string database;  // what follows host[:port]/ (may contain '/')
  std::string text;      // the URL as given

  // Parses `text`; the error names the URL and what is wrong with it.
  static DbResult<DbUrl> parse(std::string_view text);

  // The URL with the password replaced by "***", for logs and errors.
  std::string redacted() const;

  // For file databases (SQLite): the file the URL names, "/" + database
  // when there is no host, database (relative) otherwise.
  std::string filePath() const;
};

}  // namespace kemid::db
