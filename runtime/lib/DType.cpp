//===- DType.cpp - Element type properties and 16-bit float rounding ------===//

#include "strata-runtime/DType.h"

#include <cmath>
#include <cstring>
#include <string>

using namespace strata::rt;

size_t strata::rt::dtypeByteSize(DType dtype) {
  switch (dtype) {
  case DType::i1:
  case DType::i8:
  case DType::u8:
    return 1;
  case DType::f16:
  case DType::bf16:
  case DType::i16:
    return 2;
  case DType::f32:
  case DType::i32:
  case DType::u32:
    return 4;
  case DType::f64:
  case DType::i64:
  case DType::u64:
    return 8;
  }
  return 0;
}

const char *strata::rt::dtypeName(DType dtype) {
  switch (dtype) {
  case DType::f32:
    return "f32";
  case DType::f64:
    return "f64";
  case DType::f16:
    return "f16";
  case DType::bf16:
    return "bf16";
  case DType::i1:
    return "i1";
  case DType::i8:
    return "i8";
  case DType::i16:
    return "i16";
  case DType::i32:
    return "i32";
  case DType::i64:
    return "i64";
  case DType::u8:
    return "u8";
  case DType::u32:
    return "u32";
  case DType::u64:
    return "u64";
  }
  return "<invalid dtype>";
}

std::optional<DType> strata::rt::parseDType(std::string_view name) {
  for (DType dtype : kAllDTypes)
    if (name == dtypeName(dtype))
      return dtype;
  // MLIR spells signedness explicitly in some contexts (si32, ui8).
  if (name.size() > 2 &&
      (name.substr(0, 2) == "si" || name.substr(0, 2) == "ui")) {
    std::string spelled(1, name[0] == 's' ? 'i' : 'u');
    spelled.append(name.substr(2));
    for (DType dtype : kAllDTypes)
      if (spelled == dtypeName(dtype))
        return dtype;
  }
  return std::nullopt;
}

bool strata::rt::isFloatDType(DType dtype) {
  return dtype == DType::f32 || dtype == DType::f64 || dtype == DType::f16 ||
         dtype == DType::bf16;
}

bool strata::rt::isIntegerDType(DType dtype) { return !isFloatDType(dtype); }

bool strata::rt::isSignedIntegerDType(DType dtype) {
  return dtype == DType::i8 || dtype == DType::i16 || dtype == DType::i32 ||
         dtype == DType::i64;
}

bool strata::rt::isUnsignedIntegerDType(DType dtype) {
  return dtype == DType::u8 || dtype == DType::u32 || dtype == DType::u64;
}

namespace {

/// Nearest integer to a non-negative `value`, ties to even. Written out
/// rather than using std::nearbyint so the result never depends on the
/// floating-point environment's rounding mode.
double roundHalfToEvenNonNegative(double value) {
  double floorValue = std::floor(value);
  double fraction = value - floorValue;
  if (fraction > 0.5)
    return floorValue + 1.0;
  if (fraction < 0.5)
    return floorValue;
  return std::fmod(floorValue, 2.0) == 0.0 ? floorValue : floorValue + 1.0;
}

/// Encodes `value` in a binary float format with `mantissaBits` stored
/// fraction bits and `exponentBits` exponent bits, rounding once, to nearest
/// even. Going straight from double avoids the double rounding that
/// double -> float -> half would introduce.
uint16_t encodeSmallFloat(double value, int mantissaBits, int exponentBits) {
  const uint32_t exponentMask = ((1u << exponentBits) - 1u) << mantissaBits;
  const uint32_t sign =
      std::signbit(value) ? 1u << (mantissaBits + exponentBits) : 0u;
  if (std::isnan(value))
    return static_cast<uint16_t>(sign | exponentMask |
                                 (1u << (mantissaBits - 1)));
  double magnitude = std::fabs(value);
  if (std::isinf(magnitude))
    return static_cast<uint16_t>(sign | exponentMask);
  if (magnitude == 0.0)
    return static_cast<uint16_t>(sign);

  const int bias = (1 << (exponentBits - 1)) - 1;
  const int minNormalExponent = 1 - bias;
  int frexpExponent = 0;
  std::frexp(magnitude, &frexpExponent);
  int exponent = frexpExponent - 1; // magnitude is in [2^exponent, 2^(e+1)).

  uint32_t bits;
  if (exponent < minNormalExponent) {
    // Subnormal: count units of the smallest subnormal. A result equal to
    // 2^mantissaBits is the smallest normal, whose encoding is the same
    // integer, so no special case is needed.
    double units = std::ldexp(magnitude, mantissaBits - minNormalExponent);
    bits = static_cast<uint32_t>(roundHalfToEvenNonNegative(units));
  } else {
    double significand = std::ldexp(magnitude, mantissaBits - exponent);
    uint32_t rounded =
        static_cast<uint32_t>(roundHalfToEvenNonNegative(significand));
    // A carry out of the fraction (rounded == 2^(m+1)) correctly bumps the
    // exponent field through the addition.
    bits = (static_cast<uint32_t>(exponent + bias) << mantissaBits) +
           (rounded - (1u << mantissaBits));
    if (bits >= exponentMask)
      return static_cast<uint16_t>(sign | exponentMask);
  }
  return static_cast<uint16_t>(sign | bits);
}

double decodeSmallFloat(uint16_t bits, int mantissaBits, int exponentBits) {
  const uint32_t fraction = bits & ((1u << mantissaBits) - 1u);
  const uint32_t exponentField =
      (bits >> mantissaBits) & ((1u << exponentBits) - 1u);
  const bool negative = (bits >> (mantissaBits + exponentBits)) & 1u;
  const int bias = (1 << (exponentBits - 1)) - 1;
  double magnitude;
  if (exponentField == (1u << exponentBits) - 1u)
    magnitude = fraction ? std::nan("") : INFINITY;
  else if (exponentField == 0)
    magnitude =
        std::ldexp(static_cast<double>(fraction), 1 - bias - mantissaBits);
  else
    magnitude =
        std::ldexp(static_cast<double>(fraction + (1u << mantissaBits)),
                   static_cast<int>(exponentField) - bias - mantissaBits);
  return negative ? -magnitude : magnitude;
}

} // namespace

uint16_t strata::rt::doubleToHalfBits(double value) {
  return encodeSmallFloat(value, /*mantissaBits=*/10, /*exponentBits=*/5);
}

double strata::rt::halfBitsToDouble(uint16_t bits) {
  return decodeSmallFloat(bits, 10, 5);
}

uint16_t strata::rt::doubleToBFloat16Bits(double value) {
  return encodeSmallFloat(value, /*mantissaBits=*/7, /*exponentBits=*/8);
}

double strata::rt::bfloat16BitsToDouble(uint16_t bits) {
  return decodeSmallFloat(bits, 7, 8);
}
