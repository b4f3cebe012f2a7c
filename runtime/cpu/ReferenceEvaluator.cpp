//===- ReferenceEvaluator.cpp - Op records on the reference kernels -------===//
//
// One handler per graph op mnemonic: it reads the record's attributes (each
// checked for presence and type), calls the kernels of Kernels.h the way the
// strata op's semantics say, and returns the results, which the caller then
// checks against the record's declared result types.
//
//===----------------------------------------------------------------------===//

#include "strata-runtime/Reference.h"

#include "strata-runtime/Kernels.h"

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <type_traits>

namespace strata::rt {
namespace {

using Json = nlohmann::json;
using Results = StatusOr<std::vector<HostTensor>>;


/// A JSON value as text for messages (never throws, even on bad UTF-8).
std::string show(const Json &value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

/// The JSON integer as int64, if it is one that fits.
std::optional<int64_t> jsonInt64(const Json &value) {
  if (value.is_number_unsigned()) {
    uint64_t unsignedValue = value.get<uint64_t>();
    if (unsignedValue >
        static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
      return std::nullopt;
    return static_cast<int64_t>(unsignedValue);
  }
  if (value.is_number_integer())
    return value.get<int64_t>();
  return std::nullopt;
}

/// A number, or one of the strings that stand for non-finite floats.
std::optional<double> jsonDouble(const Json &value) {
  if (value.is_number())
    return value.get<double>();
  if (value.is_string()) {
    const std::string &text = value.get_ref<const std::string &>();
    if (text == "nan")
      return std::numeric_limits<double>::quiet_NaN();
    if (text == "inf")
      return std::numeric_limits<double>::infinity();
    if (text == "-inf")
      return -std::numeric_limits<double>::infinity();
  }
  return std::nullopt;
}

/// One record being evaluated: typed access to its attributes, operands and
/// declared results, with errors that name the op.
class OpContext {
public:
  OpContext(const OpRecord &op, const std::vector<const HostTensor *> &operands,
            const std::vector<char> &constants)
      : op(op), operands(operands), constants(constants) {}

  template <typename... Args> Status error(Args &&...args) const {
    return makeError(op.op, ": ", std::forward<Args>(args)...);
  }

  Status expectOperands(size_t count) const {
    if (operands.size() != count)
      return error("expects ", count, " operand(s), got ", operands.size());
    return Status::success();
  }
  Status expectOperandsAtLeast(size_t count) const {
    if (operands.size() < count)
      return error("expects at least ", count, " operand(s), got ",
                   operands.size());
    return Status::success();
  }
  Status expectResults(size_t count) const {
    if (op.results.size() != count)
      return error("expects ", count, " result(s), the record declares ",
                   op.results.size());
    return Status::success();
  }

  const HostTensor &operand(size_t index) const { return *operands[index]; }
  const std::vector<const HostTensor *> &allOperands() const {
    return operands;
  }
  DType resultDType(size_t index) const { return op.results[index].first; }
  const Shape &resultShape(size_t index) const {
    return op.results[index].second;
  }
  const std::vector<char> &constantBytes() const { return constants; }

  /// The attribute, or null when it is absent.
  const Json *find(const char *name) const {
    if (!op.attributes.is_object())
      return nullptr;
    auto it = op.attributes.find(name);
    return it == op.attributes.end() ? nullptr : &*it;
  }

  StatusOr<const Json *> require(const char *name) const {
    if (!op.attributes.is_object())
      return error("attributes must be an object, got ",
                   jsonKind(op.attributes));
    const Json *value = find(name);
    if (!value)
      return error("missing attribute '", name, "'");
    return value;
  }

  StatusOr<int64_t> integer(const char *name) const {
    STRATA_RT_ASSIGN_OR_RETURN(const Json *value, require(name));
    std::optional<int64_t> result = jsonInt64(*value);
    if (!result)
      return error("attribute '", name, "' must be a 64-bit integer, got ",
                   jsonKind(*value));
    return *result;
  }

  /// An integer enum attribute whose values are 0 .. last.
  template <typename Enum>
  StatusOr<Enum> enumeration(const char *name, Enum last) const {
    STRATA_RT_ASSIGN_OR_RETURN(int64_t value, integer(name));
    if (value < 0 || value > static_cast<int64_t>(last))
      return error("attribute '", name, "' = ", value,
                   " is not a valid value (0 to ", static_cast<int>(last), ")");
    return static_cast<Enum>(value);
  }

  StatusOr<double> number(const char *name) const {
    STRATA_RT_ASSIGN_OR_RETURN(const Json *value, require(name));
    std::optional<double> result = jsonDouble(*value);
    if (!result)
      return error("attribute '", name, "' must be a number, got ",
                   jsonKind(*value));
    return *result;
  }

  /// A boolean attribute that may be absent (unit and defaulted attributes).
  StatusOr<bool> flag(const char *name, bool absent) const {
    const Json *value = find(name);
    if (!value)
      return absent;
    if (!value->is_boolean())
      return error("attribute '", name, "' must be a boolean, got ",
                   jsonKind(*value));
    return value->get<bool>();
  }

  StatusOr<std::vector<int64_t>> integers(const char *name) const {
    STRATA_RT_ASSIGN_OR_RETURN(const Json *value, require(name));
    if (!value->is_array())
      return error("attribute '", name, "' must be an array of integers, got ",
                   jsonKind(*value));
    std::vector<int64_t> result;
    for (const Json &element : *value) {
      std::optional<int64_t> item = jsonInt64(element);
      if (!item)
        return error("attribute '", name,
                     "' must be an array of integers, but element ",
                     result.size(), " is ", jsonKind(element));
      result.push_back(*item);
    }
    return result;
  }

  /// (low, high) pairs from a flat array of 2 * n integers.
  StatusOr<std::vector<std::pair<int64_t, int64_t>>>
  pairs(const char *name) const {
    STRATA_RT_ASSIGN_OR_RETURN(std::vector<int64_t> flat, integers(name));
    if (flat.size() % 2 != 0)
      return error("attribute '", name,
                   "' must hold (low, high) pairs, but has ", flat.size(),
                   " elements");
    std::vector<std::pair<int64_t, int64_t>> result;
    for (size_t i = 0; i < flat.size(); i += 2)
      result.emplace_back(flat[i], flat[i + 1]);
    return result;
  }

private:
  const OpRecord &op;
  const std::vector<const HostTensor *> &operands;
  const std::vector<char> &constants;
};

/// Wraps one kernel result as the op's only result.
Results single(StatusOr<HostTensor> result) {
  if (!result.ok())
    return result.status();
  std::vector<HostTensor> results;
  results.push_back(std::move(result).value());
  return results;
}

//===----------------------------------------------------------------------===//
// Sources and conversions
//===----------------------------------------------------------------------===//

/// Stores a JSON integer into one element of an integer dtype, exactly.
template <typename T>
Status storeInteger(std::byte *dst, const Json &value, const OpContext &ctx) {
  T stored;
  if constexpr (std::is_same_v<T, bool>) {
    std::optional<int64_t> number = jsonInt64(value);
    if (value.is_boolean())
      stored = value.get<bool>();
    else if (number && (*number == 0 || *number == 1))
      stored = *number == 1;
    else
      return ctx.error("splat of an i1 constant must be 0, 1 or a boolean, "
                       "got ",
                       show(value));
  } else if constexpr (std::is_unsigned_v<T>) {
    std::optional<uint64_t> number;
    if (value.is_number_unsigned())
      number = value.get<uint64_t>();
    else if (value.is_number_integer() && value.get<int64_t>() >= 0)
      number = static_cast<uint64_t>(value.get<int64_t>());
    if (!number || *number > std::numeric_limits<T>::max())
      return ctx.error("splat ", show(value), " does not fit ",
                       dtypeName(dtypeOf<T>()));
    stored = static_cast<T>(*number);
  } else {
    std::optional<int64_t> number = jsonInt64(value);
    if (!number || *number < std::numeric_limits<T>::lowest() ||
        *number > std::numeric_limits<T>::max())
      return ctx.error("splat ", show(value), " does not fit ",
                       dtypeName(dtypeOf<T>()));
    stored = static_cast<T>(*number);
  }
  std::memcpy(dst, &stored, sizeof(T));
  return Status::success();
}

Status storeSplatElement(std::byte *dst, DType dtype, const Json &value,
                         const OpContext &ctx) {
  switch (dtype) {
  case DType::i1:
    return storeInteger<bool>(dst, value, ctx);
  case DType::i8:
    return storeInteger<int8_t>(dst, value, ctx);
  case DType::i16:
    return storeInteger<int16_t>(dst, value, ctx);
  case DType::i32:
    return storeInteger<int32_t>(dst, value, ctx);
  case DType::i64:
    return storeInteger<int64_t>(dst, value, ctx);
  case DType::u8:
    return storeInteger<uint8_t>(dst, value, ctx);
  case DType::u32:
    return storeInteger<uint32_t>(dst, value, ctx);
  case DType::u64:
    return storeInteger<uint64_t>(dst, value, ctx);
  default:
    break;
  }
  std::optional<double> number = jsonDouble(value);
  if (!number)
    return ctx.error("splat of a float constant must be a number or \"nan\", "
                     "\"inf\", \"-inf\", got ",
                     show(value));
  StatusOr<HostTensor> one = HostTensor::create(dtype, {});
  if (!one.ok())
    return one.status();
  one->setFromDouble(0, *number);
  std::memcpy(dst, one->rawData(), dtypeByteSize(dtype));
  return Status::success();
}

Results evaluateConstant(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperands(0));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  STRATA_RT_ASSIGN_OR_RETURN(const Json *value, ctx.require("value"));
  STRATA_RT_ASSIGN_OR_RETURN(
      HostTensor tensor,
      HostTensor::create(ctx.resultDType(0), ctx.resultShape(0)));
  if (!value->is_object())
    return ctx.error("attribute 'value' must be an object, got ",
                     jsonKind(*value));
  size_t width = dtypeByteSize(tensor.dtype());
  auto splat = value->find("splat");
  if (splat != value->end()) {
    if (tensor.numElements() > 0) {
      STRATA_RT_RETURN_IF_ERROR(
          storeSplatElement(tensor.rawData(), tensor.dtype(), *splat, ctx));
      for (int64_t i = 1; i < tensor.numElements(); ++i)
        std::memcpy(tensor.rawData() + i * width, tensor.rawData(), width);
    }
    return single(std::move(tensor));
  }
  auto offset = value->find("data_offset");
  auto bytes = value->find("bytes");
  if (offset == value->end() || bytes == value->end())
    return ctx.error("attribute 'value' must hold \"splat\", or "
                     "\"data_offset\" and \"bytes\"");
  std::optional<int64_t> start = jsonInt64(*offset);
  std::optional<int64_t> size = jsonInt64(*bytes);
  if (!start || !size || *start < 0 || *size < 0)
    return ctx.error("value's data_offset and bytes must be non-negative "
                     "integers");
  if (static_cast<uint64_t>(*size) != tensor.sizeInBytes())
    return ctx.error("value has ", *size, " bytes, but ", tensor.describe(),
                     " needs ", tensor.sizeInBytes());
  const std::vector<char> &data = ctx.constantBytes();
  if (static_cast<uint64_t>(*start) > data.size() ||
      static_cast<uint64_t>(*size) > data.size() - *start)
    return ctx.error("value's bytes [", *start, ", ", *start + *size,
                     ") lie outside the ", data.size(), " bytes of constants");
  if (*size > 0)
    std::memcpy(tensor.rawData(), data.data() + *start,
                static_cast<size_t>(*size));
  // i1 elements are bools: any nonzero byte is true.
  if (tensor.dtype() == DType::i1) {
    bool *flags = tensor.data<bool>();
    const auto *raw = reinterpret_cast<const unsigned char *>(data.data());
    for (int64_t i = 0; i < tensor.numElements(); ++i)
      flags[i] = raw[*start + i] != 0;
  }
  return single(std::move(tensor));
}

Results evaluateIota(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperands(0));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  STRATA_RT_ASSIGN_OR_RETURN(int64_t dimension, ctx.integer("dimension"));
  return single(iota(ctx.resultShape(0), ctx.resultDType(0), dimension));
}

Results evaluateConvert(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperands(1));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  return single(convert(ctx.operand(0), ctx.resultDType(0)));
}

Results evaluateBitcastConvert(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperands(1));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  STRATA_RT_ASSIGN_OR_RETURN(
      HostTensor result,
      HostTensor::create(ctx.resultDType(0), ctx.resultShape(0)));
  const HostTensor &operand = ctx.operand(0);
  if (result.sizeInBytes() != operand.sizeInBytes())
    return ctx.error("cannot reinterpret ", operand.describe(), " (",
                     operand.sizeInBytes(), " bytes) as ", result.describe(),
                     " (", result.sizeInBytes(), " bytes)");
  if (result.sizeInBytes() > 0)
    std::memcpy(result.rawData(), operand.rawData(), operand.sizeInBytes());
  return single(std::move(result));
}

