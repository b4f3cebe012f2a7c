// real_dynamic_slice with unit strides and a static result becomes a
// dynamic_slice of starts read out of the start tensor; it computes what
// numpy slicing computes.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t/in %t/ref
// RUN: %numpy_python -c "import numpy as np; x = np.arange(48, dtype=np.float32).reshape(6, 8); np.save('%t/in/arg0.npy', x); np.save('%t/in/arg1.npy', np.array([3, 5], dtype=np.int64)); np.save('%t/ref/result0.npy', x[3:5, 5:8])"
// RUN: strata-translate --import-stablehlo %s -o %t/step.mlir
// RUN: FileCheck %s --check-prefix=IMPORT --input-file %t/step.mlir
// RUN: strata-run --backend=cpu %t/step.mlir --inputs %t/in --expect %t/ref --rtol 0 | FileCheck %s

// IMPORT: %[[S0:.*]] = strata.slice %arg1 start = [0] limit = [1] strides = [1]
// IMPORT: %[[I0:.*]] = strata.reshape %[[S0]] : tensor<1xi64> -> tensor<i64>
// IMPORT: strata.dynamic_slice %arg0[%[[I0]], %{{.*}}] sizes = [2, 3]

// CHECK: result 0: f32[2,3] ok
func.func @main(%x: tensor<6x8xf32>, %start: tensor<2xi64>) -> tensor<2x3xf32> {
  %size = stablehlo.constant dense<[2, 3]> : tensor<2xi64>
  %limit = stablehlo.add %start, %size : tensor<2xi64>
  %one = stablehlo.constant dense<1> : tensor<2xi64>
  %0 = stablehlo.real_dynamic_slice %x, %start, %limit, %one : (tensor<6x8xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
