#include "core/log.h"

#include <Poco/AutoPtr.h>
#include <Poco/Message.h>
#include <Poco/SyslogChannel.h>
#include <unistd.h>

#include <array>
#include <utility>

namespace kemid::logging {

std::atomic<int> currentLevel{static_cast<int>(LogLevel::Warn)};

namespace {

// The sink is configured at startup, before any worker thread exists, and
// only read afterwards: writing a line takes no lock.
struct Sink {
  Poco::AutoPtr<Poco::SyslogChannel> syslog;  // null: stderr
};

// The log_prefix of the message this thread is processing (MessageLogPrefix).
constinit thread_local std::string_view messagePrefix;

Sink& sink() {
  static Sink instance;
  return instance;
}

constexpr std::array<std::pair<std::string_view, int>, 18> kFacilities{{
    {"LOG_KERN", Poco::SyslogChannel::SYSLOG_KERN},
    {"LOG_USER", Poco::SyslogChannel::SYSLOG_USER},
    {"LOG_MAIL", Poco::SyslogChannel::SYSLOG_MAIL},
    {"LOG_DAEMON", Poco::SyslogChannel::SYSLOG_DAEMON},
    {"LOG_AUTH", Poco::SyslogChannel::SYSLOG_AUTH},
    {"LOG_SYSLOG", Poco::SyslogChannel::SYSLOG_SYSLOG},
    {"LOG_LPR", Poco::SyslogChannel::SYSLOG_LPR},
    {"LOG_NEWS", Poco::SyslogChannel::SYSLOG_NEWS},
    {"LOG_UUCP", Poco::SyslogChannel::SYSLOG_UUCP},
    {"LOG_CRON", Poco::SyslogChannel::SYSLOG_CRON},
    {"LOG_LOCAL0", Poco::SyslogChannel::SYSLOG_LOCAL0},
    {"LOG_LOCAL1", Poco::SyslogChannel::SYSLOG_LOCAL1},
    {"LOG_LOCAL2", Poco::SyslogChannel::SYSLOG_LOCAL2},
    {"LOG_LOCAL3", Poco::SyslogChannel::SYSLOG_LOCAL3},
    {"LOG_LOCAL4", Poco::SyslogChannel::SYSLOG_LOCAL4},
    {"LOG_LOCAL5", Poco::SyslogChannel::SYSLOG_LOCAL5},
    {"LOG_LOCAL6", Poco::SyslogChannel::SYSLOG_LOCAL6},
    {"LOG_LOCAL7", Poco::SyslogChannel::SYSLOG_LOCAL7},
}};

Poco::Message::Priority pocoPriority(LogLevel level) {
  switch (level) {
    case LogLevel::Alert:
      return Poco::Message::PRIO_FATAL;
    case LogLevel::Bug:
    case LogLevel::Crit2:
    case LogLevel::Crit:
      return Poco::Message::PRIO_CRITICAL;
    case LogLevel::Err:
      return Poco::Message::PRIO_ERROR;
    case LogLevel::Warn:
      return Poco::Message::PRIO_WARNING;
    case LogLevel::Notice:
      return Poco::Message::PRIO_NOTICE;
    case LogLevel::Info:
      return Poco::Message::PRIO_INFORMATION;
    case LogLevel::Dbg:
      return Poco::Message::PRIO_DEBUG;
  }
  return Poco::Message::PRIO_ERROR;
}

}  // namespace

constinit thread_local int threadLevel = kFollowGlobalLevel;

void setThreadLevel(int debug) {
  threadLevel = debug;
}

void resetThreadLevel() {
  threadLevel = kFollowGlobalLevel;
}

void setLevel(int debug) {
  currentLevel.store(debug, std::memory_order_relaxed);
}
int level() {
  return currentLevel.load(std::memory_order_relaxed);
}

void toStderr() {
  sink().syslog.reset();
}

void toSyslog(std::string_view facility, std::string_view ident) {
  auto code = syslogFacility(facility).value_or(Poco::SyslogChannel::SYSLOG_DAEMON);
  Poco::AutoPtr<Poco::SyslogChannel> channel(new Poco::SyslogChannel(
      std::string(ident), Poco::SyslogChannel::SYSLOG_PID | Poco::SyslogChannel::SYSLOG_NDELAY,
      code));
  channel->open();
  sink().syslog = channel;
}

MessageLogPrefix::MessageLogPrefix(std::string_view text) : previous_(messagePrefix) {
  messagePrefix = text;
}

MessageLogPrefix::~MessageLogPrefix() {
  messagePrefix = previous_;
}

std::optional<int> syslogFacility(std::string_view name) {
  for (const auto& [facilityName, code] : kFacilities) {
    if (facilityName == name) return code;
  }
  return std::nullopt;
}

std::string_view levelName(LogLevel level) {
  switch (level) {
    case LogLevel::Alert:
      return "ALERT";
    case LogLevel::Bug:
      return "BUG";
    case LogLevel::Crit2:
      return "CRITICAL";
    case LogLevel::Crit:
      return "";  // Kamailio 5.6 prints L_CRIT with an empty label
    case LogLevel::Err:
      return "ERROR";
    case LogLevel::Warn:
      return "WARNING";
    case LogLevel::Notice:
      return "NOTICE";
    case LogLevel::Info:
      return "INFO";
    case LogLevel::Dbg:
      return "DEBUG";
  }
  return "?";
}

namespace {

// Kamailio's stderr shape: " 0(pid) LEVEL: [prefix]<tag>text". Scripts end
// their own messages with "\n"; one is added only when missing.
void emit(LogLevel level, std::string_view source, std::string_view tag, std::string_view text) {
  std::string line;
  line.reserve(text.size() + tag.size() + messagePrefix.size() + 48);
  if (!sink().syslog) line.append(" 0(").append(std::to_string(::getpid())).append(") ");
  line.append(levelName(level)).append(": ").append(messagePrefix).append(tag).append(text);
  if (sink().syslog) {
    while (!line.empty() && line.back() == '\n') line.pop_back();
    sink().syslog->log(Poco::Message(std::string(source), line, pocoPriority(level)));
    return;
  }
  if (line.back() != '\n') line.push_back('\n');
  // One write per line, so lines of concurrent threads do not interleave.
  [[maybe_unused]] auto written = ::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace

void write(LogLevel level, std::string_view component, std::string_view text) {
  emit(level, component, "<" + std::string(component) + "> ", text);
}

void writeUntagged(LogLevel level, std::string_view source, std::string_view text) {
  emit(level, source, {}, text);
}

}  // namespace kemid::logging

namespace kemid {

namespace {
std::atomic<bool> rateLimitsOn{true};
}  // namespace

void logging::setRateLimits(bool on) {
  rateLimitsOn.store(on, std::memory_order_relaxed);
}

bool RateLimitedLog::admit(std::uint64_t& skipped) {
  if (!rateLimitsOn.load(std::memory_order_relaxed)) return true;
  const std::int64_t now = std::chrono::steady_clock::now().time_since_epoch().count();
  std::int64_t start = windowStartNs_.load(std::memory_order_relaxed);
  // The thread that opens a new interval resets its budget; a line or two
  // more may pass while it does, which is fine for a log.
  if ((start == INT64_MIN || now - start >= interval_) &&
      windowStartNs_.compare_exchange_strong(start, now, std::memory_order_relaxed)) {
    usedInWindow_.store(0, std::memory_order_relaxed);
  }
  if (usedInWindow_.fetch_add(1, std::memory_order_relaxed) >= burst_) {
    suppressed_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  skipped = suppressed_.exchange(0, std::memory_order_relaxed);
  return true;
}

}  // namespace kemid