/// Rounds the float whose bits are `bits` (with `SourceExponent` exponent
/// and `SourceMantissa` explicit mantissa bits) to `exponentBits` and
/// `mantissaBits`: ties to even, overflow to infinity, underflow to zero.
template <typename Bits, int SourceExponent, int SourceMantissa>
Bits reducePrecisionBits(Bits bits, int exponentBits, int mantissaBits) {
  constexpr Bits one = 1;
  constexpr Bits signMask = one << (SourceExponent + SourceMantissa);
  constexpr Bits exponentMask = ((one << SourceExponent) - 1) << SourceMantissa;
  constexpr Bits mantissaMask = (one << SourceMantissa) - 1;
  bool isNan = (bits & exponentMask) == exponentMask && (bits & mantissaMask);
  if (isNan)
    return bits;
  if (mantissaBits < SourceMantissa) {
    int dropped = SourceMantissa - mantissaBits;
    Bits lastKept = one << dropped;
    Bits bias = ((lastKept >> 1) - 1) + ((bits & lastKept) >> dropped);
    bits = (bits + bias) & ~(lastKept - 1);
  }
  if (exponentBits < SourceExponent) {
    Bits sign = bits & signMask, magnitude = bits ^ sign;
    Bits sourceBias = (one << (SourceExponent - 1)) - 1;
    Bits reducedBias = (one << (exponentBits - 1)) - 1;
    Bits maxExponent = sourceBias + reducedBias;
    Bits minExponent = sourceBias - reducedBias;
    // Beyond the largest exponent: infinity; below the smallest normal
    // exponent: zero (the narrow format's subnormals are not kept).
    if (magnitude >= ((maxExponent + 1) << SourceMantissa))
      bits = sign | exponentMask;
    else if (magnitude < ((minExponent + 1) << SourceMantissa))
      bits = sign;
  }
  return bits;
}

