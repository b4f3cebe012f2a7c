//===- StablehloToStrata.cpp - Convert StableHLO ops to strata graph ops --===//

#include "lib/stablehlo/ImportPasses.h"
#include "lib/stablehlo/StablehloInputOps.h"

#include "dialects/strata/StrataOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <limits>

namespace mlir::strata {
#define GEN_PASS_DEF_CONVERTSTABLEHLOTOSTRATAPASS
#include "lib/stablehlo/ImportPasses.h.inc"
} // namespace mlir::strata

using namespace mlir;
using namespace mlir::strata;

namespace {

//===----------------------------------------------------------------------===//
// Elementwise ops: one pattern template per arity
//===----------------------------------------------------------------------===//

template <typename SourceOp, UnaryFn fn>
struct UnaryToStrata : OpConversionPattern<SourceOp> {
  using OpConversionPattern<SourceOp>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SourceOp op, typename SourceOp::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<UnaryOp>(op, fn, adaptor.getOperand());
    return success();
  }
};

/// StableHLO's add and multiply on i1 are logical or and and.
static BinaryFn booleanCounterpart(BinaryFn fn, Type elementType) {
  if (!elementType.isInteger(1))
    return fn;
  if (fn == BinaryFn::Add)
    return BinaryFn::Or;
  if (fn == BinaryFn::Mul)
    return BinaryFn::And;
  return fn;
}

template <typename SourceOp, BinaryFn fn>
struct BinaryToStrata : OpConversionPattern<SourceOp> {
  using OpConversionPattern<SourceOp>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SourceOp op, typename SourceOp::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type elementType = cast<RankedTensorType>(op.getType()).getElementType();
    rewriter.replaceOpWithNewOp<BinaryOp>(op,
                                          booleanCounterpart(fn, elementType),
                                          adaptor.getLhs(), adaptor.getRhs());
    return success();
  }
};

struct ConstantToStrata : OpConversionPattern<shlo::ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::ConstantOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<ConstantOp>(op, op.getValue());
    return success();
  }
};

struct IotaToStrata : OpConversionPattern<shlo::IotaOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::IotaOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<IotaOp>(op, op.getType(),
                                        op.getIotaDimension());
    return success();
  }
};

struct ConvertToStrata : OpConversionPattern<shlo::ConvertOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::ConvertOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<ConvertOp>(op, op.getType(),
                                           adaptor.getOperand());
    return success();
  }
};

struct BitcastConvertToStrata : OpConversionPattern<shlo::BitcastConvertOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::BitcastConvertOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<BitcastConvertOp>(op, op.getType(),
                                                  adaptor.getOperand());
    return success();
  }
};

struct ReducePrecisionToStrata : OpConversionPattern<shlo::ReducePrecisionOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::ReducePrecisionOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<ReducePrecisionOp>(
        op, adaptor.getOperand(), op.getExponentBits(), op.getMantissaBits());
    return success();
  }
};

/// The algorithm attribute is dropped: StableHLO leaves the bits
/// implementation-defined, and strata draws them one way for every
/// algorithm.
struct RngBitGeneratorToStrata : OpConversionPattern<shlo::RngBitGeneratorOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::RngBitGeneratorOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto rng = RngBitGeneratorOp::create(
        rewriter, op.getLoc(), op.getOutputState().getType(),
        op.getOutput().getType(), adaptor.getInitialState());
    rewriter.replaceOp(op, rng.getResults());
    return success();
  }
};

struct CompareToStrata : OpConversionPattern<shlo::CompareOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::CompareOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type elementType =
        cast<RankedTensorType>(op.getLhs().getType()).getElementType();
    std::optional<shlo::ComparisonType> type = op.getCompareType();
    if (type == shlo::ComparisonType::UNSIGNED &&
        !elementType.isUnsignedInteger() && !elementType.isInteger(1))
      return op.emitOpError()
             << "compares signless integers as unsigned, which strata does not "
                "support yet";
    if (type == shlo::ComparisonType::TOTALORDER)
      return op.emitOpError()
             << "uses the TOTALORDER comparison, which strata does not support "
                "yet";
    CompareDirection direction;
    switch (op.getComparisonDirection()) {
    case shlo::ComparisonDirection::EQ:
      direction = CompareDirection::Eq;
      break;
    case shlo::ComparisonDirection::NE:
      direction = CompareDirection::Ne;
      break;
    case shlo::ComparisonDirection::GE:
      direction = CompareDirection::Ge;
      break;
    case shlo::ComparisonDirection::GT:
      direction = CompareDirection::Gt;
      break;
    case shlo::ComparisonDirection::LE:
      direction = CompareDirection::Le;
      break;
    case shlo::ComparisonDirection::LT:
      direction = CompareDirection::Lt;
      break;
    }
    rewriter.replaceOpWithNewOp<CompareOp>(op, direction, adaptor.getLhs(),
                                           adaptor.getRhs());
    return success();
  }
};

