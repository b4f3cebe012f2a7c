//===- KernelModules.cpp - The plan's PTX modules and kernels -------------===//

#include "KernelModules.h"

#include "CudaCheck.h"
#include "DriverApi.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <vector>

namespace strata::rt::cuda {
namespace {

/// Without opting in, a block gets at most 48 KiB of dynamic shared memory.
constexpr int64_t kDefaultDynamicSharedLimit = 48 * 1024;

StatusOr<std::string> readText(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return makeError("cannot open ", path);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof())
    return makeError("cannot read ", path);
  return text.str();
}

std::string trimLog(const char *log) {
  std::string text(log);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\0'))
    text.pop_back();
  return text;
}

} // namespace

StatusOr<CUmodule> loadPtxModule(const std::string &ptx,
                                 const std::string &what,
                                 const std::string &deviceArch) {
  constexpr size_t kLogBytes = 16 * 1024;
  std::vector<char> errorLog(kLogBytes, '\0');
  CUjit_option options[] = {CU_JIT_ERROR_LOG_BUFFER,
                            CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES};
  // The JIT reads the size from the option value itself, an integer stored
  // in the pointer.
  void *values[] = {errorLog.data(), reinterpret_cast<void *>(
                                         static_cast<uintptr_t>(kLogBytes))};
  CUmodule module = nullptr;
  CUresult result = driver().cuModuleLoadDataEx(
      &module, ptx.c_str(), static_cast<unsigned>(std::size(options)),
      options, values);
  if (result != CUDA_SUCCESS) {
    std::string log = trimLog(errorLog.data());
    return makeError("loading ", what, " on a ", deviceArch,
                     " device: cuModuleLoadDataEx failed: ",
                     describeError(result),
                     log.empty() ? std::string()
                                 : "\nJIT error log:\n" + log);
  }
  return module;
}

StatusOr<std::unique_ptr<KernelModules>>
KernelModules::load(const Artifact &artifact, const std::string &dir,
                    const DeviceInfo &device) {
  std::unique_ptr<KernelModules> loaded(new KernelModules());
  for (const ArtifactModule &module : artifact.modules) {
    std::string path = dir + "/" + module.path;
    std::string what = "module '" + module.name + "' (" + path + ", built for " +
                       module.arch + ")";
    STRATA_RT_ASSIGN_OR_RETURN(std::string ptx, readText(path));
    STRATA_RT_ASSIGN_OR_RETURN(CUmodule handle,
                               loadPtxModule(ptx, what, device.arch()));
    if (!loaded->modules.emplace(module.name, handle).second) {
      driver().cuModuleUnload(handle);
      return makeError("the plan lists module '", module.name, "' twice");
    }
  }

  for (size_t index = 0; index < artifact.steps.size(); ++index) {
    const ArtifactStep &step = artifact.steps[index];
    if (step.kind != ArtifactStep::Kind::Kernel)
      continue;
    std::string what = "step " + std::to_string(index) + " (kernel '" +
                       step.kernel + "' of module '" + step.module + "')";
    auto moduleIt = loaded->modules.find(step.module);
    if (moduleIt == loaded->modules.end())
      return makeError(what, ": the plan lists no module '", step.module,
                       "'");
    auto key = std::make_pair(step.module, step.kernel);
    auto [it, inserted] = loaded->kernels.try_emplace(key);
    KernelFunction &kernel = it->second;
    if (inserted) {
      STRATA_CU_CHECK(driver().cuModuleGetFunction(&kernel.function,
                                                   moduleIt->second,
                                                   step.kernel.c_str()),
                      what, ": looking up the kernel");
      STRATA_CU_CHECK(
          driver().cuFuncGetAttribute(&kernel.maxThreadsPerBlock,
                                      CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK,
                                      kernel.function),
          what, ": reading its thread limit");
    }
    if (step.sharedBytes > std::max(kernel.maxDynamicSharedBytes,
                                    kDefaultDynamicSharedLimit)) {
      STRATA_CU_CHECK(
          driver().cuFuncSetAttribute(
              kernel.function,
              CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
              static_cast<int>(step.sharedBytes)),
          what, ": enabling ", step.sharedBytes,
          " bytes of dynamic shared memory");
      kernel.maxDynamicSharedBytes = step.sharedBytes;
    }
  }
  return loaded;
}

KernelModules::~KernelModules() {
  for (auto &[name, module] : modules)
    driver().cuModuleUnload(module);
}

const KernelFunction *KernelModules::find(const std::string &module,
                                          const std::string &kernel) const {
  auto it = kernels.find(std::make_pair(module, kernel));
  return it == kernels.end() ? nullptr : &it->second;
}

} // namespace strata::rt::cuda
