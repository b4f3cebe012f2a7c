//===- StablehloInputOps.cpp - Syntax and checks of stablehlo ops ---------===//
//
// The custom directives that StableHLO's pretty syntax needs, the hand-written
// syntax of `stablehlo.reduce` and `stablehlo.while`, and the cheap verifiers.

#include "lib/stablehlo/StablehloInputOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"

using namespace mlir;
using namespace mlir::strata::shlo;

//===----------------------------------------------------------------------===//
// Custom directives
//===----------------------------------------------------------------------===//

/// Reads the types of an op whose operands and result usually share one type:
/// either that one type (`tensor<4xf32>`) or a function type giving each
/// (`(tensor<4xf32>, tensor<f32>) -> tensor<4xf32>`). `types` holds the
/// operands' then the result's type slot.
static ParseResult parseSameTypes(OpAsmParser &parser,
                                  MutableArrayRef<Type *> types) {
  SMLoc loc = parser.getCurrentLocation();
  Type type;
  if (parser.parseType(type))
    return failure();
  auto function = dyn_cast<FunctionType>(type);
  if (!function) {
    for (Type *slot : types)
      *slot = type;
    return success();
  }
  size_t numOperands = types.size() - 1;
  if (function.getNumInputs() != numOperands || function.getNumResults() != 1)
    return parser.emitError(loc)
           << "expected a function type with " << numOperands
           << " input(s) and 1 result, got " << type;
  for (auto [slot, input] : llvm::zip(types.drop_back(), function.getInputs()))
    *slot = input;
  *types.back() = function.getResult(0);
  return success();
}

/// Prints the types of such an op: one type when all are equal, else a
/// function type. `types` holds the operands' then the result's type.
static void printSameTypes(OpAsmPrinter &printer, ArrayRef<Type> types) {
  if (llvm::all_equal(types)) {
    printer << types.front();
    return;
  }
  printer << FunctionType::get(types.front().getContext(), types.drop_back(),
                               types.back());
}

template <typename... TypeRefs>
static ParseResult parseSameOperandsAndResultType(OpAsmParser &parser,
                                                  TypeRefs &...types) {
  SmallVector<Type *> slots = {&types...};
  return parseSameTypes(parser, slots);
}

template <typename... Types>
static void printSameOperandsAndResultType(OpAsmPrinter &printer, Operation *,
                                           Types... types) {
  SmallVector<Type> list = {types...};
  printSameTypes(printer, list);
}

/// An enum case written as a bare keyword (`LT`, `SIGNED`, `PHILOX`). The
/// enum attributes' own syntax would print with a leading space in an op's
/// pretty form; this directive writes exactly the keyword.
template <typename EnumAttrT>
static ParseResult parseEnumKeyword(OpAsmParser &parser, EnumAttrT &attr) {
  using EnumT = decltype(std::declval<EnumAttrT>().getValue());
  SMLoc loc = parser.getCurrentLocation();
  StringRef keyword;
  if (parser.parseKeyword(&keyword))
    return failure();
  std::optional<EnumT> value = symbolizeEnum<EnumT>(keyword);
  if (!value)
    return parser.emitError(loc)
           << "unknown " << EnumAttrT::getMnemonic() << " '" << keyword << "'";
  attr = EnumAttrT::get(parser.getContext(), *value);
  return success();
}

template <typename EnumAttrT>
static void printEnumKeyword(OpAsmPrinter &printer, Operation *,
                             EnumAttrT attr) {
  printer << stringifyEnum(attr.getValue());
}

/// `tensor<4xi1>, tensor<4xf32>` (the predicate's type, then the type the
/// other operands and the result share) or a function type.
static ParseResult parseSelectOpType(OpAsmParser &parser, Type &pred,
                                     Type &onTrue, Type &onFalse,
                                     Type &result) {
  SMLoc loc = parser.getCurrentLocation();
  Type first;
  if (parser.parseType(first))
    return failure();
  if (auto function = dyn_cast<FunctionType>(first)) {
    if (function.getNumInputs() != 3 || function.getNumResults() != 1)
      return parser.emitError(loc) << "expected a function type with 3 "
                                      "inputs and 1 result, got "
                                   << first;
    pred = function.getInput(0);
    onTrue = function.getInput(1);
    onFalse = function.getInput(2);
    result = function.getResult(0);
    return success();
  }
  Type common;
  if (parser.parseComma() || parser.parseType(common))
    return failure();
  pred = first;
  onTrue = onFalse = result = common;
  return success();
}

static void printSelectOpType(OpAsmPrinter &printer, Operation *, Type pred,
                              Type onTrue, Type onFalse, Type result) {
  if (onTrue == onFalse && onTrue == result) {
    printer << pred << ", " << result;
    return;
  }
  printer << FunctionType::get(pred.getContext(), {pred, onTrue, onFalse},
                               result);
}

