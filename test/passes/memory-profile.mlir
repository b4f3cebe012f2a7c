// RUN: strata-opt %s --split-input-file --strata-memory-profile=remarks=false | FileCheck %s
// RUN: strata-opt %s --split-input-file --strata-memory-profile="top=2" 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK

// Each tensor<256xf32> is 1 KiB. The caller owns %a, so it stays live.
// step 0 (exp):  a, %0           = 2048
// step 1 (tanh): a, %0, %1       = 3072  <- peak
// step 2 (add):  a, %1, %2       = 3072
// step 3 (ret):  a, %2           = 2048
// CHECK-LABEL: func.func @chain
// CHECK-SAME: strata.peak_bytes = 3072 : i64, strata.peak_index = 1 : i64
// REMARK: remark: peak live HBM in 'chain': 3.00 KiB (3072 bytes) at op 1 of 4 ('strata.unary')
// REMARK-NEXT: 1.00 KiB (1024 bytes): argument 0 (tensor<256xf32>)
// REMARK-NEXT: 1.00 KiB (1024 bytes): result 0 of 'strata.unary'
// REMARK-NEXT: %1 = strata.unary tanh %0
func.func @chain(%a: tensor<256xf32>) -> tensor<256xf32> {
  %0 = strata.unary exp %a : tensor<256xf32>
  %1 = strata.unary tanh %0 : tensor<256xf32>
  %2 = strata.binary add %1, %1 : tensor<256xf32>
  return %2 : tensor<256xf32>
}

// -----

// A donated argument dies at its last use: every step holds two tensors.
// CHECK-LABEL: func.func @donated
// CHECK-SAME: strata.peak_bytes = 2048 : i64, strata.peak_index = 0 : i64
func.func @donated(%a: tensor<256xf32> {strata.donated}) -> tensor<256xf32> {
  %0 = strata.unary exp %a : tensor<256xf32>
  %1 = strata.unary tanh %0 : tensor<256xf32>
  %2 = strata.binary add %1, %1 : tensor<256xf32>
  return %2 : tensor<256xf32>
}

// -----

// JAX marks donated arguments with tf.aliasing_output.
// CHECK-LABEL: func.func @jax_donated
// CHECK-SAME: strata.peak_bytes = 2048 : i64
func.func @jax_donated(%a: tensor<256xf32> {tf.aliasing_output = 0 : i32}) -> tensor<256xf32> {
  %0 = strata.unary exp %a : tensor<256xf32>
  %1 = strata.unary tanh %0 : tensor<256xf32>
  return %1 : tensor<256xf32>
}

// -----

// The classic training shape: activations saved in the forward pass stay
// live until the backward pass uses them. x: 4 KiB; h1, h2: 16 KiB each.
// step 0: x, h1                 = 20 KiB
// step 1: x, h1, h2             = 36 KiB
// step 2: x, h1, h2, g2         = 52 KiB  <- h2 dies here (last use)
// step 3: x, h1, g2, g1         = 52 KiB
// step 4: x, g1, r (4 KiB)      = 24 KiB
// CHECK-LABEL: func.func @saved_activations
// CHECK-SAME: strata.peak_bytes = 53248 : i64, strata.peak_index = 2 : i64
// REMARK-LABEL: peak live HBM in 'saved_activations': 52.00 KiB (53248 bytes) at op 2 of 6 ('strata.binary')
// REMARK-NEXT: 16.00 KiB (16384 bytes): result 0 of 'strata.broadcast_in_dim'
// REMARK-NEXT: 16.00 KiB (16384 bytes): result 0 of 'strata.unary'
func.func @saved_activations(%x: tensor<1024xf32>) -> tensor<1024xf32> {
  %h1 = strata.broadcast_in_dim %x dims = [1] : tensor<1024xf32> -> tensor<4x1024xf32>
  %h2 = strata.unary tanh %h1 : tensor<4x1024xf32>
  %g2 = strata.binary mul %h2, %h2 : tensor<4x1024xf32>
  %g1 = strata.binary mul %g2, %h1 : tensor<4x1024xf32>
  %r = strata.reduce add %g1 dims = [0] : tensor<4x1024xf32> -> tensor<1024xf32>
  return %r : tensor<1024xf32>
}

// -----

// Offloaded copies count in the host tier, not in HBM; a freed tensor dies at
// its free. x: 4 KiB.
// step 0 offload: x, host copy(host)            hbm 4096
// step 1 wait:    x                             hbm 4096
// step 2 free x:  x                             hbm 4096
// step 3 prefetch: y                            hbm 4096, host 4096
// CHECK-LABEL: func.func @offload
// CHECK-SAME: strata.host_peak_bytes = 4096 : i64, strata.peak_bytes = 4096 : i64
func.func @offload(%x: tensor<1024xf32> {strata.donated}) -> tensor<1024xf32> {
  %h, %t = strata.offload %x to <host> : tensor<1024xf32>
  strata.wait %t
  strata.free %x : tensor<1024xf32>
  %y, %t2 = strata.prefetch %h : tensor<1024xf32, #strata.tier<host>>
  strata.wait %t2
  return %y : tensor<1024xf32>
}

// -----

// A recompute region's own temporaries exist only while it runs, on top of
// what is live outside: the body holds %e (1 KiB) beyond its argument and
// %t, which it yields as %r and so is counted once, as %r.
// step 0 (recompute): a, r          = 2048 + 1024 region = 3072
// CHECK-LABEL: func.func @recompute
// CHECK-SAME: strata.peak_bytes = 3072 : i64, strata.peak_index = 0 : i64
func.func @recompute(%a: tensor<256xf32>) -> tensor<256xf32> {
  %r = strata.recompute (%a) : (tensor<256xf32>) -> tensor<256xf32> {
  ^bb0(%arg: tensor<256xf32>):
    %e = strata.unary exp %arg : tensor<256xf32>
    %t = strata.unary tanh %e : tensor<256xf32>
    strata.yield %t : tensor<256xf32>
  }
  return %r : tensor<256xf32>
}
