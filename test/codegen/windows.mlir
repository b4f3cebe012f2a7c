// RUN: strata-opt %s --strata-fuse --strata-plan-memory="budget=100%" --strata-materialize-plan --strata-allocate | strata-translate --emit-artifact | FileCheck %s

// Convolution and pooling are generated kernels, one output element per
// thread looping over the window (and, for the convolution, the group's
// input features); padding taps are masked, not read. 2x4x8x8 outputs in
// groups of four per thread: 128 threads, one block.
// CHECK-LABEL: // plan.json
// CHECK: step {"args":[0,1,2],"block":[256,1,1],"grid":[1,1,1],"kernel":"convolution_0"
// CHECK-SAME: "op":"convolution"
// CHECK-NEXT: step {"args":[2,3],"block":[256,1,1],"grid":[1,1,1],"kernel":"reduce_window_1"
// CHECK-SAME: "op":"reduce_window"
// CHECK-LABEL: .entry convolution_0(
// CHECK: mul.rn.f32
// CHECK: add.rn.f32
// CHECK: st.global.v4.b32
// CHECK-LABEL: .entry reduce_window_1(
// CHECK: max.NaN.f32
func.func @main(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<2x4x4x4xf32> {
  %y = strata.convolution %x, %w {input_dims = array<i64: 0, 1, 2, 3>,
         kernel_dims = array<i64: 0, 1, 2, 3>, output_dims = array<i64: 0, 1, 2, 3>,
         window_strides = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>,
         lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64: 1, 1>,
         feature_group_count = 1 : i64, batch_group_count = 1 : i64}
       : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x8x8xf32>
  %p = strata.reduce_window max %y {window_dimensions = array<i64: 1, 1, 2, 2>,
         window_strides = array<i64: 1, 1, 2, 2>, base_dilations = array<i64: 1, 1, 1, 1>,
         window_dilations = array<i64: 1, 1, 1, 1>,
         padding = array<i64: 0, 0, 0, 0, 0, 0, 0, 0>}
       : tensor<2x4x8x8xf32> -> tensor<2x4x4x4xf32>
  return %p : tensor<2x4x4x4xf32>
}
