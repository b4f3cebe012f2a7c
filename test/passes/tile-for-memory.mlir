// RUN: strata-opt %s --split-input-file --strata-tile-for-memory="max-chunks=2" | FileCheck %s

// The logits, their softmax numerator and the matrix products that read it
// run in two chunks along the batch: the hidden states are sliced, the
// weight is read whole, the row maxima and the hidden states' gradient are
// concatenated, and the weight's gradient is summed as the chunks produce
// it. The negation of the row maxima, which ran between the group's ops,
// moves after it.

// CHECK-LABEL: func.func @lm_head
// CHECK-SAME:    (%[[X:.*]]: tensor<4x8x16xf32>, %[[W:.*]]: tensor<16x64xf32>)
// CHECK:         %[[X0:.*]] = strata.slice %[[X]] start = [0, 0, 0] limit = [2, 8, 16]
// CHECK:         %[[L0:.*]] = strata.dot %[[X0]], %[[W]]{{.*}} -> tensor<2x8x64xf32>
// CHECK:         %[[M0:.*]] = strata.reduce max %[[L0]] dims = [2] : tensor<2x8x64xf32> -> tensor<2x8xf32>
// CHECK:         %[[E0:.*]] = strata.fusion(%[[L0]], %[[M0]]) : (tensor<2x8x64xf32>, tensor<2x8xf32>) -> tensor<2x8x64xf32>
// CHECK:           strata.broadcast_in_dim {{.*}} : tensor<2x8xf32> -> tensor<2x8x64xf32>
// CHECK:         %[[DW0:.*]] = strata.dot %[[X0]], %[[E0]]{{.*}} -> tensor<16x64xf32>
// CHECK:         %[[DX0:.*]] = strata.dot %[[E0]], %[[W]]{{.*}} -> tensor<2x8x16xf32>
// CHECK:         %[[X1:.*]] = strata.slice %[[X]] start = [2, 0, 0] limit = [4, 8, 16]
// CHECK:         %[[L1:.*]] = strata.dot %[[X1]], %[[W]]
// CHECK:         %[[M1:.*]] = strata.reduce max %[[L1]]
// CHECK:         %[[E1:.*]] = strata.fusion(%[[L1]], %[[M1]])
// CHECK:         %[[DW1:.*]] = strata.dot %[[X1]], %[[E1]]
// CHECK:         %[[DX1:.*]] = strata.dot %[[E1]], %[[W]]
// CHECK:         %[[DW:.*]] = strata.binary add %[[DW0]], %[[DW1]] : tensor<16x64xf32>
// CHECK:         %[[M:.*]] = strata.concatenate %[[M0]], %[[M1]] dim = 0 : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<4x8xf32>
// CHECK:         %[[DX:.*]] = strata.concatenate %[[DX0]], %[[DX1]] dim = 0
// CHECK:         %[[NEG:.*]] = strata.unary neg %[[M]]
// CHECK:         return %[[NEG]], %[[DW]], %[[DX]]
// CHECK-NOT:     tensor<4x8x64xf32>
func.func @lm_head(%x: tensor<4x8x16xf32>, %w: tensor<16x64xf32>)
    -> (tensor<4x8xf32>, tensor<16x64xf32>, tensor<4x8x16xf32>) {
  %logits = strata.dot %x, %w, batching_dims = [] x [], contracting_dims = [2] x [0]
      : (tensor<4x8x16xf32>, tensor<16x64xf32>) -> tensor<4x8x64xf32>
  %max = strata.reduce max %logits dims = [2] : tensor<4x8x64xf32> -> tensor<4x8xf32>
  %neg = strata.unary neg %max : tensor<4x8xf32>
  %e = strata.fusion(%logits, %max) : (tensor<4x8x64xf32>, tensor<4x8xf32>) -> tensor<4x8x64xf32> {
  ^bb0(%l: tensor<4x8x64xf32>, %m: tensor<4x8xf32>):
    %b = strata.broadcast_in_dim %m dims = [0, 1] : tensor<4x8xf32> -> tensor<4x8x64xf32>
    %s = strata.binary sub %l, %b : tensor<4x8x64xf32>
    %x1 = strata.unary exp %s : tensor<4x8x64xf32>
    strata.yield %x1 : tensor<4x8x64xf32>
  }
  %dw = strata.dot %x, %e, batching_dims = [] x [], contracting_dims = [0, 1] x [0, 1]
      : (tensor<4x8x16xf32>, tensor<4x8x64xf32>) -> tensor<16x64xf32>
  %dx = strata.dot %e, %w, batching_dims = [] x [], contracting_dims = [2] x [1]
      : (tensor<4x8x64xf32>, tensor<16x64xf32>) -> tensor<4x8x16xf32>
  return %neg, %dw, %dx : tensor<4x8xf32>, tensor<16x64xf32>, tensor<4x8x16xf32>
}

