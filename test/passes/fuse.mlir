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

// -----

// A broadcast read by two groups is rebuilt in each of them, as a mask is
// by the scores and their gradient: it never reaches memory.
// CHECK-LABEL: func.func @shared_broadcast
// CHECK-NOT:  strata.broadcast_in_dim
// CHECK:      strata.fusion(%arg0, %arg1)
// CHECK:        strata.broadcast_in_dim %{{.*}} dims = [1]
// CHECK:        strata.select
// CHECK:      strata.dot
// CHECK:      strata.fusion(%arg0, %{{.*}})
// CHECK:        strata.broadcast_in_dim %{{.*}} dims = [1]
// CHECK:        strata.select
func.func @shared_broadcast(%mask: tensor<4xi1>, %x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %m = strata.broadcast_in_dim %mask dims = [1] : tensor<4xi1> -> tensor<4x4xi1>
  %a = strata.select %m, %x, %x : tensor<4x4xi1>, tensor<4x4xf32>
  %d = strata.dot %a, %a, batching_dims = [] x [], contracting_dims = [1] x [0]
       : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  %b = strata.select %m, %d, %x : tensor<4x4xi1>, tensor<4x4xf32>
  return %b : tensor<4x4xf32>
}

// -----

// A slice is index arithmetic in the kernel that reads it.
// CHECK-LABEL: func.func @slice
// CHECK-NEXT: strata.fusion(%arg0)
// CHECK-NEXT: ^bb0
// CHECK-NEXT:   strata.slice
// CHECK-NEXT:   strata.unary exp
// CHECK-NEXT:   strata.yield
func.func @slice(%x: tensor<8x16xf32>) -> tensor<7x16xf32> {
  %s = strata.slice %x start = [0, 0] limit = [7, 16] strides = [1, 1] : tensor<8x16xf32> -> tensor<7x16xf32>
  %e = strata.unary exp %s : tensor<7x16xf32>
  return %e : tensor<7x16xf32>
}

// -----

// A scatter's kernels compute its operand and updates where they need
// them: the zeros it scatters into are never a tensor of their own.
// CHECK-LABEL: func.func @scatter_into_zeros
// CHECK-NEXT: %[[S:.*]] = strata.fusion(%arg1, %arg0)
// CHECK:        strata.constant dense<0.000000e+00>
// CHECK-NEXT:   strata.broadcast_in_dim
// CHECK-NEXT:   strata.unary neg
// CHECK-NEXT:   strata.scatter
// CHECK:      return %[[S]]
func.func @scatter_into_zeros(%ids: tensor<4x1xi32>, %g: tensor<4xf32>) -> tensor<16xf32> {
  %zero = strata.constant dense<0.0> : tensor<f32>
  %zeros = strata.broadcast_in_dim %zero dims = [] : tensor<f32> -> tensor<16xf32>
  %n = strata.unary neg %g : tensor<4xf32>
  %s = strata.scatter %zeros, %ids, %n {combiner = 0 : i32,
         update_window_dims = array<i64>, inserted_window_dims = array<i64: 0>,
         input_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>,
         scatter_dims_to_operand_dims = array<i64: 0>, index_vector_dim = 1 : i64}
       : (tensor<16xf32>, tensor<4x1xi32>, tensor<4xf32>) -> tensor<16xf32>
  return %s : tensor<16xf32>
}

// -----

// A gather computes only the elements it picks of the elementwise work
// that feeds it.
// CHECK-LABEL: func.func @gather_of_elementwise
// CHECK-NEXT: %[[G:.*]] = strata.fusion(%arg0, %arg1)
// CHECK-NEXT: ^bb0
// CHECK-NEXT:   strata.unary log
// CHECK-NEXT:   strata.gather
// CHECK:      return %[[G]]
func.func @gather_of_elementwise(%x: tensor<16x8xf32>, %ids: tensor<4x1xi32>) -> tensor<4x8xf32> {
  %l = strata.unary log %x : tensor<16x8xf32>
  %g = strata.gather %l, %ids {collapsed_slice_dims = array<i64: 0>,
         index_vector_dim = 1 : i64, offset_dims = array<i64: 1>,
         operand_batching_dims = array<i64>, slice_sizes = array<i64: 1, 8>,
         start_index_map = array<i64: 0>, start_indices_batching_dims = array<i64>}
       : (tensor<16x8xf32>, tensor<4x1xi32>) -> tensor<4x8xf32>
  return %g : tensor<4x8xf32>
}

