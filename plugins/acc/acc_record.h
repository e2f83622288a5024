#pragma once
// One accounting record and its log line, as Kamailio's acc writes it:
//   ACC: <event>: timestamp=<unix time>;method=..;from_tag=..;to_tag=..;
//   call_id=..;code=..;reason=..[;<log_extra name>=<value>...]

#include <ctime>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kemid::acc {

// What is being accounted (the text after "ACC: ").
enum class AccEvent {
  Answered,  // "transaction answered": a final sent upstream
  Missed,    // "call missed": a negative final to an INVITE
  Request,   // "request accounted": acc_log_request from the script
};

struct AccRecord {
  std::string method;
  std::string fromTag;
  std::string toTag;
  std::string callId;
  std::string code;  // "" when a comment gave none
  std::string reason;
  std::vector<std::pair<std::string, std::string>> extra;  // log_extra, in order
};

std::string formatAccLine(AccEvent event, std::time_t timestamp, const AccRecord& record);

// acc_log_request's comment: "403 Forbidden" gives code "403" and reason
// "Forbidden"; text without three leading digits is all reason.
void applyComment(std::string_view comment, AccRecord& record);

// The reason phrase Kamailio's acc logs for a reply kemid made up itself
// (it logs the standard phrase, not the one the script gave t_reply).
std::string_view standardReason(int code);

}  // namespace kemid::acc
