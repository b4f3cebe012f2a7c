//===- Artifact.cpp - Reading, validating and writing plan.json -----------===//
//
// parseArtifact checks everything a backend relies on, so that backends can
// index buffers, arenas, modules, events and constants without checking
// again: a plan that loads cannot make a backend read or write out of
// bounds. docs/artifact.md is the format's reference.
//
//===----------------------------------------------------------------------===//

#include "strata-runtime/Artifact.h"

#include <cstring>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

namespace strata::rt {

using Json = nlohmann::json;

const char *tierName(Tier tier) {
  switch (tier) {
  case Tier::Hbm:
    return "hbm";
  case Tier::Host:
    return "host";
  case Tier::Nvme:
    return "nvme";
  }
  return "?";
}

std::optional<Tier> parseTier(std::string_view name) {
  for (Tier tier : {Tier::Hbm, Tier::Host, Tier::Nvme})
    if (name == tierName(tier))
      return tier;
  return std::nullopt;
}

const char *streamName(StreamKind stream) {
  switch (stream) {
  case StreamKind::Compute:
    return "compute";
  case StreamKind::HostToDevice:
    return "h2d";
  case StreamKind::DeviceToHost:
    return "d2h";
  }
  return "?";
}

std::optional<StreamKind> parseStream(std::string_view name) {
  for (StreamKind stream : {StreamKind::Compute, StreamKind::HostToDevice,
                            StreamKind::DeviceToHost})
    if (name == streamName(stream))
      return stream;
  return std::nullopt;
}

namespace {

using StepKind = ArtifactStep::Kind;

const char *stepKindName(StepKind kind) {
  switch (kind) {
  case StepKind::Kernel:
    return "kernel";
  case StepKind::Gemm:
    return "gemm";
  case StepKind::Copy:
    return "copy";
  case StepKind::Constant:
    return "constant";
  case StepKind::Record:
    return "record";
  case StepKind::Wait:
    return "wait";
  }
  return "?";
}

std::optional<StepKind> parseStepKind(std::string_view name) {
  for (StepKind kind : {StepKind::Kernel, StepKind::Gemm, StepKind::Copy,
                        StepKind::Constant, StepKind::Record, StepKind::Wait})
    if (name == stepKindName(kind))
      return kind;
  return std::nullopt;
}


std::optional<int64_t> asInt64(const Json &value) {
  if (value.is_number_unsigned()) {
    uint64_t number = value.get<uint64_t>();
    if (number > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
      return std::nullopt;
    return static_cast<int64_t>(number);
  }
  if (value.is_number_integer())
    return value.get<int64_t>();
  return std::nullopt;
}

/// One JSON object being read, with the context that names it in errors
/// ("step 3 (copy)"). Accessors check presence and type; nothing throws.
class Fields {
public:
  Fields(const Json &object, std::string context)
      : object(object), context(std::move(context)) {}

  const std::string &where() const { return context; }

  template <typename... Args> Status error(Args &&...args) const {
    return makeError(context, ": ", std::forward<Args>(args)...);
  }

  /// Precondition for the other accessors.
  Status expectObject() const {
    if (!object.is_object())
      return makeError(context, " must be an object, got ", jsonKind(object));
    return Status::success();
  }

  bool has(const char *key) const { return object.contains(key); }

  StatusOr<const Json *> get(const char *key) const {
    auto it = object.find(key);
    if (it == object.end())
      return error("missing '", key, "'");
    return &*it;
  }

  StatusOr<int64_t>
  integer(const char *key, int64_t min = std::numeric_limits<int64_t>::min(),
          std::optional<int64_t> absent = std::nullopt) const {
    if (absent && !has(key))
      return *absent;
    STRATA_RT_ASSIGN_OR_RETURN(const Json *value, get(key));
    std::optional<int64_t> number = asInt64(*value);
    if (!number)
      return error("'", key, "' must be a 64-bit integer, got ",
                   jsonKind(*value));
    if (*number < min)
      return error("'", key, "' must be at least ", min, ", got ", *number);
    return *number;
  }

  StatusOr<std::string>
  string(const char *key,
         std::optional<std::string> absent = std::nullopt) const {
    if (absent && !has(key))
      return *absent;
    STRATA_RT_ASSIGN_OR_RETURN(const Json *value, get(key));
    if (!value->is_string())
      return error("'", key, "' must be a string, got ", jsonKind(*value));
    return value->get<std::string>();
  }

  StatusOr<bool> boolean(const char *key) const {
    STRATA_RT_ASSIGN_OR_RETURN(const Json *value, get(key));
    if (!value->is_boolean())
      return error("'", key, "' must be a boolean, got ", jsonKind(*value));
    return value->get<bool>();
  }

  StatusOr<const Json *> array(const char *key) const {
    STRATA_RT_ASSIGN_OR_RETURN(const Json *value, get(key));
    if (!value->is_array())
      return error("'", key, "' must be an array, got ", jsonKind(*value));
    return value;
  }

  StatusOr<std::vector<int64_t>>
  integers(const char *key,
           int64_t min = std::numeric_limits<int64_t>::min()) const {
    STRATA_RT_ASSIGN_OR_RETURN(const Json *value, array(key));
    std::vector<int64_t> result;
    for (const Json &element : *value) {
      std::optional<int64_t> number = asInt64(element);
      if (!number)
        return error("'", key, "' element ", result.size(),
                     " must be a 64-bit integer, got ", jsonKind(element));
      if (*number < min)
        return error("'", key, "' element ", result.size(),
                     " must be at least ", min, ", got ", *number);
      result.push_back(*number);
    }
    return result;
  }

  StatusOr<std::array<int64_t, 3>> triple(const char *key) const {
    STRATA_RT_ASSIGN_OR_RETURN(std::vector<int64_t> values, integers(key, 1));
    if (values.size() != 3)
      return error("'", key, "' must hold 3 integers, got ", values.size());
    return std::array<int64_t, 3>{values[0], values[1], values[2]};
  }

  StatusOr<DType> dtype(const char *key) const {
    STRATA_RT_ASSIGN_OR_RETURN(std::string name, string(key));
    std::optional<DType> parsed = parseDType(name);
    if (!parsed)
      return error("'", key, "' names unknown element type '", name, "'");
    return *parsed;
  }

  StatusOr<Shape> shape(const char *key) const {
    STRATA_RT_ASSIGN_OR_RETURN(Shape dims, integers(key, 0));
    StatusOr<int64_t> count = checkedElementCount(dims);
    if (!count.ok())
      return error("'", key, "': ", count.status().message());
    return dims;
  }

private:
  const Json &object;
  std::string context;
};

/// a + b > limit, without overflow (all non-negative).
bool exceeds(int64_t a, int64_t b, int64_t limit) {
  return a > limit || b > limit - a;
}

StatusOr<OpRecord> parseOpRecord(const Json &json, const std::string &context) {
  Fields fields(json, context);
  STRATA_RT_RETURN_IF_ERROR(fields.expectObject());
  OpRecord op;
  STRATA_RT_ASSIGN_OR_RETURN(op.op, fields.string("op"));
  STRATA_RT_ASSIGN_OR_RETURN(op.operands, fields.integers("operands", 0));
  STRATA_RT_ASSIGN_OR_RETURN(const Json *results, fields.array("results"));
  for (size_t i = 0; i < results->size(); ++i) {
    Fields result((*results)[i], context + " result " + std::to_string(i));
    STRATA_RT_RETURN_IF_ERROR(result.expectObject());
    STRATA_RT_ASSIGN_OR_RETURN(DType dtype, result.dtype("dtype"));
    STRATA_RT_ASSIGN_OR_RETURN(Shape shape, result.shape("shape"));
    op.results.emplace_back(dtype, std::move(shape));
  }
  STRATA_RT_ASSIGN_OR_RETURN(const Json *attributes, fields.get("attributes"));
  if (!attributes->is_object())
    return fields.error("'attributes' must be an object, got ",
                        jsonKind(*attributes));
  op.attributes = *attributes;
  return op;
}

Json opRecordToJson(const OpRecord &op) {
  Json results = Json::array();
  for (const auto &[dtype, shape] : op.results)
    results.push_back({{"dtype", dtypeName(dtype)}, {"shape", shape}});
  return {{"op", op.op},
          {"operands", op.operands},
          {"results", std::move(results)},
          {"attributes", op.attributes}};
}

/// The parts of plan.json before the steps.
Status parseHeader(const Fields &plan, Artifact &artifact) {
  STRATA_RT_ASSIGN_OR_RETURN(int64_t version, plan.integer("format_version"));
  if (version != kArtifactFormatVersion)
    return plan.error("format_version ", version,
                      " is not supported (this runtime reads version ",
                      kArtifactFormatVersion, ")");
  artifact.formatVersion = static_cast<int>(version);
  STRATA_RT_ASSIGN_OR_RETURN(artifact.model, plan.string("model", ""));
  STRATA_RT_ASSIGN_OR_RETURN(artifact.machine, plan.string("machine", ""));
  STRATA_RT_ASSIGN_OR_RETURN(artifact.budgetBytes,
                             plan.integer("budget_bytes", 0, 0));

  STRATA_RT_ASSIGN_OR_RETURN(const Json *arenas, plan.get("arena_bytes"));
  Fields arenaFields(*arenas, plan.where() + ": arena_bytes");
  STRATA_RT_RETURN_IF_ERROR(arenaFields.expectObject());
  for (const auto &entry : arenas->items())
    if (!parseTier(entry.key()))
      return arenaFields.error("unknown tier '", entry.key(),
                               "' (expected hbm, host or nvme)");
  for (Tier tier : {Tier::Hbm, Tier::Host, Tier::Nvme}) {
    STRATA_RT_ASSIGN_OR_RETURN(
        artifact.arenaBytes[static_cast<size_t>(tier)],
        arenaFields.integer(tierName(tier), 0, int64_t{0}));
  }

  STRATA_RT_ASSIGN_OR_RETURN(const Json *modules, plan.array("modules"));
  std::set<std::string> moduleNames;
  for (size_t i = 0; i < modules->size(); ++i) {
    Fields fields((*modules)[i],
                  plan.where() + ": module " + std::to_string(i));
    STRATA_RT_RETURN_IF_ERROR(fields.expectObject());
    ArtifactModule module;
    STRATA_RT_ASSIGN_OR_RETURN(module.name, fields.string("name"));
    STRATA_RT_ASSIGN_OR_RETURN(module.path, fields.string("path"));
    STRATA_RT_ASSIGN_OR_RETURN(module.arch, fields.string("arch"));
    if (module.name.empty() || module.path.empty())
      return fields.error("'name' and 'path' must not be empty");
    if (!moduleNames.insert(module.name).second)
      return fields.error("a module named '", module.name, "' already exists");
    artifact.modules.push_back(std::move(module));
  }

  STRATA_RT_ASSIGN_OR_RETURN(artifact.constantsPath,
                             plan.string("constants_path"));
  STRATA_RT_ASSIGN_OR_RETURN(artifact.constantsBytes,
                             plan.integer("constants_bytes", 0));
  if (artifact.constantsPath.empty() && artifact.constantsBytes != 0)
    return plan.error("constants_bytes is ", artifact.constantsBytes,
                      " but there is no constants_path");

  STRATA_RT_ASSIGN_OR_RETURN(const Json *buffers, plan.array("buffers"));
  for (size_t i = 0; i < buffers->size(); ++i) {
    Fields fields((*buffers)[i],
                  plan.where() + ": buffer " + std::to_string(i));
    STRATA_RT_RETURN_IF_ERROR(fields.expectObject());
    ArtifactBuffer buffer;
    STRATA_RT_ASSIGN_OR_RETURN(std::string tier, fields.string("tier"));
    std::optional<Tier> parsedTier = parseTier(tier);
    if (!parsedTier)
      return fields.error("unknown tier '", tier,
                          "' (expected hbm, host or nvme)");
    buffer.tier = *parsedTier;
    STRATA_RT_ASSIGN_OR_RETURN(buffer.offset, fields.integer("offset", 0));
    STRATA_RT_ASSIGN_OR_RETURN(buffer.bytes, fields.integer("bytes", 0));
    STRATA_RT_ASSIGN_OR_RETURN(buffer.dtype, fields.dtype("dtype"));
    STRATA_RT_ASSIGN_OR_RETURN(buffer.shape, fields.shape("shape"));
    int64_t arena = artifact.arenaBytes[static_cast<size_t>(buffer.tier)];
    if (exceeds(buffer.offset, buffer.bytes, arena))
      return fields.error("bytes [", buffer.offset, ", ",
                          buffer.offset + buffer.bytes, ") lie outside the ",
                          tierName(buffer.tier), " arena of ", arena, " bytes");
    int64_t count = checkedElementCount(buffer.shape).value();
    int64_t width = static_cast<int64_t>(dtypeByteSize(buffer.dtype));
    if (count > buffer.bytes / width)
      return fields.error(buffer.bytes, " bytes cannot hold ",
                          dtypeName(buffer.dtype), formatShape(buffer.shape),
                          " (", count, " elements of ", width, " bytes)");
    artifact.buffers.push_back(std::move(buffer));
  }

  for (const char *key : {"inputs", "outputs"}) {
    std::vector<ArtifactValue> &values =
        std::string_view(key) == "inputs" ? artifact.inputs : artifact.outputs;
    STRATA_RT_ASSIGN_OR_RETURN(const Json *list, plan.array(key));
    for (size_t i = 0; i < list->size(); ++i) {
      std::string what = std::string(key).substr(0, std::strlen(key) - 1);
      Fields fields((*list)[i],
                    plan.where() + ": " + what + " " + std::to_string(i));
      STRATA_RT_RETURN_IF_ERROR(fields.expectObject());
      ArtifactValue value;
      STRATA_RT_ASSIGN_OR_RETURN(value.name, fields.string("name", ""));
      STRATA_RT_ASSIGN_OR_RETURN(value.buffer, fields.integer("buffer", 0));
      if (value.buffer >= static_cast<int64_t>(artifact.buffers.size()))
        return fields.error("names buffer ", value.buffer, " of ",
                            artifact.buffers.size());
      values.push_back(std::move(value));
    }
  }

  STRATA_RT_ASSIGN_OR_RETURN(artifact.numEvents, plan.integer("num_events", 0));
  return Status::success();
}

/// What a step needs of the buffers it names.
class StepChecker {
public:
  StepChecker(const Artifact &artifact, const Fields &fields)
      : artifact(artifact), fields(fields) {}

  Status buffer(const char *role, int64_t index) const {
    if (index < 0 || index >= static_cast<int64_t>(artifact.buffers.size()))
      return fields.error(role, " names buffer ", index, " of ",
                          artifact.buffers.size());
    return Status::success();
  }

  const ArtifactBuffer &at(int64_t index) const {
    return artifact.buffers[static_cast<size_t>(index)];
  }

private:
  const Artifact &artifact;
  const Fields &fields;
};

/// The reference program of a kernel or gemm step: well formed against the
/// step's args (operands defined before use, one result per output, each
/// result of its output buffer's type).
Status parseReference(const Fields &fields, const Json &json,
                      const Artifact &artifact, ArtifactStep &step) {
  Fields reference(json, fields.where() + ": reference");
  STRATA_RT_RETURN_IF_ERROR(reference.expectObject());
  STRATA_RT_ASSIGN_OR_RETURN(const Json *ops, reference.array("ops"));
  // The type of every value: the inputs' buffers', then the ops' results.
  std::vector<std::pair<DType, Shape>> types;
  for (int64_t i = 0; i < step.numInputs; ++i) {
    const ArtifactBuffer &buffer =
        artifact.buffers[static_cast<size_t>(step.args[i])];
    types.emplace_back(buffer.dtype, buffer.shape);
  }
  for (size_t i = 0; i < ops->size(); ++i) {
    std::string context = reference.where() + " op " + std::to_string(i);
    STRATA_RT_ASSIGN_OR_RETURN(OpRecord op, parseOpRecord((*ops)[i], context));
    for (size_t o = 0; o < op.operands.size(); ++o)
      if (op.operands[o] >= static_cast<int64_t>(types.size()))
        return makeError(context, " (", op.op, "): operand ", o, " is value ",
                         op.operands[o], ", but only ", types.size(),
                         " are defined before it");
    for (const auto &result : op.results)
      types.push_back(result);
    step.reference.ops.push_back(std::move(op));
  }
  STRATA_RT_ASSIGN_OR_RETURN(step.reference.results,
                             reference.integers("results", 0));
  size_t outputs = step.args.size() - static_cast<size_t>(step.numInputs);
  if (step.reference.results.size() != outputs)
    return reference.error(step.reference.results.size(),
                           " results for the step's ", outputs, " outputs");
  for (size_t i = 0; i < outputs; ++i) {
    int64_t value = step.reference.results[i];
    if (value >= static_cast<int64_t>(types.size()))
      return reference.error("result ", i, " is value ", value, ", but only ",
                             types.size(), " are defined");
    int64_t arg = step.args[static_cast<size_t>(step.numInputs) + i];
    const ArtifactBuffer &buffer = artifact.buffers[static_cast<size_t>(arg)];
    const auto &[dtype, shape] = types[static_cast<size_t>(value)];
    if (dtype != buffer.dtype || shape != buffer.shape)
      return reference.error("result ", i, " is ", dtypeName(dtype),
                             formatShape(shape), " but its buffer ", arg,
                             " holds ", dtypeName(buffer.dtype),
                             formatShape(buffer.shape));
  }
  return Status::success();
}

/// A row-major operand of `rows` x `cols` with leading dimension `ld` and
/// `batch` entries `stride` apart must lie inside its buffer.
Status checkMatrix(const Fields &fields, const char *name,
                   const ArtifactBuffer &buffer, int64_t arg, int64_t batch,
                   int64_t rows, int64_t cols, int64_t ld, int64_t stride) {
  if (ld < cols)
    return fields.error("ld", name, " = ", ld, " is less than the ", cols,
                        " columns of ", name);
  if (rows == 0 || cols == 0 || batch == 0)
    return Status::success();
  // The last element's index, in elements; computed in long double to stay
  // clear of overflow on absurd values, which the comparison rejects.
  long double last = static_cast<long double>(batch - 1) * stride +
                     static_cast<long double>(rows - 1) * ld + (cols - 1);
  int64_t count = checkedElementCount(buffer.shape).value();
  if (last >= static_cast<long double>(count))
    return fields.error(name, " (", batch, " x ", rows, " x ", cols, ", ld ",
                        ld, ", stride ", stride, ") reaches past the ", count,
                        " elements of buffer ", arg);
  return Status::success();
}

Status parseGemm(const Fields &fields, const Artifact &artifact,
                 ArtifactStep &step) {
  STRATA_RT_ASSIGN_OR_RETURN(const Json *json, fields.get("gemm"));
  Fields gemmFields(*json, fields.where() + ": gemm");
  STRATA_RT_RETURN_IF_ERROR(gemmFields.expectObject());
  GemmDescriptor &gemm = step.gemm;
  STRATA_RT_ASSIGN_OR_RETURN(gemm.dtype, gemmFields.dtype("dtype"));
  STRATA_RT_ASSIGN_OR_RETURN(gemm.computeMode,
                             gemmFields.string("compute_mode"));
  if (gemm.computeMode != "f32" && gemm.computeMode != "tf32")
    return gemmFields.error("compute_mode '", gemm.computeMode,
                            "' is neither f32 nor tf32");
  STRATA_RT_ASSIGN_OR_RETURN(gemm.batch, gemmFields.integer("batch", 1));
  STRATA_RT_ASSIGN_OR_RETURN(gemm.m, gemmFields.integer("m", 0));
  STRATA_RT_ASSIGN_OR_RETURN(gemm.n, gemmFields.integer("n", 0));
  STRATA_RT_ASSIGN_OR_RETURN(gemm.k, gemmFields.integer("k", 0));
  STRATA_RT_ASSIGN_OR_RETURN(gemm.transA, gemmFields.boolean("trans_a"));
  STRATA_RT_ASSIGN_OR_RETURN(gemm.transB, gemmFields.boolean("trans_b"));
  STRATA_RT_ASSIGN_OR_RETURN(gemm.lda, gemmFields.integer("lda", 0));
  STRATA_RT_ASSIGN_OR_RETURN(gemm.ldb, gemmFields.integer("ldb", 0));
  STRATA_RT_ASSIGN_OR_RETURN(gemm.ldc, gemmFields.integer("ldc", 0));
  STRATA_RT_ASSIGN_OR_RETURN(gemm.strideA, gemmFields.integer("stride_a", 0));
  STRATA_RT_ASSIGN_OR_RETURN(gemm.strideB, gemmFields.integer("stride_b", 0));
  STRATA_RT_ASSIGN_OR_RETURN(gemm.strideC, gemmFields.integer("stride_c", 0));
  if (step.args.size() != 3 || step.numInputs != 2)
    return fields.error("a gemm step takes args A, B, C with num_inputs 2, "
                        "got ",
                        step.args.size(), " args with num_inputs ",
                        step.numInputs);
  const char *names[] = {"A", "B", "C"};
  for (int i = 0; i < 3; ++i) {
    const ArtifactBuffer &buffer = artifact.buffers[step.args[i]];
    if (buffer.dtype != gemm.dtype)
      return gemmFields.error(names[i], " is buffer ", step.args[i], " of ",
                              dtypeName(buffer.dtype), ", not ",
                              dtypeName(gemm.dtype));
  }
  // Stored shapes: A is m x k (k x m transposed), B is k x n (n x k), C m x n.
  int64_t aRows = gemm.transA ? gemm.k : gemm.m;
  int64_t aCols = gemm.transA ? gemm.m : gemm.k;
  int64_t bRows = gemm.transB ? gemm.n : gemm.k;
  int64_t bCols = gemm.transB ? gemm.k : gemm.n;
  STRATA_RT_RETURN_IF_ERROR(
      checkMatrix(gemmFields, "a", artifact.buffers[step.args[0]], step.args[0],
                  gemm.batch, aRows, aCols, gemm.lda, gemm.strideA));
  STRATA_RT_RETURN_IF_ERROR(
      checkMatrix(gemmFields, "b", artifact.buffers[step.args[1]], step.args[1],
                  gemm.batch, bRows, bCols, gemm.ldb, gemm.strideB));
  return checkMatrix(gemmFields, "c", artifact.buffers[step.args[2]],
                     step.args[2], gemm.batch, gemm.m, gemm.n, gemm.ldc,
                     gemm.strideC);
}

Status parseSteps(const Fields &plan, Artifact &artifact) {
  STRATA_RT_ASSIGN_OR_RETURN(const Json *steps, plan.array("steps"));
  std::set<std::string> moduleNames;
  for (const ArtifactModule &module : artifact.modules)
    moduleNames.insert(module.name);
  std::set<int64_t> recorded;

  for (size_t index = 0; index < steps->size(); ++index) {
    const Json &json = (*steps)[index];
    std::string context = plan.where() + ": step " + std::to_string(index);
    Fields untyped(json, context);
    STRATA_RT_RETURN_IF_ERROR(untyped.expectObject());
    STRATA_RT_ASSIGN_OR_RETURN(std::string kindName, untyped.string("kind"));
    std::optional<StepKind> kind = parseStepKind(kindName);
    if (!kind)
      return untyped.error("unknown kind '", kindName, "'");
    ArtifactStep step;
    step.kind = *kind;
    // Name the kernel in the context as soon as it is known.
    if (step.kind == StepKind::Kernel) {
      STRATA_RT_ASSIGN_OR_RETURN(step.kernel, untyped.string("kernel"));
      context += " (kernel " + step.kernel + ")";
    } else {
      context += std::string(" (") + stepKindName(step.kind) + ")";
    }
    Fields fields(json, context);
    StepChecker check(artifact, fields);

    STRATA_RT_ASSIGN_OR_RETURN(std::string stream, fields.string("stream"));
    std::optional<StreamKind> parsedStream = parseStream(stream);
    if (!parsedStream)
      return fields.error("unknown stream '", stream,
                          "' (expected compute, h2d or d2h)");
    step.stream = *parsedStream;
    STRATA_RT_ASSIGN_OR_RETURN(step.location, fields.string("location", ""));

    switch (step.kind) {
    case StepKind::Kernel:
    case StepKind::Gemm: {
      STRATA_RT_ASSIGN_OR_RETURN(step.args, fields.integers("args"));
      for (size_t i = 0; i < step.args.size(); ++i) {
        STRATA_RT_RETURN_IF_ERROR(
            check.buffer(("arg " + std::to_string(i)).c_str(), step.args[i]));
      }
      STRATA_RT_ASSIGN_OR_RETURN(step.numInputs,
                                 fields.integer("num_inputs", 0));
      if (step.numInputs > static_cast<int64_t>(step.args.size()))
        return fields.error("num_inputs ", step.numInputs, " exceeds its ",
                            step.args.size(), " args");
      STRATA_RT_ASSIGN_OR_RETURN(const Json *reference,
                                 fields.get("reference"));
      STRATA_RT_RETURN_IF_ERROR(
          parseReference(fields, *reference, artifact, step));
      if (step.kind == StepKind::Gemm) {
        STRATA_RT_RETURN_IF_ERROR(parseGemm(fields, artifact, step));
        break;
      }
      STRATA_RT_ASSIGN_OR_RETURN(step.module, fields.string("module"));
      if (!moduleNames.count(step.module))
        return fields.error("module '", step.module, "' is not among the ",
                            artifact.modules.size(), " modules");
      if (step.kernel.empty())
        return fields.error("'kernel' must not be empty");
      STRATA_RT_ASSIGN_OR_RETURN(step.grid, fields.triple("grid"));
      STRATA_RT_ASSIGN_OR_RETURN(step.block, fields.triple("block"));
      STRATA_RT_ASSIGN_OR_RETURN(step.sharedBytes,
                                 fields.integer("shared_bytes", 0));
      break;
    }
    case StepKind::Copy: {
      STRATA_RT_ASSIGN_OR_RETURN(step.src, fields.integer("src"));
      STRATA_RT_ASSIGN_OR_RETURN(step.dst, fields.integer("dst"));
      STRATA_RT_ASSIGN_OR_RETURN(step.bytes, fields.integer("bytes", 0));
      STRATA_RT_RETURN_IF_ERROR(check.buffer("src", step.src));
      STRATA_RT_RETURN_IF_ERROR(check.buffer("dst", step.dst));
      for (int64_t end : {step.src, step.dst})
        if (step.bytes > check.at(end).bytes)
          return fields.error("copies ", step.bytes, " bytes, but buffer ", end,
                              " holds ", check.at(end).bytes);
      break;
    }
    case StepKind::Constant: {
      STRATA_RT_ASSIGN_OR_RETURN(step.dst, fields.integer("dst"));
      STRATA_RT_ASSIGN_OR_RETURN(step.bytes, fields.integer("bytes", 0));
      STRATA_RT_ASSIGN_OR_RETURN(step.dataOffset,
                                 fields.integer("data_offset", 0));
      STRATA_RT_RETURN_IF_ERROR(check.buffer("dst", step.dst));
      if (step.bytes > check.at(step.dst).bytes)
        return fields.error("writes ", step.bytes, " bytes, but buffer ",
                            step.dst, " holds ", check.at(step.dst).bytes);
      if (exceeds(step.dataOffset, step.bytes, artifact.constantsBytes))
        return fields.error("constant bytes [", step.dataOffset, ", ",
                            step.dataOffset + step.bytes, ") lie outside the ",
                            artifact.constantsBytes, " bytes of constants");
      break;
    }
    case StepKind::Record:
    case StepKind::Wait: {
      STRATA_RT_ASSIGN_OR_RETURN(step.event, fields.integer("event", 0));
      if (step.event >= artifact.numEvents)
        return fields.error("event ", step.event, " is not among the ",
                            artifact.numEvents, " events");
      if (step.kind == StepKind::Record)
        recorded.insert(step.event);
      else if (!recorded.count(step.event))
        return fields.error("waits on event ", step.event,
                            ", which no earlier step records");
      break;
    }
    }
    artifact.steps.push_back(std::move(step));
  }
  return Status::success();
}

Json stepToJson(const ArtifactStep &step) {
  Json json = {{"kind", stepKindName(step.kind)},
               {"stream", streamName(step.stream)},
               {"location", step.location}};
  switch (step.kind) {
  case StepKind::Kernel:
  case StepKind::Gemm: {
    json["args"] = step.args;
    json["num_inputs"] = step.numInputs;
    Json ops = Json::array();
    for (const OpRecord &op : step.reference.ops)
      ops.push_back(opRecordToJson(op));
    json["reference"] = {{"ops", std::move(ops)},
                         {"results", step.reference.results}};
    if (step.kind == StepKind::Kernel) {
      json["module"] = step.module;
      json["kernel"] = step.kernel;
      json["grid"] = step.grid;
      json["block"] = step.block;
      json["shared_bytes"] = step.sharedBytes;
    } else {
      const GemmDescriptor &gemm = step.gemm;
      json["gemm"] = {{"dtype", dtypeName(gemm.dtype)},
                      {"compute_mode", gemm.computeMode},
                      {"batch", gemm.batch},
                      {"m", gemm.m},
                      {"n", gemm.n},
                      {"k", gemm.k},
                      {"trans_a", gemm.transA},
                      {"trans_b", gemm.transB},
                      {"lda", gemm.lda},
                      {"ldb", gemm.ldb},
                      {"ldc", gemm.ldc},
                      {"stride_a", gemm.strideA},
                      {"stride_b", gemm.strideB},
                      {"stride_c", gemm.strideC}};
    }
    break;
  }
  case StepKind::Copy:
    json["src"] = step.src;
    json["dst"] = step.dst;
    json["bytes"] = step.bytes;
    break;
  case StepKind::Constant:
    json["dst"] = step.dst;
    json["bytes"] = step.bytes;
    json["data_offset"] = step.dataOffset;
    break;
  case StepKind::Record:
  case StepKind::Wait:
    json["event"] = step.event;
    break;
  }
  return json;
}

} // namespace

StatusOr<Artifact> parseArtifact(const nlohmann::json &plan,
                                 const std::string &origin) {
  Fields fields(plan, origin);
  STRATA_RT_RETURN_IF_ERROR(fields.expectObject());
  Artifact artifact;
  STRATA_RT_RETURN_IF_ERROR(parseHeader(fields, artifact));
  STRATA_RT_RETURN_IF_ERROR(parseSteps(fields, artifact));
  return artifact;
}

StatusOr<Artifact> loadArtifact(const std::string &dir) {
  std::string path = dir + "/plan.json";
  std::ifstream file(path, std::ios::binary);
  if (!file)
    return makeError(path, ": cannot open (is '", dir,
                     "' an artifact directory?)");
  std::stringstream text;
  text << file.rdbuf();
  if (file.bad())
    return makeError(path, ": read error");
  Json plan;
  try {
    plan = Json::parse(text.str());
  } catch (const Json::exception &error) {
    return makeError(path, ": not valid JSON: ", error.what());
  }
  STRATA_RT_ASSIGN_OR_RETURN(Artifact artifact, parseArtifact(plan, path));
  // constants.bin must hold exactly the bytes the plan says, so that a
  // truncated copy of the artifact fails here rather than in a step.
  if (!artifact.constantsPath.empty()) {
    std::string constants = dir + "/" + artifact.constantsPath;
    std::ifstream data(constants, std::ios::binary | std::ios::ate);
    if (!data)
      return makeError(constants, ": cannot open the artifact's constants");
    int64_t size = static_cast<int64_t>(data.tellg());
    if (size != artifact.constantsBytes)
      return makeError(constants, ": holds ", size, " bytes, but ", path,
                       " says ", artifact.constantsBytes);
  }
  return artifact;
}

nlohmann::json toJson(const Artifact &artifact) {
  Json buffers = Json::array();
  for (const ArtifactBuffer &buffer : artifact.buffers)
    buffers.push_back({{"tier", tierName(buffer.tier)},
                       {"offset", buffer.offset},
                       {"bytes", buffer.bytes},
                       {"dtype", dtypeName(buffer.dtype)},
                       {"shape", buffer.shape}});
  auto values = [](const std::vector<ArtifactValue> &list) {
    Json out = Json::array();
    for (const ArtifactValue &value : list)
      out.push_back({{"name", value.name}, {"buffer", value.buffer}});
    return out;
  };
  Json modules = Json::array();
  for (const ArtifactModule &module : artifact.modules)
    modules.push_back(
        {{"name", module.name}, {"path", module.path}, {"arch", module.arch}});
  Json steps = Json::array();
  for (const ArtifactStep &step : artifact.steps)
    steps.push_back(stepToJson(step));
  Json arenas = Json::object();
  for (Tier tier : {Tier::Hbm, Tier::Host, Tier::Nvme})
    arenas[tierName(tier)] = artifact.arenaBytes[static_cast<size_t>(tier)];
  return {{"format_version", artifact.formatVersion},
          {"model", artifact.model},
          {"machine", artifact.machine},
          {"arena_bytes", std::move(arenas)},
          {"budget_bytes", artifact.budgetBytes},
          {"modules", std::move(modules)},
          {"constants_path", artifact.constantsPath},
          {"constants_bytes", artifact.constantsBytes},
          {"buffers", std::move(buffers)},
          {"inputs", values(artifact.inputs)},
          {"outputs", values(artifact.outputs)},
          {"num_events", artifact.numEvents},
          {"steps", std::move(steps)}};
}

Status writeArtifact(const Artifact &artifact, const std::string &dir) {
  std::string path = dir + "/plan.json";
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file)
    return makeError(path, ": cannot open for writing");
  // Replacing invalid UTF-8 (a location string, say) keeps dump from
  // throwing.
  file << toJson(artifact).dump(1, ' ', false, Json::error_handler_t::replace)
       << "\n";
  file.close();
  if (!file)
    return makeError(path, ": write error");
  return Status::success();
}

const char *jsonKind(const nlohmann::json &value) {
  switch (value.type()) {
  case nlohmann::json::value_t::null:
    return "null";
  case nlohmann::json::value_t::object:
    return "an object";
  case nlohmann::json::value_t::array:
    return "an array";
  case nlohmann::json::value_t::string:
    return "a string";
  case nlohmann::json::value_t::boolean:
    return "a boolean";
  case nlohmann::json::value_t::number_integer:
  case nlohmann::json::value_t::number_unsigned:
    return "an integer";
  case nlohmann::json::value_t::number_float:
    return "a float";
  default:
    return "an invalid value";
  }
}

} // namespace strata::rt
