// RUN: strata-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(strata-allocate,strata-verify-plan))' | FileCheck %s

// 1 KiB tensors. The caller keeps %a; an op's operands and results are
// live together, so the add needs four distinct buffers.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: %arg0: tensor<256xf32> {strata.offset = 0 : i64}
// CHECK-SAME: strata.arena_bytes = {hbm = 4096 : i64}
// CHECK: strata.unary exp %arg0 {strata.offsets = array<i64: 1024>}
// CHECK: strata.unary tanh %{{.*}} {strata.offsets = array<i64: 2048>}
// CHECK: strata.binary add %{{.*}} {strata.offsets = array<i64: 3072>}
func.func @chain(%a: tensor<256xf32>) -> tensor<256xf32> {
  %x = strata.unary exp %a : tensor<256xf32>
  %y = strata.unary tanh %a : tensor<256xf32>
  %z = strata.binary add %x, %y : tensor<256xf32>
  return %z : tensor<256xf32>
}

// -----

// A donated argument's bytes are reused after its last use; a recompute
// body's values get offsets too, and the recompute result shares the
// buffer of the value its body yields.
// CHECK-LABEL: func.func @donated
// CHECK-SAME: %arg0: tensor<256xf32> {strata.donated, strata.offset = [[A:[0-9]+]] : i64}
// CHECK-SAME: strata.arena_bytes = {hbm = 3072 : i64}
// CHECK: strata.recompute(%arg1) {strata.offsets = array<i64: [[A]]>}
// CHECK: strata.unary exp %{{.*}} {strata.offsets = array<i64: [[A]]>}
func.func @donated(%a: tensor<256xf32> {strata.donated}, %b: tensor<256xf32> {strata.donated}) -> tensor<256xf32> {
  %x = strata.unary exp %a : tensor<256xf32>
  strata.free %x : tensor<256xf32>
  %r = strata.recompute (%b) : (tensor<256xf32>) -> tensor<256xf32> {
  ^bb0(%in: tensor<256xf32>):
    %e = strata.unary exp %in : tensor<256xf32>
    strata.yield %e : tensor<256xf32>
  }
  return %r : tensor<256xf32>
}
