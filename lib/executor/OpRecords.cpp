//===- OpRecords.cpp - Graph ops as the runtime's op records --------------===//

#include "strata/OpRecords.h"

#include "dialects/strata/StrataOps.h"
#include "strata-runtime/Kernels.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::strata;
namespace rt = ::strata::rt;
using Json = nlohmann::json;

// Records carry the dialect's enums as their integer values, which the
// runtime reads as its own enums: both follow StableHLO's lists case for
// case and in order, and these keep them in step.
static_assert(static_cast<int>(UnaryFn::Clz) ==
                  static_cast<int>(rt::UnaryFn::Clz),
              "UnaryFn out of step with the runtime");
static_assert(static_cast<int>(BinaryFn::Atan2) ==
                  static_cast<int>(rt::BinaryFn::Atan2),
              "BinaryFn out of step with the runtime");
static_assert(static_cast<int>(CompareDirection::Ge) ==
                  static_cast<int>(rt::CompareFn::Ge),
              "CompareDirection out of step with the runtime");
static_assert(static_cast<int>(ReduceFn::Or) ==
                  static_cast<int>(rt::ReduceFn::Or),
              "ReduceFn out of step with the runtime");

FailureOr<rt::DType> mlir::strata::toRuntimeDType(Type type) {
  if (type.isF32())
    return rt::DType::f32;
  if (type.isF64())
    return rt::DType::f64;
  if (type.isF16())
    return rt::DType::f16;
  if (type.isBF16())
    return rt::DType::bf16;
  if (type.isInteger(1))
    return rt::DType::i1;
  if (auto integer = dyn_cast<IntegerType>(type)) {
    bool isUnsigned = integer.isUnsigned();
    switch (integer.getWidth()) {
    case 8:
      return isUnsigned ? rt::DType::u8 : rt::DType::i8;
    case 16:
      if (!isUnsigned)
        return rt::DType::i16;
      break;
    case 32:
      return isUnsigned ? rt::DType::u32 : rt::DType::i32;
    case 64:
      return isUnsigned ? rt::DType::u64 : rt::DType::i64;
    }
  }
  return failure();
}

/// A float as JSON: a number, or a string for what JSON numbers cannot hold.
static Json floatToJson(APFloat value) {
  bool losesInfo = false;
  value.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven,
                &losesInfo);
  double number = value.convertToDouble();
  if (std::isnan(number))
    return "nan";
  if (std::isinf(number))
    return number > 0 ? "inf" : "-inf";
  return number;
}

/// An integer as JSON, exactly: unsigned types (and i1) zero-extend.
static Json integerToJson(const APInt &value, bool isUnsigned) {
  if (isUnsigned || value.getBitWidth() == 1)
    return static_cast<uint64_t>(value.getZExtValue());
  return static_cast<int64_t>(value.getSExtValue());
}

/// The value of a constant: a splat number, or its bytes in constants.bin.
static FailureOr<Json> constantToJson(Operation *op, ElementsAttr attr,
                                      ConstantSink constants) {
  auto type = cast<ShapedType>(attr.getType());
  Type elementType = type.getElementType();
  FailureOr<rt::DType> dtype = toRuntimeDType(elementType);
  if (failed(dtype))
    return op->emitOpError() << "has element type " << elementType
                             << ", which the runtime does not support";
  bool isFloat = isa<FloatType>(elementType);
  bool isUnsigned = elementType.isUnsignedInteger();
  if (attr.isSplat()) {
    Json splat;
    if (isFloat) {
      auto values = attr.tryGetValues<APFloat>();
      if (!values)
        return op->emitOpError() << "has a value whose elements cannot be read";
      splat = floatToJson(*values->begin());
    } else {
      auto values = attr.tryGetValues<APInt>();
      if (!values)
        return op->emitOpError() << "has a value whose elements cannot be read";
      splat = integerToJson(*values->begin(), isUnsigned);
    }
    return Json{{"splat", std::move(splat)}};
  }
  // The elements' bit patterns, little-endian, one after the other: exactly
  // how a HostTensor (and a device buffer) stores them.
  size_t width = rt::dtypeByteSize(*dtype);
  std::vector<char> bytes;
  bytes.reserve(static_cast<size_t>(attr.getNumElements()) * width);
  auto append = [&](const APInt &bits) {
    uint64_t word = bits.getZExtValue();
    for (size_t b = 0; b < width; ++b)
      bytes.push_back(static_cast<char>((word >> (8 * b)) & 0xff));
  };
  if (isFloat) {
    auto values = attr.tryGetValues<APFloat>();
    if (!values)
      return op->emitOpError() << "has a value whose elements cannot be read";
    for (APFloat value : *values)
      append(value.bitcastToAPInt());
  } else {
    auto values = attr.tryGetValues<APInt>();
    if (!values)
      return op->emitOpError() << "has a value whose elements cannot be read";
    for (const APInt &value : *values)
      append(value);
  }
  int64_t offset = constants(ArrayRef<char>(bytes));
  return Json{{"data_offset", offset},
              {"bytes", static_cast<int64_t>(bytes.size())}};
}

