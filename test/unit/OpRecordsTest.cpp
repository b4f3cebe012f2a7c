//===- OpRecordsTest.cpp - Graph ops as op records, and back --------------===//
//
// toOpRecord on small functions: the generic attribute encoding, constants
// (splats exactly, non-splats as raw bytes through the sink), what it
// refuses; and the records evaluated by the runtime's evaluateOpRecord.

#include "strata/OpRecords.h"
#include "dialects/strata/StrataDialect.h"
#include "dialects/strata/StrataOps.h"
#include "strata-runtime/Reference.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cstring>

using namespace mlir;
namespace rt = ::strata::rt;

namespace {

class OpRecordsTest : public ::testing::Test {
protected:
  OpRecordsTest() {
    context.loadDialect<mlir::strata::StrataDialect, func::FuncDialect>();
    // Diagnostics are collected instead of printed.
    handler.emplace(&context, [this](Diagnostic &diag) {
      errors.push_back(diag.str());
      return success();
    });
  }

  /// Parses `body` as the body of `func.func @f(ARGS)` and returns its ops.
  std::vector<Operation *> parse(const std::string &args,
                                 const std::string &body) {
    std::string text =
        "func.func @f(" + args + ") {\n" + body + "\n  func.return\n}\n";
    module = parseSourceString<ModuleOp>(text, &context);
    EXPECT_TRUE(module) << text;
    std::vector<Operation *> ops;
    if (module)
      module->walk([&](Operation *op) {
        if (!isa<func::FuncOp, func::ReturnOp, ModuleOp>(op))
          ops.push_back(op);
      });
    return ops;
  }

  /// The record of `op`, numbering operands by position; constants go to
  /// `constants`.
  FailureOr<rt::OpRecord> record(Operation *op) {
    return mlir::strata::toOpRecord(
        op,
        [op](Value value) -> int64_t {
          return llvm::find(op->getOperands(), value) -
                 op->getOperands().begin();
        },
        [this](ArrayRef<char> bytes) -> int64_t {
          int64_t offset = static_cast<int64_t>(constants.size());
          constants.insert(constants.end(), bytes.begin(), bytes.end());
          return offset;
        });
  }

