//===- MachineProfile.cpp - Machine profiles (JSON) to #strata.machine ----===//

#include "strata/MachineProfile.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cmath>

using namespace mlir;
using namespace mlir::strata;
namespace json = llvm::json;

#include "DefaultMachine.inc"

namespace {

/// Walks one profile, remembering the first problem with the JSON path of
/// the field at fault.
class ProfileReader {
public:
  ProfileReader(MLIRContext *context, StringRef bufferName)
      : context(context), bufferName(bufferName) {}

  llvm::Expected<MachineAttr> read(const json::Value &root);

private:
  /// Records an error at `path` unless one was recorded already.
  bool fail(const std::string &path, const llvm::Twine &message) {
    if (error.empty())
      error = (bufferName + ": " + path + ": " + message).str();
    return false;
  }

  /// Rejects keys outside `allowed`: a misspelt key must not be ignored.
  bool checkKeys(const json::Object &object, const std::string &path,
                 std::initializer_list<StringRef> allowed);

  /// A number > 0 (or >= 0 when `allowZero`) at `object[key]`.
  bool readNumber(const json::Object &object, StringRef key,
                  const std::string &path, double &out, bool required = true,
                  bool allowZero = false);

  bool readTier(StringRef name, const json::Value &value,
                SmallVectorImpl<MemoryTierAttr> &tiers);
  bool readLink(const json::Value &value, const std::string &path,
                SmallVectorImpl<LinkAttr> &links);
  bool readPeak(StringRef typeName, const json::Value &value,
                SmallVectorImpl<ComputePeakAttr> &peaks);

  std::optional<Tier> parseTierName(StringRef name, const std::string &path) {
    if (std::optional<Tier> tier = symbolizeTier(name))
      return tier;
    fail(path, "unknown tier '" + name + "'; expected hbm, host or nvme");
    return std::nullopt;
  }

  MLIRContext *context;
  std::string bufferName;
  std::string error;
};

} // namespace

static int64_t toInteger(double value) {
  return static_cast<int64_t>(std::llround(value));
}

bool ProfileReader::checkKeys(const json::Object &object,
                              const std::string &path,
                              std::initializer_list<StringRef> allowed) {
  for (const auto &entry : object) {
    StringRef key = entry.first;
    if (llvm::find(allowed, key) == allowed.end())
      return fail(path, "unknown key '" + key + "'");
  }
  return true;
}

bool ProfileReader::readNumber(const json::Object &object, StringRef key,
                               const std::string &path, double &out,
                               bool required, bool allowZero) {
  const json::Value *value = object.get(key);
  std::string at = path.empty() ? key.str() : path + "." + key.str();
  if (!value) {
    if (required)
      return fail(path.empty() ? "(top level)" : path,
                  "missing key '" + key + "'");
    out = 0;
    return true;
  }
  std::optional<double> number = value->getAsNumber();
  if (!number || !std::isfinite(*number))
    return fail(at, "expected a number");
  if (*number < 0 || (*number == 0 && !allowZero))
    return fail(at,
                allowZero ? "expected a number >= 0" : "expected a number > 0");
  out = *number;
  return true;
}

bool ProfileReader::readTier(StringRef name, const json::Value &value,
                             SmallVectorImpl<MemoryTierAttr> &tiers) {
  std::string path = "tiers." + name.str();
  std::optional<Tier> tier = parseTierName(name, path);
  if (!tier)
    return false;
  const json::Object *object = value.getAsObject();
  if (!object)
    return fail(path, "expected an object");
  double capacity, bandwidth;
  if (!checkKeys(*object, path, {"capacity_bytes", "bandwidth_gbps"}) ||
      !readNumber(*object, "capacity_bytes", path, capacity) ||
      !readNumber(*object, "bandwidth_gbps", path, bandwidth))
    return false;
  tiers.push_back(MemoryTierAttr::get(context, *tier, toInteger(capacity),
                                      toInteger(bandwidth * 1e9)));
  return true;
}