struct SelectToStrata : OpConversionPattern<shlo::SelectOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::SelectOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<SelectOp>(
        op, adaptor.getPred(), adaptor.getOnTrue(), adaptor.getOnFalse());
    return success();
  }
};

struct ClampToStrata : OpConversionPattern<shlo::ClampOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::ClampOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<ClampOp>(
        op, adaptor.getMin(), adaptor.getOperand(), adaptor.getMax());
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

struct ReshapeToStrata : OpConversionPattern<shlo::ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, op.getType(),
                                           adaptor.getOperand());
    return success();
  }
};

struct BroadcastInDimToStrata : OpConversionPattern<shlo::BroadcastInDimOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::BroadcastInDimOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<BroadcastInDimOp>(
        op, op.getType(), adaptor.getOperand(), op.getBroadcastDimensions());
    return success();
  }
};

struct TransposeToStrata : OpConversionPattern<shlo::TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<TransposeOp>(op, adaptor.getOperand(),
                                             op.getPermutation());
    return success();
  }
};

struct SliceToStrata : OpConversionPattern<shlo::SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<SliceOp>(op, adaptor.getOperand(),
                                         op.getStartIndices(),
                                         op.getLimitIndices(), op.getStrides());
    return success();
  }
};

struct ConcatenateToStrata : OpConversionPattern<shlo::ConcatenateOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::ConcatenateOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<ConcatenateOp>(op, adaptor.getInputs(),
                                               op.getDimension());
    return success();
  }
};

struct PadToStrata : OpConversionPattern<shlo::PadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<PadOp>(
        op, adaptor.getOperand(), adaptor.getPaddingValue(),
        op.getEdgePaddingLow(), op.getEdgePaddingHigh(),
        op.getInteriorPadding());
    return success();
  }
};

struct GatherToStrata : OpConversionPattern<shlo::GatherOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    shlo::GatherDimensionNumbersAttr dims = op.getDimensionNumbers();
    rewriter.replaceOpWithNewOp<GatherOp>(
        op, adaptor.getOperand(), adaptor.getStartIndices(),
        dims.getOffsetDims(), dims.getCollapsedSliceDims(),
        dims.getOperandBatchingDims(), dims.getStartIndicesBatchingDims(),
        dims.getStartIndexMap(), dims.getIndexVectorDim(), op.getSliceSizes(),
        op.getIndicesAreSorted());
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Combiner regions (reduce, scatter)
//===----------------------------------------------------------------------===//

/// The binary function a combiner body computes from its two arguments
/// (accumulator or current element first, then the new element), when it
/// is a single such op.
static std::optional<BinaryFn> combinerOf(Region &body) {
  Block &block = body.front();
  if (block.getNumArguments() != 2 ||
      !llvm::hasSingleElement(block.without_terminator()))
    return std::nullopt;
  Operation &op = block.front();
  auto terminator = dyn_cast<shlo::ReturnOp>(block.getTerminator());
  if (!terminator || terminator->getNumOperands() != 1 ||
      terminator->getOperand(0) != op.getResult(0) || op.getNumOperands() != 2)
    return std::nullopt;
  llvm::SmallPtrSet<Value, 2> arguments(block.getArguments().begin(),
                                        block.getArguments().end());
  if (!arguments.contains(op.getOperand(0)) ||
      !arguments.contains(op.getOperand(1)) ||
      op.getOperand(0) == op.getOperand(1))
    return std::nullopt;
  Type elementType =
      cast<RankedTensorType>(op.getResult(0).getType()).getElementType();
  std::optional<BinaryFn> fn =
      llvm::TypeSwitch<Operation *, std::optional<BinaryFn>>(&op)
          .Case([](shlo::AddOp) { return BinaryFn::Add; })
          .Case([](shlo::MulOp) { return BinaryFn::Mul; })
          .Case([](shlo::MaxOp) { return BinaryFn::Max; })
          .Case([](shlo::MinOp) { return BinaryFn::Min; })
          .Case([](shlo::AndOp) { return BinaryFn::And; })
          .Case([](shlo::OrOp) { return BinaryFn::Or; })
          .Default([](Operation *) { return std::nullopt; });
  if (!fn)
    return std::nullopt;
  return booleanCounterpart(*fn, elementType);
}

static std::optional<ReduceFn> toReduceFn(BinaryFn fn) {
  switch (fn) {
  case BinaryFn::Add:
    return ReduceFn::Add;
  case BinaryFn::Mul:
    return ReduceFn::Mul;
  case BinaryFn::Max:
    return ReduceFn::Max;
  case BinaryFn::Min:
    return ReduceFn::Min;
  case BinaryFn::And:
    return ReduceFn::And;
  case BinaryFn::Or:
    return ReduceFn::Or;
  default:
    return std::nullopt;
  }
}

