//===- KernelEmitter.cpp - One GPU kernel per fusion group ----------------===//

#include "KernelEmitter.h"
#include "ScalarLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "llvm/ADT/TypeSwitch.h"

#include <map>

using namespace mlir;
using namespace mlir::strata;
using namespace mlir::strata::codegen;

MemRefType codegen::kernelArgumentType(RankedTensorType type) {
  Type element = toSignless(type.getElementType());
  if (element.isInteger(1))
    element = IntegerType::get(type.getContext(), 8);
  return MemRefType::get({std::max<int64_t>(type.getNumElements(), 1)},
                         element);
}

namespace {

/// Elementwise kernels move 16-byte groups of 32-bit elements.
constexpr int64_t kVectorWidth = 4;
constexpr uint64_t kVectorBytes = 16;

/// Index arithmetic and element access shared by every kernel shape.
class IndexBuilder {
public:
  IndexBuilder(OpBuilder &b, Location loc) : b(b), loc(loc) {}

  Value index(int64_t value) {
    return arith::ConstantIndexOp::create(b, loc, value);
  }
  Value add(Value x, Value y) { return b.createOrFold<arith::AddIOp>(loc, x, y); }
  Value mul(Value x, Value y) { return b.createOrFold<arith::MulIOp>(loc, x, y); }
  Value mul(Value x, int64_t y) { return y == 1 ? x : mul(x, index(y)); }
  Value div(Value x, int64_t y) {
    return y == 1 ? x : b.createOrFold<arith::DivUIOp>(loc, x, index(y));
  }
  Value rem(Value x, int64_t y) {
    return b.createOrFold<arith::RemUIOp>(loc, x, index(y));
  }
  Value clamp(Value x, int64_t low, int64_t high) {
    Value lowered = b.createOrFold<arith::MaxSIOp>(loc, x, index(low));
    return b.createOrFold<arith::MinSIOp>(loc, lowered, index(high));
  }
  Value lessThan(Value x, int64_t bound) {
    return b.createOrFold<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, x,
                                         index(bound));
  }
  Value atLeast(Value x, int64_t bound) {
    return b.createOrFold<arith::CmpIOp>(loc, arith::CmpIPredicate::sge, x,
                                         index(bound));
  }
  Value both(Value x, Value y) { return b.createOrFold<arith::AndIOp>(loc, x, y); }

  Value linearize(ArrayRef<Value> indices, ArrayRef<int64_t> shape) {
    Value linear = index(0);
    for (auto [i, size] : llvm::zip(indices, shape))
      linear = add(mul(linear, size), i);
    return linear;
  }
  SmallVector<Value> delinearize(Value linear, ArrayRef<int64_t> shape) {
    SmallVector<Value> indices(shape.size());
    for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
      if (d == 0) {
        indices[d] = linear;
        break;
      }
      indices[d] = shape[d] == 1 ? index(0) : rem(linear, shape[d]);
      linear = div(linear, shape[d]);
    }
    return indices;
  }

  OpBuilder &b;
  Location loc;
};

/// Evaluates graph values at an index inside a kernel. Values are
/// memoized per (value, index) so that a value used twice at the same index
/// is computed once; a loop body gets a fresh scope because what it defines
/// does not dominate what follows the loop.
class Elemental {
public:
  Elemental(IndexBuilder &ib, const DenseMap<Value, Value> &arguments,
            Operation *diagnosticOp)
      : ib(ib), b(ib.b), loc(ib.loc), arguments(arguments),
        diagnosticOp(diagnosticOp) {}

  FailureOr<Value> at(Value value, ArrayRef<Value> indices) {
    Key key{value.getAsOpaquePointer(), {}};
    for (Value index : indices)
      key.second.push_back(index.getAsOpaquePointer());
    auto it = memo.find(key);
    if (it != memo.end())
      return it->second;
    FailureOr<Value> computed = compute(value, indices);
    if (succeeded(computed))
      memo[key] = *computed;
    return computed;
  }

  /// Declares that `indices` into a tensor of `shape` are element `linear`
  /// in row-major order, so that inputs of that shape read at exactly those
  /// indices use `linear` as it is: consecutive elements then have
  /// visibly consecutive addresses, which the vectorizer needs.
  /// With `vectorFirst`, the element is lane `lane` of a group of
  /// `kVectorWidth` starting at `vectorFirst`, and such inputs are read as
  /// one aligned vector per group.
  void setKnownLinear(ArrayRef<Value> indices, ArrayRef<int64_t> shape,
                      Value linear, Value vectorFirst = {}, int64_t lane = 0) {
    knownLinear.push_back({SmallVector<Value>(indices),
                           SmallVector<int64_t>(shape), linear, vectorFirst,
                           lane});
  }

  /// Loads input `value` at `indices`.
  Value loadInput(Value memref, RankedTensorType type, ArrayRef<Value> indices) {
    Value linear;
    for (const KnownLinear &known : knownLinear) {
      if (known.shape != type.getShape() ||
          ArrayRef<Value>(known.indices) != indices)
        continue;
      if (known.vectorFirst && !type.getElementType().isInteger(1))
        return vector::ExtractOp::create(
            b, loc, loadVector(memref, known.vectorFirst), known.lane);
      linear = known.linear;
    }
    if (!linear)
      linear = ib.linearize(indices, type.getShape());
    Value loaded = memref::LoadOp::create(b, loc, memref, ValueRange{linear});
    if (type.getElementType().isInteger(1))
      loaded = arith::TruncIOp::create(b, loc, b.getI1Type(), loaded);
    return loaded;
  }

  /// The aligned group of kVectorWidth elements of `memref` at `first`,
  /// read once per scope.
  Value loadVector(Value memref, Value first) {
    Key key{memref.getAsOpaquePointer(), {first.getAsOpaquePointer(), nullptr}};
    auto it = memo.find(key);
    if (it != memo.end())
      return it->second;
    auto memrefType = cast<MemRefType>(memref.getType());
    auto vectorType =
        VectorType::get({kVectorWidth}, memrefType.getElementType());
    Value loaded = vector::LoadOp::create(
        b, loc, vectorType, memref, ValueRange{first}, /*nontemporal=*/false,
        /*alignment=*/llvm::MaybeAlign(kVectorBytes));
    memo[key] = loaded;
    return loaded;
  }

  /// An scf.for from `begin` to `end` by `step` carrying one accumulator:
  /// `body(position, accumulator)` gives the next one, in a fresh memo
  /// scope per iteration. Returns the final accumulator.
  template <typename Fn>
  FailureOr<Value> loop(Value begin, Value end, int64_t step, Value init,
                        Fn &&body) {
    bool ok = true;
    auto forOp = scf::ForOp::create(
        b, loc, begin, end, ib.index(step), ValueRange{init},
        [&](OpBuilder &nested, Location, Value position, ValueRange iterArgs) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPointToEnd(nested.getInsertionBlock());
          FailureOr<Value> next =
              scoped([&]() { return body(position, iterArgs[0]); });
          if (failed(next)) {
            ok = false;
            next = iterArgs[0];
          }
          scf::YieldOp::create(b, loc, *next);
        });
    if (!ok)
      return failure();
    return forOp.getResult(0);
  }

  /// `loop` over [0, count) by one.
  template <typename Fn>
  FailureOr<Value> serialLoop(int64_t count, Value init, Fn &&body) {
    return loop(ib.index(0), ib.index(count), 1, init,
                std::forward<Fn>(body));
  }

  /// Runs `body` in a scope whose memoized values are forgotten afterwards.
  template <typename Fn> auto scoped(Fn &&body) {
    std::map<Key, Value> saved;
    saved.swap(memo);
    auto result = body();
    memo.swap(saved);
    return result;
  }

  LogicalResult fail(const Twine &message) {
    return diagnosticOp->emitOpError() << "cannot generate GPU code: "
                                       << message;
  }

