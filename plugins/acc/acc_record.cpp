#include "acc_record.h"

#include <array>

#include "sip/ascii.h"

namespace kemid::acc {

namespace {

std::string_view eventText(AccEvent event) {
  switch (event) {
    case AccEvent::Answered:
      return "transaction answered";
    case AccEvent::Missed:
      return "call missed";
    case AccEvent::Request:
      return "request accounted";
  }
  return "";
}

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

struct Phrase {
  int code;
  std::string_view text;
};

// The final codes whose phrase Kamailio knows (RFC 3261 §21's, mostly);
// other codes get their class's name (classReason).
constexpr std::array kPhrases{
    Phrase{200, "OK"},
    Phrase{300, "Multiple Choices"},
    Phrase{301, "Moved Permanently"},
    Phrase{302, "Moved Temporarily"},
    Phrase{305, "Use Proxy"},
    Phrase{380, "Alternative Service"},
    Phrase{400, "Bad Request"},
    Phrase{401, "Unauthorized"},
    Phrase{402, "Payment Required"},
    Phrase{403, "Forbidden"},
    Phrase{404, "Not Found"},
    Phrase{405, "Method Not Allowed"},
    Phrase{406, "Not Acceptable"},
    Phrase{407, "Proxy Authentication Required"},
    Phrase{408, "Request Timeout"},
    Phrase{410, "Gone"},
    Phrase{413, "Request Entity Too Large"},
    Phrase{414, "Request-URI Too Long"},
    Phrase{415, "Unsupported Media Type"},
    Phrase{416, "Unsupported URI Scheme"},
    Phrase{421, "Extension Required"},
    Phrase{423, "Interval Too Brief"},
    Phrase{480, "Temporarily Unavailable"},
    Phrase{481, "Call/Transaction Does Not Exist"},
    Phrase{482, "Loop Detected"},
    Phrase{483, "Too Many Hops"},
    Phrase{484, "Address Incomplete"},
    Phrase{485, "Ambiguous"},
    Phrase{486, "Busy Here"},
    Phrase{487, "Request Terminated"},
    Phrase{488, "Not Acceptable Here"},
    Phrase{491, "Request Pending"},
    Phrase{500, "Server Internal Error"},
    Phrase{501, "Not Implemented"},
    Phrase{502, "Bad Gateway"},
    Phrase{503, "Service Unavailable"},
    Phrase{504, "Server Time-Out"},
    Phrase{505, "Version Not Supported"},
    Phrase{513, "Message Too Large"},
    Phrase{600, "Busy Everywhere"},
    Phrase{603, "Decline"},
    Phrase{604, "Does Not Exist Anywhere"},
    Phrase{606, "Not Acceptable"},
};

}  // namespace

std::string formatAccLine(AccEvent event, std::time_t timestamp, const AccRecord& record) {
  std::string line = "ACC: ";
  line += eventText(event);
  line += ": timestamp=" + std::to_string(static_cast<unsigned long>(timestamp));
  auto add = [&line](std::string_view name, std::string_view value) {
    line += ';';
    line += name;
    line += '=';
    line += value;
  };
  add("method", record.method);
  add("from_tag", record.fromTag);
  add("to_tag", record.toTag);
  add("call_id", record.callId);
  add("code", record.code);
  add("reason", record.reason);
  for (const auto& [name, value] : record.extra) add(name, value);
  return line;
}

void applyComment(std::string_view comment, AccRecord& record) {
  if (comment.size() >= 3 && isDigit(comment[0]) && isDigit(comment[1]) && isDigit(comment[2])) {
    record.code = std::string(comment.substr(0, 3));
    comment.remove_prefix(3);
    while (!comment.empty() && sip::isLws(comment.front())) comment.remove_prefix(1);
  } else {
    record.code.clear();
  }
  record.reason = std::string(comment);
}

std::string_view standardReason(int code) {
  for (const Phrase& phrase : kPhrases) {
    if (phrase.code == code) return phrase.text;
  }
  switch (code / 100) {
    case 2:
      return "Successful";
    case 3:
      return "Redirection";
    case 4:
      return "Request Failure";
    case 5:
      return "Server Failure";
    case 6:
      return "Global Failure";
    default:
      return "";
  }
}

}  // namespace kemid::acc
