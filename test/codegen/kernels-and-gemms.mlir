// RUN: strata-opt %s --strata-fuse --strata-plan-memory="budget=100%" --strata-materialize-plan --strata-allocate --strata-verify-plan | strata-translate --emit-artifact | FileCheck %s

// Contractions whose layouts are row-major matrix products become cuBLASLt
// calls: plain, batched with rhs transposed, and with lhs transposed (a
// weight gradient contracts the batch rows). The bias add and softmax fuse
// into one kernel with a block per row and block-wide reductions (shuffles
// in the PTX); reductions.mlir covers the other reduction kernels.

// CHECK-LABEL: // plan.json
// CHECK: "inputs":[{"buffer":0,"name":"arg0"},{"buffer":1,"name":"arg1"}
// CHECK: "outputs":[{"buffer":{{[0-9]+}},"name":"result0"}
// CHECK-NEXT: step {"args":[0,1,5],"gemm":{"batch":1,"compute_mode":"tf32","dtype":"f32","k":512,"lda":512,"ldb":128,"ldc":128,"m":64,"n":128,{{.*}}"trans_a":false,"trans_b":false},"kind":"gemm"
// CHECK-SAME: "num_inputs":2,"reference":{"ops":[{{.*}}"op":"dot"
// CHECK-NEXT: step {"args":[2,5,6],"block":[256,1,1],"grid":[64,1,1],"kernel":"fusion_0","kind":"kernel"
// CHECK-SAME: "op":"broadcast_in_dim"{{.*}}"op":"binary"{{.*}}"op":"softmax"
// CHECK-NEXT: step {"args":[3,4,7],"gemm":{"batch":4,{{.*}}"k":32,"lda":32,"ldb":32,"ldc":64,"m":64,"n":64,"stride_a":2048,"stride_b":2048,"stride_c":4096,"trans_a":false,"trans_b":true}
// CHECK-NEXT: step {"args":[0,6,8],"gemm":{"batch":1,{{.*}}"k":64,"lda":512,"ldb":128,"ldc":128,"m":512,"n":128,{{.*}}"trans_a":true,"trans_b":false}
// CHECK-NEXT: step {"args":[6,9],"block":[256,1,1],"grid":[4,1,1],"kernel":"reduce_1","kind":"kernel"
// CHECK-LABEL: // kernels.ptx
// CHECK: .target sm_90
// CHECK-LABEL: .entry fusion_0(
// CHECK-COUNT-3: .param .u64 .ptr
// CHECK: shfl.sync.bfly
// CHECK-LABEL: .entry reduce_1(
func.func @main(%x: tensor<64x512xf32>, %w: tensor<512x128xf32>, %b: tensor<128xf32>, %q: tensor<4x64x32xf32>, %k: tensor<4x64x32xf32>) -> (tensor<64x128xf32>, tensor<4x64x64xf32>, tensor<512x128xf32>, tensor<128xf32>) {
  %y = strata.dot %x, %w, batching_dims = [] x [], contracting_dims = [1] x [0] : (tensor<64x512xf32>, tensor<512x128xf32>) -> tensor<64x128xf32>
  %bb = strata.broadcast_in_dim %b dims = [1] : tensor<128xf32> -> tensor<64x128xf32>
  %z = strata.binary add %y, %bb : tensor<64x128xf32>
  %s = strata.softmax %z dim = 1 : tensor<64x128xf32>
  %a = strata.dot %q, %k, batching_dims = [0] x [0], contracting_dims = [2] x [2] : (tensor<4x64x32xf32>, tensor<4x64x32xf32>) -> tensor<4x64x64xf32>
  %g = strata.dot %x, %s, batching_dims = [] x [], contracting_dims = [0] x [0] : (tensor<64x512xf32>, tensor<64x128xf32>) -> tensor<512x128xf32>
  %r = strata.reduce add %s dims = [0] : tensor<64x128xf32> -> tensor<128xf32>
  return %s, %a, %g, %r : tensor<64x128xf32>, tensor<4x64x64xf32>, tensor<512x128xf32>, tensor<128xf32>
}