private:
  using Key = std::pair<void *, std::vector<void *>>;

  static RankedTensorType typeOf(Value value) {
    return cast<RankedTensorType>(value.getType());
  }

  FailureOr<Value> compute(Value value, ArrayRef<Value> indices) {
    if (auto it = arguments.find(value); it != arguments.end())
      return loadInput(it->second, typeOf(value), indices);
    Operation *op = value.getDefiningOp();
    if (!op)
      return fail("a value is neither a kernel input nor defined in the group");
    return llvm::TypeSwitch<Operation *, FailureOr<Value>>(op)
        .Case([&](ConstantOp constant) -> FailureOr<Value> {
          auto elements = dyn_cast<DenseElementsAttr>(constant.getValue());
          if (!elements || !elements.isSplat())
            return fail("a non-splat constant inside a kernel");
          Type type = toSignless(elements.getElementType());
          if (isa<FloatType>(type))
            return Value(arith::ConstantOp::create(
                b, loc, type,
                b.getFloatAttr(type, elements.getSplatValue<APFloat>())));
          return Value(arith::ConstantOp::create(
              b, loc, type,
              b.getIntegerAttr(type, elements.getSplatValue<APInt>())));
        })
        .Case([&](IotaOp iota) -> FailureOr<Value> {
          Value position = arith::IndexCastOp::create(
              b, loc, b.getI64Type(), indices[iota.getDimension()]);
          Type element = typeOf(iota.getResult()).getElementType();
          return emitConvert(b, loc, position, b.getI64Type(), element);
        })
        .Case([&](UnaryOp unary) -> FailureOr<Value> {
          FailureOr<SmallVector<Value>> x = operandsAt(unary, indices);
          if (failed(x))
            return failure();
          FailureOr<Value> result =
              emitUnary(b, loc, unary.getFn(), (*x)[0],
                        typeOf(unary.getOperand()).getElementType());
          if (failed(result))
            return fail("unary " + stringifyUnaryFn(unary.getFn()) +
                                " on " + typeName(unary.getOperand()));
          return result;
        })
        .Case([&](BinaryOp binary) -> FailureOr<Value> {
          FailureOr<SmallVector<Value>> xy = operandsAt(binary, indices);
          if (failed(xy))
            return failure();
          FailureOr<Value> result =
              emitBinary(b, loc, binary.getFn(), (*xy)[0], (*xy)[1],
                         typeOf(binary.getLhs()).getElementType());
          if (failed(result))
            return fail("binary " + stringifyBinaryFn(binary.getFn()) +
                                " on " + typeName(binary.getLhs()));
          return result;
        })
        .Case([&](CompareOp compare) -> FailureOr<Value> {
          FailureOr<SmallVector<Value>> xy = operandsAt(compare, indices);
          if (failed(xy))
            return failure();
          return emitCompare(b, loc, compare.getDirection(), (*xy)[0],
                             (*xy)[1], typeOf(compare.getLhs()).getElementType());
        })
        .Case([&](SelectOp select) -> FailureOr<Value> {
          FailureOr<SmallVector<Value>> operands = operandsAt(select, indices);
          if (failed(operands))
            return failure();
          return Value(arith::SelectOp::create(b, loc, (*operands)[0],
                                               (*operands)[1], (*operands)[2]));
        })
        .Case([&](ClampOp clamp) -> FailureOr<Value> {
          FailureOr<SmallVector<Value>> operands = operandsAt(clamp, indices);
          if (failed(operands))
            return failure();
          auto [low, x, high] =
              std::tuple((*operands)[0], (*operands)[1], (*operands)[2]);
          Type element = typeOf(clamp.getOperand()).getElementType();
          FailureOr<Value> raised =
              emitBinary(b, loc, BinaryFn::Max, x, low, element);
          if (failed(raised))
            return failure();
          return emitBinary(b, loc, BinaryFn::Min, *raised, high, element);
        })
        .Case([&](ConvertOp convert) -> FailureOr<Value> {
          FailureOr<Value> x = at(convert.getOperand(), indices);
          if (failed(x))
            return failure();
          return emitConvert(b, loc, *x,
                             typeOf(convert.getOperand()).getElementType(),
                             typeOf(convert.getResult()).getElementType());
        })
        .Case([&](BitcastConvertOp bitcast) -> FailureOr<Value> {
          RankedTensorType from = typeOf(bitcast.getOperand());
          RankedTensorType to = typeOf(bitcast.getResult());
          if (from.getRank() != to.getRank())
            return fail("bitcast_convert between element widths");
          FailureOr<Value> x = at(bitcast.getOperand(), indices);
          if (failed(x))
            return failure();
          return Value(arith::BitcastOp::create(
              b, loc, toSignless(to.getElementType()), *x));
        })
        .Case([&](BroadcastInDimOp broadcast) -> FailureOr<Value> {
          RankedTensorType operandType = typeOf(broadcast.getOperand());
          SmallVector<Value> operandIndices;
          for (auto [i, d] : llvm::enumerate(broadcast.getDimensions()))
            operandIndices.push_back(operandType.getDimSize(i) == 1
                                         ? ib.index(0)
                                         : indices[d]);
          return at(broadcast.getOperand(), operandIndices);
        })
        .Case([&](ReshapeOp reshape) -> FailureOr<Value> {
          Value linear =
              ib.linearize(indices, typeOf(reshape.getResult()).getShape());
          return at(reshape.getOperand(),
                    ib.delinearize(linear,
                                   typeOf(reshape.getOperand()).getShape()));
        })
        .Case([&](TransposeOp transpose) -> FailureOr<Value> {
          SmallVector<Value> operandIndices(indices.size());
          for (auto [d, source] : llvm::enumerate(transpose.getPermutation()))
            operandIndices[source] = indices[d];
          return at(transpose.getOperand(), operandIndices);
        })
        .Case([&](SliceOp slice) -> FailureOr<Value> {
          SmallVector<Value> operandIndices;
          for (auto [d, index] : llvm::enumerate(indices)) {
            int64_t stride =
                slice.getStrides().empty() ? 1 : slice.getStrides()[d];
            operandIndices.push_back(ib.add(
                ib.mul(index, stride), ib.index(slice.getStartIndices()[d])));
          }
          return at(slice.getOperand(), operandIndices);
        })
        .Case([&](PadOp pad) -> FailureOr<Value> {
          return computePad(pad, indices);
        })
        .Case([&](ConcatenateOp concat) -> FailureOr<Value> {
          return computeConcatenate(concat, indices);
        })
        .Case([&](DynamicSliceOp slice) -> FailureOr<Value> {
          RankedTensorType operandType = typeOf(slice.getOperand());
          SmallVector<Value> operandIndices;
          for (auto [d, start] : llvm::enumerate(slice.getStartIndices())) {
            FailureOr<Value> startValue = at(start, {});
            if (failed(startValue))
              return failure();
            Value position = arith::IndexCastOp::create(
                b, loc, b.getIndexType(), *startValue);
            position = ib.clamp(position, 0,
                                operandType.getDimSize(d) -
                                    slice.getSliceSizes()[d]);
            operandIndices.push_back(ib.add(position, indices[d]));
          }
          return at(slice.getOperand(), operandIndices);
        })
        .Case([&](GatherOp gather) -> FailureOr<Value> {
          return computeGather(gather, indices);
        })
        .Case([&](DotOp dot) -> FailureOr<Value> {
          return computeDot(dot, indices);
        })
        .Case([&](ConvolutionOp conv) -> FailureOr<Value> {
          return computeConvolution(conv, indices);
        })
        .Case([&](ReduceWindowOp window) -> FailureOr<Value> {
          return computeReduceWindow(window, indices);
        })
        .Case([&](ReduceOp reduce) -> FailureOr<Value> {
          return computeSerialReduce(reduce, indices);
        })
        .Default([&](Operation *other) -> FailureOr<Value> {
          return fail("'" + other->getName().getStringRef() +
                              "' cannot be computed per element inside a "
                              "kernel");
        });
  }

  static std::string typeName(Value value) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << value.getType();
    return text;
  }

  /// The operands of an elementwise op at the result's index; an operand
  /// of rank 0 (a select's predicate, a clamp's bounds) at its only one.
  FailureOr<SmallVector<Value>> operandsAt(Operation *op,
                                           ArrayRef<Value> indices) {
    SmallVector<Value> values;
    for (Value operand : op->getOperands()) {
      FailureOr<Value> value =
          at(operand, typeOf(operand).getRank() == 0 ? ArrayRef<Value>()
                                                     : indices);
      if (failed(value))
        return failure();
      values.push_back(*value);
    }
    return values;
  }

  FailureOr<Value> computePad(PadOp pad, ArrayRef<Value> indices) {
    RankedTensorType operandType = typeOf(pad.getOperand());
    Value inside;
    SmallVector<Value> operandIndices;
    for (auto [d, index] : llvm::enumerate(indices)) {
      int64_t low = pad.getEdgePaddingLow()[d];
      int64_t step = pad.getInteriorPadding()[d] + 1;
      int64_t size = operandType.getDimSize(d);
      Value shifted = ib.add(index, ib.index(-low));
      Value valid = ib.atLeast(shifted, 0);
      Value position = shifted;
      if (step != 1) {
        Value onGrid = b.createOrFold<arith::CmpIOp>(
            loc, arith::CmpIPredicate::eq,
            b.createOrFold<arith::RemSIOp>(loc, shifted, ib.index(step)),
            ib.index(0));
        valid = ib.both(valid, onGrid);
        position = b.createOrFold<arith::DivSIOp>(loc, shifted, ib.index(step));
      }
      valid = ib.both(valid, ib.lessThan(position, size));
      inside = inside ? ib.both(inside, valid) : valid;
      operandIndices.push_back(ib.clamp(position, 0, size - 1));
    }
    FailureOr<Value> element = at(pad.getOperand(), operandIndices);
    FailureOr<Value> padding = at(pad.getPaddingValue(), {});
    if (failed(element) || failed(padding))
      return failure();
    if (!inside)
      return element;
    return Value(arith::SelectOp::create(b, loc, inside, *element, *padding));
  }

  FailureOr<Value> computeConcatenate(ConcatenateOp concat,
                                      ArrayRef<Value> indices) {
    int64_t dimension = concat.getDimension();
    Value result;
    int64_t offset = 0;
    for (Value input : concat.getInputs()) {
      int64_t size = typeOf(input).getDimSize(dimension);
      SmallVector<Value> inputIndices(indices);
      Value shifted = ib.add(indices[dimension], ib.index(-offset));
      inputIndices[dimension] = ib.clamp(shifted, 0, std::max<int64_t>(size - 1, 0));
      FailureOr<Value> element = at(input, inputIndices);
      if (failed(element))
        return failure();
      if (!result) {
        result = *element;
      } else {
        Value here = ib.atLeast(indices[dimension], offset);
        result = arith::SelectOp::create(b, loc, here, *element, result);
      }
      offset += size;
    }
    return result;
  }

  FailureOr<Value> computeGather(GatherOp gather, ArrayRef<Value> indices) {
    RankedTensorType operandType = typeOf(gather.getOperand());
    RankedTensorType startType = typeOf(gather.getStartIndices());
    int64_t indexVectorDim = gather.getIndexVectorDim();
    ArrayRef<int64_t> offsetDims = gather.getOffsetDims();
    SmallVector<Value> batchIndex;
    for (auto [d, index] : llvm::enumerate(indices))
      if (!llvm::is_contained(offsetDims, static_cast<int64_t>(d)))
        batchIndex.push_back(index);
    auto startIndexAt = [&](int64_t k) -> FailureOr<Value> {
      SmallVector<Value> where(batchIndex);
      if (indexVectorDim < startType.getRank())
        where.insert(where.begin() + indexVectorDim, ib.index(k));
      FailureOr<Value> raw = at(gather.getStartIndices(), where);
      if (failed(raw))
        return failure();
      return Value(arith::IndexCastOp::create(b, loc, b.getIndexType(), *raw));
    };
    SmallVector<Value> operandIndices(operandType.getRank(), ib.index(0));
    for (auto [k, d] : llvm::enumerate(gather.getStartIndexMap())) {
      FailureOr<Value> start = startIndexAt(k);
      if (failed(start))
        return failure();
      operandIndices[d] = ib.clamp(*start, 0,
                                   operandType.getDimSize(d) -
                                       gather.getSliceSizes()[d]);
    }
    for (auto [operandDim, startDim] :
         llvm::zip(gather.getOperandBatchingDims(),
                   gather.getStartIndicesBatchingDims()))
      operandIndices[operandDim] =
          batchIndex[startDim < indexVectorDim ? startDim : startDim - 1];
    unsigned nextOffset = 0;
    for (int64_t d = 0; d < operandType.getRank(); ++d) {
      if (llvm::is_contained(gather.getCollapsedSliceDims(), d) ||
          llvm::is_contained(gather.getOperandBatchingDims(), d))
        continue;
      operandIndices[d] =
          ib.add(operandIndices[d], indices[offsetDims[nextOffset++]]);
    }
    return at(gather.getOperand(), operandIndices);
  }

  /// A contraction the library cannot take, one output element per thread.
  FailureOr<Value> computeDot(DotOp dot, ArrayRef<Value> indices) {
    RankedTensorType lhsType = typeOf(dot.getLhs());
    RankedTensorType rhsType = typeOf(dot.getRhs());
    auto lhsBatch = dot.getLhsBatchingDimensions();
    auto rhsBatch = dot.getRhsBatchingDimensions();
    auto lhsContract = dot.getLhsContractingDimensions();
    auto rhsContract = dot.getRhsContractingDimensions();
    SmallVector<int64_t> contractShape;
    for (int64_t d : lhsContract)
      contractShape.push_back(lhsType.getDimSize(d));
    int64_t count = 1;
    for (int64_t size : contractShape)
      count *= size;
    SmallVector<Value> lhsIndices(lhsType.getRank()), rhsIndices(rhsType.getRank());
    unsigned next = 0;
    for (auto [l, r] : llvm::zip(lhsBatch, rhsBatch)) {
      lhsIndices[l] = indices[next];
      rhsIndices[r] = indices[next];
      ++next;
    }
    for (int64_t d = 0; d < lhsType.getRank(); ++d)
      if (!llvm::is_contained(lhsBatch, d) && !llvm::is_contained(lhsContract, d))
        lhsIndices[d] = indices[next++];
    for (int64_t d = 0; d < rhsType.getRank(); ++d)
      if (!llvm::is_contained(rhsBatch, d) && !llvm::is_contained(rhsContract, d))
        rhsIndices[d] = indices[next++];
    Type resultElement = typeOf(dot.getResult()).getElementType();
    Value zero = reductionIdentity(b, loc, ReduceFn::Add, resultElement);
    return serialLoop(count, zero, [&](Value k, Value acc) -> FailureOr<Value> {
      SmallVector<Value> position = ib.delinearize(k, contractShape);
      SmallVector<Value> lhsAt(lhsIndices), rhsAt(rhsIndices);
      for (auto [i, l, r] : llvm::enumerate(lhsContract, rhsContract)) {
        lhsAt[l] = position[i];
        rhsAt[r] = position[i];
      }
      FailureOr<Value> x = at(dot.getLhs(), lhsAt);
      FailureOr<Value> y = at(dot.getRhs(), rhsAt);
      if (failed(x) || failed(y))
        return failure();
      return multiplyAdd(acc, *x, lhsType.getElementType(), *y,
                         rhsType.getElementType(), resultElement);
    });
  }

  /// acc + x * y in `element`, the operands converted to it first.
  FailureOr<Value> multiplyAdd(Value acc, Value x, Type xElement, Value y,
                               Type yElement, Type element) {
    FailureOr<Value> xc = emitConvert(b, loc, x, xElement, element);
    FailureOr<Value> yc = emitConvert(b, loc, y, yElement, element);
    if (failed(xc) || failed(yc))
      return failure();
    FailureOr<Value> product =
        emitBinary(b, loc, BinaryFn::Mul, *xc, *yc, element);
    if (failed(product))
      return failure();
    return emitBinary(b, loc, BinaryFn::Add, acc, *product, element);
  }

  /// Where output position `outer` reads along one window dimension:
  /// `outer * stride + tap * dilation - low` in the (base-dilated, padded)
  /// input; valid when it lands on an input element, whose index is
  /// returned clamped into range so that the read itself is safe.
  std::pair<Value, Value> windowTap(Value outer, Value tap, int64_t stride,
                                    int64_t dilation, int64_t low,
                                    int64_t baseDilation, int64_t size) {
    Value position = ib.add(ib.add(ib.mul(outer, stride), ib.mul(tap, dilation)),
                            ib.index(-low));
    Value valid = ib.atLeast(position, 0);
    if (baseDilation != 1) {
      Value onGrid = b.createOrFold<arith::CmpIOp>(
          loc, arith::CmpIPredicate::eq,
          b.createOrFold<arith::RemSIOp>(loc, position, ib.index(baseDilation)),
          ib.index(0));
      valid = ib.both(valid, onGrid);
      position =
          b.createOrFold<arith::DivSIOp>(loc, position, ib.index(baseDilation));
    }
    valid = ib.both(valid, ib.lessThan(position, size));
    return {valid, ib.clamp(position, 0, size - 1)};
  }

  /// Direct convolution, one output element per thread: the loop runs over
  /// the group's input features and the kernel window.
  FailureOr<Value> computeConvolution(ConvolutionOp conv,
                                      ArrayRef<Value> indices) {
    RankedTensorType lhsType = typeOf(conv.getLhs());
    RankedTensorType rhsType = typeOf(conv.getRhs());
    Type element = typeOf(conv.getResult()).getElementType();
    if (conv.getBatchGroupCount() != 1)
      return fail("convolution with batch_group_count > 1");
    ArrayRef<int64_t> inputDims = conv.getInputDims();
    ArrayRef<int64_t> kernelDims = conv.getKernelDims();
    ArrayRef<int64_t> outputDims = conv.getOutputDims();
    int64_t spatial = inputDims.size() - 2;
    auto attrOr = [](ArrayRef<int64_t> values, int64_t i, int64_t fallback) {
      return values.empty() ? fallback : values[i];
    };
    int64_t groups = conv.getFeatureGroupCount();
    int64_t groupInputs = rhsType.getDimSize(kernelDims[1]);
    int64_t groupOutputs = rhsType.getDimSize(kernelDims[0]) / groups;
    SmallVector<int64_t> loopShape{groupInputs};
    for (int64_t i = 0; i < spatial; ++i)
      loopShape.push_back(rhsType.getDimSize(kernelDims[2 + i]));
    int64_t count = 1;
    for (int64_t size : loopShape)
      count *= size;
    Value outputFeature = indices[outputDims[1]];
    Value group = ib.div(outputFeature, groupOutputs);
    Value zero = reductionIdentity(b, loc, ReduceFn::Add, element);
    return serialLoop(count, zero, [&](Value t, Value acc) -> FailureOr<Value> {
      SmallVector<Value> tap = ib.delinearize(t, loopShape);
      SmallVector<Value> lhsIndex(lhsType.getRank()), rhsIndex(rhsType.getRank());
      lhsIndex[inputDims[0]] = indices[outputDims[0]];
      lhsIndex[inputDims[1]] = ib.add(ib.mul(group, groupInputs), tap[0]);
      rhsIndex[kernelDims[0]] = outputFeature;
      rhsIndex[kernelDims[1]] = tap[0];
      Value valid;
      for (int64_t i = 0; i < spatial; ++i) {
        auto [inside, position] = windowTap(
            indices[outputDims[2 + i]], tap[1 + i],
            attrOr(conv.getWindowStrides(), i, 1),
            attrOr(conv.getRhsDilation(), i, 1),
            attrOr(conv.getPadding(), 2 * i, 0),
            attrOr(conv.getLhsDilation(), i, 1),
            lhsType.getDimSize(inputDims[2 + i]));
        lhsIndex[inputDims[2 + i]] = position;
        rhsIndex[kernelDims[2 + i]] = tap[1 + i];
        valid = valid ? ib.both(valid, inside) : inside;
      }
      FailureOr<Value> x = at(conv.getLhs(), lhsIndex);
      FailureOr<Value> w = at(conv.getRhs(), rhsIndex);
      if (failed(x) || failed(w))
        return failure();
      FailureOr<Value> next = multiplyAdd(acc, *x, lhsType.getElementType(),
                                          *w, rhsType.getElementType(), element);
      // A tap in the padding read a clamped element: it adds nothing.
      if (failed(next) || !valid)
        return next;
      return Value(arith::SelectOp::create(b, loc, valid, *next, acc));
    });
  }

  /// Pooling: the window's elements combined, padding and the holes of
  /// base dilation counting as the reduction's identity.
  FailureOr<Value> computeReduceWindow(ReduceWindowOp window,
                                       ArrayRef<Value> indices) {
    RankedTensorType operandType = typeOf(window.getOperand());
    Type element = operandType.getElementType();
    ArrayRef<int64_t> sizes = window.getWindowDimensions();
    auto attrOr = [](ArrayRef<int64_t> values, int64_t i, int64_t fallback) {
      return values.empty() ? fallback : values[i];
    };
    int64_t count = 1;
    for (int64_t size : sizes)
      count *= size;
    Value identity = reductionIdentity(b, loc, window.getFn(), element);
    return serialLoop(count, identity, [&](Value t, Value acc) -> FailureOr<Value> {
      SmallVector<Value> tap = ib.delinearize(t, sizes);
      SmallVector<Value> operandIndex(operandType.getRank());
      Value valid;
      for (int64_t d = 0; d < operandType.getRank(); ++d) {
        auto [inside, position] = windowTap(
            indices[d], tap[d], attrOr(window.getWindowStrides(), d, 1),
            attrOr(window.getWindowDilations(), d, 1),
            attrOr(window.getPadding(), 2 * d, 0),
            attrOr(window.getBaseDilations(), d, 1),
            operandType.getDimSize(d));
        operandIndex[d] = position;
        valid = valid ? ib.both(valid, inside) : inside;
      }
      FailureOr<Value> x = at(window.getOperand(), operandIndex);
      if (failed(x))
        return failure();
      Value term = *x;
      if (valid)
        term = arith::SelectOp::create(b, loc, valid, term, identity);
      return emitCombine(b, loc, window.getFn(), acc, term, element);
    });
  }

  /// A reduction that is not the kernel's root, one output per thread.
  FailureOr<Value> computeSerialReduce(ReduceOp reduce,
                                       ArrayRef<Value> indices) {
    RankedTensorType operandType = typeOf(reduce.getOperand());
    ArrayRef<int64_t> dims = reduce.getDimensions();
    SmallVector<int64_t> reducedShape;
    for (int64_t d : dims)
      reducedShape.push_back(operandType.getDimSize(d));
    int64_t count = 1;
    for (int64_t size : reducedShape)
      count *= size;
    Type element = operandType.getElementType();
    Value identity = reductionIdentity(b, loc, reduce.getFn(), element);
    return serialLoop(count, identity, [&](Value r, Value acc) -> FailureOr<Value> {
      SmallVector<Value> full = mergeIndices(
          indices, ib.delinearize(r, reducedShape), dims, operandType.getRank());
      FailureOr<Value> x = at(reduce.getOperand(), full);
      if (failed(x))
        return failure();
      return emitCombine(b, loc, reduce.getFn(), acc, *x, element);
    });
  }

