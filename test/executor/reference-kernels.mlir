// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t/in %t/ref
// RUN: %numpy_python %S/Inputs/random_npy.py %t/in 4x8:float32 8x16:float32 16:float32
// RUN: %numpy_python %S/Inputs/reference.py mlp_layer %t/in %t/ref
// RUN: strata-run --backend=cpu %s --entry mlp_layer --inputs %t/in --expect %t/ref | FileCheck %s

// The executor agrees with numpy (computed in float64) on a dense layer
// followed by a softmax.
// CHECK: executed 5 ops of @mlp_layer on cpu
// CHECK: result 0: f32[4,16] ok
// CHECK: result 1: f32[4,16] ok
// CHECK: 2 passed, 0 failed
func.func @mlp_layer(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>, %b: tensor<16xf32>)
    -> (tensor<4x16xf32>, tensor<4x16xf32>) {
  %0 = strata.dot %x, %w, batching_dims = [] x [], contracting_dims = [1] x [0]
       : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  %1 = strata.broadcast_in_dim %b dims = [1] : tensor<16xf32> -> tensor<4x16xf32>
  %2 = strata.binary add %0, %1 : tensor<4x16xf32>
  %3 = strata.unary tanh %2 : tensor<4x16xf32>
  %4 = strata.softmax %3 dim = 1 : tensor<4x16xf32>
  return %3, %4 : tensor<4x16xf32>, tensor<4x16xf32>
}
