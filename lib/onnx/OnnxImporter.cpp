//===- OnnxImporter.cpp - ONNX ModelProto to strata graph IR --------------===//
//
// Reads the model (OnnxModelFile), declares one function whose arguments are
// the graph inputs (then any initializers whose weights are absent), and
// converts the nodes in order. Every tensor gets a static shape: dynamic
// input dimensions must be pinned, and shape-computing subgraphs are
// evaluated at import.

#include "lib/onnx/OnnxImporter.h"
#include "lib/onnx/OnnxModelFile.h"

#include "strata/Import.h"
#include "strata/Interpreter.h"

#include "dialects/strata/StrataDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
using namespace mlir::strata;
using namespace mlir::strata::onnx_import;

/// Opsets of the default domain whose operator semantics the converters
/// follow.
static constexpr int64_t kMinOpset = 13, kMaxOpset = 17;

/// Nodes are evaluated at import when every input is known and none is
/// larger than this many elements (shape computations, masks; not weights).
static constexpr int64_t kMaxFoldElements = int64_t(1) << 20;

//===----------------------------------------------------------------------===//
// Types and tensors
//===----------------------------------------------------------------------===//

Type mlir::strata::onnx_import::convertElementType(MLIRContext *context,
                                                   int32_t onnxType) {
  Builder b(context);
  switch (onnxType) {
  case onnx::TensorProto::FLOAT:
    return b.getF32Type();
  case onnx::TensorProto::DOUBLE:
    return b.getF64Type();
  case onnx::TensorProto::FLOAT16:
    return b.getF16Type();
  case onnx::TensorProto::BFLOAT16:
    return b.getBF16Type();
  case onnx::TensorProto::BOOL:
    return b.getI1Type();
  case onnx::TensorProto::INT8:
    return b.getI8Type();
  case onnx::TensorProto::INT16:
    return b.getI16Type();
  case onnx::TensorProto::INT32:
    return b.getI32Type();
  case onnx::TensorProto::INT64:
    return b.getI64Type();
  case onnx::TensorProto::UINT8:
    return IntegerType::get(context, 8, IntegerType::Unsigned);
  case onnx::TensorProto::UINT32:
    return IntegerType::get(context, 32, IntegerType::Unsigned);
  case onnx::TensorProto::UINT64:
    return IntegerType::get(context, 64, IntegerType::Unsigned);
  default:
    return nullptr;
  }
}

static std::string onnxTypeName(int32_t onnxType) {
  if (onnx::TensorProto::DataType_IsValid(onnxType))
    return onnx::TensorProto::DataType_Name(
        static_cast<onnx::TensorProto::DataType>(onnxType));
  return "type " + std::to_string(onnxType);
}

static int64_t byteWidth(Type elementType) {
  return elementType.isInteger(1)
             ? 1
             : static_cast<int64_t>(elementType.getIntOrFloatBitWidth() / 8);
}

/// The elements of `tensor` from little-endian bytes (raw_data or an
/// external file).
static FailureOr<DenseElementsAttr> elementsFromBytes(RankedTensorType type,
                                                      StringRef bytes) {
  int64_t count = type.getNumElements();
  Type elementType = type.getElementType();
  if (static_cast<int64_t>(bytes.size()) != count * byteWidth(elementType))
    return failure();
  if (elementType.isInteger(1)) {
    SmallVector<bool> values;
    for (char c : bytes)
      values.push_back(c != 0);
    return DenseElementsAttr::get(type, values);
  }
  return DenseElementsAttr::getFromRawBuffer(
      type, ArrayRef<char>(bytes.data(), bytes.size()));
}

