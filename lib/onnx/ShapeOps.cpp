//===- ShapeOps.cpp - Shapes, constants and data movement -----------------===//
//
// Constant, Shape, ConstantOfShape and Range produce values known at import;
// Reshape, Expand, Slice, Tile and Pad read their shape operands as known
// values (the importer has evaluated the subgraphs that compute them), so
// every result has a static shape.

#include "lib/onnx/OnnxImporter.h"

#include "llvm/ADT/STLExtras.h"

#include <limits>

using namespace mlir;
using namespace mlir::strata;
using namespace mlir::strata::onnx_import;

static DenseElementsAttr i64Elements(MLIRContext *context,
                                     ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    IntegerType::get(context, 64));
  return DenseElementsAttr::get(type, values);
}

//===----------------------------------------------------------------------===//
// Known values
//===----------------------------------------------------------------------===//

static LogicalResult convertConstant(NodeContext &ctx) {
  OpBuilder &b = ctx.getBuilder();
  DenseElementsAttr value;
  if (ctx.hasAttribute("value")) {
    FailureOr<DenseElementsAttr> tensor = ctx.tensorAttr("value");
    if (failed(tensor))
      return failure();
    value = *tensor;
  } else if (const onnx::AttributeProto *attr = ctx.attribute("value_float")) {
    value = DenseElementsAttr::get(RankedTensorType::get({}, b.getF32Type()),
                                   attr->f());
  } else if (ctx.hasAttribute("value_floats")) {
    SmallVector<float> values = ctx.floatsAttr("value_floats");
    value = DenseElementsAttr::get(
        RankedTensorType::get({static_cast<int64_t>(values.size())},
                              b.getF32Type()),
        ArrayRef<float>(values));
  } else if (const onnx::AttributeProto *attr = ctx.attribute("value_int")) {
    value = DenseElementsAttr::get(RankedTensorType::get({}, b.getI64Type()),
                                   static_cast<int64_t>(attr->i()));
  } else if (ctx.hasAttribute("value_ints")) {
    value = i64Elements(ctx.getContext(), ctx.intsAttr("value_ints"));
  } else {
    return ctx.emitError() << "has no value attribute the importer supports "
                              "(sparse and string constants are not)";
  }
  ctx.setConstantOutput(0, value);
  return success();
}

static LogicalResult convertShape(NodeContext &ctx) {
  ArrayRef<int64_t> shape = ctx.inputType(0).getShape();
  int64_t rank = shape.size();
  // Opset 15 start/end select a range of dimensions, clamped like Slice.
  int64_t start = ctx.intAttr("start", 0), end = ctx.intAttr("end", rank);
  if (start < 0)
    start += rank;
  if (end < 0)
    end += rank;
  start = std::clamp<int64_t>(start, 0, rank);
  end = std::clamp<int64_t>(end, start, rank);
  ctx.setConstantOutput(
      0, i64Elements(ctx.getContext(), shape.slice(start, end - start)));
  return success();
}

static LogicalResult convertSize(NodeContext &ctx) {
  ctx.setConstantOutput(
      0, DenseElementsAttr::get(
             RankedTensorType::get({}, ctx.getBuilder().getI64Type()),
             ctx.inputType(0).getNumElements()));
  return success();
}

static LogicalResult convertConstantOfShape(NodeContext &ctx) {
  FailureOr<SmallVector<int64_t>> shape = ctx.constantInts(0, "the shape");
  if (failed(shape))
    return failure();
  if (llvm::any_of(*shape, [](int64_t d) { return d < 0; }))
    return ctx.emitError() << "shape has a negative dimension";
  DenseElementsAttr value;
  if (ctx.hasAttribute("value")) {
    FailureOr<DenseElementsAttr> tensor = ctx.tensorAttr("value");
    if (failed(tensor))
      return failure();
    if (tensor->getNumElements() != 1)
      return ctx.emitError() << "value must hold one element";
    value = *tensor;
  } else {
    value = DenseElementsAttr::get(
        RankedTensorType::get({1}, ctx.getBuilder().getF32Type()), 0.0f);
  }
  auto type = RankedTensorType::get(*shape, value.getElementType());
  ctx.setConstantOutput(
      0, DenseElementsAttr::get(type, *value.value_begin<Attribute>()));
  return success();
}