public:
  /// The operand index of a reduction: `kept` fills the dimensions not in
  /// `reduced`, `inner` those in it.
  static SmallVector<Value> mergeIndices(ArrayRef<Value> kept,
                                         ArrayRef<Value> inner,
                                         ArrayRef<int64_t> reduced,
                                         int64_t rank) {
    SmallVector<Value> full(rank);
    unsigned nextKept = 0;
    for (int64_t d = 0; d < rank; ++d) {
      auto it = llvm::find(reduced, d);
      full[d] = it != reduced.end() ? inner[it - reduced.begin()]
                                    : kept[nextKept++];
    }
    return full;
  }

private:
  IndexBuilder &ib;
  OpBuilder &b;
  Location loc;
  const DenseMap<Value, Value> &arguments;
  Operation *diagnosticOp;
  std::map<Key, Value> memo;
  struct KnownLinear {
    SmallVector<Value> indices;
    SmallVector<int64_t> shape;
    Value linear;
    Value vectorFirst;
    int64_t lane;
  };
  SmallVector<KnownLinear> knownLinear;
};

/// The body of a kernel under construction: its arguments, ids, and the
/// elemental evaluator over its group.
struct KernelBody {
  gpu::GPUFuncOp func;
  OpBuilder b;
  IndexBuilder ib;
  DenseMap<Value, Value> arguments;
  Value output;
  Value threadId, blockId;
  Elemental elemental;

