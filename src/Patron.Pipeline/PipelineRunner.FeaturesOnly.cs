namespace Patron.Pipeline;

public sealed partial class PipelineRunner
{
    /// <summary>The features stage alone, on a warehouse an earlier run ingested (the features-stage benchmark of
    /// Patron.Bench): the cutoffs are planned from the warehouse as a run plans them, then the features stage runs and
    /// writes gold and features.parquet; no other stage runs and run.json is not written.</summary>
    internal RunSummary RunFeaturesOnly()
    {
        var state = new RunState();
        Features(state);
        return Summary(state);
    }
}