Results evaluateReducePrecision(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperands(1));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  STRATA_RT_ASSIGN_OR_RETURN(int64_t exponent, ctx.integer("exponent_bits"));
  STRATA_RT_ASSIGN_OR_RETURN(int64_t mantissa, ctx.integer("mantissa_bits"));
  HostTensor result = ctx.operand(0);
  if (result.dtype() != DType::f32 && result.dtype() != DType::f64)
    return ctx.error("needs f32 or f64 elements, got ", result.describe());
  if (exponent < 1 || mantissa < 0 || exponent > 64 || mantissa > 64)
    return ctx.error("exponent_bits = ", exponent,
                     " and mantissa_bits = ", mantissa, " are out of range");
  int exponentBits = static_cast<int>(exponent);
  int mantissaBits = static_cast<int>(mantissa);
  if (result.dtype() == DType::f32) {
    auto *bits = reinterpret_cast<uint32_t *>(result.rawData());
    for (int64_t i = 0; i < result.numElements(); ++i)
      bits[i] = reducePrecisionBits<uint32_t, 8, 23>(bits[i], exponentBits,
                                                     mantissaBits);
  } else {
    auto *bits = reinterpret_cast<uint64_t *>(result.rawData());
    for (int64_t i = 0; i < result.numElements(); ++i)
      bits[i] = reducePrecisionBits<uint64_t, 11, 52>(bits[i], exponentBits,
                                                      mantissaBits);
  }
  return single(std::move(result));
}

