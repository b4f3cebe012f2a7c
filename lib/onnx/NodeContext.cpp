//===- NodeContext.cpp - Inputs, attributes and builders for converters ---===//

#include "lib/onnx/OnnxImporter.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::strata;
using namespace mlir::strata::onnx_import;

NodeContext::NodeContext(GraphImporter &graph, const onnx::NodeProto &node,
                         OpBuilder &builder, Location loc, bool folding)
    : graph(graph), node(node), builder(builder), loc(loc), folding(folding),
      outputValues(node.output_size()), outputConstants(node.output_size()) {}

int64_t NodeContext::opset() const { return graph.opset(node.domain()); }

std::string NodeContext::describe() const { return describeNode(node); }

InFlightDiagnostic NodeContext::emitError() {
  return mlir::emitError(loc) << describe() << ": ";
}

//===----------------------------------------------------------------------===//
// Inputs
//===----------------------------------------------------------------------===//

bool NodeContext::hasInput(unsigned index) const {
  return index < static_cast<unsigned>(node.input_size()) &&
         !node.input(index).empty();
}

Value NodeContext::input(unsigned index) {
  assert(hasInput(index) && "input is missing");
  TensorEntry *entry = graph.lookup(node.input(index));
  return graph.materialize(*entry, builder, folding);
}

RankedTensorType NodeContext::inputType(unsigned index) {
  assert(hasInput(index) && "input is missing");
  return graph.lookup(node.input(index))->type;
}

DenseElementsAttr NodeContext::constantInput(unsigned index) {
  if (!hasInput(index))
    return nullptr;
  return graph.lookup(node.input(index))->constant;
}

FailureOr<SmallVector<int64_t>> NodeContext::constantInts(unsigned index,
                                                          StringRef what) {
  if (!hasInput(index)) {
    emitError() << "needs input " << index << " (" << what << ")";
    return failure();
  }
  DenseElementsAttr value = constantInput(index);
  if (!value) {
    emitError() << what << " (input '" << node.input(index)
                << "') must be known at import: strata needs static shapes";
    return failure();
  }
  if (!isa<IntegerType>(value.getElementType())) {
    emitError() << what << " must be integers";
    return failure();
  }
  SmallVector<int64_t> result;
  for (APInt v : value.getValues<APInt>())
    result.push_back(value.getElementType().isUnsignedInteger()
                         ? static_cast<int64_t>(v.getZExtValue())
                         : v.getSExtValue());
  return result;
}

FailureOr<double> NodeContext::constantScalar(unsigned index, StringRef what) {
  DenseElementsAttr value = constantInput(index);
  if (!value || value.getNumElements() != 1) {
    emitError() << what << " must be a single value known at import";
    return failure();
  }
  Type elementType = value.getElementType();
  if (isa<FloatType>(elementType))
    return (*value.getValues<APFloat>().begin()).convertToDouble();
  APInt v = *value.getValues<APInt>().begin();
  return elementType.isUnsignedInteger() || elementType.isInteger(1)
             ? static_cast<double>(v.getZExtValue())
             : static_cast<double>(v.getSExtValue());
}

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