/// An inherent attribute as JSON, or failure for kinds the runtime has no
/// use for (the caller reports it).
static FailureOr<Json> attributeToJson(Attribute attr) {
  return llvm::TypeSwitch<Attribute, FailureOr<Json>>(attr)
      .Case([](UnitAttr) -> FailureOr<Json> { return Json(true); })
      .Case([](BoolAttr flag) -> FailureOr<Json> {
        return Json(flag.getValue());
      })
      // Also every I32EnumAttr (UnaryFnAttr, ReduceFnAttr, ...), whose
      // storage is an IntegerAttr.
      .Case([](IntegerAttr integer) -> FailureOr<Json> {
        return integerToJson(integer.getValue(),
                             integer.getType().isUnsignedInteger());
      })
      .Case([](FloatAttr number) -> FailureOr<Json> {
        return floatToJson(number.getValue());
      })
      .Case([](StringAttr text) -> FailureOr<Json> {
        return Json(text.getValue().str());
      })
      .Case([](DenseBoolArrayAttr array) -> FailureOr<Json> {
        return Json(std::vector<bool>(array.asArrayRef().begin(),
                                      array.asArrayRef().end()));
      })
      .Case<DenseI8ArrayAttr, DenseI16ArrayAttr, DenseI32ArrayAttr,
            DenseI64ArrayAttr>([](auto array) -> FailureOr<Json> {
        Json out = Json::array();
        for (auto value : array.asArrayRef())
          out.push_back(static_cast<int64_t>(value));
        return out;
      })
      .Case<DenseF32ArrayAttr, DenseF64ArrayAttr>(
          [](auto array) -> FailureOr<Json> {
            Json out = Json::array();
            for (auto value : array.asArrayRef())
              out.push_back(floatToJson(APFloat(value)));
            return out;
          })
      .Case([](ArrayAttr array) -> FailureOr<Json> {
        Json out = Json::array();
        for (Attribute element : array) {
          FailureOr<Json> value = attributeToJson(element);
          if (failed(value))
            return failure();
          out.push_back(std::move(*value));
        }
        return out;
      })
      .Case([](DictionaryAttr dictionary) -> FailureOr<Json> {
        Json out = Json::object();
        for (NamedAttribute entry : dictionary) {
          FailureOr<Json> value = attributeToJson(entry.getValue());
          if (failed(value))
            return failure();
          out[entry.getName().str()] = std::move(*value);
        }
        return out;
      })
      // The dialect's own parameterized attributes, by their parameters.
      .Case([](TierAttr tier) -> FailureOr<Json> {
        return Json(stringifyTier(tier.getValue()).str());
      })
      .Case([](CommunicatorAttr communicator) -> FailureOr<Json> {
        return Json{
            {"devices", std::vector<int64_t>(communicator.getDevices().begin(),
                                             communicator.getDevices().end())}};
      })
      .Default([](Attribute) -> FailureOr<Json> { return failure(); });
}

bool mlir::strata::isGraphOp(Operation *op) {
  return op->getRegisteredInfo() && isa<StrataDialect>(op->getDialect()) &&
         op->getNumRegions() == 0 && !op->hasTrait<OpTrait::IsTerminator>() &&
         isPure(op);
}

FailureOr<rt::OpRecord>
mlir::strata::toOpRecord(Operation *op,
                         llvm::function_ref<int64_t(Value)> valueNumber,
                         ConstantSink constants) {
  if (!isGraphOp(op))
    return op->emitOpError() << "is not a graph op and has no op record";
  std::optional<RegisteredOperationName> info = op->getRegisteredInfo();

  rt::OpRecord record;
  record.op = op->getName().stripDialect().str();
  for (Value operand : op->getOperands()) {
    auto type = dyn_cast<RankedTensorType>(operand.getType());
    if (!type || type.getEncoding())
      return op->emitOpError() << "has operand type " << operand.getType()
                               << ", which an op record cannot express";
    record.operands.push_back(valueNumber(operand));
  }
  for (Value result : op->getResults()) {
    auto type = dyn_cast<RankedTensorType>(result.getType());
    FailureOr<rt::DType> dtype = type ? toRuntimeDType(type.getElementType())
                                      : FailureOr<rt::DType>(failure());
    if (!type || !type.hasStaticShape() || type.getEncoding() || failed(dtype))
      return op->emitOpError() << "has result type " << result.getType()
                               << ", which the runtime does not support";
    record.results.emplace_back(
        *dtype, rt::Shape(type.getShape().begin(), type.getShape().end()));
  }

  for (StringAttr name : info->getAttributeNames()) {
    std::optional<Attribute> attr = op->getInherentAttr(name);
    // Absent optional attributes (a scatter without a combiner) stay absent.
    if (!attr || !*attr)
      continue;
    FailureOr<Json> value;
    if (auto constant = dyn_cast<ConstantOp>(op);
        constant && name == constant.getValueAttrName()) {
      value = constantToJson(op, constant.getValue(), constants);
      if (failed(value))
        return failure();
    } else {
      value = attributeToJson(*attr);
      if (failed(value))
        return op->emitOpError()
               << "has attribute '" << name.getValue() << "' = " << *attr
               << ", which an op record cannot express";
    }
    record.attributes[name.str()] = std::move(*value);
  }
  return record;
}