/// The elements of `tensor` from its typed fields (float_data, ...).
static FailureOr<DenseElementsAttr>
elementsFromFields(RankedTensorType type, const onnx::TensorProto &tensor) {
  int64_t count = type.getNumElements();
  Type elementType = type.getElementType();
  auto check = [&](int size) { return size == count || (size == 1 && count); };
  switch (tensor.data_type()) {
  case onnx::TensorProto::FLOAT: {
    if (!check(tensor.float_data_size()))
      return failure();
    SmallVector<float> values(tensor.float_data().begin(),
                              tensor.float_data().end());
    if (values.size() == 1 && count != 1)
      return DenseElementsAttr::get(type, values[0]);
    return DenseElementsAttr::get(type, ArrayRef<float>(values));
  }
  case onnx::TensorProto::DOUBLE: {
    if (!check(tensor.double_data_size()))
      return failure();
    SmallVector<double> values(tensor.double_data().begin(),
                               tensor.double_data().end());
    if (values.size() == 1 && count != 1)
      return DenseElementsAttr::get(type, values[0]);
    return DenseElementsAttr::get(type, ArrayRef<double>(values));
  }
  case onnx::TensorProto::INT64: {
    if (!check(tensor.int64_data_size()))
      return failure();
    SmallVector<int64_t> values(tensor.int64_data().begin(),
                                tensor.int64_data().end());
    if (values.size() == 1 && count != 1)
      return DenseElementsAttr::get(type, values[0]);
    return DenseElementsAttr::get(type, ArrayRef<int64_t>(values));
  }
  case onnx::TensorProto::UINT32:
  case onnx::TensorProto::UINT64: {
    if (!check(tensor.uint64_data_size()))
      return failure();
    SmallVector<APInt> values;
    unsigned width = elementType.getIntOrFloatBitWidth();
    for (uint64_t v : tensor.uint64_data())
      values.push_back(APInt(width, v));
    if (values.size() == 1 && count != 1)
      return DenseElementsAttr::get(type, values[0]);
    return DenseElementsAttr::get(type, values);
  }
  default:
    break;
  }
  // int32_data holds every narrower type, 16-bit floats as their bits.
  if (!check(tensor.int32_data_size()))
    return failure();
  SmallVector<int32_t> raw(tensor.int32_data().begin(),
                           tensor.int32_data().end());
  if (raw.size() == 1 && count != 1)
    raw.assign(count, raw[0]);
  if (auto floatType = dyn_cast<FloatType>(elementType)) {
    SmallVector<APFloat> values;
    for (int32_t bits : raw)
      values.push_back(APFloat(floatType.getFloatSemantics(),
                               APInt(16, static_cast<uint16_t>(bits))));
    return DenseElementsAttr::get(type, values);
  }
  if (elementType.isInteger(1)) {
    SmallVector<bool> values;
    for (int32_t v : raw)
      values.push_back(v != 0);
    return DenseElementsAttr::get(type, values);
  }
  SmallVector<APInt> values;
  unsigned width = elementType.getIntOrFloatBitWidth();
  for (int32_t v : raw)
    values.push_back(APInt(width, static_cast<uint64_t>(int64_t(v)),
                           /*isSigned=*/true, /*implicitTrunc=*/true));
  return DenseElementsAttr::get(type, values);
}

/// The type a TensorProto declares; an error names the tensor.
static FailureOr<RankedTensorType>
tensorProtoType(const onnx::TensorProto &tensor, Location loc) {
  Type elementType = convertElementType(loc.getContext(), tensor.data_type());
  if (!elementType)
    return emitError(loc) << "tensor '" << tensor.name() << "' has element "
                          << "type " << onnxTypeName(tensor.data_type())
                          << ", which strata does not support";
  SmallVector<int64_t> shape(tensor.dims().begin(), tensor.dims().end());
  if (llvm::any_of(shape, [](int64_t d) { return d < 0; }))
    return emitError(loc) << "tensor '" << tensor.name()
                          << "' has a negative dimension";
  return RankedTensorType::get(shape, elementType);
}

/// Converts a TensorProto with inline data.
static FailureOr<DenseElementsAttr>
convertInlineTensor(const onnx::TensorProto &tensor, Location loc) {
  FailureOr<RankedTensorType> type = tensorProtoType(tensor, loc);
  if (failed(type))
    return failure();
  FailureOr<DenseElementsAttr> elements =
      tensor.has_raw_data() ? elementsFromBytes(*type, tensor.raw_data())
                            : elementsFromFields(*type, tensor);
  if (failed(elements))
    return emitError(loc) << "tensor '" << tensor.name() << "' holds a number "
                          << "of elements that does not match its shape "
                          << type->getShape();
  return *elements;
}