  KernelBody(gpu::GPUFuncOp func, const KernelGroup &group,
             Operation *diagnosticOp)
      : func(func), b(func.getBody()), ib(b, func.getLoc()),
        elemental(ib, arguments, diagnosticOp) {
    b.setInsertionPointToStart(&func.getBody().front());
    for (auto [input, argument] :
         llvm::zip(group.inputs, func.getArguments()))
      arguments[input] = argument;
    output = func.getArguments().back();
    threadId = gpu::ThreadIdOp::create(b, ib.loc, gpu::Dimension::x);
    blockId = gpu::BlockIdOp::create(b, ib.loc, gpu::Dimension::x);
  }

  Value globalId() {
    return ib.add(ib.mul(blockId, kThreadsPerBlock), threadId);
  }

  void storeOutput(Value value, Value linear, RankedTensorType type) {
    if (type.getElementType().isInteger(1))
      value = arith::ExtUIOp::create(b, ib.loc, b.getI8Type(), value);
    memref::StoreOp::create(b, ib.loc, value, output, ValueRange{linear});
  }

  /// Emits `body` under `if (condition)`.
  template <typename Fn> LogicalResult guarded(Value condition, Fn &&body) {
    auto ifOp = scf::IfOp::create(b, ib.loc, condition, /*withElse=*/false);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&ifOp.getThenRegion().front());
    return elemental.scoped(body);
  }

  /// Strides `body(position, accumulator)` over [0, count) by the block's
  /// threads, starting at this thread; returns the thread's partial result.
  template <typename Fn>
  FailureOr<Value> blockStride(int64_t count, Value init, Fn &&body) {
    return elemental.loop(threadId, ib.index(count), kThreadsPerBlock, init,
                          std::forward<Fn>(body));
  }

  Value blockReduce(Value partial, gpu::AllReduceOperation operation) {
    return gpu::AllReduceOp::create(
        b, ib.loc, partial,
        gpu::AllReduceOperationAttr::get(b.getContext(), operation),
        b.getUnitAttr());
  }

  /// Emits `body` on thread 0 only.
  template <typename Fn> LogicalResult onFirstThread(Fn &&body) {
    Value first = arith::CmpIOp::create(b, ib.loc, arith::CmpIPredicate::eq,
                                        threadId, ib.index(0));
    return guarded(first, body);
  }
};