static LogicalResult convertRange(NodeContext &ctx) {
  FailureOr<double> start = ctx.constantScalar(0, "start");
  FailureOr<double> limit = ctx.constantScalar(1, "limit");
  FailureOr<double> delta = ctx.constantScalar(2, "delta");
  if (failed(start) || failed(limit) || failed(delta))
    return failure();
  if (*delta == 0)
    return ctx.emitError() << "delta must not be zero";
  double steps = std::ceil((*limit - *start) / *delta);
  // Range's result becomes a constant in the IR: keep it to a sane size.
  if (steps > double(int64_t(1) << 28))
    return ctx.emitError() << "produces " << steps
                           << " elements, more than the importer folds";
  int64_t count = std::max<int64_t>(0, static_cast<int64_t>(steps));
  Type elementType = ctx.inputType(0).getElementType();
  auto type = RankedTensorType::get({count}, elementType);
  if (isa<FloatType>(elementType)) {
    SmallVector<APFloat> values;
    for (int64_t i = 0; i < count; ++i) {
      APFloat v(*start + i * *delta);
      bool lost;
      v.convert(cast<FloatType>(elementType).getFloatSemantics(),
                APFloat::rmNearestTiesToEven, &lost);
      values.push_back(v);
    }
    ctx.setConstantOutput(0, DenseElementsAttr::get(type, values));
    return success();
  }
  SmallVector<APInt> values;
  for (int64_t i = 0; i < count; ++i)
    values.push_back(
        APInt(elementType.getIntOrFloatBitWidth(),
              static_cast<uint64_t>(static_cast<int64_t>(*start) +
                                    i * static_cast<int64_t>(*delta)),
              /*isSigned=*/true, /*implicitTrunc=*/true));
  ctx.setConstantOutput(0, DenseElementsAttr::get(type, values));
  return success();
}

//===----------------------------------------------------------------------===//
// Reshaping
//===----------------------------------------------------------------------===//

static LogicalResult convertReshape(NodeContext &ctx) {
  Value x = ctx.input(0);
  FailureOr<SmallVector<int64_t>> requested = ctx.constantInts(1, "the shape");
  if (failed(requested))
    return failure();
  bool allowZero = ctx.intAttr("allowzero", 0);
  ArrayRef<int64_t> inputShape = typeOf(x).getShape();
  SmallVector<int64_t> shape;
  int64_t inferred = -1, known = 1;
  for (auto [d, size] : llvm::enumerate(*requested)) {
    if (size == 0 && !allowZero) {
      if (d >= inputShape.size())
        return ctx.emitError() << "shape copies dimension " << d
                               << ", which the input does not have";
      size = inputShape[d];
    }
    if (size == -1) {
      if (inferred >= 0)
        return ctx.emitError() << "shape has more than one -1";
      inferred = d;
      shape.push_back(1);
      continue;
    }
    if (size < 0)
      return ctx.emitError() << "shape has negative size " << size;
    shape.push_back(size);
    known *= size;
  }
  int64_t total = typeOf(x).getNumElements();
  if (inferred >= 0) {
    if (known == 0 || total % known)
      return ctx.emitError() << "cannot reshape " << x.getType() << " to ["
                             << *requested << "]";
    shape[inferred] = total / known;
  } else if (known != total) {
    return ctx.emitError() << "cannot reshape " << x.getType() << " to ["
                           << *requested << "]";
  }
  ctx.setOutput(0, ctx.reshape(x, shape));
  return success();
}

static LogicalResult convertFlatten(NodeContext &ctx) {
  Value x = ctx.input(0);
  ArrayRef<int64_t> shape = typeOf(x).getShape();
  int64_t rank = shape.size();
  int64_t axis = ctx.intAttr("axis", 1);
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis > rank)
    return ctx.emitError() << "axis " << ctx.intAttr("axis", 1)
                           << " is out of range for rank " << rank;
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < rank; ++d)
    (d < axis ? outer : inner) *= shape[d];
  ctx.setOutput(0, ctx.reshape(x, {outer, inner}));
  return success();
}

