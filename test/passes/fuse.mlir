// RUN: strata-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(strata-fuse))' | FileCheck %s

// An elementwise chain and the broadcast feeding it become one fusion that
// yields only the chain's end.
// CHECK-LABEL: func.func @chain
// CHECK-NEXT: %[[F:.*]] = strata.fusion(%arg1, %arg0) : (tensor<16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32> {
// CHECK-NEXT: ^bb0(%[[B:.*]]: tensor<16xf32>, %[[X:.*]]: tensor<8x16xf32>):
// CHECK-NEXT:   %[[BB:.*]] = strata.broadcast_in_dim %[[B]] dims = [1]
// CHECK-NEXT:   %[[S:.*]] = strata.binary add %[[X]], %[[BB]]
// CHECK-NEXT:   %[[T:.*]] = strata.unary tanh %[[S]]
// CHECK-NEXT:   strata.yield %[[T]] : tensor<8x16xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[F]]
func.func @chain(%x: tensor<8x16xf32>, %b: tensor<16xf32>) -> tensor<8x16xf32> {
  %bb = strata.broadcast_in_dim %b dims = [1] : tensor<16xf32> -> tensor<8x16xf32>
  %s = strata.binary add %x, %bb : tensor<8x16xf32>
  %t = strata.unary tanh %s : tensor<8x16xf32>
  return %t : tensor<8x16xf32>
}

// -----

// A value with users outside the group reaches memory: it roots its own
// group. The reduction fuses the elementwise work that feeds it.
// CHECK-LABEL: func.func @shared
// CHECK:      %[[E:.*]] = strata.unary exp %arg0
// CHECK-NEXT: %[[R:.*]] = strata.fusion(%[[E]]) : (tensor<8x16xf32>) -> tensor<8xf32> {
// CHECK:        strata.binary mul
// CHECK-NEXT:   strata.reduce add
// CHECK:      %[[D:.*]] = strata.dot %[[E]]
// CHECK-NEXT: return %[[R]], %[[D]]
func.func @shared(%x: tensor<8x16xf32>, %w: tensor<16x4xf32>) -> (tensor<8xf32>, tensor<8x4xf32>) {
  %e = strata.unary exp %x : tensor<8x16xf32>
  %sq = strata.binary mul %e, %e : tensor<8x16xf32>
  %r = strata.reduce add %sq dims = [1] : tensor<8x16xf32> -> tensor<8xf32>
  %d = strata.dot %e, %w, batching_dims = [] x [], contracting_dims = [1] x [0]
       : (tensor<8x16xf32>, tensor<16x4xf32>) -> tensor<8x4xf32>
  return %r, %d : tensor<8xf32>, tensor<8x4xf32>
}

// -----

// A splat constant used by two groups is rebuilt inside each of them.
// CHECK-LABEL: func.func @splat
// CHECK-NOT:  strata.constant
// CHECK:      strata.fusion
// CHECK:        strata.constant dense<2.000000e+00>
// CHECK:      strata.dot
// CHECK:      strata.fusion
// CHECK:        strata.constant dense<2.000000e+00>
func.func @splat(%x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %c = strata.constant dense<2.0> : tensor<4x4xf32>
  %a = strata.binary mul %x, %c : tensor<4x4xf32>
  %b = strata.unary exp %a : tensor<4x4xf32>
  %d = strata.dot %b, %b, batching_dims = [] x [], contracting_dims = [1] x [0]
       : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  %e = strata.binary add %d, %c : tensor<4x4xf32>
  %f = strata.unary tanh %e : tensor<4x4xf32>
  return %f : tensor<4x4xf32>
}

// -----

// Contractions stay alone; a lone elementwise op is not wrapped.
// CHECK-LABEL: func.func @alone
// CHECK-NOT: strata.fusion
func.func @alone(%x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %d = strata.dot %x, %x, batching_dims = [] x [], contracting_dims = [1] x [0]
       : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  %e = strata.unary exp %d : tensor<4x4xf32>
  return %e : tensor<4x4xf32>
}
