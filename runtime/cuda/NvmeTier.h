//===- NvmeTier.h - The NVMe tier's arena as a file -------------*- C++ -*-===//
//
// The plan's NVMe arena is a file (unlinked as soon as it is created, so it
// never outlives the process) in $STRATA_NVME_DIR, else $TMPDIR, else /tmp.
// Bytes move between it and pinned host memory with pread/pwrite, using
// O_DIRECT when the file offset, length and host address are all aligned
// to 4 KiB (no page-cache copy, and the measured bandwidth is the drive's,
// not the page cache's) and a buffered descriptor otherwise.
//
// The IO runs inside host functions enqueued on the copy's stream
// (cudaLaunchHostFunc), which is what orders it with the device copies
// before and after it, in streams and in captured graphs alike. The host
// function blocks its stream for the duration of the IO; CUDA runs host
// functions on its own threads, never the one issuing the plan.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_CUDA_NVMETIER_H
#define STRATA_RUNTIME_CUDA_NVMETIER_H

#include "strata-runtime/Status.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

namespace strata::rt::cuda {

class NvmeTier;

/// One IO between the file and pinned host memory; lives as long as the
/// tier, since plans (and graphs) hold its address as host-function data.
struct NvmeIo {
  enum class Kind : uint8_t {
    Read,        // file[fileOffset..) -> host
    Write,       // host -> file[fileOffset..)
    ReadThenWrite // file[fileOffset..) -> host -> file[writeOffset..)
  };
  Kind kind = Kind::Read;
  NvmeTier *tier = nullptr;
  int64_t fileOffset = 0;
  int64_t writeOffset = 0;
  std::byte *host = nullptr;
  int64_t bytes = 0;
  /// The plan step or transfer this IO belongs to, for errors.
  std::string what;
};

class NvmeTier {
public:
  static constexpr int64_t kDirectAlignment = 4096;

  /// Creates and sizes the file.
  static StatusOr<std::unique_ptr<NvmeTier>> create(int64_t bytes);
  ~NvmeTier();
  NvmeTier(const NvmeTier &) = delete;
  NvmeTier &operator=(const NvmeTier &) = delete;

  int64_t bytes() const { return size; }
  const std::string &path() const { return filePath; }
  bool usesDirectIo() const { return directUsable.load(); }

  /// A new IO record with a stable address.
  NvmeIo *addIo(NvmeIo io);

  /// The host function that performs `data` (an NvmeIo*).
  static void hostFunction(void *data);

  /// The first IO error since the last call (and clears it), or success.
  Status takeError();

private:
  NvmeTier() = default;
  void perform(const NvmeIo &io);
  Status transfer(bool write, std::byte *host, int64_t bytes, int64_t offset,
                  const std::string &what);
  void recordError(Status status);

  std::string filePath;
  int64_t size = 0;
  int directFd = -1;
  int bufferedFd = -1;
  std::atomic<bool> directUsable{false};
  std::deque<NvmeIo> ios;

  std::mutex errorMutex;
  std::atomic<bool> failed{false};
  Status firstError;
};

} // namespace strata::rt::cuda

#endif // STRATA_RUNTIME_CUDA_NVMETIER_H
