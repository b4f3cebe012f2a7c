//===- IndexingOps.cpp - Gather, scatter and masks ------------------------===//
//
// ONNX's Gather, GatherElements and ScatterND are special cases of
// StableHLO's general gather and scatter, which strata keeps. Negative
// indices count from the end in ONNX; known indices are wrapped at import,
// run-time ones by a select.

#include "lib/onnx/OnnxImporter.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace mlir::strata;
using namespace mlir::strata::onnx_import;

/// `indices` with negative entries moved up by `size` (their dimension's
/// size, or a tensor of per-element sizes of the indices' shape).
static Value wrapNegative(NodeContext &ctx, Value indices, Value size) {
  // Known indices that are all in range need no wrapping.
  if (auto known = dyn_cast_or_null<DenseElementsAttr>(
          indices.getDefiningOp<ConstantOp>()
              ? indices.getDefiningOp<ConstantOp>().getValue()
              : Attribute()))
    if (llvm::all_of(known.getValues<APInt>(),
                     [](const APInt &v) { return !v.isNegative(); }))
      return indices;
  Type elementType = typeOf(indices).getElementType();
  Value zero = ctx.splat(elementType, 0);
  Value isNegative = ctx.compare(CompareDirection::Lt, indices, zero);
  return ctx.select(isNegative, ctx.binary(BinaryFn::Add, indices, size),
                    indices);
}

static LogicalResult requireIndices(NodeContext &ctx, Value indices) {
  Type elementType = typeOf(indices).getElementType();
  if (elementType.isSignlessInteger() && !elementType.isInteger(1))
    return success();
  return ctx.emitError() << "indices must be int32 or int64, got "
                         << indices.getType();
}

/// The `axis` (default 0) of a gather or scatter along one axis of data of
/// rank `rank`, with integer `indices`.
static FailureOr<int64_t> indexedAxis(NodeContext &ctx, Value indices,
                                      int64_t rank) {
  if (failed(requireIndices(ctx, indices)))
    return failure();
  return ctx.normalizeAxis(ctx.intAttr("axis", 0), rank);
}

static LogicalResult convertGather(NodeContext &ctx) {
  Value data = ctx.input(0), indices = ctx.input(1);
  RankedTensorType dataType = typeOf(data);
  int64_t rank = dataType.getRank();
  FailureOr<int64_t> axis = indexedAxis(ctx, indices, rank);
  if (failed(axis))
    return failure();
  int64_t size = dataType.getDimSize(*axis);
  ArrayRef<int64_t> indexShape = typeOf(indices).getShape();
  int64_t q = indexShape.size();

  indices = wrapNegative(ctx, indices,
                         ctx.splat(typeOf(indices).getElementType(), size));
  // Index vectors of length one along a new trailing dimension.
  SmallVector<int64_t> vectorShape(indexShape);
  vectorShape.push_back(1);
  indices = ctx.reshape(indices, vectorShape);

  // Result: data[:axis] + indices + data[axis+1:]; the data's dimensions
  // are the gather's offset dimensions, the indices' its batch dimensions.
  SmallVector<int64_t> resultShape, offsetDims, sliceSizes(dataType.getShape());
  sliceSizes[*axis] = 1;
  for (int64_t d = 0; d < *axis; ++d) {
    offsetDims.push_back(resultShape.size());
    resultShape.push_back(dataType.getDimSize(d));
  }
  resultShape.append(indexShape.begin(), indexShape.end());
  for (int64_t d = *axis + 1; d < rank; ++d) {
    offsetDims.push_back(resultShape.size());
    resultShape.push_back(dataType.getDimSize(d));
  }
  OpBuilder &b = ctx.getBuilder();
  ctx.setOutput(0,
                GatherOp::create(
                    b, ctx.getLoc(), dataType.clone(resultShape), data, indices,
                    b.getDenseI64ArrayAttr(offsetDims),
                    b.getDenseI64ArrayAttr({*axis}), b.getDenseI64ArrayAttr({}),
                    b.getDenseI64ArrayAttr({}), b.getDenseI64ArrayAttr({*axis}),
                    b.getI64IntegerAttr(q), b.getDenseI64ArrayAttr(sliceSizes),
                    b.getBoolAttr(false)));
  return success();
}

