#pragma once
// A private MariaDB server for a test suite: mariadbd started as the current
// user in a temporary data directory on a free loopback port, with the
// databases `kemid` and `kamailio` and the user kemid/secret allowed from
// 127.0.0.1; stopped when destroyed.

#include <cstdint>
#include <memory>
#include <string>

#include "support/loopback_port.h"
#include "support/process.h"

namespace kemid::test {

class MariaDbServer {
 public:
  // "" when mariadbd and its tools are installed, else why not.
  static std::string unavailableReason();
  // The running server, or nullptr with why it did not start.
  static std::unique_ptr<MariaDbServer> start(std::string& why);
  ~MariaDbServer();

  std::string url(const std::string& password = "secret",
                  const std::string& database = "kemid") const;
  std::uint16_t port() const { return port_; }
  BackgroundProcess& process() { return *process_; }

  // Runs `sql` as kemid in `database` with the mariadb client; its output
  // in batch form (tab-separated rows, no column names).
  ProcessResult query(const std::string& sql, const std::string& database = "kemid") const;

  // Starts mariadbd on the existing data directory (again, after stop()).
  bool run(std::string& why);
  void stop();

 private:
  MariaDbServer();
  std::string data() const;
  std::string tmp() const;
  std::string socket() const;
  bool boot(std::string& why);

  TempDir dir_;
  std::uint16_t port_;
  std::unique_ptr<BackgroundProcess> process_;
};

}  // namespace kemid::test
