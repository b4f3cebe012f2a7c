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
  return b.create<arith::ConstantOp>(loc, type, b.getFloatAttr(type, value));
}

static Value intConstant(OpBuilder &b, Location loc, Type type,
                         int64_t value) {
  return b.create<arith::ConstantOp>(loc, type, b.getIntegerAttr(type, value));
}

FailureOr<Value> codegen::emitUnary(OpBuilder &b, Location loc, UnaryFn fn,
                                    Value x, Type tensorElementType) {
  Type type = x.getType();
  if (isa<FloatType>(type)) {
    switch (fn) {
    case UnaryFn::Abs:
      return Value(b.create<math::AbsFOp>(loc, x));
    case UnaryFn::Ceil:
      return Value(b.create<math::CeilOp>(loc, x));
    case UnaryFn::Cbrt:
      return Value(b.create<math::CbrtOp>(loc, x));
    case UnaryFn::Cos:
      return Value(b.create<math::CosOp>(loc, x));
    case UnaryFn::Erf:
      return Value(b.create<math::ErfOp>(loc, x));
    case UnaryFn::Exp:
      return Value(b.create<math::ExpOp>(loc, x));
    case UnaryFn::Expm1:
      return Value(b.create<math::ExpM1Op>(loc, x));
    case UnaryFn::Floor:
      return Value(b.create<math::FloorOp>(loc, x));
    case UnaryFn::IsFinite:
      return Value(b.create<math::IsFiniteOp>(loc, x));
    case UnaryFn::Log:
      return Value(b.create<math::LogOp>(loc, x));
    case UnaryFn::Log1p:
      return Value(b.create<math::Log1pOp>(loc, x));
    case UnaryFn::Logistic: {
      Value one = floatConstant(b, loc, type, 1.0);
      Value negated = b.create<arith::NegFOp>(loc, x);
      Value denominator =
          b.create<arith::AddFOp>(loc, one, b.create<math::ExpOp>(loc, negated));
      return Value(b.create<arith::DivFOp>(loc, one, denominator));
    }
    case UnaryFn::Neg:
      return Value(b.create<arith::NegFOp>(loc, x));
    case UnaryFn::RoundAfz:
      return Value(b.create<math::RoundOp>(loc, x));
    case UnaryFn::RoundEven:
      return Value(b.create<math::RoundEvenOp>(loc, x));
    case UnaryFn::Rsqrt:
      return Value(b.create<math::RsqrtOp>(loc, x));
    case UnaryFn::Sign: {
      // -1, +1, or the operand itself for +-0 and NaN.
      Value zero = floatConstant(b, loc, type, 0.0);
      Value one = floatConstant(b, loc, type, 1.0);
      Value minusOne = floatConstant(b, loc, type, -1.0);
      Value positive =
          b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, x, zero);
      Value negative =
          b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, x, zero);
      Value sign = b.create<arith::SelectOp>(loc, negative, minusOne, x);
      return Value(b.create<arith::SelectOp>(loc, positive, one, sign));
    }
    case UnaryFn::Sin:
      return Value(b.create<math::SinOp>(loc, x));
    case UnaryFn::Sqrt:
      return Value(b.create<math::SqrtOp>(loc, x));
    case UnaryFn::Tan:
      return Value(b.create<math::TanOp>(loc, x));
    case UnaryFn::Tanh:
      return Value(b.create<math::TanhOp>(loc, x));
    default:
      return failure();
    }
  }
  bool isBool = type.isInteger(1);
  switch (fn) {
  case UnaryFn::Abs:
    return isBool ? x : Value(b.create<math::AbsIOp>(loc, x));
  case UnaryFn::Neg:
    return Value(
        b.create<arith::SubIOp>(loc, intConstant(b, loc, type, 0), x));
  case UnaryFn::Not:
    return Value(
        b.create<arith::XOrIOp>(loc, x, intConstant(b, loc, type, -1)));
  case UnaryFn::Popcnt:
    return Value(b.create<math::CtPopOp>(loc, x));
  case UnaryFn::Clz:
    return Value(b.create<math::CountLeadingZerosOp>(loc, x));
  case UnaryFn::Sign: {
    if (isUnsignedInteger(tensorElementType) || isBool) {
      Value zero = intConstant(b, loc, type, 0);
      Value nonZero =
          b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, x, zero);
      return Value(b.create<arith::ExtUIOp>(loc, type, nonZero));
    }
    Value zero = intConstant(b, loc, type, 0);
    Value positive =
        b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sgt, x, zero);
    Value negative =
        b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, x, zero);
    Value sign = b.create<arith::SelectOp>(
        loc, negative, intConstant(b, loc, type, -1), zero);
    return Value(b.create<arith::SelectOp>(
        loc, positive, intConstant(b, loc, type, 1), sign));
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
      return Value(b.create<arith::AddFOp>(loc, x, y));
    case BinaryFn::Sub:
      return Value(b.create<arith::SubFOp>(loc, x, y));
    case BinaryFn::Mul:
      return Value(b.create<arith::MulFOp>(loc, x, y));
    case BinaryFn::Div:
      return Value(b.create<arith::DivFOp>(loc, x, y));
    case BinaryFn::Rem:
      return Value(b.create<arith::RemFOp>(loc, x, y));
    case BinaryFn::Pow:
      return Value(b.create<math::PowFOp>(loc, x, y));
    case BinaryFn::Max:
      return Value(b.create<arith::MaximumFOp>(loc, x, y));
    case BinaryFn::Min:
      return Value(b.create<arith::MinimumFOp>(loc, x, y));
    case BinaryFn::Atan2:
      return Value(b.create<math::Atan2Op>(loc, x, y));
    default:
      return failure();
    }
  }
  bool isUnsigned =
      isUnsignedInteger(tensorElementType) || x.getType().isInteger(1);
  switch (fn) {
  case BinaryFn::Add:
    return Value(b.create<arith::AddIOp>(loc, x, y));
  case BinaryFn::Sub:
    return Value(b.create<arith::SubIOp>(loc, x, y));
  case BinaryFn::Mul:
    return Value(b.create<arith::MulIOp>(loc, x, y));
  case BinaryFn::Div:
    return isUnsigned ? Value(b.create<arith::DivUIOp>(loc, x, y))
                      : Value(b.create<arith::DivSIOp>(loc, x, y));
  case BinaryFn::Rem:
    return isUnsigned ? Value(b.create<arith::RemUIOp>(loc, x, y))
                      : Value(b.create<arith::RemSIOp>(loc, x, y));
  case BinaryFn::Max:
    return isUnsigned ? Value(b.create<arith::MaxUIOp>(loc, x, y))
                      : Value(b.create<arith::MaxSIOp>(loc, x, y));
  case BinaryFn::Min:
    return isUnsigned ? Value(b.create<arith::MinUIOp>(loc, x, y))
                      : Value(b.create<arith::MinSIOp>(loc, x, y));
  case BinaryFn::And:
    return Value(b.create<arith::AndIOp>(loc, x, y));
  case BinaryFn::Or:
    return Value(b.create<arith::OrIOp>(loc, x, y));
  case BinaryFn::Xor:
    return Value(b.create<arith::XOrIOp>(loc, x, y));
  case BinaryFn::Shl:
    return Value(b.create<arith::ShLIOp>(loc, x, y));
  case BinaryFn::ShrArith:
    return Value(b.create<arith::ShRSIOp>(loc, x, y));
  case BinaryFn::ShrLogical:
    return Value(b.create<arith::ShRUIOp>(loc, x, y));
  case BinaryFn::Pow:
    if (isUnsigned)
      return failure();
    return Value(b.create<math::IPowIOp>(loc, x, y));
  default:
    return failure();
  }
}