/// Whether `value` is a constant whose every element is `fn`'s identity,
/// the initial value strata.reduce implies.
static bool isIdentityOf(ReduceFn fn, Value value) {
  DenseElementsAttr elements;
  if (!matchPattern(value, m_Constant(&elements)) || !elements.isSplat())
    return false;
  Type type = elements.getElementType();
  if (isa<FloatType>(type)) {
    APFloat v = elements.getSplatValue<APFloat>();
    switch (fn) {
    case ReduceFn::Add:
      return v.isZero();
    case ReduceFn::Mul:
      return v.isExactlyValue(1.0);
    case ReduceFn::Max:
      return v.isInfinity() && v.isNegative();
    case ReduceFn::Min:
      return v.isInfinity() && !v.isNegative();
    default:
      return false;
    }
  }
  APInt v = elements.getSplatValue<APInt>();
  bool isUnsigned = type.isUnsignedInteger() || type.isInteger(1);
  switch (fn) {
  case ReduceFn::Add:
  case ReduceFn::Or:
    return v.isZero();
  case ReduceFn::Mul:
    return v.isOne();
  case ReduceFn::And:
    return v.isAllOnes();
  case ReduceFn::Max:
    return isUnsigned ? v.isZero() : v.isMinSignedValue();
  case ReduceFn::Min:
    return isUnsigned ? v.isAllOnes() : v.isMaxSignedValue();
  }
  return false;
}

struct ReduceToStrata : OpConversionPattern<shlo::ReduceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::ReduceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (op.getInputs().size() != 1)
      return op.emitOpError()
             << "reduces " << op.getInputs().size()
             << " operands together (e.g. an argmax), which strata does not "
                "support yet";
    std::optional<BinaryFn> combiner = combinerOf(op.getBody());
    std::optional<ReduceFn> fn =
        combiner ? toReduceFn(*combiner) : std::nullopt;
    if (!fn)
      return op.emitOpError()
             << "has a reduction body that is not a single add, multiply, "
                "maximum, minimum, and or or of its arguments";
    Location loc = op.getLoc();
    Value reduced = ReduceOp::create(rewriter, loc, *fn, adaptor.getInputs()[0],
                                     op.getDimensions());
    Value init = adaptor.getInitValues()[0];
    if (!isIdentityOf(*fn, op.getInitValues()[0]) && !isIdentityOf(*fn, init)) {
      auto type = cast<RankedTensorType>(reduced.getType());
      Value spread = BroadcastInDimOp::create(rewriter, loc, type, init,
                                              ArrayRef<int64_t>{});
      reduced = BinaryOp::create(rewriter, loc, *combiner, reduced, spread);
    }
    rewriter.replaceOp(op, reduced);
    return success();
  }
};

struct ScatterToStrata : OpConversionPattern<shlo::ScatterOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::ScatterOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (op.getInputs().size() != 1)
      return op.emitOpError() << "scatters into " << op.getInputs().size()
                              << " operands at once, which strata does not "
                                 "support yet";
    // The body either returns the update (replace) or combines.
    Block &body = op.getUpdateComputation().front();
    BinaryFnAttr combiner;
    auto terminator = dyn_cast<shlo::ReturnOp>(body.getTerminator());
    bool replaces = body.getNumArguments() == 2 && terminator &&
                    terminator->getNumOperands() == 1 &&
                    terminator->getOperand(0) == body.getArgument(1);
    if (!replaces) {
      std::optional<BinaryFn> fn = combinerOf(op.getUpdateComputation());
      if (!fn)
        return op.emitOpError()
               << "has an update computation that neither replaces nor is a "
                  "single add, multiply, maximum, minimum, and or or";
      combiner = BinaryFnAttr::get(getContext(), *fn);
    }
    shlo::ScatterDimensionNumbersAttr dims = op.getScatterDimensionNumbers();
    rewriter.replaceOpWithNewOp<ScatterOp>(
        op, op.getResults()[0].getType(), adaptor.getInputs()[0],
        adaptor.getScatterIndices(), adaptor.getUpdates()[0], combiner,
        dims.getUpdateWindowDims(), dims.getInsertedWindowDims(),
        dims.getInputBatchingDims(), dims.getScatterIndicesBatchingDims(),
        dims.getScatterDimsToOperandDims(), dims.getIndexVectorDim(),
        op.getIndicesAreSorted(), op.getUniqueIndices());
    return success();
  }
};