/// `[0, 1] x [0, 2]`: a pair of dimension lists.
static ParseResult parseDimListPair(OpAsmParser &parser,
                                    SmallVector<int64_t> &lhs,
                                    SmallVector<int64_t> &rhs) {
  FailureOr<SmallVector<int64_t>> first = parseDimList(parser);
  if (failed(first) || parser.parseKeyword("x"))
    return failure();
  FailureOr<SmallVector<int64_t>> second = parseDimList(parser);
  if (failed(second))
    return failure();
  lhs = std::move(*first);
  rhs = std::move(*second);
  return success();
}

/// `batching_dims = [0] x [0], contracting_dims = [2] x [1]`; the batching
/// part is left out when there are no batch dimensions.
static ParseResult
parseDotDimensionNumbers(OpAsmParser &parser,
                         DotDimensionNumbersAttr &dimensionNumbers) {
  SmallVector<int64_t> lhsBatch, rhsBatch, lhsContract, rhsContract;
  if (succeeded(parser.parseOptionalKeyword("batching_dims"))) {
    if (parser.parseEqual() || parseDimListPair(parser, lhsBatch, rhsBatch) ||
        parser.parseComma())
      return failure();
  }
  if (parser.parseKeyword("contracting_dims") || parser.parseEqual() ||
      parseDimListPair(parser, lhsContract, rhsContract))
    return failure();
  dimensionNumbers = DotDimensionNumbersAttr::get(
      parser.getContext(), lhsBatch, rhsBatch, lhsContract, rhsContract);
  return success();
}

static void printDotDimensionNumbers(OpAsmPrinter &printer, Operation *,
                                     DotDimensionNumbersAttr dims) {
  if (!dims.getLhsBatchingDimensions().empty() ||
      !dims.getRhsBatchingDimensions().empty()) {
    printer << "batching_dims = ";
    printDimList(printer, dims.getLhsBatchingDimensions());
    printer << " x ";
    printDimList(printer, dims.getRhsBatchingDimensions());
    printer << ", ";
  }
  printer << "contracting_dims = ";
  printDimList(printer, dims.getLhsContractingDimensions());
  printer << " x ";
  printDimList(printer, dims.getRhsContractingDimensions());
}

/// `[DEFAULT, HIGHEST]`: the precision of each operand.
static ParseResult parsePrecisionConfig(OpAsmParser &parser,
                                        ArrayAttr &precisionConfig) {
  SmallVector<Attribute> precisions;
  if (parser.parseCommaSeparatedList(
          AsmParser::Delimiter::Square, [&]() -> ParseResult {
            SMLoc loc = parser.getCurrentLocation();
            StringRef name;
            if (parser.parseKeyword(&name))
              return failure();
            std::optional<Precision> precision = symbolizePrecision(name);
            if (!precision)
              return parser.emitError(loc)
                     << "expected DEFAULT, HIGH or HIGHEST, got '" << name
                     << "'";
            precisions.push_back(
                PrecisionAttr::get(parser.getContext(), *precision));
            return success();
          }))
    return failure();
  precisionConfig = ArrayAttr::get(parser.getContext(), precisions);
  return success();
}

static void printPrecisionConfig(OpAsmPrinter &printer, Operation *,
                                 ArrayAttr precisionConfig) {
  printer << '[';
  llvm::interleaveComma(precisionConfig, printer, [&](Attribute attr) {
    printer << stringifyPrecision(cast<PrecisionAttr>(attr).getValue());
  });
  printer << ']';
}

/// `[0:8, 0:1024:2]`: per dimension, start and limit and (unless 1) stride.
static ParseResult parseSliceRanges(OpAsmParser &parser,
                                    DenseI64ArrayAttr &startIndices,
                                    DenseI64ArrayAttr &limitIndices,
                                    DenseI64ArrayAttr &strides) {
  SmallVector<int64_t> starts, limits, steps;
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
        int64_t start, limit, step = 1;
        if (parser.parseInteger(start) || parser.parseColon() ||
            parser.parseInteger(limit))
          return failure();
        if (succeeded(parser.parseOptionalColon()) && parser.parseInteger(step))
          return failure();
        starts.push_back(start);
        limits.push_back(limit);
        steps.push_back(step);
        return success();
      }))
    return failure();
  startIndices = DenseI64ArrayAttr::get(parser.getContext(), starts);
  limitIndices = DenseI64ArrayAttr::get(parser.getContext(), limits);
  strides = DenseI64ArrayAttr::get(parser.getContext(), steps);
  return success();
}

