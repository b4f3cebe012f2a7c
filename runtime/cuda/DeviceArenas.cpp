//===- DeviceArenas.cpp - The plan's arenas, allocated once ---------------===//

#include "DeviceArenas.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace strata::rt::cuda {
namespace {

std::string describeBuffer(int64_t index, const ArtifactBuffer &buffer) {
  return "buffer " + std::to_string(index) + " (" + tierName(buffer.tier) +
         " offset " + std::to_string(buffer.offset) + ", " +
         std::to_string(buffer.bytes) + " bytes)";
}

Status readFileInto(const std::string &path, std::byte *dst, int64_t bytes) {
  std::FILE *file = std::fopen(path.c_str(), "rb");
  if (!file)
    return makeError("cannot open constants file ", path, ": ",
                     std::strerror(errno));
  size_t got = std::fread(dst, 1, static_cast<size_t>(bytes), file);
  bool readError = std::ferror(file);
  std::fclose(file);
  if (readError || got != static_cast<size_t>(bytes))
    return makeError("constants file ", path, " holds ", got,
                     " bytes; the plan says ", bytes);
  return Status::success();
}

} // namespace

StatusOr<std::unique_ptr<DeviceArenas>>
DeviceArenas::create(const Artifact &artifact, const std::string &dir) {
  std::unique_ptr<DeviceArenas> arenas(new DeviceArenas());
  arenas->artifact = &artifact;
  const auto &sizes = artifact.arenaBytes;

  for (size_t index = 0; index < artifact.buffers.size(); ++index) {
    const ArtifactBuffer &buffer = artifact.buffers[index];
    int64_t arena = sizes[static_cast<size_t>(buffer.tier)];
    if (buffer.offset < 0 || buffer.bytes < 0 ||
        buffer.offset + buffer.bytes > arena)
      return makeError(describeBuffer(static_cast<int64_t>(index), buffer),
                       " lies outside the ", tierName(buffer.tier),
                       " arena of ", arena, " bytes");
  }

  STRATA_RT_ASSIGN_OR_RETURN(
      arenas->hbm,
      allocateDevice(sizes[static_cast<size_t>(Tier::Hbm)], "the HBM arena"));
  STRATA_RT_ASSIGN_OR_RETURN(
      arenas->host, allocatePinned(sizes[static_cast<size_t>(Tier::Host)],
                                   "the host arena"));
  if (arenas->host) {
    void *mapped = nullptr;
    STRATA_CUDA_CHECK(cudaHostGetDevicePointer(&mapped, arenas->host.data(), 0),
                      "mapping the host arena into the device's addresses");
    arenas->hostDeviceAddress = static_cast<std::byte *>(mapped);
  }
  if (int64_t nvmeBytes = sizes[static_cast<size_t>(Tier::Nvme)];
      nvmeBytes > 0) {
    STRATA_RT_ASSIGN_OR_RETURN(arenas->nvmeTier, NvmeTier::create(nvmeBytes));
  }

  if (!artifact.constantsPath.empty() && artifact.constantsBytes > 0) {
    STRATA_RT_ASSIGN_OR_RETURN(
        arenas->constantBytes,
        allocatePinned(artifact.constantsBytes, "the plan's constants"));
    STRATA_RT_RETURN_IF_ERROR(readFileInto(dir + "/" + artifact.constantsPath,
                                           arenas->constantBytes.data(),
                                           artifact.constantsBytes));
  }
  return arenas;
}

StatusOr<Place> DeviceArenas::place(int64_t index,
                                    const std::string &what) const {
  if (index < 0 || index >= static_cast<int64_t>(artifact->buffers.size()))
    return makeError(what, ": buffer index ", index, " is not one of the ",
                     artifact->buffers.size(), " buffers");
  const ArtifactBuffer &buf = buffer(index);
  Place result;
  result.tier = buf.tier;
  switch (buf.tier) {
  case Tier::Hbm:
    result.ptr = hbm.data() + buf.offset;
    break;
  case Tier::Host:
    result.ptr = host.data() + buf.offset;
    break;
  case Tier::Nvme:
    result.fileOffset = buf.offset;
    break;
  }
  return result;
}

StatusOr<std::byte *> DeviceArenas::deviceAddress(
    int64_t index, const std::string &what) const {
  STRATA_RT_ASSIGN_OR_RETURN(Place where, place(index, what));
  const ArtifactBuffer &buf = buffer(index);
  switch (where.tier) {
  case Tier::Hbm:
    return where.ptr;
  case Tier::Host:
    return hostDeviceAddress + buf.offset;
  case Tier::Nvme:
    break;
  }
  return makeError(what, ": ", describeBuffer(index, buf),
                   " is on NVMe, which kernels and library calls cannot "
                   "address; the plan must copy it to HBM or host first");
}

StatusOr<Place> DeviceArenas::constants(int64_t offset, int64_t bytes,
                                        const std::string &what) const {
  if (offset < 0 || bytes < 0 || offset + bytes > constantBytes.bytes())
    return makeError(what, ": constant bytes [", offset, ", ", offset + bytes,
                     ") lie outside constants.bin (", constantBytes.bytes(),
                     " bytes)");
  Place result;
  result.tier = Tier::Host;
  result.ptr = constantBytes.data() + offset;
  return result;
}

std::array<int64_t, 3> DeviceArenas::allocatedBytes() const {
  return {hbm.bytes(), host.bytes(), nvmeTier ? nvmeTier->bytes() : 0};
}

} // namespace strata::rt::cuda