/// Axes from the input `index` (opset 13) or the `axes` attribute.
static FailureOr<SmallVector<int64_t>> axesOperand(NodeContext &ctx,
                                                   unsigned index) {
  if (ctx.hasInput(index))
    return ctx.constantInts(index, "axes");
  return ctx.intsAttr("axes");
}

static LogicalResult convertSqueeze(NodeContext &ctx) {
  Value x = ctx.input(0);
  ArrayRef<int64_t> shape = typeOf(x).getShape();
  FailureOr<SmallVector<int64_t>> axes = axesOperand(ctx, 1);
  if (failed(axes))
    return failure();
  SmallVector<bool> drop(shape.size(), false);
  if (axes->empty()) {
    for (auto [d, size] : llvm::enumerate(shape))
      drop[d] = size == 1;
  }
  for (int64_t axis : *axes) {
    FailureOr<int64_t> d = ctx.normalizeAxis(axis, shape.size());
    if (failed(d))
      return failure();
    if (shape[*d] != 1)
      return ctx.emitError()
             << "cannot squeeze dimension " << *d << " of size " << shape[*d];
    drop[*d] = true;
  }
  SmallVector<int64_t> result;
  for (auto [d, size] : llvm::enumerate(shape))
    if (!drop[d])
      result.push_back(size);
  ctx.setOutput(0, ctx.reshape(x, result));
  return success();
}

static LogicalResult convertUnsqueeze(NodeContext &ctx) {
  Value x = ctx.input(0);
  ArrayRef<int64_t> shape = typeOf(x).getShape();
  FailureOr<SmallVector<int64_t>> axes = axesOperand(ctx, 1);
  if (failed(axes))
    return failure();
  int64_t rank = shape.size() + axes->size();
  SmallVector<bool> inserted(rank, false);
  for (int64_t axis : *axes) {
    FailureOr<int64_t> d = ctx.normalizeAxis(axis, rank);
    if (failed(d))
      return failure();
    if (inserted[*d])
      return ctx.emitError() << "axes repeat " << *d;
    inserted[*d] = true;
  }
  SmallVector<int64_t> result;
  auto next = shape.begin();
  for (int64_t d = 0; d < rank; ++d)
    result.push_back(inserted[d] ? 1 : *next++);
  ctx.setOutput(0, ctx.reshape(x, result));
  return success();
}

static LogicalResult convertTranspose(NodeContext &ctx) {
  Value x = ctx.input(0);
  int64_t rank = typeOf(x).getRank();
  SmallVector<int64_t> perm = ctx.intsAttr("perm");
  if (perm.empty())
    perm = llvm::to_vector(llvm::reverse(llvm::seq<int64_t>(0, rank)));
  SmallVector<int64_t> sorted(perm);
  llvm::sort(sorted);
  if (!llvm::equal(sorted, llvm::seq<int64_t>(0, rank)))
    return ctx.emitError() << "perm [" << perm
                           << "] is not a permutation of the dimensions";
  ctx.setOutput(0, ctx.transpose(x, perm));
  return success();
}

//===----------------------------------------------------------------------===//
// Joining and splitting
//===----------------------------------------------------------------------===//

static LogicalResult convertConcat(NodeContext &ctx) {
  SmallVector<Value> inputs;
  for (unsigned i = 0; i < ctx.numInputs(); ++i)
    if (ctx.hasInput(i))
      inputs.push_back(ctx.input(i));
  int64_t rank = typeOf(inputs[0]).getRank();
  FailureOr<int64_t> axis = ctx.normalizeAxis(ctx.intAttr("axis", 0), rank);
  if (failed(axis))
    return failure();
  // ONNX allows empty pieces; strata joins only tensors with elements.
  SmallVector<Value> pieces;
  SmallVector<int64_t> shape(typeOf(inputs[0]).getShape());
  shape[*axis] = 0;
  for (Value v : inputs) {
    RankedTensorType type = typeOf(v);
    if (type.getRank() != rank ||
        type.getElementType() != typeOf(inputs[0]).getElementType())
      return ctx.emitError() << "inputs differ in rank or element type";
    for (int64_t d = 0; d < rank; ++d)
      if (d != *axis && type.getDimSize(d) != shape[d])
        return ctx.emitError() << "inputs differ in dimension " << d
                               << ", which is not the joined one";
    shape[*axis] += typeOf(v).getDimSize(*axis);
    if (typeOf(v).getNumElements() != 0)
      pieces.push_back(v);
  }
  if (pieces.empty()) {
    ctx.setOutput(0, ctx.splat(typeOf(inputs[0]).getElementType(), 0, shape));
    return success();
  }
  if (pieces.size() == 1) {
    ctx.setOutput(0, pieces[0]);
    return success();
  }
  ctx.setOutput(0, ConcatenateOp::create(ctx.getBuilder(), ctx.getLoc(), pieces,
                                         static_cast<uint64_t>(*axis)));
  return success();
}

