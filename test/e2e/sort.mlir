// A sort that carries indices along (an argsort), ascending and descending,
// imports and agrees with numpy's stable argsort.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t/in %t/ref
// RUN: %numpy_python -c "import numpy as np; x = np.random.default_rng(5).standard_normal((3, 16)).astype(np.float32); np.save('%t/in/arg0.npy', x); a = np.argsort(x, axis=1, kind='stable'); d = np.argsort(-x, axis=1, kind='stable'); np.save('%t/ref/result0.npy', np.take_along_axis(x, a, 1)); np.save('%t/ref/result1.npy', a.astype(np.int32)); np.save('%t/ref/result2.npy', np.take_along_axis(x, d, 1)); np.save('%t/ref/result3.npy', d.astype(np.int32))"
// RUN: strata-translate --import-stablehlo %s -o %t/step.mlir
// RUN: FileCheck %s --check-prefix=IMPORT --input-file %t/step.mlir
// RUN: strata-run --backend=cpu %t/step.mlir --inputs %t/in --expect %t/ref --rtol 0 | FileCheck %s

// IMPORT: strata.sort %arg0, %{{.*}} dim = 1 : tensor<3x16xf32>, tensor<3x16xi32>
// IMPORT: strata.sort %arg0, %{{.*}} dim = 1 descending : tensor<3x16xf32>, tensor<3x16xi32>

// CHECK-NOT: MISMATCH
// CHECK: 4 passed, 0 failed
func.func @main(%x: tensor<3x16xf32>) -> (tensor<3x16xf32>, tensor<3x16xi32>, tensor<3x16xf32>, tensor<3x16xi32>) {
  %ids = stablehlo.iota dim = 1 : tensor<3x16xi32>
  %up:2 = "stablehlo.sort"(%x, %ids) <{dimension = 1 : i64, is_stable = true}> ({
  ^bb0(%a: tensor<f32>, %b: tensor<f32>, %ia: tensor<i32>, %ib: tensor<i32>):
    %p = stablehlo.compare LT, %a, %b, TOTALORDER : (tensor<f32>, tensor<f32>) -> tensor<i1>
    stablehlo.return %p : tensor<i1>
  }) : (tensor<3x16xf32>, tensor<3x16xi32>) -> (tensor<3x16xf32>, tensor<3x16xi32>)
  %down:2 = "stablehlo.sort"(%x, %ids) <{dimension = -1 : i64, is_stable = true}> ({
  ^bb0(%a: tensor<f32>, %b: tensor<f32>, %ia: tensor<i32>, %ib: tensor<i32>):
    %p = stablehlo.compare GT, %a, %b : (tensor<f32>, tensor<f32>) -> tensor<i1>
    stablehlo.return %p : tensor<i1>
  }) : (tensor<3x16xf32>, tensor<3x16xi32>) -> (tensor<3x16xf32>, tensor<3x16xi32>)
  return %up#0, %up#1, %down#0, %down#1 : tensor<3x16xf32>, tensor<3x16xi32>, tensor<3x16xf32>, tensor<3x16xi32>
}
