// StableHLO data movement, contractions, reductions, gathers and scatters
// become their strata counterparts, from both spellings.
// RUN: strata-translate --import-stablehlo %s | FileCheck %s
// RUN: stablehlo-input-check --print --mlir-print-op-generic %s | strata-translate --import-stablehlo | FileCheck %s

// CHECK-LABEL: func.func @shapes
func.func @shapes(%x: tensor<2x3xf32>, %s: tensor<f32>) -> (tensor<6xf32>, tensor<3x2xf32>, tensor<4x2x3xf32>, tensor<2x2xf32>, tensor<4x3xf32>, tensor<3x5xf32>, tensor<2x3xi32>) {
  // CHECK: strata.reshape %arg0 : tensor<2x3xf32> -> tensor<6xf32>
  %0 = stablehlo.reshape %x : (tensor<2x3xf32>) -> tensor<6xf32>
  // CHECK: strata.transpose %arg0 perm = [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  %1 = stablehlo.transpose %x, dims = [1, 0] : (tensor<2x3xf32>) -> tensor<3x2xf32>
  // CHECK: strata.broadcast_in_dim %arg0 dims = [1, 2] : tensor<2x3xf32> -> tensor<4x2x3xf32>
  %2 = stablehlo.broadcast_in_dim %x, dims = [1, 2] : (tensor<2x3xf32>) -> tensor<4x2x3xf32>
  // CHECK: strata.slice %arg0 start = [0, 1] limit = [2, 3] strides = [1, 1]
  %3 = stablehlo.slice %x [0:2, 1:3] : (tensor<2x3xf32>) -> tensor<2x2xf32>
  // CHECK: strata.concatenate %arg0, %arg0 dim = 0
  %4 = stablehlo.concatenate %x, %x, dim = 0 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  // CHECK: strata.pad %arg0, %arg1 low = [0, 1] high = [1, 1] interior = [0, 0]
  %5 = stablehlo.pad %x, %s, low = [0, 1], high = [1, 1], interior = [0, 0] : (tensor<2x3xf32>, tensor<f32>) -> tensor<3x5xf32>
  // CHECK: strata.iota dim = 1 : tensor<2x3xi32>
  %6 = stablehlo.iota dim = 1 : tensor<2x3xi32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<6xf32>, tensor<3x2xf32>, tensor<4x2x3xf32>, tensor<2x2xf32>, tensor<4x3xf32>, tensor<3x5xf32>, tensor<2x3xi32>
}

// CHECK-LABEL: func.func @contraction
func.func @contraction(%q: tensor<8x12x16x64xf32>, %k: tensor<8x12x64x16xf32>, %x: tensor<8x16x32xf32>, %w: tensor<32x48xf32>) -> (tensor<8x12x16x16xf32>, tensor<8x16x48xf32>) {
  // CHECK: strata.dot %arg0, %arg1, batching_dims = [0, 1] x [0, 1], contracting_dims = [3] x [2]
  %0 = stablehlo.dot_general %q, %k, batching_dims = [0, 1] x [0, 1], contracting_dims = [3] x [2], precision = [DEFAULT, DEFAULT] : (tensor<8x12x16x64xf32>, tensor<8x12x64x16xf32>) -> tensor<8x12x16x16xf32>
  // CHECK: strata.dot %arg2, %arg3, batching_dims = [] x [], contracting_dims = [2] x [0]
  %1 = stablehlo.dot_general %x, %w, contracting_dims = [2] x [0] : (tensor<8x16x32xf32>, tensor<32x48xf32>) -> tensor<8x16x48xf32>
  return %0, %1 : tensor<8x12x16x16xf32>, tensor<8x16x48xf32>
}