/// Full index vectors for an elementwise gather or scatter along `axis`:
/// [..., rank] where component `axis` is `indices` and every other
/// component is the element's own position.
static Value elementwiseIndexVectors(NodeContext &ctx, Value indices,
                                     int64_t axis, int64_t rank) {
  ArrayRef<int64_t> shape = typeOf(indices).getShape();
  Type elementType = typeOf(indices).getElementType();
  SmallVector<int64_t> componentShape(shape);
  componentShape.push_back(1);
  SmallVector<Value> components;
  for (int64_t d = 0; d < rank; ++d) {
    Value component =
        d == axis ? indices
                  : IotaOp::create(ctx.getBuilder(), ctx.getLoc(),
                                   RankedTensorType::get(shape, elementType),
                                   static_cast<uint64_t>(d))
                        .getResult();
    components.push_back(ctx.reshape(component, componentShape));
  }
  if (components.size() == 1)
    return components[0];
  return ConcatenateOp::create(ctx.getBuilder(), ctx.getLoc(), components,
                               static_cast<uint64_t>(shape.size()));
}

static LogicalResult convertGatherElements(NodeContext &ctx) {
  Value data = ctx.input(0), indices = ctx.input(1);
  RankedTensorType dataType = typeOf(data);
  int64_t rank = dataType.getRank();
  FailureOr<int64_t> axis = indexedAxis(ctx, indices, rank);
  if (failed(axis))
    return failure();
  if (typeOf(indices).getRank() != rank)
    return ctx.emitError() << "indices must have the data's rank";
  indices = wrapNegative(
      ctx, indices,
      ctx.splat(typeOf(indices).getElementType(), dataType.getDimSize(*axis)));
  Value vectors = elementwiseIndexVectors(ctx, indices, *axis, rank);
  auto all = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  OpBuilder &b = ctx.getBuilder();
  ctx.setOutput(
      0, GatherOp::create(
             b, ctx.getLoc(), dataType.clone(typeOf(indices).getShape()), data,
             vectors, b.getDenseI64ArrayAttr({}), b.getDenseI64ArrayAttr(all),
             b.getDenseI64ArrayAttr({}), b.getDenseI64ArrayAttr({}),
             b.getDenseI64ArrayAttr(all), b.getI64IntegerAttr(rank),
             b.getDenseI64ArrayAttr(SmallVector<int64_t>(rank, 1)),
             b.getBoolAttr(false)));
  return success();
}

/// The scatter combiner of ONNX's `reduction` attribute (none: replace).
static LogicalResult scatterCombiner(NodeContext &ctx,
                                     std::optional<BinaryFn> &combiner) {
  std::string reduction = ctx.stringAttr("reduction", "none");
  combiner = llvm::StringSwitch<std::optional<BinaryFn>>(reduction)
                 .Case("add", BinaryFn::Add)
                 .Case("mul", BinaryFn::Mul)
                 .Case("max", BinaryFn::Max)
                 .Case("min", BinaryFn::Min)
                 .Default(std::nullopt);
  if (combiner || reduction == "none")
    return success();
  return ctx.emitError() << "reduction '" << reduction << "' is not supported";
}

static Value buildScatter(NodeContext &ctx, Value data, Value indices,
                          Value updates, std::optional<BinaryFn> combiner,
                          ArrayRef<int64_t> updateWindowDims,
                          ArrayRef<int64_t> insertedWindowDims,
                          ArrayRef<int64_t> toOperandDims,
                          int64_t indexVectorDim) {
  OpBuilder &b = ctx.getBuilder();
  BinaryFnAttr combinerAttr =
      combiner ? BinaryFnAttr::get(b.getContext(), *combiner) : BinaryFnAttr();
  return ScatterOp::create(
      b, ctx.getLoc(), data.getType(), data, indices, updates, combinerAttr,
      b.getDenseI64ArrayAttr(updateWindowDims),
      b.getDenseI64ArrayAttr(insertedWindowDims), b.getDenseI64ArrayAttr({}),
      b.getDenseI64ArrayAttr({}), b.getDenseI64ArrayAttr(toOperandDims),
      b.getI64IntegerAttr(indexVectorDim), b.getBoolAttr(false),
      b.getBoolAttr(false));
}