RankedTensorType tensorType(Value value) {
  return cast<RankedTensorType>(value.getType());
}

/// Rows and the row shape of a normalization over the trailing dimensions
/// from `axis` (or, for softmax, over one dimension).
struct RowLayout {
  SmallVector<int64_t> outerShape; // The dimensions that index rows.
  SmallVector<int64_t> rowShape;   // The dimensions inside one row.
  SmallVector<int64_t> rowDims;
  int64_t rows = 1, length = 1;
};

RowLayout rowLayout(RankedTensorType type, ArrayRef<int64_t> rowDims) {
  RowLayout layout;
  layout.rowDims.assign(rowDims.begin(), rowDims.end());
  for (int64_t d = 0; d < type.getRank(); ++d) {
    int64_t size = type.getDimSize(d);
    if (llvm::is_contained(rowDims, d)) {
      layout.rowShape.push_back(size);
      layout.length *= size;
    } else {
      layout.outerShape.push_back(size);
      layout.rows *= size;
    }
  }
  return layout;
}

} // namespace

/// Elements per thread of an elementwise kernel: four consecutive ones
/// along the innermost dimension where it allows, so that loads of inputs
/// indexed like the output and the stores become 16-byte accesses (the
/// arguments are 16-byte aligned and do not alias; LLVM's load/store
/// vectorizer merges them).
static int64_t elementsPerThread(RankedTensorType type) {
  Type element = type.getElementType();
  if (type.getRank() == 0 || !element.isIntOrFloat() ||
      element.getIntOrFloatBitWidth() != 32)
    return 1;
  return type.getShape().back() % kVectorWidth == 0 ? kVectorWidth : 1;
}

static FailureOr<KernelLaunch>
emitElementwise(KernelBody &kb, const KernelGroup &group, KernelLaunch launch) {
  RankedTensorType type = tensorType(group.result);
  int64_t count = type.getNumElements();
  int64_t width = elementsPerThread(type);
  int64_t threads = count / width;
  Value id = kb.globalId();
  if (failed(kb.guarded(kb.ib.lessThan(id, threads), [&]() -> LogicalResult {
        Value first = kb.ib.mul(id, width);
        SmallVector<Value> index = kb.ib.delinearize(first, type.getShape());
        SmallVector<Value> values;
        for (int64_t k = 0; k < width; ++k) {
          SmallVector<Value> at(index);
          Value linear = first;
          if (k > 0) {
            at.back() = kb.ib.add(index.back(), kb.ib.index(k));
            linear = kb.ib.add(first, kb.ib.index(k));
          }
          kb.elemental.setKnownLinear(at, type.getShape(), linear,
                                      width > 1 ? first : Value(), k);
          FailureOr<Value> value = kb.elemental.at(group.result, at);
          if (failed(value))
            return failure();
          if (width == 1)
            kb.storeOutput(*value, linear, type);
          else
            values.push_back(*value);
        }
        if (width > 1) {
          auto vectorType =
              VectorType::get({width}, values.front().getType());
          Value vector = vector::FromElementsOp::create(kb.b, kb.ib.loc,
                                                        vectorType, values);
          vector::StoreOp::create(
              kb.b, kb.ib.loc, vector, kb.output, ValueRange{first},
              /*nontemporal=*/false, llvm::MaybeAlign(kVectorBytes));
        }
        return success();
      })))
    return failure();
  launch.grid[0] = std::max<int64_t>(
      (threads + kThreadsPerBlock - 1) / kThreadsPerBlock, 1);
  launch.block[0] = kThreadsPerBlock;
  return launch;
}

/// Reductions that keep the innermost dimension (the bias gradient of a
/// dense layer sums [batch, seq, features] over batch and seq). Threads of a
/// warp take consecutive outputs, so every read is coalesced; the eight
/// warps of a block split the reduced elements and combine in shared
/// memory. When the outputs alone are too few to fill the GPU, `splits`
/// blocks share each output's reduced elements and add their partial sums
/// atomically into the output, which a fill kernel launched first sets to
/// zero (float sums then depend on the order of the atomics, in the last
/// bits).
constexpr int64_t kOutputsPerBlock = 32;
constexpr int64_t kWarpsPerBlock = kThreadsPerBlock / kOutputsPerBlock;