Results evaluateRngBitGenerator(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperands(1));
  // Results: the advanced state, then the bits.
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(2));
  auto drawn =
      rngBitGenerator(ctx.operand(0), ctx.resultDType(1), ctx.resultShape(1));
  if (!drawn.ok())
    return drawn.status();
  std::vector<HostTensor> results;
  results.push_back(std::move(drawn->second));
  results.push_back(std::move(drawn->first));
  return results;
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

Results evaluateUnary(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperands(1));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  STRATA_RT_ASSIGN_OR_RETURN(UnaryFn fn, ctx.enumeration("fn", UnaryFn::Clz));
  return single(unary(fn, ctx.operand(0)));
}

Results evaluateBinary(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperands(2));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  STRATA_RT_ASSIGN_OR_RETURN(BinaryFn fn,
                             ctx.enumeration("fn", BinaryFn::Atan2));
  return single(binary(fn, ctx.operand(0), ctx.operand(1)));
}

Results evaluateCompare(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperands(2));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  STRATA_RT_ASSIGN_OR_RETURN(CompareFn fn,
                             ctx.enumeration("direction", CompareFn::Ge));
  return single(compare(fn, ctx.operand(0), ctx.operand(1)));
}

Results evaluateSelect(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperands(3));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  return single(select(ctx.operand(0), ctx.operand(1), ctx.operand(2)));
}

Results evaluateClamp(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperands(3));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  return single(clamp(ctx.operand(0), ctx.operand(1), ctx.operand(2)));
}

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