/// stablehlo.sort whose comparator is a single LT (ascending) or GT
/// (descending) comparison of the first operand's two elements.
struct SortToStrata : OpConversionPattern<shlo::SortOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::SortOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Block &body = op.getComparator().front();
    auto compare = dyn_cast<shlo::CompareOp>(&body.front());
    auto terminator = dyn_cast<shlo::ReturnOp>(body.getTerminator());
    bool simple = compare && terminator &&
                  llvm::hasSingleElement(body.without_terminator()) &&
                  body.getNumArguments() >= 2 &&
                  compare.getLhs() == body.getArgument(0) &&
                  compare.getRhs() == body.getArgument(1) &&
                  terminator->getNumOperands() == 1 &&
                  terminator->getOperand(0) == compare.getResult();
    std::optional<bool> descending;
    if (simple &&
        compare.getComparisonDirection() == shlo::ComparisonDirection::LT)
      descending = false;
    if (simple &&
        compare.getComparisonDirection() == shlo::ComparisonDirection::GT)
      descending = true;
    if (!descending)
      return op.emitOpError()
             << "has a comparator that is not a single LT or GT of the first "
                "operand's elements, which strata does not support yet";
    int64_t rank =
        cast<RankedTensorType>(op.getInputs()[0].getType()).getRank();
    // StableHLO counts a negative dimension from the end.
    int64_t dimension = op.getDimensionAttr().getInt();
    if (dimension < 0)
      dimension += rank;
    auto sorted = SortOp::create(rewriter, op.getLoc(), adaptor.getInputs(),
                                 dimension, *descending);
    rewriter.replaceOp(op, sorted.getResults());
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

struct DotGeneralToStrata : OpConversionPattern<shlo::DotGeneralOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::DotGeneralOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    shlo::DotDimensionNumbersAttr dims = op.getDotDimensionNumbers();
    rewriter.replaceOpWithNewOp<DotOp>(
        op, op.getType(), adaptor.getLhs(), adaptor.getRhs(),
        dims.getLhsBatchingDimensions(), dims.getRhsBatchingDimensions(),
        dims.getLhsContractingDimensions(), dims.getRhsContractingDimensions());
    return success();
  }
};

/// `n` copies of `value` when `attr` is absent, else its values.
static SmallVector<int64_t> orDefault(std::optional<ArrayRef<int64_t>> attr,
                                      size_t n, int64_t value) {
  if (attr)
    return SmallVector<int64_t>(*attr);
  return SmallVector<int64_t>(n, value);
}

/// StableHLO's [n, 2] padding as strata's flat (low, high) list.
static SmallVector<int64_t>
flatPadding(std::optional<DenseIntElementsAttr> attr, size_t n) {
  SmallVector<int64_t> flat;
  if (attr)
    for (APInt value : attr->getValues<APInt>())
      flat.push_back(value.getSExtValue());
  if (flat.empty())
    flat.assign(2 * n, 0);
  return flat;
}

struct ConvolutionToStrata : OpConversionPattern<shlo::ConvolutionOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::ConvolutionOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (auto reversal = op.getWindowReversal())
      if (llvm::is_contained(*reversal, true))
        return op.emitOpError()
               << "reverses its window, which strata does not support yet";
    shlo::ConvDimensionNumbersAttr dims = op.getDimensionNumbers();
    size_t spatial = dims.getInputSpatialDimensions().size();
    auto layout = [](int64_t first, int64_t second, ArrayRef<int64_t> rest) {
      SmallVector<int64_t> list = {first, second};
      llvm::append_range(list, rest);
      return list;
    };
    rewriter.replaceOpWithNewOp<ConvolutionOp>(
        op, op.getType(), adaptor.getLhs(), adaptor.getRhs(),
        layout(dims.getInputBatchDimension(), dims.getInputFeatureDimension(),
               dims.getInputSpatialDimensions()),
        layout(dims.getKernelOutputFeatureDimension(),
               dims.getKernelInputFeatureDimension(),
               dims.getKernelSpatialDimensions()),
        layout(dims.getOutputBatchDimension(), dims.getOutputFeatureDimension(),
               dims.getOutputSpatialDimensions()),
        orDefault(op.getWindowStrides(), spatial, 1),
        flatPadding(op.getPadding(), spatial),
        orDefault(op.getLhsDilation(), spatial, 1),
        orDefault(op.getRhsDilation(), spatial, 1), op.getFeatureGroupCount(),
        op.getBatchGroupCount());
    return success();
  }
};

