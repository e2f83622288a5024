#include "conformance/sip_transcript.h"

#include <map>
#include <regex>

namespace kemid::conformance {

namespace {

// SIPp starts each message with a line of dashes and a timestamp, then
// "UDP message sent (N bytes):" or "UDP message received [N] bytes :".
const std::regex kEntryStart(R"(-{10,} [0-9-]+ [0-9:.]+\n(\w+) message (sent|received)[^\n]*\n\n)");

std::string withoutCarriageReturns(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c != '\r') out.push_back(c);
  }
  return out;
}

// Drops the blank lines SIPp leaves between messages; a message keeps the
// one blank line that ends its head.
std::string trimTrailingBlankLines(std::string text) {
  while (text.size() >= 2 && text.ends_with("\n\n")) text.pop_back();
  return text;
}

class GeneratedNames {
 public:
  std::string nameFor(const std::string& kind, const std::string& value) {
    auto [it, added] = names_[kind].try_emplace(value, "");
    if (added) it->second = "<" + kind + "-" + std::to_string(names_[kind].size()) + ">";
    return it->second;
  }

 private:
  std::map<std::string, std::map<std::string, std::string>> names_;
};

std::string replaceAll(const std::string& text, const std::regex& pattern, const std::string& kind,
                       GeneratedNames& names) {
  std::string out;
  auto last = text.cbegin();
  for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern);
       it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    out.append(last, m[2].first);
    out.append(names.nameFor(kind, m[2].str()));
    last = m[2].second;
  }
  out.append(last, text.cend());
  return out;
}

}  // namespace

std::vector<TracedMessage> parseSippTrace(const std::string& log) {
  const std::string text = withoutCarriageReturns(log);
  std::vector<TracedMessage> messages;
  std::smatch start;
  auto from = text.cbegin();
  while (std::regex_search(from, text.cend(), start, kEntryStart)) {
    auto bodyStart = start[0].second;
    std::smatch next;
    auto end =
        std::regex_search(bodyStart, text.cend(), next, kEntryStart) ? next[0].first : text.cend();
    messages.push_back({start[2] == "sent", trimTrailingBlankLines(std::string(bodyStart, end))});
    from = end;
  }
  return messages;
}

std::vector<TracedMessage> normaliseGeneratedValues(std::vector<TracedMessage> messages) {
  static const std::regex branch(R"((;\s*branch\s*=\s*)([^;,>\s]+))", std::regex::icase);
  static const std::regex tag(R"((;\s*f?tag\s*=\s*)([^;,>\s]+))", std::regex::icase);
  static const std::regex callId(R"((\n(?:Call-ID|i)\s*:\s*)([^\n]+))", std::regex::icase);
  // Digest values (auth): nonces depend on the time and a per-start secret,
  // responses on the nonce; which nonce a proxy reuses is not compared.
  static const std::regex digest(R"((\b(?:nonce|nextnonce|cnonce|response|rspauth)\s*=\s*")[^"]*)",
                                 std::regex::icase);
  GeneratedNames names;
  for (TracedMessage& m : messages) {
    m.text = replaceAll(m.text, branch, "branch", names);
    m.text = replaceAll(m.text, tag, "tag", names);
    m.text = replaceAll(m.text, callId, "callid", names);
    m.text = std::regex_replace(m.text, digest, "$1<digest>");
  }
  return messages;
}

std::string describe(const std::vector<TracedMessage>& messages) {
  std::string out;
  for (const TracedMessage& m : messages) {
    out.append(m.sent ? "sent:\n" : "received:\n").append(m.text).append("\n");
  }
  return out;
}

}  // namespace kemid::conformance
