//===- Interpreter.cpp - Execute strata IR on the CPU reference kernels ---===//

#include "strata/Interpreter.h"

#include "dialects/strata/StrataOps.h"
#include "strata-runtime/Kernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cstring>
#include <limits>
#include <memory>

using namespace mlir;
using namespace mlir::strata;
namespace rt = ::strata::rt;

//===----------------------------------------------------------------------===//
// Translating types and attributes
//===----------------------------------------------------------------------===//

static FailureOr<rt::DType> toDType(Type type) {
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

static rt::Shape toShape(ArrayRef<int64_t> shape) {
  return rt::Shape(shape.begin(), shape.end());
}

static std::vector<int64_t> toVector(ArrayRef<int64_t> values) {
  return std::vector<int64_t>(values.begin(), values.end());
}

/// Splits StableHLO-style flat (low, high) padding into pairs.
static std::vector<std::pair<int64_t, int64_t>>
toPairs(ArrayRef<int64_t> flat) {
  std::vector<std::pair<int64_t, int64_t>> pairs;
  for (size_t i = 0; i + 1 < flat.size(); i += 2)
    pairs.emplace_back(flat[i], flat[i + 1]);
  return pairs;
}

/// The runtime's enums mirror the dialect's case for case and in order
/// (both follow StableHLO's lists); the static_asserts keep them in step.
template <typename To, typename From> static To mirrorEnum(From value) {
  return static_cast<To>(static_cast<int>(value));
}
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

/// Materializes a constant's elements in the runtime's layout.
static FailureOr<rt::HostTensor> toHostTensor(ElementsAttr attr,
                                              Operation *op) {
  auto type = cast<RankedTensorType>(attr.getType());
  FailureOr<rt::DType> dtype = toDType(type.getElementType());
  if (failed(dtype))
    return op->emitOpError()
           << "has element type " << type.getElementType()
           << ", which the reference executor does not support";
  rt::StatusOr<rt::HostTensor> created =
      rt::HostTensor::create(*dtype, toShape(type.getShape()));
  if (!created.ok())
    return op->emitOpError() << created.status().message();
  rt::HostTensor tensor = std::move(created.value());
  Type elementType = type.getElementType();
  int64_t index = 0;
  if (isa<FloatType>(elementType)) {
    if (*dtype == rt::DType::f32) {
      float *data = tensor.data<float>();
      for (APFloat value : attr.getValues<APFloat>())
        data[index++] = value.convertToFloat();
    } else if (*dtype == rt::DType::f64) {
      double *data = tensor.data<double>();
      for (APFloat value : attr.getValues<APFloat>())
        data[index++] = value.convertToDouble();
    } else {
      // f16 and bf16: keep the exact bits.
      auto *data = reinterpret_cast<uint16_t *>(tensor.rawData());
      for (APFloat value : attr.getValues<APFloat>())
        data[index++] =
            static_cast<uint16_t>(value.bitcastToAPInt().getZExtValue());
    }
    return tensor;
  }
  for (APInt value : attr.getValues<APInt>())
    tensor.setFromDouble(
        index++, elementType.isUnsignedInteger() || elementType.isInteger(1)
                     ? static_cast<double>(value.getZExtValue())
                     : static_cast<double>(value.getSExtValue()));
  return tensor;
}

/// Rounds the float whose bits are `bits` (with `SourceExponent` exponent
/// and `SourceMantissa` explicit mantissa bits) to `exponentBits` and
/// `mantissaBits`: ties to even, overflow to infinity, underflow to zero.
template <typename Bits, int SourceExponent, int SourceMantissa>
static Bits reducePrecisionBits(Bits bits, int exponentBits, int mantissaBits) {
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

//===----------------------------------------------------------------------===//
// The environment
//===----------------------------------------------------------------------===//

namespace {

using TensorRef = std::shared_ptr<const rt::HostTensor>;

class Interpreter {
public:
  /// `parent` holds the values of enclosing blocks, which the regions of
  /// scf ops may read (recompute bodies are isolated and get none).
  explicit Interpreter(InterpreterStats &stats, Interpreter *parent = nullptr)
      : stats(stats), parent(parent) {}

  /// Runs `block` with `arguments` bound to its arguments; returns the
  /// operands of its terminator.
  FailureOr<SmallVector<TensorRef>> run(Block &block,
                                        ArrayRef<TensorRef> arguments);

private:
  LogicalResult execute(Operation *op);

  /// The tensor held for `value`, or a diagnostic at `user` saying why it is
  /// not there (freed, awaiting its prefetch, never produced).
  FailureOr<TensorRef> lookup(Value value, Operation *user);

  /// Binds a result, or reports a kernel failure at `op`.
  LogicalResult bind(Value value, rt::StatusOr<rt::HostTensor> result,
                     Operation *op);
  void bind(Value value, TensorRef tensor);

  /// Drops tensors whose last use was `op`, as a real executor would.
  void release(Operation *op);

  /// Runs a region of an scf op (not isolated from above) with `arguments`.
  FailureOr<SmallVector<TensorRef>> runNested(Region &region,
                                              ArrayRef<TensorRef> arguments) {
    Interpreter nested(stats, this);
    return nested.run(region.front(), arguments);
  }

  LogicalResult executeWhile(scf::WhileOp loop, ArrayRef<TensorRef> inits);
  LogicalResult executeSwitch(scf::IndexSwitchOp op, const TensorRef &index);

  InterpreterStats &stats;
  Interpreter *parent;
  DenseMap<Value, TensorRef> values;
  /// Where each freed value was freed, for the diagnostic of a later use.
  DenseMap<Value, Location> freedAt;
  /// Prefetched values not yet waited on, by the token that completes them.
  DenseMap<Value, SmallVector<Value>> pendingByToken;
  DenseMap<Value, Value> tokenOfPending;
  /// The last op in its block that uses each value.
  DenseMap<Operation *, SmallVector<Value>> diesAfter;
  int64_t liveBytes = 0;
};

} // namespace

FailureOr<TensorRef> Interpreter::lookup(Value value, Operation *user) {
  auto it = values.find(value);
  if (it != values.end()) {
    auto pending = tokenOfPending.find(value);
    if (pending != tokenOfPending.end()) {
      user->emitOpError() << "reads a prefetched tensor before a strata.wait "
                             "on its token";
      return failure();
    }
    return it->second;
  }
  if (parent && !freedAt.count(value))
    return parent->lookup(value, user);
  auto freed = freedAt.find(value);
  if (freed != freedAt.end()) {
    InFlightDiagnostic diag = user->emitOpError()
                              << "reads a tensor after it was freed";
    diag.attachNote(freed->second) << "freed here";
    return failure();
  }
  user->emitOpError() << "reads a tensor that was never produced";
  return failure();
}

void Interpreter::bind(Value value, TensorRef tensor) {
  if (getTier(value.getType()) == Tier::Hbm)
    liveBytes += static_cast<int64_t>(tensor->sizeInBytes());
  stats.peakLiveBytes = std::max(stats.peakLiveBytes, liveBytes);
  values[value] = std::move(tensor);
}

LogicalResult Interpreter::bind(Value value,
                                rt::StatusOr<rt::HostTensor> result,
                                Operation *op) {
  if (!result.ok())
    return op->emitOpError()
           << "failed in the reference kernel: " << result.status().message();
  bind(value,
       std::make_shared<const rt::HostTensor>(std::move(result.value())));
  return success();
}

void Interpreter::release(Operation *op) {
  auto it = diesAfter.find(op);
  if (it == diesAfter.end())
    return;
  for (Value value : it->second) {
    auto found = values.find(value);
    if (found == values.end())
      continue;
    if (getTier(value.getType()) == Tier::Hbm)
      liveBytes -= static_cast<int64_t>(found->second->sizeInBytes());
    values.erase(found);
  }
}

FailureOr<SmallVector<TensorRef>>
Interpreter::run(Block &block, ArrayRef<TensorRef> arguments) {
  for (auto [argument, tensor] : llvm::zip(block.getArguments(), arguments))
    bind(argument, tensor);
  // Values die after their last user in this block; the terminator's
  // operands survive until they are returned.
  DenseMap<Value, Operation *> lastUser;
  auto noteUses = [&](Value value) {
    for (Operation *user : value.getUsers())
      if (Operation *ancestor = block.findAncestorOpInBlock(*user)) {
        Operation *&last = lastUser[value];
        if (!last || last->isBeforeInBlock(ancestor))
          last = ancestor;
      }
  };
  for (BlockArgument argument : block.getArguments())
    noteUses(argument);
  for (Operation &op : block)
    for (Value result : op.getResults())
      noteUses(result);
  for (auto [value, user] : lastUser)
    if (!user->hasTrait<OpTrait::IsTerminator>())
      diesAfter[user].push_back(value);

  for (Operation &op : block.without_terminator()) {
    if (failed(execute(&op)))
      return failure();
    ++stats.opsExecuted;
    release(&op);
  }
  SmallVector<TensorRef> results;
  Operation *terminator = block.getTerminator();
  for (Value operand : terminator->getOperands()) {
    FailureOr<TensorRef> tensor = lookup(operand, terminator);
    if (failed(tensor))
      return failure();
    results.push_back(*tensor);
  }
  return results;
}

//===----------------------------------------------------------------------===//
// Executing one op
//===----------------------------------------------------------------------===//

LogicalResult Interpreter::execute(Operation *op) {
  SmallVector<TensorRef> in;
  // Tokens carry no data; every other operand must be readable now.
  for (Value operand : op->getOperands()) {
    if (isa<TokenType>(operand.getType()))
      continue;
    // A free reads nothing: freeing a value that is still awaited is fine.
    if (isa<FreeOp>(op))
      break;
    FailureOr<TensorRef> tensor = lookup(operand, op);
    if (failed(tensor))
      return failure();
    in.push_back(*tensor);
  }
  auto resultDType = [&](Value result) {
    return toDType(cast<RankedTensorType>(result.getType()).getElementType());
  };

  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](ConstantOp constant) -> LogicalResult {
        FailureOr<rt::HostTensor> tensor =
            toHostTensor(constant.getValue(), op);
        if (failed(tensor))
          return failure();
        bind(constant.getResult(),
             std::make_shared<const rt::HostTensor>(std::move(*tensor)));
        return success();
      })
      .Case([&](IotaOp iota) -> LogicalResult {
        FailureOr<rt::DType> dtype = resultDType(iota.getResult());
        if (failed(dtype))
          return op->emitOpError() << "has an unsupported element type";
        return bind(iota.getResult(),
                    rt::iota(toShape(iota.getType().getShape()), *dtype,
                             iota.getDimension()),
                    op);
      })
      .Case([&](UnaryOp unary) {
        return bind(unary.getResult(),
                    rt::unary(mirrorEnum<rt::UnaryFn>(unary.getFn()), *in[0]),
                    op);
      })
      .Case([&](BinaryOp binary) {
        return bind(binary.getResult(),
                    rt::binary(mirrorEnum<rt::BinaryFn>(binary.getFn()), *in[0],
                               *in[1]),
                    op);
      })
      .Case([&](CompareOp compare) {
        return bind(
            compare.getResult(),
            rt::compare(mirrorEnum<rt::CompareFn>(compare.getDirection()),
                        *in[0], *in[1]),
            op);
      })
      .Case([&](SelectOp select) {
        return bind(select.getResult(), rt::select(*in[0], *in[1], *in[2]), op);
      })
      .Case([&](ClampOp clamp) {
        return bind(clamp.getResult(), rt::clamp(*in[0], *in[1], *in[2]), op);
      })
      .Case([&](ConvertOp convert) -> LogicalResult {
        FailureOr<rt::DType> dtype = resultDType(convert.getResult());
        if (failed(dtype))
          return op->emitOpError() << "converts to an unsupported element type";
        return bind(convert.getResult(), rt::convert(*in[0], *dtype), op);
      })
      .Case([&](BitcastConvertOp bitcast) -> LogicalResult {
        FailureOr<rt::DType> dtype = resultDType(bitcast.getResult());
        if (failed(dtype))
          return op->emitOpError() << "converts to an unsupported element type";
        rt::StatusOr<rt::HostTensor> result = rt::HostTensor::create(
            *dtype, toShape(bitcast.getType().getShape()));
        if (result.ok() && result->sizeInBytes() == in[0]->sizeInBytes())
          std::memcpy(result->rawData(), in[0]->rawData(),
                      in[0]->sizeInBytes());
        return bind(bitcast.getResult(), std::move(result), op);
      })
      .Case([&](ReducePrecisionOp reduce) -> LogicalResult {
        rt::HostTensor result = *in[0];
        int exponent = reduce.getExponentBits(),
            mantissa = reduce.getMantissaBits();
        if (result.dtype() == rt::DType::f32) {
          auto *bits = reinterpret_cast<uint32_t *>(result.rawData());
          for (int64_t i = 0; i < result.numElements(); ++i)
            bits[i] = reducePrecisionBits<uint32_t, 8, 23>(bits[i], exponent,
                                                           mantissa);
        } else {
          auto *bits = reinterpret_cast<uint64_t *>(result.rawData());
          for (int64_t i = 0; i < result.numElements(); ++i)
            bits[i] = reducePrecisionBits<uint64_t, 11, 52>(bits[i], exponent,
                                                            mantissa);
        }
        bind(reduce.getResult(),
             std::make_shared<const rt::HostTensor>(std::move(result)));
        return success();
      })
      .Case([&](RngBitGeneratorOp rng) -> LogicalResult {
        FailureOr<rt::DType> dtype = resultDType(rng.getOutput());
        if (failed(dtype))
          return op->emitOpError() << "has an unsupported output type";
        auto drawn = rt::rngBitGenerator(
            *in[0], *dtype, toShape(rng.getOutput().getType().getShape()));
        if (!drawn.ok())
          return op->emitOpError() << "failed in the reference kernel: "
                                   << drawn.status().message();
        bind(rng.getOutput(),
             std::make_shared<const rt::HostTensor>(std::move(drawn->first)));
        bind(rng.getOutputState(),
             std::make_shared<const rt::HostTensor>(std::move(drawn->second)));
        return success();
      })
      .Case([&](DotOp dot) {
        return bind(dot.getResult(),
                    rt::dotGeneral(*in[0], *in[1],
                                   toVector(dot.getLhsBatchingDimensions()),
                                   toVector(dot.getRhsBatchingDimensions()),
                                   toVector(dot.getLhsContractingDimensions()),
                                   toVector(dot.getRhsContractingDimensions())),
                    op);
      })
      .Case([&](ConvolutionOp conv) {
        rt::ConvolutionAttrs attrs;
        rt::ConvDimensionNumbers &dims = attrs.dimensionNumbers;
        dims.inputBatchDimension = conv.getInputDims()[0];
        dims.inputFeatureDimension = conv.getInputDims()[1];
        dims.inputSpatialDimensions =
            toVector(conv.getInputDims().drop_front(2));
        dims.kernelOutputFeatureDimension = conv.getKernelDims()[0];
        dims.kernelInputFeatureDimension = conv.getKernelDims()[1];
        dims.kernelSpatialDimensions =
            toVector(conv.getKernelDims().drop_front(2));
        dims.outputBatchDimension = conv.getOutputDims()[0];
        dims.outputFeatureDimension = conv.getOutputDims()[1];
        dims.outputSpatialDimensions =
            toVector(conv.getOutputDims().drop_front(2));
        attrs.windowStrides = toVector(conv.getWindowStrides());
        attrs.padding = toPairs(conv.getPadding());
        attrs.lhsDilation = toVector(conv.getLhsDilation());
        attrs.rhsDilation = toVector(conv.getRhsDilation());
        attrs.featureGroupCount = conv.getFeatureGroupCount();
        attrs.batchGroupCount = conv.getBatchGroupCount();
        return bind(conv.getResult(), rt::convolution(*in[0], *in[1], attrs),
                    op);
      })
      .Case([&](ReduceOp reduce) {
        return bind(reduce.getResult(),
                    rt::reduce(*in[0], toVector(reduce.getDimensions()),
                               mirrorEnum<rt::ReduceFn>(reduce.getFn())),
                    op);
      })
      .Case([&](ReduceWindowOp window) {
        rt::ReduceWindowAttrs attrs;
        attrs.windowDimensions = toVector(window.getWindowDimensions());
        attrs.windowStrides = toVector(window.getWindowStrides());
        attrs.baseDilations = toVector(window.getBaseDilations());
        attrs.windowDilations = toVector(window.getWindowDilations());
        attrs.padding = toPairs(window.getPadding());
        return bind(window.getResult(),
                    rt::reduceWindow(*in[0],
                                     mirrorEnum<rt::ReduceFn>(window.getFn()),
                                     attrs),
                    op);
      })
      .Case<DynamicSliceOp, DynamicUpdateSliceOp>(
          [&](auto sliceOp) -> LogicalResult {
            // The start indices follow the tensor operands.
            size_t firstIndex = in.size() - sliceOp.getStartIndices().size();
            std::vector<int64_t> starts;
            for (size_t i = firstIndex; i < in.size(); ++i) {
              rt::StatusOr<int64_t> start = rt::indexScalarValue(*in[i]);
              if (!start.ok())
                return op->emitOpError() << start.status().message();
              starts.push_back(*start);
            }
            if constexpr (std::is_same_v<decltype(sliceOp), DynamicSliceOp>)
              return bind(sliceOp.getResult(),
                          rt::dynamicSlice(*in[0], starts,
                                           toVector(sliceOp.getSliceSizes())),
                          op);
            else
              return bind(sliceOp.getResult(),
                          rt::dynamicUpdateSlice(*in[0], *in[1], starts), op);
          })
      .Case([&](SortOp sortOp) -> LogicalResult {
        std::vector<const rt::HostTensor *> operands;
        for (const TensorRef &tensor : in)
          operands.push_back(tensor.get());
        rt::StatusOr<std::vector<rt::HostTensor>> sorted =
            rt::sort(operands, sortOp.getDimension(), sortOp.getDescending());
        if (!sorted.ok())
          return op->emitOpError() << "failed in the reference kernel: "
                                   << sorted.status().message();
        for (auto [result, tensor] : llvm::zip(sortOp.getResults(), *sorted))
          bind(result,
               std::make_shared<const rt::HostTensor>(std::move(tensor)));
        return success();
      })
      .Case([&](SoftmaxOp softmax) {
        return bind(softmax.getResult(),
                    rt::softmax(*in[0], softmax.getDimension()), op);
      })
      .Case([&](LayerNormOp norm) {
        return bind(norm.getResult(),
                    rt::layerNorm(*in[0], in[1].get(), in[2].get(),
                                  norm.getAxis(),
                                  norm.getEpsilon().convertToDouble()),
                    op);
      })
      .Case([&](RmsNormOp norm) -> LogicalResult {
        // x * rsqrt(mean(x^2) + eps) * scale, from the elementwise kernels.
        const rt::HostTensor &x = *in[0];
        int64_t axis = norm.getAxis();
        std::vector<int64_t> dims;
        int64_t count = 1;
        for (int64_t d = axis; d < x.rank(); ++d) {
          dims.push_back(d);
          count *= x.dim(d);
        }
        std::vector<int64_t> keep;
        for (int64_t d = 0; d < axis; ++d)
          keep.push_back(d);
        auto fail = [&](const rt::Status &status) {
          return op->emitOpError()
                 << "failed in the reference kernel: " << status.message();
        };
        auto squared = rt::binary(rt::BinaryFn::Mul, x, x);
        if (!squared.ok())
          return fail(squared.status());
        auto sum = rt::reduce(*squared, dims, rt::ReduceFn::Add);
        if (!sum.ok())
          return fail(sum.status());
        auto meanPlusEps = rt::HostTensor::create(x.dtype(), sum->shape());
        if (!meanPlusEps.ok())
          return fail(meanPlusEps.status());
        for (int64_t i = 0; i < sum->numElements(); ++i)
          meanPlusEps->setFromDouble(i,
                                     sum->getAsDouble(i) / count +
                                         norm.getEpsilon().convertToDouble());
        auto inverse = rt::unary(rt::UnaryFn::Rsqrt, *meanPlusEps);
        if (!inverse.ok())
          return fail(inverse.status());
        auto spread = rt::broadcastInDim(*inverse, x.shape(), keep);
        if (!spread.ok())
          return fail(spread.status());
        auto normalized = rt::binary(rt::BinaryFn::Mul, x, *spread);
        if (!normalized.ok())
          return fail(normalized.status());
        auto scale = rt::broadcastInDim(*in[1], x.shape(), dims);
        if (!scale.ok())
          return fail(scale.status());
        return bind(norm.getResult(),
                    rt::binary(rt::BinaryFn::Mul, *normalized, *scale), op);
      })
      .Case([&](ReshapeOp reshape) {
        return bind(reshape.getResult(),
                    rt::reshape(*in[0], toShape(reshape.getType().getShape())),
                    op);
      })
      .Case([&](TransposeOp transpose) {
        return bind(transpose.getResult(),
                    rt::transpose(*in[0], toVector(transpose.getPermutation())),
                    op);
      })
      .Case([&](BroadcastInDimOp broadcast) {
        return bind(broadcast.getResult(),
                    rt::broadcastInDim(*in[0],
                                       toShape(broadcast.getType().getShape()),
                                       toVector(broadcast.getDimensions())),
                    op);
      })
      .Case([&](SliceOp slice) {
        return bind(slice.getResult(),
                    rt::slice(*in[0], toVector(slice.getStartIndices()),
                              toVector(slice.getLimitIndices()),
                              toVector(slice.getStrides())),
                    op);
      })
      .Case([&](ConcatenateOp concat) {
        std::vector<const rt::HostTensor *> inputs;
        for (const TensorRef &tensor : in)
          inputs.push_back(tensor.get());
        return bind(concat.getResult(),
                    rt::concatenate(inputs, concat.getDimension()), op);
      })
      .Case([&](PadOp pad) {
        return bind(pad.getResult(),
                    rt::pad(*in[0], *in[1], toVector(pad.getEdgePaddingLow()),
                            toVector(pad.getEdgePaddingHigh()),
                            toVector(pad.getInteriorPadding())),
                    op);
      })
      .Case([&](GatherOp gather) {
        rt::GatherDimensionNumbers dims;
        dims.offsetDims = toVector(gather.getOffsetDims());
        dims.collapsedSliceDims = toVector(gather.getCollapsedSliceDims());
        dims.operandBatchingDims = toVector(gather.getOperandBatchingDims());
        dims.startIndicesBatchingDims =
            toVector(gather.getStartIndicesBatchingDims());
        dims.startIndexMap = toVector(gather.getStartIndexMap());
        dims.indexVectorDim = gather.getIndexVectorDim();
        return bind(gather.getResult(),
                    rt::gather(*in[0], *in[1], dims,
                               toVector(gather.getSliceSizes()),
                               gather.getIndicesAreSorted()),
                    op);
      })
      .Case([&](ScatterOp scatter) {
        rt::ScatterDimensionNumbers dims;
        dims.updateWindowDims = toVector(scatter.getUpdateWindowDims());
        dims.insertedWindowDims = toVector(scatter.getInsertedWindowDims());
        dims.inputBatchingDims = toVector(scatter.getInputBatchingDims());
        dims.scatterIndicesBatchingDims =
            toVector(scatter.getScatterIndicesBatchingDims());
        dims.scatterDimsToOperandDims =
            toVector(scatter.getScatterDimsToOperandDims());
        dims.indexVectorDim = scatter.getIndexVectorDim();
        rt::ScatterCombiner combiner =
            scatter.getCombiner()
                ? rt::ScatterCombiner::combineWith(
                      mirrorEnum<rt::BinaryFn>(*scatter.getCombiner()))
                : rt::ScatterCombiner::replaceValue();
        return bind(scatter.getResult(),
                    rt::scatter(*in[0], *in[1], *in[2], dims, combiner), op);
      })
      // Memory-plan ops. Copies are synchronous here, but a prefetched
      // tensor still becomes readable only at the wait on its token, so
      // that a plan missing a wait fails on the CPU as it would race on a GPU.
      .Case([&](OffloadOp offload) {
        bind(offload.getResult(),
             std::make_shared<const rt::HostTensor>(*in[0]));
        return success();
      })
      .Case([&](PrefetchOp prefetch) {
        bind(prefetch.getResult(),
             std::make_shared<const rt::HostTensor>(*in[0]));
        pendingByToken[prefetch.getDone()].push_back(prefetch.getResult());
        tokenOfPending[prefetch.getResult()] = prefetch.getDone();
        return success();
      })
      .Case([&](WaitOp wait) {
        for (Value token : wait.getTokens())
          for (Value ready : pendingByToken.lookup(token))
            tokenOfPending.erase(ready);
        return success();
      })
      .Case([&](FreeOp free) {
        Value value = free.getOperand();
        auto found = values.find(value);
        if (found == values.end())
          return failed(lookup(value, op)) ? failure() : success();
        if (getTier(value.getType()) == Tier::Hbm)
          liveBytes -= static_cast<int64_t>(found->second->sizeInBytes());
        values.erase(found);
        freedAt.try_emplace(value, op->getLoc());
        return success();
      })
      .Case<RecomputeOp, FusionOp>([&](auto grouped) -> LogicalResult {
        Interpreter inner(stats);
        FailureOr<SmallVector<TensorRef>> results =
            inner.run(grouped.getBody().front(), in);
        if (failed(results))
          return failure();
        for (auto [result, tensor] : llvm::zip(grouped.getResults(), *results))
          bind(result, tensor);
        return success();
      })
      .Case([&](AllocOp alloc) -> LogicalResult {
        FailureOr<rt::DType> dtype = resultDType(alloc.getResult());
        if (failed(dtype))
          return op->emitOpError() << "has an unsupported element type";
        // Poison floats so that a read of an unwritten buffer shows.
        rt::StatusOr<rt::HostTensor> tensor =
            rt::HostTensor::create(*dtype, toShape(alloc.getType().getShape()));
        if (tensor.ok() && rt::isFloatDType(*dtype))
          for (int64_t i = 0; i < tensor->numElements(); ++i)
            tensor->setFromDouble(i, std::numeric_limits<double>::quiet_NaN());
        return bind(alloc.getResult(), std::move(tensor), op);
      })
      .Case<AllReduceOp, AllGatherOp, ReduceScatterOp>(
          [&](auto collective) -> LogicalResult {
            if (collective.getCommunicator().getDevices().size() != 1)
              return op->emitOpError()
                     << "needs "
                     << collective.getCommunicator().getDevices().size()
                     << " devices; the reference executor runs one";
            bind(collective.getResult(),
                 std::make_shared<const rt::HostTensor>(*in[0]));
            return success();
          })
      // Control flow from the importers: upstream scf on tensors, with
      // scalars (predicates, branch indices) held as rank-0 tensors.
      .Case([&](tensor::ExtractOp extract) -> LogicalResult {
        if (!extract.getIndices().empty())
          return op->emitOpError()
                 << "extracts with indices, which the reference executor "
                    "does not support";
        bind(extract.getResult(), in[0]);
        return success();
      })
      .Case([&](arith::IndexCastOp cast) -> LogicalResult {
        rt::StatusOr<int64_t> value = rt::indexScalarValue(*in[0]);
        if (!value.ok())
          return op->emitOpError() << value.status().message();
        bind(cast.getResult(), std::make_shared<const rt::HostTensor>(
                                   rt::HostTensor::scalar<int64_t>(*value)));
        return success();
      })
      .Case([&](scf::WhileOp loop) { return executeWhile(loop, in); })
      .Case([&](scf::IndexSwitchOp switchOp) {
        return executeSwitch(switchOp, in[0]);
      })
      .Default([&](Operation *other) {
        return other->emitOpError()
               << "is not supported by the reference executor";
      });
}