struct ReduceWindowToStrata : OpConversionPattern<shlo::ReduceWindowOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::ReduceWindowOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (op.getInputs().size() != 1)
      return op.emitOpError() << "reduces " << op.getInputs().size()
                              << " operands together, which strata does not "
                                 "support yet";
    std::optional<BinaryFn> combiner = combinerOf(op.getBody());
    std::optional<ReduceFn> fn =
        combiner ? toReduceFn(*combiner) : std::nullopt;
    if (!fn)
      return op.emitOpError()
             << "has a window body that is not a single add, multiply, "
                "maximum, minimum, and or or of its arguments";
    // Padding takes the initial value, so only the identity keeps meaning.
    if (!isIdentityOf(*fn, op.getInitValues()[0]) &&
        !isIdentityOf(*fn, adaptor.getInitValues()[0]))
      return op.emitOpError() << "starts from a value that is not the "
                                 "identity of its combiner, which strata does "
                                 "not support yet";
    size_t rank = op.getWindowDimensions().size();
    rewriter.replaceOpWithNewOp<ReduceWindowOp>(
        op, *fn, adaptor.getInputs()[0], op.getWindowDimensions(),
        orDefault(op.getWindowStrides(), rank, 1),
        orDefault(op.getBaseDilations(), rank, 1),
        orDefault(op.getWindowDilations(), rank, 1),
        flatPadding(op.getPadding(), rank));
    return success();
  }
};

struct DynamicSliceToStrata : OpConversionPattern<shlo::DynamicSliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::DynamicSliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<DynamicSliceOp>(op, adaptor.getOperand(),
                                                adaptor.getStartIndices(),
                                                op.getSliceSizes());
    return success();
  }
};

/// real_dynamic_slice with a static result and strides of 1 (known at
/// compile time) is a dynamic_slice: the run-time limits only restate the
/// result shape. Each start comes out of the 1-D start tensor as a rank-0
/// tensor.
struct RealDynamicSliceToStrata
    : OpConversionPattern<shlo::RealDynamicSliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::RealDynamicSliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    DenseIntElementsAttr strides;
    if ((!matchPattern(op.getStrides(), m_Constant(&strides)) &&
         !matchPattern(adaptor.getStrides(), m_Constant(&strides))) ||
        llvm::any_of(strides.getValues<APInt>(),
                     [](const APInt &v) { return !v.isOne(); }))
      return op.emitOpError() << "has strides that are not all 1 at compile "
                                 "time, which strata does not support yet";
    auto resultType = cast<RankedTensorType>(op.getType());
    auto startType = cast<RankedTensorType>(op.getStartIndices().getType());
    Location loc = op.getLoc();
    SmallVector<Value> starts;
    for (int64_t d = 0; d < resultType.getRank(); ++d) {
      Value element = SliceOp::create(
          rewriter, loc, adaptor.getStartIndices(), ArrayRef<int64_t>{d},
          ArrayRef<int64_t>{d + 1}, ArrayRef<int64_t>{1});
      starts.push_back(ReshapeOp::create(
          rewriter, loc, RankedTensorType::get({}, startType.getElementType()),
          element));
    }
    rewriter.replaceOpWithNewOp<DynamicSliceOp>(op, adaptor.getOperand(),
                                                starts, resultType.getShape());
    return success();
  }
};

struct DynamicUpdateSliceToStrata
    : OpConversionPattern<shlo::DynamicUpdateSliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::DynamicUpdateSliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<DynamicUpdateSliceOp>(
        op, op.getType(), adaptor.getOperand(), adaptor.getUpdate(),
        adaptor.getStartIndices());
    return success();
  }
};

/// An optimization barrier only stops XLA from moving code across it; the
/// values pass through unchanged.
struct OptimizationBarrierToStrata
    : OpConversionPattern<shlo::OptimizationBarrierOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::OptimizationBarrierOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, adaptor.getOperand());
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Batch normalization, decomposed into graph ops
//===----------------------------------------------------------------------===//

/// Builds the elementwise and reduction ops that StableHLO's batch norm ops
/// stand for, over an operand whose feature dimension is `featureIndex`.
class BatchNormBuilder {
public:
  BatchNormBuilder(ConversionPatternRewriter &rewriter, Location loc,
                   Value operand, int64_t featureIndex)
      : rewriter(rewriter), loc(loc),
        type(cast<RankedTensorType>(operand.getType())),
        featureIndex(featureIndex) {
    for (int64_t d = 0; d < type.getRank(); ++d)
      if (d != featureIndex) {
        reduced.push_back(d);
        count *= type.getDimSize(d);
      }
  }

  /// A per-feature vector spread over the operand's shape.
  Value spread(Value perFeature) {
    return BroadcastInDimOp::create(rewriter, loc, type, perFeature,
                                    ArrayRef<int64_t>{featureIndex});
  }
  Value splat(RankedTensorType like, double value) {
    Type element = like.getElementType();
    return ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(like, rewriter.getFloatAttr(element, value)));
  }
  Value binary(BinaryFn fn, Value lhs, Value rhs) {
    return BinaryOp::create(rewriter, loc, fn, lhs, rhs);
  }
  /// Mean over every dimension but the feature one.
  Value mean(Value value) {
    Value sum = ReduceOp::create(rewriter, loc, ReduceFn::Add, value, reduced);
    return binary(BinaryFn::Div, sum,
                  splat(cast<RankedTensorType>(sum.getType()), count));
  }
  Value sum(Value value) {
    return ReduceOp::create(rewriter, loc, ReduceFn::Add, value, reduced);
  }
  /// rsqrt(variance + epsilon), spread over the operand.
  Value inverseDeviation(Value variance, double epsilon) {
    auto vectorType = cast<RankedTensorType>(variance.getType());
    Value shifted = binary(BinaryFn::Add, variance, splat(vectorType, epsilon));
    return spread(UnaryOp::create(rewriter, loc, UnaryFn::Rsqrt, shifted));
  }

  ConversionPatternRewriter &rewriter;
  Location loc;
  RankedTensorType type;
  int64_t featureIndex;
  SmallVector<int64_t> reduced;
  int64_t count = 1;
};

