// RUN: strata-opt %s --split-input-file --verify-diagnostics

// Diagnostics of the attributes and types of the strata dialect: the
// verifiers in StrataAttributes.cpp and the generated parsers. Each case is
// valid but for one thing.

//===----------------------------------------------------------------------===//
// #strata.tier
//===----------------------------------------------------------------------===//

// expected-error@+2 {{expected ::mlir::strata::Tier to be one of: hbm, host, nvme}}
// expected-error@+1 {{failed to parse Strata_TierAttr parameter 'value' which is to be a `::mlir::strata::Tier`}}
module attributes {t.tier = #strata.tier<disk>} {}

// -----

// expected-error@+2 {{expected ::mlir::strata::Tier to be one of: hbm, host, nvme}}
// expected-error@+1 {{failed to parse Strata_TierAttr parameter 'value' which is to be a `::mlir::strata::Tier`}}
func.func @tensor_in_unknown_tier(%x: tensor<4xf32, #strata.tier<disk>>) {
  return
}

//===----------------------------------------------------------------------===//
// #strata.memory_tier
//===----------------------------------------------------------------------===//

// -----

// expected-error@+2 {{expected one of [hbm, host, nvme] for a tier of the memory hierarchy, got: disk}}
// expected-error@+1 {{failed to parse Strata_MemoryTierAttr parameter 'tier' which is to be a `::mlir::strata::Tier`}}
module attributes {t.tier = #strata.memory_tier<disk, capacity = 1024, bandwidth = 1000>} {}

// -----

// expected-error@+1 {{tier 'hbm' has negative capacity -1}}
module attributes {t.tier = #strata.memory_tier<hbm, capacity = -1, bandwidth = 1000>} {}

// -----

// expected-error@+1 {{tier 'host' needs a positive bandwidth, got 0}}
module attributes {t.tier = #strata.memory_tier<host, capacity = 1024, bandwidth = 0>} {}

// -----

// expected-error@+1 {{tier 'nvme' needs a positive bandwidth, got -5}}
module attributes {t.tier = #strata.memory_tier<nvme, capacity = 1024, bandwidth = -5>} {}

//===----------------------------------------------------------------------===//
// #strata.link
//===----------------------------------------------------------------------===//

// -----

// expected-error@+1 {{link from tier 'host' to itself}}
module attributes {t.link = #strata.link<host -> host, bandwidth = 1000>} {}

// -----

// expected-error@+1 {{link host -> hbm needs a positive bandwidth, got -1000}}
module attributes {t.link = #strata.link<host -> hbm, bandwidth = -1000>} {}

// -----

// expected-error@+1 {{link hbm -> nvme needs a positive bandwidth, got 0}}
module attributes {t.link = #strata.link<hbm -> nvme, bandwidth = 0, duplex = 10>} {}

// -----

// expected-error@+1 {{link host -> hbm has negative duplex bandwidth}}
module attributes {t.link = #strata.link<host -> hbm, bandwidth = 1000, duplex = -1>} {}

//===----------------------------------------------------------------------===//
// #strata.compute_peak
//===----------------------------------------------------------------------===//

// -----

// expected-error@+1 {{compute peak for 'index', expected an integer or float element type}}
module attributes {t.peak = #strata.compute_peak<index, matrix = 1, vector = 1>} {}

// -----

// expected-error@+1 {{compute peak for 'tensor<4xf32>', expected an integer or float element type}}
module attributes {t.peak = #strata.compute_peak<tensor<4xf32>, matrix = 1, vector = 1>} {}

// -----

// expected-error@+1 {{compute peak for 'f32' is negative}}
module attributes {t.peak = #strata.compute_peak<f32, matrix = -1, vector = 1>} {}

// -----

// expected-error@+1 {{compute peak for 'bf16' is negative}}
module attributes {t.peak = #strata.compute_peak<bf16, matrix = 1, vector = -1>} {}

//===----------------------------------------------------------------------===//
// #strata.machine
//===----------------------------------------------------------------------===//

// -----

// expected-error@+1 {{machine 'm' needs at least one device, got 0}}
module attributes {strata.machine = #strata.machine<name = "m", devices = 0, launch_overhead_ns = 0, tiers = [#strata.memory_tier<hbm, capacity = 1024, bandwidth = 1000>], links = [], compute = []>} {}

// -----

// expected-error@+1 {{machine 'm' has negative launch overhead}}
module attributes {strata.machine = #strata.machine<name = "m", devices = 1, launch_overhead_ns = -1, tiers = [#strata.memory_tier<hbm, capacity = 1024, bandwidth = 1000>], links = [], compute = []>} {}

// -----

// expected-error@+1 {{machine 'm' lists tier 'hbm' twice}}
module attributes {strata.machine = #strata.machine<name = "m", devices = 1, launch_overhead_ns = 0, tiers = [#strata.memory_tier<hbm, capacity = 1024, bandwidth = 1000>, #strata.memory_tier<hbm, capacity = 2048, bandwidth = 1000>], links = [], compute = []>} {}

// -----

// expected-error@+1 {{machine 'm' has no 'hbm' tier}}
module attributes {strata.machine = #strata.machine<name = "m", devices = 1, launch_overhead_ns = 0, tiers = [#strata.memory_tier<host, capacity = 1024, bandwidth = 1000>], links = [], compute = []>} {}

// -----

// expected-error@+1 {{machine 'm' has no 'hbm' tier}}
module attributes {strata.machine = #strata.machine<name = "m", devices = 1, launch_overhead_ns = 0, tiers = [], links = [], compute = []>} {}

// -----

// expected-error@+1 {{machine 'm' has a link through tier 'nvme' that it does not list}}
module attributes {strata.machine = #strata.machine<name = "m", devices = 1, launch_overhead_ns = 0, tiers = [#strata.memory_tier<hbm, capacity = 1024, bandwidth = 1000>, #strata.memory_tier<host, capacity = 1024, bandwidth = 1000>], links = [#strata.link<host -> hbm, bandwidth = 1000>, #strata.link<host -> nvme, bandwidth = 1000>], compute = []>} {}

// -----

// expected-error@+1 {{machine 'm' lists compute peaks for 'f32' twice}}
module attributes {strata.machine = #strata.machine<name = "m", devices = 1, launch_overhead_ns = 0, tiers = [#strata.memory_tier<hbm, capacity = 1024, bandwidth = 1000>], links = [], compute = [#strata.compute_peak<f32, matrix = 1, vector = 1>, #strata.compute_peak<bf16, matrix = 1, vector = 1>, #strata.compute_peak<f32, matrix = 2, vector = 2>]>} {}

// -----

// A nested attribute's own verifier reports first.
// expected-error@+1 {{tier 'hbm' needs a positive bandwidth, got 0}}
module attributes {strata.machine = #strata.machine<name = "m", devices = 1, launch_overhead_ns = 0, tiers = [#strata.memory_tier<hbm, capacity = 1024, bandwidth = 0>], links = [], compute = []>} {}

//===----------------------------------------------------------------------===//
// #strata.communicator
//===----------------------------------------------------------------------===//

// -----

// expected-error@+1 {{communicator needs at least one device}}
module attributes {t.comm = #strata.communicator<[]>} {}

// -----

// expected-error@+1 {{communicator device rank -2 is negative}}
module attributes {t.comm = #strata.communicator<[0, -2]>} {}

// -----

// expected-error@+1 {{communicator lists device 3 twice}}
module attributes {t.comm = #strata.communicator<[3, 0, 1, 3]>} {}

//===----------------------------------------------------------------------===//
// Unknown mnemonics
//===----------------------------------------------------------------------===//

// -----

// expected-error@+1 {{unknown attribute `storage` in dialect `strata`}}
module attributes {t.x = #strata.storage<hbm>} {}

// -----

// expected-error@+1 {{type `event` in dialect `strata`}}
func.func @unknown_type(%e: !strata.event) {
  return
}

// -----

// expected-error@+1 {{cost figures must not be negative}}
func.func @negative_cost() attributes {c = #strata.cost<flops = -1, bytes_read = 0, bytes_written = 0, time_ns = 0>} {
  return
}

// -----

// expected-error@+1 {{machine 'm' lists the link host -> hbm twice}}
func.func @duplicate_link() attributes {m = #strata.machine<name = "m", devices = 1, launch_overhead_ns = 0,
    tiers = [#strata.memory_tier<hbm, capacity = 1, bandwidth = 1>, #strata.memory_tier<host, capacity = 1, bandwidth = 1>],
    links = [#strata.link<host -> hbm, bandwidth = 1>, #strata.link<host -> hbm, bandwidth = 2>], compute = []>} {
  return
}
