// A convolution, max pooling and dynamic slicing written as JAX writes them
// import and compute what numpy computes.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t/in %t/ref
// RUN: %numpy_python -c "import numpy as np; r = np.random.default_rng(7); np.save('%t/in/arg0.npy', r.standard_normal((2, 3, 8, 8)).astype(np.float32)); np.save('%t/in/arg1.npy', r.standard_normal((4, 3, 3, 3)).astype(np.float32)); np.save('%t/in/arg2.npy', np.int32(1)); np.save('%t/in/arg3.npy', np.int32(5))"
// RUN: %numpy_python %S/Inputs/conv_pool_reference.py %t/in %t/ref
// RUN: strata-translate --import-stablehlo %s -o %t/step.mlir
// RUN: FileCheck %s --check-prefix=IMPORT --input-file %t/step.mlir
// RUN: strata-run --backend=cpu %t/step.mlir --inputs %t/in --expect %t/ref | FileCheck %s
// RUN: stablehlo-input-check --print --mlir-print-op-generic %s | strata-translate --import-stablehlo | strata-run --backend=cpu - --inputs %t/in --expect %t/ref | FileCheck %s

// IMPORT: strata.convolution %arg0, %arg1 {batch_group_count = 1 : i64, feature_group_count = 1 : i64, input_dims = array<i64: 0, 1, 2, 3>, kernel_dims = array<i64: 0, 1, 2, 3>, lhs_dilation = array<i64: 1, 1>, output_dims = array<i64: 0, 1, 2, 3>, padding = array<i64: 1, 1, 1, 1>, rhs_dilation = array<i64: 1, 1>, window_strides = array<i64: 1, 1>}
// IMPORT: strata.reduce_window max %{{.*}} {base_dilations = array<i64: 1, 1, 1, 1>, padding = array<i64: 0, 0, 0, 0, 0, 0, 0, 0>, window_dilations = array<i64: 1, 1, 1, 1>, window_dimensions = array<i64: 1, 1, 2, 2>, window_strides = array<i64: 1, 1, 2, 2>}
// IMPORT: strata.dynamic_slice %{{.*}}[%{{.*}}, %{{.*}}, %arg2, %arg3] sizes = [2, 4, 2, 2]
// IMPORT: strata.dynamic_update_slice
// IMPORT-NOT: optimization_barrier

// CHECK: result 0: f32[2,4,4,4] ok
// CHECK: result 1: f32[2,4,2,2] ok
// CHECK: result 2: f32[2,4,4,4] ok
// CHECK: 3 passed, 0 failed
func.func @main(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %i: tensor<i32>, %j: tensor<i32>)
    -> (tensor<2x4x4x4xf32>, tensor<2x4x2x2xf32>, tensor<2x4x4x4xf32>) {
  %conv = stablehlo.convolution(%x, %w) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1], window = {stride = [1, 1], pad = [[1, 1], [1, 1]], rhs_dilate = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64} : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x8x8xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %zeros = stablehlo.broadcast_in_dim %zero, dims = [] : (tensor<f32>) -> tensor<2x4x8x8xf32>
  %relu = stablehlo.maximum %conv, %zeros : tensor<2x4x8x8xf32>
  %kept = stablehlo.optimization_barrier %relu : tensor<2x4x8x8xf32>
  %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %pool = "stablehlo.reduce_window"(%kept, %ninf) <{window_dimensions = array<i64: 1, 1, 2, 2>, window_strides = array<i64: 1, 1, 2, 2>}> ({
  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
    %m = stablehlo.maximum %a, %b : tensor<f32>
    stablehlo.return %m : tensor<f32>
  }) : (tensor<2x4x8x8xf32>, tensor<f32>) -> tensor<2x4x4x4xf32>
  %c0 = stablehlo.constant dense<0> : tensor<i32>
  %window = stablehlo.dynamic_slice %pool, %c0, %c0, %i, %j, sizes = [2, 4, 2, 2] : (tensor<2x4x4x4xf32>, tensor<i32>, tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<2x4x2x2xf32>
  %empty = stablehlo.broadcast_in_dim %zero, dims = [] : (tensor<f32>) -> tensor<2x4x4x4xf32>
  %update = stablehlo.dynamic_update_slice %empty, %window, %c0, %c0, %i, %j : (tensor<2x4x4x4xf32>, tensor<2x4x2x2xf32>, tensor<i32>, tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<2x4x4x4xf32>
  return %pool, %window, %update : tensor<2x4x4x4xf32>, tensor<2x4x2x2xf32>, tensor<2x4x4x4xf32>
}
