// RUN: strata-opt %s --split-input-file --verify-diagnostics

// Diagnostics of the collectives: their C++ verifiers (CollectiveOps.cpp)
// and the ODS constraints of StrataCollectiveOps.td / StrataBase.td. Each
// case is valid but for one thing.

//===----------------------------------------------------------------------===//
// strata.all_reduce
//===----------------------------------------------------------------------===//

func.func @all_reduce_unknown_fn(%g: tensor<1024xf32>) {
  // expected-error@+1 {{custom op 'strata.all_reduce' expected string or keyword containing one of the following enum values for attribute 'fn' [add, mul, max, min, and, or]}}
  %0 = strata.all_reduce sum %g over <[0, 1]> : tensor<1024xf32>
  return
}

// -----

func.func @all_reduce_result_type(%g: tensor<1024xf32>) {
  // expected-error@+1 {{'strata.all_reduce' op requires the same type for all operands and results}}
  %0 = "strata.all_reduce"(%g) <{communicator = #strata.communicator<[0, 1]>, fn = 0 : i32}> : (tensor<1024xf32>) -> tensor<512xf32>
  return
}

// -----

func.func @all_reduce_dynamic(%g: tensor<?xf32>) {
  // expected-error@+1 {{'strata.all_reduce' op operand #0 must be statically shaped tensor in HBM, but got 'tensor<?xf32>'}}
  %0 = strata.all_reduce add %g over <[0, 1]> : tensor<?xf32>
  return
}

// -----

func.func @all_reduce_tiered(%g: tensor<1024xf32, #strata.tier<host>>) {
  // expected-error@+1 {{'strata.all_reduce' op operand #0 must be statically shaped tensor in HBM, but got 'tensor<1024xf32, #strata.tier<host>>'}}
  %0 = strata.all_reduce add %g over <[0, 1]> : tensor<1024xf32, #strata.tier<host>>
  return
}

// -----

func.func @all_reduce_empty_communicator(%g: tensor<1024xf32>) {
  // expected-error@+1 {{communicator needs at least one device}}
  %0 = strata.all_reduce add %g over <[]> : tensor<1024xf32>
  return
}

// -----

func.func @all_reduce_duplicate_device(%g: tensor<1024xf32>) {
  // expected-error@+1 {{communicator lists device 1 twice}}
  %0 = strata.all_reduce add %g over <[0, 1, 1]> : tensor<1024xf32>
  return
}

// -----

func.func @all_reduce_missing_communicator(%g: tensor<1024xf32>) {
  // expected-error@+1 {{'strata.all_reduce' op requires attribute 'communicator'}}
  %0 = "strata.all_reduce"(%g) <{fn = 0 : i32}> : (tensor<1024xf32>) -> tensor<1024xf32>
  return
}

//===----------------------------------------------------------------------===//
// strata.reduce_scatter
//===----------------------------------------------------------------------===//

// -----

func.func @reduce_scatter_element_type(%g: tensor<1024xf32>) {
  // expected-error@+1 {{'strata.reduce_scatter' op operand and result must have the same rank and element type}}
  %0 = strata.reduce_scatter add %g dim = 0 over <[0, 1]> : tensor<1024xf32> -> tensor<512xbf16>
  return
}

// -----

func.func @reduce_scatter_rank(%g: tensor<1024xf32>) {
  // expected-error@+1 {{'strata.reduce_scatter' op operand and result must have the same rank and element type}}
  %0 = strata.reduce_scatter add %g dim = 0 over <[0, 1]> : tensor<1024xf32> -> tensor<2x256xf32>
  return
}

// -----

func.func @reduce_scatter_dimension(%g: tensor<1024xf32>) {
  // expected-error@+1 {{'strata.reduce_scatter' op dimension 1 is out of range for rank 1}}
  %0 = strata.reduce_scatter add %g dim = 1 over <[0, 1]> : tensor<1024xf32> -> tensor<512xf32>
  return
}

// -----

func.func @reduce_scatter_negative_dimension(%g: tensor<1024xf32>) {
  // expected-error@+1 {{'strata.reduce_scatter' op attribute 'dimension' failed to satisfy constraint: 64-bit signless integer attribute whose value is non-negative}}
  %0 = strata.reduce_scatter add %g dim = -1 over <[0, 1]> : tensor<1024xf32> -> tensor<512xf32>
  return
}

// -----

func.func @reduce_scatter_indivisible(%g: tensor<10x8xf32>) {
  // expected-error@+1 {{'strata.reduce_scatter' op size 10 of dimension 0 is not divisible by the 4 devices of the communicator}}
  %0 = strata.reduce_scatter add %g dim = 0 over <[0, 1, 2, 3]> : tensor<10x8xf32> -> tensor<2x8xf32>
  return
}

// -----

func.func @reduce_scatter_shard_size(%g: tensor<1024xf32>) {
  // expected-error@+1 {{'strata.reduce_scatter' op dimension 0 of the shard has size 512, expected 256}}
  %0 = strata.reduce_scatter add %g dim = 0 over <[0, 1, 2, 3]> : tensor<1024xf32> -> tensor<512xf32>
  return
}

// -----

// The dimensions that are not scattered keep their size.
func.func @reduce_scatter_other_dimension(%g: tensor<8x16xf32>) {
  // expected-error@+1 {{'strata.reduce_scatter' op dimension 1 of the shard has size 8, expected 16}}
  %0 = strata.reduce_scatter add %g dim = 0 over <[0, 1]> : tensor<8x16xf32> -> tensor<4x8xf32>
  return
}

// -----

func.func @reduce_scatter_negative_device(%g: tensor<1024xf32>) {
  // expected-error@+1 {{communicator device rank -1 is negative}}
  %0 = strata.reduce_scatter add %g dim = 0 over <[0, -1]> : tensor<1024xf32> -> tensor<512xf32>
  return
}

//===----------------------------------------------------------------------===//
// strata.all_gather
//===----------------------------------------------------------------------===//

// -----

func.func @all_gather_element_type(%s: tensor<512xf32>) {
  // expected-error@+1 {{'strata.all_gather' op operand and result must have the same rank and element type}}
  %0 = strata.all_gather %s dim = 0 over <[0, 1]> : tensor<512xf32> -> tensor<1024xf16>
  return
}

// -----

func.func @all_gather_dimension(%s: tensor<4x512xf32>) {
  // expected-error@+1 {{'strata.all_gather' op dimension 2 is out of range for rank 2}}
  %0 = strata.all_gather %s dim = 2 over <[0, 1]> : tensor<4x512xf32> -> tensor<4x1024xf32>
  return
}

// -----

func.func @all_gather_negative_dimension(%s: tensor<512xf32>) {
  // expected-error@+1 {{'strata.all_gather' op attribute 'dimension' failed to satisfy constraint: 64-bit signless integer attribute whose value is non-negative}}
  %0 = strata.all_gather %s dim = -1 over <[0, 1]> : tensor<512xf32> -> tensor<1024xf32>
  return
}

// -----

// Two shards of 512 make 1024, not 2048.
func.func @all_gather_result_size(%s: tensor<512xf32>) {
  // expected-error@+1 {{'strata.all_gather' op dimension 0 of the shard has size 512, expected 1024}}
  %0 = strata.all_gather %s dim = 0 over <[0, 1]> : tensor<512xf32> -> tensor<2048xf32>
  return
}

// -----

// A result that the devices cannot split evenly.
func.func @all_gather_indivisible(%s: tensor<512xf32>) {
  // expected-error@+1 {{'strata.all_gather' op size 1023 of dimension 0 is not divisible by the 2 devices of the communicator}}
  %0 = strata.all_gather %s dim = 0 over <[0, 1]> : tensor<512xf32> -> tensor<1023xf32>
  return
}

// -----

func.func @all_gather_tiered_result(%s: tensor<512xf32>) {
  // expected-error@+1 {{'strata.all_gather' op result #0 must be statically shaped tensor in HBM, but got 'tensor<1024xf32, #strata.tier<host>>'}}
  %0 = strata.all_gather %s dim = 0 over <[0, 1]> : tensor<512xf32> -> tensor<1024xf32, #strata.tier<host>>
  return
}

// -----

func.func @all_reduce_or_on_float(%x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.all_reduce' op 'or' needs a signless integer element type, got 'f32'}}
  %0 = strata.all_reduce or %x over <[0, 1]> : tensor<4xf32>
  return
}

// -----

func.func @reduce_scatter_and_on_float(%x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.reduce_scatter' op 'and' needs a signless integer element type, got 'f32'}}
  %0 = strata.reduce_scatter and %x dim = 0 over <[0, 1]> : tensor<4xf32> -> tensor<2xf32>
  return
}