Results evaluateDot(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperands(2));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  STRATA_RT_ASSIGN_OR_RETURN(auto lhsBatching,
                             ctx.integers("lhs_batching_dimensions"));
  STRATA_RT_ASSIGN_OR_RETURN(auto rhsBatching,
                             ctx.integers("rhs_batching_dimensions"));
  STRATA_RT_ASSIGN_OR_RETURN(auto lhsContracting,
                             ctx.integers("lhs_contracting_dimensions"));
  STRATA_RT_ASSIGN_OR_RETURN(auto rhsContracting,
                             ctx.integers("rhs_contracting_dimensions"));
  return single(dotGeneral(ctx.operand(0), ctx.operand(1), lhsBatching,
                           rhsBatching, lhsContracting, rhsContracting));
}

Results evaluateConvolution(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperands(2));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  STRATA_RT_ASSIGN_OR_RETURN(auto inputDims, ctx.integers("input_dims"));
  STRATA_RT_ASSIGN_OR_RETURN(auto kernelDims, ctx.integers("kernel_dims"));
  STRATA_RT_ASSIGN_OR_RETURN(auto outputDims, ctx.integers("output_dims"));
  // Each layout is [batch or output feature, feature, spatial...].
  for (const auto &[name, dims] :
       {std::pair<const char *, const std::vector<int64_t> *>{"input_dims",
                                                              &inputDims},
        {"kernel_dims", &kernelDims},
        {"output_dims", &outputDims}})
    if (dims->size() < 2)
      return ctx.error("attribute '", name, "' needs at least 2 entries, got ",
                       dims->size());
  ConvolutionAttrs attrs;
  ConvDimensionNumbers &dims = attrs.dimensionNumbers;
  dims.inputBatchDimension = inputDims[0];
  dims.inputFeatureDimension = inputDims[1];
  dims.inputSpatialDimensions.assign(inputDims.begin() + 2, inputDims.end());
  dims.kernelOutputFeatureDimension = kernelDims[0];
  dims.kernelInputFeatureDimension = kernelDims[1];
  dims.kernelSpatialDimensions.assign(kernelDims.begin() + 2, kernelDims.end());
  dims.outputBatchDimension = outputDims[0];
  dims.outputFeatureDimension = outputDims[1];
  dims.outputSpatialDimensions.assign(outputDims.begin() + 2, outputDims.end());
  STRATA_RT_ASSIGN_OR_RETURN(attrs.windowStrides,
                             ctx.integers("window_strides"));
  STRATA_RT_ASSIGN_OR_RETURN(attrs.padding, ctx.pairs("padding"));
  STRATA_RT_ASSIGN_OR_RETURN(attrs.lhsDilation, ctx.integers("lhs_dilation"));
  STRATA_RT_ASSIGN_OR_RETURN(attrs.rhsDilation, ctx.integers("rhs_dilation"));
  STRATA_RT_ASSIGN_OR_RETURN(attrs.featureGroupCount,
                             ctx.integer("feature_group_count"));
  STRATA_RT_ASSIGN_OR_RETURN(attrs.batchGroupCount,
                             ctx.integer("batch_group_count"));
  return single(convolution(ctx.operand(0), ctx.operand(1), attrs));
}

//===----------------------------------------------------------------------===//
// Reductions and normalizations
//===----------------------------------------------------------------------===//

Results evaluateReduce(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperands(1));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  STRATA_RT_ASSIGN_OR_RETURN(ReduceFn fn, ctx.enumeration("fn", ReduceFn::Or));
  STRATA_RT_ASSIGN_OR_RETURN(auto dimensions, ctx.integers("dimensions"));
  return single(reduce(ctx.operand(0), dimensions, fn));
}

Results evaluateReduceWindow(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperands(1));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  STRATA_RT_ASSIGN_OR_RETURN(ReduceFn fn, ctx.enumeration("fn", ReduceFn::Or));
  ReduceWindowAttrs attrs;
  STRATA_RT_ASSIGN_OR_RETURN(attrs.windowDimensions,
                             ctx.integers("window_dimensions"));
  STRATA_RT_ASSIGN_OR_RETURN(attrs.windowStrides,
                             ctx.integers("window_strides"));
  STRATA_RT_ASSIGN_OR_RETURN(attrs.baseDilations,
                             ctx.integers("base_dilations"));
  STRATA_RT_ASSIGN_OR_RETURN(attrs.windowDilations,
                             ctx.integers("window_dilations"));
  STRATA_RT_ASSIGN_OR_RETURN(attrs.padding, ctx.pairs("padding"));
  return single(reduceWindow(ctx.operand(0), fn, attrs));
}