  MLIRContext context;
  std::optional<ScopedDiagnosticHandler> handler;
  OwningOpRef<ModuleOp> module;
  std::vector<std::string> errors;
  std::vector<char> constants;
};

TEST_F(OpRecordsTest, EnumsArraysAndResultTypes) {
  auto ops = parse("%x: tensor<4x8xf32>, %y: tensor<4x8xf32>", R"(
    %s = strata.binary sub %x, %y : tensor<4x8xf32>
    %r = strata.reduce max %s dims = [1] : tensor<4x8xf32> -> tensor<4xf32>
  )");
  ASSERT_EQ(ops.size(), 2u);
  FailureOr<rt::OpRecord> binary = record(ops[0]);
  ASSERT_TRUE(succeeded(binary));
  EXPECT_EQ(binary->op, "binary");
  EXPECT_EQ(binary->operands, (std::vector<int64_t>{0, 1}));
  ASSERT_EQ(binary->results.size(), 1u);
  EXPECT_EQ(binary->results[0].first, rt::DType::f32);
  EXPECT_EQ(binary->results[0].second, (rt::Shape{4, 8}));
  EXPECT_EQ(binary->attributes, nlohmann::json({{"fn", 1}}));

  FailureOr<rt::OpRecord> reduce = record(ops[1]);
  ASSERT_TRUE(succeeded(reduce));
  EXPECT_EQ(reduce->attributes,
            nlohmann::json({{"fn", 2}, {"dimensions", {1}}}));
}

TEST_F(OpRecordsTest, OptionalUnitAndDiscardableAttributes) {
  auto ops = parse("%x: tensor<4x8xf32>, %i: tensor<4x8xi32>", R"(
    %v, %j = strata.sort %x, %i dim = 1 descending
             {strata.offsets = [1, 2]} : tensor<4x8xf32>, tensor<4x8xi32>
    %w, %k = strata.sort %x, %i dim = 0 : tensor<4x8xf32>, tensor<4x8xi32>
  )");
  ASSERT_EQ(ops.size(), 2u);
  FailureOr<rt::OpRecord> sorted = record(ops[0]);
  ASSERT_TRUE(succeeded(sorted));
  EXPECT_EQ(sorted->attributes,
            nlohmann::json({{"dimension", 1}, {"descending", true}}));
  EXPECT_EQ(sorted->results.size(), 2u);
  FailureOr<rt::OpRecord> ascending = record(ops[1]);
  ASSERT_TRUE(succeeded(ascending));
  EXPECT_EQ(ascending->attributes, nlohmann::json({{"dimension", 0}}));
}

TEST_F(OpRecordsTest, SplatsAreExact) {
  auto ops = parse("", R"(
    %a = strata.constant dense<9223372036854775807> : tensor<3xi64>
    %b = strata.constant dense<18446744073709551615> : tensor<2xui64>
    %c = strata.constant dense<0xFF800000> : tensor<2xf32>
    %d = strata.constant dense<true> : tensor<5xi1>
    %e = strata.constant dense<-0.1> : tensor<2xbf16>
  )");
  ASSERT_EQ(ops.size(), 5u);
  std::vector<rt::OpRecord> records;
  for (Operation *op : ops) {
    FailureOr<rt::OpRecord> converted = record(op);
    ASSERT_TRUE(succeeded(converted));
    records.push_back(*converted);
  }
  EXPECT_EQ(records[0].attributes["value"]["splat"].get<int64_t>(), INT64_MAX);
  EXPECT_EQ(records[1].attributes["value"]["splat"].get<uint64_t>(),
            UINT64_MAX);
  EXPECT_EQ(records[2].attributes["value"]["splat"], "-inf");
  EXPECT_EQ(records[3].attributes["value"]["splat"], 1);
  EXPECT_TRUE(constants.empty());

  for (const rt::OpRecord &op : records) {
    auto results = rt::evaluateOpRecord(op, {}, constants);
    ASSERT_TRUE(results.ok()) << results.status().message();
    ASSERT_EQ(results->size(), 1u);
  }
  auto i64 = rt::evaluateOpRecord(records[0], {}, constants);
  EXPECT_EQ((*i64)[0].toVector<int64_t>(), std::vector<int64_t>(3, INT64_MAX));
  auto u64 = rt::evaluateOpRecord(records[1], {}, constants);
  EXPECT_EQ((*u64)[0].toVector<uint64_t>(),
            std::vector<uint64_t>(2, UINT64_MAX));
  auto f32 = rt::evaluateOpRecord(records[2], {}, constants);
  EXPECT_EQ((*f32)[0].toVector<float>(), std::vector<float>(2, -INFINITY));
  auto i1 = rt::evaluateOpRecord(records[3], {}, constants);
  EXPECT_EQ((*i1)[0].toVector<bool>(), std::vector<bool>(5, true));
  auto bf16 = rt::evaluateOpRecord(records[4], {}, constants);
  EXPECT_EQ((*bf16)[0].getAsDouble(1), static_cast<double>(rt::BFloat16(-0.1)));
}

TEST_F(OpRecordsTest, DenseConstantsGoThroughTheSink) {
  auto ops = parse("", R"(
    %a = strata.constant dense<[1.5, -2.0, 3.25]> : tensor<3xf32>
    %b = strata.constant dense<[true, false, true, true]> : tensor<4xi1>
    %c = strata.constant dense<[[-1, 2], [3, -4]]> : tensor<2x2xi16>
    %d = strata.constant dense<[0x7C00, 0x3C00]> : tensor<2xf16>
  )");
  ASSERT_EQ(ops.size(), 4u);
  std::vector<rt::OpRecord> records;
  for (Operation *op : ops) {
    FailureOr<rt::OpRecord> converted = record(op);
    ASSERT_TRUE(succeeded(converted));
    records.push_back(*converted);
  }
  EXPECT_EQ(records[0].attributes["value"],
            nlohmann::json({{"data_offset", 0}, {"bytes", 12}}));
  EXPECT_EQ(records[1].attributes["value"],
            nlohmann::json({{"data_offset", 12}, {"bytes", 4}}));
  EXPECT_EQ(records[2].attributes["value"],
            nlohmann::json({{"data_offset", 16}, {"bytes", 8}}));
  EXPECT_EQ(records[3].attributes["value"],
            nlohmann::json({{"data_offset", 24}, {"bytes", 4}}));
  ASSERT_EQ(constants.size(), 28u);
  // The bytes are the elements' own, little-endian.
  float first;
  std::memcpy(&first, constants.data(), 4);
  EXPECT_EQ(first, 1.5f);
  EXPECT_EQ(constants[12], 1);
  EXPECT_EQ(constants[13], 0);

  auto f32 = rt::evaluateOpRecord(records[0], {}, constants);
  ASSERT_TRUE(f32.ok()) << f32.status().message();
  EXPECT_EQ((*f32)[0].toVector<float>(),
            (std::vector<float>{1.5f, -2.0f, 3.25f}));
  auto i1 = rt::evaluateOpRecord(records[1], {}, constants);
  EXPECT_EQ((*i1)[0].toVector<bool>(),
            (std::vector<bool>{true, false, true, true}));
  auto i16 = rt::evaluateOpRecord(records[2], {}, constants);
  EXPECT_EQ((*i16)[0].toVector<int16_t>(),
            (std::vector<int16_t>{-1, 2, 3, -4}));
  auto f16 = rt::evaluateOpRecord(records[3], {}, constants);
  EXPECT_EQ((*f16)[0].getAsDouble(0), INFINITY);
  EXPECT_EQ((*f16)[0].getAsDouble(1), 1.0);
}

TEST_F(OpRecordsTest, ConvolutionAndScatterRecordsEvaluate) {
  auto ops =
      parse("%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x3x3xf32>, "
            "%t: tensor<4x2xf32>, %i: tensor<2x1xi32>, %u: tensor<2x2xf32>",
            R"(
    %y = strata.convolution %x, %w {input_dims = array<i64: 0, 1, 2, 3>,
           kernel_dims = array<i64: 0, 1, 2, 3>,
           output_dims = array<i64: 0, 1, 2, 3>,
           window_strides = array<i64: 1, 1>,
           padding = array<i64: 1, 1, 1, 1>,
           lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64: 1, 1>,
           feature_group_count = 1 : i64, batch_group_count = 1 : i64}
         : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
    %g = strata.scatter %t, %i, %u {combiner = 0 : i32,
           update_window_dims = array<i64: 1>,
           inserted_window_dims = array<i64: 0>,
           input_batching_dims = array<i64>,
           scatter_indices_batching_dims = array<i64>,
           scatter_dims_to_operand_dims = array<i64: 0>,
           index_vector_dim = 1 : i64}
         : (tensor<4x2xf32>, tensor<2x1xi32>, tensor<2x2xf32>)
           -> tensor<4x2xf32>
  )");
  ASSERT_EQ(ops.size(), 2u);
  FailureOr<rt::OpRecord> conv = record(ops[0]);
  ASSERT_TRUE(succeeded(conv));
  EXPECT_EQ(conv->attributes["padding"], nlohmann::json({1, 1, 1, 1}));
  EXPECT_EQ(conv->attributes["feature_group_count"], 1);
  FailureOr<rt::OpRecord> scatter = record(ops[1]);
  ASSERT_TRUE(succeeded(scatter));
  EXPECT_EQ(scatter->attributes["combiner"], 0);
  EXPECT_EQ(scatter->attributes["indices_are_sorted"], false);

  auto x = rt::HostTensor::create(rt::DType::f32, {1, 1, 4, 4});
  auto w = rt::HostTensor::create(rt::DType::f32, {1, 1, 3, 3});
  for (int64_t i = 0; i < 16; ++i)
    x->setFromDouble(i, 1);
  for (int64_t i = 0; i < 9; ++i)
    w->setFromDouble(i, 1);
  auto y = rt::evaluateOpRecord(*conv, {&*x, &*w}, constants);
  ASSERT_TRUE(y.ok()) << y.status().message();
  // A corner sees 4 ones, an inner element 9.
  EXPECT_EQ((*y)[0].getAsDouble(0), 4);
  EXPECT_EQ((*y)[0].getAsDouble(5), 9);

  auto table = rt::HostTensor::create(rt::DType::f32, {4, 2});
  auto ids = rt::HostTensor::fromVector<int32_t>({2, 1}, {3, 3});
  auto updates =
      rt::HostTensor::fromVector<float>({2, 2}, {1.0f, 2.0f, 10.0f, 20.0f});
  auto g =
      rt::evaluateOpRecord(*scatter, {&*table, &*ids, &*updates}, constants);
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ((*g)[0].toVector<float>(),
            (std::vector<float>{0, 0, 0, 0, 0, 0, 11, 22}));
}

TEST_F(OpRecordsTest, RefusesOpsItCannotExpress) {
  auto ops = parse("%x: tensor<4xf32>", R"(
    %h, %done = strata.offload %x to <host> : tensor<4xf32>
    %f = strata.fusion (%x) : (tensor<4xf32>) -> tensor<4xf32> {
    ^bb0(%a: tensor<4xf32>):
      strata.yield %a : tensor<4xf32>
    }
  )");
  // The offload, the fusion and its yield.
  ASSERT_EQ(ops.size(), 3u);
  for (Operation *op : ops)
    EXPECT_FALSE(mlir::strata::isGraphOp(op))
        << op->getName().getStringRef().str();
  EXPECT_TRUE(failed(record(ops[0])));
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors.back().find("is not a graph op"), std::string::npos);
}