LogicalResult Interpreter::executeWhile(scf::WhileOp loop,
                                        ArrayRef<TensorRef> inits) {
  SmallVector<TensorRef> carried(inits.begin(), inits.end());
  while (true) {
    FailureOr<SmallVector<TensorRef>> condition =
        runNested(loop.getBefore(), carried);
    if (failed(condition))
      return failure();
    // scf.condition's operands: the predicate, then the values passed on.
    const rt::HostTensor &predicate = *(*condition)[0];
    if (predicate.numElements() != 1)
      return loop.emitOpError()
             << "condition must be one value, got " << predicate.describe();
    SmallVector<TensorRef> forwarded(condition->begin() + 1, condition->end());
    if (predicate.getAsDouble(0) == 0) {
      for (auto [result, tensor] : llvm::zip(loop.getResults(), forwarded))
        bind(result, tensor);
      return success();
    }
    FailureOr<SmallVector<TensorRef>> next =
        runNested(loop.getAfter(), forwarded);
    if (failed(next))
      return failure();
    carried = std::move(*next);
  }
}

LogicalResult Interpreter::executeSwitch(scf::IndexSwitchOp op,
                                         const TensorRef &index) {
  rt::StatusOr<int64_t> value = rt::indexScalarValue(*index);
  if (!value.ok())
    return op.emitOpError() << value.status().message();
  Region *region = &op.getDefaultRegion();
  for (auto [caseValue, caseRegion] :
       llvm::zip(op.getCases(), op.getCaseRegions()))
    if (caseValue == *value)
      region = &caseRegion;
  FailureOr<SmallVector<TensorRef>> results = runNested(*region, {});
  if (failed(results))
    return failure();
  for (auto [result, tensor] : llvm::zip(op.getResults(), *results))
    bind(result, tensor);
  return success();
}

