//===- GraphOps.cpp - Verifiers, shape inference and costs of graph ops ---===//

#include "dialects/strata/StrataOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"

#include <cmath>

using namespace mlir;
using namespace mlir::strata;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

static RankedTensorType tensorTypeOf(Value value) {
  return cast<RankedTensorType>(value.getType());
}

/// Formats a shape as `[2, 3, 4]` for diagnostics.
static std::string formatShape(ArrayRef<int64_t> shape) {
  std::string text = "[";
  llvm::raw_string_ostream os(text);
  llvm::interleaveComma(shape, os);
  os << "]";
  return text;
}

/// Checks that every entry of `dims` names a distinct dimension of a tensor
/// of rank `rank`; `what` names the list in the diagnostic.
static LogicalResult
verifyDimensionList(ArrayRef<int64_t> dims, int64_t rank, StringRef what,
                    function_ref<InFlightDiagnostic()> emitError) {
  llvm::SmallSet<int64_t, 8> seen;
  for (int64_t dim : dims) {
    if (dim < 0 || dim >= rank)
      return emitError() << what << " dimension " << dim
                         << " is out of range for rank " << rank;
    if (!seen.insert(dim).second)
      return emitError() << what << " dimension " << dim << " appears twice";
  }
  return success();
}

/// Checks that `perm` is a permutation of [0, rank).
static LogicalResult
verifyPermutation(ArrayRef<int64_t> perm, int64_t rank, StringRef what,
                  function_ref<InFlightDiagnostic()> emitError) {
  if (static_cast<int64_t>(perm.size()) != rank)
    return emitError() << what << " has " << perm.size()
                       << " entries, expected " << rank;
  return verifyDimensionList(perm, rank, what, emitError);
}

static bool isFloat(Type elementType) { return isa<FloatType>(elementType); }

static int64_t numElements(Value value) {
  return tensorTypeOf(value).getNumElements();
}

/// Cost of an op that moves bytes but does no arithmetic.
static OpCost dataMovementCost(Operation *op) {
  OpCost cost = elementwiseCost(op);
  cost.flops = 0;
  return cost;
}

//===----------------------------------------------------------------------===//
// ConstantOp, IotaOp
//===----------------------------------------------------------------------===//

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

OpCost ConstantOp::getCost() {
  // A constant is baked into the artifact: no kernel runs for it.
  return OpCost();
}

LogicalResult IotaOp::verify() {
  RankedTensorType type = getType();
  if (getDimension() >= type.getRank())
    return emitOpError() << "dimension " << getDimension()
                         << " is out of range for a result of rank "
                         << type.getRank();
  if (!type.getElementType().isIntOrFloat())
    return emitOpError() << "needs an integer or float element type, got "
                         << type.getElementType();
  return success();
}

OpCost IotaOp::getCost() { return dataMovementCost(*this); }

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

namespace {
enum class Domain { Float, Integer, Any };
} // namespace

static Domain domainOf(UnaryFn fn) {
  switch (fn) {
  case UnaryFn::Abs:
  case UnaryFn::Neg:
  case UnaryFn::Sign:
    return Domain::Any;
  case UnaryFn::Not:
  case UnaryFn::Popcnt:
  case UnaryFn::Clz:
    return Domain::Integer;
  default:
    return Domain::Float;
  }
}

static Domain domainOf(BinaryFn fn) {
  switch (fn) {
  case BinaryFn::Atan2:
    return Domain::Float;
  case BinaryFn::And:
  case BinaryFn::Or:
  case BinaryFn::Xor:
  case BinaryFn::Shl:
  case BinaryFn::ShrArith:
  case BinaryFn::ShrLogical:
    return Domain::Integer;
  default:
    return Domain::Any;
  }
}

static LogicalResult checkDomain(Operation *op, Domain domain, StringRef fn,
                                 Type elementType) {
  if (domain == Domain::Float && !isFloat(elementType))
    return op->emitOpError()
           << "'" << fn << "' needs a float element type, got " << elementType;
  if (domain == Domain::Integer && !elementType.isSignlessInteger())
    return op->emitOpError()
           << "'" << fn << "' needs a signless integer element type, got "
           << elementType;
  if (!elementType.isIntOrFloat())
    return op->emitOpError()
           << "needs an integer or float element type, got " << elementType;
  return success();
}

LogicalResult UnaryOp::inferReturnTypes(MLIRContext *context,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  RankedTensorType type =
      getStaticTensorType(adaptor.getOperand(), loc, getOperationName());
  if (!type)
    return failure();
  if (adaptor.getFn() == UnaryFn::IsFinite)
    inferred.push_back(type.clone(IntegerType::get(context, 1)));
  else
    inferred.push_back(type);
  return success();
}

LogicalResult UnaryOp::verify() {
  return checkDomain(*this, domainOf(getFn()), stringifyUnaryFn(getFn()),
                     getOperand().getType().getElementType());
}

LogicalResult BinaryOp::verify() {
  return checkDomain(*this, domainOf(getFn()), stringifyBinaryFn(getFn()),
                     getType().getElementType());
}

LogicalResult CompareOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  RankedTensorType type =
      getStaticTensorType(adaptor.getLhs(), loc, getOperationName());
  if (!type)
    return failure();
  inferred.push_back(type.clone(IntegerType::get(context, 1)));
  return success();
}

LogicalResult SelectOp::verify() {
  RankedTensorType pred = getPred().getType();
  if (pred.getRank() != 0 && pred.getShape() != getType().getShape())
    return emitOpError() << "predicate shape " << formatShape(pred.getShape())
                         << " must be the operands' shape "
                         << formatShape(getType().getShape()) << " or rank 0";
  return success();
}

