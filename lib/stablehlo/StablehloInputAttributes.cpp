//===- StablehloInputAttributes.cpp - Stablehlo attributes ----------------===//
//
// Registration of the attributes, the `[0, 2]` dimension-list syntax their
// fields use, and the compact and `raw` syntax of `#stablehlo.conv`.

#include "lib/stablehlo/StablehloInputAttributes.h"
#include "lib/stablehlo/StablehloInputDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::strata::shlo;

#include "lib/stablehlo/StablehloInputEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "lib/stablehlo/StablehloInputAttributes.cpp.inc"

void StablehloInputDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "lib/stablehlo/StablehloInputAttributes.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Dimension lists
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<int64_t>>
mlir::strata::shlo::parseDimList(AsmParser &parser) {
  SmallVector<int64_t> dims;
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
        return parser.parseInteger(dims.emplace_back());
      }))
    return failure();
  return dims;
}

void mlir::strata::shlo::printDimList(AsmPrinter &printer,
                                      ArrayRef<int64_t> dims) {
  printer << '[';
  llvm::interleaveComma(dims, printer);
  printer << ']';
}

//===----------------------------------------------------------------------===//
// Convolution dimension numbers
//===----------------------------------------------------------------------===//

namespace {
/// The dimensions of one tensor of a convolution as the compact form lists
/// them: two named dimensions (batch and feature, or the kernel's input and
/// output feature) and the spatial dimensions in order.
struct ConvLayout {
  int64_t first = -1;
  int64_t second = -1;
  SmallVector<int64_t> spatial;
};
} // namespace

/// Parses `[b, 0, 1, f]`, where `firstName` and `secondName` are the letters
/// of the two named dimensions (`b`/`f` or `i`/`o`) and integers number the
/// spatial dimensions.
static FailureOr<ConvLayout>
parseConvLayout(AsmParser &parser, StringRef firstName, StringRef secondName) {
  ConvLayout layout;
  SmallVector<int64_t> spatialPositions; // indexed by spatial number
  SMLoc loc = parser.getCurrentLocation();
  int64_t position = 0;
  auto parseEntry = [&]() -> ParseResult {
    int64_t spatialIndex;
    OptionalParseResult integer = parser.parseOptionalInteger(spatialIndex);
    if (integer.has_value()) {
      if (failed(*integer))
        return failure();
      if (spatialIndex < 0)
        return parser.emitError(parser.getCurrentLocation(),
                                "spatial dimension numbers are non-negative");
      if (static_cast<int64_t>(spatialPositions.size()) <= spatialIndex)
        spatialPositions.resize(spatialIndex + 1, -1);
      if (spatialPositions[spatialIndex] != -1)
        return parser.emitError(loc)
               << "spatial dimension " << spatialIndex << " appears twice";
      spatialPositions[spatialIndex] = position++;
      return success();
    }
    StringRef name;
    if (parser.parseKeyword(&name))
      return failure();
    int64_t *slot = name == firstName    ? &layout.first
                    : name == secondName ? &layout.second
                                         : nullptr;
    if (!slot)
      return parser.emitError(loc)
             << "expected '" << firstName << "', '" << secondName
             << "' or a spatial dimension number, got '" << name << "'";
    if (*slot != -1)
      return parser.emitError(loc) << "'" << name << "' appears twice";
    *slot = position++;
    return success();
  };
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, parseEntry))
    return failure();
  if (layout.first == -1 || layout.second == -1)
    return parser.emitError(loc)
           << "expected both '" << firstName << "' and '" << secondName << "'";
  for (auto [index, pos] : llvm::enumerate(spatialPositions)) {
    if (pos == -1)
      return parser.emitError(loc)
             << "spatial dimension " << index << " is missing";
    layout.spatial.push_back(pos);
  }
  return layout;
}

FailureOr<ConvDimensionNumbersAttr>
mlir::strata::shlo::parseConvDimensions(AsmParser &parser) {
  FailureOr<ConvLayout> input = parseConvLayout(parser, "b", "f");
  if (failed(input) || parser.parseKeyword("x"))
    return failure();
  FailureOr<ConvLayout> kernel = parseConvLayout(parser, "i", "o");
  if (failed(kernel) || parser.parseArrow())
    return failure();
  FailureOr<ConvLayout> output = parseConvLayout(parser, "b", "f");
  if (failed(output))
    return failure();
  return ConvDimensionNumbersAttr::get(
      parser.getContext(), input->first, input->second, input->spatial,
      kernel->first, kernel->second, kernel->spatial, output->first,
      output->second, output->spatial);
}