FailureOr<std::vector<rt::HostTensor>>
mlir::strata::interpret(func::FuncOp func, ArrayRef<rt::HostTensor> arguments,
                        InterpreterStats *stats) {
  InterpreterStats localStats;
  if (!stats)
    stats = &localStats;
  if (func.isExternal())
    return func.emitOpError() << "has no body to execute";
  FunctionType type = func.getFunctionType();
  if (type.getNumInputs() != arguments.size())
    return func.emitOpError()
           << "takes " << type.getNumInputs() << " arguments but "
           << arguments.size() << " were given";
  SmallVector<TensorRef> bound;
  for (auto [index, argument] : llvm::enumerate(arguments)) {
    auto expected = dyn_cast<RankedTensorType>(type.getInput(index));
    FailureOr<rt::DType> dtype =
        expected ? toDType(expected.getElementType()) : FailureOr<rt::DType>();
    if (!expected || failed(dtype))
      return func.emitOpError()
             << "argument " << index << " has type " << type.getInput(index)
             << ", which the reference executor cannot bind";
    if (argument.dtype() != *dtype ||
        argument.shape() != toShape(expected.getShape()))
      return func.emitOpError()
             << "argument " << index << " must be " << expected << " but got "
             << argument.describe();
    bound.push_back(std::make_shared<const rt::HostTensor>(argument));
  }
  Interpreter interpreter(*stats);
  FailureOr<SmallVector<TensorRef>> results =
      interpreter.run(func.getBody().front(), bound);
  if (failed(results))
    return failure();
  std::vector<rt::HostTensor> out;
  for (const TensorRef &tensor : *results)
    out.push_back(*tensor);
  return out;
}