LogicalResult ClampOp::verify() {
  RankedTensorType type = getOperand().getType();
  for (auto [name, bound] : {std::pair<StringRef, Value>{"min", getMin()},
                             std::pair<StringRef, Value>{"max", getMax()}}) {
    RankedTensorType boundType = tensorTypeOf(bound);
    if (boundType.getElementType() != type.getElementType())
      return emitOpError() << name << " has element type "
                           << boundType.getElementType() << ", expected "
                           << type.getElementType();
    if (boundType.getRank() != 0 && boundType.getShape() != type.getShape())
      return emitOpError() << name << " shape "
                           << formatShape(boundType.getShape())
                           << " must be the operand's shape "
                           << formatShape(type.getShape()) << " or rank 0";
  }
  return success();
}

OpFoldResult ConvertOp::fold(FoldAdaptor) {
  if (getOperand().getType() == getType())
    return getOperand();
  return {};
}

LogicalResult BitcastConvertOp::verify() {
  RankedTensorType in = getOperand().getType(), out = getType();
  Type from = in.getElementType(), to = out.getElementType();
  if (!from.isIntOrFloat() || !to.isIntOrFloat())
    return emitOpError() << "needs integer or float element types";
  unsigned fromBits = from.getIntOrFloatBitWidth();
  unsigned toBits = to.getIntOrFloatBitWidth();
  SmallVector<int64_t> expected(in.getShape());
  if (fromBits > toBits) {
    if (fromBits % toBits)
      return emitOpError() << "cannot split " << from << " into " << to;
    expected.push_back(fromBits / toBits);
  } else if (fromBits < toBits) {
    if (toBits % fromBits || expected.empty() ||
        expected.back() != toBits / fromBits)
      return emitOpError() << "needs a trailing dimension of "
                           << toBits / std::max(fromBits, 1u) << " " << from
                           << " elements per " << to << ", got "
                           << formatShape(in.getShape());
    expected.pop_back();
  }
  if (ArrayRef<int64_t>(expected) != out.getShape())
    return emitOpError() << "result shape " << formatShape(out.getShape())
                         << " does not match the inferred shape "
                         << formatShape(expected);
  return success();
}

OpCost BitcastConvertOp::getCost() { return dataMovementCost(*this); }

LogicalResult ReducePrecisionOp::verify() {
  auto type = dyn_cast<FloatType>(getType().getElementType());
  if (!type || !(type.isF32() || type.isF64()))
    return emitOpError() << "needs f32 or f64 elements, got "
                         << getType().getElementType();
  if (getExponentBits() >
          static_cast<int32_t>(type.getWidth() - type.getFPMantissaWidth()) ||
      getMantissaBits() >= static_cast<int32_t>(type.getFPMantissaWidth()))
    return emitOpError() << "asks for more exponent or mantissa bits than "
                         << type << " has";
  return success();
}

LogicalResult RngBitGeneratorOp::verify() {
  RankedTensorType state = getInitialState().getType();
  if (state.getRank() != 1 || state.getDimSize(0) < 2 ||
      !state.getElementType().isUnsignedInteger(64))
    return emitOpError() << "needs a state of at least two ui64 words, got "
                         << state;
  Type element = getOutput().getType().getElementType();
  if (!element.isUnsignedInteger(8) && !element.isUnsignedInteger(32) &&
      !element.isUnsignedInteger(64))
    return emitOpError() << "produces ui8, ui32 or ui64 bits, not " << element;
  return success();
}

OpCost RngBitGeneratorOp::getCost() {
  // About 60 integer operations per 64-bit block of Threefry-2x32-20.
  OpCost cost = elementwiseCost(*this);
  cost.flops = 60 * llvm::divideCeil(getSizeInBytes(getOutput().getType()), 8);
  return cost;
}

//===----------------------------------------------------------------------===//
// DotOp
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<int64_t>> DotOp::inferResultShape(
    ArrayRef<int64_t> lhsShape, ArrayRef<int64_t> rhsShape,
    ArrayRef<int64_t> lhsBatching, ArrayRef<int64_t> rhsBatching,
    ArrayRef<int64_t> lhsContracting, ArrayRef<int64_t> rhsContracting,
    function_ref<InFlightDiagnostic()> emitError) {
  int64_t lhsRank = lhsShape.size(), rhsRank = rhsShape.size();
  if (lhsBatching.size() != rhsBatching.size())
    return emitError() << "has " << lhsBatching.size()
                       << " lhs batching dimensions but " << rhsBatching.size()
                       << " rhs batching dimensions";
  if (lhsContracting.size() != rhsContracting.size())
    return emitError() << "has " << lhsContracting.size()
                       << " lhs contracting dimensions but "
                       << rhsContracting.size()
                       << " rhs contracting dimensions";
  SmallVector<int64_t> lhsUsed(lhsBatching), rhsUsed(rhsBatching);
  llvm::append_range(lhsUsed, lhsContracting);
  llvm::append_range(rhsUsed, rhsContracting);
  if (failed(verifyDimensionList(lhsUsed, lhsRank, "lhs batching/contracting",
                                 emitError)) ||
      failed(verifyDimensionList(rhsUsed, rhsRank, "rhs batching/contracting",
                                 emitError)))
    return failure();
  for (auto [l, r] : llvm::zip(lhsBatching, rhsBatching))
    if (lhsShape[l] != rhsShape[r])
      return emitError() << "lhs batching dimension " << l << " has size "
                         << lhsShape[l] << " but rhs batching dimension " << r
                         << " has size " << rhsShape[r];
  for (auto [l, r] : llvm::zip(lhsContracting, rhsContracting))
    if (lhsShape[l] != rhsShape[r])
      return emitError() << "lhs contracting dimension " << l << " has size "
                         << lhsShape[l] << " but rhs contracting dimension "
                         << r << " has size " << rhsShape[r];
  SmallVector<int64_t> shape;
  for (int64_t dim : lhsBatching)
    shape.push_back(lhsShape[dim]);
  for (int64_t dim = 0; dim < lhsRank; ++dim)
    if (!llvm::is_contained(lhsUsed, dim))
      shape.push_back(lhsShape[dim]);
  for (int64_t dim = 0; dim < rhsRank; ++dim)
    if (!llvm::is_contained(rhsUsed, dim))
      shape.push_back(rhsShape[dim]);
  return shape;
}