static Value sliceAxis(NodeContext &ctx, Value x, int64_t axis, int64_t start,
                       int64_t limit, int64_t stride = 1) {
  ArrayRef<int64_t> shape = typeOf(x).getShape();
  SmallVector<int64_t> starts(shape.size(), 0), limits(shape),
      strides(shape.size(), 1);
  starts[axis] = start;
  limits[axis] = limit;
  strides[axis] = stride;
  return SliceOp::create(ctx.getBuilder(), ctx.getLoc(), x, starts, limits,
                         strides);
}

static LogicalResult convertSplit(NodeContext &ctx) {
  Value x = ctx.input(0);
  ArrayRef<int64_t> shape = typeOf(x).getShape();
  FailureOr<int64_t> axis =
      ctx.normalizeAxis(ctx.intAttr("axis", 0), shape.size());
  if (failed(axis))
    return failure();
  SmallVector<int64_t> sizes;
  if (ctx.hasInput(1)) {
    FailureOr<SmallVector<int64_t>> split = ctx.constantInts(1, "split");
    if (failed(split))
      return failure();
    sizes = *split;
  } else if (ctx.hasAttribute("split")) {
    sizes = ctx.intsAttr("split");
  } else {
    int64_t parts = ctx.numOutputs(), size = shape[*axis];
    int64_t chunk = (size + parts - 1) / parts;
    for (int64_t i = 0; i < parts; ++i)
      sizes.push_back(std::max<int64_t>(0, std::min(chunk, size - i * chunk)));
  }
  if (static_cast<int64_t>(sizes.size()) != ctx.numOutputs())
    return ctx.emitError() << "splits into " << sizes.size()
                           << " pieces but has " << ctx.numOutputs()
                           << " outputs";
  int64_t offset = 0;
  for (auto [i, size] : llvm::enumerate(sizes)) {
    if (size < 0 || offset + size > shape[*axis])
      return ctx.emitError()
             << "split sizes [" << sizes << "] do not fit dimension " << *axis
             << " of size " << shape[*axis];
    ctx.setOutput(i, sliceAxis(ctx, x, *axis, offset, offset + size));
    offset += size;
  }
  return success();
}

