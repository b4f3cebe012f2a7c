// Round trip of the collectives of the strata dialect: all_reduce,
// reduce_scatter and all_gather.

// RUN: strata-opt %s | strata-opt | FileCheck %s
// RUN: strata-opt %s --mlir-print-op-generic | strata-opt | FileCheck %s
// RUN: strata-opt %s --emit-bytecode | strata-opt | FileCheck %s
// RUN: strata-opt %s -o %t.once && strata-opt %t.once -o %t.twice && diff %t.once %t.twice
// RUN: strata-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// CHECK-LABEL: func.func @all_reduce
// CHECK-SAME: (%[[G:[^:]*]]: tensor<1024xf32>, %[[N:[^:]*]]: tensor<4x8xi32>, %[[B:[^:]*]]: tensor<i1>)
// CHECK: %[[S:.*]] = strata.all_reduce add %[[G]] over <[0, 1, 2, 3]> : tensor<1024xf32>
// CHECK: strata.all_reduce max %[[S]] over <[3, 1]> : tensor<1024xf32>
// CHECK: strata.all_reduce min %[[N]] over <[0]> : tensor<4x8xi32>
// CHECK: strata.all_reduce mul %[[N]] over <[0, 1]> : tensor<4x8xi32>
// CHECK: strata.all_reduce and %[[B]] over <[0, 1]> : tensor<i1>
// CHECK: strata.all_reduce or %[[B]] over <[7, 6, 5, 4, 3, 2, 1, 0]> : tensor<i1>
// GENERIC-LABEL: sym_name = "all_reduce"
// GENERIC: "strata.all_reduce"(%{{.*}}) <{communicator = #strata.communicator<[0, 1, 2, 3]>, fn = 0 : i32}> : (tensor<1024xf32>) -> tensor<1024xf32>
func.func @all_reduce(%g: tensor<1024xf32>, %n: tensor<4x8xi32>, %b: tensor<i1>)
    -> (tensor<1024xf32>, tensor<4x8xi32>, tensor<4x8xi32>, tensor<i1>, tensor<i1>) {
  %0 = strata.all_reduce add %g over <[0, 1, 2, 3]> : tensor<1024xf32>
  %1 = strata.all_reduce max %0 over <[3, 1]> : tensor<1024xf32>
  %2 = strata.all_reduce min %n over <[0]> : tensor<4x8xi32>
  %3 = strata.all_reduce mul %n over <[0, 1]> : tensor<4x8xi32>
  %4 = strata.all_reduce and %b over <[0, 1]> : tensor<i1>
  %5 = strata.all_reduce or %b over <[7, 6, 5, 4, 3, 2, 1, 0]> : tensor<i1>
  return %1, %2, %3, %4, %5
      : tensor<1024xf32>, tensor<4x8xi32>, tensor<4x8xi32>, tensor<i1>, tensor<i1>
}

// CHECK-LABEL: func.func @reduce_scatter
// CHECK: strata.reduce_scatter add %{{.*}} dim = 0 over <[0, 1]> : tensor<1024xf32> -> tensor<512xf32>
// CHECK: strata.reduce_scatter max %{{.*}} dim = 1 over <[0, 1, 2, 3]> : tensor<4x8xf32> -> tensor<4x2xf32>
// One device: the shard is the whole tensor.
// CHECK: strata.reduce_scatter min %{{.*}} dim = 0 over <[5]> : tensor<4x8xf32> -> tensor<4x8xf32>
// CHECK: strata.reduce_scatter add %{{.*}} dim = 0 over <[0, 1, 2, 3]> : tensor<4x8xi32> -> tensor<1x8xi32>
func.func @reduce_scatter(%g: tensor<1024xf32>, %x: tensor<4x8xf32>, %n: tensor<4x8xi32>)
    -> (tensor<512xf32>, tensor<4x2xf32>, tensor<4x8xf32>, tensor<1x8xi32>) {
  %0 = strata.reduce_scatter add %g dim = 0 over <[0, 1]>
       : tensor<1024xf32> -> tensor<512xf32>
  %1 = strata.reduce_scatter max %x dim = 1 over <[0, 1, 2, 3]>
       : tensor<4x8xf32> -> tensor<4x2xf32>
  %2 = strata.reduce_scatter min %x dim = 0 over <[5]>
       : tensor<4x8xf32> -> tensor<4x8xf32>
  %3 = strata.reduce_scatter add %n dim = 0 over <[0, 1, 2, 3]>
       : tensor<4x8xi32> -> tensor<1x8xi32>
  return %0, %1, %2, %3 : tensor<512xf32>, tensor<4x2xf32>, tensor<4x8xf32>, tensor<1x8xi32>
}

// CHECK-LABEL: func.func @all_gather
// CHECK: strata.all_gather %{{.*}} dim = 0 over <[0, 1]> : tensor<512xf32> -> tensor<1024xf32>
// CHECK: strata.all_gather %{{.*}} dim = 1 over <[0, 1, 2, 3]> : tensor<4x2xbf16> -> tensor<4x8xbf16>
// CHECK: strata.all_gather %{{.*}} dim = 0 over <[2]> : tensor<4x2xbf16> -> tensor<4x2xbf16>
func.func @all_gather(%s: tensor<512xf32>, %t: tensor<4x2xbf16>)
    -> (tensor<1024xf32>, tensor<4x8xbf16>, tensor<4x2xbf16>) {
  %0 = strata.all_gather %s dim = 0 over <[0, 1]> : tensor<512xf32> -> tensor<1024xf32>
  %1 = strata.all_gather %t dim = 1 over <[0, 1, 2, 3]> : tensor<4x2xbf16> -> tensor<4x8xbf16>
  %2 = strata.all_gather %t dim = 0 over <[2]> : tensor<4x2xbf16> -> tensor<4x2xbf16>
  return %0, %1, %2 : tensor<1024xf32>, tensor<4x8xbf16>, tensor<4x2xbf16>
}

// ZeRO-style: reduce-scatter the gradient, update the shard, gather it back.
// CHECK-LABEL: func.func @zero_step
// CHECK: %[[SHARD:.*]] = strata.reduce_scatter add %{{.*}} dim = 0 over <[0, 1]> : tensor<8x4xf32> -> tensor<4x4xf32>
// CHECK: %[[NEW:.*]] = strata.binary sub %{{.*}}, %[[SHARD]] : tensor<4x4xf32>
// CHECK: strata.all_gather %[[NEW]] dim = 0 over <[0, 1]> : tensor<4x4xf32> -> tensor<8x4xf32>
func.func @zero_step(%grad: tensor<8x4xf32>, %w: tensor<4x4xf32>) -> tensor<8x4xf32> {
  %0 = strata.reduce_scatter add %grad dim = 0 over <[0, 1]> : tensor<8x4xf32> -> tensor<4x4xf32>
  %1 = strata.binary sub %w, %0 : tensor<4x4xf32>
  %2 = strata.all_gather %1 dim = 0 over <[0, 1]> : tensor<4x4xf32> -> tensor<8x4xf32>
  return %2 : tensor<8x4xf32>
}