LogicalResult DotOp::verify() {
  RankedTensorType lhs = getLhs().getType(), rhs = getRhs().getType();
  if (lhs.getElementType() != rhs.getElementType())
    return emitOpError() << "operands have different element types "
                         << lhs.getElementType() << " and "
                         << rhs.getElementType();
  if (isFloat(lhs.getElementType()) != isFloat(getType().getElementType()))
    return emitOpError() << "result element type " << getType().getElementType()
                         << " is not of the same kind as the operands' "
                         << lhs.getElementType();
  if (!lhs.getElementType().isIntOrFloat() ||
      !getType().getElementType().isIntOrFloat())
    return emitOpError() << "needs integer or float element types";
  if (getType().getElementType().getIntOrFloatBitWidth() <
      lhs.getElementType().getIntOrFloatBitWidth())
    return emitOpError() << "result element type " << getType().getElementType()
                         << " is narrower than the operands' "
                         << lhs.getElementType();
  auto shape = inferResultShape(
      lhs.getShape(), rhs.getShape(), getLhsBatchingDimensions(),
      getRhsBatchingDimensions(), getLhsContractingDimensions(),
      getRhsContractingDimensions(), [&] { return emitOpError(); });
  if (failed(shape))
    return failure();
  if (ArrayRef<int64_t>(*shape) != getType().getShape())
    return emitOpError() << "result shape " << formatShape(getType().getShape())
                         << " does not match the inferred shape "
                         << formatShape(*shape);
  return success();
}

OpCost DotOp::getCost() {
  OpCost cost = elementwiseCost(*this);
  int64_t contracted = 1;
  for (int64_t dim : getLhsContractingDimensions())
    contracted *= getLhs().getType().getDimSize(dim);
  cost.flops = 2 * numElements(getResult()) * contracted;
  cost.unit = ComputeUnit::Matrix;
  return cost;
}

//===----------------------------------------------------------------------===//
// ConvolutionOp
//===----------------------------------------------------------------------===//

LogicalResult ConvolutionOp::verify() {
  RankedTensorType input = getLhs().getType(), kernel = getRhs().getType();
  RankedTensorType output = getType();
  int64_t rank = input.getRank();
  auto emit = [&] { return emitOpError(); };
  if (rank < 2 || kernel.getRank() != rank || output.getRank() != rank)
    return emitOpError() << "needs input, kernel and result of one rank >= 2, "
                         << "got " << rank << ", " << kernel.getRank()
                         << " and " << output.getRank();
  if (input.getElementType() != kernel.getElementType())
    return emitOpError() << "input and kernel have different element types "
                         << input.getElementType() << " and "
                         << kernel.getElementType();
  if (failed(verifyPermutation(getInputDims(), rank, "input_dims", emit)) ||
      failed(verifyPermutation(getKernelDims(), rank, "kernel_dims", emit)) ||
      failed(verifyPermutation(getOutputDims(), rank, "output_dims", emit)))
    return failure();
  size_t spatial = rank - 2;
  for (auto [name, list, expected] :
       {std::tuple<StringRef, ArrayRef<int64_t>, size_t>{
            "window_strides", getWindowStrides(), spatial},
        {"lhs_dilation", getLhsDilation(), spatial},
        {"rhs_dilation", getRhsDilation(), spatial},
        {"padding", getPadding(), 2 * spatial}}) {
    if (list.size() != expected)
      return emitOpError() << name << " has " << list.size()
                           << " entries, expected " << expected;
    if (name != "padding" &&
        llvm::any_of(list, [](int64_t v) { return v < 1; }))
      return emitOpError() << name << " entries must be positive";
  }
  int64_t groups = getFeatureGroupCount(), batchGroups = getBatchGroupCount();
  if (groups > 1 && batchGroups > 1)
    return emitOpError() << "feature_group_count and batch_group_count cannot "
                            "both exceed 1";
  int64_t batch = input.getDimSize(getInputDims()[0]);
  int64_t features = input.getDimSize(getInputDims()[1]);
  int64_t kernelOut = kernel.getDimSize(getKernelDims()[0]);
  int64_t kernelIn = kernel.getDimSize(getKernelDims()[1]);
  if (features % groups != 0 || features / groups != kernelIn)
    return emitOpError() << "input features (" << features
                         << ") must equal kernel input features (" << kernelIn
                         << ") times feature_group_count (" << groups << ")";
  if (kernelOut % groups != 0)
    return emitOpError() << "kernel output features (" << kernelOut
                         << ") must be divisible by feature_group_count ("
                         << groups << ")";
  if (batch % batchGroups != 0 || kernelOut % batchGroups != 0)
    return emitOpError() << "batch (" << batch
                         << ") and kernel output features (" << kernelOut
                         << ") must be divisible by "
                         << "batch_group_count (" << batchGroups << ")";
  SmallVector<int64_t> expected(rank);
  expected[getOutputDims()[0]] = batch / batchGroups;
  expected[getOutputDims()[1]] = kernelOut;
  for (size_t i = 0; i < spatial; ++i) {
    int64_t in = input.getDimSize(getInputDims()[2 + i]);
    int64_t window = kernel.getDimSize(getKernelDims()[2 + i]);
    int64_t dilatedIn = (in - 1) * getLhsDilation()[i] + 1 +
                        getPadding()[2 * i] + getPadding()[2 * i + 1];
    int64_t dilatedWindow = (window - 1) * getRhsDilation()[i] + 1;
    expected[getOutputDims()[2 + i]] =
        dilatedIn < dilatedWindow
            ? 0
            : (dilatedIn - dilatedWindow) / getWindowStrides()[i] + 1;
  }
  if (ArrayRef<int64_t>(expected) != output.getShape())
    return emitOpError() << "result shape " << formatShape(output.getShape())
                         << " does not match the inferred shape "
                         << formatShape(expected);
  return success();
}

