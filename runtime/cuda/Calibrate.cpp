//===- Calibrate.cpp - Measuring a GPU machine's profile ------------------===//

#include "Calibrate.h"

#include "CudaCheck.h"
#include "CudaDevice.h"
#include "CudaHandles.h"
#include "DriverApi.h"
#include "GemmRunner.h"
#include "KernelModules.h"

#include <sys/statvfs.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <functional>
#include <memory>
#include <unistd.h>
#include <vector>

namespace strata::rt {
namespace cuda {
namespace {

constexpr int64_t kMiB = 1ll << 20;
constexpr int64_t kGiB = 1ll << 30;

/// An empty kernel for the launch overhead, as PTX so that no CUDA compiler
/// is needed to build the runtime. sm_75 is the oldest target CUDA 13 keeps;
/// the JIT compiles it for whatever GPU runs it.
constexpr const char *kEmptyKernelPtx = R"(
.version 7.0
.target sm_75
.address_size 64

.visible .entry strata_empty()
{
  ret;
}
)";

/// Rounded to `decimals` places; dividing by the power of ten (rather than
/// multiplying by its inverse) gives the double nearest the decimal.
double roundTo(double value, int decimals) {
  double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

/// Seconds per repetition of `issue` on `stream`, after `warmup` untimed ones.
StatusOr<double> timePerRepetition(cudaStream_t stream, int warmup, int reps,
                                   const std::function<Status()> &issue,
                                   const std::string &what) {
  for (int i = 0; i < warmup; ++i)
    STRATA_RT_RETURN_IF_ERROR(issue());
  STRATA_RT_ASSIGN_OR_RETURN(Event start, createEvent(true, "a timer"));
  STRATA_RT_ASSIGN_OR_RETURN(Event stop, createEvent(true, "a timer"));
  STRATA_CUDA_CHECK(cudaEventRecord(start.get(), stream), what);
  for (int i = 0; i < reps; ++i)
    STRATA_RT_RETURN_IF_ERROR(issue());
  STRATA_CUDA_CHECK(cudaEventRecord(stop.get(), stream), what);
  STRATA_CUDA_CHECK(cudaEventSynchronize(stop.get()), what);
  float ms = 0;
  STRATA_CUDA_CHECK(cudaEventElapsedTime(&ms, start.get(), stop.get()), what);
  return static_cast<double>(ms) * 1e-3 / reps;
}

/// Uniform values in [-1, 1) from a fixed-seed generator: products of
/// zeros run faster than those of real data and would overstate the rate.
std::vector<float> randomFloats(int64_t count) {
  std::vector<float> values(static_cast<size_t>(count));
  uint64_t state = 0x9E3779B97F4A7C15ull;
  for (float &value : values) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    value = static_cast<float>(static_cast<int64_t>(state >> 40) -
                               (1ll << 23)) /
            static_cast<float>(1ll << 23);
  }
  return values;
}

/// The same values as 16-bit floats: bf16 keeps f32's upper half; f16 is
/// rounded by the runtime's conversion.
std::vector<uint16_t> toSixteenBit(const std::vector<float> &values,
                                   DType dtype) {
  std::vector<uint16_t> bits(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    if (dtype == DType::bf16) {
      uint32_t word;
      std::memcpy(&word, &values[i], sizeof(word));
      bits[i] = static_cast<uint16_t>(word >> 16);
    } else {
      bits[i] = doubleToHalfBits(values[i]);
    }
  }
  return bits;
}

struct Copies {
  double hbmGbps = 0;
  double h2dGbps = 0, d2hGbps = 0, duplexGbps = 0;
  double hostGbps = 0;
};

StatusOr<Copies> measureCopies(cudaStream_t first, cudaStream_t second) {
  Copies out;
  // HBM: as large as comfortably fits, so caches do not flatter it.
  STRATA_RT_ASSIGN_OR_RETURN(MemoryInfo memory,
                             queryDeviceMemory("before calibrating"));
  int64_t hbmBytes = std::min<int64_t>(kGiB, memory.freeBytes / 4);
  STRATA_RT_ASSIGN_OR_RETURN(DeviceMemory from,
                             allocateDevice(hbmBytes, "the HBM copy test"));
  STRATA_RT_ASSIGN_OR_RETURN(DeviceMemory to,
                             allocateDevice(hbmBytes, "the HBM copy test"));
  STRATA_CUDA_CHECK(cudaMemsetAsync(from.data(), 1, hbmBytes, first),
                    "filling the HBM copy test's source");
  STRATA_RT_ASSIGN_OR_RETURN(
      double hbmSeconds,
      timePerRepetition(
          first, 2, 20,
          [&]() -> Status {
            STRATA_CUDA_CHECK(cudaMemcpyAsync(to.data(), from.data(), hbmBytes,
                                              cudaMemcpyDeviceToDevice, first),
                              "copying within HBM");
            return Status::success();
          },
          "timing copies within HBM"));
  // Bytes read plus bytes written, as machine profiles count bandwidth.
  out.hbmGbps = 2.0 * hbmBytes / hbmSeconds / 1e9;

  // Host <-> HBM with pinned memory, each way and both at once.
  const int64_t bytes = 256 * kMiB;
  STRATA_RT_ASSIGN_OR_RETURN(PinnedMemory hostIn,
                             allocatePinned(bytes, "the copy test"));
  STRATA_RT_ASSIGN_OR_RETURN(PinnedMemory hostOut,
                             allocatePinned(bytes, "the copy test"));
  std::memset(hostIn.data(), 1, bytes);
  std::memset(hostOut.data(), 2, bytes);
  auto h2d = [&](cudaStream_t stream) -> Status {
    STRATA_CUDA_CHECK(cudaMemcpyAsync(to.data(), hostIn.data(), bytes,
                                      cudaMemcpyHostToDevice, stream),
                      "copying host to device");
    return Status::success();
  };
  auto d2h = [&](cudaStream_t stream) -> Status {
    STRATA_CUDA_CHECK(cudaMemcpyAsync(hostOut.data(), from.data(), bytes,
                                      cudaMemcpyDeviceToHost, stream),
                      "copying device to host");
    return Status::success();
  };
  const int reps = 10;
  STRATA_RT_ASSIGN_OR_RETURN(
      double h2dSeconds,
      timePerRepetition(first, 2, reps, [&] { return h2d(first); },
                        "timing host-to-device copies"));
  STRATA_RT_ASSIGN_OR_RETURN(
      double d2hSeconds,
      timePerRepetition(first, 2, reps, [&] { return d2h(first); },
                        "timing device-to-host copies"));
  out.h2dGbps = bytes / h2dSeconds / 1e9;
  out.d2hGbps = bytes / d2hSeconds / 1e9;

  // Both directions: the second stream forks from the first after the
  // start event and joins it before the stop event.
  STRATA_RT_ASSIGN_OR_RETURN(Event forkEvent, createEvent(false, "a fork"));
  STRATA_RT_ASSIGN_OR_RETURN(Event joinEvent, createEvent(false, "a join"));
  STRATA_RT_ASSIGN_OR_RETURN(
      double duplexSeconds,
      timePerRepetition(
          first, 1, 1,
          [&]() -> Status {
            STRATA_CUDA_CHECK(cudaEventRecord(forkEvent.get(), first),
                              "forking the duplex copy test");
            STRATA_CUDA_CHECK(cudaStreamWaitEvent(second, forkEvent.get(), 0),
                              "forking the duplex copy test");
            for (int i = 0; i < reps; ++i) {
              STRATA_RT_RETURN_IF_ERROR(h2d(first));
              STRATA_RT_RETURN_IF_ERROR(d2h(second));
            }
            STRATA_CUDA_CHECK(cudaEventRecord(joinEvent.get(), second),
                              "joining the duplex copy test");
            STRATA_CUDA_CHECK(cudaStreamWaitEvent(first, joinEvent.get(), 0),
                              "joining the duplex copy test");
            return Status::success();
          },
          "timing copies in both directions at once"));
  out.duplexGbps = 2.0 * bytes * reps / duplexSeconds / 1e9;

  // Host memory: a CPU memcpy between pinned buffers, read plus written.
  std::memcpy(hostOut.data(), hostIn.data(), bytes); // Warm the pages.
  auto begin = std::chrono::steady_clock::now();
  for (int i = 0; i < 4; ++i)
    std::memcpy(i % 2 ? hostIn.data() : hostOut.data(),
                i % 2 ? hostOut.data() : hostIn.data(), bytes);
  double hostSeconds = std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - begin)
                           .count() /
                       4;
  out.hostGbps = 2.0 * bytes / hostSeconds / 1e9;
  return out;
}

struct MatrixRates {
  double f32 = 0, tf32 = 0, bf16 = 0, f16 = 0; // TFLOP/s
};

StatusOr<MatrixRates> measureMatrixRates(cudaStream_t stream) {
  const int64_t n = 8192;
  const int64_t elements = n * n;
  STRATA_RT_ASSIGN_OR_RETURN(std::unique_ptr<GemmRunner> gemms,
                             GemmRunner::create());
  std::array<DeviceMemory, 3> operands;
  for (DeviceMemory &operand : operands) {
    STRATA_RT_ASSIGN_OR_RETURN(
        operand, allocateDevice(elements * 4, "the matrix product test"));
  }
  std::vector<float> values = randomFloats(elements);

  auto rate = [&](DType dtype, const char *mode) -> StatusOr<double> {
    std::string what = std::string("timing a ") + dtypeName(dtype) + " (" +
                       mode + ") 8192^3 matrix product";
    int64_t elementBytes = static_cast<int64_t>(dtypeByteSize(dtype));
    // A and B hold random values; C is written.
    for (size_t i = 0; i < 2; ++i) {
      if (dtype == DType::f32) {
        STRATA_CUDA_CHECK(cudaMemcpy(operands[i].data(), values.data(),
                                     elements * 4, cudaMemcpyHostToDevice),
                          what, ": uploading operands");
      } else {
        std::vector<uint16_t> bits = toSixteenBit(values, dtype);
        STRATA_CUDA_CHECK(cudaMemcpy(operands[i].data(), bits.data(),
                                     elements * 2, cudaMemcpyHostToDevice),
                          what, ": uploading operands");
      }
    }
    GemmDescriptor gemm;
    gemm.dtype = dtype;
    gemm.computeMode = mode;
    gemm.m = gemm.n = gemm.k = n;
    gemm.lda = gemm.ldb = gemm.ldc = n;
    STRATA_RT_ASSIGN_OR_RETURN(
        const GemmPlan *plan,
        gemms->prepare(gemm, operands[0].data(), elements * elementBytes,
                       operands[1].data(), elements * elementBytes,
                       operands[2].data(), elements * elementBytes, true,
                       what));
    STRATA_RT_ASSIGN_OR_RETURN(
        double seconds,
        timePerRepetition(
            stream, 2, 10,
            [&] {
              return gemms->run(*plan, operands[0].data(), operands[1].data(),
                                operands[2].data(), stream, what);
            },
            what));
    return plan->flops / seconds / 1e12;
  };
  MatrixRates out;
  STRATA_RT_ASSIGN_OR_RETURN(out.f32, rate(DType::f32, "f32"));
  STRATA_RT_ASSIGN_OR_RETURN(out.tf32, rate(DType::f32, "tf32"));
  STRATA_RT_ASSIGN_OR_RETURN(out.bf16, rate(DType::bf16, "f32"));
  STRATA_RT_ASSIGN_OR_RETURN(out.f16, rate(DType::f16, "f32"));
  return out;
}

/// Microseconds per launch of an empty kernel, back to back: the larger of
/// the device's time per kernel and the host's time to issue one.
StatusOr<double> measureLaunchOverhead(cudaStream_t stream,
                                       const DeviceInfo &device) {
  STRATA_RT_ASSIGN_OR_RETURN(
      CUmodule module,
      loadPtxModule(kEmptyKernelPtx, "the calibration's empty kernel",
                    device.arch()));
  struct Unload {
    CUmodule module;
    ~Unload() { driver().cuModuleUnload(module); }
  } unload{module};
  CUfunction function = nullptr;
  STRATA_CU_CHECK(driver().cuModuleGetFunction(&function, module,
                                               "strata_empty"),
                  "looking up the calibration's empty kernel");
  auto launch = [&]() -> Status {
    STRATA_CU_CHECK(driver().cuLaunchKernel(function, 1, 1, 1, 1, 1, 1, 0,
                                            stream, nullptr, nullptr),
                    "launching the calibration's empty kernel");
    return Status::success();
  };
  const int launches = 20000;
  auto begin = std::chrono::steady_clock::now();
  STRATA_RT_ASSIGN_OR_RETURN(
      double deviceSeconds,
      timePerRepetition(stream, 100, launches, launch,
                        "timing empty kernel launches"));
  double hostSeconds = std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - begin)
                           .count() /
                       (launches + 100);
  return std::max(deviceSeconds, hostSeconds) * 1e6;
}

