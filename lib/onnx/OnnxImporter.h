//===- OnnxImporter.h - Shared pieces of the ONNX importer ----------------===//
//
// The importer walks an ONNX graph node by node. Each node is converted by
// an OpConverter (one per op_type, grouped by family in *Ops.cpp) through a
// NodeContext, which hands out the node's inputs as strata values or known
// constants, reads its attributes, builds common op sequences and collects
// its outputs. Nodes whose inputs are all known are evaluated at import
// (on the reference interpreter), so that shape computations fold away.

#ifndef STRATA_LIB_ONNX_ONNXIMPORTER_H
#define STRATA_LIB_ONNX_ONNXIMPORTER_H

#include "dialects/strata/StrataOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringMap.h"

#include "lib/onnx/OnnxModelFile.h"

#include <optional>

namespace mlir::strata::onnx_import {

class GraphImporter;

/// One ONNX node during its conversion.
class NodeContext {
public:
  NodeContext(GraphImporter &graph, const onnx::NodeProto &node,
              OpBuilder &builder, Location loc, bool folding);

  const onnx::NodeProto &proto() const { return node; }
  Location getLoc() const { return loc; }
  OpBuilder &getBuilder() { return builder; }
  MLIRContext *getContext() { return builder.getContext(); }
  /// The opset of the node's domain the model imports.
  int64_t opset() const;

  /// "node 'NAME' (OpType)" for messages.
  std::string describe() const;
  /// An error at the node's location, starting with describe().
  InFlightDiagnostic emitError();

  //===--- Inputs ---------------------------------------------------------===//

  /// Input `index` is given (optional inputs may be missing or empty).
  bool hasInput(unsigned index) const;
  unsigned numInputs() const { return node.input_size(); }
  /// The input as a value (a known constant is materialized here).
  Value input(unsigned index);
  RankedTensorType inputType(unsigned index);
  /// The input's value when it is known at import, else null.
  DenseElementsAttr constantInput(unsigned index);
  /// The input's known integer values; an error names `what` when the input
  /// is missing or not known at import.
  FailureOr<SmallVector<int64_t>> constantInts(unsigned index, StringRef what);
  /// As constantInts, for one float or integer scalar.
  FailureOr<double> constantScalar(unsigned index, StringRef what);

  //===--- Attributes -----------------------------------------------------===//

  const onnx::AttributeProto *attribute(StringRef name) const;
  bool hasAttribute(StringRef name) const { return attribute(name); }
  int64_t intAttr(StringRef name, int64_t defaultValue) const;
  float floatAttr(StringRef name, float defaultValue) const;
  std::string stringAttr(StringRef name, StringRef defaultValue) const;
  SmallVector<int64_t> intsAttr(StringRef name) const;
  SmallVector<float> floatsAttr(StringRef name) const;
  /// A tensor attribute as constant elements; an error when malformed.
  FailureOr<DenseElementsAttr> tensorAttr(StringRef name);

  //===--- Outputs --------------------------------------------------------===//

  /// Output `index` is wanted (named) by the graph.
  bool hasOutput(unsigned index) const;
  unsigned numOutputs() const { return node.output_size(); }
  void setOutput(unsigned index, Value value);
  /// An output known at import (e.g. Shape): no op is built for it.
  void setConstantOutput(unsigned index, DenseElementsAttr value);
  ArrayRef<Value> outputs() const { return outputValues; }
  ArrayRef<DenseElementsAttr> constantOutputs() const {
    return outputConstants;
  }

  //===--- Building -------------------------------------------------------===//

  /// Normalizes a possibly negative axis of a rank-`rank` tensor; an error
  /// when it is out of range.
  FailureOr<int64_t> normalizeAxis(int64_t axis, int64_t rank,
                                   StringRef what = "axis");

  Value constant(DenseElementsAttr value);
  /// A tensor of `shape` with every element `value` converted to
  /// `elementType`.
  Value splat(Type elementType, double value, ArrayRef<int64_t> shape = {});
  /// The same elements with another shape (no op when it is unchanged).
  Value reshape(Value value, ArrayRef<int64_t> shape);
  Value convert(Value value, Type elementType);
  Value transpose(Value value, ArrayRef<int64_t> permutation);
  /// broadcast_in_dim with explicit dimensions (no op when unchanged).
  Value broadcastInDim(Value value, ArrayRef<int64_t> shape,
                       ArrayRef<int64_t> dimensions);
  /// Numpy (right-aligned) broadcast of `value` to `shape`; an error when
  /// the shapes are incompatible.
  FailureOr<Value> broadcastTo(Value value, ArrayRef<int64_t> shape);
  /// The numpy broadcast of several shapes; an error when incompatible.
  FailureOr<SmallVector<int64_t>> broadcastShape(ArrayRef<Value> values);
  /// Broadcasts every value to their common shape.
  FailureOr<SmallVector<Value>> broadcastAll(ArrayRef<Value> values);

