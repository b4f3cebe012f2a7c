// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t/in %t/direct %t/planned
// RUN: %numpy_python %S/Inputs/random_npy.py %t/in 8x16:float32 16x16:float32
// RUN: strata-run --backend=cpu %s --entry direct --inputs %t/in --outputs %t/direct
// RUN: strata-run --backend=cpu %s --entry planned --inputs %t/in --expect %t/direct --rtol 0 | FileCheck %s
// RUN: not strata-run --backend=cpu %s --entry use_after_free --inputs %t/in 2>&1 | FileCheck %s --check-prefix=FREED
// RUN: not strata-run --backend=cpu %s --entry missing_wait --inputs %t/in 2>&1 | FileCheck %s --check-prefix=WAIT

// Offloading, prefetching and recomputing reproduce the unplanned values
// exactly (rtol 0): an offload is a copy and a recompute reruns the same ops.
// CHECK: result 0: f32[8,16] ok relative error 0.00E+00
// CHECK: result 1: f32[8,16] ok relative error 0.00E+00
func.func @direct(%x: tensor<8x16xf32>, %w: tensor<16x16xf32>)
    -> (tensor<8x16xf32>, tensor<8x16xf32>) {
  %h = strata.dot %x, %w, batching_dims = [] x [], contracting_dims = [1] x [0]
       : (tensor<8x16xf32>, tensor<16x16xf32>) -> tensor<8x16xf32>
  %a = strata.unary tanh %h : tensor<8x16xf32>
  %g = strata.binary mul %a, %h : tensor<8x16xf32>
  return %g, %a : tensor<8x16xf32>, tensor<8x16xf32>
}

func.func @planned(%x: tensor<8x16xf32>, %w: tensor<16x16xf32>)
    -> (tensor<8x16xf32>, tensor<8x16xf32>) {
  %h = strata.dot %x, %w, batching_dims = [] x [], contracting_dims = [1] x [0]
       : (tensor<8x16xf32>, tensor<16x16xf32>) -> tensor<8x16xf32>
  %a = strata.unary tanh %h : tensor<8x16xf32>
  %host, %offloaded = strata.offload %a to <host> : tensor<8x16xf32>
  strata.wait %offloaded
  strata.free %a : tensor<8x16xf32>
  strata.free %h : tensor<8x16xf32>
  %h2 = strata.recompute (%x, %w) : (tensor<8x16xf32>, tensor<16x16xf32>) -> tensor<8x16xf32> {
  ^bb0(%x2: tensor<8x16xf32>, %w2: tensor<16x16xf32>):
    %p = strata.dot %x2, %w2, batching_dims = [] x [], contracting_dims = [1] x [0]
         : (tensor<8x16xf32>, tensor<16x16xf32>) -> tensor<8x16xf32>
    strata.yield %p : tensor<8x16xf32>
  }
  %a2, %ready = strata.prefetch %host : tensor<8x16xf32, #strata.tier<host>>
  strata.wait %ready
  %g = strata.binary mul %a2, %h2 : tensor<8x16xf32>
  return %g, %a2 : tensor<8x16xf32>, tensor<8x16xf32>
}

// FREED: error: 'strata.binary' op reads a tensor after it was freed
// FREED: note: freed here
func.func @use_after_free(%x: tensor<8x16xf32>, %w: tensor<16x16xf32>) -> tensor<8x16xf32> {
  %a = strata.unary tanh %x : tensor<8x16xf32>
  strata.free %a : tensor<8x16xf32>
  %g = strata.binary mul %a, %a : tensor<8x16xf32>
  return %g : tensor<8x16xf32>
}

// WAIT: error: 'strata.unary' op reads a prefetched tensor before a strata.wait on its token
func.func @missing_wait(%x: tensor<8x16xf32>, %w: tensor<16x16xf32>) -> tensor<8x16xf32> {
  %host, %offloaded = strata.offload %x to <host> : tensor<8x16xf32>
  strata.wait %offloaded
  %back, %ready = strata.prefetch %host : tensor<8x16xf32, #strata.tier<host>>
  %g = strata.unary tanh %back : tensor<8x16xf32>
  strata.wait %ready
  return %g : tensor<8x16xf32>
}