FailureOr<Value> codegen::emitCompare(OpBuilder &b, Location loc,
                                      CompareDirection fn, Value x, Value y,
                                      Type tensorElementType) {
  if (isa<FloatType>(x.getType())) {
    arith::CmpFPredicate predicate;
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
    return Value(b.create<arith::CmpFOp>(loc, predicate, x, y));
  }
  bool isUnsigned =
      isUnsignedInteger(tensorElementType) || x.getType().isInteger(1);
  arith::CmpIPredicate predicate;
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
  return Value(b.create<arith::CmpIOp>(loc, predicate, x, y));
}

FailureOr<Value> codegen::emitConvert(OpBuilder &b, Location loc, Value x,
                                      Type from, Type to) {
  Type target = toSignless(to);
  Type source = x.getType();
  if (source == target)
    return x;
  if (target.isInteger(1)) {
    if (isa<FloatType>(source))
      return Value(b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNE, x,
                                           floatConstant(b, loc, source, 0)));
    return Value(b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, x,
                                         intConstant(b, loc, source, 0)));
  }
  bool sourceUnsigned = isUnsignedInteger(from) || source.isInteger(1);
  auto sourceFloat = dyn_cast<FloatType>(source);
  auto targetFloat = dyn_cast<FloatType>(target);
  if (sourceFloat && targetFloat) {
    if (sourceFloat.getWidth() < targetFloat.getWidth())
      return Value(b.create<arith::ExtFOp>(loc, target, x));
    return Value(b.create<arith::TruncFOp>(loc, target, x));
  }
  if (targetFloat)
    return sourceUnsigned ? Value(b.create<arith::UIToFPOp>(loc, target, x))
                          : Value(b.create<arith::SIToFPOp>(loc, target, x));
  if (sourceFloat)
    return isUnsignedInteger(to)
               ? Value(b.create<arith::FPToUIOp>(loc, target, x))
               : Value(b.create<arith::FPToSIOp>(loc, target, x));
  unsigned fromWidth = source.getIntOrFloatBitWidth();
  unsigned toWidth = target.getIntOrFloatBitWidth();
  if (fromWidth > toWidth)
    return Value(b.create<arith::TruncIOp>(loc, target, x));
  return sourceUnsigned ? Value(b.create<arith::ExtUIOp>(loc, target, x))
                        : Value(b.create<arith::ExtSIOp>(loc, target, x));
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
  return b.create<arith::ConstantOp>(loc, type, b.getIntegerAttr(type, value));
}

FailureOr<Value> codegen::emitCombine(OpBuilder &b, Location loc, ReduceFn fn,
                                      Value acc, Value x,
                                      Type tensorElementType) {
  if (x.getType().isInteger(1)) {
    // On i1, add and max are logical or; mul and min logical and.
    if (fn == ReduceFn::Add || fn == ReduceFn::Max || fn == ReduceFn::Or)
      return Value(b.create<arith::OrIOp>(loc, acc, x));
    return Value(b.create<arith::AndIOp>(loc, acc, x));
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
