// reduce_precision to f16's format agrees with numpy's float16 rounding
// (ties to even, overflow to infinity) on normal-range values, and
// bitcast_convert reinterprets bits exactly.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t/in %t/ref
// RUN: %numpy_python -c "import numpy as np; r = np.random.default_rng(3); x = r.standard_normal(64); x = (np.sign(x) * (np.abs(x) + 0.01) * 100).astype(np.float32); x[:4] = [1e5, -7e4, 65504, 2049]; np.save('%t/in/arg0.npy', x); np.save('%t/ref/result0.npy', x.astype(np.float16).astype(np.float32)); np.save('%t/ref/result1.npy', x.view(np.int32))"
// RUN: strata-translate --import-stablehlo %s -o %t/step.mlir
// RUN: FileCheck %s --check-prefix=IMPORT --input-file %t/step.mlir
// RUN: strata-run --backend=cpu %t/step.mlir --inputs %t/in --expect %t/ref --rtol 0 | FileCheck %s

// IMPORT: strata.reduce_precision %arg0 exponent = 5 mantissa = 10 : tensor<64xf32>
// IMPORT: strata.bitcast_convert %arg0 : tensor<64xf32> -> tensor<64xi32>

// CHECK: result 0: f32[64] ok relative error 0.00E+00
// CHECK: result 1: i32[64] ok
func.func @main(%x: tensor<64xf32>) -> (tensor<64xf32>, tensor<64xi32>) {
  %0 = stablehlo.reduce_precision %x, format = e5m10 : tensor<64xf32>
  %1 = stablehlo.bitcast_convert %x : (tensor<64xf32>) -> tensor<64xi32>
  return %0, %1 : tensor<64xf32>, tensor<64xi32>
}
