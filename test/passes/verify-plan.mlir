// RUN: strata-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(strata-verify-plan))' -verify-diagnostics | FileCheck %s

// A sound plan passes unchanged: the copy is waited for before the free
// and the prefetch before the use.
// CHECK-LABEL: func.func @sound
func.func @sound(%a: tensor<256xf32>) -> tensor<256xf32> attributes {strata.budget_bytes = 4096 : i64} {
  %x = strata.unary exp %a : tensor<256xf32>
  %h, %t = strata.offload %x to <host> : tensor<256xf32>
  strata.wait %t
  strata.free %x : tensor<256xf32>
  %y = strata.unary tanh %a : tensor<256xf32>
  %p, %r = strata.prefetch %h : tensor<256xf32, #strata.tier<host>>
  strata.wait %r
  %z = strata.binary add %p, %y : tensor<256xf32>
  return %z : tensor<256xf32>
}

// -----

func.func @use_after_free(%a: tensor<256xf32>) -> tensor<256xf32> {
  %x = strata.unary exp %a : tensor<256xf32>
  strata.free %x : tensor<256xf32>
  // expected-error@+1 {{uses a tensor that step 1 freed}}
  %y = strata.unary tanh %x : tensor<256xf32>
  return %y : tensor<256xf32>
}

// -----

func.func @double_free(%a: tensor<256xf32>) {
  %x = strata.unary exp %a : tensor<256xf32>
  strata.free %x : tensor<256xf32>
  // expected-error@+1 {{frees a tensor that step 1 already freed}}
  strata.free %x : tensor<256xf32>
  return
}

// -----

func.func @prefetch_without_wait(%a: tensor<256xf32>) -> tensor<256xf32> {
  %x = strata.unary exp %a : tensor<256xf32>
  %h, %t = strata.offload %x to <host> : tensor<256xf32>
  strata.wait %t
  strata.free %x : tensor<256xf32>
  %p, %r = strata.prefetch %h : tensor<256xf32, #strata.tier<host>>
  // expected-error@+1 {{uses a prefetched tensor before a strata.wait on its token}}
  %y = strata.unary tanh %p : tensor<256xf32>
  strata.wait %r
  return %y : tensor<256xf32>
}

// -----

func.func @free_before_offload_lands(%a: tensor<256xf32>) -> tensor<256xf32> {
  %x = strata.unary exp %a : tensor<256xf32>
  %h, %t = strata.offload %x to <host> : tensor<256xf32>
  // expected-error@+1 {{frees a tensor before waiting for its offload copy to finish}}
  strata.free %x : tensor<256xf32>
  strata.wait %t
  %p, %r = strata.prefetch %h : tensor<256xf32, #strata.tier<host>>
  strata.wait %r
  return %p : tensor<256xf32>
}

// -----

func.func @prefetch_before_offload_lands(%a: tensor<256xf32>) -> tensor<256xf32> {
  %x = strata.unary exp %a : tensor<256xf32>
  %h, %t = strata.offload %x to <host> : tensor<256xf32>
  // expected-error@+1 {{prefetches a host copy before waiting for its offload to finish}}
  %p, %r = strata.prefetch %h : tensor<256xf32, #strata.tier<host>>
  strata.wait %t, %r
  return %p : tensor<256xf32>
}

// -----

// Three 1 KiB tensors are live at the add: over a 2 KiB budget.
func.func @over_budget(%a: tensor<256xf32>) -> tensor<256xf32> attributes {strata.budget_bytes = 2048 : i64} {
  %x = strata.unary exp %a : tensor<256xf32>
  // expected-error@+1 {{holds 3072 bytes (3.00 KiB) of live HBM, over the plan's budget of 2048 bytes (2.00 KiB)}}
  %y = strata.binary add %x, %a : tensor<256xf32>
  return %y : tensor<256xf32>
}

// -----

// Offsets: %x and %y are live together and may not share bytes.
func.func @overlap(%a: tensor<256xf32> {strata.offset = 0 : i64}) -> tensor<256xf32> attributes {strata.arena_bytes = {hbm = 3072 : i64}} {
  %x = strata.unary exp %a {strata.offsets = array<i64: 1024>} : tensor<256xf32>
  // expected-error@+1 {{places a buffer at [1024, 2048) over one that is still live at [1024, 2048)}}
  %y = strata.unary tanh %x {strata.offsets = array<i64: 1024>} : tensor<256xf32>
  %z = strata.binary add %x, %y {strata.offsets = array<i64: 2048>} : tensor<256xf32>
  return %z : tensor<256xf32>
}

// -----

func.func @outside_arena(%a: tensor<256xf32> {strata.offset = 0 : i64}) -> tensor<256xf32> attributes {strata.arena_bytes = {hbm = 2048 : i64}} {
  // expected-error@+1 {{has a buffer at [2048, 3072) outside the hbm arena}}
  %x = strata.unary exp %a {strata.offsets = array<i64: 2048>} : tensor<256xf32>
  return %x : tensor<256xf32>
}
