// RUN: strata-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(strata-pad-contractions))' | FileCheck %s

// The result's innermost dimension (the rhs's free one) is padded to a
// multiple of 8 and the result sliced back.
// CHECK-LABEL: func.func @free_dimension
// CHECK:      %[[Z:.*]] = strata.constant dense<0.000000e+00> : tensor<f32>
// CHECK-NEXT: %[[B:.*]] = strata.pad %arg1, %[[Z]] low = [0, 0] high = [0, 6] interior = [0, 0] : tensor<32x50xf32>, tensor<f32> -> tensor<32x56xf32>
// CHECK-NEXT: %[[C:.*]] = strata.dot %arg0, %[[B]], {{.*}} -> tensor<64x56xf32>
// CHECK-NEXT: %[[S:.*]] = strata.slice %[[C]] start = [0, 0] limit = [64, 50] strides = [1, 1]
// CHECK-NEXT: return %[[S]]
func.func @free_dimension(%a: tensor<64x32xf32>, %b: tensor<32x50xf32>) -> tensor<64x50xf32> {
  %c = strata.dot %a, %b, batching_dims = [] x [], contracting_dims = [1] x [0]
       : (tensor<64x32xf32>, tensor<32x50xf32>) -> tensor<64x50xf32>
  return %c : tensor<64x50xf32>
}

// -----

// An innermost contracting dimension is padded in both operands; the
// result keeps its shape. Both products share the lhs's pad.
// CHECK-LABEL: func.func @contracting_dimension
// CHECK:      %[[A:.*]] = strata.pad %arg0, %{{.*}} high = [0, 3] {{.*}} -> tensor<64x56xf32>
// CHECK:      %[[B:.*]] = strata.pad %arg1, %{{.*}} high = [0, 3] {{.*}} -> tensor<16x56xf32>
// CHECK-NEXT: strata.dot %[[A]], %[[B]], {{.*}} -> tensor<64x16xf32>
// CHECK-NOT:  strata.pad %arg0
// CHECK:      strata.dot %[[A]], %{{.*}} -> tensor<64x16xf32>
// CHECK-NOT:  strata.slice
func.func @contracting_dimension(%a: tensor<64x53xf32>, %b: tensor<16x53xf32>, %d: tensor<16x53xf32>) -> (tensor<64x16xf32>, tensor<64x16xf32>) {
  %c = strata.dot %a, %b, batching_dims = [] x [], contracting_dims = [1] x [1]
       : (tensor<64x53xf32>, tensor<16x53xf32>) -> tensor<64x16xf32>
  %e = strata.dot %a, %d, batching_dims = [] x [], contracting_dims = [1] x [1]
       : (tensor<64x53xf32>, tensor<16x53xf32>) -> tensor<64x16xf32>
  return %c, %e : tensor<64x16xf32>, tensor<64x16xf32>
}

// -----

// Aligned products, integer products and batching dimensions are left alone.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT: strata.pad
// CHECK-NOT: strata.slice
func.func @left_alone(%a: tensor<64x32xf32>, %b: tensor<32x16xf32>, %i: tensor<4x6xi32>, %j: tensor<6x4xi32>, %x: tensor<16x8x5xf32>, %y: tensor<5x8x16xf32>) -> (tensor<64x16xf32>, tensor<4x4xi32>, tensor<5x16x16xf32>) {
  %c = strata.dot %a, %b, batching_dims = [] x [], contracting_dims = [1] x [0]
       : (tensor<64x32xf32>, tensor<32x16xf32>) -> tensor<64x16xf32>
  %k = strata.dot %i, %j, batching_dims = [] x [], contracting_dims = [1] x [0]
       : (tensor<4x6xi32>, tensor<6x4xi32>) -> tensor<4x4xi32>
  %z = strata.dot %x, %y, batching_dims = [2] x [0], contracting_dims = [1] x [1]
       : (tensor<16x8x5xf32>, tensor<5x8x16xf32>) -> tensor<5x16x16xf32>
  return %c, %k, %z : tensor<64x16xf32>, tensor<4x4xi32>, tensor<5x16x16xf32>
}
