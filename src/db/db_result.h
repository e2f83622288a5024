#pragma once
// What a database call gives back: a value, or the error that stopped it.
// Nothing in the database layer throws across a plugin's boundary; every
// failure (a malformed URL, a missing table, a database that is down) comes
// back as a DbError whose text names what failed.

#include <string>
#include <utility>
#include <variant>

namespace kemid::db {

struct DbError {
  std::string message;
};

template <class T>
class [[nodiscard]] DbResult {
 public:
  DbResult(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  DbResult(DbError error) : state_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // Only when ok().
  T& value() { return std::get<0>(state_); }
  const T& value() const { return std::get<0>(state_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // Only when !ok().
  const std::string& error() const { return std::get<1>(state_).message; }

 private:
  std::variant<T, DbError> state_;
};

}  // namespace kemid::db
