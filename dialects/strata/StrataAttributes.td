//===- StrataAttributes.td - Tiers, machines and costs ------*- tablegen -*-===//

#ifndef STRATA_ATTRIBUTES_TD
#define STRATA_ATTRIBUTES_TD

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "dialects/strata/StrataDialect.td"
include "dialects/strata/StrataEnums.td"

class Strata_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<Strata_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

def Strata_TierAttr : EnumAttr<Strata_Dialect, Strata_Tier, "tier"> {
  let summary = "A tier of the memory hierarchy";
  let description = [{
    Names where bytes live: `hbm` (the accelerator's own memory), `host`
    (pinned host DRAM reached over PCIe or a chip-to-chip link) or `nvme`
    (a file on local flash, staged through host memory).

    As the encoding of a tensor type it says that the tensor's value lives in
    that tier: `tensor<4096xf32, #strata.tier<host>>`. A tensor type with no
    encoding lives in HBM.

    ```mlir
    #strata.tier<host>
    ```
  }];
  let assemblyFormat = "`<` $value `>`";
}

def Strata_MemoryTierAttr : Strata_Attr<"MemoryTier", "memory_tier"> {
  let summary = "Capacity and bandwidth of one memory tier of a machine";
  let description = [{
    One tier of `#strata.machine`. `capacity` is in bytes; `bandwidth` is the
    tier's own copy bandwidth in bytes per second, counting bytes read plus
    bytes written (for HBM, what a large device-to-device copy reaches).

    ```mlir
    #strata.memory_tier<hbm, capacity = 85520809984, bandwidth = 2976000000000>
    ```
  }];
  let parameters = (ins "::mlir::strata::Tier":$tier, "int64_t":$capacity,
                        "int64_t":$bandwidth);
  let assemblyFormat = [{
    `<` $tier `,` `capacity` `=` $capacity `,` `bandwidth` `=` $bandwidth `>`
  }];
  let genVerifyDecl = 1;
}

def Strata_LinkAttr : Strata_Attr<"Link", "link"> {
  let summary = "A one-way copy path between two tiers";
  let description = [{
    Sustained bandwidth, in bytes per second, of copies from tier `from` to
    tier `to` on a dedicated copy stream (e.g. pinned host to device over
    PCIe). `duplex` is the combined bandwidth when this link and its reverse
    copy at the same time; 0 when unknown, in which case the two directions
    are taken to be independent. `slowdown` is the compute time, in
    nanoseconds, that each GiB copied over the link adds to the step even
    when the copy itself overlaps compute (the copy engines share the
    memory system with the kernels, and the compute stream synchronizes
    with the copy streams); 0 when not measured.

    ```mlir
    #strata.link<host -> hbm, bandwidth = 51100000000, duplex = 88700000000,
                 slowdown = 1900000>
    ```
  }];
  let parameters = (ins "::mlir::strata::Tier":$from, "::mlir::strata::Tier":$to,
                        "int64_t":$bandwidth,
                        DefaultValuedParameter<"int64_t", "0">:$duplex,
                        DefaultValuedParameter<"int64_t", "0">:$slowdown);
  let assemblyFormat = [{
    `<` $from `->` $to `,` `bandwidth` `=` $bandwidth
        (`,` `duplex` `=` $duplex^)? (`,` `slowdown` `=` $slowdown^)? `>`
  }];
  let genVerifyDecl = 1;
}

def Strata_ComputePeakAttr : Strata_Attr<"ComputePeak", "compute_peak"> {
  let summary = "Peak arithmetic rates for one element type";
  let description = [{
    Floating-point operations per second that the machine sustains for
    `element_type`: `matrix` on its matrix units (tensor cores; for f32 this is
    the rate of the TF32 mode that frameworks use for f32 products by default)
    and `vector` on its ordinary vector units. A rate of 0 means the machine
    has no such unit for this type; the cost model then uses the f32 rate.

    ```mlir
    #strata.compute_peak<bf16, matrix = 789000000000000, vector = 133800000000000>
    ```
  }];
  let parameters = (ins "::mlir::Type":$elementType, "int64_t":$matrix,
                        "int64_t":$vector);
  let assemblyFormat = [{
    `<` $elementType `,` `matrix` `=` $matrix `,` `vector` `=` $vector `>`
  }];
  let genVerifyDecl = 1;
}

def Strata_MachineAttr : Strata_Attr<"Machine", "machine"> {
  let summary = "The machine a plan targets: tiers, links, compute, launch cost";
  let description = [{
    Everything the cost model and the planner know about the hardware:

    * `tiers`: capacity and bandwidth of each memory tier (one per tier kind);
    * `links`: copy paths between tiers and their bandwidths;
    * `compute`: peak rates per element type;
    * `launch_overhead_ns`: fixed cost of one kernel or library launch;
    * `devices`: accelerators per node taking part in one step.

    It is data, normally read from a JSON profile (`machines/*.json`, see
    `strata/Machine/MachineProfile.h`) and attached to a module as the
    `strata.machine` attribute.

    ```mlir
    #strata.machine<name = "tiny", devices = 1, launch_overhead_ns = 4000,
      tiers = [#strata.memory_tier<hbm, capacity = 1024, bandwidth = 1000000000>],
      links = [], compute = []>
    ```
  }];
  let parameters = (ins
    "::mlir::StringAttr":$name,
    "int64_t":$devices,
    "int64_t":$launchOverheadNs,
    ArrayRefParameter<"::mlir::strata::MemoryTierAttr">:$tiers,
    ArrayRefParameter<"::mlir::strata::LinkAttr">:$links,
    ArrayRefParameter<"::mlir::strata::ComputePeakAttr">:$compute);
  let assemblyFormat = [{
    `<` `name` `=` $name `,` `devices` `=` $devices `,`
        `launch_overhead_ns` `=` $launchOverheadNs `,`
        `tiers` `=` custom<BracketList>($tiers) `,`
        `links` `=` custom<BracketList>($links) `,`
        `compute` `=` custom<BracketList>($compute) `>`
  }];
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The tier of the given kind, or null when the machine has none.
    ::mlir::strata::MemoryTierAttr getTier(::mlir::strata::Tier kind) const;
    /// The link from one tier to another, or null when there is none.
    ::mlir::strata::LinkAttr getLink(::mlir::strata::Tier from,
                                     ::mlir::strata::Tier to) const;
    /// The peak rates for an element type, or null when none is listed.
    ::mlir::strata::ComputePeakAttr getPeak(::mlir::Type elementType) const;
  }];
}