bool ProfileReader::readLink(const json::Value &value, const std::string &path,
                             SmallVectorImpl<LinkAttr> &links) {
  const json::Object *object = value.getAsObject();
  if (!object)
    return fail(path, "expected an object");
  if (!checkKeys(*object, path,
                 {"from", "to", "bandwidth_gbps", "duplex_gbps",
                  "compute_slowdown_us_per_gib"}))
    return false;
  std::optional<StringRef> from = object->getString("from");
  std::optional<StringRef> to = object->getString("to");
  if (!from || !to)
    return fail(path, "needs string keys 'from' and 'to'");
  std::optional<Tier> fromTier = parseTierName(*from, path + ".from");
  std::optional<Tier> toTier = parseTierName(*to, path + ".to");
  if (!fromTier || !toTier)
    return false;
  if (*fromTier == *toTier)
    return fail(path, "link from tier '" + *from + "' to itself");
  double bandwidth, duplex, slowdownUs;
  if (!readNumber(*object, "bandwidth_gbps", path, bandwidth) ||
      !readNumber(*object, "duplex_gbps", path, duplex, /*required=*/false) ||
      !readNumber(*object, "compute_slowdown_us_per_gib", path, slowdownUs,
                  /*required=*/false, /*allowZero=*/true))
    return false;
  links.push_back(
      LinkAttr::get(context, *fromTier, *toTier, toInteger(bandwidth * 1e9),
                    toInteger(duplex * 1e9), toInteger(slowdownUs * 1e3)));
  return true;
}

bool ProfileReader::readPeak(StringRef typeName, const json::Value &value,
                             SmallVectorImpl<ComputePeakAttr> &peaks) {
  std::string path = "compute." + typeName.str();
  Builder builder(context);
  Type type = llvm::StringSwitch<Type>(typeName)
                  .Case("bf16", builder.getBF16Type())
                  .Case("f16", builder.getF16Type())
                  .Case("f32", builder.getF32Type())
                  .Case("f64", builder.getF64Type())
                  .Case("i8", builder.getI8Type())
                  .Default(Type());
  if (!type)
    return fail(path, "unknown element type '" + typeName +
                          "'; expected bf16, f16, f32, f64 or i8");
  const json::Object *object = value.getAsObject();
  if (!object)
    return fail(path, "expected an object");
  double matrix, vector;
  if (!checkKeys(*object, path, {"matrix_tflops", "vector_tflops"}) ||
      !readNumber(*object, "matrix_tflops", path, matrix, true, true) ||
      !readNumber(*object, "vector_tflops", path, vector, true, true))
    return false;
  peaks.push_back(ComputePeakAttr::get(context, type, toInteger(matrix * 1e12),
                                       toInteger(vector * 1e12)));
  return true;
}

