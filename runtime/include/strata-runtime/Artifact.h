//===- Artifact.h - The executable plan a compiled model becomes -*- C++ -*-===//
//
// An artifact is a directory: plan.json (this structure), the PTX module(s)
// its kernels live in, and constants.bin (the bytes of the model's non-splat
// constants). docs/artifact.md is the format's reference; this header is its
// in-memory form, shared by the compiler that writes it and every backend
// that executes it. No MLIR here: the runtime builds without it.
//
// Every compute step (a generated kernel or a library call) also carries its
// reference: the graph ops it implements, as OpRecords, which the CPU backend
// evaluates with the reference kernels in place of the generated code. So
// the artifact's buffers, offsets, copies and ordering are exercised in every
// CI run even though no GPU code runs there.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_ARTIFACT_H
#define STRATA_RUNTIME_ARTIFACT_H

#include "strata-runtime/DType.h"
#include "strata-runtime/Status.h"
#include "strata-runtime/Tensor.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace strata::rt {

constexpr int kArtifactFormatVersion = 1;

enum class Tier : uint8_t { Hbm, Host, Nvme };
const char *tierName(Tier tier);
std::optional<Tier> parseTier(std::string_view name);

enum class StreamKind : uint8_t { Compute, HostToDevice, DeviceToHost };
/// "compute", "h2d", "d2h".
const char *streamName(StreamKind stream);
std::optional<StreamKind> parseStream(std::string_view name);

/// A tensor's bytes at a fixed place in one tier's arena. Several buffers
/// may share bytes (a recomputed value and the one it stands for), but two
/// buffers whose values are live at the same time never overlap: the
/// compiler's verifier proved it.
struct ArtifactBuffer {
  Tier tier = Tier::Hbm;
  int64_t offset = 0;
  int64_t bytes = 0;
  DType dtype = DType::f32;
  Shape shape;
};

/// One graph op as the reference kernels see it: the op's mnemonic
/// ("binary", "dot", "softmax", ...), its operands as value numbers, the
/// types of its results, and its attributes under their ODS names. Integer
/// enum attributes (fn, direction) are the enum's integer value, which the
/// runtime's enums mirror case for case; dense arrays are JSON arrays;
/// a splat constant's value is {"splat": number}; a non-splat constant's is
/// {"data_offset": N, "bytes": B} into constants.bin.
struct OpRecord {
  std::string op;
  std::vector<int64_t> operands;
  std::vector<std::pair<DType, Shape>> results;
  nlohmann::json attributes = nlohmann::json::object();
};

/// What a compute step computes. Values 0 .. numInputs-1 are the step's
/// first numInputs args; every op appends its results as the next values;
/// `results[i]` is the value written to arg numInputs + i.
struct ReferenceProgram {
  std::vector<OpRecord> ops;
  std::vector<int64_t> results;
};

/// Row-major (possibly batched) C = op(A) * op(B), as a cuBLASLt matmul.
/// A is stored m x k (lda >= k) or, when transA, k x m (lda >= m); B is
/// k x n (ldb >= n) or, when transB, n x k (ldb >= k); C is m x n
/// (ldc >= n). Strides between batch entries are in elements.
struct GemmDescriptor {
  DType dtype = DType::f32; // A, B and C.
  /// "f32" (exact) or "tf32" (tensor cores, f32 accumulate).
  std::string computeMode = "f32";
  int64_t batch = 1, m = 0, n = 0, k = 0;
  bool transA = false, transB = false;
  int64_t lda = 0, ldb = 0, ldc = 0;
  int64_t strideA = 0, strideB = 0, strideC = 0;
};

struct ArtifactStep {
  enum class Kind : uint8_t {
    /// A generated kernel: `module`.`kernel` over `grid` x `block`.
    Kernel,
    /// A library matrix product: args are A, B, C.
    Gemm,
    /// Bytes from buffer `src` to buffer `dst` (any tiers).
    Copy,
    /// Constant bytes from constants.bin at `dataOffset` into `dst`.
    Constant,
    /// Marks `event` on `stream` once the stream's earlier work is done.
    Record,
    /// `stream` waits until `event` has been recorded and reached.
    Wait,
  };
  Kind kind = Kind::Kernel;
  StreamKind stream = StreamKind::Compute;
  /// The source location of the op this step comes from, for errors.
  std::string location;

  // Kernel and Gemm.
  std::vector<int64_t> args; // Buffer indices: inputs, then outputs.
  int64_t numInputs = 0;
  ReferenceProgram reference;

  // Kernel.
  std::string module;
  std::string kernel;
  std::array<int64_t, 3> grid{1, 1, 1};
  std::array<int64_t, 3> block{1, 1, 1};
  int64_t sharedBytes = 0;

  // Gemm.
  GemmDescriptor gemm;

  // Copy and Constant.
  int64_t src = -1, dst = -1;
  int64_t bytes = 0;
  int64_t dataOffset = 0;

  // Record and Wait.
  int64_t event = -1;
};

struct ArtifactValue {
  std::string name;
  int64_t buffer = -1;
};

struct ArtifactModule {
  std::string name;
  std::string path; // Relative to the artifact directory.
  std::string arch; // "sm_90".
};

struct Artifact {
  int formatVersion = kArtifactFormatVersion;
  std::string model; // The file the model was compiled from.
  std::string machine;
  /// Arena sizes per tier, in bytes (0 where the tier is unused).
  std::array<int64_t, 3> arenaBytes{0, 0, 0};
  /// The HBM budget the plan was proven against.
  int64_t budgetBytes = 0;
  std::vector<ArtifactModule> modules;
  std::string constantsPath; // Empty when there are no constants.
  int64_t constantsBytes = 0;
  std::vector<ArtifactBuffer> buffers;
  std::vector<ArtifactValue> inputs;
  std::vector<ArtifactValue> outputs;
  int64_t numEvents = 0;
  std::vector<ArtifactStep> steps;
};

/// Parses and validates `dir`/plan.json: every field present and typed,
/// buffers inside their arenas, step args and copy ends naming buffers,
/// kernels naming a module, events recorded before they are waited on,
/// reference programs well formed. Errors name the file and the step.
StatusOr<Artifact> loadArtifact(const std::string &dir);
StatusOr<Artifact> parseArtifact(const nlohmann::json &plan,
                                 const std::string &origin);

/// What a JSON value is ("an integer", "a string"...), for messages.
const char *jsonKind(const nlohmann::json &value);

/// plan.json's contents; `writeArtifact` writes it to `dir`/plan.json
/// (the directory must exist; modules and constants are the caller's).
nlohmann::json toJson(const Artifact &artifact);
Status writeArtifact(const Artifact &artifact, const std::string &dir);

} // namespace strata::rt

#endif // STRATA_RUNTIME_ARTIFACT_H