static LogicalResult convertScatterND(NodeContext &ctx) {
  Value data = ctx.input(0), indices = ctx.input(1), updates = ctx.input(2);
  if (failed(requireIndices(ctx, indices)))
    return failure();
  std::optional<BinaryFn> combiner;
  if (failed(scatterCombiner(ctx, combiner)))
    return failure();
  RankedTensorType dataType = typeOf(data);
  ArrayRef<int64_t> indexShape = typeOf(indices).getShape();
  int64_t rank = dataType.getRank(), q = indexShape.size();
  if (q < 1 || indexShape.back() > rank)
    return ctx.emitError() << "indices " << indices.getType()
                           << " do not index " << data.getType();
  int64_t k = indexShape.back();
  // Wrap negative index components by the size of the dimension each one
  // indexes.
  SmallVector<int64_t> sizes;
  for (int64_t i = 0; i < k; ++i)
    sizes.push_back(dataType.getDimSize(i));
  Type indexElement = typeOf(indices).getElementType();
  SmallVector<APInt> sizeValues;
  for (int64_t s : sizes)
    sizeValues.push_back(APInt(indexElement.getIntOrFloatBitWidth(), s));
  Value sizeRow = ctx.constant(DenseElementsAttr::get(
      RankedTensorType::get({k}, indexElement), sizeValues));
  indices = wrapNegative(ctx, indices, sizeRow);
  SmallVector<int64_t> windowDims;
  for (int64_t d = 0; d < rank - k; ++d)
    windowDims.push_back(q - 1 + d);
  auto leading = llvm::to_vector(llvm::seq<int64_t>(0, k));
  ctx.setOutput(0, buildScatter(ctx, data, indices, updates, combiner,
                                windowDims, leading, leading, q - 1));
  return success();
}

static LogicalResult convertScatterElements(NodeContext &ctx) {
  Value data = ctx.input(0), indices = ctx.input(1), updates = ctx.input(2);
  RankedTensorType dataType = typeOf(data);
  int64_t rank = dataType.getRank();
  FailureOr<int64_t> axis = indexedAxis(ctx, indices, rank);
  if (failed(axis))
    return failure();
  std::optional<BinaryFn> combiner;
  if (failed(scatterCombiner(ctx, combiner)))
    return failure();
  indices = wrapNegative(
      ctx, indices,
      ctx.splat(typeOf(indices).getElementType(), dataType.getDimSize(*axis)));
  Value vectors = elementwiseIndexVectors(ctx, indices, *axis, rank);
  auto all = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  ctx.setOutput(0, buildScatter(ctx, data, vectors, updates, combiner, {}, all,
                                all, rank));
  return success();
}

static LogicalResult convertTrilu(NodeContext &ctx) {
  Value x = ctx.input(0);
  RankedTensorType type = typeOf(x);
  int64_t rank = type.getRank();
  if (rank < 2)
    return ctx.emitError() << "input must have rank 2 or more";
  int64_t k = 0;
  if (ctx.hasInput(1)) {
    FailureOr<double> given = ctx.constantScalar(1, "k");
    if (failed(given))
      return failure();
    k = static_cast<int64_t>(*given);
  }
  bool upper = ctx.intAttr("upper", 1);
  // Keep element (i, j) of the last two dimensions where j - i >= k
  // (upper) or j - i <= k (lower).
  ArrayRef<int64_t> matrix = type.getShape().take_back(2);
  auto i64 = RankedTensorType::get(matrix, ctx.getBuilder().getI64Type());
  Value rows = IotaOp::create(ctx.getBuilder(), ctx.getLoc(), i64, 0);
  Value cols = IotaOp::create(ctx.getBuilder(), ctx.getLoc(), i64, 1);
  Value diagonal = ctx.binary(BinaryFn::Sub, cols, rows);
  Value keep =
      ctx.compare(upper ? CompareDirection::Ge : CompareDirection::Le, diagonal,
                  ctx.splat(ctx.getBuilder().getI64Type(), k));
  Value zero = ctx.splat(type.getElementType(), 0);
  ctx.setOutput(0, ctx.select(keep, x, zero));
  return success();
}

void mlir::strata::onnx_import::registerIndexingConverters(
    ConverterTable &table) {
  table["Gather"] = convertGather;
  table["GatherElements"] = convertGatherElements;
  table["ScatterND"] = convertScatterND;
  table["ScatterElements"] = convertScatterElements;
  table["Trilu"] = convertTrilu;
}
