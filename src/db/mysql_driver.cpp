#include "db/mysql_driver.h"

#include <Poco/Data/MySQL/Connector.h>
#include <Poco/Data/MySQL/MySQLException.h>
#include <Poco/Data/MySQL/SessionImpl.h>
#include <Poco/Data/Session.h>
#include <ma_pvio.h>
#include <mysql.h>

#include "db/poco_connection.h"

namespace kemid::db_mysql {

namespace {

constexpr std::uint16_t kDefaultPort = 3306;

// The client library's errors for a connection that went away: before the
// statement reached the server (CR_SERVER_GONE_ERROR 2006, or a connection
// error) the call may be retried on a new session; during it
// (CR_SERVER_LOST 2013: a read timeout, the server died mid-query) it may
// have run, and is not repeated.
db::SessionFault classify(const Poco::Exception& e) {
  if (dynamic_cast<const Poco::Data::MySQL::ConnectionException*>(&e) != nullptr) {
    return db::SessionFault::Gone;
  }
  const std::string text = e.displayText();
  if (text.find("[mysql_stmt_errno]: 2006") != std::string::npos ||
      text.find("gone away") != std::string::npos) {
    return db::SessionFault::Gone;
  }
  if (text.find("[mysql_stmt_errno]: 2013") != std::string::npos ||
      text.find("Lost connection") != std::string::npos) {
    return db::SessionFault::Broken;
  }
  return db::SessionFault::Usable;
}

// Bounds every read and write of the session. The client library fixes its
// read/write timeouts when it connects, and Poco connects before it lets us
// set them; the connection's I/O layer (MariaDB Connector/C's public
// ma_pvio.h) changes them on the open connection.
void boundIo(Poco::Data::Session& session, std::chrono::seconds timeout) {
  auto* impl = dynamic_cast<Poco::Data::MySQL::SessionImpl*>(session.impl());
  if (impl == nullptr) return;
  MYSQL* mysql = impl->handle();
  MARIADB_PVIO* pvio = mysql != nullptr ? mysql->net.pvio : nullptr;
  if (pvio == nullptr || pvio->methods == nullptr || pvio->methods->set_timeout == nullptr) return;
  const int seconds = static_cast<int>(timeout.count());
  pvio->methods->set_timeout(pvio, PVIO_READ_TIMEOUT, seconds);
  pvio->methods->set_timeout(pvio, PVIO_WRITE_TIMEOUT, seconds);
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
  const std::chrono::seconds io = settings_.ioTimeout;
  session.configure = [io](Poco::Data::Session& s) { boundIo(s, io); };
  session.classify = &classify;
  return db::PocoConnection::open(url, std::move(session));
}

}  // namespace kemid::db_mysql
