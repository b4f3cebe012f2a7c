// Round trip of bitcast_convert, reduce_precision, sort and rng_bit_generator.
// RUN: strata-opt %s | strata-opt | FileCheck %s
// RUN: strata-opt %s --mlir-print-op-generic | strata-opt | FileCheck %s

// CHECK-LABEL: func.func @bits
// CHECK: strata.bitcast_convert %arg0 : tensor<4xf32> -> tensor<4xi32>
// CHECK: strata.bitcast_convert %arg1 : tensor<2xi16> -> tensor<2xbf16>
// CHECK: strata.reduce_precision %arg0 exponent = 8 mantissa = 7 : tensor<4xf32>
// CHECK: strata.bitcast_convert %arg0 : tensor<4xf32> -> tensor<4x2xbf16>
// CHECK: strata.bitcast_convert %arg2 : tensor<3x2xi32> -> tensor<3xi64>
func.func @bits(%x: tensor<4xf32>, %h: tensor<2xi16>, %w: tensor<3x2xi32>)
    -> (tensor<4xi32>, tensor<2xbf16>, tensor<4xf32>, tensor<4x2xbf16>, tensor<3xi64>) {
  %0 = strata.bitcast_convert %x : tensor<4xf32> -> tensor<4xi32>
  %1 = strata.bitcast_convert %h : tensor<2xi16> -> tensor<2xbf16>
  %2 = strata.reduce_precision %x exponent = 8 mantissa = 7 : tensor<4xf32>
  %3 = strata.bitcast_convert %x : tensor<4xf32> -> tensor<4x2xbf16>
  %4 = strata.bitcast_convert %w : tensor<3x2xi32> -> tensor<3xi64>
  return %0, %1, %2, %3, %4 : tensor<4xi32>, tensor<2xbf16>, tensor<4xf32>, tensor<4x2xbf16>, tensor<3xi64>
}

// CHECK-LABEL: func.func @sorts
// CHECK: strata.sort %arg0, %arg1 dim = 1 : tensor<4x8xf32>, tensor<4x8xi32>
// CHECK: strata.sort %arg0 dim = 0 descending : tensor<4x8xf32>
func.func @sorts(%x: tensor<4x8xf32>, %i: tensor<4x8xi32>) -> (tensor<4x8xf32>, tensor<4x8xi32>, tensor<4x8xf32>) {
  %0:2 = strata.sort %x, %i dim = 1 : tensor<4x8xf32>, tensor<4x8xi32>
  %1 = strata.sort %x dim = 0 descending : tensor<4x8xf32>
  return %0#0, %0#1, %1 : tensor<4x8xf32>, tensor<4x8xi32>, tensor<4x8xf32>
}

// CHECK-LABEL: func.func @random
// CHECK: %{{.*}}, %{{.*}} = strata.rng_bit_generator %arg0 : tensor<2xui64> -> tensor<4x4xui32>
func.func @random(%s: tensor<2xui64>) -> (tensor<2xui64>, tensor<4x4xui32>) {
  %state, %bits = strata.rng_bit_generator %s : tensor<2xui64> -> tensor<4x4xui32>
  return %state, %bits : tensor<2xui64>, tensor<4x4xui32>
}
