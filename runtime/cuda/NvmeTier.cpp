//===- NvmeTier.cpp - The NVMe tier's arena as a file ---------------------===//

#include "NvmeTier.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace strata::rt::cuda {
namespace {

std::string nvmeDirectory() {
  for (const char *variable : {"STRATA_NVME_DIR", "TMPDIR"})
    if (const char *dir = std::getenv(variable); dir && *dir)
      return dir;
  return "/tmp";
}

bool isAligned(int64_t value) {
  return value % NvmeTier::kDirectAlignment == 0;
}

} // namespace

StatusOr<std::unique_ptr<NvmeTier>> NvmeTier::create(int64_t bytes) {
  std::unique_ptr<NvmeTier> tier(new NvmeTier());
  std::string pattern = nvmeDirectory() + "/strata-nvme-XXXXXX";
  int fd = mkstemp(pattern.data());
  if (fd < 0)
    return makeError("creating the NVMe tier's file ", pattern, ": ",
                     std::strerror(errno));
  tier->filePath = pattern;
  tier->bufferedFd = fd;
  // Sized up to the direct-IO alignment so that an aligned IO at the end of
  // the arena stays inside the file.
  tier->size = bytes;
  int64_t fileBytes =
      (bytes + kDirectAlignment - 1) / kDirectAlignment * kDirectAlignment;
  if (ftruncate(fd, static_cast<off_t>(fileBytes)) != 0) {
    int error = errno;
    unlink(pattern.c_str());
    return makeError("sizing the NVMe tier's file ", pattern, " to ",
                     fileBytes, " bytes: ", std::strerror(error));
  }
  // Some file systems (tmpfs on older kernels) refuse O_DIRECT: then every
  // IO goes through the buffered descriptor.
  tier->directFd = open(pattern.c_str(), O_RDWR | O_DIRECT);
  tier->directUsable = tier->directFd >= 0;
  // Unlinked now: the descriptors keep the file alive until the tier goes.
  unlink(pattern.c_str());
  return tier;
}

NvmeTier::~NvmeTier() {
  if (directFd >= 0)
    close(directFd);
  if (bufferedFd >= 0)
    close(bufferedFd);
}

NvmeIo *NvmeTier::addIo(NvmeIo io) {
  io.tier = this;
  ios.push_back(std::move(io));
  return &ios.back();
}

void NvmeTier::hostFunction(void *data) {
  const NvmeIo &io = *static_cast<const NvmeIo *>(data);
  io.tier->perform(io);
}

void NvmeTier::perform(const NvmeIo &io) {
  // After a failure the bytes downstream are wrong anyway; skipping the
  // rest keeps the first error the one reported.
  if (failed.load())
    return;
  Status status;
  switch (io.kind) {
  case NvmeIo::Kind::Read:
    status = transfer(false, io.host, io.bytes, io.fileOffset, io.what);
    break;
  case NvmeIo::Kind::Write:
    status = transfer(true, io.host, io.bytes, io.fileOffset, io.what);
    break;
  case NvmeIo::Kind::ReadThenWrite:
    status = transfer(false, io.host, io.bytes, io.fileOffset, io.what);
    if (status.ok())
      status = transfer(true, io.host, io.bytes, io.writeOffset, io.what);
    break;
  }
  if (!status.ok())
    recordError(std::move(status));
}

Status NvmeTier::transfer(bool write, std::byte *host, int64_t bytes,
                          int64_t offset, const std::string &what) {
  if (offset < 0 || offset + bytes > size)
    return makeError(what, ": NVMe ", write ? "write" : "read", " of ", bytes,
                     " bytes at offset ", offset,
                     " is outside the NVMe arena of ", size, " bytes");
  bool direct = directUsable.load() && isAligned(offset) &&
                isAligned(bytes) &&
                isAligned(static_cast<int64_t>(
                    reinterpret_cast<uintptr_t>(host)));
  int64_t done = 0;
  while (done < bytes) {
    int fd = direct ? directFd : bufferedFd;
    ssize_t moved =
        write ? pwrite(fd, host + done, static_cast<size_t>(bytes - done),
                       static_cast<off_t>(offset + done))
              : pread(fd, host + done, static_cast<size_t>(bytes - done),
                      static_cast<off_t>(offset + done));
    if (moved < 0 && errno == EINTR)
      continue;
    if (moved < 0 && errno == EINVAL && direct) {
      // The file system accepted O_DIRECT at open but not for this IO.
      directUsable = false;
      direct = false;
      continue;
    }
    if (moved < 0)
      return makeError(what, ": ", write ? "pwrite" : "pread", " of ",
                       bytes - done, " bytes at offset ", offset + done,
                       " of the NVMe tier's file ", filePath, ": ",
                       std::strerror(errno));
    if (moved == 0)
      return makeError(what, ": ", write ? "pwrite" : "pread",
                       " made no progress at offset ", offset + done,
                       " of the NVMe tier's file ", filePath);
    done += moved;
    // A short direct IO leaves an unaligned remainder.
    if (direct && !isAligned(done))
      direct = false;
  }
  return Status::success();
}

void NvmeTier::recordError(Status status) {
  std::lock_guard<std::mutex> lock(errorMutex);
  if (!failed.exchange(true))
    firstError = std::move(status);
}

Status NvmeTier::takeError() {
  std::lock_guard<std::mutex> lock(errorMutex);
  if (!failed.exchange(false))
    return Status::success();
  return std::exchange(firstError, Status());
}

} // namespace strata::rt::cuda
