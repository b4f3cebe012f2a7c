// RUN: strata-translate %s --split-input-file --emit-artifact -verify-diagnostics

// An artifact needs the allocator's offsets.
// expected-error@+1 {{'func.func' op has no static allocation: run --strata-allocate (and --strata-verify-plan) before emitting an artifact}}
func.func @main(%x: tensor<16xf32>) -> tensor<16xf32> {
  %y = strata.unary exp %x : tensor<16xf32>
  return %y : tensor<16xf32>
}

// -----

// Ops without GPU code generation are named, not miscompiled.
func.func @main(%x: tensor<16xf32> {strata.offset = 0 : i64}) -> (tensor<16xf32>, tensor<16xf32>) attributes {strata.arena_bytes = {hbm = 512 : i64}} {
  // expected-error@+1 {{'strata.sort' op cannot generate GPU code for this op}}
  %y:2 = strata.sort %x, %x dim = 0 {strata.offsets = array<i64: 256, 256>} : tensor<16xf32>, tensor<16xf32>
  return %y#0, %y#1 : tensor<16xf32>, tensor<16xf32>
}
