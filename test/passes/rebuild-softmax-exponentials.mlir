// RUN: strata-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(strata-rebuild-softmax-exponentials))' | FileCheck %s

// A softmax as JAX writes it (the row maximum combined with -inf), whose
// exponentials are read again after an unrelated op (the backward pass):
// that use now reads the probabilities times the row sums, broadcast
// anew next to it; the forward softmax is unchanged.
// CHECK-LABEL: func.func @late_use
// CHECK:      %[[E:.*]] = strata.unary exp
// CHECK-NEXT: %[[S:.*]] = strata.reduce add %[[E]] dims = [1]
// CHECK-NEXT: %[[S1:.*]] = strata.broadcast_in_dim %[[S]] dims = [0] : tensor<4xf32> -> tensor<4x1xf32>
// CHECK-NEXT: %[[SB:.*]] = strata.broadcast_in_dim %[[S1]] dims = [0, 1] : tensor<4x1xf32> -> tensor<4x8xf32>
// CHECK-NEXT: %[[P:.*]] = strata.binary div %[[E]], %[[SB]]
// CHECK-NEXT: %[[Y:.*]] = strata.dot %[[P]], %arg1
// CHECK-NEXT: %[[Z:.*]] = strata.dot %[[Y]], %arg2
// CHECK-NEXT: %[[R1:.*]] = strata.broadcast_in_dim %[[S]] dims = [0] : tensor<4xf32> -> tensor<4x1xf32>
// CHECK-NEXT: %[[R2:.*]] = strata.broadcast_in_dim %[[R1]] dims = [0, 1] : tensor<4x1xf32> -> tensor<4x8xf32>
// CHECK-NEXT: %[[EAGAIN:.*]] = strata.binary mul %[[P]], %[[R2]]
// CHECK-NEXT: %[[G:.*]] = strata.binary mul %[[Z]], %[[EAGAIN]]
// CHECK-NEXT: return %[[G]], %[[P]]
func.func @late_use(%x: tensor<4x8xf32>, %v: tensor<8x8xf32>, %w: tensor<8x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %ninf = strata.constant dense<0xFF800000> : tensor<f32>
  %m0 = strata.reduce max %x dims = [1] : tensor<4x8xf32> -> tensor<4xf32>
  %ninfs = strata.broadcast_in_dim %ninf dims = [] : tensor<f32> -> tensor<4xf32>
  %m = strata.binary max %ninfs, %m0 : tensor<4xf32>
  %m1 = strata.broadcast_in_dim %m dims = [0] : tensor<4xf32> -> tensor<4x1xf32>
  %mb = strata.broadcast_in_dim %m1 dims = [0, 1] : tensor<4x1xf32> -> tensor<4x8xf32>
  %z = strata.binary sub %x, %mb : tensor<4x8xf32>
  %e = strata.unary exp %z : tensor<4x8xf32>
  %s = strata.reduce add %e dims = [1] : tensor<4x8xf32> -> tensor<4xf32>
  %s1 = strata.broadcast_in_dim %s dims = [0] : tensor<4xf32> -> tensor<4x1xf32>
  %sb = strata.broadcast_in_dim %s1 dims = [0, 1] : tensor<4x1xf32> -> tensor<4x8xf32>
  %p = strata.binary div %e, %sb : tensor<4x8xf32>
  %y = strata.dot %p, %v, batching_dims = [] x [], contracting_dims = [1] x [0] : (tensor<4x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32>
  %dy = strata.dot %y, %w, batching_dims = [] x [], contracting_dims = [1] x [0] : (tensor<4x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32>
  %g = strata.binary mul %dy, %e : tensor<4x8xf32>
  return %g, %p : tensor<4x8xf32>, tensor<4x8xf32>
}

// -----

// Without the row maximum subtracted, an exponential may overflow and
// p * sum would not give it back: nothing changes.
// CHECK-LABEL: func.func @no_maximum_subtracted
// CHECK:     %[[E:.*]] = strata.unary exp %arg0
// CHECK:     strata.binary mul %{{.*}}, %[[E]]
// CHECK-NOT: strata.binary mul
func.func @no_maximum_subtracted(%x: tensor<4x8xf32>, %v: tensor<8x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %e = strata.unary exp %x : tensor<4x8xf32>
  %s = strata.reduce add %e dims = [1] : tensor<4x8xf32> -> tensor<4xf32>
  %sb = strata.broadcast_in_dim %s dims = [0] : tensor<4xf32> -> tensor<4x8xf32>
  %p = strata.binary div %e, %sb : tensor<4x8xf32>
  %y = strata.dot %p, %v, batching_dims = [] x [], contracting_dims = [1] x [0] : (tensor<4x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32>
  %g = strata.binary mul %y, %e : tensor<4x8xf32>
  return %g, %p : tensor<4x8xf32>, tensor<4x8xf32>
}

// -----

// The maximum subtracted is over another dimension than the sum: not a
// softmax, nothing changes.
// CHECK-LABEL: func.func @maximum_over_another_dimension
// CHECK:     %[[E:.*]] = strata.unary exp
// CHECK:     strata.binary mul %{{.*}}, %[[E]]
// CHECK-NOT: strata.binary mul
func.func @maximum_over_another_dimension(%x: tensor<8x8xf32>, %v: tensor<8x8xf32>) -> (tensor<8x8xf32>, tensor<8x8xf32>) {
  %m = strata.reduce max %x dims = [0] : tensor<8x8xf32> -> tensor<8xf32>
  %mb = strata.broadcast_in_dim %m dims = [1] : tensor<8xf32> -> tensor<8x8xf32>
  %z = strata.binary sub %x, %mb : tensor<8x8xf32>
  %e = strata.unary exp %z : tensor<8x8xf32>
  %s = strata.reduce add %e dims = [1] : tensor<8x8xf32> -> tensor<8xf32>
  %sb = strata.broadcast_in_dim %s dims = [0] : tensor<8xf32> -> tensor<8x8xf32>
  %p = strata.binary div %e, %sb : tensor<8x8xf32>
  %y = strata.dot %p, %v, batching_dims = [] x [], contracting_dims = [1] x [0] : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
  %g = strata.binary mul %y, %e : tensor<8x8xf32>
  return %g, %p : tensor<8x8xf32>, tensor<8x8xf32>
}

// -----

// The sums broadcast along the wrong dimension (a square softmax divided
// column-wise): nothing changes.
// CHECK-LABEL: func.func @sums_broadcast_along_another_dimension
// CHECK:     %[[E:.*]] = strata.unary exp
// CHECK:     strata.binary mul %{{.*}}, %[[E]]
// CHECK-NOT: strata.binary mul
func.func @sums_broadcast_along_another_dimension(%x: tensor<8x8xf32>, %v: tensor<8x8xf32>) -> (tensor<8x8xf32>, tensor<8x8xf32>) {
  %m = strata.reduce max %x dims = [1] : tensor<8x8xf32> -> tensor<8xf32>
  %mb = strata.broadcast_in_dim %m dims = [0] : tensor<8xf32> -> tensor<8x8xf32>
  %z = strata.binary sub %x, %mb : tensor<8x8xf32>
  %e = strata.unary exp %z : tensor<8x8xf32>
  %s = strata.reduce add %e dims = [1] : tensor<8x8xf32> -> tensor<8xf32>
  %sb = strata.broadcast_in_dim %s dims = [1] : tensor<8xf32> -> tensor<8x8xf32>
  %p = strata.binary div %e, %sb : tensor<8x8xf32>
  %y = strata.dot %p, %v, batching_dims = [] x [], contracting_dims = [1] x [0] : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
  %g = strata.binary mul %y, %e : tensor<8x8xf32>
  return %g, %p : tensor<8x8xf32>, tensor<8x8xf32>
}

// -----

// Every op between the probabilities and the late use reads one of the
// two tensors, so they are never held together for nothing: the
// exponentials are read as they are.
// CHECK-LABEL: func.func @no_idle_op_between
// CHECK:     %[[E:.*]] = strata.unary exp
// CHECK:     %[[P:.*]] = strata.binary div %[[E]]
// CHECK-NEXT: %[[Y:.*]] = strata.dot %[[P]], %arg1
// CHECK-NEXT: strata.binary mul %[[Y]], %[[E]]
func.func @no_idle_op_between(%x: tensor<4x8xf32>, %v: tensor<8x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %m = strata.reduce max %x dims = [1] : tensor<4x8xf32> -> tensor<4xf32>
  %mb = strata.broadcast_in_dim %m dims = [0] : tensor<4xf32> -> tensor<4x8xf32>
  %z = strata.binary sub %x, %mb : tensor<4x8xf32>
  %e = strata.unary exp %z : tensor<4x8xf32>
  %s = strata.reduce add %e dims = [1] : tensor<4x8xf32> -> tensor<4xf32>
  %sb = strata.broadcast_in_dim %s dims = [0] : tensor<4xf32> -> tensor<4x8xf32>
  %p = strata.binary div %e, %sb : tensor<4x8xf32>
  %y = strata.dot %p, %v, batching_dims = [] x [], contracting_dims = [1] x [0] : (tensor<4x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32>
  %g = strata.binary mul %y, %e : tensor<4x8xf32>
  return %g, %p : tensor<4x8xf32>, tensor<4x8xf32>
}

// -----

// A use of the exponentials before the probabilities are computed is not
// late and stays; only the use after them reads the rebuilt tensor.
// CHECK-LABEL: func.func @early_and_late_uses
// CHECK:      %[[E:.*]] = strata.unary exp
// CHECK:      strata.binary add %[[E]], %[[E]]
// CHECK:      %[[P:.*]] = strata.binary div %[[E]]
// CHECK:      %[[EAGAIN:.*]] = strata.binary mul %[[P]], %{{.*}}
// CHECK-NEXT: strata.binary mul %{{.*}}, %[[EAGAIN]]
func.func @early_and_late_uses(%x: tensor<4x8xf32>, %v: tensor<8x8xf32>, %w: tensor<8x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) {
  %m = strata.reduce max %x dims = [1] : tensor<4x8xf32> -> tensor<4xf32>
  %mb = strata.broadcast_in_dim %m dims = [0] : tensor<4xf32> -> tensor<4x8xf32>
  %z = strata.binary sub %x, %mb : tensor<4x8xf32>
  %e = strata.unary exp %z : tensor<4x8xf32>
  %twice = strata.binary add %e, %e : tensor<4x8xf32>
  %s = strata.reduce add %e dims = [1] : tensor<4x8xf32> -> tensor<4xf32>
  %sb = strata.broadcast_in_dim %s dims = [0] : tensor<4xf32> -> tensor<4x8xf32>
  %p = strata.binary div %e, %sb : tensor<4x8xf32>
  %y = strata.dot %p, %v, batching_dims = [] x [], contracting_dims = [1] x [0] : (tensor<4x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32>
  %dy = strata.dot %y, %w, batching_dims = [] x [], contracting_dims = [1] x [0] : (tensor<4x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32>
  %g = strata.binary mul %dy, %e : tensor<4x8xf32>
  return %g, %p, %twice : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>
}