static bool isInnermostKept(ReduceOp reduce) {
  auto type = cast<RankedTensorType>(reduce.getOperand().getType());
  return type.getRank() > 0 &&
         !llvm::is_contained(reduce.getDimensions(), type.getRank() - 1);
}

/// How many blocks share one group of outputs: enough blocks for every SM
/// of a large GPU to hold several, but each still reading 64 rows or more.
static int64_t columnSplits(int64_t outputs, int64_t reduced) {
  constexpr int64_t kTargetBlocks = 132 * 4;
  int64_t outputBlocks = (outputs + kOutputsPerBlock - 1) / kOutputsPerBlock;
  int64_t splits = (kTargetBlocks + outputBlocks - 1) / outputBlocks;
  return std::max<int64_t>(1, std::min(splits, reduced / 64));
}

static FailureOr<KernelLaunch> emitColumnReduce(KernelBody &kb,
                                                ReduceOp reduce,
                                                int64_t splits,
                                                KernelLaunch launch) {
  IndexBuilder &ib = kb.ib;
  OpBuilder &b = kb.b;
  Location loc = ib.loc;
  RankedTensorType operandType = tensorType(reduce.getOperand());
  RankedTensorType resultType = tensorType(reduce.getResult());
  Type element = toSignless(operandType.getElementType());
  RowLayout layout = rowLayout(operandType, reduce.getDimensions());
  int64_t outputs = layout.rows;
  int64_t chunk = (layout.length + splits - 1) / splits;

  auto sharedType = MemRefType::get(
      {kThreadsPerBlock}, element, AffineMap(),
      gpu::AddressSpaceAttr::get(b.getContext(),
                                 gpu::GPUDialect::getWorkgroupAddressSpace()));
  Value shared = kb.func.addWorkgroupAttribution(sharedType, loc);
  Value lane = ib.rem(kb.threadId, kOutputsPerBlock);
  Value warp = ib.div(kb.threadId, kOutputsPerBlock);
  Value group = ib.div(kb.blockId, splits);
  Value split = ib.rem(kb.blockId, splits);
  Value output = ib.add(ib.mul(group, kOutputsPerBlock), lane);
  Value valid = ib.lessThan(output, outputs);
  // Threads past the last output read a valid element and discard it.
  Value clamped = ib.clamp(output, 0, outputs - 1);
  SmallVector<Value> outer = ib.delinearize(clamped, layout.outerShape);
  Value begin = ib.add(ib.mul(split, chunk), warp);
  Value end = b.createOrFold<arith::MinSIOp>(
      loc, ib.add(ib.mul(split, chunk), ib.index(chunk)),
      ib.index(layout.length));
  Value identity = reductionIdentity(b, loc, reduce.getFn(),
                                     operandType.getElementType());
  FailureOr<Value> partial = kb.elemental.loop(
      begin, end, kWarpsPerBlock, identity,
      [&](Value position, Value acc) -> FailureOr<Value> {
        SmallVector<Value> full = Elemental::mergeIndices(
            outer, ib.delinearize(position, layout.rowShape), layout.rowDims,
            operandType.getRank());
        FailureOr<Value> x = kb.elemental.at(reduce.getOperand(), full);
        if (failed(x))
          return failure();
        return emitCombine(b, loc, reduce.getFn(), acc, *x,
                           operandType.getElementType());
      });
  if (failed(partial))
    return failure();
  memref::StoreOp::create(b, loc, *partial, shared, ValueRange{kb.threadId});
  gpu::BarrierOp::create(b, loc);
  Value firstWarp = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                          warp, ib.index(0));
  if (failed(kb.guarded(ib.both(firstWarp, valid), [&]() -> LogicalResult {
        Value total = memref::LoadOp::create(b, loc, shared, ValueRange{lane});
        for (int64_t w = 1; w < kWarpsPerBlock; ++w) {
          Value partial = memref::LoadOp::create(
              b, loc, shared,
              ValueRange{ib.add(lane, ib.index(w * kOutputsPerBlock))});
          FailureOr<Value> combined =
              emitCombine(b, loc, reduce.getFn(), total, partial,
                          operandType.getElementType());
          if (failed(combined))
            return failure();
          total = *combined;
        }
        if (splits == 1) {
          kb.storeOutput(total, output, resultType);
        } else {
          memref::AtomicRMWOp::create(b, loc,
                                      isa<FloatType>(element)
                                          ? arith::AtomicRMWKind::addf
                                          : arith::AtomicRMWKind::addi,
                                      total, kb.output, ValueRange{output});
        }
        return success();
      })))
    return failure();
  launch.grid[0] =
      ((outputs + kOutputsPerBlock - 1) / kOutputsPerBlock) * splits;
  launch.block[0] = kThreadsPerBlock;
  return launch;
}

/// Sets every element of the output to `value`.
static FailureOr<KernelLaunch> emitFill(KernelBody &kb, RankedTensorType type,
                                        Value value, KernelLaunch launch) {
  int64_t count = type.getNumElements();
  Value id = kb.globalId();
  if (failed(kb.guarded(kb.ib.lessThan(id, count), [&]() -> LogicalResult {
        kb.storeOutput(value, id, type);
        return success();
      })))
    return failure();
  launch.grid[0] =
      std::max<int64_t>((count + kThreadsPerBlock - 1) / kThreadsPerBlock, 1);
  launch.block[0] = kThreadsPerBlock;
  return launch;
}

static FailureOr<KernelLaunch> emitReduce(KernelBody &kb, ReduceOp reduce,
                                          KernelLaunch launch) {
  RankedTensorType operandType = tensorType(reduce.getOperand());
  RankedTensorType resultType = tensorType(reduce.getResult());
  Type element = operandType.getElementType();
  RowLayout layout = rowLayout(operandType, reduce.getDimensions());
  FailureOr<gpu::AllReduceOperation> operation =
      blockReduction(reduce.getFn(), element);
  // Short rows (or types gpu.all_reduce does not take): a thread per row.
  if (layout.length < 64 || failed(operation) || element.isInteger(1)) {
    KernelGroup serial{{}, reduce.getResult()};
    return emitElementwise(kb, serial, launch);
  }
  IndexBuilder &ib = kb.ib;
  SmallVector<Value> outer = ib.delinearize(kb.blockId, layout.outerShape);
  Value identity = reductionIdentity(kb.b, ib.loc, reduce.getFn(), element);
  FailureOr<Value> partial = kb.blockStride(
      layout.length, identity,
      [&](Value position, Value acc) -> FailureOr<Value> {
        SmallVector<Value> full = Elemental::mergeIndices(
            outer, ib.delinearize(position, layout.rowShape),
            layout.rowDims, operandType.getRank());
        FailureOr<Value> x = kb.elemental.at(reduce.getOperand(), full);
        if (failed(x))
          return failure();
        return emitCombine(kb.b, ib.loc, reduce.getFn(), acc, *x, element);
      });
  if (failed(partial))
    return failure();
  Value total = kb.blockReduce(*partial, *operation);
  if (failed(kb.onFirstThread([&]() -> LogicalResult {
        kb.storeOutput(total, kb.blockId, resultType);
        return success();
      })))
    return failure();
  launch.grid[0] = layout.rows;
  launch.block[0] = kThreadsPerBlock;
  return launch;
}