static void printSliceRanges(OpAsmPrinter &printer, Operation *,
                             DenseI64ArrayAttr startIndices,
                             DenseI64ArrayAttr limitIndices,
                             DenseI64ArrayAttr strides) {
  printer << '[';
  // The verifier checks the lengths; print what is there even if not.
  size_t rank =
      std::min({startIndices.size(), limitIndices.size(), strides.size()});
  for (size_t i = 0; i < rank; ++i) {
    if (i)
      printer << ", ";
    printer << startIndices[i] << ':' << limitIndices[i];
    if (strides[i] != 1)
      printer << ':' << strides[i];
  }
  printer << ']';
}

/// `%a, %b, ` — operands each followed by a comma, ahead of a keyword such
/// as `dim = 2` or `sizes = [..]`.
static ParseResult parseVariadicOperandWithAttribute(
    OpAsmParser &parser,
    SmallVectorImpl<OpAsmParser::UnresolvedOperand> &operands) {
  while (true) {
    OpAsmParser::UnresolvedOperand operand;
    OptionalParseResult parsed = parser.parseOptionalOperand(operand);
    if (!parsed.has_value())
      return success();
    if (failed(*parsed) || parser.parseComma())
      return failure();
    operands.push_back(operand);
  }
}

static void printVariadicOperandWithAttribute(OpAsmPrinter &printer,
                                              Operation *,
                                              OperandRange operands) {
  // The format puts a space before the keyword that follows.
  if (operands.empty())
    return;
  llvm::interleaveComma(operands, printer);
  printer << ',';
}

/// The types of an op whose results have its operands' types, written once.
static ParseResult parsePairwiseOpType(OpAsmParser &parser,
                                       SmallVectorImpl<Type> &operandTypes,
                                       SmallVectorImpl<Type> &resultTypes) {
  if (parser.parseTypeList(operandTypes))
    return failure();
  resultTypes.assign(operandTypes.begin(), operandTypes.end());
  return success();
}

static void printPairwiseOpType(OpAsmPrinter &printer, Operation *,
                                TypeRange operandTypes, TypeRange) {
  llvm::interleaveComma(operandTypes, printer);
}

/// The tuple type alone; the operands' types are its elements.
static ParseResult parseTupleOpType(OpAsmParser &parser,
                                    SmallVectorImpl<Type> &operandTypes,
                                    Type &resultType) {
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseType(resultType))
    return failure();
  auto tuple = dyn_cast<TupleType>(resultType);
  if (!tuple)
    return parser.emitError(loc) << "expected a tuple type, got " << resultType;
  operandTypes.assign(tuple.getTypes().begin(), tuple.getTypes().end());
  return success();
}

static void printTupleOpType(OpAsmPrinter &printer, Operation *, TypeRange,
                             Type resultType) {
  printer << resultType;
}

/// `@target` or `@"target-with-dashes"`.
static ParseResult parseCustomCallTarget(OpAsmParser &parser,
                                         StringAttr &target) {
  return parser.parseSymbolName(target);
}

static void printCustomCallTarget(OpAsmPrinter &printer, Operation *,
                                  StringAttr target) {
  printer.printSymbolName(target.getValue());
}

static ParseResult parseConvolutionDimensions(OpAsmParser &parser,
                                              ConvDimensionNumbersAttr &dims) {
  FailureOr<ConvDimensionNumbersAttr> parsed = parseConvDimensions(parser);
  if (failed(parsed))
    return failure();
  dims = *parsed;
  return success();
}

static void printConvolutionDimensions(OpAsmPrinter &printer, Operation *,
                                       ConvDimensionNumbersAttr dims) {
  printConvDimensions(printer, dims);
}

/// `{stride = [1, 1], pad = [[0, 0], [1, 1]], lhs_dilate = [1, 1],
/// rhs_dilate = [1, 1], reverse = [false, false]}`, each part optional, in
/// any order.
static ParseResult parseWindowAttributes(OpAsmParser &parser,
                                         DenseI64ArrayAttr &windowStrides,
                                         DenseIntElementsAttr &padding,
                                         DenseI64ArrayAttr &lhsDilation,
                                         DenseI64ArrayAttr &rhsDilation,
                                         DenseBoolArrayAttr &windowReversal) {
  MLIRContext *context = parser.getContext();
  llvm::SmallSet<StringRef, 5> seen;
  auto parseDims = [&](DenseI64ArrayAttr &attr) -> ParseResult {
    FailureOr<SmallVector<int64_t>> dims = parseDimList(parser);
    if (failed(dims))
      return failure();
    attr = DenseI64ArrayAttr::get(context, *dims);
    return success();
  };
  auto parseField = [&]() -> ParseResult {
    SMLoc loc = parser.getCurrentLocation();
    StringRef key;
    if (parser.parseKeyword(&key) || parser.parseEqual())
      return failure();
    if (!seen.insert(key).second)
      return parser.emitError(loc) << "'" << key << "' appears twice";
    if (key == "stride")
      return parseDims(windowStrides);
    if (key == "lhs_dilate")
      return parseDims(lhsDilation);
    if (key == "rhs_dilate")
      return parseDims(rhsDilation);
    if (key == "pad") {
      SmallVector<int64_t> values;
      int64_t pairs = 0;
      if (parser.parseCommaSeparatedList(
              AsmParser::Delimiter::Square, [&]() -> ParseResult {
                FailureOr<SmallVector<int64_t>> pair = parseDimList(parser);
                if (failed(pair))
                  return failure();
                if (pair->size() != 2)
                  return parser.emitError(loc, "expected [low, high] pairs");
                values.append(*pair);
                ++pairs;
                return success();
              }))
        return failure();
      auto type =
          RankedTensorType::get({pairs, 2}, IntegerType::get(context, 64));
      padding = DenseIntElementsAttr::get(type, values);
      return success();
    }
    if (key == "reverse") {
      SmallVector<bool> flags;
      if (parser.parseCommaSeparatedList(
              AsmParser::Delimiter::Square, [&]() -> ParseResult {
                SMLoc flagLoc = parser.getCurrentLocation();
                StringRef flag;
                if (parser.parseKeyword(&flag))
                  return failure();
                if (flag != "true" && flag != "false")
                  return parser.emitError(flagLoc, "expected true or false");
                flags.push_back(flag == "true");
                return success();
              }))
        return failure();
      windowReversal = DenseBoolArrayAttr::get(context, flags);
      return success();
    }
    return parser.emitError(loc) << "unknown window attribute '" << key << "'";
  };
  return parser.parseCommaSeparatedList(AsmParser::Delimiter::Braces,
                                        parseField);
}

