//===- MachineProfileTest.cpp - Loading machine profiles ------------------===//

#include "strata/MachineProfile.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <cstdlib>

using namespace mlir;
using namespace mlir::strata;

namespace {

class MachineProfileTest : public ::testing::Test {
protected:
  MachineProfileTest() { context.getOrLoadDialect<StrataDialect>(); }

  /// The error message of parsing `json`, or "" when it parses.
  std::string errorOf(llvm::StringRef json) {
    llvm::Expected<MachineAttr> machine =
        parseMachineProfile(&context, json, "test.json");
    if (machine)
      return "";
    return llvm::toString(machine.takeError());
  }

  MLIRContext context;
};

constexpr const char *kMinimal = R"({
  "name": "tiny", "launch_overhead_us": 2.5,
  "tiers": { "hbm": { "capacity_bytes": 1024, "bandwidth_gbps": 100 } }
})";

TEST_F(MachineProfileTest, MinimalProfileConvertsUnits) {
  llvm::Expected<MachineAttr> machine =
      parseMachineProfile(&context, kMinimal, "test.json");
  ASSERT_TRUE(static_cast<bool>(machine))
      << llvm::toString(machine.takeError());
  EXPECT_EQ(machine->getName().getValue(), "tiny");
  EXPECT_EQ(machine->getDevices(), 1);
  EXPECT_EQ(machine->getLaunchOverheadNs(), 2500);
  ASSERT_EQ(machine->getTiers().size(), 1u);
  MemoryTierAttr hbm = machine->getTier(Tier::Hbm);
  ASSERT_TRUE(hbm);
  EXPECT_EQ(hbm.getCapacity(), 1024);
  EXPECT_EQ(hbm.getBandwidth(), 100000000000);
  EXPECT_FALSE(machine->getTier(Tier::Host));
  EXPECT_TRUE(machine->getLinks().empty());
}

TEST_F(MachineProfileTest, ShippedH100ProfileHasMeasuredFigures) {
  const char *source = std::getenv("STRATA_SOURCE_DIR");
  ASSERT_NE(source, nullptr) << "lit sets STRATA_SOURCE_DIR";
  llvm::SmallString<128> path(source);
  llvm::sys::path::append(path, "machines", "h100-sxm.json");
  llvm::Expected<MachineAttr> machine = loadMachineProfile(&context, path);
  ASSERT_TRUE(static_cast<bool>(machine))
      << llvm::toString(machine.takeError());
  EXPECT_EQ(machine->getName().getValue(), "h100-sxm");
  EXPECT_EQ(machine->getTier(Tier::Hbm).getBandwidth(), 2976000000000);
  EXPECT_EQ(machine->getLink(Tier::Host, Tier::Hbm).getBandwidth(),
            51100000000);
  EXPECT_EQ(machine->getLink(Tier::Hbm, Tier::Host).getBandwidth(),
            54900000000);
  EXPECT_EQ(machine->getLink(Tier::Host, Tier::Hbm).getDuplex(), 88700000000);
  // Calibrated from bench/gpu/README.md's run 17: 1650 us of compute per GiB.
  EXPECT_EQ(machine->getLink(Tier::Host, Tier::Hbm).getSlowdown(), 1650000);
  EXPECT_EQ(machine->getLink(Tier::Hbm, Tier::Host).getSlowdown(), 1650000);
  EXPECT_EQ(machine->getLink(Tier::Hbm, Tier::Nvme).getSlowdown(), 0);
  Builder builder(&context);
  EXPECT_EQ(machine->getPeak(builder.getBF16Type()).getMatrix(),
            789000000000000);
  ASSERT_TRUE(machine->getTier(Tier::Nvme));
  ASSERT_TRUE(machine->getLink(Tier::Nvme, Tier::Hbm));
  // The compiled-in default is the same file.
  EXPECT_EQ(getDefaultMachine(&context), *machine);
}

TEST_F(MachineProfileTest, MissingFileNamesThePath) {
  llvm::Expected<MachineAttr> machine =
      loadMachineProfile(&context, "/nonexistent/dir/m.json");
  ASSERT_FALSE(static_cast<bool>(machine));
  std::string message = llvm::toString(machine.takeError());
  EXPECT_NE(message.find("/nonexistent/dir/m.json"), std::string::npos)
      << message;
}

TEST_F(MachineProfileTest, InvalidJsonIsReported) {
  std::string message = errorOf("{ \"name\": ");
  EXPECT_NE(message.find("test.json: invalid JSON"), std::string::npos)
      << message;
}

