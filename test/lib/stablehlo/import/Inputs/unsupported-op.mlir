// A random bit generator: the importer does not convert it yet.
func.func @main(%s: tensor<2xui64>) -> tensor<4x4xui32> {
  %state, %bits = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<4x4xui32>)
  return %bits : tensor<4x4xui32>
}