namespace mlir::strata::onnx_import {
FailureOr<DenseElementsAttr> convertTensorProto(const onnx::TensorProto &tensor,
                                                Location loc) {
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL)
    return emitError(loc) << "tensor '" << tensor.name()
                          << "' in an attribute keeps its data externally, "
                             "which the importer does not read";
  return convertInlineTensor(tensor, loc);
}
} // namespace mlir::strata::onnx_import

/// The declared type of a graph input or output, with pins applied.
static FailureOr<RankedTensorType>
valueInfoType(const onnx::ValueInfoProto &info, Location loc,
              const llvm::StringMap<SmallVector<int64_t>> *pins) {
  if (!info.type().has_tensor_type())
    return emitError(loc) << "graph value '" << info.name()
                          << "' is not a tensor (sequences and maps are not "
                             "supported)";
  const onnx::TypeProto::Tensor &tensorType = info.type().tensor_type();
  Type elementType =
      convertElementType(loc.getContext(), tensorType.elem_type());
  if (!elementType)
    return emitError(loc) << "graph value '" << info.name()
                          << "' has element type "
                          << onnxTypeName(tensorType.elem_type())
                          << ", which strata does not support";
  const SmallVector<int64_t> *pin = nullptr;
  if (pins) {
    auto it = pins->find(info.name());
    if (it != pins->end())
      pin = &it->second;
  }
  if (!tensorType.has_shape()) {
    if (pin)
      return RankedTensorType::get(*pin, elementType);
    return emitError(loc) << "graph value '" << info.name()
                          << "' has no shape (not even a rank); pin it with "
                             "--input-shape "
                          << info.name() << "=DxDx... (or =scalar)";
  }
  SmallVector<int64_t> shape;
  for (const onnx::TensorShapeProto::Dimension &dim : tensorType.shape().dim())
    shape.push_back(dim.has_dim_value() ? dim.dim_value()
                                        : ShapedType::kDynamic);
  if (pin) {
    if (pin->size() != shape.size())
      return emitError(loc)
             << "--input-shape for '" << info.name() << "' has rank "
             << pin->size() << ", but the input has rank " << shape.size();
    for (auto [d, pair] : llvm::enumerate(llvm::zip(shape, *pin))) {
      auto [declared, pinned] = pair;
      if (declared != ShapedType::kDynamic && declared != pinned)
        return emitError(loc) << "--input-shape for '" << info.name()
                              << "' sets dimension " << d << " to " << pinned
                              << ", but the model fixes it at " << declared;
    }
    shape.assign(pin->begin(), pin->end());
  }
  for (auto [d, size] : llvm::enumerate(shape)) {
    if (size != ShapedType::kDynamic)
      continue;
    const onnx::TensorShapeProto::Dimension &dim =
        tensorType.shape().dim(static_cast<int>(d));
    auto diag = emitError(loc) << "input '" << info.name() << "' has dynamic "
                               << "dimension " << d;
    if (dim.has_dim_param())
      diag << " ('" << dim.dim_param() << "')";
    diag << "; pin its shape with --input-shape " << info.name() << "=";
    for (auto [i, s] : llvm::enumerate(shape))
      diag << (i ? "x" : "")
           << (s == ShapedType::kDynamic ? "N" : std::to_string(s));
    return diag;
  }
  return RankedTensorType::get(shape, elementType);
}

//===----------------------------------------------------------------------===//
// GraphImporter
//===----------------------------------------------------------------------===//