static LogicalResult convertSlice(NodeContext &ctx) {
  Value x = ctx.input(0);
  ArrayRef<int64_t> shape = typeOf(x).getShape();
  int64_t rank = shape.size();
  FailureOr<SmallVector<int64_t>> starts = ctx.constantInts(1, "starts");
  FailureOr<SmallVector<int64_t>> ends = ctx.constantInts(2, "ends");
  if (failed(starts) || failed(ends))
    return failure();
  SmallVector<int64_t> axes, steps;
  if (ctx.hasInput(3)) {
    FailureOr<SmallVector<int64_t>> given = ctx.constantInts(3, "axes");
    if (failed(given))
      return failure();
    axes = *given;
  } else {
    axes = llvm::to_vector(llvm::seq<int64_t>(0, starts->size()));
  }
  if (ctx.hasInput(4)) {
    FailureOr<SmallVector<int64_t>> given = ctx.constantInts(4, "steps");
    if (failed(given))
      return failure();
    steps = *given;
  } else {
    steps.assign(starts->size(), 1);
  }
  if (ends->size() != starts->size() || axes.size() != starts->size() ||
      steps.size() != starts->size())
    return ctx.emitError() << "starts, ends, axes and steps differ in length";

  SmallVector<int64_t> lo(rank, 0), hi(shape), stride(rank, 1);
  SmallVector<std::pair<int64_t, SmallVector<int64_t>>> reversed;
  for (auto [i, axisValue] : llvm::enumerate(axes)) {
    FailureOr<int64_t> axis = ctx.normalizeAxis(axisValue, rank);
    if (failed(axis))
      return failure();
    int64_t size = shape[*axis], step = steps[i];
    if (step == 0)
      return ctx.emitError() << "step must not be zero";
    int64_t start = (*starts)[i], end = (*ends)[i];
    if (start < 0)
      start += size;
    if (end < 0)
      end += size;
    if (step > 0) {
      start = std::clamp<int64_t>(start, 0, size);
      end = std::clamp<int64_t>(end, 0, size);
      lo[*axis] = start;
      hi[*axis] = std::max(start, end);
      stride[*axis] = step;
      continue;
    }
    // Negative steps walk backwards: take the indices explicitly.
    start = std::clamp<int64_t>(start, 0, size - 1);
    end = std::clamp<int64_t>(end, -1, size - 1);
    SmallVector<int64_t> indices;
    for (int64_t j = start; j > end; j += step)
      indices.push_back(j);
    reversed.push_back({*axis, indices});
  }
  bool whole = llvm::all_of(lo, [](int64_t v) { return v == 0; }) &&
               ArrayRef<int64_t>(hi) == shape &&
               llvm::all_of(stride, [](int64_t v) { return v == 1; });
  Value result =
      whole ? x
            : SliceOp::create(ctx.getBuilder(), ctx.getLoc(), x, lo, hi, stride)
                  .getResult();
  for (auto &[axis, indices] : reversed)
    result = indices.empty() ? sliceAxis(ctx, result, axis, 0, 0)
                             : ctx.takeAlongAxis(result, axis, indices);
  ctx.setOutput(0, result);
  return success();
}

//===----------------------------------------------------------------------===//
// Broadcasting, tiling, padding
//===----------------------------------------------------------------------===//

static LogicalResult convertExpand(NodeContext &ctx) {
  Value x = ctx.input(0);
  FailureOr<SmallVector<int64_t>> requested = ctx.constantInts(1, "the shape");
  if (failed(requested))
    return failure();
  // Expand broadcasts both ways: a 1 in the requested shape keeps the
  // input's size.
  ArrayRef<int64_t> shape = typeOf(x).getShape();
  int64_t rank = std::max(shape.size(), requested->size());
  SmallVector<int64_t> result(rank, 1);
  for (int64_t d = 0; d < rank; ++d) {
    int64_t fromInput = d - (rank - static_cast<int64_t>(shape.size()));
    int64_t fromShape = d - (rank - static_cast<int64_t>(requested->size()));
    int64_t a = fromInput >= 0 ? shape[fromInput] : 1;
    int64_t b = fromShape >= 0 ? (*requested)[fromShape] : 1;
    if (a != b && a != 1 && b != 1)
      return ctx.emitError()
             << "cannot expand " << x.getType() << " to [" << *requested << "]";
    result[d] = a == 1 ? b : a;
  }
  FailureOr<Value> spread = ctx.broadcastTo(x, result);
  if (failed(spread))
    return failure();
  ctx.setOutput(0, *spread);
  return success();
}

static LogicalResult convertTile(NodeContext &ctx) {
  Value x = ctx.input(0);
  ArrayRef<int64_t> shape = typeOf(x).getShape();
  FailureOr<SmallVector<int64_t>> repeats = ctx.constantInts(1, "repeats");
  if (failed(repeats))
    return failure();
  if (repeats->size() != shape.size())
    return ctx.emitError() << "has " << repeats->size() << " repeats for rank "
                           << shape.size();
  // [d0, d1] tiled by [r0, r1] is [r0, d0, r1, d1] broadcast, then merged.
  SmallVector<int64_t> spread, dims, merged;
  for (auto [d, size] : llvm::enumerate(shape)) {
    spread.push_back((*repeats)[d]);
    spread.push_back(size);
    dims.push_back(2 * d + 1);
    merged.push_back((*repeats)[d] * size);
  }
  Value broadcast = ctx.broadcastInDim(x, spread, dims);
  ctx.setOutput(0, ctx.reshape(broadcast, merged));
  return success();
}