OpCost ConvolutionOp::getCost() {
  OpCost cost = elementwiseCost(*this);
  RankedTensorType kernel = getRhs().getType();
  int64_t window = kernel.getDimSize(getKernelDims()[1]);
  for (int64_t dim : getKernelDims().drop_front(2))
    window *= kernel.getDimSize(dim);
  cost.flops = 2 * numElements(getResult()) * window;
  cost.unit = ComputeUnit::Matrix;
  return cost;
}

//===----------------------------------------------------------------------===//
// ReduceOp, SoftmaxOp, LayerNormOp, RmsNormOp
//===----------------------------------------------------------------------===//

LogicalResult ReduceOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  RankedTensorType type =
      getStaticTensorType(adaptor.getOperand(), loc, getOperationName());
  if (!type)
    return failure();
  ArrayRef<int64_t> dims = adaptor.getDimensions();
  if (failed(verifyDimensionList(dims, type.getRank(), "reduced", [&] {
        return emitInferenceError(loc, type.getContext(), getOperationName());
      })))
    return failure();
  SmallVector<int64_t> shape;
  for (auto [dim, size] : llvm::enumerate(type.getShape()))
    if (!llvm::is_contained(dims, static_cast<int64_t>(dim)))
      shape.push_back(size);
  inferred.push_back(type.clone(shape));
  return success();
}

LogicalResult mlir::strata::verifyReduceFn(Operation *op, ReduceFn fn,
                                           Type elementType) {
  bool logical = fn == ReduceFn::And || fn == ReduceFn::Or;
  if (logical && !elementType.isSignlessInteger())
    return op->emitOpError()
           << "'" << stringifyReduceFn(fn)
           << "' needs a signless integer element type, got " << elementType;
  if (!elementType.isIntOrFloat())
    return op->emitOpError()
           << "needs an integer or float element type, got " << elementType;
  return success();
}

LogicalResult ReduceOp::verify() {
  return verifyReduceFn(*this, getFn(),
                        getOperand().getType().getElementType());
}

OpCost ReduceOp::getCost() {
  OpCost cost = elementwiseCost(*this);
  cost.flops = numElements(getOperand());
  return cost;
}

/// The result size of one dimension of a windowed reduction.
static int64_t windowedSize(int64_t size, int64_t window, int64_t stride,
                            int64_t baseDilation, int64_t windowDilation,
                            int64_t low, int64_t high) {
  int64_t padded = (size == 0 ? 0 : (size - 1) * baseDilation + 1) + low + high;
  int64_t dilatedWindow = (window - 1) * windowDilation + 1;
  return padded < dilatedWindow ? 0 : (padded - dilatedWindow) / stride + 1;
}

LogicalResult
ReduceWindowOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                 Adaptor adaptor,
                                 SmallVectorImpl<Type> &inferred) {
  RankedTensorType type =
      getStaticTensorType(adaptor.getOperand(), loc, getOperationName());
  if (!type)
    return failure();
  int64_t rank = type.getRank();
  ArrayRef<int64_t> window = adaptor.getWindowDimensions(),
                    strides = adaptor.getWindowStrides(),
                    baseDilations = adaptor.getBaseDilations(),
                    windowDilations = adaptor.getWindowDilations(),
                    padding = adaptor.getPadding();
  for (auto [name, list] :
       {std::pair<StringRef, ArrayRef<int64_t>>{"window_dimensions", window},
        {"window_strides", strides},
        {"base_dilations", baseDilations},
        {"window_dilations", windowDilations}}) {
    if (static_cast<int64_t>(list.size()) != rank)
      return emitOptionalError(loc, "'", getOperationName(), "' op ", name,
                               " has ", list.size(), " entries, expected ",
                               rank);
    if (llvm::any_of(list, [](int64_t v) { return v < 1; }))
      return emitOptionalError(loc, "'", getOperationName(), "' op ", name,
                               " entries must be positive");
  }
  if (static_cast<int64_t>(padding.size()) != 2 * rank)
    return emitOptionalError(loc, "'", getOperationName(), "' op padding has ",
                             padding.size(), " entries, expected ", 2 * rank);
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d)
    shape.push_back(windowedSize(type.getDimSize(d), window[d], strides[d],
                                 baseDilations[d], windowDilations[d],
                                 padding[2 * d], padding[2 * d + 1]));
  inferred.push_back(type.clone(shape));
  return success();
}

LogicalResult ReduceWindowOp::verify() {
  return verifyReduceFn(*this, getFn(), getType().getElementType());
}

OpCost ReduceWindowOp::getCost() {
  OpCost cost = elementwiseCost(*this);
  int64_t window = 1;
  for (int64_t size : getWindowDimensions())
    window *= size;
  cost.flops = numElements(getResult()) * window;
  return cost;
}

LogicalResult SortOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  llvm::append_range(inferred, adaptor.getInputs().getTypes());
  return success();
}

