// Round trip of the attributes and types of the strata dialect:
// #strata.tier, #strata.memory_tier, #strata.link, #strata.compute_peak,
// #strata.machine, #strata.cost, #strata.communicator and !strata.token.

// RUN: strata-opt %s | strata-opt | FileCheck %s
// RUN: strata-opt %s --mlir-print-op-generic | strata-opt | FileCheck %s
// RUN: strata-opt %s --emit-bytecode | strata-opt | FileCheck %s
// RUN: strata-opt %s -o %t.once && strata-opt %t.once -o %t.twice && diff %t.once %t.twice

// The module's attributes print sorted by name.
// CHECK-LABEL: module attributes {
// A machine with every list empty but the one tier it needs.
// CHECK-SAME: a.machine_tiny = #strata.machine<name = "tiny", devices = 1, launch_overhead_ns = 0, tiers = [#strata.memory_tier<hbm, capacity = 1024, bandwidth = 1000000000>], links = [], compute = []>
// A full machine: three tiers (in the order given, not sorted), links both
// ways with and without duplex, peaks for float and integer types.
// CHECK-SAME: b.machine_full = #strata.machine<name = "h100 sxm", devices = 8, launch_overhead_ns = 4000,
// CHECK-SAME: tiers = [#strata.memory_tier<nvme, capacity = 3840000000000, bandwidth = 7000000000>, #strata.memory_tier<hbm, capacity = 85520809984, bandwidth = 2976000000000>, #strata.memory_tier<host, capacity = 0, bandwidth = 1>],
// CHECK-SAME: links = [#strata.link<host -> hbm, bandwidth = 51100000000, duplex = 88700000000>, #strata.link<hbm -> host, bandwidth = 50800000000>, #strata.link<nvme -> host, bandwidth = 7000000000>],
// CHECK-SAME: compute = [#strata.compute_peak<bf16, matrix = 789000000000000, vector = 133800000000000>, #strata.compute_peak<f32, matrix = 378000000000000, vector = 66900000000000>, #strata.compute_peak<i8, matrix = 1579000000000000, vector = 0>]>
// CHECK-SAME: c.tiers = [#strata.tier<hbm>, #strata.tier<host>, #strata.tier<nvme>]
// CHECK-SAME: d.memory_tier = #strata.memory_tier<host, capacity = 2199023255552, bandwidth = 100000000000>
// duplex = 0 is the default and is not printed.
// CHECK-SAME: e.links = [#strata.link<host -> hbm, bandwidth = 51100000000, duplex = 88700000000>, #strata.link<hbm -> nvme, bandwidth = 1>, #strata.link<nvme -> hbm, bandwidth = 2>]
// CHECK-SAME: f.peaks = [#strata.compute_peak<f16, matrix = 0, vector = 0>, #strata.compute_peak<i32, matrix = 0, vector = 1000>]
// CHECK-SAME: g.costs = [#strata.cost<flops = 2048, bytes_read = 8192, bytes_written = 4096, time_ns = 4002>, #strata.cost<flops = 0, bytes_read = 0, bytes_written = 0, time_ns = 0>]
// CHECK-SAME: h.communicators = [#strata.communicator<[0, 1, 2, 3]>, #strata.communicator<[5]>, #strata.communicator<[3, 0, 2]>]
// CHECK-SAME: i.types = [!strata.token, tensor<4xf32, #strata.tier<host>>, tensor<2x2xi8, #strata.tier<nvme>>]
module attributes {
  a.machine_tiny = #strata.machine<name = "tiny", devices = 1, launch_overhead_ns = 0,
      tiers = [#strata.memory_tier<hbm, capacity = 1024, bandwidth = 1000000000>],
      links = [], compute = []>,
  b.machine_full = #strata.machine<name = "h100 sxm", devices = 8,
      launch_overhead_ns = 4000,
      tiers = [#strata.memory_tier<nvme, capacity = 3840000000000, bandwidth = 7000000000>,
               #strata.memory_tier<hbm, capacity = 85520809984, bandwidth = 2976000000000>,
               #strata.memory_tier<host, capacity = 0, bandwidth = 1>],
      links = [#strata.link<host -> hbm, bandwidth = 51100000000, duplex = 88700000000>,
               #strata.link<hbm -> host, bandwidth = 50800000000, duplex = 0>,
               #strata.link<nvme -> host, bandwidth = 7000000000>],
      compute = [#strata.compute_peak<bf16, matrix = 789000000000000, vector = 133800000000000>,
                 #strata.compute_peak<f32, matrix = 378000000000000, vector = 66900000000000>,
                 #strata.compute_peak<i8, matrix = 1579000000000000, vector = 0>]>,
  c.tiers = [#strata.tier<hbm>, #strata.tier<host>, #strata.tier<nvme>],
  d.memory_tier = #strata.memory_tier<host, capacity = 2199023255552, bandwidth = 100000000000>,
  e.links = [#strata.link<host -> hbm, bandwidth = 51100000000, duplex = 88700000000>,
             #strata.link<hbm -> nvme, bandwidth = 1>,
             #strata.link<nvme -> hbm, bandwidth = 2, duplex = 0>],
  f.peaks = [#strata.compute_peak<f16, matrix = 0, vector = 0>,
             #strata.compute_peak<i32, matrix = 0, vector = 1000>],
  g.costs = [#strata.cost<flops = 2048, bytes_read = 8192, bytes_written = 4096, time_ns = 4002>,
             #strata.cost<flops = 0, bytes_read = 0, bytes_written = 0, time_ns = 0>],
  h.communicators = [#strata.communicator<[0, 1, 2, 3]>, #strata.communicator<[5]>,
                     #strata.communicator<[3, 0, 2]>],
  i.types = [!strata.token, tensor<4xf32, #strata.tier<host>>, tensor<2x2xi8, #strata.tier<nvme>>]
} {

// The attribute the cost passes read and write, on a module of its own.
// CHECK-LABEL: module attributes {strata.machine = #strata.machine<name = "round", devices = 1, launch_overhead_ns = 1000, tiers = [#strata.memory_tier<hbm, capacity = 1000000, bandwidth = 1000000000>, #strata.memory_tier<host, capacity = 1000000000, bandwidth = 1000000000>], links = [#strata.link<hbm -> host, bandwidth = 1000>, #strata.link<host -> hbm, bandwidth = 1000, duplex = 1500>], compute = [#strata.compute_peak<f32, matrix = 1000000000000, vector = 1000000000>]>}
module attributes {strata.machine = #strata.machine<name = "round", devices = 1,
    launch_overhead_ns = 1000,
    tiers = [#strata.memory_tier<hbm, capacity = 1000000, bandwidth = 1000000000>,
             #strata.memory_tier<host, capacity = 1000000000, bandwidth = 1000000000>],
    links = [#strata.link<hbm -> host, bandwidth = 1000>,
             #strata.link<host -> hbm, bandwidth = 1000, duplex = 1500>],
    compute = [#strata.compute_peak<f32, matrix = 1000000000000, vector = 1000000000>]>} {
}

// !strata.token as argument and result type, #strata.cost on a function and
// on an op, #strata.tier encodings in a signature.
// CHECK-LABEL: func.func @token_signature
// CHECK-SAME: (%[[T:[^:]*]]: !strata.token, %[[U:[^:]*]]: !strata.token, %{{[^:]*}}: tensor<4xf32, #strata.tier<host>>)
// CHECK-SAME: -> (!strata.token, tensor<4xf32, #strata.tier<host>>)
// CHECK-SAME: attributes {strata.cost = #strata.cost<flops = 1, bytes_read = 2, bytes_written = 3, time_ns = 4>, strata.tier = #strata.tier<nvme>}
// CHECK: strata.wait %[[T]] {strata.cost = #strata.cost<flops = 0, bytes_read = 0, bytes_written = 0, time_ns = 7>}
// CHECK: return %[[U]], %{{.*}} : !strata.token, tensor<4xf32, #strata.tier<host>>
func.func @token_signature(%t: !strata.token, %u: !strata.token,
                           %h: tensor<4xf32, #strata.tier<host>>)
    -> (!strata.token, tensor<4xf32, #strata.tier<host>>)
    attributes {strata.cost = #strata.cost<flops = 1, bytes_read = 2, bytes_written = 3, time_ns = 4>,
                strata.tier = #strata.tier<nvme>} {
  strata.wait %t {strata.cost = #strata.cost<flops = 0, bytes_read = 0, bytes_written = 0, time_ns = 7>}
  return %u, %h : !strata.token, tensor<4xf32, #strata.tier<host>>
}

// Attributes on arguments; a tier attribute used as an op property.
// CHECK-LABEL: func.func @argument_attributes
// CHECK-SAME: (%{{[^:]*}}: tensor<8xf32> {strata.communicator = #strata.communicator<[0, 1]>, strata.tier = #strata.tier<hbm>})
// CHECK-SAME: -> (tensor<8xf32, #strata.tier<nvme>> {strata.tier = #strata.tier<nvme>})
// CHECK: strata.offload %{{.*}} to <nvme> : tensor<8xf32>
func.func @argument_attributes(
    %x: tensor<8xf32> {strata.communicator = #strata.communicator<[0, 1]>,
                       strata.tier = #strata.tier<hbm>})
    -> (tensor<8xf32, #strata.tier<nvme>> {strata.tier = #strata.tier<nvme>}) {
  %nvme, %done = strata.offload %x to <nvme> : tensor<8xf32>
  strata.wait %done
  return %nvme : tensor<8xf32, #strata.tier<nvme>>
}

}
