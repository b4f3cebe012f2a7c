// RUN: strata-opt %s --split-input-file --verify-diagnostics

func.func @window_rank(%x: tensor<4x4xf32>) {
  // expected-error@+2 {{'strata.reduce_window' op window_dimensions has 1 entries, expected 2}}
  // expected-error@+1 {{'strata.reduce_window' op failed to infer returned types}}
  %0 = strata.reduce_window max %x {window_dimensions = array<i64: 2>,
         window_strides = array<i64: 1, 1>, base_dilations = array<i64: 1, 1>,
         window_dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>}
       : tensor<4x4xf32> -> tensor<3x3xf32>
  return
}

// -----

func.func @window_stride_zero(%x: tensor<4x4xf32>) {
  // expected-error@+2 {{'strata.reduce_window' op window_strides entries must be positive}}
  // expected-error@+1 {{'strata.reduce_window' op failed to infer returned types}}
  %0 = strata.reduce_window max %x {window_dimensions = array<i64: 2, 2>,
         window_strides = array<i64: 0, 1>, base_dilations = array<i64: 1, 1>,
         window_dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>}
       : tensor<4x4xf32> -> tensor<3x3xf32>
  return
}

// -----

func.func @window_padding_count(%x: tensor<4x4xf32>) {
  // expected-error@+2 {{'strata.reduce_window' op padding has 2 entries, expected 4}}
  // expected-error@+1 {{'strata.reduce_window' op failed to infer returned types}}
  %0 = strata.reduce_window max %x {window_dimensions = array<i64: 2, 2>,
         window_strides = array<i64: 1, 1>, base_dilations = array<i64: 1, 1>,
         window_dilations = array<i64: 1, 1>, padding = array<i64: 0, 0>}
       : tensor<4x4xf32> -> tensor<3x3xf32>
  return
}

// -----

func.func @window_wrong_result(%x: tensor<4x4xf32>) {
  // expected-error@+2 {{'strata.reduce_window' op inferred type(s) 'tensor<3x3xf32>' are incompatible with return type(s) of operation 'tensor<2x2xf32>'}}
  // expected-error@+1 {{'strata.reduce_window' op failed to infer returned types}}
  %0 = strata.reduce_window max %x {window_dimensions = array<i64: 2, 2>,
         window_strides = array<i64: 1, 1>, base_dilations = array<i64: 1, 1>,
         window_dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>}
       : tensor<4x4xf32> -> tensor<2x2xf32>
  return
}

// -----

func.func @window_logical_on_float(%x: tensor<4x4xf32>) {
  // expected-error@+1 {{'strata.reduce_window' op 'or' needs a signless integer element type, got 'f32'}}
  %0 = strata.reduce_window or %x {window_dimensions = array<i64: 2, 2>,
         window_strides = array<i64: 1, 1>, base_dilations = array<i64: 1, 1>,
         window_dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>}
       : tensor<4x4xf32> -> tensor<3x3xf32>
  return
}

// -----

func.func @slice_index_count(%x: tensor<8x16xf32>, %i: tensor<i32>) {
  // expected-error@+1 {{'strata.dynamic_slice' op has 1 start indices for an operand of rank 2}}
  %0 = strata.dynamic_slice %x [%i] sizes = [2, 4] : (tensor<8x16xf32>, tensor<i32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @slice_too_large(%x: tensor<8x16xf32>, %i: tensor<i32>) {
  // expected-error@+2 {{'strata.dynamic_slice' op slice size 20 of dimension 1 does not fit the operand's size 16}}
  // expected-error@+1 {{'strata.dynamic_slice' op failed to infer returned types}}
  %0 = strata.dynamic_slice %x [%i, %i] sizes = [2, 20] : (tensor<8x16xf32>, tensor<i32>, tensor<i32>) -> tensor<2x20xf32>
  return
}

// -----

func.func @slice_vector_index(%x: tensor<8x16xf32>, %i: tensor<1xi32>) {
  // expected-error@+1 {{'strata.dynamic_slice' op start indices must be rank-0 tensors, got 'tensor<1xi32>'}}
  %0 = strata.dynamic_slice %x [%i, %i] sizes = [2, 4] : (tensor<8x16xf32>, tensor<1xi32>, tensor<1xi32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @update_too_large(%x: tensor<8x16xf32>, %u: tensor<2x32xf32>, %i: tensor<i32>) {
  // expected-error@+1 {{'strata.dynamic_update_slice' op update dimension 1 of size 32 exceeds the operand's size 16}}
  %0 = strata.dynamic_update_slice %x, %u [%i, %i] : (tensor<8x16xf32>, tensor<2x32xf32>, tensor<i32>, tensor<i32>) -> tensor<8x16xf32>
  return
}

// -----

func.func @update_rank(%x: tensor<8x16xf32>, %u: tensor<2xf32>, %i: tensor<i32>) {
  // expected-error@+1 {{'strata.dynamic_update_slice' op update 'tensor<2xf32>' must have the operand's rank and element type}}
  %0 = strata.dynamic_update_slice %x, %u [%i, %i] : (tensor<8x16xf32>, tensor<2xf32>, tensor<i32>, tensor<i32>) -> tensor<8x16xf32>
  return
}

// -----

func.func @update_index_count(%x: tensor<8x16xf32>, %u: tensor<2x4xf32>, %i: tensor<i32>) {
  // expected-error@+1 {{'strata.dynamic_update_slice' op has 1 start indices for an operand of rank 2}}
  %0 = strata.dynamic_update_slice %x, %u [%i] : (tensor<8x16xf32>, tensor<2x4xf32>, tensor<i32>) -> tensor<8x16xf32>
  return
}