LogicalResult SortOp::verify() {
  if (getInputs().empty())
    return emitOpError() << "needs at least one operand";
  RankedTensorType keys = tensorTypeOf(getInputs().front());
  for (Value input : getInputs().drop_front())
    if (tensorTypeOf(input).getShape() != keys.getShape())
      return emitOpError() << "operand of type " << input.getType()
                           << " does not have the keys' shape "
                           << formatShape(keys.getShape());
  if (getDimension() >= static_cast<uint64_t>(keys.getRank()))
    return emitOpError() << "dimension " << getDimension()
                         << " is out of range for rank " << keys.getRank();
  return success();
}

OpCost SortOp::getCost() {
  OpCost cost = elementwiseCost(*this);
  RankedTensorType keys = tensorTypeOf(getInputs().front());
  int64_t length = keys.getDimSize(getDimension());
  cost.flops =
      keys.getNumElements() *
      static_cast<int64_t>(std::ceil(std::log2(std::max<int64_t>(length, 2))));
  return cost;
}

LogicalResult SoftmaxOp::verify() {
  if (getDimension() >= getType().getRank())
    return emitOpError() << "dimension " << getDimension()
                         << " is out of range for rank " << getType().getRank();
  if (!isFloat(getType().getElementType()))
    return emitOpError() << "needs a float element type, got "
                         << getType().getElementType();
  return success();
}

OpCost SoftmaxOp::getCost() {
  // max, subtract, exp, sum, divide.
  OpCost cost = elementwiseCost(*this);
  cost.flops = 5 * numElements(getResult());
  return cost;
}

/// Shared checks of the normalizations: `axis` in range, float operand, and
/// each parameter shaped like the normalized trailing dimensions.
static LogicalResult verifyNormalization(Operation *op, RankedTensorType type,
                                         uint64_t axis, ValueRange params) {
  if (static_cast<int64_t>(axis) >= type.getRank())
    return op->emitOpError()
           << "axis " << axis << " is out of range for rank " << type.getRank();
  if (!isFloat(type.getElementType()))
    return op->emitOpError()
           << "needs a float element type, got " << type.getElementType();
  ArrayRef<int64_t> trailing = type.getShape().drop_front(axis);
  for (Value param : params) {
    RankedTensorType paramType = tensorTypeOf(param);
    if (paramType.getShape() != trailing ||
        paramType.getElementType() != type.getElementType())
      return op->emitOpError() << "parameter of type " << paramType
                               << " must have shape " << formatShape(trailing)
                               << " and element type " << type.getElementType();
  }
  return success();
}

LogicalResult LayerNormOp::verify() {
  return verifyNormalization(*this, getType(), getAxis(),
                             {getScale(), getBias()});
}

OpCost LayerNormOp::getCost() {
  // mean, centre, square, variance, rsqrt-scale, scale, shift (+ rounding).
  OpCost cost = elementwiseCost(*this);
  cost.flops = 8 * numElements(getResult());
  return cost;
}

LogicalResult RmsNormOp::verify() {
  return verifyNormalization(*this, getType(), getAxis(), {getScale()});
}

OpCost RmsNormOp::getCost() {
  // square, mean, rsqrt-scale, scale (+ rounding).
  OpCost cost = elementwiseCost(*this);
  cost.flops = 5 * numElements(getResult());
  return cost;
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  RankedTensorType in = getOperand().getType(), out = getType();
  if (in.getElementType() != out.getElementType())
    return emitOpError() << "cannot change the element type from "
                         << in.getElementType() << " to "
                         << out.getElementType();
  if (in.getNumElements() != out.getNumElements())
    return emitOpError() << "cannot reshape " << in.getNumElements()
                         << " elements into " << out.getNumElements();
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getOperand().getType() == getType())
    return getOperand();
  // reshape(reshape(x)) reads the same row-major elements as one reshape.
  if (auto producer = getOperand().getDefiningOp<ReshapeOp>()) {
    getOperandMutable().assign(producer.getOperand());
    return getResult();
  }
  if (auto elements = dyn_cast_or_null<DenseElementsAttr>(adaptor.getOperand()))
    return elements.reshape(getType());
  return {};
}

OpCost ReshapeOp::getCost() {
  // A view of the same buffer: nothing moves.
  return OpCost();
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  RankedTensorType type =
      getStaticTensorType(adaptor.getOperand(), loc, getOperationName());
  if (!type)
    return failure();
  ArrayRef<int64_t> perm = adaptor.getPermutation();
  if (failed(verifyPermutation(perm, type.getRank(), "permutation", [&] {
        return emitInferenceError(loc, type.getContext(), getOperationName());
      })))
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t dim : perm)
    shape.push_back(type.getDimSize(dim));
  inferred.push_back(type.clone(shape));
  return success();
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  for (auto [index, dim] : llvm::enumerate(getPermutation()))
    if (static_cast<int64_t>(index) != dim)
      return {};
  return getOperand();
}

OpCost TransposeOp::getCost() { return dataMovementCost(*this); }

LogicalResult BroadcastInDimOp::verify() {
  RankedTensorType in = getOperand().getType(), out = getType();
  ArrayRef<int64_t> dims = getDimensions();
  if (in.getElementType() != out.getElementType())
    return emitOpError() << "cannot change the element type from "
                         << in.getElementType() << " to "
                         << out.getElementType();
  if (static_cast<int64_t>(dims.size()) != in.getRank())
    return emitOpError() << "has " << dims.size()
                         << " broadcast dimensions for an operand of rank "
                         << in.getRank();
  for (auto [index, dim] : llvm::enumerate(dims)) {
    if (dim < 0 || dim >= out.getRank())
      return emitOpError() << "broadcast dimension " << dim
                           << " is out of range for a result of rank "
                           << out.getRank();
    if (index > 0 && dims[index - 1] >= dim)
      return emitOpError()
             << "broadcast dimensions must be strictly increasing";
    int64_t size = in.getDimSize(index);
    if (size != 1 && size != out.getDimSize(dim))
      return emitOpError() << "operand dimension " << index << " of size "
                           << size << " cannot broadcast to result dimension "
                           << dim << " of size " << out.getDimSize(dim);
  }
  return success();
}