/// Prints one tensor's layout as `[b, 0, 1, f]`.
static void printConvLayout(AsmPrinter &printer, int64_t first,
                            StringRef firstName, int64_t second,
                            StringRef secondName, ArrayRef<int64_t> spatial) {
  int64_t rank = 2 + spatial.size();
  SmallVector<std::string> names(rank, "?");
  auto place = [&](int64_t pos, std::string name) {
    if (pos >= 0 && pos < rank)
      names[pos] = std::move(name);
  };
  place(first, firstName.str());
  place(second, secondName.str());
  for (auto [index, pos] : llvm::enumerate(spatial))
    place(pos, std::to_string(index));
  printer << '[';
  llvm::interleaveComma(names, printer);
  printer << ']';
}

void mlir::strata::shlo::printConvDimensions(AsmPrinter &printer,
                                             ConvDimensionNumbersAttr dims) {
  printConvLayout(printer, dims.getInputBatchDimension(), "b",
                  dims.getInputFeatureDimension(), "f",
                  dims.getInputSpatialDimensions());
  printer << 'x';
  printConvLayout(printer, dims.getKernelInputFeatureDimension(), "i",
                  dims.getKernelOutputFeatureDimension(), "o",
                  dims.getKernelSpatialDimensions());
  printer << "->";
  printConvLayout(printer, dims.getOutputBatchDimension(), "b",
                  dims.getOutputFeatureDimension(), "f",
                  dims.getOutputSpatialDimensions());
}

/// `#stablehlo.conv<raw input_batch_dimension = 0, ...>`: every field spelled
/// out, in any order.
static Attribute parseRawConvDimensions(AsmParser &parser) {
  int64_t inputBatch = -1, inputFeature = -1, kernelInput = -1,
          kernelOutput = -1, outputBatch = -1, outputFeature = -1;
  SmallVector<int64_t> inputSpatial, kernelSpatial, outputSpatial;
  llvm::StringMap<int64_t *> scalars = {
      {"input_batch_dimension", &inputBatch},
      {"input_feature_dimension", &inputFeature},
      {"kernel_input_feature_dimension", &kernelInput},
      {"kernel_output_feature_dimension", &kernelOutput},
      {"output_batch_dimension", &outputBatch},
      {"output_feature_dimension", &outputFeature}};
  llvm::StringMap<SmallVector<int64_t> *> lists = {
      {"input_spatial_dimensions", &inputSpatial},
      {"kernel_spatial_dimensions", &kernelSpatial},
      {"output_spatial_dimensions", &outputSpatial}};
  llvm::StringSet<> seen;
  auto parseField = [&]() -> ParseResult {
    SMLoc loc = parser.getCurrentLocation();
    StringRef key;
    if (parser.parseKeyword(&key) || parser.parseEqual())
      return failure();
    if (!seen.insert(key).second)
      return parser.emitError(loc) << "'" << key << "' appears twice";
    if (auto it = scalars.find(key); it != scalars.end())
      return parser.parseInteger(*it->second);
    if (auto it = lists.find(key); it != lists.end()) {
      FailureOr<SmallVector<int64_t>> dims = parseDimList(parser);
      if (failed(dims))
        return failure();
      *it->second = std::move(*dims);
      return success();
    }
    return parser.emitError(loc)
           << "unknown convolution dimension field '" << key << "'";
  };
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseCommaSeparatedList(parseField) || parser.parseGreater())
    return {};
  if (seen.size() != scalars.size() + lists.size())
    return parser.emitError(loc, "expected all nine convolution dimension "
                                 "fields"),
           Attribute();
  return ConvDimensionNumbersAttr::get(
      parser.getContext(), inputBatch, inputFeature, inputSpatial, kernelInput,
      kernelOutput, kernelSpatial, outputBatch, outputFeature, outputSpatial);
}

Attribute ConvDimensionNumbersAttr::parse(AsmParser &parser, Type) {
  if (parser.parseLess())
    return {};
  if (succeeded(parser.parseOptionalKeyword("raw")))
    return parseRawConvDimensions(parser);
  FailureOr<ConvDimensionNumbersAttr> dims = parseConvDimensions(parser);
  if (failed(dims) || parser.parseGreater())
    return {};
  return *dims;
}

void ConvDimensionNumbersAttr::print(AsmPrinter &printer) const {
  printer << '<';
  printConvDimensions(printer, *this);
  printer << '>';
}
