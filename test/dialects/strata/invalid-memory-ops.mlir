// RUN: strata-opt %s --split-input-file --verify-diagnostics

// Diagnostics of the memory and schedule ops: their C++ verifiers
// (MemoryOps.cpp), their inferReturnTypes functions and the ODS constraints
// of StrataMemoryOps.td / StrataBase.td. Each case is valid but for one thing.

//===----------------------------------------------------------------------===//
// strata.offload
//===----------------------------------------------------------------------===//

func.func @offload_to_hbm(%x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.offload' op cannot offload to 'hbm', the tensor is already there; expected 'host' or 'nvme'}}
  %hbm, %done = strata.offload %x to <hbm> : tensor<4xf32>
  return
}

// -----

func.func @offload_unknown_tier(%x: tensor<4xf32>) {
  // expected-error@+2 {{expected ::mlir::strata::Tier to be one of: hbm, host, nvme}}
  // expected-error@+1 {{failed to parse Strata_TierAttr parameter 'value' which is to be a `::mlir::strata::Tier`}}
  %disk, %done = strata.offload %x to <disk> : tensor<4xf32>
  return
}

// -----

// Type inference runs while parsing: a dynamic shape is reported there.
func.func @offload_dynamic(%x: tensor<?xf32>) {
  // expected-error@+1 {{'strata.offload' op expects statically shaped tensors, got 'tensor<?xf32>'}}
  %host, %done = strata.offload %x to <host> : tensor<?xf32>
  return
}

// -----

func.func @offload_already_offloaded(%x: tensor<4xf32, #strata.tier<host>>) {
  // expected-error@+1 {{'strata.offload' op operand #0 must be statically shaped tensor in HBM, but got 'tensor<4xf32, #strata.tier<host>>'}}
  %nvme, %done = strata.offload %x to <nvme> : tensor<4xf32, #strata.tier<host>>
  return
}

// -----

