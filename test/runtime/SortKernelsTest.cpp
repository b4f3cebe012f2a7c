//===- SortKernelsTest.cpp - Sorting slices along a dimension -------------===//

#include "strata-runtime/Kernels.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace strata::rt;

namespace {

HostTensor floats(Shape shape, std::vector<float> values) {
  return HostTensor::fromVector(std::move(shape), values).value();
}

TEST(SortTest, SortsRowsAndCarriesOtherOperands) {
  HostTensor keys = floats({2, 4}, {3, 1, 2, 1, 0, -1, 5, -1});
  HostTensor ids =
      HostTensor::fromVector<int32_t>({2, 4}, {0, 1, 2, 3, 0, 1, 2, 3}).value();
  StatusOr<std::vector<HostTensor>> sorted = sort({&keys, &ids}, 1, false);
  ASSERT_TRUE(sorted.ok()) << sorted.status().message();
  EXPECT_EQ((*sorted)[0].toVector<float>(),
            (std::vector<float>{1, 1, 2, 3, -1, -1, 0, 5}));
  // Stable: equal keys keep their order (1 before 3, 1 before 3).
  EXPECT_EQ((*sorted)[1].toVector<int32_t>(),
            (std::vector<int32_t>{1, 3, 2, 0, 1, 3, 0, 2}));
}

TEST(SortTest, SortsColumnsDescendingWithNaNFirst) {
  HostTensor keys = floats({3, 2}, {1, NAN, 3, 2, 2, 7});
  StatusOr<std::vector<HostTensor>> sorted = sort({&keys}, 0, true);
  ASSERT_TRUE(sorted.ok()) << sorted.status().message();
  std::vector<float> values = (*sorted)[0].toVector<float>();
  EXPECT_EQ(values[0], 3);
  EXPECT_EQ(values[2], 2);
  EXPECT_EQ(values[4], 1);
  EXPECT_TRUE(std::isnan(values[1]));
  EXPECT_EQ(values[3], 7);
  EXPECT_EQ(values[5], 2);
}

TEST(SortTest, AscendingPutsNaNLast) {
  HostTensor keys = floats({4}, {NAN, 2, -INFINITY, 1});
  StatusOr<std::vector<HostTensor>> sorted = sort({&keys}, 0, false);
  ASSERT_TRUE(sorted.ok());
  std::vector<float> values = (*sorted)[0].toVector<float>();
  EXPECT_EQ(values[0], -INFINITY);
  EXPECT_EQ(values[1], 1);
  EXPECT_EQ(values[2], 2);
  EXPECT_TRUE(std::isnan(values[3]));
}

TEST(SortTest, RejectsMismatchedShapesAndBadDimensions) {
  HostTensor keys = floats({4}, {1, 2, 3, 4});
  HostTensor other = floats({2}, {1, 2});
  StatusOr<std::vector<HostTensor>> mismatched =
      sort({&keys, &other}, 0, false);
  ASSERT_FALSE(mismatched.ok());
  EXPECT_NE(mismatched.status().message().find("does not have the keys' shape"),
            std::string::npos);
  EXPECT_FALSE(sort({&keys}, 1, false).ok());
  EXPECT_FALSE(sort({}, 0, false).ok());
}

} // namespace
