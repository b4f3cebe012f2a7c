//===- CudaHandles.h - RAII owners of CUDA objects --------------*- C++ -*-===//
//
// Move-only owners for streams, events, graphs, device and pinned host
// memory, so that every early error return releases what was created. Each
// create() checks its call and says what the object was for.
//
// Destruction ignores errors: by then the run has either succeeded (and the
// destroy cannot fail) or already failed with a more useful message.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_CUDA_CUDAHANDLES_H
#define STRATA_RUNTIME_CUDA_CUDAHANDLES_H

#include "CudaCheck.h"

#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

namespace strata::rt::cuda {

/// Owns one handle of type T, released with Release.
template <typename T, void (*Release)(T)> class Owned {
public:
  Owned() = default;
  explicit Owned(T handle) : handle(handle) {}
  Owned(const Owned &) = delete;
  Owned &operator=(const Owned &) = delete;
  Owned(Owned &&other) noexcept : handle(std::exchange(other.handle, T{})) {}
  Owned &operator=(Owned &&other) noexcept {
    if (this != &other) {
      reset();
      handle = std::exchange(other.handle, T{});
    }
    return *this;
  }
  ~Owned() { reset(); }

  T get() const { return handle; }
  explicit operator bool() const { return handle != T{}; }
  void reset() {
    if (handle != T{})
      Release(std::exchange(handle, T{}));
  }

private:
  T handle{};
};

namespace detail {
inline void releaseStream(cudaStream_t stream) { cudaStreamDestroy(stream); }
inline void releaseEvent(cudaEvent_t event) { cudaEventDestroy(event); }
inline void releaseGraph(cudaGraph_t graph) { cudaGraphDestroy(graph); }
inline void releaseGraphExec(cudaGraphExec_t exec) {
  cudaGraphExecDestroy(exec);
}
inline void releaseDevice(void *ptr) { cudaFree(ptr); }
inline void releasePinned(void *ptr) { cudaFreeHost(ptr); }
} // namespace detail

using Stream = Owned<cudaStream_t, detail::releaseStream>;
using Event = Owned<cudaEvent_t, detail::releaseEvent>;
using Graph = Owned<cudaGraph_t, detail::releaseGraph>;
using GraphExec = Owned<cudaGraphExec_t, detail::releaseGraphExec>;

/// A non-blocking stream: it does not synchronize with the legacy default
/// stream, which cuBLASLt or a library might use behind our back.
inline StatusOr<Stream> createStream(const std::string &what) {
  cudaStream_t stream = nullptr;
  STRATA_CUDA_CHECK(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking),
                    "creating the ", what, " stream");
  return Stream(stream);
}

/// An event for ordering (timing disabled: cheaper to record and wait on)
/// or, with `timing`, for cudaEventElapsedTime.
inline StatusOr<Event> createEvent(bool timing, const std::string &what) {
  cudaEvent_t event = nullptr;
  STRATA_CUDA_CHECK(
      cudaEventCreateWithFlags(&event,
                               timing ? cudaEventDefault
                                      : cudaEventDisableTiming),
      "creating ", what);
  return Event(event);
}

/// Bytes of device or pinned host memory with their size.
template <void (*Release)(void *)> class Memory {
public:
  Memory() = default;
  Memory(void *ptr, int64_t bytes) : owner(ptr), size(bytes) {}

  std::byte *data() const { return static_cast<std::byte *>(owner.get()); }
  int64_t bytes() const { return size; }
  explicit operator bool() const { return static_cast<bool>(owner); }

private:
  Owned<void *, Release> owner;
  int64_t size = 0;
};

using DeviceMemory = Memory<detail::releaseDevice>;
using PinnedMemory = Memory<detail::releasePinned>;

/// cudaMalloc'd bytes (256-byte aligned, as cudaMalloc guarantees).
inline StatusOr<DeviceMemory> allocateDevice(int64_t bytes,
                                             const std::string &what) {
  if (bytes <= 0)
    return DeviceMemory();
  void *ptr = nullptr;
  STRATA_CUDA_CHECK(cudaMalloc(&ptr, static_cast<size_t>(bytes)),
                    "allocating ", bytes, " bytes of device memory for ",
                    what);
  return DeviceMemory(ptr, bytes);
}

/// Page-locked host memory, mapped into the device's address space (the
/// default with unified addressing, which every supported GPU has).
inline StatusOr<PinnedMemory> allocatePinned(int64_t bytes,
                                             const std::string &what) {
  if (bytes <= 0)
    return PinnedMemory();
  void *ptr = nullptr;
  STRATA_CUDA_CHECK(cudaHostAlloc(&ptr, static_cast<size_t>(bytes),
                                  cudaHostAllocPortable |
                                      cudaHostAllocMapped),
                    "allocating ", bytes, " bytes of pinned host memory for ",
                    what);
  return PinnedMemory(ptr, bytes);
}

} // namespace strata::rt::cuda

#endif // STRATA_RUNTIME_CUDA_CUDAHANDLES_H
