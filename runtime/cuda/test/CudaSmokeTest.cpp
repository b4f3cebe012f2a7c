//===- CudaSmokeTest.cpp - The CUDA backend on a hand-made plan -----------===//
//
// Builds a small artifact in a temporary directory (a PTX kernel, constants,
// every kind of step, buffers in all three tiers, all three streams) and runs
// it on the GPU with and without graphs, checking the outputs against values
// computed here. Exits 77 (skipped) when no GPU is visible, so it can sit in
// a test suite that also runs on machines without one. With --calibrate it
// also prints the machine profile that calibration measures.
//
//===----------------------------------------------------------------------===//

#include "Calibrate.h"

#include "strata-runtime/Backend.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace strata::rt;

namespace {

// c[i] = a[i] + b[i] for i < *count: the plan passes buffer pointers only,
// so the element count is itself a (one-element i32) buffer.
constexpr const char *kAddPtx = R"(
.version 7.0
.target sm_75
.address_size 64

.visible .entry add_f32(
  .param .u64 a,
  .param .u64 b,
  .param .u64 c,
  .param .u64 count)
{
  .reg .pred %p<2>;
  .reg .b32 %r<6>;
  .reg .b64 %rd<12>;
  .reg .f32 %f<4>;

  ld.param.u64 %rd1, [a];
  ld.param.u64 %rd2, [b];
  ld.param.u64 %rd3, [c];
  ld.param.u64 %rd4, [count];
  cvta.to.global.u64 %rd4, %rd4;
  ld.global.u32 %r5, [%rd4];
  mov.u32 %r1, %ctaid.x;
  mov.u32 %r2, %ntid.x;
  mov.u32 %r3, %tid.x;
  mad.lo.s32 %r4, %r1, %r2, %r3;
  setp.ge.s32 %p1, %r4, %r5;
  @%p1 bra DONE;
  cvta.to.global.u64 %rd5, %rd1;
  cvta.to.global.u64 %rd6, %rd2;
  cvta.to.global.u64 %rd7, %rd3;
  mul.wide.s32 %rd8, %r4, 4;
  add.s64 %rd9, %rd5, %rd8;
  add.s64 %rd10, %rd6, %rd8;
  add.s64 %rd11, %rd7, %rd8;
  ld.global.f32 %f1, [%rd9];
  ld.global.f32 %f2, [%rd10];
  add.f32 %f3, %f1, %f2;
  st.global.f32 [%rd11], %f3;
DONE:
  ret;
}
)";

int failures = 0;

void check(bool ok, const std::string &what) {
  if (!ok) {
    std::cerr << "FAIL: " << what << "\n";
    ++failures;
  }
}

