//===- RuntimeTestUtils.h - Helpers shared by the runtime tests -*- C++ -*-===//

#ifndef STRATA_TEST_RUNTIME_RUNTIMETESTUTILS_H
#define STRATA_TEST_RUNTIME_RUNTIMETESTUTILS_H

#include "strata-runtime/Kernels.h"
#include "strata-runtime/Tensor.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace strata::rt::test {

/// A tensor from literal values; a bad shape fails the current test.
template <typename T>
HostTensor makeTensor(const Shape &shape, const std::vector<T> &values) {
  StatusOr<HostTensor> tensor = HostTensor::fromVector<T>(shape, values);
  EXPECT_TRUE(tensor.ok()) << tensor.status().message();
  return tensor.ok() ? std::move(tensor).value() : HostTensor();
}

inline HostTensor f32(const Shape &shape, const std::vector<float> &values) {
  return makeTensor<float>(shape, values);
}
inline HostTensor i32(const Shape &shape, const std::vector<int32_t> &values) {
  return makeTensor<int32_t>(shape, values);
}
inline HostTensor i64(const Shape &shape, const std::vector<int64_t> &values) {
  return makeTensor<int64_t>(shape, values);
}
inline HostTensor i1(const Shape &shape, const std::vector<bool> &values) {
  StatusOr<HostTensor> tensor = HostTensor::create(DType::i1, shape);
  EXPECT_TRUE(tensor.ok()) << tensor.status().message();
  if (!tensor.ok())
    return HostTensor();
  EXPECT_EQ(static_cast<int64_t>(values.size()), tensor->numElements());
  bool *data = tensor->data<bool>();
  for (int64_t i = 0;
       i < tensor->numElements() && i < static_cast<int64_t>(values.size());
       ++i)
    data[i] = values[static_cast<size_t>(i)];
  return std::move(tensor).value();
}

/// Elements of an i1 tensor, comparable with a vector<bool> literal.
inline std::vector<bool> boolsOf(const HostTensor &tensor) {
  const bool *data = tensor.data<bool>();
  return std::vector<bool>(data, data + tensor.numElements());
}

/// True if `status` failed with a message containing every fragment.
inline ::testing::AssertionResult
failsWith(const Status &status, const std::vector<std::string> &fragments) {
  if (status.ok())
    return ::testing::AssertionFailure() << "expected an error, got success";
  for (const std::string &fragment : fragments)
    if (status.message().find(fragment) == std::string::npos)
      return ::testing::AssertionFailure() << "error \"" << status.message()
                                           << "\" lacks \"" << fragment << "\"";
  return ::testing::AssertionSuccess();
}

template <typename T>
::testing::AssertionResult
failsWith(const StatusOr<T> &result,
          const std::vector<std::string> &fragments) {
  if (result.ok())
    return ::testing::AssertionFailure() << "expected an error, got a value";
  return failsWith(result.status(), fragments);
}

} // namespace strata::rt::test

/// Evaluates a StatusOr expression, failing the test (and returning) if it
/// holds an error, else moves its value into `lhs`.
#define ASSERT_OK_AND_ASSIGN(lhs, expr)                                        \
  ASSERT_OK_AND_ASSIGN_IMPL(STRATA_RT_CONCAT(statusOr_, __LINE__), lhs, expr)
#define ASSERT_OK_AND_ASSIGN_IMPL(tmp, lhs, expr)                              \
  auto tmp = (expr);                                                           \
  ASSERT_TRUE(tmp.ok()) << tmp.status().message();                             \
  lhs = std::move(tmp).value()

#define ASSERT_OK(expr)                                                        \
  do {                                                                         \
    ::strata::rt::Status status_ = (expr);                                     \
    ASSERT_TRUE(status_.ok()) << status_.message();                            \
  } while (false)

#endif // STRATA_TEST_RUNTIME_RUNTIMETESTUTILS_H
