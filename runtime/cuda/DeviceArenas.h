//===- DeviceArenas.h - The plan's arenas, allocated once -------*- C++ -*-===//
//
// One allocation per tier, as the plan sized them: cudaMalloc for HBM,
// cudaHostAlloc (pinned, mapped) for host memory, a file for NVMe. A buffer
// is then an offset into its tier's arena, never an allocation of its own:
// the bytes the planner proved enough are exactly the bytes the run takes.
// The plan's constants (constants.bin) are read into pinned memory here
// too, so that Constant steps are plain asynchronous copies.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_CUDA_DEVICEARENAS_H
#define STRATA_RUNTIME_CUDA_DEVICEARENAS_H

#include "CudaHandles.h"
#include "NvmeTier.h"
#include "Transfers.h"

#include "strata-runtime/Artifact.h"

#include <array>
#include <memory>
#include <string>

namespace strata::rt::cuda {

class DeviceArenas {
public:
  /// Allocates the arenas of `artifact` and reads its constants from `dir`.
  static StatusOr<std::unique_ptr<DeviceArenas>>
  create(const Artifact &artifact, const std::string &dir);

  /// Where buffer `index` lives; `what` names the user in errors.
  StatusOr<Place> place(int64_t index, const std::string &what) const;
  /// The buffer's address as a kernel or library sees it: HBM, or pinned
  /// host memory through its device mapping. NVMe buffers have none.
  StatusOr<std::byte *> deviceAddress(int64_t index,
                                      const std::string &what) const;
  /// Constant bytes [offset, offset + bytes) as a pinned host place.
  StatusOr<Place> constants(int64_t offset, int64_t bytes,
                            const std::string &what) const;

  const ArtifactBuffer &buffer(int64_t index) const {
    return artifact->buffers[static_cast<size_t>(index)];
  }
  /// Null when the plan has no NVMe arena.
  NvmeTier *nvme() const { return nvmeTier.get(); }
  /// Bytes allocated per tier.
  std::array<int64_t, 3> allocatedBytes() const;

private:
  DeviceArenas() = default;

  const Artifact *artifact = nullptr;
  DeviceMemory hbm;
  PinnedMemory host;
  std::byte *hostDeviceAddress = nullptr;
  std::unique_ptr<NvmeTier> nvmeTier;
  PinnedMemory constantBytes;
};

} // namespace strata::rt::cuda

#endif // STRATA_RUNTIME_CUDA_DEVICEARENAS_H
