//===- Calibrate.h - Measuring a GPU machine's profile ----------*- C++ -*-===//
//
// Measures the figures of a machine profile (machines/README.md) on the GPU
// the CUDA backend would use, and returns them as a profile with the keys
// and units of machines/h100-sxm.json:
//   - HBM: a large device-to-device copy (bytes read plus written);
//   - host<->HBM: 256 MiB pinned copies each way, and both at once;
//   - host: a pinned-to-pinned memcpy on the CPU;
//   - NVMe: 1 GiB written and read back in the NVMe tier's directory
//     (O_DIRECT where the file system allows it);
//   - matrix throughput: 8192^3 cuBLASLt products in f32 (SIMT, reported as
//     the f32 vector rate), tf32 (the f32 matrix rate), bf16 and f16;
//   - launch overhead: back-to-back launches of an empty kernel.
// What cannot be measured this way (16-bit vector rates) is derived and
// the profile's notes say so.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_CUDA_CALIBRATE_H
#define STRATA_RUNTIME_CUDA_CALIBRATE_H

#include "strata-runtime/Status.h"

#include <nlohmann/json.hpp>

namespace strata::rt {

/// Takes a few seconds and about 3 GiB of device memory.
StatusOr<nlohmann::json> calibrateCudaMachine();

} // namespace strata::rt

#endif // STRATA_RUNTIME_CUDA_CALIBRATE_H
