//===- Status.h - Errors as values for the Strata runtime -------*- C++ -*-===//
//
// The runtime is built where neither LLVM nor exceptions across its API are
// welcome, so every fallible call returns a Status or a StatusOr<T> whose
// message names what failed (the file, the kernel, the shapes involved).
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_STATUS_H
#define STRATA_RUNTIME_STATUS_H

#include <cassert>
#include <optional>
#include <sstream>
#include <string>
#include <utility>

namespace strata::rt {

/// The outcome of a fallible call: success, or an error with a message.
class [[nodiscard]] Status {
public:
  /// A default-constructed Status is a success.
  Status() = default;

  static Status success() { return Status(); }
  static Status error(std::string message) {
    Status status;
    status.failed = true;
    status.text = std::move(message);
    return status;
  }

  bool ok() const { return !failed; }
  const std::string &message() const { return text; }

  /// Prefixes the message with context (e.g. the file being read) so that
  /// errors from helpers still say where they came from.
  Status withContext(const std::string &context) const {
    if (!failed)
      return *this;
    return error(context + ": " + text);
  }

private:
  bool failed = false;
  std::string text;
};

/// Streams every argument into one message; the usual way to build errors.
template <typename... Args> Status makeError(Args &&...args) {
  std::ostringstream os;
  (os << ... << std::forward<Args>(args));
  return Status::error(os.str());
}

/// A value of type T, or the Status explaining why there is none.
template <typename T> class [[nodiscard]] StatusOr {
public:
  StatusOr(T value) : storage(std::move(value)) {}
  /// Precondition: `status` is an error; a StatusOr never holds "ok, no value".
  StatusOr(Status status) : state(std::move(status)) {
    assert(!state.ok() && "StatusOr constructed from a successful Status");
    if (state.ok())
      state = Status::error("internal error: StatusOr built from success");
  }

  bool ok() const { return storage.has_value(); }
  const Status &status() const { return state; }

  /// Preconditions for the accessors: ok() is true.
  T &value() & {
    assert(ok() && "value() of a failed StatusOr");
    return *storage;
  }
  const T &value() const & {
    assert(ok() && "value() of a failed StatusOr");
    return *storage;
  }
  T &&value() && {
    assert(ok() && "value() of a failed StatusOr");
    return std::move(*storage);
  }
  T &operator*() & { return value(); }
  const T &operator*() const & { return value(); }
  T &&operator*() && { return std::move(*this).value(); }
  T *operator->() { return &value(); }
  const T *operator->() const { return &value(); }

private:
  std::optional<T> storage;
  Status state;
};

} // namespace strata::rt

#define STRATA_RT_CONCAT_IMPL(a, b) a##b
#define STRATA_RT_CONCAT(a, b) STRATA_RT_CONCAT_IMPL(a, b)

/// Returns the Status of `expr` from the enclosing function if it failed.
#define STRATA_RT_RETURN_IF_ERROR(expr)                                        \
  do {                                                                         \
    ::strata::rt::Status strataRtStatus = (expr);                              \
    if (!strataRtStatus.ok())                                                  \
      return strataRtStatus;                                                   \
  } while (false)

#define STRATA_RT_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)                        \
  auto tmp = (expr);                                                           \
  if (!tmp.ok())                                                               \
    return tmp.status();                                                       \
  lhs = std::move(tmp).value()

/// Declares or assigns `lhs` from a StatusOr, returning its error if failed.
#define STRATA_RT_ASSIGN_OR_RETURN(lhs, expr)                                  \
  STRATA_RT_ASSIGN_OR_RETURN_IMPL(                                             \
      STRATA_RT_CONCAT(strataRtStatusOr, __LINE__), lhs, expr)

#endif // STRATA_RUNTIME_STATUS_H
