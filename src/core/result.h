#pragma once
/// `Result<T>`: a value or an error message. Stages return errors as values; only the CLI turns
/// them into exit codes.
#include <string>
#include <utility>
#include <variant>

namespace llmspend::core {

struct Error {
  std::string message;  ///< "what is wrong" plus the next step, ready for a human
};

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}             // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}         // NOLINT(google-explicit-constructor)
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace llmspend::core
