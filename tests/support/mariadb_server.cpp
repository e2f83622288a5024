#include "support/mariadb_server.h"

#include <unistd.h>
#include <csignal>
#include <filesystem>
#include <thread>

namespace kemid::test {

namespace {

using namespace std::chrono_literals;

const char* const kMariadbd = "/usr/sbin/mariadbd";
const char* const kInstallDb = "/usr/bin/mariadb-install-db";
const char* const kClient = "/usr/bin/mariadb";

}  // namespace

std::string MariaDbServer::unavailableReason() {
  for (const char* program : {kMariadbd, kInstallDb, kClient}) {
    if (!std::filesystem::exists(program)) {
      return "MariaDB is not installed (apt-get install mariadb-server): no " +
             std::string(program);
    }
  }
  return "";
}

std::unique_ptr<MariaDbServer> MariaDbServer::start(std::string& why) {
  auto server = std::unique_ptr<MariaDbServer>(new MariaDbServer());
  if (!server->boot(why)) return nullptr;
  return server;
}

MariaDbServer::MariaDbServer() : port_(freeLoopbackPort()) {}

MariaDbServer::~MariaDbServer() {
  if (process_) stop();
}

std::string MariaDbServer::url(const std::string& password, const std::string& database) const {
  return "mysql://kemid:" + password + "@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

std::string MariaDbServer::data() const {
  return (dir_.path() / "data").string();
}

std::string MariaDbServer::tmp() const {
  return (dir_.path() / "tmp").string();
}

std::string MariaDbServer::socket() const {
  return (dir_.path() / "mysqld.sock").string();
}

ProcessResult MariaDbServer::query(const std::string& sql, const std::string& database) const {
  return runProcess(kClient, {"--no-defaults", "-h127.0.0.1", "-P" + std::to_string(port_),
                              "-ukemid", "-psecret", "-N", "-B", database, "-e", sql});
}

bool MariaDbServer::run(std::string& why) {
  const std::string user =
      ::geteuid() == 0 ? "--user=root" : "--user=" + std::to_string(::geteuid());
  process_ = std::make_unique<BackgroundProcess>(
      kMariadbd,
      std::vector<std::string>{"--no-defaults", "--datadir=" + data(), "--tmpdir=" + tmp(),
                               "--socket=" + socket(), "--port=" + std::to_string(port_),
                               "--bind-address=127.0.0.1", "--skip-name-resolve",
                               "--pid-file=" + (dir_.path() / "pid").string(), user,
                               "--log-error=" + (dir_.path() / "error.log").string()});
  // A minute: under the sanitizers, with every core busy, the first start
  // (InnoDB creating its files) is slow.
  for (int i = 0; i < 600 && !acceptsOnLoopback(port_); ++i) {
    if (!process_->running()) break;
    std::this_thread::sleep_for(100ms);
  }
  if (!acceptsOnLoopback(port_)) {
    why = "mariadbd did not start: " + readFile(dir_.path() / "error.log");
    return false;
  }
  return true;
}

void MariaDbServer::stop() {
  process_->signal(SIGTERM);
  process_->waitExit(20s);
  process_.reset();
}

bool MariaDbServer::boot(std::string& why) {
  // A temporary directory of its own: two servers bootstrapping at once
  // (parallel ctest) can collide on the names of their temporary tables.
  std::filesystem::create_directories(tmp());
  std::vector<std::string> args{"--no-defaults", "--datadir=" + data(), "--tmpdir=" + tmp(),
                                "--auth-root-authentication-method=normal", "--skip-test-db"};
  if (::geteuid() == 0) args.push_back("--user=root");
  ProcessResult installed = runProcess(kInstallDb, args);
  if (installed.exitCode != 0) {
    why = "mariadb-install-db failed: " + installed.err;
    return false;
  }
  if (!run(why)) return false;
  ProcessResult setup =
      runProcess(kClient, {"--no-defaults", "--socket=" + socket(), "-uroot", "-e",
                           "CREATE DATABASE kemid; CREATE DATABASE kamailio; "
                           "CREATE USER 'kemid'@'127.0.0.1' IDENTIFIED BY 'secret'; "
                           "GRANT ALL ON kemid.* TO 'kemid'@'127.0.0.1'; "
                           "GRANT ALL ON kamailio.* TO 'kemid'@'127.0.0.1';"});
  if (setup.exitCode != 0) {
    why = "creating the kemid user failed: " + setup.err;
    return false;
  }
  return true;
}

}  // namespace kemid::test