static void printWindowAttributes(OpAsmPrinter &printer, Operation *,
                                  DenseI64ArrayAttr windowStrides,
                                  DenseIntElementsAttr padding,
                                  DenseI64ArrayAttr lhsDilation,
                                  DenseI64ArrayAttr rhsDilation,
                                  DenseBoolArrayAttr windowReversal) {
  SmallVector<std::function<void()>> parts;
  if (windowStrides)
    parts.push_back([&] {
      printer << "stride = ";
      printDimList(printer, windowStrides.asArrayRef());
    });
  if (padding)
    parts.push_back([&] {
      printer << "pad = [";
      SmallVector<int64_t> values(padding.getValues<int64_t>());
      for (size_t i = 0; i + 1 < values.size(); i += 2) {
        if (i)
          printer << ", ";
        printer << '[' << values[i] << ", " << values[i + 1] << ']';
      }
      printer << ']';
    });
  if (lhsDilation)
    parts.push_back([&] {
      printer << "lhs_dilate = ";
      printDimList(printer, lhsDilation.asArrayRef());
    });
  if (rhsDilation)
    parts.push_back([&] {
      printer << "rhs_dilate = ";
      printDimList(printer, rhsDilation.asArrayRef());
    });
  if (windowReversal)
    parts.push_back([&] {
      printer << "reverse = [";
      llvm::interleaveComma(
          windowReversal.asArrayRef(), printer,
          [&](bool flag) { printer << (flag ? "true" : "false"); });
      printer << ']';
    });
  printer << '{';
  llvm::interleaveComma(parts, printer, [](auto &part) { part(); });
  printer << '}';
}

/// `e5m10`: exponent and mantissa bits of a floating-point format.
static ParseResult parseExponentMantissa(OpAsmParser &parser,
                                         IntegerAttr &exponentBits,
                                         IntegerAttr &mantissaBits) {
  SMLoc loc = parser.getCurrentLocation();
  StringRef format;
  if (parser.parseKeyword(&format))
    return failure();
  size_t m = format.find('m');
  unsigned exponent, mantissa;
  if (!format.consume_front("e") || m == StringRef::npos ||
      format.substr(0, m - 1).getAsInteger(10, exponent) ||
      format.substr(m).getAsInteger(10, mantissa))
    return parser.emitError(loc)
           << "expected a format such as e5m10, got '" << format << "'";
  Type i32 = IntegerType::get(parser.getContext(), 32);
  exponentBits = IntegerAttr::get(i32, exponent);
  mantissaBits = IntegerAttr::get(i32, mantissa);
  return success();
}

static void printExponentMantissa(OpAsmPrinter &printer, Operation *,
                                  IntegerAttr exponentBits,
                                  IntegerAttr mantissaBits) {
  printer << 'e' << exponentBits.getInt() << 'm' << mantissaBits.getInt();
}

#define GET_OP_CLASSES
#include "lib/stablehlo/StablehloInputOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Verification helpers
//===----------------------------------------------------------------------===//

static RankedTensorType rankedType(Value value) {
  return dyn_cast<RankedTensorType>(value.getType());
}