const onnx::AttributeProto *NodeContext::attribute(StringRef name) const {
  for (const onnx::AttributeProto &attr : node.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

int64_t NodeContext::intAttr(StringRef name, int64_t defaultValue) const {
  const onnx::AttributeProto *attr = attribute(name);
  return attr ? attr->i() : defaultValue;
}

float NodeContext::floatAttr(StringRef name, float defaultValue) const {
  const onnx::AttributeProto *attr = attribute(name);
  return attr ? attr->f() : defaultValue;
}

std::string NodeContext::stringAttr(StringRef name,
                                    StringRef defaultValue) const {
  const onnx::AttributeProto *attr = attribute(name);
  return attr ? attr->s() : defaultValue.str();
}

SmallVector<int64_t> NodeContext::intsAttr(StringRef name) const {
  const onnx::AttributeProto *attr = attribute(name);
  if (!attr)
    return {};
  return SmallVector<int64_t>(attr->ints().begin(), attr->ints().end());
}

SmallVector<float> NodeContext::floatsAttr(StringRef name) const {
  const onnx::AttributeProto *attr = attribute(name);
  if (!attr)
    return {};
  return SmallVector<float>(attr->floats().begin(), attr->floats().end());
}

FailureOr<DenseElementsAttr> NodeContext::tensorAttr(StringRef name) {
  const onnx::AttributeProto *attr = attribute(name);
  if (!attr || !attr->has_t()) {
    emitError() << "needs a tensor attribute '" << name << "'";
    return failure();
  }
  return convertTensorProto(attr->t(), loc);
}

//===----------------------------------------------------------------------===//
// Outputs
//===----------------------------------------------------------------------===//

bool NodeContext::hasOutput(unsigned index) const {
  return index < static_cast<unsigned>(node.output_size()) &&
         !node.output(index).empty();
}

void NodeContext::setOutput(unsigned index, Value value) {
  if (index < outputValues.size())
    outputValues[index] = value;
}

void NodeContext::setConstantOutput(unsigned index, DenseElementsAttr value) {
  if (index < outputConstants.size())
    outputConstants[index] = value;
}

//===----------------------------------------------------------------------===//
// Building
//===----------------------------------------------------------------------===//

FailureOr<int64_t> NodeContext::normalizeAxis(int64_t axis, int64_t rank,
                                              StringRef what) {
  int64_t normalized = axis < 0 ? axis + rank : axis;
  if (normalized < 0 || normalized >= std::max<int64_t>(rank, 1)) {
    emitError() << what << " " << axis << " is out of range for rank " << rank;
    return failure();
  }
  return normalized;
}

Value NodeContext::constant(DenseElementsAttr value) {
  return ConstantOp::create(builder, loc, value);
}

Value NodeContext::splat(Type elementType, double value,
                         ArrayRef<int64_t> shape) {
  auto type = RankedTensorType::get(shape, elementType);
  if (auto floatType = dyn_cast<FloatType>(elementType))
    return constant(
        DenseElementsAttr::get(type, builder.getFloatAttr(floatType, value)));
  if (elementType.isInteger(1))
    return constant(DenseElementsAttr::get(type, value != 0));
  APInt bits(elementType.getIntOrFloatBitWidth(),
             static_cast<uint64_t>(static_cast<int64_t>(value)),
             /*isSigned=*/true, /*implicitTrunc=*/true);
  return constant(DenseElementsAttr::get(
      type, Attribute(builder.getIntegerAttr(elementType, bits))));
}

Value NodeContext::reshape(Value value, ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getShape() == shape)
    return value;
  return ReshapeOp::create(builder, loc, type.clone(shape), value);
}

Value NodeContext::convert(Value value, Type elementType) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getElementType() == elementType)
    return value;
  return ConvertOp::create(builder, loc, type.clone(elementType), value);
}

Value NodeContext::transpose(Value value, ArrayRef<int64_t> permutation) {
  if (llvm::equal(permutation, llvm::seq<int64_t>(0, permutation.size())))
    return value;
  return TransposeOp::create(builder, loc, value, permutation);
}

Value NodeContext::broadcastInDim(Value value, ArrayRef<int64_t> shape,
                                  ArrayRef<int64_t> dimensions) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getShape() == shape &&
      llvm::equal(dimensions, llvm::seq<int64_t>(0, shape.size())))
    return value;
  return BroadcastInDimOp::create(builder, loc, type.clone(shape), value,
                                  dimensions);
}

FailureOr<Value> NodeContext::broadcastTo(Value value,
                                          ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t rank = type.getRank(), target = shape.size();
  if (rank > target) {
    emitError() << "cannot broadcast " << type << " to rank " << target;
    return failure();
  }
  SmallVector<int64_t> dimensions;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t size = type.getDimSize(d), to = shape[target - rank + d];
    if (size != to && size != 1) {
      emitError() << "cannot broadcast " << type << " to shape [" << shape
                  << "]";
      return failure();
    }
    dimensions.push_back(target - rank + d);
  }
  return broadcastInDim(value, shape, dimensions);
}