OpCost BroadcastInDimOp::getCost() { return dataMovementCost(*this); }

LogicalResult SliceOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  RankedTensorType type =
      getStaticTensorType(adaptor.getOperand(), loc, getOperationName());
  if (!type)
    return failure();
  auto emit = [&] {
    return emitInferenceError(loc, type.getContext(), getOperationName());
  };
  ArrayRef<int64_t> start = adaptor.getStartIndices(),
                    limit = adaptor.getLimitIndices(),
                    strides = adaptor.getStrides();
  int64_t rank = type.getRank();
  if (static_cast<int64_t>(start.size()) != rank ||
      static_cast<int64_t>(limit.size()) != rank ||
      static_cast<int64_t>(strides.size()) != rank)
    return emit() << "needs one start, limit and stride per dimension (rank "
                  << rank << ")";
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    if (start[d] < 0 || start[d] > limit[d] || limit[d] > type.getDimSize(d))
      return emit() << "slice [" << start[d] << ", " << limit[d]
                    << ") is out of bounds of dimension " << d << " of size "
                    << type.getDimSize(d);
    if (strides[d] < 1)
      return emit() << "stride " << strides[d] << " of dimension " << d
                    << " must be positive";
    shape.push_back(llvm::divideCeil(limit[d] - start[d], strides[d]));
  }
  inferred.push_back(type.clone(shape));
  return success();
}

OpCost SliceOp::getCost() {
  // Reads only the elements it keeps.
  OpCost cost = dataMovementCost(*this);
  cost.bytesRead = getSizeInBytes(getType());
  return cost;
}

LogicalResult ConcatenateOp::inferReturnTypes(MLIRContext *context,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &inferred) {
  auto emit = [&] {
    return emitInferenceError(loc, context, getOperationName());
  };
  if (adaptor.getInputs().empty())
    return emit() << "needs at least one input";
  RankedTensorType first =
      getStaticTensorType(adaptor.getInputs().front(), loc, getOperationName());
  if (!first)
    return failure();
  int64_t dim = adaptor.getDimension();
  if (dim >= first.getRank())
    return emit() << "dimension " << dim << " is out of range for rank "
                  << first.getRank();
  SmallVector<int64_t> shape(first.getShape());
  for (Value input : adaptor.getInputs().drop_front()) {
    RankedTensorType type = getStaticTensorType(input, loc, getOperationName());
    if (!type)
      return failure();
    if (type.getElementType() != first.getElementType() ||
        type.getRank() != first.getRank())
      return emit() << "input of type " << type
                    << " does not match the first input's type " << first;
    for (int64_t d = 0; d < type.getRank(); ++d)
      if (d != dim && type.getDimSize(d) != first.getDimSize(d))
        return emit() << "inputs differ in size along dimension " << d
                      << ", which is not the concatenated one";
    shape[dim] += type.getDimSize(dim);
  }
  inferred.push_back(first.clone(shape));
  return success();
}

OpCost ConcatenateOp::getCost() { return dataMovementCost(*this); }

LogicalResult PadOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  RankedTensorType type =
      getStaticTensorType(adaptor.getOperand(), loc, getOperationName());
  if (!type)
    return failure();
  RankedTensorType value =
      getStaticTensorType(adaptor.getPaddingValue(), loc, getOperationName());
  if (!value)
    return failure();
  auto emit = [&] {
    return emitInferenceError(loc, type.getContext(), getOperationName());
  };
  if (value.getRank() != 0 || value.getElementType() != type.getElementType())
    return emit() << "padding value must be a rank-0 tensor of "
                  << type.getElementType() << ", got " << value;
  ArrayRef<int64_t> low = adaptor.getEdgePaddingLow(),
                    high = adaptor.getEdgePaddingHigh(),
                    interior = adaptor.getInteriorPadding();
  int64_t rank = type.getRank();
  if (static_cast<int64_t>(low.size()) != rank ||
      static_cast<int64_t>(high.size()) != rank ||
      static_cast<int64_t>(interior.size()) != rank)
    return emit() << "needs one low, high and interior padding per dimension "
                  << "(rank " << rank << ")";
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    if (interior[d] < 0)
      return emit() << "interior padding of dimension " << d
                    << " must not be negative";
    int64_t size = type.getDimSize(d);
    int64_t padded =
        low[d] + high[d] + size + std::max<int64_t>(size - 1, 0) * interior[d];
    if (padded < 0)
      return emit() << "padding leaves dimension " << d
                    << " with negative size " << padded;
    shape.push_back(padded);
  }
  inferred.push_back(type.clone(shape));
  return success();
}

OpCost PadOp::getCost() { return dataMovementCost(*this); }

/// Checks that there is one rank-0 start index per dimension of `type`.
static LogicalResult verifyStartIndices(Operation *op, RankedTensorType type,
                                        ValueRange indices) {
  if (static_cast<int64_t>(indices.size()) != type.getRank())
    return op->emitOpError()
           << "has " << indices.size()
           << " start indices for an operand of rank " << type.getRank();
  for (Value index : indices)
    if (tensorTypeOf(index).getRank() != 0)
      return op->emitOpError()
             << "start indices must be rank-0 tensors, got " << index.getType();
  return success();
}