/// Checks that every entry of `dims` is a dimension of a rank-`rank` tensor
/// and (unless `allowRepeats`) that none repeats; `what` names the list.
static LogicalResult checkDims(Operation *op, ArrayRef<int64_t> dims,
                               int64_t rank, StringRef what,
                               bool allowRepeats = false) {
  llvm::SmallSet<int64_t, 8> seen;
  for (int64_t dim : dims) {
    if (dim < 0 || dim >= rank)
      return op->emitOpError() << what << " dimension " << dim
                               << " is out of range for rank " << rank;
    if (!allowRepeats && !seen.insert(dim).second)
      return op->emitOpError()
             << what << " dimension " << dim << " appears twice";
  }
  return success();
}

/// Checks that a region takes `numArgs` arguments.
static LogicalResult checkBlockArgs(Operation *op, Region &region,
                                    size_t numArgs, StringRef what) {
  if (region.front().getNumArguments() != numArgs)
    return op->emitOpError()
           << what << " takes " << region.front().getNumArguments()
           << " arguments, expected " << numArgs;
  return success();
}

//===----------------------------------------------------------------------===//
// ConstantOp, IotaOp
//===----------------------------------------------------------------------===//

void ConstantOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  // The names JAX's printer uses: `%cst` for floats, `%c` otherwise.
  Type elementType = getElementTypeOrSelf(getType());
  setNameFn(getResult(),
            isa<FloatType, ComplexType>(elementType) ? "cst" : "c");
}

LogicalResult IotaOp::verify() {
  if (auto type = dyn_cast<RankedTensorType>(getType()))
    if (static_cast<int64_t>(getIotaDimension()) >= type.getRank())
      return emitOpError() << "iota_dimension " << getIotaDimension()
                           << " is out of range for rank " << type.getRank();
  return success();
}

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

LogicalResult SelectOp::verify() {
  if (getElementTypeOrSelf(getOnTrue()) != getElementTypeOrSelf(getOnFalse()) ||
      getElementTypeOrSelf(getOnTrue()) != getElementTypeOrSelf(getResult()))
    return emitOpError("on_true, on_false and the result must have one "
                       "element type");
  auto predType = rankedType(getPred());
  if (predType && predType.getRank() != 0 &&
      failed(verifyCompatibleShape(getPred().getType(), getOnTrue().getType())))
    return emitOpError("pred must be rank 0 or have the shape of on_true");
  if (failed(verifyCompatibleShape(getOnTrue().getType(),
                                   getOnFalse().getType())) ||
      failed(verifyCompatibleShape(getOnTrue().getType(), getType())))
    return emitOpError("on_true, on_false and the result must have one shape");
  return success();
}

//===----------------------------------------------------------------------===//
// Shape and data movement
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  auto operandType = rankedType(getOperand());
  auto resultType = dyn_cast<RankedTensorType>(getType());
  if (operandType && resultType && operandType.hasStaticShape() &&
      resultType.hasStaticShape() &&
      operandType.getNumElements() != resultType.getNumElements())
    return emitOpError() << "operand has " << operandType.getNumElements()
                         << " elements but the result "
                         << resultType.getNumElements();
  return success();
}

LogicalResult BroadcastInDimOp::verify() {
  auto operandType = rankedType(getOperand());
  auto resultType = dyn_cast<RankedTensorType>(getType());
  if (!operandType || !resultType)
    return success();
  ArrayRef<int64_t> dims = getBroadcastDimensions();
  if (static_cast<int64_t>(dims.size()) != operandType.getRank())
    return emitOpError() << "broadcast_dimensions has " << dims.size()
                         << " entries for an operand of rank "
                         << operandType.getRank();
  if (failed(checkDims(*this, dims, resultType.getRank(), "broadcast")))
    return failure();
  for (auto [i, dim] : llvm::enumerate(dims)) {
    int64_t from = operandType.getDimSize(i);
    int64_t to = resultType.getDimSize(dim);
    if (!ShapedType::isDynamic(from) && !ShapedType::isDynamic(to) &&
        from != 1 && from != to)
      return emitOpError() << "operand dimension " << i << " (size " << from
                           << ") cannot broadcast to result dimension " << dim
                           << " (size " << to << ")";
  }
  return success();
}

LogicalResult TransposeOp::verify() {
  auto operandType = rankedType(getOperand());
  if (!operandType)
    return success();
  if (static_cast<int64_t>(getPermutation().size()) != operandType.getRank())
    return emitOpError() << "permutation has " << getPermutation().size()
                         << " entries for an operand of rank "
                         << operandType.getRank();
  return checkDims(*this, getPermutation(), operandType.getRank(),
                   "permutation");
}

LogicalResult SliceOp::verify() {
  size_t size = getStartIndices().size();
  if (getLimitIndices().size() != size || getStrides().size() != size)
    return emitOpError("start_indices, limit_indices and strides must have "
                       "one length");
  if (auto operandType = rankedType(getOperand()))
    if (static_cast<int64_t>(size) != operandType.getRank())
      return emitOpError() << "slices " << size
                           << " dimensions of an operand of rank "
                           << operandType.getRank();
  for (int64_t stride : getStrides())
    if (stride <= 0)
      return emitOpError() << "strides must be positive, got " << stride;
  return success();
}

