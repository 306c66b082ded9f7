namespace Patron.Pipeline;

public sealed partial class PipelineRunner
{
    /// <summary>The models stage alone, on a warehouse whose gold an earlier run's features stage built (the models
    /// benchmark of Patron.Bench): the cutoffs are planned from the warehouse as a run plans them, then the models stage
    /// runs and writes its files into the run folder; no other stage runs and run.json is not written. Next products
    /// are read from gold when the cross-sell stage left them there.</summary>
    /// <exception cref="InvalidOperationException">The warehouse lacks the gold the models stage reads.</exception>
    internal RunSummary RunModelsOnly()
    {
        var state = new RunState();
        var (_, goldPresent) = PlanCutoffs(state);
        if (!goldPresent)
        {
            throw new InvalidOperationException($"The warehouse {_options.WarehousePath} lacks the features of these tasks and cutoffs: run `patron run` on it first.");
        }

        state.CrossSellKey = "from the warehouse";
        Models(state);
        return Summary(state);
    }
}
