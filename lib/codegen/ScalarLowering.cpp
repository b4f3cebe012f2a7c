//===- ScalarLowering.cpp - Graph-op functions on one element -------------===//

#include "ScalarLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <limits>

using namespace mlir;
using namespace mlir::strata;
using namespace mlir::strata::codegen;

Type codegen::toSignless(Type elementType) {
  if (auto integer = dyn_cast<IntegerType>(elementType))
    return IntegerType::get(elementType.getContext(), integer.getWidth());
  return elementType;
}

bool codegen::isUnsignedInteger(Type elementType) {
  auto integer = dyn_cast<IntegerType>(elementType);
  return integer && integer.isUnsigned();
}

static Value floatConstant(OpBuilder &b, Location loc, Type type,
                           double value) {
  return arith::ConstantOp::create(b, loc, type, b.getFloatAttr(type, value));
}

static Value intConstant(OpBuilder &b, Location loc, Type type,
                         int64_t value) {
  return arith::ConstantOp::create(b, loc, type, b.getIntegerAttr(type, value));
}

FailureOr<Value> codegen::emitUnary(OpBuilder &b, Location loc, UnaryFn fn,
                                    Value x, Type tensorElementType) {
  Type type = x.getType();
  if (isa<FloatType>(type)) {
    switch (fn) {
    case UnaryFn::Abs:
      return Value(math::AbsFOp::create(b, loc, x));
    case UnaryFn::Ceil:
      return Value(math::CeilOp::create(b, loc, x));
    case UnaryFn::Cbrt:
      return Value(math::CbrtOp::create(b, loc, x));
    case UnaryFn::Cos:
      return Value(math::CosOp::create(b, loc, x));
    case UnaryFn::Erf:
      return Value(math::ErfOp::create(b, loc, x));
    case UnaryFn::Exp:
      return Value(math::ExpOp::create(b, loc, x));
    case UnaryFn::Expm1:
      return Value(math::ExpM1Op::create(b, loc, x));
    case UnaryFn::Floor:
      return Value(math::FloorOp::create(b, loc, x));
    case UnaryFn::IsFinite:
      return Value(math::IsFiniteOp::create(b, loc, x));
    case UnaryFn::Log:
      return Value(math::LogOp::create(b, loc, x));
    case UnaryFn::Log1p:
      return Value(math::Log1pOp::create(b, loc, x));
    case UnaryFn::Logistic: {
      Value one = floatConstant(b, loc, type, 1.0);
      Value negated = arith::NegFOp::create(b, loc, x);
      Value denominator = arith::AddFOp::create(
          b, loc, one, math::ExpOp::create(b, loc, negated));
      return Value(arith::DivFOp::create(b, loc, one, denominator));
    }
    case UnaryFn::Neg:
      return Value(arith::NegFOp::create(b, loc, x));
    case UnaryFn::RoundAfz:
      return Value(math::RoundOp::create(b, loc, x));
    case UnaryFn::RoundEven:
      return Value(math::RoundEvenOp::create(b, loc, x));
    case UnaryFn::Rsqrt:
      return Value(math::RsqrtOp::create(b, loc, x));
    case UnaryFn::Sign: {
      // -1, +1, or the operand itself for +-0 and NaN.
      Value zero = floatConstant(b, loc, type, 0.0);
      Value one = floatConstant(b, loc, type, 1.0);
      Value minusOne = floatConstant(b, loc, type, -1.0);
      Value positive =
          arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, zero);
      Value negative =
          arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, zero);
      Value sign = arith::SelectOp::create(b, loc, negative, minusOne, x);
      return Value(arith::SelectOp::create(b, loc, positive, one, sign));
    }
    case UnaryFn::Sin:
      return Value(math::SinOp::create(b, loc, x));
    case UnaryFn::Sqrt:
      return Value(math::SqrtOp::create(b, loc, x));
    case UnaryFn::Tan:
      return Value(math::TanOp::create(b, loc, x));
    case UnaryFn::Tanh:
      return Value(math::TanhOp::create(b, loc, x));
    default:
      return failure();
    }
  }
  bool isBool = type.isInteger(1);
  switch (fn) {
  case UnaryFn::Abs:
    return isBool ? x : Value(math::AbsIOp::create(b, loc, x));
  case UnaryFn::Neg:
    return Value(
        arith::SubIOp::create(b, loc, intConstant(b, loc, type, 0), x));
  case UnaryFn::Not:
    return Value(
        arith::XOrIOp::create(b, loc, x, intConstant(b, loc, type, -1)));
  case UnaryFn::Popcnt:
    return Value(math::CtPopOp::create(b, loc, x));
  case UnaryFn::Clz:
    return Value(math::CountLeadingZerosOp::create(b, loc, x));
  case UnaryFn::Sign: {
    if (isUnsignedInteger(tensorElementType) || isBool) {
      Value zero = intConstant(b, loc, type, 0);
      Value nonZero =
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, x, zero);
      return Value(arith::ExtUIOp::create(b, loc, type, nonZero));
    }
    Value zero = intConstant(b, loc, type, 0);
    Value positive =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, x, zero);
    Value negative =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, x, zero);
    Value sign = arith::SelectOp::create(b, loc, negative,
                                         intConstant(b, loc, type, -1), zero);
    return Value(arith::SelectOp::create(b, loc, positive,
                                         intConstant(b, loc, type, 1), sign));
  }
  default:
    return failure();
  }
}

