#pragma once
// kemictl's database commands, run on the database itself as kamdbctl and
// kamctl do (kemid need not be running):
//   db init [URL]                       Kamailio's tables and versions
//   subscriber add USER@DOMAIN PASSWORD
//   subscriber rm USER@DOMAIN
//   subscriber list
// kemictl links the SQLite and MySQL drivers' code in rather than loading
// the db_* plugins: a plugin wants a ModuleHost and a loaded config, kemictl
// only a connection, and this way it works with no kemid installed beside it.

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace kemid::ctl {

// Whether `command` is one of the database commands ("db", "subscriber").
bool isDbCommand(const std::string& command);

// The db_url a config gives its modules (auth_db's first, then usrloc's,
// then any module's); nullopt when none does. Throws ConfigError.
std::optional<std::string> dbUrlFromConfig(const std::string& configFile);

// Runs `words` (command and arguments) on `url`; returns the exit code.
int runDbCommand(const std::vector<std::string>& words, const std::string& url, std::ostream& out,
                 std::ostream& err);

}  // namespace kemid::ctl