LogicalResult DynamicSliceOp::verify() {
  auto operandType = rankedType(getOperand());
  if (!operandType)
    return success();
  int64_t rank = operandType.getRank();
  if (static_cast<int64_t>(getStartIndices().size()) != rank ||
      static_cast<int64_t>(getSliceSizes().size()) != rank)
    return emitOpError() << "expects " << rank
                         << " start indices and slice sizes, got "
                         << getStartIndices().size() << " and "
                         << getSliceSizes().size();
  return success();
}

LogicalResult ConcatenateOp::verify() {
  if (getInputs().empty())
    return emitOpError("expects at least one input");
  for (Value input : getInputs())
    if (auto type = rankedType(input))
      if (static_cast<int64_t>(getDimension()) >= type.getRank())
        return emitOpError() << "dimension " << getDimension()
                             << " is out of range for rank " << type.getRank();
  return success();
}

LogicalResult PadOp::verify() {
  if (auto valueType = rankedType(getPaddingValue()))
    if (valueType.getRank() != 0)
      return emitOpError("padding_value must be a rank-0 tensor");
  auto operandType = rankedType(getOperand());
  if (!operandType)
    return success();
  size_t rank = operandType.getRank();
  if (getEdgePaddingLow().size() != rank ||
      getEdgePaddingHigh().size() != rank ||
      getInteriorPadding().size() != rank)
    return emitOpError() << "expects " << rank
                         << " entries in each padding list";
  return success();
}

LogicalResult ScatterOp::verify() {
  size_t n = getInputs().size();
  if (n == 0 || getResults().size() != n)
    return emitOpError() << "expects as many results as inputs (at least "
                            "one), got "
                         << getResults().size() << " and " << n;
  return checkBlockArgs(*this, getUpdateComputation(), 2 * n,
                        "update_computation");
}

//===----------------------------------------------------------------------===//
// DotGeneralOp
//===----------------------------------------------------------------------===//

LogicalResult DotGeneralOp::verify() {
  DotDimensionNumbersAttr dims = getDotDimensionNumbers();
  if (dims.getLhsBatchingDimensions().size() !=
      dims.getRhsBatchingDimensions().size())
    return emitOpError("lhs and rhs must have as many batching dimensions");
  if (dims.getLhsContractingDimensions().size() !=
      dims.getRhsContractingDimensions().size())
    return emitOpError("lhs and rhs must have as many contracting dimensions");
  if (auto lhsType = rankedType(getLhs())) {
    if (failed(checkDims(*this, dims.getLhsBatchingDimensions(),
                         lhsType.getRank(), "lhs batching")) ||
        failed(checkDims(*this, dims.getLhsContractingDimensions(),
                         lhsType.getRank(), "lhs contracting")))
      return failure();
  }
  if (auto rhsType = rankedType(getRhs())) {
    if (failed(checkDims(*this, dims.getRhsBatchingDimensions(),
                         rhsType.getRank(), "rhs batching")) ||
        failed(checkDims(*this, dims.getRhsContractingDimensions(),
                         rhsType.getRank(), "rhs contracting")))
      return failure();
  }
  if (std::optional<ArrayAttr> precision = getPrecisionConfig())
    if (!precision->empty() && precision->size() != 2)
      return emitOpError() << "precision_config has " << precision->size()
                           << " entries, expected 0 or 2";
  return success();
}

//===----------------------------------------------------------------------===//
// ReduceOp
//===----------------------------------------------------------------------===//

LogicalResult ReduceOp::verify() {
  size_t n = getInputs().size();
  if (n == 0 || getResults().size() != n)
    return emitOpError() << "expects as many results as inputs (at least "
                            "one), got "
                         << getResults().size() << " and " << n;
  for (Value init : getInitValues())
    if (auto type = rankedType(init); type && type.getRank() != 0)
      return emitOpError("init_values must be rank-0 tensors");
  if (auto type = rankedType(getInputs().front()))
    if (failed(checkDims(*this, getDimensions(), type.getRank(), "reduced")))
      return failure();
  return checkBlockArgs(*this, getBody(), 2 * n, "body");
}

