#include "reply_path.h"

#include <array>
#include <cctype>
#include <charconv>
#include <utility>

namespace kemid::ndb_redis {
namespace {

using db_redis::RedisReply;
using pv::PvValue;

constexpr std::size_t kMaxKeys = 10;  // nesting depth Kamailio accepts

bool isSpace(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

void skipSpaces(std::string_view text, std::size_t& at) {
  while (at < text.size() && isSpace(text[at])) ++at;
}

// "[ 3 ]" or "[$var(i)]" at `at`; moves past the ']'.
std::optional<ReplyIndex> parseIndex(std::string_view text, std::size_t& at) {
  skipSpaces(text, at);
  if (at >= text.size() || text[at] != '[') return std::nullopt;
  ++at;
  skipSpaces(text, at);
  const std::size_t start = at;
  while (at < text.size() && !isSpace(text[at]) && text[at] != ']') ++at;
  const std::string_view token = text.substr(start, at - start);
  skipSpaces(text, at);
  if (token.empty() || at >= text.size() || text[at] != ']') return std::nullopt;
  ++at;
  ReplyIndex index;
  if (token.front() == '$') {
    index.pseudoVariable = token;
    return index;
  }
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), index.number);
  if (ec != std::errc() || end != token.data() + token.size()) return std::nullopt;
  return index;
}

std::optional<int> resolveIndex(const std::optional<ReplyIndex>& index,
                                const IndexResolver& resolve) {
  if (!index) return -1;
  if (index->pseudoVariable.empty()) return index->number;
  return resolve(index->pseudoVariable);
}

const RedisReply* element(const RedisReply& reply, int position) {
  if (reply.kind != RedisReply::Kind::Array || position < 0 ||
      static_cast<std::size_t>(position) >= reply.elements.size()) {
    return nullptr;
  }
  return &reply.elements[static_cast<std::size_t>(position)];
}

// Kamailio reads a reply's integer as a C int.
PvValue integerValue(const RedisReply& reply) {
  return PvValue::integer(static_cast<std::int32_t>(reply.integer));
}

PvValue readValue(const RedisReply& reply, int position) {
  switch (reply.kind) {
    case RedisReply::Kind::Text:
      return position == -1 ? PvValue::string(reply.text) : PvValue{};
    case RedisReply::Kind::Integer:
      return position == -1 ? integerValue(reply) : PvValue{};
    case RedisReply::Kind::Array: {
      const RedisReply* item = element(reply, position);
      if (item == nullptr) return {};
      if (item->kind == RedisReply::Kind::Text) return PvValue::string(item->text);
      if (item->kind == RedisReply::Kind::Integer) return integerValue(*item);
      return {};
    }
    default:
      return {};
  }
}

PvValue readType(const RedisReply& reply, int position) {
  if (position == -1) return PvValue::integer(replyTypeNumber(reply));
  const RedisReply* item = element(reply, position);
  return item == nullptr ? PvValue{} : PvValue::integer(replyTypeNumber(*item));
}

}  // namespace

int replyTypeNumber(const RedisReply& reply) {
  switch (reply.kind) {
    case RedisReply::Kind::Text:
      return static_cast<int>(ReplyType::String);
    case RedisReply::Kind::Array:
      return static_cast<int>(ReplyType::Array);
    case RedisReply::Kind::Integer:
      return static_cast<int>(ReplyType::Integer);
    case RedisReply::Kind::Nil:
      return static_cast<int>(ReplyType::Nil);
    case RedisReply::Kind::Status:
      return static_cast<int>(ReplyType::Status);
    case RedisReply::Kind::Error:
      return static_cast<int>(ReplyType::Error);
  }
  return static_cast<int>(ReplyType::Nil);
}

std::optional<int> replyTypeConstant(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, ReplyType>, 6> kConstants{{
      {"rpl_str", ReplyType::String},
      {"rpl_arr", ReplyType::Array},
      {"rpl_int", ReplyType::Integer},
      {"rpl_nil", ReplyType::Nil},
      {"rpl_sts", ReplyType::Status},
      {"rpl_err", ReplyType::Error},
  }};
  for (const auto& [constant, type] : kConstants) {
    if (constant == name) return static_cast<int>(type);
  }
  return std::nullopt;
}

std::optional<ReplyPath> parseReplyPath(std::string_view text, std::string& error) {
  error = "invalid $redis name \"" + std::string(text) + "\": expected reply=>key";
  std::size_t first = 0;
  skipSpaces(text, first);
  text.remove_prefix(first);
  while (!text.empty() && isSpace(text.back())) text.remove_suffix(1);

  ReplyPath path;
  std::size_t at = 0;
  while (at < text.size() && !isSpace(text[at]) && text[at] != '=') ++at;
  path.replyName = text.substr(0, at);
  if (path.replyName.empty()) return std::nullopt;
  skipSpaces(text, at);

  bool last = false;
  while (!last) {
    if (text.substr(at, 2) != "=>") return std::nullopt;
    at += 2;
    skipSpaces(text, at);
    const std::string_view key = text.substr(at);
    ReplyKey parsed;
    last = true;
    if (key.starts_with("value")) {
      parsed.field = ReplyKey::Field::Value;
      at += 5;
      if (key.size() > 5) {
        parsed.index = parseIndex(text, at);
        if (!parsed.index) return std::nullopt;
        last = at == text.size();
      }
    } else if (key.starts_with("type")) {
      parsed.field = ReplyKey::Field::Type;
      at += 4;
      if (key.size() > 4) {
        // Kamailio ignores what follows type[n].
        parsed.index = parseIndex(text, at);
        if (!parsed.index) return std::nullopt;
      }
    } else if (key == "info") {
      parsed.field = ReplyKey::Field::Info;
    } else if (key == "size") {
      parsed.field = ReplyKey::Field::Size;
    } else {
      return std::nullopt;
    }
    path.keys.push_back(std::move(parsed));
    if (path.keys.size() > kMaxKeys) return std::nullopt;
  }
  error.clear();
  return path;
}

PvValue readReply(const RedisReply& reply, const ReplyPath& path, const IndexResolver& resolve) {
  const RedisReply* current = &reply;
  for (std::size_t i = 0; i + 1 < path.keys.size(); ++i) {
    const auto position = resolveIndex(path.keys[i].index, resolve);
    if (!position) return {};
    current = element(*current, *position);
    if (current == nullptr) return {};
  }
  const ReplyKey& key = path.keys.back();
  const auto position = resolveIndex(key.index, resolve);
  if (!position) return {};
  switch (key.field) {
    case ReplyKey::Field::Value:
      return readValue(*current, *position);
    case ReplyKey::Field::Type:
      return readType(*current, *position);
    case ReplyKey::Field::Info:
      if (current->kind == RedisReply::Kind::Text || current->kind == RedisReply::Kind::Status ||
          current->kind == RedisReply::Kind::Error) {
        return PvValue::string(current->text);
      }
      return {};
    case ReplyKey::Field::Size:
      if (current->kind != RedisReply::Kind::Array) return {};
      return PvValue::integer(static_cast<std::int64_t>(current->elements.size()));
  }
  return {};
}

}  // namespace kemid::ndb_redis