static LogicalResult checkFloatOperand(Operation *op, Value operand) {
  if (!isa<FloatType>(
          cast<RankedTensorType>(operand.getType()).getElementType()))
    return op->emitOpError() << "needs a float operand";
  return success();
}

struct BatchNormInferenceToStrata
    : OpConversionPattern<shlo::BatchNormInferenceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::BatchNormInferenceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkFloatOperand(op, op.getOperand())))
      return failure();
    BatchNormBuilder bn(rewriter, op.getLoc(), adaptor.getOperand(),
                        op.getFeatureIndex());
    Value centered = bn.binary(BinaryFn::Sub, adaptor.getOperand(),
                               bn.spread(adaptor.getMean()));
    Value normalized =
        bn.binary(BinaryFn::Mul, centered,
                  bn.inverseDeviation(adaptor.getVariance(),
                                      op.getEpsilon().convertToDouble()));
    Value scaled =
        bn.binary(BinaryFn::Mul, normalized, bn.spread(adaptor.getScale()));
    rewriter.replaceOp(
        op, bn.binary(BinaryFn::Add, scaled, bn.spread(adaptor.getOffset())));
    return success();
  }
};

struct BatchNormTrainingToStrata
    : OpConversionPattern<shlo::BatchNormTrainingOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::BatchNormTrainingOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkFloatOperand(op, op.getOperand())))
      return failure();
    BatchNormBuilder bn(rewriter, op.getLoc(), adaptor.getOperand(),
                        op.getFeatureIndex());
    Value mean = bn.mean(adaptor.getOperand());
    Value centered =
        bn.binary(BinaryFn::Sub, adaptor.getOperand(), bn.spread(mean));
    // The biased variance, as StableHLO specifies.
    Value variance = bn.mean(bn.binary(BinaryFn::Mul, centered, centered));
    Value normalized = bn.binary(
        BinaryFn::Mul, centered,
        bn.inverseDeviation(variance, op.getEpsilon().convertToDouble()));
    Value scaled =
        bn.binary(BinaryFn::Mul, normalized, bn.spread(adaptor.getScale()));
    Value output =
        bn.binary(BinaryFn::Add, scaled, bn.spread(adaptor.getOffset()));
    rewriter.replaceOp(op, {output, mean, variance});
    return success();
  }
};

struct BatchNormGradToStrata : OpConversionPattern<shlo::BatchNormGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::BatchNormGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(checkFloatOperand(op, op.getOperand())))
      return failure();
    BatchNormBuilder bn(rewriter, op.getLoc(), adaptor.getOperand(),
                        op.getFeatureIndex());
    Value dy = adaptor.getGradOutput();
    Value inverse = bn.inverseDeviation(adaptor.getVariance(),
                                        op.getEpsilon().convertToDouble());
    Value normalized = bn.binary(BinaryFn::Mul,
                                 bn.binary(BinaryFn::Sub, adaptor.getOperand(),
                                           bn.spread(adaptor.getMean())),
                                 inverse);
    Value gradOffset = bn.sum(dy);
    Value gradScale = bn.sum(bn.binary(BinaryFn::Mul, dy, normalized));
    // dx = scale * inverse / N * (N * dy - sum(dy) - xhat * sum(dy * xhat)).
    Value n = bn.splat(bn.type, static_cast<double>(bn.count));
    Value inner =
        bn.binary(BinaryFn::Sub,
                  bn.binary(BinaryFn::Sub, bn.binary(BinaryFn::Mul, n, dy),
                            bn.spread(gradOffset)),
                  bn.binary(BinaryFn::Mul, normalized, bn.spread(gradScale)));
    Value factor = bn.binary(
        BinaryFn::Div,
        bn.binary(BinaryFn::Mul, bn.spread(adaptor.getScale()), inverse), n);
    Value gradOperand = bn.binary(BinaryFn::Mul, factor, inner);
    rewriter.replaceOp(op, {gradOperand, gradScale, gradOffset});
    return success();
  }
};

