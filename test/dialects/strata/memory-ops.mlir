// Round trip of the memory and schedule ops of the strata dialect: offload,
// prefetch, wait, free, recompute (with its yield), alloc, and tensor types
// whose encoding is a #strata.tier.
//
// 1. custom form -> print -> re-parse -> print, checked;
// 2. generic form -> re-parse -> custom print, checked with the same lines,
//    and the same through bytecode;
// 3. printing is a fixpoint;
// 4. the generic form shows the inferred result types of offload/prefetch,
//    the implicit strata.yield of an empty recompute and the default
//    alignment of alloc.

// RUN: strata-opt %s | strata-opt | FileCheck %s
// RUN: strata-opt %s --mlir-print-op-generic | strata-opt | FileCheck %s
// RUN: strata-opt %s --emit-bytecode | strata-opt | FileCheck %s
// RUN: strata-opt %s -o %t.once && strata-opt %t.once -o %t.twice && diff %t.once %t.twice
// RUN: strata-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// CHECK-LABEL: func.func @offload_prefetch
// CHECK-SAME: (%[[X:[^:]*]]: tensor<8x16xf32>, %[[W:[^:]*]]: tensor<16x16xf32>, %[[S:[^:]*]]: tensor<f32>)
// The results are named after the tier and the token.
// CHECK: %[[HOST:host]], %[[DONE:offloaded]] = strata.offload %[[X]] to <host> : tensor<8x16xf32>
// CHECK: %[[NVME:nvme]], %[[DONE2:offloaded_[0-9]+]] = strata.offload %[[W]] to <nvme> : tensor<16x16xf32>
// CHECK: %[[SHOST:host_[0-9]+]], %[[DONE3:offloaded_[0-9]+]] = strata.offload %[[S]] to <host> : tensor<f32>
// CHECK: strata.wait %[[DONE]], %[[DONE2]], %[[DONE3]]
// CHECK: strata.free %[[X]] : tensor<8x16xf32>
// CHECK: %[[P:prefetched]], %[[READY:ready]] = strata.prefetch %[[HOST]] : tensor<8x16xf32, #strata.tier<host>>
// CHECK: %[[P2:prefetched_[0-9]+]], %[[READY2:ready_[0-9]+]] = strata.prefetch %[[NVME]] : tensor<16x16xf32, #strata.tier<nvme>>
// CHECK: strata.wait %[[READY]]
// CHECK: strata.wait %[[READY2]]
// A tensor in a slower tier can be freed too.
// CHECK: strata.free %[[HOST]] : tensor<8x16xf32, #strata.tier<host>>
// CHECK: return %[[P]], %[[P2]], %[[SHOST]] : tensor<8x16xf32>, tensor<16x16xf32>, tensor<f32, #strata.tier<host>>
// GENERIC-LABEL: sym_name = "offload_prefetch"
// GENERIC: "strata.offload"(%{{.*}}) <{tier = #strata.tier<host>}> : (tensor<8x16xf32>) -> (tensor<8x16xf32, #strata.tier<host>>, !strata.token)
// GENERIC: "strata.offload"(%{{.*}}) <{tier = #strata.tier<nvme>}> : (tensor<16x16xf32>) -> (tensor<16x16xf32, #strata.tier<nvme>>, !strata.token)
// GENERIC: "strata.offload"(%{{.*}}) <{tier = #strata.tier<host>}> : (tensor<f32>) -> (tensor<f32, #strata.tier<host>>, !strata.token)
// GENERIC: "strata.wait"(%{{.*}}, %{{.*}}, %{{.*}}) : (!strata.token, !strata.token, !strata.token) -> ()
// GENERIC: "strata.free"(%{{.*}}) : (tensor<8x16xf32>) -> ()
// GENERIC: "strata.prefetch"(%{{.*}}) : (tensor<8x16xf32, #strata.tier<host>>) -> (tensor<8x16xf32>, !strata.token)
// GENERIC: "strata.prefetch"(%{{.*}}) : (tensor<16x16xf32, #strata.tier<nvme>>) -> (tensor<16x16xf32>, !strata.token)
func.func @offload_prefetch(%x: tensor<8x16xf32>, %w: tensor<16x16xf32>, %s: tensor<f32>)
    -> (tensor<8x16xf32>, tensor<16x16xf32>, tensor<f32, #strata.tier<host>>) {
  %host, %done = strata.offload %x to <host> : tensor<8x16xf32>
  %nvme, %done2 = strata.offload %w to <nvme> : tensor<16x16xf32>
  %shost, %done3 = strata.offload %s to <host> : tensor<f32>
  strata.wait %done, %done2, %done3
  strata.free %x : tensor<8x16xf32>
  %x2, %ready = strata.prefetch %host : tensor<8x16xf32, #strata.tier<host>>
  %w2, %ready2 = strata.prefetch %nvme : tensor<16x16xf32, #strata.tier<nvme>>
  strata.wait %ready
  strata.wait %ready2
  strata.free %host : tensor<8x16xf32, #strata.tier<host>>
  return %x2, %w2, %shost : tensor<8x16xf32>, tensor<16x16xf32>, tensor<f32, #strata.tier<host>>
}

