//===- RandomKernels.cpp - Counter-based random bits ----------------------===//

#include "strata-runtime/Kernels.h"

#include <cstring>

namespace strata::rt {

static uint32_t rotateLeft(uint32_t value, int bits) {
  return (value << bits) | (value >> (32 - bits));
}

std::pair<uint32_t, uint32_t> threefry2x32(uint32_t key0, uint32_t key1,
                                           uint32_t counter0,
                                           uint32_t counter1) {
  static constexpr int kRotations[8] = {13, 15, 26, 6, 17, 29, 16, 24};
  const uint32_t keys[3] = {key0, key1, key0 ^ key1 ^ 0x1BD11BDAu};
  uint32_t x0 = counter0 + keys[0], x1 = counter1 + keys[1];
  for (int round = 0; round < 20; ++round) {
    x0 += x1;
    x1 = rotateLeft(x1, kRotations[round % 8]);
    x1 ^= x0;
    if (round % 4 == 3) {
      uint32_t injection = static_cast<uint32_t>(round / 4 + 1);
      x0 += keys[injection % 3];
      x1 += keys[(injection + 1) % 3] + injection;
    }
  }
  return {x0, x1};
}

StatusOr<std::pair<HostTensor, HostTensor>>
rngBitGenerator(const HostTensor &state, DType dtype, const Shape &shape) {
  if (state.dtype() != DType::u64 || state.rank() != 1 || state.dim(0) < 2)
    return makeError("rng_bit_generator: the state must be a u64 vector of at "
                     "least 2 words, got ",
                     state.describe());
  if (dtype != DType::u8 && dtype != DType::u32 && dtype != DType::u64)
    return makeError("rng_bit_generator: output type must be u8, u32 or u64");
  StatusOr<HostTensor> output = HostTensor::create(dtype, shape);
  if (!output.ok())
    return output.status();
  const uint64_t *words = state.data<uint64_t>();
  uint64_t key = words[0], counter = words[1];
  size_t bytes = output->sizeInBytes();
  size_t blocks = (bytes + 7) / 8;
  std::byte *out = output->rawData();
  for (size_t block = 0; block < blocks; ++block) {
    uint64_t count = counter + block;
    auto [lo, hi] = threefry2x32(
        static_cast<uint32_t>(key), static_cast<uint32_t>(key >> 32),
        static_cast<uint32_t>(count), static_cast<uint32_t>(count >> 32));
    uint64_t value = (static_cast<uint64_t>(hi) << 32) | lo;
    size_t n = std::min<size_t>(8, bytes - block * 8);
    std::memcpy(out + block * 8, &value, n);
  }
  HostTensor next = state;
  next.data<uint64_t>()[1] = counter + blocks;
  return std::make_pair(std::move(output.value()), std::move(next));
}

} // namespace strata::rt