/// The op that the compact form `applies` names, when the body is exactly
/// `%r = <op> %arg0, %arg1; stablehlo.return %r` on rank-0 tensors of the
/// first input's element type; null when the region form is needed.
static Operation *getCompactReducer(ReduceOp op) {
  if (op.getInputs().size() != 1)
    return nullptr;
  Block &block = op.getBody().front();
  if (block.getNumArguments() != 2 || !llvm::hasNItems(block, 2))
    return nullptr;
  Type scalar = RankedTensorType::get(
      {}, getElementTypeOrSelf(op.getInputs().front().getType()));
  if (block.getArgument(0).getType() != scalar ||
      block.getArgument(1).getType() != scalar)
    return nullptr;
  Operation &inner = block.front();
  auto ret = dyn_cast<ReturnOp>(block.back());
  if (!ret || ret.getResults().size() != 1 ||
      ret.getResults().front().getDefiningOp() != &inner)
    return nullptr;
  if (inner.getDialect() != op->getDialect() || inner.getNumOperands() != 2 ||
      inner.getOperand(0) != block.getArgument(0) ||
      inner.getOperand(1) != block.getArgument(1) ||
      inner.getNumResults() != 1 || inner.getResult(0).getType() != scalar ||
      inner.getNumRegions() != 0 || !inner.getAttrs().empty())
    return nullptr;
  // Inherent attributes (properties) would be lost in the compact form too.
  if (auto props = inner.getPropertiesAsAttribute();
      props &&
      !(isa<DictionaryAttr>(props) && cast<DictionaryAttr>(props).empty()))
    return nullptr;
  return &inner;
}

void ReduceOp::print(OpAsmPrinter &printer) {
  llvm::interleaveComma(llvm::zip(getInputs(), getInitValues()), printer,
                        [&](auto pair) {
                          printer << '(' << std::get<0>(pair)
                                  << " init: " << std::get<1>(pair) << ')';
                        });
  Operation *compact = getCompactReducer(*this);
  if (compact)
    printer << " applies " << compact->getName().getStringRef();
  printer << " across dimensions = ";
  printDimList(printer, getDimensions());
  printer.printOptionalAttrDict((*this)->getAttrs(),
                                {getDimensionsAttrName().getValue()});
  printer << " : ";
  printer.printFunctionalType(*this);
  if (compact)
    return;
  printer.printNewline();
  printer << " reducer";
  Block &block = getBody().front();
  size_t n = getInputs().size();
  for (size_t i = 0; i < n; ++i) {
    printer << (i ? " (" : "(");
    printer.printRegionArgument(block.getArgument(i));
    printer << ", ";
    printer.printRegionArgument(block.getArgument(n + i));
    printer << ')';
  }
  printer << ' ';
  printer.printRegion(getBody(), /*printEntryBlockArgs=*/false);
}

ParseResult ReduceOp::parse(OpAsmParser &parser, OperationState &result) {
  SMLoc loc = parser.getCurrentLocation();
  SmallVector<OpAsmParser::UnresolvedOperand> inputs, inits;
  auto parsePair = [&]() -> ParseResult {
    if (parser.parseLParen() || parser.parseOperand(inputs.emplace_back()) ||
        parser.parseKeyword("init") || parser.parseColon() ||
        parser.parseOperand(inits.emplace_back()) || parser.parseRParen())
      return failure();
    return success();
  };
  if (parser.parseCommaSeparatedList(parsePair))
    return failure();
  size_t n = inputs.size();

  std::optional<OperationName> reducerName;
  SMLoc reducerLoc;
  if (succeeded(parser.parseOptionalKeyword("applies"))) {
    reducerLoc = parser.getCurrentLocation();
    FailureOr<OperationName> name = parser.parseCustomOperationName();
    if (failed(name))
      return failure();
    reducerName = *name;
  }

  FailureOr<SmallVector<int64_t>> dims;
  if (parser.parseKeyword("across") || parser.parseKeyword("dimensions") ||
      parser.parseEqual() || failed(dims = parseDimList(parser)))
    return failure();
  result.getOrAddProperties<Properties>().dimensions =
      DenseI64ArrayAttr::get(parser.getContext(), *dims);

  FunctionType type;
  if (parser.parseOptionalAttrDict(result.attributes) ||
      parser.parseColonType(type))
    return failure();
  if (type.getNumInputs() != 2 * n || type.getNumResults() != n)
    return parser.emitError(loc)
           << "expected a function type from " << 2 * n << " inputs to " << n
           << " results for " << n << " reduced operand(s), got " << type;
  if (parser.resolveOperands(inputs, type.getInputs().take_front(n), loc,
                             result.operands) ||
      parser.resolveOperands(inits, type.getInputs().drop_front(n), loc,
                             result.operands))
    return failure();
  result.addTypes(type.getResults());

  Region *body = result.addRegion();
  if (reducerName) {
    if (n != 1)
      return parser.emitError(reducerLoc,
                              "the compact form reduces a single operand");
    if (!reducerName->isRegistered())
      return parser.emitError(reducerLoc)
             << "unknown reducer op '" << reducerName->getStringRef() << "'";
    // Rebuild the body the compact form stands for.
    Type scalar =
        RankedTensorType::get({}, getElementTypeOrSelf(type.getInput(0)));
    Block *block = new Block();
    body->push_back(block);
    // The op's own location is only attached after its parser returns.
    Location bodyLoc = parser.getEncodedSourceLoc(reducerLoc);
    block->addArguments({scalar, scalar}, {bodyLoc, bodyLoc});
    // The region has no parent op yet, so the builder takes the context.
    OpBuilder builder(parser.getContext());
    builder.setInsertionPointToEnd(block);
    OperationState state(bodyLoc, *reducerName);
    state.addOperands(block->getArguments());
    state.addTypes(scalar);
    Operation *reducer = builder.create(state);
    ReturnOp::create(builder, bodyLoc, reducer->getResults());
    return success();
  }

  // `reducer(%acc: T, %elem: T) (...)`: one pair per operand. The body takes
  // every accumulator first, then every element.
  SmallVector<OpAsmParser::Argument> accumulators(n), elements(n);
  if (parser.parseKeyword("reducer"))
    return failure();
  for (size_t i = 0; i < n; ++i) {
    if (parser.parseLParen() ||
        parser.parseArgument(accumulators[i], /*allowType=*/true) ||
        parser.parseComma() ||
        parser.parseArgument(elements[i], /*allowType=*/true) ||
        parser.parseRParen())
      return failure();
  }
  SmallVector<OpAsmParser::Argument> arguments(accumulators);
  arguments.append(elements);
  return parser.parseRegion(*body, arguments);
}