// Tiered tensors and tokens cross function boundaries.
// CHECK-LABEL: func.func @tiered_arguments
// CHECK-SAME: (%[[H:[^:]*]]: tensor<4x4xbf16, #strata.tier<host>>, %[[N:[^:]*]]: tensor<1024xi8, #strata.tier<nvme>>, %[[T:[^:]*]]: !strata.token)
// CHECK-SAME: -> (tensor<4x4xbf16>, tensor<1024xi8>)
// CHECK: strata.wait %[[T]]
// CHECK: strata.prefetch %[[H]] : tensor<4x4xbf16, #strata.tier<host>>
// CHECK: strata.prefetch %[[N]] : tensor<1024xi8, #strata.tier<nvme>>
// CHECK: strata.wait %{{.*}}, %{{.*}}
// CHECK: strata.free %[[N]] : tensor<1024xi8, #strata.tier<nvme>>
func.func @tiered_arguments(%h: tensor<4x4xbf16, #strata.tier<host>>,
                            %n: tensor<1024xi8, #strata.tier<nvme>>,
                            %t: !strata.token)
    -> (tensor<4x4xbf16>, tensor<1024xi8>) {
  strata.wait %t
  %a, %ra = strata.prefetch %h : tensor<4x4xbf16, #strata.tier<host>>
  %b, %rb = strata.prefetch %n : tensor<1024xi8, #strata.tier<nvme>>
  strata.wait %ra, %rb
  strata.free %n : tensor<1024xi8, #strata.tier<nvme>>
  return %a, %b : tensor<4x4xbf16>, tensor<1024xi8>
}

// free takes any ranked tensor, including one of dynamic shape.
// CHECK-LABEL: func.func @free_dynamic
// CHECK: strata.free %{{.*}} : tensor<?x4xf32>
func.func @free_dynamic(%x: tensor<?x4xf32>) {
  strata.free %x : tensor<?x4xf32>
  return
}

// CHECK-LABEL: func.func @recompute
// CHECK-SAME: (%[[X:[^:]*]]: tensor<8x16xf32>, %[[W:[^:]*]]: tensor<16x16xf32>)
// CHECK: %[[H:.*]] = strata.recompute(%[[X]], %[[W]]) : (tensor<8x16xf32>, tensor<16x16xf32>) -> tensor<8x16xf32> {
// CHECK-NEXT: ^bb0(%[[A:.*]]: tensor<8x16xf32>, %[[B:.*]]: tensor<16x16xf32>):
// CHECK-NEXT: %[[D:.*]] = strata.dot %[[A]], %[[B]], batching_dims = [] x [], contracting_dims = [1] x [0] : (tensor<8x16xf32>, tensor<16x16xf32>) -> tensor<8x16xf32>
// CHECK-NEXT: %[[T:.*]] = strata.unary tanh %[[D]] : tensor<8x16xf32>
// CHECK-NEXT: strata.yield %[[T]] : tensor<8x16xf32>
// CHECK-NEXT: }
// Several results, one of them an input passed through.
// CHECK: %[[R:.*]]:2 = strata.recompute(%[[H]]) : (tensor<8x16xf32>) -> (tensor<8x16xf32>, tensor<8xf32>) {
// CHECK-NEXT: ^bb0(%[[C:.*]]: tensor<8x16xf32>):
// CHECK-NEXT: %[[S:.*]] = strata.reduce add %[[C]] dims = [1] : tensor<8x16xf32> -> tensor<8xf32>
// CHECK-NEXT: strata.yield %[[C]], %[[S]] : tensor<8x16xf32>, tensor<8xf32>
// CHECK-NEXT: }
// No inputs and no results: the terminator is implicit and not printed.
// CHECK: strata.recompute() : () -> () {
// CHECK-NEXT: }
// CHECK: return %[[R]]#0, %[[R]]#1 : tensor<8x16xf32>, tensor<8xf32>
// GENERIC-LABEL: sym_name = "recompute"
// GENERIC: "strata.yield"(%{{.*}}) : (tensor<8x16xf32>) -> ()
// GENERIC: }) : (tensor<8x16xf32>, tensor<16x16xf32>) -> tensor<8x16xf32>
// GENERIC: "strata.yield"(%{{.*}}, %{{.*}}) : (tensor<8x16xf32>, tensor<8xf32>) -> ()
// GENERIC: }) : (tensor<8x16xf32>) -> (tensor<8x16xf32>, tensor<8xf32>)
// GENERIC: "strata.recompute"() ({
// GENERIC-NEXT: "strata.yield"() : () -> ()
// GENERIC-NEXT: }) : () -> ()
func.func @recompute(%x: tensor<8x16xf32>, %w: tensor<16x16xf32>)
    -> (tensor<8x16xf32>, tensor<8xf32>) {
  %h = strata.recompute (%x, %w) : (tensor<8x16xf32>, tensor<16x16xf32>)
                                  -> tensor<8x16xf32> {
  ^bb0(%a: tensor<8x16xf32>, %b: tensor<16x16xf32>):
    %p = strata.dot %a, %b, batching_dims = [] x [], contracting_dims = [1] x [0]
         : (tensor<8x16xf32>, tensor<16x16xf32>) -> tensor<8x16xf32>
    %t = strata.unary tanh %p : tensor<8x16xf32>
    strata.yield %t : tensor<8x16xf32>
  }
  %r:2 = strata.recompute (%h) : (tensor<8x16xf32>) -> (tensor<8x16xf32>, tensor<8xf32>) {
  ^bb0(%c: tensor<8x16xf32>):
    %s = strata.reduce add %c dims = [1] : tensor<8x16xf32> -> tensor<8xf32>
    strata.yield %c, %s : tensor<8x16xf32>, tensor<8xf32>
  }
  strata.recompute () : () -> () {
  }
  return %r#0, %r#1 : tensor<8x16xf32>, tensor<8xf32>
}