GraphImporter::GraphImporter(MLIRContext *context,
                             const onnx::ModelProto &model,
                             std::string modelPath)
    : context(context), model(model), modelPath(std::move(modelPath)) {
  registerContractionConverters(converters);
  registerElementwiseConverters(converters);
  registerIndexingConverters(converters);
  registerNormalizationConverters(converters);
  registerReductionConverters(converters);
  registerShapeConverters(converters);
  for (const onnx::OperatorSetIdProto &opset : model.opset_import())
    opsets[opset.domain() == "ai.onnx" ? "" : opset.domain()] = opset.version();
  scratch = ModuleOp::create(UnknownLoc::get(context));
}

int64_t GraphImporter::opset(StringRef domain) const {
  auto it = opsets.find(domain == "ai.onnx" ? "" : domain);
  return it == opsets.end() ? 0 : it->second;
}

TensorEntry *GraphImporter::lookup(StringRef name) {
  auto it = tensors.find(name);
  return it == tensors.end() ? nullptr : &it->second;
}

Value GraphImporter::materialize(TensorEntry &entry, OpBuilder &builder,
                                 bool folding) {
  if (entry.value && !folding)
    return entry.value;
  assert(entry.constant && "an entry has a value or a constant");
  Value value =
      ConstantOp::create(builder, builder.getUnknownLoc(), entry.constant);
  if (!folding)
    entry.value = value;
  return value;
}

Location GraphImporter::locationOf(const onnx::NodeProto &node) {
  // The node's name (what Netron and exporters show) wrapped around the file,
  // so that diagnostics point at both.
  Location file = FileLineColLoc::get(context, modelPath, 0, 0);
  std::string name = node.name().empty()
                         ? node.op_type() + "(" +
                               (node.output_size() ? node.output(0) : "") + ")"
                         : node.name();
  return NameLoc::get(StringAttr::get(context, name), file);
}

LogicalResult
GraphImporter::importInitializers(StringRef externalDataDirectory,
                                  SmallVectorImpl<std::string> &absent) {
  Location fileLoc = FileLineColLoc::get(context, modelPath, 0, 0);
  // External files are read once each, however many tensors they hold.
  llvm::StringMap<std::unique_ptr<llvm::MemoryBuffer>> files;
  llvm::StringSet<> missingFiles;
  for (const onnx::TensorProto &tensor : model.graph().initializer()) {
    Location loc =
        NameLoc::get(StringAttr::get(context, tensor.name()), fileLoc);
    TensorEntry entry;
    if (tensor.data_location() != onnx::TensorProto::EXTERNAL) {
      FailureOr<DenseElementsAttr> elements = convertInlineTensor(tensor, loc);
      if (failed(elements))
        return failure();
      entry.type = cast<RankedTensorType>(elements->getType());
      entry.constant = *elements;
      tensors[tensor.name()] = entry;
      continue;
    }
    FailureOr<RankedTensorType> type = tensorProtoType(tensor, loc);
    if (failed(type))
      return failure();
    entry.type = *type;
    std::string location;
    int64_t offset = 0, length = -1;
    for (const onnx::StringStringEntryProto &kv : tensor.external_data()) {
      if (kv.key() == "location")
        location = kv.value();
      else if (kv.key() == "offset")
        llvm::to_integer(kv.value(), offset);
      else if (kv.key() == "length")
        llvm::to_integer(kv.value(), length);
    }
    int64_t bytes = type->getNumElements() * byteWidth(type->getElementType());
    if (length < 0)
      length = bytes;
    if (location.empty() || llvm::sys::path::is_absolute(location) ||
        StringRef(location).contains(".."))
      return emitError(loc) << "initializer '" << tensor.name()
                            << "' has external data location '" << location
                            << "'; ONNX requires a path relative to the model";
    SmallString<256> path(externalDataDirectory);
    llvm::sys::path::append(path, location);
    if (!files.count(path) && !missingFiles.contains(path)) {
      auto buffer =
          llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                      /*RequiresNullTerminator=*/false);
      if (buffer)
        files[path] = std::move(*buffer);
      else
        missingFiles.insert(path);
    }
    if (missingFiles.contains(path)) {
      if (!llvm::is_contained(missingLocations, location))
        missingLocations.push_back(location);
      absent.push_back(tensor.name());
      tensors[tensor.name()] = entry;
      continue;
    }
    StringRef contents = files[path]->getBuffer();
    if (length != bytes || offset < 0 ||
        offset + length > static_cast<int64_t>(contents.size()))
      return emitError(loc)
             << "initializer '" << tensor.name() << "' needs " << bytes
             << " bytes at offset " << offset << " of '" << location
             << "', which holds " << contents.size() << " bytes";
    FailureOr<DenseElementsAttr> elements =
        elementsFromBytes(*type, contents.substr(offset, length));
    if (failed(elements))
      return emitError(loc) << "initializer '" << tensor.name()
                            << "' could not be read from '" << location << "'";
    entry.constant = *elements;
    tensors[tensor.name()] = entry;
  }
  return success();
}