/// Softmax, layer norm and RMS norm: a block per row, the statistics
/// combined across the block, then the row written.
static FailureOr<KernelLaunch> emitNormalization(KernelBody &kb,
                                                 Operation *root,
                                                 KernelLaunch launch) {
  IndexBuilder &ib = kb.ib;
  OpBuilder &b = kb.b;
  Location loc = ib.loc;
  Value operand = root->getOperand(0);
  RankedTensorType type = tensorType(operand);
  Type element = type.getElementType();
  if (!isa<FloatType>(element))
    {
    (void)root->emitOpError("cannot generate GPU code: "
                                     "normalization of a non-float tensor");
    return failure();
  }
  SmallVector<int64_t> rowDims;
  if (auto softmax = dyn_cast<SoftmaxOp>(root)) {
    rowDims.push_back(softmax.getDimension());
  } else {
    int64_t axis = isa<LayerNormOp>(root) ? cast<LayerNormOp>(root).getAxis()
                                          : cast<RmsNormOp>(root).getAxis();
    for (int64_t d = axis; d < type.getRank(); ++d)
      rowDims.push_back(d);
  }
  RowLayout layout = rowLayout(type, rowDims);
  SmallVector<Value> outer = ib.delinearize(kb.blockId, layout.outerShape);
  auto fullIndex = [&](Value position) {
    return Elemental::mergeIndices(outer,
                                   ib.delinearize(position, layout.rowShape),
                                   layout.rowDims, type.getRank());
  };
  auto constant = [&](double value) -> Value {
    return arith::ConstantOp::create(b, loc, element,
                                     b.getFloatAttr(element, value));
  };
  /// Sum (or max) over the row of f(x), combined across the block.
  auto rowStatistic = [&](Value init, gpu::AllReduceOperation operation,
                          auto &&term) -> FailureOr<Value> {
    FailureOr<Value> partial = kb.blockStride(
        layout.length, init, [&](Value position, Value acc) -> FailureOr<Value> {
          FailureOr<Value> x = kb.elemental.at(operand, fullIndex(position));
          if (failed(x))
            return failure();
          Value value = term(*x);
          if (operation == gpu::AllReduceOperation::MAXIMUMF)
            return Value(arith::MaximumFOp::create(b, loc, acc, value));
          return Value(arith::AddFOp::create(b, loc, acc, value));
        });
    if (failed(partial))
      return failure();
    return kb.blockReduce(*partial, operation);
  };
  /// Writes f(x, position) over the row.
  auto writeRow = [&](auto &&term) -> LogicalResult {
    FailureOr<Value> done = kb.blockStride(
        layout.length, ib.index(0),
        [&](Value position, Value acc) -> FailureOr<Value> {
          SmallVector<Value> full = fullIndex(position);
          FailureOr<Value> x = kb.elemental.at(operand, full);
          if (failed(x))
            return failure();
          FailureOr<Value> value = term(*x, full, position);
          if (failed(value))
            return failure();
          kb.storeOutput(*value, ib.linearize(full, type.getShape()), type);
          return acc;
        });
    return failure(failed(done));
  };
  Value length = constant(static_cast<double>(layout.length));

  if (isa<SoftmaxOp>(root)) {
    FailureOr<Value> maximum = rowStatistic(
        constant(-std::numeric_limits<double>::infinity()),
        gpu::AllReduceOperation::MAXIMUMF, [&](Value x) { return x; });
    if (failed(maximum))
      return failure();
    auto shiftedExp = [&](Value x) -> Value {
      return math::ExpOp::create(b, loc,
                                 arith::SubFOp::create(b, loc, x, *maximum));
    };
    FailureOr<Value> sum =
        rowStatistic(constant(0.0), gpu::AllReduceOperation::ADD, shiftedExp);
    if (failed(sum))
      return failure();
    if (failed(
            writeRow([&](Value x, ArrayRef<Value>, Value) -> FailureOr<Value> {
              return Value(arith::DivFOp::create(b, loc, shiftedExp(x), *sum));
            })))
      return failure();
  } else {
    bool isLayerNorm = isa<LayerNormOp>(root);
    double epsilon = isLayerNorm
                         ? cast<LayerNormOp>(root).getEpsilon().convertToDouble()
                         : cast<RmsNormOp>(root).getEpsilon().convertToDouble();
    Value mean = constant(0.0);
    if (isLayerNorm) {
      FailureOr<Value> sum = rowStatistic(
          constant(0.0), gpu::AllReduceOperation::ADD, [&](Value x) { return x; });
      if (failed(sum))
        return failure();
      mean = arith::DivFOp::create(b, loc, *sum, length);
    }
    FailureOr<Value> squares = rowStatistic(
        constant(0.0), gpu::AllReduceOperation::ADD, [&](Value x) -> Value {
          Value centered = arith::SubFOp::create(b, loc, x, mean);
          return arith::MulFOp::create(b, loc, centered, centered);
        });
    if (failed(squares))
      return failure();
    Value variance = arith::DivFOp::create(b, loc, *squares, length);
    Value spread = arith::AddFOp::create(b, loc, variance, constant(epsilon));
    Value scaleOperand = root->getOperand(1);
    Value biasOperand = isLayerNorm ? root->getOperand(2) : Value();
    Value root_ = math::SqrtOp::create(b, loc, spread);
    Value inverse = math::RsqrtOp::create(b, loc, spread);
    if (failed(writeRow([&](Value x, ArrayRef<Value>,
                            Value position) -> FailureOr<Value> {
          SmallVector<Value> rowIndex = ib.delinearize(position, layout.rowShape);
          FailureOr<Value> scale = kb.elemental.at(scaleOperand, rowIndex);
          if (failed(scale))
            return failure();
          Value centered = arith::SubFOp::create(b, loc, x, mean);
          Value normalized =
              isLayerNorm
                  ? Value(arith::DivFOp::create(b, loc, centered, root_))
                  : Value(arith::MulFOp::create(b, loc, centered, inverse));
          Value scaled = arith::MulFOp::create(b, loc, normalized, *scale);
          if (!isLayerNorm)
            return scaled;
          FailureOr<Value> bias = kb.elemental.at(biasOperand, rowIndex);
          if (failed(bias))
            return failure();
          return Value(arith::AddFOp::create(b, loc, scaled, *bias));
        })))
      return failure();
  }
  launch.grid[0] = layout.rows;
  launch.block[0] = kThreadsPerBlock;
  return launch;
}

