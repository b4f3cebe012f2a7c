// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t/in %t/ref
// RUN: %numpy_python %S/Inputs/random_npy.py %t/in 2x3x5x4:float32 2x3x6x4:float32
// RUN: %numpy_python %S/Inputs/reference.py attention_scores %t/in %t/ref
// RUN: strata-run --backend=cpu %s --inputs %t/in --expect %t/ref | FileCheck %s

// Attention scores: batching over (batch, head), contracting the head
// dimension of both operands (the second operand is not transposed first).
// CHECK: result 0: f32[2,3,5,6] ok
// CHECK: result 1: f32[2,3] ok
func.func @main(%q: tensor<2x3x5x4xf32>, %k: tensor<2x3x6x4xf32>)
    -> (tensor<2x3x5x6xf32>, tensor<2x3xf32>) {
  %s = strata.dot %q, %k, batching_dims = [0, 1] x [0, 1], contracting_dims = [3] x [3]
       : (tensor<2x3x5x4xf32>, tensor<2x3x6x4xf32>) -> tensor<2x3x5x6xf32>
  %t = strata.reduce add %s dims = [2, 3] : tensor<2x3x5x6xf32> -> tensor<2x3xf32>
  return %s, %t : tensor<2x3x5x6xf32>, tensor<2x3xf32>
}
