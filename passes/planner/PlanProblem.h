//===- PlanProblem.h - The memory planning problem and its plans ----------===//
//
// What the planner decides about, independent of MLIR: a schedule of steps
// with predicted times, the tensors those steps read and write, a budget of
// HBM bytes and the copy links. A plan says, for every tensor, where it is
// between the steps that need it: kept in HBM, or dropped and brought back
// by recomputing its producer or by prefetching a copy offloaded to host
// memory. Both the MIP and the heuristics produce plans in this one space,
// and `evaluate` prices any plan the same way for all of them.
//
// Memory accounting (the verifier checks the materialized program against
// the same rules): a tensor occupies HBM at each step where it is present
// (produced, read, or restored for a recomputation), at every step between
// two points it is kept across, and, when prefetched, from the step its
// copy starts until the step that reads it.

#ifndef STRATA_PASSES_PLANNER_PLANPROBLEM_H
#define STRATA_PASSES_PLANNER_PLANPROBLEM_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mlir::strata::planner {

struct Tensor {
  int64_t bytes = 0;
  /// The step that writes it; arguments exist before step 0 and say 0.
  int producer = 0;
  bool isArgument = false;
  /// Steps that read it, ascending and unique (the return counts).
  llvm::SmallVector<int> uses;
  /// Tensors the producer reads: what a recomputation needs present.
  llvm::SmallVector<int> inputs;
  /// Whether its producer may run again (pure, cheap to clone).
  bool recomputable = false;
  double recomputeSeconds = 0;
  int64_t recomputeFlops = 0;
  /// Whether it may leave HBM between its uses at all (large enough to
  /// matter, and not owned by the caller).
  bool mayEvict = false;
  bool mayOffload = false;
};

struct Problem {
  llvm::SmallVector<double> stepSeconds;
  /// Bytes that a step needs beyond its tensors (scratch of nested regions).
  llvm::SmallVector<int64_t> stepExtraBytes;
  llvm::SmallVector<Tensor> tensors;
  int64_t budget = 0;
  int64_t hostCapacity = 0;
  double h2dBytesPerSecond = 0;
  double d2hBytesPerSecond = 0;
  /// Both directions at once; 0 when the links are independent.
  double duplexBytesPerSecond = 0;
  /// Compute time each byte copied adds to the step however well the copy
  /// overlaps (LinkAttr's `slowdown`).
  double h2dSlowdownSecondsPerByte = 0;
  double d2hSlowdownSecondsPerByte = 0;
  /// How many producers deep a recomputation may reach back.
  unsigned maxRecomputeDepth = 6;
  /// Transfer contention is modeled per bucket of the schedule.
  unsigned numBuckets = 64;
  /// (tensor, step) pairs where a checkpointed segment's rebuild may
  /// recompute the tensor or read it, beyond the points the recompute
  /// depth yields (Checkpointing.h).
  std::vector<std::pair<int, int>> rebuildPoints;

  int numSteps() const { return static_cast<int>(stepSeconds.size()); }
};

/// Where a tensor must or may be present: its production, its uses, and the
/// steps at which a consumer's recomputation may need it.
struct Point {
  int step;
  /// A use or the production: present there in every plan.
  bool required;
  /// Recompute depth at which this point was requested (0 for uses).
  unsigned depth;
  bool mayRecompute = false;
  bool mayPrefetch = false;
  /// First step of the prefetch copy that lands before this point.
  int prefetchStart = 0;
  /// Copy time that even that window's compute cannot hide (the window is
  /// cut short by the tensor's previous point): the compute stream waits
  /// for it whatever else the links carry.
  double prefetchShortfall = 0;
};

/// Time the compute stream waits in a bucket with `computeSeconds` of work
/// while the links carry the given bytes.
double linkStall(const Problem &problem, double computeSeconds,
                 double h2dBytes, double d2hBytes);

/// Points of every tensor, sorted by step, and the steps derived from the
/// link bandwidths.
struct PointSet {
  llvm::SmallVector<llvm::SmallVector<Point>> points;
  /// Last step that an offload copy started after production still runs
  /// in; segments starting before it keep the tensor in HBM.
  llvm::SmallVector<int> offloadEnd;
  /// Predicted compute time of the steps before each step (numSteps + 1).
  llvm::SmallVector<double> secondsBefore;