llvm::Expected<MachineAttr> ProfileReader::read(const json::Value &root) {
  auto failed = [&]() -> llvm::Expected<MachineAttr> {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), error);
  };
  const json::Object *object = root.getAsObject();
  if (!object) {
    fail("(top level)", "expected an object");
    return failed();
  }
  if (!checkKeys(*object, "(top level)",
                 {"name", "description", "devices", "launch_overhead_us",
                  "tiers", "links", "compute", "notes"}))
    return failed();
  std::optional<StringRef> name = object->getString("name");
  if (!name || name->empty()) {
    fail("name", "expected a non-empty string");
    return failed();
  }
  double devices = 1, launchUs;
  if ((object->get("devices") &&
       !readNumber(*object, "devices", "", devices)) ||
      !readNumber(*object, "launch_overhead_us", "", launchUs, true, true))
    return failed();
  if (devices != std::floor(devices)) {
    fail("devices", "expected a whole number");
    return failed();
  }

  SmallVector<MemoryTierAttr> tiers;
  const json::Object *tierObject = object->getObject("tiers");
  if (!tierObject) {
    fail("tiers", "expected an object mapping tier names to tiers");
    return failed();
  }
  // json::Object is unordered; list tiers in the fixed hbm, host, nvme order
  // so that the attribute does not depend on hashing.
  for (StringRef tierName : {"hbm", "host", "nvme"})
    if (const json::Value *value = tierObject->get(tierName))
      if (!readTier(tierName, *value, tiers))
        return failed();
  if (!checkKeys(*tierObject, "tiers", {"hbm", "host", "nvme"}))
    return failed();
  if (tiers.empty() || tiers.front().getTier() != Tier::Hbm) {
    fail("tiers", "missing the 'hbm' tier");
    return failed();
  }

  SmallVector<LinkAttr> links;
  if (const json::Value *value = object->get("links")) {
    const json::Array *array = value->getAsArray();
    if (!array) {
      fail("links", "expected an array");
      return failed();
    }
    for (auto [index, link] : llvm::enumerate(*array))
      if (!readLink(link, "links[" + std::to_string(index) + "]", links))
        return failed();
  }
  for (LinkAttr link : links)
    for (Tier end : {link.getFrom(), link.getTo()})
      if (llvm::none_of(tiers,
                        [&](MemoryTierAttr t) { return t.getTier() == end; })) {
        fail("links", "a link uses tier '" + stringifyTier(end) +
                          "', which 'tiers' does not list");
        return failed();
      }

  SmallVector<ComputePeakAttr> peaks;
  if (const json::Object *compute = object->getObject("compute")) {
    SmallVector<StringRef> names;
    for (const auto &entry : *compute)
      names.push_back(entry.first);
    llvm::sort(names);
    for (StringRef typeName : names)
      if (!readPeak(typeName, *compute->get(typeName), peaks))
        return failed();
  } else if (object->get("compute")) {
    fail("compute", "expected an object mapping element types to peaks");
    return failed();
  }

  return MachineAttr::get(context, StringAttr::get(context, *name),
                          static_cast<int64_t>(devices),
                          toInteger(launchUs * 1000.0), tiers, links, peaks);
}

llvm::Expected<MachineAttr>
mlir::strata::parseMachineProfile(MLIRContext *context, StringRef jsonText,
                                  StringRef bufferName) {
  context->getOrLoadDialect<StrataDialect>();
  llvm::Expected<json::Value> root = json::parse(jsonText);
  if (!root)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(), "%s: invalid JSON: %s",
        bufferName.str().c_str(), llvm::toString(root.takeError()).c_str());
  return ProfileReader(context, bufferName).read(*root);
}

llvm::Expected<MachineAttr>
mlir::strata::loadMachineProfile(MLIRContext *context, StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer)
    return llvm::createStringError(
        buffer.getError(), "cannot read machine profile '%s': %s",
        path.str().c_str(), buffer.getError().message().c_str());
  return parseMachineProfile(context, (*buffer)->getBuffer(), path);
}

MachineAttr mlir::strata::getDefaultMachine(MLIRContext *context) {
  llvm::Expected<MachineAttr> machine = parseMachineProfile(
      context, kDefaultMachineJson, "machines/h100-sxm.json");
  // The built-in profile is checked by the unit tests; failing here means
  // the build embedded a broken file.
  if (!machine)
    llvm::report_fatal_error(llvm::toString(machine.takeError()).c_str());
  return *machine;
}

FailureOr<MachineAttr> mlir::strata::resolveMachine(ModuleOp module,
                                                    StringRef profilePath) {
  MLIRContext *context = module.getContext();
  if (!profilePath.empty()) {
    llvm::Expected<MachineAttr> machine =
        loadMachineProfile(context, profilePath);
    if (!machine)
      return module.emitError() << llvm::toString(machine.takeError());
    return *machine;
  }
  if (Attribute attr = module->getAttr(kMachineAttrName)) {
    if (auto machine = dyn_cast<MachineAttr>(attr))
      return machine;
    return module.emitError() << "'" << kMachineAttrName
                              << "' must be a #strata.machine, got " << attr;
  }
  return getDefaultMachine(context);
}