LogicalResult
DynamicSliceOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                 Adaptor adaptor,
                                 SmallVectorImpl<Type> &inferred) {
  RankedTensorType type =
      getStaticTensorType(adaptor.getOperand(), loc, getOperationName());
  if (!type)
    return failure();
  ArrayRef<int64_t> sizes = adaptor.getSliceSizes();
  if (static_cast<int64_t>(sizes.size()) != type.getRank())
    return emitOptionalError(
        loc, "'", getOperationName(), "' op has ", sizes.size(),
        " slice sizes for an operand of rank ", type.getRank());
  if (static_cast<int64_t>(adaptor.getStartIndices().size()) != type.getRank())
    return emitOptionalError(loc, "'", getOperationName(), "' op has ",
                             adaptor.getStartIndices().size(),
                             " start indices for an operand of rank ",
                             type.getRank());
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (sizes[d] < 0 || sizes[d] > type.getDimSize(d))
      return emitOptionalError(loc, "'", getOperationName(), "' op slice size ",
                               sizes[d], " of dimension ", d,
                               " does not fit the operand's size ",
                               type.getDimSize(d));
  inferred.push_back(type.clone(sizes));
  return success();
}

LogicalResult DynamicSliceOp::verify() {
  return verifyStartIndices(*this, getOperand().getType(), getStartIndices());
}

OpCost DynamicSliceOp::getCost() {
  OpCost cost = dataMovementCost(*this);
  cost.bytesRead = 2 * getSizeInBytes(getType());
  return cost;
}

LogicalResult DynamicUpdateSliceOp::verify() {
  RankedTensorType type = getOperand().getType(),
                   update = getUpdate().getType();
  if (update.getElementType() != type.getElementType() ||
      update.getRank() != type.getRank())
    return emitOpError() << "update " << update
                         << " must have the operand's rank and element type";
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (update.getDimSize(d) > type.getDimSize(d))
      return emitOpError() << "update dimension " << d << " of size "
                           << update.getDimSize(d)
                           << " exceeds the operand's size "
                           << type.getDimSize(d);
  return verifyStartIndices(*this, type, getStartIndices());
}

OpCost DynamicUpdateSliceOp::getCost() { return dataMovementCost(*this); }

//===----------------------------------------------------------------------===//
// GatherOp, ScatterOp
//===----------------------------------------------------------------------===//

/// Dimensions of the index tensor that are batch dimensions (all but the
/// index vector dimension).
static SmallVector<int64_t> indexBatchShape(RankedTensorType indices,
                                            int64_t indexVectorDim) {
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < indices.getRank(); ++d)
    if (d != indexVectorDim)
      shape.push_back(indices.getDimSize(d));
  return shape;
}

static int64_t indexVectorSize(RankedTensorType indices,
                               int64_t indexVectorDim) {
  return indexVectorDim == indices.getRank()
             ? 1
             : indices.getDimSize(indexVectorDim);
}

LogicalResult GatherOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  RankedTensorType operand =
      getStaticTensorType(adaptor.getOperand(), loc, getOperationName());
  if (!operand)
    return failure();
  RankedTensorType indices =
      getStaticTensorType(adaptor.getStartIndices(), loc, getOperationName());
  if (!indices)
    return failure();
  auto emit = [&] {
    return emitInferenceError(loc, operand.getContext(), getOperationName());
  };
  int64_t indexVectorDim = adaptor.getIndexVectorDim();
  ArrayRef<int64_t> sliceSizes = adaptor.getSliceSizes();
  ArrayRef<int64_t> collapsed = adaptor.getCollapsedSliceDims();
  ArrayRef<int64_t> operandBatching = adaptor.getOperandBatchingDims();
  ArrayRef<int64_t> offsetDims = adaptor.getOffsetDims();
  if (indexVectorDim > indices.getRank())
    return emit() << "index_vector_dim " << indexVectorDim
                  << " is out of range for start indices of rank "
                  << indices.getRank();
  if (static_cast<int64_t>(sliceSizes.size()) != operand.getRank())
    return emit() << "has " << sliceSizes.size()
                  << " slice sizes for an operand of rank "
                  << operand.getRank();
  for (int64_t d = 0; d < operand.getRank(); ++d)
    if (sliceSizes[d] < 0 || sliceSizes[d] > operand.getDimSize(d))
      return emit() << "slice size " << sliceSizes[d] << " of dimension " << d
                    << " does not fit the operand's size "
                    << operand.getDimSize(d);
  SmallVector<int64_t> dropped(collapsed);
  llvm::append_range(dropped, operandBatching);
  if (failed(verifyDimensionList(dropped, operand.getRank(),
                                 "collapsed/batching", emit)))
    return failure();
  for (int64_t d : dropped)
    if (sliceSizes[d] > 1)
      return emit() << "collapsed or batching dimension " << d
                    << " must have slice size at most 1";
  if (static_cast<int64_t>(adaptor.getStartIndexMap().size()) !=
      indexVectorSize(indices, indexVectorDim))
    return emit() << "start_index_map has " << adaptor.getStartIndexMap().size()
                  << " entries but index vectors have "
                  << indexVectorSize(indices, indexVectorDim);
  if (failed(verifyDimensionList(adaptor.getStartIndexMap(), operand.getRank(),
                                 "start_index_map", emit)))
    return failure();
  ArrayRef<int64_t> indexBatching = adaptor.getStartIndicesBatchingDims();
  if (indexBatching.size() != operandBatching.size())
    return emit() << "has " << indexBatching.size()
                  << " start_indices_batching_dims but "
                  << operandBatching.size() << " operand_batching_dims";
  if (failed(verifyDimensionList(indexBatching, indices.getRank(),
                                 "start_indices_batching", emit)))
    return failure();
  if (llvm::is_contained(indexBatching, indexVectorDim))
    return emit() << "index_vector_dim " << indexVectorDim
                  << " cannot be a start_indices_batching_dim";
  SmallVector<int64_t> offsetSizes;
  for (int64_t d = 0; d < operand.getRank(); ++d)
    if (!llvm::is_contained(dropped, d))
      offsetSizes.push_back(sliceSizes[d]);
  if (offsetSizes.size() != offsetDims.size())
    return emit() << "has " << offsetDims.size() << " offset_dims but "
                  << offsetSizes.size() << " slice dimensions remain";
  SmallVector<int64_t> batchShape = indexBatchShape(indices, indexVectorDim);
  int64_t rank = batchShape.size() + offsetSizes.size();
  if (failed(verifyDimensionList(offsetDims, rank, "offset", emit)))
    return failure();
  if (!llvm::is_sorted(offsetDims))
    return emit() << "offset_dims must be sorted";
  SmallVector<int64_t> shape;
  size_t nextOffset = 0, nextBatch = 0;
  for (int64_t d = 0; d < rank; ++d)
    shape.push_back(llvm::is_contained(offsetDims, d)
                        ? offsetSizes[nextOffset++]
                        : batchShape[nextBatch++]);
  inferred.push_back(operand.clone(shape));
  return success();
}