  /// Time a prefetch of `bytes` started at `start` still needs when the
  /// compute reaches `arrival`.
  double prefetchShortfall(const Problem &problem, int64_t bytes, int start,
                           int arrival) const;
  /// Index of the point of `tensor` at `step`, or -1.
  int indexAt(int tensor, int step) const;
};

PointSet computePoints(const Problem &problem);

/// The schedule cut into buckets of about equal compute time; a copy's
/// link time is spread over the buckets its window covers in proportion to
/// their compute, and each bucket's copies must fit in its compute time or
/// stall the step.
class Buckets {
public:
  explicit Buckets(const Problem &problem);
  unsigned size() const { return computeSeconds.size(); }
  unsigned bucketOf(int step) const { return bucketOfStep[step]; }
  double compute(unsigned bucket) const { return computeSeconds[bucket]; }
  /// Calls `add(bucket, share)` for the buckets of steps [first, last],
  /// with shares summing to 1.
  void spread(int first, int last,
              llvm::function_ref<void(unsigned, double)> add) const;

private:
  const Problem &problem;
  llvm::SmallVector<unsigned> bucketOfStep;
  llvm::SmallVector<double> computeSeconds;
};

enum class Restore : uint8_t { None, Recompute, Prefetch };

struct TensorPlan {
  bool offload = false;
  /// Per point: present in HBM at that step.
  llvm::SmallVector<uint8_t> present;
  /// Per segment (between point k and k + 1): kept in HBM across it.
  llvm::SmallVector<uint8_t> kept;
  /// Per point: how it came back, if it was not kept into it.
  llvm::SmallVector<Restore> restore;
  /// Per point: the step a prefetch into it starts, or -1 for the point's
  /// latest start (`Point::prefetchStart`). Starting earlier holds the
  /// bytes longer but spreads the copy over more compute.
  llvm::SmallVector<int> prefetchFrom;

  int prefetchStart(const Point &point, size_t k) const {
    return k < prefetchFrom.size() && prefetchFrom[k] >= 0 ? prefetchFrom[k]
                                                          : point.prefetchStart;
  }
};

struct Plan {
  std::vector<TensorPlan> tensors;
};

/// The plan that keeps everything from production to last use.
Plan keepEverything(const Problem &problem, const PointSet &points);

/// Clears the offload of every tensor that no point prefetches: a copy
/// nothing reads back only loads the links (a plan may be left with one
/// where the links had room, so that it cost nothing in the model).
void dropUnusedOffloads(Plan &plan);

/// The sums of a plan's price that each tensor adds to.
struct PriceTotals {
  double recomputeSeconds = 0;
  int64_t recomputeFlops = 0;
  /// Copy time of prefetches whose windows are too short: the compute
  /// stream waits for it whatever else the links carry.
  double windowStallSeconds = 0;
  int64_t h2dBytes = 0;
  int64_t d2hBytes = 0;
  int64_t hostBytes = 0;
  int numRecomputes = 0;
  int numPrefetches = 0;

  PriceTotals &operator+=(const PriceTotals &other) {
    recomputeSeconds += other.recomputeSeconds;
    recomputeFlops += other.recomputeFlops;
    windowStallSeconds += other.windowStallSeconds;
    h2dBytes += other.h2dBytes;
    d2hBytes += other.d2hBytes;
    hostBytes += other.hostBytes;
    numRecomputes += other.numRecomputes;
    numPrefetches += other.numPrefetches;
    return *this;
  }
};

struct Evaluation : PriceTotals {
  bool consistent = true;
  std::string inconsistency;
  llvm::SmallVector<int64_t> liveBytes;
  int64_t peakBytes = 0;
  int peakStep = 0;
  double computeSeconds = 0;
  /// Time the copies add to the step: what the links cannot hide (their
  /// contention in each bucket, and the prefetches whose windows are too
  /// short, `windowStallSeconds`) and the compute they slow down
  /// (`Problem::*SlowdownSecondsPerByte`).
  double stallSeconds = 0;
  /// Bytes each link carries in each bucket (see Buckets).
  llvm::SmallVector<double> h2dBucketBytes;
  llvm::SmallVector<double> d2hBucketBytes;