LogicalResult
GraphImporter::importInto(ModuleOp module,
                          const llvm::StringMap<SmallVector<int64_t>> &pins,
                          StringRef externalDataDirectory) {
  Location fileLoc = FileLineColLoc::get(context, modelPath, 0, 0);
  int64_t defaultOpset = opset("");
  if (defaultOpset < kMinOpset || defaultOpset > kMaxOpset)
    return emitError(fileLoc)
           << "model imports opset " << defaultOpset
           << " of the default ONNX domain; the importer supports opsets "
           << kMinOpset << " to " << kMaxOpset
           << " (convert the model with onnx.version_converter)";

  // What ONNX's inference found, to check the importer's own shapes.
  for (const onnx::ValueInfoProto &info : model.graph().value_info()) {
    FailureOr<RankedTensorType> type = [&]() -> FailureOr<RankedTensorType> {
      if (!info.type().has_tensor_type() ||
          !info.type().tensor_type().has_shape())
        return failure();
      const auto &tensorType = info.type().tensor_type();
      Type elementType = convertElementType(context, tensorType.elem_type());
      SmallVector<int64_t> shape;
      for (const auto &dim : tensorType.shape().dim()) {
        if (!dim.has_dim_value())
          return failure();
        shape.push_back(dim.dim_value());
      }
      if (!elementType)
        return failure();
      return RankedTensorType::get(shape, elementType);
    }();
    if (succeeded(type))
      inferredTypes[info.name()] = *type;
  }

  SmallVector<std::string> absent;
  if (failed(importInitializers(externalDataDirectory, absent)))
    return failure();

  // Arguments: graph inputs that are not initializers, then absent weights.
  SmallVector<Type> argumentTypes;
  SmallVector<Location> argumentLocs;
  SmallVector<DictionaryAttr> argumentAttrs;
  SmallVector<std::string> argumentNames;
  Builder b(context);
  for (const onnx::ValueInfoProto &input : model.graph().input()) {
    if (tensors.count(input.name()))
      continue; // An initializer listed as input (IR version < 4): a constant.
    Location loc = NameLoc::get(b.getStringAttr(input.name()), fileLoc);
    FailureOr<RankedTensorType> type = valueInfoType(input, loc, &pins);
    if (failed(type))
      return failure();
    argumentTypes.push_back(*type);
    argumentLocs.push_back(loc);
    argumentAttrs.push_back(b.getDictionaryAttr(
        b.getNamedAttr("strata.onnx_name", b.getStringAttr(input.name()))));
    argumentNames.push_back(input.name());
  }
  for (const auto &[name, pinned] : pins)
    if (!llvm::is_contained(argumentNames, name.str()))
      return emitError(fileLoc) << "--input-shape names '" << name
                                << "', which is not an input of the graph";
  int64_t absentBytes = 0;
  for (const std::string &name : absent) {
    TensorEntry &entry = tensors[name];
    argumentTypes.push_back(entry.type);
    argumentLocs.push_back(NameLoc::get(b.getStringAttr(name), fileLoc));
    argumentAttrs.push_back(b.getDictionaryAttr(
        b.getNamedAttr("strata.absent_weight", b.getStringAttr(name))));
    argumentNames.push_back(name);
    absentBytes +=
        entry.type.getNumElements() * byteWidth(entry.type.getElementType());
  }
  if (!absent.empty())
    emitWarning(fileLoc)
        << absent.size() << " initializer(s) (" << absentBytes
        << " bytes) keep their data in '"
        << llvm::join(missingLocations, "', '")
        << "', which is missing beside the model; they become arguments "
           "marked strata.absent_weight, and executing the module needs them "
           "supplied";

  OpBuilder builder(context);
  builder.setInsertionPointToEnd(module.getBody());
  auto func = func::FuncOp::create(builder, fileLoc, "main",
                                   b.getFunctionType(argumentTypes, {}));
  Block *body = func.addEntryBlock();
  for (auto [i, loc] : llvm::enumerate(argumentLocs)) {
    body->getArgument(i).setLoc(loc);
    func.setArgAttrs(i, argumentAttrs[i]);
    TensorEntry &entry = tensors[argumentNames[i]];
    entry.type = cast<RankedTensorType>(argumentTypes[i]);
    entry.value = body->getArgument(i);
    entry.constant = nullptr;
  }

  builder.setInsertionPointToEnd(body);
  for (const onnx::NodeProto &node : model.graph().node())
    if (failed(importNode(node, builder)))
      return failure();

  SmallVector<Value> results;
  SmallVector<Type> resultTypes;
  for (const onnx::ValueInfoProto &output : model.graph().output()) {
    TensorEntry *entry = lookup(output.name());
    if (!entry)
      return emitError(fileLoc) << "graph output '" << output.name()
                                << "' is not produced by any node";
    results.push_back(materialize(*entry, builder, /*folding=*/false));
    resultTypes.push_back(entry->type);
  }
  func::ReturnOp::create(builder, fileLoc, results);
  func.setFunctionType(b.getFunctionType(argumentTypes, resultTypes));
  for (auto [i, output] : llvm::enumerate(model.graph().output()))
    func.setResultAttr(i, "strata.onnx_name", b.getStringAttr(output.name()));
  return success();
}