// -----

// A large tensor that leaves the group whole (returned here) gains nothing
// from chunks: nothing is tiled.

// CHECK-LABEL: func.func @returned
// CHECK-NOT:     strata.slice
// CHECK-NOT:     strata.concatenate
func.func @returned(%x: tensor<4x8x16xf32>, %w: tensor<16x64xf32>)
    -> (tensor<4x8x64xf32>, tensor<4x8xf32>) {
  %logits = strata.dot %x, %w, batching_dims = [] x [], contracting_dims = [2] x [0]
      : (tensor<4x8x16xf32>, tensor<16x64xf32>) -> tensor<4x8x64xf32>
  %max = strata.reduce max %logits dims = [2] : tensor<4x8x64xf32> -> tensor<4x8xf32>
  return %logits, %max : tensor<4x8x64xf32>, tensor<4x8xf32>
}

// -----

// Splitting needs every value divided one way. The iota counts along the
// batch, so the batch cannot be split (each chunk's iota would restart at
// 0); the sequence dimension can, and is.

// CHECK-LABEL: func.func @iota_along_batch
// CHECK:         strata.slice %{{.*}} start = [0, 0, 0] limit = [4, 4, 16]
// CHECK:         strata.iota dim = 0 : tensor<4x4x64xf32>
// CHECK:         strata.slice %{{.*}} start = [0, 4, 0] limit = [4, 8, 16]
// CHECK:         strata.concatenate {{.*}} dim = 1
func.func @iota_along_batch(%x: tensor<4x8x16xf32>, %w: tensor<16x64xf32>)
    -> tensor<4x8xf32> {
  %logits = strata.dot %x, %w, batching_dims = [] x [], contracting_dims = [2] x [0]
      : (tensor<4x8x16xf32>, tensor<16x64xf32>) -> tensor<4x8x64xf32>
  %r = strata.fusion(%logits) : (tensor<4x8x64xf32>) -> tensor<4x8xf32> {
  ^bb0(%l: tensor<4x8x64xf32>):
    %i = strata.iota dim = 0 : tensor<4x8x64xf32>
    %s = strata.binary add %l, %i : tensor<4x8x64xf32>
    %m = strata.reduce max %s dims = [2] : tensor<4x8x64xf32> -> tensor<4x8xf32>
    strata.yield %m : tensor<4x8xf32>
  }
  return %r : tensor<4x8xf32>
}

// -----

// A reduction over the split dimension other than a sum cannot be joined:
// the product over the batch leaves it whole, and the sequence is split.

// CHECK-LABEL: func.func @product_over_batch
// CHECK:         strata.reduce mul %{{.*}} dims = [0] : tensor<4x4x64xf32> -> tensor<4x64xf32>
// CHECK:         strata.concatenate {{.*}} dim = 0 : (tensor<4x64xf32>, tensor<4x64xf32>) -> tensor<8x64xf32>
func.func @product_over_batch(%x: tensor<4x8x16xf32>, %w: tensor<16x64xf32>)
    -> tensor<8x64xf32> {
  %logits = strata.dot %x, %w, batching_dims = [] x [], contracting_dims = [2] x [0]
      : (tensor<4x8x16xf32>, tensor<16x64xf32>) -> tensor<4x8x64xf32>
  %p = strata.reduce mul %logits dims = [0] : tensor<4x8x64xf32> -> tensor<8x64xf32>
  return %p : tensor<8x64xf32>
}