struct Nvme {
  bool measured = false;
  std::string why; // When not measured.
  bool direct = false;
  std::string dir;
  int64_t capacityBytes = 0;
  double readGbps = 0, writeGbps = 0;
};

/// Writes then reads `bytes` through a temporary file in the NVMe tier's
/// directory. Failure is not an error: the profile then has no NVMe tier.
Nvme measureNvme() {
  Nvme out;
  out.dir = "/tmp";
  for (const char *variable : {"STRATA_NVME_DIR", "TMPDIR"})
    if (const char *dir = std::getenv(variable); dir && *dir) {
      out.dir = dir;
      break;
    }
  struct statvfs fs {};
  if (statvfs(out.dir.c_str(), &fs) != 0) {
    out.why = "statvfs(" + out.dir + "): " + std::strerror(errno);
    return out;
  }
  out.capacityBytes = static_cast<int64_t>(fs.f_bavail) * fs.f_frsize;
  const int64_t bytes = std::min<int64_t>(kGiB, out.capacityBytes / 4);
  const int64_t chunk = 64 * kMiB;
  if (bytes < chunk) {
    out.why = "too little free space in " + out.dir;
    return out;
  }
  std::string path = out.dir + "/strata-calibrate-XXXXXX";
  int fd = mkstemp(path.data());
  if (fd < 0) {
    out.why = "mkstemp(" + path + "): " + std::strerror(errno);
    return out;
  }
  int directFd = open(path.c_str(), O_RDWR | O_DIRECT);
  unlink(path.c_str());
  out.direct = directFd >= 0;
  int ioFd = out.direct ? directFd : fd;
  void *buffer = nullptr;
  if (posix_memalign(&buffer, 4096, static_cast<size_t>(chunk)) != 0) {
    out.why = "cannot allocate an aligned IO buffer";
    close(fd);
    if (directFd >= 0)
      close(directFd);
    return out;
  }
  std::memset(buffer, 0x5a, static_cast<size_t>(chunk));
  auto io = [&](bool write) -> double {
    auto begin = std::chrono::steady_clock::now();
    for (int64_t offset = 0; offset < bytes; offset += chunk) {
      ssize_t moved = write ? pwrite(ioFd, buffer, chunk, offset)
                            : pread(ioFd, buffer, chunk, offset);
      if (moved != chunk)
        return -1;
    }
    if (write && fsync(ioFd) != 0)
      return -1;
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         begin)
        .count();
  };
  double writeSeconds = io(true);
  // Without O_DIRECT, drop the cached pages so the read reaches the drive.
  if (!out.direct)
    posix_fadvise(ioFd, 0, bytes, POSIX_FADV_DONTNEED);
  double readSeconds = writeSeconds > 0 ? io(false) : -1;
  int error = errno;
  std::free(buffer);
  close(fd);
  if (directFd >= 0)
    close(directFd);
  if (writeSeconds <= 0 || readSeconds <= 0) {
    out.why = std::string("IO on a file in ") + out.dir +
              " failed: " + std::strerror(error);
    return out;
  }
  out.measured = true;
  out.writeGbps = bytes / writeSeconds / 1e9;
  out.readGbps = bytes / readSeconds / 1e9;
  return out;
}

