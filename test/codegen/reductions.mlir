// RUN: strata-opt %s --split-input-file --strata-fuse --strata-plan-memory="budget=100%" --strata-materialize-plan --strata-allocate | strata-translate --split-input-file --emit-artifact | FileCheck %s

// A reduction over the innermost dimension: a block per output row, the
// row read by all its threads (coalesced) and combined with shuffles.
// CHECK-LABEL: // plan.json
// CHECK: step {"args":[0,1],"block":[256,1,1],"grid":[512,1,1],"kernel":"reduce_0"
// CHECK-LABEL: .entry reduce_0(
// CHECK-NOT: .entry
// CHECK: ld.global
// CHECK: shfl.sync.bfly
func.func @main(%x: tensor<512x1024xf32>) -> tensor<512xf32> {
  %r = strata.reduce max %x dims = [1] : tensor<512x1024xf32> -> tensor<512xf32>
  return %r : tensor<512xf32>
}

// -----

// Keeping the innermost dimension: threads of a warp take consecutive
// outputs (coalesced reads), the block's warps split the rows and combine
// in shared memory; 1024 outputs of 64 rows give 32 blocks, no atomics.
// CHECK-LABEL: // plan.json
// CHECK: step {"args":[0,1],"block":[256,1,1],"grid":[32,1,1],"kernel":"reduce_0"
// CHECK-LABEL: .entry reduce_0(
// CHECK: .shared .align 4 .b8 {{.*}}[1024]
// CHECK: bar.sync
// CHECK-NOT: atom
// CHECK: st.global
func.func @main(%x: tensor<64x1024xf32>) -> tensor<1024xf32> {
  %r = strata.reduce add %x dims = [0] : tensor<64x1024xf32> -> tensor<1024xf32>
  return %r : tensor<1024xf32>
}

// -----

// Too few outputs to fill the GPU: 66 blocks share each group of 32 outputs
// and add atomically into an output a first kernel zeroes (8 groups of 32
// outputs x 66 splits = 528 blocks: four per SM of an H100).
// CHECK-LABEL: // plan.json
// CHECK: step {"args":[0,1],"block":[256,1,1],"grid":[1,1,1],"kernel":"reduce_0_zero"
// CHECK-NEXT: step {"args":[0,1],"block":[256,1,1],"grid":[528,1,1],"kernel":"reduce_1"
// CHECK-LABEL: .entry reduce_0_zero(
// CHECK-LABEL: .entry reduce_1(
// CHECK: bar.sync
// CHECK: atom.global.add.f32
func.func @main(%x: tensor<8x1024x256xf32>) -> tensor<256xf32> {
  %r = strata.reduce add %x dims = [0, 1] : tensor<8x1024x256xf32> -> tensor<256xf32>
  return %r : tensor<256xf32>
}