FailureOr<Value> codegen::emitBinary(OpBuilder &b, Location loc, BinaryFn fn,
                                     Value x, Value y,
                                     Type tensorElementType) {
  if (isa<FloatType>(x.getType())) {
    switch (fn) {
    case BinaryFn::Add:
      return Value(arith::AddFOp::create(b, loc, x, y));
    case BinaryFn::Sub:
      return Value(arith::SubFOp::create(b, loc, x, y));
    case BinaryFn::Mul:
      return Value(arith::MulFOp::create(b, loc, x, y));
    case BinaryFn::Div:
      return Value(arith::DivFOp::create(b, loc, x, y));
    case BinaryFn::Rem:
      return Value(arith::RemFOp::create(b, loc, x, y));
    case BinaryFn::Pow:
      return Value(math::PowFOp::create(b, loc, x, y));
    case BinaryFn::Max:
      return Value(arith::MaximumFOp::create(b, loc, x, y));
    case BinaryFn::Min:
      return Value(arith::MinimumFOp::create(b, loc, x, y));
    case BinaryFn::Atan2:
      return Value(math::Atan2Op::create(b, loc, x, y));
    default:
      return failure();
    }
  }
  bool isUnsigned =
      isUnsignedInteger(tensorElementType) || x.getType().isInteger(1);
  switch (fn) {
  case BinaryFn::Add:
    return Value(arith::AddIOp::create(b, loc, x, y));
  case BinaryFn::Sub:
    return Value(arith::SubIOp::create(b, loc, x, y));
  case BinaryFn::Mul:
    return Value(arith::MulIOp::create(b, loc, x, y));
  case BinaryFn::Div:
    return isUnsigned ? Value(arith::DivUIOp::create(b, loc, x, y))
                      : Value(arith::DivSIOp::create(b, loc, x, y));
  case BinaryFn::Rem:
    return isUnsigned ? Value(arith::RemUIOp::create(b, loc, x, y))
                      : Value(arith::RemSIOp::create(b, loc, x, y));
  case BinaryFn::Max:
    return isUnsigned ? Value(arith::MaxUIOp::create(b, loc, x, y))
                      : Value(arith::MaxSIOp::create(b, loc, x, y));
  case BinaryFn::Min:
    return isUnsigned ? Value(arith::MinUIOp::create(b, loc, x, y))
                      : Value(arith::MinSIOp::create(b, loc, x, y));
  case BinaryFn::And:
    return Value(arith::AndIOp::create(b, loc, x, y));
  case BinaryFn::Or:
    return Value(arith::OrIOp::create(b, loc, x, y));
  case BinaryFn::Xor:
    return Value(arith::XOrIOp::create(b, loc, x, y));
  case BinaryFn::Shl:
    return Value(arith::ShLIOp::create(b, loc, x, y));
  case BinaryFn::ShrArith:
    return Value(arith::ShRSIOp::create(b, loc, x, y));
  case BinaryFn::ShrLogical:
    return Value(arith::ShRUIOp::create(b, loc, x, y));
  case BinaryFn::Pow:
    if (isUnsigned)
      return failure();
    return Value(math::IPowIOp::create(b, loc, x, y));
  default:
    return failure();
  }
}

