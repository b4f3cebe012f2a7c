// StableHLO's batch norm ops (training, inference, gradient) decompose into
// strata graph ops that compute what numpy computes; tuples built and read in
// the same function disappear.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t/in %t/ref
// RUN: %numpy_python %S/../executor/Inputs/random_npy.py %t/in 4x3x5x5:float32 3:float32 3:float32 4x3x5x5:float32
// RUN: %numpy_python %S/Inputs/batch_norm_reference.py %t/in %t/ref
// RUN: strata-translate --import-stablehlo %s -o %t/step.mlir
// RUN: FileCheck %s --check-prefix=IMPORT --input-file %t/step.mlir
// RUN: strata-run --backend=cpu %t/step.mlir --inputs %t/in --expect %t/ref | FileCheck %s
// RUN: stablehlo-input-check --print --mlir-print-op-generic %s | strata-translate --import-stablehlo | strata-run --backend=cpu - --inputs %t/in --expect %t/ref | FileCheck %s

// IMPORT-NOT: stablehlo
// IMPORT-NOT: tuple
// IMPORT: strata.reduce add %arg0 dims = [0, 2, 3] : tensor<4x3x5x5xf32> -> tensor<3xf32>
// IMPORT: strata.unary rsqrt

// CHECK-NOT: MISMATCH
// CHECK: 7 passed, 0 failed
func.func @main(%x: tensor<4x3x5x5xf32>, %scale: tensor<3xf32>, %offset: tensor<3xf32>, %dy: tensor<4x3x5x5xf32>)
    -> (tensor<4x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<4x3x5x5xf32>,
        tensor<4x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>) {
  %y, %mean, %var = "stablehlo.batch_norm_training"(%x, %scale, %offset) <{epsilon = 1.000000e-03 : f32, feature_index = 1 : i64}> : (tensor<4x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<4x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>)
  %t = stablehlo.tuple %mean, %var : tuple<tensor<3xf32>, tensor<3xf32>>
  %m = stablehlo.get_tuple_element %t[0] : (tuple<tensor<3xf32>, tensor<3xf32>>) -> tensor<3xf32>
  %v = stablehlo.get_tuple_element %t[1] : (tuple<tensor<3xf32>, tensor<3xf32>>) -> tensor<3xf32>
  %inf = "stablehlo.batch_norm_inference"(%x, %scale, %offset, %m, %v) <{epsilon = 1.000000e-03 : f32, feature_index = 1 : i64}> : (tensor<4x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<4x3x5x5xf32>
  %dx, %dscale, %doffset = "stablehlo.batch_norm_grad"(%x, %scale, %m, %v, %dy) <{epsilon = 1.000000e-03 : f32, feature_index = 1 : i64}> : (tensor<4x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<4x3x5x5xf32>) -> (tensor<4x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>)
  return %y, %mean, %var, %inf, %dx, %dscale, %doffset
      : tensor<4x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<4x3x5x5xf32>,
        tensor<4x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>
}
