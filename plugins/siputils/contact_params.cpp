#include "contact_params.h"

#include <cstdint>
#include <vector>

#include "sip/header_names.h"
#include "sip/raw_scan.h"
#include "sip/sip_message.h"

namespace kemid::siputils {

namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int sextet(char c) {
  const auto at = kAlphabet.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

// Where the URI of one contact lies within it: inside <>, else from the
// first non-space to the first ';' (or the end).
std::pair<std::size_t, std::size_t> uriSpan(std::string_view contact) {
  if (const auto open = contact.find('<'); open != std::string_view::npos) {
    const auto close = contact.find('>', open);
    if (close != std::string_view::npos) return {open + 1, close};
  }
  std::size_t begin = 0;
  while (begin < contact.size() && (contact[begin] == ' ' || contact[begin] == '\t')) ++begin;
  std::size_t end = contact.find(';', begin);
  if (end == std::string_view::npos) end = contact.size();
  while (end > begin && (contact[end - 1] == ' ' || contact[end - 1] == '\t')) --end;
  return {begin, end};
}

}  // namespace

std::string base64UrlEncode(std::string_view data) {
  std::string text;
  std::uint32_t bits = 0;
  int count = 0;
  for (unsigned char byte : data) {
    bits = (bits << 8) | byte;
    count += 8;
    while (count >= 6) {
      count -= 6;
      text.push_back(kAlphabet[(bits >> count) & 0x3f]);
    }
  }
  if (count > 0) text.push_back(kAlphabet[(bits << (6 - count)) & 0x3f]);
  return text;
}

std::optional<std::string> base64UrlDecode(std::string_view text) {
  while (text.ends_with('=')) text.remove_suffix(1);
  std::string data;
  std::uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    const int value = sextet(c);
    if (value < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<std::uint32_t>(value);
    count += 6;
    if (count >= 8) {
      count -= 8;
      data.push_back(static_cast<char>((bits >> count) & 0xff));
    }
  }
  return data;
}

std::optional<std::string> rewriteContactUris(
    std::string_view value,
    const std::function<std::optional<std::string>(std::string_view)>& rewrite) {
  std::string result;
  bool changed = false;
  std::size_t start = 0;
  while (start <= value.size()) {
    const std::size_t end = sip::listElementEnd(value, start);
    const std::string_view contact = value.substr(start, end - start);
    const auto [uriBegin, uriEnd] = uriSpan(contact);
    const std::string_view uri = contact.substr(uriBegin, uriEnd - uriBegin);
    auto replacement = uri.empty() || uri == "*" ? std::nullopt : rewrite(uri);
    if (replacement) {
      changed = true;
      result.append(contact.substr(0, uriBegin))
          .append(*replacement)
          .append(contact.substr(uriEnd));
    } else {
      result.append(contact);
    }
    if (end == value.size()) break;
    result.push_back(',');
    start = end + 1;
  }
  if (!changed) return std::nullopt;
  return result;
}

bool rewriteContacts(SipMessage& message,
                     const std::function<std::optional<std::string>(std::string_view)>& rewrite) {
  const std::string received = message.receivedText();
  std::vector<std::string> values;
  bool changed = false;
  sip::RawHeaderScanner scanner(received);
  while (auto header = scanner.next()) {
    if (!sip::sameHeaderName(header->name, "Contact")) continue;
    auto rewritten = rewriteContactUris(header->value, rewrite);
    changed = changed || rewritten.has_value();
    values.push_back(rewritten.value_or(std::string(header->value)));
  }
  if (!changed) return true;
  if (values.size() == 1) return message.replaceHeaderValue("Contact", values.front());
  // Several Contact fields: the edit model replaces one field in place, so
  // they are sent again, in order, after the last header.
  message.removeHeader("Contact");
  for (const std::string& value : values) {
    if (!message.appendHeader("Contact", value)) return false;
  }
  return true;
}

}  // namespace kemid::siputils
