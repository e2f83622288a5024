#include "kemictl/db_commands.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>

#include "config/config_loader.h"
#include "core/log.h"
#include "db/db_registry.h"
#include "db/kamailio_schema.h"
#include "db/mysql_driver.h"
#include "db/sqlite_driver.h"
#include "kemictl/subscribers.h"

namespace kemid::ctl {

namespace {

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 64;

// Both drivers, as the modules would register them.
class Drivers {
 public:
  Drivers() : sqlite_(db_sqlite::SqliteSettings{}), mysql_(db_mysql::MysqlSettings{}) {
    registry_.add("sqlite", sqlite_);
    registry_.add("mysql", mysql_);
  }
  db::DbResult<std::unique_ptr<db::DbConnection>> connect(const std::string& url) {
    return registry_.connect(url);
  }

 private:
  db_sqlite::SqliteDriver sqlite_;
  db_mysql::MysqlDriver mysql_;
  db::DbRegistry registry_;
};

// A new SQLite file's directory (/var/lib/kemid) may not exist yet.
void createSqliteDirectory(const db::DbUrl& url) {
  if (url.scheme != "sqlite") return;
  const std::filesystem::path dir = std::filesystem::path(url.filePath()).parent_path();
  std::error_code ignored;  // connecting reports a directory that cannot be made
  if (!dir.empty()) std::filesystem::create_directories(dir, ignored);
}

// Run as root (`sudo kemictl db init`), a new database file would belong to
// root, and kemid, which runs as the owner of its state directory
// (/var/lib/kemid, user kemid), could not write to it: the file is given to
// the directory's owner.
void giveSqliteFileToDirectoryOwner(const db::DbUrl& url, std::ostream& err) {
  if (url.scheme != "sqlite" || ::geteuid() != 0) return;
  const std::filesystem::path file = url.filePath();
  struct stat dir {};
  struct stat db {};
  if (::stat(file.parent_path().c_str(), &dir) != 0 || ::stat(file.c_str(), &db) != 0) return;
  if (dir.st_uid == 0 || db.st_uid == dir.st_uid) return;
  if (::chown(file.c_str(), dir.st_uid, dir.st_gid) != 0) {
    err << "warning: cannot give " << file.string()
        << " to the owner of its directory: " << std::strerror(errno) << "\n";
  }
}

int dbInit(db::DbConnection& conn, std::ostream& out, std::ostream& err) {
  auto outcomes = db::createKamailioSchema(conn);
  if (!outcomes) {
    err << "error: " << outcomes.error() << "\n";
    return kExitFailed;
  }
  for (const db::SchemaOutcome& table : outcomes.value()) {
    if (table.created) {
      out << "created table " << table.table << " (version " << table.version << ")\n";
    } else {
      out << "table " << table.table << " exists (version " << table.version
          << "), left as it is\n";
    }
  }
  return 0;
}

bool subscriberUsage(const std::vector<std::string>& args) {
  if (args.empty()) return false;
  const std::string& action = args[0];
  return (action == "list" && args.size() == 1) || (action == "add" && args.size() == 3) ||
         (action == "rm" && args.size() == 2);
}

// `args` passed subscriberUsage, and its account parseAccount.
int subscriber(const std::vector<std::string>& args, db::DbConnection& conn, std::ostream& out,
               std::ostream& err) {
  const std::string& action = args[0];
  if (action == "list" && args.size() == 1) {
    auto accounts = listSubscribers(conn);
    if (!accounts) {
      err << "error: " << accounts.error() << "\n";
      return kExitFailed;
    }
    for (const Account& account : accounts.value()) {
      out << account.user << "@" << account.domain << "\n";
    }
    return 0;
  }
  const Account account = parseAccount(args[1]).value();
  db::DbResult<bool> done =
      action == "add" ? addSubscriber(conn, account, args[2]) : removeSubscriber(conn, account);
  if (!done) {
    err << "error: " << done.error() << "\n";
    return kExitFailed;
  }
  out << "subscriber " << args[1] << (action == "add" ? " added" : " removed") << "\n";
  return 0;
}

}  // namespace

bool isDbCommand(const std::string& command) {
  return command == "db" || command == "subscriber";
}

std::optional<std::string> dbUrlFromConfig(const std::string& configFile) {
  const Config config = loadConfigFile(configFile);
  std::optional<std::string> any;
  std::optional<std::string> usrloc;
  for (const ModuleEntry& module : config.modules) {
    for (const ModuleParam& param : module.params) {
      const auto* url = std::get_if<std::string>(&param.value);
      if (param.name != "db_url" || url == nullptr) continue;
      if (module.name == "auth_db") return *url;
      if (module.name == "usrloc" && !usrloc) usrloc = *url;
      if (!any) any = *url;
    }
  }
  return usrloc ? usrloc : any;
}

int runDbCommand(const std::vector<std::string>& words, const std::string& defaultUrl,
                 std::ostream& out, std::ostream& err) {
  const std::string& command = words.at(0);
  const std::vector<std::string> args(words.begin() + 1, words.end());
  const bool init = command == "db" && !args.empty() && args[0] == "init" && args.size() <= 2;
  if (command == "db" && !init) {
    err << "usage: kemictl db init [URL]\n";
    return kExitUsage;
  }
  if (command == "subscriber" && !subscriberUsage(args)) {
    err << "usage: kemictl subscriber add USER@DOMAIN PASSWORD | rm USER@DOMAIN | list\n";
    return kExitUsage;
  }
  if (command == "subscriber" && args.size() > 1) {
    db::DbResult<Account> account = parseAccount(args[1]);
    if (!account) {
      err << "error: " << account.error() << "\n";
      return kExitUsage;
    }
  }
  const std::string url = init && args.size() == 2 ? args[1] : defaultUrl;
  db::DbResult<db::DbUrl> parsed = db::DbUrl::parse(url);
  if (parsed && parsed->scheme != "sqlite" && parsed->scheme != "mysql") {
    err << "error: db_url '" << parsed->redacted()
        << "': kemictl knows sqlite:// and mysql:// databases\n";
    return kExitUsage;
  }
  if (init && parsed) createSqliteDirectory(parsed.value());
  // The database layer logs its errors for kemid; kemictl prints them itself.
  logging::setLevel(static_cast<int>(LogLevel::Alert) - 1);
  Drivers drivers;
  auto conn = drivers.connect(url);
  if (!conn) {
    err << "error: " << conn.error() << "\n";
    return kExitFailed;
  }
  const int status =
      init ? dbInit(*conn.value(), out, err) : subscriber(args, *conn.value(), out, err);
  if (parsed) giveSqliteFileToDirectoryOwner(parsed.value(), err);
  return status;
}

}  // namespace kemid::ctl