Results evaluateSort(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperandsAtLeast(1));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(ctx.allOperands().size()));
  STRATA_RT_ASSIGN_OR_RETURN(int64_t dimension, ctx.integer("dimension"));
  STRATA_RT_ASSIGN_OR_RETURN(bool descending, ctx.flag("descending", false));
  return sort(ctx.allOperands(), dimension, descending);
}

Results evaluateSoftmax(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperands(1));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  STRATA_RT_ASSIGN_OR_RETURN(int64_t dimension, ctx.integer("dimension"));
  return single(softmax(ctx.operand(0), dimension));
}

Results evaluateLayerNorm(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperands(3));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  STRATA_RT_ASSIGN_OR_RETURN(int64_t axis, ctx.integer("axis"));
  STRATA_RT_ASSIGN_OR_RETURN(double epsilon, ctx.number("epsilon"));
  return single(layerNorm(ctx.operand(0), &ctx.operand(1), &ctx.operand(2),
                          axis, epsilon));
}

/// x * rsqrt(mean(x^2) + eps) * scale, from the elementwise kernels.
Results evaluateRmsNorm(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperands(2));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  STRATA_RT_ASSIGN_OR_RETURN(int64_t axis, ctx.integer("axis"));
  STRATA_RT_ASSIGN_OR_RETURN(double epsilon, ctx.number("epsilon"));
  const HostTensor &x = ctx.operand(0);
  if (axis < 0 || axis > x.rank())
    return ctx.error("axis ", axis, " is out of range for ", x.describe());
  std::vector<int64_t> dims;
  int64_t count = 1;
  for (int64_t d = axis; d < x.rank(); ++d) {
    dims.push_back(d);
    count *= x.dim(d);
  }
  std::vector<int64_t> keep;
  for (int64_t d = 0; d < axis; ++d)
    keep.push_back(d);
  STRATA_RT_ASSIGN_OR_RETURN(HostTensor squared, binary(BinaryFn::Mul, x, x));
  STRATA_RT_ASSIGN_OR_RETURN(HostTensor sum,
                             reduce(squared, dims, ReduceFn::Add));
  STRATA_RT_ASSIGN_OR_RETURN(HostTensor meanPlusEps,
                             HostTensor::create(x.dtype(), sum.shape()));
  for (int64_t i = 0; i < sum.numElements(); ++i)
    meanPlusEps.setFromDouble(i, sum.getAsDouble(i) / count + epsilon);
  STRATA_RT_ASSIGN_OR_RETURN(HostTensor inverse,
                             unary(UnaryFn::Rsqrt, meanPlusEps));
  STRATA_RT_ASSIGN_OR_RETURN(HostTensor spread,
                             broadcastInDim(inverse, x.shape(), keep));
  STRATA_RT_ASSIGN_OR_RETURN(HostTensor normalized,
                             binary(BinaryFn::Mul, x, spread));
  STRATA_RT_ASSIGN_OR_RETURN(HostTensor scale,
                             broadcastInDim(ctx.operand(1), x.shape(), dims));
  return single(binary(BinaryFn::Mul, normalized, scale));
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

Results evaluateReshape(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperands(1));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  return single(reshape(ctx.operand(0), ctx.resultShape(0)));
}

Results evaluateTranspose(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperands(1));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  STRATA_RT_ASSIGN_OR_RETURN(auto permutation, ctx.integers("permutation"));
  return single(transpose(ctx.operand(0), permutation));
}

Results evaluateBroadcastInDim(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperands(1));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  STRATA_RT_ASSIGN_OR_RETURN(auto dimensions, ctx.integers("dimensions"));
  return single(broadcastInDim(ctx.operand(0), ctx.resultShape(0), dimensions));
}

Results evaluateSlice(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperands(1));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  STRATA_RT_ASSIGN_OR_RETURN(auto start, ctx.integers("start_indices"));
  STRATA_RT_ASSIGN_OR_RETURN(auto limit, ctx.integers("limit_indices"));
  STRATA_RT_ASSIGN_OR_RETURN(auto strides, ctx.integers("strides"));
  return single(slice(ctx.operand(0), start, limit, strides));
}

Results evaluateConcatenate(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperandsAtLeast(1));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  STRATA_RT_ASSIGN_OR_RETURN(int64_t dimension, ctx.integer("dimension"));
  return single(concatenate(ctx.allOperands(), dimension));
}

Results evaluatePad(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperands(2));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  STRATA_RT_ASSIGN_OR_RETURN(auto low, ctx.integers("edge_padding_low"));
  STRATA_RT_ASSIGN_OR_RETURN(auto high, ctx.integers("edge_padding_high"));
  STRATA_RT_ASSIGN_OR_RETURN(auto interior, ctx.integers("interior_padding"));
  return single(pad(ctx.operand(0), ctx.operand(1), low, high, interior));
}