LogicalResult GraphImporter::importNode(const onnx::NodeProto &node,
                                        OpBuilder &builder) {
  Location loc = locationOf(node);
  StringRef domain = node.domain();
  if (!domain.empty() && domain != "ai.onnx")
    return emitError(loc) << describeNode(node) << " is in domain '" << domain
                          << "', which the importer does not support";
  std::string arityError;
  if (!checkNodeArity(node, static_cast<int>(opset(domain)), arityError))
    return emitError(loc) << describeNode(node) << " " << arityError;
  for (const std::string &input : node.input())
    if (!input.empty() && !lookup(input))
      return emitError(loc) << describeNode(node) << " reads '" << input
                            << "', which no earlier node or input defines";

  // Identity and inference-mode Dropout only rename.
  if ((node.op_type() == "Identity" || node.op_type() == "Dropout") &&
      node.input_size() >= 1 && node.output_size() >= 1) {
    TensorEntry entry = *lookup(node.input(0));
    if (node.op_type() == "Dropout" && node.input_size() >= 3 &&
        !node.input(2).empty()) {
      TensorEntry *training = lookup(node.input(2));
      if (!training->constant ||
          !llvm::all_of(training->constant.getValues<bool>(),
                        [](bool t) { return !t; }))
        return emitError(loc) << describeNode(node)
                              << " is in training mode; only inference is "
                                 "supported";
    }
    tensors[node.output(0)] = entry;
    if (node.output_size() < 2 || node.output(1).empty())
      return success();
  }

  auto it = converters.find(node.op_type());
  if (it == converters.end())
    return emitError(loc) << describeNode(node)
                          << " has an operator the importer does not support";

  FailureOr<bool> folded = tryFold(node, it->second);
  if (failed(folded))
    return failure();
  if (*folded)
    return success();
  Block *block = builder.getInsertionBlock();
  Operation *before = block->empty() ? nullptr : &block->back();
  NodeContext ctx(*this, node, builder, loc, /*folding=*/false);
  if (failed(it->second(ctx)))
    return failure();
  if (failed(verifyNewOps(node, block, before)))
    return failure();
  return recordOutputs(node, ctx);
}

