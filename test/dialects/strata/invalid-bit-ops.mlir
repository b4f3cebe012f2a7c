// RUN: strata-opt %s --split-input-file --verify-diagnostics

func.func @bitcast_width(%x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.bitcast_convert' op result shape [4] does not match the inferred shape [4, 2]}}
  %0 = strata.bitcast_convert %x : tensor<4xf32> -> tensor<4xi16>
  return
}

// -----

func.func @bitcast_shape(%x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.bitcast_convert' op result shape [2] does not match the inferred shape [4]}}
  %0 = strata.bitcast_convert %x : tensor<4xf32> -> tensor<2xi32>
  return
}

// -----

func.func @bitcast_widen_wrong_trailing(%x: tensor<4x3xi16>) {
  // expected-error@+1 {{'strata.bitcast_convert' op needs a trailing dimension of 2 'i16' elements per 'f32', got [4, 3]}}
  %0 = strata.bitcast_convert %x : tensor<4x3xi16> -> tensor<4xf32>
  return
}

// -----

func.func @precision_on_bf16(%x: tensor<4xbf16>) {
  // expected-error@+1 {{'strata.reduce_precision' op needs f32 or f64 elements, got 'bf16'}}
  %0 = strata.reduce_precision %x exponent = 5 mantissa = 2 : tensor<4xbf16>
  return
}

// -----

func.func @precision_too_wide(%x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.reduce_precision' op asks for more exponent or mantissa bits than 'f32' has}}
  %0 = strata.reduce_precision %x exponent = 11 mantissa = 7 : tensor<4xf32>
  return
}

// -----

func.func @precision_zero_exponent(%x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.reduce_precision' op attribute 'exponent_bits' failed to satisfy constraint: 32-bit signless integer attribute whose value is positive}}
  %0 = strata.reduce_precision %x exponent = 0 mantissa = 7 : tensor<4xf32>
  return
}

// -----

func.func @sort_shapes(%x: tensor<4x8xf32>, %i: tensor<8xi32>) {
  // expected-error@+1 {{'strata.sort' op operand of type 'tensor<8xi32>' does not have the keys' shape [4, 8]}}
  %0:2 = strata.sort %x, %i dim = 1 : tensor<4x8xf32>, tensor<8xi32>
  return
}

// -----

func.func @sort_dimension(%x: tensor<4x8xf32>) {
  // expected-error@+1 {{'strata.sort' op dimension 2 is out of range for rank 2}}
  %0 = strata.sort %x dim = 2 : tensor<4x8xf32>
  return
}

// -----

func.func @rng_short_state(%s: tensor<1xui64>) {
  // expected-error@+1 {{'strata.rng_bit_generator' op needs a state of at least two ui64 words, got 'tensor<1xui64>'}}
  %state, %bits = strata.rng_bit_generator %s : tensor<1xui64> -> tensor<4xui32>
  return
}

// -----

func.func @rng_float_bits(%s: tensor<2xui64>) {
  // expected-error@+1 {{'strata.rng_bit_generator' op produces ui8, ui32 or ui64 bits, not 'f32'}}
  %state, %bits = strata.rng_bit_generator %s : tensor<2xui64> -> tensor<4xf32>
  return
}