FailureOr<Value> codegen::emitCompare(OpBuilder &b, Location loc,
                                      CompareDirection fn, Value x, Value y,
                                      Type tensorElementType) {
  if (isa<FloatType>(x.getType())) {
    // Initialized for the compiler: the switch covers every direction.
    arith::CmpFPredicate predicate = arith::CmpFPredicate::OEQ;
    switch (fn) {
    case CompareDirection::Eq:
      predicate = arith::CmpFPredicate::OEQ;
      break;
    case CompareDirection::Ne:
      predicate = arith::CmpFPredicate::UNE;
      break;
    case CompareDirection::Lt:
      predicate = arith::CmpFPredicate::OLT;
      break;
    case CompareDirection::Le:
      predicate = arith::CmpFPredicate::OLE;
      break;
    case CompareDirection::Gt:
      predicate = arith::CmpFPredicate::OGT;
      break;
    case CompareDirection::Ge:
      predicate = arith::CmpFPredicate::OGE;
      break;
    }
    return Value(arith::CmpFOp::create(b, loc, predicate, x, y));
  }
  bool isUnsigned =
      isUnsignedInteger(tensorElementType) || x.getType().isInteger(1);
  arith::CmpIPredicate predicate = arith::CmpIPredicate::eq;
  switch (fn) {
  case CompareDirection::Eq:
    predicate = arith::CmpIPredicate::eq;
    break;
  case CompareDirection::Ne:
    predicate = arith::CmpIPredicate::ne;
    break;
  case CompareDirection::Lt:
    predicate = isUnsigned ? arith::CmpIPredicate::ult : arith::CmpIPredicate::slt;
    break;
  case CompareDirection::Le:
    predicate = isUnsigned ? arith::CmpIPredicate::ule : arith::CmpIPredicate::sle;
    break;
  case CompareDirection::Gt:
    predicate = isUnsigned ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt;
    break;
  case CompareDirection::Ge:
    predicate = isUnsigned ? arith::CmpIPredicate::uge : arith::CmpIPredicate::sge;
    break;
  }
  return Value(arith::CmpIOp::create(b, loc, predicate, x, y));
}

FailureOr<Value> codegen::emitConvert(OpBuilder &b, Location loc, Value x,
                                      Type from, Type to) {
  Type target = toSignless(to);
  Type source = x.getType();
  if (source == target)
    return x;
  if (target.isInteger(1)) {
    if (isa<FloatType>(source))
      return Value(arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, x,
                                         floatConstant(b, loc, source, 0)));
    return Value(arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, x,
                                       intConstant(b, loc, source, 0)));
  }
  bool sourceUnsigned = isUnsignedInteger(from) || source.isInteger(1);
  auto sourceFloat = dyn_cast<FloatType>(source);
  auto targetFloat = dyn_cast<FloatType>(target);
  if (sourceFloat && targetFloat) {
    if (sourceFloat.getWidth() < targetFloat.getWidth())
      return Value(arith::ExtFOp::create(b, loc, target, x));
    return Value(arith::TruncFOp::create(b, loc, target, x));
  }
  if (targetFloat)
    return sourceUnsigned ? Value(arith::UIToFPOp::create(b, loc, target, x))
                          : Value(arith::SIToFPOp::create(b, loc, target, x));
  if (sourceFloat)
    return isUnsignedInteger(to)
               ? Value(arith::FPToUIOp::create(b, loc, target, x))
               : Value(arith::FPToSIOp::create(b, loc, target, x));
  unsigned fromWidth = source.getIntOrFloatBitWidth();
  unsigned toWidth = target.getIntOrFloatBitWidth();
  if (fromWidth > toWidth)
    return Value(arith::TruncIOp::create(b, loc, target, x));
  return sourceUnsigned ? Value(arith::ExtUIOp::create(b, loc, target, x))
                        : Value(arith::ExtSIOp::create(b, loc, target, x));
}