/// get_tuple_element of a tuple built in the same function reads the
/// element directly; tuples that escape are not supported.
struct GetTupleElementOfTuple : OpConversionPattern<shlo::GetTupleElementOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::GetTupleElementOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto tuple = op.getOperand().getDefiningOp<shlo::TupleOp>();
    if (!tuple)
      return op.emitOpError() << "reads a tuple that is not built in this "
                                 "function, which strata does not support yet";
    rewriter.replaceOp(
        op, rewriter.getRemappedValue(tuple.getVal()[op.getIndex()]));
    return success();
  }
};

struct DeadTuple : OpConversionPattern<shlo::TupleOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::TupleOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    for (Operation *user : op->getUsers())
      if (!isa<shlo::GetTupleElementOp>(user))
        return op.emitOpError() << "builds a tuple that is used other than by "
                                   "get_tuple_element, which strata does not "
                                   "support yet";
    rewriter.eraseOp(op);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Control flow, as upstream scf ops on tensors
//===----------------------------------------------------------------------===//

/// stablehlo.while becomes scf.while over the same tensors; its regions move
/// over unchanged and their ops are converted in turn.
struct WhileToScf : OpConversionPattern<shlo::WhileOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::WhileOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    for (Type type : op->getResultTypes())
      if (!isa<RankedTensorType>(type))
        return op.emitOpError() << "carries a value of type " << type
                                << "; only tensors are supported";
    auto loop = scf::WhileOp::create(
        rewriter, op.getLoc(), op->getResultTypes(), adaptor.getOperand());
    rewriter.inlineRegionBefore(op.getCond(), loop.getBefore(),
                                loop.getBefore().end());
    rewriter.inlineRegionBefore(op.getBody(), loop.getAfter(),
                                loop.getAfter().end());
    rewriter.replaceOp(op, loop.getResults());
    return success();
  }
};

/// stablehlo.case becomes scf.index_switch on the clamped branch index
/// (StableHLO runs the last branch for an index out of range).
struct CaseToScf : OpConversionPattern<shlo::CaseOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::CaseOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value index = tensor::ExtractOp::create(rewriter, loc, adaptor.getIndex(),
                                            ValueRange{});
    Value asIndex = arith::IndexCastOp::create(rewriter, loc,
                                               rewriter.getIndexType(), index);
    size_t numBranches = op.getBranches().size();
    SmallVector<int64_t> cases;
    for (size_t i = 0; i + 1 < numBranches; ++i)
      cases.push_back(i);
    auto switchOp = scf::IndexSwitchOp::create(
        rewriter, loc, op->getResultTypes(), asIndex, cases, cases.size());
    for (size_t i = 0; i + 1 < numBranches; ++i)
      rewriter.inlineRegionBefore(op.getBranches()[i],
                                  switchOp.getCaseRegions()[i],
                                  switchOp.getCaseRegions()[i].end());
    rewriter.inlineRegionBefore(op.getBranches().back(),
                                switchOp.getDefaultRegion(),
                                switchOp.getDefaultRegion().end());
    rewriter.replaceOp(op, switchOp.getResults());
    return success();
  }
};

/// The terminators of moved regions: scf.condition (on the extracted
/// predicate) in a loop's condition, scf.yield everywhere else.
struct ReturnToScf : OpConversionPattern<shlo::ReturnOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::ReturnOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Operation *parent = op->getParentOp();
    if (auto loop = dyn_cast<scf::WhileOp>(parent)) {
      if (op->getParentRegion() == &loop.getBefore()) {
        Value predicate = tensor::ExtractOp::create(
            rewriter, op.getLoc(), adaptor.getResults()[0], ValueRange{});
        // The condition forwards the loop values it was given.
        rewriter.replaceOpWithNewOp<scf::ConditionOp>(
            op, predicate, loop.getBefore().front().getArguments());
        return success();
      }
    }
    if (!isa<scf::WhileOp, scf::IndexSwitchOp>(parent))
      return failure();
    rewriter.replaceOpWithNewOp<scf::YieldOp>(op, adaptor.getResults());
    return success();
  }
};

struct CustomCallIsUnsupported : OpConversionPattern<shlo::CustomCallOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(shlo::CustomCallOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    return op.emitOpError() << "unsupported custom_call target '"
                            << op.getCallTargetName() << "'";
  }
};

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

