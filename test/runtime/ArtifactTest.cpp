//===- ArtifactTest.cpp - plan.json: round trip and validation ------------===//
//
// A plan that loads must be safe for a backend to execute without checking
// again, so every validation rule has a plan that breaks it here, with the
// message it must produce.

#include "RuntimeTestUtils.h"
#include "SampleArtifact.h"

#include "strata-runtime/Artifact.h"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>

namespace strata::rt::test {
namespace {

using Json = nlohmann::json;

constexpr const char *kOrigin = "art/plan.json";

/// The sample's plan with `edit` applied, parsed.
StatusOr<Artifact> parseEdited(const std::function<void(Json &)> &edit) {
  Json plan = toJson(sampleArtifact());
  edit(plan);
  return parseArtifact(plan, kOrigin);
}

/// Asserts that the edited plan fails with exactly `message` after the
/// origin.
void expectError(const std::function<void(Json &)> &edit,
                 const std::string &message) {
  StatusOr<Artifact> parsed = parseEdited(edit);
  ASSERT_FALSE(parsed.ok()) << "expected: " << message;
  EXPECT_EQ(parsed.status().message(), std::string(kOrigin) + ": " + message);
}

std::string makeDir(const std::string &name) {
  std::string dir = ::testing::TempDir() + "strata_artifact_" + name;
  std::string command = "rm -rf '" + dir + "' && mkdir -p '" + dir + "'";
  EXPECT_EQ(std::system(command.c_str()), 0);
  return dir;
}

void writeFile(const std::string &path, const std::string &text) {
  std::ofstream file(path, std::ios::binary);
  file << text;
}

TEST(ArtifactTest, NamesRoundTrip) {
  for (Tier tier : {Tier::Hbm, Tier::Host, Tier::Nvme})
    EXPECT_EQ(parseTier(tierName(tier)), tier);
  for (StreamKind stream : {StreamKind::Compute, StreamKind::HostToDevice,
                            StreamKind::DeviceToHost})
    EXPECT_EQ(parseStream(streamName(stream)), stream);
  EXPECT_STREQ(streamName(StreamKind::HostToDevice), "h2d");
  EXPECT_FALSE(parseTier("dram"));
  EXPECT_FALSE(parseStream("copy"));
}

TEST(ArtifactTest, RoundTrip) {
  Artifact artifact = sampleArtifact();
  Json plan = toJson(artifact);
  ASSERT_OK_AND_ASSIGN(Artifact parsed, parseArtifact(plan, kOrigin));
  EXPECT_EQ(toJson(parsed), plan);
  // A few fields spot-checked in their parsed form.
  EXPECT_EQ(parsed.arenaBytes, artifact.arenaBytes);
  ASSERT_EQ(parsed.steps.size(), artifact.steps.size());
  EXPECT_EQ(parsed.steps[1].kernel, "add_kernel");
  EXPECT_EQ(parsed.steps[1].block, (std::array<int64_t, 3>{128, 1, 1}));
  EXPECT_EQ(parsed.steps[3].stream, StreamKind::DeviceToHost);
  EXPECT_EQ(parsed.steps[5].gemm.ldb, 2);
  EXPECT_EQ(parsed.steps[5].reference.ops[0].op, "dot");
  EXPECT_EQ(parsed.buffers[3].tier, Tier::Host);

  // And through a directory.
  std::string dir = makeDir("roundtrip");
  ASSERT_TRUE(writeArtifact(artifact, dir).ok());
  std::vector<char> constants = sampleConstants();
  writeFile(dir + "/constants.bin",
            std::string(constants.begin(), constants.end()));
  ASSERT_OK_AND_ASSIGN(Artifact loaded, loadArtifact(dir));
  EXPECT_EQ(toJson(loaded), plan);
}

TEST(ArtifactTest, HeaderErrors) {
  expectError([](Json &plan) { plan["format_version"] = 2; },
              "format_version 2 is not supported (this runtime reads "
              "version 1)");
  expectError([](Json &plan) { plan.erase("steps"); }, "missing 'steps'");
  expectError([](Json &plan) { plan["arena_bytes"]["dram"] = 5; },
              "arena_bytes: unknown tier 'dram' (expected hbm, host or nvme)");
  expectError([](Json &plan) { plan["arena_bytes"]["hbm"] = -1; },
              "arena_bytes: 'hbm' must be at least 0, got -1");
  expectError([](Json &plan) { plan["modules"][0]["arch"] = 90; },
              "module 0: 'arch' must be a string, got an integer");
  expectError([](Json &plan) { plan["constants_bytes"] = 1.5; },
              "'constants_bytes' must be a 64-bit integer, got a float");
  expectError(
      [](Json &plan) {
        plan["constants_path"] = "";
        plan["constants_bytes"] = 24;
      },
      "constants_bytes is 24 but there is no constants_path");
  StatusOr<Artifact> notObject = parseArtifact(Json::array(), kOrigin);
  EXPECT_TRUE(failsWith(notObject, {"art/plan.json must be an object, got "
                                    "an array"}));
}

TEST(ArtifactTest, BufferErrors) {
  expectError([](Json &plan) { plan["buffers"][0]["offset"] = "0"; },
              "buffer 0: 'offset' must be a 64-bit integer, got a string");
  expectError([](Json &plan) { plan["buffers"][2]["tier"] = "dram"; },
              "buffer 2: unknown tier 'dram' (expected hbm, host or nvme)");
  expectError([](Json &plan) { plan["buffers"][2]["offset"] = 240; },
              "buffer 2: bytes [240, 264) lie outside the hbm arena of 256 "
              "bytes");
  expectError([](Json &plan) { plan["buffers"][3]["offset"] = 48; },
              "buffer 3: bytes [48, 72) lie outside the host arena of 64 "
              "bytes");
  expectError([](Json &plan) { plan["buffers"][1]["bytes"] = 20; },
              "buffer 1: 20 bytes cannot hold f32[2,3] (6 elements of 4 "
              "bytes)");
  expectError([](Json &plan) { plan["buffers"][1]["dtype"] = "f8"; },
              "buffer 1: 'dtype' names unknown element type 'f8'");
  expectError(
      [](Json &plan) {
        plan["buffers"][1]["shape"] = {2, -3};
      },
      "buffer 1: 'shape' element 1 must be at least 0, got -3");
  expectError([](Json &plan) { plan["inputs"][1]["buffer"] = 6; },
              "input 1: names buffer 6 of 6");
  expectError([](Json &plan) { plan["outputs"][0]["buffer"] = -1; },
              "output 0: 'buffer' must be at least 0, got -1");
}

TEST(ArtifactTest, ComputeStepErrors) {
  expectError([](Json &plan) { plan["steps"][1]["args"][2] = 99; },
              "step 1 (kernel add_kernel): arg 2 names buffer 99 of 6");
  expectError([](Json &plan) { plan["steps"][1]["kind"] = "launch"; },
              "step 1: unknown kind 'launch'");
  expectError([](Json &plan) { plan["steps"][1]["stream"] = "side"; },
              "step 1 (kernel add_kernel): unknown stream 'side' (expected "
              "compute, h2d or d2h)");
  expectError([](Json &plan) { plan["steps"][1]["num_inputs"] = 4; },
              "step 1 (kernel add_kernel): num_inputs 4 exceeds its 3 args");
  expectError([](Json &plan) { plan["steps"][1]["module"] = "other"; },
              "step 1 (kernel add_kernel): module 'other' is not among the 1 "
              "modules");
  expectError(
      [](Json &plan) {
        plan["steps"][1]["grid"] = {1, 1};
      },
      "step 1 (kernel add_kernel): 'grid' must hold 3 integers, got "
      "2");
  expectError([](Json &plan) { plan["steps"][1]["block"][0] = 0; },
              "step 1 (kernel add_kernel): 'block' element 0 must be at "
              "least 1, got 0");
  expectError(
      [](Json &plan) {
        plan["steps"][1]["reference"]["results"] = {2, 2};
      },
      "step 1 (kernel add_kernel): reference: 2 results for the step's 1 "
      "outputs");
  expectError(
      [](Json &plan) {
        plan["steps"][1]["reference"]["ops"][0]["operands"] = {0, 2};
      },
      "step 1 (kernel add_kernel): reference op 0 (binary): operand 1 is "
      "value 2, but only 2 are defined before it");
}

TEST(ArtifactTest, ReferenceErrors) {
  // A result of the wrong type for its buffer.
  StatusOr<Artifact> mismatched = parseEdited([](Json &plan) {
    plan["steps"][1]["reference"]["ops"][0]["results"][0]["shape"] = {3, 2};
  });
  EXPECT_TRUE(failsWith(mismatched, {"step 1 (kernel add_kernel): reference: "
                                     "result 0 is f32[3,2] but its buffer 2 "
                                     "holds f32[2,3]"}));
  StatusOr<Artifact> badAttributes = parseEdited([](Json &plan) {
    plan["steps"][1]["reference"]["ops"][0]["attributes"] = {1, 2};
  });
  EXPECT_TRUE(failsWith(badAttributes,
                        {"reference op 0: 'attributes' must be an object, "
                         "got an array"}));
  StatusOr<Artifact> badDType = parseEdited([](Json &plan) {
    plan["steps"][5]["reference"]["ops"][0]["results"][0]["dtype"] = 3;
  });
  EXPECT_TRUE(failsWith(badDType, {"step 5 (gemm): reference op 0 result 0: "
                                   "'dtype' must be a string, got an "
                                   "integer"}));
}

TEST(ArtifactTest, GemmErrors) {
  expectError([](Json &plan) { plan["steps"][5]["gemm"]["lda"] = 2; },
              "step 5 (gemm): gemm: lda = 2 is less than the 3 columns of a");
}

TEST(ArtifactTest, GemmBounds) {
  // Batch 2 with stride 0 reuses the same matrices: in bounds.
  EXPECT_TRUE(parseEdited([](Json &plan) {
                plan["steps"][5]["gemm"]["batch"] = 2;
              }).ok());
  StatusOr<Artifact> strided = parseEdited([](Json &plan) {
    plan["steps"][5]["gemm"]["batch"] = 2;
    plan["steps"][5]["gemm"]["stride_a"] = 6;
  });
  EXPECT_TRUE(failsWith(strided, {"step 5 (gemm): gemm: a (2 x 2 x 3, ld 3, "
                                  "stride 6) reaches past the 6 elements of "
                                  "buffer 2"}));
  StatusOr<Artifact> mode = parseEdited(
      [](Json &plan) { plan["steps"][5]["gemm"]["compute_mode"] = "fp8"; });
  EXPECT_TRUE(
      failsWith(mode, {"gemm: compute_mode 'fp8' is neither f32 nor tf32"}));
  StatusOr<Artifact> dtype = parseEdited(
      [](Json &plan) { plan["steps"][5]["gemm"]["dtype"] = "bf16"; });
  EXPECT_TRUE(failsWith(dtype, {"gemm: A is buffer 2 of f32, not bf16"}));
  StatusOr<Artifact> args = parseEdited([](Json &plan) {
    plan["steps"][5]["args"] = {2, 4, 5, 1};
  });
  EXPECT_TRUE(failsWith(args, {"step 5 (gemm): reference: 1 results for the "
                               "step's 2 outputs"}));
}

TEST(ArtifactTest, CopyConstantAndEventErrors) {
  expectError([](Json &plan) { plan["steps"][4]["bytes"] = 28; },
              "step 4 (copy): copies 28 bytes, but buffer 2 holds 24");
  expectError([](Json &plan) { plan["steps"][4]["dst"] = 6; },
              "step 4 (copy): dst names buffer 6 of 6");
  expectError([](Json &plan) { plan["steps"][4].erase("src"); },
              "step 4 (copy): missing 'src'");
  expectError([](Json &plan) { plan["steps"][0]["data_offset"] = 4; },
              "step 0 (constant): constant bytes [4, 28) lie outside the 24 "
              "bytes of constants");
  expectError([](Json &plan) { plan["steps"][0]["bytes"] = 32; },
              "step 0 (constant): writes 32 bytes, but buffer 4 holds 24");
  expectError([](Json &plan) { plan["steps"][2]["event"] = 2; },
              "step 2 (record): event 2 is not among the 2 events");
  expectError([](Json &plan) { plan["steps"][3]["event"] = 1; },
              "step 3 (wait): waits on event 1, which no earlier step "
              "records");
}

TEST(ArtifactTest, LoadErrors) {
  std::string dir = makeDir("load");
  StatusOr<Artifact> missing = loadArtifact(dir);
  EXPECT_TRUE(failsWith(missing, {dir + "/plan.json: cannot open"}));

  // A truncated file is an error, not an exception.
  std::string text = toJson(sampleArtifact()).dump(1);
  writeFile(dir + "/plan.json", text.substr(0, text.size() / 2));
  StatusOr<Artifact> truncated = loadArtifact(dir);
  EXPECT_TRUE(failsWith(truncated,
                        {dir + "/plan.json: not valid JSON:", "parse error"}));
  writeFile(dir + "/plan.json", "");
  EXPECT_TRUE(failsWith(loadArtifact(dir), {"not valid JSON"}));

  // constants.bin must hold the bytes the plan says.
  writeFile(dir + "/plan.json", text);
  EXPECT_TRUE(
      failsWith(loadArtifact(dir), {dir + "/constants.bin: cannot open"}));
  writeFile(dir + "/constants.bin", std::string(20, '\0'));
  EXPECT_TRUE(failsWith(loadArtifact(dir),
                        {dir + "/constants.bin: holds 20 bytes, but " + dir +
                         "/plan.json says 24"}));
  writeFile(dir + "/constants.bin", std::string(24, '\0'));
  EXPECT_TRUE(loadArtifact(dir).ok());
}

} // namespace
} // namespace strata::rt::test
