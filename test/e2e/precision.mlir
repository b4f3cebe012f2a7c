// reduce_precision to f16's format agrees with numpy's float16 rounding
// (ties to even, overflow to infinity) on normal-range values, and
// bitcast_convert reinterprets bytes exactly, also between element widths.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t/in %t/ref
// RUN: %numpy_python -c "import numpy as np; r = np.random.default_rng(3); x = r.standard_normal(64); x = (np.sign(x) * (np.abs(x) + 0.01) * 100).astype(np.float32); x[:4] = [1e5, -7e4, 65504, 2049]; np.save('%t/in/arg0.npy', x); np.save('%t/ref/result0.npy', x.astype(np.float16).astype(np.float32)); np.save('%t/ref/result1.npy', x.view(np.int32)); np.save('%t/ref/result2.npy', x.view(np.uint16).reshape(64, 2).view(np.int16)); np.save('%t/ref/result3.npy', x[:8].reshape(4, 2).view(np.int64).reshape(4))"
// RUN: strata-translate --import-stablehlo %s -o %t/step.mlir
// RUN: FileCheck %s --check-prefix=IMPORT --input-file %t/step.mlir
// RUN: strata-run --backend=cpu %t/step.mlir --inputs %t/in --expect %t/ref --rtol 0 | FileCheck %s

// IMPORT: strata.reduce_precision %arg0 exponent = 5 mantissa = 10 : tensor<64xf32>
// IMPORT: strata.bitcast_convert %arg0 : tensor<64xf32> -> tensor<64xi32>
// IMPORT: strata.bitcast_convert %arg0 : tensor<64xf32> -> tensor<64x2xi16>

// CHECK: result 0: f32[64] ok relative error 0.00E+00
// CHECK: result 1: i32[64] ok
// CHECK: result 2: i16[64,2] ok
// CHECK: result 3: i64[4] ok
func.func @main(%x: tensor<64xf32>) -> (tensor<64xf32>, tensor<64xi32>, tensor<64x2xi16>, tensor<4xi64>) {
  %0 = stablehlo.reduce_precision %x, format = e5m10 : tensor<64xf32>
  %1 = stablehlo.bitcast_convert %x : (tensor<64xf32>) -> tensor<64xi32>
  %2 = stablehlo.bitcast_convert %x : (tensor<64xf32>) -> tensor<64x2xi16>
  %s = stablehlo.slice %x [0:8] : (tensor<64xf32>) -> tensor<8xf32>
  %p = stablehlo.reshape %s : (tensor<8xf32>) -> tensor<4x2xf32>
  %3 = stablehlo.bitcast_convert %p : (tensor<4x2xf32>) -> tensor<4xi64>
  return %0, %1, %2, %3 : tensor<64xf32>, tensor<64xi32>, tensor<64x2xi16>, tensor<4xi64>
}