std::string profileName(const std::string &deviceName) {
  std::string name;
  for (char c : deviceName) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (!name.empty() && name.back() != '-')
      name += '-';
  }
  while (!name.empty() && name.back() == '-')
    name.pop_back();
  return name.empty() ? "cuda-device" : name;
}

std::string today() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[16];
  std::strftime(text, sizeof(text), "%Y-%m-%d", &utc);
  return text;
}

} // namespace
} // namespace cuda

StatusOr<nlohmann::json> calibrateCudaMachine() {
  using namespace cuda;
  using nlohmann::json;
  STRATA_RT_ASSIGN_OR_RETURN(DeviceInfo device, openCudaDevice());
  STRATA_RT_ASSIGN_OR_RETURN(Stream first, createStream("calibration"));
  STRATA_RT_ASSIGN_OR_RETURN(Stream second, createStream("calibration"));

  STRATA_RT_ASSIGN_OR_RETURN(Copies copies,
                             measureCopies(first.get(), second.get()));
  STRATA_RT_ASSIGN_OR_RETURN(MatrixRates rates,
                             measureMatrixRates(first.get()));
  STRATA_RT_ASSIGN_OR_RETURN(double launchUs,
                             measureLaunchOverhead(first.get(), device));
  Nvme nvme = measureNvme();
  STRATA_CUDA_CHECK(cudaDeviceSynchronize(), "finishing the calibration");

  std::string date = today();
  auto gbps = [](double value) { return roundTo(value, 1); };
  auto tflops = [](double value) { return roundTo(value, 1); };
  int64_t hostCapacity =
      static_cast<int64_t>(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGESIZE);

  json tiers = {
      {"hbm",
       {{"capacity_bytes", device.totalMemoryBytes},
        {"bandwidth_gbps", gbps(copies.hbmGbps)}}},
      {"host",
       {{"capacity_bytes", hostCapacity},
        {"bandwidth_gbps", gbps(copies.hostGbps)}}}};
  json links = json::array(
      {{{"from", "host"},
        {"to", "hbm"},
        {"bandwidth_gbps", gbps(copies.h2dGbps)},
        {"duplex_gbps", gbps(copies.duplexGbps)}},
       {{"from", "hbm"},
        {"to", "host"},
        {"bandwidth_gbps", gbps(copies.d2hGbps)},
        {"duplex_gbps", gbps(copies.duplexGbps)}}});
  std::string nvmeNote;
  if (nvme.measured) {
    // A tier's bandwidth counts bytes read plus written; the drive does one
    // or the other, so its rate is the slower of its read and write.
    tiers["nvme"] = {
        {"capacity_bytes", nvme.capacityBytes},
        {"bandwidth_gbps", gbps(std::min(nvme.readGbps, nvme.writeGbps))}};
    // Staged through pinned host memory: the slower hop bounds the link.
    auto link = [&](const char *from, const char *to, double rate) {
      links.push_back(
          {{"from", from}, {"to", to}, {"bandwidth_gbps", gbps(rate)}});
    };
    link("nvme", "hbm", std::min(nvme.readGbps, copies.h2dGbps));
    link("hbm", "nvme", std::min(nvme.writeGbps, copies.d2hGbps));
    link("nvme", "host", nvme.readGbps);
    link("host", "nvme", nvme.writeGbps);
    nvmeNote = "capacity: free space in " + nvme.dir +
               "; bandwidth: 1 GiB written (with fsync) then read in 64 MiB "
               "IOs" +
               (nvme.direct ? " with O_DIRECT"
                            : " buffered (O_DIRECT refused), page cache "
                              "dropped before the read") +
               "; links to hbm are the slower of the drive and the PCIe copy";
  } else {
    nvmeNote = "not measured (" + nvme.why + "); no nvme tier listed";
  }

  json profile = {
      {"name", profileName(device.name)},
      {"description", "One " + device.describe() +
                          ", calibrated by the Strata runtime on " + date +
                          "; 'notes' says how each figure was measured."},
      {"devices", 1},
      {"launch_overhead_us", roundTo(launchUs, 2)},
      {"tiers", tiers},
      {"links", links},
      {"compute",
       {{"bf16",
         {{"matrix_tflops", tflops(rates.bf16)},
          {"vector_tflops", tflops(2 * rates.f32)}}},
        {"f16",
         {{"matrix_tflops", tflops(rates.f16)},
          {"vector_tflops", tflops(2 * rates.f32)}}},
        {"f32",
         {{"matrix_tflops", tflops(rates.tf32)},
          {"vector_tflops", tflops(rates.f32)}}}}},
      {"notes",
       {{"hbm", "capacity: the driver's total memory; bandwidth: measured " +
                    date +
                    ", 20 device-to-device copies of up to 1 GiB, bytes read "
                    "plus written"},
        {"host", "capacity: physical memory; bandwidth: measured " + date +
                     ", CPU memcpy between 256 MiB pinned buffers, bytes read "
                     "plus written"},
        {"nvme", nvmeNote},
        {"links", "host<->hbm measured " + date +
                      ": 10 pinned copies of 256 MiB each way, then both "
                      "ways at once on two streams (duplex)"},
        {"compute",
         "measured " + date +
             ": cuBLASLt 8192^3 products on random data; f32 matrix is "
             "TF32, f32 vector is the exact f32 product (CUDA cores); "
             "bf16/f16 vector assumed twice the f32 vector rate; f64 and i8 "
             "not measured"},
        {"launch_overhead_us",
         "measured " + date +
             ": 20000 back-to-back launches of an empty kernel, the larger "
             "of device time and host issue time per launch"}}}};
  return profile;
}

} // namespace strata::rt