Value codegen::reductionIdentity(OpBuilder &b, Location loc, ReduceFn fn,
                                 Type tensorElementType) {
  Type type = toSignless(tensorElementType);
  if (auto floatType = dyn_cast<FloatType>(type)) {
    double inf = std::numeric_limits<double>::infinity();
    switch (fn) {
    case ReduceFn::Mul:
      return floatConstant(b, loc, type, 1.0);
    case ReduceFn::Max:
      return floatConstant(b, loc, type, -inf);
    case ReduceFn::Min:
      return floatConstant(b, loc, type, inf);
    default:
      return floatConstant(b, loc, type, 0.0);
    }
  }
  unsigned width = type.getIntOrFloatBitWidth();
  bool isUnsigned = isUnsignedInteger(tensorElementType) || width == 1;
  APInt value(width, 0);
  switch (fn) {
  case ReduceFn::Mul:
    value = APInt(width, 1);
    break;
  case ReduceFn::Max:
    value = isUnsigned ? APInt::getMinValue(width)
                       : APInt::getSignedMinValue(width);
    break;
  case ReduceFn::Min:
    value = isUnsigned ? APInt::getMaxValue(width)
                       : APInt::getSignedMaxValue(width);
    break;
  case ReduceFn::And:
    value = APInt::getAllOnes(width);
    break;
  default:
    break;
  }
  return arith::ConstantOp::create(b, loc, type, b.getIntegerAttr(type, value));
}

FailureOr<Value> codegen::emitCombine(OpBuilder &b, Location loc, ReduceFn fn,
                                      Value acc, Value x,
                                      Type tensorElementType) {
  if (x.getType().isInteger(1)) {
    // On i1, add and max are logical or; mul and min logical and.
    if (fn == ReduceFn::Add || fn == ReduceFn::Max || fn == ReduceFn::Or)
      return Value(arith::OrIOp::create(b, loc, acc, x));
    return Value(arith::AndIOp::create(b, loc, acc, x));
  }
  switch (fn) {
  case ReduceFn::Add:
    return emitBinary(b, loc, BinaryFn::Add, acc, x, tensorElementType);
  case ReduceFn::Mul:
    return emitBinary(b, loc, BinaryFn::Mul, acc, x, tensorElementType);
  case ReduceFn::Max:
    return emitBinary(b, loc, BinaryFn::Max, acc, x, tensorElementType);
  case ReduceFn::Min:
    return emitBinary(b, loc, BinaryFn::Min, acc, x, tensorElementType);
  case ReduceFn::And:
    return emitBinary(b, loc, BinaryFn::And, acc, x, tensorElementType);
  case ReduceFn::Or:
    return emitBinary(b, loc, BinaryFn::Or, acc, x, tensorElementType);
  }
  return failure();
}

FailureOr<gpu::AllReduceOperation>
codegen::blockReduction(ReduceFn fn, Type tensorElementType) {
  Type type = toSignless(tensorElementType);
  bool isFloat = isa<FloatType>(type);
  bool isUnsigned =
      isUnsignedInteger(tensorElementType) || type.isInteger(1);
  if (type.isInteger(1)) {
    if (fn == ReduceFn::Add || fn == ReduceFn::Max || fn == ReduceFn::Or)
      return gpu::AllReduceOperation::OR;
    return gpu::AllReduceOperation::AND;
  }
  switch (fn) {
  case ReduceFn::Add:
    return gpu::AllReduceOperation::ADD;
  case ReduceFn::Mul:
    return gpu::AllReduceOperation::MUL;
  case ReduceFn::Max:
    return isFloat      ? gpu::AllReduceOperation::MAXIMUMF
           : isUnsigned ? gpu::AllReduceOperation::MAXUI
                        : gpu::AllReduceOperation::MAXSI;
  case ReduceFn::Min:
    return isFloat      ? gpu::AllReduceOperation::MINIMUMF
           : isUnsigned ? gpu::AllReduceOperation::MINUI
                        : gpu::AllReduceOperation::MINSI;
  case ReduceFn::And:
    if (isFloat)
      return failure();
    return gpu::AllReduceOperation::AND;
  case ReduceFn::Or:
    if (isFloat)
      return failure();
    return gpu::AllReduceOperation::OR;
  }
  return failure();
}