TEST_F(MachineProfileTest, ErrorsNameTheField) {
  EXPECT_EQ(errorOf(R"({"name": "m", "launch_overhead_us": 1,
      "tiers": {"hbm": {"capacity_bytes": 1, "bandwidth_gbps": -3}}})"),
            "test.json: tiers.hbm.bandwidth_gbps: expected a number > 0");
  EXPECT_EQ(errorOf(R"({"name": "m", "launch_overhead_us": 1,
      "tiers": {"hbm": {"capacity_bytes": 1}}})"),
            "test.json: tiers.hbm: missing key 'bandwidth_gbps'");
  EXPECT_EQ(errorOf(R"({"name": "m", "launch_overhead_us": 1,
      "tiers": {"hbm": {"capacity_bytes": 1, "bandwidth_gbps": 1, "speed": 2}}})"),
            "test.json: tiers.hbm: unknown key 'speed'");
  EXPECT_EQ(errorOf(R"({"name": "m", "launch_overhead_us": 1,
      "tiers": {"hbm": {"capacity_bytes": 1, "bandwidth_gbps": 1},
                "ssd": {"capacity_bytes": 1, "bandwidth_gbps": 1}}})"),
            "test.json: tiers: unknown key 'ssd'");
  EXPECT_EQ(errorOf(R"({"name": "m", "launch_overhead_us": 1,
      "tiers": {"host": {"capacity_bytes": 1, "bandwidth_gbps": 1}}})"),
            "test.json: tiers: missing the 'hbm' tier");
  EXPECT_EQ(errorOf(R"({"name": "m", "launch_overhead_us": 1,
      "tiers": {"hbm": {"capacity_bytes": 1, "bandwidth_gbps": 1}},
      "links": [{"from": "host", "to": "hbm", "bandwidth_gbps": 5}]})"),
            "test.json: links: a link uses tier 'host', which 'tiers' does "
            "not list");
  EXPECT_EQ(errorOf(R"({"name": "m", "launch_overhead_us": 1,
      "tiers": {"hbm": {"capacity_bytes": 1, "bandwidth_gbps": 1}},
      "links": [{"from": "disk", "to": "hbm", "bandwidth_gbps": 5}]})"),
            "test.json: links[0].from: unknown tier 'disk'; expected hbm, "
            "host or nvme");
  EXPECT_EQ(errorOf(R"({"name": "m", "launch_overhead_us": 1,
      "tiers": {"hbm": {"capacity_bytes": 1, "bandwidth_gbps": 1},
                "host": {"capacity_bytes": 1, "bandwidth_gbps": 1}},
      "links": [{"from": "host", "to": "hbm", "bandwidth_gbps": 5,
                 "compute_slowdown_us_per_gib": -1}]})"),
            "test.json: links[0].compute_slowdown_us_per_gib: expected a "
            "number >= 0");
  EXPECT_EQ(errorOf(R"({"name": "m", "launch_overhead_us": 1,
      "tiers": {"hbm": {"capacity_bytes": 1, "bandwidth_gbps": 1}},
      "compute": {"f8": {"matrix_tflops": 1, "vector_tflops": 1}}})"),
            "test.json: compute.f8: unknown element type 'f8'; expected bf16, "
            "f16, f32, f64 or i8");
  EXPECT_EQ(errorOf(R"({"name": "m", "launch_overhead_us": 1, "devices": 1.5,
      "tiers": {"hbm": {"capacity_bytes": 1, "bandwidth_gbps": 1}}})"),
            "test.json: devices: expected a whole number");
  EXPECT_EQ(errorOf(R"({"name": "", "launch_overhead_us": 1,
      "tiers": {"hbm": {"capacity_bytes": 1, "bandwidth_gbps": 1}}})"),
            "test.json: name: expected a non-empty string");
  EXPECT_EQ(errorOf(R"([1, 2])"), "test.json: (top level): expected an object");
  EXPECT_EQ(errorOf(R"({"name": "m",
      "tiers": {"hbm": {"capacity_bytes": 1, "bandwidth_gbps": 1}}})"),
            "test.json: (top level): missing key 'launch_overhead_us'");
}

TEST_F(MachineProfileTest, MachineAttributeRoundTripsThroughText) {
  MachineAttr machine = getDefaultMachine(&context);
  std::string text;
  llvm::raw_string_ostream os(text);
  os << Attribute(machine);
  Attribute parsed = parseAttribute(text, &context);
  EXPECT_EQ(parsed, machine) << text;
}

} // namespace