LogicalResult GraphImporter::verifyNewOps(const onnx::NodeProto &node,
                                          Block *block, Operation *before) {
  // An op built from operands strata rejects (an integer exp, mismatched
  // element types) is reported here, with the node's name, rather than by
  // the final module verification.
  std::string messages;
  {
    ScopedDiagnosticHandler collect(context, [&](Diagnostic &diag) {
      if (diag.getSeverity() == DiagnosticSeverity::Error)
        messages += (messages.empty() ? "" : "; ") + diag.str();
      return success();
    });
    auto begin = before ? std::next(before->getIterator()) : block->begin();
    for (Operation &op : llvm::make_range(begin, block->end()))
      if (failed(verify(&op)))
        break;
  }
  if (messages.empty())
    return success();
  return emitError(locationOf(node))
         << describeNode(node)
         << " converts to invalid strata IR: " << messages;
}

/// The elements of a host tensor as an attribute of `type`.
static DenseElementsAttr toElementsAttr(const ::strata::rt::HostTensor &tensor,
                                        RankedTensorType type) {
  if (type.getElementType().isInteger(1)) {
    SmallVector<bool> values;
    for (int64_t i = 0; i < tensor.numElements(); ++i)
      values.push_back(tensor.getAsDouble(i) != 0);
    return DenseElementsAttr::get(type, values);
  }
  const char *data = reinterpret_cast<const char *>(tensor.rawData());
  return DenseElementsAttr::getFromRawBuffer(
      type, ArrayRef<char>(data, tensor.sizeInBytes()));
}

FailureOr<bool> GraphImporter::tryFold(const onnx::NodeProto &node,
                                       OpConverter converter) {
  // Nodes without inputs (Constant) qualify too: they set known outputs.
  for (const std::string &input : node.input()) {
    if (input.empty())
      continue;
    TensorEntry *entry = lookup(input);
    if (!entry->constant || entry->type.getNumElements() > kMaxFoldElements)
      return false;
  }

  OpBuilder builder(context);
  builder.setInsertionPointToEnd(scratch->getBody());
  auto func = func::FuncOp::create(builder, UnknownLoc::get(context), "fold",
                                   builder.getFunctionType({}, {}));
  llvm::scope_exit eraseFunc([&] { func.erase(); });
  builder.setInsertionPointToEnd(func.addEntryBlock());
  NodeContext ctx(*this, node, builder, locationOf(node), /*folding=*/true);
  if (failed(converter(ctx)))
    return failure();

  // Outputs the converter already knows need no evaluation.
  SmallVector<Value> pending;
  for (auto [value, known] : llvm::zip(ctx.outputs(), ctx.constantOutputs()))
    if (value && !known)
      pending.push_back(value);
  SmallVector<DenseElementsAttr> folded;
  if (!pending.empty()) {
    for (Value value : pending)
      if (cast<RankedTensorType>(value.getType()).getNumElements() >
          kMaxFoldElements)
        return false;
    func::ReturnOp::create(builder, UnknownLoc::get(context), pending);
    func.setFunctionType(
        builder.getFunctionType({}, ValueRange(pending).getTypes()));
    // A node the reference kernels cannot evaluate stays in the graph.
    ScopedDiagnosticHandler silence(context,
                                    [](Diagnostic &) { return success(); });
    if (failed(verify(func)))
      return false;
    FailureOr<std::vector<::strata::rt::HostTensor>> results =
        interpret(func, {});
    if (failed(results))
      return false;
    for (auto [value, tensor] : llvm::zip(pending, *results))
      folded.push_back(
          toElementsAttr(tensor, cast<RankedTensorType>(value.getType())));
  }

  unsigned next = 0;
  for (unsigned i = 0; i < ctx.outputs().size(); ++i) {
    DenseElementsAttr value = ctx.constantOutputs()[i];
    if (!value && ctx.outputs()[i])
      value = folded[next++];
    if (!value)
      continue;
    TensorEntry entry;
    entry.type = cast<RankedTensorType>(value.getType());
    entry.constant = value;
    tensors[node.output(i)] = entry;
  }
  return true;
}