struct ConvertStablehloToStrataPass
    : public strata::impl::ConvertStablehloToStrataPassBase<
          ConvertStablehloToStrataPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *context = &getContext();

    // JAX donates the arguments it aliases to results.
    module.walk([&](func::FuncOp func) {
      for (unsigned i = 0; i < func.getNumArguments(); ++i)
        if (func.getArgAttr(i, "tf.aliasing_output"))
          func.setArgAttr(i, "strata.donated", UnitAttr::get(context));
    });

    int64_t before = 0;
    module.walk([&](Operation *op) {
      before += isa<shlo::StablehloInputDialect>(op->getDialect());
    });

    RewritePatternSet patterns(context);
    patterns.add<
        // Unary.
        UnaryToStrata<shlo::AbsOp, UnaryFn::Abs>,
        UnaryToStrata<shlo::CbrtOp, UnaryFn::Cbrt>,
        UnaryToStrata<shlo::CeilOp, UnaryFn::Ceil>,
        UnaryToStrata<shlo::ClzOp, UnaryFn::Clz>,
        UnaryToStrata<shlo::CosineOp, UnaryFn::Cos>,
        UnaryToStrata<shlo::ExpOp, UnaryFn::Exp>,
        UnaryToStrata<shlo::Expm1Op, UnaryFn::Expm1>,
        UnaryToStrata<shlo::FloorOp, UnaryFn::Floor>,
        UnaryToStrata<shlo::IsFiniteOp, UnaryFn::IsFinite>,
        UnaryToStrata<shlo::LogOp, UnaryFn::Log>,
        UnaryToStrata<shlo::Log1pOp, UnaryFn::Log1p>,
        UnaryToStrata<shlo::LogisticOp, UnaryFn::Logistic>,
        UnaryToStrata<shlo::NegOp, UnaryFn::Neg>,
        UnaryToStrata<shlo::NotOp, UnaryFn::Not>,
        UnaryToStrata<shlo::PopcntOp, UnaryFn::Popcnt>,
        UnaryToStrata<shlo::RoundAfzOp, UnaryFn::RoundAfz>,
        UnaryToStrata<shlo::RoundEvenOp, UnaryFn::RoundEven>,
        UnaryToStrata<shlo::RsqrtOp, UnaryFn::Rsqrt>,
        UnaryToStrata<shlo::SignOp, UnaryFn::Sign>,
        UnaryToStrata<shlo::SineOp, UnaryFn::Sin>,
        UnaryToStrata<shlo::SqrtOp, UnaryFn::Sqrt>,
        UnaryToStrata<shlo::TanOp, UnaryFn::Tan>,
        UnaryToStrata<shlo::TanhOp, UnaryFn::Tanh>,
        // Binary.
        BinaryToStrata<shlo::AddOp, BinaryFn::Add>,
        BinaryToStrata<shlo::SubtractOp, BinaryFn::Sub>,
        BinaryToStrata<shlo::MulOp, BinaryFn::Mul>,
        BinaryToStrata<shlo::DivOp, BinaryFn::Div>,
        BinaryToStrata<shlo::RemOp, BinaryFn::Rem>,
        BinaryToStrata<shlo::PowOp, BinaryFn::Pow>,
        BinaryToStrata<shlo::MaxOp, BinaryFn::Max>,
        BinaryToStrata<shlo::MinOp, BinaryFn::Min>,
        BinaryToStrata<shlo::AndOp, BinaryFn::And>,
        BinaryToStrata<shlo::OrOp, BinaryFn::Or>,
        BinaryToStrata<shlo::XorOp, BinaryFn::Xor>,
        BinaryToStrata<shlo::ShiftLeftOp, BinaryFn::Shl>,
        BinaryToStrata<shlo::ShiftRightArithmeticOp, BinaryFn::ShrArith>,
        BinaryToStrata<shlo::ShiftRightLogicalOp, BinaryFn::ShrLogical>,
        BinaryToStrata<shlo::Atan2Op, BinaryFn::Atan2>,
        // Everything else.
        ConstantToStrata, IotaToStrata, ConvertToStrata, CompareToStrata,
        SelectToStrata, ClampToStrata, ReshapeToStrata, BroadcastInDimToStrata,
        TransposeToStrata, SliceToStrata, ConcatenateToStrata, PadToStrata,
        GatherToStrata, ScatterToStrata, ReduceToStrata, DotGeneralToStrata,
        ConvolutionToStrata, ReduceWindowToStrata, DynamicSliceToStrata,
        DynamicUpdateSliceToStrata, OptimizationBarrierToStrata,
        BatchNormInferenceToStrata, BatchNormTrainingToStrata,
        BatchNormGradToStrata, GetTupleElementOfTuple, DeadTuple, WhileToScf,
        BitcastConvertToStrata, ReducePrecisionToStrata, SortToStrata,
        RealDynamicSliceToStrata, RngBitGeneratorToStrata, CaseToScf,
        ReturnToScf, CustomCallIsUnsupported>(context);

    ConversionTarget target(*context);
    target.addLegalDialect<StrataDialect, func::FuncDialect, scf::SCFDialect,
                           tensor::TensorDialect, arith::ArithDialect>();
    target.addLegalOp<ModuleOp>();
    target.addIllegalDialect<shlo::StablehloInputDialect>();
    if (failed(applyFullConversion(module, target, std::move(patterns))))
      return signalPassFailure();
    numConverted += before;
  }
};

} // namespace
