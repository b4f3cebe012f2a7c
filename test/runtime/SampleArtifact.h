//===- SampleArtifact.h - A small hand-built artifact for tests -*- C++ -*-===//
//
// sum = x + y (a generated kernel), an offload of sum to host memory
// ordered after the kernel by an event, and sum @ w (a library gemm) where
// w is a constant from constants.bin. The gemm's result reuses x's bytes
// (x is dead by then), as a memory plan would. Outputs: the host copy of
// sum and the product.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_TEST_RUNTIME_SAMPLEARTIFACT_H
#define STRATA_TEST_RUNTIME_SAMPLEARTIFACT_H

#include "strata-runtime/Artifact.h"

#include <cstring>
#include <vector>

namespace strata::rt::test {

/// w, the constant: f32[3,2] = [[1, 2], [3, 4], [5, 6]].
inline std::vector<char> sampleConstants() {
  std::vector<float> w = {1, 2, 3, 4, 5, 6};
  std::vector<char> bytes(w.size() * sizeof(float));
  std::memcpy(bytes.data(), w.data(), bytes.size());
  return bytes;
}

inline OpRecord sampleRecord(std::string op, std::vector<int64_t> operands,
                             Shape resultShape, nlohmann::json attributes) {
  OpRecord record;
  record.op = std::move(op);
  record.operands = std::move(operands);
  record.results.emplace_back(DType::f32, std::move(resultShape));
  record.attributes = std::move(attributes);
  return record;
}

inline Artifact sampleArtifact() {
  Artifact artifact;
  artifact.model = "sample.mlir";
  artifact.machine = "test";
  artifact.arenaBytes = {256, 64, 0};
  artifact.budgetBytes = 256;
  artifact.modules.push_back({"kernels", "kernels.ptx", "sm_90"});
  artifact.constantsPath = "constants.bin";
  artifact.constantsBytes = 24;
  auto buffer = [](Tier tier, int64_t offset, Shape shape) {
    ArtifactBuffer result;
    result.tier = tier;
    result.offset = offset;
    result.bytes = 4;
    for (int64_t dim : shape)
      result.bytes *= dim;
    result.shape = std::move(shape);
    return result;
  };
  artifact.buffers = {
      buffer(Tier::Hbm, 0, {2, 3}),   // 0: x
      buffer(Tier::Hbm, 64, {2, 3}),  // 1: y
      buffer(Tier::Hbm, 128, {2, 3}), // 2: sum
      buffer(Tier::Host, 0, {2, 3}),  // 3: sum offloaded
      buffer(Tier::Hbm, 192, {3, 2}), // 4: w
      buffer(Tier::Hbm, 0, {2, 2}),   // 5: sum @ w, over x
  };
  artifact.inputs = {{"x", 0}, {"y", 1}};
  artifact.outputs = {{"sum", 3}, {"product", 5}};
  artifact.numEvents = 2;

  ArtifactStep constant;
  constant.kind = ArtifactStep::Kind::Constant;
  constant.location = "sample.mlir:3:8";
  constant.dst = 4;
  constant.bytes = 24;
  constant.dataOffset = 0;

  ArtifactStep add;
  add.kind = ArtifactStep::Kind::Kernel;
  add.location = "sample.mlir:4:8";
  add.args = {0, 1, 2};
  add.numInputs = 2;
  add.reference.ops.push_back(
      sampleRecord("binary", {0, 1}, {2, 3}, {{"fn", 0}}));
  add.reference.results = {2};
  add.module = "kernels";
  add.kernel = "add_kernel";
  add.grid = {1, 1, 1};
  add.block = {128, 1, 1};

  ArtifactStep recordSum;
  recordSum.kind = ArtifactStep::Kind::Record;
  recordSum.event = 0;

  ArtifactStep waitSum;
  waitSum.kind = ArtifactStep::Kind::Wait;
  waitSum.stream = StreamKind::DeviceToHost;
  waitSum.event = 0;

  ArtifactStep offload;
  offload.kind = ArtifactStep::Kind::Copy;
  offload.stream = StreamKind::DeviceToHost;
  offload.src = 2;
  offload.dst = 3;
  offload.bytes = 24;

  ArtifactStep gemm;
  gemm.kind = ArtifactStep::Kind::Gemm;
  gemm.location = "sample.mlir:6:8";
  gemm.args = {2, 4, 5};
  gemm.numInputs = 2;
  gemm.reference.ops.push_back(
      sampleRecord("dot", {0, 1}, {2, 2},
                   {{"lhs_batching_dimensions", nlohmann::json::array()},
                    {"rhs_batching_dimensions", nlohmann::json::array()},
                    {"lhs_contracting_dimensions", {1}},
                    {"rhs_contracting_dimensions", {0}}}));
  gemm.reference.results = {2};
  gemm.gemm.m = 2;
  gemm.gemm.n = 2;
  gemm.gemm.k = 3;
  gemm.gemm.lda = 3;
  gemm.gemm.ldb = 2;
  gemm.gemm.ldc = 2;

  ArtifactStep recordCopy;
  recordCopy.kind = ArtifactStep::Kind::Record;
  recordCopy.stream = StreamKind::DeviceToHost;
  recordCopy.event = 1;

  ArtifactStep waitCopy;
  waitCopy.kind = ArtifactStep::Kind::Wait;
  waitCopy.event = 1;

  artifact.steps = {constant, add,  recordSum,  waitSum,
                    offload,  gemm, recordCopy, waitCopy};
  return artifact;
}

} // namespace strata::rt::test

#endif // STRATA_TEST_RUNTIME_SAMPLEARTIFACT_H