int64_t roundUp(int64_t value, int64_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

/// Values that are exact in bf16 and whose products and sums of a few
/// dozen terms stay exact in f32, so every comparison can be tight.
float smallValue(int64_t i, int salt) {
  return static_cast<float>(((i * 7 + salt * 13) % 9) - 4) * 0.25f;
}

struct PlanBuilder {
  Artifact artifact;

  int64_t buffer(Tier tier, DType dtype, Shape shape) {
    int64_t count = 1;
    for (int64_t dim : shape)
      count *= dim;
    ArtifactBuffer buf;
    buf.tier = tier;
    buf.dtype = dtype;
    buf.shape = std::move(shape);
    buf.bytes = count * static_cast<int64_t>(dtypeByteSize(dtype));
    // 4 KiB apart so that NVMe and host copies can use O_DIRECT.
    int64_t &arena = artifact.arenaBytes[static_cast<size_t>(tier)];
    buf.offset = arena;
    arena = roundUp(arena + buf.bytes, 4096);
    artifact.buffers.push_back(buf);
    return static_cast<int64_t>(artifact.buffers.size()) - 1;
  }
  ArtifactStep &step(ArtifactStep::Kind kind, StreamKind stream) {
    ArtifactStep s;
    s.kind = kind;
    s.stream = stream;
    s.location = "smoke:" + std::to_string(artifact.steps.size());
    artifact.steps.push_back(s);
    return artifact.steps.back();
  }
  void copy(int64_t src, int64_t dst, StreamKind stream) {
    ArtifactStep &s = step(ArtifactStep::Kind::Copy, stream);
    s.src = src;
    s.dst = dst;
    s.bytes = artifact.buffers[static_cast<size_t>(src)].bytes;
  }
  void record(int64_t event, StreamKind stream) {
    step(ArtifactStep::Kind::Record, stream).event = event;
  }
  void wait(int64_t event, StreamKind stream) {
    step(ArtifactStep::Kind::Wait, stream).event = event;
  }
  void gemm(int64_t a, int64_t b, int64_t c, GemmDescriptor desc) {
    ArtifactStep &s = step(ArtifactStep::Kind::Gemm, StreamKind::Compute);
    s.args = {a, b, c};
    s.numInputs = 2;
    s.gemm = desc;
  }
};

/// Row-major reference: C[b] = op(A[b]) op(B[b]).
std::vector<double> referenceGemm(const std::vector<float> &a,
                                  const std::vector<float> &b,
                                  const GemmDescriptor &g) {
  std::vector<double> c(static_cast<size_t>(g.batch * g.strideC), 0.0);
  for (int64_t p = 0; p < g.batch; ++p)
    for (int64_t i = 0; i < g.m; ++i)
      for (int64_t j = 0; j < g.n; ++j) {
        double sum = 0;
        for (int64_t l = 0; l < g.k; ++l) {
          double x = a[p * g.strideA + (g.transA ? l * g.lda + i : i * g.lda + l)];
          double y = b[p * g.strideB + (g.transB ? j * g.ldb + l : l * g.ldb + j)];
          sum += x * y;
        }
        c[p * g.strideC + i * g.ldc + j] = sum;
      }
  return c;
}

HostTensor tensorOf(DType dtype, Shape shape, const std::vector<float> &values) {
  HostTensor tensor = *HostTensor::create(dtype, std::move(shape));
  for (size_t i = 0; i < values.size(); ++i)
    tensor.setFromDouble(static_cast<int64_t>(i), values[i]);
  return tensor;
}

double maxError(const HostTensor &got, const std::vector<double> &want) {
  double worst = 0;
  for (size_t i = 0; i < want.size(); ++i)
    worst = std::max(worst, std::fabs(got.getAsDouble(int64_t(i)) - want[i]));
  return worst;
}

void printReport(const RunReport &report) {
  std::printf("  device %s\n  usedGraphs %d, median step %.1f us over %lld "
              "steps\n  arenas hbm %lld host %lld nvme %lld, workspace %lld, "
              "measured peak %lld\n  h2d %lld B at %.2f GB/s, d2h %lld B at "
              "%.2f GB/s, exposed copy %.1f us\n  kernel %.1f us, gemm %.1f "
              "us, copy %.1f us\n",
              report.device.c_str(), report.usedGraphs,
              report.medianStepSeconds * 1e6, (long long)report.steps,
              (long long)report.arenaBytes[0], (long long)report.arenaBytes[1],
              (long long)report.arenaBytes[2],
              (long long)report.workspaceBytes,
              (long long)report.measuredPeakDeviceBytes,
              (long long)report.h2dBytes, report.h2dBandwidth / 1e9,
              (long long)report.d2hBytes, report.d2hBandwidth / 1e9,
              report.exposedCopySeconds * 1e6, report.kernelSeconds * 1e6,
              report.gemmSeconds * 1e6, report.copySeconds * 1e6);
}

} // namespace

