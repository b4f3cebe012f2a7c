//===- Transfers.cpp - Moving bytes between tiers on a stream -------------===//

#include "Transfers.h"

#include <algorithm>

namespace strata::rt::cuda {

Status TransferPlan::issue(cudaStream_t stream) const {
  for (const Action &action : actions) {
    if (action.io) {
      STRATA_CUDA_CHECK(
          cudaLaunchHostFunc(stream, &NvmeTier::hostFunction, action.io),
          what, ": enqueuing NVMe IO");
      continue;
    }
    STRATA_CUDA_CHECK(cudaMemcpyAsync(action.dst, action.src, action.bytes,
                                      cudaMemcpyDefault, stream),
                      what, ": copying ", action.bytes, " bytes");
  }
  return Status::success();
}

StatusOr<std::byte *> TransferPlanner::staging(StreamKind stream) {
  PinnedMemory &buffer = stagingBuffers[static_cast<size_t>(stream)];
  if (!buffer) {
    STRATA_RT_ASSIGN_OR_RETURN(
        buffer, allocatePinned(kStagingBytes, std::string("NVMe staging on the ") +
                                                  streamName(stream) +
                                                  " stream"));
  }
  return buffer.data();
}

int64_t TransferPlanner::stagingBytes() const {
  int64_t total = 0;
  for (const PinnedMemory &buffer : stagingBuffers)
    total += buffer.bytes();
  return total;
}

StatusOr<TransferPlan> TransferPlanner::plan(const Place &src,
                                             const Place &dst, int64_t bytes,
                                             StreamKind stream,
                                             const std::string &what) {
  TransferPlan plan;
  plan.what = what;
  if (bytes <= 0)
    return plan;
  auto memcpyAction = [&](std::byte *to, const std::byte *from,
                          int64_t count) {
    TransferPlan::Action action;
    action.dst = to;
    action.src = from;
    action.bytes = static_cast<size_t>(count);
    plan.actions.push_back(action);
  };
  auto ioAction = [&](NvmeIo::Kind kind, int64_t fileOffset,
                      int64_t writeOffset, std::byte *host, int64_t count) {
    NvmeIo io;
    io.kind = kind;
    io.fileOffset = fileOffset;
    io.writeOffset = writeOffset;
    io.host = host;
    io.bytes = count;
    io.what = what;
    TransferPlan::Action action;
    action.io = nvme->addIo(std::move(io));
    plan.actions.push_back(action);
  };

  bool fromFile = src.tier == Tier::Nvme, toFile = dst.tier == Tier::Nvme;
  if (!fromFile && !toFile) {
    memcpyAction(dst.ptr, src.ptr, bytes);
    return plan;
  }
  if (!nvme)
    return makeError(what, ": moves NVMe-tier bytes but the plan has no "
                           "NVMe arena");
  // Pinned host memory is what pread/pwrite can fill directly.
  if (fromFile && dst.tier == Tier::Host) {
    ioAction(NvmeIo::Kind::Read, src.fileOffset, 0, dst.ptr, bytes);
    return plan;
  }
  if (toFile && src.tier == Tier::Host) {
    ioAction(NvmeIo::Kind::Write, dst.fileOffset, 0, src.ptr, bytes);
    return plan;
  }
  // Device memory (or file-to-file) goes through this stream's staging.
  STRATA_RT_ASSIGN_OR_RETURN(std::byte * buffer, staging(stream));
  for (int64_t done = 0; done < bytes; done += kStagingBytes) {
    int64_t chunk = std::min(kStagingBytes, bytes - done);
    if (fromFile && toFile) {
      ioAction(NvmeIo::Kind::ReadThenWrite, src.fileOffset + done,
               dst.fileOffset + done, buffer, chunk);
    } else if (fromFile) {
      ioAction(NvmeIo::Kind::Read, src.fileOffset + done, 0, buffer, chunk);
      memcpyAction(dst.ptr + done, buffer, chunk);
    } else {
      memcpyAction(buffer, src.ptr + done, chunk);
      ioAction(NvmeIo::Kind::Write, dst.fileOffset + done, 0, buffer, chunk);
    }
  }
  return plan;
}

} // namespace strata::rt::cuda
