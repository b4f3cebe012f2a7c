//===- DType.h - Element types of runtime tensors ---------------*- C++ -*-===//
//
// The element types the runtime stores and computes on, with their byte sizes
// and names, plus the 16-bit float storage types. Names follow MLIR's spelling
// of the same types ("f32", "bf16", "i1") so plans and diagnostics read alike.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_DTYPE_H
#define STRATA_RUNTIME_DTYPE_H

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

namespace strata::rt {

/// Element type of a HostTensor. i1 is a boolean stored in one byte (0 or 1),
/// as numpy stores bool. Signed integers are i*, unsigned u*.
enum class DType : uint8_t {
  f32,
  f64,
  f16,
  bf16,
  i1,
  i8,
  i16,
  i32,
  i64,
  u8,
  u32,
  u64,
};

/// Every DType, for tests and tools that iterate over all of them.
inline constexpr DType kAllDTypes[] = {
    DType::f32, DType::f64, DType::f16, DType::bf16, DType::i1,  DType::i8,
    DType::i16, DType::i32, DType::i64, DType::u8,   DType::u32, DType::u64};

/// Bytes per element.
size_t dtypeByteSize(DType dtype);
/// "f32", "bf16", "i1", "u8", ...
const char *dtypeName(DType dtype);
/// Inverse of dtypeName; also accepts MLIR's "ui8"/"ui32"/"ui64" and "si*".
std::optional<DType> parseDType(std::string_view name);

bool isFloatDType(DType dtype);
/// True for i1 as well as the signed and unsigned integers.
bool isIntegerDType(DType dtype);
bool isSignedIntegerDType(DType dtype);
bool isUnsignedIntegerDType(DType dtype);

/// Rounds to the nearest binary16 value, ties to even; NaN stays NaN and
/// values beyond the largest finite half become infinities.
uint16_t doubleToHalfBits(double value);
double halfBitsToDouble(uint16_t bits);
/// Same for bfloat16 (float32's exponent range, 8 significant bits).
uint16_t doubleToBFloat16Bits(double value);
double bfloat16BitsToDouble(uint16_t bits);

/// Storage of one IEEE binary16 value. Arithmetic happens in float.
struct Float16 {
  uint16_t bits = 0;

  Float16() = default;
  static Float16 fromBits(uint16_t bits) {
    Float16 value;
    value.bits = bits;
    return value;
  }
  explicit Float16(double value) : bits(doubleToHalfBits(value)) {}
  explicit operator float() const {
    return static_cast<float>(halfBitsToDouble(bits));
  }
  explicit operator double() const { return halfBitsToDouble(bits); }
};

/// Storage of one bfloat16 value. Arithmetic happens in float.
struct BFloat16 {
  uint16_t bits = 0;

  BFloat16() = default;
  static BFloat16 fromBits(uint16_t bits) {
    BFloat16 value;
    value.bits = bits;
    return value;
  }
  explicit BFloat16(double value) : bits(doubleToBFloat16Bits(value)) {}
  explicit operator float() const {
    return static_cast<float>(bfloat16BitsToDouble(bits));
  }
  explicit operator double() const { return bfloat16BitsToDouble(bits); }
};

/// convert's float-to-integer rule: truncate toward zero, saturate at the
/// integer's range, NaN to zero (saturating keeps the cast free of UB).
template <typename I> I saturateToInteger(double value) {
  if (std::isnan(value))
    return 0;
  double truncated = std::trunc(value);
  // Both bounds are powers of two (or zero), hence exact in double.
  const double lowest = static_cast<double>(std::numeric_limits<I>::lowest());
  const double limit = std::ldexp(1.0, std::numeric_limits<I>::digits);
  if (truncated < lowest)
    return std::numeric_limits<I>::lowest();
  if (truncated >= limit)
    return std::numeric_limits<I>::max();
  return static_cast<I>(truncated);
}

static_assert(sizeof(bool) == 1, "i1 tensors store bool in one byte");
static_assert(sizeof(Float16) == 2 && sizeof(BFloat16) == 2,
              "16-bit floats must be stored in two bytes");

/// The C++ storage type of each DType (bool for i1, Float16 for f16, ...).
template <DType D> struct DTypeStorage;
template <> struct DTypeStorage<DType::f32> { using type = float; };
template <> struct DTypeStorage<DType::f64> { using type = double; };
template <> struct DTypeStorage<DType::f16> { using type = Float16; };
template <> struct DTypeStorage<DType::bf16> { using type = BFloat16; };
template <> struct DTypeStorage<DType::i1> { using type = bool; };
template <> struct DTypeStorage<DType::i8> { using type = int8_t; };
template <> struct DTypeStorage<DType::i16> { using type = int16_t; };
template <> struct DTypeStorage<DType::i32> { using type = int32_t; };
template <> struct DTypeStorage<DType::i64> { using type = int64_t; };
template <> struct DTypeStorage<DType::u8> { using type = uint8_t; };
template <> struct DTypeStorage<DType::u32> { using type = uint32_t; };
template <> struct DTypeStorage<DType::u64> { using type = uint64_t; };

/// The DType whose storage type is T; fails to compile for other types.
template <typename T> constexpr DType dtypeOf();
template <> constexpr DType dtypeOf<float>() { return DType::f32; }
template <> constexpr DType dtypeOf<double>() { return DType::f64; }
template <> constexpr DType dtypeOf<Float16>() { return DType::f16; }
template <> constexpr DType dtypeOf<BFloat16>() { return DType::bf16; }
template <> constexpr DType dtypeOf<bool>() { return DType::i1; }
template <> constexpr DType dtypeOf<int8_t>() { return DType::i8; }
template <> constexpr DType dtypeOf<int16_t>() { return DType::i16; }
template <> constexpr DType dtypeOf<int32_t>() { return DType::i32; }
template <> constexpr DType dtypeOf<int64_t>() { return DType::i64; }
template <> constexpr DType dtypeOf<uint8_t>() { return DType::u8; }
template <> constexpr DType dtypeOf<uint32_t>() { return DType::u32; }
template <> constexpr DType dtypeOf<uint64_t>() { return DType::u64; }

} // namespace strata::rt

#endif // STRATA_RUNTIME_DTYPE_H
