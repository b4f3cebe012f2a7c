//===- Transfers.h - Moving bytes between tiers on a stream -----*- C++ -*-===//
//
// A transfer (a plan's Copy or Constant step, an input upload, an output
// download) is planned once into stream operations and then issued every
// step, unchanged, so that a captured graph and a replayed stream see the
// same operations and host-function data stays valid.
//
// Device and pinned host memory move with cudaMemcpyAsync (the direction
// inferred from unified addresses). The NVMe tier moves through host
// functions (NvmeTier.h); between it and device memory, bytes are staged
// through a pinned buffer of the stream's own, in chunks, each chunk's IO
// and copy ordered by the stream itself.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_CUDA_TRANSFERS_H
#define STRATA_RUNTIME_CUDA_TRANSFERS_H

#include "CudaHandles.h"
#include "NvmeTier.h"

#include "strata-runtime/Artifact.h"

#include <array>
#include <string>
#include <vector>

namespace strata::rt::cuda {

/// Where bytes are: device memory or pinned host memory (`ptr`, usable by
/// the host and, through unified addressing, by the device), or the NVMe
/// tier's file (`fileOffset`).
struct Place {
  Tier tier = Tier::Hbm;
  std::byte *ptr = nullptr;
  int64_t fileOffset = 0;
};

/// The stream operations of one transfer.
class TransferPlan {
public:
  Status issue(cudaStream_t stream) const;
  bool empty() const { return actions.empty(); }

private:
  friend class TransferPlanner;
  struct Action {
    NvmeIo *io = nullptr; // A host function when set, else a memcpy.
    std::byte *dst = nullptr;
    const std::byte *src = nullptr;
    size_t bytes = 0;
  };
  std::vector<Action> actions;
  std::string what;
};

class TransferPlanner {
public:
  /// Pinned staging per stream, in chunks of this many bytes.
  static constexpr int64_t kStagingBytes = 64ll << 20;

  /// `nvme` may be null when the plan has no NVMe tier.
  explicit TransferPlanner(NvmeTier *nvme) : nvme(nvme) {}

  /// Plans `bytes` from `src` to `dst` on `stream`; `what` names the step
  /// or value in errors.
  StatusOr<TransferPlan> plan(const Place &src, const Place &dst,
                              int64_t bytes, StreamKind stream,
                              const std::string &what);

  /// Pinned staging bytes allocated so far.
  int64_t stagingBytes() const;

private:
  StatusOr<std::byte *> staging(StreamKind stream);

  NvmeTier *nvme;
  std::array<PinnedMemory, 3> stagingBuffers;
};

} // namespace strata::rt::cuda

#endif // STRATA_RUNTIME_CUDA_TRANSFERS_H