// CHECK-LABEL: func.func @alloc
// The default alignment (256) is not printed.
// CHECK: strata.alloc <hbm> offset = 4096 : tensor<1024xf32>
// CHECK: strata.alloc <hbm> offset = 0 : tensor<f16>
// CHECK: strata.alloc <host> offset = 64 {alignment = 64 : i64} : tensor<4xf32, #strata.tier<host>>
// CHECK: strata.alloc <nvme> offset = 1048576 {alignment = 4096 : i64} : tensor<256x256xbf16, #strata.tier<nvme>>
// GENERIC-LABEL: sym_name = "alloc"
// GENERIC: "strata.alloc"() <{alignment = 256 : i64, offset = 4096 : i64, tier = #strata.tier<hbm>}> : () -> tensor<1024xf32>
// GENERIC: "strata.alloc"() <{alignment = 256 : i64, offset = 0 : i64, tier = #strata.tier<hbm>}> : () -> tensor<f16>
// GENERIC: "strata.alloc"() <{alignment = 64 : i64, offset = 64 : i64, tier = #strata.tier<host>}> : () -> tensor<4xf32, #strata.tier<host>>
// GENERIC: "strata.alloc"() <{alignment = 4096 : i64, offset = 1048576 : i64, tier = #strata.tier<nvme>}> : () -> tensor<256x256xbf16, #strata.tier<nvme>>
func.func @alloc() -> (tensor<1024xf32>, tensor<f16>, tensor<4xf32, #strata.tier<host>>,
                       tensor<256x256xbf16, #strata.tier<nvme>>) {
  %0 = strata.alloc <hbm> offset = 4096 : tensor<1024xf32>
  %1 = strata.alloc <hbm> offset = 0 : tensor<f16>
  %2 = strata.alloc <host> offset = 64 {alignment = 64 : i64} : tensor<4xf32, #strata.tier<host>>
  %3 = strata.alloc <nvme> offset = 1048576 {alignment = 4096 : i64}
       : tensor<256x256xbf16, #strata.tier<nvme>>
  return %0, %1, %2, %3 : tensor<1024xf32>, tensor<f16>, tensor<4xf32, #strata.tier<host>>,
      tensor<256x256xbf16, #strata.tier<nvme>>
}

// A whole plan: offload after use, prefetch before the next use.
// CHECK-LABEL: func.func @plan
// CHECK: %[[A:.*]] = strata.unary exp
// CHECK: %[[HOST:.*]], %[[DONE:.*]] = strata.offload %[[A]] to <host> : tensor<64xf32>
// CHECK: strata.wait %[[DONE]]
// CHECK: strata.free %[[A]] : tensor<64xf32>
// CHECK: %[[BACK:.*]], %[[READY:.*]] = strata.prefetch %[[HOST]] : tensor<64xf32, #strata.tier<host>>
// CHECK: strata.wait %[[READY]]
// CHECK: strata.binary add %[[BACK]], %[[BACK]] : tensor<64xf32>
func.func @plan(%x: tensor<64xf32>) -> tensor<64xf32> {
  %a = strata.unary exp %x : tensor<64xf32>
  %host, %done = strata.offload %a to <host> : tensor<64xf32>
  strata.wait %done
  strata.free %a : tensor<64xf32>
  %b, %ready = strata.prefetch %host : tensor<64xf32, #strata.tier<host>>
  strata.wait %ready
  %c = strata.binary add %b, %b : tensor<64xf32>
  return %c : tensor<64xf32>
}
