#include "db/mysql_driver.h"

#include <Poco/Data/MySQL/Connector.h>
#include <Poco/Data/MySQL/MySQLException.h>
#include <Poco/Data/Session.h>

#include "db/poco_connection.h"

namespace kemid::db_mysql {

namespace {

constexpr std::uint16_t kDefaultPort = 3306;

// The client library's errors for a connection that went away (CR_SERVER_GONE_ERROR,
// CR_SERVER_LOST) come as statement errors; their text says so.
bool sessionLost(const Poco::Exception& e) {
  if (dynamic_cast<const Poco::Data::MySQL::ConnectionException*>(&e) != nullptr) return true;
  const std::string text = e.displayText();
  return text.find("gone away") != std::string::npos ||
         text.find("Lost connection") != std::string::npos ||
         text.find("Can't connect") != std::string::npos;
}

}  // namespace

db::DbResult<std::string> connectionString(const db::DbUrl& url) {
  for (const std::string* part : {&url.host, &url.user, &url.password, &url.database}) {
    if (part->find(';') != std::string::npos) {
      return db::DbError{"db_url '" + url.redacted() + "': ';' is not supported in a MySQL URL"};
    }
  }
  std::string text = "host=" + (url.host.empty() ? std::string("localhost") : url.host);
  text += ";port=" + std::to_string(url.port.value_or(kDefaultPort));
  if (!url.user.empty()) text += ";user=" + url.user;
  if (!url.password.empty()) text += ";password=" + url.password;
  text += ";db=" + url.database;
  // Reconnecting is ours (PocoConnection), once per call, bounded.
  text += ";auto-reconnect=false";
  return text;
}

MysqlDriver::MysqlDriver(MysqlSettings settings) : settings_(settings) {
  Poco::Data::MySQL::Connector::registerConnector();
}

MysqlDriver::~MysqlDriver() {
  Poco::Data::MySQL::Connector::unregisterConnector();
}

db::DbResult<std::unique_ptr<db::DbConnection>> MysqlDriver::connect(const db::DbUrl& url) {
  db::DbResult<std::string> text = connectionString(url);
  if (!text) return db::DbError{text.error()};
  db::PocoSessionSettings session;
  session.connector = Poco::Data::MySQL::Connector::KEY;
  session.connectionString = text.value();
  session.dialect = db::SqlDialect::MySQL;
  session.timeout = settings_.connectTimeout;
  session.maxSessions = settings_.maxSessions;
  const auto io = static_cast<std::size_t>(settings_.ioTimeout.count());
  session.configure = [io](Poco::Data::Session& s) { s.setConnectionTimeout(io); };
  session.sessionLost = &sessionLost;
  return db::PocoConnection::open(url, std::move(session));
}

}  // namespace kemid::db_mysql
