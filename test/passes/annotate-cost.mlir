// RUN: strata-opt %s --split-input-file --strata-annotate-cost | FileCheck %s
// RUN: strata-opt %s --split-input-file --strata-annotate-cost="machine=%S/Inputs/round-machine.json" | FileCheck %s --check-prefix=FILE
// RUN: not strata-opt %s --split-input-file --strata-annotate-cost="machine=%S/Inputs/bad-machine.json" 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not strata-opt %s --split-input-file --strata-annotate-cost="machine=%S/Inputs/missing.json" 2>&1 | FileCheck %s --check-prefix=MISSING

// A machine with round figures: HBM at 1 GB/s (1 byte per ns), f32 matrix
// units at 1 TFLOP/s, f32 vector units at 1 GFLOP/s, 1 us per launch.
// time = max(flops / peak, bytes / bandwidth) + launch.
module attributes {strata.machine = #strata.machine<name = "round", devices = 1,
    launch_overhead_ns = 1000,
    tiers = [#strata.memory_tier<hbm, capacity = 1000000, bandwidth = 1000000000>],
    links = [],
    compute = [#strata.compute_peak<f32, matrix = 1000000000000, vector = 1000000000>]>} {

// CHECK-LABEL: func.func @mlp
// The function carries the totals.
// CHECK-SAME: strata.cost = #strata.cost<flops = 1088, bytes_read = 896, bytes_written = 512, time_ns = 3408>
// 4x16 outputs x 8 contracted x 2 = 1024 FLOP; 128 + 512 bytes read, 256
// written: memory-bound, 896 ns + 1000 ns launch.
// CHECK: strata.dot {{.*}}strata.cost = #strata.cost<flops = 1024, bytes_read = 640, bytes_written = 256, time_ns = 1896>
// 64 FLOP on the vector units is 64 ns; 512 bytes is 512 ns.
// CHECK: strata.unary tanh {{.*}}strata.cost = #strata.cost<flops = 64, bytes_read = 256, bytes_written = 256, time_ns = 1512>
// A reshape is a view: no bytes, no launch.
// CHECK: strata.reshape {{.*}}strata.cost = #strata.cost<flops = 0, bytes_read = 0, bytes_written = 0, time_ns = 0>
func.func @mlp(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>) -> tensor<64xf32> {
  %0 = strata.dot %x, %w, batching_dims = [] x [], contracting_dims = [1] x [0]
       : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  %1 = strata.unary tanh %0 : tensor<4x16xf32>
  %2 = strata.reshape %1 : tensor<4x16xf32> -> tensor<64xf32>
  return %2 : tensor<64xf32>
}
}

// -----

module attributes {strata.machine = #strata.machine<name = "round", devices = 1,
    launch_overhead_ns = 1000,
    tiers = [#strata.memory_tier<hbm, capacity = 1000000, bandwidth = 1000000000>],
    links = [],
    compute = [#strata.compute_peak<f32, matrix = 1000000000000, vector = 1000000000>]>} {
// CHECK-LABEL: func.func @compute_bound
// Softmax counts 5 FLOP per element: 5 * 4096 = 20480 ns on the vector units,
// more than the 32768 bytes take? No: 32768 ns of memory time dominates.
// CHECK: strata.softmax {{.*}}time_ns = 33768
// A batched product of two 64x64x64 blocks: 2 * 2 * 64^3 = 1048576 FLOP at
// 1 TFLOP/s is 1049 ns, against 98304 bytes: memory-bound again.
// CHECK: strata.dot {{.*}}flops = 1048576, {{.*}}time_ns = 99304
// Convolution: 2 * (2x4x8x8 outputs) * (3 input features x 3x3 window).
// CHECK: strata.convolution {{.*}}flops = 27648,
func.func @compute_bound(%x: tensor<4x1024xf32>, %a: tensor<2x64x64xf32>,
                         %img: tensor<2x3x8x8xf32>, %k: tensor<4x3x3x3xf32>)
    -> (tensor<4x1024xf32>, tensor<2x64x64xf32>, tensor<2x4x8x8xf32>) {
  %0 = strata.softmax %x dim = 1 : tensor<4x1024xf32>
  %1 = strata.dot %a, %a, batching_dims = [0] x [0], contracting_dims = [2] x [1]
       : (tensor<2x64x64xf32>, tensor<2x64x64xf32>) -> tensor<2x64x64xf32>
  %2 = strata.convolution %img, %k {input_dims = array<i64: 0, 1, 2, 3>,
         kernel_dims = array<i64: 0, 1, 2, 3>, output_dims = array<i64: 0, 1, 2, 3>,
         window_strides = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>,
         lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64: 1, 1>,
         feature_group_count = 1 : i64, batch_group_count = 1 : i64}
       : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x8x8xf32>
  return %0, %1, %2 : tensor<4x1024xf32>, tensor<2x64x64xf32>, tensor<2x4x8x8xf32>
}
}

// -----

// Without a machine, the built-in H100 profile applies and is recorded on the
// module. 4096 f32 elements: 32768 bytes at 2976 GB/s is 11 ns, + 3000 ns.
// CHECK: module attributes {strata.machine = #strata.machine<name = "h100-sxm"
// CHECK-LABEL: func.func @default_machine
// CHECK: strata.unary exp {{.*}}time_ns = 3011>
// FILE-LABEL: func.func @default_machine
// With the profile file, vector f32 runs at 1 MFLOP/s: 4096 us, + 1 us.
// FILE: strata.unary exp {{.*}}time_ns = 4097000>
func.func @default_machine(%x: tensor<4096xf32>) -> tensor<4096xf32> {
  %0 = strata.unary exp %x : tensor<4096xf32>
  return %0 : tensor<4096xf32>
}

// BAD: bad-machine.json: tiers.hbm.bandwidth_gbps: expected a number > 0
// MISSING: cannot read machine profile '{{.*}}missing.json'