func.func @offload_result_in_hbm(%x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.offload' op result #0 must be statically shaped tensor with a #strata.tier encoding, but got 'tensor<4xf32>'}}
  %0:2 = "strata.offload"(%x) <{tier = #strata.tier<host>}> : (tensor<4xf32>) -> (tensor<4xf32>, !strata.token)
  return
}

// -----

func.func @offload_result_in_other_tier(%x: tensor<4xf32>) {
  // expected-error@+2 {{'strata.offload' op inferred type(s) 'tensor<4xf32, #strata.tier<host>>', '!strata.token' are incompatible with return type(s) of operation 'tensor<4xf32, #strata.tier<nvme>>', '!strata.token'}}
  // expected-error@+1 {{'strata.offload' op failed to infer returned types}}
  %0:2 = "strata.offload"(%x) <{tier = #strata.tier<host>}> : (tensor<4xf32>) -> (tensor<4xf32, #strata.tier<nvme>>, !strata.token)
  return
}

// -----

func.func @offload_token_not_a_token(%x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.offload' op result #1 must be Completion of asynchronous work, but got 'i1'}}
  %0:2 = "strata.offload"(%x) <{tier = #strata.tier<host>}> : (tensor<4xf32>) -> (tensor<4xf32, #strata.tier<host>>, i1)
  return
}

//===----------------------------------------------------------------------===//
// strata.prefetch
//===----------------------------------------------------------------------===//

// -----

func.func @prefetch_from_hbm(%x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.prefetch' op operand #0 must be statically shaped tensor with a #strata.tier encoding, but got 'tensor<4xf32>'}}
  %y, %ready = strata.prefetch %x : tensor<4xf32>
  return
}

// -----

func.func @prefetch_foreign_encoding(%x: tensor<4xf32, "host">) {
  // expected-error@+1 {{'strata.prefetch' op operand #0 must be statically shaped tensor with a #strata.tier encoding, but got 'tensor<4xf32, "host">'}}
  %y, %ready = strata.prefetch %x : tensor<4xf32, "host">
  return
}

// -----

func.func @prefetch_dynamic(%x: tensor<?xf32, #strata.tier<host>>) {
  // expected-error@+1 {{'strata.prefetch' op expects statically shaped tensors, got 'tensor<?xf32, #strata.tier<host>>'}}
  %y, %ready = strata.prefetch %x : tensor<?xf32, #strata.tier<host>>
  return
}

// -----

func.func @prefetch_result_tiered(%x: tensor<4xf32, #strata.tier<host>>) {
  // expected-error@+1 {{'strata.prefetch' op result #0 must be statically shaped tensor in HBM, but got 'tensor<4xf32, #strata.tier<host>>'}}
  %0:2 = "strata.prefetch"(%x) : (tensor<4xf32, #strata.tier<host>>) -> (tensor<4xf32, #strata.tier<host>>, !strata.token)
  return
}

// -----

func.func @prefetch_result_shape(%x: tensor<4xf32, #strata.tier<host>>) {
  // expected-error@+2 {{'strata.prefetch' op inferred type(s) 'tensor<4xf32>', '!strata.token' are incompatible with return type(s) of operation 'tensor<2xf32>', '!strata.token'}}
  // expected-error@+1 {{'strata.prefetch' op failed to infer returned types}}
  %0:2 = "strata.prefetch"(%x) : (tensor<4xf32, #strata.tier<host>>) -> (tensor<2xf32>, !strata.token)
  return
}

// -----

func.func @prefetch_token_not_a_token(%x: tensor<4xf32, #strata.tier<nvme>>) {
  // expected-error@+1 {{'strata.prefetch' op result #1 must be Completion of asynchronous work, but got 'tensor<4xf32>'}}
  %0:2 = "strata.prefetch"(%x) : (tensor<4xf32, #strata.tier<nvme>>) -> (tensor<4xf32>, tensor<4xf32>)
  return
}

//===----------------------------------------------------------------------===//
// strata.wait
//===----------------------------------------------------------------------===//

// -----

func.func @wait_nothing() {
  // expected-error@+1 {{'strata.wait' op needs at least one token to wait on}}
  strata.wait
  return
}

// -----

func.func @wait_on_tensor(%x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.wait' op operand #0 must be variadic of Completion of asynchronous work, but got 'tensor<4xf32>'}}
  "strata.wait"(%x) : (tensor<4xf32>) -> ()
  return
}

//===----------------------------------------------------------------------===//
// strata.free
//===----------------------------------------------------------------------===//

// -----

func.func @free_unranked(%x: tensor<*xf32>) {
  // expected-error@+1 {{'strata.free' op operand #0 must be ranked tensor of any type values, but got 'tensor<*xf32>'}}
  "strata.free"(%x) : (tensor<*xf32>) -> ()
  return
}

//===----------------------------------------------------------------------===//
// strata.recompute, strata.yield
//===----------------------------------------------------------------------===//

// -----

func.func @recompute_argument_types(%x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.recompute' op body arguments must match the inputs' types}}
  %0 = strata.recompute (%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf16>):
    %c = strata.constant dense<0.0> : tensor<4xf32>
    strata.yield %c : tensor<4xf32>
  }
  return
}

// -----

func.func @recompute_argument_count(%x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.recompute' op body arguments must match the inputs' types}}
  %0 = strata.recompute (%x, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    strata.yield %a : tensor<4xf32>
  }
  return
}

// -----

func.func @recompute_yield_count(%x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.recompute' op yields 1 values whose types do not match the 2 results}}
  %0:2 = strata.recompute (%x) : (tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>):
    strata.yield %a : tensor<4xf32>
  }
  return
}

// -----

func.func @recompute_yield_types(%x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.recompute' op yields 1 values whose types do not match the 1 results}}
  %0 = strata.recompute (%x) : (tensor<4xf32>) -> tensor<4xbf16> {
  ^bb0(%a: tensor<4xf32>):
    strata.yield %a : tensor<4xf32>
  }
  return
}

// -----

// Without an explicit strata.yield, the implicit one yields nothing.
func.func @recompute_implicit_yield(%x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.recompute' op yields 0 values whose types do not match the 1 results}}
  %0 = strata.recompute (%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    %e = strata.unary exp %a : tensor<4xf32>
  }
  return
}

// -----

func.func @recompute_not_isolated(%x: tensor<4xf32>) {
  // expected-note@+1 {{required by region isolation constraints}}
  %0 = strata.recompute (%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    // expected-error@+1 {{'strata.unary' op using value defined outside the region}}
    %e = strata.unary exp %x : tensor<4xf32>
    strata.yield %e : tensor<4xf32>
  }
  return
}

// -----

func.func @recompute_tiered_input(%x: tensor<4xf32, #strata.tier<host>>) {
  // expected-error@+1 {{'strata.recompute' op operand #0 must be variadic of statically shaped tensor in HBM, but got 'tensor<4xf32, #strata.tier<host>>'}}
  %0 = strata.recompute (%x) : (tensor<4xf32, #strata.tier<host>>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32, #strata.tier<host>>):
    %c = strata.constant dense<0.0> : tensor<4xf32>
    strata.yield %c : tensor<4xf32>
  }
  return
}

// -----

