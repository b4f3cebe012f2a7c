// Round trip of reduce_window, dynamic_slice and dynamic_update_slice, and
// the result shapes their type inference computes.
// RUN: strata-opt %s | strata-opt | FileCheck %s
// RUN: strata-opt %s --mlir-print-op-generic | strata-opt | FileCheck %s
// RUN: strata-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// CHECK-LABEL: func.func @pool
// 16x16 padded by 1 on each side, 3x3 windows with stride 2: (18 - 3) / 2 + 1 = 8.
// CHECK: strata.reduce_window max %arg0 {base_dilations = array<i64: 1, 1, 1, 1>, padding = array<i64: 0, 0, 0, 0, 1, 1, 1, 1>, window_dilations = array<i64: 1, 1, 1, 1>, window_dimensions = array<i64: 1, 1, 3, 3>, window_strides = array<i64: 1, 1, 2, 2>} : tensor<2x8x16x16xf32> -> tensor<2x8x8x8xf32>
// Base dilation 2 turns 16 into 31 positions: windows of 2 with stride 1 give 30.
// CHECK: strata.reduce_window add %arg0 {{.*}} : tensor<2x8x16x16xf32> -> tensor<2x8x30x16xf32>
func.func @pool(%x: tensor<2x8x16x16xf32>) -> (tensor<2x8x8x8xf32>, tensor<2x8x30x16xf32>) {
  %0 = strata.reduce_window max %x {window_dimensions = array<i64: 1, 1, 3, 3>,
         window_strides = array<i64: 1, 1, 2, 2>, base_dilations = array<i64: 1, 1, 1, 1>,
         window_dilations = array<i64: 1, 1, 1, 1>, padding = array<i64: 0, 0, 0, 0, 1, 1, 1, 1>}
       : tensor<2x8x16x16xf32> -> tensor<2x8x8x8xf32>
  %1 = strata.reduce_window add %x {window_dimensions = array<i64: 1, 1, 2, 1>,
         window_strides = array<i64: 1, 1, 1, 1>, base_dilations = array<i64: 1, 1, 2, 1>,
         window_dilations = array<i64: 1, 1, 1, 1>, padding = array<i64: 0, 0, 0, 0, 0, 0, 0, 0>}
       : tensor<2x8x16x16xf32> -> tensor<2x8x30x16xf32>
  return %0, %1 : tensor<2x8x8x8xf32>, tensor<2x8x30x16xf32>
}

// CHECK-LABEL: func.func @dynamic
// CHECK: %[[S:.*]] = strata.dynamic_slice %arg0[%arg2, %arg3] sizes = [2, 4] : (tensor<8x16xf32>, tensor<i32>, tensor<i32>) -> tensor<2x4xf32>
// CHECK: strata.dynamic_update_slice %arg0, %arg1[%arg3, %arg2] : (tensor<8x16xf32>, tensor<2x4xf32>, tensor<i32>, tensor<i32>) -> tensor<8x16xf32>
// GENERIC: "strata.dynamic_slice"(%arg0, %arg2, %arg3) <{slice_sizes = array<i64: 2, 4>}> : (tensor<8x16xf32>, tensor<i32>, tensor<i32>) -> tensor<2x4xf32>
func.func @dynamic(%x: tensor<8x16xf32>, %u: tensor<2x4xf32>, %i: tensor<i32>, %j: tensor<i32>)
    -> (tensor<2x4xf32>, tensor<8x16xf32>) {
  %0 = strata.dynamic_slice %x [%i, %j] sizes = [2, 4]
       : (tensor<8x16xf32>, tensor<i32>, tensor<i32>) -> tensor<2x4xf32>
  %1 = strata.dynamic_update_slice %x, %u [%j, %i]
       : (tensor<8x16xf32>, tensor<2x4xf32>, tensor<i32>, tensor<i32>) -> tensor<8x16xf32>
  return %0, %1 : tensor<2x4xf32>, tensor<8x16xf32>
}