/// The second kernel of a scatter: each update element combined into the
/// result (which the first kernel filled with the operand).
static FailureOr<KernelLaunch> emitScatterUpdates(KernelBody &kb,
                                                  ScatterOp scatter,
                                                  KernelLaunch launch) {
  IndexBuilder &ib = kb.ib;
  OpBuilder &b = kb.b;
  Location loc = ib.loc;
  RankedTensorType inputType = tensorType(scatter.getInput());
  RankedTensorType indicesType = tensorType(scatter.getScatterIndices());
  RankedTensorType updatesType = tensorType(scatter.getUpdates());
  Type element = toSignless(inputType.getElementType());
  int64_t count = updatesType.getNumElements();
  int64_t indexVectorDim = scatter.getIndexVectorDim();
  ArrayRef<int64_t> windowDims = scatter.getUpdateWindowDims();
  std::optional<BinaryFn> combiner = scatter.getCombiner();
  if (combiner && *combiner != BinaryFn::Add && *combiner != BinaryFn::Max &&
      *combiner != BinaryFn::Min)
    {
    (void)scatter.emitOpError(
        "cannot generate GPU code: scatter combiner other than add, max, "
        "min or replace");
    return failure();
  }
  if (element.isInteger(1))
    {
    (void)scatter.emitOpError(
        "cannot generate GPU code: scatter of i1");
    return failure();
  }
  Value id = kb.globalId();
  if (failed(kb.guarded(ib.lessThan(id, count), [&]() -> LogicalResult {
        SmallVector<Value> update = ib.delinearize(id, updatesType.getShape());
        SmallVector<Value> scatterIndex, windowIndex;
        for (auto [d, index] : llvm::enumerate(update)) {
          if (llvm::is_contained(windowDims, static_cast<int64_t>(d)))
            windowIndex.push_back(index);
          else
            scatterIndex.push_back(index);
        }
        SmallVector<Value> full(inputType.getRank(), ib.index(0));
        for (auto [k, d] :
             llvm::enumerate(scatter.getScatterDimsToOperandDims())) {
          SmallVector<Value> where(scatterIndex);
          if (indexVectorDim < indicesType.getRank())
            where.insert(where.begin() + indexVectorDim, ib.index(k));
          FailureOr<Value> raw =
              kb.elemental.at(scatter.getScatterIndices(), where);
          if (failed(raw))
            return failure();
          full[d] = arith::IndexCastOp::create(b, loc, b.getIndexType(), *raw);
        }
        for (auto [inputDim, indexDim] :
             llvm::zip(scatter.getInputBatchingDims(),
                       scatter.getScatterIndicesBatchingDims()))
          full[inputDim] =
              scatterIndex[indexDim < indexVectorDim ? indexDim : indexDim - 1];
        unsigned nextWindow = 0;
        for (int64_t d = 0; d < inputType.getRank(); ++d) {
          if (llvm::is_contained(scatter.getInsertedWindowDims(), d) ||
              llvm::is_contained(scatter.getInputBatchingDims(), d))
            continue;
          full[d] = ib.add(full[d], windowIndex[nextWindow++]);
        }
        Value inBounds;
        for (auto [d, index] : llvm::enumerate(full)) {
          Value valid = ib.both(ib.atLeast(index, 0),
                                ib.lessThan(index, inputType.getDimSize(d)));
          inBounds = inBounds ? ib.both(inBounds, valid) : valid;
        }
        FailureOr<Value> value = kb.elemental.at(scatter.getUpdates(), update);
        if (failed(value))
          return failure();
        Value target = ib.linearize(full, inputType.getShape());
        return kb.guarded(
            inBounds ? inBounds
                     : Value(arith::ConstantIntOp::create(b, loc, 1, 1)),
            [&]() -> LogicalResult {
              if (!combiner) {
                memref::StoreOp::create(b, loc, *value, kb.output,
                                        ValueRange{target});
                return success();
              }
              bool isFloat = isa<FloatType>(element);
              bool isUnsigned = isUnsignedInteger(inputType.getElementType());
              arith::AtomicRMWKind kind;
              switch (*combiner) {
              case BinaryFn::Add:
                kind = isFloat ? arith::AtomicRMWKind::addf
                               : arith::AtomicRMWKind::addi;
                break;
              case BinaryFn::Max:
                kind = isFloat      ? arith::AtomicRMWKind::maximumf
                       : isUnsigned ? arith::AtomicRMWKind::maxu
                                    : arith::AtomicRMWKind::maxs;
                break;
              default:
                kind = isFloat      ? arith::AtomicRMWKind::minimumf
                       : isUnsigned ? arith::AtomicRMWKind::minu
                                    : arith::AtomicRMWKind::mins;
                break;
              }
              memref::AtomicRMWOp::create(b, loc, kind, *value, kb.output,
                                          ValueRange{target});
              return success();
            });
      })))
    return failure();
  launch.grid[0] =
      std::max<int64_t>((count + kThreadsPerBlock - 1) / kThreadsPerBlock, 1);
  launch.block[0] = kThreadsPerBlock;
  return launch;
}

FailureOr<SmallVector<KernelLaunch>>
KernelEmitter::emit(const KernelGroup &group, StringRef baseName,
                    Operation *diagnosticOp) {
  SmallVector<Type> argumentTypes;
  for (Value input : group.inputs)
    argumentTypes.push_back(kernelArgumentType(tensorType(input)));
  argumentTypes.push_back(kernelArgumentType(tensorType(group.result)));
  MLIRContext *context = module.getContext();
  FunctionType functionType = FunctionType::get(context, argumentTypes, {});
  Operation *root = group.result.getDefiningOp();

  auto createKernel = [&](StringRef suffix) {
    OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
    std::string name =
        (baseName + "_" + Twine(nextId++) + suffix).str();
    auto func = gpu::GPUFuncOp::create(builder, diagnosticOp->getLoc(), name,
                                       functionType);
    func->setAttr(gpu::GPUDialect::getKernelFuncAttrName(),
                  builder.getUnitAttr());
    // Buffers start at 256-byte aligned arena offsets, and the allocator
    // never places an output over a buffer that is live at the same step.
    for (unsigned i = 0; i < func.getNumArguments(); ++i) {
      func.setArgAttr(i, "llvm.align", builder.getI64IntegerAttr(16));
      func.setArgAttr(i, "llvm.noalias", builder.getUnitAttr());
    }
    func.setKnownBlockSizeAttr(
        builder.getDenseI32ArrayAttr({static_cast<int32_t>(kThreadsPerBlock), 1, 1}));
    return func;
  };
  auto finish = [&](gpu::GPUFuncOp func, FailureOr<KernelLaunch> launch)
      -> FailureOr<KernelLaunch> {
    if (failed(launch)) {
      func.erase();
      return failure();
    }
    OpBuilder builder = OpBuilder::atBlockEnd(&func.getBody().back());
    gpu::ReturnOp::create(builder, func.getLoc());
    launch->name = func.getName().str();
    return launch;
  };

  SmallVector<KernelLaunch> launches;
  KernelLaunch launch;
  auto reduce = dyn_cast_or_null<ReduceOp>(root);
  if (reduce && isInnermostKept(reduce)) {
    RankedTensorType operandType = tensorType(reduce.getOperand());
    RowLayout layout = rowLayout(operandType, reduce.getDimensions());
    Type element = operandType.getElementType();
    bool summable = reduce.getFn() == ReduceFn::Add &&
                    (element.isF32() || element.isInteger(32) ||
                     element.isInteger(64));
    if (layout.rows >= kOutputsPerBlock && layout.length >= 64 &&
        !element.isInteger(1)) {
      int64_t splits =
          summable ? columnSplits(layout.rows, layout.length) : 1;
      if (splits > 1) {
        gpu::GPUFuncOp fill = createKernel("_zero");
        KernelBody kb(fill, group, diagnosticOp);
        Value zero = reductionIdentity(kb.b, kb.ib.loc, ReduceFn::Add, element);
        FailureOr<KernelLaunch> done = finish(
            fill, emitFill(kb, tensorType(group.result), zero, launch));
        if (failed(done))
          return failure();
        launches.push_back(*done);
      }
      gpu::GPUFuncOp columns = createKernel("");
      KernelBody kb(columns, group, diagnosticOp);
      FailureOr<KernelLaunch> done =
          finish(columns, emitColumnReduce(kb, reduce, splits, launch));
      if (failed(done))
        return failure();
      launches.push_back(*done);
      return launches;
    }
  }
  gpu::GPUFuncOp func = createKernel("");
  {
    KernelBody kb(func, group, diagnosticOp);
    FailureOr<KernelLaunch> built;
    if (auto reduce = dyn_cast_or_null<ReduceOp>(root))
      built = emitReduce(kb, reduce, launch);
    else if (isa_and_nonnull<SoftmaxOp, LayerNormOp, RmsNormOp>(root))
      built = emitNormalization(kb, root, launch);
    else if (auto scatter = dyn_cast_or_null<ScatterOp>(root))
      built = emitElementwise(kb, KernelGroup{group.inputs, scatter.getInput()},
                              launch);
    else
      built = emitElementwise(kb, group, launch);
    FailureOr<KernelLaunch> done = finish(func, built);
    if (failed(done))
      return failure();
    launches.push_back(*done);
  }
  if (auto scatter = dyn_cast_or_null<ScatterOp>(root)) {
    gpu::GPUFuncOp updates = createKernel("_updates");
    KernelBody kb(updates, group, diagnosticOp);
    FailureOr<KernelLaunch> done =
        finish(updates, emitScatterUpdates(kb, scatter, launch));
    if (failed(done))
      return failure();
    launches.push_back(*done);
  }
  return launches;
}
