//===- CostModelTest.cpp - Time predictions of the cost model -------------===//

#include "passes/CostModel.h"
#include "strata/MachineProfile.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace mlir;
using namespace mlir::strata;

namespace {

class CostModelTest : public ::testing::Test {
protected:
  CostModelTest() : builder(&context) {
    context.getOrLoadDialect<StrataDialect>();
    llvm::Expected<MachineAttr> parsed = parseMachineProfile(&context, R"({
      "name": "round", "launch_overhead_us": 1,
      "tiers": {"hbm": {"capacity_bytes": 1000, "bandwidth_gbps": 1000},
                "host": {"capacity_bytes": 1000, "bandwidth_gbps": 10}},
      "links": [{"from": "host", "to": "hbm", "bandwidth_gbps": 50}],
      "compute": {"f32": {"matrix_tflops": 100, "vector_tflops": 10},
                  "bf16": {"matrix_tflops": 400, "vector_tflops": 0}}})",
                                                             "round.json");
    EXPECT_TRUE(static_cast<bool>(parsed));
    machine = *parsed;
  }

  MLIRContext context;
  Builder builder;
  MachineAttr machine;
};

TEST_F(CostModelTest, ComputeBoundMatrixWork) {
  CostModel model(machine);
  OpCost cost;
  cost.flops = 200'000'000'000; // 2e11 at 1e14 FLOP/s: 2 ms
  cost.bytesRead = 1'000'000;   // 1e6 bytes at 1e12 B/s: 1 us
  cost.unit = ComputeUnit::Matrix;
  cost.computeType = builder.getF32Type();
  EXPECT_NEAR(model.seconds(cost), 2e-3 + 1e-6, 1e-12);
}

TEST_F(CostModelTest, MemoryBoundVectorWork) {
  CostModel model(machine);
  OpCost cost;
  cost.flops = 1'000'000;         // 1e6 at 1e13: 0.1 us
  cost.bytesRead = 4'000'000'000; // 4e9 + 4e9 bytes at 1e12: 8 ms
  cost.bytesWritten = 4'000'000'000;
  cost.computeType = builder.getF32Type();
  EXPECT_NEAR(model.seconds(cost), 8e-3 + 1e-6, 1e-12);
}

TEST_F(CostModelTest, MissingRatesFallBack) {
  CostModel model(machine);
  // bf16 has no vector rate: f32's applies. f16 is not listed at all.
  EXPECT_EQ(
      model.peakFlopsPerSecond(ComputeUnit::Vector, builder.getBF16Type()),
      1e13);
  EXPECT_EQ(
      model.peakFlopsPerSecond(ComputeUnit::Matrix, builder.getBF16Type()),
      4e14);
  EXPECT_EQ(model.peakFlopsPerSecond(ComputeUnit::Matrix, builder.getF16Type()),
            1e14);
}

TEST_F(CostModelTest, NothingToDoCostsNothing) {
  CostModel model(machine);
  EXPECT_EQ(model.seconds(OpCost()), 0.0);
}

TEST_F(CostModelTest, TransfersUseTheirLink) {
  CostModel model(machine);
  EXPECT_NEAR(model.transferSeconds(50'000'000'000, Tier::Host, Tier::Hbm), 1.0,
              1e-12);
  EXPECT_TRUE(std::isinf(model.transferSeconds(1, Tier::Hbm, Tier::Host)));
  EXPECT_EQ(model.transferSeconds(1000, Tier::Hbm, Tier::Hbm), 0.0);
}

} // namespace
