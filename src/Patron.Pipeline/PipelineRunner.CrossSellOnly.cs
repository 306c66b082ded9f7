namespace Patron.Pipeline;

public sealed partial class PipelineRunner
{
    /// <summary>The cross-sell stage alone, on the warehouse of an earlier run (the cross-sell-stage benchmark of
    /// Patron.Bench): the caller gives the run's two cutoffs, as the features stage would have handed them over. Mines
    /// and writes gold.association_rules and gold.next_products (use a copy of a shared warehouse), rules.parquet,
    /// next_products.csv and cross_sell.json; run.json is not written.</summary>
    internal RunSummary RunCrossSellOnly(DateOnly trainingCutoff, DateOnly scoringCutoff)
    {
        var state = new RunState { TrainingCutoff = trainingCutoff, ScoringCutoff = scoringCutoff, FeaturesKey = "from the run folder" };
        CrossSellStage(state);
        return Summary(state);
    }
}