OpCost GatherOp::getCost() {
  // Reads only the gathered slices and the indices.
  OpCost cost = dataMovementCost(*this);
  cost.bytesRead =
      getSizeInBytes(getType()) + getSizeInBytes(getStartIndices().getType());
  return cost;
}

LogicalResult ScatterOp::verify() {
  RankedTensorType input = getInput().getType(),
                   updates = getUpdates().getType();
  RankedTensorType indices = getScatterIndices().getType();
  auto emit = [&] { return emitOpError(); };
  if (getType() != input)
    return emitOpError() << "result type " << getType()
                         << " must be the input type " << input;
  if (updates.getElementType() != input.getElementType())
    return emitOpError() << "updates have element type "
                         << updates.getElementType() << ", expected "
                         << input.getElementType();
  int64_t indexVectorDim = getIndexVectorDim();
  if (indexVectorDim > indices.getRank())
    return emitOpError() << "index_vector_dim " << indexVectorDim
                         << " is out of range for indices of rank "
                         << indices.getRank();
  SmallVector<int64_t> batchShape = indexBatchShape(indices, indexVectorDim);
  if (updates.getRank() !=
      static_cast<int64_t>(batchShape.size() + getUpdateWindowDims().size()))
    return emitOpError() << "updates of rank " << updates.getRank()
                         << " must have one dimension per index batch "
                            "dimension and per update window dimension ("
                         << batchShape.size() + getUpdateWindowDims().size()
                         << ")";
  if (failed(verifyDimensionList(getUpdateWindowDims(), updates.getRank(),
                                 "update_window", emit)))
    return failure();
  SmallVector<int64_t> inserted(getInsertedWindowDims());
  llvm::append_range(inserted, getInputBatchingDims());
  if (failed(verifyDimensionList(inserted, input.getRank(), "inserted/batching",
                                 emit)))
    return failure();
  if (getUpdateWindowDims().size() + inserted.size() !=
      static_cast<size_t>(input.getRank()))
    return emitOpError() << "update window dimensions plus inserted and "
                            "batching dimensions must cover the input's rank "
                         << input.getRank();
  if (static_cast<int64_t>(getScatterDimsToOperandDims().size()) !=
      indexVectorSize(indices, indexVectorDim))
    return emitOpError() << "scatter_dims_to_operand_dims has "
                         << getScatterDimsToOperandDims().size()
                         << " entries but index vectors have "
                         << indexVectorSize(indices, indexVectorDim);
  if (failed(verifyDimensionList(getScatterDimsToOperandDims(), input.getRank(),
                                 "scatter_dims_to_operand_dims", emit)))
    return failure();
  if (getScatterIndicesBatchingDims().size() != getInputBatchingDims().size())
    return emitOpError() << "has " << getScatterIndicesBatchingDims().size()
                         << " scatter_indices_batching_dims but "
                         << getInputBatchingDims().size()
                         << " input_batching_dims";
  if (failed(verifyDimensionList(getScatterIndicesBatchingDims(),
                                 indices.getRank(), "scatter_indices_batching",
                                 emit)))
    return failure();
  if (llvm::is_contained(getScatterIndicesBatchingDims(), indexVectorDim))
    return emitOpError() << "index_vector_dim " << indexVectorDim
                         << " cannot be a scatter_indices_batching_dim";
  // The update's scatter dimensions follow the index batch shape; its
  // window dimensions fit inside the input's remaining dimensions.
  size_t nextBatch = 0, nextWindow = 0;
  SmallVector<int64_t> windowInputDims;
  for (int64_t d = 0; d < input.getRank(); ++d)
    if (!llvm::is_contained(inserted, d))
      windowInputDims.push_back(d);
  for (int64_t d = 0; d < updates.getRank(); ++d) {
    int64_t size = updates.getDimSize(d);
    if (llvm::is_contained(getUpdateWindowDims(), d)) {
      int64_t inputDim = windowInputDims[nextWindow++];
      if (size > input.getDimSize(inputDim))
        return emitOpError() << "update window dimension " << d << " of size "
                             << size << " exceeds input dimension " << inputDim
                             << " of size " << input.getDimSize(inputDim);
    } else if (size != batchShape[nextBatch++]) {
      return emitOpError() << "update dimension " << d << " has size " << size
                           << " but the index batch shape is "
                           << formatShape(batchShape);
    }
  }
  return success();
}

OpCost ScatterOp::getCost() {
  OpCost cost = elementwiseCost(*this);
  cost.flops = numElements(getUpdates());
  return cost;
}

#define GET_OP_CLASSES
#include "dialects/strata/StrataGraphOps.cpp.inc"
