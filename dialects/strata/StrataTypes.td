//===- StrataTypes.td - Types of the strata dialect ---------*- tablegen -*-===//

#ifndef STRATA_TYPES_TD
#define STRATA_TYPES_TD

include "mlir/IR/AttrTypeBase.td"
include "dialects/strata/StrataDialect.td"

class Strata_Type<string name, string typeMnemonic, list<Trait> traits = []>
    : TypeDef<Strata_Dialect, name, traits> {
  let mnemonic = typeMnemonic;
}

def Strata_TokenType : Strata_Type<"Token", "token"> {
  let summary = "Completion of asynchronous work";
  let description = [{
    Returned by ops that start work on a copy stream (`strata.offload`,
    `strata.prefetch`) and consumed by `strata.wait`, which orders the
    compute stream after that work. A runtime maps a token to an event.

    ```mlir
    %host, %done = strata.offload %x to <host> : tensor<4xf32>
    strata.wait %done
    ```
  }];
}

#endif // STRATA_TYPES_TD