TEST_F(OpRecordsTest, EvaluationChecksTheRecord) {
  auto ops = parse("%x: tensor<4xf32>", R"(
    %y = strata.unary exp %x : tensor<4xf32>
  )");
  ASSERT_EQ(ops.size(), 1u);
  FailureOr<rt::OpRecord> unary = record(ops[0]);
  ASSERT_TRUE(succeeded(unary));
  auto x = rt::HostTensor::create(rt::DType::f32, {4});

  rt::OpRecord wrongResult = *unary;
  wrongResult.results[0].second = {5};
  auto mismatch = rt::evaluateOpRecord(wrongResult, {&*x}, constants);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.status().message(),
            "unary: result 0 is f32[4] but the record declares f32[5]");

  rt::OpRecord badFn = *unary;
  badFn.attributes["fn"] = "exp";
  auto typed = rt::evaluateOpRecord(badFn, {&*x}, constants);
  ASSERT_FALSE(typed.ok());
  EXPECT_EQ(typed.status().message(),
            "unary: attribute 'fn' must be a 64-bit integer, got a string");

  rt::OpRecord outOfRange = *unary;
  outOfRange.attributes["fn"] = 99;
  EXPECT_FALSE(rt::evaluateOpRecord(outOfRange, {&*x}, constants).ok());

  rt::OpRecord missing = *unary;
  missing.attributes.erase("fn");
  auto absent = rt::evaluateOpRecord(missing, {&*x}, constants);
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(absent.status().message(), "unary: missing attribute 'fn'");

  auto count = rt::evaluateOpRecord(*unary, {&*x, &*x}, constants);
  ASSERT_FALSE(count.ok());
  EXPECT_EQ(count.status().message(),
            "unary: the record names 1 operand(s) but 2 were given");

  rt::OpRecord unknown = *unary;
  unknown.op = "frobnicate";
  auto unknownOp = rt::evaluateOpRecord(unknown, {&*x}, constants);
  ASSERT_FALSE(unknownOp.ok());
  EXPECT_EQ(unknownOp.status().message(), "unknown op 'frobnicate'");
}

} // namespace