// CHECK-LABEL: func.func @reductions
func.func @reductions(%x: tensor<4x8xf32>, %b: tensor<4x8xi1>) -> (tensor<4xf32>, tensor<8xf32>, tensor<4xf32>, tensor<4xi1>) {
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %one = stablehlo.constant dense<1.0> : tensor<f32>
  %true = stablehlo.constant dense<true> : tensor<i1>
  // An identity initial value disappears into the reduction.
  // CHECK: %[[SUM:.*]] = strata.reduce add %arg0 dims = [1] : tensor<4x8xf32> -> tensor<4xf32>
  %0 = stablehlo.reduce(%x init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<4x8xf32>, tensor<f32>) -> tensor<4xf32>
  // CHECK: strata.reduce max %arg0 dims = [0] : tensor<4x8xf32> -> tensor<8xf32>
  %1 = stablehlo.reduce(%x init: %ninf) applies stablehlo.maximum across dimensions = [0] : (tensor<4x8xf32>, tensor<f32>) -> tensor<8xf32>
  // Any other initial value is combined with the result.
  // CHECK: %[[MAX:.*]] = strata.reduce max %arg0 dims = [1]
  // CHECK: %[[INIT:.*]] = strata.broadcast_in_dim %{{.*}} dims = [] : tensor<f32> -> tensor<4xf32>
  // CHECK: strata.binary max %[[MAX]], %[[INIT]]
  %2 = stablehlo.reduce(%x init: %one) applies stablehlo.maximum across dimensions = [1] : (tensor<4x8xf32>, tensor<f32>) -> tensor<4xf32>
  // CHECK: strata.reduce and %arg1 dims = [1] : tensor<4x8xi1> -> tensor<4xi1>
  %3 = stablehlo.reduce(%b init: %true) applies stablehlo.and across dimensions = [1] : (tensor<4x8xi1>, tensor<i1>) -> tensor<4xi1>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<8xf32>, tensor<4xf32>, tensor<4xi1>
}

// CHECK-LABEL: func.func @gather_scatter
func.func @gather_scatter(%table: tensor<256x64xf32>, %ids: tensor<8x16x1xi32>, %g: tensor<8x16x64xf32>) -> (tensor<8x16x64xf32>, tensor<256x64xf32>, tensor<256x64xf32>) {
  // CHECK: strata.gather %arg0, %arg1 {collapsed_slice_dims = array<i64: 0>, index_vector_dim = 2 : i64, offset_dims = array<i64: 2>, operand_batching_dims = array<i64>, slice_sizes = array<i64: 1, 64>, start_index_map = array<i64: 0>, start_indices_batching_dims = array<i64>}
  %0 = "stablehlo.gather"(%table, %ids) <{dimension_numbers = #stablehlo.gather<offset_dims = [2], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 2>, indices_are_sorted = false, slice_sizes = array<i64: 1, 64>}> : (tensor<256x64xf32>, tensor<8x16x1xi32>) -> tensor<8x16x64xf32>
  // The gradient of an embedding lookup: scatter-add.
  // CHECK: strata.scatter %arg0, %arg1, %arg2 {combiner = 0 : i32, index_vector_dim = 2 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>
  %1 = "stablehlo.scatter"(%table, %ids, %g) <{indices_are_sorted = false, scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [2], inserted_window_dims = [0], scatter_dims_to_operand_dims = [0], index_vector_dim = 2>, unique_indices = false}> ({
  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
    %s = stablehlo.add %a, %b : tensor<f32>
    stablehlo.return %s : tensor<f32>
  }) : (tensor<256x64xf32>, tensor<8x16x1xi32>, tensor<8x16x64xf32>) -> tensor<256x64xf32>
  // A body that returns the update replaces: no combiner.
  // CHECK: strata.scatter %arg0, %arg1, %arg2 {index_vector_dim = 2 : i64,
  %2 = "stablehlo.scatter"(%table, %ids, %g) <{scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [2], inserted_window_dims = [0], scatter_dims_to_operand_dims = [0], index_vector_dim = 2>}> ({
  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
    stablehlo.return %b : tensor<f32>
  }) : (tensor<256x64xf32>, tensor<8x16x1xi32>, tensor<8x16x64xf32>) -> tensor<256x64xf32>
  return %0, %1, %2 : tensor<8x16x64xf32>, tensor<256x64xf32>, tensor<256x64xf32>
}

// Private helpers that JAX emits are inlined and dropped; donated arguments
// are recorded.
// CHECK-LABEL: func.func @main
// CHECK-SAME: %arg0: tensor<4xf32> {strata.donated, tf.aliasing_output = 0 : i32}
// CHECK-NOT: call
// CHECK: strata.unary tanh %arg0
// CHECK-NOT: func.func private
func.func @main(%x: tensor<4xf32> {tf.aliasing_output = 0 : i32}) -> tensor<4xf32> {
  %0 = call @helper(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func private @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = stablehlo.tanh %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