LogicalResult GraphImporter::recordOutputs(const onnx::NodeProto &node,
                                           NodeContext &ctx) {
  for (unsigned i = 0; i < ctx.outputs().size(); ++i) {
    TensorEntry entry;
    if (DenseElementsAttr known = ctx.constantOutputs()[i]) {
      entry.type = cast<RankedTensorType>(known.getType());
      entry.constant = known;
    } else if (Value value = ctx.outputs()[i]) {
      entry.type = cast<RankedTensorType>(value.getType());
      entry.value = value;
    } else {
      continue;
    }
    auto inferred = inferredTypes.find(node.output(i));
    if (inferred != inferredTypes.end() && inferred->second != entry.type)
      return emitError(locationOf(node))
             << ctx.describe() << ": output '" << node.output(i)
             << "' converts to " << entry.type << ", but ONNX infers "
             << inferred->second;
    tensors[node.output(i)] = entry;
  }
  for (unsigned i = 0; i < static_cast<unsigned>(node.output_size()); ++i)
    if (!node.output(i).empty() && !lookup(node.output(i)))
      return emitError(locationOf(node))
             << ctx.describe() << ": output " << i << " ('" << node.output(i)
             << "') is not supported";
  return success();
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

void mlir::strata::registerOnnxImport(DialectRegistry &registry) {
  registry.insert<func::FuncDialect, StrataDialect>();
}

bool mlir::strata::parseOnnxInputShapes(ArrayRef<std::string> pins,
                                        OnnxImportOptions &options,
                                        std::string &error) {
  for (const std::string &text : pins) {
    SmallVector<StringRef> items;
    StringRef(text).split(items, ',', -1, /*KeepEmpty=*/false);
    for (StringRef item : items) {
      auto [name, dims] = item.trim().rsplit('=');
      if (name.empty() || dims.empty() || !item.contains('=')) {
        error = "--input-shape expects NAME=DxDx... (e.g. input_ids=8x1024), "
                "got '" +
                item.str() + "'";
        return false;
      }
      SmallVector<int64_t> shape;
      SmallVector<StringRef> parts;
      if (dims != "scalar")
        dims.split(parts, 'x');
      for (StringRef part : parts) {
        int64_t size;
        if (part.getAsInteger(10, size) || size < 0) {
          error = "--input-shape for '" + name.str() + "': '" + part.str() +
                  "' is not a dimension size";
          return false;
        }
        shape.push_back(size);
      }
      options.inputShapes[name] = shape;
    }
  }
  return true;
}

OwningOpRef<ModuleOp>
mlir::strata::importOnnx(StringRef bytes, StringRef modelPath,
                         MLIRContext *context,
                         const OnnxImportOptions &options) {
  context->loadDialect<func::FuncDialect, StrataDialect>();
  Location fileLoc = FileLineColLoc::get(context, modelPath, 0, 0);
  onnx::ModelProto model;
  std::string error;
  if (!onnx_import::parseModel(bytes, model, error)) {
    emitError(fileLoc) << "'" << modelPath << "' " << error;
    return nullptr;
  }
  if (!onnx_import::inferShapes(model, error)) {
    emitError(fileLoc) << "ONNX shape inference failed on '" << modelPath
                       << "': " << error;
    return nullptr;
  }
  std::string directory = options.externalDataDirectory;
  if (directory.empty())
    directory = llvm::sys::path::parent_path(modelPath).str();

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  GraphImporter importer(context, model, modelPath.str());
  if (failed(importer.importInto(*module, options.inputShapes, directory)))
    return nullptr;
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

OwningOpRef<ModuleOp>
mlir::strata::importOnnx(llvm::SourceMgr &sourceMgr, MLIRContext *context,
                         const OnnxImportOptions &options) {
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  StringRef path = buffer->getBufferIdentifier();
  if (path == "<stdin>")
    path = "-";
  return importOnnx(buffer->getBuffer(), path, context, options);
}
