//===- KernelModules.h - The plan's PTX modules and kernels -----*- C++ -*-===//
//
// Loads every PTX module of the plan with the driver's JIT (its error log
// goes into the error) and resolves every kernel the steps name before any
// step runs, so that a missing kernel or a module that does not compile for
// this GPU fails the run up front rather than halfway through a step.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_CUDA_KERNELMODULES_H
#define STRATA_RUNTIME_CUDA_KERNELMODULES_H

#include "CudaDevice.h"

#include "strata-runtime/Artifact.h"

#include <cuda.h>

#include <map>
#include <memory>
#include <string>
#include <utility>

namespace strata::rt::cuda {

struct KernelFunction {
  CUfunction function = nullptr;
  /// The most threads per block this kernel can launch with (its register
  /// use may make it fewer than the device's 1024).
  int maxThreadsPerBlock = 0;
  /// Dynamic shared memory the kernel was enabled for.
  int64_t maxDynamicSharedBytes = 0;
};

class KernelModules {
public:
  /// Loads the modules of `artifact` (paths relative to `dir`) and resolves
  /// the kernels of its Kernel steps.
  static StatusOr<std::unique_ptr<KernelModules>>
  load(const Artifact &artifact, const std::string &dir,
       const DeviceInfo &device);
  ~KernelModules();
  KernelModules(const KernelModules &) = delete;
  KernelModules &operator=(const KernelModules &) = delete;

  /// A kernel resolved by load(); null if it was not.
  const KernelFunction *find(const std::string &module,
                             const std::string &kernel) const;
  size_t numModules() const { return modules.size(); }
  size_t numKernels() const { return kernels.size(); }

private:
  KernelModules() = default;

  std::map<std::string, CUmodule> modules;
  std::map<std::pair<std::string, std::string>, KernelFunction> kernels;
};

/// Loads PTX text (NUL-terminated) with the JIT log in the error; `what`
/// names the module.
StatusOr<CUmodule> loadPtxModule(const std::string &ptx,
                                 const std::string &what,
                                 const std::string &deviceArch);

} // namespace strata::rt::cuda

#endif // STRATA_RUNTIME_CUDA_KERNELMODULES_H