/// The source index that edge or reflect padding reads for position `i`
/// (in padded coordinates, `low` elements before the data) of a dimension
/// of `size`.
static int64_t paddedSource(int64_t i, int64_t low, int64_t size,
                            bool reflect) {
  int64_t j = i - low;
  if (!reflect)
    return std::clamp<int64_t>(j, 0, size - 1);
  if (size == 1)
    return 0;
  int64_t period = 2 * (size - 1);
  j = ((j % period) + period) % period;
  return j < size ? j : period - j;
}

static LogicalResult convertPad(NodeContext &ctx) {
  Value x = ctx.input(0);
  RankedTensorType type = typeOf(x);
  int64_t rank = type.getRank();
  FailureOr<SmallVector<int64_t>> pads = ctx.constantInts(1, "pads");
  if (failed(pads))
    return failure();
  SmallVector<int64_t> axes;
  if (ctx.hasInput(3)) {
    FailureOr<SmallVector<int64_t>> given = ctx.constantInts(3, "axes");
    if (failed(given))
      return failure();
    for (int64_t axis : *given) {
      FailureOr<int64_t> d = ctx.normalizeAxis(axis, rank);
      if (failed(d))
        return failure();
      axes.push_back(*d);
    }
  } else {
    axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  }
  if (pads->size() != 2 * axes.size())
    return ctx.emitError() << "has " << pads->size() << " pads for "
                           << axes.size() << " axes";
  SmallVector<int64_t> low(rank, 0), high(rank, 0);
  for (auto [i, axis] : llvm::enumerate(axes)) {
    low[axis] = (*pads)[i];
    high[axis] = (*pads)[i + axes.size()];
  }
  for (int64_t d = 0; d < rank; ++d)
    if (type.getDimSize(d) + low[d] + high[d] < 0)
      return ctx.emitError()
             << "pads remove more than dimension " << d << " holds";
  std::string mode = ctx.stringAttr("mode", "constant");
  if (mode == "constant") {
    Value padValue = ctx.hasInput(2) ? ctx.reshape(ctx.input(2), {})
                                     : ctx.splat(type.getElementType(), 0);
    ctx.setOutput(0, PadOp::create(ctx.getBuilder(), ctx.getLoc(), x, padValue,
                                   low, high, SmallVector<int64_t>(rank, 0)));
    return success();
  }
  if (mode != "edge" && mode != "reflect")
    return ctx.emitError() << "mode '" << mode
                           << "' is not one of constant, edge, reflect";
  Value result = x;
  for (int64_t d = 0; d < rank; ++d) {
    if (low[d] == 0 && high[d] == 0)
      continue;
    int64_t size = type.getDimSize(d);
    if (size == 0 || (mode == "reflect" && (low[d] >= size || high[d] >= size)))
      return ctx.emitError() << mode << " padding of dimension " << d
                             << " is larger than the dimension allows";
    SmallVector<int64_t> indices;
    for (int64_t i = 0; i < low[d] + size + high[d]; ++i)
      indices.push_back(paddedSource(i, low[d], size, mode == "reflect"));
    result = ctx.takeAlongAxis(result, d, indices);
  }
  ctx.setOutput(0, result);
  return success();
}

void mlir::strata::onnx_import::registerShapeConverters(ConverterTable &table) {
  table["Constant"] = convertConstant;
  table["Shape"] = convertShape;
  table["Size"] = convertSize;
  table["ConstantOfShape"] = convertConstantOfShape;
  table["Range"] = convertRange;
  table["Reshape"] = convertReshape;
  table["Flatten"] = convertFlatten;
  table["Squeeze"] = convertSqueeze;
  table["Unsqueeze"] = convertUnsqueeze;
  table["Transpose"] = convertTranspose;
  table["Concat"] = convertConcat;
  table["Split"] = convertSplit;
  table["Slice"] = convertSlice;
  table["Expand"] = convertExpand;
  table["Tile"] = convertTile;
  table["Pad"] = convertPad;
}