//===----------------------------------------------------------------------===//
// Control flow
//===----------------------------------------------------------------------===//

void WhileOp::getAsmBlockArgumentNames(Region &region,
                                       OpAsmSetValueNameFn setNameFn) {
  for (BlockArgument arg : region.getArguments())
    setNameFn(arg, "iterArg");
}

LogicalResult WhileOp::verify() {
  size_t n = getOperand().size();
  if (getNumResults() != n)
    return emitOpError() << "has " << getNumResults() << " results for " << n
                         << " operands";
  if (failed(checkBlockArgs(*this, getCond(), n, "cond")) ||
      failed(checkBlockArgs(*this, getBody(), n, "body")))
    return failure();
  return success();
}

void WhileOp::print(OpAsmPrinter &printer) {
  // The loop-carried values are named once, in the header; both regions
  // take them as their arguments.
  printer << '(';
  llvm::interleaveComma(llvm::zip(getCond().getArguments(), getOperand()),
                        printer, [&](auto pair) {
                          printer << std::get<0>(pair) << " = "
                                  << std::get<1>(pair);
                        });
  printer << ')';
  if (!getOperand().empty()) {
    printer << " : ";
    llvm::interleaveComma(getOperand().getTypes(), printer);
  }
  printer.printOptionalAttrDictWithKeyword((*this)->getAttrs());
  printer.printNewline();
  printer << " cond ";
  printer.printRegion(getCond(), /*printEntryBlockArgs=*/false);
  printer << " do ";
  printer.printRegion(getBody(), /*printEntryBlockArgs=*/false);
}

ParseResult WhileOp::parse(OpAsmParser &parser, OperationState &result) {
  SMLoc loc = parser.getCurrentLocation();
  SmallVector<OpAsmParser::Argument> iterArgs;
  SmallVector<OpAsmParser::UnresolvedOperand> operands;
  SmallVector<Type> types;
  if (parser.parseCommaSeparatedList(
          AsmParser::Delimiter::Paren,
          [&] {
            return failure(parser.parseArgument(iterArgs.emplace_back()) ||
                           parser.parseEqual() ||
                           parser.parseOperand(operands.emplace_back()));
          }) ||
      parser.parseOptionalColonTypeList(types) ||
      parser.parseOptionalAttrDictWithKeyword(result.attributes))
    return failure();
  if (types.size() != operands.size())
    return parser.emitError(loc)
           << "expected " << operands.size() << " types, got " << types.size();
  if (parser.resolveOperands(operands, types, loc, result.operands))
    return failure();
  result.addTypes(types);
  for (auto [arg, type] : llvm::zip(iterArgs, types))
    arg.type = type;
  Region *cond = result.addRegion();
  Region *body = result.addRegion();
  return failure(
      parser.parseKeyword("cond") || parser.parseRegion(*cond, iterArgs) ||
      parser.parseKeyword("do") || parser.parseRegion(*body, iterArgs));
}

LogicalResult OptimizationBarrierOp::verify() {
  if (getOperand().getTypes() != getResult().getTypes())
    return emitOpError("results must have the operands' types");
  return success();
}

LogicalResult GetTupleElementOp::verify() {
  auto tuple = cast<TupleType>(getOperand().getType());
  if (getIndex() >= tuple.size())
    return emitOpError() << "index " << getIndex()
                         << " is out of range for a tuple of " << tuple.size();
  if (tuple.getType(getIndex()) != getType())
    return emitOpError() << "result type " << getType()
                         << " is not the tuple element's type "
                         << tuple.getType(getIndex());
  return success();
}
