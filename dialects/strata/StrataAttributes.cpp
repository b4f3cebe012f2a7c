//===- StrataAttributes.cpp - Tiers, machines, costs, communicators ------===//

#include "dialects/strata/StrataDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::strata;

#include "dialects/strata/StrataEnums.cpp.inc"

/// `[a, b, c]`, possibly empty: list parameters of the machine and the
/// communicator (a machine may well have no links).
template <typename T>
static ParseResult parseBracketList(AsmParser &parser, SmallVector<T> &list) {
  return parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
    FailureOr<T> element = FieldParser<T>::parse(parser);
    if (failed(element))
      return failure();
    list.push_back(*element);
    return success();
  });
}

template <typename T>
static void printBracketList(AsmPrinter &printer, ArrayRef<T> list) {
  printer << '[';
  llvm::interleaveComma(list, printer);
  printer << ']';
}

#define GET_ATTRDEF_CLASSES
#include "dialects/strata/StrataAttributes.cpp.inc"

void StrataDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialects/strata/StrataAttributes.cpp.inc"
      >();
}

LogicalResult
MemoryTierAttr::verify(function_ref<InFlightDiagnostic()> emitError, Tier tier,
                       int64_t capacity, int64_t bandwidth) {
  if (capacity < 0)
    return emitError() << "tier '" << stringifyTier(tier)
                       << "' has negative capacity " << capacity;
  if (bandwidth <= 0)
    return emitError() << "tier '" << stringifyTier(tier)
                       << "' needs a positive bandwidth, got " << bandwidth;
  return success();
}

LogicalResult LinkAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               Tier from, Tier to, int64_t bandwidth,
                               int64_t duplex, int64_t slowdown) {
  if (from == to)
    return emitError() << "link from tier '" << stringifyTier(from)
                       << "' to itself";
  if (bandwidth <= 0)
    return emitError() << "link " << stringifyTier(from) << " -> "
                       << stringifyTier(to)
                       << " needs a positive bandwidth, got " << bandwidth;
  if (duplex < 0)
    return emitError() << "link " << stringifyTier(from) << " -> "
                       << stringifyTier(to) << " has negative duplex bandwidth";
  if (slowdown < 0)
    return emitError() << "link " << stringifyTier(from) << " -> "
                       << stringifyTier(to) << " has a negative slowdown";
  return success();
}

LogicalResult
ComputePeakAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                        Type elementType, int64_t matrix, int64_t vector) {
  if (!elementType.isIntOrFloat())
    return emitError() << "compute peak for " << elementType
                       << ", expected an integer or float element type";
  if (matrix < 0 || vector < 0)
    return emitError() << "compute peak for " << elementType << " is negative";
  return success();
}

LogicalResult MachineAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                  StringAttr name, int64_t devices,
                                  int64_t launchOverheadNs,
                                  ArrayRef<MemoryTierAttr> tiers,
                                  ArrayRef<LinkAttr> links,
                                  ArrayRef<ComputePeakAttr> compute) {
  if (devices < 1)
    return emitError() << "machine '" << name.getValue()
                       << "' needs at least one device, got " << devices;
  if (launchOverheadNs < 0)
    return emitError() << "machine '" << name.getValue()
                       << "' has negative launch overhead";
  llvm::SmallSet<Tier, 4> seen;
  for (MemoryTierAttr tier : tiers)
    if (!seen.insert(tier.getTier()).second)
      return emitError() << "machine '" << name.getValue() << "' lists tier '"
                         << stringifyTier(tier.getTier()) << "' twice";
  if (!seen.contains(Tier::Hbm))
    return emitError() << "machine '" << name.getValue()
                       << "' has no 'hbm' tier";
  for (LinkAttr link : links)
    for (Tier end : {link.getFrom(), link.getTo()})
      if (!seen.contains(end))
        return emitError() << "machine '" << name.getValue()
                           << "' has a link through tier '"
                           << stringifyTier(end) << "' that it does not list";
  llvm::SmallSet<std::pair<Tier, Tier>, 8> paths;
  for (LinkAttr link : links)
    if (!paths.insert({link.getFrom(), link.getTo()}).second)
      return emitError() << "machine '" << name.getValue()
                         << "' lists the link " << stringifyTier(link.getFrom())
                         << " -> " << stringifyTier(link.getTo()) << " twice";
  llvm::SmallPtrSet<Type, 8> types;
  for (ComputePeakAttr peak : compute)
    if (!types.insert(peak.getElementType()).second)
      return emitError() << "machine '" << name.getValue()
                         << "' lists compute peaks for "
                         << peak.getElementType() << " twice";
  return success();
}

MemoryTierAttr MachineAttr::getTier(Tier kind) const {
  for (MemoryTierAttr tier : getTiers())
    if (tier.getTier() == kind)
      return tier;
  return {};
}

LinkAttr MachineAttr::getLink(Tier from, Tier to) const {
  for (LinkAttr link : getLinks())
    if (link.getFrom() == from && link.getTo() == to)
      return link;
  return {};
}

ComputePeakAttr MachineAttr::getPeak(Type elementType) const {
  for (ComputePeakAttr peak : getCompute())
    if (peak.getElementType() == elementType)
      return peak;
  return {};
}

LogicalResult CostAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               int64_t flops, int64_t bytesRead,
                               int64_t bytesWritten, int64_t timeNs) {
  if (flops < 0 || bytesRead < 0 || bytesWritten < 0 || timeNs < 0)
    return emitError() << "cost figures must not be negative";
  return success();
}

LogicalResult
CommunicatorAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                         ArrayRef<int64_t> devices) {
  if (devices.empty())
    return emitError() << "communicator needs at least one device";
  llvm::SmallSet<int64_t, 8> seen;
  for (int64_t device : devices) {
    if (device < 0)
      return emitError() << "communicator device rank " << device
                         << " is negative";
    if (!seen.insert(device).second)
      return emitError() << "communicator lists device " << device << " twice";
  }
  return success();
}
