//===- StrataCollectiveOps.td - Collectives across devices --*- tablegen -*-===//
//
// Data-parallel and ZeRO-style training combine tensors across devices with
// these ops; the runtime executes them with NCCL.

#ifndef STRATA_COLLECTIVE_OPS_TD
#define STRATA_COLLECTIVE_OPS_TD

include "dialects/strata/StrataBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// Collectives synchronize devices, so they are never reordered or dropped.
class Strata_CollectiveOp<string mnemonic, list<Trait> traits = []>
    : Strata_Op<mnemonic, !listconcat(traits, [
        MemoryEffects<[MemRead, MemWrite]>,
        DeclareOpInterfaceMethods<Strata_CostOpInterface, ["getCost"]>])>;

def Strata_AllReduceOp : Strata_CollectiveOp<"all_reduce", [
    SameOperandsAndResultType]> {
  let summary = "Combine a tensor across devices; every device gets the result";
  let description = [{
    Every device of `communicator` contributes `operand`; every one receives
    the elementwise combination with `fn`.

    ```mlir
    %g = strata.all_reduce add %grad over <[0, 1, 2, 3]> : tensor<1024xf32>
    ```
  }];
  let arguments = (ins Strata_ReduceFn:$fn, Strata_Tensor:$operand,
                       Strata_CommunicatorAttr:$communicator);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = [{
    $fn $operand `over` $communicator attr-dict `:` type($result)
  }];  let hasVerifier = 1;
}

def Strata_ReduceScatterOp : Strata_CollectiveOp<"reduce_scatter"> {
  let summary = "Combine across devices; each device keeps one shard";
  let description = [{
    Combines `operand` across the devices of `communicator` with `fn` and
    splits the result into equal shards along `dimension`; the device of rank
    `i` in the communicator receives shard `i`. The operand's size along
    `dimension` must be divisible by the number of devices.

    ```mlir
    %s = strata.reduce_scatter add %grad dim = 0 over <[0, 1]>
         : tensor<1024xf32> -> tensor<512xf32>
    ```
  }];
  let arguments = (ins Strata_ReduceFn:$fn, Strata_Tensor:$operand,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$dimension,
                       Strata_CommunicatorAttr:$communicator);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = [{
    $fn $operand `dim` `=` $dimension `over` $communicator attr-dict `:`
    type($operand) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Strata_AllGatherOp : Strata_CollectiveOp<"all_gather"> {
  let summary = "Concatenate every device's shard on every device";
  let description = [{
    Each device of `communicator` contributes its shard; every device
    receives the shards concatenated along `dimension` in rank order.

    ```mlir
    %w = strata.all_gather %shard dim = 0 over <[0, 1]>
         : tensor<512xf32> -> tensor<1024xf32>
    ```
  }];
  let arguments = (ins Strata_Tensor:$operand,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$dimension,
                       Strata_CommunicatorAttr:$communicator);
  let results = (outs Strata_Tensor:$result);
  let assemblyFormat = [{
    $operand `dim` `=` $dimension `over` $communicator attr-dict `:`
    type($operand) `->` type($result)
  }];
  let hasVerifier = 1;
}

#endif // STRATA_COLLECTIVE_OPS_TD