/// The start indices of a dynamic (update) slice: the operands from `first`.
StatusOr<std::vector<int64_t>> startIndices(const OpContext &ctx,
                                            size_t first) {
  std::vector<int64_t> starts;
  for (size_t i = first; i < ctx.allOperands().size(); ++i) {
    StatusOr<int64_t> start = indexScalarValue(ctx.operand(i));
    if (!start.ok())
      return ctx.error("start index ", i - first, ": ",
                       start.status().message());
    starts.push_back(*start);
  }
  return starts;
}

Results evaluateDynamicSlice(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperandsAtLeast(1));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  STRATA_RT_ASSIGN_OR_RETURN(auto sizes, ctx.integers("slice_sizes"));
  STRATA_RT_ASSIGN_OR_RETURN(auto starts, startIndices(ctx, 1));
  return single(dynamicSlice(ctx.operand(0), starts, sizes));
}

Results evaluateDynamicUpdateSlice(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperandsAtLeast(2));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  STRATA_RT_ASSIGN_OR_RETURN(auto starts, startIndices(ctx, 2));
  return single(dynamicUpdateSlice(ctx.operand(0), ctx.operand(1), starts));
}

Results evaluateGather(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperands(2));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  GatherDimensionNumbers dims;
  STRATA_RT_ASSIGN_OR_RETURN(dims.offsetDims, ctx.integers("offset_dims"));
  STRATA_RT_ASSIGN_OR_RETURN(dims.collapsedSliceDims,
                             ctx.integers("collapsed_slice_dims"));
  STRATA_RT_ASSIGN_OR_RETURN(dims.operandBatchingDims,
                             ctx.integers("operand_batching_dims"));
  STRATA_RT_ASSIGN_OR_RETURN(dims.startIndicesBatchingDims,
                             ctx.integers("start_indices_batching_dims"));
  STRATA_RT_ASSIGN_OR_RETURN(dims.startIndexMap,
                             ctx.integers("start_index_map"));
  STRATA_RT_ASSIGN_OR_RETURN(dims.indexVectorDim,
                             ctx.integer("index_vector_dim"));
  STRATA_RT_ASSIGN_OR_RETURN(auto sliceSizes, ctx.integers("slice_sizes"));
  STRATA_RT_ASSIGN_OR_RETURN(bool sorted,
                             ctx.flag("indices_are_sorted", false));
  return single(
      gather(ctx.operand(0), ctx.operand(1), dims, sliceSizes, sorted));
}

Results evaluateScatter(const OpContext &ctx) {
  STRATA_RT_RETURN_IF_ERROR(ctx.expectOperands(3));
  STRATA_RT_RETURN_IF_ERROR(ctx.expectResults(1));
  ScatterDimensionNumbers dims;
  STRATA_RT_ASSIGN_OR_RETURN(dims.updateWindowDims,
                             ctx.integers("update_window_dims"));
  STRATA_RT_ASSIGN_OR_RETURN(dims.insertedWindowDims,
                             ctx.integers("inserted_window_dims"));
  STRATA_RT_ASSIGN_OR_RETURN(dims.inputBatchingDims,
                             ctx.integers("input_batching_dims"));
  STRATA_RT_ASSIGN_OR_RETURN(dims.scatterIndicesBatchingDims,
                             ctx.integers("scatter_indices_batching_dims"));
  STRATA_RT_ASSIGN_OR_RETURN(dims.scatterDimsToOperandDims,
                             ctx.integers("scatter_dims_to_operand_dims"));
  STRATA_RT_ASSIGN_OR_RETURN(dims.indexVectorDim,
                             ctx.integer("index_vector_dim"));
  // No combiner: updates replace elements.
  ScatterCombiner combiner = ScatterCombiner::replaceValue();
  if (ctx.find("combiner")) {
    STRATA_RT_ASSIGN_OR_RETURN(BinaryFn fn,
                               ctx.enumeration("combiner", BinaryFn::Atan2));
    combiner = ScatterCombiner::combineWith(fn);
  }
  return single(
      scatter(ctx.operand(0), ctx.operand(1), ctx.operand(2), dims, combiner));
}

using Handler = Results (*)(const OpContext &);

