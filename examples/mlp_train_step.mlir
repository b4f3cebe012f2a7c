// A bundled example model: one SGD training step of a two-layer MLP
// (1024 -> 4096 -> 1024, ReLU, mean squared error, batch 256) written
// directly in the strata dialect: forward pass, backward pass and the
// parameter update. The parameters are donated, as a training loop donates
// them, so their old values die once the update has read them.
//
//   build/bin/strata-opt examples/mlp_train_step.mlir \
//       --strata-annotate-cost --strata-memory-profile

func.func @train_step(
    %w1: tensor<1024x4096xf32> {strata.donated}, %b1: tensor<4096xf32> {strata.donated},
    %w2: tensor<4096x1024xf32> {strata.donated}, %b2: tensor<1024xf32> {strata.donated},
    %x: tensor<256x1024xf32>, %y: tensor<256x1024xf32>)
    -> (tensor<1024x4096xf32>, tensor<4096xf32>, tensor<4096x1024xf32>,
        tensor<1024xf32>, tensor<f32>) {
  // Forward.
  %h = strata.dot %x, %w1, batching_dims = [] x [], contracting_dims = [1] x [0]
       : (tensor<256x1024xf32>, tensor<1024x4096xf32>) -> tensor<256x4096xf32>
  %b1b = strata.broadcast_in_dim %b1 dims = [1] : tensor<4096xf32> -> tensor<256x4096xf32>
  %hb = strata.binary add %h, %b1b : tensor<256x4096xf32>
  %zero0 = strata.constant dense<0.0> : tensor<f32>
  %zero = strata.broadcast_in_dim %zero0 dims = [] : tensor<f32> -> tensor<256x4096xf32>
  %a = strata.binary max %hb, %zero : tensor<256x4096xf32>
  %o = strata.dot %a, %w2, batching_dims = [] x [], contracting_dims = [1] x [0]
       : (tensor<256x4096xf32>, tensor<4096x1024xf32>) -> tensor<256x1024xf32>
  %b2b = strata.broadcast_in_dim %b2 dims = [1] : tensor<1024xf32> -> tensor<256x1024xf32>
  %ob = strata.binary add %o, %b2b : tensor<256x1024xf32>
  %d = strata.binary sub %ob, %y : tensor<256x1024xf32>
  %d2 = strata.binary mul %d, %d : tensor<256x1024xf32>
  %sum = strata.reduce add %d2 dims = [0, 1] : tensor<256x1024xf32> -> tensor<f32>
  %count = strata.constant dense<262144.0> : tensor<f32>
  %loss = strata.binary div %sum, %count : tensor<f32>

  // Backward: d loss / d o = 2 (o - y) / count.
  %scale0 = strata.constant dense<7.62939453125e-06> : tensor<f32>
  %scale = strata.broadcast_in_dim %scale0 dims = [] : tensor<f32> -> tensor<256x1024xf32>
  %go = strata.binary mul %d, %scale : tensor<256x1024xf32>
  %gw2 = strata.dot %a, %go, batching_dims = [] x [], contracting_dims = [0] x [0]
         : (tensor<256x4096xf32>, tensor<256x1024xf32>) -> tensor<4096x1024xf32>
  %gb2 = strata.reduce add %go dims = [0] : tensor<256x1024xf32> -> tensor<1024xf32>
  %ga = strata.dot %go, %w2, batching_dims = [] x [], contracting_dims = [1] x [1]
        : (tensor<256x1024xf32>, tensor<4096x1024xf32>) -> tensor<256x4096xf32>
  %active = strata.compare gt %hb, %zero : tensor<256x4096xf32>
  %gh = strata.select %active, %ga, %zero : tensor<256x4096xi1>, tensor<256x4096xf32>
  %gw1 = strata.dot %x, %gh, batching_dims = [] x [], contracting_dims = [0] x [0]
         : (tensor<256x1024xf32>, tensor<256x4096xf32>) -> tensor<1024x4096xf32>
  %gb1 = strata.reduce add %gh dims = [0] : tensor<256x4096xf32> -> tensor<4096xf32>

  // SGD update, learning rate 0.01.
  %lr = strata.constant dense<0.01> : tensor<f32>
  %lr1 = strata.broadcast_in_dim %lr dims = [] : tensor<f32> -> tensor<1024x4096xf32>
  %s1 = strata.binary mul %gw1, %lr1 : tensor<1024x4096xf32>
  %nw1 = strata.binary sub %w1, %s1 : tensor<1024x4096xf32>
  %lrb1 = strata.broadcast_in_dim %lr dims = [] : tensor<f32> -> tensor<4096xf32>
  %sb1 = strata.binary mul %gb1, %lrb1 : tensor<4096xf32>
  %nb1 = strata.binary sub %b1, %sb1 : tensor<4096xf32>
  %lr2 = strata.broadcast_in_dim %lr dims = [] : tensor<f32> -> tensor<4096x1024xf32>
  %s2 = strata.binary mul %gw2, %lr2 : tensor<4096x1024xf32>
  %nw2 = strata.binary sub %w2, %s2 : tensor<4096x1024xf32>
  %lrb2 = strata.broadcast_in_dim %lr dims = [] : tensor<f32> -> tensor<1024xf32>
  %sb2 = strata.binary mul %gb2, %lrb2 : tensor<1024xf32>
  %nb2 = strata.binary sub %b2, %sb2 : tensor<1024xf32>
  return %nw1, %nb1, %nw2, %nb2, %loss
      : tensor<1024x4096xf32>, tensor<4096xf32>, tensor<4096x1024xf32>,
        tensor<1024xf32>, tensor<f32>
}