// -----

// Elementwise work read by two groups is rebuilt in each when that moves
// fewer bytes than writing it once: the masked scores feed both the
// softmax's max and its exponentials, and neither reads them from memory.
// CHECK-LABEL: func.func @masked_softmax
// CHECK-NEXT: %[[M:.*]] = strata.fusion(%arg0, %arg1)
// CHECK:        strata.select
// CHECK-NEXT:   strata.reduce max
// CHECK:      strata.fusion(%arg0, %arg1, %[[M]])
// CHECK:        strata.select
// CHECK:        strata.unary exp
// CHECK-NOT:  strata.select
func.func @masked_softmax(%mask: tensor<8x8xi1>, %s: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %low = strata.constant dense<-1.0e9> : tensor<8x8xf32>
  %masked = strata.select %mask, %s, %low : tensor<8x8xi1>, tensor<8x8xf32>
  %max = strata.reduce max %masked dims = [1] : tensor<8x8xf32> -> tensor<8xf32>
  %b = strata.broadcast_in_dim %max dims = [0] : tensor<8xf32> -> tensor<8x8xf32>
  %d = strata.binary sub %masked, %b : tensor<8x8xf32>
  %e = strata.unary exp %d : tensor<8x8xf32>
  return %e : tensor<8x8xf32>
}

// -----

// Not when each copy would read more than the one written tensor saves: a
// sum of two tensors read by three groups is written once.
// CHECK-LABEL: func.func @shared_sum
// CHECK-NEXT: %[[S:.*]] = strata.binary add %arg0, %arg1
// CHECK-NEXT: strata.unary exp %[[S]]
// CHECK-NEXT: strata.unary tanh %[[S]]
// CHECK-NEXT: strata.unary log %[[S]]
func.func @shared_sum(%x: tensor<8x8xf32>, %y: tensor<8x8xf32>) -> (tensor<8x8xf32>, tensor<8x8xf32>, tensor<8x8xf32>) {
  %s = strata.binary add %x, %y : tensor<8x8xf32>
  %a = strata.unary exp %s : tensor<8x8xf32>
  %b = strata.unary tanh %s : tensor<8x8xf32>
  %c = strata.unary log %s : tensor<8x8xf32>
  %da = strata.dot %a, %a, batching_dims = [] x [], contracting_dims = [1] x [0] : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
  %db = strata.dot %b, %b, batching_dims = [] x [], contracting_dims = [1] x [0] : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
  %dc = strata.dot %c, %c, batching_dims = [] x [], contracting_dims = [1] x [0] : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
  return %da, %db, %dc : tensor<8x8xf32>, tensor<8x8xf32>, tensor<8x8xf32>
}

// -----

// A matrix product's zero-padded operand is computed in the group that
// produces it: the unpadded tensor is never written.
// CHECK-LABEL: func.func @padded_operand
// CHECK-NEXT: %[[P:.*]] = strata.fusion(%arg0) : (tensor<6x7xf32>) -> tensor<6x8xf32>
// CHECK:      strata.unary exp
// CHECK-NEXT: strata.pad
// CHECK-NEXT: strata.yield
// CHECK:      strata.dot %[[P]], %arg1
func.func @padded_operand(%x: tensor<6x7xf32>, %w: tensor<8x4xf32>) -> tensor<6x4xf32> {
  %zero = strata.constant dense<0.0> : tensor<f32>
  %e = strata.unary exp %x : tensor<6x7xf32>
  %p = strata.pad %e, %zero low = [0, 0] high = [0, 1] interior = [0, 0] : tensor<6x7xf32>, tensor<f32> -> tensor<6x8xf32>
  %d = strata.dot %p, %w, batching_dims = [] x [], contracting_dims = [1] x [0] : (tensor<6x8xf32>, tensor<8x4xf32>) -> tensor<6x4xf32>
  return %d : tensor<6x4xf32>
}
