//===- CpuBackendTest.cpp - Replaying a hand-built plan on the CPU --------===//
//
// The sample artifact (SampleArtifact.h) run on the CPU backend: a kernel
// step (binary add), an offload copy ordered by record/wait, a gemm step
// (dot) whose output reuses a dead input's bytes, and a constant step.

#include "RuntimeTestUtils.h"
#include "SampleArtifact.h"

#include "strata-runtime/Backend.h"

#include <gtest/gtest.h>

#include <fstream>

namespace strata::rt::test {
namespace {

/// A directory holding the sample's constants.bin (the CPU backend reads
/// only that; plan.json is passed in memory).
std::string sampleDir(const std::string &name) {
  std::string dir = ::testing::TempDir() + "strata_cpu_backend_" + name;
  std::string command = "rm -rf '" + dir + "' && mkdir -p '" + dir + "'";
  EXPECT_EQ(std::system(command.c_str()), 0);
  std::vector<char> constants = sampleConstants();
  std::ofstream file(dir + "/constants.bin", std::ios::binary);
  file.write(constants.data(), static_cast<std::streamsize>(constants.size()));
  return dir;
}

std::vector<HostTensor> sampleInputs() {
  std::vector<HostTensor> inputs;
  inputs.push_back(f32({2, 3}, {1, 2, 3, 4, 5, 6}));
  inputs.push_back(f32({2, 3}, {10, 20, 30, 40, 50, 60}));
  return inputs;
}

TEST(CpuBackendTest, RunsTheSamplePlan) {
  std::string dir = sampleDir("sample");
  std::unique_ptr<Backend> backend = createCpuBackend();
  EXPECT_EQ(backend->name(), "cpu");
  RunOptions options;
  options.steps = 3;
  options.warmupSteps = 1;
  RunReport report;
  ASSERT_OK_AND_ASSIGN(
      std::vector<HostTensor> outputs,
      backend->run(sampleArtifact(), dir, sampleInputs(), options, report));
  ASSERT_EQ(outputs.size(), 2u);
  // sum = x + y, read back from the host tier.
  EXPECT_EQ(outputs[0].toVector<float>(),
            (std::vector<float>{11, 22, 33, 44, 55, 66}));
  // sum @ w with w = [[1, 2], [3, 4], [5, 6]]:
  // [11 + 66 + 165, 22 + 88 + 198] = [242, 308];
  // [44 + 165 + 330, 88 + 220 + 396] = [539, 704].
  EXPECT_EQ(outputs[1].describe(), "f32[2,2]");
  EXPECT_EQ(outputs[1].toVector<float>(),
            (std::vector<float>{242, 308, 539, 704}));

  EXPECT_EQ(report.backend, "cpu");
  EXPECT_EQ(report.steps, 3);
  EXPECT_EQ(report.stepSeconds.size(), 3u);
  EXPECT_GE(report.medianStepSeconds, 0);
  EXPECT_EQ(report.arenaBytes, (std::array<int64_t, 3>{256, 64, 0}));
  EXPECT_EQ(report.d2hBytes, 24);
  EXPECT_EQ(report.h2dBytes, 0);
  nlohmann::json json = report.toJson();
  EXPECT_EQ(json["backend"], "cpu");
  EXPECT_EQ(json["arena_bytes"]["host"], 64);
  EXPECT_EQ(json["step_seconds"].size(), 3u);
}

TEST(CpuBackendTest, StepsSeeTheBytesOfEarlierSteps) {
  // Without the offload copy the host buffer keeps its zeros: the outputs
  // come from the arenas, not from the reference values.
  Artifact artifact = sampleArtifact();
  artifact.steps.erase(artifact.steps.begin() + 4);
  std::string dir = sampleDir("nocopy");
  RunReport report;
  ASSERT_OK_AND_ASSIGN(std::vector<HostTensor> outputs,
                       createCpuBackend()->run(artifact, dir, sampleInputs(),
                                               RunOptions(), report));
  EXPECT_EQ(outputs[0].toVector<float>(), std::vector<float>(6, 0));
  // Without the constant step, w is zero and so is the product.
  artifact = sampleArtifact();
  artifact.steps.erase(artifact.steps.begin());
  ASSERT_OK_AND_ASSIGN(outputs,
                       createCpuBackend()->run(artifact, dir, sampleInputs(),
                                               RunOptions(), report));
  EXPECT_EQ(outputs[1].toVector<float>(), std::vector<float>(4, 0));
}

TEST(CpuBackendTest, ErrorsNameTheStep) {
  std::string dir = sampleDir("errors");
  RunReport report;
  // A reference that computes another type than its output buffer holds.
  Artifact artifact = sampleArtifact();
  artifact.steps[5].reference.ops[0].attributes["lhs_contracting_dimensions"] =
      {0};
  artifact.steps[5].reference.ops[0].attributes["rhs_contracting_dimensions"] =
      {1};
  StatusOr<std::vector<HostTensor>> wrong = createCpuBackend()->run(
      artifact, dir, sampleInputs(), RunOptions(), report);
  EXPECT_TRUE(failsWith(wrong, {"step 5 (gemm at sample.mlir:6:8): "
                                "reference op 0 (dot): dot: result 0 is "
                                "f32[3,3] but the record declares f32[2,2]"}));

  artifact = sampleArtifact();
  artifact.steps[1].reference.ops[0].attributes["fn"] = 42;
  StatusOr<std::vector<HostTensor>> badFn = createCpuBackend()->run(
      artifact, dir, sampleInputs(), RunOptions(), report);
  EXPECT_TRUE(failsWith(badFn, {"step 1 (kernel add_kernel at "
                                "sample.mlir:4:8): reference op 0 (binary): "
                                "binary: attribute 'fn' = 42 is not a valid "
                                "value"}));

  std::vector<HostTensor> inputs = sampleInputs();
  inputs[1] = f32({3, 2}, {1, 2, 3, 4, 5, 6});
  StatusOr<std::vector<HostTensor>> badInput = createCpuBackend()->run(
      sampleArtifact(), dir, inputs, RunOptions(), report);
  EXPECT_TRUE(failsWith(badInput, {"input 1 (y) must be f32[2,3], got "
                                   "f32[3,2]"}));

  StatusOr<std::vector<HostTensor>> noConstants = createCpuBackend()->run(
      sampleArtifact(), dir + "/missing", sampleInputs(), RunOptions(), report);
  EXPECT_TRUE(failsWith(noConstants, {"constants.bin: cannot open"}));
}

} // namespace
} // namespace strata::rt::test