const std::map<std::string, Handler, std::less<>> &handlers() {
  static const std::map<std::string, Handler, std::less<>> table = {
      {"constant", evaluateConstant},
      {"iota", evaluateIota},
      {"unary", evaluateUnary},
      {"binary", evaluateBinary},
      {"compare", evaluateCompare},
      {"select", evaluateSelect},
      {"clamp", evaluateClamp},
      {"convert", evaluateConvert},
      {"bitcast_convert", evaluateBitcastConvert},
      {"reduce_precision", evaluateReducePrecision},
      {"rng_bit_generator", evaluateRngBitGenerator},
      {"dot", evaluateDot},
      {"convolution", evaluateConvolution},
      {"reduce", evaluateReduce},
      {"reduce_window", evaluateReduceWindow},
      {"sort", evaluateSort},
      {"softmax", evaluateSoftmax},
      {"layer_norm", evaluateLayerNorm},
      {"rms_norm", evaluateRmsNorm},
      {"reshape", evaluateReshape},
      {"transpose", evaluateTranspose},
      {"broadcast_in_dim", evaluateBroadcastInDim},
      {"slice", evaluateSlice},
      {"concatenate", evaluateConcatenate},
      {"pad", evaluatePad},
      {"dynamic_slice", evaluateDynamicSlice},
      {"dynamic_update_slice", evaluateDynamicUpdateSlice},
      {"gather", evaluateGather},
      {"scatter", evaluateScatter},
  };
  return table;
}

} // namespace

const std::vector<std::string> &referenceOpNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> result;
    for (const auto &entry : handlers())
      result.push_back(entry.first);
    return result;
  }();
  return names;
}

StatusOr<std::vector<HostTensor>>
evaluateOpRecord(const OpRecord &op,
                 const std::vector<const HostTensor *> &operands,
                 const std::vector<char> &constants) {
  auto handler = handlers().find(op.op);
  if (handler == handlers().end())
    return makeError("unknown op '", op.op, "'");
  if (op.operands.size() != operands.size())
    return makeError(op.op, ": the record names ", op.operands.size(),
                     " operand(s) but ", operands.size(), " were given");
  for (size_t i = 0; i < operands.size(); ++i)
    if (!operands[i])
      return makeError(op.op, ": operand ", i, " is missing");
  OpContext ctx(op, operands, constants);
  STRATA_RT_ASSIGN_OR_RETURN(std::vector<HostTensor> results,
                             handler->second(ctx));
  if (results.size() != op.results.size())
    return makeError(op.op, ": computed ", results.size(),
                     " result(s), the record declares ", op.results.size());
  for (size_t i = 0; i < results.size(); ++i) {
    const auto &[dtype, shape] = op.results[i];
    if (results[i].dtype() != dtype || results[i].shape() != shape)
      return makeError(op.op, ": result ", i, " is ", results[i].describe(),
                       " but the record declares ", dtypeName(dtype),
                       formatShape(shape));
  }
  return results;
}

StatusOr<std::vector<HostTensor>>
evaluateReference(const ReferenceProgram &program,
                  const std::vector<const HostTensor *> &inputs,
                  const std::vector<char> &constants) {
  // Values 0 .. inputs-1 are the inputs; owned holds the ops' results.
  std::vector<const HostTensor *> values(inputs.begin(), inputs.end());
  std::vector<std::unique_ptr<HostTensor>> owned;
  for (size_t index = 0; index < program.ops.size(); ++index) {
    const OpRecord &op = program.ops[index];
    std::vector<const HostTensor *> operands;
    for (size_t i = 0; i < op.operands.size(); ++i) {
      int64_t number = op.operands[i];
      if (number < 0 || static_cast<size_t>(number) >= values.size())
        return makeError("reference op ", index, " (", op.op, "): operand ", i,
                         " is value ", number, ", but only ", values.size(),
                         " are defined");
      operands.push_back(values[static_cast<size_t>(number)]);
    }
    StatusOr<std::vector<HostTensor>> results =
        evaluateOpRecord(op, operands, constants);
    if (!results.ok())
      return results.status().withContext(
          "reference op " + std::to_string(index) + " (" + op.op + ")");
    for (HostTensor &result : *results) {
      owned.push_back(std::make_unique<HostTensor>(std::move(result)));
      values.push_back(owned.back().get());
    }
  }
  std::vector<HostTensor> results;
  for (size_t i = 0; i < program.results.size(); ++i) {
    int64_t number = program.results[i];
    if (number < 0 || static_cast<size_t>(number) >= values.size())
      return makeError("reference result ", i, " is value ", number,
                       ", but only ", values.size(), " are defined");
    results.push_back(*values[static_cast<size_t>(number)]);
  }
  return results;
}

} // namespace strata::rt