  double stepSeconds() const {
    return computeSeconds + recomputeSeconds + stallSeconds;
  }
};

/// Prices `plan`: live HBM bytes at every step, predicted step time
/// (compute, recomputation, copy time the links cannot hide), and whether
/// the plan is consistent (every present point carried or restored, every
/// recomputation's inputs present).
Evaluation evaluate(const Problem &problem, const PointSet &points,
                    const Plan &plan);

/// A run of consecutive steps [first, last] where `tensor` occupies HBM.
struct LiveRun {
  int tensor;
  int first, last;
};

/// Every tensor's live runs under `plan`, maximal ones: each is one buffer
/// of the materialized program (a restore starts a new one).
llvm::SmallVector<LiveRun> liveRuns(const Problem &problem,
                                    const PointSet &points, const Plan &plan);

/// `evaluate` kept up to date while a plan changes a few tensors at a time,
/// as the greedy heuristics change it one decision after another: only the
/// tensors that changed, and the recomputations that read them, are priced
/// again. Its evaluation equals `evaluate`'s of the same plan, except that
/// the time sums may differ in their last bits (they add in another order).
class PlanEvaluator {
public:
  PlanEvaluator(const Problem &problem, const PointSet &points,
                const Plan &plan);
  /// Prices again the `tensors` whose plans differ in `plan` from the plan
  /// last seen; every other tensor's plan must be unchanged.
  void update(const Plan &plan, llvm::ArrayRef<int> tensors);
  const Evaluation &evaluation() const { return current; }

private:
  /// What one tensor's plan adds.
  struct TensorPrice {
    PriceTotals totals;
    /// Steps [first, last] where its bytes are live.
    llvm::SmallVector<std::pair<int, int>> ranges;
    /// Bytes each link carries for it, per bucket, in the order
    /// `evaluate` adds them (so that the sums are the same).
    llvm::SmallVector<std::pair<unsigned, double>> h2d, d2h;
    std::string inconsistency;
  };

  void price(const Plan &plan, int tensor);
  void addRanges(int tensor, int64_t sign);
  void finish();

  const Problem &problem;
  const PointSet &points;
  Buckets buckets;
  std::vector<TensorPrice> prices;
  /// Per tensor: the tensors whose recomputation reads it.
  std::vector<llvm::SmallVector<int>> readers;
  /// Live bytes as differences between consecutive steps.
  llvm::SmallVector<int64_t> delta;
  Evaluation current;
};

struct SolverReport {
  std::string status;
  double objective = 0;
  double bound = 0;
  double gap = 0;
  double seconds = 0;
  int numColumns = 0;
  int numRows = 0;
  int numNonzeros = 0;
};

struct MipOptions {
  double timeLimitSeconds = 30;
  double relativeGap = 0.01;
  /// Minimize the peak instead of the time (finds the smallest budget).
  bool minimizePeak = false;
  /// A plan to start from (a heuristic's), or null.
  const Plan *start = nullptr;
  /// When set, only these tensors' decisions are free; every other tensor
  /// keeps its decisions from `start` (a large-neighbourhood search step).
  const std::vector<bool> *freeTensors = nullptr;
};

/// Solves the planning MIP with CBC. Returns false when no plan within the
/// budget was found; `report` says why.
/// `evaluated`, when given, receives the plan's evaluation (a solution is
/// only returned when it is a consistent plan).
bool solveMip(const Problem &problem, const PointSet &points,
              const MipOptions &options, Plan &plan, SolverReport &report,
              Evaluation *evaluated = nullptr);

/// The greedy heuristics. Each returns false when it could not bring the
/// peak within the budget (the plan then holds its best attempt).
bool planGreedyOffload(const Problem &problem, const PointSet &points,
                       Plan &plan);
bool planGreedyRecompute(const Problem &problem, const PointSet &points,
                         Plan &plan);
/// `base`, when given, is the plan to start from instead of keeping
/// everything (a checkpointed plan that does not fit on its own).
bool planGreedyCombined(const Problem &problem, const PointSet &points,
                        Plan &plan, const Plan *base = nullptr);

} // namespace mlir::strata::planner

#endif // STRATA_PASSES_PLANNER_PLANPROBLEM_H