// -----

// Reshapes and transposes move the split: the batch of [4, 8, 64] is the
// outer part of the merged [32, 64] rows, and the transpose carries it to
// the last dimension. The sum over the batch is joined by addition.

// CHECK-LABEL: func.func @moved_split
// CHECK:         strata.slice %{{.*}} start = [0, 0, 0] limit = [2, 8, 16]
// CHECK:         strata.reshape %{{.*}} : tensor<2x8x64xf32> -> tensor<16x64xf32>
// CHECK:         strata.transpose %{{.*}} perm = [1, 0] : tensor<16x64xf32> -> tensor<64x16xf32>
// CHECK:         strata.reduce add %{{.*}} dims = [1] : tensor<64x16xf32> -> tensor<64xf32>
// CHECK:         strata.slice %{{.*}} start = [2, 0, 0] limit = [4, 8, 16]
// CHECK:         strata.binary add %{{.*}}, %{{.*}} : tensor<64xf32>
// CHECK-NOT:     strata.concatenate
func.func @moved_split(%x: tensor<4x8x16xf32>, %w: tensor<16x64xf32>)
    -> tensor<64xf32> {
  %logits = strata.dot %x, %w, batching_dims = [] x [], contracting_dims = [2] x [0]
      : (tensor<4x8x16xf32>, tensor<16x64xf32>) -> tensor<4x8x64xf32>
  %rows = strata.reshape %logits : tensor<4x8x64xf32> -> tensor<32x64xf32>
  %t = strata.transpose %rows perm = [1, 0] : tensor<32x64xf32> -> tensor<64x32xf32>
  %s = strata.reduce add %t dims = [1] : tensor<64x32xf32> -> tensor<64xf32>
  return %s : tensor<64xf32>
}

// -----

// A gather along batching dimensions (the loss picking each row's label
// logit) carries the split: the indices are sliced with the logits.

// CHECK-LABEL: func.func @label_gather
// CHECK-SAME:    (%[[X:.*]]: tensor<4x8x16xf32>, %{{.*}}: tensor<16x64xf32>, %[[I:.*]]: tensor<4x8x1x1xi32>)
// CHECK:         strata.slice %[[X]] start = [0, 0, 0] limit = [2, 8, 16]
// CHECK:         %[[I0:.*]] = strata.slice %[[I]] start = [0, 0, 0, 0] limit = [2, 8, 1, 1]
// CHECK:         strata.gather %{{.*}}, %[[I0]] {{.*}} : (tensor<2x8x64xf32>, tensor<2x8x1x1xi32>) -> tensor<2x8x1xf32>
// CHECK:         strata.slice %[[I]] start = [2, 0, 0, 0] limit = [4, 8, 1, 1]
// CHECK:         strata.concatenate {{.*}} dim = 0 : (tensor<2x8x1xf32>, tensor<2x8x1xf32>) -> tensor<4x8x1xf32>
func.func @label_gather(%x: tensor<4x8x16xf32>, %w: tensor<16x64xf32>,
                        %labels: tensor<4x8x1x1xi32>) -> tensor<4x8x1xf32> {
  %logits = strata.dot %x, %w, batching_dims = [] x [], contracting_dims = [2] x [0]
      : (tensor<4x8x16xf32>, tensor<16x64xf32>) -> tensor<4x8x64xf32>
  %picked = strata.gather %logits, %labels {collapsed_slice_dims = array<i64: 2>,
      index_vector_dim = 3 : i64, offset_dims = array<i64>,
      operand_batching_dims = array<i64: 0, 1>, slice_sizes = array<i64: 1, 1, 1>,
      start_index_map = array<i64: 2>, start_indices_batching_dims = array<i64: 0, 1>}
      : (tensor<4x8x64xf32>, tensor<4x8x1x1xi32>) -> tensor<4x8x1xf32>
  return %picked : tensor<4x8x1xf32>
}
