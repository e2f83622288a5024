#pragma once
// The value of a pseudo-variable: null, an integer, or a string that may
// also have an integer meaning (Kamailio's "string + int" PVs such as $rp,
// which KSR.pv.get returns as a string and KSR.pv.geti as a number).

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace kemid::pv {

class PvValue {
 public:
  enum class Type : std::uint8_t { Null, Int, Str };

  PvValue() = default;  // null
  static PvValue integer(std::int64_t number) { return PvValue(Type::Int, number, {}, true); }
  static PvValue string(std::string text) { return PvValue(Type::Str, 0, std::move(text), false); }
  static PvValue stringWithInt(std::string text, std::int64_t number) {
    return PvValue(Type::Str, number, std::move(text), true);
  }

  Type type() const { return type_; }
  bool isNull() const { return type_ == Type::Null; }
  bool isInt() const { return type_ == Type::Int; }
  bool isStr() const { return type_ == Type::Str; }

  std::int64_t number() const { return number_; }  // Int, or a Str's integer meaning
  bool hasNumber() const { return hasNumber_; }
  const std::string& text() const { return text_; }
  std::string& text() { return text_; }

  // The text form: an Int in decimal, "" for null.
  std::string toText() const { return isInt() ? std::to_string(number_) : text_; }

  bool operator==(const PvValue&) const = default;

 private:
  PvValue(Type type, std::int64_t number, std::string text, bool hasNumber)
      : type_(type), hasNumber_(hasNumber), number_(number), text_(std::move(text)) {}

  Type type_ = Type::Null;
  bool hasNumber_ = false;
  std::int64_t number_ = 0;
  std::string text_;
};

}  // namespace kemid::pv