FailureOr<SmallVector<int64_t>>
NodeContext::broadcastShape(ArrayRef<Value> values) {
  SmallVector<int64_t> shape;
  for (Value value : values) {
    ArrayRef<int64_t> other =
        cast<RankedTensorType>(value.getType()).getShape();
    if (other.size() > shape.size())
      shape.insert(shape.begin(), other.size() - shape.size(), 1);
    int64_t offset = shape.size() - other.size();
    for (auto [d, size] : llvm::enumerate(other)) {
      int64_t &into = shape[offset + d];
      if (into == size || size == 1)
        continue;
      if (into != 1) {
        emitError() << "operand shapes cannot be broadcast together";
        return failure();
      }
      into = size;
    }
  }
  return shape;
}

FailureOr<SmallVector<Value>>
NodeContext::broadcastAll(ArrayRef<Value> values) {
  FailureOr<SmallVector<int64_t>> shape = broadcastShape(values);
  if (failed(shape))
    return failure();
  SmallVector<Value> result;
  for (Value value : values) {
    FailureOr<Value> spread = broadcastTo(value, *shape);
    if (failed(spread))
      return failure();
    result.push_back(*spread);
  }
  return result;
}

Value NodeContext::unary(UnaryFn fn, Value operand) {
  return UnaryOp::create(builder, loc, fn, operand);
}

Value NodeContext::binary(BinaryFn fn, Value lhs, Value rhs) {
  FailureOr<SmallVector<Value>> operands = broadcastAll({lhs, rhs});
  if (failed(operands))
    return nullptr;
  return BinaryOp::create(builder, loc, fn, (*operands)[0], (*operands)[1]);
}

Value NodeContext::compare(CompareDirection direction, Value lhs, Value rhs) {
  FailureOr<SmallVector<Value>> operands = broadcastAll({lhs, rhs});
  if (failed(operands))
    return nullptr;
  return CompareOp::create(builder, loc, direction, (*operands)[0],
                           (*operands)[1]);
}

Value NodeContext::select(Value pred, Value onTrue, Value onFalse) {
  FailureOr<SmallVector<Value>> operands =
      broadcastAll({pred, onTrue, onFalse});
  if (failed(operands))
    return nullptr;
  return SelectOp::create(builder, loc, (*operands)[1].getType(),
                          (*operands)[0], (*operands)[1], (*operands)[2]);
}

Value NodeContext::reduce(ReduceFn fn, Value value,
                          ArrayRef<int64_t> dimensions, bool keepDims) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> sorted(dimensions);
  llvm::sort(sorted);
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  Value reduced = ReduceOp::create(builder, loc, fn, value, sorted);
  if (!keepDims)
    return reduced;
  SmallVector<int64_t> kept(type.getShape());
  for (int64_t d : sorted)
    kept[d] = 1;
  return reshape(reduced, kept);
}

Value NodeContext::takeAlongAxis(Value value, int64_t axis,
                                 ArrayRef<int64_t> indices) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t rank = type.getRank();
  auto indexType = RankedTensorType::get(
      {static_cast<int64_t>(indices.size()), 1}, builder.getI64Type());
  Value indexValues = constant(DenseElementsAttr::get(indexType, indices));
  SmallVector<int64_t> offsetDims, sliceSizes(type.getShape());
  sliceSizes[axis] = 1;
  for (int64_t d = 0; d < rank; ++d)
    if (d != axis)
      offsetDims.push_back(d);
  SmallVector<int64_t> resultShape(type.getShape());
  resultShape[axis] = indices.size();
  return GatherOp::create(
      builder, loc, type.clone(resultShape), value, indexValues,
      builder.getDenseI64ArrayAttr(offsetDims),
      builder.getDenseI64ArrayAttr({axis}), builder.getDenseI64ArrayAttr({}),
      builder.getDenseI64ArrayAttr({}), builder.getDenseI64ArrayAttr({axis}),
      builder.getI64IntegerAttr(1), builder.getDenseI64ArrayAttr(sliceSizes),
      builder.getBoolAttr(false));
}