def Strata_CostAttr : Strata_Attr<"Cost", "cost"> {
  let summary = "Predicted cost of one op on a machine";
  let description = [{
    What `--strata-annotate-cost` attaches to an op as `strata.cost`: the
    op's floating-point operations and the bytes it reads and writes (from the
    cost interface, i.e. from shapes and element types alone) and the time the
    cost model predicts for it on the module's machine, in nanoseconds.

    ```mlir
    #strata.cost<flops = 2048, bytes_read = 8192, bytes_written = 4096, time_ns = 4002>
    ```
  }];
  let parameters = (ins "int64_t":$flops, "int64_t":$bytesRead,
                        "int64_t":$bytesWritten, "int64_t":$timeNs);
  let assemblyFormat = [{
    `<` `flops` `=` $flops `,` `bytes_read` `=` $bytesRead `,`
        `bytes_written` `=` $bytesWritten `,` `time_ns` `=` $timeNs `>`
  }];  let genVerifyDecl = 1;
}

def Strata_CommunicatorAttr : Strata_Attr<"Communicator", "communicator"> {
  let summary = "The devices taking part in a collective";
  let description = [{
    The ordered list of device ranks that form one communicator. A collective
    over it combines one tensor from each listed device.

    ```mlir
    #strata.communicator<[0, 1, 2, 3]>
    ```
  }];
  let parameters = (ins ArrayRefParameter<"int64_t">:$devices);
  let assemblyFormat = "`<` custom<BracketList>($devices) `>`";
  let genVerifyDecl = 1;
}

#endif // STRATA_ATTRIBUTES_TD