  Value unary(UnaryFn fn, Value operand);
  /// Elementwise binary with numpy broadcasting; null after an error.
  Value binary(BinaryFn fn, Value lhs, Value rhs);
  Value compare(CompareDirection direction, Value lhs, Value rhs);
  Value select(Value pred, Value onTrue, Value onFalse);
  /// Reduces `dimensions` of `value` with `fn`, optionally keeping them as
  /// size-1 dimensions.
  Value reduce(ReduceFn fn, Value value, ArrayRef<int64_t> dimensions,
               bool keepDims);
  /// Takes `indices` (a rank-1 constant list) along `axis` of `value`.
  Value takeAlongAxis(Value value, int64_t axis, ArrayRef<int64_t> indices);

private:
  GraphImporter &graph;
  const onnx::NodeProto &node;
  OpBuilder &builder;
  Location loc;
  bool folding;
  SmallVector<Value> outputValues;
  SmallVector<DenseElementsAttr> outputConstants;
};

/// Converts one node; reports errors through the context and fails.
using OpConverter = LogicalResult (*)(NodeContext &);
using ConverterTable = llvm::StringMap<OpConverter>;

void registerContractionConverters(ConverterTable &table);
void registerElementwiseConverters(ConverterTable &table);
void registerIndexingConverters(ConverterTable &table);
void registerNormalizationConverters(ConverterTable &table);
void registerReductionConverters(ConverterTable &table);
void registerShapeConverters(ConverterTable &table);

/// The strata element type of an ONNX TensorProto data type, or null.
Type convertElementType(MLIRContext *context, int32_t onnxType);

/// Converts a TensorProto attribute or Constant value (data inline only).
FailureOr<DenseElementsAttr> convertTensorProto(const onnx::TensorProto &tensor,
                                                Location loc);

/// The ranked tensor type every importer value has.
inline RankedTensorType typeOf(Value value) {
  return cast<RankedTensorType>(value.getType());
}

/// What the importer knows about one ONNX tensor name.
struct TensorEntry {
  RankedTensorType type;
  /// The strata value in the function being built; null until needed for
  /// a known constant.
  Value value;
  /// The elements, when known at import.
  DenseElementsAttr constant;
};

/// Imports one graph: holds the tensor table and the function under
/// construction.
class GraphImporter {
public:
  GraphImporter(MLIRContext *context, const onnx::ModelProto &model,
                std::string modelPath);

  MLIRContext *getContext() { return context; }
  const std::string &getModelPath() const { return modelPath; }
  int64_t opset(StringRef domain) const;

  /// The entry of `name`, or null when no node or input defined it.
  TensorEntry *lookup(StringRef name);
  /// Materializes `entry` as a value at the builder's insertion point,
  /// caching it unless `folding` (the value then lives in a scratch
  /// function).
  Value materialize(TensorEntry &entry, OpBuilder &builder, bool folding);

  Location locationOf(const onnx::NodeProto &node);

  /// Imports the model into `module`; fails after reporting diagnostics.
  LogicalResult importInto(ModuleOp module,
                           const llvm::StringMap<SmallVector<int64_t>> &pins,
                           StringRef externalDataDirectory);

private:
  LogicalResult importInitializers(StringRef externalDataDirectory,
                                   SmallVectorImpl<std::string> &absent);
  LogicalResult importNode(const onnx::NodeProto &node, OpBuilder &builder);
  /// Evaluates `node` at import when its inputs are all known. Returns
  /// true when it did.
  FailureOr<bool> tryFold(const onnx::NodeProto &node, OpConverter converter);
  LogicalResult recordOutputs(const onnx::NodeProto &node, NodeContext &ctx);
  /// Verifies the ops built for `node` after `before` in `block`.
  LogicalResult verifyNewOps(const onnx::NodeProto &node, Block *block,
                             Operation *before);

  MLIRContext *context;
  const onnx::ModelProto &model;
  std::string modelPath;
  ConverterTable converters;
  llvm::StringMap<TensorEntry> tensors;
  /// Shapes ONNX's inference found, by tensor name: a cross-check.
  llvm::StringMap<RankedTensorType> inferredTypes;
  llvm::StringMap<int64_t> opsets;
  /// External data files that were not found, as the model names them.
  SmallVector<std::string> missingLocations;
  /// Scratch module for evaluating nodes at import.
  OwningOpRef<ModuleOp> scratch;
};

} // namespace mlir::strata::onnx_import

#endif // STRATA_LIB_ONNX_ONNXIMPORTER_H