int main(int argc, char **argv) {
  bool calibrate = argc > 1 && std::string(argv[1]) == "--calibrate";
  StatusOr<std::unique_ptr<Backend>> backend = createCudaBackend();
  if (!backend.ok()) {
    std::cerr << "skipped: " << backend.status().message() << "\n";
    return 77;
  }

  // The artifact directory: the kernel module and the constants.
  std::string pattern =
      (std::filesystem::temp_directory_path() / "strata-cuda-smoke-XXXXXX")
          .string();
  std::vector<char> dirTemplate(pattern.begin(), pattern.end());
  dirTemplate.push_back('\0');
  std::string dir = mkdtemp(dirTemplate.data());
  std::ofstream(dir + "/kernels.ptx") << kAddPtx;

  const int64_t m = 64, n = 48, k = 32;
  PlanBuilder plan;
  plan.artifact.model = "smoke";
  plan.artifact.modules.push_back({"main", "kernels.ptx", "sm_75"});
  int64_t x = plan.buffer(Tier::Hbm, DType::f32, {m, k});
  int64_t w = plan.buffer(Tier::Hbm, DType::f32, {n, k});
  int64_t count = plan.buffer(Tier::Hbm, DType::i32, {1});
  int64_t y = plan.buffer(Tier::Hbm, DType::f32, {m, n});
  int64_t bias = plan.buffer(Tier::Hbm, DType::f32, {m, n});
  int64_t z = plan.buffer(Tier::Hbm, DType::f32, {m, n});
  int64_t zHost = plan.buffer(Tier::Host, DType::f32, {m, n});
  int64_t zNvme = plan.buffer(Tier::Nvme, DType::f32, {m, n});
  int64_t zBack = plan.buffer(Tier::Hbm, DType::f32, {m, n});
  int64_t zHost2 = plan.buffer(Tier::Host, DType::f32, {m, n});
  // Batched, A transposed: A is [3][k2][m2], B [3][k2][n2], C [3][m2][n2].
  const int64_t batch = 3, m2 = 8, n2 = 24, k2 = 16;
  int64_t a2 = plan.buffer(Tier::Hbm, DType::f32, {batch, k2, m2});
  int64_t b2 = plan.buffer(Tier::Hbm, DType::f32, {batch, k2, n2});
  int64_t c2 = plan.buffer(Tier::Hbm, DType::f32, {batch, m2, n2});
  // bf16 with B transposed.
  int64_t a3 = plan.buffer(Tier::Hbm, DType::bf16, {m, k});
  int64_t b3 = plan.buffer(Tier::Hbm, DType::bf16, {n, k});
  int64_t c3 = plan.buffer(Tier::Hbm, DType::bf16, {m, n});

  // Constants: the bias.
  std::vector<float> biasValues(static_cast<size_t>(m * n));
  for (size_t i = 0; i < biasValues.size(); ++i)
    biasValues[i] = smallValue(static_cast<int64_t>(i), 5);
  std::ofstream(dir + "/constants.bin", std::ios::binary)
      .write(reinterpret_cast<const char *>(biasValues.data()),
             static_cast<std::streamsize>(biasValues.size() * 4));
  plan.artifact.constantsPath = "constants.bin";
  plan.artifact.constantsBytes = static_cast<int64_t>(biasValues.size() * 4);
  plan.artifact.numEvents = 3;

  GemmDescriptor g1;
  g1.m = m, g1.n = n, g1.k = k, g1.transB = true;
  g1.lda = k, g1.ldb = k, g1.ldc = n;
  plan.gemm(x, w, y, g1);
  {
    ArtifactStep &s = plan.step(ArtifactStep::Kind::Constant,
                                StreamKind::HostToDevice);
    s.dst = bias;
    s.dataOffset = 0;
    s.bytes = plan.artifact.constantsBytes;
  }
  plan.record(0, StreamKind::HostToDevice);
  plan.wait(0, StreamKind::Compute);
  {
    ArtifactStep &s = plan.step(ArtifactStep::Kind::Kernel, StreamKind::Compute);
    s.module = "main";
    s.kernel = "add_f32";
    s.args = {y, bias, z, count};
    s.numInputs = 3;
    s.grid = {(m * n + 127) / 128, 1, 1};
    s.block = {128, 1, 1};
  }
  plan.record(1, StreamKind::Compute);
  plan.wait(1, StreamKind::DeviceToHost);
  plan.copy(z, zHost, StreamKind::DeviceToHost);
  plan.copy(zHost, zNvme, StreamKind::DeviceToHost);
  plan.copy(zHost, zHost2, StreamKind::DeviceToHost);
  plan.record(2, StreamKind::DeviceToHost);
  plan.wait(2, StreamKind::HostToDevice);
  plan.copy(zNvme, zBack, StreamKind::HostToDevice);

  GemmDescriptor g2;
  g2.batch = batch, g2.m = m2, g2.n = n2, g2.k = k2, g2.transA = true;
  g2.lda = m2, g2.ldb = n2, g2.ldc = n2;
  g2.strideA = k2 * m2, g2.strideB = k2 * n2, g2.strideC = m2 * n2;
  plan.gemm(a2, b2, c2, g2);

  GemmDescriptor g3 = g1;
  g3.dtype = DType::bf16;
  plan.gemm(a3, b3, c3, g3);

  Artifact &artifact = plan.artifact;
  artifact.inputs = {{"x", x}, {"w", w}, {"count", count}, {"a2", a2},
                     {"b2", b2}, {"a3", a3}, {"b3", b3}};
  artifact.outputs = {{"z_back", zBack}, {"z_host", zHost2}, {"c2", c2},
                      {"c3", c3}};

  auto fill = [](int64_t size, int salt) {
    std::vector<float> values(static_cast<size_t>(size));
    for (size_t i = 0; i < values.size(); ++i)
      values[i] = smallValue(static_cast<int64_t>(i), salt);
    return values;
  };
  std::vector<float> xv = fill(m * k, 1), wv = fill(n * k, 2),
                     a2v = fill(batch * k2 * m2, 3),
                     b2v = fill(batch * k2 * n2, 4);
  std::vector<HostTensor> inputs;
  inputs.push_back(tensorOf(DType::f32, {m, k}, xv));
  inputs.push_back(tensorOf(DType::f32, {n, k}, wv));
  inputs.push_back(HostTensor::fromVector<int32_t>({1}, {int32_t(m * n)}).value());
  inputs.push_back(tensorOf(DType::f32, {batch, k2, m2}, a2v));
  inputs.push_back(tensorOf(DType::f32, {batch, k2, n2}, b2v));
  inputs.push_back(tensorOf(DType::bf16, {m, k}, xv));
  inputs.push_back(tensorOf(DType::bf16, {n, k}, wv));

  std::vector<double> want1 = referenceGemm(xv, wv, [&] {
    GemmDescriptor g = g1;
    g.strideC = m * n;
    return g;
  }());
  for (size_t i = 0; i < want1.size(); ++i)
    want1[i] += biasValues[i];
  std::vector<double> want2 = referenceGemm(a2v, b2v, g2);
  std::vector<double> want3 = referenceGemm(xv, wv, [&] {
    GemmDescriptor g = g1;
    g.strideC = m * n;
    return g;
  }());

  for (bool graphs : {true, false}) {
    RunOptions options;
    options.steps = 5;
    options.warmupSteps = 2;
    options.useGraphs = graphs;
    options.verbose = true;
    RunReport report;
    StatusOr<std::vector<HostTensor>> outputs =
        (*backend)->run(artifact, dir, inputs, options, report);
    std::printf("run with useGraphs=%d: %s\n", graphs,
                outputs.ok() ? "ok" : outputs.status().message().c_str());
    if (!outputs.ok()) {
      ++failures;
      continue;
    }
    printReport(report);
    // STRATA_CUDA_SYNC_STEPS turns graphs off.
    const char *sync = std::getenv("STRATA_CUDA_SYNC_STEPS");
    check(report.usedGraphs == (graphs && !(sync && *sync && *sync != '0')),
          "graph use as asked");
    check(maxError((*outputs)[0], want1) == 0, "gemm + bias via NVMe");
    check(maxError((*outputs)[1], want1) == 0, "gemm + bias in host tier");
    check(maxError((*outputs)[2], want2) == 0, "batched transposed gemm");
    // bf16 output rounding: relative 2^-8.
    double worst = 0;
    for (size_t i = 0; i < want3.size(); ++i)
      worst = std::max(worst, std::fabs((*outputs)[3].getAsDouble(int64_t(i)) -
                                        want3[i]) /
                                  std::max(1.0, std::fabs(want3[i])));
    check(worst <= 1.0 / 128, "bf16 gemm (max relative error " +
                                  std::to_string(worst) + ")");
    check(report.h2dBytes == plan.artifact.constantsBytes + m * n * 4,
          "h2d bytes: constant + NVMe copy");
    check(report.d2hBytes == m * n * 4, "d2h bytes: one copy out of HBM");
    check(report.stepSeconds.size() == 5, "five step times");
  }

  // A step whose first operation waits on an event the previous step
  // recorded cannot be captured on its own (the event is outside the
  // capture): the run must fall back to the streams and still be right.
  {
    Artifact crossStep = artifact;
    crossStep.numEvents = 4;
    ArtifactStep wait;
    wait.kind = ArtifactStep::Kind::Wait;
    wait.stream = StreamKind::Compute;
    wait.event = 3;
    ArtifactStep record = wait;
    record.kind = ArtifactStep::Kind::Record;
    record.stream = StreamKind::HostToDevice;
    crossStep.steps.insert(crossStep.steps.begin(), wait);
    crossStep.steps.push_back(record);
    RunOptions options;
    options.steps = 3;
    options.verbose = true;
    RunReport report;
    auto outputs = (*backend)->run(crossStep, dir, inputs, options, report);
    std::printf("cross-step event: %s, usedGraphs %d\n",
                outputs.ok() ? "ok" : outputs.status().message().c_str(),
                report.usedGraphs);
    check(outputs.ok() && maxError((*outputs)[0], want1) == 0 &&
              maxError((*outputs)[2], want2) == 0,
          "cross-step event run computes the same values");
  }

  // Errors that must name what failed.
  {
    Artifact broken = artifact;
    for (ArtifactStep &s : broken.steps)
      if (s.kind == ArtifactStep::Kind::Kernel)
        s.kernel = "no_such_kernel";
    RunReport report;
    auto result = (*backend)->run(broken, dir, inputs, RunOptions(), report);
    std::printf("missing kernel: %s\n",
                result.ok() ? "ok?!" : result.status().message().c_str());
    check(!result.ok() &&
              result.status().message().find("no_such_kernel") !=
                  std::string::npos,
          "a missing kernel is named");
  }
  {
    std::ofstream(dir + "/bad.ptx") << ".version 7.0\n.target sm_75\n"
                                       ".address_size 64\n"
                                       ".visible .entry bad() { bogus; }\n";
    Artifact broken = artifact;
    broken.modules[0].path = "bad.ptx";
    RunReport report;
    auto result = (*backend)->run(broken, dir, inputs, RunOptions(), report);
    std::printf("bad PTX: %s\n",
                result.ok() ? "ok?!" : result.status().message().c_str());
    check(!result.ok() && result.status().message().find("JIT error log") !=
                              std::string::npos,
          "the JIT log is in the error");
  }

  if (calibrate) {
    StatusOr<nlohmann::json> profile = calibrateCudaMachine();
    if (!profile.ok()) {
      std::cerr << "calibration failed: " << profile.status().message()
                << "\n";
      ++failures;
    } else {
      std::cout << profile->dump(2) << "\n";
    }
  }
  std::printf("%s\n", failures ? "FAILED" : "PASSED");
  return failures ? 1 : 0;
}
