//===- RandomKernelsTest.cpp - Threefry and rng_bit_generator -------------===//

#include "strata-runtime/Kernels.h"

#include <gtest/gtest.h>

#include <set>

using namespace strata::rt;

namespace {

// Known-answer vectors of Threefry-2x32-20 from the Random123 distribution.
TEST(ThreefryTest, MatchesKnownAnswers) {
  EXPECT_EQ(threefry2x32(0, 0, 0, 0), std::make_pair(0x6b200159u, 0x99ba4efeu));
  EXPECT_EQ(threefry2x32(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu),
            std::make_pair(0x1cb996fcu, 0xbb002be7u));
  EXPECT_EQ(threefry2x32(0x13198a2eu, 0x03707344u, 0x243f6a88u, 0x85a308d3u),
            std::make_pair(0xc4923a9cu, 0x483df7a0u));
}

TEST(RngBitGeneratorTest, IsDeterministicAndAdvancesTheState) {
  HostTensor state = HostTensor::fromVector<uint64_t>({2}, {42, 7}).value();
  auto first = rngBitGenerator(state, DType::u32, {4, 4});
  auto again = rngBitGenerator(state, DType::u32, {4, 4});
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_TRUE(first->first.bitwiseEquals(again->first));
  // 16 words of 32 bits are 8 blocks of 64.
  EXPECT_EQ(first->second.toVector<uint64_t>(),
            (std::vector<uint64_t>{42, 15}));
  // The next draw from the advanced state shares no block with the first.
  auto next = rngBitGenerator(first->second, DType::u32, {4, 4});
  ASSERT_TRUE(next.ok());
  std::set<uint32_t> seen;
  for (uint32_t v : first->first.toVector<uint32_t>())
    seen.insert(v);
  for (uint32_t v : next->first.toVector<uint32_t>())
    EXPECT_EQ(seen.count(v), 0u);
}

TEST(RngBitGeneratorTest, RejectsBadStatesAndTypes) {
  HostTensor shortState = HostTensor::fromVector<uint64_t>({1}, {1}).value();
  EXPECT_FALSE(rngBitGenerator(shortState, DType::u32, {2}).ok());
  HostTensor state = HostTensor::fromVector<uint64_t>({2}, {1, 2}).value();
  EXPECT_FALSE(rngBitGenerator(state, DType::f32, {2}).ok());
}

} // namespace