func.func @recompute_dynamic_result(%x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.recompute' op result #0 must be variadic of statically shaped tensor in HBM, but got 'tensor<?xf32>'}}
  %0 = strata.recompute (%x) : (tensor<4xf32>) -> tensor<?xf32> {
  ^bb0(%a: tensor<4xf32>):
    strata.yield %a : tensor<4xf32>
  }
  return
}

// -----

func.func @recompute_empty_region(%x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.recompute' op region #0 ('body') failed to verify constraint: region with 1 blocks}}
  %0 = "strata.recompute"(%x) ({ }) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @recompute_two_blocks(%x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.recompute' op expects region #0 to have 0 or 1 blocks}}
  %0 = strata.recompute (%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    cf.br ^bb1
  ^bb1:
    strata.yield %a : tensor<4xf32>
  }
  return
}

// -----

func.func @yield_outside_recompute(%x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.yield' op expects parent op to be one of 'strata.recompute, strata.fusion'}}
  "strata.yield"(%x) : (tensor<4xf32>) -> ()
}

// -----

// The yield's own operand constraint is checked before the recompute
// compares what it yields with its results.
func.func @yield_tiered(%x: tensor<4xf32, #strata.tier<nvme>>) {
  %0 = "strata.recompute"() ({
    %a = strata.alloc <nvme> offset = 0 : tensor<4xf32, #strata.tier<nvme>>
    // expected-error@+1 {{'strata.yield' op operand #0 must be variadic of statically shaped tensor in HBM, but got 'tensor<4xf32, #strata.tier<nvme>>'}}
    "strata.yield"(%a) : (tensor<4xf32, #strata.tier<nvme>>) -> ()
  }) : () -> tensor<4xf32>
  return
}

//===----------------------------------------------------------------------===//
// strata.alloc
//===----------------------------------------------------------------------===//

// -----

func.func @alloc_dynamic() {
  // expected-error@+1 {{'strata.alloc' op needs a statically shaped tensor, got 'tensor<?xf32>'}}
  %0 = strata.alloc <hbm> offset = 0 : tensor<?xf32>
  return
}

// -----

func.func @alloc_misaligned() {
  // expected-error@+1 {{'strata.alloc' op offset 100 is not a multiple of the alignment 256}}
  %0 = strata.alloc <hbm> offset = 100 : tensor<4xf32>
  return
}

// -----

func.func @alloc_misaligned_explicit() {
  // expected-error@+1 {{'strata.alloc' op offset 96 is not a multiple of the alignment 64}}
  %0 = strata.alloc <host> offset = 96 {alignment = 64 : i64} : tensor<4xf32, #strata.tier<host>>
  return
}

// -----

func.func @alloc_tier_mismatch() {
  // expected-error@+1 {{'strata.alloc' op allocates in tier 'host' but its type 'tensor<4xf32>' lives in tier 'hbm'}}
  %0 = strata.alloc <host> offset = 0 : tensor<4xf32>
  return
}

// -----

func.func @alloc_tier_mismatch_encoded() {
  // expected-error@+1 {{'strata.alloc' op allocates in tier 'hbm' but its type 'tensor<4xf32, #strata.tier<nvme>>' lives in tier 'nvme'}}
  %0 = strata.alloc <hbm> offset = 0 : tensor<4xf32, #strata.tier<nvme>>
  return
}

// -----

func.func @alloc_negative_offset() {
  // expected-error@+1 {{'strata.alloc' op attribute 'offset' failed to satisfy constraint: 64-bit signless integer attribute whose value is non-negative}}
  %0 = strata.alloc <hbm> offset = -256 : tensor<4xf32>
  return
}

// -----

func.func @alloc_zero_alignment() {
  // expected-error@+1 {{'strata.alloc' op attribute 'alignment' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %0 = strata.alloc <hbm> offset = 0 {alignment = 0 : i64} : tensor<4xf32>
  return
}

// -----

func.func @alloc_unranked() {
  // expected-error@+1 {{'strata.alloc' op result #0 must be ranked tensor of any type values, but got 'tensor<*xf32>'}}
  %0 = "strata.alloc"() <{alignment = 256 : i64, offset = 0 : i64, tier = #strata.tier<hbm>}> : () -> tensor<*xf32>
  return
}

// -----

func.func @alloc_alignment_not_power_of_two() {
  // expected-error@+1 {{'strata.alloc' op alignment 3 is not a power of two}}
  %0 = strata.alloc <hbm> offset = 3 {alignment = 3 : i64} : tensor<4xf32>
  return
}

// -----

func.func @alloc_foreign_encoding() {
  // expected-error@+1 {{'strata.alloc' op result encoding "x" is not a #strata.tier}}
  %0 = strata.alloc <hbm> offset = 0 : tensor<4xf32, "x">
  return
}
