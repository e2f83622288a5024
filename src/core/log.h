#pragma once
// Logging with Kamailio's levels. A message is formatted only when its level
// is enabled: the check is one relaxed atomic load, before any argument is
// converted to text.

#include <atomic>
#include <chrono>
#include <climits>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

namespace kemid {

// Kamailio's `debug` levels: a message is printed when its level <= debug.
enum class LogLevel : int {
  Alert = -5,
  Bug = -4,
  Crit2 = -3,
  Crit = -2,
  Err = -1,
  Warn = 0,
  Notice = 1,
  Info = 2,
  Dbg = 3,
};

namespace logging {

extern std::atomic<int> currentLevel;

// A thread's own level (kex's setdebug: Kamailio sets it per process, kemid
// per worker thread), or kFollowGlobalLevel.
inline constexpr int kFollowGlobalLevel = INT_MIN;
extern constinit thread_local int threadLevel;

inline bool enabled(LogLevel level) {
  const int own = threadLevel;
  return static_cast<int>(level) <=
         (own != kFollowGlobalLevel ? own : currentLevel.load(std::memory_order_relaxed));
}
void setLevel(int debug);
int level();
// The calling thread's level, until resetThreadLevel().
void setThreadLevel(int debug);
void resetThreadLevel();

// Where lines go: stderr (`log_stderror`, -E) or syslog with the given
// facility name ("LOG_DAEMON", "LOG_LOCAL0", ...) and ident.
void toStderr();
void toSyslog(std::string_view facility, std::string_view ident);
// Kamailio's `log_prefix`: while a received SIP message is processed, its
// evaluated text goes in front of the module tag of every line the thread
// writes (" 1(pid) INFO: LUA {INVITE}: <core> ..."); lines written outside
// message processing have none. `text` must outlive the scope.
class MessageLogPrefix {
 public:
  explicit MessageLogPrefix(std::string_view text);
  ~MessageLogPrefix();
  MessageLogPrefix(const MessageLogPrefix&) = delete;
  MessageLogPrefix& operator=(const MessageLogPrefix&) = delete;

 private:
  std::string_view previous_;
};

// The syslog facility code for a name such as "LOG_LOCAL0"; nullopt if unknown.
std::optional<int> syslogFacility(std::string_view name);

// Writes one formatted line; callers use Logger, which checks the level first.
void write(LogLevel level, std::string_view component, std::string_view text);
// The line without the "<component> " tag: text that carries its own (xlog's
// "<script>: " prefix). `source` names the syslog ident. No level check.
void writeUntagged(LogLevel level, std::string_view source, std::string_view text);

std::string_view levelName(LogLevel level);  // "INFO", "ERROR", ...

// Whether RateLimitedLog limits (the default). Unit tests, which check each
// error line, turn it off (tests/support/unit_test_main.cpp).
void setRateLimits(bool on);

}  // namespace logging

// A named source of log lines: "core", a module name, "script".
class Logger {
 public:
  constexpr explicit Logger(std::string_view component) : component_(component) {}

  template <class... Args>
  void log(LogLevel level, const Args&... args) const {
    if (!logging::enabled(level)) return;
    if constexpr (sizeof...(Args) == 1 && (std::is_convertible_v<Args, std::string_view> && ...)) {
      logging::write(level, component_, std::string_view(args...));
    } else {
      std::ostringstream text;
      (text << ... << args);
      logging::write(level, component_, text.str());
    }
  }

  template <class... Args>
  void crit(const Args&... args) const {
    log(LogLevel::Crit, args...);
  }
  template <class... Args>
  void err(const Args&... args) const {
    log(LogLevel::Err, args...);
  }
  template <class... Args>
  void warn(const Args&... args) const {
    log(LogLevel::Warn, args...);
  }
  template <class... Args>
  void notice(const Args&... args) const {
    log(LogLevel::Notice, args...);
  }
  template <class... Args>
  void info(const Args&... args) const {
    log(LogLevel::Info, args...);
  }
  template <class... Args>
  void dbg(const Args&... args) const {
    log(LogLevel::Dbg, args...);
  }

 private:
  std::string_view component_;
};

// An error that can come with every message (a malformed datagram, a failed
// send, a Lua error in a route): at most `burst` lines per `interval` from
// one place, the first line after a pause saying how many were left out,
// so that a flood cannot drown the log while distinct errors of normal
// operation still show. Thread-safe; one per call site, with static storage.
class RateLimitedLog {
 public:
  // `what` names the lines left out: "malformed messages", "Lua errors".
  constexpr RateLimitedLog(const Logger& logger, std::string_view what, int burst = 10,
                           std::chrono::nanoseconds interval = std::chrono::seconds(1))
      : logger_(logger), what_(what), burst_(burst), interval_(interval.count()) {}

  // Logs one line at ERROR unless the budget of this interval is spent;
  // true when it did.
  template <class... Args>
  bool err(const Args&... args) {
    if (!logging::enabled(LogLevel::Err)) return false;
    std::uint64_t skipped = 0;
    if (!admit(skipped)) return false;
    if (skipped > 0) {
      logger_.err(args..., " (", skipped, " more ", what_, " since the last report)");
    } else {
      logger_.err(args...);
    }
    return true;
  }

 private:
  // Whether a line may go now; if so, `skipped` tells how many did not.
  bool admit(std::uint64_t& skipped);

  const Logger& logger_;
  std::string_view what_;
  int burst_;
  std::int64_t interval_;
  std::atomic<std::int64_t> windowStartNs_{INT64_MIN};
  std::atomic<int> usedInWindow_{0};
  std::atomic<std::uint64_t> suppressed_{0};
};

}  // namespace kemid
